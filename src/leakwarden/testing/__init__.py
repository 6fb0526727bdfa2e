"""Test fixtures that run real services on loopback (nginx reverse proxy, ...)."""
