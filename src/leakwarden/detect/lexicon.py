"""Field-name lexicon: what a field's name (and its parents' names) says.

Names come in every habit: ``idCardNumber``, ``ID_CARD_NO``, ``id-card``,
``sfzh`` (pinyin initials of 身份证号), ``shenfenzhenghao``, ``身份证号码``,
``Geburtsdatum``, ``дата_рождения``.  :func:`tokenize` splits camelCase,
snake_case, kebab-case, digits and separators, folds accents and case, and
segments run-together words against the lexicon's vocabulary
(``phonenumber`` -> ``phone number``).  CJK names have no word boundaries:
their terms match as substrings (Aho-Corasick).

The lexicon (``data/lexicon.tsv``) maps terms to *concepts*: report
categories with a weight in log-odds units (negative weights are evidence
against: ``server_health`` is not health data) and context concepts
(``entity.person``, ``entity.thing``, ``ctx.face`` ...).  A longer match that
contains a shorter one wins inside its span (``phone model`` overrides
``phone``).

:func:`name_evidence` combines a path's segments: the leaf speaks first; a
leaf made only of generic words (``number``, ``value``, ``id``) inherits its
parent's meaning (``idCard.number``); an entity word nearby decides what
"name" and "id" mean (``person.name`` vs ``camera.name``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import ahocorasick

CONTEXT_CONCEPTS = (
    "entity.person",
    "entity.thing",
    "entity.place",
    "generic.id",
    "generic.value",
    "meta",
    "ctx.face",
    "ctx.vector",
    "ctx.product",
    "ctx.system",
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
#: word characters plus the combining marks of scripts whose vowels are marks
#: (Devanagari and other Indic scripts, Thai, Arabic harakat, Hebrew points):
#: Python's \w leaves them out, which would cut पूरा into प + र
_MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f"
_SPLIT = re.compile(rf"[^\w{_MARKS}]+|_+")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF) or (0x3400 <= o <= 0x4DBF) or (0x3040 <= o <= 0x30FF) or (0xAC00 <= o <= 0xD7AF) or (0xF900 <= o <= 0xFAFF) or (0x20000 <= o <= 0x2FFFF)


#: the ranges of is_cjk, for a search at C speed
_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\u3040-\u30ff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]")


def has_cjk(text: str) -> bool:
    return not text.isascii() and _CJK.search(text) is not None


def _substring_script(ch: str) -> bool:
    """Scripts written without spaces between words: CJK, kana, Hangul, Thai, Lao, Khmer, Myanmar."""
    o = ord(ch)
    return is_cjk(ch) or 0x0E00 <= o <= 0x0EFF or 0x1000 <= o <= 0x109F or 0x1780 <= o <= 0x17FF


def has_unspaced(text: str) -> bool:
    """Whether a text holds a script whose lexicon terms match as substrings."""
    return any(_substring_script(ch) for ch in text)


def fold(text: str) -> str:
    """Case- and accent-fold Latin text (é -> e, ß -> ss); other scripts are kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def raw_tokens(segment: str) -> list[str]:
    """Split one path segment into folded tokens (no segmentation), CJK runs removed."""
    seg = unicodedata.normalize("NFKC", segment)
    seg = "".join(" " if is_cjk(ch) else ch for ch in seg)
    out: list[str] = []
    for part in _SPLIT.split(seg):
        if not part:
            continue
        for piece in _CAMEL.split(part):
            if piece:
                out.append(fold(piece))
    return out


@dataclass(frozen=True)
class Match:
    concept: str
    weight: float
    start: int
    end: int
    cjk: bool = False


