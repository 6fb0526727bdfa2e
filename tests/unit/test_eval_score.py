"""eval/score.py on small hand-made reports with known true/false positives and negatives."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from leakwarden.report import Collection, FieldFinding, Report, Risk, Store, Tool, Trajectory

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


score = _load("leakwarden_eval_score", ROOT / "eval" / "score.py")

LABELS = {
    "collections": {
        "people": {
            "fields": {"name": ["person.name"], "ssn": ["person.government_id"], "loc": ["location.coordinates"],
                       "seen_at": ["time.timestamp"], "note": []},
            "personal": True,
            "trajectory": {"person_keys": ["ssn"], "location_fields": ["loc"], "time_fields": ["seen_at"],
                           "persons_trackable": 10},
            "persons": 20,
            "reidentification": None,
        },
        "logs": {
            "fields": {"ts": ["time.timestamp"], "sku": []},
            "personal": False, "trajectory": None, "persons": None, "reidentification": None,
        },
        "survey": {
            "fields": {"yob": ["person.birthdate"], "sex": ["person.gender"]},
            "personal": True, "trajectory": None, "persons": 100,
            "reidentification": {"quasi_identifiers": ["yob", "sex"], "k": 5, "share_below_k": 0.4},
        },
    },
    "links": [{"collections": ["people", "survey"], "fields": ["ssn", "yob"], "key_category": "person.government_id",
               "shared_keys": 50}],
}


def _field(path: str, *cats: str) -> FieldFinding:
    return FieldFinding(path=path, categories=list(cats), confidence=0.9, hits=1, examined=1)


def _report(**overrides) -> dict:
    """A contract-valid report, built with the report model so the scorer reads what scans write."""
    people = Collection(
        name="people", examined=20, personal=True, sensitivity=80, persons_estimated=25,
        trajectory=Trajectory(person_keys=["ssn"], location_fields=["loc.lat"], time_fields=["seen_at"],
                              persons_trackable=8),
        fields=[
            _field("name", "person.name"),                             # TP
            _field("ssn", "person.government_id", "person.phone"),     # TP + FP
            _field("loc.lat", "location.coordinates"),                 # FP (not a contract path) -> loc is FN
            _field("seen_at", "time.timestamp"),                       # TP
            _field("note", "person.name"),                             # FP on a field labelled []
        ],
    )
    logs = Collection(
        name="logs", examined=5, personal=True, sensitivity=10,      # personal: wrong
        trajectory=Trajectory(person_keys=["sku"], location_fields=["sku"], time_fields=["ts"]),  # spurious
        fields=[_field("ts"), _field("sku")],                          # ts: FN
    )
    extra = Collection(name="not_labelled", examined=1, personal=False, sensitivity=0,
                       fields=[_field("x", "person.name")])
    colls = overrides.get("collections", [people, logs, extra])
    store = Store(target="/tmp/corpus", kind="files", status="complete", risk=Risk(level="high", score=70),
                  collections=colls, links=overrides.get("links", []))
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return Report(tool=Tool(version="0.1.0"), started_at=now, finished_at=now, stores=[store]).to_json_dict()


def test_field_counts_precision_recall_f1():
    m = score.score(_report(), LABELS)
    cats = m["fields"]["per_category"]
    assert (cats["person.name"]["tp"], cats["person.name"]["fp"], cats["person.name"]["fn"]) == (1, 1, 0)
    assert (cats["person.government_id"]["tp"], cats["person.government_id"]["fn"]) == (1, 0)
    assert (cats["person.phone"]["fp"], cats["person.phone"]["support"]) == (1, 0)
    assert (cats["location.coordinates"]["tp"], cats["location.coordinates"]["fp"],
            cats["location.coordinates"]["fn"]) == (0, 1, 1)
    assert (cats["time.timestamp"]["tp"], cats["time.timestamp"]["fn"]) == (1, 1)
    # survey is missing from the report: both its labels are false negatives
    assert cats["person.birthdate"]["fn"] == 1 and cats["person.gender"]["fn"] == 1
    micro = m["fields"]["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (3, 3, 4)
    assert micro["precision"] == pytest.approx(0.5)
    assert micro["recall"] == pytest.approx(3 / 7, abs=1e-4)
    assert micro["f1"] == pytest.approx(2 * 0.5 * (3 / 7) / (0.5 + 3 / 7), abs=1e-4)
    assert m["fields"]["per_collection"]["people"]["tp"] == 3
    assert m["fields"]["per_category"]["person.name"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    unlabelled = [e for e in m["errors"] if e["kind"] == "FP" and e["path"] == "loc.lat"]
    assert unlabelled and unlabelled[0]["unlabelled_path"] is True


def test_a_perfect_report_scores_one():
    perfect = []
    for name, lab in LABELS["collections"].items():
        perfect.append(Collection(
            name=name, examined=1, personal=lab["personal"], sensitivity=50, persons_estimated=lab["persons"],
            trajectory=Trajectory(**lab["trajectory"]) if lab["trajectory"] else None,
            reidentification=({"quasi_identifiers": ["yob", "sex"], "share_below_k": 0.4}
                              if lab["reidentification"] else None),
            fields=[_field(p, *c) for p, c in lab["fields"].items()]))
    links = [{"collections": ["survey", "people"], "fields": ["yob", "ssn"], "key_category": "person.government_id",
              "shared_keys_estimated": 50}]
    m = score.score(_report(collections=perfect, links=links), LABELS)
    assert m["fields"]["micro"]["f1"] == 1.0 and m["fields"]["macro_f1"] == 1.0
    assert m["collections"]["personal"]["accuracy"] == 1.0
    assert m["trajectory"]["all_correct"] and m["trajectory"]["persons_trackable_mean_rel_error"] == 0
    assert m["persons"]["mean_rel_error"] == 0 and not m["persons"]["missing"]
    assert m["reidentification"]["per_collection"]["survey"]["abs_error"] == 0
    assert m["reidentification"]["per_collection"]["survey"]["quasi_identifiers_jaccard"] == 1.0
    assert m["links"]["f1"] == 1.0 and m["links"]["shared_keys"]["people <-> survey"]["rel_error"] == 0
    assert m["errors"] == []


def test_collection_level_metrics():
    m = score.score(_report(), LABELS)
    col = m["collections"]
    assert col["missing"] == ["survey"] and col["unexpected"] == ["not_labelled"]
    assert col["personal"] == {"correct": 1, "total": 2, "accuracy": 0.5, "errors": ["logs"]}
    tr = m["trajectory"]
    assert (tr["tp"], tr["fp"], tr["fn"], tr["tn"]) == (1, 1, 0, 1)
    assert tr["spurious"] == ["logs"] and not tr["all_correct"]
    row = tr["per_collection"]["people"]
    assert row["rel_error"] == pytest.approx(0.2)
    assert row["person_keys_ok"] and row["time_fields_ok"] and not row["location_fields_ok"]
    assert m["persons"]["per_collection"]["people"]["rel_error"] == pytest.approx(0.25)
    assert m["reidentification"]["missed"] == ["survey"]
    assert m["links"]["fn"] == 1 and m["links"]["recall"] == 0.0


def test_missing_trajectory_and_estimates_count_as_full_error():
    lab = json.loads(json.dumps(LABELS))
    report = _report()
    report["stores"][0]["collections"][0]["trajectory"] = None
    report["stores"][0]["collections"][0]["persons_estimated"] = None
    m = score.score(report, lab)
    assert m["trajectory"]["missed"] == ["people"]
    assert m["trajectory"]["persons_trackable_mean_rel_error"] == 1.0
    assert m["persons"]["missing"] == ["people"] and m["persons"]["mean_rel_error_missing_as_1"] == 1.0


def test_reidentification_error():
    survey = Collection(name="survey", examined=100, personal=True, sensitivity=40,
                        reidentification={"quasi_identifiers": ["yob", "sex", "zip"], "share_below_k": 0.25},
                        fields=[_field("yob", "person.birthdate")])
    m = score.score(_report(collections=[survey]), LABELS)
    row = m["reidentification"]["per_collection"]["survey"]
    assert row["abs_error"] == pytest.approx(0.15) and row["quasi_identifiers_jaccard"] == pytest.approx(2 / 3, abs=1e-4)


def test_format_metrics_mentions_the_essentials():
    text = score.format_metrics(score.score(_report(), LABELS), title="t")
    assert "micro average" in text and "person.government_id" in text
    assert "spurious: logs" in text and "FP people:note person.name" in text


def test_cli(tmp_path, capsys):
    rep, lab, out = tmp_path / "r.json", tmp_path / "labels.json", tmp_path / "m" / "metrics.json"
    rep.write_text(json.dumps(_report()))
    lab.write_text(json.dumps(LABELS))
    assert score.main([str(rep), str(lab), "--json", str(out)]) == 0
    assert json.loads(out.read_text())["fields"]["micro"]["tp"] == 3
    assert score.main([str(rep), str(lab), "--min-f1", "0.9"]) == 1  # F1 is ~0.46
    assert score.main([str(rep), str(lab), "--min-f1", "0.3"]) == 0
    assert score.main([str(tmp_path / "absent.json"), str(lab)]) == 2
    (tmp_path / "bad.json").write_text("{not json")
    assert score.main([str(tmp_path / "bad.json"), str(lab)]) == 2
    (tmp_path / "other.json").write_text(json.dumps({"hello": 1}))
    assert score.main([str(tmp_path / "other.json"), str(lab)]) == 2
    assert "stores" in capsys.readouterr().err


def test_scores_a_scan_of_the_demo_dump(tmp_path):
    """The whole chain on a tiny demo dump: generate, scan with the real pipeline, score."""
    pytest.importorskip("leakwarden.scan")
    from leakwarden.demo.synthetic import generate_store, write_dump
    from leakwarden.scan import ScanOptions, run_scan
    from leakwarden.targets import parse_target

    directory = write_dump(generate_store(seed=7, scale=0.05), tmp_path / "demo")
    report = run_scan([parse_target(str(directory), use_env=False)], ScanOptions(full=True, run_checks=False, hash_key=b"k" * 32))
    labels = json.loads((directory / "labels.json").read_text())
    m = score.score(report.to_json_dict(), labels)
    assert m["collections"]["missing"] == [] and m["collections"]["unexpected"] == []
    assert m["fields"]["micro"]["tp"] > 0
