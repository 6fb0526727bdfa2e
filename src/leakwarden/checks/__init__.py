"""Exposure checks: who can read this store, and how it is configured.

Each check is metadata (id, title, severity, description, remediation with a
configuration snippet, references) plus a small read-only probe.  Contract
used by the scan (implemented in :mod:`leakwarden.checks.runner`)::

    results = run_checks(ctx)       # ctx: checks.base.CheckContext -> list[report.Check]
    exposure = derive_exposure(ctx, results)   # -> report.Exposure
"""
