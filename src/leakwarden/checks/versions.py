"""Version numbers, affected ranges and end-of-life lines (tables in ``data/*.yaml``).

Ranges are written the way OSV writes them: ``introduced`` (inclusive) and
``fixed`` (exclusive).  A pre-release (``8.0.0-rc1``) compares as its release,
which errs towards "affected" for ranges that end at that release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_VERSION = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0

    @classmethod
    def parse(cls, text: str | None) -> Version | None:
        if not text:
            return None
        m = _VERSION.match(str(text))
        if not m:
            return None
        return cls(int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class Range:
    introduced: Version
    fixed: Version | None  # None: no fixed release

    def contains(self, v: Version) -> bool:
        return self.introduced <= v and (self.fixed is None or v < self.fixed)

    def __str__(self) -> str:
        if self.fixed is None:
            return f">= {self.introduced}"
        if self.introduced == Version(0):
            return f"< {self.fixed}"
        return f"{self.introduced} – before {self.fixed}"


@dataclass(frozen=True)
class VulnerableRange:
    check_id: str
    cves: tuple[str, ...]
    advisory: str
    summary: str
    ranges: dict[str, tuple[Range, ...]]  # product -> ranges
    requires: str | None
    notes: str
    sources: tuple[str, ...]

    def affected(self, product: str, v: Version) -> Range | None:
        for r in self.ranges.get(product, ()):
            if r.contains(v):
                return r
        return None


def _load_yaml(name: str) -> Any:
    text = resources.files("leakwarden.checks").joinpath(f"data/{name}").read_text("utf-8")
    return yaml.safe_load(text)


def _v(text: Any) -> Version:
    v = Version.parse(str(text))
    if v is None:
        raise ValueError(f"bad version {text!r} in a version table")
    return v


@lru_cache(maxsize=1)
def load_version_ranges() -> dict[str, VulnerableRange]:
    data = _load_yaml("version_ranges.yaml")
    out: dict[str, VulnerableRange] = {}
    for check_id, entry in (data.get("ranges") or {}).items():
        ranges = {
            product: tuple(Range(_v(r.get("introduced", "0")), _v(r["fixed"]) if r.get("fixed") else None) for r in rs)
            for product, rs in (entry.get("affected") or {}).items()
        }
        out[check_id] = VulnerableRange(
            check_id=check_id,
            cves=tuple(entry.get("cves") or ()),
            advisory=str(entry.get("advisory") or ""),
            summary=str(entry.get("summary") or ""),
            ranges=ranges,
            requires=entry.get("requires"),
            notes=str(entry.get("notes") or "").strip(),
            sources=tuple(entry.get("sources") or ()),
        )
    return out


@dataclass(frozen=True)
class Line:
    """A release line (``7``, ``8.18``) and the day its maintenance ends (None: not announced)."""

    line: str
    eol: date | None
    note: str = ""

    def matches(self, v: Version) -> bool:
        parts = [int(p) for p in self.line.split(".")]
        return [v.major, v.minor][: len(parts)] == parts


@dataclass(frozen=True)
class EolTable:
    product: str
    lines: tuple[Line, ...]
    #: versions below this one are end of life whatever the lines say
    unsupported_below: Version
    #: a minor of a maintained major that is not listed is supported only if it is newer than every listed minor
    sources: tuple[str, ...]
    policy: str


@lru_cache(maxsize=1)
def load_eol_tables() -> dict[str, EolTable]:
    data = _load_yaml("eol.yaml")
    out: dict[str, EolTable] = {}
    for product, entry in (data.get("products") or {}).items():
        lines = []
        for item in entry.get("lines") or []:
            eol = item.get("eol")
            if isinstance(eol, str):
                eol = date.fromisoformat(eol)
            lines.append(Line(str(item["line"]), eol, str(item.get("note") or "")))
        out[product] = EolTable(
            product=product,
            lines=tuple(lines),
            unsupported_below=_v(entry.get("unsupported_below", "0")),
            sources=tuple(entry.get("sources") or ()),
            policy=str(entry.get("policy") or "").strip(),
        )
    return out


@dataclass(frozen=True)
class EolVerdict:
    end_of_life: bool | None  # None: the table does not know this line
    reason: str


def eol_verdict(product: str, v: Version, today: date) -> EolVerdict:
    table = load_eol_tables().get(product)
    if table is None:
        return EolVerdict(None, f"no end-of-life table for {product}")
    # the most specific line wins (8.19 before 8)
    candidates = sorted((ln for ln in table.lines if ln.matches(v)), key=lambda ln: -len(ln.line))
    if candidates:
        line = candidates[0]
        if line.eol is None:
            return EolVerdict(False, f"{product} {line.line} is maintained (no end date announced){_note(line)}")
        if line.eol <= today:
            return EolVerdict(True, f"{product} {line.line} reached end of life on {line.eol.isoformat()}{_note(line)}")
        return EolVerdict(False, f"{product} {line.line} is maintained until {line.eol.isoformat()}{_note(line)}")
    if v < table.unsupported_below:
        return EolVerdict(
            True, f"{product} {v} is older than every maintained line (oldest: {table.unsupported_below})"
        )
    newest = max((Version.parse(ln.line) or Version(0) for ln in table.lines), default=Version(0))
    if v > newest:
        return EolVerdict(
            False, f"{product} {v} is newer than every line in our table (newest: {newest.major}.{newest.minor})"
        )
    return EolVerdict(None, f"{product} {v.major}.{v.minor} is not in our end-of-life table")


def _note(line: Line) -> str:
    return f" ({line.note})" if line.note else ""


# ------------------------------------------------------------ range probes
def register_range_probes(
    check_ids: tuple[str, ...],
    *,
    preconditions: dict[str, Any] | None = None,
    notes: dict[str, Any] | None = None,
    version: Any = None,
) -> None:
    """Register one version-range probe per id of ``data/version_ranges.yaml``.

    ``preconditions`` maps a range's ``requires`` to a function of the context
    returning True/False/None (unknown); ``notes`` maps a check id to a
    function adding context to a failing verdict (JDK of the nodes...);
    ``version`` reads the version from the context (default ``ctx.version``).
    """
    from leakwarden.checks.base import probe

    for check_id in check_ids:
        probe(check_id)(_make_range_probe(check_id, preconditions or {}, notes or {}, version))


def _make_range_probe(check_id: str, preconditions: dict[str, Any], notes: dict[str, Any], version: Any):  # type: ignore[no-untyped-def]
    from leakwarden.checks.base import failed, passed, skipped

    def run(ctx):  # type: ignore[no-untyped-def]
        vr = load_version_ranges()[check_id]
        cves = "/".join(vr.cves)
        v = Version.parse(version(ctx) if version else ctx.version)
        if v is None:
            return skipped("version unknown (GET / needs credentials), so the range cannot be compared")
        product = ctx.product
        if product not in vr.ranges:
            return skipped(f"{cves} does not concern {product}")
        hit = vr.affected(product, v)
        if hit is None:
            ranges = "; ".join(str(r) for r in vr.ranges[product])
            return passed(f"{product} {v} is outside the affected range of {cves} ({ranges})")
        evidence = f"{product} {v} is in the affected range {hit} of {cves} ({vr.advisory}): {vr.summary}"
        if vr.requires:
            present = preconditions[vr.requires](ctx) if vr.requires in preconditions else None
            if present is False:
                return passed(f"{evidence}, but the precondition ({vr.requires.replace('_', ' ')}) is absent")
            if present is None:
                evidence += f"; exploitable only with a {vr.requires.replace('_', ' ')}, which could not be checked"
        if check_id in notes:
            evidence += notes[check_id](ctx)
        return failed(evidence)

    run.__name__ = f"range_{check_id.replace('-', '_')}"
    return run
