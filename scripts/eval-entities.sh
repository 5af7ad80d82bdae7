#!/usr/bin/env bash
# Entity-resolution figures (issue 4): the seed merge check and entity F1
# (../shared/tools/score_seeds.py), with the project's NER mentions and with
# gold-name mentions (resolution alone), then GUM nominal linking, cluster
# purity / inverse purity and pronoun accuracy.
# Usage: scripts/eval-entities.sh   (from the project root; needs ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
for need in "$SHARED/seeds" "$SHARED/gold/seeds_gold.json" "$SHARED/tools/score_seeds.py" "$SHARED/data/ner/gum/gum_mentions.jsonl"; do
  if [ ! -e "$need" ]; then
    echo "eval-entities: $need is missing — this evaluation needs the shared data folder beside the project (../shared)." >&2
    exit 2
  fi
done
command -v python3 >/dev/null || { echo "eval-entities: python3 is needed for score_seeds.py" >&2; exit 2; }
OUT=${TMPDIR:-/tmp}/parallax-eval-entities
mkdir -p "$OUT"
cargo build --release --example eval_entities --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/examples/eval_entities

summary() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  cross_article_merges_ok {r['cross_article_merges_ok']}  entity_f1 {r['entity_f1']:.3f}  by type {r['entity_f1_by_type']}  speaker_accuracy {r['speaker_accuracy']:.3f}")
PY
}

echo "== (a) seeds, NER mentions (full pipeline)"
"$BIN" seeds "$SHARED/seeds" "$OUT/seeds_ner.json"
python3 "$SHARED/tools/score_seeds.py" "$OUT/seeds_ner.json" "$SHARED/gold/seeds_gold.json" > "$OUT/score_ner.json"
summary "$OUT/score_ner.json"

echo "== (a) seeds, gold-name mentions (resolution alone)"
"$BIN" seeds "$SHARED/seeds" "$OUT/seeds_gold.json" --gold-mentions "$SHARED/gold/seeds_gold.json"
python3 "$SHARED/tools/score_seeds.py" "$OUT/seeds_gold.json" "$SHARED/gold/seeds_gold.json" > "$OUT/score_gold.json"
summary "$OUT/score_gold.json"

echo "== (b, c) GUM"
"$BIN" gum "$SHARED/data/ner/gum"
