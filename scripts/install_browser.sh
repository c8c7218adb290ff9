#!/usr/bin/env bash
# Debian's Chromium and chromedriver (and a CJK font, so screenshots show the Chinese) for the HTML
# report's browser test. The README's test command and .ci/run both call this. It never fails the
# build: where the browser is already there it does nothing, and where apt-get is missing or cannot
# install, it says so and the browser test skips with the same message.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_browser: no apt-get here; the HTML report's browser test will skip" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install_browser: not root and no sudo; the HTML report's browser test will skip" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
if ! $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-wqy-zenhei >/dev/null 2>&1; then
  echo "install_browser: apt-get could not install chromium; the HTML report's browser test will skip" >&2
fi
exit 0
