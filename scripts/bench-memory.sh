#!/usr/bin/env bash
# Peak memory of the release CLI on a ~10 MB bundle (part of `make bench`).
#
#   scripts/bench-memory.sh                    # 10 MB
#   PARALLAX_BENCH_MB=2 scripts/bench-memory.sh
#
# Builds `target/release/parallax` (or under $CARGO_TARGET_DIR), writes a
# synthetic bundle into a temporary folder and runs
# `parallax analyze DIR --format json --out FILE` under /usr/bin/time -v
# (getrusage of the child through Python when GNU time is missing), then
# prints the peak resident set size, the time and words/s; then, when the
# app is built (dist/ or PARALLAX_DIST), drops the same bundle on the app in
# headless Chromium and prints the time and the renderer's peak memory.
#
# The bundle is made of the repository's seed articles and, when the shared
# data folder exists (../shared or PARALLAX_SHARED), the 300 BASIL articles:
# each synthetic article has its own title line ("Dispatch N: …") and the
# bodies of KB (default 32) kilobytes of consecutive source articles starting
# at a different one, so every text differs (no article is dropped as a
# duplicate) while each source article is reused about MB × 1 MB / (size of
# the sources) times.
set -euo pipefail
cd "$(dirname "$0")/.."

mb=${PARALLAX_BENCH_MB:-10}
kb=${PARALLAX_BENCH_ARTICLE_KB:-32}
shared=${PARALLAX_SHARED:-../shared}

echo "Peak memory of \`parallax analyze\` on a ${mb} MB bundle"
cargo build --release --quiet --bin parallax
bin=${CARGO_TARGET_DIR:-target}/release/parallax
[[ -x $bin ]] || { echo "memory: $bin was not built"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/parallax-bench-mem.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/bundle"

python3 - "$work/bundle" "$mb" "$kb" assets/example "$shared/data/bundles/basil" <<'PY'
import pathlib, sys

out, mb, kb, seed, basil = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]
sources = sorted(pathlib.Path(seed).glob("*.txt"))
basil = pathlib.Path(basil)
if basil.is_dir():
    sources += sorted(basil.glob("*/*.txt"))
else:
    print(f"  (no {basil}: built from the seed articles only, which repeats them far more)")
texts = []
for p in sources:
    text = p.read_text(encoding="utf-8", errors="replace").strip()
    title, _, body = text.partition("\n")
    texts.append((title.strip(), body.strip()))
target = int(mb * 1_000_000)
size, n, words = 0, 0, 0
while size < target:
    start = (n * 7) % len(texts)
    title = f"Dispatch {n + 1}: {texts[start][0]}"
    parts, length, k = [], 0, 0
    while length < kb * 1000 and k < len(texts):
        body = texts[(start + k) % len(texts)][1]
        parts.append(body)
        length += len(body.encode()) + 2
        k += 1
    article = title + "\n\n" + "\n\n".join(parts) + "\n"
    data = article.encode()
    (pathlib.Path(out) / f"dispatch-{n + 1:05}.txt").write_bytes(data)
    size += len(data)
    words += len(article.split())
    n += 1
print(f"  bundle: {n} files of ≈{kb} KB, {size / 1e6:.1f} MB, ≈{words:,} words, from {len(texts)} source articles")
PY

if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v -o "$work/time.txt" "$bin" analyze "$work/bundle" --format json --out "$work/report.json" 2>"$work/stderr.txt" || true
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    secs=$(python3 -c "import sys; p=sys.argv[1].split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))" "$wall")
else
    read -r rss_kb secs < <(python3 - "$bin" "$work" <<'PY'
import resource, subprocess, sys, time
bin, work = sys.argv[1:]
t0 = time.perf_counter()
with open(f"{work}/stderr.txt", "w") as err:
    subprocess.run([bin, "analyze", f"{work}/bundle", "--format", "json", "--out", f"{work}/report.json"], stderr=err)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t0)
PY
)
fi
[[ -s $work/report.json ]] || { echo "memory: the CLI wrote no report:"; tail -5 "$work/stderr.txt"; exit 1; }
python3 - "$work/report.json" "$rss_kb" "$secs" "$mb" <<'PY'
import json, sys
report, rss_kb, secs, mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
r = json.load(open(report))
words = sum(a["stats"]["words"] for a in r["articles"])
print(f"  peak RSS: {rss_kb / 1024:.0f} MiB ({rss_kb:,} KiB) for {len(r['articles'])} articles, {words:,} words")
print(f"  time: {secs:.1f} s including reading files and writing the JSON report → {words / secs / 1e3:.0f} k words/s")
PY

# The same bundle in headless Chromium when the app is built: time to the
# tables and the peak memory of the renderer process (page and workers).
dist=${PARALLAX_DIST:-dist}
if [[ -f $dist/index.html ]]; then
    echo "  in the browser (benches/browser.rs with PARALLAX_BENCH_BUNDLE):"
    PARALLAX_BENCH_BUNDLE="$work/bundle" cargo bench --quiet --bench browser 2>/dev/null | sed 's/^/  /'
else
    echo "  in the browser: skipped, no $dist/index.html (build the app with \`make dist\`)"
fi
