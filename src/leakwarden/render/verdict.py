"""The verdict: the headline facts of a report, shared by every renderer.

One place decides what "open", "people exposed" and "the worst" mean, so the
terminal line, the HTML banner, the Markdown ticket and the SARIF run
properties never disagree.  The rules (also in docs/reports.md):

* the overall level and score are the highest of any store;
* a store is *open to anyone* when its exposure says ``anonymous_read: true``;
* a store's people are ``store.persons_estimated`` when the risk module set
  it (distinct across its collections), else the sum over its collections
  (an upper bound); the same for ``persons_trackable`` and the trajectories;
* *people exposed* adds up the stores open to anyone; *people held* adds up
  every store (a person in two stores counts twice);
* laws touched are the union of the stores' and collections' regulations;
* failed checks are counted by severity over every store (``status == fail``);
* the top remediation steps are the gravest steps across stores (severity,
  then the store's risk, then the step's own order), at most five.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from leakwarden.report import RemediationStep, Report, Store

from ._common import (
    fmt_int,
    iso_utc,
    risk_rank,
    safe_target,
    severity_rank,
    sort_regulations,
)

TOP_STEPS = 5


@dataclass(frozen=True)
class StoreSummary:
    """The facts of one store that the verdict and the store tables show."""

    index: int
    target: str
    kind: str
    version: str | None
    status: str
    level: str
    score: int
    anonymous_read: bool | None
    tls: bool | None
    anonymous_write_possible: bool | None
    collections: int
    personal_collections: int
    documents: int | None
    persons: int | None
    persons_trackable: int | None
    movements_reconstructable: bool
    regulations: tuple[str, ...]
    failed: dict[str, int]

    @property
    def open_to_anyone(self) -> bool:
        return self.anonymous_read is True

    @property
    def label(self) -> str:
        kind = self.kind + (f" {self.version}" if self.version else "")
        return f"{self.target} ({kind})"

    @property
    def reachable(self) -> bool:
        return self.status in ("complete", "partial")


@dataclass(frozen=True)
class RankedStep:
    """A remediation step with the store it belongs to."""

    store_index: int
    target: str
    step: RemediationStep


@dataclass(frozen=True)
class Verdict:
    level: str
    score: int
    headline: str
    subject: str
    impact: str
    laws: str
    stores: tuple[StoreSummary, ...]
    open_stores: tuple[StoreSummary, ...]
    persons_exposed: int | None
    persons_trackable_exposed: int | None
    movements_exposed: bool
    persons_held: int | None
    persons_trackable_held: int | None
    records_exposed: int | None
    regulations: tuple[str, ...]
    failed: dict[str, int] = field(default_factory=dict)
    top_steps: tuple[RankedStep, ...] = ()

    @property
    def critical_failed(self) -> int:
        return self.failed.get("critical", 0)

    @property
    def high_failed(self) -> int:
        return self.failed.get("high", 0)

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    @property
    def unreachable(self) -> tuple[StoreSummary, ...]:
        return tuple(s for s in self.stores if not s.reachable)


def _sum_known(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def summarize_store(index: int, store: Store) -> StoreSummary:
    persons = store.persons_estimated
    if persons is None:
        persons = _sum_known([c.persons_estimated for c in store.collections])
    trajectories = [c.trajectory for c in store.collections if c.trajectory is not None]
    trackable = store.persons_trackable
    if trackable is None:
        trackable = _sum_known([t.persons_trackable for t in trajectories])
    regs = set(store.regulations)
    for c in store.collections:
        regs.update(c.regulations)
    failed: dict[str, int] = {}
    for check in store.checks:
        if check.status == "fail":
            failed[check.severity] = failed.get(check.severity, 0) + 1
    return StoreSummary(
        index=index,
        target=safe_target(store.target),
        kind=store.kind,
        version=store.version,
        status=store.status,
        level=store.risk.level,
        score=store.risk.score,
        anonymous_read=store.exposure.anonymous_read,
        tls=store.exposure.tls,
        anonymous_write_possible=store.exposure.anonymous_write_possible,
        collections=len(store.collections),
        personal_collections=sum(1 for c in store.collections if c.personal),
        documents=_sum_known([c.documents for c in store.collections]),
        persons=persons,
        persons_trackable=trackable,
        movements_reconstructable=bool(trajectories) or bool(trackable),
        regulations=tuple(sort_regulations(regs)),
        failed=failed,
    )


def verdict(report: Report) -> Verdict:
    """The headline facts of ``report``."""
    stores = tuple(summarize_store(i, s) for i, s in enumerate(report.stores))
    open_stores = tuple(s for s in stores if s.open_to_anyone)
    worst = max(stores, key=lambda s: (risk_rank(s.level), s.score), default=None)
    level = worst.level if worst else "none"
    score = max((s.score for s in stores), default=0)

    regulations = tuple(sort_regulations(r for s in stores for r in s.regulations))
    failed: dict[str, int] = {}
    for s in stores:
        for sev, n in s.failed.items():
            failed[sev] = failed.get(sev, 0) + n

    ranked = [
        RankedStep(i, safe_target(store.target), step)
        for i, store in enumerate(report.stores)
        for step in store.remediation
    ]
    ranked.sort(
        key=lambda r: (
            -severity_rank(r.step.severity),
            -risk_rank(stores[r.store_index].level),
            r.store_index,
            r.step.order,
        )
    )

    v = Verdict(
        level=level,
        score=score,
        headline="",
        subject="",
        impact="",
        laws="",
        stores=stores,
        open_stores=open_stores,
        persons_exposed=_sum_known([s.persons for s in open_stores]),
        persons_trackable_exposed=_sum_known([s.persons_trackable for s in open_stores]),
        movements_exposed=any(s.movements_reconstructable for s in open_stores),
        persons_held=_sum_known([s.persons for s in stores]),
        persons_trackable_held=_sum_known([s.persons_trackable for s in stores]),
        records_exposed=_sum_known([s.documents for s in open_stores]),
        regulations=regulations,
        failed=failed,
        top_steps=tuple(ranked[:TOP_STEPS]),
    )
    subject, impact, laws = _headline_parts(v)
    v = replace(v, subject=subject, impact=impact, laws=laws)
    return replace(v, headline=_headline(v))


def _people_phrase(persons: int | None, trackable: int | None, movements: bool, verb: str) -> str:
    parts = []
    if persons is not None:
        parts.append(f"{fmt_int(persons)} {'person' if persons == 1 else 'people'} {verb}")
    if trackable:
        parts.append(f"movements of {fmt_int(trackable)} can be reconstructed")
    elif movements:
        parts.append("movements can be reconstructed")
    return ", ".join(parts)


def _headline_parts(v: Verdict) -> tuple[str, str, str]:
    """(what is open to whom, how many people, which laws): the sentence in three parts."""
    if not v.stores:
        return "no store was scanned", "", ""
    if v.open_stores:
        if len(v.open_stores) == 1:
            subject = f"{v.open_stores[0].label} is readable by anyone"
        else:
            shown = ", ".join(s.target for s in v.open_stores[:3])
            more = ", …" if len(v.open_stores) > 3 else ""
            subject = f"{len(v.open_stores)} stores are readable by anyone ({shown}{more})"
        impact = _people_phrase(v.persons_exposed, v.persons_trackable_exposed, v.movements_exposed, "exposed")
        if not impact and v.records_exposed is not None:
            impact = f"{fmt_int(v.records_exposed)} records exposed"
        # The laws in the headline are those of what is open.
        laws = ", ".join(sort_regulations(r for s in v.open_stores for r in s.regulations))
        return subject, impact, laws

    laws = ", ".join(v.regulations)
    reachable = [s for s in v.stores if s.reachable]
    if not reachable:
        n = len(v.stores)
        return ("the store could not be scanned" if n == 1 else f"none of the {n} stores could be scanned"), "", ""
    if len(v.stores) == 1:
        subject = f"{reachable[0].label} is not open to anyone"
    else:
        subject = f"no store is open to anyone ({len(reachable)} of {len(v.stores)} scanned)"
    movements = any(s.movements_reconstructable for s in v.stores)
    impact = _people_phrase(v.persons_held, v.persons_trackable_held, movements, "held")
    if v.failed_total:
        failed = f"{v.failed_total} failed check{'s' if v.failed_total != 1 else ''}"
        grave = [f"{v.failed[s]} {s}" for s in ("critical", "high") if v.failed.get(s)]
        if grave:
            failed += f" ({', '.join(grave)})"
        impact = f"{impact}; {failed}" if impact else failed
    return subject, impact, laws


def _headline(v: Verdict) -> str:
    """One sentence: the level, what is open to whom, how many people, which laws."""
    text = f"{v.level.upper()}: {v.subject}"
    if v.impact:
        text += (": " if v.open_stores else "; ") + v.impact
    if v.laws:
        text += f"; {v.laws}"
    return text


def history_point(report: Report) -> dict[str, Any]:
    """One point of the exposure-over-time chart, as the history database may keep it.

    ``render_html(report, history=[history_point(r) for r in earlier_reports])``.
    """
    v = verdict(report)
    return {
        "at": iso_utc(report.finished_at),
        "risk_level": v.level,
        "risk_score": v.score,
        "stores": len(v.stores),
        "open_stores": len(v.open_stores),
        "persons_exposed": v.persons_exposed,
        "persons_trackable": v.persons_trackable_exposed,
        "records_exposed": v.records_exposed,
        "failed_critical": v.critical_failed,
        "failed_high": v.high_failed,
    }
