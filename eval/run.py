"""Generate the labelled corpora, scan them with leakwarden, score the reports.

    python eval/run.py [--corpus demo|eval|heldout|both|all] [--out eval/out] [--scale 1.0] [--min-f1 X]

For each corpus: write it as NDJSON + labels.json (demo: the demo's synthetic
store, ``eval/out/demo/``; eval: ``eval/corpus.py``, ``eval/out/corpus/``),
run ``leakwarden scan DIR --full --json REPORT`` in a subprocess, then print
the metrics of ``eval/score.py`` and write them to
``eval/out/reports/<corpus>-metrics.json``.

Exit status: 0; 2 when a corpus could not be generated, scanned or scored;
1 when ``--min-f1`` is given and a corpus scores below it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as eval_corpus  # noqa: E402
import score as eval_score  # noqa: E402

DIRS = {"demo": "demo", "eval": "corpus", "heldout": "heldout"}


def generate(which: str, directory: Path, scale: float, seed: int | None = None) -> tuple[int, int, float]:
    """Write one corpus; return (collections, documents, seconds)."""
    from leakwarden.demo.synthetic import generate_store, write_dump

    t0 = time.perf_counter()
    if which == "demo":
        store = generate_store(seed=7 if seed is None else seed, scale=scale)
        generator = "leakwarden.demo.synthetic"
    elif which == "heldout":
        import heldout as eval_heldout

        store = eval_heldout.generate_heldout(seed=99 if seed is None else seed, scale=scale)
        generator = "eval/heldout.py"
    else:
        store = eval_corpus.generate_corpus(seed=2024 if seed is None else seed, scale=scale)
        generator = eval_corpus.GENERATOR
    for stale in directory.glob("*.ndjson"):
        stale.unlink()
    write_dump(store, directory, generator=generator)
    return len(store.collections), sum(len(c.documents) for c in store.collections), time.perf_counter() - t0


def scan(directory: Path, report: Path, extra: list[str]) -> tuple[int, float, str]:
    """Run ``leakwarden scan`` on ``directory``; return (exit code, seconds, stderr tail)."""
    report.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "leakwarden", "-q", "scan", str(directory), "--json", str(report),
           "--no-history", *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
    return proc.returncode, time.perf_counter() - t0, tail


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("demo", "eval", "heldout", "both", "all"), default="all",
                    help="both = demo + eval; all = demo + eval + heldout (an independently written corpus)")
    ap.add_argument("--out", type=Path, default=HERE / "out", help="output directory (default eval/out)")
    ap.add_argument("--scale", type=float, default=1.0, help="corpus size factor (default 1.0)")
    ap.add_argument("--seed", type=int, help="another seed than the defaults (demo 7, eval 2024): fresh values, "
                                             "same schemas, to check that tuning did not memorise the values")
    ap.add_argument("--sample", type=int, metavar="N",
                    help="scan a random sample of N documents per collection instead of --full")
    ap.add_argument("--min-f1", type=float, metavar="X", help="exit 1 when a corpus's micro F1 is below X")
    ap.add_argument("--errors", type=int, default=25, metavar="N", help="field errors to list per corpus")
    args = ap.parse_args(argv)

    corpora = {"both": ["demo", "eval"], "all": ["demo", "eval", "heldout"]}.get(args.corpus, [args.corpus])
    reports = args.out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    scan_args = ["--sample", str(args.sample)] if args.sample else ["--full"]
    status = 0
    summary: dict[str, dict] = {}
    for which in corpora:
        data = args.out / DIRS[which]
        try:
            ncoll, ndocs, secs = generate(which, data, args.scale, args.seed)
        except Exception as exc:  # noqa: BLE001 - report and go on with the next corpus
            print(f"[{which}] generating the corpus failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 2
            continue
        print(f"[{which}] {ncoll} collections, {ndocs:,} documents written to {data} in {secs:.1f} s")
        report = reports / f"{which}-report.json"
        code, secs, tail = scan(data, report, scan_args)
        if code not in (0, 1) or not report.exists():
            print(f"[{which}] leakwarden scan failed (exit {code}):\n{tail}", file=sys.stderr)
            status = 2
            continue
        print(f"[{which}] scanned in {secs:.1f} s ({ndocs / secs:,.0f} documents/s), exit {code}: {report}")
        try:
            metrics = eval_score.score(eval_score.load_json(report), eval_score.load_json(data / "labels.json"))
        except eval_score.ScoreError as exc:
            print(f"[{which}] scoring failed: {exc}", file=sys.stderr)
            status = 2
            continue
        metrics["run"] = {"corpus": which, "documents": ndocs, "scan_seconds": round(secs, 2),
                          "scan_mode": " ".join(scan_args)}
        (reports / f"{which}-metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(eval_score.format_metrics(metrics, title=f"{which} corpus", max_errors=args.errors))
        print()
        summary[which] = metrics
        if args.min_f1 is not None and metrics["fields"]["micro"]["f1"] < args.min_f1 and status == 0:
            status = 1

    if summary:
        print(f"{'corpus':8} {'P':>6} {'R':>6} {'F1':>6} {'personal':>9} {'traj ok':>8} {'trackable err':>14} {'persons err':>12}")
        for which, m in summary.items():
            mi = m["fields"]["micro"]
            tr = m["trajectory"]
            print(f"{which:8} {mi['precision']:6.3f} {mi['recall']:6.3f} {mi['f1']:6.3f} "
                  f"{m['collections']['personal']['accuracy']:9.3f} {tr['tp'] + tr['tn']:>4}/{m['collections']['labelled']:<3} "
                  f"{eval_score._fmt(tr['persons_trackable_mean_rel_error']):>14} "
                  f"{eval_score._fmt(m['persons']['mean_rel_error_missing_as_1']):>12}")
    if status == 1:
        print(f"micro F1 below --min-f1 {args.min_f1}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
