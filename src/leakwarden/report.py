"""The report model: the JSON contract ``leakwarden/report@1`` (docs/report-contract.md).

Every output format (JSON, terminal, HTML, Markdown, SARIF, CSV, the history
database and the dashboard) renders from these models.  The JSON form is a
public API: keys may be added, never renamed or removed without bumping
``SCHEMA_ID``.  ``schema/report-1.schema.json`` is generated from these models
(``python -m leakwarden.report > src/leakwarden/schema/report-1.schema.json``)
and a test keeps the two in step.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "leakwarden/report@1"

#: The category taxonomy of the contract, in its order.
CATEGORIES: tuple[str, ...] = (
    "person.name",
    "person.government_id",
    "person.internal_id",
    "person.birthdate",
    "person.age",
    "person.gender",
    "person.phone",
    "person.email",
    "person.address",
    "person.photo",
    "person.vehicle_plate",
    "biometric.face_embedding",
    "biometric.face_attributes",
    "special.ethnicity",
    "special.religion",
    "special.health",
    "special.criminal",
    "special.political",
    "special.sexual_orientation",
    "location.coordinates",
    "location.place",
    "time.timestamp",
    "device.mac",
    "device.imsi_imei",
    "network.ip",
    "financial.card",
    "financial.bank_account",
    "credential.secret",
)

Severity = Literal["info", "low", "medium", "high", "critical"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
RiskLevel = Literal["none", "low", "medium", "high", "critical"]
CheckStatus = Literal["pass", "fail", "error", "skip"]
StoreStatus = Literal["complete", "partial", "unreachable", "error"]


class _Model(BaseModel):
    # Consumers may add keys; we keep unknown keys when reading a report back.
    model_config = ConfigDict(extra="allow")


class Tool(_Model):
    name: str = "leakwarden"
    version: str


class Exposure(_Model):
    anonymous_read: bool | None = None
    tls: bool | None = None
    anonymous_write_possible: bool | None = None


class Risk(_Model):
    level: RiskLevel
    score: int = Field(ge=0, le=100)


class Check(_Model):
    id: str
    status: CheckStatus
    severity: Severity
    title: str
    evidence: str = ""
    remediation: str = ""
    references: list[str] = Field(default_factory=list)


class Trajectory(_Model):
    person_keys: list[str]
    location_fields: list[str]
    time_fields: list[str]
    persons_trackable: int | None = None


class FieldFinding(_Model):
    path: str
    categories: list[str] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    detectors: list[str] = Field(default_factory=list)
    hits: int = Field(ge=0)
    examined: int = Field(ge=0)
    examples: list[str] = Field(default_factory=list)


class Reidentification(_Model):
    """k-anonymity over the quasi-identifiers of a collection without a direct identifier."""

    quasi_identifiers: list[str]
    k_threshold: int = 5
    records_examined: int = 0
    share_below_k: float = Field(ge=0.0, le=1.0)


class CollectionLink(_Model):
    """The same person key (compared by keyed hash) found in two collections."""

    collections: list[str]
    fields: list[str]
    key_category: str
    shared_keys_estimated: int


class RemediationStep(_Model):
    order: int
    title: str
    why: str
    severity: Severity
    snippet: str = ""
    snippet_language: str = ""
    check_ids: list[str] = Field(default_factory=list)
    collections: list[str] = Field(default_factory=list)


class Collection(_Model):
    name: str
    documents: int | None = None
    size_bytes: int | None = None
    examined: int = Field(ge=0)
    personal: bool
    sensitivity: int = Field(ge=0, le=100)
    persons_estimated: int | None = None
    trajectory: Trajectory | None = None
    regulations: list[str] = Field(default_factory=list)
    fields: list[FieldFinding] = Field(default_factory=list)
    reidentification: Reidentification | None = None
    notes: list[str] = Field(default_factory=list)


class Store(_Model):
    target: str
    kind: str
    version: str | None = None
    status: StoreStatus
    error: str | None = None
    exposure: Exposure = Field(default_factory=Exposure)
    risk: Risk
    checks: list[Check] = Field(default_factory=list)
    collections: list[Collection] = Field(default_factory=list)
    persons_estimated: int | None = None
    persons_trackable: int | None = None
    regulations: list[str] = Field(default_factory=list)
    links: list[CollectionLink] = Field(default_factory=list)
    remediation: list[RemediationStep] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Report(_Model):
    schema_: str = Field(default=SCHEMA_ID, alias="schema")
    tool: Tool
    started_at: datetime
    finished_at: datetime
    stores: list[Store] = Field(default_factory=list)

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's JSON document as plain Python data."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=False)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def report_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the report, generated from the models."""
    schema = Report.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://leakwarden.invalid/schema/report-1.schema.json"
    schema["title"] = SCHEMA_ID
    props = schema["properties"]
    props["schema"]["const"] = SCHEMA_ID
    # Categories are a closed vocabulary within report@1.
    defs = schema["$defs"]
    defs["FieldFinding"]["properties"]["categories"]["items"] = {"enum": list(CATEGORIES)}
    return schema


def load_packaged_schema() -> dict[str, Any]:
    text = resources.files("leakwarden").joinpath("schema/report-1.schema.json").read_text("utf-8")
    return json.loads(text)


if __name__ == "__main__":  # pragma: no cover - regenerates the published schema
    print(json.dumps(report_json_schema(), indent=2, sort_keys=True))