@dataclass
class Lexicon:
    """Term tables built from ``data/lexicon.tsv`` (plus custom additions)."""

    phrases: dict[tuple[str, ...], list[tuple[str, float]]] = field(default_factory=dict)
    prefixes: list[tuple[str, str, float]] = field(default_factory=list)
    infixes: list[tuple[str, str, float]] = field(default_factory=list)
    cjk_terms: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    vocab: set[str] = field(default_factory=set)
    max_phrase: int = 1
    _automaton: object | None = None

    def add(self, concept: str, weight: float, term: str) -> None:
        term = term.strip()
        if not term:
            return
        if has_unspaced(term):
            self.cjk_terms.setdefault(fold(term), []).append((concept, weight))
            self._automaton = None
            return
        if term.startswith("*") and term.endswith("*") and len(term) > 2:
            self.infixes.append((fold(term[1:-1]), concept, weight))
            return
        if term.endswith("*") and len(term) > 1:
            self.prefixes.append((fold(term[:-1]), concept, weight))
            return
        words = tuple(t for t in (fold(w) for w in re.split(r"[\s_\-]+", term)) if t)
        if not words:
            return
        self.phrases.setdefault(words, []).append((concept, weight))
        self.max_phrase = max(self.max_phrase, len(words))
        if len(words) == 1:
            self.vocab.add(words[0])
        elif len("".join(words)) >= 6:
            # "phone number" also written "phonenumber"
            self.phrases.setdefault(("".join(words),), []).append((concept, weight))

    def automaton(self):
        if self._automaton is None:
            a = ahocorasick.Automaton()
            for term, entries in self.cjk_terms.items():
                a.add_word(term, (term, entries))
            if len(a):
                a.make_automaton()
            self._automaton = a
        return self._automaton

    # ------------------------------------------------------------ tokenising
    def segment_word(self, token: str) -> list[str]:
        """Split a run-together token into vocabulary words, or keep it whole."""
        if token in self.vocab or (token,) in self.phrases or len(token) < 5 or not token.isalpha():
            return [token]
        return _segment(token, frozenset(self.vocab)) or [token]

    def tokenize(self, segment: str) -> list[str]:
        out: list[str] = []
        for t in raw_tokens(segment):
            out.extend(self.segment_word(t))
        return out

    # ------------------------------------------------------------ matching
    def match_segment(self, segment: str) -> list[Match]:
        """All concept matches in one path segment (tokens and CJK substrings)."""
        tokens = self.tokenize(segment)
        matches: list[Match] = []
        n = len(tokens)
        for i in range(n):
            for length in range(1, min(self.max_phrase, n - i) + 1):
                entries = self.phrases.get(tuple(tokens[i:i + length]))
                if entries:
                    for concept, w in entries:
                        matches.append(Match(concept, w, i, i + length))
            tok = tokens[i]
            for stem, concept, w in self.prefixes:
                if tok.startswith(stem):
                    matches.append(Match(concept, w, i, i + 1))
            for stem, concept, w in self.infixes:
                if stem in tok:
                    matches.append(Match(concept, w, i, i + 1))
        if self.cjk_terms and has_unspaced(segment):
            a = self.automaton()
            if len(a):
                text = fold(segment)
                for end, (term, entries) in a.iter(text):
                    start = end - len(term) + 1
                    for concept, w in entries:
                        matches.append(Match(concept, w, start, end + 1, cjk=True))
        return matches


def _segment(token: str, vocab: frozenset[str]) -> list[str] | None:
    """Fewest-pieces segmentation of ``token`` into vocabulary words of >= 2 letters."""
    n = len(token)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, min(n, i + 24) + 1):
            w = token[i:j]
            if w in vocab:
                cand = best[i] + [w]
                if best[j] is None or len(cand) < len(best[j]):
                    best[j] = cand
    res = best[n]
    return res if res and len(res) > 1 else None


def _parse_lexicon(text: str, lex: Lexicon) -> None:
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        concept, weight = parts[0].strip(), float(parts[1])
        for term in parts[2:]:
            lex.add(concept, weight, term)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    lex = Lexicon()
    text = resources.files("leakwarden.detect").joinpath("data/lexicon.tsv").read_text("utf-8")
    _parse_lexicon(text, lex)
    return lex


# ---------------------------------------------------------------- combining


def concept_scores(matches: Iterable[Match]) -> dict[str, float]:
    """Per concept: the strongest positive match not overridden by a negative
    match covering it, plus the strongest negative match."""
    by_concept: dict[str, list[Match]] = {}
    for m in matches:
        by_concept.setdefault(m.concept, []).append(m)
    out: dict[str, float] = {}
    for concept, ms in by_concept.items():
        neg = [m for m in ms if m.weight < 0]
        pos = [
            m for m in ms
            if m.weight > 0 and not any(n.cjk == m.cjk and n.start <= m.start and m.end <= n.end and (n.end - n.start) > (m.end - m.start) for n in neg)
        ]
        # a longer positive phrase of the same concept beats a shorter one inside it
        score = max((m.weight for m in pos), default=0.0)
        # a negative phrase inside a longer positive phrase does not count ("phone number" has no "phone model")
        neg = [n for n in neg if not any(p.cjk == n.cjk and p.start <= n.start and n.end <= p.end and (p.end - p.start) > (n.end - n.start) for p in pos)]
        score += min((m.weight for m in neg), default=0.0)
        out[concept] = score
    return out


