"""Synthetic reports for the history's and dashboard's tests and screenshots.

Values here are invented and already in report form (masked examples, counts):
no raw value of any real person is ever constructed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from leakwarden.report import (
    Check,
    Collection,
    Exposure,
    FieldFinding,
    Report,
    Risk,
    Store,
    Tool,
    Trajectory,
)

T0 = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)


def field(path: str, *categories: str, hits: int = 1990, example: str = "11**********13") -> FieldFinding:
    return FieldFinding(
        path=path, categories=list(categories), confidence=0.95, detectors=["sample"],
        hits=hits, examined=2000, examples=[example] if categories else [],
    )


def faces(persons: int = 12840, trackable: int | None = 9120, *, name: str = "face_capture_2019.06",
          extra_fields: list[FieldFinding] | None = None) -> Collection:
    fields = [
        field("faceFeature", "biometric.face_embedding", example="<vector of 512 numbers>"),
        field("personId", "person.internal_id", example="P-0***********19"),
        field("captureTime", "time.timestamp", example="2019********:31"),
        field("cameraName", "location.place", example="East*********gate"),
        field("attributes.eyesOpen", "biometric.face_attributes", example="<bool>"),
        field("imageQuality"),
        *(extra_fields or []),
    ]
    return Collection(
        name=name, documents=1843221, examined=2000, personal=True, sensitivity=96,
        persons_estimated=persons,
        trajectory=Trajectory(person_keys=["personId"], location_fields=["cameraName"],
                              time_fields=["captureTime"], persons_trackable=trackable)
        if trackable is not None else None,
        regulations=["GDPR-9", "PIPL-28"], fields=fields,
    )


def watchlist(persons: int = 311) -> Collection:
    return Collection(
        name="police_alerts", documents=4120, examined=2000, personal=True, sensitivity=99,
        persons_estimated=persons, regulations=["GDPR-10", "PIPL-28"],
        fields=[
            field("name", "person.name", example="Z*****i"),
            field("idCard", "person.government_id", example="1101**********4513"),
            field("reason", "special.criminal", example="rele*************ison"),
            field("alertTime", "time.timestamp", example="2019********:02"),
        ],
    )


def logs() -> Collection:
    return Collection(name="app-logs", documents=90311, examined=2000, personal=False,
                      sensitivity=8, fields=[field("level")])


def es_store(
    target: str = "http://10.0.0.5:9200",
    *,
    anonymous_read: bool | None = True,
    collections: list[Collection] | None = None,
    level: str = "critical",
    score: int = 97,
    status: str = "complete",
    anon_check: str | None = None,
    tls: bool | None = False,
    version: str | None = "7.17.25",
) -> Store:
    colls = collections if collections is not None else [faces(), logs()]
    if status in ("unreachable", "error"):
        return Store(target=target, kind="elasticsearch", status=status, error="connection refused",
                     exposure=Exposure(), risk=Risk(level="none", score=0))
    anon = anon_check or ("fail" if anonymous_read else "pass")
    return Store(
        target=target, kind="elasticsearch", version=version, status=status,
        exposure=Exposure(anonymous_read=anonymous_read, tls=tls, anonymous_write_possible=None),
        risk=Risk(level=level, score=score),
        checks=[
            Check(id="es-anonymous-read", status=anon, severity="critical",
                  title="Anyone can read the cluster without credentials",
                  remediation="Enable security: xpack.security.enabled: true"),
            Check(id="es-plain-http", status="fail" if tls is False else "pass", severity="high",
                  title="HTTP without TLS"),
            Check(id="es-ransom-note", status="pass", severity="critical",
                  title="No ransom-note index"),
        ],
        collections=colls,
        persons_estimated=sum(c.persons_estimated or 0 for c in colls if c.personal) or None,
        persons_trackable=sum((c.trajectory.persons_trackable or 0) for c in colls if c.trajectory) or None,
        regulations=sorted({r for c in colls for r in c.regulations}),
    )


def report(*stores: Store, at: datetime = T0, version: str = "0.1.0") -> Report:
    return Report(
        tool=Tool(version=version), started_at=at, finished_at=at + timedelta(seconds=41),
        stores=list(stores) or [es_store()],
    )
