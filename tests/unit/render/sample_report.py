"""A hand-built report shaped like the leak in docs/mission.md, for the renderer tests.

Four stores: an Elasticsearch node open to anyone with face captures, a
police watch list and WiFi sightings (critical); an OpenSearch cluster behind
authentication and TLS (low); a file dump (high); and a node that could not be
reached.  One index is named with HTML and one field path starts with a
spreadsheet formula, as a hostile store could name them.  Every example is
masked, as the scan leaves them.
"""

from __future__ import annotations

from datetime import datetime, timezone

from leakwarden.report import (
    Check,
    Collection,
    CollectionLink,
    Exposure,
    FieldFinding,
    Reidentification,
    RemediationStep,
    Report,
    Risk,
    Store,
    Tool,
    Trajectory,
)

HOSTILE_INDEX = '<script>alert("index")</script>'
HOSTILE_FIELD = "<img src=x onerror=alert(1)>"
FORMULA_FIELD = '=HYPERLINK("http://evil.invalid","x")'
PIPE_FIELD = "notes|remark"

ES_TARGET = "http://127.0.0.1:9200"


def _f(path, categories, confidence, hits, examined, examples=(), detectors=()):
    return FieldFinding(
        path=path,
        categories=list(categories),
        confidence=confidence,
        detectors=list(detectors),
        hits=hits,
        examined=examined,
        examples=list(examples),
    )


