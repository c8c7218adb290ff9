#!/usr/bin/env bash
# Score parse + check output against the gold annotations in ../shared (skips when absent).
# Usage: scripts/score_gold.sh [-v]   (prints the real-dev summary, then seeds + real-dev together)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
if [ ! -f "$SHARED/tools/score_gold.py" ]; then
  echo "../shared not found: nothing to score"; exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
score() {  # name gold_dir files...
  local name=$1 gold=$2; shift 2
  nlp-audit parse "$@" --format json > "$out/$name.P.json"
  nlp-audit check "$@" --format jsonl --fail-on never > "$out/$name.F.jsonl" 2>/dev/null || : > "$out/$name.F.jsonl"
  echo "== $name"
  python3 "$SHARED/tools/score_gold.py" --gold-dir "$gold" --root "$SHARED/.." \
    --parse-json "$out/$name.P.json" --findings-jsonl "$out/$name.F.jsonl" ${VERBOSE:-}
}
[ "${1:-}" = "-v" ] && VERBOSE=-v
score real-dev "$SHARED/real-dev/gold" "$SHARED"/real-dev/*.txt
mkdir -p "$out/gold"
cp "$SHARED"/real-dev/gold/*.json "$SHARED"/seeds/gold/*.json "$out/gold/"
score all "$out/gold" "$SHARED"/real-dev/*.txt "$SHARED"/seeds/*.txt
