"""leakwarden: find an exposed data store before anyone else does."""

__version__ = "0.1.0"

__all__ = ["__version__"]
