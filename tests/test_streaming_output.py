"""Streaming and atomic output (issue 11): findings written as files finish, into a partial file beside
the target renamed into place at the end; a killed run never leaves a broken report where a good one
was; the batch rules work from compact per-form signatures; the bytes are the same as a report
rendered from a run held in memory.

The batches are synthetic forms from devtools.synth (fixed seed). Runs use `--embedder tfidf`.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from devtools.synth.corpus import make_file
from nlp_audit import formatters, pipeline
from nlp_audit.checks.batch import CopyText, FormStats
from nlp_audit.cli import app
from nlp_audit.nlp.embedders import make_embedder
from nlp_audit.output import PARTIAL
from nlp_audit.report.records import FileReport
from nlp_audit.report.spool import Spool

runner = CliRunner()
EMB = ["--embedder", "tfidf"]
ROOT = Path(__file__).resolve().parent.parent


def write_batch(folder: Path, files: int, seed: int = 7, copies: int = 2) -> Path:
    """``files`` generated forms files; the narrative of the first file pasted into ``copies`` others (B001)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    families = ["tabbed", "pipe_rows", "cell_per_line", "pipe_cells", "spaced", "declaration"]
    texts = [make_file(rng, families[i % len(families)]).text for i in range(files)]
    for i, text in enumerate(texts):
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = write_batch(tmp_path_factory.mktemp("stream") / "forms", 12)
    from test_checks_batch import NARRATIVE, TABBED  # two forms with one narrative: B001 across files

    for name, project in (("x_甲.txt", "甲社区活动经费"), ("y_乙.txt", "乙社区活动经费")):
        (folder / name).write_text(TABBED.format(project=project, actual=NARRATIVE), encoding="utf-8")
    return folder


def _partials(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if PARTIAL in p.name)


# ------------------------------------------------------------------------------------------ streaming


def test_findings_are_written_as_files_finish(batch: Path, tmp_path: Path, monkeypatch) -> None:
    """When the last file is read, the earlier files' findings are already in the partial report and
    the target still holds the previous report."""
    out = tmp_path / "report.jsonl"
    out.write_text("previous report\n", encoding="utf-8")
    files = sorted(p for p in batch.iterdir() if p.suffix == ".txt")
    seen: dict[str, object] = {}
    real = pipeline.parse_file

    def spy(path, *args):
        if Path(path).name == files[-1].name:
            (partial,) = _partials(tmp_path)
            lines = partial.read_text(encoding="utf-8").splitlines()
            seen["paths"] = {json.loads(line)["path"] for line in lines}
            seen["target"] = out.read_text(encoding="utf-8")
        return real(path, *args)

    monkeypatch.setattr(pipeline, "parse_file", spy)
    res = runner.invoke(app, ["check", str(batch), "-f", "jsonl", "-o", str(out), "--fail-on", "never", *EMB])
    assert res.exit_code == 0, res.output
    assert seen["target"] == "previous report\n"
    assert str(files[0]) in seen["paths"] and str(files[-1]) not in seen["paths"]
    final = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {f["path"] for f in final} >= seen["paths"] and final[-1]["rule"] == "B001"  # the batch's last
    assert _partials(tmp_path) == []


@pytest.mark.parametrize("fmt", formatters.available())
def test_a_streamed_report_is_the_report_rendered_from_memory(batch: Path, tmp_path: Path, fmt: str) -> None:
    """Same bytes whether written as the run goes (-o, or stdout in a pipe) or rendered after a run held in memory."""
    out = tmp_path / f"report.{fmt}"
    res = runner.invoke(app, ["check", str(batch), "-f", fmt, "-o", str(out), "--fail-on", "never", "--quiet", *EMB])
    assert res.exit_code == 0, res.output
    held = pipeline.run([batch], embedder=make_embedder("tfidf"))
    assert out.read_bytes() == formatters.render(fmt, held, quiet=True)
    if fmt != "xlsx":
        piped = runner.invoke(app, ["check", str(batch), "-f", fmt, "--fail-on", "never", *EMB])
        assert piped.stdout_bytes == formatters.render(fmt, held)
    assert _partials(tmp_path) == []


