"""The HTML report: self-contained, escaped, verdict first, charts drawn on the server."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from leakwarden.render import render_html
from leakwarden.render.html import _environment

from .sample_report import FORMULA_FIELD, HOSTILE_FIELD, HOSTILE_INDEX, empty_report

# Attributes that make a browser fetch or navigate.
URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href", "ping"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "img", "video", "audio", "source", "base", "form", "frame"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    return parser


@pytest.fixture
def html(report, history) -> str:
    return render_html(report, history=history)


def test_verdict_comes_first_with_the_facts(html):
    body = html[html.index("<body>") :]
    verdict_at = body.index('class="verdict ')
    assert verdict_at < body.index('id="stores"') < body.index('id="charts"') < body.index('id="remediation"')
    assert '<span class="verdict-badge sev-critical-bg">CRITICAL</span>' in html
    assert "http://127.0.0.1:9200 (elasticsearch 7.17.25) is readable by anyone</h1>" in html
    assert "55,200 people exposed, movements of 12,050 can be reconstructed." in html
    for fact in ("Open to anyone", "People exposed", "Movements reconstructable", "Records exposed", "Failed checks"):
        assert f"<dt>{fact}</dt>" in html
    assert "special categories of personal data" in html
    assert '<span class="law-code">PIPL-28</span>' in html
    assert html.count('href="#step-0-') >= 3  # "what to do first" links into the plan


def test_tables_stores_collections_fields(html):
    tags = _parse(html).tags
    tables = [a.get("class") for t, a in tags if t == "table"]
    assert tables.count("data") == 1  # the stores table
    assert tables.count("data collections") == 3
    assert tables.count("data checks") == 2
    assert tables.count("data fields") == 7  # every collection with a sensitive field
    stores_rows = html[html.index('id="stores"') : html.index('id="charts"')].count("<tr>")
    assert stores_rows == 1 + 4
    for text in ("1101**********4513", "吸毒******", "Criminal / watch list", "99.5%", "1,990/2,000"):
        assert text in html
    assert "62% of 2,000 records could be re-identified" in html
    assert "share about 1,204 person key values" in html
    assert "connection refused by http://127.0.0.1:9201" in html


def test_svg_charts_are_inline(html, report):
    assert html.count('<svg class="chart chart-bars"') == 2
    assert html.count('<svg class="chart chart-heat"') == 1
    assert html.count('<svg class="chart chart-line"') == 1
    assert "<title>Exposure over time</title>" in html
    # Without history there is no line chart; nothing else changes.
    assert '<svg class="chart chart-line"' not in render_html(report)
    assert '<svg class="chart chart-line"' not in render_html(report, history=[{"at": "garbage"}])


def test_remediation_plan_with_copyable_snippets(html):
    plan = html[html.index('id="remediation"') :]
    assert plan.index("Require authentication") < plan.index("Take the node off") < plan.index("Encrypt HTTP")
    first = '<pre id="snippet-0-1"><code># elasticsearch.yml, on every node, then restart the node\n'
    assert first + "xpack.security.enabled: true" in plan
    assert plan.count('<div class="snippet">') == 5
    # The copy button is added by the script; without it the snippet is still there to select.
    assert "<button" not in html
    assert 'button.className = "copy"' in html


def test_self_contained_no_external_resources(html):
    parsed = _parse(html)
    for tag, attrs in parsed.tags:
        assert tag not in FORBIDDEN_TAGS, tag
        if tag == "script":
            assert "src" not in attrs
        if tag == "link":
            assert attrs.get("href", "").startswith("data:"), attrs
        for name, value in attrs.items():
            if name not in URL_ATTRS or value is None:
                continue
            if value.startswith(("#", "data:")):
                continue
            # Only reference links to vendor documentation, shown as anchors, leave the page.
            assert tag == "a" and value.startswith("https://"), (tag, name, value)
            assert attrs.get("rel") == "noopener noreferrer"
    style = html[html.index("<style>") : html.index("</style>")]
    assert "@import" not in style
    assert not re.search(r"url\((?!\s*['\"]?data:)", style)
    assert "@font-face" not in style


def test_strict_content_security_policy_allows_only_our_script(html):
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert m, "CSP meta tag missing"
    csp = m.group(1).replace("&#39;", "'")
    assert csp.startswith("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-")
    assert "base-uri 'none'" in csp and "form-action 'none'" in csp
    # The CSP comes before anything it governs.
    assert html.index("Content-Security-Policy") < html.index("<style>")
    scripts = _parse(html).scripts
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_hostile_names_are_escaped(html):
    assert HOSTILE_INDEX not in html
    assert HOSTILE_FIELD not in html
    assert "&lt;script&gt;alert(&#34;index&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<script") == 1
    assert FORMULA_FIELD.replace('"', "&#34;") in html


@pytest.mark.parametrize(
    "name",
    [
        '"><svg onload=alert(1)>',
        "</style><script>alert(1)</script>",
        "'; alert(1); '",
        "{{ 7*7 }}{% raw %}",
        "]]></title><script>x</script>",
    ],
)
def test_hostile_names_everywhere_stay_text(report, name):
    store = report.stores[0]
    store.collections[0].name = name
    store.collections[0].fields[0].path = name
    store.collections[0].fields[0].examples = [name]
    store.checks[0].evidence = name
    store.version = name
    store.remediation[0].snippet = name
    store.links[0].collections = [name, "x"]
    html = render_html(report, history=[{"at": "2026-01-01T00:00:00Z", "persons_exposed": 1}])
    parsed = _parse(html)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert all(not k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    if "{{" in name:
        assert "{{ 7*7 }}" in html  # data, never template source


def test_control_and_bidi_characters_are_shown_escaped(report):
    report.stores[0].collections[0].name = "evil\u202egnp.exe\x1b[2J"
    html = render_html(report)
    assert "\u202e" not in html and "\x1b" not in html
    assert "evil\\u202egnp.exe\\x1b[2J" in html


def test_reference_links_must_be_web_links(report):
    report.stores[0].checks[0].references = ["javascript:alert(1)", "https://example.invalid/docs"]
    html = render_html(report)
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as text
    assert 'href="https://example.invalid/docs"' in html


def test_templates_autoescape():
    env = _environment()
    assert env.autoescape is True or env.autoescape("report.html.j2")
    assert str(env.from_string("{{ x }}").render(x="<b>")) == "&lt;b&gt;"


def test_light_dark_and_print_styles(html):
    style = html[html.index("<style>") : html.index("</style>")]
    assert "@media (prefers-color-scheme: dark)" in style
    assert "@media print" in style


def test_empty_report_renders():
    html = render_html(empty_report())
    assert "No store was scanned</h1>" in html
    assert "<svg" not in html
