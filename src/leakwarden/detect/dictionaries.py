"""Dictionaries of special-category values (``data/<category>.tsv``).

Each file lists terms in several languages with a flag per line:
``s`` specific (the value alone says what the field holds: 维吾尔族, Hispanic or
Latino), ``w`` generic (only with a name signal: White, Black, none),
``x`` may be found inside free text (police notes).  Lookups fold case and
accents and collapse whitespace; short Latin terms (<= 4 letters) and single
CJK characters are generic whatever their flag, as they are too easily
something else.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Final

import ahocorasick

from leakwarden.detect.lexicon import fold, has_cjk

FILES = {
    "special.ethnicity": "ethnicity.tsv",
    "special.religion": "religion.tsv",
    "special.health": "health.tsv",
    "special.criminal": "criminal.tsv",
    "special.political": "political.tsv",
    "special.sexual_orientation": "sexual_orientation.tsv",
}


def _normalize(text: str) -> str:
    # runs of white space to one space: str.split() splits where re's \s+ matches
    # (both use str.isspace); the ends are stripped of spaces anyway
    return " ".join(fold(text).split()).strip(" .;,")


_normalize_recent = lru_cache(maxsize=4096)(_normalize)


def normalize(text: str) -> str:
    """Case- and accent-folded text with white space collapsed.

    The twelve dictionary detectors look at the same values: the answers for
    the last few thousand short texts are remembered (in memory only).
    """
    if len(text) <= 256:
        return _normalize_recent(text)
    return _normalize(text)


#: how many answers a memo below keeps before it starts afresh, and the longest
#: text it keeps one for (the lru_cache bounds these memos replace)
MEMO_SIZE: Final = 4096
LOOKUP_MEMO_CHARS: Final = 256
INNER_MEMO_CHARS: Final = 1024


@dataclass
class Dictionary:
    category: str
    specific: set[str] = field(default_factory=set)
    generic: set[str] = field(default_factory=set)
    inner: set[str] = field(default_factory=set)
    _automaton: object | None = None
    #: text -> :meth:`lookup`'s answer for the last texts looked up (short ones):
    #: the six dictionary detectors run over every text field
    memo: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def add(self, flag: str, term: str) -> None:
        t = normalize(term)
        if not t:
            return
        self.memo.clear()  # cleared, not replaced: matchers hold this dict (special.py)
        if flag == "x":
            self.inner.add(t)
            self._automaton = None
            return
        short = (not has_cjk(t) and len(t) <= 4) or (has_cjk(t) and len(t) == 1)
        if flag == "s" and not short:
            self.specific.add(t)
        else:
            self.generic.add(t)

    def lookup(self, text: str) -> str | None:
        """'s' or 'w' for a whole-value match, else None."""
        memo = self.memo
        if text in memo:
            return memo[text]
        kind = self._lookup(text)
        if len(text) <= LOOKUP_MEMO_CHARS:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[text] = kind
        return kind

    def _lookup(self, text: str) -> str | None:
        t = normalize(text)
        if t in self.specific:
            return "s"
        if t in self.generic:
            return "w"
        # 汉族 / 汉族人 / "Uyghur people"
        for suffix in (" people", "人", " (ethnicity)", "族"):
            if t.endswith(suffix) and t[: -len(suffix)].strip() in self.specific:
                return "s"
        return None

    def automaton(self):
        if self._automaton is None:
            a = ahocorasick.Automaton()
            for term in self.inner:
                a.add_word(term, term)
            if len(a):
                a.make_automaton()
            self._automaton = a
        return self._automaton

    def find_inner(self, text: str) -> bool:
        a = self.automaton()
        if not len(a):
            return False
        t = normalize(text)
        for end, term in a.iter(t):
            start = end - len(term) + 1
            if has_cjk(term):
                return True
            # Latin terms must sit on word boundaries
            before = t[start - 1] if start > 0 else " "
            after = t[end + 1] if end + 1 < len(t) else " "
            if not before.isalnum() and not after.isalnum():
                return True
        return False


def _parse(category: str, text: str) -> Dictionary:
    d = Dictionary(category)
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        flag = parts[0].strip()
        for term in parts[1:]:
            d.add(flag, term)
    return d


@lru_cache(maxsize=None)
def load(category: str) -> Dictionary:
    text = resources.files("leakwarden.detect").joinpath("data/" + FILES[category]).read_text("utf-8")
    return _parse(category, unicodedata.normalize("NFC", text))


@lru_cache(maxsize=1)
def _all_inner() -> object:
    """One automaton over the in-text terms of every category: term -> (term, categories)."""
    owners: dict[str, list[str]] = {}
    for category in FILES:
        for term in load(category).inner:
            owners.setdefault(term, []).append(category)
    a = ahocorasick.Automaton()
    for term, cats in owners.items():
        a.add_word(term, (term, frozenset(cats)))
    if len(a):
        a.make_automaton()
    return a


_NONE: frozenset[str] = frozenset()


def _inner_categories(text: str) -> frozenset[str]:
    a = _all_inner()
    if not len(a):  # type: ignore[arg-type]
        return _NONE
    t = normalize(text)
    found: set[str] = set()
    for end, (term, cats) in a.iter(t):  # type: ignore[attr-defined]
        if cats <= found:
            continue
        start = end - len(term) + 1
        if not has_cjk(term):
            # Latin terms must sit on word boundaries
            before = t[start - 1] if start > 0 else " "
            after = t[end + 1] if end + 1 < len(t) else " "
            if before.isalnum() or after.isalnum():
                continue
        found |= cats
    return frozenset(found)


#: text -> :func:`inner_categories` for the last texts asked about (up to
#: ``INNER_MEMO_CHARS`` long); the free-text detectors read it directly (special.py)
INNER_MEMO: Final[dict[str, frozenset[str]]] = {}


def inner_categories(text: str) -> frozenset[str]:
    """The categories with a term inside ``text`` (``Dictionary.find_inner`` of each, in one pass).

    The six free-text detectors read the same values: the answers for the
    last few thousand texts are remembered (in memory only).
    """
    cats = INNER_MEMO.get(text)
    if cats is not None:
        return cats
    cats = _inner_categories(text)
    if len(text) <= INNER_MEMO_CHARS:
        if len(INNER_MEMO) >= MEMO_SIZE:
            INNER_MEMO.clear()
        INNER_MEMO[text] = cats
    return cats

