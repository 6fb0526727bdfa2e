"""Detection configuration: threshold, custom detectors and allow-lists.

A config file is YAML (``.yaml``/``.yml``) or TOML (``.toml``)::

    threshold: 0.5                 # report a category at or above this confidence
    regions: [DE, FR]              # phone regions tried for numbers without +CC
    disabled_detectors: [id.us_ssn]
    custom_detectors:
      - id: acme.employee_id       # shown in findings
        category: person.internal_id
        regex: 'EMP-\\d{6}'        # full match on the stripped value
        keywords: [employee, staff]  # field-name words; when given, only such fields
        validator: luhn            # luhn | iban | an stdnum module such as cn.ric
        strength: 4.0              # optional log-odds weight (default 4, 5 with a validator)
    allow:
      paths: ["logs.*", "*.debug_*"]   # field-path globs never reported
      values: ["test@example.com"]     # values never counted

In the spirit of Macie's custom data identifiers (regex + keywords + ignore
words) and allow lists.
"""

from __future__ import annotations

import fnmatch
import importlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from leakwarden.detect.base import RegexDetector, ValueDetector, as_text, compact
from leakwarden.detect.lexicon import fold, raw_tokens
from leakwarden.report import CATEGORIES


class ConfigError(ValueError):
    """The detection config is invalid; the message says which entry and why."""


def _luhn(text: str) -> bool:
    from leakwarden.detect.values.network import _luhn_ok

    d = compact(text)
    return (d.isascii() and d.isdigit()) and len(d) >= 2 and _luhn_ok(d)


def _iban(text: str) -> bool:
    from stdnum import iban

    try:
        return iban.is_valid(text)
    except Exception:  # noqa: BLE001 - third-party validator
        return False


def resolve_validator(name: str) -> Callable[[str], bool]:
    """``luhn``, ``iban`` or a python-stdnum module name (``cn.ric``, ``nl.bsn``)."""
    key = name.strip().lower()
    if key == "luhn":
        return _luhn
    if key == "iban":
        return _iban
    module_name = key.removeprefix("stdnum.")
    if not re.fullmatch(r"[a-z_]+(?:\.[a-z_0-9]+)*", module_name):
        raise ConfigError(f"unknown validator {name!r}: use luhn, iban or a python-stdnum module such as cn.ric")
    try:
        module = importlib.import_module("stdnum." + module_name)
    except ImportError as exc:
        raise ConfigError(f"unknown validator {name!r}: no python-stdnum module stdnum.{module_name}") from exc
    if not hasattr(module, "is_valid"):
        raise ConfigError(f"validator {name!r}: stdnum.{module_name} has no is_valid()")

    def check(text: str) -> bool:
        try:
            return bool(module.is_valid(text))
        except Exception:  # noqa: BLE001 - third-party validator
            return False

    return check


class CustomDetector(RegexDetector):
    """A detector built from config: regex + optional validator + field-name keywords."""

    types = frozenset({"str", "int"})

    def __init__(self, spec: dict[str, Any]):
        try:
            self.id = str(spec["id"])
            self.category = str(spec["category"])
            regex = str(spec["regex"])
        except KeyError as exc:
            raise ConfigError(f"custom detector {spec!r}: missing key {exc.args[0]!r} (id, category and regex are required)") from exc
        if self.category not in CATEGORIES:
            raise ConfigError(f"custom detector {self.id!r}: unknown category {self.category!r}; use one of report.CATEGORIES")
        try:
            self.pattern = re.compile(regex)
        except re.error as exc:
            raise ConfigError(f"custom detector {self.id!r}: invalid regex: {exc}") from exc
        self.description = str(spec.get("description") or f"custom detector {self.id}")
        validator = spec.get("validator")
        self._validator = resolve_validator(str(validator)) if validator else None
        self.keywords = tuple(fold(str(k)) for k in spec.get("keywords") or ())
        self.strength = float(spec.get("strength", 5.0 if validator else 4.0))
        self.chance = 0.0
        self.standalone = True
        self.min_len = 1
        self.max_len = int(spec.get("max_length", 256))

    def validate(self, text: str) -> bool:
        return self._validator(text) if self._validator else True

    def applies_to(self, path: str) -> bool:
        """True when the field name carries one of the keywords (or there are none)."""
        if not self.keywords:
            return True
        low = fold(path)
        tokens = set()
        for seg in path.split("."):
            tokens.update(raw_tokens(seg))
        return any(k in tokens or (len(k) >= 4 and k in low) for k in self.keywords)


@dataclass
class DetectConfig:
    threshold: float = 0.5
    regions: list[str] = field(default_factory=list)
    disabled_detectors: set[str] = field(default_factory=set)
    custom_detectors: list[ValueDetector] = field(default_factory=list)
    allow_paths: list[str] = field(default_factory=list)
    allow_values: set[str] = field(default_factory=set)
    #: values examined per field in classify() (the sample's reservoir is the upper bound)
    max_values: int = 500

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DetectConfig:
        data = dict(data or {})
        if "detect" in data and isinstance(data["detect"], dict):
            data = data["detect"]
        allow = data.get("allow") or {}
        if not isinstance(allow, dict):
            raise ConfigError("allow must be a mapping with 'paths' and/or 'values'")
        cfg = cls(
            threshold=float(data.get("threshold", 0.5)),
            regions=[str(r).upper() for r in data.get("regions") or []],
            disabled_detectors={str(d) for d in data.get("disabled_detectors") or []},
            custom_detectors=[CustomDetector(spec) for spec in data.get("custom_detectors") or []],
            allow_paths=[str(p) for p in allow.get("paths") or []],
            allow_values={str(v) for v in allow.get("values") or []},
            max_values=int(data.get("max_values", 500)),
        )
        if not 0.0 < cfg.threshold < 1.0:
            raise ConfigError(f"threshold must be between 0 and 1, not {cfg.threshold}")
        ids = [d.id for d in cfg.custom_detectors]
        if len(ids) != len(set(ids)):
            raise ConfigError("custom detector ids must be unique")
        return cfg

    @classmethod
    def from_file(cls, path: str | Path) -> DetectConfig:
        p = Path(path)
        try:
            text = p.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read detection config {p}: {exc.strerror}") from exc
        try:
            if p.suffix.lower() == ".toml":
                data = tomllib.loads(text)
            else:
                data = yaml.safe_load(text)
        except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot parse detection config {p}: {exc}") from exc
        if data is not None and not isinstance(data, dict):
            raise ConfigError(f"detection config {p} must be a mapping at the top level")
        return cls.from_dict(data)

    def path_allowed(self, path: str) -> bool:
        """True when ``path`` is on the allow-list (never reported)."""
        return any(fnmatch.fnmatchcase(path, pat) for pat in self.allow_paths)

    def value_allowed(self, value: Any) -> bool:
        if not self.allow_values:
            return False
        t = as_text(value, 512)
        return t is not None and t in self.allow_values
