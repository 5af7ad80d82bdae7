#!/usr/bin/env bash
# Instructions per word of the native pipeline, counted by valgrind
# (part of `make bench`). Unlike times, the counts hardly depend on what
# else the machine is doing (< 0.1 % apart), so they compare builds and sessions on a
# shared machine whose speed changes from minute to minute.
#
#   scripts/bench-instructions.sh
#
# Runs the release CLI on one thread (`PARALLAX_THREADS=1 parallax analyze
# … --format csv --table articles`) under `valgrind --tool=cachegrind
# --cache-sim=no`: once on a one-line file (the model and lexicons load,
# the report is written) and once per corpus. The difference is the
# instructions of ingest, analysis and tables; divided by the words the
# articles table counts. Corpora: the seed bundle (assets/example) and,
# when the shared data folder exists (../shared or PARALLAX_SHARED), the
# 300 BASIL articles as one bundle. Needs valgrind (skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${PARALLAX_SHARED:-../shared}

echo "Instructions of the native pipeline (valgrind, one thread)"
if ! command -v valgrind >/dev/null; then
    echo "instructions: skipped, valgrind is not installed (Debian package valgrind)"
    exit 0
fi
cargo build --release --quiet --bin parallax
bin=${CARGO_TARGET_DIR:-target}/release/parallax
[[ -x $bin ]] || { echo "instructions: $bin was not built"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/parallax-bench-instr.XXXXXX")
trap 'rm -rf "$work"' EXIT

# count NAME FILE… : instructions of one run, and the articles table in
# $work/NAME.csv.
count() {
    local name=$1
    shift
    PARALLAX_THREADS=1 valgrind --tool=cachegrind --cache-sim=no \
        --cachegrind-out-file=/dev/null --log-file="$work/$name.log" \
        "$bin" analyze "$@" --format csv --table articles --out "$work/$name.csv" \
        2>/dev/null || true
    awk '/I *refs:/ {gsub(",", "", $NF); print $NF}' "$work/$name.log"
}

printf 'Officials met on Monday.\n' >"$work/one.txt"
base=$(count base "$work/one.txt")
[[ -n $base ]] || { echo "instructions: valgrind gave no count:"; tail -5 "$work/base.log"; exit 1; }
printf '  start-up (model and lexicons loaded, report written): %s M instructions\n' \
    "$(python3 -c "print(f'{$base / 1e6:,.0f}')")"

report() {
    local name=$1 label=$2
    shift 2
    local total
    total=$(count "$name" "$@")
    [[ -n $total && -s $work/$name.csv ]] || { echo "  $label: no count"; return; }
    python3 - "$label" "$total" "$base" "$work/$name.csv" <<'PY'
import csv, sys
label, total, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(sys.argv[4], encoding="utf-8-sig", newline="") as f:
    n = sum(int(r["words"]) for r in csv.DictReader(f))
work = total - base
print(f"  {label}: {work / 1e6:,.0f} M instructions for {n:,} words = "
      f"{work / max(n, 1):,.0f} per word (run {total / 1e6:,.0f} M, start-up included)")
PY
}

report seed "seed bundle (assets/example)" assets/example
basil=("$shared"/data/bundles/basil/*/*.txt)
if [[ -f ${basil[0]} ]]; then
    report basil "BASIL, ${#basil[@]} articles as one bundle" "${basil[@]}"
else
    echo "  BASIL: skipped, no $shared/data/bundles/basil"
fi
