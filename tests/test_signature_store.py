"""The run's signature store (issue 11: memory flat with batch size): the batch rules read what they keep
of each form from SQLite, in memory for a small batch and in a temporary file for a large one.

The large-batch path is taken here by lowering ``SPOOL_ABOVE``; it must find exactly what the
in-memory path finds, leave nothing behind after a run (finished, failed or interrupted), and a
killed run must leave nothing in the report's folder.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from test_checks_batch import NARRATIVE, OTHER, REASON, TABBED

from nlp_audit import pipeline
from nlp_audit.checks import store as store_mod
from nlp_audit.checks.batch import CopyText, FormStats
from nlp_audit.checks.registry import FormSignature
from nlp_audit.checks.store import PREFIX, SignatureStore
from nlp_audit.report.spool import FindingSpool

ROOT = Path(__file__).resolve().parent.parent
PROC_FD = Path("/proc/self/fd")
needs_proc = pytest.mark.skipif(not PROC_FD.is_dir(), reason="open files are read from /proc (Linux)")
WORDS = "党建活动服务站居民走访协调会议设计方案电梯改造便民项目接待培训志愿巡查台账整改宣传绿化道路排水照明"


def _own_narrative(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(70)) + "。"


def _form_text(project: str, actual: str, *, on_threshold: bool, full: bool, reason: str = "") -> str:
    """TABBED with its 居民参与人次 row on (800) or above (860) its ≥800 threshold, full marks or not,
    and a deviation reason on the 满意度 row."""
    text = TABBED.format(project=project, actual=actual)
    if on_threshold:
        text = text.replace("860.00(人次)", "800.00(人次)")
    if not full:
        text = text.replace("\t50.00\t50.00\t", "\t50.00\t45.00\t").replace("100.00\t100.00", "100.00\t95.00")
    return text.replace("95.00(%)\t10.00\t10.00\t", f"95.00(%)\t10.00\t10.00\t{reason}")


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """40 forms: one narrative pasted into four, a near copy of it (figures and a few words changed),
    a second copied narrative, a deviation reason copied into three; most rows exactly on their
    threshold, most forms at full marks and 优 (the three B002 statistics)."""
    folder = tmp_path_factory.mktemp("planted")
    rng = random.Random(11)
    near = NARRATIVE.replace("12场", "15场").replace("860人次", "910人次").replace("外立面", "外墙面")
    for i in range(40):
        actual = {0: NARRATIVE, 7: NARRATIVE, 19: NARRATIVE, 33: NARRATIVE, 25: near, 3: OTHER, 30: OTHER}.get(
            i, _own_narrative(rng))
        reason = REASON if i in (2, 14, 38) else ""
        text = _form_text(f"第{i}社区活动经费", actual, on_threshold=i % 5 != 0, full=i % 7 != 0, reason=reason)
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _batch_json(result) -> list[dict]:
    return [f.to_json() for f in result.batch_findings]


def _open_files(keep) -> list[str]:
    """The targets of this process's open file descriptors that ``keep`` accepts."""
    out = []
    for fd in os.listdir(PROC_FD):
        try:
            target = os.readlink(PROC_FD / fd)
        except OSError:
            continue
        if keep(target):
            out.append(target)
    return out


def _open_stores() -> list[str]:
    """Files of a signature store this process has open (a store on disk loses its name once open)."""
    return _open_files(lambda target: PREFIX in target)


