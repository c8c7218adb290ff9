"""Batch hygiene: the litter of real batches is skipped and counted, never read; --exclude; empty runs.

Office lock files (``~$表.xlsx``) and FIFOs named ``*.txt`` sit in real shared folders: the first
used to become a P001 error, the second hung the run. WPS files get the conversion hint; a run
that finds nothing to read says so and exits 2.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest
from test_e2e_cli import FORM_A, FORM_B
from typer.testing import CliRunner

from nlp_audit.cli import app
from nlp_audit.discover import Excluder, discover, key_of, run_root

runner = CliRunner()
EMB = ["--embedder", "tfidf"]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "win32", reason="no FIFOs here")


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    (d / "2023" / "草稿").mkdir(parents=True)
    (d / "2023" / "a.txt").write_text(FORM_A, encoding="utf-8")
    (d / "2023" / "草稿" / "b.txt").write_text(FORM_B, encoding="utf-8")
    (d / "2023" / "~$a.xlsx").write_bytes(b"\x08owner\x00\x00")  # Office's lock file beside an open workbook
    (d / "2024").mkdir()
    (d / "2024" / "a.txt").write_text(FORM_B, encoding="utf-8")
    return d


def _jsonl(*args: str) -> tuple[int, list[dict], str]:
    res = runner.invoke(app, ["check", *args, "--format", "jsonl", "--fail-on", "never", *EMB])
    return res.exit_code, [json.loads(x) for x in res.stdout.splitlines()], res.stderr


def test_lock_files_are_skipped_and_counted_not_errors(batch: Path) -> None:
    found = discover([batch])
    assert [f.key for f in found.files] == ["2023/a.txt", "2023/草稿/b.txt", "2024/a.txt"]
    assert found.skipped["lock"] == 1
    code, findings, _ = _jsonl(str(batch))
    assert code == 0 and not [f for f in findings if f["rule"] == "P001"]
    res = runner.invoke(app, ["check", str(batch), "--format", "json", "--fail-on", "never", *EMB])
    assert json.loads(res.stdout)["summary"]["skipped"] == {"lock": 1}
    text = runner.invoke(app, ["check", str(batch), "--fail-on", "never", *EMB]).stdout
    assert "已跳过 1 个Office 锁定文件" in text.splitlines()[-1]


@needs_fifo
def test_a_fifo_named_txt_is_skipped_not_read(batch: Path) -> None:
    fifo = batch / "2024" / "pipe.txt"
    os.mkfifo(fifo)
    os.symlink(fifo, batch / "2024" / "link_to_pipe.txt")
    done = threading.Event()
    outcome: dict = {}

    def run() -> None:
        outcome["found"] = discover([batch])
        outcome["jsonl"] = _jsonl(str(batch))
        done.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    if not done.wait(120):
        with open(fifo, "wb"):  # unblock a reader that should never have opened it
            pass
        pytest.fail("the run blocked on a FIFO")
    assert outcome["found"].skipped["special"] == 2
    code, findings, _ = outcome["jsonl"]
    assert code == 0 and {Path(f["path"]).name for f in findings if f["path"]} <= {"a.txt", "b.txt"}


def test_exclude_by_name_folder_and_relative_glob(batch: Path) -> None:
    assert [f.key for f in discover([batch], ["草稿"]).files] == ["2023/a.txt", "2024/a.txt"]
    assert [f.key for f in discover([batch], ["2024/*"]).files] == ["2023/a.txt", "2023/草稿/b.txt"]
    assert [f.key for f in discover([batch], ["**/b.txt", "./2024"]).files] == ["2023/a.txt"]
    assert discover([batch], ["草稿"]).skipped["excluded"] == 1  # the folder, not walked at all
    code, findings, _ = _jsonl(str(batch), "--exclude", "2023/*", "--exclude", "*.docx")
    assert code == 0 and {f["path"] for f in findings} == {str(batch / "2024" / "a.txt")}
    assert not Excluder([]).matches("a.txt") and Excluder(["*.txt"]).matches("deep/er/a.txt")


def test_keys_are_relative_to_the_run_root(batch: Path) -> None:
    assert run_root([batch]) == str(batch)
    assert run_root([batch / "2023" / "a.txt", batch / "2024" / "a.txt"]) == str(batch)
    assert key_of(batch / "2023" / "草稿" / "b.txt", str(batch)) == "2023/草稿/b.txt"
    assert run_root([batch / "2024" / "a.txt"]) == str(batch / "2024")


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        (lambda d: None, "no .txt/.pdf/.xlsx/.docx file found"),
        (lambda d: (d / "~$form.xlsx").write_bytes(b"lock"), "1 Office lock file(s) skipped"),
        (lambda d: (d / "a.txt").write_text(FORM_A, encoding="utf-8"), "1 excluded"),
        (lambda d: (d / "notes.md").write_text("# not a form", encoding="utf-8"), "no .txt/.pdf/.xlsx/.docx"),
    ],
)
def test_a_run_with_no_input_file_says_so_and_exits_2(tmp_path: Path, setup, says: str) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    setup(folder)
    res = runner.invoke(app, ["check", str(folder), "--exclude", "a.txt", *EMB])
    assert res.exit_code == 2 and res.stdout == ""
    assert "no input file to check" in res.stderr and says in res.stderr, res.stderr


def test_a_batch_of_only_unreadable_files_exits_like_findings(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 broken")
    res = runner.invoke(app, ["check", str(tmp_path), *EMB])
    assert res.exit_code == 1 and "P001" in res.stdout


@pytest.mark.parametrize(("suffix", "hint"), [(".wps", "另存为 .docx"), (".et", "另存为 .xlsx")])
def test_wps_files_are_reported_with_the_conversion_hint(tmp_path: Path, suffix: str, hint: str) -> None:
    (tmp_path / f"自评表{suffix}").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    code, findings, _ = _jsonl(str(tmp_path))
    (p001,) = findings
    assert code == 0 and p001["rule"] == "P001" and hint in p001["message"] and "WPS" in p001["message"]


def test_the_file_list_reads_back_every_file_as_found(tmp_path: Path) -> None:
    """The packed list gives back each place and key exactly: names that are not UTF-8 (carried with
    surrogateescape), Chinese folders, empty keys; indexing, negative indexes and slices as a list's."""
    from nlp_audit.discover import FileList, InputFile

    odd = os.fsdecode(b"\xff\xfe\xb1.txt")
    items = [InputFile(f"/批次/2023/{odd}", f"2023/{odd}"), InputFile("a.txt", ""), InputFile("/x/草稿/b.pdf", "草稿/b.pdf")]
    packed = FileList(items)
    assert list(packed) == items and len(packed) == 3 and packed
    assert packed[0] == items[0] and packed[-1] == items[-1] and packed[1:] == items[1:] and packed[::-1] == items[::-1]
    with pytest.raises(IndexError):
        packed[3]
    with pytest.raises(IndexError):
        packed[-4]
    assert not FileList() and list(FileList()) == []
    folder = tmp_path / "批次"
    folder.mkdir()
    if sys.platform.startswith("linux"):
        (folder / os.fsdecode(b"\xff\xfe.txt")).write_text(FORM_A, encoding="utf-8")
    (folder / "甲.txt").write_text(FORM_A, encoding="utf-8")
    found = discover([folder])
    assert [f.location for f in found.files] == [os.path.join(str(folder), n) for n in sorted(os.listdir(folder))]
