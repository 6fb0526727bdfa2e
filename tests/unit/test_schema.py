import json
from pathlib import Path

from leakwarden.report import report_json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "src/leakwarden/schema/report-1.schema.json"


def test_published_schema_matches_the_model():
    """Regenerate with: python -m leakwarden.report > src/leakwarden/schema/report-1.schema.json"""
    assert json.loads(SCHEMA_FILE.read_text()) == report_json_schema()
