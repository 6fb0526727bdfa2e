"""Score a leakwarden JSON report (leakwarden/report@1) against a corpus's labels.json.

    python eval/score.py REPORT.json LABELS.json [--json METRICS.json] [--min-f1 0.8] [--errors 40]

Field level: every (collection, path, category) triple is a unit. A category
the report gives a field is a true positive if the labels give it too, else a
false positive (also when the path is not in the labels at all: a path the
flattening rules do not produce); a labelled category the report does not give
is a false negative (also when the report omits the field or the collection).
Per-category precision/recall/F1 and their micro average are printed.

Collection level: ``personal`` accuracy; trajectory detection (found in every
collection labelled with a trajectory, in none of the others); relative error
of ``persons_trackable`` and ``persons_estimated``; absolute error of the
k-anonymity ``share_below_k``; cross-collection links (by collection pair).

Exit status: 0, or 2 when a file cannot be read or is not the expected shape,
or 1 when ``--min-f1`` is given and the micro-averaged F1 is below it. Low
scores alone never fail the run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

try:  # the taxonomy's order, for the table; scoring does not depend on it
    from leakwarden.report import CATEGORIES
except ImportError:  # pragma: no cover - scoring a report without leakwarden installed
    CATEGORIES = ()


class ScoreError(Exception):
    """A report or labels file that cannot be scored."""


def load_json(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise ScoreError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise ScoreError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ScoreError(f"{path}: expected a JSON object")
    return data


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _rel_error(pred: float | None, true: float) -> float | None:
    if pred is None:
        return None
    return abs(pred - true) / max(abs(true), 1)


def report_collections(report: dict[str, Any]) -> tuple[dict[str, dict], list[dict], list[str]]:
    """Collections of every store by name, the stores' links, and notes about duplicates."""
    stores = report.get("stores")
    if not isinstance(stores, list):
        raise ScoreError("report has no 'stores' list (is it a leakwarden/report@1 document?)")
    by_name: dict[str, dict] = {}
    links: list[dict] = []
    notes: list[str] = []
    for store in stores:
        for coll in store.get("collections") or []:
            name = coll.get("name")
            if name in by_name:
                notes.append(f"collection {name!r} appears in several stores; the first one is scored")
                continue
            by_name[name] = coll
        links.extend(store.get("links") or [])
    return by_name, links, notes


