"""Places: when are two sightings of a person at distinct places.

A sighting with coordinates is at a *distinct place* when it lies more than
:data:`RADIUS_M` = 100 m from the person's first sighting with coordinates
(equirectangular distance, exact to well under a metre at that range;
coordinates are kept to 1e-5 degree, about 1.1 m).  GPS jitter and a
camera's own position drift stay far below that radius; two cameras at the
two ends of one street crossing are the same place, two on different blocks
are not.

Named places (camera sites, streets, venues, districts) are distinct when
their normalised text differs (case, punctuation and spacing ignored).  A
coordinate and a name are never compared with each other.
"""

from __future__ import annotations

import math
import re
import zlib
from typing import Any

RADIUS_M = 100.0
#: metres per degree of latitude (mean Earth radius 6,371,008.8 m)
METRES_PER_DEGREE = 111_195.0
#: coordinates are kept as integer multiples of QUANT degree
QUANT = 1e-5
LAT_BITS = 25
LON_BITS = 26

#: words of a field that places a *device* in a mobile network (its serving cell
#: or tower): such a place locates the handset whose identifiers the record
#: carries (a CDR's calling party), not every party the record names
NETWORK_CELL_WORDS = frozenset({
    "cell", "cellid", "cells", "cgi", "ecgi", "ncgi", "lac", "tac", "bts", "enb", "enodeb", "gnb", "nodeb",
    "sector", "tower", "celltower", "mast", "antenna", "antena", "antenne", "celda", "cellule", "celula",
    "cella", "erb", "funkzelle", "funkmast", "sendemast", "jizhan", "zhandian",
})
NETWORK_CELL_TEXT = ("基站", "蜂窝", "базов", "сота", "соты", "вишка", "baz istasyonu")

_GEOHASH = "0123456789bcdefghjkmnpqrstuvwxyz"
_GEOHASH_INDEX = {c: i for i, c in enumerate(_GEOHASH)}
_PAIR = re.compile(r"^\s*\(?\s*(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*\)?\s*$")
_WKT = re.compile(r"^\s*POINT\s*\(\s*(-?\d{1,3}(?:\.\d+)?)\s+(-?\d{1,3}(?:\.\d+)?)\s*\)\s*$", re.I)
_PUNCT = re.compile(r"[^\w\s]+")


def to_number(v: Any) -> float | None:
    if type(v) is float:  # the common case first
        return v if math.isfinite(v) else None
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        try:
            f = float(v)
        except OverflowError:  # an integer beyond any float: no coordinate
            return None
    elif isinstance(v, str):
        try:
            f = float(v.strip())
        except ValueError:
            return None
    else:
        return None
    return f if math.isfinite(f) else None


def valid_point(lat: float, lon: float) -> tuple[float, float] | None:
    if -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0 and not (lat == 0.0 and lon == 0.0):
        return lat, lon
    return None


def parse_point(v: Any) -> tuple[float, float] | None:
    """``(lat, lon)`` from any one-value form of a coordinate, else None.

    Forms: ``{"lat", "lon"}`` objects; ``[lon, lat]`` arrays (Elasticsearch
    and GeoJSON order; read as ``[lat, lon]`` only when the second value lies
    outside +-90); ``"lat,lon"`` text (Elasticsearch order; swapped when the
    first lies outside +-90); ``POINT (lon lat)``; geohashes of 5-12
    characters.
    """
    if isinstance(v, dict):
        lat, lon = to_number(v.get("lat")), to_number(v.get("lon", v.get("lng")))
        if lat is None or lon is None:
            return None
        return valid_point(lat, lon)
    if isinstance(v, list):
        if len(v) not in (2, 3):
            return None
        a, b = to_number(v[0]), to_number(v[1])
        if a is None or b is None:
            return None
        if abs(b) > 90.0 >= abs(a):
            return valid_point(a, b)
        return valid_point(b, a)
    if isinstance(v, str):
        m = _WKT.match(v)
        if m:
            return valid_point(float(m.group(2)), float(m.group(1)))
        m = _PAIR.match(v)
        if m:
            a, b = float(m.group(1)), float(m.group(2))
            if abs(a) > 90.0 >= abs(b):
                return valid_point(b, a)
            return valid_point(a, b)
        s = v.strip().lower()
        if 5 <= len(s) <= 12 and all(c in _GEOHASH_INDEX for c in s) and not s.isdigit():
            return decode_geohash(s)
    return None


