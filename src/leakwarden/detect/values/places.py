"""Addresses and named places.

Street addresses in several languages (house number + street word: Street,
Road, Str./straße, Rue, Calle, Via, straat, Rua, улица; Chinese 省/市/区/路/
街/号/弄 ...), postcodes (only with a name signal), and place names (camera
sites, venues, districts: text with place words; only with a name signal).
"""

from __future__ import annotations

import re
from typing import Any

from leakwarden.detect.base import ValueDetector
from leakwarden.detect.values._prefiltered import PrefilteredDetector
from leakwarden.detect.lexicon import has_cjk

ADDRESS = "person.address"
PLACE = "location.place"

_CN_ADMIN = re.compile(r"(?:省|自治区|市|区|县|旗|镇|乡|街道|村|社区)")
_CN_STREET = re.compile(r"(?:路|街|道|巷|弄|胡同|里|大街|大道)")
_CN_NUMBER = re.compile(r"(?:\d+|[一二三四五六七八九十百]+)\s*(?:号|弄|栋|幢|座|单元|室|楼|层|组)")

_STREET_WORDS = (
    r"street|st|road|rd|avenue|ave|av|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|square|sq|terrace|parkway|pkwy|highway|hwy|close|crescent|cres|row|walk|circle|cir|trail|alley"
)
_LATIN_ADDRESS = [
    re.compile(rf"\d{{1,5}}[a-z]?(?:-\d{{1,5}})?,?\s+(?:[\w'’.\-]+\s+){{0,5}}(?:{_STREET_WORDS})\b\.?(?:.*)?", re.I),
    re.compile(r"[\wäöüß.\-]+(?:straße|strasse|str\.|weg|platz|gasse|allee|ring|damm|ufer|chaussee|steig|pfad)\s*\d{1,4}\s?[a-z]?\b.*", re.I),
    re.compile(r"(?:[\wäöüß\-]+\s)+(?:straße|strasse|str\.|weg|platz|gasse|allee|ring)\s*\d{1,4}\s?[a-z]?\b.*", re.I),
    re.compile(r"\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|allee|impasse|quai|route|cours|square|passage)\s+.+", re.I),
    re.compile(r"(?:calle|c/|avenida|avda\.?|av\.|plaza|paseo|camino|carrera|carretera|ronda|travesía|rua|travessa|praça|largo|estrada|alameda|via|viale|piazza|corso|vicolo|strada)\s+[^\d]{2,60}?,?\s*(?:n[º°o.]?\s*)?\d{1,5}.*", re.I),
    re.compile(r"[\w\-]+(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|dreef|hof)\s+\d{1,5}\s?[a-z]?\b.*", re.I),
]
# The patterns above as one alternation: a text fully matches it exactly when it
# fully matches one of them (fullmatch backtracks into each alternative in turn;
# none has atomic groups or possessive quantifiers, all share re.I); one call
# instead of up to six
_LATIN_ANY = re.compile("|".join(f"(?:{rx.pattern})" for rx in _LATIN_ADDRESS), re.I)
# Russian: every street word holds Cyrillic letters (no ASCII letter folds to one),
# so ASCII text is spared this pattern, the slowest of all (a leading .*)
_RU_ADDRESS = re.compile(r".*(?:ул\.|улица|пр\.|проспект|пер\.|переулок|шоссе|бульвар|наб\.|набережная)\s*.+(?:д\.|дом)?\s*\d+.*", re.I)
# ... and text with no Cyrillic letter at all: every character that matches a
# letter of those words, case ignored, lies in these blocks (Cyrillic and
# Cyrillic Supplement, Cyrillic Extended-C: the old forms of в д о с т ъ ѣ)
_CYRILLIC = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f]")


