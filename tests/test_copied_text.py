"""No text of the real excerpts in the repository (scripts/scan_copied_text.py), and the scan itself:
it finds a copied sentence however it is re-typed, and leaves template wording and the seeds alone.
The copied sentence is taken from ../shared at run time, never written into the repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from builders import load_module

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "scan_copied_text.py"


@pytest.fixture(scope="module")
def scanner():
    return load_module(SCRIPT)


@pytest.fixture(scope="module")
def ref(shared_dir, scanner):
    return scanner.Reference(shared_dir, 12)


@pytest.fixture(scope="module")
def copied(shared_dir, scanner, ref) -> tuple[str, str]:
    """(excerpt file name, 24 characters of its own words): the first run no template covers."""
    for path in sorted((shared_dir / "real-dev").glob("*.txt")):
        text = scanner.flatten(path.read_text(encoding="utf-8")).text
        for i in range(0, len(text) - 24, 8):
            run = text[i:i + 24]
            if all(run[j:j + 12] in ref.origin for j in range(13)) and not ref.covered(run) \
                    and all(scanner._is_cjk(c) or c in "，,。、" for c in run):
                return path.name, run
    pytest.skip("no uncovered sentence in real-dev")


def test_the_repository_holds_no_real_excerpt_text(shared_dir):
    done = subprocess.run([sys.executable, str(SCRIPT), "--shared", str(shared_dir)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "0 copied run(s)" in done.stdout


def test_a_copied_sentence_is_found_however_it_is_retyped(scanner, ref, copied):
    name, run = copied
    half = len(run) // 2
    # split over two string literals, spaced out, its punctuation full-width or not
    source = f'TEXT = ("{run[:half]}"\n        "{" ".join(run[half:])}")\n'
    hits = scanner.scan_text("fixture.py", source, ref, scanner.AllowList())
    assert [(h.line, h.run, h.excerpt) for h in hits] == [(1, run, name)]


def test_template_prompts_are_allowed_and_seeds_are_no_copies(shared_dir, scanner, ref):
    seed = sorted((shared_dir / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    text = "实际完成情况\t对照年度目标，说明相关任务目标的完成情况(100字以内)\n" + seed[:400]
    allow = scanner.AllowList.load(scanner.DEFAULT_ALLOW)
    assert scanner.scan_text("form.txt", text, ref, allow) == []
    # the prompt is one excerpt's text: only the allow-list (with its reason) lets it stay
    hits = scanner.scan_text("form.txt", text, ref, scanner.AllowList())
    assert [h.line for h in hits] == [1] and "说明相关任务目标的完成情况" in hits[0].run


def test_an_allow_entry_needs_a_reason(scanner, tmp_path):
    allow = tmp_path / "allow.toml"
    allow.write_text('[[allow]]\ntext = "对照年度目标"\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="needs a text and a reason"):
        scanner.AllowList.load(allow)


def test_without_the_shared_folder_there_is_nothing_to_compare(scanner, tmp_path, capsys):
    assert scanner.main(["--shared", str(tmp_path)]) == 0
    assert "nothing to compare with" in capsys.readouterr().out
