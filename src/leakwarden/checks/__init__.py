"""Exposure checks: who can read this store, and how it is configured.

Each check is metadata (id, title, severity, description, remediation with a
configuration snippet, references) kept as data in ``checks/data/*.yaml``,
plus a small read-only probe registered under the same id
(:func:`leakwarden.checks.base.probe`).  Contract used by the scan::

    ctx = CheckContext(target_display, http, anonymous_http, store, collections,
                       has_credentials, scheme, personal_collections=set())
    results = run_checks(ctx)                    # -> list[report.Check]
    exposure = derive_exposure(ctx, results)     # -> report.Exposure

On a Kibana target ``run_checks`` runs the Kibana checks;
``kibana_console_proxy(http)`` returns a ReadOnlyHTTP-like adapter that reaches
the cluster through an open Dev Tools proxy, or None.  See docs/checks.md.
"""

from leakwarden.checks.base import CheckContext, Outcome, probe
from leakwarden.checks.catalog import CheckSpec, load_catalog
from leakwarden.checks.kibana import KibanaConsoleProxy, fingerprint_kibana, kibana_console_proxy
from leakwarden.checks.runner import (
    applicable_checks,
    context_for,
    derive_exposure,
    kibana_console_target,
    minimal_fingerprint,
    run_checks,
)

__all__ = [
    "CheckContext",
    "CheckSpec",
    "KibanaConsoleProxy",
    "Outcome",
    "applicable_checks",
    "context_for",
    "derive_exposure",
    "fingerprint_kibana",
    "kibana_console_proxy",
    "kibana_console_target",
    "load_catalog",
    "minimal_fingerprint",
    "probe",
    "run_checks",
]
