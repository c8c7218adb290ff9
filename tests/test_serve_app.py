"""The gate service through FastAPI's TestClient: the same findings as `check --format jsonl`, the
options, the rules endpoints, and the limits (oversize 413, unreadable 422, slow 504) with JSON
error bodies and a service that keeps answering afterwards. The checks run in real warm worker
processes (one per app here)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from form_texts import VAGUE_REASON, tabbed_form, with_shortfall
from typer.testing import CliRunner

from nlp_audit.cli import app as cli_app

pytest.importorskip("fastapi")
pytest.importorskip("pebble")
from fastapi.testclient import TestClient  # noqa: E402

from nlp_audit.serve.app import create_app  # noqa: E402
from nlp_audit.serve.limits import ServeLimits  # noqa: E402
from nlp_audit.serve.pool import PoolSettings  # noqa: E402

runner = CliRunner()
LIMIT = 256 * 1024

FORM = with_shortfall(VAGUE_REASON, actual="全年提供居家养老上门服务8000人次,开展政策宣传活动12场。")


@pytest.fixture(scope="module")
def gate():
    application = create_app(PoolSettings(workers=1, embedder="tfidf", packs=("default", "hubei")),
                             ServeLimits(max_request_bytes=LIMIT, time_limit=120, max_pending=8))
    with TestClient(application) as client:
        yield client


@pytest.fixture(scope="module")
def strict():
    """A short time limit: a long file is stopped and its worker replaced."""
    application = create_app(PoolSettings(workers=1, embedder="tfidf", packs=("default",)),
                             ServeLimits(max_request_bytes=16 * 1024 * 1024, time_limit=0.5, max_pending=8))
    with TestClient(application) as client:
        yield client


def cli_findings(folder: Path, name: str, monkeypatch, *extra: str) -> list[dict]:
    """`nlp-audit check NAME --format jsonl` run in the file's folder (so the path is the bare name)."""
    monkeypatch.chdir(folder)
    res = runner.invoke(cli_app, ["check", name, "--format", "jsonl", "--fail-on", "never", "--embedder", "tfidf",
                                  *extra])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def cli_summary(folder: Path, name: str, monkeypatch) -> dict:
    monkeypatch.chdir(folder)
    res = runner.invoke(cli_app, ["check", name, "--format", "json", "--fail-on", "never", "--embedder", "tfidf"])
    return json.loads(res.stdout)["summary"]


