"""The risk assessor never stops a scan, whatever a field labelled with a category holds.

Every category of the taxonomy is given to fields whose values are junk of
every JSON type and size (NaN and infinities, integers beyond any float,
huge strings, nested objects, surrogates, empty values); the assessor must
take the records and build its result, in sampled and in streamed use.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakwarden.report import CATEGORIES
from risk_fixtures import assessor, finding

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ODD = [
    math.nan, math.inf, -math.inf, 10**400, -(10**400), 2**63, -1, 0, 0.5, 1e308, True, False, None, "",
    " ", "nan", "inf", "-inf", "1e400", "0000", "\ud800", "x" * 70_000, "19991332", "2019-02-30", "99:99",
    "+999 000", "00:00:00:00:00:00", "0.0.0.0", "::", "[]", "{}", [], {}, [None], [math.nan] * 128,
    [1e308] * 512, {"lat": math.nan, "lon": 1}, {"lat": 91, "lon": 181}, {"lat": "x", "lon": "y"},
    [{"a": 1}], {"a": {"b": {"c": 1}}}, "POINT(999 999)", "u4pruydqqvj", "0,0", "-91,181",
]

leaf = st.one_of(
    st.sampled_from(ODD), st.text(max_size=30), st.integers(), st.floats(),
    st.from_regex(r"[0-9 +\-:./]{1,24}", fullmatch=True),
)
value = st.recursive(leaf, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                 st.dictionaries(st.sampled_from(["lat", "lon", "a", "x"]), kids, max_size=3)),
                     max_leaves=6)


@SETTINGS
@given(st.lists(st.fixed_dictionaries({f"f{i}": value for i in range(len(CATEGORIES))}), min_size=1, max_size=25),
       st.permutations(sorted(CATEGORIES)))
def test_every_category_on_junk_values(docs, cats):
    findings = [finding(f"f{i}", cat) for i, cat in enumerate(cats)]
    # plus fields that pair up (a name with a birthdate, latitude with longitude, time with place)
    findings += [finding("f0", "person.name"), finding("f1", "person.birthdate"), finding("f2", "location.coordinates"),
                 finding("f3", "time.timestamp")]
    a = assessor("junk", docs, findings, documents=len(docs) * 3)
    col = a.result()
    assert col.name == "junk"
    a.drop_caches()
    a.update({"f0": [math.inf], "f1": ["2019-02-30"], "f3": [10**400]})  # after the memos are dropped


def test_every_odd_value_in_every_category_alone():
    for cat in sorted(CATEGORIES):
        docs = [{"v": v, "t": v, "who": v} for v in ODD]
        findings = [finding("v", cat), finding("t", "time.timestamp"), finding("who", "person.phone")]
        col = assessor(f"odd_{cat}", docs, findings).result()
        assert col.name == f"odd_{cat}"


def test_numbers_beyond_any_float_are_no_coordinates():
    from leakwarden.risk import places

    assert places.to_number(10**400) is None and places.to_number(-(10**400)) is None
    assert places.to_number("1e400") is None and places.to_number(12) == 12.0
    docs = [{"lat": 10**400, "lon": 13.4, "t": "2024-01-02T03:04:05Z", "phone": "+4915112345678"}] * 5
    findings = [finding("lat", "location.coordinates"), finding("lon", "location.coordinates"),
                finding("t", "time.timestamp"), finding("phone", "person.phone")]
    assert assessor("huge_lat", docs, findings).result().name == "huge_lat"
