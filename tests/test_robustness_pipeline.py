"""Bad input never stops a batch and never prints a traceback; evidence stays exact on messy input.

A folder holds two good forms (the synthetic ones of test_e2e_cli) beside one broken file of each
kind seen in real batches: random bytes named .txt, an empty file, a truncated .xlsx, a text file
named .pdf, a PDF whose body is garbage, a legacy .xls, a ZIP named .docx, and a text file that
is not a form at all. Each broken file must come out as exactly one P001 with a reason, and the
good forms must be checked exactly as if they were alone.

The hypothesis tests garble the synthetic forms (and the seeds, and a few generator renders) the
way extraction does — cuts, lost tabs/newlines, inserted junk, full-width digits, duplicated
chunks — and assert that nothing escapes, that no rule crashes, and that each finding's evidence
occurs in the file text (whitespace-insensitive: extraction reflows text, evidence may not).
"""

from __future__ import annotations

import io
import json
import random
import re
import time
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_e2e_cli import FORM_A, FORM_B, FORM_C, T
from typer.testing import CliRunner

from nlp_audit import pipeline
from nlp_audit.cli import app
from nlp_audit.findings import Finding
from nlp_audit.layout import parse_text
from nlp_audit.nlp.embedders import make_embedder
from nlp_audit.packs import load_pack

ROOT = Path(__file__).resolve().parent.parent
PACK = load_pack("default")
EMB = make_embedder("tfidf")
CJK = re.compile(r"[\u4e00-\u9fff]")
CRASH_MARKERS = ("检查过程出错", "解析失败", "reader error")


