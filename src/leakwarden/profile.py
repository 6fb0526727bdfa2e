"""From documents to fields: flattening and per-collection samples.

A connector yields documents (JSON-like Python values).  This module turns
them into what detectors and the risk model work on:

* :func:`flatten` applies the contract's field-path rules (nested keys joined
  with ``.``, arrays flattened without index, an all-number array is one
  vector value, a ``{"lat", "lon"}`` object is one geo value);
* :class:`CollectionSample` keeps, per field, bounded statistics and a
  reservoir of raw values (in memory only, never written out), plus the
  flattened records themselves up to a bound, which the risk model needs to
  see which values occur together in one record.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: Strings longer than this are skimmed (head kept) before detection.
MAX_VALUE_CHARS = 64 * 1024
#: Nesting deeper than this is not followed; the report notes the skim.
MAX_DEPTH = 32
#: Values of one field in one document beyond this are not examined.
MAX_ARRAY_ITEMS = 256


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_geo_object(v: Any) -> bool:
    if not isinstance(v, dict) or len(v) > 3 or "lat" not in v or "lon" not in v:
        return False
    return all(_is_number(v[k]) or isinstance(v[k], str) for k in ("lat", "lon"))


def is_vector(v: Any) -> bool:
    return isinstance(v, list) and len(v) > 0 and all(_is_number(x) for x in v)


@dataclass
class Skims:
    """What flattening had to cut, so the report can say so."""

    long_values: int = 0
    deep_objects: int = 0
    long_arrays: int = 0

    def any(self) -> bool:
        return bool(self.long_values or self.deep_objects or self.long_arrays)


def flatten(doc: Any, skims: Skims | None = None) -> dict[str, list[Any]]:
    """Flatten one document into ``{path: [values...]}`` per the contract rules.

    A path maps to a list because arrays of objects give several values for
    one path in one document.
    """
    out: dict[str, list[Any]] = {}
    if type(doc) is dict:
        _walk_dict(doc, "", out, 0, skims)
    else:
        _walk(doc, "", out, 0, skims)
    return out


# The plain JSON types take the fast paths below (exact type checks, C-speed
# array checks); anything else (subclasses, tuples, bytes...) goes through the
# general :func:`_walk`, which implements the same rules with ``isinstance``.
_NUMBER_TYPES = frozenset({int, float})
_NOT_NUMBER_TYPES = frozenset({str, dict, list, bool, type(None)})
_isfinite = math.isfinite


def _list_is_vector(node: list[Any]) -> bool:
    """``is_vector`` for a non-empty list, at C speed for plain JSON values."""
    types = set(map(type, node))
    if types <= _NUMBER_TYPES:
        return True
    if types & _NOT_NUMBER_TYPES:
        return False
    return is_vector(node)


def _walk_dict(node: dict[Any, Any], prefix: str, out: dict[str, list[Any]], depth: int, skims: Skims | None) -> None:
    """The members of a dict that is walked into (not geo, not too deep); ``prefix`` is ``path + "."`` or ""."""
    depth += 1
    for key, value in node.items():
        if type(key) is not str:
            key = str(key)
        path = prefix + key
        if not path:  # an empty key at the root: the general rules
            _walk(value, "", out, depth, skims)
            continue
        t = type(value)
        if t is str:
            if len(value) > MAX_VALUE_CHARS:
                if skims is not None:
                    skims.long_values += 1
                value = value[:MAX_VALUE_CHARS]
        elif t is dict:
            if len(value) <= 3 and is_geo_object(value):
                pass
            elif depth >= MAX_DEPTH:
                if skims is not None:
                    skims.deep_objects += 1
                continue
            else:
                _walk_dict(value, path + ".", out, depth, skims)
                continue
        elif t is list:
            if value:
                _walk_list(value, path, out, depth, skims)
            continue
        elif t is float:
            if not _isfinite(value):
                continue
        elif value is None:
            continue
        elif t is not int and t is not bool:
            _walk(value, path, out, depth, skims)
            continue
        lst = out.get(path)
        if lst is None:
            out[path] = [value]
        else:
            lst.append(value)


def _walk_list(node: list[Any], path: str, out: dict[str, list[Any]], depth: int, skims: Skims | None) -> None:
    """A non-empty list at ``path`` (``depth`` is the list's own depth)."""
    key = path or "_value"
    if _list_is_vector(node):
        lst = out.get(key)
        if lst is None:
            out[key] = [node]
        else:
            lst.append(node)
        return
    if len(node) > MAX_ARRAY_ITEMS:
        if skims is not None:
            skims.long_arrays += 1
        node = node[:MAX_ARRAY_ITEMS]
    depth += 1
    lst = out.get(key)
    for item in node:
        t = type(item)
        if t is str:
            if len(item) > MAX_VALUE_CHARS:
                if skims is not None:
                    skims.long_values += 1
                item = item[:MAX_VALUE_CHARS]
        elif t is dict and path and depth < MAX_DEPTH and not (len(item) <= 3 and is_geo_object(item)):
            _walk_dict(item, path + ".", out, depth, skims)
            lst = out.get(key)
            continue
        elif t is int or t is bool:
            pass
        else:
            _walk(item, path, out, depth, skims)
            lst = out.get(key)
            continue
        if lst is None:
            lst = out[key] = [item]
        else:
            lst.append(item)


def _walk(node: Any, path: str, out: dict[str, list[Any]], depth: int, skims: Skims | None) -> None:
    if isinstance(node, dict):
        if path and is_geo_object(node):
            out.setdefault(path, []).append(node)
            return
        if depth >= MAX_DEPTH:
            if skims is not None:
                skims.deep_objects += 1
            return
        for key, value in node.items():
            key = str(key)
            _walk(value, f"{path}.{key}" if path else key, out, depth + 1, skims)
        return
    if isinstance(node, list):
        if not node:
            return
        if _list_is_vector(node):
            out.setdefault(path or "_value", []).append(node)
            return
        items = node
        if len(items) > MAX_ARRAY_ITEMS:
            if skims is not None:
                skims.long_arrays += 1
            items = items[:MAX_ARRAY_ITEMS]
        for item in items:
            _walk(item, path, out, depth + 1, skims)
        return
    if node is None:
        return
    if isinstance(node, str) and len(node) > MAX_VALUE_CHARS:
        if skims is not None:
            skims.long_values += 1
        node = node[:MAX_VALUE_CHARS]
    elif isinstance(node, float) and not math.isfinite(node):
        node = None
        return
    out.setdefault(path or "_value", []).append(node)


@dataclass(slots=True)
class FieldStats:
    """What one scan saw of one field path across the examined documents."""

    path: str
    #: documents in which the field had at least one value
    present: int = 0
    #: values seen (an array of objects may give several per document)
    values_seen: int = 0
    #: python type name -> count ("str", "int", "float", "bool", "vector", "geo")
    types: Counter = field(default_factory=Counter)
    #: reservoir of raw values (in memory only); at most ``reservoir_size``
    values: list[Any] = field(default_factory=list)
    #: the store's declared type for this path, e.g. "keyword", "geo_point", "dense_vector"
    mapping_type: str | None = None
    #: extra mapping facts (e.g. {"dims": 512})
    mapping_info: dict[str, Any] = field(default_factory=dict)

    @property
    def distinct_ratio(self) -> float:
        if not self.values:
            return 0.0
        try:
            return len({_hashable(v) for v in self.values}) / len(self.values)
        except TypeError:  # pragma: no cover - _hashable handles known shapes
            return 1.0


_SCALAR_TYPES = frozenset({int, float, str, bool, type(None)})


def _hashable(v: Any) -> Any:
    if isinstance(v, list):
        if set(map(type, v)) <= _SCALAR_TYPES:  # a vector: no recursion needed
            return tuple(v)
        return tuple(_hashable(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _hashable(x)) for k, x in v.items()))
    return v


