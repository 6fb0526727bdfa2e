"""Orchestration: targets -> connectors -> samples -> classify -> checks -> risk -> report.

One :func:`run_scan` call produces one :class:`~leakwarden.report.Report`.
Each target is isolated: whatever fails while scanning it is turned into a
store with status ``unreachable``/``partial``/``error`` and a one-line,
redacted message, and the scan goes on with the next target.

Sampled mode (default) draws ``sample_size`` random documents per collection.
``full`` mode classifies on a sample first, then streams every document
through the hit counter and the risk assessor, so memory stays flat in the
collection's size.
"""

from __future__ import annotations

import fnmatch
import gc
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from leakwarden import __version__
from leakwarden.checks.base import CheckContext
from leakwarden.checks.runner import derive_exposure, run_checks
from leakwarden.connectors.base import CollectionInfo, Connector, StoreInfo
from leakwarden.connectors.elasticsearch import SearchEngineConnector, sample_seed
from leakwarden.connectors.files import FilesConnector
from leakwarden.detect.classifier import Classifier, DetectConfig
from leakwarden.errors import (
    AuthenticationRequired,
    CollectionGone,
    LeakwardenError,
    TargetError,
    TargetUnreachable,
)
from leakwarden.privacy import Hasher
from leakwarden.profile import CollectionSample, flatten
from leakwarden.report import SEVERITY_ORDER, Exposure, Report, Risk, Store, Tool, utcnow
from leakwarden.risk.assess import CollectionAssessor, assess_store
from leakwarden.targets import Target, redact_url

log = logging.getLogger("leakwarden.scan")


class Progress(Protocol):
    """What the scan tells whoever watches it (the CLI shows a progress bar)."""

    def target_started(self, display: str) -> None: ...
    def collection_started(self, name: str, total: int | None) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def collection_finished(self, name: str) -> None: ...
    def message(self, text: str) -> None: ...


