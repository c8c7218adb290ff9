"""Every subpackage is listed in pyproject.toml, so a built wheel carries the whole tool, and nothing
more: the development tools (devtools/, the synthetic generator) stay out of it."""

from __future__ import annotations

import ast
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
    assert "nlp_audit.rulepacks" in declared  # rules/ ships as this package


def test_built_wheel_runs_outside_the_checkout(tmp_path):
    """A real wheel: rule packs and lexicons inside it, no module shadowed by a data package."""
    import shutil
    import subprocess
    import sys
    import zipfile

    src = tmp_path / "src"  # build from a copy: an in-tree build/ would keep stale modules around
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("nlp_audit", "rules", "devtools"):  # devtools beside it, as in a checkout: it must stay out
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(src)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(tmp_path.glob("nlp_audit-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(site)
    assert "nlp_audit/rulepacks/default.yaml" in names
    assert "nlp_audit/rulepacks/lexicons/quantities.yaml" in names
    assert "nlp_audit/rulepacks/lexicons/regions.yaml" in names and "nlp_audit/serve/warmup.txt" in names
    assert not [n for n in names if "synth" in n or n.startswith("devtools/")], "development tools in the wheel"
    seed = ROOT / "corpus" / "seeds" / "004_c9643ed6df1f0037.txt"
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from nlp_audit.cli import main; sys.argv[0] = 'nlp-audit'; main()",
         "check", str(seed), "--format", "jsonl", "--fail-on", "never", "--embedder", "none"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert '"rule": "S008"' in run.stdout


def test_the_package_never_imports_the_development_tools():
    """devtools is not installed: an import of it (or of the old nlp_audit.synth) from the package would
    fail for every user of the wheel."""
    offenders = []
    for path in sorted((ROOT / "nlp_audit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            if any(n.split(".")[0] == "devtools" or "synth" in n.split(".") for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
    assert not (ROOT / "nlp_audit" / "synth").exists()


# the import name of each runtime dependency (distribution name -> module)
_MODULE = {"scikit-learn": "sklearn", "PyYAML": "yaml", "charset-normalizer": "charset_normalizer",
           "python-docx": "docx", "XlsxWriter": "xlsxwriter"}


def test_every_runtime_dependency_is_imported_by_the_checker():
    """A dependency the checker never imports is a defect (it costs every install); optional views
    (spaCy, sentence-transformers) and test oracles (cn2an) are extras."""
    import re
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "nlp_audit").rglob("*.py"))
    imported = set(re.findall(r"^\s*(?:import|from)\s+([A-Za-z_][A-Za-z0-9_]*)", source, re.M))
    for dep in deps:
        name = re.split(r"[<>=!~\[ ]", dep, maxsplit=1)[0]
        assert _MODULE.get(name, name.replace("-", "_").lower()) in imported, f"{name} is declared but never imported"
