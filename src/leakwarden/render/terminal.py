"""The terminal summary: the quickest read of a report.

The verdict line first, then the stores, each store's collections, the failed
checks by severity and the first remediation steps.  Tables drop their less
important columns below 100 columns, and nothing depends on colour, so a CI
log without a TTY reads the same.  Untrusted names are always passed to rich
as :class:`~rich.text.Text`, never as markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leakwarden.report import Collection, Report, Store

from ._common import (
    category_label,
    clean,
    collection_categories,
    failed_checks,
    fmt_bool,
    fmt_int,
    fmt_pct,
    fmt_rate,
    regulation_label,
    safe_target,
    safe_text,
    sensitivity_band,
    severity_rank,
    sorted_collections,
)
from .verdict import StoreSummary, Verdict, verdict

LEVEL_STYLES: dict[str, str] = {
    "critical": "bold white on red3",
    "high": "bold white on dark_orange3",
    "medium": "bold black on yellow3",
    "low": "bold white on blue",
    "info": "bold white on grey42",
    "none": "bold white on grey42",
}
LEVEL_TEXT: dict[str, str] = {
    "critical": "bold red3",
    "high": "bold dark_orange3",
    "medium": "yellow3",
    "low": "blue",
    "info": "grey50",
    "none": "grey50",
}
WIDE = 100  # from here the tables show their secondary columns
FULL = 120  # and from here every column
MAX_CATEGORIES = 3


def t(value: object, style: str = "") -> Text:
    """Untrusted text for a table cell: control characters escaped, no markup."""
    return Text(clean(value), style=style)


def badge(level: str) -> Text:
    return Text(f" {level.upper()} ", style=LEVEL_STYLES.get(level, ""))


def _yes_no(value: bool | None, *, bad_when: bool) -> Text:
    text = fmt_bool(value, unknown="–")
    style = "bold red3" if value is bad_when else ("green" if value is not None else "dim")
    return Text(text, style=style)


def render_terminal(report: Report, console: Console, *, verbose: bool = False) -> None:
    """Print the summary of ``report`` to ``console``; ``verbose`` adds every field."""
    v = verdict(report)
    width = console.width
    console.print(_verdict_line(v))
    console.print(_facts_line(report, v), style="dim")
    if not report.stores:
        return
    console.print()
    console.print(_stores_table(v, width))
    for store, summary in zip(report.stores, v.stores, strict=True):
        console.print()
        console.print(_store_section(store, summary, width, verbose))
    failed = _failed_checks_table(report, width, verbose)
    if failed is not None:
        console.print()
        console.print(failed)
    if v.top_steps:
        console.print()
        console.print(_steps(v, verbose))


def _verdict_line(v: Verdict) -> Text:
    # "CRITICAL: ..." reads the same with and without colour (CI logs).
    level, _, rest = v.headline.partition(": ")
    line = Text(level, style=LEVEL_STYLES.get(v.level, ""))
    line.append(": ")
    line.append(clean(rest), style="bold")
    return line


def _facts_line(report: Report, v: Verdict) -> Text:
    parts = [f"{len(v.stores)} store{'s' if len(v.stores) != 1 else ''} scanned"]
    if v.open_stores:
        parts[0] += f", {len(v.open_stores)} open to anyone"
    if v.unreachable:
        parts[0] += f", {len(v.unreachable)} not scanned"
    if v.records_exposed:
        parts.append(f"{fmt_int(v.records_exposed)} records exposed")
    if v.failed_total:
        counts = ", ".join(
            f"{v.failed[s]} {s}" for s in ("critical", "high", "medium", "low", "info") if v.failed.get(s)
        )
        parts.append(f"failed checks: {counts}")
    seconds = int((report.finished_at - report.started_at).total_seconds())
    parts.append(f"finished {report.finished_at.strftime('%Y-%m-%d %H:%M:%S')} ({seconds} s)")
    return Text(" · ".join(parts))


def _risk_cell(s: StoreSummary, full: bool) -> Text:
    # A store that could not be scanned has no meaningful risk: say why instead.
    if not s.reachable:
        return Text(s.status, style="bold red3")
    risk = badge(s.level)
    if full:
        risk.append(f" {s.score}")
    if s.status != "complete":
        risk.append(f" {s.status}", style="dark_orange3")
    return risk


def _stores_table(v: Verdict, width: int) -> Table:
    wide, full = width >= WIDE, width >= FULL
    table = Table(title="Stores", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Target", overflow="fold")
    if wide:
        table.add_column("Kind")
    table.add_column("Risk", no_wrap=True)
    table.add_column("Anon. read" if wide else "Open", no_wrap=True)
    if wide:
        table.add_column("TLS")
    table.add_column("People", justify="right")
    for s in v.stores:
        row: list[Text] = [t(s.target)]
        if wide:
            row.append(t(f"{s.kind} {s.version}" if s.version else s.kind))
        row += [_risk_cell(s, full), _yes_no(s.anonymous_read, bad_when=True)]
        if wide:
            row.append(_yes_no(s.tls, bad_when=False))
        row.append(Text(fmt_int(s.persons, "–")))
        table.add_row(*row)
    return table


def _store_heading(summary: StoreSummary) -> Text:
    heading = Text("▌ ", style=LEVEL_TEXT.get(summary.level, ""))
    heading.append(clean(summary.label), style="bold")
    heading.append("  ")
    heading.append_text(badge(summary.level))
    heading.append(f" {summary.score}/100", style="dim")
    return heading


def _store_section(store: Store, summary: StoreSummary, width: int, verbose: bool) -> Group:
    parts: list = [_store_heading(summary)]
    if store.error or not summary.reachable:
        parts.append(
            Padding(t(f"{store.status}: {safe_text(store.error) or 'no detail'}", "red3"), (0, 2), expand=False)
        )
    exposure = []
    if summary.open_to_anyone:
        exposure.append(Text("readable by anyone", style="bold red3"))
    if store.exposure.anonymous_write_possible:
        exposure.append(Text("writable by anyone", style="bold red3"))
    if store.exposure.tls is False:
        exposure.append(Text("no TLS", style="red3"))
    if summary.persons is not None:
        exposure.append(Text(f"{fmt_int(summary.persons)} people"))
    if summary.persons_trackable:
        exposure.append(Text(f"movements of {fmt_int(summary.persons_trackable)} reconstructable", style="bold"))
    elif summary.movements_reconstructable:
        exposure.append(Text("movements reconstructable", style="bold"))
    if summary.regulations:
        exposure.append(Text(", ".join(summary.regulations)))
    if exposure:
        parts.append(Padding(Text(" · ").join(exposure), (0, 2), expand=False))
    if store.collections:
        parts.append(_collections_table(store, width))
    if verbose:
        for collection in sorted_collections(store):
            detail = _collection_detail(collection, width >= WIDE)
            if detail is not None:
                parts.append(detail)
        for link in store.links:
            parts.append(
                Padding(
                    t(
                        f"linked: {' ↔ '.join(link.collections)} share about "
                        f"{fmt_int(link.shared_keys_estimated)} {category_label(link.key_category).lower()} values "
                        f"({', '.join(link.fields)})"
                    ),
                    (0, 2),
                )
            )
        for note in store.notes:
            parts.append(Padding(t(f"note: {safe_text(note)}", "dim"), (0, 2), expand=False))
    return Group(*parts)


def _categories_cell(categories: list[str], limit: int) -> Text:
    labels = [category_label(c) for c in categories[:limit]]
    more = len(categories) - limit
    text = ", ".join(labels) + (f" +{more}" if more > 0 else "")
    return Text(text or "–", style="" if text else "dim")


def _collections_table(store: Store, width: int) -> Padding:
    wide, full = width >= WIDE, width >= FULL
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Collection", overflow="fold")
    table.add_column("Docs", justify="right")
    if full:
        table.add_column("Examined", justify="right")
        table.add_column("Personal")
    table.add_column("Sens.", justify="right")
    table.add_column("People", justify="right")
    table.add_column("Movements" if wide else "Mov.")
    if wide:
        table.add_column("Top categories", overflow="fold")
    for c in sorted_collections(store):
        sens_level = sensitivity_band(c.sensitivity)
        row: list[Text] = [t(c.name), Text(fmt_int(c.documents, "–"))]
        if full:
            row += [Text(fmt_int(c.examined)), Text(fmt_bool(c.personal))]
        row += [
            Text(str(c.sensitivity), style=LEVEL_TEXT.get(sens_level, "")),
            Text(fmt_int(c.persons_estimated, "–")),
            _trajectory_cell(c, wide),
        ]
        if wide:
            row.append(_categories_cell(collection_categories(c.fields), MAX_CATEGORIES if full else 2))
        table.add_row(*row)
    return Padding(table, (0, 0, 0, 2), expand=False)


def _trajectory_cell(c: Collection, wide: bool) -> Text:
    if c.trajectory is None:
        return Text("no", style="dim")
    n = c.trajectory.persons_trackable
    return Text("yes" + (f" ({fmt_int(n)})" if n and wide else ""), style="bold red3")


def _collection_detail(c: Collection, wide: bool):
    lines: list = []
    if c.trajectory is not None:
        tr = c.trajectory
        lines.append(
            t(
                f"movements: key {', '.join(tr.person_keys)}; places {', '.join(tr.location_fields)}; "
                f"times {', '.join(tr.time_fields)}"
            )
        )
    if c.reidentification is not None:
        r = c.reidentification
        lines.append(
            t(
                f"re-identification: {fmt_pct(r.share_below_k)} of {fmt_int(r.records_examined)} records are in "
                f"groups smaller than k={r.k_threshold} on {', '.join(r.quasi_identifiers)}"
            )
        )
    if c.regulations:
        lines.append(t("laws: " + "; ".join(regulation_label(x) for x in c.regulations)))
    for note in c.notes:
        lines.append(t(f"note: {safe_text(note)}", "dim"))
    fields = [f for f in c.fields if f.categories]
    if not fields and not lines:
        return None
    parts: list = [Text.assemble(("  ", ""), (clean(c.name), "bold underline"))]
    parts += [Padding(line, (0, 4), expand=False) for line in lines]
    if fields:
        table = Table(box=box.SIMPLE, padding=(0, 1), show_edge=False)
        table.add_column("Field", overflow="fold")
        table.add_column("Categories", overflow="fold")
        table.add_column("Conf.", justify="right")
        table.add_column("Hits", justify="right")
        if wide:
            table.add_column("Examples (masked)", overflow="fold")
        for f in fields:
            row = [
                t(f.path),
                Text(", ".join(category_label(x) for x in f.categories)),
                Text(f"{f.confidence:.2f}"),
                Text(f"{fmt_int(f.hits)}/{fmt_int(f.examined)} ({fmt_rate(f.hits, f.examined)})"),
            ]
            if wide:
                row.append(t(", ".join(f.examples[:3]) or "–"))
            table.add_row(*row)
        parts.append(Padding(table, (0, 0, 0, 4), expand=False))
    return Group(*parts)


def _failed_checks_table(report: Report, width: int, verbose: bool) -> Table | None:
    wide = width >= WIDE
    rows = []
    for store in report.stores:
        for check in failed_checks(store):
            rows.append((store, check))
    if not rows:
        return None
    rows.sort(key=lambda r: -severity_rank(r[1].severity))
    table = Table(title="Failed checks", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Check", overflow="fold")
    if len(report.stores) > 1 and wide:
        table.add_column("Store", overflow="fold")
    table.add_column("Finding", overflow="fold")
    for store, check in rows:
        finding = t(check.title)
        if verbose and check.evidence:
            finding.append("\n")
            finding.append(clean(safe_text(check.evidence)), style="dim")
        row = [badge(check.severity), t(check.id)]
        if len(report.stores) > 1 and wide:
            row.append(t(safe_target(store.target)))
        row.append(finding)
        table.add_row(*row)
    return table


def _steps(v: Verdict, verbose: bool) -> Group:
    parts: list = [Text("What to do first", style="bold")]
    several = len({s.target for s in v.stores}) > 1
    for n, ranked in enumerate(v.top_steps, 1):
        step = ranked.step
        line = Text(f"{n:>2}. ")
        line.append_text(badge(step.severity))
        line.append(" ")
        line.append(clean(step.title), style="bold")
        if several:
            line.append(f"  ({clean(ranked.target)})", style="dim")
        parts.append(line)
        if step.why:
            parts.append(Padding(t(step.why, "dim"), (0, 0, 0, 5), expand=False))
        if verbose and step.snippet:
            parts.append(Padding(Text(clean(step.snippet, newlines=True), style="cyan"), (0, 0, 0, 7), expand=False))
    parts.append(Text("The full plan with configuration snippets is in the HTML and Markdown reports.", style="dim"))
    return Group(*parts)
