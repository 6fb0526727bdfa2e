"""The catalogue (checks/data/*.yaml): complete, well-formed, documented."""

from __future__ import annotations

import re
from pathlib import Path

from leakwarden.checks import load_catalog
from leakwarden.checks.base import registered_probes
from leakwarden.checks.catalog import render_markdown_table
from leakwarden.checks.versions import load_eol_tables, load_version_ranges

DOCS = Path(__file__).resolve().parents[3] / "docs" / "checks.md"


def test_at_least_35_checks_covering_rows_1_to_35():
    catalog = load_catalog()
    assert len(catalog) >= 35
    rows = {s.row for s in catalog if s.row is not None}
    assert set(range(1, 36)) <= rows, sorted(set(range(1, 36)) - rows)


def test_every_check_has_a_probe_and_every_probe_a_check():
    assert {s.id for s in load_catalog()} == set(registered_probes())


def test_metadata_is_complete():
    for s in load_catalog():
        assert re.fullmatch(r"(es|kibana|tls)-[a-z0-9-]+", s.id), s.id
        assert s.title and s.description and s.remediation_text, s.id
        assert s.references and all(r.startswith("https://") for r in s.references), s.id
        assert s.requests, f"{s.id}: say which read-only requests it sends"


def test_configuration_checks_carry_a_snippet_per_product():
    # checks that are fixed in configuration (not by upgrading) show a snippet for each product they apply to
    upgrade_only = {
        "es-fingerprint",
        "es-version-eol",
        "es-cve-2015-3337",
        "es-cve-2021-22145",
        "es-cve-2023-31419",
        "es-license-expired",
        "es-product-header-missing",
        "kibana-detected",
        "kibana-cve-2018-17246",
        "kibana-version-eol",
        "kibana-legacy-proxy",
        "es-cve-2014-3120",
        "es-cve-2015-1427",
        "es-cve-2015-5531",
        "kibana-cve-2019-7609",
        "es-api-keys-readable",
    }
    for s in load_catalog():
        if s.id in upgrade_only:
            continue
        for product in s.products:
            variants = {
                "elasticsearch": ["elasticsearch-7", "elasticsearch-8"],
                "opensearch": ["opensearch"],
                "kibana": ["kibana"],
                "opensearch-dashboards": ["opensearch-dashboards", "kibana"],
            }[product]
            if product == "opensearch-dashboards":
                assert any(v in s.snippets for v in variants), (s.id, product)
            else:
                for v in variants:
                    assert v in s.snippets, (s.id, v)


def test_version_tables_name_their_sources():
    for vr in load_version_ranges().values():
        assert vr.sources and all(u.startswith("https://") for u in vr.sources), vr.check_id
        assert vr.ranges and vr.summary, vr.check_id
    for table in load_eol_tables().values():
        assert table.sources and table.lines, table.product


def test_docs_table_is_up_to_date():
    text = DOCS.read_text("utf-8")
    assert render_markdown_table() in text, "regenerate with: python -m leakwarden.checks"