def _xlsx(text: str, path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for line in text.splitlines():
        ws.append([cell or None for cell in line.split("\t")])
    wb.save(path)


def _docx(text: str, path: Path) -> None:
    import docx

    lines = text.splitlines()
    d = docx.Document()
    d.add_paragraph(lines[0])
    d.add_paragraph(lines[1])
    rows = [line.split("\t") for line in lines[2:]]
    table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    d.save(path)


def test_text_upload_gives_the_same_findings_as_check_jsonl(gate, tmp_path, monkeypatch) -> None:
    name = "金沙县临时救助自评表.txt"
    (tmp_path / name).write_text(FORM, encoding="utf-8")
    expected = cli_findings(tmp_path, name, monkeypatch)
    assert {f["rule"] for f in expected} >= {"D002", "C001"}  # the comparison is about real findings
    r = gate.post("/v1/check", files={"file": (name, FORM.encode("utf-8"), "text/plain")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["findings"] == expected
    assert body["forms"] == 1
    assert r.headers["server-timing"].startswith("check;dur=")  # the worker's own time, for operators
    assert body["summary"] == cli_summary(tmp_path, name, monkeypatch)
    as_json = gate.post("/v1/check", json={"text": FORM, "filename": name})
    assert as_json.status_code == 200 and as_json.json()["findings"] == expected


@pytest.mark.parametrize("build", [_xlsx, _docx], ids=["xlsx", "docx"])
def test_office_upload_gives_the_same_findings_as_check_jsonl(gate, tmp_path, monkeypatch, build) -> None:
    name = f"自评表.{build.__name__[1:]}"
    build(FORM, tmp_path / name)
    expected = cli_findings(tmp_path, name, monkeypatch)
    r = gate.post("/v1/check", files={"file": (name, (tmp_path / name).read_bytes())})
    assert r.status_code == 200, r.text
    assert r.json()["forms"] == 1
    assert r.json()["findings"] == expected
    assert "D002" in {f["rule"] for f in expected}


def test_options_select_ignore_and_pack_match_the_cli(gate, tmp_path, monkeypatch) -> None:
    name = "form.txt"
    (tmp_path / name).write_text(FORM, encoding="utf-8")
    expected = cli_findings(tmp_path, name, monkeypatch, "--select", "D,C", "--ignore", "C001", "--rules", "hubei")
    assert expected and {f["rule"][0] for f in expected} <= {"D", "C"} and "C001" not in {f["rule"] for f in expected}
    by_query = gate.post("/v1/check", params={"select": "D,C", "ignore": "C001", "rules": "hubei"},
                         files={"file": (name, FORM.encode("utf-8"))})
    assert by_query.status_code == 200 and by_query.json()["findings"] == expected
    by_field = gate.post("/v1/check", data={"select": "D,C", "ignore": "C001", "rules": "hubei"},
                         files={"file": (name, FORM.encode("utf-8"))})
    assert by_field.json()["findings"] == expected
    by_json = gate.post("/v1/check", json={"text": FORM, "filename": name, "select": ["D", "C"],
                                           "ignore": "C001", "rules": "hubei"})
    assert by_json.json()["findings"] == expected


def test_a_file_with_two_forms_counts_both(gate) -> None:
    text = tabbed_form(project="临时救助资金") + "\n" + tabbed_form(project="居家养老服务补贴", year=2022)
    body = gate.post("/v1/check", json={"text": text, "filename": "two.txt"}).json()
    assert body["forms"] == body["summary"]["forms"] == 2
    assert body["summary"]["files"] == 1


def test_the_path_is_the_uploaded_name_without_folders(gate) -> None:
    r = gate.post("/v1/check", files={"file": ("../../etc/自评表.txt", FORM.encode("utf-8"))})
    assert r.status_code == 200
    assert {f["path"] for f in r.json()["findings"]} == {"自评表.txt"}


def test_unreadable_upload_is_422_with_the_p001_finding(gate) -> None:
    r = gate.post("/v1/check", files={"file": ("扫描件.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 20)})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "unreadable_upload" and "PDF" in body["detail"]
    assert [(f["rule"], f["path"]) for f in body["findings"]] == [("P001", "扫描件.pdf")]
    assert body["summary"]["unreadable_files"][0]["path"] == "扫描件.pdf"
    not_a_form = gate.post("/v1/check", json={"text": "会议纪要:今天讨论了食堂菜单。", "filename": "memo.txt"})
    assert not_a_form.status_code == 422 and not_a_form.json()["findings"][0]["rule"] == "P001"


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "invalid_request"),
        ({"content": b"[" * 200_000, "headers": {"content-type": "application/json"}}, 422, "invalid_request"),
        ({"content": b"--x\r\nnot a part", "headers": {"content-type": "multipart/form-data; boundary=x"}},
         422, "invalid_request"),
        ({"content": b"", "headers": {"content-type": "multipart/form-data"}}, 422, "invalid_request"),
        ({"json": {"filename": "a.txt"}}, 422, "invalid_request"),
        ({"json": ["text"]}, 422, "invalid_request"),
        ({"json": {"text": "x", "rules": "../../rules/default.yaml"}}, 422, "invalid_option"),
        ({"json": {"text": "x", "select": "Z9"}}, 422, "invalid_option"),
        ({"json": {"text": "x", "select": {"a": 1}}}, 422, "invalid_option"),
        ({"data": {"select": "S"}}, 422, "invalid_request"),  # multipart without a file
        ({"content": b"text", "headers": {"content-type": "text/plain"}}, 415, "unsupported_media_type"),
    ],
)
def test_bad_requests_get_a_json_error(gate, kwargs, status, error) -> None:
    if "data" in kwargs:  # force a multipart body with no file part
        kwargs = {"files": {"note": (None, "x")}, **kwargs}
    r = gate.post("/v1/check", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error and r.json()["detail"]


def test_oversize_bodies_are_413_declared_or_streamed(gate) -> None:
    big = b"x" * (LIMIT + 1)
    declared = gate.post("/v1/check", files={"file": ("big.txt", big)})
    assert declared.status_code == 413
    assert declared.json()["error"] == "too_large" and str(LIMIT) in declared.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(8):
            yield b'{"text": "' + b"y" * (LIMIT // 4) + b'"}'

    streamed = gate.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["error"] == "too_large"
    assert gate.post("/v1/check", json={"text": FORM, "filename": "a.txt"}).status_code == 200


def test_a_check_past_the_time_limit_is_504_and_the_worker_is_replaced(strict) -> None:
    ok = strict.post("/v1/check", json={"text": FORM, "filename": "a.txt"})
    assert ok.status_code == 200
    slow = "\n".join([FORM] * 600)  # 600 forms: seconds of work, far past 0.5 s
    r = strict.post("/v1/check", json={"text": slow, "filename": "batch.txt"})
    assert r.status_code == 504
    assert r.json()["error"] == "time_limit" and "replaced" in r.json()["detail"]
    again = strict.post("/v1/check", json={"text": FORM, "filename": "a.txt"})
    assert again.status_code == 200 and again.json()["findings"] == ok.json()["findings"]
    assert strict.get("/healthz").json()["pending"] == 0


def test_a_zip_bomb_docx_is_refused_and_the_service_goes_on(strict) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<" + b"a" * (300 * 1024 * 1024))  # 300 MB of nothing, ~300 KB zipped
    r = strict.post("/v1/check", files={"file": ("炸弹.docx", buf.getvalue())})
    assert r.status_code in (422, 504), r.text
    assert r.json()["error"] in ("unreadable_upload", "time_limit")
    assert strict.post("/v1/check", json={"text": FORM, "filename": "a.txt"}).status_code == 200


def test_rules_endpoints_say_what_the_cli_says(gate) -> None:
    listed = gate.get("/v1/rules").json()
    res = runner.invoke(cli_app, ["rules", "--format", "json"])
    assert listed == json.loads(res.stdout)
    hubei = {r["code"]: r for r in gate.get("/v1/rules", params={"rules": "hubei"}).json()}
    cli_hubei = {r["code"]: r for r in json.loads(runner.invoke(cli_app, ["rules", "--rules", "hubei", "--format", "json"]).stdout)}
    assert hubei == cli_hubei
    detail = gate.get("/v1/rules/s004").json()
    assert detail["code"] == "S004" and detail["name"] == "deduction-inconsistent"
    explained = runner.invoke(cli_app, ["explain", "S004", "--lang", "en"]).stdout
    assert detail["title_zh"] in runner.invoke(cli_app, ["explain", "S004"]).stdout
    assert detail["explain"] in explained and "Fires:" in detail["explain"]
    missing = gate.get("/v1/rules/Z999")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert gate.get("/v1/rules", params={"rules": "/etc/passwd"}).status_code == 422


def test_health_docs_and_openapi(gate) -> None:
    health = gate.get("/healthz").json()
    assert health["status"] == "ok" and health["workers"] == 1 and health["limits"]["max_request_bytes"] == LIMIT
    assert gate.get("/docs").status_code == 200
    spec = gate.get("/openapi.json").json()
    body = spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(body)
    assert {"413", "422", "504"} <= set(spec["paths"]["/v1/check"]["post"]["responses"])
    assert gate.get("/nowhere").json()["error"] == "not_found"


def test_too_many_requests_in_flight_is_503(gate) -> None:
    pool = gate.app.state.pool
    pool.pending = pool.limits.max_pending  # as if that many uploads were running or queued
    try:
        r = gate.post("/v1/check", json={"text": FORM, "filename": "a.txt"})
    finally:
        pool.pending = 0
    assert r.status_code == 503 and r.json()["error"] == "busy"
    assert gate.post("/v1/check", json={"text": FORM, "filename": "a.txt"}).status_code == 200
