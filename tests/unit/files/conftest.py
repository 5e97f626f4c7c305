"""Fixtures of the file-reader tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def role_ids(roles):
    return tuple(roles)
