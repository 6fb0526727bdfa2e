"""Coordinates in every form a store holds them.

* geo objects ``{"lat": .., "lon": ..}`` (Elasticsearch ``geo_point``);
* ``"lat,lon"`` strings, WKT ``POINT(x y)``, degrees-minutes-seconds text;
* 2-number vectors ``[lon, lat]`` (GeoJSON order) or ``[lat, lon]`` in range;
* geohash strings (base-32; only with a name signal);
* one coordinate component per field (a float in range with several decimals):
  weak alone; the classifier pairs latitude/longitude siblings.

GeoJSON ``{"type": "Point", "coordinates": [..]}`` flattens to a vector at
``*.coordinates`` beside ``*.type == "Point"``; the classifier adds that
sibling evidence.
"""

from __future__ import annotations

import math
import re
from typing import Any

from leakwarden.detect.base import RegexDetector, ValueDetector, as_text
from leakwarden.detect.values._prefiltered import PrefilteredDetector

COORD = "location.coordinates"


def _num(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        f = float(x)
    elif isinstance(x, str) and len(x) < 40:
        try:
            f = float(x)
        except ValueError:
            return None
    else:
        return None
    return f if math.isfinite(f) else None


def in_range(lat: float, lon: float) -> bool:
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0 and not (lat == 0.0 and lon == 0.0)


class GeoObjectDetector(PrefilteredDetector):
    id = "geo.object"
    category = COORD
    description = "geo object {lat, lon} (geo_point)"
    types = frozenset({"geo"})
    strength = 6.0
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, dict) and "lat" in value and "lon" in value

    def _checked(self, value: Any) -> bool:
        lat, lon = _num(value.get("lat")), _num(value.get("lon"))
        return lat is not None and lon is not None and in_range(lat, lon)


_LATLON_TEXT = re.compile(r"\s*\(?\s*(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*\)?\s*")


class LatLonTextDetector(PrefilteredDetector):
    id = "geo.latlon_text"
    category = COORD
    description = '"lat,lon" text with decimal degrees in range'
    types = frozenset({"str"})
    strength = 5.0
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 5 <= len(value) <= 64 and ("," in value or " " in value or ";" in value)

    def _checked(self, value: Any) -> bool:
        m = _LATLON_TEXT.fullmatch(value)
        if m is None:
            return False
        a, b = m.group(1), m.group(2)
        if "." not in a or "." not in b:
            return False  # "12, 34" is not a coordinate
        if len(a.split(".")[1]) < 2 or len(b.split(".")[1]) < 2:
            return False
        fa, fb = float(a), float(b)
        return in_range(fa, fb) or in_range(fb, fa)


_WKT = re.compile(r"\s*POINT\s*(?:Z|M|ZM)?\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)(?:\s+-?\d+(?:\.\d+)?){0,2}\s*\)\s*", re.I)


class WktPointDetector(PrefilteredDetector):
    id = "geo.wkt"
    category = COORD
    description = "WKT POINT(x y)"
    types = frozenset({"str"})
    strength = 6.0
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 10 <= len(value) <= 120 and "(" in value

    def _checked(self, value: Any) -> bool:
        m = _WKT.fullmatch(value)
        if m is None:
            return False
        x, y = float(m.group(1)), float(m.group(2))
        return in_range(y, x)


_DMS = re.compile(
    r"\s*(\d{1,3})\s*[°º]\s*(\d{1,2})\s*['′]\s*(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|'')?\s*([NSns北南])?"
    r"[\s,;]+(\d{1,3})\s*[°º]\s*(\d{1,2})\s*['′]\s*(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|'')?\s*([EWew东西])?\s*"
)


class DmsDetector(PrefilteredDetector):
    id = "geo.dms"
    category = COORD
    description = "degrees-minutes-seconds pair (39°54'27\"N 116°23'17\"E)"
    types = frozenset({"str"})
    strength = 6.0
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 8 <= len(value) <= 80 and ("°" in value or "º" in value)

    def _checked(self, value: Any) -> bool:
        m = _DMS.fullmatch(value)
        return m is not None and int(m.group(1)) <= 90 and int(m.group(5)) <= 180


def _decimals(f: float) -> int:
    s = repr(f)
    if "e" in s or "." not in s:
        return 0
    return len(s.split(".")[1].rstrip("0"))


class PairVectorDetector(PrefilteredDetector):
    id = "geo.vector_pair"
    category = COORD
    description = "2-number vector [lon, lat] or [lat, lon] in range, with fractional degrees"
    types = frozenset({"vector"})
    strength = 3.5
    chance = 0.05

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, list) and len(value) in (2, 3)

    def _checked(self, value: Any) -> bool:
        a, b = _num(value[0]), _num(value[1])
        if a is None or b is None or isinstance(value[0], bool) or isinstance(value[1], bool):
            return False
        if not (in_range(b, a) or in_range(a, b)):
            return False
        # bounding-box corners and sizes are integers; scores are within [0, 1]
        if max(abs(a), abs(b)) <= 1.0:
            return False
        return _decimals(a) >= 3 and _decimals(b) >= 3


_GEOHASH = re.compile(r"[0-9bcdefghjkmnpqrstuvwxyz]{5,12}")


class GeohashDetector(RegexDetector):
    id = "geo.geohash"
    category = COORD
    description = "geohash (base-32, 5-12 characters; needs a name signal)"
    types = frozenset({"str"})
    strength = 2.0
    chance = 0.3
    standalone = False
    min_len = 5
    max_len = 12
    pattern = _GEOHASH

    def validate(self, text: str) -> bool:
        return not (text.isascii() and text.isdigit()) and not text.isalpha()


class CoordinateComponentDetector(PrefilteredDetector):
    """One latitude or longitude in a field of its own: weak alone."""

    id = "geo.component"
    category = COORD
    description = "a single latitude or longitude (decimal degrees with >= 3 decimals; needs a name or a paired sibling)"
    types = frozenset({"float", "str"})
    strength = 1.0
    chance = 0.3
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return (isinstance(value, float) or (isinstance(value, str) and len(value) < 24)) and not isinstance(value, bool)

    def _checked(self, value: Any) -> bool:
        f = _num(value)
        if f is None or not (-180.0 <= f <= 180.0) or f == 0.0:
            return False
        if isinstance(value, str):
            t = value.strip()
            return "." in t and len(t.split(".")[1]) >= 3
        return _decimals(f) >= 3


DETECTORS: list[ValueDetector] = [
    GeoObjectDetector(),
    LatLonTextDetector(),
    WktPointDetector(),
    DmsDetector(),
    PairVectorDetector(),
    GeohashDetector(),
    CoordinateComponentDetector(),
]


def component_value(value: Any) -> float | None:
    """The float of a coordinate component value, for pairing."""
    t = value if isinstance(value, (int, float)) and not isinstance(value, bool) else as_text(value, 24)
    return _num(t)
