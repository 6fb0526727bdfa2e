"""Attributes of people: names, age, gender, pseudonymous person keys, and
facial-analysis outputs.

Names: Chinese names (a surname from the common ~450, then one or two given
characters; minority names with a middle dot), Latin-script names (one to
four capitalised words with a given or family name from compact multilingual
lists), and a plain name *shape* (capitalised words, no digits) that counts
only with a name signal.  Faker is not used: the lists are ours, under
``detect/data/``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from leakwarden.detect.base import ValueDetector, as_text
from leakwarden.detect.values._prefiltered import PrefilteredDetector
from leakwarden.detect.lexicon import fold, is_cjk

NAME = "person.name"
AGE = "person.age"
GENDER = "person.gender"
INTERNAL_ID = "person.internal_id"
FACE_ATTR = "biometric.face_attributes"


def _words(fname: str) -> list[str]:
    text = resources.files("leakwarden.detect").joinpath("data/" + fname).read_text("utf-8")
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        out.extend(line.split())
    return out


@lru_cache(maxsize=1)
def cn_surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = _words("surnames_zh.txt")
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) > 1)


@lru_cache(maxsize=1)
def cn_given_chars() -> frozenset[str]:
    return frozenset(ch for w in _words("given_chars_zh.txt") for ch in w)


@lru_cache(maxsize=1)
def latin_names() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(fold(w) for w in _words("given_names.txt")), frozenset(fold(w) for w in _words("family_names.txt"))


def is_chinese_name(text: str) -> bool:
    t = text.strip()
    n = len(t)
    if "·" in t or "•" in t:  # 买买提·艾力 (Uyghur and other minority names)
        parts = re.split(r"[·•]", t)
        return 2 <= len(parts) <= 4 and all(1 <= len(p) <= 6 and all(is_cjk(c) for c in p) for p in parts) and 4 <= n <= 20
    if not (2 <= n <= 4) or not all(is_cjk(c) for c in t):
        return False
    single, compound = cn_surnames()
    given = cn_given_chars()
    if t[:2] in compound and n >= 3:
        rest = t[2:]
    elif t[0] in single:
        rest = t[1:]
        if n == 4:
            return False  # four characters with a one-character surname: rarely a name
    else:
        return False
    if not rest:
        return False
    if len(rest) == 1:
        return rest in given
    return any(c in given for c in rest)


_LATIN_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-.]*(?:[-'’][^\W\d_]+)*\.?")


_TITLES = frozenset({
    "dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame", "rev", "fr", "sr", "sra", "srta", "dott", "dssa", "ing", "avv", "mgr", "mudr", "judr",
    "lek", "med", "n", "hab", "doc", "herr", "frau", "mme", "mlle", "m", "π", "πατήρ", "δρ", "κ", "κα", "о", "д-р", "проф", "pan", "pani", "bay", "bayan",
})
_DEGREES = frozenset({"md", "do", "np", "pa", "rn", "pharmd", "dds", "dmd", "phd", "od", "dpm", "aprn", "cnp", "fnp", "jr", "sr", "ii", "iii"})


def _name_tokens(text: str) -> list[str] | None:
    t = text.strip()
    if not (2 <= len(t) <= 80) or any(map(str.isdigit, t)) or "@" in t or "/" in t:
        return None
    if "," in t:
        a, _, b = t.partition(",")
        t = f"{b.strip()} {a.strip()}"
    toks = t.split()
    # honorifics and degrees before a name (Dr. / lek. med. / π. / Prof.), degrees after (MD, NP)
    while len(toks) > 1 and fold(toks[0]).rstrip(".") in _TITLES:
        toks = toks[1:]
    while len(toks) > 1 and fold(toks[-1]).rstrip(".") in _DEGREES:
        toks = toks[:-1]
    if not (1 <= len(toks) <= 5):
        return None
    for tok in toks:
        if _LATIN_WORD.fullmatch(tok) is None:
            return None
    return toks


_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn", "y", "e", "dos", "das", "zu", "ter", "ten"})


def _capitalised(toks: list[str]) -> bool:
    """Every token capitalised or a particle (van, de, bin, ...)."""
    return all(tok[0].isupper() or fold(tok) in _PARTICLES for tok in toks) and len(toks) <= 5


def name_shape(text: str) -> bool:
    toks = _name_tokens(text)
    return bool(toks) and _capitalised(toks)


def is_latin_name(text: str) -> bool:
    toks = _name_tokens(text)
    if not toks or not _capitalised(toks):
        return False
    given, family = latin_names()
    folded = [fold(t.strip(".")) for t in toks]
    if len(toks) == 1:
        # one word: a given or family name of at least three letters, not an all-caps code
        return len(folded[0]) >= 3 and not toks[0].isupper() and (folded[0] in given or folded[0] in family)
    words = [t for t in folded if t not in _PARTICLES and len(t.strip(".")) > 1]
    known = sum(1 for t in words if t in given or t in family)
    # most words must be names: "Harper Lee Paperback Set" is a product
    return known >= 1 and known * 2 >= len(words)




class ChineseNameDetector(PrefilteredDetector):
    id = "name.chinese"
    category = NAME
    description = "Chinese personal name: common surname + 1-2 given-name characters (compound surnames, 买买提·艾力)"
    types = frozenset({"str"})
    strength = 4.0
    chance = 0.15
    coverage = 0.5

    def prepare(self) -> None:
        cn_surnames()
        cn_given_chars()

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 2 <= len(value) <= 24 and is_cjk(value.lstrip()[:1] or "a")

    def _checked(self, value: Any) -> bool:
        return is_chinese_name(value)


class LatinNameDetector(PrefilteredDetector):
    id = "name.lexicon"
    category = NAME
    description = "Latin-script personal name: capitalised words with a given or family name from multilingual lists"
    types = frozenset({"str"})
    strength = 3.5
    chance = 0.1
    coverage = 0.5

    def prepare(self) -> None:
        latin_names()

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 2 <= len(value) <= 80 and value.lstrip()[:1].isalpha()

    def _checked(self, value: Any) -> bool:
        return is_latin_name(value)


class NameShapeDetector(PrefilteredDetector):
    id = "name.shape"
    category = NAME
    description = "name-shaped text (1-5 capitalised words, no digits; Cyrillic/Greek too); only with a name signal"
    types = frozenset({"str"})
    strength = 2.0
    chance = 0.5
    standalone = False
    needs_concept = NAME

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 2 <= len(value) <= 80

    def _checked(self, value: Any) -> bool:
        if is_chinese_name(value):
            return True
        return name_shape(value) and len(value.split()) <= 4


# ---------------------------------------------------------------- age

_AGE_TEXT = re.compile(r"(\d{1,3})\s*(?:岁|歲|y|yo|yrs?|years?(?: old)?|jahre|ans|años|anos|лет|года?)?", re.I)
_AGE_RANGE = re.compile(r"(\d{1,3})\s*(?:-|–|~|to|至|到)\s*(\d{1,3})\s*(?:岁|years?)?|(\d{1,3})\s*\+"
    r"|(?:over|under|above|below|older than|younger than|ü|über|unter|plus de|moins de|mas de|más de|menos de|oltre|sotto|boven|onder|över|under|yli|alle|powyżej|poniżej|старше|младше|上|未満|以上|以下)\s*(\d{1,3})(?:\s*(?:years?|jahre|ans|años|anni|jaar|år|vuotta|lat|лет|歳|세))?"
    r"|(\d{1,3})\s*(?:代|대|歳以上|세 이상|and over|or over|and older|or older|plus)", re.I)
_AGE_WORDS = frozenset({"child", "children", "teen", "teenager", "young", "youth", "adult", "middle-aged", "middle aged", "elderly", "senior", "old", "infant", "baby", "minor",
                        "儿童", "少年", "青年", "中年", "老年", "幼儿", "婴儿", "未成年", "成年", "青少年", "kind", "jugendlicher", "erwachsener", "enfant", "adulte", "niño", "adulto"})


class AgeDetector(ValueDetector):
    id = "age.value"
    category = AGE
    description = "age 0-120 (integer, '25岁', '20-30', age-group words); only with an age signal"
    types = frozenset({"int", "float", "str"})
    strength = 2.5
    chance = 0.5
    standalone = False
    needs_concept = AGE

    def match(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if isinstance(value, (int, float)):
            return 0 <= value <= 120
        if not isinstance(value, str) or len(value) > 24:
            return False
        t = value.strip()
        m = _AGE_TEXT.fullmatch(t)
        if m is not None:
            return 0 <= int(m.group(1)) <= 120
        m = _AGE_RANGE.fullmatch(t)
        if m is not None:
            nums = [int(g) for g in m.groups() if g]
            return all(0 <= x <= 120 for x in nums)
        return t.casefold() in _AGE_WORDS


# ---------------------------------------------------------------- gender

GENDER_WORDS = frozenset({
    "male", "female", "man", "woman", "men", "women", "boy", "girl", "non-binary", "nonbinary", "transgender", "intersex", "diverse",
    "männlich", "weiblich", "divers", "mann", "frau", "masculin", "féminin", "homme", "femme", "masculino", "femenino", "hombre", "mujer",
    "masculino", "feminino", "maschio", "femmina", "maschile", "femminile", "man", "vrouw", "mannelijk", "vrouwelijk",
    "мужской", "женский", "мужчина", "женщина", "муж", "жен",
    # salutations say the sex too
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "herr", "frau", "monsieur", "madame", "mademoiselle", "mme", "mme.", "mlle",
    # Nordic, Finnish, Polish, Czech, Hungarian, Romanian, Greek, Turkish, Ukrainian, Arabic, Hebrew, Hindi,
    # Indonesian, Vietnamese, Thai, Japanese, Korean
    "kvinna", "kvinne", "kvinde", "mand", "hankön", "honkön", "mies", "nainen", "mężczyzna", "kobieta", "muž", "žena",
    "férfi", "nő", "bărbat", "femeie", "barbat", "masculin", "feminin", "άρρεν", "θήλυ", "άνδρας", "γυναίκα", "αρσενικό", "θηλυκό",
    "arren", "thily", "erkek", "kadin", "чоловік", "жінка", "чоловіча", "жіноча", "ذكر", "أنثى", "انثى", "זכר", "נקבה", "पुरुष", "महिला", "स्त्री",
    "laki-laki", "laki laki", "perempuan", "pria", "wanita", "lelaki", "nữ", "ชาย", "หญิง", "男子", "女子", "おとこ", "おんな",
    "남자", "여자", "남성", "여성", "namja", "yeoja", "namseong", "yeoseong", "dansei", "josei",
    # gender identity and pronouns (dating apps, HR forms)
    "cis man", "cis woman", "cisgender man", "cisgender woman", "trans man", "trans woman", "transgender man", "transgender woman",
    "genderqueer", "genderfluid", "gender fluid", "agender", "bigender", "two-spirit", "demigirl", "demiboy", "enby",
    "she/her", "he/him", "they/them", "she/they", "he/they", "they/she", "they/he", "xe/xem", "ze/zir", "any pronouns",
    "señor", "señora", "señorita", "sr.", "sra.", "srta.", "senhor", "senhora", "dhr.", "mevr.", "mevrouw", "meneer", "signor", "signora", "господин", "госпожа", "先生", "女士", "小姐", "mężczyzna", "kobieta", "erkek", "kadın", "男", "女", "男性", "女性", "男士", "女士", "未知的性别", "未说明的性别",
})
_GENDER_FOLDED = frozenset(fold(w) for w in GENDER_WORDS)
GENDER_CODES = frozenset({"m", "f", "w", "x", "u", "h", "d", "0", "1", "2", "9", "м", "ж", "unknown", "other", "o", "n/a", "未知"})


class GenderDetector(ValueDetector):
    id = "gender.value"
    category = GENDER
    description = "sex/gender value (male/female/男/女/männlich/... in many languages; M/F and GB/T 2261 codes 0/1/2/9 only with a name signal)"
    types = frozenset({"str", "int", "bool"})
    strength = 4.0
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, (str, int)) and (not isinstance(value, str) or len(value) <= 24)

    def match(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return value in (0, 1, 2, 9)
        if not isinstance(value, str) or len(value) > 24:
            return False
        t = value.strip().casefold()
        return t in GENDER_WORDS or t in GENDER_CODES or (not t.isascii() and fold(t) in _GENDER_FOLDED)

    def assess(self, matched: list[Any]) -> tuple[float, bool]:
        words = {str(v).strip().casefold() for v in matched if isinstance(v, str) and v.strip().casefold() in GENDER_WORDS}
        if len(words) >= 2 or (words and len(matched) >= 3 and len(words) == len({str(v).strip().casefold() for v in matched})):
            return self.strength, True
        return 1.5, False


# ---------------------------------------------------------------- person keys

_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-:.]{0,63}")


class PersonKeyDetector(ValueDetector):
    id = "person_key.value"
    category = INTERNAL_ID
    description = "pseudonymous key shape (UUID, integer, hex or code without spaces); only in a field named for a person key"
    types = frozenset({"str", "int"})
    strength = 2.0
    chance = 0.8
    standalone = False
    needs_concept = INTERNAL_ID

    def match(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return value >= 0
        if not isinstance(value, str) or not (1 <= len(value) <= 64):
            return False
        t = value.strip()
        if _UUID.fullmatch(t):
            return True
        return _KEY.fullmatch(t) is not None and any(map(str.isdigit, t))


# ---------------------------------------------------------------- face attributes

_FACE_WORDS = frozenset({
    "happy", "sad", "angry", "neutral", "surprised", "surprise", "fear", "fearful", "disgust", "disgusted", "calm", "confused", "contempt", "smile", "smiling",
    "open", "closed", "opened", "close", "none", "normal", "sunglasses", "glasses", "eyeglasses", "reading glasses", "no glasses", "wearing", "not wearing",
    "mask", "no mask", "hat", "no hat", "cap", "helmet", "beard", "mustache", "bald", "long", "short", "black", "brown", "blonde", "gray", "white",
    "yes", "no", "true", "false", "y", "n", "unknown",
    "高兴", "开心", "平静", "惊讶", "愤怒", "悲伤", "厌恶", "恐惧", "微笑", "睁眼", "闭眼", "张嘴", "闭嘴", "戴", "未戴", "是", "否", "有", "无", "普通眼镜", "太阳镜", "墨镜", "戴口罩", "未戴口罩", "正常",
})


class FaceAttributeDetector(ValueDetector):
    id = "face_attr.value"
    category = FACE_ATTR
    description = "facial-analysis output value (flags, 0-1/0-100 scores, expression/emotion words); only with a face-attribute name"
    types = frozenset({"bool", "int", "float", "str"})
    strength = 1.5
    chance = 0.5
    standalone = False
    needs_concept = FACE_ATTR

    def match(self, value: Any) -> bool:
        if isinstance(value, bool):
            return True
        if isinstance(value, (int, float)):
            return -180 <= value <= 100
        if not isinstance(value, str) or len(value) > 32:
            return False
        t = value.strip().casefold()
        if t in _FACE_WORDS:
            return True
        t2 = as_text(value, 32)
        try:
            return t2 is not None and -180 <= float(t2) <= 100
        except ValueError:
            return False


DETECTORS: list[ValueDetector] = [
    ChineseNameDetector(),
    LatinNameDetector(),
    NameShapeDetector(),
    AgeDetector(),
    GenderDetector(),
    PersonKeyDetector(),
    FaceAttributeDetector(),
]
