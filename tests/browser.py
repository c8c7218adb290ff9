"""Headless Chromium for the HTML report: Debian's chromium + chromedriver, driven by selenium.

``chrome()`` returns a driver or raises ``NoBrowser`` saying what is missing; selenium is pointed
at /usr/bin/chromium and /usr/bin/chromedriver so selenium-manager never downloads anything.
``scripts/install_browser.sh`` installs both where apt-get is available.
"""

from __future__ import annotations

import os
import shutil

HINT = "run scripts/install_browser.sh (Debian's chromium and chromium-driver, needs apt-get)"


class NoBrowser(Exception):
    pass


def _find(name: str, fallback: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    return fallback if os.path.exists(fallback) else None


def chrome(width: int = 1400, height: int = 1000):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:
        raise NoBrowser(f"selenium is not installed (pip install -e '.[test]'); {HINT}") from exc
    binary = _find("chromium", "/usr/bin/chromium")
    driver = _find("chromedriver", "/usr/bin/chromedriver")
    if binary is None or driver is None:
        raise NoBrowser(f"no {'chromium' if binary is None else 'chromedriver'} on this machine; {HINT}")
    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--disable-extensions", "--no-first-run"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(executable_path=driver), options=opts)
    except Exception as exc:  # noqa: BLE001 - a browser that does not start is "no browser" here
        raise NoBrowser(f"chromium did not start ({type(exc).__name__}: {str(exc)[:200]}); {HINT}") from exc


def console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e.get("level") in ("SEVERE", "ERROR")]
