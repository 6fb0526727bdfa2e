"""Side by side with ptelastic: what each tool finds on the same open and secured node.

    python benchmarks/compare_ptelastic.py --ptelastic /tmp/ptelastic-venv/bin/ptelastic [--scale 0.2]

One run, one embedded Elasticsearch node seeded with the demo's synthetic store
(plus the ransom note), and two targets in front of it:

* **open**: the node itself, ``http://127.0.0.1:PORT`` (no security, no TLS);
* **secured**: an nginx proxy with basic auth (``admin``/``s3cret``) and TLS
  (self-signed ``localhost`` certificate) in front of the same node, scanned
  *without* credentials.

On each target it runs ptelastic (PyPI package ``ptelastic``, in its own
virtualenv, Python >= 3.12) with its **read-only modules only** and
``leakwarden scan URL --json OUT --no-history --insecure --fail-on never``,
then prints a Markdown table (found / not found / not checked per check).

ptelastic modules that are run: IS_ELASTIC (always run first by ptelastic),
AUTH, HTTPS, SW, USERS, STRUCTURE_DUMP, DATA_DUMP (GET requests only).
Not run: CVE-2014-3120, CVE-2015-1427, CVE-2015-5531 (exploits that create
documents / snapshot repositories on the target, i.e. write), CVE-2015-3337
(exploit: directory-traversal requests for files on the node), CVE-LOOKUP
(queries services.nvd.nist.gov; only 127.0.0.1 may be contacted).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READ_ONLY_MODULES = ["AUTH", "HTTPS", "SW", "USERS", "STRUCTURE_DUMP", "DATA_DUMP"]
NOT_RUN = {
    "CVE-2014-3120": "exploit: indexes a document and runs an MVEL script on the target (writes)",
    "CVE-2015-1427": "exploit: indexes a document and runs a Groovy script on the target (writes)",
    "CVE-2015-3337": "exploit: directory-traversal requests through site plugins",
    "CVE-2015-5531": "exploit: creates snapshot repositories and snapshots on the target (writes)",
    "CVE-LOOKUP": "queries services.nvd.nist.gov (only 127.0.0.1 may be contacted)",
}
TIMEOUT = 300
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

FOUND, NOT_FOUND, NOT_CHECKED = "found", "not found", "not checked"


# -- running the tools -------------------------------------------------------------------

def _env() -> dict:
    env = dict(os.environ)
    for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(k, None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def _ptelastic_cmd(ptelastic: str) -> list[str]:
    p = Path(ptelastic)
    if p.name.startswith("python"):
        return [str(p), "-m", "ptelastic.ptelastic"]
    return [str(p)]


def run_ptelastic(ptelastic: str, url: str, work: Path, tag: str) -> dict:
    """Both a JSON run (all read-only modules) and a text run of AUTH (its anonymous-role verdict is text only)."""
    assert url.startswith(("http://127.0.0.1", "https://127.0.0.1")), url
    dump = work / f"ptelastic-{tag}-dump.json"
    cmd = _ptelastic_cmd(ptelastic) + ["-u", url, "-j", "-T", "30", "-ts", *READ_ONLY_MODULES, "-o", str(dump)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=_env(), cwd=work)
    wall = time.perf_counter() - t0
    out = ANSI.sub("", proc.stdout)
    (work / f"ptelastic-{tag}.stdout").write_text(proc.stdout)
    start = out.find("{")
    try:
        result = json.loads(out[start:]) if start >= 0 else {}
    except ValueError:
        # ptprint may print text after the JSON; take the first complete object
        result, _ = json.JSONDecoder().raw_decode(out[start:])
    text = subprocess.run(_ptelastic_cmd(ptelastic) + ["-u", url, "-T", "30", "-ts", "AUTH"],
                          capture_output=True, text=True, timeout=TIMEOUT, env=_env(), cwd=work)
    text_out = ANSI.sub("", text.stdout + text.stderr)
    (work / f"ptelastic-{tag}-auth.txt").write_text(text_out)
    return {"json": result, "rc": proc.returncode, "wall": wall, "dump": dump, "auth_text": text_out,
            "stderr": proc.stderr}


def run_leakwarden(url: str, work: Path, tag: str) -> dict:
    out = work / f"leakwarden-{tag}.json"
    cmd = [sys.executable, "-m", "leakwarden", "scan", url, "--json", str(out), "--no-history", "--insecure",
           "--fail-on", "never"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=_env(), cwd=work)
    wall = time.perf_counter() - t0
    if not out.exists():
        raise RuntimeError(f"leakwarden wrote no report (rc={proc.returncode}): {proc.stderr[-2000:]}")
    return {"report": json.loads(out.read_text()), "rc": proc.returncode, "wall": wall}


# -- reading the results -----------------------------------------------------------------

class Pt:
    def __init__(self, run: dict) -> None:
        j = run["json"]
        self.status = j.get("status")
        self.message = j.get("message", "")
        res = j.get("results", {}) or {}
        self.vulns = {v.get("vulnCode") for v in res.get("vulnerabilities", [])}
        self.nodes = res.get("nodes", [])
        self.ran = self.status == "finished"
        self.dump = run["dump"]
        self.auth_text = run["auth_text"]

    def nodes_of(self, kind: str) -> list:
        return [n for n in self.nodes if n.get("type") == kind]

    def cell(self, found: bool | None) -> str:
        if not self.ran:
            return f"{NOT_CHECKED} (exited)"
        if found is None:
            return NOT_CHECKED
        return FOUND if found else NOT_FOUND


class Lw:
    def __init__(self, run: dict) -> None:
        self.store = run["report"]["stores"][0]
        self.checks = {c["id"]: c for c in self.store.get("checks", [])}

    def check(self, *ids: str) -> str:
        got = [self.checks[i] for i in ids if i in self.checks]
        if not got:
            return NOT_CHECKED
        if any(c["status"] == "fail" for c in got):
            return FOUND
        if any(c["status"] == "pass" for c in got):
            return NOT_FOUND
        return f"{NOT_CHECKED} ({', '.join(sorted({c['status'] for c in got}))})"

    def identified(self) -> str:
        """es-fingerprint is an info check: "pass" means the engine was identified."""
        c = self.checks.get("es-fingerprint")
        if c is None or c["status"] not in ("pass", "fail"):
            return NOT_CHECKED
        return FOUND if self.store.get("kind") in ("elasticsearch", "opensearch") else NOT_FOUND

    def prefix(self, prefix: str) -> str:
        return self.check(*[i for i in self.checks if i.startswith(prefix)])

    def collections(self) -> list:
        return self.store.get("collections", []) or []


def pt_anonymous_user(p: Pt) -> bool | None:
    t = p.auth_text
    if "anonymous access is allowed" in t:
        return True
    if "Anonymous access is not available" in t:
        return False
    return None  # AUTH stops at "Authentication is disabled" / 401 before looking at users


def rows(pt: Pt, lw: Lw) -> list[tuple[str, str, str]]:
    """(row label, ptelastic cell, leakwarden cell)."""
    fields = [f for c in lw.collections() for f in c.get("fields", []) if f.get("categories")]
    persons = [c for c in lw.collections() if c.get("persons_estimated")]
    traj = [c for c in lw.collections() if c.get("trajectory")]
    have_colls = bool(lw.collections())

    def lw_data(found: bool) -> str:
        if not have_colls and lw.store.get("status") != "complete":
            return f"{NOT_CHECKED} (no data read)"
        return FOUND if found else NOT_FOUND

    auth_vuln = "PTV-WEB-ELASTIC-AUTH" in pt.vulns
    sw = pt.nodes_of("swES")
    return [
        ("Elasticsearch identified (fingerprint)", pt.cell(pt.ran), lw.identified()),
        ("Cluster API answers without credentials", pt.cell(auth_vuln), lw.check("es-anonymous-read")),
        ("Security disabled (`_xpack` features.security)", pt.cell(auth_vuln), lw.check("es-security-disabled")),
        ("Anonymous user with a role", pt.cell(pt_anonymous_user(pt)), lw.check("es-anonymous-user")),
        ("Version banner readable (`GET /`)", pt.cell(bool(sw)), lw.check("es-anonymous-banner")),
        ("Cleartext HTTP", pt.cell("PTV-ELASTIC-MISC-HTTP" in pt.vulns), lw.check("es-cleartext-http")),
        ("Index listing (`_cat/indices`)", pt.cell(bool(pt.nodes_of("indexStructure"))), lw.check("es-index-listing")),
        ("Index mappings readable", pt.cell(bool(pt.nodes_of("indexStructure"))), lw.check("es-mappings-readable")),
        ("Documents readable", pt.cell(pt.dump.exists() and pt.dump.stat().st_size > 2),
         lw.check("es-documents-readable")),
        ("Ransom note / wipe indicator", pt.cell(None), lw.check("es-ransom-note")),
        ("Nodes info / modules readable (`_nodes`)", pt.cell(bool(pt.nodes_of("swModule"))),
         lw.check("es-nodes-info-leak")),
        ("Plugins listed (`_cat/plugins`)", pt.cell(bool(pt.nodes_of("swPlugin"))), lw.check("es-plugins-listed")),
        ("Users / roles readable (`_security/user`)", pt.cell(bool(pt.nodes_of("user"))),
         lw.check("es-users-roles-readable")),
        ("Anonymous write possible (inferred)", pt.cell(None), lw.check("es-anonymous-write")),
        ("CORS allows any origin", pt.cell(None), lw.check("es-cors-wildcard")),
        ("Snapshot repositories readable", pt.cell(None), lw.check("es-snapshot-repositories")),
        ("Cluster settings / state / tasks readable", pt.cell(None),
         lw.check("es-cluster-settings-readable", "es-cluster-state-readable", "es-tasks-readable")),
        ("Default credentials accepted", pt.cell(None), lw.check("es-default-credentials")),
        ("Version end of life", pt.cell(None), lw.check("es-version-eol")),
        ("Known CVEs by version (range / NVD lookup)", pt.cell(None),
         lw.check(*[i for i in lw.checks if i.startswith("es-cve-")] + ["es-log4shell"])),
        ("TLS certificate (demo cert / expired)", pt.cell(None), lw.prefix("tls-")),
        ("Sensitive data, per field", pt.cell(None),
         lw_data(bool(fields)) + (f" ({len(fields)} fields)" if fields else "")),
        ("People counted (persons estimated)", pt.cell(None),
         lw_data(bool(persons)) + (f" ({sum(c['persons_estimated'] for c in persons)})" if persons else "")),
        ("Trajectories (people trackable over time/place)", pt.cell(None),
         lw_data(bool(traj)) + (f" ({len(traj)} collections)" if traj else "")),
    ]


def table(results: dict) -> str:
    targets = list(results)
    per = {t: rows(Pt(results[t]["pt"]), Lw(results[t]["lw"])) for t in targets}
    head = ["Check"]
    for t in targets:
        head += [f"ptelastic ({t})", f"leakwarden ({t})"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, (label, *_r) in enumerate(per[targets[0]]):
        cells = [label]
        for t in targets:
            cells += [per[t][i][1], per[t][i][2]]
        lines.append("| " + " | ".join(cells) + " |")
    # leakwarden checks that failed and have no row above
    mapped = {"es-fingerprint", "es-anonymous-read", "es-security-disabled", "es-anonymous-user",
              "es-anonymous-banner", "es-cleartext-http", "es-index-listing", "es-mappings-readable",
              "es-documents-readable", "es-ransom-note", "es-nodes-info-leak", "es-plugins-listed",
              "es-users-roles-readable", "es-anonymous-write", "es-cors-wildcard", "es-snapshot-repositories",
              "es-cluster-settings-readable", "es-cluster-state-readable", "es-tasks-readable",
              "es-default-credentials", "es-version-eol", "es-log4shell"}
    extra = sorted({c["id"] for t in targets for c in results[t]["lw"]["report"]["stores"][0].get("checks", [])
                    if c["status"] == "fail" and c["id"] not in mapped
                    and not c["id"].startswith(("es-cve-", "tls-"))})
    for cid in extra:
        cells = [f"`{cid}`"]
        for t in targets:
            cells += [Pt(results[t]["pt"]).cell(None), Lw(results[t]["lw"]).check(cid)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- main --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ptelastic", required=True,
                    help="ptelastic executable or the python of its virtualenv")
    ap.add_argument("--scale", type=float, default=0.2)
    ap.add_argument("--keep", help="directory to keep the raw outputs in")
    args = ap.parse_args(argv)

    from leakwarden.demo.engines import EmbeddedEngine
    from leakwarden.demo.seed import plant_ransom_note, seed_store
    from leakwarden.demo.synthetic import generate_store
    from leakwarden.testing.nginx import NginxProxy

    pt_version = subprocess.run(_ptelastic_cmd(args.ptelastic) + ["-v"], capture_output=True, text=True,
                                env=_env()).stdout.strip()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="compare-ptelastic-"))
    work.mkdir(parents=True, exist_ok=True)

    node = EmbeddedEngine("elasticsearch")
    proxy = None
    results: dict = {}
    try:
        node.start()
        print(f"# node: Elasticsearch {node.version} at {node.url}", file=sys.stderr)
        seed_store(node.url, generate_store(seed=7, scale=args.scale))
        plant_ransom_note(node.url)
        proxy = NginxProxy(node.port, users={"admin": "s3cret"}, tls=True)
        proxy.start()
        print(f"# proxy: {proxy.url} (basic auth + TLS)", file=sys.stderr)
        for tag, url in (("open", node.url), ("secured", proxy.url)):
            url = url.replace("localhost", "127.0.0.1")
            print(f"# {tag}: ptelastic {url}", file=sys.stderr)
            pt = run_ptelastic(args.ptelastic, url, work, tag)
            print(f"#   status={pt['json'].get('status')} {pt['json'].get('message') or ''} ({pt['wall']:.1f}s)",
                  file=sys.stderr)
            print(f"# {tag}: leakwarden {url}", file=sys.stderr)
            lw = run_leakwarden(url, work, tag)
            print(f"#   risk={lw['report']['stores'][0].get('risk')} ({lw['wall']:.1f}s)", file=sys.stderr)
            results[tag] = {"pt": pt, "lw": lw, "url": url}
    finally:
        if proxy is not None:
            proxy.stop()
        node.stop()

    print(f"ptelastic: {pt_version}; modules run: IS_ELASTIC, {', '.join(READ_ONLY_MODULES)}; "
          f"not run: {', '.join(NOT_RUN)}")
    print(f"Elasticsearch {node.version}, synthetic store scale {args.scale} + ransom note; "
          f"secured = nginx basic auth + TLS, scanned without credentials")
    for tag, r in results.items():
        print(f"- {tag}: ptelastic {r['pt']['wall']:.1f}s (status {r['pt']['json'].get('status')}"
              f"{': ' + r['pt']['json'].get('message') if r['pt']['json'].get('message') else ''}), "
              f"leakwarden {r['lw']['wall']:.1f}s")
    print()
    print(table(results))
    print(f"\nraw outputs: {work}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
