"""`nlp-audit serve` for real: uvicorn in a subprocess on a free loopback port, called with httpx,
stopped by the test; and `check` never importing the service's or the export's libraries."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from form_texts import VAGUE_REASON, with_shortfall

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parent.parent
FORM = with_shortfall(VAGUE_REASON, actual="全年提供居家养老上门服务8000人次,开展政策宣传活动12场。")
HEAVY = ("fastapi", "uvicorn", "starlette", "pebble", "pyarrow", "duckdb", "multipart", "python_multipart")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nlp_audit.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1", "--max-request-bytes", "100000"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail("server exited: " + proc.stderr.read().decode(errors="replace")[-3000:])
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not answer /healthz in 240 s")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def test_real_server_answers_like_check_jsonl(server: str, tmp_path: Path) -> None:
    name = "自评表.txt"
    (tmp_path / name).write_text(FORM, encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "nlp_audit.cli", "check", name, "--format", "jsonl", "--fail-on", "never"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert cli.returncode == 0, cli.stderr[-2000:]
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    assert "D002" in {f["rule"] for f in expected}
    with httpx.Client(base_url=server, timeout=60) as http:
        r = http.post("/v1/check", files={"file": (name, FORM.encode("utf-8"))})
        assert r.status_code == 200, r.text
        assert r.json()["findings"] == expected
        too_big = http.post("/v1/check", files={"file": ("big.txt", b"x" * 200_000)})
        assert too_big.status_code == 413 and too_big.json()["error"] == "too_large"
        health = http.get("/healthz").json()
        assert health["embedder"] == "e5" and health["workers"] == 1
        assert http.get("/docs").status_code == 200


def test_concurrent_clients_all_get_their_answer(server: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def post(i: int) -> tuple[int, list]:
        with httpx.Client(base_url=server, timeout=120) as http:
            r = http.post("/v1/check", json={"text": FORM, "filename": f"form{i}.txt"})
            return r.status_code, [(f["path"], f["rule"]) for f in r.json()["findings"]]

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(post, range(8)))
    assert all(status == 200 for status, _ in answers)
    for i, (_, findings) in enumerate(answers):  # each answer belongs to its own upload
        assert {path for path, _ in findings} == {f"form{i}.txt"}
        assert [rule for _, rule in findings] == [rule for _, rule in answers[0][1]]


def test_check_imports_none_of_the_service_libraries(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FORM, encoding="utf-8")
    code = (
        "import sys\n"
        "from nlp_audit.cli import main\n"
        "sys.argv = ['nlp-audit', 'check', 'a.txt', '--format', 'jsonl', '--embedder', 'none', '--fail-on', 'never']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert '"rule": "D002"' in run.stdout
    assert "LOADED []" in run.stdout
