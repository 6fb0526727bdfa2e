"""Hand-made collections for the risk tests: records with known truth, findings by hand."""

from __future__ import annotations

import math
import random
from typing import Any

from leakwarden.privacy import Hasher
from leakwarden.profile import CollectionSample
from leakwarden.report import Check, Exposure, FieldFinding, Risk, Store
from leakwarden.risk.assess import CollectionAssessor

KEY = b"k" * 32


def hasher() -> Hasher:
    return Hasher(KEY)


def finding(path: str, *cats: str, hits: int = 100, examined: int = 100) -> FieldFinding:
    return FieldFinding(path=path, categories=list(cats), confidence=0.9, hits=hits, examined=examined)


def sample_of(name: str, docs: list[dict[str, Any]], *, documents: int | None = None) -> CollectionSample:
    s = CollectionSample(name=name, documents=documents if documents is not None else len(docs), max_records=100_000)
    s.extend(docs)
    return s


def assessor(name: str, docs: list[dict[str, Any]], findings: list[FieldFinding], h: Hasher | None = None, **kw: Any) -> CollectionAssessor:
    s = sample_of(name, docs, documents=kw.pop("documents", None))
    n = len(docs)
    fixed = [f.model_copy(update={"hits": min(f.hits, n) if f.hits != 100 else n, "examined": n}) for f in findings]
    a = CollectionAssessor(s, fixed, h or hasher(), **kw)
    for flat in s.records:
        a.update(flat)
    return a


def unit(v: list[float]) -> list[float]:
    n = math.sqrt(sum(x * x for x in v))
    return [x / n for x in v]


def noisy(base: list[float], cos: float, rng: random.Random) -> list[float]:
    """A unit vector at exactly ``cos`` from ``base`` (a unit vector), in a random direction."""
    d = len(base)
    n = unit([rng.gauss(0, 1) for _ in range(d)])
    dot = sum(a * b for a, b in zip(n, base))
    n = unit([a - dot * b for a, b in zip(n, base)])
    s = math.sqrt(1 - cos * cos)
    return [cos * a + s * b for a, b in zip(base, n)]


def store(exposure: Exposure, checks: list[Check] | None = None, kind: str = "elasticsearch") -> Store:
    return Store(
        target="http://10.0.0.5:9200",
        kind=kind,
        status="complete",
        exposure=exposure,
        risk=Risk(level="none", score=0),
        checks=checks or [],
    )


OPEN = Exposure(anonymous_read=True, tls=False, anonymous_write_possible=None)
SECURED = Exposure(anonymous_read=False, tls=True, anonymous_write_possible=False)

ANON_READ_FAIL = Check(
    id="es-anonymous-read",
    status="fail",
    severity="critical",
    title="Cluster readable without credentials",
    evidence="GET / answered 200 without credentials",
    remediation="Enable security and require authentication.\n```yaml\nxpack.security.enabled: true\n```",
)
TLS_FAIL = Check(
    id="es-cleartext-http",
    status="fail",
    severity="medium",
    title="API served over cleartext HTTP",
    remediation="Serve the API over HTTPS only.",
)
PASS = Check(id="es-cors", status="pass", severity="medium", title="CORS", remediation="Restrict CORS.")


# -- the mission's collections ----------------------------------------------------

CAMERAS = [(39.9042 + 0.01 * i, 116.4074 + 0.013 * i, f"Camera {i} gate") for i in range(8)]


def face_captures(persons: int = 60, per_person: int = 5, dims: int = 64, seed: int = 1):
    rng = random.Random(seed)
    bases = [unit([rng.gauss(0, 1) for _ in range(dims)]) for _ in range(persons)]
    docs = []
    for p in range(persons):
        for k in range(per_person):
            lat, lon, cam = CAMERAS[(p + k) % len(CAMERAS)] if p % 2 == 0 else CAMERAS[p % len(CAMERAS)]
            docs.append(
                {
                    "personId": f"P{p:05d}",
                    "faceFeature": noisy(bases[p], 0.99, rng),
                    "ethnic": "汉族" if p % 3 else "维吾尔族",
                    "age": 20 + p % 40,
                    "captureTime": f"2019-06-{1 + k:02d}T08:00:00Z",
                    "location": {"lat": lat, "lon": lon},
                    "cameraName": cam,
                }
            )
    rng.shuffle(docs)
    findings = [
        finding("personId", "person.internal_id"),
        finding("faceFeature", "biometric.face_embedding"),
        finding("ethnic", "special.ethnicity"),
        finding("age", "person.age", "biometric.face_attributes"),
        finding("captureTime", "time.timestamp"),
        finding("location", "location.coordinates"),
        finding("cameraName", "location.place"),
    ]
    return docs, findings


def app_logs(n: int = 300, seed: int = 2):
    rng = random.Random(seed)
    docs = [
        {
            "@timestamp": f"2024-01-01T00:{i % 60:02d}:00Z",
            "level": rng.choice(["INFO", "WARN"]),
            "client_ip": f"10.0.{rng.randrange(4)}.{rng.randrange(250)}",
            "message": "GET /health 200",
        }
        for i in range(n)
    ]
    findings = [finding("@timestamp", "time.timestamp"), finding("client_ip", "network.ip")]
    return docs, findings


def fixed_sensors(sensors: int = 10, readings: int = 40):
    docs = []
    for s in range(sensors):
        lat, lon = 48.1 + 0.02 * s, 11.5 + 0.02 * s
        for r in range(readings):
            docs.append(
                {
                    "sensor_mac": f"00:1a:2b:3c:4d:{s:02x}",
                    "geo": {"lat": lat + 0.00001 * (r % 3), "lon": lon},
                    "ts": 1_700_000_000 + 60 * r,
                    "temperature": 20.0 + r % 5,
                }
            )
    findings = [
        finding("sensor_mac", "device.mac"),
        finding("geo", "location.coordinates"),
        finding("ts", "time.timestamp"),
    ]
    return docs, findings