@pytest.fixture(scope="module")
def office_batch(tmp_path_factory) -> Path:
    """Generated forms as .xlsx, .docx and .pdf (native locations, a source map per file) and .txt."""
    from fuzzkit import render

    folder = tmp_path_factory.mktemp("office")
    rng = random.Random(17)
    for i, kind in enumerate(["xlsx", "docx", "pdf", "txt:gb18030", "xlsx", "docx"]):
        data, suffix = render(kind, make_file(rng, "tabbed").text)
        (folder / f"{i:02d}{suffix}").write_bytes(data)
    return folder


@pytest.mark.parametrize("fmt", ["html", "json", "sarif", "jsonl"])
def test_office_inputs_stream_to_the_report_rendered_from_memory(office_batch: Path, tmp_path: Path,
                                                                  fmt: str) -> None:
    """Native places (cells, tables, pages) survive the spool; --jobs 2 writes the same bytes."""
    held = pipeline.run([office_batch], embedder=make_embedder("tfidf"))
    assert any(f.native for f in held.findings)  # the batch does exercise native locations
    expected = formatters.render(fmt, held, quiet=True)
    for extra in ([], ["--jobs", "2"]):
        out = tmp_path / f"report-{len(extra)}.{fmt}"
        res = runner.invoke(app, ["check", str(office_batch), "-f", fmt, "-o", str(out), "--fail-on", "never",
                                  "--quiet", *EMB, *extra])
        assert res.exit_code == 0, res.output
        assert out.read_bytes() == expected, extra


def test_a_streamed_run_keeps_signatures_not_forms(batch: Path) -> None:
    """B001 fires across files the same way in a streamed run, which holds no file report or parsed form."""
    got: list[FileReport] = []
    signatures: list = []
    real = pipeline._outcome

    def keep(*args):
        outcome = real(*args)
        signatures.extend(outcome.signatures)
        return outcome

    emb = make_embedder("tfidf")
    held = pipeline.run([batch], embedder=emb)
    pipeline._outcome = keep
    try:
        streamed = pipeline.run([batch], embedder=emb, sink=got.append)
    finally:
        pipeline._outcome = real
    assert streamed.files == [] and streamed.parsed == [] and len(got) == len(held.files)
    assert [f.fingerprint for f in streamed.batch_findings] == [f.fingerprint for f in held.batch_findings]
    assert any(f.rule == "B001" for f in streamed.batch_findings)
    assert streamed.totals.findings == len(held.findings) and streamed.totals.forms == held.form_count
    assert len(signatures) == held.form_count
    for sig in signatures:  # compact: folded texts and a few counts, never a Form
        assert all(isinstance(t, CopyText) for t in sig.parts["B001"])
        assert sig.parts["B002"] is None or isinstance(sig.parts["B002"], FormStats)
    assert len(pickle.dumps(signatures)) * 5 < len(pickle.dumps(held.parsed))


