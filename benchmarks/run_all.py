"""Run every benchmark in one go (``make bench``); figures land in benchmarks/out/.

    python benchmarks/run_all.py [--presidio-python VENV_OR_PYTHON | --setup-presidio]

1. bench_scan.py: ``scan --full`` throughput (MB/s per core), memory at 1x and
   4x, accuracy, and Presidio side by side on the same documents;
2. bench_people.py: distinct people and trackable people at 10^5 and 10^6
   records against an exact baseline, speed and memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presidio-python", help="Presidio's virtualenv (or its python)")
    ap.add_argument("--setup-presidio", action="store_true", help="create Presidio's virtualenv under benchmarks/out/")
    args = ap.parse_args()
    scan = [sys.executable, str(HERE / "bench_scan.py")]
    if args.presidio_python:
        scan += ["--presidio-python", args.presidio_python]
    elif args.setup_presidio:
        scan.append("--setup-presidio")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    rc = subprocess.call(scan)
    rc |= subprocess.call([sys.executable, str(HERE / "bench_people.py"), "--json", str(out / "people.json")])
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
