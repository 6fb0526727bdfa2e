"""``leakwarden demo``: a real local Elasticsearch seeded with a synthetic leak, scanned.

Starts an embedded Elasticsearch 7.17 (or OpenSearch 2.19) node on a free
loopback port, seeds it with the synthetic smart-city leak of
:mod:`leakwarden.demo.synthetic`, scans it like any other target, prints the
summary, writes every report format into ``--out`` and stops the node.
``--keep`` leaves the seeded node running (for trying the tool by hand) until
interrupted.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console

from leakwarden.demo.engines import EmbeddedEngine
from leakwarden.demo.seed import plant_ransom_note, seed_store
from leakwarden.demo.synthetic import generate_store
from leakwarden.targets import parse_target

REPORT_FILES = {"json": "report.json", "html": "report.html", "md": "report.md",
                "sarif": "report.sarif", "csv": "report.csv"}


def run_demo(
    *,
    engine: str = "elasticsearch",
    keep: bool = False,
    port: int | None = None,
    out: Path = Path("demo-out"),
    scale: float = 1.0,
    seed: int = 7,
    ransom_note: bool = False,
    console: Console,
    err: Console,
    quiet: bool = False,
    history: bool = True,
    db: str | None = None,
) -> int:
    from leakwarden.cli import RichProgress
    from leakwarden.render import write_outputs
    from leakwarden.render.terminal import render_terminal
    from leakwarden.scan import ScanOptions, run_scan

    say = (lambda text: None) if quiet else (lambda text: err.print(text, highlight=False))
    t0 = time.monotonic()
    say(f"[bold]leakwarden demo[/bold]: starting a real {engine} node on loopback (first run builds it from Maven Central)")
    with EmbeddedEngine(engine, port=port) as node:
        say(f"  node up at {node.url} ({engine} {node.version}) after {time.monotonic() - t0:.0f} s")
        vector_mapping = "knn_vector" if engine == "opensearch" and _has_knn(node.url) else "float"
        store = generate_store(seed=seed, scale=scale, vector_mapping=vector_mapping)
        seed_store(node.url, store, engine=engine, progress=(lambda m: say(f"  {m}")))
        if ransom_note:
            plant_ransom_note(node.url)
        ndocs = sum(len(c.documents) for c in store.collections)
        say(f"  seeded {len(store.collections)} indices with {ndocs:,} synthetic documents")
        if keep:
            say(f"[bold green]the seeded node is running at {node.url}[/bold green]; "
                f"try: leakwarden scan {node.url}   (Ctrl-C to stop)")
            console.print(node.url, highlight=False)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                say("stopping the node")
            return 0
        out.mkdir(parents=True, exist_ok=True)
        outputs = {fmt: out / name for fmt, name in REPORT_FILES.items()}
        with RichProgress(err, enabled=not quiet) as progress:
            report = run_scan([parse_target(node.url, use_env=False)], ScanOptions(), progress=progress)
        write_outputs(report, outputs)
    if not quiet:
        render_terminal(report, console)
        console.print(f"\nreports written to {out}/: " + ", ".join(REPORT_FILES.values()), highlight=False)
    if history:
        from leakwarden.cli import _save_history

        if _save_history(report, db, err, quiet) is not None and not quiet:
            console.print("[dim]see it in the dashboard: leakwarden serve[/dim]", highlight=False)
        console.print(f"[dim]demo took {time.monotonic() - t0:.0f} s[/dim]", highlight=False)
    return 0


def _has_knn(url: str) -> bool:
    import httpx

    try:
        plugins = httpx.get(f"{url}/_cat/plugins?format=json", timeout=10).json()
    except (httpx.HTTPError, ValueError):
        return False
    return any("knn" in str(p.get("component", "")) for p in plugins or [])
