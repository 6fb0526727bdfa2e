"""The demo: a real local search engine seeded with a synthetic leak, then scanned."""
