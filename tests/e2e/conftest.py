"""The browser, page and app fixtures of tests/e2e/test_journeys.py, for every e2e module."""

from .test_journeys import app_url, browser, page  # noqa: F401
