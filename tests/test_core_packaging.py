"""Every subpackage is listed in pyproject.toml, so a built wheel carries the whole tool."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_declared():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "nlp_audit").rglob("__init__.py")
    }
    missing = found - declared
    assert not missing, f"add to [tool.setuptools] packages: {sorted(missing)}"
    assert "nlp_audit.packs" in declared  # rules/ ships as this package