def is_address(text: str) -> bool:
    t = text.strip()
    if not (6 <= len(t) <= 300):
        return False
    if has_cjk(t):
        admin = len(_CN_ADMIN.findall(t))
        street = _CN_STREET.search(t) is not None
        number = _CN_NUMBER.search(t) is not None
        return (street and number) or (admin >= 2 and (street or number)) or (admin >= 3)
    if not any(map(str.isdigit, t)):
        return False
    if _LATIN_ANY.fullmatch(t) is not None:
        return True
    return not t.isascii() and _CYRILLIC.search(t) is not None and _RU_ADDRESS.fullmatch(t) is not None


class StreetAddressDetector(PrefilteredDetector):
    id = "address.street"
    category = ADDRESS
    description = "street address (house number + street word in EN/DE/FR/ES/IT/NL/PT/RU; 省/市/区/路/街/号/弄 in Chinese)"
    types = frozenset({"str"})
    strength = 4.0
    chance = 0.0
    coverage = 0.6

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 6 <= len(value) <= 300

    def _checked(self, value: Any) -> bool:
        return is_address(value)


_POSTCODE = re.compile(
    r"\d{5}(?:-\d{4})?"                      # US ZIP, DE/FR/ES/IT 5 digits
    r"|\d{6}"                                # CN, IN, RU
    r"|\d{4}\s?[A-Z]{2}"                     # NL
    r"|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"    # UK
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d"             # CA
    r"|\d{4}"                                # AT/CH/BE/DK/AU ...
    r"|\d{3}-\d{4}"                          # JP
    r"|\d{5}-\d{3}",                         # BR CEP
    re.I,
)


class PostcodeDetector(ValueDetector):
    id = "address.postcode"
    category = ADDRESS
    description = "postcode of common countries; only with an address/postcode name signal"
    types = frozenset({"str", "int"})
    strength = 2.0
    chance = 0.5
    standalone = False
    needs_concept = ADDRESS

    def match(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return 1000 <= value <= 999999
        return isinstance(value, str) and 4 <= len(value) <= 10 and _POSTCODE.fullmatch(value.strip()) is not None


_PLACE_CJK = re.compile(r"(?:路|街|道|巷|口|门|站|广场|公园|大厦|大楼|中心|小区|村|镇|乡|区|县|市|省|桥|路口|交叉口|卡口|医院|学校|大学|商场|市场|超市|机场|车站|地铁|出口|入口|东|西|南|北|号|楼|园|场|馆|所|店|厅|苑|湖|山|河|江|港|湾|酒店|宾馆|网吧|派出所|监控|点位)")
_PLACE_LATIN = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|station|square|park|plaza|gate|bridge|market|mall|airport|center|centre|entrance|exit|crossing|junction|intersection|corner|north|south|east|west|"
    r"lobby|hall|building|tower|campus|terminal|platform|parking|garage|hotel|hospital|school|university|library|church|museum|stadium|cafe|restaurant|shop|store|downtown|district|"
    r"platz|bahnhof|straße|strasse|markt|brücke|rue|gare|place|pont|calle|plaza|estación|puerto|via|piazza|stazione|ponte|straat|station|plein|rua|praça|estação|улица|площадь|вокзал|станция|cam|camera)\b",
    re.I,
)


class PlaceNameDetector(PrefilteredDetector):
    id = "place.name"
    category = PLACE
    description = "place name text (camera site, venue, district: place words in several languages); only with a place name signal"
    types = frozenset({"str"})
    strength = 2.0
    chance = 0.3
    standalone = False
    needs_concept = PLACE

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 2 <= len(value) <= 200

    def _checked(self, value: Any) -> bool:
        t = value.strip()
        if t.replace(".", "").replace("-", "").isdigit():
            return False
        if has_cjk(t):
            return _PLACE_CJK.search(t) is not None or 2 <= len(t) <= 12
        letters = sum(map(str.isalpha, t))
        return letters >= 2 and (_PLACE_LATIN.search(t) is not None or (t[:1].isupper() and letters >= len(t) * 0.6))


DETECTORS: list[ValueDetector] = [StreetAddressDetector(), PostcodeDetector(), PlaceNameDetector()]