def _broken_files() -> dict[str, bytes]:
    rng = random.Random(20240601)
    wb = io.BytesIO()
    import openpyxl

    book = openpyxl.Workbook()
    for line in FORM_A.split("\n"):
        book.active.append(line.split(T))
    book.save(wb)
    xlsx = wb.getvalue()
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as zf:
        zf.writestr("readme.txt", "not a word document")
    return {
        "乱码.txt": bytes(rng.randrange(256) for _ in range(4000)),
        "empty.txt": b"",
        "截断.xlsx": xlsx[: len(xlsx) // 2],
        "扫描件.pdf": "这是一份说明文字,并不是 PDF 文件。\n".encode() * 30,
        "damaged.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog" + bytes(rng.randrange(256) for _ in range(800)),
        "old.xls": bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 1024,
        "archive.docx": zbuf.getvalue(),
        "会议纪要.txt": "会议纪要\n今天讨论了明年的工作安排,大家一致同意继续努力。\n散会。\n".encode(),
    }


@pytest.fixture()
def mixed_dir(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    (d / "sub").mkdir(parents=True)
    (d / "a_good.txt").write_text(FORM_A, encoding="utf-8")
    (d / "sub" / "b_good.txt").write_bytes(FORM_B.encode("gb18030"))
    for name, data in _broken_files().items():
        (d / name).write_bytes(data)
    return d


BROKEN = set(_broken_files())


def _key(f: Finding | dict) -> tuple:
    g = f if isinstance(f, dict) else f.to_json()
    return (Path(g["path"]).name, g["form"], g["rule"], g["indicator"], g["evidence"], g["fingerprint"])


def test_run_reports_each_broken_file_once_and_checks_the_good_forms(mixed_dir: Path, tmp_path: Path) -> None:
    result = pipeline.run([mixed_dir], PACK, embedder=EMB)
    assert result.form_count == 2
    assert {Path(f.path).name for f in result.unreadable_files} == BROKEN
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_file[Path(f.path).name].append(f)
    for name in BROKEN:
        (only,) = by_file[name]
        assert (only.rule, only.severity, only.form) == ("P001", "error", None), name
        assert CJK.search(only.message) and re.search(r"[A-Za-z]{4,}", only.message), only.message
        assert not any(m in only.message for m in CRASH_MARKERS), only.message
    alone = pipeline.run([mixed_dir / "a_good.txt", mixed_dir / "sub" / "b_good.txt"], PACK, embedder=EMB)
    good = [f for f in result.findings if Path(f.path).name not in BROKEN]
    assert sorted(map(_key, good)) == sorted(map(_key, alone.findings))
    assert {f.rule for f in good} >= {"S002", "S004"}


def test_cli_check_on_the_folder_never_prints_a_traceback(mixed_dir: Path) -> None:
    runner = CliRunner()
    for fmt in ("text", "json", "jsonl", "csv", "html", "sarif"):
        res = runner.invoke(app, ["check", str(mixed_dir), "--format", fmt, "--embedder", "tfidf"])
        assert res.exit_code == 1, (fmt, res.output)  # P001 is an error: --fail-on error is reached
        assert res.exception is None or isinstance(res.exception, SystemExit), (fmt, res.exception)
        assert "Traceback" not in res.output and res.stderr == "", fmt
    res = runner.invoke(app, ["check", str(mixed_dir), "--format", "jsonl", "--embedder", "tfidf"])
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    p001 = {Path(x["path"]).name: x for x in lines if x["rule"] == "P001"}
    assert set(p001) == BROKEN
    assert {(Path(x["path"]).name, x["rule"]) for x in lines} >= {("a_good.txt", "S004"), ("b_good.txt", "S002")}


def test_cli_parse_on_the_folder_lists_errors_and_forms(mixed_dir: Path) -> None:
    res = CliRunner().invoke(app, ["parse", str(mixed_dir), "--format", "json"])
    assert res.exit_code == 0 and "Traceback" not in res.output
    data = {Path(f["path"]).name: f for f in json.loads(res.stdout)}
    assert set(data) == BROKEN | {"a_good.txt", "b_good.txt"}
    for name in BROKEN:
        assert data[name]["forms"] == [] and [e["rule"] for e in data[name]["errors"]] == ["P001"]
    assert [f["project"] for f in data["b_good.txt"]["forms"]] == ["乡镇污水处理设施运维项目"]  # GB18030 read
    res = CliRunner().invoke(app, ["parse", str(mixed_dir), "--format", "text"])
    assert res.exit_code == 0 and "Traceback" not in res.output


# --- a bug anywhere downstream becomes a P001, not a traceback ---------------------------------------

def test_a_reader_bug_becomes_p001(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp_audit.readers as readers

    def boom(path, *_limits):
        raise KeyError("bad cell")

    monkeypatch.setattr(readers, "read_file_mapped", boom)
    path = tmp_path / "x.txt"
    path.write_text(FORM_A, encoding="utf-8")
    (p,) = pipeline.parse_file(path).errors
    assert p.code == "P001" and "KeyError" in p.message


def test_a_parser_bug_becomes_p001_with_exact_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp_audit.layout as layout

    def boom(text, path=""):
        raise IndexError("list index out of range")

    monkeypatch.setattr(layout, "parse_text", boom)
    path = tmp_path / "x.txt"
    path.write_text(FORM_A, encoding="utf-8")
    parsed = pipeline.parse_file(path)
    (f,) = pipeline.check_parsed(parsed, PACK, EMB)
    assert f.rule == "P001" and "IndexError" in f.message and f.evidence and f.evidence in FORM_A


def _findings(text: str) -> list[Finding]:
    return pipeline.check_parsed(parse_text(text, "form.txt"), PACK, EMB)


def test_one_crashing_rule_does_not_silence_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp_audit.checks.registry import get_spec

    before = _findings(FORM_A)
    assert {"C001", "S004", "D003"} <= {f.rule for f in before}

    def boom(ctx):
        yield from ()
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(get_spec("C001"), "fn", boom)  # C001 runs before D, F and S
    after = _findings(FORM_A)
    crash = [f for f in after if f.rule == "P001"]
    assert len(crash) == 1 and "C001" in crash[0].message and "ZeroDivisionError" in crash[0].message
    assert sorted(map(_key, [f for f in after if f.rule != "P001"])) == sorted(
        map(_key, [f for f in before if f.rule != "C001"]))


def test_an_nlp_crash_keeps_the_table_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp_audit.nlp import matching

    def boom(*args, **kwargs):
        raise MemoryError("no room")

    monkeypatch.setattr(matching, "match_claims", boom)
    after = _findings(FORM_A)
    assert "S004" in {f.rule for f in after}
    assert [f.message for f in after if f.rule == "P001" and "NLP" in f.message]


# --- garbled input: no crash, exact evidence ---------------------------------------------------------

def _bases() -> list[str]:
    out = [FORM_A, FORM_B, FORM_C]
    out += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    try:  # the generator is optional here: its renders add layout families, the test stands without
        from devtools.synth import generate_form, render

        for fam in ("pipe_rows", "cell_per_line", "spaced", "fused"):
            out.append(render(generate_form(random.Random(5), "self_evaluation", family=fam)))
        out.append(render(generate_form(random.Random(5), "declaration", family="declaration")))
    except Exception:  # noqa: BLE001
        pass
    return out


BASES = _bases()
JUNK = list("0123456789０１２３４５６７８９|\t\n %％≥≤=（）()万元人次:：,，。-—　") + [
    "项目名称", "年度指标值", "实际完成值", "得分", "总分", "\ufeff", "指标1", "XX", "+100.00(%)", "≥", "达成指标"]
FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


@st.composite
def garbled(draw) -> str:
    """A base form damaged 1-4 times the way extraction damages text."""
    text = draw(st.sampled_from(BASES))
    rng = draw(st.randoms(use_true_random=False))
    for op in draw(st.lists(st.sampled_from(["cut", "tail", "tabs", "newlines", "junk", "fullwidth", "dup"]),
                            min_size=1, max_size=4)):
        n = len(text)
        if op == "cut" and n:
            i = rng.randrange(n)
            text = text[:i] + text[rng.randrange(i, n + 1):]
        elif op == "tail" and n:
            text = text[: rng.randrange(n)]
        elif op in ("tabs", "newlines"):
            ch = "\t" if op == "tabs" else "\n"
            p = rng.random()
            text = "".join(c for c in text if c != ch or rng.random() > p)
        elif op == "junk":
            for _ in range(rng.randint(1, 15)):
                i = rng.randrange(len(text) + 1)
                text = text[:i] + rng.choice(JUNK) + text[i:]
        elif op == "fullwidth":
            p = rng.random()
            text = "".join(c.translate(FULLWIDTH) if rng.random() < p else c for c in text)
        elif op == "dup" and n:
            i = rng.randrange(n)
            text = text[:i] + text[i : i + rng.randrange(1, 400)] * 2 + text[i:]
    return text


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _evidence_breaks(text: str, findings: list[Finding]) -> dict[str, str]:
    """Findings whose evidence does not occur in the file; a narrative finding (field goal/actual,
    its evidence mapped back through Narrative.pieces) must moreover be the file text at its own
    offsets and line, character for character."""
    squashed = _squash(text)
    out = {f.rule: f.evidence for f in findings if f.evidence and _squash(f.evidence) not in squashed}
    for f in findings:
        if f.field in ("goal", "actual") and f.evidence and f.start is not None:
            if text[f.start : f.end] != f.evidence or (f.line is not None and f.line != text.count("\n", 0, f.start) + 1):
                out.setdefault(f.rule, f"{f.evidence!r} at {f.start}:{f.end} line {f.line}")
    return out


COMMON = settings(max_examples=60, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@COMMON
@given(garbled())
def test_garbled_forms_never_crash_and_quote_exact_evidence(text: str) -> None:
    parsed = parse_text(text, "garbled.txt")  # must not raise
    findings = pipeline.check_parsed(parsed, PACK, EMB)
    crashed = [f.message for f in findings if any(m in f.message for m in CRASH_MARKERS)]
    assert not crashed, crashed
    for f in findings:
        assert f.fingerprint and f.rule and f.message
    breaks = _evidence_breaks(parsed.text, findings)
    assert not breaks, breaks


@COMMON
@given(garbled(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]), st.sampled_from([".txt", ".text"]))
def test_garbled_files_in_any_encoding_go_through_the_file_pipeline(text: str, encoding: str, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"表{suffix}"
        path.write_bytes(text.encode(encoding))
        parsed = pipeline.parse_file(path)
        findings = pipeline.check_parsed(parsed, PACK, EMB)
    assert not [f.message for f in findings if any(m in f.message for m in CRASH_MARKERS)]
    if not text.strip():
        assert [f.rule for f in findings] == ["P001"]
    breaks = _evidence_breaks(parsed.text or "", findings)
    assert not breaks, breaks


def _wrapped_narrative_form() -> str:
    """FORM_A with its two narrative columns wrapped over two rows, the way a merged cell of long
    text is extracted: goal piece 1 | actual piece 1 / goal piece 2 | actual piece 2."""
    goal = "为辖区老年人提供助餐服务, 新增社区助餐点3个, 服务覆盖老人1200人以上, 餐食抽检合格率100%。"
    actual = "全年新增社区助餐点3个, 累计服务老人1260人, 供餐4.2万人次, 餐食抽检合格率100%, 就餐老人满意度93%。"
    one_row = T.join(["", goal, "", "", actual, "", "", ""])
    assert one_row in FORM_A
    g1, g2 = goal.split(" 服务覆盖")
    a1, a2 = actual.split("万人次")
    two_rows = T.join(["", g1, "", "", a1, "", "", ""]) + "\n" + T.join(["", " 服务覆盖" + g2, "", "", "万人次" + a2,
                                                                       "", "", ""])
    return FORM_A.replace(one_row, two_rows)


def test_wrapped_narrative_is_rejoined() -> None:
    form = parse_text(_wrapped_narrative_form(), "wrapped.txt").forms[0]
    assert "供餐4.2万人次" in form.actual.text and "供餐" not in form.goal.text


def test_evidence_of_a_claim_over_a_wrapped_narrative_occurs_in_the_file() -> None:
    """'供餐4.2' / '万人次' sit on two rows with the goal's second piece between them: the claim is
    not contiguous in the file, so its longest contiguous part holding the number is quoted."""
    text = _wrapped_narrative_form()
    findings = _findings(text)
    c001 = [f for f in findings if f.rule == "C001" and "4.2" in f.evidence]
    assert c001, [(f.rule, f.evidence) for f in findings if f.rule == "C001"]
    assert c001[0].evidence == "供餐4.2"
    assert _evidence_breaks(text, findings) == {}


def test_long_blank_runs_parse_in_linear_time() -> None:
    """Doubling the blank padding at most triples the parse time (median of three: a noisy machine)."""

    def median_time(n: int) -> float:
        text = "\n" * n + FORM_A
        times = []
        for _ in range(3):
            start = time.process_time()  # CPU time: other jobs sharing the machine do not count
            parsed = parse_text(text, "padded.txt")
            times.append(time.process_time() - start)
            assert parsed.forms and parsed.forms[0].project == "社区老年助餐服务补贴"
        return sorted(times)[1]

    small, large = median_time(30000), median_time(60000)
    assert large < 3 * max(small, 0.02), (small, large)
