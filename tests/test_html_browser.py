"""The HTML report in a real headless Chromium: no console error, filters, search, sort, highlights.

The report is made from corpus/examples (the seeds and synthetic forms of every layout family) by
the same pipeline and formatter as `nlp-audit check --format html`. Skips, saying why, only where
no browser can be had (see tests/browser.py and scripts/install_browser.sh).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from browser import NoBrowser, chrome, console_errors

from nlp_audit import formatters, pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    try:
        driver = chrome()
    except NoBrowser as exc:
        pytest.skip(f"HTML report browser test: {exc}")
    from nlp_audit.nlp.embedders import make_embedder

    result = pipeline.run([ROOT / "corpus" / "examples"], embedder=make_embedder("tfidf"))
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_bytes(formatters.render("html", result))
    driver.get(path.as_uri())
    _wait(driver, "return document.documentElement.getAttribute('data-ready') === '1'")
    data = driver.execute_script("return JSON.parse(document.getElementById('nlp-audit-data').textContent)")
    yield driver, data
    driver.quit()


def _wait(driver, script: str, timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script(script):
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def _go(driver, fragment: str) -> None:
    driver.execute_script("location.hash = arguments[0]", fragment)
    time.sleep(0.15)  # hashchange is dispatched asynchronously


def _rows(driver) -> list[dict]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#t-findings tbody tr')).map(function (tr) {"
        " return {f: +tr.getAttribute('data-f'), rule: tr.getAttribute('data-rule'), sev: tr.getAttribute('data-sev'),"
        " dept: tr.cells[3].textContent, text: tr.textContent}; })")


def _select(driver, select_id: str, value: str) -> None:
    driver.execute_script(
        "var s = document.getElementById(arguments[0]); s.value = arguments[1];"
        "s.dispatchEvent(new Event('change'));", select_id, value)


def _options(driver, select_id: str) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.getElementById(arguments[0]).options).map(function (o) { return o.value; })",
        select_id)


def test_the_page_loads_and_every_view_renders_without_console_errors(page) -> None:
    driver, data = page
    assert driver.find_element("css selector", "#overview svg.chart")
    for fragment in ("findings", "forms", "form=0", "overview"):
        _go(driver, fragment)
    assert len(data["findings"]) > 50 and len(data["forms"]) > 10
    assert console_errors(driver) == []


def test_each_filter_changes_what_is_shown(page) -> None:
    driver, data = page
    _go(driver, "findings")
    everything = {r["f"] for r in _rows(driver)}
    count = driver.find_element("id", "f-count").text
    checks = {
        "f-sev": lambda row, v: row["sev"] == v,
        "f-fam": lambda row, v: row["rule"].startswith(v),
        "f-rule": lambda row, v: row["rule"] == v,
        "f-dept": lambda row, v: row["dept"] == v,
        "f-form": lambda row, v: data["findings"][row["f"]][1] == int(v),
    }
    for select_id, holds in checks.items():
        values = [v for v in _options(driver, select_id) if v]
        assert values, select_id
        _select(driver, select_id, values[0])
        shown = _rows(driver)
        assert shown and {r["f"] for r in shown} != everything, select_id
        assert all(holds(r, values[0]) for r in shown), select_id
        assert driver.find_element("id", "f-count").text != count, select_id
        _select(driver, select_id, "")
        assert {r["f"] for r in _rows(driver)} == everything
    assert console_errors(driver) == []


def test_search_finds_a_finding(page) -> None:
    driver, data = page
    _go(driver, "findings")
    target = next(i for i, f in enumerate(data["findings"]) if f[2] == "S004")
    word = data["findings"][target][4]  # the indicator's name
    box = driver.find_element("id", "f-q")
    box.clear()
    box.send_keys(word)
    time.sleep(0.4)
    shown = _rows(driver)
    assert target in {r["f"] for r in shown}
    assert all(word in r["text"] or word.lower() in r["text"].lower() or r["f"] != target for r in shown)
    assert len(shown) < len(data["rows"])
    box.clear()
    box.send_keys("没有这样的文字zzzz")
    time.sleep(0.4)
    assert _rows(driver) == [] and driver.find_element("id", "f-count").text.startswith("共 0 条")
    box.clear()
    box.send_keys(" ")
    time.sleep(0.4)


def test_sorting_by_severity(page) -> None:
    driver, _ = page
    _go(driver, "findings")
    driver.find_element("css selector", "#t-findings th[data-sort='sev']").click()
    sevs = [int(r["sev"]) for r in _rows(driver)]
    assert sevs == sorted(sevs) and sevs[0] == 0
    driver.find_element("css selector", "#t-findings th[data-sort='sev']").click()
    sevs = [int(r["sev"]) for r in _rows(driver)]
    assert sevs == sorted(sevs, reverse=True)


def _active_texts(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#form .active')).filter(function (e) {"
        " return e.tagName !== 'LI'; }).map(function (e) { return e.textContent; })")


def test_a_cell_highlight_sits_on_the_quoted_cell(page) -> None:
    driver, data = page
    columns = {"name": 2, "target": 3, "actual": 4, "weight": 5, "score": 6, "reason": 7}
    picked = [(i, f) for i, f in enumerate(data["findings"]) if f[10] and f[10][0] == "ind" and f[10][2]]
    assert picked
    for i, f in picked[:6]:
        _go(driver, f"form={f[1]}&f={i}")
        row = data["forms"][f[1]][10]["ind"][f[10][1]]
        expected = [row[columns[c]] for c in f[10][2]]
        assert _active_texts(driver) == expected, (f[2], f[4])
        assert all(text.strip() and text.strip() in f[5] for text in expected), (f[2], expected, f[5])
        assert row[2] == f[4] or not f[4]  # the highlighted row is the finding's indicator
    assert console_errors(driver) == []


def test_a_narrative_highlight_sits_on_the_quoted_sentence(page) -> None:
    driver, data = page
    picked = [(i, f) for i, f in enumerate(data["findings"]) if f[10] and f[10][0] in ("goal", "actual")]
    assert picked
    for i, f in picked[:6]:
        _go(driver, f"form={f[1]}&f={i}")
        text = data["forms"][f[1]][10][f[10][0]]
        marked = "".join(_active_texts(driver))
        assert marked == text[f[10][1]:f[10][2]]
        assert "".join(marked.split()) == "".join(f[5].split())[: len("".join(marked.split()))]
        sentence = driver.execute_script(
            "return Array.from(document.querySelectorAll('#form .sent')).map(function (e) {"
            " return e.textContent; }).join('')")
        assert marked in sentence
    assert console_errors(driver) == []
