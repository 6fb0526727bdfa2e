"""The local web dashboard over the scan history (``leakwarden serve``)."""

from leakwarden.web.app import create_app

__all__ = ["create_app"]
