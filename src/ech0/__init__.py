"""ech0: a reproducible DVC pipeline from raw instruction data to a packaged model."""

__version__ = "0.1.0"
