"""The classifier: which fields of a collection hold which kind of sensitive data.

Evidence model (docs/detectors.md has the long form).  For every field and
every category the classifier adds up log-odds:

    score = PRIOR + name + value + context

* ``name``: what the field's path says (:mod:`leakwarden.detect.lexicon`),
  in log-odds units (3.5 strong, 2.5 medium, 1.5 weak, negative against);
* ``value``: the best value detector of the category over the field's
  sample: ``S * r' * n_factor`` where ``r'`` is the hit rate above chance,
  ``(r - q) / (1 - q)``, ``q`` the detector's chance rate (fixed, or measured
  on the field by re-drawing its digits and letters at random), ``S`` its
  strength (for measured ``q``: at most ``1.5 * ln(1/q)``), and ``n_factor``
  discounts tiny samples.  Non-standalone detectors (weak formats: 0/1 codes,
  short digit strings, generic words) count at most ``WEAK_CAP`` without a
  name or context signal.  When the name claims the category but the values
  do not fit (``phone`` holding booleans) a penalty applies;
* ``context``: collection name, sibling fields, mapping type (face context
  for embeddings and photos; product/text context against them; GeoJSON
  ``type: Point`` siblings; latitude/longitude sibling pairs).

``confidence = sigmoid(score)``; categories at or above the threshold are
reported.  Categories that describe the same values compete (a field is a
phone *or* an ID number); special categories may co-occur.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from typing import Any

from leakwarden.detect.base import SHAPE_TEXT, ValueDetector, as_text, compact, safe_call, shape_key, value_kind
from leakwarden.detect.config import CustomDetector, DetectConfig
from leakwarden.detect.dictionaries import FILES as DICTIONARY_FILES
from leakwarden.detect.dictionaries import inner_categories
from leakwarden.detect.dictionaries import load as load_dictionary
from leakwarden.detect.lexicon import NameEvidence, default_lexicon, has_cjk, name_evidence, segment_info
from leakwarden.detect.values import builtin_detectors
from leakwarden.detect.values.contact import DEFAULT_REGIONS, best_region
from leakwarden.detect.values.geo import component_value
from leakwarden.privacy import mask
from leakwarden.profile import CollectionSample, FieldStats
from leakwarden.report import CATEGORIES, FieldFinding

__all__ = ["Classifier", "DetectConfig", "FieldAnalysis", "HitCounter"]

PRIOR = -2.5
WEAK_CAP = 1.0
EARLY_EXIT = 48          # values tried before a detector may stop early
EARLY_EXIT_RATE = 0.4    # ... when fewer than this share of them matched
ZERO_EXIT = 12
RANDOM_PROBES = 60       # re-drawn values used to measure a detector's chance rate
MAX_MATCHED_KEPT = 64
# When hit counts come from elsewhere (--full), a detector that matched at least
# SETTLE_RATE of its first SETTLE_AFTER values stops: its rate is above every
# detector's coverage, so its evidence is settled (the rest would only count hits).
# Any other rate is settled after SETTLE_MAX values (its standard error is then
# below 3.6 %): the rest of the field's sampled values would only count hits.
SETTLE_AFTER = 100
SETTLE_RATE = 0.97
SETTLE_MAX = 200
#: --full hit counter: remembered verdicts per field, and the longest text remembered
MEMO_CAP = 4096
#: the hit counter gives up a field's memo early when, at this many remembered
#: values, fewer than one in eight lookups found its value there
MEMO_PROBE = 512
MEMO_MAX_CHARS = 128

#: penalty when the name claims a category whose values the detectors do not match
MISS_PENALTY: dict[str, float] = {
    "person.phone": 2.5, "person.email": 3.0, "network.ip": 3.0, "device.mac": 2.5,
    "device.imsi_imei": 2.0, "financial.card": 3.0, "financial.bank_account": 1.5,
    "time.timestamp": 2.5, "location.coordinates": 2.5, "person.vehicle_plate": 1.5,
    "biometric.face_embedding": 3.0, "person.photo": 2.5, "person.government_id": 1.5,
    "person.birthdate": 2.5, "person.age": 2.5, "person.gender": 2.0, "person.name": 0.8,
    "person.address": 0.8, "location.place": 0.5, "person.internal_id": 1.5, "credential.secret": 1.5,
    "special.ethnicity": 1.0, "special.religion": 1.0, "special.health": 0.5, "special.criminal": 0.5,
    "special.political": 1.0, "special.sexual_orientation": 1.0, "biometric.face_attributes": 0.5,
}
INCOMPATIBLE_PENALTY = 3.5
#: an upper bound of a score this close below the threshold still gets the exact score (rounding)
BOUND_MARGIN = 1e-6
SPECIAL = frozenset(c for c in CATEGORIES if c.startswith("special."))


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# ---------------------------------------------------------------- value compatibility
# Whether a value is of a plausible *type* for a category at all.  A field named
# for a category whose values fail this is not that category.


def _short_text(v: Any, lo: int = 1, hi: int = 200) -> bool:
    return isinstance(v, str) and lo <= len(v.strip()) <= hi


def _digits_id(v: Any) -> bool:
    t = as_text(v, 64)
    if t is None:
        return False
    c = compact(t)
    return 4 <= len(c) <= 32 and c.isalnum() and sum(map(str.isdigit, c)) >= 3


def _numberish(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    t = as_text(v, 32)
    if t is None:
        return False
    try:
        float(t)
        return True
    except ValueError:
        return False


def _age_compat(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return 0 <= v <= 130
    return _short_text(v, 1, 24)


def _not_long_text(v: Any) -> bool:
    return isinstance(v, (bool, int, float)) or _short_text(v, 1, 64)


def _coord_compat(v: Any) -> bool:
    if isinstance(v, dict) or isinstance(v, list):
        return True
    if isinstance(v, bool):
        return False
    return _numberish(v) or _short_text(v, 3, 120)


#: a short code (WH-02, CAM_0013, B7): an identifier of a place, not its name
_CODE = re.compile(r"[A-Z]{1,4}[-_ ]?[0-9]{1,6}[A-Z]?|[0-9]{1,6}[-_ ]?[A-Z]{1,3}")


COMPAT: dict[str, Callable[[Any], bool]] = {
    "person.name": lambda v: _short_text(v, 1, 100) and sum(map(str.isdigit, v)) <= 2,
    "person.government_id": _digits_id,
    "person.internal_id": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (_short_text(v, 1, 64) and (" " not in v.strip() or v.replace(" ", "").isdigit())),
    "person.birthdate": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or _short_text(v, 4, 40),
    "person.age": _age_compat,
    "person.gender": lambda v: isinstance(v, (bool, int)) or _short_text(v, 1, 24),
    "person.phone": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (_short_text(v, 5, 40) and sum(map(str.isdigit, v)) >= 5),
    "person.email": lambda v: _short_text(v, 3, 320) and "@" in v,
    "person.address": lambda v: _short_text(v, 1, 400) or (isinstance(v, int) and not isinstance(v, bool)),
    "person.photo": lambda v: isinstance(v, (str, bytes, bytearray)) and len(v) >= 4,
    "person.vehicle_plate": lambda v: _short_text(v, 4, 16),
    "biometric.face_embedding": lambda v: isinstance(v, list) or (isinstance(v, str) and len(v) >= 64),
    "biometric.face_attributes": _not_long_text,
    "special.ethnicity": _not_long_text,
    "special.religion": _not_long_text,
    "special.health": lambda v: isinstance(v, (bool, int, float)) or _short_text(v, 1, 4096),
    "special.criminal": lambda v: isinstance(v, (bool, int, float)) or _short_text(v, 1, 4096),
    "special.political": _not_long_text,
    "special.sexual_orientation": _not_long_text,
    "location.coordinates": _coord_compat,
    "location.place": lambda v: _short_text(v, 2, 300) and not _numberish(v) and _CODE.fullmatch(v.strip()) is None,
    "time.timestamp": lambda v: (_numberish(v) and not isinstance(v, bool)) or _short_text(v, 6, 64),
    "device.mac": lambda v: _short_text(v, 12, 20),
    "device.imsi_imei": lambda v: _digits_id(v),
    "network.ip": lambda v: _short_text(v, 2, 60),
    "financial.card": lambda v: _digits_id(v),
    "financial.bank_account": lambda v: _digits_id(v),
    "credential.secret": lambda v: _short_text(v, 1, 16384) or (isinstance(v, int) and not isinstance(v, bool)),
}

#: categories that _score_all can give context (bonus) or mapping/geometry evidence;
#: the weak detectors of every other category may be skipped where the category
#: cannot pass (Classifier._category_may_pass): keep in step with _score_all
CONTEXT_CATEGORIES = frozenset({
    "biometric.face_embedding", "person.photo", "biometric.face_attributes", *SPECIAL,
    "location.coordinates", "person.birthdate", "time.timestamp", "network.ip",
})
#: skip weak detectors that cannot change a finding (see CONTEXT_CATEGORIES)
PRUNE = True
#: measure a detector's chance rate on a field only when its category could pass with it
LAZY_CHANCE = True
#: a detector that reads every text of a field judges each distinct text once (see _run_one)
TEXT_GROUPS = True

#: name-only categories: hits are the compatible values
NAME_DRIVEN = frozenset({"biometric.face_attributes", "location.place", "person.internal_id", *SPECIAL})


# ---------------------------------------------------------------- results


@dataclass
class DetectorResult:
    detector: ValueDetector
    hits: int
    examined: int
    matched: list[Any]
    chance: float
    strength: float
    standalone: bool
    llr: float = 0.0
    idx: list[int] = field(default_factory=list)
    vocab_rate: float = 0.0
    #: the detector's chance rate on this field, measured when first needed (see
    #: :meth:`resolve`); until then ``chance`` is 0 and ``strength`` uncapped,
    #: which bound the evidence from above
    pending: Callable[[], float] | None = None

    @property
    def rate(self) -> float:
        return self.hits / self.examined if self.examined else 0.0

    def resolve(self) -> DetectorResult:
        """Measure the chance rate now if it was left for later, and cap the strength by it."""
        if self.pending is not None:
            measure, self.pending = self.pending, None
            self.chance = measure()
            self.strength = min(self.strength, 1.5 * math.log(1.0 / self.chance))
        return self


@dataclass
class FieldAnalysis:
    """Everything the classifier worked out about one field (for tests and explain)."""

    path: str
    stats: FieldStats
    values: list[Any]
    kinds: Counter
    name: NameEvidence
    results: dict[str, DetectorResult] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    parts: dict[str, dict[str, float]] = field(default_factory=dict)
    extra_detectors: dict[str, list[str]] = field(default_factory=dict)
    context_bonus: dict[str, float] = field(default_factory=dict)
    evidence_bonus: dict[str, float] = field(default_factory=dict)
    chosen: list[str] = field(default_factory=list)
    distinct: int = 0
    #: category -> share of the values of a plausible type for it (COMPAT)
    compat: dict[str, float] = field(default_factory=dict)
    _text_positions: dict[str, list[int]] | None = field(default=None, repr=False)

    def text_positions(self, candidates: list[tuple[int, str]]) -> dict[str, list[int]]:
        """Each distinct text of the field's ``(index, text)`` candidates -> its indices, in order; once per field."""
        if self._text_positions is None:
            out: dict[str, list[int]] = {}
            for i, v in candidates:
                lst = out.get(v)
                if lst is None:
                    out[v] = [i]
                else:
                    lst.append(i)
            self._text_positions = out
        return self._text_positions

    def explain(self, category: str) -> dict[str, float]:
        """The parts of a category's score; ``upper_bound`` is set when the score is a bound
        (a category that cannot pass, whose chance rates were not measured)."""
        return dict(self.parts.get(category, {}))


