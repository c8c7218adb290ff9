"""The service's small parts that need no running server: limits, upload names, the embedder's
bounded cache, and `nlp-audit serve` refusing bad settings before it starts anything."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from nlp_audit.cli import app
from nlp_audit.nlp.embedders import make_embedder
from nlp_audit.serve.limits import DEFAULTS, ServeLimits

runner = CliRunner()


def test_limits_refuse_nonsense_and_default_to_the_documented_values() -> None:
    assert (DEFAULTS.max_request_bytes, DEFAULTS.time_limit, DEFAULTS.max_pending) == (10 * 1024 * 1024, 30.0, 64)
    for bad in ({"max_request_bytes": 0}, {"time_limit": 0}, {"time_limit": -1}, {"max_pending": 0}):
        with pytest.raises(ValueError):
            ServeLimits(**bad)


def test_upload_names_keep_only_a_safe_last_component() -> None:
    pytest.importorskip("starlette")
    from nlp_audit.serve.upload import safe_name

    assert safe_name("../../etc/自评表.txt", "x") == "自评表.txt"
    assert safe_name("C:\\表格\\a.txt", "x") == "a.txt"
    assert safe_name("..", "upload") == "upload" and safe_name(None, "upload.txt") == "upload.txt"
    assert safe_name("a\x00b\n.txt", "x") == "ab.txt"
    long = safe_name("长" * 300 + ".txt", "x")
    assert len(long.encode("utf-8")) <= 200 and long.endswith(".txt")


def test_embedder_cache_can_be_measured_and_cleared() -> None:
    embedder = make_embedder("tfidf")
    first = embedder.embed(["服务对象满意度", "居家养老上门服务人次"])
    assert embedder.cache_size() == 2
    embedder.clear_cache()
    assert embedder.cache_size() == 0
    again = embedder.embed(["服务对象满意度", "居家养老上门服务人次"])
    assert (again == first).all() and embedder.cache_size() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--time-limit", "0"], "time_limit"),
        (["--max-request-bytes", "0"], "max_request_bytes"),
        (["--workers", "-1"], "--workers"),
        (["--embedder", "word2vec"], "--embedder"),
    ],
)
def test_serve_refuses_bad_settings_with_exit_2(args: list[str], message: str) -> None:
    res = runner.invoke(app, ["serve", *args])
    assert res.exit_code == 2
    assert message in res.output
