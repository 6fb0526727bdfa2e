"""Detectors whose ``match`` is their prefilter followed by a check of their own.

The classifier asks ``det.prefilter(v) and det.bind_prefiltered(context)(v)``
(see :meth:`ValueDetector.bind_prefiltered`).  A detector built on
:class:`PrefilteredDetector` writes its full test after the prefilter as
``_checked``; ``match`` runs both, and the classifier gets ``_checked``
itself, so the prefilter is not run twice per value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leakwarden.detect.base import ValueDetector


class PrefilteredDetector(ValueDetector):
    """``match(value)`` is ``prefilter(value) and _checked(value)``; subclasses write ``_checked``."""

    def match(self, value: Any) -> bool:
        return self.prefilter(value) and self._checked(value)

    def _checked(self, value: Any) -> bool:  # pragma: no cover - abstract
        """:meth:`match` for a value the prefilter accepted."""
        raise NotImplementedError

    def bind_prefiltered(self, context: dict[str, Any]) -> Callable[[Any], bool]:
        if type(self).bind is not ValueDetector.bind:
            # a subclass with a matcher of its own per field: that one, prefilter and all
            return self.bind(context)
        return self._checked
