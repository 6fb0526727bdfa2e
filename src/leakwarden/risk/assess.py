"""Assessing collections and stores: people, movements, re-identification, laws, score, plan.

One :class:`CollectionAssessor` per collection sees every examined record
once (:meth:`CollectionAssessor.update`) in memory that does not grow with
the number of records: HyperLogLog registers, hash samples capped at
:data:`~leakwarden.risk.people.PERSON_CAP` persons and
:data:`~leakwarden.risk.people.LINK_CAP` keys, and k-anonymity counts over
at most :data:`~leakwarden.risk.kanon.MAX_RECORDS` records.
:func:`assess_store` then combines the collections of one store: people
across collections, links between them, the store's risk level and its
remediation plan.  See ``docs/risk.md`` for every formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import combinations, repeat
from typing import Any

from leakwarden.detect.values.media import forget_decoded
from leakwarden.privacy import Hasher
from leakwarden.profile import CollectionSample, _hashable
from leakwarden.report import Collection, CollectionLink, FieldFinding, Reidentification, Store, Trajectory
from leakwarden.risk import faces, places, score
from leakwarden.risk.hll import HyperLogLog, coordinated_count
from leakwarden.risk.kanon import DIRECT_IDENTIFIERS, K_THRESHOLD, QI_CATEGORIES, KAnonymity
from leakwarden.risk.keys import (
    DEVICE_KEYS,
    KEY_PRIORITY,
    NAME_BIRTHDATE,
    NORMALISERS,
    ROLE_CATEGORIES,
    KeySpec,
    choose_primary,
    is_short_number,
    norm_date,
    norm_name,
    one_to_one,
)
from leakwarden.risk.people import LINK_CAP, PERSON_CAP, KeySketch, PersonTracker
from leakwarden.risk.regulations import regulation_order, regulation_triggers
from leakwarden.risk.remediation import build_plan

PERSONAL_PREFIXES = ("person.", "biometric.", "special.", "financial.")
#: A device key is fixed infrastructure (sensors, access points), not people,
#: when it has at most max(INFRA_MIN_KEYS, INFRA_SHARE * records) distinct
#: values, each seen INFRA_MIN_SIGHTINGS times on average, and none moves.
INFRA_MIN_KEYS = 20
INFRA_SHARE = 0.01
INFRA_MIN_SIGHTINGS = 5
#: ... or, when the records hold places, at most INFRA_PLACED_SHARE * records
#: devices, most seen twice or more, none at two distinct places
INFRA_PLACED_SHARE = 0.1
MINOR_AGE = 14
MINOR_SHARE = 0.01
#: sampled records read to compare the distinct values of candidate keys
SAMPLE_DISTINCT_RECORDS = 5000
#: per memo (of a key field, or of a collection's places or dates): values whose
#: result is remembered, and the longest text remembered
KEY_MEMO_CAP = 8192
KEY_MEMO_MAX_CHARS = 128
#: a memo whose first KEY_MEMO_TRIAL values never repeated is given up
KEY_MEMO_TRIAL = 512
#: "not in the memo" (None is a result: no key, no place)
_MISSING = object()
#: the points or named places of a record whose places are not read
_NO_PLACES: tuple[Any, ...] = ()


class _Memo:
    """Results for raw values that recur (a person's key, a camera's place), in memory only.

    ``table`` maps a value to its result.  It is bounded: emptied when it holds
    :data:`KEY_MEMO_CAP` values, or given up (None) if by then fewer than
    :data:`KEY_MEMO_CAP` lookups were hits, or if its first
    :data:`KEY_MEMO_TRIAL` values had none: values that do not repeat only cost.
    """

    __slots__ = ("table", "reused")

    def __init__(self) -> None:
        self.table: dict[Any, Any] | None = {}
        self.reused = 0

    def remember(self, value: Any, result: Any) -> None:
        table = self.table
        if table is None:
            return
        table[value] = result
        size = len(table)
        if size == KEY_MEMO_TRIAL and not self.reused:
            self.table = None
        elif size >= KEY_MEMO_CAP:
            if self.reused < KEY_MEMO_CAP:
                self.table = None
            else:
                table.clear()

    def of_text(self, v: Any, compute: Callable[[Any], Any]) -> Any:
        """``compute(v)``, remembered when ``v`` is a text (of at most KEY_MEMO_MAX_CHARS)."""
        table = self.table
        if table is None or type(v) is not str:
            return compute(v)
        got = table.get(v, _MISSING)
        if got is _MISSING:
            got = compute(v)
            if len(v) <= KEY_MEMO_MAX_CHARS:
                self.remember(v, got)
        else:
            self.reused += 1
        return got

    def drop(self) -> None:
        self.table = None


@dataclass
class _KeyField:
    """How one field path feeds one key sketch."""

    path: str
    category: str
    sketch: KeySketch
    primary: bool
    #: the keyed hash of a normalised value v: ``Hasher.int64(f"{category}\x1f{v}")``
    hash_of: Callable[[str], int]
    #: for keys normalised from one value: the normaliser (else None)
    normalise: Callable[[Any], str | None] | None = None
    #: for the composite key: the birthdate path paired with this name path
    partner: str | None = None
    #: the key of repeated values: text -> hash or None (no key) for keys
    #: normalised from one value; (name, birthdate) texts -> hash or
    #: None for the composite key; a face's representative code -> hash for faces
    memo: _Memo = field(default_factory=_Memo)
    #: another role of the record (counted as people, not followed across places)
    role: bool = False


class CollectionAssessor:
    """Assesses one collection from its examined records (see module doc).

    ``findings`` are the classifier's per-field categories.  ``update`` is fed
    every examined record (flattened); ``result`` may be called at any time.
    When ``result`` is called before any ``update``, the sample's own records
    are fed first.
    """

    def __init__(
        self,
        sample: CollectionSample,
        findings: list[FieldFinding],
        hasher: Hasher,
        *,
        documents: int | None = None,
        size_bytes: int | None = None,
        person_cap: int = PERSON_CAP,
        link_cap: int = LINK_CAP,
    ):
        self.sample = sample
        self.findings = list(findings)
        self.hasher = hasher
        self.name = sample.name
        self.documents = documents if documents is not None else sample.documents
        self.size_bytes = size_bytes
        self.records = 0

        self.paths_by_category: dict[str, list[str]] = {}
        for f in self.findings:
            for cat in f.categories:
                self.paths_by_category.setdefault(cat, [])
                if f.path not in self.paths_by_category[cat]:
                    self.paths_by_category[cat].append(f.path)
        self.categories = set(self.paths_by_category)
        self._coverage = {f.path: self._coverage_of(f) for f in self.findings}

        # normalised birthdates and places of repeated texts (see _Memo)
        self._date_memo = _Memo()
        self._place_memo = _Memo()
        self._point_memo = _Memo()

        # person keys: one sketch per key category, the primary key's path tracked
        candidates = self._key_candidates()
        records = self.sample.records[:SAMPLE_DISTINCT_RECORDS]
        distinct, first = self._sample_keys(candidates, records)
        self.primary: KeySpec | None = choose_primary(candidates, distinct)
        #: key fields whose people are counted: the primary key, then every key field that is
        #: not one-to-one with an already counted one (another role: riders and drivers)
        self.counted: list[KeySpec] = self._counted_keys(candidates, records, first)
        self.sketches: dict[str, KeySketch] = {}
        self.tracker: PersonTracker | None = None
        self._key_fields: list[_KeyField] = []
        for category in KEY_PRIORITY:
            specs = [c for c in candidates if c.category == category]
            if not specs:
                continue
            paths = tuple(p for spec in specs for p in spec.paths)
            self.sketches[category] = KeySketch(category, paths, cap=link_cap)
            hash_of = hasher.int64_after(f"{category}\x1f")
            for spec in specs:
                primary = spec == self.primary
                role = not primary and spec in self.counted
                self._key_fields.append(_KeyField(
                    spec.paths[0], category, self.sketches[category], primary, hash_of,
                    normalise=NORMALISERS.get(category),
                    partner=spec.paths[1] if category == NAME_BIRTHDATE else None,
                    role=role,
                ))
        #: face keyers of the scan by dimension (faces.keyer_for, looked up once)
        self._face_keyers: dict[int, faces.FaceKeyer] = {}
        #: per key field, how update feeds it: (path, feeder, field, primary, role); the
        #: feeders (_feed_simple, _feed_composite, _feed_faces) share one signature
        self._feeds = [
            (kf.path, _feeder(kf), kf, kf.primary, kf.role) for kf in self._key_fields
        ]
        if self.primary is not None:
            paths = tuple(p for spec in self.counted for p in spec.paths)
            self.tracker = PersonTracker(self.primary.category, paths, cap=person_cap)

        # places and times, for trajectories
        self.time_paths = list(self.paths_by_category.get("time.timestamp", []))
        self.place_paths = list(self.paths_by_category.get("location.place", []))
        self.point_paths, self.lat_lon_pairs = self._coordinate_fields()
        self._track_places = self.tracker is not None and bool(self.time_paths) and bool(
            self.place_paths or self.point_paths or self.lat_lon_pairs
        )
        #: the other parties of a record (a taxi's driver) are where its places are,
        #: unless a place is a network cell: that locates the handset of the record's
        #: primary person only (a call's callee is elsewhere)
        location_paths = self.place_paths + self.point_paths + [p for pair in self.lat_lon_pairs for p in pair]
        self._roles_follow = self._track_places and not any(map(places.locates_device, location_paths))

        # re-identification without a direct identifier
        self.kanon: KAnonymity | None = None
        qi = [(p, cat) for cat in QI_CATEGORIES for p in self.paths_by_category.get(cat, [])]
        if (
            qi
            and not self.categories & DIRECT_IDENTIFIERS
            and any(cat.startswith("person.") for _, cat in qi)
        ):
            self.kanon = KAnonymity(qi)

        # minors (PIPL Art. 28)
        self._age_paths = [(p, "age") for p in self.paths_by_category.get("person.age", [])] + [
            (p, "birthdate") for p in self.paths_by_category.get("person.birthdate", [])
        ]
        self._age_records = 0
        self._minor_records = 0
        self._this_year = datetime.now(timezone.utc).year
        self._face_overflow = False

    # -- construction helpers ---------------------------------------------------

    def _coverage_of(self, f: FieldFinding) -> float:
        fs = self.sample.fields.get(f.path)
        if fs is not None and self.sample.examined:
            return min(1.0, fs.present / self.sample.examined)
        return min(1.0, f.hits / f.examined) if f.examined else 0.0

    def _usable_key_field(self, path: str) -> bool:
        """A field whose values are all one (a constant) is not a person key.

        (``FieldStats.distinct_ratio * len(values) > 1``: a second distinct value, sought
        without reading every value.)
        """
        fs = self.sample.fields.get(path)
        if fs is None or len(fs.values) < 20:
            return True
        seen = set()
        try:
            for v in fs.values:
                seen.add(_hashable(v))
                if len(seen) > 1:
                    return True
        except TypeError:  # as distinct_ratio: values it cannot compare count as distinct
            return True
        return False

    def _key_candidates(self) -> list[KeySpec]:
        out: list[KeySpec] = []
        for category in KEY_PRIORITY:
            if category == NAME_BIRTHDATE:
                for name_path in self.paths_by_category.get("person.name", []):
                    parent = name_path.rpartition(".")[0]
                    for bd_path in self.paths_by_category.get("person.birthdate", []):
                        if bd_path.rpartition(".")[0] == parent and bd_path != name_path:
                            cov = min(self._coverage.get(name_path, 0.0), self._coverage.get(bd_path, 0.0))
                            out.append(KeySpec(NAME_BIRTHDATE, (name_path, bd_path), cov))
                continue
            for path in self.paths_by_category.get(category, []):
                if self._usable_key_field(path):
                    out.append(KeySpec(category, (path,), self._coverage.get(path, 0.0)))
        return out

    @staticmethod
    def _sample_keys(
        candidates: list[KeySpec], records: list[dict[str, list[Any]]]
    ) -> tuple[dict[KeySpec, int], dict[KeySpec, list[str | None]]]:
        """Per key normalised from one value, over the sampled records: its distinct
        normalised values, and each record's first normalised value (None: absent)."""
        distinct: dict[KeySpec, int] = {}
        first: dict[KeySpec, list[str | None]] = {}
        if not records:
            return distinct, first
        for spec in candidates:
            normalise = NORMALISERS.get(spec.category)
            if normalise is None:
                continue
            path = spec.paths[0]
            others: set[str | None] = set()  # normalised values of what is not text
            column: list[str | None] = []
            append = column.append
            known: dict[str, str | None] = {}  # sampled texts recur: normalised once
            for values in map(dict.get, records, repeat(path)):
                head = None
                if values:
                    for v in values:
                        if type(v) is str:
                            n = known.get(v, _MISSING)
                            if n is _MISSING:
                                n = known[v] = normalise(v)
                        else:
                            n = normalise(v)
                            others.add(n)
                        if head is None:
                            head = n
                append(head)
            # every normalised value is a value of known or in others
            seen = others.union(known.values())
            seen.discard(None)
            distinct[spec] = len(seen)
            first[spec] = column
        return distinct, first

    def _first_values(
        self, spec: KeySpec, records: list[dict[str, list[Any]]], first: dict[KeySpec, list[str | None]]
    ) -> list[str | None] | None:
        """Per sampled record, the first normalised value of a key (None: absent); None for face keys.

        ``first`` holds the columns of the keys normalised from one value (:meth:`_sample_keys`).
        """
        if spec.category == NAME_BIRTHDATE:
            out: list[str | None] = []
            birthdate = self._birthdate
            name_path, birth_path = spec.paths[0], spec.paths[1]
            for flat in records:
                names, births = flat.get(name_path), flat.get(birth_path)
                n = norm_name(names[0]) if names else None
                b = birthdate(births[0]) if births else None
                out.append(f"{n}|{b}" if n and b else None)
            return out
        return first.get(spec)

    def _list_valued(self, spec: KeySpec) -> bool:
        """Some examined document held several values of the key's field (an array)."""
        for path in spec.paths:
            fs = self.sample.fields.get(path)
            if fs is not None and fs.values_seen > fs.present:
                return True
        return False

    def _counted_keys(
        self, candidates: list[KeySpec], records: list[dict[str, list[Any]]], first: dict[KeySpec, list[str | None]]
    ) -> list[KeySpec]:
        """The primary key, then each key field not one-to-one with an already counted field.

        Two key fields whose values are a (near) one-to-one dependency over the
        sampled records (:func:`~leakwarden.risk.keys.one_to_one`) are two
        identifiers of one person and count once; any other key field names
        another person of the record (the driver of a rider, the callee of a
        caller) and is counted too.  Only fields of
        :data:`~leakwarden.risk.keys.ROLE_CATEGORIES` holding one value per
        record can be another role: a list (contacts, blocked users) names the
        person's relations, not a party of the record.
        """
        if self.primary is None:
            return []
        counted = [self.primary]
        if not records:
            return counted
        primary_column = self._first_values(self.primary, records, first)
        if primary_column is None:
            return counted
        columns = {self.primary: primary_column}
        rank = {cat: i for i, cat in enumerate(KEY_PRIORITY)}
        for spec in sorted(candidates, key=lambda c: (rank.get(c.category, len(rank)), -c.coverage, c.paths)):
            if spec in columns or spec.category not in ROLE_CATEGORIES or self._list_valued(spec):
                continue
            col = self._first_values(spec, records, first)
            if col is None or all(v is None for v in col):
                continue
            if all(
                not one_to_one([(a, b) for a, b in zip(columns[c], col) if a is not None and b is not None])
                for c in counted
            ):
                counted.append(spec)
                columns[spec] = col
        return counted

    def _coordinate_fields(self) -> tuple[list[str], list[tuple[str, str]]]:
        """Coordinate fields holding a whole point, and (lat, lon) pairs of single-number fields."""
        point, single = [], []
        for path in self.paths_by_category.get("location.coordinates", []):
            fs = self.sample.fields.get(path)
            kinds = fs.types if fs is not None else {}
            numeric = sum(kinds.get(t, 0) for t in ("int", "float"))
            if fs is not None and numeric and numeric >= 0.5 * sum(kinds.values()):
                single.append(path)
            else:
                point.append(path)
        pairs: list[tuple[str, str]] = []
        by_parent: dict[str, list[str]] = {}
        for path in single:
            by_parent.setdefault(path.rpartition(".")[0], []).append(path)
        for group in by_parent.values():
            if len(group) != 2:
                continue
            a, b = group
            ha, hb = places.axis_hint(a), places.axis_hint(b)
            if ha == "lon" or hb == "lat":
                a, b = b, a
            elif ha is None and hb is None and self._looks_like_longitude(a):
                a, b = b, a
            pairs.append((a, b))
        return point, pairs

    def _looks_like_longitude(self, path: str) -> bool:
        fs = self.sample.fields.get(path)
        vals = [places.to_number(v) for v in (fs.values if fs else [])]
        return any(v is not None and abs(v) > 90 for v in vals)

    # -- per record ----------------------------------------------------------------

    def update(self, flat: dict[str, list[Any]]) -> None:
        """Account for one examined record (a flattened document)."""
        self.records += 1
        primary_hashes: list[int] = []
        role_hashes: list[int] = []
        for path, feed, kf, primary, role in self._feeds:
            values = flat.get(path)
            if values:
                feed(self, kf, values, flat, primary_hashes if primary else role_hashes if role else None)
        tracker = self.tracker
        if tracker is not None and (primary_hashes or role_hashes):
            follow_roles = self._roles_follow and bool(role_hashes)
            points: Sequence[int] = _NO_PLACES
            names: Sequence[tuple[int, int]] = _NO_PLACES
            # places are read only for sampled persons not yet seen moving: the rest are
            # counted, not tracked (or already known to move)
            if (
                self._track_places
                and (
                    any(map(tracker.places_matter, primary_hashes))
                    or (follow_roles and any(map(tracker.places_matter, role_hashes)))
                )
                and any(map(flat.get, self.time_paths))
            ):
                points, names = self._places(flat)
            if len(primary_hashes) == 1:
                tracker.observe(primary_hashes[0], points, names)
            else:
                for h in dict.fromkeys(primary_hashes):
                    tracker.observe(h, points, names)
            if role_hashes:
                # other people of the record (a driver): at its places too, unless
                # those are network cells (a callee): then counted, not followed
                rp, rn = (points, names) if follow_roles else (_NO_PLACES, _NO_PLACES)
                for h in dict.fromkeys(role_hashes):
                    if h not in primary_hashes:
                        tracker.observe(h, rp, rn)
        if self.kanon is not None:
            self.kanon.update(flat)
        if self._age_paths and self._age_records < 20_000:
            self._count_minor(flat)

    def drop_caches(self) -> None:
        """Forget the memos of raw values (when no more records will come; harmless if some do)."""
        for kf in self._key_fields:
            kf.memo.drop()
        forget_decoded()  # the few embeddings the detectors decoded for the face keys
        self._date_memo.drop()
        self._place_memo.drop()
        self._point_memo.drop()
        if self.kanon is not None:
            self.kanon.drop_caches()

    # A person's key recurs (every sighting of them names it): the keyed hash of
    # a repeated value is computed once and remembered in its field's memo.  A
    # remembered key was added to the sketch when first met, so meeting it again
    # only counts one more value: adding a hash again changes neither the
    # HyperLogLog nor the hash sample (whose threshold only goes down).

    def _feed_simple(self, kf: _KeyField, values: list[Any], flat: dict[str, list[Any]], out: list[int] | None) -> None:
        """Add each value of a key normalised from one value to the key's sketch (and its hash to ``out``)."""
        sketch, memo, normalise, hash_of = kf.sketch, kf.memo, kf.normalise, kf.hash_of
        assert normalise is not None
        add = sketch.add
        table = memo.table
        for v in values:
            if table is not None and type(v) is str:
                h = table.get(v, _MISSING)
                if h is not _MISSING:
                    # met before: added then (short_numbers too); one more value
                    memo.reused += 1
                    if h is not None:
                        sketch.values += 1
                        if out is not None:
                            out.append(h)
                    continue
                norm = normalise(v)
                h = None if norm is None else hash_of(norm)
                if len(v) <= KEY_MEMO_MAX_CHARS:
                    memo.remember(v, h)
                    table = memo.table
            else:
                norm = normalise(v)
                h = None if norm is None else hash_of(norm)
            if h is not None:
                add(h)
                # (asked only while every value so far was a short number)
                if sketch.short_numbers and norm is not None and not is_short_number(norm):
                    sketch.short_numbers = False
                if out is not None:
                    out.append(h)

    def _feed_composite(self, kf: _KeyField, names: list[Any], flat: dict[str, list[Any]], out: list[int] | None) -> None:
        """The composite key: each name with the birthdate of the same object (one for all, or one each)."""
        births = flat.get(kf.partner or "") or []
        if not births:
            return
        if len(names) == len(births):
            pairs: Any = zip(names, births)
        elif len(births) == 1:
            pairs = ((v, births[0]) for v in names)
        else:
            return
        sketch = kf.sketch
        memo = kf.memo
        table = memo.table
        for name, birth in pairs:
            if table is not None and type(name) is str and type(birth) is str:
                h = table.get((name, birth), _MISSING)
                if h is not _MISSING:
                    memo.reused += 1
                    if h is not None:
                        sketch.values += 1
                        if out is not None:
                            out.append(h)
                    continue
                h = self._composite_key(kf, name, birth)
                if len(name) + len(birth) <= KEY_MEMO_MAX_CHARS:
                    memo.remember((name, birth), h)
                    table = memo.table
            else:
                h = self._composite_key(kf, name, birth)
            if h is not None:
                sketch.add(h)
                sketch.short_numbers = False  # "name|date" is never a short number
                if out is not None:
                    out.append(h)

    def _composite_key(self, kf: _KeyField, name: Any, birth: Any) -> int | None:
        n, b = norm_name(name), self._birthdate(birth)
        if n and b:
            return kf.hash_of(f"{n}|{b}")
        return None

    def _birthdate(self, v: Any) -> str | None:
        """``norm_date`` of a birthdate; a person's birthdate recurs (each name key, minors, every record)."""
        return self._date_memo.of_text(v, norm_date)

    def _feed_faces(self, kf: _KeyField, values: list[Any], flat: dict[str, list[Any]], out: list[int] | None) -> None:
        """Face embeddings: the keyed hash of each face's representative code (see :mod:`faces`)."""
        sketch = kf.sketch
        memo = kf.memo
        keyers = self._face_keyers
        for v in values:
            vec = faces.embedding(v)
            if vec is None:
                continue
            keyer = keyers.get(len(vec))
            if keyer is None:
                keyer = keyers[len(vec)] = faces.keyer_for(self.hasher, len(vec))
            code = keyer.key(vec)
            if keyer.overflowed:
                self._face_overflow = True
            table = memo.table
            h = table.get(code, _MISSING) if table is not None else _MISSING
            if h is not _MISSING:
                memo.reused += 1
                sketch.values += 1
            else:
                h = self.hasher.int64(faces.code_bytes(code))
                memo.remember(code, h)
                sketch.add(h)
            if out is not None:
                out.append(h)

    def _places(self, flat: dict[str, list[Any]]) -> tuple[list[int], list[tuple[int, int]]]:
        """Points of the record, and named places as ``(index of the place field, place id)``.

        Places recur (a camera's position and name in each of its records):
        those given as text are read once and remembered.
        """
        points: list[int] = []
        names: list[tuple[int, int]] = []
        point_memo = self._point_memo
        for path in self.point_paths:
            for v in flat.get(path, ()):
                key = point_memo.of_text(v, _point_key)
                if key is not None:
                    points.append(key)
        for lat_path, lon_path in self.lat_lon_pairs:
            lats, lons = flat.get(lat_path), flat.get(lon_path)
            if lats and lons:
                lat, lon = places.to_number(lats[0]), places.to_number(lons[0])
                if lat is not None and lon is not None and places.valid_point(lat, lon):
                    points.append(places.point_key(lat, lon))
        place_memo = self._place_memo
        for i, path in enumerate(self.place_paths):
            for v in flat.get(path, ()):
                pid = place_memo.of_text(v, places.place_id)
                if pid is not None:
                    names.append((i, pid))
        return points, names

    def _count_minor(self, flat: dict[str, list[Any]]) -> None:
        youngest: float | None = None  # min() of the record's ages, as min() finds it (NaN too)
        for path, kind in self._age_paths:
            values = flat.get(path)
            if not values:
                continue
            v = values[0]
            age: float
            if kind == "age":
                try:
                    age = float(v)
                except (TypeError, ValueError):
                    continue
                except OverflowError:  # an integer beyond any float: as old as it gets (or young)
                    age = math.inf if v > 0 else -math.inf
            else:
                d = self._birthdate(v)
                if not (d and len(d) == 8 and d.isdigit()):
                    continue
                age = self._this_year - int(d[:4])
            if youngest is None or age < youngest:
                youngest = age
        if youngest is not None:
            self._age_records += 1
            if MINOR_AGE > youngest >= 0:
                self._minor_records += 1

    # -- results -------------------------------------------------------------------

    @property
    def infrastructure(self) -> bool:
        """The primary key is a device id that behaves like fixed infrastructure."""
        t = self.tracker
        if t is None or t.category not in DEVICE_KEYS:
            return False
        distinct = t.distinct()
        if not (0 < distinct and t.values >= INFRA_MIN_SIGHTINGS * distinct and t.trackable() == 0):
            return False
        if distinct <= max(INFRA_MIN_KEYS, INFRA_SHARE * self.records):
            return True
        # seen with places: devices that recur at places and times yet never move are fixed
        return self._track_places and distinct <= INFRA_PLACED_SHARE * self.records and t.recurring() >= 0.5 * distinct

    def person_sketches(self) -> dict[str, KeySketch]:
        """Key sketches that count people (device ids of fixed infrastructure excluded)."""
        if self.infrastructure:
            return {c: s for c, s in self.sketches.items() if c not in DEVICE_KEYS}
        return dict(self.sketches)

    def persons(self) -> tuple[int | None, list[str]]:
        """Distinct persons by the primary key, extrapolated to the collection when sampled."""
        t = self.tracker
        if t is None or self.infrastructure or t.values == 0:
            return None, []
        observed = t.distinct()
        label = t.label
        method = "exact" if t.exact else f"HyperLogLog, ±{t.hll.standard_error:.2%}"
        notes = [f"persons counted by {t.category} in {label} ({method})"]
        n, big_n = self.records, self.documents
        estimate = observed
        if big_n and n and big_n > n * 1.02:
            f1, f2 = t.frequencies()
            chao1 = observed + ((n - 1) / n) * f1 * (f1 - 1) / (2 * (f2 + 1))
            ceiling = observed * big_n / n
            estimate = max(observed, min(chao1, ceiling))
            notes.append(
                f"{round(observed):,} distinct persons in {n:,} of {big_n:,} documents; "
                f"{round(estimate):,} extrapolated (Chao1, assuming a random sample)"
            )
        if self._face_overflow and t.category == "biometric.face_embedding":
            notes.append("face key table full: later faces may be over-counted")
        return round(estimate), notes

    def trajectory(self) -> tuple[Trajectory | None, list[str]]:
        t = self.tracker
        if t is None or not self._track_places or self.infrastructure:
            return None, []
        trackable = round(t.trackable())
        location_fields = list(self.point_paths) + [p for pair in self.lat_lon_pairs for p in pair] + list(self.place_paths)
        if trackable < 1:
            if t.values:
                return None, [
                    f"{t.label} occurs with places and times, but no person was seen at two distinct places "
                    "in the examined records"
                ]
            return None, []
        notes = [f"a person moved when seen more than {places.RADIUS_M:.0f} m from their first sighting, or at another named place"]
        if not t.sample.exact:
            notes.append(f"persons trackable estimated from a {t.sample.fraction:.2%} hash sample of persons")
        if self.documents and self.documents > self.records * 1.02:
            notes.append(
                f"persons trackable counts people seen moving within the {self.records:,} examined records: "
                "a lower bound for the collection"
            )
        # every person key of the records (names too), the counted one first
        keys = list(t.paths)
        for category in KEY_PRIORITY + ("person.name",):
            for path in self.paths_by_category.get(category, []):
                if path not in keys and (category == "person.name" or self._key_field_used(path)):
                    keys.append(path)
        return (
            Trajectory(
                person_keys=keys,
                location_fields=location_fields,
                time_fields=list(self.time_paths),
                persons_trackable=trackable,
            ),
            notes,
        )

    def _key_field_used(self, path: str) -> bool:
        return any(kf.path == path or kf.partner == path for kf in self._key_fields)

    def reidentification(self) -> Reidentification | None:
        if self.kanon is None or not self.kanon.records:
            return None
        return Reidentification(
            quasi_identifiers=[p for p, _ in self.kanon.qi_fields],
            k_threshold=K_THRESHOLD,
            records_examined=self.kanon.records,
            share_below_k=round(self.kanon.share_below_k(), 4),
        )

    def is_personal(self) -> bool:
        if any(cat.startswith(PERSONAL_PREFIXES) for cat in self.categories):
            return True
        return self.tracker is not None and not self.infrastructure

    def signals(self, personal: bool, trajectory: Trajectory | None) -> set[str]:
        out = set()
        if personal:
            out.add("personal")
            if "location.coordinates" in self.categories and not self.infrastructure:
                out.add("precise_location")
        if trajectory is not None:
            out.add("trajectory")
        if self._age_records and self._minor_records / self._age_records >= MINOR_SHARE:
            out.add("minor")
        return out

    def result(self) -> Collection:
        """The collection's part of the report."""
        if self.records == 0 and self.sample.records:
            for flat in self.sample.records:
                self.update(flat)
        personal = self.is_personal()
        persons, notes = self.persons()
        trajectory, tnotes = self.trajectory()
        notes += tnotes
        reid = self.reidentification()
        triggers = regulation_triggers(self.categories, self.signals(personal, trajectory))
        for reg_id, why in triggers.items():
            notes.append(f"{reg_id}: {', '.join(why)}")
        if self.infrastructure:
            notes.append(
                f"{self.tracker.label if self.tracker else 'device ids'} look like fixed infrastructure "
                "(few devices, none moving): not counted as people"
            )
        not_personal = DEVICE_KEYS if self.infrastructure else set()
        sens = score.sensitivity(
            score.category_shares(self.findings),
            personal=personal,
            persons=persons,
            trackable=trajectory.persons_trackable if trajectory else None,
            share_below_k=reid.share_below_k if reid else None,
            not_personal_categories=not_personal,
        )
        return Collection(
            name=self.name,
            documents=self.documents,
            size_bytes=self.size_bytes,
            examined=max(self.sample.examined, self.records),
            personal=personal,
            sensitivity=sens,
            persons_estimated=persons,
            trajectory=trajectory,
            regulations=list(triggers),
            fields=self.findings,
            reidentification=reid,
            notes=list(self.sample.notes) + notes,
        )


