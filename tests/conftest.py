"""Shared fixtures: the real framework and roles from data/, and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_eval.framework import Framework, RoleProfile, load_framework, load_roles

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "ratings_sample.csv"


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


@pytest.fixture(scope="session")
def roles() -> dict[str, RoleProfile]:
    return load_roles()
