"""The dictionary memos and the special-category detectors' matchers past the prefilter.

``Dictionary.lookup`` and ``inner_categories`` remember their last answers,
and the twelve dictionary detectors read those memos directly: each is
compared here with the plain computation (``Dictionary._lookup``,
``dictionaries._inner_categories``) on dictionary terms, text around them and
generated junk, with the memos empty, filled and overflowing.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from leakwarden.detect import dictionaries
from leakwarden.detect.dictionaries import FILES, INNER_MEMO, MEMO_SIZE, Dictionary, inner_categories, load
from leakwarden.detect.values.special import DictionaryDetector, DictionaryTextDetector

TEXT = [DictionaryTextDetector(c) for c in FILES]
WHOLE = [DictionaryDetector(c) for c in FILES]


def _texts(rng: random.Random) -> list[str]:
    out: list[str] = ["", " ", "none", "N/A", "x" * 1500, "维吾尔族", "Hispanic or Latino", "汉族人", "Uyghur people"]
    for category in FILES:
        d = load(category)
        words = sorted(d.specific | d.generic | d.inner)
        for term in rng.sample(words, k=min(60, len(words))):
            cut = rng.randrange(len(term) + 1)
            out += [term, term.upper(), f"  {term} ", term + " people", term + "人", term + " (ethnicity)", term[:cut],
                    f"note: {term}; see file", f"a{term}b", f"{term}{term}", "Ref. " + term * 30]
    alphabet = "abcdefgh ijklmn.,;-ÉéüØ汉族人维吾尔0123456789"
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40))) for _ in range(6000)]  # junk
    return out


def _check_text(text: str) -> None:
    want = dictionaries._inner_categories(text)  # noqa: SLF001 - the plain computation
    assert inner_categories(text) == want
    assert inner_categories(text) == want  # from the memo where it is kept
    for det in TEXT:
        if det.prefilter(text):
            assert det.bind_prefiltered({})(text) is (det.category in want) is det.match(text)
    for det in WHOLE:
        kind = load(det.category)._lookup(text)  # noqa: SLF001
        assert load(det.category).lookup(text) == kind
        if det.prefilter(text):
            assert det.bind_prefiltered({})(text) is (kind is not None) is det.match(text)


def test_memos_answer_as_the_plain_computation():
    rng = random.Random(7)
    texts = _texts(rng)
    assert len(texts) > 2 * MEMO_SIZE  # the memos overflow (and start afresh) on the way
    hits = 0
    for text in texts:
        _check_text(text)
        hits += any(d.prefilter(text) and d.match(text) for d in TEXT + WHOLE)
    assert hits > 1000
    assert len(INNER_MEMO) <= MEMO_SIZE
    assert all(len(load(c).memo) <= MEMO_SIZE for c in FILES)
    for text in rng.sample(texts, k=500):  # once more, from whatever the memos hold now
        _check_text(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.sampled_from(["维吾尔族", "Hispanic or Latino", "diabetes", "Muslim"]).flatmap(
    lambda term: st.tuples(st.text(max_size=8), st.text(max_size=8)).map(lambda ab: ab[0] + term + ab[1])))
def test_memos_on_generated_text(text):
    _check_text(text)


def test_adding_a_term_clears_the_lookup_memo():
    d = Dictionary("special.religion")
    assert d.lookup("Pastafarian") is None
    matcher_memo = d.memo  # a matcher holds this dict: it is cleared, not replaced
    d.add("s", "Pastafarian")
    assert d.memo is matcher_memo
    assert d.lookup("Pastafarian") == "s" == d._lookup("pastafarian")  # noqa: SLF001
