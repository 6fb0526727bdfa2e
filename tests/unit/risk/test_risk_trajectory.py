"""Trajectories: people seen at two or more distinct places, counted exactly on hand-made records."""

from __future__ import annotations

from leakwarden.risk import places
from risk_fixtures import assessor, finding, fixed_sensors

# two camera sites about 1.1 km apart, and a point 20 m from the first
SITE_A = {"lat": 39.9000, "lon": 116.4000}
SITE_A_JITTER = {"lat": 39.90018, "lon": 116.4000}  # 20 m north
SITE_B = {"lat": 39.9100, "lon": 116.4000}

TRACK_FINDINGS = [
    finding("idCard", "person.government_id"),
    finding("name", "person.name"),
    finding("where", "location.coordinates"),
    finding("site", "location.place"),
    finding("when", "time.timestamp"),
]


def _docs() -> list[dict]:
    t = "2019-06-01T08:00:00Z"
    return [
        # A: two sites 1.1 km apart -> trackable
        {"idCard": "110101199003074513", "name": "Wang Wei", "where": SITE_A, "when": t},
        {"idCard": "110101 19900307 4513", "name": "Wang Wei", "where": SITE_B, "when": t},
        # B: the same site twice, 20 m of jitter -> not trackable
        {"idCard": "110101198512120021", "name": "Li Na", "where": SITE_A, "when": t},
        {"idCard": "110101198512120021", "name": "Li Na", "where": SITE_A_JITTER, "when": t},
        # C: two named places (no coordinates) -> trackable
        {"idCard": "110101197001010038", "site": "East Gate", "when": t},
        {"idCard": "110101197001010038", "site": "north  market!", "when": t},
        {"idCard": "110101197001010038", "site": "EAST GATE", "when": t},
        # D: seen once
        {"idCard": "110101200001010017", "where": SITE_B, "when": t},
        # E: two sites but no time in one record -> one timed sighting only
        {"idCard": "110101196601010012", "where": SITE_A, "when": t},
        {"idCard": "110101196601010012", "where": SITE_B},
    ]


def test_trajectory_counts_exact_truth() -> None:
    a = assessor("alerts", _docs(), TRACK_FINDINGS)
    col = a.result()
    assert col.persons_estimated == 5
    assert col.trajectory is not None
    assert col.trajectory.persons_trackable == 2
    assert col.trajectory.person_keys == ["idCard", "name"]  # the counted key first
    assert col.trajectory.location_fields == ["where", "site"]
    assert col.trajectory.time_fields == ["when"]
    assert "PIPL-28" in col.regulations  # whereabouts and tracks


def test_no_trajectory_without_times() -> None:
    docs = [{k: v for k, v in d.items() if k != "when"} for d in _docs()]
    findings = [f for f in TRACK_FINDINGS if f.path != "when"]
    col = assessor("residents", docs, findings).result()
    assert col.trajectory is None
    assert col.persons_estimated == 5


def test_fixed_sensors_have_no_trajectory_and_are_not_personal() -> None:
    docs, findings = fixed_sensors()
    col = assessor("sensors", docs, findings).result()
    assert col.trajectory is None
    assert col.persons_estimated is None
    assert col.personal is False
    assert col.regulations == []
    assert col.sensitivity < 20


def test_sensor_without_device_key_has_no_person() -> None:
    docs = [{"station": f"S{i % 5}", "geo": SITE_A, "ts": 1_700_000_000 + i} for i in range(50)]
    findings = [finding("geo", "location.coordinates"), finding("ts", "time.timestamp")]
    col = assessor("weather", docs, findings).result()
    assert col.trajectory is None and col.persons_estimated is None and not col.personal


def test_separate_lat_lon_fields_are_paired() -> None:
    docs = []
    for p in range(20):
        for k in range(3):
            lat = 31.2 + (0.01 * k if p < 8 else 0.0)  # 8 people move ~1.1 km per step
            docs.append({"mac": f"aa:bb:cc:dd:{p:02x}:01", "wd": lat, "jd": 121.47, "t": 1_600_000_000 + k})
    findings = [
        finding("mac", "device.mac"),
        finding("wd", "location.coordinates"),
        finding("jd", "location.coordinates"),
        finding("t", "time.timestamp"),
    ]
    col = assessor("wifi", docs, findings).result()
    assert col.persons_estimated == 20
    assert col.trajectory is not None and col.trajectory.persons_trackable == 8
    assert set(col.trajectory.location_fields) == {"wd", "jd"}


def test_person_sampling_scales_up_when_over_cap() -> None:
    persons, movers = 6000, 2000

    def docs():
        for p in range(persons):
            first = SITE_A if p < movers else SITE_B
            yield {"phone": f"+86 139{p:08d}", "where": first, "when": "t"}
            yield {"phone": f"139{p:08d}", "where": SITE_B, "when": "t"}

    findings = [finding("phone", "person.phone"), finding("where", "location.coordinates"), finding("when", "time.timestamp")]
    a = assessor("phones", [], findings, person_cap=1000, link_cap=500)
    for d in docs():
        a.update({k: [v] for k, v in d.items()})
    # memory is bounded whatever the number of persons
    assert len(a.tracker.sample.items) <= 1000
    assert len(a.sketches["person.phone"].sample.items) <= 500
    col = a.result()
    assert abs(col.persons_estimated / persons - 1) < 0.03  # HyperLogLog
    assert abs(col.trajectory.persons_trackable / movers - 1) < 0.2  # ~1000-person sample


def test_point_forms() -> None:
    assert places.parse_point({"lat": "39.9", "lon": "116.4"}) == (39.9, 116.4)
    assert places.parse_point([116.4, 39.9]) == (39.9, 116.4)
    assert places.parse_point("39.9,116.4") == (39.9, 116.4)
    assert places.parse_point("POINT (116.4 39.9)") == (39.9, 116.4)
    lat, lon = places.parse_point("wx4g0ec1")
    assert abs(lat - 39.92) < 0.01 and abs(lon - 116.39) < 0.01
    assert places.parse_point("hello") is None
    assert places.parse_point([500, 500]) is None


def test_radius() -> None:
    a = places.point_key(39.9, 116.4)
    assert not places.points_distinct(a, places.point_key(39.9008, 116.4))  # 89 m
    assert places.points_distinct(a, places.point_key(39.9010, 116.4))  # 111 m
    assert 100 < places.distance_m(a, places.point_key(39.9, 116.4012)) < 105  # east-west at 40 N


def test_few_phones_in_a_small_sample_are_still_people() -> None:
    docs = [{"mac": f"aa:bb:cc:dd:ee:{i % 10:02x}", "where": SITE_A, "when": "t"} for i in range(30)]
    findings = [finding("mac", "device.mac"), finding("where", "location.coordinates"), finding("when", "time.timestamp")]
    col = assessor("wifi", docs, findings).result()
    assert col.personal and col.persons_estimated == 10 and col.trajectory is None