def score(report: dict[str, Any], labels: dict[str, Any]) -> dict[str, Any]:
    """All metrics of one report against one labels document."""
    truth = labels.get("collections")
    if not isinstance(truth, dict):
        raise ScoreError("labels have no 'collections' object")
    got, got_links, notes = report_collections(report)

    # ---- fields
    per_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_coll: dict[str, list[int]] = {}
    errors: list[dict[str, str]] = []
    unknown_categories: set[str] = set()
    known = set(CATEGORIES)
    for name, lab in truth.items():
        t_fields = {p: set(c) for p, c in (lab.get("fields") or {}).items()}
        rc = got.get(name)
        p_fields: dict[str, set[str]] = {}
        for f in (rc or {}).get("fields") or []:
            p_fields.setdefault(f.get("path"), set()).update(f.get("categories") or [])
        counts = per_coll.setdefault(name, [0, 0, 0])
        for path in sorted(set(t_fields) | set(p_fields), key=str):
            t = t_fields.get(path, set())
            p = p_fields.get(path, set())
            for cat in p:
                if known and cat not in known:
                    unknown_categories.add(cat)
                kind = 0 if cat in t else 1
                per_cat[cat][kind] += 1
                counts[kind] += 1
                if kind:
                    errors.append({"collection": name, "path": path, "category": cat, "kind": "FP",
                                   "labelled": ",".join(sorted(t)) or "-", "unlabelled_path": path not in t_fields})
            for cat in t - p:
                per_cat[cat][2] += 1
                counts[2] += 1
                errors.append({"collection": name, "path": path, "category": cat, "kind": "FN",
                               "predicted": ",".join(sorted(p)) or "-", "field_missing": path not in p_fields})
    categories = {cat: {**_prf(*v), "support": v[0] + v[2]} for cat, v in per_cat.items()}
    tp, fp, fn = (sum(v[i] for v in per_cat.values()) for i in range(3))
    scored = [c["f1"] for c in categories.values() if c["support"] or c["fp"]]
    fields = {
        "micro": _prf(tp, fp, fn),
        "macro_f1": round(sum(scored) / len(scored), 4) if scored else 0.0,
        "per_category": dict(sorted(categories.items(), key=lambda kv: _cat_order(kv[0]))),
        "per_collection": {n: _prf(*v) for n, v in per_coll.items()},
        "unknown_categories": sorted(unknown_categories),
    }

    # ---- collections: personal, trajectory, persons, k-anonymity
    missing = sorted(n for n in truth if n not in got)
    unexpected = sorted(n for n in got if n not in truth)
    personal_errors = [n for n, lab in truth.items() if n in got and bool(got[n].get("personal")) != bool(lab.get("personal"))]
    present = [n for n in truth if n in got]
    personal = {"correct": len(present) - len(personal_errors), "total": len(present),
                "accuracy": round((len(present) - len(personal_errors)) / len(present), 4) if present else 0.0,
                "errors": sorted(personal_errors)}

    traj = {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "missed": [], "spurious": [], "per_collection": {}}
    for name, lab in truth.items():
        t = lab.get("trajectory")
        p = (got.get(name) or {}).get("trajectory")
        if t and p:
            traj["tp"] += 1
        elif t:
            traj["fn"] += 1
            traj["missed"].append(name)
        elif p:
            traj["fp"] += 1
            traj["spurious"].append(name)
        else:
            traj["tn"] += 1
        if t:
            pred = (p or {}).get("persons_trackable")
            err = _rel_error(pred, t["persons_trackable"])
            row: dict[str, Any] = {"true": t["persons_trackable"], "predicted": pred,
                                   "rel_error": None if err is None else round(err, 4)}
            if p:
                for key in ("person_keys", "location_fields", "time_fields"):
                    row[f"{key}_ok"] = bool(set(p.get(key) or []) & set(t.get(key) or []))
            traj["per_collection"][name] = row
    errs = [r["rel_error"] if r["rel_error"] is not None else 1.0 for r in traj["per_collection"].values()]
    traj["all_correct"] = traj["fp"] == 0 and traj["fn"] == 0
    traj["accuracy"] = round((traj["tp"] + traj["tn"]) / len(truth), 4) if truth else 0.0
    traj["persons_trackable_mean_rel_error"] = round(sum(errs) / len(errs), 4) if errs else None

    persons: dict[str, Any] = {"per_collection": {}, "missing": [], "spurious": []}
    for name, lab in truth.items():
        if name not in got:
            continue
        pred = got[name].get("persons_estimated")
        if lab.get("persons") is None:
            if pred:
                persons["spurious"].append(name)
            continue
        err = _rel_error(pred, lab["persons"])
        if err is None:
            persons["missing"].append(name)
        persons["per_collection"][name] = {"true": lab["persons"], "predicted": pred,
                                           "rel_error": None if err is None else round(err, 4)}
    perrs = [r["rel_error"] for r in persons["per_collection"].values() if r["rel_error"] is not None]
    persons["mean_rel_error"] = round(sum(perrs) / len(perrs), 4) if perrs else None
    persons["mean_rel_error_missing_as_1"] = round(
        (sum(perrs) + len(persons["missing"])) / (len(perrs) + len(persons["missing"])), 4) if persons["per_collection"] else None

    reid: dict[str, Any] = {"per_collection": {}, "missed": [], "spurious": []}
    for name, lab in truth.items():
        t = lab.get("reidentification")
        p = (got.get(name) or {}).get("reidentification")
        if t:
            if not p:
                reid["missed"].append(name)
                reid["per_collection"][name] = {"true": t["share_below_k"], "predicted": None, "abs_error": None}
                continue
            tq, pq = set(t.get("quasi_identifiers") or []), set(p.get("quasi_identifiers") or [])
            reid["per_collection"][name] = {
                "true": t["share_below_k"], "predicted": p.get("share_below_k"),
                "abs_error": round(abs((p.get("share_below_k") or 0.0) - t["share_below_k"]), 4),
                "quasi_identifiers_jaccard": round(len(tq & pq) / len(tq | pq), 4) if tq | pq else 1.0,
            }
        elif p and name in got:
            reid["spurious"].append(name)
    rerrs = [r["abs_error"] for r in reid["per_collection"].values() if r["abs_error"] is not None]
    reid["mean_abs_error"] = round(sum(rerrs) / len(rerrs), 4) if rerrs else None

    t_links = {frozenset(link["collections"]): link for link in labels.get("links") or []}
    p_links: dict[frozenset, dict] = {}
    for link in got_links:
        p_links.setdefault(frozenset(link.get("collections") or []), link)
    matched = t_links.keys() & p_links.keys()
    lk = _prf(len(matched), len(p_links.keys() - t_links.keys()), len(t_links.keys() - p_links.keys()))
    lk["shared_keys"] = {
        " <-> ".join(sorted(pair)): {"true": t_links[pair]["shared_keys"],
                                      "predicted": p_links[pair].get("shared_keys_estimated"),
                                      "rel_error": _round(_rel_error(p_links[pair].get("shared_keys_estimated"),
                                                                     t_links[pair]["shared_keys"]))}
        for pair in sorted(matched, key=sorted)}
    lk["missed"] = [sorted(p) for p in t_links.keys() - p_links.keys()]
    lk["spurious"] = [sorted(p) for p in p_links.keys() - t_links.keys()]

    return {
        "fields": fields,
        "collections": {"labelled": len(truth), "missing": missing, "unexpected": unexpected, "personal": personal},
        "trajectory": traj,
        "persons": persons,
        "reidentification": reid,
        "links": lk,
        "errors": errors,
        "notes": notes,
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _cat_order(cat: str) -> tuple[int, str]:
    return (CATEGORIES.index(cat) if cat in CATEGORIES else len(CATEGORIES), cat)


def format_metrics(m: dict[str, Any], *, title: str = "", max_errors: int = 30) -> str:
    out: list[str] = []
    if title:
        out.append(f"== {title} ==")
    out.append(f"{'category':28} {'TP':>5} {'FP':>5} {'FN':>5} {'prec':>6} {'rec':>6} {'F1':>6}")
    for cat, c in m["fields"]["per_category"].items():
        out.append(f"{cat:28} {c['tp']:5d} {c['fp']:5d} {c['fn']:5d} {c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f}")
    mi = m["fields"]["micro"]
    out.append(f"{'micro average':28} {mi['tp']:5d} {mi['fp']:5d} {mi['fn']:5d} {mi['precision']:6.3f} "
               f"{mi['recall']:6.3f} {mi['f1']:6.3f}")
    out.append(f"{'macro F1':28} {'':>5} {'':>5} {'':>5} {'':>6} {'':>6} {m['fields']['macro_f1']:6.3f}")
    if m["fields"]["unknown_categories"]:
        out.append(f"categories outside the taxonomy: {', '.join(m['fields']['unknown_categories'])}")
    worst = sorted(m["fields"]["per_collection"].items(), key=lambda kv: kv[1]["f1"])[:5]
    out.append("weakest collections: " + ", ".join(f"{n} {c['f1']:.2f}" for n, c in worst))

    col = m["collections"]
    pe = col["personal"]
    out.append("")
    out.append(f"personal: {pe['correct']}/{pe['total']} correct ({pe['accuracy']:.3f})"
               + (f"; wrong: {', '.join(pe['errors'])}" if pe["errors"] else ""))
    if col["missing"]:
        out.append(f"collections missing from the report: {', '.join(col['missing'])}")
    if col["unexpected"]:
        out.append(f"collections not in the labels (ignored): {', '.join(col['unexpected'])}")
    tr = m["trajectory"]
    out.append(f"trajectories: found {tr['tp']}/{tr['tp'] + tr['fn']}, false alarms {tr['fp']}/{tr['fp'] + tr['tn']}"
               f" -> {'all correct' if tr['all_correct'] else 'NOT all correct'}"
               + (f"; missed: {', '.join(tr['missed'])}" if tr["missed"] else "")
               + (f"; spurious: {', '.join(tr['spurious'])}" if tr["spurious"] else ""))
    for name, r in tr["per_collection"].items():
        err = "n/a" if r["rel_error"] is None else f"{r['rel_error']:.3f}"
        out.append(f"  {name:28} persons_trackable true {r['true']:>6} predicted {str(r['predicted']):>6} rel.err {err}")
    if tr["persons_trackable_mean_rel_error"] is not None:
        out.append(f"  mean relative error of persons_trackable (missing = 1): {tr['persons_trackable_mean_rel_error']:.3f}")
    pr = m["persons"]
    if pr["per_collection"]:
        out.append(f"persons_estimated: mean relative error {_fmt(pr['mean_rel_error'])} "
                   f"(missing = 1: {_fmt(pr['mean_rel_error_missing_as_1'])})"
                   + (f"; no estimate for: {', '.join(pr['missing'])}" if pr["missing"] else "")
                   + (f"; people counted in non-personal: {', '.join(pr['spurious'])}" if pr["spurious"] else ""))
        for name, r in pr["per_collection"].items():
            if r["rel_error"] is None or r["rel_error"] > 0.1:
                out.append(f"  {name:28} persons true {r['true']:>6} predicted {str(r['predicted']):>6}")
    re_ = m["reidentification"]
    for name, r in re_["per_collection"].items():
        out.append(f"k-anonymity {name}: share below k true {r['true']:.3f} predicted {_fmt(r['predicted'])}"
                   f" abs.err {_fmt(r['abs_error'])}")
    if re_["spurious"]:
        out.append(f"k-anonymity reported where none is labelled: {', '.join(re_['spurious'])}")
    lk = m["links"]
    out.append(f"links: precision {lk['precision']:.3f} recall {lk['recall']:.3f} F1 {lk['f1']:.3f}"
               + (f"; missed: {lk['missed']}" if lk["missed"] else "")
               + (f"; spurious: {lk['spurious']}" if lk["spurious"] else ""))
    if max_errors and m["errors"]:
        out.append("")
        out.append(f"field errors (first {min(max_errors, len(m['errors']))} of {len(m['errors'])}):")
        for e in m["errors"][:max_errors]:
            extra = f"labelled {e['labelled']}" if e["kind"] == "FP" else f"predicted {e['predicted']}"
            out.append(f"  {e['kind']} {e['collection']}:{e['path']} {e['category']}  ({extra})")
    for n in m["notes"]:
        out.append(f"note: {n}")
    return "\n".join(out)


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score a leakwarden JSON report against labels.json.")
    ap.add_argument("report", type=Path, help="leakwarden JSON report (leakwarden/report@1)")
    ap.add_argument("labels", type=Path, help="labels.json of the corpus that was scanned")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the metrics as JSON")
    ap.add_argument("--min-f1", type=float, metavar="X", help="exit 1 when the micro-averaged field F1 is below X")
    ap.add_argument("--errors", type=int, default=30, metavar="N", help="field errors to list (default 30)")
    args = ap.parse_args(argv)
    try:
        metrics = score(load_json(args.report), load_json(args.labels))
    except ScoreError as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 2
    print(format_metrics(metrics, title=str(args.report), max_errors=args.errors))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if args.min_f1 is not None and metrics["fields"]["micro"]["f1"] < args.min_f1:
        print(f"score: micro F1 {metrics['fields']['micro']['f1']:.3f} is below --min-f1 {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