def _point_key(v: Any) -> int | None:
    """``places.point_key`` of a coordinate value, None when it is not one."""
    pt = places.parse_point(v)
    return places.point_key(*pt) if pt is not None else None


def _feeder(kf: _KeyField) -> Callable[..., None]:
    """The method of CollectionAssessor that adds a key field's values to its sketch."""
    if kf.normalise is not None:
        return CollectionAssessor._feed_simple
    if kf.partner is not None:
        return CollectionAssessor._feed_composite
    return CollectionAssessor._feed_faces


# -- store ---------------------------------------------------------------------------


def _union_count(sketches: list[KeySketch]) -> float:
    if all(s.exact for s in sketches):
        return float(len(set().union(*(s.sample.items for s in sketches))))
    merged = HyperLogLog(sketches[0].hll.p)
    for s in sketches:
        merged.merge(s.hll)
    return merged.estimate()


def _links(assessors: list[CollectionAssessor]) -> list[CollectionLink]:
    """One link per pair of collections sharing person keys: by the first key kind in priority order."""
    links: list[CollectionLink] = []
    ordered = sorted(assessors, key=lambda a: a.name)
    sketches = {id(a): a.person_sketches() for a in ordered}
    for a, b in combinations(ordered, 2):
        if a.name == b.name:
            continue
        for category in KEY_PRIORITY:
            sa, sb = sketches[id(a)].get(category), sketches[id(b)].get(category)
            if sa is None or sb is None:
                continue
            if category == "person.internal_id" and (sa.short_numbers or sb.short_numbers):
                continue  # sequential ids collide across unrelated tables
            shared, _exact = coordinated_count([sa.sample, sb.sample], union=False)
            if shared >= 1:
                links.append(
                    CollectionLink(
                        collections=[a.name, b.name],
                        fields=[sa.label, sb.label],
                        key_category=category,
                        shared_keys_estimated=round(shared),
                    )
                )
                break
    return links


