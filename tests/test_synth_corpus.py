"""The committed synthetic corpus and examples: reproducible from their seed, truth files sound."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from devtools.synth.corpus import CORPUS_FAMILIES, write_corpus

WS = re.compile(r"[\s|\u3000]+")
SEED, PER_FAMILY = 20240601, 4  # as committed (see corpus/synthetic and scripts/generate_corpus.py)


def test_committed_corpus_is_reproducible(corpus_dir, tmp_path):
    committed = corpus_dir / "synthetic"
    write_corpus(tmp_path, PER_FAMILY, SEED)
    for family in CORPUS_FAMILIES:
        for n in range(PER_FAMILY):
            for suffix in (".txt", ".expected.json"):
                name = f"{family}/{n:03d}{suffix}"
                assert (committed / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(encoding="utf-8"), name


def test_expected_files_match_their_text(corpus_dir):
    files = sorted((corpus_dir / "synthetic").glob("*/*.expected.json"))
    assert len(files) == len(CORPUS_FAMILIES) * PER_FAMILY
    defects = 0
    for path in files:
        exp = json.loads(path.read_text(encoding="utf-8"))
        text = WS.sub("", path.with_name(path.name.replace(".expected.json", ".txt")).read_text(encoding="utf-8"))
        assert exp["forms"] and len(exp["planted"]) == len(exp["forms"])
        for form in exp["forms"]:
            assert WS.sub("", form["project"]) in text
            for ind in form["indicators"]:
                assert WS.sub("", ind["name"]) in text
        for d in exp["defects"]:
            assert set(d) >= {"form", "rule", "evidence", "indicator"}
            assert WS.sub("", d["evidence"]) in text, (path.name, d)
            assert 0 <= d["form"] < len(exp["forms"])
            defects += 1
    assert defects >= 20


def test_examples_folder(corpus_dir):
    ex = corpus_dir / "examples"
    names = {p.name for p in ex.glob("*.txt")}
    assert {"broken_scan.txt", "synthetic_gbk.txt"} <= names and sum(n.startswith("seed_") for n in names) == 3
    raw = (ex / "synthetic_gbk.txt").read_bytes()
    assert "项目名称" in raw.decode("gbk")
    try:
        raw.decode("utf-8")
        raise AssertionError("synthetic_gbk.txt should not be valid UTF-8")
    except UnicodeDecodeError:
        pass


def test_generate_corpus_script(tmp_path):
    out = subprocess.run(
        [sys.executable, "scripts/generate_corpus.py", "--out", str(tmp_path), "--per-family", "1", "--families", "fused,declaration"],
        capture_output=True,
        text=True,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent),
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in tmp_path.glob("*/*")) == ["000.expected.json", "000.expected.json", "000.txt", "000.txt"]
