"""Remediation: ordered by severity, then people affected; deterministic."""

from __future__ import annotations

from leakwarden.report import Check
from leakwarden.risk import assess_store
from leakwarden.risk.remediation import split_remediation
from risk_fixtures import ANON_READ_FAIL, OPEN, SECURED, TLS_FAIL, app_logs, assessor, face_captures, finding, hasher, store

SNAPSHOT_FAIL = Check(
    id="es-snapshot-repos",
    status="fail",
    severity="high",
    title="Snapshot repositories listed",
    remediation="Restrict the snapshot API to administrators.",
)


def _contacts(h):
    docs = [{"name": f"N{i}", "phone": f"+49 151 {i:07d}"} for i in range(500)]
    return assessor("contacts", docs, [finding("name", "person.name"), finding("phone", "person.phone")], h)


def _plan(exposure, checks):
    h = hasher()
    st = store(exposure, checks)
    assess_store(st, [assessor("face_capture", *face_captures(), h), _contacts(h), assessor("logs", *app_logs(), h)])
    return st


def test_access_control_first_then_content_by_severity_and_people() -> None:
    st = _plan(OPEN, [TLS_FAIL, SNAPSHOT_FAIL, ANON_READ_FAIL])
    steps = st.remediation
    assert [s.order for s in steps] == list(range(1, len(steps) + 1))
    assert steps[0].check_ids == ["es-anonymous-read"] and steps[0].snippet.startswith("xpack.security")
    assert steps[0].snippet_language == "yaml"
    sev = [s.severity for s in steps]
    rank = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
    assert [rank[s] for s in sev] == sorted((rank[s] for s in sev), reverse=True)
    titles = [s.title for s in steps]
    assert any("face embeddings" in t for t in titles)
    assert any("ethnicity" in t for t in titles)
    assert any("movement data" in t for t in titles)
    # same severity (medium) and same people (the store's 500): access control goes first
    i_tls = next(i for i, s in enumerate(steps) if s.check_ids == ["es-cleartext-http"])
    i_min = next(i for i, s in enumerate(steps) if s.title.startswith("Minimise"))
    assert i_tls < i_min
    assert all("logs" not in s.collections for s in steps)


def test_plan_is_deterministic() -> None:
    a = _plan(OPEN, [TLS_FAIL, ANON_READ_FAIL, SNAPSHOT_FAIL])
    b = _plan(OPEN, [SNAPSHOT_FAIL, ANON_READ_FAIL, TLS_FAIL])
    assert [s.model_dump() for s in a.remediation] == [s.model_dump() for s in b.remediation]


def test_secured_store_lowers_content_steps() -> None:
    open_plan = {s.title: s.severity for s in _plan(OPEN, []).remediation}
    secured_plan = {s.title: s.severity for s in _plan(SECURED, []).remediation}
    face_title = next(t for t in open_plan if "face embeddings" in t)
    assert open_plan[face_title] == "critical" and secured_plan[face_title] == "high"
    assert not any(t.startswith("Require authentication") for t in secured_plan)
    assert any(t.startswith("Require authentication") for t in open_plan)


def test_same_remediation_text_is_one_step() -> None:
    twin = ANON_READ_FAIL.model_copy(update={"id": "es-anonymous-search"})
    st = _plan(OPEN, [ANON_READ_FAIL, twin])
    access = [s for s in st.remediation if s.check_ids]
    assert len(access) == 1 and access[0].check_ids == ["es-anonymous-read", "es-anonymous-search"]


def test_split_remediation() -> None:
    text, snippet, lang = split_remediation(ANON_READ_FAIL)
    assert text == "Enable security and require authentication."
    assert snippet == "xpack.security.enabled: true\n" and lang == "yaml"


def test_split_catalogue_style_snippets() -> None:
    # the check catalogue renders "file:" followed by lines indented by four spaces
    check = Check(
        id="es-cors",
        status="fail",
        severity="medium",
        title="CORS open",
        remediation=(
            "Leave CORS off unless a browser application needs it.\n\n"
            "elasticsearch.yml:\n    http.cors.enabled: true\n    http.cors.allow-origin: \"https://app.example.com\"\n\n"
            "nginx site:\n    add_header Access-Control-Allow-Origin \"https://app.example.com\" always;"
        ),
    )
    text, snippet, lang = split_remediation(check)
    assert text == "Leave CORS off unless a browser application needs it."
    assert lang == "yaml"
    assert snippet.startswith("# elasticsearch.yml\nhttp.cors.enabled: true\n")
    assert "# nginx site\nadd_header" in snippet