class NullProgress:
    def target_started(self, display: str) -> None:
        pass

    def collection_started(self, name: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def collection_finished(self, name: str) -> None:
        pass

    def message(self, text: str) -> None:
        log.info(text)


@dataclass
class ScanOptions:
    sample_size: int = 1000
    full: bool = False
    seed: int = 20190612
    include_system: bool = False
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    timeout: float = 20.0
    concurrency: int = 4
    verify: bool | str = True
    run_checks: bool = True
    detect_config: Path | None = None
    hash_key: bytes | None = None


def make_connector(target: Target, options: ScanOptions) -> Connector:
    if target.kind == "files":
        return FilesConnector(target)
    if target.kind == "http":
        return SearchEngineConnector(
            target,
            options={"timeout": options.timeout, "concurrency": options.concurrency, "verify": options.verify},
        )
    raise LeakwardenError(f"no connector for target kind {target.kind!r}")


def _selected(name: str, options: ScanOptions) -> bool:
    if options.include and not any(fnmatch.fnmatchcase(name, p) for p in options.include):
        return False
    return not any(fnmatch.fnmatchcase(name, p) for p in options.exclude)


def run_scan(
    targets: Iterable[Target],
    options: ScanOptions | None = None,
    *,
    progress: Progress | None = None,
) -> Report:
    options = options or ScanOptions()
    progress = progress or NullProgress()
    hasher = Hasher(options.hash_key)
    config = DetectConfig.from_file(options.detect_config) if options.detect_config else None
    classifier = Classifier(config)
    started = utcnow()
    stores: list[Store] = []
    for target in targets:
        progress.target_started(target.display)
        stores.append(scan_target(target, options, classifier, hasher, progress))
    return Report(tool=Tool(version=__version__), started_at=started, finished_at=utcnow(), stores=stores)


def _empty_store(target: Target, kind: str, status: str, error: str | None) -> Store:
    return Store(
        target=target.display,
        kind=kind,
        status=status,  # type: ignore[arg-type]
        error=error,
        exposure=Exposure(tls=(target.url or "").startswith("https://") if target.url else None),
        risk=Risk(level="none", score=0),
    )


def scan_target(
    target: Target,
    options: ScanOptions,
    classifier: Classifier,
    hasher: Hasher,
    progress: Progress,
) -> Store:
    """Scan one target; never raises (the per-target isolation point)."""
    kind_guess = "files" if target.kind == "files" else "elasticsearch"
    try:
        connector = make_connector(target, options)
    except LeakwardenError as exc:
        return _empty_store(target, kind_guess, "error", redact_url(str(exc)))
    try:
        with connector:
            return _scan_with(connector, target, options, classifier, hasher, progress)
    except TargetUnreachable as exc:
        progress.message(str(exc))
        return _empty_store(target, kind_guess, "unreachable", str(exc))
    except LeakwardenError as exc:
        progress.message(str(exc))
        return _empty_store(target, kind_guess, "error", redact_url(str(exc)))
    except Exception as exc:  # noqa: BLE001 - isolation point: one target's bug never ends the scan
        log.debug("unexpected error while scanning %s", target.display, exc_info=True)
        msg = f"{target.display}: internal error {type(exc).__name__}; rerun with --debug and report it"
        progress.message(msg)
        return _empty_store(target, kind_guess, "error", msg)


def _scan_with(
    connector: Connector,
    target: Target,
    options: ScanOptions,
    classifier: Classifier,
    hasher: Hasher,
    progress: Progress,
) -> Store:
    problems: list[str] = []
    auth_error: AuthenticationRequired | None = None
    try:
        info = connector.fingerprint()
    except AuthenticationRequired as exc:
        auth_error = exc
        info = getattr(connector, "info", None) or StoreInfo(kind=connector.kind, reachable=False)
        problems.append(str(exc))
        progress.message(str(exc))

    store = _empty_store(target, info.kind, "complete", None)
    store.version = info.version

    if info.kind == "kibana" and isinstance(connector, SearchEngineConnector):
        return _scan_kibana(connector, target, info, store, options, classifier, hasher, progress)

    collections: list[CollectionInfo] = []
    if auth_error is None:
        try:
            collections = connector.list_collections()
        except (AuthenticationRequired, TargetError) as exc:
            problems.append(str(exc))
            progress.message(str(exc))

    assessors: list[CollectionAssessor] = []
    for coll in collections:
        if (coll.system and not options.include_system) or not _selected(coll.name, options):
            continue
        try:
            assessors.append(_scan_collection(connector, coll, options, classifier, hasher, progress))
        except CollectionGone as exc:
            problems.append(str(exc))
            progress.message(str(exc))
        except TargetUnreachable as exc:
            problems.append(str(exc))
            progress.message(str(exc))
            break
        except TargetError as exc:
            problems.append(str(exc))
            progress.message(str(exc))

    store.collections = [a.result() for a in assessors]

    if isinstance(connector, SearchEngineConnector) and options.run_checks:
        _run_search_checks(connector, target, info, collections, store, progress, problems)
    elif info.kind == "files":
        store.exposure = Exposure(anonymous_read=None, tls=None, anonymous_write_possible=None)

    assess_store(store, assessors)
    if problems:
        store.status = "partial" if (store.collections or store.checks) else "error"
        if auth_error is not None and not store.collections:
            store.status = "partial"
        store.error = "; ".join(dict.fromkeys(redact_url(p) for p in problems))
    return store


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (restoring its state after).

    Scanning a collection allocates millions of short-lived, acyclic objects
    (parsed documents, flattened records) next to a large live sample; the
    collector would walk that sample again and again for nothing.  Reference
    counting still frees everything; cycles left over are collected later.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:  # collections scanned in several threads: the last one out restores
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _scan_collection(
    connector: Connector,
    coll: CollectionInfo,
    options: ScanOptions,
    classifier: Classifier,
    hasher: Hasher,
    progress: Progress,
) -> CollectionAssessor:
    with _cycle_collector_paused():
        return _scan_collection_now(connector, coll, options, classifier, hasher, progress)


def _scan_collection_now(
    connector: Connector,
    coll: CollectionInfo,
    options: ScanOptions,
    classifier: Classifier,
    hasher: Hasher,
    progress: Progress,
) -> CollectionAssessor:
    sample = CollectionSample(name=coll.name, documents=coll.documents, mapping=coll.mapping,
                              seed=options.seed)
    want = options.sample_size
    if coll.documents is not None:
        want = min(want, coll.documents)
    progress.collection_started(coll.name, coll.documents if options.full else want)
    seed = sample_seed(options.seed, coll.name)
    # a files collection no larger than the sample is read whole by the sample itself
    whole = isinstance(connector, FilesConnector) and connector.sample_is_whole(coll, options.sample_size)
    for doc in connector.sample(coll, options.sample_size, seed=seed):
        sample.add(doc)
        if not options.full:
            progress.advance()
    if isinstance(connector, FilesConnector):
        sample.notes.extend(connector.notes_for(coll.name))
    findings = classifier.classify(sample, exact_hits=not options.full)
    if not options.full:
        assessor = CollectionAssessor(sample, findings, hasher, documents=coll.documents, size_bytes=coll.size_bytes)
        for flat in sample.records:
            assessor.update(flat)
        assessor.drop_caches()
        _add_skim_notes(sample)
        progress.collection_finished(coll.name)
        return assessor

    # --full: exact counts over every document, streamed; the sample only decided the categories.
    counter = classifier.hit_counter(sample, findings)
    assessor = CollectionAssessor(sample, findings, hasher, documents=coll.documents, size_bytes=coll.size_bytes)
    if whole and len(sample.records) == sample.examined:
        # the sample read every document and kept them all (flattened): no second read
        for flat in sample.records:
            counter.update(flat)
            assessor.update(flat)
        progress.advance(sample.examined)
    else:
        skims = sample.skims
        count = counter.update
        assess = assessor.update
        n = 0
        lines = connector.sampled_lines(coll) if isinstance(connector, FilesConnector) else None
        if lines is not None and len(lines) == len(sample.records) == sample.examined:
            # the sampled documents, flattened when sampled, are not parsed again
            reuse = dict(zip(lines, sample.records))
            for item, reused in connector.iter_documents_reusing(coll, reuse):  # type: ignore[union-attr]
                flat = item if reused else flatten(item, skims)
                count(flat)
                assess(flat)
                n += 1
                if n % 1000 == 0:
                    progress.advance(1000)
        else:
            for doc in connector.iter_documents(coll):
                flat = flatten(doc, skims)
                count(flat)
                assess(flat)
                n += 1
                if n % 1000 == 0:
                    progress.advance(1000)
        progress.advance(n % 1000)
    # the assessor reads its findings when the result is built: give it the exact counts
    assessor.findings = counter.finish()
    if isinstance(connector, FilesConnector):
        sample.notes.extend(x for x in connector.notes_for(coll.name) if x not in sample.notes)
    _add_skim_notes(sample)
    assessor.drop_caches()
    _release_sample(sample)
    progress.collection_finished(coll.name)
    return assessor


def _release_sample(sample: CollectionSample) -> None:
    """Drop the sample's raw values once a --full scan of its collection is done.

    The assessor has seen every record and keeps only its sketches; what it
    still reads of the sample (counts, notes) stays.  The other collections of
    the store are scanned after this one, so memory stays that of one sample.
    """
    sample.records = []
    for fs in sample.fields.values():
        fs.values = []
    sample.__dict__.pop("_leakwarden_analyses", None)


def _add_skim_notes(sample: CollectionSample) -> None:
    sk = sample.skims
    if sk.long_values:
        sample.notes.append(f"{sk.long_values} value(s) longer than 64 KiB were skimmed (head examined)")
    if sk.deep_objects:
        sample.notes.append(f"{sk.deep_objects} object(s) nested deeper than 32 levels were not followed")
    if sk.long_arrays:
        sample.notes.append(f"{sk.long_arrays} array(s) longer than 256 items were cut")


def _run_search_checks(
    connector: SearchEngineConnector,
    target: Target,
    info: StoreInfo,
    collections: list[CollectionInfo],
    store: Store,
    progress: Progress,
    problems: list[str],
) -> None:
    http = connector.http
    ctx = CheckContext(
        target_display=target.display,
        http=http,
        anonymous_http=http.anonymous() if http.credentials else http,
        store=info,
        collections=collections,
        has_credentials=bool(http.credentials),
        scheme="https" if (target.url or "").startswith("https://") else "http",
        personal_collections={c.name for c in store.collections if c.personal},
    )
    try:
        store.checks = run_checks(ctx)
        store.exposure = derive_exposure(ctx, store.checks)
    except LeakwardenError as exc:
        problems.append(str(exc))
        progress.message(str(exc))


def _scan_kibana(
    connector: SearchEngineConnector,
    target: Target,
    info: StoreInfo,
    store: Store,
    options: ScanOptions,
    classifier: Classifier,
    hasher: Hasher,
    progress: Progress,
) -> Store:
    """A Kibana target: run its checks; reach the cluster through an open console proxy."""
    from leakwarden.checks.runner import kibana_console_proxy

    problems: list[str] = []
    _run_search_checks(connector, target, info, [], store, progress, problems)
    store.kind = "kibana"
    proxy = kibana_console_proxy(connector.http)
    if proxy is not None:
        progress.message(f"{target.display}: the Kibana console proxy is open; scanning the cluster behind it (read-only)")
        inner = SearchEngineConnector(target, http=proxy)  # type: ignore[arg-type]
        inner_store = _scan_with(inner, target, options, classifier, hasher, progress)
        inner_store.kind = inner_store.kind or "elasticsearch"
        store.collections = inner_store.collections
        store.checks = store.checks + inner_store.checks
        store.notes.append(f"collections read through the Kibana console proxy of {target.display}")
        store.exposure = Exposure(
            anonymous_read=True if inner_store.collections else store.exposure.anonymous_read,
            tls=store.exposure.tls,
            anonymous_write_possible=store.exposure.anonymous_write_possible,
        )
    assess_store(store, [])
    if problems:
        store.status = "partial"
        store.error = "; ".join(problems)
    return store


def worst_severity(report: Report) -> int:
    """Highest severity among failed checks and store risk levels (-1 when none)."""
    worst = -1
    for store in report.stores:
        for check in store.checks:
            if check.status == "fail":
                worst = max(worst, SEVERITY_ORDER[check.severity])
        if store.risk.level != "none":
            worst = max(worst, SEVERITY_ORDER[store.risk.level])
    return worst


def exit_code_for(report: Report, fail_on: str) -> int:
    """0 clean; 1 a finding at or above ``fail_on``; 2 when no target could be scanned at all."""
    if fail_on != "never" and worst_severity(report) >= SEVERITY_ORDER[fail_on]:
        return 1
    if report.stores and all(s.status in ("unreachable", "error") for s in report.stores):
        return 2
    return 0


ScanFn = Callable[[list[Target]], Report]
