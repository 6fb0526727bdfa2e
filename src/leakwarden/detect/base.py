"""The value-detector contract shared by every detector family.

A value detector looks at one value at a time.  It has

* ``id``: a stable dotted name (``id.cn_ric``, ``phone.e164``) that appears in
  findings under ``detectors``;
* ``category``: the report category (``report.CATEGORIES``) it gives evidence for;
* ``types``: the value kinds it can ever match (``str``, ``int``, ``float``,
  ``vector``, ``geo``), so whole fields of another kind are skipped at once;
* ``prefilter(value)``: a cheap check (length, character class) run first;
* ``match(value)``: the full check (regex, checksum, decode), returning bool;
* ``strength``: how much evidence (log-odds) a field whose values all match
  carries on its own, before name/context evidence;
* ``chance``: the rate at which unrelated values of the same *shape* match.
  ``None`` means "estimate it on the field": the classifier re-draws the
  field's digits/letters at random (keeping the shape) and measures how often
  the detector still matches.  That is what keeps short checksummed numbers
  (a 9-digit string passes several checksums ~10% of the time) from deciding
  a field alone;
* ``standalone``: whether value evidence alone may decide the category, or it
  needs a name or context signal too;
* ``derives``: categories derivable from a matching value (an ID number that
  encodes date of birth and sex), as metadata for the risk model.

``match`` never raises: every detector is written for values of any type and
size, and the sweep test ``tests/unit/detect/test_robustness.py`` holds every
registered detector to it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

#: Strings longer than this are not examined by ordinary detectors (image and
#: vector blobs set their own limits).
MAX_TEXT = 4096
#: The text length :func:`short_text` looks at (ID and account numbers).
SHORT_TEXT = 40

_SEPARATORS = re.compile(r"[\s\-./()_]+")


def as_text(value: Any, max_len: int = MAX_TEXT) -> str | None:
    """The value as a stripped string for text detectors, or None.

    Integers become their decimal form (IDs and phones are often stored as
    numbers); integral floats too.  Booleans, containers and very long strings
    give None.
    """
    if isinstance(value, str):
        if len(value) > max_len:
            return None
        return value.strip()
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if -10**40 < value < 10**40:
            return str(value)
        return None
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return None
    return None


def compact(text: str) -> str:
    """Remove the usual separators (space, -, ., /, parentheses, _)."""
    return _SEPARATORS.sub("", text)


@lru_cache(maxsize=4096, typed=True)
def _short_text_cached(value: str | int) -> tuple[str, str] | None:
    t = as_text(value, SHORT_TEXT)
    return None if t is None else (t, compact(t))


def short_text(value: Any) -> tuple[str, str] | None:
    """``(as_text(value, 40), compact(...))``, or None.

    Dozens of number detectors (checksummed IDs, bank accounts) start with
    these two steps on the same value: the last few thousand answers are
    remembered (in memory only).
    """
    tv = type(value)
    if tv is str:
        if len(value) > SHORT_TEXT:
            return None
        return _short_text_cached(value)
    if tv is int:
        return _short_text_cached(value)
    t = as_text(value, SHORT_TEXT)
    return None if t is None else (t, compact(t))


#: The longest text :func:`shape_key` describes (twice the longest compacted
#: number a shape-gated detector matches: IBANs with their spaces).
SHAPE_TEXT = 68


def shape_key(value: Any) -> tuple[int, str] | None:
    """``(length of the compacted text, class)`` of a str/int value, or None when too long.

    The class is ``"D"`` when the compacted text is all digits (any script),
    ``"A"`` when it is letters and digits (any script), ``"X"`` otherwise.
    """
    if type(value) is str:  # as_text inlined
        if len(value) > SHAPE_TEXT:
            return None
        t = value.strip()
    else:
        t = as_text(value, SHAPE_TEXT)
        if t is None:
            return None
    if t.isalnum():  # letters and digits hold no separator: nothing to compact
        return len(t), ("D" if t.isdigit() else "A")
    c = _SEPARATORS.sub("", t)
    return len(c), ("D" if c.isdigit() else "A" if c.isalnum() else "X")


def shape_set(lengths: Iterable[int], classes: str) -> frozenset[tuple[int, str]]:
    """The shape keys of the given compacted lengths and classes (``"DA"``...)."""
    return frozenset((n, k) for n in lengths for k in classes)


def value_kind(value: Any) -> str:
    """The kind names used by ``ValueDetector.types``."""
    if isinstance(value, str):
        return "str"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dict):
        return "geo" if "lat" in value and "lon" in value else "object"
    if isinstance(value, list):
        return "vector"
    return "other"


@dataclass
class ValueDetector:
    """Base class: subclasses set the class attributes and override ``match``."""

    id: ClassVar[str] = ""
    category: ClassVar[str] = ""
    description: ClassVar[str] = ""
    types: ClassVar[frozenset[str]] = frozenset({"str", "int"})
    strength: ClassVar[float] = 4.0
    chance: ClassVar[float | None] = 0.0
    standalone: ClassVar[bool] = True
    derives: ClassVar[tuple[str, ...]] = ()
    #: share of values in a true field that this detector is expected to match;
    #: a field *named* for the category whose values it does not match at all
    #: loses this much evidence ("phone" holding booleans).
    coverage: ClassVar[float] = 0.9
    #: when set, the detector's evidence counts only in a field whose name
    #: carries this concept (a plain-text password shape means nothing in a
    #: field that is not named for passwords)
    needs_concept: ClassVar[str | None] = None
    #: the least name weight of ``needs_concept`` that counts
    needs_weight: ClassVar[float] = 0.5
    #: the shapes (see :func:`shape_key`) a value this detector matches can have
    #: (None: any); a necessary condition, so the classifier skips the detector
    #: for a whole field none of whose values has one of them, in one set lookup
    shapes: ClassVar[frozenset[tuple[int, str]] | None] = None
    #: the detector only matches values with a letter (shape class "A" or "X",
    #: or text too long for a shape): fields of digit strings are skipped
    needs_letters: ClassVar[bool] = False
    #: judge a categorical field by its vocabulary (distinct values) too: a
    #: status field whose values include "吸毒人员" labels people as drug users
    #: however rare the label is
    vocabulary: ClassVar[bool] = False

    def prefilter(self, value: Any) -> bool:
        return True

    def match(self, value: Any) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def assess(self, matched: list[Any]) -> tuple[float, bool]:
        """Strength and standalone-ness given the values of one field that matched.

        Dictionary detectors override it: a field whose matches are only
        generic words is weaker than one with specific terms.
        """
        return self.strength, self.standalone

    def prepare(self) -> None:
        """Load what matching needs (validator modules, word lists), once.

        Detectors load lazily on their first match; a long-running process
        (or a benchmark that times analysis only) loads everything up front.
        """

    def bind(self, context: dict[str, Any]) -> Callable[[Any], bool]:
        """A per-field matcher; detectors that need field context override it."""
        return self.match

    def bind_prefiltered(self, context: dict[str, Any]) -> Callable[[Any], bool]:
        """:meth:`bind`'s matcher for values :meth:`prefilter` accepted.

        The classifier calls ``prefilter(v) and matcher(v)``; a detector whose
        ``match`` starts with its own prefilter returns here what follows it,
        so that test is not made twice.  It must equal ``bind(context)`` on every
        value the prefilter accepts (tests/unit/detect/test_shapes.py checks).
        """
        return self.bind(context)

    def info(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "description": self.description,
            "strength": self.strength,
            "chance": self.chance,
            "standalone": self.standalone,
            "derives": list(self.derives),
        }


@dataclass
class RegexDetector(ValueDetector):
    """A detector made of a compiled pattern plus an optional validator.

    ``pattern`` is matched with ``fullmatch`` on the stripped text (or on the
    compacted text when ``compact_first``); ``validator`` gets the matched text.
    """

    pattern: ClassVar[re.Pattern[str]] = re.compile(r"(?!)")
    min_len: ClassVar[int] = 1
    max_len: ClassVar[int] = 256
    compact_first: ClassVar[bool] = False

    def prefilter(self, value: Any) -> bool:
        if type(value) is str:  # as_text inlined: the stripped text, if the value is short enough
            return len(value) <= self.max_len * 2 and len(value.strip()) >= self.min_len
        t = as_text(value, self.max_len * 2)
        return t is not None and self.min_len <= len(t) <= self.max_len * 2

    def match(self, value: Any) -> bool:
        cap = self.max_len * 2
        if type(value) is str:  # as_text inlined
            if len(value) > cap:
                return False
            t = value.strip()
        else:
            t = as_text(value, cap)
            if t is None:
                return False
        if self.compact_first and not t.isalnum():  # letters and digits only: nothing to compact
            t = _SEPARATORS.sub("", t)
        n = len(t)
        if n < self.min_len or n > self.max_len or self.pattern.fullmatch(t) is None:
            return False
        return self.validate(t)

    def validate(self, text: str) -> bool:
        return True


def safe_call(fn: Callable[[Any], bool], value: Any) -> bool:
    """Call a matcher at the isolation point between detectors and the classifier.

    Detectors are written not to raise; a custom detector or a library bug
    must still never stop a scan, so a raise counts as "no match".
    """
    try:
        return bool(fn(value))
    except Exception:  # noqa: BLE001 - isolation point, see docstring
        return False


@dataclass
class Registry:
    """All value detectors by id."""

    detectors: dict[str, ValueDetector] = field(default_factory=dict)

    def register(self, detector: ValueDetector) -> None:
        if not detector.id:
            raise ValueError(f"detector {type(detector).__name__} has no id")
        if detector.id in self.detectors:
            raise ValueError(f"duplicate detector id {detector.id!r}")
        self.detectors[detector.id] = detector

    def extend(self, detectors: Iterable[ValueDetector]) -> None:
        for d in detectors:
            self.register(d)

    def __iter__(self):
        return iter(self.detectors.values())

    def __len__(self) -> int:
        return len(self.detectors)

    def get(self, detector_id: str) -> ValueDetector | None:
        return self.detectors.get(detector_id)

    def by_category(self) -> dict[str, list[ValueDetector]]:
        out: dict[str, list[ValueDetector]] = {}
        for d in self.detectors.values():
            out.setdefault(d.category, []).append(d)
        return out