#: Chinese schemas name fields by the pinyin initials of their words; a
#: compound such as ``fxdd`` (发现地点, place found) or ``xyrxm`` (嫌疑人姓名)
#: ends in the initials of its head noun.  Consonant-only tokens (no vowel,
#: so not an English word) are read by their longest known ending.
#: full-pinyin head words a run-together pinyin name ends with (gengxinshijian 更新时间)
PINYIN_FULL_HEADS: dict[str, tuple[str, float]] = {
    "shijian": ("time.timestamp", 3.0), "riqi": ("time.timestamp", 2.5), "dizhi": ("person.address", 3.0),
    "xingming": ("person.name", 3.0), "dianhua": ("person.phone", 3.0), "shouji": ("person.phone", 3.0),
    "didian": ("location.place", 3.0), "weizhi": ("location.place", 2.5), "zhaopian": ("person.photo", 3.0),
    "tupian": ("person.photo", 2.0), "xingbie": ("person.gender", 3.0), "nianling": ("person.age", 3.0),
    "minzu": ("special.ethnicity", 3.0), "zongjiao": ("special.religion", 3.0), "shenfenzheng": ("person.government_id", 3.0),
    "shenfenzhenghao": ("person.government_id", 3.0), "chepai": ("person.vehicle_plate", 3.0), "chepaihao": ("person.vehicle_plate", 3.0),
    "mima": ("credential.secret", 3.0), "tezheng": ("biometric.face_embedding", 2.5), "haoma": ("generic.id", 1.0), "bianhao": ("generic.id", 1.0),
}

PINYIN_HEADS: dict[str, tuple[str, float]] = {
    "sfzh": ("person.government_id", 3.0), "sfzhm": ("person.government_id", 3.0), "zjhm": ("person.government_id", 3.0),
    "sfz": ("person.government_id", 2.5), "hzhm": ("person.government_id", 2.5),
    "xm": ("person.name", 2.5), "sjhm": ("person.phone", 2.5), "sjh": ("person.phone", 2.5), "dh": ("person.phone", 2.5),
    "dd": ("location.place", 2.5), "dz": ("person.address", 2.0), "zz": ("person.address", 2.0),
    "sj": ("time.timestamp", 2.5), "rq": ("time.timestamp", 2.0), "zp": ("person.photo", 2.0), "tp": ("person.photo", 1.5),
    "xb": ("person.gender", 2.5), "nl": ("person.age", 2.0), "mz": ("special.ethnicity", 2.5), "yy": ("special.criminal", 1.5),
    "jwd": ("location.coordinates", 3.0), "zb": ("location.coordinates", 2.0), "hphm": ("person.vehicle_plate", 3.0),
    "cph": ("person.vehicle_plate", 3.0), "mm": ("credential.secret", 2.0), "csrq": ("person.birthdate", 3.0),
    "hm": ("generic.id", 1.0), "bh": ("generic.id", 1.0), "dm": ("generic.id", 1.0), "mj": ("entity.person", 1.0),
}
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstwxyz]{3,10}")


def pinyin_head(token: str) -> tuple[str, float] | None:
    if _CONSONANTS.fullmatch(token) is None:
        if len(token) >= 7 and token.isascii() and token.isalpha():
            for k in range(min(len(token) - 3, 15), 3, -1):
                hit = PINYIN_FULL_HEADS.get(token[-k:])
                if hit is not None:
                    return hit
        return None
    for k in range(min(len(token) - 1, 5), 1, -1):
        hit = PINYIN_HEADS.get(token[-k:])
        if hit is not None:
            return hit
    return None


COMPOUND_MIN_HEAD = 5
COMPOUND_MIN_MODIFIER = 3
COMPOUND_FACTOR = 0.85


@lru_cache(maxsize=65536)
def compound_head(token: str) -> tuple[tuple[str, float], ...] | None:
    """Concepts of the longest vocabulary word a long compound token ends with."""
    if len(token) < COMPOUND_MIN_HEAD + COMPOUND_MIN_MODIFIER or not token.isalpha():
        return None
    lex = default_lexicon()
    for k in range(len(token) - COMPOUND_MIN_MODIFIER, COMPOUND_MIN_HEAD - 1, -1):
        entries = lex.phrases.get((token[-k:],))
        if entries:
            out = tuple((c, w * COMPOUND_FACTOR) for c, w in entries if w > 0 and c != "meta" and not c.startswith("generic."))
            return out or None
    return None