# ---------------------------------------------------------------- helpers


#: the shape of a value that is not text or a number (see _value_shapes)
_NOT_TEXT = (-1, "")


_KIND_OF_TYPE: dict[type, str] = {str: "str", bool: "bool", int: "int", float: "float", list: "vector"}


def _value_kinds(values: list[Any]) -> list[str]:
    """:func:`value_kind` of each value; the plain JSON types by one dict lookup."""
    get = _KIND_OF_TYPE.get
    return [get(type(v)) or value_kind(v) for v in values]


def _value_shapes(values: list[Any]) -> list[tuple[int, str] | None]:
    """:func:`shape_key` of each value (``_NOT_TEXT`` for other kinds), repeated texts computed once."""
    seen: dict[Any, tuple[int, str] | None] = {}
    out: list[tuple[int, str] | None] = []
    for v in values:
        t = type(v)
        if t is str:
            k = seen.get(v, _NOT_TEXT)
            if k is _NOT_TEXT:
                # all digits: nothing to strip or compact (what shape_key would find)
                k = seen[v] = (len(v), "D") if v.isdigit() and len(v) <= SHAPE_TEXT else shape_key(v)
        elif t is int:
            k = seen.get(v, _NOT_TEXT)
            if k is _NOT_TEXT:
                k = seen[v] = shape_key(v)
        elif t is float:
            k = shape_key(v)
        else:
            k = _NOT_TEXT
        out.append(k)
    return out


