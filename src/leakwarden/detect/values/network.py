"""Network and device identifiers: IP addresses, MAC addresses, IMEI, IMSI, ICCID."""

from __future__ import annotations

import ipaddress
import re
from importlib import resources
from typing import Any

from leakwarden.detect.base import RegexDetector, ValueDetector, as_text
from leakwarden.detect.values._prefiltered import PrefilteredDetector

IP = "network.ip"
MAC = "device.mac"
MOBILE = "device.imsi_imei"


class IPv4Detector(RegexDetector):
    id = "net.ipv4"
    category = IP
    description = "IPv4 address, dotted quad (optional :port or /prefix)"
    types = frozenset({"str"})
    strength = 4.5
    chance = 0.0
    min_len = 7
    max_len = 21
    pattern = re.compile(r"((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?::\d{1,5}|/\d{1,2})?")

    def validate(self, text: str) -> bool:
        # version strings such as 1.0.0.0 / 2.3.1.0 are not addresses
        head = text.split(":")[0].split("/")[0]
        parts = head.split(".")
        return not (parts[0] in ("0",) or (int(parts[0]) < 10 and parts[-1] == "0" and parts[-2] == "0"))


class IPv6Detector(PrefilteredDetector):
    id = "net.ipv6"
    category = IP
    description = "IPv6 address (validated by ipaddress)"
    types = frozenset({"str"})
    strength = 5.0
    chance = 0.0
    _chars = re.compile(r"\[?[0-9A-Fa-f:.]{2,45}(?:%\w+)?\]?")

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 2 <= len(value) <= 50 and value.count(":") >= 2

    def _checked(self, value: Any) -> bool:
        t = value.strip().strip("[]")
        if self._chars.fullmatch(t) is None or t.count(":") > 7:
            return False
        if len(t.split(":")) == 6 and "::" not in t:
            return False  # that is a MAC address
        try:
            ipaddress.IPv6Address(t.split("%")[0])
        except ValueError:
            return False
        return True


_HEX = "0-9A-Fa-f"


class MacDetector(RegexDetector):
    id = "mac.address"
    category = MAC
    description = "MAC address: aa:bb:cc:dd:ee:ff, AA-BB-.., aabb.ccdd.eeff"
    types = frozenset({"str"})
    strength = 5.0
    chance = 0.0
    min_len = 14
    max_len = 17
    pattern = re.compile(
        rf"[{_HEX}]{{2}}(?P<s>[:\-])[{_HEX}]{{2}}(?:(?P=s)[{_HEX}]{{2}}){{4}}"
        rf"|[{_HEX}]{{4}}\.[{_HEX}]{{4}}\.[{_HEX}]{{4}}"
    )

    def validate(self, text: str) -> bool:
        h = re.sub(r"[:\-.]", "", text)
        return len(set(h.lower())) > 1  # 00:00:00:00:00:00 / ff:ff.. are placeholders


class BareMacDetector(RegexDetector):
    id = "mac.bare"
    category = MAC
    description = "MAC address as 12 bare hex digits (needs a name signal)"
    types = frozenset({"str"})
    strength = 1.5
    chance = 0.5
    standalone = False
    min_len = 12
    max_len = 12
    pattern = re.compile(rf"[{_HEX}]{{12}}")

    def validate(self, text: str) -> bool:
        return not (text.isascii() and text.isdigit()) and len(set(text.lower())) > 2


def _luhn_ok(digits: str) -> bool:
    total = 0
    parity = len(digits) % 2
    for i, ch in enumerate(digits):
        d = ord(ch) - 48
        if i % 2 == parity:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# GSMA reporting-body identifiers: the first two digits of a TAC
_TAC_RBI = frozenset({"01", "10", "30", "31", "33", "35", "44", "45", "49", "50", "51", "52", "53", "54", "86", "91", "98", "99"})


class ImeiDetector(RegexDetector):
    id = "mobile.imei"
    category = MOBILE
    description = "IMEI (15 digits, Luhn, plausible TAC reporting body); IMEISV (16 digits) with a TAC"
    chance = None
    strength = 5.0
    compact_first = True
    min_len = 15
    max_len = 16
    pattern = re.compile(r"\d{15,16}")

    def validate(self, text: str) -> bool:
        if text[:2] not in _TAC_RBI:
            return False
        if len(text) == 15:
            return _luhn_ok(text)
        return text[:2] in ("35", "86", "01")  # IMEISV: no check digit


def _load_mcc() -> frozenset[str]:
    try:
        text = resources.files("leakwarden.detect").joinpath("data/mcc.txt").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    out = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line.split()[0])
    return frozenset(out)


MCC = _load_mcc()
# Chinese operators' MNCs (460-xx): the demo's and a large share of leaked stores' IMSIs
_CN_MNC = frozenset({"00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "11", "15", "20"})


class ImsiDetector(RegexDetector):
    id = "mobile.imsi"
    category = MOBILE
    description = "IMSI (15 digits: MCC from the ITU list + MNC + MSIN)"
    chance = None
    strength = 4.0
    min_len = 14
    max_len = 15
    pattern = re.compile(r"\d{14,15}")

    def validate(self, text: str) -> bool:
        if text[:3] not in MCC:
            return False
        if text[:3] == "460":
            return text[3:5] in _CN_MNC
        return True


class IccidDetector(RegexDetector):
    id = "mobile.iccid"
    category = MOBILE
    description = "ICCID (SIM serial: 89 + 17-20 digits, Luhn)"
    chance = None
    strength = 5.0
    compact_first = True
    min_len = 19
    max_len = 22
    pattern = re.compile(r"89\d{17,19}[Ff]?")

    def validate(self, text: str) -> bool:
        t = text.rstrip("Ff")
        return len(t) in (19, 20) and (_luhn_ok(t) or len(t) == 20)


class MeidDetector(RegexDetector):
    id = "mobile.meid"
    category = MOBILE
    description = "MEID (14 hex digits, CDMA devices; starts A0-FF)"
    types = frozenset({"str"})
    chance = 0.2
    strength = 2.0
    standalone = False
    min_len = 14
    max_len = 14
    pattern = re.compile(r"[A-Fa-f][0-9A-Fa-f]{13}")


DETECTORS: list[ValueDetector] = [
    IPv4Detector(),
    IPv6Detector(),
    MacDetector(),
    BareMacDetector(),
    ImeiDetector(),
    ImsiDetector(),
    IccidDetector(),
    MeidDetector(),
]


def as_digits(value: Any) -> str | None:
    t = as_text(value, 40)
    return t if t is not None and (t.isascii() and t.isdigit()) else None