@dataclass
class SegmentInfo:
    text: str
    tokens: list[str]
    scores: dict[str, float]
    generic_only: bool


@lru_cache(maxsize=65536)
def segment_info(segment: str) -> SegmentInfo:
    lex = default_lexicon()
    tokens = lex.tokenize(segment)
    matches = lex.match_segment(segment)
    matched_tokens = {i for m in matches if not m.cjk for i in range(m.start, m.end)}
    for i, tok in enumerate(tokens):
        if i not in matched_tokens:
            head = pinyin_head(tok)
            if head is not None:
                matches.append(Match(head[0], head[1], i, i + 1))
    # German/Nordic/Dutch compounds: an unknown long word is read by its head,
    # the longest known word it ends with (Kundenadresse -> adresse,
    # fackforbundet -> forbund ...).
    matched_tokens.update(m.start for m in matches if not m.cjk)
    for i, tok in enumerate(tokens):
        if i not in matched_tokens:
            head = compound_head(tok)
            if head is not None:
                for concept, w in head:
                    matches.append(Match(concept, w, i, i + 1))
    # Rails/JS habit: createdAt, lastLoginAt, expiresOn
    if len(tokens) >= 2 and tokens[-1] in ("at", "on") and tokens[-2] not in ("log", "turn", "look"):
        matches.append(Match("time.timestamp", 2.5, len(tokens) - 1, len(tokens)))
    scores = concept_scores(matches)
    category_hit = any(k for k, v in scores.items() if v != 0 and "." in k and not k.startswith(("entity.", "generic.", "ctx.")) and k != "meta")
    generic_words = {"generic.id", "generic.value", "meta"}
    covered = set()
    for m in matches:
        if m.concept in generic_words and not m.cjk:
            covered.update(range(m.start, m.end))
    generic_only = (not category_hit) and bool(tokens or has_cjk(segment)) and (
        (tokens and all(i in covered for i in range(len(tokens))) and not has_cjk(segment))
        or (has_cjk(segment) and not tokens and any(m.concept in generic_words for m in matches))
    )
    return SegmentInfo(segment, tokens, scores, bool(generic_only))


@dataclass
class NameEvidence:
    """What a field's path says: per-category log-odds and context flags."""

    categories: dict[str, float]
    context: dict[str, float]
    leaf_tokens: list[str]

    def get(self, category: str) -> float:
        return self.categories.get(category, 0.0)

    def has(self, concept: str) -> bool:
        return self.context.get(concept, 0.0) > 0


LOCALITY = frozenset({
    "city", "town", "village", "street", "district", "suburb", "county", "province", "state", "region", "neighborhood", "neighbourhood",
    "ort", "stadt", "wohnort", "gemeinde", "bezirk", "ortsteil", "strasse", "ville", "commune", "quartier", "rue", "ciudad", "municipio",
    "barrio", "calle", "cidade", "bairro", "localidade", "citta", "comune", "plaats", "woonplaats", "gemeente", "wijk", "straat",
    "город", "район", "улица", "cs", "csmc", "sheng", "qu", "xian", "jiedao", "street name", "city name",
})
PARENT_INHERIT = 0.9
PARENT_SUPPORT = 0.6