def test_spooled_records_read_back_as_the_same_reports(batch: Path, tmp_path: Path) -> None:
    held = pipeline.run([batch], embedder=make_embedder("tfidf"))
    spool = Spool.at(tmp_path / "records.jsonl", {"format": "html"})
    for fr in held.files:
        spool.append(fr)
    back = list(spool)
    assert len(spool) == len(held.files) and list(spool) == back  # re-readable
    for a, b in zip(held.files, back, strict=True):
        assert (a.path, a.key, a.unreadable, a.forms) == (b.path, b.key, b.unreadable, b.forms)
        assert [f.to_json() for f in a.findings] == [f.to_json() for f in b.findings]
        assert [f.anchor for f in a.findings] == [f.anchor for f in b.findings]
    head = json.loads((tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert head["nlp-audit"] == "file report records" and head["format"] == "html"
    spool.close()
    assert not (tmp_path / "records.jsonl").exists()


# ------------------------------------------------------------------------------------- atomic output


def test_an_interrupted_run_leaves_the_previous_report_and_its_partial_stream(batch: Path, tmp_path: Path,
                                                                              monkeypatch) -> None:
    out = tmp_path / "report.html"
    out.write_text("<html>previous</html>", encoding="utf-8")
    files = sorted(p for p in batch.iterdir() if p.suffix == ".txt")
    real = pipeline.parse_file

    def interrupt(path, *args):
        if Path(path).name == files[5].name:
            raise KeyboardInterrupt
        return real(path, *args)

    monkeypatch.setattr(pipeline, "parse_file", interrupt)
    res = runner.invoke(app, ["check", str(batch), "-f", "html", "-o", str(out), *EMB])
    assert res.exit_code != 0
    assert out.read_text(encoding="utf-8") == "<html>previous</html>"
    (partial, records) = _partials(tmp_path)
    assert records.name == partial.name + ".records.jsonl" and "did not finish" in res.output
    lines = records.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 5 and json.loads(lines[-1])["path"] == str(files[4])  # header + five files


def test_a_new_report_gets_ordinary_permissions(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    old = os.umask(0o022)
    try:
        res = runner.invoke(app, ["check", str(batch), "-f", "csv", "-o", str(out), "--fail-on", "never", *EMB])
    finally:
        os.umask(old)
    assert res.exit_code == 0 and (out.stat().st_mode & 0o777) == 0o644
    out.chmod(0o600)
    runner.invoke(app, ["check", str(batch), "-f", "csv", "-o", str(out), "--fail-on", "never", *EMB])
    assert (out.stat().st_mode & 0o777) == 0o600  # an existing report keeps its permissions


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "nlp_audit.cli", "check", *args, "--fail-on", "never", "--quiet", *EMB]


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _killed_at(cmd: list[str], folder: Path, delay: float, after_partial: bool) -> bool:
    """Run ``cmd``; SIGKILL it ``delay`` s after start (or after its partial report has data); True if killed."""
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    if after_partial:
        while proc.poll() is None and time.monotonic() - start < 60:
            if any(p.stat().st_size > 0 for p in _partials(folder) if p.exists()):
                break
            time.sleep(0.01)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True
    proc.wait()
    return False


@pytest.mark.parametrize("fmt", ["jsonl", "html"])
def test_a_run_killed_at_random_points_never_breaks_the_report_that_was_there(tmp_path: Path, fmt: str) -> None:
    """kill -9 at random moments, some just after the partial report got its first bytes: the target is
    always the good report of the full run, and the partial stream a prefix of it (jsonl) or whole
    record lines up to the cut (html's records)."""
    batch = write_batch(tmp_path / "forms", 30, seed=3)
    out = tmp_path / f"report.{fmt}"
    start = time.monotonic()
    subprocess.run(_cli(str(batch), "-f", fmt, "-o", str(out)), env=_env(), check=True)
    duration = time.monotonic() - start
    good = out.read_bytes()
    assert good and _partials(tmp_path) == []
    rng = random.Random()
    seed = rng.randrange(1 << 30)
    rng.seed(seed)
    killed = 0
    for trial in range(5):
        after_partial = trial % 2 == 0
        delay = rng.uniform(0, 0.5 if after_partial else duration)
        killed += _killed_at(_cli(str(batch), "-f", fmt, "-o", str(out)), tmp_path, delay, after_partial)
        assert out.read_bytes() == good, (seed, trial, delay)
        for partial in _partials(tmp_path):
            data = partial.read_bytes()
            if partial.name.endswith(".records.jsonl"):
                lines = data.split(b"\n")
                for line in lines[:-1]:
                    json.loads(line)  # every whole line is a record
            elif fmt == "jsonl":
                assert good.startswith(data), (seed, trial)  # what was streamed is the report so far
            partial.unlink()
    assert killed >= 2, f"the runs finished before the kill (seed {seed}): the test measured nothing"


def test_two_runs_writing_one_report_do_not_interleave(tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "forms", 10, seed=5)
    out = tmp_path / "report.jsonl"
    subprocess.run(_cli(str(batch), "-f", "jsonl", "-o", str(out)), env=_env(), check=True)
    good = out.read_bytes()
    out.unlink()
    procs = [subprocess.Popen(_cli(str(batch), "-f", "jsonl", "-o", str(out)), env=_env()) for _ in range(2)]
    assert [p.wait() for p in procs] == [0, 0]
    assert out.read_bytes() == good and _partials(tmp_path) == []


@pytest.mark.parametrize("fmt", ["jsonl", "html"])
def test_a_report_that_cannot_be_written_midway_is_a_clear_error(tmp_path: Path, fmt: str) -> None:
    """A write that fails while the run goes (here: the file-size limit, as a full disk would) exits 2
    naming the report, no traceback, and the previous report stays."""
    import resource

    batch = write_batch(tmp_path / "forms", 8, seed=9)
    out = tmp_path / f"report.{fmt}"
    out.write_text("previous", encoding="utf-8")

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    proc = subprocess.run(_cli(str(batch), "-f", fmt, "-o", str(out)), env=_env(), capture_output=True,
                          text=True, preexec_fn=small_files, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert f"cannot write {out}: File too large" in proc.stderr and "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == "previous"