@pytest.fixture()
def spooled(monkeypatch, tmp_path):
    """Every run keeps its signatures on disk, in a temp folder of its own; the stores opened are listed."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(store_mod, "SPOOL_ABOVE", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    opened: list[SignatureStore] = []
    real = SignatureStore.temporary.__func__

    def spy(cls, folder=None):
        made = real(cls, folder)
        opened.append(made)
        return made

    monkeypatch.setattr(SignatureStore, "temporary", classmethod(spy))
    return temp, opened


def test_the_spooled_path_finds_what_the_in_memory_path_finds(planted: Path, spooled) -> None:
    temp, opened = spooled
    in_memory = _memory_run(planted)
    assert not opened
    on_disk = pipeline.run([planted])
    assert len(opened) == 1 and opened[0].on_disk
    found = _batch_json(on_disk)
    assert found == _batch_json(in_memory)
    b001 = [f for f in found if f["rule"] == "B001"]
    b002 = [f for f in found if f["rule"] == "B002"]
    narratives = [f for f in b001 if "实际完成情况" in f["message"]]
    reasons = [f for f in b001 if "偏差原因" in f["message"]]
    assert [f["actual"] for f in narratives] == [5, 2]  # four copies and the near copy; the second pair
    assert all(f"{i:02d}.txt#0" in narratives[0]["message"] for i in (0, 7, 19, 25, 33))
    assert [f["actual"] for f in reasons] == [3] and reasons[0]["indicator"] == "参与居民满意度"
    assert len(b002) == 3  # on threshold, full marks, one grade
    assert pipeline.run([planted], jobs=2).batch_findings and _batch_json(pipeline.run([planted], jobs=2)) == found
    assert list(temp.iterdir()) == []


def _memory_run(folder: Path):
    old = store_mod.SPOOL_ABOVE
    store_mod.SPOOL_ABOVE = 10**9
    try:
        return pipeline.run([folder])
    finally:
        store_mod.SPOOL_ABOVE = old


@needs_proc
def test_the_store_is_open_during_the_run_and_gone_after_it(planted: Path, spooled) -> None:
    temp, opened = spooled
    during: list[list[str]] = []
    pipeline.run([planted], progress=lambda done, total, forms: during.append(_open_stores()))
    assert during and all(len(d) == 1 for d in during)  # one store, open (and nameless) while files go by
    assert during[0][0].endswith("(deleted)")
    assert _open_stores() == [] and list(temp.iterdir()) == []


@needs_proc
@pytest.mark.parametrize("failure", [RuntimeError, KeyboardInterrupt])
def test_the_store_is_gone_after_a_failed_or_interrupted_run(planted: Path, spooled, failure) -> None:
    temp, opened = spooled
    seen = 0

    def sink(report) -> None:
        nonlocal seen
        seen += 1
        assert len(_open_stores()) == 1
        if seen == 5:
            raise failure("stop")

    with pytest.raises(failure):
        pipeline.run([planted], sink=sink)
    assert seen == 5 and opened
    assert _open_stores() == [] and list(temp.iterdir()) == []


def test_where_a_file_cannot_lose_its_name_while_open_it_is_removed_at_the_end(planted: Path, spooled,
                                                                            monkeypatch) -> None:
    """As on Windows: the store keeps its name during the run and is removed when the run ends or fails."""
    temp, opened = spooled
    real_unlink = Path.unlink

    def refuse_while_open(self, missing_ok=False):
        if self.name.startswith(PREFIX) and not any(s._closed for s in opened if s.path == self):
            raise PermissionError("file in use")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse_while_open)
    names: list[list[str]] = []
    result = pipeline.run([planted], progress=lambda *a: names.append(sorted(p.name for p in temp.iterdir())))
    assert names and all(len(n) == 1 and n[0].startswith(PREFIX) for n in names)
    assert list(temp.iterdir()) == [] and any(f.rule == "B001" for f in result.batch_findings)

    def fail(report) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        pipeline.run([planted], sink=fail)
    assert list(temp.iterdir()) == []


_KILLED_RUN = """
import sys
import nlp_audit.checks.store as store
store.SPOOL_ABOVE = 0
sys.argv = ["nlp-audit"] + sys.argv[1:]
from nlp_audit.cli import main
main()
"""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="the child's open files are read from /proc (Linux)")
def test_a_killed_run_leaves_no_store_in_the_report_folder(planted: Path, tmp_path: Path) -> None:
    out_dir, temp = tmp_path / "out", tmp_path / "tmp"
    out_dir.mkdir()
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-c", _KILLED_RUN, "check", str(planted), "-f", "jsonl", "-o", str(out_dir / "r.jsonl"),
           "--embedder", "tfidf", "--fail-on", "never", "--quiet"]
    with subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        try:
            store_open = _wait_for_store(proc.pid, proc)
            proc.send_signal(signal.SIGKILL)
        finally:
            _, err = proc.communicate()
    assert store_open, err.decode()
    assert proc.returncode == -signal.SIGKILL
    assert not [p for p in out_dir.iterdir() if PREFIX in p.name]
    assert [p.name for p in out_dir.iterdir() if ".partial-" not in p.name] == []  # nothing but the partial report
    assert list(temp.iterdir()) == []  # the store lost its name once open (a kill in between may leave it)


def _wait_for_store(pid: int, proc: subprocess.Popen, timeout: float = 60) -> bool:
    """Wait until process ``pid`` has a signature store open on disk that has lost its name (the file is
    made, then opened, then unlinked: a kill between the first two steps is a window this test does not
    probe)."""
    deadline = time.monotonic() + timeout
    fds = Path(f"/proc/{pid}/fd")
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            targets = [os.readlink(fds / fd) for fd in os.listdir(fds)]
        except OSError:
            targets = []
        if any(PREFIX in t and t.endswith("(deleted)") for t in targets):
            return True
        time.sleep(0.01)
    return False


def test_a_store_keeps_signatures_in_order_with_texts_that_are_not_utf8(tmp_path: Path) -> None:
    """Lone surrogates (a file name carried with surrogateescape) survive; empty parts are not kept;
    a form given twice is one form for ``once_per_form``; collect errors are kept once each, sorted."""
    odd = os.fsdecode(b"\xff\xfe\xb1.txt")
    texts = (CopyText("actual", "甲乙丙丁" + odd, "甲乙丙丁", None), CopyText("reason", "戊己庚", "戊己庚", "指标\udcff"))
    stats = FormStats(3, 2, ("a",), True, 100.0, "优", "总分", "评分等级")
    sigs = [
        FormSignature(odd, 0, "项目\udcb1", "self_evaluation", {"B001": texts, "B002": stats}, ("B002: boom",)),
        FormSignature("b.txt", 1, None, "declaration", {"B001": (), "B002": None}, ()),
        FormSignature(odd, 0, "项目\udcb1", "self_evaluation", {"B001": texts, "B002": stats}, ("B001: bang",)),
        FormSignature("", 0, None, "self_evaluation", {"B001": texts}, ("B002: boom",)),
    ]
    for store in (SignatureStore.in_memory(), SignatureStore.temporary(tmp_path)):
        with store:
            for sig in sigs:
                store.add(sig)
            assert len(store) == 4
            assert [(f.id, f.path, f.project, part) for f, part in store.parts("B002")] == [
                (1, odd, "项目\udcb1", stats), (3, odd, "项目\udcb1", stats)]
            assert [f.id for f, _ in store.parts("B001")] == [1, 3, 4]
            assert [(f.id, part) for f, part in store.parts("B001", once_per_form=True)] == [(1, texts), (4, texts)]
            assert store.form(2).kind == "declaration" and store.form(2).project is None
            assert store.errors() == ["B001: bang", "B002: boom"]
        assert list(tmp_path.iterdir()) == []


def test_a_run_without_a_temp_folder_keeps_its_signatures_in_memory(planted: Path, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(store_mod, "SPOOL_ABOVE", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    with SignatureStore.for_run(5) as store:
        assert not store.on_disk
    assert _batch_json(pipeline.run([planted])) == _batch_json(_memory_run(planted))


def _open_in(folder: Path) -> list[str]:
    """Files under ``folder`` this process has open (an anonymous temporary file shows as deleted)."""
    return _open_files(lambda target: target.startswith(str(folder)))


@needs_proc
def test_a_large_streamed_run_keeps_its_batch_findings_on_disk_until_closed(planted: Path, spooled) -> None:
    """With its signatures on disk, a streamed run's B findings wait in a temporary file, not in memory, and
    read back (as often as a formatter needs) as the findings of the in-memory path; ``close`` removes it."""
    temp, _opened = spooled
    held = _memory_run(planted)
    assert isinstance(held.batch_findings, list)
    reports: list = []
    streamed = pipeline.run([planted], sink=reports.append)
    assert isinstance(streamed.batch_findings, FindingSpool) and len(streamed.batch_findings) == 6
    assert len(_open_in(temp)) == 1 and _open_in(temp)[0].endswith("(deleted)")  # no name: a kill leaves nothing
    expected = _batch_json(held)
    assert _batch_json(streamed) == expected and _batch_json(streamed) == expected
    assert [f.anchor for f in streamed.batch_findings] == [f.anchor for f in held.batch_findings]
    assert streamed.totals.by_rule == held.totals.by_rule and streamed.totals.by_rule["B001"] == 3
    assert [r.findings for r in reports] == [r.findings for r in held.files]
    streamed.close()
    assert _open_in(temp) == [] and list(temp.iterdir()) == []
    with pytest.raises(ValueError):
        list(streamed.batch_findings)


def test_a_small_streamed_run_keeps_its_batch_findings_in_memory(planted: Path) -> None:
    """Below ``SPOOL_ABOVE`` files (signatures in memory) the findings are a list: no temporary file."""
    streamed = pipeline.run([planted], sink=lambda report: None)
    assert isinstance(streamed.batch_findings, list)
    assert _batch_json(streamed) == _batch_json(_memory_run(planted))


@needs_proc
@pytest.mark.parametrize("failure", [RuntimeError, KeyboardInterrupt])
def test_the_batch_findings_file_is_gone_after_a_failed_batch_stage(planted: Path, spooled, monkeypatch,
                                                                    failure) -> None:
    temp, _opened = spooled
    real = pipeline.batch_findings
    calls = 0

    def fail_on_the_third(found, meta):
        nonlocal calls
        calls += 1
        if calls == 3:
            assert len(_open_in(temp)) == 2  # the store and the findings' file
            raise failure("stop")
        return real(found, meta)

    monkeypatch.setattr(pipeline, "batch_findings", fail_on_the_third)
    with pytest.raises(failure):
        pipeline.run([planted], sink=lambda report: None)
    assert calls == 3 and _open_in(temp) == [] and list(temp.iterdir()) == []


def test_the_cli_writes_the_same_report_with_its_batch_findings_on_disk(planted: Path, spooled, tmp_path) -> None:
    """`check -f jsonl` and `-f json` print the same bytes whether the batch findings waited in memory or on disk,
    and leave nothing in the temp folder."""
    from typer.testing import CliRunner

    from nlp_audit.cli import app

    temp, _opened = spooled
    runner = CliRunner()
    for fmt in ("jsonl", "json"):
        outs = []
        for threshold in (10**9, 0):
            store_mod.SPOOL_ABOVE = threshold  # restored by the fixture's monkeypatch
            out = tmp_path / f"{threshold}.{fmt}"
            res = runner.invoke(app, ["check", str(planted), "-f", fmt, "-o", str(out), "--embedder", "tfidf",
                                      "--fail-on", "never", "--quiet", "--isolated"])
            assert res.exit_code == 0, res.output
            outs.append(out.read_bytes())
        assert outs[0] == outs[1] and b'"B001"' in outs[0]
        assert _open_in(temp) == [] and list(temp.iterdir()) == []


@pytest.mark.parametrize("threshold", [10**9, 0])
def test_a_batch_rule_that_crashes_midway_keeps_what_it_found(planted: Path, spooled, monkeypatch,
                                                               threshold) -> None:
    """Streamed one finding at a time, a B rule's findings before its crash are reported, the rules after it
    still run, and the P001 naming the crash comes last: in memory and on disk alike."""
    from nlp_audit.checks import registry

    spec = registry.get_spec("B001")
    real = spec.fn

    def first_then_crash(ctx):
        yield next(iter(real(ctx)))
        raise RuntimeError("boom")

    monkeypatch.setattr(store_mod, "SPOOL_ABOVE", threshold)
    expected = [f for f in _batch_json(_memory_run(planted)) if f["rule"] == "B002"]
    monkeypatch.setattr(spec, "fn", first_then_crash)
    result = pipeline.run([planted], sink=lambda report: None)
    found = _batch_json(result)
    assert [f["rule"] for f in found] == ["B001", "B002", "B002", "B002", "P001"]
    assert found[1:4] == expected and "B001: RuntimeError: boom" in found[-1]["message"]
    assert isinstance(result.batch_findings, FindingSpool) == (threshold == 0)
    result.close()


def test_a_baseline_written_from_batch_findings_on_disk_holds_them_back(planted: Path, spooled, tmp_path) -> None:
    """--write-baseline reads the spooled B findings once for the baseline and the report reads them again;
    the next run with --baseline reports none of them."""
    from typer.testing import CliRunner

    from nlp_audit.cli import app

    temp, _opened = spooled
    runner = CliRunner()
    base = tmp_path / "baseline.json"
    args = ["check", str(planted), "-f", "jsonl", "--embedder", "tfidf", "--fail-on", "never", "--quiet", "--isolated"]
    first = runner.invoke(app, [*args, "--write-baseline", str(base)])
    assert first.exit_code == 0, first.output
    assert sum('"B001"' in line for line in first.stdout.splitlines()) == 3
    recorded = json.loads(base.read_text(encoding="utf-8"))
    assert sum(e["rule"] == "B001" for e in recorded["findings"]) == 3
    again = runner.invoke(app, [*args, "--baseline", str(base)])
    assert again.exit_code == 0 and '"B00' not in again.stdout
    assert _open_in(temp) == [] and list(temp.iterdir()) == []