def _open_es_store() -> Store:
    checks = [
        Check(
            id="es-anonymous-read",
            status="fail",
            severity="critical",
            title="Anyone can read every index without credentials",
            evidence="GET /_cat/indices answered 200 without credentials: 6 indices, 2,403,734 documents",
            remediation="Enable security (xpack.security.enabled: true), create users with least privilege, "
            "and never grant the anonymous user read access.",
            references=["https://www.elastic.co/guide/en/elasticsearch/reference/7.17/security-minimal-setup.html"],
        ),
        Check(
            id="es-security-disabled",
            status="fail",
            severity="critical",
            title="Security features are disabled",
            evidence="GET /_xpack reports security available but not enabled",
            remediation="Set xpack.security.enabled: true in elasticsearch.yml and restart every node.",
            references=["https://www.elastic.co/guide/en/elasticsearch/reference/7.17/security-settings.html"],
        ),
        Check(
            id="es-plain-http",
            status="fail",
            severity="high",
            title="The HTTP interface is served without TLS",
            evidence="http://127.0.0.1:9200 answered over plain HTTP",
            remediation="Enable TLS on the HTTP layer (xpack.security.http.ssl.enabled: true).",
            references=[],
        ),
        Check(
            id="es-cors-open",
            status="fail",
            severity="medium",
            title="CORS allows any origin",
            evidence="Access-Control-Allow-Origin: * on GET /",
            remediation="Set http.cors.enabled: false, or list the exact origins that need access.",
        ),
        Check(
            id="es-ransom-note",
            status="pass",
            severity="critical",
            title="No ransom-note index found",
        ),
        Check(
            id="es-users-readable",
            status="skip",
            severity="high",
            title="Users and roles readable",
            evidence="security is disabled, there are no users to read",
        ),
    ]
    face = Collection(
        name="face_capture_2019.06",
        documents=1843221,
        size_bytes=92_000_000_000,
        examined=2000,
        personal=True,
        sensitivity=96,
        persons_estimated=12840,
        trajectory=Trajectory(
            person_keys=["personId"],
            location_fields=["location", "cameraName"],
            time_fields=["captureTime"],
            persons_trackable=9120,
        ),
        regulations=["GDPR-9", "PIPL-28", "CCPA-SPI"],
        fields=[
            _f(
                "faceFeature",
                ["biometric.face_embedding"],
                0.97,
                1990,
                2000,
                ["<text of 684 characters>"],
                ["vector.float32-base64"],
            ),
            _f("faceImage", ["person.photo"], 0.95, 2000, 2000, ["<text of 18204 characters>"], ["image.base64-jpeg"]),
            _f(
                "attributes.eyesOpen",
                ["biometric.face_attributes"],
                0.9,
                2000,
                2000,
                ["<bool>"],
                ["lexicon.face-attribute"],
            ),
            _f(
                "attributes.attractive",
                ["biometric.face_attributes"],
                0.9,
                2000,
                2000,
                ["**"],
                ["lexicon.face-attribute"],
            ),
            _f(
                "attributes.sunglasses",
                ["biometric.face_attributes"],
                0.9,
                2000,
                2000,
                ["<bool>"],
                ["lexicon.face-attribute"],
            ),
            _f(
                "attributes.age", ["person.age", "biometric.face_attributes"], 0.88, 2000, 2000, ["**"], ["lexicon.age"]
            ),
            _f(
                "mz", ["special.ethnicity"], 0.93, 1985, 2000, ["*", "**"], ["dict.ethnicity-gbt3304", "lexicon.pinyin"]
            ),
            _f("location", ["location.coordinates"], 0.99, 2000, 2000, ["<geo point>"], ["value.geo-point"]),
            _f(
                "cameraName",
                ["location.place"],
                0.8,
                2000,
                2000,
                ["Xinj*************Gate", "東門***站"],
                ["lexicon.place"],
            ),
            _f("captureTime", ["time.timestamp"], 0.99, 2000, 2000, ["2019**********12Z"], ["value.iso8601"]),
            _f("personId", ["person.internal_id"], 0.85, 2000, 2000, ["p-00****91"], ["lexicon.person-id"]),
            _f("frameNo", [], 0.0, 0, 2000),
        ],
        notes=["faceImage holds base64 JPEG face crops; none were decoded."],
    )
    watchlist = Collection(
        name="watchlist_alert",
        documents=48210,
        examined=2000,
        personal=True,
        sensitivity=99,
        persons_estimated=3911,
        trajectory=Trajectory(
            person_keys=["sfzh", "xm"],
            location_fields=["siteName"],
            time_fields=["alertTime"],
            persons_trackable=3104,
        ),
        regulations=["GDPR-9", "GDPR-10", "PIPL-28", "CCPA-SPI"],
        fields=[
            _f(
                "sfzh",
                ["person.government_id"],
                0.99,
                2000,
                2000,
                ["1101**********4513", "4401**********002X"],
                ["value.cn-ric-checksum", "lexicon.pinyin"],
            ),
            _f("xm", ["person.name"], 0.92, 2000, 2000, ["王**", "Li ****"], ["lexicon.pinyin", "dict.cn-surname"]),
            _f(
                "bkyy",
                ["special.criminal"],
                0.9,
                1999,
                2000,
                ["吸毒******", "刑满*****"],
                ["lexicon.pinyin", "dict.watchlist-reason"],
            ),
            _f("alertTime", ["time.timestamp"], 0.99, 2000, 2000, ["2019**********40Z"], ["value.iso8601"]),
            _f("siteName", ["location.place"], 0.8, 2000, 2000, ["Shuf***********Road"], ["lexicon.place"]),
            _f(PIPE_FIELD, [], 0.0, 0, 2000),
        ],
    )
    wifi = Collection(
        name="wifi_probe_2019.06",
        documents=512300,
        examined=2000,
        personal=True,
        sensitivity=74,
        persons_estimated=40120,
        trajectory=Trajectory(
            person_keys=["mac"],
            location_fields=["sensor.site"],
            time_fields=["seenAt"],
            persons_trackable=None,
        ),
        regulations=["PIPL-28"],
        fields=[
            _f("mac", ["device.mac"], 0.98, 2000, 2000, ["a4:5e:**:**:**:1c"], ["value.mac"]),
            _f("sensor.site", ["location.place"], 0.75, 2000, 2000, ["Metr**********ut B"], ["lexicon.place"]),
            _f("seenAt", ["time.timestamp"], 0.99, 2000, 2000, ["1559*****812"], ["value.epoch-millis"]),
            _f("rssi", [], 0.0, 0, 2000),
        ],
    )
    census = Collection(
        name="resident_survey",
        documents=5000,
        examined=2000,
        personal=True,
        sensitivity=55,
        persons_estimated=None,
        regulations=["GDPR-4"],
        fields=[
            _f("birthYear", ["person.birthdate"], 0.7, 2000, 2000, ["19**"], ["lexicon.birth"]),
            _f("gender", ["person.gender"], 0.9, 2000, 2000, ["*"], ["lexicon.gender"]),
            _f("district", ["location.place"], 0.7, 2000, 2000, ["Tian***"], ["lexicon.place"]),
        ],
        reidentification=Reidentification(
            quasi_identifiers=["birthYear", "gender", "district"],
            k_threshold=5,
            records_examined=2000,
            share_below_k=0.62,
        ),
    )
    hostile = Collection(
        name=HOSTILE_INDEX,
        documents=3,
        examined=3,
        personal=False,
        sensitivity=12,
        fields=[
            _f(HOSTILE_FIELD, ["network.ip"], 0.6, 3, 3, ["10.0.**.*"], ["value.ipv4"]),
            _f(FORMULA_FIELD, ["credential.secret"], 0.5, 1, 3, ["=cmd******A0"], ["lexicon.secret"]),
        ],
        notes=["Index created after the others; its name holds HTML."],
    )
    kibana = Collection(name=".kibana_1", documents=42, examined=42, personal=False, sensitivity=0)
    remediation = [
        RemediationStep(
            order=1,
            title="Require authentication: turn on Elasticsearch security",
            why="Anyone who can reach port 9200 can read 2.4 million documents, including face captures, "
            "ethnicity labels and a police watch list.",
            severity="critical",
            snippet="# elasticsearch.yml, on every node, then restart the node\n"
            "xpack.security.enabled: true\n"
            "\n"
            "# then set the built-in users' passwords\n"
            "bin/elasticsearch-setup-passwords interactive",
            snippet_language="yaml",
            check_ids=["es-anonymous-read", "es-security-disabled"],
        ),
        RemediationStep(
            order=2,
            title="Take the node off the public network",
            why="The HTTP port answers on every interface.",
            severity="critical",
            snippet="# elasticsearch.yml\nnetwork.host: 127.0.0.1\nhttp.host: 127.0.0.1",
            snippet_language="yaml",
            check_ids=["es-anonymous-read"],
        ),
        RemediationStep(
            order=3,
            title="Encrypt HTTP with TLS",
            why="Credentials and documents cross the network in clear text.",
            severity="high",
            snippet="xpack.security.http.ssl.enabled: true\nxpack.security.http.ssl.keystore.path: http.p12",
            snippet_language="yaml",
            check_ids=["es-plain-http"],
        ),
        RemediationStep(
            order=4,
            title="Delete what has no legal basis: ethnicity labels and face attributes",
            why="Special-category data (GDPR Art. 9, PIPL Art. 28) with no stated purpose; "
            "every record kept is a record that can leak.",
            severity="high",
            collections=["face_capture_2019.06", "watchlist_alert"],
        ),
        RemediationStep(
            order=5,
            title="Restrict CORS",
            why="Any web page a user visits can read the cluster through their browser.",
            severity="medium",
            snippet="http.cors.enabled: false",
            snippet_language="yaml",
            check_ids=["es-cors-open"],
        ),
        RemediationStep(
            order=6,
            title="Find out whether the data was already read",
            why="The store was open; check the proxy and audit logs for reads from unknown addresses.",
            severity="medium",
        ),
    ]
    return Store(
        target=ES_TARGET,
        kind="elasticsearch",
        version="7.17.25",
        status="complete",
        exposure=Exposure(anonymous_read=True, tls=False, anonymous_write_possible=None),
        risk=Risk(level="critical", score=97),
        checks=checks,
        collections=[face, watchlist, wifi, census, hostile, kibana],
        persons_estimated=55200,
        persons_trackable=12050,
        regulations=["GDPR-9", "GDPR-10", "PIPL-28", "CCPA-SPI"],
        links=[
            CollectionLink(
                collections=["face_capture_2019.06", "watchlist_alert"],
                fields=["personId", "sfzh"],
                key_category="person.internal_id",
                shared_keys_estimated=1204,
            )
        ],
        remediation=remediation,
        notes=["Sampled 2,000 documents per index; people are counted with keyed hashes, never stored."],
    )


