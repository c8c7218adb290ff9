#!/usr/bin/env bash
# Score parse + check output against the gold annotations in ../shared (skips when absent).
# Usage: scripts/score_gold.sh [-v] [--no-aliases]
# Prints, each scored on its own: the seeds, the first real-dev excerpts the parser was developed on
# ("real-dev-21"), the excerpts added later ("real-dev-new": the last 23 rows of MANIFEST.tsv), then
# real-dev as a whole and real-dev + seeds together. --no-aliases parses and checks with the header-alias
# lexicon emptied (scripts/no_aliases.py): real layouts read as if no column name were known.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
if [ ! -f "$SHARED/tools/score_gold.py" ]; then
  echo "../shared not found: nothing to score"; exit 0
fi
NEW=${NEW:-23}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
AUDIT=(nlp-audit)
for arg in "$@"; do
  case $arg in
    -v) VERBOSE=-v ;;
    --no-aliases) AUDIT=(python3 scripts/no_aliases.py) ;;
    *) echo "usage: $0 [-v] [--no-aliases]" >&2; exit 2 ;;
  esac
done
score() {  # name gold_dir list_file
  local name=$1 gold=$2 list=$3
  mapfile -t files < "$list"
  "${AUDIT[@]}" parse "${files[@]}" --format json > "$out/$name.P.json"
  "${AUDIT[@]}" check "${files[@]}" --format jsonl --fail-on never > "$out/$name.F.jsonl" 2>/dev/null || : > "$out/$name.F.jsonl"
  echo "== $name (${#files[@]} files)"
  python3 "$SHARED/tools/score_gold.py" --gold-dir "$gold" --root "$SHARED/.." --files-from "$list" \
    --parse-json "$out/$name.P.json" --findings-jsonl "$out/$name.F.jsonl" ${VERBOSE:-} | {
      if [ -n "${VERBOSE:-}" ]; then cat; else tail -n 1; fi; }
}
manifest=$(tail -n +2 "$SHARED/real-dev/MANIFEST.tsv" | cut -f1 | sed "s|^|$SHARED/real-dev/|")
total=$(printf '%s\n' "$manifest" | wc -l)
printf '%s\n' "$manifest" | head -n $((total - NEW)) > "$out/old.list"
printf '%s\n' "$manifest" | tail -n "$NEW" > "$out/new.list"
printf '%s\n' "$manifest" > "$out/realdev.list"
ls "$SHARED"/seeds/*.txt > "$out/seeds.list"
mkdir -p "$out/gold"
cp "$SHARED"/real-dev/gold/*.json "$SHARED"/seeds/gold/*.json "$out/gold/"
cat "$out/realdev.list" "$out/seeds.list" > "$out/all.list"
score seeds "$SHARED/seeds/gold" "$out/seeds.list"
score real-dev-21 "$SHARED/real-dev/gold" "$out/old.list"
score real-dev-new "$SHARED/real-dev/gold" "$out/new.list"
score real-dev "$SHARED/real-dev/gold" "$out/realdev.list"
score all "$out/gold" "$out/all.list"