def assess_store(store: Store, assessors: list[CollectionAssessor]) -> None:
    """Fill a store's risk, people, links, regulations and remediation plan in place.

    ``store.exposure`` and ``store.checks`` must already be filled.  When
    ``store.collections`` is empty it is filled from the assessors; otherwise
    collections are matched by name and given their regulations if they have
    none.
    """
    results = {a.name: a.result() for a in assessors}
    if not store.collections:
        store.collections = list(results.values())
    else:
        for col in store.collections:
            r = results.get(col.name)
            if r is not None and not col.regulations:
                col.regulations = r.regulations

    # people: for each kind of key that is some collection's primary key, the
    # union over every collection holding that kind; the store holds at least
    # as many people as the largest union (different kinds of key cannot be
    # matched with each other)
    primaries = {a.tracker.category for a in assessors if a.tracker is not None and not a.infrastructure}
    by_category: dict[str, list[KeySketch]] = {}
    for a in assessors:
        for category, sketch in a.person_sketches().items():
            if sketch.values and category in primaries:
                by_category.setdefault(category, []).append(sketch)
    counts = {cat: _union_count(sk) for cat, sk in by_category.items()}
    per_collection = [c.persons_estimated for c in store.collections if c.persons_estimated is not None]
    if counts or per_collection:
        store.persons_estimated = round(max(list(counts.values()) + [float(x) for x in per_collection]))
        if counts:
            best = max(counts, key=lambda c: (counts[c], c))
            store.notes.append(f"persons: the largest count by one kind of key across collections ({best})")
    else:
        store.persons_estimated = None

    # trackable people: union per primary key category of the persons who moved
    trackers: dict[str, list[PersonTracker]] = {}
    for a in assessors:
        traj = results[a.name].trajectory
        if a.tracker is not None and traj is not None:
            trackers.setdefault(a.tracker.category, []).append(a.tracker)
    # (collections assessed elsewhere, e.g. behind a Kibana proxy, bring only their figures)
    per_collection_tracks = [
        c.trajectory.persons_trackable or 0 for c in store.collections if c.trajectory is not None
    ]
    if trackers or per_collection_tracks:
        unions = [coordinated_count([t.sample for t in ts], PersonTracker.moved)[0] for ts in trackers.values()]
        store.persons_trackable = round(max(unions + [float(x) for x in per_collection_tracks]))
    elif store.persons_estimated is not None:
        store.persons_trackable = 0
    else:
        store.persons_trackable = None

    if assessors:
        store.links = _links(assessors)

    order = regulation_order()
    regs = {r for c in store.collections for r in c.regulations}
    store.regulations = sorted(regs, key=lambda r: (order.get(r, len(order)), r))

    factors = score.store_risk(store.exposure, store.checks, store.collections)
    store.risk = score.risk_model(factors)
    store.notes.append(
        f"risk {factors.score} = content {factors.content:.2f} x exposure {factors.exposure:.2f} "
        f"({'; '.join(factors.reasons)})"
    )
    store.remediation = build_plan(store)


__all__ = ["CollectionAssessor", "assess_store"]
