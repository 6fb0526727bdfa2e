"""How many people, and how many can be followed: accuracy, speed and memory at scale.

Streams synthetic face-capture sightings (a national ID number, a camera's
coordinates and name, a time) through :class:`leakwarden.risk.CollectionAssessor`
with the real keyed hash (HMAC-SHA256), and compares it in the same run with
a raw baseline that keeps every ID number in an exact Python set (and every
person's first camera in a dict, for the trajectory truth).

Usage::

    .venv/bin/python benchmarks/bench_people.py                 # 10**5 and 10**6 records
    .venv/bin/python benchmarks/bench_people.py --records 200000 --persons 60000
    .venv/bin/python benchmarks/bench_people.py --json benchmarks/out/people.json

Memory is the peak traced by ``tracemalloc`` while the records stream
(records are generated one at a time and never kept), measured in a second
pass because tracing slows Python down; speed is measured without it.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from leakwarden.privacy import Hasher
from leakwarden.profile import CollectionSample
from leakwarden.report import FieldFinding
from leakwarden.risk import CollectionAssessor

MASK64 = (1 << 64) - 1
CAMERAS = 500
#: share of a person's sightings away from their home camera
AWAY = 0.3


def _mix(x: int) -> int:
    z = (x + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def _camera(c: int) -> tuple[float, float, str]:
    # a 25 x 20 grid, 300 m apart, in central Beijing
    return 39.85 + (c // 20) * 0.0027, 116.30 + (c % 20) * 0.0035, f"Camera {c:03d}"


CAMERA_TABLE = [_camera(c) for c in range(CAMERAS)]


def sightings(records: int, persons: int, seed: int = 0) -> Iterator[tuple[str, int]]:
    """``(ID number, camera)`` per record; persons drawn uniformly from a pool."""
    for i in range(records):
        r = _mix(seed * 10**12 + i)
        p = r % persons
        home = _mix(p) % CAMERAS
        away = ((r >> 32) & 0xFFFF) < AWAY * 0x10000
        cam = (r >> 48) % CAMERAS if away else home
        yield f"11010119{p:08d}{p % 10}X", cam


def flat_records(records: int, persons: int) -> Iterator[dict[str, list[Any]]]:
    for i, (idn, cam) in enumerate(sightings(records, persons)):
        lat, lon, name = CAMERA_TABLE[cam]
        yield {
            "idCard": [idn],
            "location": [{"lat": lat, "lon": lon}],
            "cameraName": [name],
            "captureTime": [1_560_000_000 + i],
        }


FINDINGS = [
    FieldFinding(path="idCard", categories=["person.government_id"], confidence=1.0, hits=1000, examined=1000),
    FieldFinding(path="location", categories=["location.coordinates"], confidence=1.0, hits=1000, examined=1000),
    FieldFinding(path="cameraName", categories=["location.place"], confidence=1.0, hits=1000, examined=1000),
    FieldFinding(path="captureTime", categories=["time.timestamp"], confidence=1.0, hits=1000, examined=1000),
]


def make_assessor(records: int, persons: int) -> CollectionAssessor:
    sample = CollectionSample(name="face_capture", documents=records, max_records=1000)
    for flat in flat_records(1000, persons):
        sample.add_flat(flat)
    return CollectionAssessor(sample, FINDINGS, Hasher(b"bench-key".ljust(32, b"\0")), documents=records)


def run_assessor(records: int, persons: int) -> dict[str, Any]:
    a = make_assessor(records, persons)
    t0 = time.perf_counter()
    for flat in flat_records(records, persons):
        a.update(flat)
    col = a.result()
    elapsed = time.perf_counter() - t0
    return {
        "persons": col.persons_estimated,
        "trackable": col.trajectory.persons_trackable if col.trajectory else 0,
        "seconds": elapsed,
        "records_per_s": records / elapsed,
        "sampled_persons": len(a.tracker.sample.items) if a.tracker else 0,
    }


def run_baseline(records: int, persons: int) -> dict[str, Any]:
    """Exact: every ID number in a set, every person's first camera and whether they moved."""
    t0 = time.perf_counter()
    seen: set[str] = set()
    first: dict[str, int] = {}
    moved: set[str] = set()
    for flat in flat_records(records, persons):
        idn = flat["idCard"][0].strip().casefold()
        seen.add(idn)
        cam = flat["cameraName"][0]
        cam_id = int(cam[-3:])
        f = first.setdefault(idn, cam_id)
        if f != cam_id:
            moved.add(idn)
    elapsed = time.perf_counter() - t0
    return {"persons": len(seen), "trackable": len(moved), "seconds": elapsed, "records_per_s": records / elapsed}


def peak_bytes(fn: Any, *args: Any) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--persons", type=int, default=300_000, help="size of the person pool")
    ap.add_argument("--no-memory", action="store_true", help="skip the (slow) traced memory pass")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    rows = []
    print(f"{'records':>9} {'truth':>8} {'estimate':>9} {'err':>7} {'moved':>8} {'est.':>8} {'err':>7} "
          f"{'rec/s':>8} {'base rec/s':>10} {'peak MiB':>9} {'base MiB':>9}")
    for n in args.records:
        base = run_baseline(n, args.persons)
        mine = run_assessor(n, args.persons)
        row: dict[str, Any] = {"records": n, "pool": args.persons, "baseline": base, "assessor": mine}
        row["persons_error"] = mine["persons"] / base["persons"] - 1
        row["trackable_error"] = mine["trackable"] / base["trackable"] - 1 if base["trackable"] else 0.0
        if not args.no_memory:
            row["assessor_peak_bytes"] = peak_bytes(run_assessor, n, args.persons)
            row["baseline_peak_bytes"] = peak_bytes(run_baseline, n, args.persons)
        rows.append(row)
        mib = lambda k: f"{row[k] / 2**20:9.1f}" if k in row else f"{'-':>9}"  # noqa: E731
        print(
            f"{n:>9,} {base['persons']:>8,} {mine['persons']:>9,} {row['persons_error']:>+7.2%} "
            f"{base['trackable']:>8,} {mine['trackable']:>8,} {row['trackable_error']:>+7.2%} "
            f"{mine['records_per_s']:>8,.0f} {base['records_per_s']:>10,.0f} {mib('assessor_peak_bytes')} {mib('baseline_peak_bytes')}",
            flush=True,
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"python": sys.version.split()[0], "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
