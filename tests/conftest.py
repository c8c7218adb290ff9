"""Shared test fixtures. Tests that read ../shared skip cleanly when it is not beside the clone."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# devtools/ (the synthetic generator and its perturbations) is not installed: tests import it from the checkout
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
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
