"""The ordered remediation plan of a store: what to close first, and why.

Steps come from two sources:

* failed exposure checks: their own remediation text and snippet (the checks
  know the store and its version); checks with the same remediation text
  become one step;
* content: what the assessed collections hold (face data, special
  categories, trajectories, credentials, identifiers, linkable keys,
  re-identifiable records, other personal data).

Order: severity first (critical before high ...), then access-control steps
before content steps (closing access protects every collection at once), then
the number of people affected (an access-control step affects everyone in the
store), then the kind of step (access control, faces, special categories, trajectories,
credentials, identifiers, linkage, re-identification, minimisation), then the
title, so the plan is deterministic.  Content steps take their severity from
the table below when the store is open, one level lower otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from leakwarden.report import SEVERITY_ORDER, Check, Collection, RemediationStep, Store

_FENCE = re.compile(r"```([\w+-]*)\n(.*?)```", re.S)
_LEVELS = ("info", "low", "medium", "high", "critical")

FACE = ("biometric.face_embedding", "person.photo", "biometric.face_attributes")
IDENTIFIERS = {
    "person.government_id": "ID numbers",
    "financial.card": "payment card numbers",
    "financial.bank_account": "bank account numbers",
}
SPECIAL_LABELS = {
    "special.ethnicity": "ethnicity",
    "special.religion": "religion",
    "special.health": "health",
    "special.criminal": "criminal records",
    "special.political": "political opinions",
    "special.sexual_orientation": "sexual orientation",
}
CONTACT = ("person.name", "person.phone", "person.email", "person.address", "person.birthdate", "device.mac", "device.imsi_imei", "person.vehicle_plate")

#: kind -> (rank in ties, severity when the store is open)
KINDS = {
    "access": (0, None),
    "faces": (1, "critical"),
    "special": (2, "critical"),
    "trajectory": (3, "critical"),
    "credentials": (4, "critical"),
    "identifiers": (5, "high"),
    "links": (6, "high"),
    "reidentification": (7, "medium"),
    "minimise": (8, "medium"),
}

FALLBACK_SNIPPETS = {
    "elasticsearch": (
        "yaml",
        "# elasticsearch.yml\nxpack.security.enabled: true\nxpack.security.http.ssl.enabled: true\n"
        "network.host: _site_   # a private interface, never 0.0.0.0 on a public host\n",
    ),
    "opensearch": (
        "yaml",
        "# opensearch.yml\nplugins.security.disabled: false\nplugins.security.ssl.http.enabled: true\n"
        "network.host: _site_\n",
    ),
}


@dataclass
class _Draft:
    kind: str
    title: str
    why: str
    severity: str
    people: int = 0
    snippet: str = ""
    snippet_language: str = ""
    check_ids: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)

    def sort_key(self) -> tuple:
        # within one severity, closing access protects every collection at once: it goes first
        return (-SEVERITY_ORDER[self.severity], self.kind != "access", -self.people, KINDS[self.kind][0], self.title)


def _lower(severity: str) -> str:
    return _LEVELS[max(1, _LEVELS.index(severity) - 1)]


def _names(cols: list[Collection], limit: int = 4) -> str:
    names = [c.name for c in cols]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _people(cols: Iterable[Collection]) -> int:
    return sum(c.persons_estimated or 0 for c in cols)


def _people_phrase(n: int) -> str:
    return f"about {n:,} people" if n else "an unknown number of people"


def split_remediation(check: Check) -> tuple[str, str, str]:
    """``(text, snippet, language)`` of a check's remediation.

    The snippet is the check's own ``snippet`` attribute if it has one, else
    fenced code blocks (```` ```yaml ... ``` ````), else the blocks the check
    catalogue renders: a paragraph ``"<file>:"`` followed by lines indented
    by four spaces (each becomes ``# <file>`` and its dedented lines).
    """
    snippet = getattr(check, "snippet", None) or ""
    language = getattr(check, "snippet_language", None) or ""
    text = check.remediation or ""
    fenced = _FENCE.findall(text)
    text = _FENCE.sub("", text).strip()
    if fenced and not snippet:
        language = fenced[0][0]
        snippet = "\n".join(code for _, code in fenced)
    prose, blocks = [], []
    for para in re.split(r"\n\s*\n", text):
        lines = para.rstrip().splitlines()
        if (
            len(lines) >= 2
            and lines[0].rstrip().endswith(":")
            and not lines[0].startswith(" ")
            and all(not ln.strip() or ln.startswith("    ") for ln in lines[1:])
        ):
            blocks.append((lines[0].rstrip()[:-1].strip(), "\n".join(ln[4:] for ln in lines[1:])))
        elif para.strip():
            prose.append(para.strip())
    if blocks and not snippet:
        snippet = "\n\n".join(f"# {label}\n{code}" for label, code in blocks) + "\n"
        language = _language(blocks[0][0])
    return "\n\n".join(prose), snippet, language


def _language(label: str) -> str:
    low = label.lower()
    if ".yml" in low or ".yaml" in low:
        return "yaml"
    if "nginx" in low:
        return "nginx"
    if ".json" in low:
        return "json"
    if "shell" in low or low.endswith(".sh"):
        return "shell"
    return ""


def _first_sentence(text: str, limit: int = 120) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    m = re.match(r"(.+?[.!?])(\s|$)", line)
    sentence = m.group(1) if m else line
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip() + "…"
    return sentence.rstrip(".")


def _categories(col: Collection) -> set[str]:
    return {cat for f in col.fields for cat in f.categories}


def build_plan(store: Store) -> list[RemediationStep]:
    cols = list(store.collections)
    personal = [c for c in cols if c.personal]
    everyone = store.persons_estimated or _people(personal)
    failed = [c for c in store.checks if c.status == "fail"]
    is_open = bool(
        store.exposure.anonymous_read
        or store.exposure.anonymous_write_possible
        or any(c.severity == "critical" for c in failed)
    )
    drafts: list[_Draft] = []

    # access control, from the failed checks
    by_text: dict[str, _Draft] = {}
    for check in sorted(failed, key=lambda c: (-SEVERITY_ORDER[c.severity], c.id)):
        text, snippet, language = split_remediation(check)
        key = text or f"check:{check.id}"
        d = by_text.get(key)
        if d is not None:
            d.check_ids.append(check.id)
            continue
        title = _first_sentence(text) or f"Fix: {check.title}"
        why = check.title.rstrip(".") + "."
        if check.evidence:
            why += f" Evidence: {check.evidence.rstrip('.')}."
        if personal:
            why += f" Exposes personal data of {_people_phrase(everyone)} in {len(personal)} collection(s)."
        d = by_text[key] = _Draft(
            "access", title, why, check.severity, everyone if personal else 0, snippet, language, [check.id], []
        )
        drafts.append(d)
    if store.exposure.anonymous_read and not any(c.severity == "critical" for c in failed):
        language, snippet = FALLBACK_SNIPPETS.get(store.kind, ("", ""))
        drafts.append(
            _Draft(
                "access",
                "Require authentication for every request and keep the store off public networks",
                "The store answers without credentials: anyone who can reach it reads every collection.",
                "critical",
                everyone,
                snippet,
                language,
            )
        )

    def content(kind: str, hit: list[Collection], title: str, why: str, people: int | None = None) -> None:
        if not hit:
            return
        hit = sorted(hit, key=lambda c: (-(c.persons_estimated or 0), c.name))
        base = KINDS[kind][1] or "medium"
        sev = base if is_open else _lower(base)
        drafts.append(_Draft(kind, title, why, sev, _people(hit) if people is None else people, collections=[c.name for c in hit]))

    covered: set[str] = set()

    faces = [c for c in personal if _categories(c) & set(FACE)]
    if faces:
        covered.update(c.name for c in faces)
        content(
            "faces",
            faces,
            f"Delete or pseudonymise face embeddings and face images in {_names(faces)}",
            f"Face data of {_people_phrase(_people(faces))} identifies them wherever they are filmed again; "
            "biometric data for identification is a special category (GDPR Art. 9, PIPL Art. 28, CCPA SPI). "
            "Keep templates only where a legal basis exists, encrypted, outside the searchable store.",
        )
    special = [c for c in personal if any(cat.startswith("special.") for cat in _categories(c))]
    if special:
        covered.update(c.name for c in special)
        labels = sorted({SPECIAL_LABELS[cat] for c in special for cat in _categories(c) if cat in SPECIAL_LABELS})
        content(
            "special",
            special,
            f"Remove or separately protect special-category fields ({', '.join(labels)}) in {_names(special)}",
            f"Special-category data ({', '.join(labels)}) of {_people_phrase(_people(special))}: "
            "the most harmful data to leak (GDPR Art. 9/10, PIPL Art. 28). Drop the fields the purpose does "
            "not need; encrypt the rest at field level and restrict the index to named roles.",
        )
    tracks = [c for c in cols if c.trajectory is not None]
    if tracks:
        covered.update(c.name for c in tracks)
        trackable = sum(c.trajectory.persons_trackable or 0 for c in tracks if c.trajectory)
        content(
            "trajectory",
            tracks,
            f"Restrict access to movement data in {_names(tracks)}; coarsen places and times or drop the person key",
            f"Where and when {_people_phrase(trackable)} went can be reconstructed "
            f"(person key with places and times). Restrict the indices to named roles, shorten retention, "
            "and keep sightings without a stable person key (or with a key rotated daily).",
            people=trackable,
        )
    creds = [c for c in cols if "credential.secret" in _categories(c)]
    if creds:
        content(
            "credentials",
            creds,
            f"Rotate the credentials found in {_names(creds)} and remove them from the store",
            "Passwords, tokens or keys readable in the store let a reader log in elsewhere. "
            "Treat them as compromised: rotate first, then delete them and keep secrets in a vault.",
        )
    idents = [c for c in personal if _categories(c) & set(IDENTIFIERS)]
    if idents:
        covered.update(c.name for c in idents)
        kinds = sorted({IDENTIFIERS[cat] for c in idents for cat in _categories(c) if cat in IDENTIFIERS})
        content(
            "identifiers",
            idents,
            f"Mask or tokenise {', '.join(kinds)} in {_names(idents)}",
            f"{_upper_first(', '.join(kinds))} of {_people_phrase(_people(idents))} enable identity theft and "
            "link these records to every other system that uses them. Store a keyed token; keep the clear "
            "value, if needed, in a separate vault.",
        )
    if store.links:
        by_name = {c.name: c for c in cols}
        linked = sorted({n for link in store.links for n in link.collections})
        shared = sum(link.shared_keys_estimated for link in store.links)
        pairs = "; ".join(
            f"{' & '.join(link.collections)} by {link.key_category} (~{link.shared_keys_estimated:,})"
            for link in store.links[:4]
        )
        content(
            "links",
            [by_name[n] for n in linked if n in by_name],
            f"Pseudonymise person keys per collection so {_names([by_name[n] for n in linked if n in by_name])} cannot be joined",
            f"The same people appear in several collections under the same key ({pairs}): "
            "a reader joins them into one profile. Use a different keyed pseudonym in each collection.",
            people=shared,
        )
    reid = [c for c in personal if c.reidentification is not None and c.reidentification.share_below_k >= 0.05]
    if reid:
        covered.update(c.name for c in reid)
        worst = max(c.reidentification.share_below_k for c in reid if c.reidentification)
        content(
            "reidentification",
            reid,
            f"Generalise quasi-identifiers in {_names(reid)} (age bands, year of birth, postcode prefix)",
            f"Up to {worst:.0%} of records are unique or nearly so (k < 5) on their quasi-identifiers: "
            "anyone who knows a person's birthdate, gender and area finds their record.",
        )
    rest = [c for c in personal if c.name not in covered and _categories(c) & set(CONTACT)]
    if rest:
        content(
            "minimise",
            rest,
            f"Minimise personal data in {_names(rest)}: drop unneeded fields, set a retention period",
            f"Contact and identity data of {_people_phrase(_people(rest))}. Data that is not kept cannot leak.",
        )

    drafts.sort(key=_Draft.sort_key)
    return [
        RemediationStep(
            order=i,
            title=d.title,
            why=d.why,
            severity=d.severity,  # type: ignore[arg-type]
            snippet=d.snippet,
            snippet_language=d.snippet_language,
            check_ids=d.check_ids,
            collections=d.collections,
        )
        for i, d in enumerate(drafts, start=1)
    ]
