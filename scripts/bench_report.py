#!/usr/bin/env python3
"""The HTML report at scale: page size and time to first render in headless Chromium, plus screenshots.

    python3 scripts/bench_report.py --forms 1000,5000 --shots /tmp/ux-shots [--repeat 3]

For each size it generates that many synthetic forms (scripts/generate_corpus.py, every layout
family), checks them (tfidf embedder, all rules), renders `--format html`, and loads the page in
Chromium (Debian's, see scripts/install_browser.sh): first contentful paint and load end (the
overview is drawn and the data parsed), then the time to draw the findings table, a filter, a
search and a per-form view. Prints ranges over the repeats: the machine is shared, one figure
means little. Screenshots (overview, filtered table, per-form view with highlights) of the
largest size go to --shots.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

FAMILIES = 8  # layout families generate_corpus.py writes


def generate(n: int, out: Path) -> None:
    per = max(1, -(-n // FAMILIES))
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_corpus.py"), "--out", str(out),
                    "--per-family", str(per), "--seed", "7"], check=True, stdout=subprocess.DEVNULL)


def report(folder: Path, dest: Path) -> tuple[int, int, float]:
    from nlp_audit import formatters, pipeline
    from nlp_audit.nlp.embedders import make_embedder

    t0 = time.perf_counter()
    result = pipeline.run([folder], embedder=make_embedder("tfidf"), jobs=0)
    page = formatters.render("html", result)
    dest.write_bytes(page)
    return result.form_count, len(result.findings), time.perf_counter() - t0


def timed(driver, script: str, fragment: str | None = None) -> float:
    """Milliseconds for ``script`` (which changes the page) plus the browser drawing it; with
    ``fragment`` the page is navigated there and the clock stops once its hashchange was handled."""
    finish = "requestAnimationFrame(function () { setTimeout(function () { done(performance.now() - t); }, 0); });"
    if fragment is not None:
        return driver.execute_async_script(
            "var done = arguments[arguments.length - 1]; var t = performance.now();"
            "window.addEventListener('hashchange', function () {" + finish + "}, {once: true});"
            "location.hash = arguments[0];", fragment)
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1]; var t = performance.now();" + script + ";" + finish)


def full_page_png(driver, dest: Path) -> None:
    """The whole page, not just the window (Chromium's DevTools capture beyond the viewport)."""
    import base64

    size = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 16000), "scale": 1}})
    dest.write_bytes(base64.b64decode(shot["data"]))


def measure(path: Path, shots: Path | None) -> dict[str, float]:
    """One page load: load times, then the findings tab, a filter, a search and a form view."""
    from browser import chrome, console_errors

    driver = chrome()
    try:
        driver.set_script_timeout(120)
        driver.get(path.as_uri())
        while driver.execute_script("return document.documentElement.getAttribute('data-ready')") != "1":
            time.sleep(0.05)
        nav = driver.execute_script(
            "var n = performance.getEntriesByType('navigation')[0];"
            "var p = performance.getEntriesByType('paint').filter(function (e) {"
            " return e.name === 'first-contentful-paint'; })[0];"
            "return {fcp: p ? p.startTime : null, load: n.loadEventEnd, dom: n.domContentLoadedEventEnd};")
        if shots:
            driver.save_screenshot(str(shots / "1_overview.png"))
        out = {"fcp_ms": nav["fcp"], "load_ms": nav["load"]}
        out["findings_tab_ms"] = timed(driver, "", "findings")
        out["filter_ms"] = timed(driver, "var s = document.getElementById('f-sev'); s.value = '0';"
                                         "s.dispatchEvent(new Event('change'))")
        fam = driver.execute_script("var o = document.getElementById('f-fam').options; return o.length > 2 ? o[2].value : ''")
        if fam:
            driver.execute_script("var s = document.getElementById('f-fam'); s.value = arguments[0];"
                                  "s.dispatchEvent(new Event('change'))", fam)
        if shots:
            driver.save_screenshot(str(shots / "2_filtered_table.png"))
        driver.execute_script("['f-sev', 'f-fam'].forEach(function (id) { var s = document.getElementById(id);"
                              " s.value = ''; s.dispatchEvent(new Event('change')); })")
        out["search_ms"] = driver.execute_async_script(  # typed text is debounced: wait for the count to change
            "var done = arguments[arguments.length - 1], t = performance.now();"
            "var c = document.getElementById('f-count'), before = c.textContent;"
            "var q = document.getElementById('f-q'); q.value = '满意度'; q.dispatchEvent(new Event('input'));"
            "(function poll() { if (c.textContent !== before) { requestAnimationFrame(function () {"
            " setTimeout(function () { done(performance.now() - t); }, 0); }); } else { setTimeout(poll, 5); } })();")
        time.sleep(0.3)
        target = driver.execute_script(
            "var d = JSON.parse(document.getElementById('nlp-audit-data').textContent);"
            "for (var i = 0; i < d.findings.length; i++) { var f = d.findings[i];"
            " if (f[10] && f[10][0] === 'ind' && f[10][2].length && f[1] >= 0) {"
            "  for (var j = 0; j < d.findings.length; j++) { var g = d.findings[j];"
            "   if (g[1] === f[1] && g[10] && (g[10][0] === 'actual' || g[10][0] === 'goal')) return [f[1], i]; } } }"
            "return null;")
        if target:
            out["form_view_ms"] = timed(driver, "", f"form={target[0]}&f={target[1]}")
            if shots:
                driver.save_screenshot(str(shots / "3_form_view.png"))
                full_page_png(driver, shots / "4_form_view_full.png")  # the highlights below the fold too
        errors = console_errors(driver)
        if errors:
            print("console errors:", errors[:3])
        return out
    finally:
        driver.quit()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", default="1000,5000", help="comma-separated batch sizes")
    ap.add_argument("--repeat", type=int, default=3, help="page loads per size (report the range)")
    ap.add_argument("--shots", type=Path, help="folder for screenshots of the largest size")
    args = ap.parse_args()
    sizes = [int(x) for x in args.forms.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"corpus_{n}"
            generate(n, folder)
            page = Path(tmp) / f"report_{n}.html"
            forms, findings, secs = report(folder, page)
            size = page.stat().st_size
            runs = []
            for r in range(args.repeat):
                shots = args.shots if (args.shots and n == sizes[-1] and r == 0) else None
                if shots:
                    shots.mkdir(parents=True, exist_ok=True)
                runs.append(measure(page, shots))
            print(f"{forms} forms, {findings} findings: page {size / 1e6:.1f} MB (check + render {secs:.0f} s)")
            for key in runs[0]:
                values = [r[key] for r in runs if r.get(key) is not None]
                if values:
                    print(f"  {key:<16} {min(values):8.0f} – {max(values):8.0f} ms")


if __name__ == "__main__":
    main()
