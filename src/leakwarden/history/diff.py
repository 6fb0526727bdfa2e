"""What changed between two reports.

Stores are matched by target (redacted, trailing slash ignored), collections
by name within a store, fields by path within a collection, checks by id.
Each difference is one :class:`Change` with a ``kind`` (the vocabulary is
:data:`CHANGE_KINDS`), a direction (``worse``, ``better`` or ``neutral`` for
the people in the data) and ``alert``: whether a watch should tell someone.
Alerts are raised by: a store or index newly readable without credentials, a
new sensitive category in a store, a collection whose people's movements have
become reconstructable, a check that now fails, and a risk level that went up.

A store that was unreachable (or failed) on either side is compared only by
status: its content cannot be compared with nothing, and a store dropping off
the network says nothing about what it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from leakwarden.history.store import READABLE_STATUSES, RISK_ORDER, overall_risk, target_key
from leakwarden.report import Collection, Report, Store

Direction = Literal["worse", "better", "neutral"]

#: Every change kind, in display order within a store.
CHANGE_KINDS: tuple[str, ...] = (
    "store_added",
    "store_removed",
    "store_exposed",
    "store_closed",
    "status_changed",
    "version_changed",
    "tls_changed",
    "risk_changed",
    "check_failed",
    "check_fixed",
    "check_changed",
    "collection_exposed",
    "collection_added",
    "collection_removed",
    "category_added",
    "category_removed",
    "collection_personal",
    "trajectory_found",
    "trajectory_gone",
    "field_added",
    "field_removed",
    "field_categories_changed",
    "persons_changed",
    "trackable_changed",
)
_KIND_ORDER = {k: i for i, k in enumerate(CHANGE_KINDS)}

#: Categories that are personal only next to a person key: new ones are shown, not alerted.
QUIET_CATEGORIES = frozenset({"time.timestamp", "location.place"})


@dataclass(frozen=True)
class Change:
    kind: str
    target: str
    message: str
    direction: Direction = "neutral"
    alert: bool = False
    collection: str | None = None
    field: str | None = None
    check: str | None = None
    before: Any = None
    after: Any = None

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ReportRef:
    """One side of a diff: which report, when, how risky."""

    label: str
    started_at: datetime
    risk_level: str
    risk_score: int
    scan_id: int | None = None

    def to_json_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat().replace("+00:00", "Z")
        return data


@dataclass
class ReportDiff:
    old: ReportRef
    new: ReportRef
    changes: list[Change] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    @property
    def risk_up(self) -> bool:
        return RISK_ORDER.get(self.new.risk_level, 0) > RISK_ORDER.get(self.old.risk_level, 0)

    @property
    def alerts(self) -> list[Change]:
        return [c for c in self.changes if c.alert]

    @property
    def meaningful(self) -> bool:
        """Whether a watch should alert: any alerting change.

        A store's risk level going up is itself an alerting change; the overall
        level (:attr:`risk_up`) is not used, since a store that was unreachable
        (risk "none") and is read again would raise it without anything new.
        """
        return bool(self.alerts)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "schema": "leakwarden/diff@1",
            "old": self.old.to_json_dict(),
            "new": self.new.to_json_dict(),
            "risk_up": self.risk_up,
            "meaningful": self.meaningful,
            "changes": [c.to_json_dict() for c in self.changes],
        }


def _ref(report: Report, label: str | None, scan_id: int | None) -> ReportRef:
    level, score = overall_risk(report.stores)
    if label is None:
        label = f"scan {scan_id}" if scan_id is not None else report.started_at.isoformat()
    return ReportRef(label=label, started_at=report.started_at, risk_level=level,
                     risk_score=score, scan_id=scan_id)


def diff_reports(
    old: Report,
    new: Report,
    *,
    old_id: int | None = None,
    new_id: int | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> ReportDiff:
    """Every change from ``old`` to ``new`` (see the module docstring)."""
    diff = ReportDiff(old=_ref(old, old_label, old_id), new=_ref(new, new_label, new_id))
    old_stores = {target_key(s.target): s for s in old.stores}
    new_stores = {target_key(s.target): s for s in new.stores}
    changes: list[Change] = []
    for key, store in new_stores.items():
        before = old_stores.get(key)
        if before is None:
            changes.extend(_store_added(store))
        else:
            changes.extend(_diff_store(before, store))
    for key, store in old_stores.items():
        if key not in new_stores:
            changes.append(Change(
                "store_removed", store.target, "no longer part of the scan",
                before=store.status,
            ))
    order = {key: i for i, key in enumerate([*new_stores, *(k for k in old_stores if k not in new_stores)])}
    changes.sort(key=lambda c: (order.get(target_key(c.target), 0), _KIND_ORDER[c.kind]))
    diff.changes = changes
    return diff


def _store_added(store: Store) -> list[Change]:
    personal = sum(1 for c in store.collections if c.personal)
    changes = [Change(
        "store_added", store.target,
        f"new store ({store.kind}), {len(store.collections)} collections, {personal} personal",
        direction="worse" if personal else "neutral",
        after=store.status,
    )]
    if store.exposure.anonymous_read:
        changes.append(Change(
            "store_exposed", store.target, "new store readable without credentials",
            direction="worse", alert=True, before=None, after=True,
        ))
    if store.risk.level not in ("none", "low"):
        changes.append(Change(
            "risk_changed", store.target, f"risk {store.risk.level} ({store.risk.score})",
            direction="worse", alert=True, before=None,
            after={"level": store.risk.level, "score": store.risk.score},
        ))
    return changes


def _diff_store(old: Store, new: Store) -> list[Change]:
    t = new.target
    out: list[Change] = []
    if old.status != new.status:
        out.append(Change(
            "status_changed", t, f"scan status {old.status} → {new.status}",
            before=old.status, after=new.status,
        ))
    if old.version != new.version and old.version and new.version:
        out.append(Change(
            "version_changed", t, f"version {old.version} → {new.version}",
            before=old.version, after=new.version,
        ))
    comparable = old.status in READABLE_STATUSES and new.status in READABLE_STATUSES

    a, b = old.exposure.anonymous_read, new.exposure.anonymous_read
    if b is True and a is not True and (a is False or comparable):
        out.append(Change(
            "store_exposed", t, "now readable without credentials",
            direction="worse", alert=True, before=a, after=b,
        ))
    elif a is True and b is False:
        out.append(Change(
            "store_closed", t, "no longer readable without credentials",
            direction="better", before=a, after=b,
        ))
    if old.exposure.tls is not None and new.exposure.tls is not None and old.exposure.tls != new.exposure.tls:
        out.append(Change(
            "tls_changed", t, "TLS turned on" if new.exposure.tls else "TLS turned off",
            direction="better" if new.exposure.tls else "worse",
            before=old.exposure.tls, after=new.exposure.tls,
        ))
    if not comparable:
        return out

    out.extend(_diff_risk(old, new))
    out.extend(_diff_checks(old, new))
    out.extend(_diff_collections(old, new))
    out.extend(_diff_people(old, new))
    return out


def _diff_risk(old: Store, new: Store) -> list[Change]:
    ro, rn = RISK_ORDER.get(old.risk.level, 0), RISK_ORDER.get(new.risk.level, 0)
    if ro == rn and old.risk.score == new.risk.score:
        return []
    if rn > ro:
        direction: Direction = "worse"
    elif rn < ro:
        direction = "better"
    else:
        direction = "worse" if new.risk.score > old.risk.score else "better"
    return [Change(
        "risk_changed", new.target,
        f"risk {old.risk.level} ({old.risk.score}) → {new.risk.level} ({new.risk.score})",
        direction=direction, alert=rn > ro,
        before={"level": old.risk.level, "score": old.risk.score},
        after={"level": new.risk.level, "score": new.risk.score},
    )]


def _diff_checks(old: Store, new: Store) -> list[Change]:
    out: list[Change] = []
    before = {c.id: c for c in old.checks}
    for check in new.checks:
        prev = before.get(check.id)
        was = prev.status if prev else None
        if was == check.status:
            continue
        if check.status == "fail":
            out.append(Change(
                "check_failed", new.target,
                f"{check.severity} check fails: {check.title}" + ("" if prev else " (new check)"),
                direction="worse", alert=True, check=check.id, before=was, after=check.status,
            ))
        elif was == "fail" and check.status == "pass":
            out.append(Change(
                "check_fixed", new.target, f"check passes now: {check.title}",
                direction="better", check=check.id, before=was, after=check.status,
            ))
        elif prev is not None:
            out.append(Change(
                "check_changed", new.target, f"check {was} → {check.status}: {check.title}",
                check=check.id, before=was, after=check.status,
            ))
    return out


def _categories(collections: Iterable[Collection]) -> set[str]:
    return {cat for coll in collections for f in coll.fields for cat in f.categories}


def _diff_collections(old: Store, new: Store) -> list[Change]:
    t = new.target
    out: list[Change] = []
    before = {c.name: c for c in old.collections}
    after = {c.name: c for c in new.collections}
    exposed = new.exposure.anonymous_read is True

    for name, coll in after.items():
        prev = before.get(name)
        cats = sorted(_categories([coll]))
        if prev is None:
            detail = f"{'personal' if coll.personal else 'not personal'}, sensitivity {coll.sensitivity}"
            if cats:
                detail += ", " + ", ".join(cats)
            if exposed:
                out.append(Change(
                    "collection_exposed", t, f"new collection readable without credentials ({detail})",
                    direction="worse", alert=True, collection=name, after=cats,
                ))
            else:
                out.append(Change(
                    "collection_added", t, f"new collection ({detail})",
                    direction="worse" if coll.personal else "neutral", collection=name, after=cats,
                ))
            continue
        out.extend(_diff_collection(t, prev, coll))

    for name, coll in before.items():
        if name not in after:
            out.append(Change(
                "collection_removed", t, "collection gone",
                direction="better" if coll.personal else "neutral", collection=name,
                before=sorted(_categories([coll])),
            ))

    old_cats, new_cats = _categories(old.collections), _categories(new.collections)
    for cat in sorted(new_cats - old_cats):
        where = sorted(c.name for c in new.collections if cat in _categories([c]))
        out.append(Change(
            "category_added", t, f"new category {cat} in {', '.join(where)}",
            direction="worse", alert=cat not in QUIET_CATEGORIES, after=cat,
        ))
    for cat in sorted(old_cats - new_cats):
        out.append(Change(
            "category_removed", t, f"category {cat} no longer found",
            direction="better", before=cat,
        ))
    return out


def _diff_collection(target: str, old: Collection, new: Collection) -> list[Change]:
    out: list[Change] = []
    name = new.name
    if old.personal != new.personal:
        out.append(Change(
            "collection_personal", target,
            "now holds data about identifiable people" if new.personal else "no longer personal",
            direction="worse" if new.personal else "better", collection=name,
            before=old.personal, after=new.personal,
        ))
    if new.trajectory and not old.trajectory:
        n = new.trajectory.persons_trackable
        out.append(Change(
            "trajectory_found", target,
            "movements of people can now be reconstructed"
            + (f" ({n:,} people)" if n is not None else ""),
            direction="worse", alert=True, collection=name, after=n,
        ))
    elif old.trajectory and not new.trajectory:
        out.append(Change(
            "trajectory_gone", target, "movements can no longer be reconstructed",
            direction="better", collection=name,
        ))
    before = {f.path: f for f in old.fields if f.categories}
    after = {f.path: f for f in new.fields if f.categories}
    for path, f in after.items():
        prev = before.get(path)
        if prev is None:
            out.append(Change(
                "field_added", target, f"new sensitive field {path}: {', '.join(f.categories)}",
                direction="worse", collection=name, field=path, after=list(f.categories),
            ))
        elif set(prev.categories) != set(f.categories):
            added = sorted(set(f.categories) - set(prev.categories))
            removed = sorted(set(prev.categories) - set(f.categories))
            parts = [f"+{c}" for c in added] + [f"-{c}" for c in removed]
            out.append(Change(
                "field_categories_changed", target, f"field {path}: {' '.join(parts)}",
                direction="worse" if added else "better", collection=name, field=path,
                before=list(prev.categories), after=list(f.categories),
            ))
    for path, f in before.items():
        if path not in after:
            out.append(Change(
                "field_removed", target, f"sensitive field {path} gone",
                direction="better", collection=name, field=path, before=list(f.categories),
            ))
    return out


def _diff_people(old: Store, new: Store) -> list[Change]:
    out: list[Change] = []
    for kind, label, a, b in (
        ("persons_changed", "people", old.persons_estimated, new.persons_estimated),
        ("trackable_changed", "people whose movements can be reconstructed",
         old.persons_trackable, new.persons_trackable),
    ):
        if a == b or (a is None and b is None):
            continue
        if a is not None and b is not None:
            delta = b - a
            message = f"{label} {a:,} → {b:,} ({delta:+,})"
            direction: Direction = "worse" if delta > 0 else "better"
        else:
            message = f"{label} {_num(a)} → {_num(b)}"
            direction = "neutral"
        out.append(Change(kind, new.target, message, direction=direction, before=a, after=b))
    return out


def _num(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}"


# --------------------------------------------------------------------------- terminal

# C0/C1 controls (terminal escapes) and bidirectional overrides (make one name look like another).
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: object) -> str:
    """Text from a store (names, paths) made safe to show: controls and bidi overrides become U+FFFD."""
    return _UNSAFE_CHARS.sub("\ufffd", str(text))


_RISK_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "green",
    "none": "dim",
}
_MARK = {"worse": ("▲", "red"), "better": ("▼", "green"), "neutral": ("•", "dim")}


def risk_text(level: str, score: int | None = None) -> Text:
    label = level.upper() + (f" {score}" if score is not None else "")
    return Text(f" {label} ", style=_RISK_STYLE.get(level, ""))


def render_diff_text(diff: ReportDiff, console: Console) -> None:
    """Print ``diff`` for a terminal: overall risk, then the changes store by store."""
    head = Text.assemble(
        ("Changes ", "bold"), (clean_text(diff.old.label), "cyan"), " → ",
        (clean_text(diff.new.label), "cyan"), "   risk ",
        risk_text(diff.old.risk_level, diff.old.risk_score), " → ",
        risk_text(diff.new.risk_level, diff.new.risk_score),
    )
    console.print(head)
    if diff.is_empty:
        console.print("No changes.", style="green")
        return
    n_alerts = len(diff.alerts)
    summary = f"{len(diff.changes)} change{'s' if len(diff.changes) != 1 else ''}"
    if n_alerts:
        summary += f", {n_alerts} that need attention"
    console.print(summary, style="bold red" if n_alerts else "")
    current = None
    table: Table | None = None
    for change in diff.changes:
        if change.target != current:
            if table is not None:
                console.print(table)
            current = change.target
            console.print()
            console.print(Text(clean_text(change.target), style="bold"))
            table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
            table.add_column(width=1)
            table.add_column(no_wrap=True)
            table.add_column(overflow="fold")
        mark, style = _MARK[change.direction]
        where = clean_text(change.collection or "")
        if change.field:
            where += f" › {clean_text(change.field)}"
        message = Text(clean_text(change.message))
        if change.alert:
            message.stylize("bold")
        table.add_row(  # type: ignore[union-attr]
            Text(mark, style=style),
            Text(where if where else change.kind.replace("_", " "), style="cyan" if where else "dim"),
            message,
        )
    if table is not None:
        console.print(table)


def diff_plain_text(diff: ReportDiff, width: int = 100) -> str:
    """The terminal rendering without colours: for e-mail bodies and logs."""
    import io

    buf = io.StringIO()
    render_diff_text(diff, Console(file=buf, width=width, color_system=None, force_terminal=False,
                                   highlight=False, emoji=False))
    return buf.getvalue()
