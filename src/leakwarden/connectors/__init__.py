"""Connectors: one module per store kind; the transport layer of leakwarden."""
