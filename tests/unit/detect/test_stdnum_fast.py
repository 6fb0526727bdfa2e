"""The faster ``clean`` installed in stdnum modules gives the library's own results."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import util

from leakwarden.detect.values import _stdnum_fast as fast

LOOKALIKES = "".join(util._char_map)  # noqa: SLF001 - the mapping under test
DELETE = ["", " ", " -", " -.", " -./", "-./:", " -./,'", "'", "*"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(LOOKALIKES + "0123456789ABCXZabc -./:,'`*()+\u00a0\u2013"), max_size=30),
       st.sampled_from(DELETE))
def test_same_as_stdnum_on_lookalikes(text, deletechars):
    assert fast.clean(text, deletechars) == fast._original_clean(text, deletechars)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(DELETE))
def test_same_as_stdnum_on_any_text(text, deletechars):
    assert fast.clean(text, deletechars) == fast._original_clean(text, deletechars)


def test_loaded_module_uses_it_and_still_validates():
    nl_bsn = fast.load("nl.bsn")
    assert nl_bsn.clean is fast.clean
    assert nl_bsn.is_valid("111222333") and nl_bsn.is_valid("1112.22.333")
    assert not nl_bsn.is_valid("111222334")
    assert fast.load("iban").is_valid("GB82 WEST 1234 5698 7654 32")