def decode_geohash(gh: str) -> tuple[float, float] | None:
    lat_lo, lat_hi, lon_lo, lon_hi = -90.0, 90.0, -180.0, 180.0
    even = True
    for c in gh:
        idx = _GEOHASH_INDEX.get(c)
        if idx is None:
            return None
        for shift in range(4, -1, -1):
            bit = (idx >> shift) & 1
            if even:
                mid = (lon_lo + lon_hi) / 2
                lon_lo, lon_hi = (mid, lon_hi) if bit else (lon_lo, mid)
            else:
                mid = (lat_lo + lat_hi) / 2
                lat_lo, lat_hi = (mid, lat_hi) if bit else (lat_lo, mid)
            even = not even
    return valid_point((lat_lo + lat_hi) / 2, (lon_lo + lon_hi) / 2)


def point_key(lat: float, lon: float) -> int:
    """A point packed in :data:`LAT_BITS` + :data:`LON_BITS` bits (1e-5 degree steps)."""
    return (round((lat + 90.0) / QUANT) << LON_BITS) | round((lon + 180.0) / QUANT)


def distance_m(a: int, b: int) -> float:
    """Equirectangular distance in metres between two packed points."""
    mask = (1 << LON_BITS) - 1
    lat_a, lat_b = (a >> LON_BITS) * QUANT - 90.0, (b >> LON_BITS) * QUANT - 90.0
    dlon = abs((a & mask) - (b & mask)) * QUANT
    if dlon > 180.0:
        dlon = 360.0 - dlon
    x = dlon * math.cos(math.radians((lat_a + lat_b) / 2))
    y = lat_a - lat_b
    return METRES_PER_DEGREE * math.hypot(x, y)


def points_distinct(a: int, b: int) -> bool:
    return a != b and distance_m(a, b) > RADIUS_M


def norm_place(v: Any) -> str | None:
    if v is None or isinstance(v, (bool, dict, list)):
        return None
    s = " ".join(_PUNCT.sub(" ", str(v).casefold()).split())
    return s or None


def place_id(v: Any) -> int | None:
    """A 24-bit id of a named place (within one scan; collisions only hide a movement)."""
    s = norm_place(v)
    if s is None:
        return None
    return (zlib.crc32(s.encode("utf-8", "surrogatepass")) & 0xFFFFFF) + 1


_LAT_HINTS = ("lat", "wd", "weidu", "纬", "breite", "latitude")
_LON_HINTS = ("lon", "lng", "jd", "jingdu", "经", "länge", "laenge", "longitude")


def axis_hint(path: str) -> str | None:
    """``"lat"``/``"lon"`` from a field name, for coordinates kept in two fields."""
    leaf = path.rpartition(".")[2].casefold()
    if any(h in leaf for h in _LON_HINTS):
        return "lon"
    if any(h in leaf for h in _LAT_HINTS):
        return "lat"
    if leaf in ("y",):
        return "lat"
    if leaf in ("x",):
        return "lon"
    return None


def locates_device(path: str) -> bool:
    """Whether a location field is a mobile-network cell or tower (see NETWORK_CELL_WORDS)."""
    from leakwarden.detect.lexicon import segment_info

    low = path.lower()
    if any(t in low for t in NETWORK_CELL_TEXT):
        return True
    return any(tok in NETWORK_CELL_WORDS for seg in path.split(".") for tok in segment_info(seg).tokens)