def _secured_store() -> Store:
    return Store(
        target="https://opensearch.corp.invalid:9200",
        kind="opensearch",
        version="2.11.1",
        status="complete",
        exposure=Exposure(anonymous_read=False, tls=True, anonymous_write_possible=False),
        risk=Risk(level="low", score=18),
        checks=[
            Check(id="os-anonymous-read", status="pass", severity="critical", title="Anonymous users cannot read"),
            Check(id="os-plain-http", status="pass", severity="high", title="HTTP is served over TLS"),
            Check(
                id="os-version-outdated",
                status="fail",
                severity="low",
                title="OpenSearch 2.11.1 is behind the latest 2.x release",
                evidence="version 2.11.1",
                remediation="Upgrade to the latest 2.x release.",
                references=["https://opensearch.org/docs/latest/install-and-configure/upgrade-opensearch/index/"],
            ),
        ],
        collections=[
            Collection(
                name="orders-2026",
                documents=220400,
                examined=2000,
                personal=True,
                sensitivity=45,
                persons_estimated=2210,
                regulations=["GDPR-4", "CCPA-SPI"],
                fields=[
                    _f("customer.email", ["person.email"], 0.99, 2000, 2000, ["mari**********.com"], ["value.email"]),
                    _f("customer.phone", ["person.phone"], 0.97, 1840, 2000, ["+49 ******** 21"], ["value.phone"]),
                    _f(
                        "shipping.address",
                        ["person.address"],
                        0.8,
                        2000,
                        2000,
                        ["Haup************in"],
                        ["lexicon.address"],
                    ),
                    _f("payment.card", ["financial.card"], 0.99, 120, 2000, ["4111********1111"], ["value.luhn"]),
                ],
            ),
        ],
        persons_estimated=2210,
        regulations=["GDPR-4", "CCPA-SPI"],
        remediation=[
            RemediationStep(
                order=1,
                title="Upgrade OpenSearch to the latest 2.x release",
                severity="low",
                why="Older releases miss security fixes.",
                check_ids=["os-version-outdated"],
            ),
        ],
    )


