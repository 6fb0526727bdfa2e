"""Renderers: every output format renders from the report model (leakwarden.report)."""
