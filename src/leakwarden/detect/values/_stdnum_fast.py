"""python-stdnum, loaded with a faster ``clean``.

Every stdnum validator starts with ``stdnum.util.clean(number, deletechars)``:
a Python generator over the characters that maps Unicode look-alikes (dashes,
full-width digits...) to ASCII, then another that drops the separators.  On
the numbers a scan checks (tens of validators per ID-shaped field) that is
half the cost of validation.  :func:`clean` gives exactly the same result with
one ``str.translate`` per call (a table per ``deletechars``), and
:func:`load` installs it in each stdnum module we import, so the library's
own checks run unchanged.  ``tests/unit/detect/test_stdnum_fast.py`` compares
the two on generated text.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

from stdnum import util as _util

_original_clean = _util.clean


@lru_cache(maxsize=64)
def _table(deletechars: str) -> dict[int, str]:
    # what the original does per character: map it (_char_map), then drop it
    # when the mapped character is one of deletechars
    table = {}
    for src, dst in _util._char_map.items():  # noqa: SLF001 - the library's own mapping, read once
        table[ord(src)] = "".join(ch for ch in dst if ch not in deletechars)
    for ch in deletechars:
        if ord(ch) not in table:
            table[ord(ch)] = ""
    return table


def clean(number: str, deletechars: str = "") -> str:
    """``stdnum.util.clean`` with the same result, in one translate for text."""
    if type(number) is not str:
        return _original_clean(number, deletechars)
    return number.translate(_table(deletechars))


@lru_cache(maxsize=None)
def load(name: str) -> ModuleType:
    """``stdnum.<name>``, its ``clean`` replaced by :func:`clean` (once: later calls are a lookup)."""
    module = importlib.import_module("stdnum." + name)
    if getattr(module, "clean", None) is _original_clean:
        module.clean = clean  # type: ignore[attr-defined]
    return module
