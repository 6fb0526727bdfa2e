"""Value detectors, one family per module; each module exposes ``DETECTORS``.

:func:`builtin_detectors` walks this package (like stdnum's
``get_number_modules``), so a new family is a new module with a
``DETECTORS`` list and nothing else to register.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from leakwarden.detect.base import Registry, ValueDetector


def iter_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


@lru_cache(maxsize=1)
def builtin_detectors() -> tuple[ValueDetector, ...]:
    out: list[ValueDetector] = []
    for name in iter_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        out.extend(getattr(module, "DETECTORS", ()))
    return tuple(out)


def builtin_registry() -> Registry:
    reg = Registry()
    reg.extend(builtin_detectors())
    return reg
