"""Fixtures for the rule-engine tests: no database, no Django needed."""

from __future__ import annotations

import pytest
from policy_support import JIANGSU

from factorytier.policy import Catalogue, default_catalogue, load_catalogue


@pytest.fixture(scope="session")
def shanghai() -> Catalogue:
    return default_catalogue()


@pytest.fixture(scope="session")
def jiangsu() -> Catalogue:
    return load_catalogue(JIANGSU)