def name_evidence(path: str, collection: str = "") -> NameEvidence:
    """Combine a path's segments (leaf first, then parents) into name evidence."""
    segs = [s for s in path.split(".") if s]
    if not segs:
        return NameEvidence({}, {}, [])
    leaf = segment_info(segs[-1])
    parents = [segment_info(s) for s in reversed(segs[:-1])][:3]
    cats: dict[str, float] = {}
    ctx: dict[str, float] = {}

    def is_cat(k: str) -> bool:
        return not k.startswith(("entity.", "generic.", "ctx.")) and k != "meta"

    for k, v in leaf.scores.items():
        (cats if is_cat(k) else ctx)[k] = v
    for depth, p in enumerate(parents):
        factor = PARENT_INHERIT if (leaf.generic_only and depth == 0) else PARENT_SUPPORT * (0.7 ** depth)
        for k, v in p.scores.items():
            if is_cat(k):
                if v > 0 and (depth == 0 or leaf.generic_only) and leaf.scores.get(k, 0.0) >= 0:
                    cats[k] = max(cats.get(k, 0.0), v * factor)
                elif v < 0 and depth == 0:
                    cats[k] = cats.get(k, 0.0) + v * 0.5
            else:
                ctx.setdefault(k, 0.0)
                ctx[k] = max(ctx[k], v * (1.0 if depth == 0 else 0.8))
    # A date of birth is a date, but not an event time.
    if cats.get("person.birthdate", 0.0) >= 2.5 and cats.get("time.timestamp", 0.0) > 0:
        cats["time.timestamp"] = 0.0
    # The nearest entity decides what "name"/"id" mean; the collection's name
    # stands in when the path has none ("name" in product_catalog).
    nearest = _nearest_entity(leaf, parents)
    coll_entity = _collection_entity(collection) if collection else None
    path_entity = nearest
    if nearest is None:
        nearest = coll_entity
    # A place's id or code is not a place name.
    if leaf.scores.get("generic.id", 0) > 0 and 0 < cats.get("location.place", 0.0) and cats.get("person.address", 0.0) < 2.5:
        cats["location.place"] = 0.0
    # City, street, district: part of a person's address in a person record,
    # a named place when the record is about a camera, venue or station.
    addr_parent = any(p.scores.get("person.address", 0) >= 2.5 for p in parents[:1])
    place_w, addr_w = cats.get("location.place", 0.0), cats.get("person.address", 0.0)
    locality = bool(set(leaf.tokens) & LOCALITY) or leaf.scores.get("ctx.locality", 0) > 0 or any(w in leaf.text for w in ("城市", "省", "区县", "街道", "乡镇", "社区"))
    # A part of an address object the lexicon does not know (dieuthynsi.tk,
    # jusho.banchi, patient.addr.st) is part of that address.
    leaf_unknown = not any(v > 0 for k, v in leaf.scores.items() if k not in ("ctx.locality", "generic.value"))
    if addr_parent and (leaf_unknown or (locality and not any(v >= 2.5 for k, v in cats.items() if k not in ("person.address", "location.place")))):
        parent_addr = parents[0].scores.get("person.address", 0.0)
        cats["person.address"] = max(addr_w, place_w, parent_addr)
        cats["location.place"] = 0.0
        place_w, addr_w = 0.0, cats["person.address"]
    if locality and place_w > 0 and (addr_parent or _residence_word(leaf) or (nearest == "entity.person" and path_entity != "entity.place")):
        cats["person.address"] = max(addr_w, place_w)
        cats["location.place"] = 0.0
    elif (locality or path_entity == "entity.place") and addr_w > 0 and nearest in ("entity.place", "entity.thing") and not addr_parent:
        # the address of a store, hotel, station or camera is a named place
        cats["location.place"] = max(place_w, addr_w)
        cats["person.address"] = 0.0
    # A field the name calls a place (station name, cell site, store) is not a
    # person's address, however street-like its values are.
    if cats.get("location.place", 0.0) >= 2.5 and cats.get("person.address", 0.0) == 0.0:
        cats["person.address"] = -2.0
    # "name" of a thing whose parent names a category (sendika.adi, drug.name,
    # struttura.nome): the category of the parent, not a person's name.
    leaf_name_only = [k for k, v in leaf.scores.items() if v > 0 and is_cat(k)] == ["person.name"] and leaf.scores["person.name"] <= 1.5
    if leaf_name_only and parents and not parents[0].scores.get("entity.person", 0) > 0:
        inherited = {k: v for k, v in parents[0].scores.items() if is_cat(k) and k != "person.name" and v >= 2.5}
        if inherited:
            for k, v in inherited.items():
                cats[k] = max(cats.get(k, 0.0), v * PARENT_INHERIT)
            cats["person.name"] = min(cats.get("person.name", 0.0), 0.0)
    # A field named after a person's role ("doctor", "owner", 责任民警) holds
    # that person's name or key: weak evidence, the values decide.
    if leaf.scores.get("entity.person", 0) > 0 and not any(v > 0 for k, v in cats.items()) and not leaf.scores.get("entity.thing", 0):
        cats["person.name"] = 1.5
        cats["person.internal_id"] = max(cats.get("person.internal_id", 0.0), 1.0)
    name_w = cats.get("person.name", 0.0)
    from_collection = path_entity is None and nearest is not None
    has_meta = leaf.scores.get("meta", 0) > 0
    if from_collection and nearest in ("entity.thing", "entity.place"):
        if 0 < name_w < 3.5:
            cats["person.name"] = 0.0  # "name" in product_catalog: let the values speak
    elif nearest == "entity.person" and from_collection:
        if 0 < name_w < 3.0 and _has(leaf, ("name", "names", "nombre", "nom", "naam", "nome", "navn", "namn", "xingming", "ming", "mc")):
            cats["person.name"] = 3.0 + min(0.0, name_w - 1.5)
        if leaf.generic_only and not has_meta and leaf.scores.get("generic.id", 0) > 0 and not any(v >= 2.5 for k, v in cats.items() if k != "person.internal_id"):
            cats["person.internal_id"] = max(cats.get("person.internal_id", 0.0), 2.5)
    elif nearest == "entity.person":
        if 0 < name_w < 3.0 and _has(leaf, ("name", "names", "nombre", "nom", "naam", "nome", "navn", "namn", "xingming", "ming", "mc")):
            cats["person.name"] = 3.0 + min(0.0, name_w - 1.5)
        if leaf.scores.get("generic.id", 0) > 0 and not has_meta and not any(v >= 2.5 for k, v in cats.items() if k not in ("person.internal_id",)):
            cats["person.internal_id"] = max(cats.get("person.internal_id", 0.0), 2.5)
    elif nearest in ("entity.thing", "entity.place"):
        if name_w > 0 and name_w < 3.5:
            cats["person.name"] = -3.0
            if nearest == "entity.place" or leaf.scores.get("entity.place", 0) > 0:
                cats["location.place"] = max(cats.get("location.place", 0.0), 2.5)
        if leaf.scores.get("generic.id", 0) > 0 and cats.get("person.internal_id", 0.0) < 3.0:
            cats["person.internal_id"] = min(cats.get("person.internal_id", 0.0), -3.0)
    if collection:
        for seg in re.split(r"[.\-/:]", collection):
            if not seg:
                continue
            info = segment_info(seg)
            for k, v in info.scores.items():
                if k.startswith(("ctx.", "entity.")) and v > 0:
                    key = "collection." + k
                    ctx[key] = max(ctx.get(key, 0.0), v)
                elif is_cat(k) and v > 0:
                    key = "collection." + k
                    ctx[key] = max(ctx.get(key, 0.0), v)
    return NameEvidence(cats, ctx, leaf.tokens)


