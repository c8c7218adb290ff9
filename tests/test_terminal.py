"""A terminal as a person has one: progress on stderr for long runs only, colour unless NO_COLOR, quiet.

The end-to-end cases run the real command in pseudo-terminals (one for stdout, one for stderr),
the way it runs in a shell; the CliRunner cases check that nothing reaches a pipe or a CI log.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_e2e_cli import FORM_A
from typer.testing import CliRunner

from nlp_audit.cli import app
from nlp_audit.progress import ProgressBar

needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_waits_a_second_then_shows_files_and_rate() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar(stream=stream, enabled=True, clock=clock, force_terminal=True)
    clock.now = 0.4
    bar(1, 10, 3)
    assert not bar.shown and stream.getvalue() == ""
    clock.now = 1.5
    bar(2, 10, 6)
    assert bar.shown
    bar(3, 10, 9)
    bar.close()
    out = stream.getvalue()
    assert "nlp-audit" in out and "files" in out and "forms/s" in out and "/10" in out


def test_progress_never_for_a_short_run_or_a_pipe() -> None:
    stream, clock = io.StringIO(), Clock()
    quick = ProgressBar(stream=stream, enabled=True, clock=clock, force_terminal=True)
    clock.now = 5.0
    quick(10, 10, 30)  # the last file: nothing left to show progress for
    assert not quick.shown
    piped = ProgressBar(stream=io.StringIO(), clock=clock)
    assert not piped.enabled
    piped(1, 10, 1)
    assert not piped.shown


def test_nothing_on_stderr_when_it_is_not_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FORM_A, encoding="utf-8")
    res = CliRunner().invoke(app, ["check", str(tmp_path), "--embedder", "tfidf", "--fail-on", "never"])
    assert res.exit_code == 0 and res.stderr == ""
    assert "\x1b[" not in res.stdout


def _run_in_terminals(args: list[str], env: dict[str, str], timeout: float = 240) -> tuple[int, str, str]:
    """Run ``nlp-audit ARGS`` with stdout and stderr each on its own pseudo-terminal."""
    import pty

    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    chunks: dict[int, list[bytes]] = {out_master: [], err_master: []}

    def drain(fd: int) -> None:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            chunks[fd].append(data)

    readers = [threading.Thread(target=drain, args=(fd,), daemon=True) for fd in (out_master, err_master)]
    for t in readers:
        t.start()
    proc = subprocess.Popen([sys.executable, "-m", "nlp_audit.cli", *args], stdin=subprocess.DEVNULL,
                            stdout=out_slave, stderr=err_slave, env=env, close_fds=True)
    os.close(out_slave)
    os.close(err_slave)
    try:
        code = proc.wait(timeout=timeout)
    finally:
        proc.kill()
    for t in readers:
        t.join(5)
    os.close(out_master)
    os.close(err_master)
    return code, b"".join(chunks[out_master]).decode("utf-8", "replace"), b"".join(chunks[err_master]).decode(
        "utf-8", "replace")


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("terminal")
    for i in range(40):
        (folder / f"form_{i:03d}.txt").write_text(FORM_A.replace("社区老年助餐服务补贴", f"社区老年助餐服务补贴{i}"),
                                                  encoding="utf-8")
    return folder


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="120", **extra)
    return env


@needs_pty
def test_a_long_run_in_a_terminal_shows_progress_and_colour(big_batch: Path) -> None:
    # progress-delay 0: the bar shows from the first file, however fast the machine (default: 1 s)
    code, out, err = _run_in_terminals(["check", str(big_batch), "--embedder", "tfidf", "--fail-on", "never",
                                        "--config", "progress-delay = 0"], _env())
    assert code == 0, err
    assert "files" in err and "forms/s" in err and "/40" in err, err[-500:]
    assert "\x1b[33m警告\x1b[0m" in out  # severities in colour on a terminal
    assert "共 40 个文件" in out


@needs_pty
def test_no_color_and_quiet_in_a_terminal(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"form_{i}.txt").write_text(FORM_A, encoding="utf-8")
    code, out, err = _run_in_terminals(["check", str(tmp_path), "--embedder", "tfidf", "--fail-on", "never"],
                                       _env(NO_COLOR="1"))
    assert code == 0
    assert "\x1b[33m" not in out and "\x1b[1;31m" not in out and "警告" in out and "共 3 个文件" in out
    code, out, err = _run_in_terminals(["check", str(tmp_path), "--embedder", "tfidf", "--fail-on", "never",
                                        "--quiet", "--config", "progress-delay = 0"], _env())
    assert code == 0 and err == "" and "共 3 个文件" not in out and "警告" in out