def _share(fn: Callable[[Any], bool], values: list[Any], repeats: bool) -> int:
    """How many values ``fn`` accepts; a repeated text is judged once when values repeat."""
    if not repeats:
        return len(list(filter(fn, values)))
    verdicts: dict[str, bool] = {}
    n = 0
    for v in values:
        if type(v) is str:
            ok = verdicts.get(v)
            if ok is None:
                ok = verdicts[v] = bool(fn(v))
        else:
            ok = fn(v)
        if ok:
            n += 1
    return n


_SCALAR_TYPES = frozenset({str, int, float, bool})


def _distinct(values: list[Any]) -> int:
    if set(map(type, values)) <= _SCALAR_TYPES:  # what the loop below adds, at C speed
        return len(set(values))
    seen = set()
    for v in values:
        try:
            if isinstance(v, list):
                # the first 200 characters of repr(v) come from its first 67 items at most
                # (each item takes at least one character and a ", "): no need to repr the rest
                seen.add(repr(v[:67])[:200] if len(v) > 67 and type(v) is list else repr(v)[:200])
            else:
                seen.add(v if not isinstance(v, dict) else repr(v)[:200])
        except TypeError:
            seen.add(id(v))
    return len(seen)


def _vocabulary_rate(candidates: list[tuple[int, Any]], idx: list[int]) -> float:
    """For a categorical field (few distinct values, each repeated): the share
    of its distinct values (seen at least twice) that matched, scaled so that
    one matching label in five counts fully."""
    n = len(candidates)
    if n < 10:
        return 0.0
    counts = Counter(v for _, v in candidates if isinstance(v, str))
    if not counts or len(counts) > 50 or len(counts) > 0.2 * n:
        return 0.0
    hit_set = set(idx)
    matched_labels = {v for i, v in candidates if i in hit_set and isinstance(v, str) and counts[v] >= 2}
    if not matched_labels:
        return 0.0
    frequent = [v for v, c in counts.items() if c >= 2]
    return min(1.0, (len(matched_labels) / max(1, len(frequent))) / 0.2)


_LAT_WORDS = frozenset({"lat", "latitude", "wd", "weidu", "breite", "breitengrad", "latitud", "y", "широта"})
_LON_WORDS = frozenset({"lon", "lng", "long", "longitude", "jd", "jingdu", "lange", "laenge", "langengrad", "longitud", "x", "долгота"})


def _axis(path: str) -> str | None:
    leaf = path.rsplit(".", 1)[-1]
    info = segment_info(leaf)
    toks = set(info.tokens)
    if "纬度" in leaf or toks & _LAT_WORDS:
        if not toks & (_LON_WORDS - {"long"}) and "经度" not in leaf:
            return "lat"
    if "经度" in leaf or toks & _LON_WORDS:
        return "lon"
    return None


def _axis_stem(path: str) -> str:
    """The path with its latitude/longitude word removed, to pair siblings."""
    parent, _, leaf = path.rpartition(".")
    info = segment_info(leaf)
    rest = [t for t in info.tokens if t not in _LAT_WORDS and t not in _LON_WORDS]
    cjk = re.sub(r"纬度|经度", "", "".join(ch for ch in leaf if not ch.isascii()))
    return parent + "." + "_".join(rest) + cjk


_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
#: character -> the pool _redraw draws its replacement from
_POOLS = {ch: pool for pool in (_DIGITS, _UPPER, _LOWER) for ch in pool}


def _redraw(value: Any, rng: random.Random) -> Any:
    """The value with its digits and letters re-drawn at random (same shape)."""
    if isinstance(value, bool):
        return value
    r = rng.random
    if isinstance(value, int):
        s = str(abs(value))
        t = _DIGITS[1 + int(r() * 9)] + "".join([_DIGITS[int(r() * 10)] for _ in range(len(s) - 1)])
        return int(t) if value >= 0 else -int(t)
    if isinstance(value, str):
        # one draw per ASCII digit or letter, from its own pool; other characters kept
        pools = _POOLS
        out = []
        for ch in value:
            pool = pools.get(ch)
            out.append(ch if pool is None else pool[int(r() * len(pool))])
        return "".join(out)
    return value


def _field_regions(sample: CollectionSample, path: str, config_regions: list[str]) -> list[str]:
    regions = list(config_regions)
    for sib in sample.sibling_paths(path):
        info = segment_info(sib.rsplit(".", 1)[-1])
        if {"country", "nationality", "region", "land", "pays", "pais", "guojia"} & set(info.tokens) or "国家" in sib:
            counts = Counter(str(v).strip().upper() for v in sample.fields[sib].values if isinstance(v, str) and len(v.strip()) == 2)
            for code, _ in counts.most_common(2):
                if code.isalpha() and code not in regions:
                    regions.append(code)
    return regions