def _collection_entity(collection: str) -> str | None:
    for seg in re.split(r"[._\-/:]", collection):
        if not seg:
            continue
        info = segment_info(seg)
        p = info.scores.get("entity.person", 0.0) > 0
        t = info.scores.get("entity.thing", 0.0) > 0 or info.scores.get("entity.place", 0.0) > 0
        if p and not t:
            return "entity.person"
        if t and not p:
            return "entity.place" if info.scores.get("entity.place", 0.0) > 0 else "entity.thing"
    return None


def _residence_word(info: SegmentInfo) -> bool:
    """The segment has an address word that is not itself a locality (geoju_sigungu: residence + district)."""
    lex = default_lexicon()
    for t in info.tokens:
        if t in LOCALITY:
            continue
        entries = lex.phrases.get((t,), ())
        if any(c == "ctx.locality" for c, _ in entries):
            continue
        if any(c == "person.address" and w >= 2.5 for c, w in entries):
            return True
    return False


def _has(info: SegmentInfo, words: tuple[str, ...]) -> bool:
    """A bare "name" word: the listed ones, or any word the lexicon gives person.name 1.5 (nimi, isim, nm, onoma ...)."""
    if any(t in words for t in info.tokens) or any(w in info.text for w in ("名字", "姓名")):
        return True
    lex = default_lexicon()
    return any(("person.name", 1.5) in lex.phrases.get((t,), ()) for t in info.tokens)


def _nearest_entity(leaf: SegmentInfo, parents: list[SegmentInfo]) -> str | None:
    for info in [leaf, *parents[:2]]:
        p = info.scores.get("entity.person", 0.0) > 0
        pl = info.scores.get("entity.place", 0.0) > 0
        t = info.scores.get("entity.thing", 0.0) > 0
        if p and not t:
            return "entity.person"
        if pl:
            return "entity.place"
        if t and not p:
            return "entity.thing"
        if p and t:
            # "cameraPersonName"? the token nearest to the end wins
            lex = default_lexicon()
            for tok in reversed(info.tokens):
                entries = lex.phrases.get((tok,), [])
                concepts = {c for c, _ in entries}
                if "entity.person" in concepts:
                    return "entity.person"
                if "entity.thing" in concepts:
                    return "entity.thing"
            return "entity.person"
    return None
