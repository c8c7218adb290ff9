"""Shared test fixtures. Tests that read ../shared skip cleanly when it is not beside the clone."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "SPEC.md").exists():
        pytest.skip("../shared is not beside this clone")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