def _files_store() -> Store:
    return Store(
        target="/srv/exports/crm_dump.ndjson",
        kind="files",
        status="complete",
        exposure=Exposure(),
        risk=Risk(level="high", score=71),
        collections=[
            Collection(
                name="crm_dump",
                documents=8400,
                examined=8400,
                personal=True,
                sensitivity=82,
                persons_estimated=8391,
                regulations=["GDPR-4", "PIPL-28", "CCPA-SPI"],
                fields=[
                    _f("name", ["person.name"], 0.95, 8400, 8400, ["Joh******er"], ["lexicon.name"]),
                    _f(
                        "idcard",
                        ["person.government_id"],
                        0.99,
                        8399,
                        8400,
                        ["3301**********0017"],
                        ["value.cn-ric-checksum"],
                    ),
                    _f("pwd", ["credential.secret"], 0.97, 8400, 8400, ["$2b$************"], ["value.bcrypt"]),
                ],
            )
        ],
        persons_estimated=8391,
        regulations=["GDPR-4", "PIPL-28", "CCPA-SPI"],
        remediation=[
            RemediationStep(
                order=1,
                title="Remove the dump from shared storage",
                why="A plain-text export with ID numbers and password hashes is one copy away from a leak.",
                severity="high",
                snippet="shred -u /srv/exports/crm_dump.ndjson",
                snippet_language="shell",
                collections=["crm_dump"],
            )
        ],
    )


def _unreachable_store() -> Store:
    return Store(
        target="http://127.0.0.1:9201",
        kind="elasticsearch",
        status="unreachable",
        error="connection refused by http://127.0.0.1:9201; is the node running?",
        risk=Risk(level="none", score=0),
    )


def sample_report() -> Report:
    return Report(
        tool=Tool(version="0.1.0"),
        started_at=datetime(2026, 11, 27, 10, 0, 0, tzinfo=timezone.utc),
        finished_at=datetime(2026, 11, 27, 10, 0, 41, tzinfo=timezone.utc),
        stores=[_open_es_store(), _secured_store(), _files_store(), _unreachable_store()],
    )


def sample_history() -> list[dict]:
    """Earlier scans of the same targets, as the history database hands them to render_html."""
    return [
        {"at": "2026-10-02T10:00:00Z", "persons_exposed": 0, "persons_trackable": 0, "open_stores": 0},
        {"at": "2026-10-16T10:00:00Z", "persons_exposed": 0, "persons_trackable": 0, "open_stores": 0},
        {"at": "2026-10-30T10:00:00Z", "persons_exposed": 18200, "persons_trackable": 4100, "open_stores": 1},
        {"at": "2026-11-13T10:00:00Z", "persons_exposed": 41800, "persons_trackable": 9800, "open_stores": 1},
    ]


def empty_report() -> Report:
    return Report(
        tool=Tool(version="0.1.0"),
        started_at=datetime(2026, 11, 27, 10, 0, 0, tzinfo=timezone.utc),
        finished_at=datetime(2026, 11, 27, 10, 0, 1, tzinfo=timezone.utc),
        stores=[],
    )
