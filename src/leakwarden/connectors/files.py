"""File dumps: NDJSON / JSON Lines (elasticdump output too), JSON arrays, gzip.

A file, or a directory of files, is a store; each file is a collection named
after its file stem (``face_capture.ndjson`` -> ``face_capture``; a
``.ndjson.gz`` loses both suffixes).  elasticdump lines (``{"_index": ..,
"_source": {..}}``) are unwrapped to their ``_source``.

Broken lines (invalid JSON, invalid UTF-8, a truncated last line) never stop a
scan: they are counted and reported in the collection's notes.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from leakwarden.connectors.base import CollectionInfo, Connector, StoreInfo
from leakwarden.errors import CollectionGone, TargetUnreachable
from leakwarden.targets import Target

SUFFIXES = (".ndjson", ".jsonl", ".json", ".ldjson")
#: A ``.json`` file that holds one JSON array is loaded whole up to this size.
MAX_ARRAY_FILE_BYTES = 512 * 1024 * 1024
#: A line longer than this is not parsed (counted as skimmed).
MAX_LINE_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20


@dataclass
class FileStats:
    broken_lines: int = 0
    oversized_lines: int = 0
    non_object_lines: int = 0
    notes: list[str] = field(default_factory=list)


def _stem(path: Path) -> str:
    name = path.name
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def is_dump_file(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(SUFFIXES) and not name.startswith(".") and name != "labels.json"


class FilesConnector(Connector):
    kind = "files"

    def __init__(self, target: Target, *, options: dict[str, Any] | None = None):
        super().__init__(target, options=options)
        assert target.path is not None
        self.root = target.path
        self.stats: dict[str, FileStats] = {}
        self._paths: dict[str, Path] = {}
        self._sampled: dict[str, list[int]] = {}
        self._picked: dict[str, set[int]] = {}

    def fingerprint(self) -> StoreInfo:
        if not self.root.exists():
            raise TargetUnreachable(f"{self.root}: no such file or directory", target=str(self.root))
        return StoreInfo(kind="files", version=None, reachable=True, anonymous_access=None, tls=None,
                         details={"path": str(self.root)})

    def _files(self) -> list[Path]:
        if self.root.is_file():
            return [self.root]
        return sorted(p for p in self.root.rglob("*") if p.is_file() and is_dump_file(p))

    def list_collections(self) -> list[CollectionInfo]:
        out: list[CollectionInfo] = []
        for path in self._files():
            name = _stem(path)
            if self.root.is_dir() and path.parent != self.root:
                name = f"{path.parent.relative_to(self.root).as_posix()}/{name}"
            if name in self._paths:  # two files with one stem: keep both, distinctly
                name = path.relative_to(self.root).as_posix() if self.root.is_dir() else path.name
            self._paths[name] = path
            try:
                size = path.stat().st_size
            except OSError:
                size = None
            out.append(CollectionInfo(name=name, documents=self._count(path), size_bytes=size,
                                      details={"path": str(path)}))
        return out

    def _open(self, path: Path) -> IO[bytes]:
        try:
            if path.name.endswith(".gz"):
                return gzip.open(path, "rb")  # type: ignore[return-value]
            return open(path, "rb", buffering=_CHUNK)
        except FileNotFoundError:
            raise CollectionGone(f"{path}: file disappeared during the scan", target=str(path)) from None
        except OSError as exc:
            raise TargetUnreachable(f"{path}: cannot read ({exc.strerror})", target=str(path)) from None

    def _is_array_file(self, path: Path) -> bool:
        with self._open(path) as fh:
            head = fh.read(4096).lstrip()
        return head.startswith(b"[")

    def _count(self, path: Path) -> int | None:
        try:
            if self._is_array_file(path):
                return sum(1 for _ in self._iter_array(path))
            n = 0
            last = b"\n"
            with self._open(path) as fh:
                while chunk := fh.read(_CHUNK):
                    n += chunk.count(b"\n")
                    last = chunk[-1:]
            if last != b"\n":
                n += 1
            return n
        except (OSError, EOFError, gzip.BadGzipFile):
            return None

    def _path(self, collection: CollectionInfo) -> Path:
        path = self._paths.get(collection.name)
        if path is None:
            path = Path(collection.details.get("path", ""))
        return path

    def _stats(self, name: str) -> FileStats:
        return self.stats.setdefault(name, FileStats())

    def _iter_array(self, path: Path) -> Iterator[Any]:
        size = path.stat().st_size
        if size > MAX_ARRAY_FILE_BYTES:
            raise TargetUnreachable(
                f"{path}: a JSON array of {size} bytes is too large to load; convert it to NDJSON", target=str(path))
        with self._open(path) as fh:
            data = orjson.loads(fh.read())
        if isinstance(data, list):
            yield from data
        else:
            yield data

    def _parse(self, line: bytes, stats: FileStats) -> Any | None:
        line = line.strip()
        if not line:
            return None
        if len(line) > MAX_LINE_BYTES:
            stats.oversized_lines += 1
            return None
        try:
            doc = orjson.loads(line)
        except orjson.JSONDecodeError:
            try:  # invalid UTF-8 inside an otherwise valid line
                doc = orjson.loads(line.decode("utf-8", "replace"))
            except orjson.JSONDecodeError:
                stats.broken_lines += 1
                return None
        if isinstance(doc, dict) and "_source" in doc and ("_index" in doc or "_id" in doc):
            doc = doc["_source"]
        if not isinstance(doc, (dict, list)):
            stats.non_object_lines += 1
        return doc

    def iter_documents(self, collection: CollectionInfo) -> Iterator[Any]:
        path = self._path(collection)
        stats = self._stats(collection.name)
        try:
            if self._is_array_file(path):
                try:
                    yield from self._iter_array(path)
                except orjson.JSONDecodeError:
                    stats.broken_lines += 1
                    stats.notes.append("the file starts like a JSON array but does not parse as one")
                return
            with self._open(path) as fh:
                for line in fh:
                    doc = self._parse(line, stats)
                    if doc is not None:
                        yield doc
        except (EOFError, gzip.BadGzipFile, OSError) as exc:
            stats.notes.append(f"reading stopped early: {type(exc).__name__}")

    def sample_is_whole(self, collection: CollectionInfo, size: int) -> bool:
        """Whether :meth:`sample` of ``size`` yields every document of the collection (in file order)."""
        total = collection.documents
        return total is None or total <= size

    def sample(self, collection: CollectionInfo, size: int, *, seed: int = 0) -> Iterator[Any]:
        """A uniform random sample of lines across the whole file (two passes, one parse per pick)."""
        total = collection.documents
        if total is None or total <= size:
            yield from self.iter_documents(collection)
            return
        path = self._path(collection)
        if self._is_array_file(path):
            items = list(self._iter_array(path))
            rng = random.Random(seed)
            for i in sorted(rng.sample(range(len(items)), size)):
                yield items[i]
            return
        rng = random.Random(seed)
        picks = set(rng.sample(range(total), size))
        stats = self._stats(collection.name)
        self._sampled.pop(collection.name, None)
        self._picked.pop(collection.name, None)
        taken: list[int] = []
        with self._open(path) as fh:
            for i, line in enumerate(fh):
                if i in picks:
                    doc = self._parse(line, stats)
                    if doc is not None:
                        taken.append(i)
                        yield doc
        self._sampled[collection.name] = taken
        self._picked[collection.name] = picks

    def sampled_lines(self, collection: CollectionInfo) -> list[int] | None:
        """The line numbers of the documents the last complete :meth:`sample` of an NDJSON file yielded."""
        return self._sampled.get(collection.name)

    def iter_documents_reusing(self, collection: CollectionInfo, reuse: dict[int, Any]) -> Iterator[tuple[Any, bool]]:
        """Like :meth:`iter_documents` for an NDJSON file, as ``(item, reused)``.

        The lines numbered in ``reuse`` are not parsed again: they give
        ``(reuse[line], True)`` (what the caller made of the document when it
        sampled it); every other document gives ``(document, False)``.
        """
        path = self._path(collection)
        stats = self._stats(collection.name)
        # lines the sample picked but could not parse were counted (broken...) then
        picked = self._picked.get(collection.name, set())
        try:
            with self._open(path) as fh:
                parse = self._parse
                for i, line in enumerate(fh):
                    got = reuse.get(i)
                    if got is not None:
                        yield got, True
                        continue
                    if i in picked:
                        continue
                    doc = parse(line, stats)
                    if doc is not None:
                        yield doc, False
        except (EOFError, gzip.BadGzipFile, OSError) as exc:
            stats.notes.append(f"reading stopped early: {type(exc).__name__}")

    def notes_for(self, name: str) -> list[str]:
        stats = self.stats.get(name)
        if not stats:
            return []
        notes = list(stats.notes)
        if stats.broken_lines:
            notes.append(f"{stats.broken_lines} line(s) were not valid JSON and were skipped")
        if stats.oversized_lines:
            notes.append(f"{stats.oversized_lines} line(s) over {MAX_LINE_BYTES} bytes were not parsed")
        if stats.non_object_lines:
            notes.append(f"{stats.non_object_lines} line(s) held a bare value rather than a document")
        return notes