#: CPython's ``Random._randbelow`` (drawing ``n.bit_length()`` bits until below ``n``),
#: which CollectionSample.add_flat inlines when the sample's generator uses it
_RANDBELOW_BITS = getattr(random.Random, "_randbelow_with_getrandbits", None)

#: type names of the plain scalar types (``type_name`` without the isinstance chain)
_PLAIN_TYPE_NAMES: dict[type, str] = {str: "str", int: "int", float: "float", bool: "bool"}


def type_name(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "str"
    if isinstance(v, dict):
        return "geo" if is_geo_object(v) else "object"
    if isinstance(v, list):
        return "vector" if v and _list_is_vector(v) else "array"
    return type(v).__name__


@dataclass
class CollectionSample:
    """The examined part of one collection, ready for classification and risk.

    ``records`` are flattened documents (raw values, in memory only), kept up
    to ``max_records`` so the risk model can see co-occurrence within a
    record. ``fields`` hold per-path statistics over *all* examined documents.
    """

    name: str
    documents: int | None = None
    examined: int = 0
    fields: dict[str, FieldStats] = field(default_factory=dict)
    records: list[dict[str, list[Any]]] = field(default_factory=list)
    mapping: dict[str, dict[str, Any]] = field(default_factory=dict)
    skims: Skims = field(default_factory=Skims)
    reservoir_size: int = 500
    max_records: int = 5000
    seed: int = 0
    #: free-form notes for the report (skims, errors while reading, ...)
    notes: list[str] = field(default_factory=list)
    _rng: random.Random = field(default=None, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        for path, info in self.mapping.items():
            fs = self.fields.setdefault(path, FieldStats(path))
            fs.mapping_type = info.get("type")
            fs.mapping_info = {k: v for k, v in info.items() if k != "type"}

    def add(self, doc: Any) -> dict[str, list[Any]]:
        flat = flatten(doc, self.skims)
        self.add_flat(flat)
        return flat

    def add_flat(self, flat: dict[str, list[Any]]) -> None:
        self.examined += 1
        rng = self._rng
        # randrange(n) is _randbelow(n) after argument checks: the same draws, faster
        randbelow = getattr(rng, "_randbelow", rng.randrange)
        bits = rng.getrandbits if getattr(type(rng), "_randbelow", None) is _RANDBELOW_BITS else None
        fields = self.fields
        size = self.reservoir_size
        plain = _PLAIN_TYPE_NAMES
        for path, values in flat.items():
            fs = fields.get(path)
            if fs is None:
                fs = fields[path] = FieldStats(path)
                info = self.mapping.get(path)
                if info:
                    fs.mapping_type = info.get("type")
            fs.present += 1
            types = fs.types
            kept = fs.values
            if len(values) == 1 and len(kept) < size:  # the common case, in short
                v = values[0]
                fs.values_seen += 1
                name = plain.get(type(v))
                types[name if name is not None else type_name(v)] += 1
                kept.append(v)
                continue
            for v in values:
                fs.values_seen += 1
                name = plain.get(type(v))
                if name is None:
                    name = type_name(v)
                types[name] += 1
                if len(kept) < size:
                    kept.append(v)
                else:
                    n = fs.values_seen
                    if bits is None:
                        j = randbelow(n)
                    else:  # randbelow(n) inlined: the same draws
                        k = n.bit_length()
                        j = bits(k)
                        while j >= n:
                            j = bits(k)
                    if j < size:
                        kept[j] = v
        if len(self.records) < self.max_records:
            self.records.append(flat)

    def extend(self, docs: Iterable[Any]) -> None:
        for doc in docs:
            self.add(doc)

    def sibling_paths(self, path: str) -> list[str]:
        """Paths that share the parent object of ``path`` (or the root)."""
        parent = path.rpartition(".")[0]
        return [p for p in self.fields if p != path and p.rpartition(".")[0] == parent]

    def iter_fields(self) -> Iterator[FieldStats]:
        return iter(self.fields.values())


def flatten_mapping(properties: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    """Flatten an Elasticsearch-style ``properties`` mapping into ``{path: {"type": ..}}``."""
    out: dict[str, dict[str, Any]] = {}
    for name, spec in (properties or {}).items():
        if not isinstance(spec, dict):
            continue
        path = f"{prefix}.{name}" if prefix else name
        if "properties" in spec and spec.get("type") in (None, "object", "nested"):
            out.update(flatten_mapping(spec["properties"], path))
            continue
        info = {k: v for k, v in spec.items() if k in ("type", "dims", "dimension", "format", "similarity")}
        info.setdefault("type", "object")
        out[path] = info
    return out
