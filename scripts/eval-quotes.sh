#!/usr/bin/env bash
# Quote figures (issue 5):
#  - the seed bundle against its gold (../shared/tools/score_seeds.py):
#    quote recall, precision and speaker accuracy (bars: recall >= 0.95,
#    speaker accuracy >= 0.93);
#  - PolNeAR dev, speech cues only (../shared/tools/score_quotes.py): F1 at
#    overlap 0.3 and 0.8, speaker accuracy, recall by kind (bar: F1@0.3 >=
#    0.72; a naive regex baseline gets 0.547).
# Usage: scripts/eval-quotes.sh [--train]   (from the project root; needs
# ../shared; --train also scores PolNeAR train, the development split).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
POLNEAR=$SHARED/data/quotes/polnear
for need in "$SHARED/seeds" "$SHARED/gold/seeds_gold.json" "$SHARED/tools/score_seeds.py" \
  "$SHARED/tools/score_quotes.py" "$POLNEAR/polnear_dev.jsonl"; do
  if [ ! -e "$need" ]; then
    echo "eval-quotes: $need is missing — this evaluation needs the shared data folder beside the project (../shared)." >&2
    exit 2
  fi
done
command -v python3 >/dev/null || { echo "eval-quotes: python3 is needed for the scorers in ../shared/tools" >&2; exit 2; }
OUT=${TMPDIR:-/tmp}/parallax-eval-quotes
mkdir -p "$OUT"
cargo build --release --quiet --bin parallax --bin parallax-eval
BIN_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release

echo "== seeds: quotes against ../shared/gold/seeds_gold.json"
"$BIN_DIR/parallax" analyze "$SHARED/seeds" --format json --out "$OUT/seeds.json" 2>/dev/null
python3 "$SHARED/tools/score_seeds.py" "$OUT/seeds.json" "$SHARED/gold/seeds_gold.json" > "$OUT/seeds_score.json"
python3 - "$OUT/seeds_score.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["counts"]
print(f"  quote recall     {r['quote_recall']:.3f}  ({c['q_found']}/{c['q_gold']})   bar >= 0.95")
print(f"  quote precision  {r['quote_precision']:.3f}  ({c['q_pred_ok']}/{c['q_pred']})")
print(f"  speaker accuracy {r['speaker_accuracy']:.3f}  ({c['q_spk_ok']}/{c['q_spk_gold']})   bar >= 0.93")
PY

score_polnear() {
  local name=$1 gold=$2
  echo "== PolNeAR $name, speech cues (F1 at overlap 0.3 / 0.8; bar F1@0.3 >= 0.72)"
  "$BIN_DIR/parallax-eval" quotes "$gold" > "$OUT/polnear_$name.pred.jsonl"
  python3 "$SHARED/tools/score_quotes.py" "$gold" "$OUT/polnear_$name.pred.jsonl" --only-speech | sed 's/^/  /'
}
score_polnear dev "$POLNEAR/polnear_dev.jsonl"
if [ "${1:-}" = "--train" ]; then
  score_polnear train "$POLNEAR/polnear_train.jsonl"
fi
echo "(outputs in $OUT)"