# ---------------------------------------------------------------- the classifier


class Classifier:
    """Classify the fields of a :class:`CollectionSample` into report categories."""

    def __init__(self, config: DetectConfig | None = None):
        self.config = config or DetectConfig()
        dets = [d for d in builtin_detectors() if d.id not in self.config.disabled_detectors]
        dets.extend(self.config.custom_detectors)
        self.detectors: list[ValueDetector] = dets
        self.by_id = {d.id: d for d in dets}
        self._order = {d.id: i for i, d in enumerate(dets)}
        self.threshold = self.config.threshold
        self._typed_cache: dict[frozenset[str], list[ValueDetector]] = {}
        self._threshold_logit = math.log(self.threshold / (1.0 - self.threshold))

    # ------------------------------------------------------------ public API
    def classify(self, sample: CollectionSample, *, exact_hits: bool = True) -> list[FieldFinding]:
        """Findings per field of the sample.

        ``exact_hits=False`` is for ``--full`` scans, whose hit counts come
        from :meth:`hit_counter` over every document: a detector that matches
        (nearly) every value then stops once its rate is settled, so the
        findings' sample ``hits`` may be lower than the sample's true count.
        """
        return [self._finding(a) for a in self.analyze(sample, exact_hits=exact_hits).values()]

    def hit_counter(self, sample: CollectionSample, findings: list[FieldFinding]) -> HitCounter:
        analyses = getattr(sample, "_leakwarden_analyses", None)
        if analyses is None:
            analyses = self.analyze(sample)
        return HitCounter(self, analyses, findings)

    def prepare(self) -> Classifier:
        """Load the lexicon, dictionaries and every detector's data now rather than on first use."""
        default_lexicon()
        for category in DICTIONARY_FILES:
            load_dictionary(category)
        inner_categories("")
        for det in self.detectors:
            det.prepare()
        return self

    def detector_info(self) -> list[dict[str, Any]]:
        return [d.info() for d in self.detectors]

    # ------------------------------------------------------------ analysis
    def analyze(self, sample: CollectionSample, *, exact_hits: bool = True) -> dict[str, FieldAnalysis]:
        """Run detectors and score every field; returns per-path analyses."""
        cfg = self.config
        analyses: dict[str, FieldAnalysis] = {}
        cjk_collection = has_cjk(sample.name) or any(has_cjk(p) for p in sample.fields)
        for path, fs in sample.fields.items():
            if cfg.path_allowed(path):
                continue
            if cfg.allow_values:
                values = [v for v in fs.values if v is not None and not cfg.value_allowed(v)][: cfg.max_values]
            else:
                values = [v for v in fs.values if v is not None][: cfg.max_values]
            value_kinds = _value_kinds(values)
            kinds = Counter(value_kinds)
            if not values and fs.mapping_type is None:
                continue
            name = name_evidence(path, sample.name)
            a = FieldAnalysis(path, fs, values, kinds, name)
            a.distinct = _distinct(values)
            regions = _field_regions(sample, path, cfg.regions)
            if cjk_collection and "CN" not in regions:
                regions.append("CN")
            self._run_detectors(a, regions, settle=not exact_hits, value_kinds=value_kinds)
            analyses[path] = a
        self._score_all(sample, analyses)
        try:
            sample._leakwarden_analyses = analyses  # type: ignore[attr-defined]
        except AttributeError:  # pragma: no cover - slotted sample
            pass
        return analyses

    def _applicable(self, det: ValueDetector, a: FieldAnalysis) -> bool:
        if not (det.types & a.kinds.keys()):
            return False
        return self._applicable_here(det, a)

    def _applicable_here(self, det: ValueDetector, a: FieldAnalysis) -> bool:
        """:meth:`_applicable` for a detector that reads one of the field's value kinds."""
        if det.needs_concept is not None and a.name.get(det.needs_concept) < det.needs_weight:
            return False
        if isinstance(det, CustomDetector) and not det.applies_to(a.path):
            return False
        return True

    def _typed(self, kinds: Iterable[str]) -> list[ValueDetector]:
        """The detectors (in order) that read at least one of ``kinds``; remembered per kind set."""
        key = frozenset(kinds)
        dets = self._typed_cache.get(key)
        if dets is None:
            dets = self._typed_cache[key] = [d for d in self.detectors if d.types & key]
        return dets

    def _run_detectors(
        self, a: FieldAnalysis, regions: list[str], *, settle: bool = False, value_kinds: list[str] | None = None,
    ) -> None:
        if value_kinds is None:
            value_kinds = _value_kinds(a.values)
        by_kind: dict[str, list[tuple[int, Any]]] = {}
        for iv in enumerate(a.values):
            k = value_kinds[iv[0]]
            lst = by_kind.get(k)
            if lst is None:
                by_kind[k] = [iv]
            else:
                lst.append(iv)
        total = len(a.values)
        repeats = a.distinct < 0.9 * total
        # the field's value shapes, once: a shape-gated detector none of whose
        # shapes occurs cannot match any value, and is skipped in one set lookup;
        # one that runs skips, value by value, the values of other shapes
        shapes: list[tuple[int, str] | None] | None = None
        keys: set[tuple[int, str] | None] = set()
        letters = False
        context: dict[str, Any] = {"regions": tuple(regions) or DEFAULT_REGIONS}
        deferred: list[ValueDetector] = []
        applicable = self._applicable_here
        for det in self._typed(by_kind):
            if not applicable(det, a):
                continue
            if det.shapes is not None or det.needs_letters:
                if shapes is None:
                    shapes = _value_shapes(a.values)
                    keys = set(shapes)
                    letters = any(k is None or k[1] != "D" for k in keys if k != _NOT_TEXT)
                if det.shapes is not None and det.shapes.isdisjoint(keys):
                    continue
                if det.needs_letters and not letters:
                    continue
            if PRUNE and self._deferrable(det):
                deferred.append(det)
                continue
            self._run_one(a, det, by_kind, total, repeats, context, regions, settle, shapes)
        if not deferred:
            return
        # Weak (non-standalone) detectors run only where their category could still
        # be reported: a phone-number shape means nothing in a field no name calls a phone.
        ran = len(a.results)
        for det in deferred:
            if self._category_may_pass(a, det.category, deferred):
                self._run_one(a, det, by_kind, total, repeats, context, regions, settle, shapes)
        if len(a.results) > ran:  # back to the detectors' order (ties in the findings follow it)
            order = self._order
            a.results = dict(sorted(a.results.items(), key=lambda kv: order[kv[0]]))

    def _deferrable(self, det: ValueDetector) -> bool:
        """A weak detector of a category that gets no context or mapping evidence (see _score_all)."""
        return (
            not det.standalone
            and det.category not in CONTEXT_CATEGORIES
            and type(det).assess is ValueDetector.assess
            and not isinstance(det, CustomDetector)
        )

    def _category_may_pass(self, a: FieldAnalysis, category: str, deferred: list[ValueDetector]) -> bool:
        """Whether ``category`` could reach the threshold, whatever its deferred detectors find.

        An upper bound of ``_score``: no context or mapping evidence for these
        categories, every detector at full rate, weak ones capped without a name signal.
        """
        nm = a.name.get(category)
        support = nm >= 1.0
        deferred_best = 0.0
        for det in deferred:
            if det.category == category:
                deferred_best = max(deferred_best, det.strength if support else min(det.strength, WEAK_CAP))
        threshold = self._threshold_logit
        if PRIOR + nm + deferred_best >= threshold:
            return True
        # a result's strength before its cap by a chance rate not measured yet bounds it from
        # above: the strongest are measured first, and only while the answer is still open
        for r in sorted((r for r in a.results.values() if r.detector.category == category), key=lambda r: -r.strength):
            if PRIOR + nm + r.strength < threshold:
                return False
            if PRIOR + nm + r.resolve().strength >= threshold:
                return True
        return False

    def _run_one(
        self,
        a: FieldAnalysis,
        det: ValueDetector,
        by_kind: dict[str, list[tuple[int, Any]]],
        total: int,
        repeats: bool,
        context: dict[str, Any],
        regions: list[str],
        settle: bool,
        shapes: list[tuple[int, str] | None] | None = None,
    ) -> None:
        if det.id == "phone.national" and not regions:
            region = best_region(a.values)
            bound = {"regions": (region,) if region else DEFAULT_REGIONS[:3]}
        else:
            bound = context
        matcher = det.bind(bound)
        # for the values that passed the prefilter: the matcher without its own prefilter call
        checked = det.bind_prefiltered(bound)
        hits = tried = 0
        matched: list[Any] = []
        idx: list[int] = []
        # the values of the kinds it reads, in the sample's order (not the kind set's)
        kinds = [k for k in by_kind if k in det.types]
        if len(kinds) == 1:
            candidates = by_kind[kinds[0]]
        else:
            candidates = sorted(iv for k in kinds for iv in by_kind[k])
        prefilter = det.prefilter
        settle_at = SETTLE_AFTER if settle and not det.vocabulary else 0
        # a field whose values repeat: each distinct text is judged once
        memo: dict[str, bool] | None = {} if repeats else None
        read_all = memo is not None and getattr(det, "read_all", False)
        # no match in the first values of a field not named for the category: stop
        # (a field named for it is read on: its values may mix kinds, IPv4 and IPv6)
        zero_exit = ZERO_EXIT if a.name.get(det.category) <= 0 else -1
        gate = det.shapes if shapes is not None else None
        if TEXT_GROUPS and read_all and not settle_at and gate is None and kinds == ["str"]:
            # every value is read and repeats are judged once: judge each distinct text
            # (in order of first appearance, as the loop below would) and take its positions
            hit_lists: list[list[int]] = []
            for v, positions in a.text_positions(candidates).items():
                try:
                    ok = bool(prefilter(v) and checked(v))
                except Exception:  # noqa: BLE001 - the isolation point, as below
                    ok = False
                if ok:
                    hit_lists.append(positions)
            tried = len(candidates)
            idx = hit_lists[0][:] if len(hit_lists) == 1 else sorted(chain.from_iterable(hit_lists))
            hits = len(idx)
            matched = [a.values[i] for i in idx[:MAX_MATCHED_KEPT]]
            candidates_read: list[tuple[int, Any]] = []
        else:
            candidates_read = candidates
        for i, v in candidates_read:
            tried += 1
            if gate is not None and shapes[i] not in gate:  # type: ignore[index]
                ok = False  # a shape it never matches (what its prefilter would say)
            elif memo is not None and type(v) is str:
                ok = memo.get(v)
                if ok is None:
                    try:  # the isolation point (see base.safe_call), inlined
                        ok = bool(prefilter(v) and checked(v))
                    except Exception:  # noqa: BLE001
                        ok = False
                    memo[v] = ok
            else:
                try:
                    ok = bool(prefilter(v) and checked(v))
                except Exception:  # noqa: BLE001
                    ok = False
            if ok:
                hits += 1
                idx.append(i)
                if len(matched) < MAX_MATCHED_KEPT:
                    matched.append(v)
            elif not read_all and ((not hits and tried == zero_exit) or (tried >= EARLY_EXIT and hits < tried * EARLY_EXIT_RATE)):
                # a sequential test: this detector will not decide the field
                # (a categorical field is read to the end by free-text vocabulary
                # detectors: one label in five decides it, memoised repeats are cheap)
                break
            if settle_at and tried >= settle_at and (hits >= tried * SETTLE_RATE or tried >= SETTLE_MAX):
                break  # the other side of the test: its rate is settled
        if hits == 0:
            return
        if tried == len(candidates):
            examined = total
        elif settle_at and tried >= settle_at and (hits >= tried * SETTLE_RATE or tried >= SETTLE_MAX):
            # the rate over the candidates, scaled to every value as a full pass counts it
            examined = max(tried, round(tried * total / len(candidates)))
        else:
            examined = max(tried, 1)
        vocab_rate = 0.0
        if det.vocabulary and examined == total:
            vocab_rate = _vocabulary_rate(candidates, idx)
        strength, standalone = det.assess(matched)
        chance = det.chance
        pending = None
        if chance is None:
            # measured on re-drawn values, but only once the category could pass with it
            # (scoring bounds the evidence with chance 0 first: see _score); the draws
            # are the same in every scan, whenever they are made and whatever else ran
            chance = 0.0
            seed = zlib.crc32(f"{a.path}\x1f{det.id}".encode("utf-8", "surrogatepass"))
            pending = partial(self._measure_chance, matcher, det, [v for _, v in candidates], seed)
        r = a.results[det.id] = DetectorResult(det, hits, examined, matched, chance, strength, standalone, idx=idx,
                                               vocab_rate=vocab_rate, pending=pending)
        if not LAZY_CHANCE:
            r.resolve()

    def _measure_chance(self, matcher: Callable[[Any], bool], det: ValueDetector, candidates: list[Any], seed: int) -> float:
        """The share of the field's values, re-drawn at random (digits and letters), that ``matcher`` accepts."""
        rng = random.Random(seed)
        # the first RANDOM_PROBES of the first 2 * RANDOM_PROBES candidates that pass the prefilter
        probes = list(islice(filter(partial(safe_call, det.prefilter), candidates[:RANDOM_PROBES * 2]), RANDOM_PROBES))
        if not probes:
            return 0.5
        n = 0
        hits = 0
        rounds = max(1, RANDOM_PROBES // len(probes))
        for _ in range(rounds):
            for v in probes:
                n += 1
                if safe_call(matcher, _redraw(v, rng)):
                    hits += 1
        return min(0.99, max(hits / n, 0.5 / n))

    # ------------------------------------------------------------ scoring
    def _score_all(self, sample: CollectionSample, analyses: dict[str, FieldAnalysis]) -> None:
        face_paths = {p for p, a in analyses.items() if a.name.has("ctx.face")}
        coll_face = any(k == "collection.ctx.face" for a in analyses.values() for k in a.name.context) or bool(face_paths)
        # First pass without cross-field context; tells which fields are person data.
        for a in analyses.values():
            self._score(a, {}, {})
        person_cats = {"person.name", "person.government_id", "person.internal_id", "person.phone", "biometric.face_attributes"}
        person_ctx = any(set(a.chosen) & person_cats for a in analyses.values()) or any(
            k == "collection.entity.person" for a in analyses.values() for k in a.name.context
        )
        pairs = self._coordinate_pairs(sample, analyses)
        geojson = self._geojson_vectors(sample, analyses)
        for path, a in analyses.items():
            bonus: dict[str, float] = {}
            evidence: dict[str, float] = {}
            extra: dict[str, list[str]] = {}
            path_face = path in face_paths
            sib_face = any(p in face_paths for p in sample.sibling_paths(path))
            face = 3.0 if path_face else (2.5 if sib_face else (2.0 if coll_face else 0.0))
            vec_other = a.name.context.get("ctx.vector", 0.0) > 0
            coll_vec_other = a.name.context.get("collection.ctx.vector", 0.0) > 0
            product = a.name.context.get("ctx.product", 0.0) > 0
            coll_product = a.name.context.get("collection.ctx.product", 0.0) > 0
            # embeddings: face context for, other-vector context against
            emb = face - (5.0 if vec_other else (2.0 if coll_vec_other and not path_face else 0.0))
            if emb:
                bonus["biometric.face_embedding"] = emb
                if face:
                    extra.setdefault("biometric.face_embedding", []).append("context.face")
            # photos: people/face context for, product context against
            ph = max(face, 2.0 if person_ctx else 0.0) - (3.5 if product and not path_face else (3.0 if coll_product and not path_face else 0.0))
            if ph:
                bonus["person.photo"] = ph
            # face attributes need face context
            bonus["biometric.face_attributes"] = 1.5 if (path_face or sib_face or coll_face) else -2.0
            # special categories: collection about that category (watch lists, patients)
            for cat in SPECIAL:
                if a.name.get(cat) >= 2.0 and a.name.context.get("collection." + cat, 0.0) > 0:
                    bonus[cat] = bonus.get(cat, 0.0) + 1.0
            # mapping types
            mt = (a.stats.mapping_type or "").lower()
            if mt == "geo_point":
                evidence["location.coordinates"] = evidence.get("location.coordinates", 0.0) + 5.0
                extra.setdefault("location.coordinates", []).append("mapping.geo_point")
            elif mt in ("dense_vector", "knn_vector"):
                dims = a.stats.mapping_info.get("dims") or a.stats.mapping_info.get("dimension")
                # a vector mapping says "vector", not "face": it counts only in face context
                if (dims is None or 64 <= int(dims) <= 4096) and face and not vec_other:
                    evidence["biometric.face_embedding"] = evidence.get("biometric.face_embedding", 0.0) + 2.0
                    extra.setdefault("biometric.face_embedding", []).append(f"mapping.{mt}")
            elif mt in ("date", "date_nanos"):
                cat = "person.birthdate" if a.name.get("person.birthdate") >= 2.5 else "time.timestamp"
                evidence[cat] = evidence.get(cat, 0.0) + 3.0
                extra.setdefault(cat, []).append("mapping.date")
            elif mt == "ip":
                evidence["network.ip"] = evidence.get("network.ip", 0.0) + 5.0
                extra.setdefault("network.ip", []).append("mapping.ip")
            if path in pairs:
                evidence["location.coordinates"] = evidence.get("location.coordinates", 0.0) + 4.5
                extra.setdefault("location.coordinates", []).append("geo.pair")
            if path in geojson:
                evidence["location.coordinates"] = evidence.get("location.coordinates", 0.0) + 4.0
                extra.setdefault("location.coordinates", []).append("geo.geojson")
            a.context_bonus = bonus
            a.evidence_bonus = evidence
            a.extra_detectors = extra
            self._score(a, bonus, evidence)

    def _score(self, a: FieldAnalysis, bonus: dict[str, float], evidence: dict[str, float]) -> None:
        name = a.name
        by_cat: dict[str, list[DetectorResult]] = {}
        for r in a.results.values():
            by_cat.setdefault(r.detector.category, []).append(r)
        n = len(a.values)
        nfac = 1.0 - math.exp(-(n + 1) / 4.0)
        # sorted: ties between categories are then broken the same way in every run
        cats = sorted(set(by_cat) | {c for c, w in name.categories.items() if w != 0} | {c for c, w in evidence.items() if w > 0})
        scores: dict[str, float] = {}
        parts: dict[str, dict[str, float]] = {}
        for cat in cats:
            if cat not in COMPAT:
                continue
            nm = name.get(cat)
            ev = evidence.get(cat, 0.0)
            ctx = bonus.get(cat, 0.0)
            support = nm >= 1.0 or ctx > 0.5 or ev > 0
            results = by_cat.get(cat, ())
            bound = any(r.pending is not None for r in results)
            if bound:
                # some chance rates are not measured yet: first the score with each of those
                # at chance 0 and its strength uncapped, which bounds the score from above
                # (the rate above chance, (r - q) / (c - q) clipped to [0, 1], does not grow
                # with q); only if that bound reaches the threshold (less a rounding margin)
                # are they measured and the score made exact
                ub = self._category_score(a, cat, results, nm, ev, ctx, support, n, nfac, upper=True)
                if ub[0] >= self._threshold_logit - BOUND_MARGIN:
                    for r in results:
                        r.resolve()
                    bound = False
            if bound:
                score, value, ctx = ub
            else:
                score, value, ctx = self._category_score(a, cat, results, nm, ev, ctx, support, n, nfac)
            scores[cat] = score
            parts[cat] = {"prior": PRIOR, "name": nm, "value": value, "context": ctx, "evidence": ev}
            if bound:
                parts[cat]["upper_bound"] = 1.0
        a.scores = scores
        a.parts = parts
        a.chosen = self._choose(scores)

    def _category_score(
        self, a: FieldAnalysis, cat: str, results: Iterable[DetectorResult], nm: float, ev: float, ctx: float,
        support: bool, n: int, nfac: float, *, upper: bool = False,
    ) -> tuple[float, float, float]:
        """``(score, value, context)`` of one category; ``upper``: unmeasured chance rates at their most favourable."""
        best = 0.0
        best_rate = 0.0
        for r in results:
            # an unmeasured result has chance 0 and its strength uncapped: its evidence at its most
            q = r.chance
            cov = max(r.detector.coverage, q + 0.05)
            rate = max(r.rate, r.vocab_rate)
            rp = (rate - q) / (cov - q) if q < 1.0 else 0.0
            rp = min(1.0, max(0.0, rp))
            llr = r.strength * rp * nfac
            if not r.standalone and not support:
                llr = min(llr, WEAK_CAP)
            if not upper:
                r.llr = max(r.llr, llr)
            best = max(best, llr)
            best_rate = max(best_rate, r.rate)
        if cat == "person.name" and n >= 30 and nm < 1.0:
            # names of people are many; a handful of repeated labels is a category, not names
            best *= min(1.0, a.distinct / (0.3 * n))
        value = best
        if nm > 0 and n:
            compat = a.compat.get(cat)
            if compat is None:  # the same in both scoring passes
                compat_fn = COMPAT[cat]
                compat = a.compat[cat] = _share(compat_fn, a.values, a.distinct < 0.9 * n) / n
            value -= INCOMPATIBLE_PENALTY * (1.0 - compat)
            if cat not in NAME_DRIVEN:
                value -= MISS_PENALTY.get(cat, 1.0) * (1.0 - best_rate) * min(1.0, compat * 1.5)
        elif not n:
            value = 0.0
        if best <= 0 and nm <= 0 and ev <= 0:
            ctx = min(ctx, 0.0)  # context modulates evidence; it is none on its own
        return PRIOR + nm + value + ctx + ev, value, ctx

    def _choose(self, scores: dict[str, float]) -> list[str]:
        passing = sorted((c for c, s in scores.items() if s >= self._threshold_logit), key=lambda c: -scores[c])
        chosen: list[str] = []
        for c in passing:
            if all(c in SPECIAL and k in SPECIAL for k in chosen):
                chosen.append(c)
        return chosen

    # ------------------------------------------------------------ cross-field evidence
    def _coordinate_pairs(self, sample: CollectionSample, analyses: dict[str, FieldAnalysis]) -> set[str]:
        """Latitude/longitude sibling fields judged as a pair."""
        axes: dict[str, list[tuple[str, str]]] = {}
        for path, a in analyses.items():
            ax = _axis(path)
            if ax is None:
                continue
            axes.setdefault(_axis_stem(path), []).append((ax, path))
        out: set[str] = set()
        for group in axes.values():
            lats = [p for ax, p in group if ax == "lat"]
            lons = [p for ax, p in group if ax == "lon"]
            if len(lats) != 1 or len(lons) != 1:
                continue
            lat_p, lon_p = lats[0], lons[0]
            if self._component_ok(analyses[lat_p], 90.0) and self._component_ok(analyses[lon_p], 180.0):
                out.update((lat_p, lon_p))
        return out

    @staticmethod
    def _component_ok(a: FieldAnalysis, limit: float) -> bool:
        vals = [component_value(v) for v in a.values]
        nums = [x for x in vals if x is not None]
        if not a.values or len(nums) < 0.9 * len(a.values):
            return False
        if not all(-limit <= x <= limit for x in nums):
            return False
        frac = sum(1 for x in nums if x != int(x))
        if frac < 0.8 * len(nums):
            return False
        return not all(-1.0 <= x <= 1.0 for x in nums)

    def _geojson_vectors(self, sample: CollectionSample, analyses: dict[str, FieldAnalysis]) -> set[str]:
        out: set[str] = set()
        for path, a in analyses.items():
            if not path.endswith("coordinates") or "vector" not in a.kinds:
                continue
            parent = path.rpartition(".")[0]
            type_path = f"{parent}.type" if parent else "type"
            fs = sample.fields.get(type_path)
            if fs and any(isinstance(v, str) and v.lower() in ("point", "multipoint") for v in fs.values):
                out.add(path)
        return out

    # ------------------------------------------------------------ findings
    def _deciding(self, a: FieldAnalysis) -> list[DetectorResult]:
        return [r for r in a.results.values() if r.detector.category in a.chosen and r.llr > 0.25]

    def _finding(self, a: FieldAnalysis) -> FieldFinding:
        n = len(a.values)
        if not a.chosen:
            return FieldFinding(path=a.path, categories=[], confidence=0.0, detectors=[], hits=0, examined=n, examples=[])
        deciding = self._deciding(a)
        detectors: list[str] = []
        for r in sorted(deciding, key=lambda r: -r.llr):
            detectors.append(r.detector.id)
        for cat in a.chosen:
            for d in a.extra_detectors.get(cat, ()):
                if d not in detectors:
                    detectors.append(d)
            if a.name.get(cat) >= 1.0 and "field.name" not in detectors:
                detectors.append("field.name")
        if deciding:
            hit_idx = sorted(set().union(*(r.idx for r in deciding)))
            hit_values = [a.values[i] for i in hit_idx]
        else:
            compat = [COMPAT[c] for c in a.chosen if c in COMPAT]
            hit_values = [v for v in a.values if any(f(v) for f in compat)]
        hits = len(hit_values)
        examples = []
        for v in hit_values:
            m = mask(v)
            if m not in examples:
                examples.append(m)
            if len(examples) == 3:
                break
        top = max(a.scores[c] for c in a.chosen)
        return FieldFinding(
            path=a.path,
            categories=list(a.chosen),
            confidence=round(sigmoid(top), 3),
            detectors=detectors,
            hits=hits,
            examined=n,
            examples=examples,
        )


# ---------------------------------------------------------------- --full mode


class HitCounter:
    """Exact hit counts over a stream of flattened records (``--full`` scans).

    Only the fields that got a category are looked at, and for each only the
    detectors that decided it (or, for name-driven categories, the cheap
    type check), so a record costs a dict lookup per reported field plus one
    check per value.  A field's repeated short text values are checked once:
    the verdict is remembered per field (a bounded memo, in memory only, given
    up on fields whose values hardly repeat).
    """

    def __init__(self, classifier: Classifier, analyses: dict[str, FieldAnalysis], findings: Iterable[FieldFinding]):
        self._findings = {f.path: f for f in findings}
        self._checks: dict[str, Callable[[Any], bool]] = {}
        self.hits: dict[str, int] = {}
        self.examined: dict[str, int] = {}
        # path -> [check, memo or None, hits, examined, memo hits]
        self._state: dict[str, list[Any]] = {}
        allow_values = classifier.config.allow_values
        for path, f in self._findings.items():
            if not f.categories:
                continue
            a = analyses.get(path)
            checks: list[Callable[[Any], bool]] = []
            if a is not None:
                # a value is a hit when any of them matches: the likeliest first
                for r in sorted(classifier._deciding(a), key=lambda r: -r.rate):
                    checks.append(r.detector.match)
            if not checks:
                checks = [COMPAT[c] for c in f.categories if c in COMPAT]
            check = _combine(checks, allow_values)
            self._checks[path] = check
            self._state[path] = [check, {}, 0, 0, 0]

    def update(self, flat: dict[str, list[Any]]) -> None:
        state = self._state
        if len(state) < len(flat):  # walk the shorter of the two
            get = flat.get
            pairs = [(values, st) for path, st in state.items() if (values := get(path))]
        else:
            sget = state.get
            pairs = [(values, st) for path, values in flat.items() if (st := sget(path)) is not None]
        for values, st in pairs:
            check, memo, h, e, reused = st
            for v in values:
                if memo is not None and type(v) is str:
                    e += 1
                    r = memo.get(v)
                    if r is not None:
                        reused += 1
                        h += r
                        continue
                    try:
                        r = 1 if check(v) else 0
                    except Exception:  # noqa: BLE001 - isolation point: a detector must never stop a scan
                        r = 0
                    h += r
                    if len(v) <= MEMO_MAX_CHARS:
                        memo[v] = r
                        n = len(memo)
                        if n == MEMO_PROBE and reused < MEMO_PROBE // 8:
                            memo = st[1] = None  # values hardly repeat (IDs, phones): the memo does not pay
                        elif n >= MEMO_CAP:
                            if reused < MEMO_CAP:  # values hardly repeat: the memo does not pay
                                memo = st[1] = None
                            else:
                                memo.clear()
                    continue
                if v is None:
                    continue
                e += 1
                try:
                    if check(v):
                        h += 1
                except Exception:  # noqa: BLE001 - isolation point: a detector must never stop a scan
                    pass
            st[2] = h
            st[3] = e
            st[4] = reused

    def finish(self) -> list[FieldFinding]:
        out: list[FieldFinding] = []
        for path, st in self._state.items():
            self.hits[path] = st[2]
            self.examined[path] = st[3]
        for path, f in self._findings.items():
            if path in self._state:
                out.append(f.model_copy(update={"hits": self.hits[path], "examined": self.examined[path]}))
            else:
                out.append(f)
        return out


def _combine(checks: list[Callable[[Any], bool]], allow_values: set[str]) -> Callable[[Any], bool]:
    if allow_values:
        inner = _combine(checks, set())

        def allowed(v: Any) -> bool:
            t = as_text(v, 512)
            return (t is None or t not in allow_values) and inner(v)

        return allowed
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        c0, c1 = checks
        return lambda v: bool(c0(v) or c1(v))
    if len(checks) == 3:
        c0, c1, c2 = checks
        return lambda v: bool(c0(v) or c1(v) or c2(v))
    return lambda v: any(c(v) for c in checks)
