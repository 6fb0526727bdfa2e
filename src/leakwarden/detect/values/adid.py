"""Mobile advertising identifiers: Apple IDFA, Google GAID/AAID, Huawei OAID.

They are resettable but persistent per device and shared across apps and ad
exchanges, so the taxonomy counts them with IMSI/IMEI ("similar mobile
identifiers").  The value is a plain UUID, so it says nothing without a name
that calls the field an advertising id (``ifa``, ``idfa``, ``gaid``, ``adId``).
"""

from __future__ import annotations

import re
from typing import Any

from leakwarden.detect.base import ValueDetector

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ZERO = "00000000-0000-0000-0000-000000000000"  # limit-ad-tracking placeholder


class AdvertisingIdDetector(ValueDetector):
    id = "mobile.ad_id"
    category = "device.imsi_imei"
    description = "mobile advertising id (IDFA/GAID/AAID/OAID: a UUID); only in a field named for an advertising id"
    types = frozenset({"str"})
    strength = 3.0
    chance = 0.0
    standalone = False
    needs_concept = "device.imsi_imei"
    needs_weight = 2.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and len(value) == 36

    def match(self, value: Any) -> bool:
        return isinstance(value, str) and value != _ZERO and _UUID.fullmatch(value) is not None


DETECTORS: list[ValueDetector] = [AdvertisingIdDetector()]
