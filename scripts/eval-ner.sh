#!/usr/bin/env bash
# NER evaluation (`make eval`): CoNLL-2003 testa/testb per type, seed entity
# F1 and speed. Needs ../shared (the shared data folder) next to the project.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
if [ ! -d "$SHARED/data/ner/conll2003" ] || [ ! -f "$SHARED/gold/seeds_gold.json" ]; then
  echo "make eval: the shared data folder ($SHARED) is missing; it is needed for evaluation" >&2
  exit 1
fi
cargo build --release --bin parallax --bin parallax-train
bin=${CARGO_TARGET_DIR:-target}/release
echo "== CoNLL-2003 (conlleval rules, exact spans; PER/ORG/LOC/MISC)"
"$bin"/parallax-train eval --shared "$SHARED"
echo "== Seed bundle entities ($SHARED/tools/score_seeds.py)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin"/parallax analyze "$SHARED/seeds" --format json --out "$out/seeds.json" 2>/dev/null
python3 "$SHARED/tools/score_seeds.py" "$out/seeds.json" "$SHARED/gold/seeds_gold.json" > "$out/score.json"
python3 - "$out/score.json" "$out/seeds.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
print(f"seed entity F1 {s['entity_f1']:.3f}  by type {s['entity_f1_by_type']}  merges {s['cross_article_merges_ok']}")
bad = []
for a in r["articles"]:
    t = a["text"].encode()
    for m in a["mentions"]:
        w = t[m["start"]:m["end"]].decode()
        if (w in ("Kyiv", "Kiev") and m["label"] == "PERSON") or (w == "Trump" and m["label"] == "ORG"):
            bad.append((a["id"], w, m["label"]))
print("Kyiv/Kiev as PERSON or Trump as ORG:", bad if bad else "none")
PY
echo "== Speed (tokenise + tag, this machine)"
cargo bench --bench ner 2>/dev/null | grep tokens/s
