#!/usr/bin/env bash
# Gzipped size (gzip -9) of every file of the built web app, and the total:
# what a browser downloads on first visit (part of `make bench`).
#
#   scripts/bench-sizes.sh            # dist/ (from `make dist`)
#   PARALLAX_DIST=dir scripts/bench-sizes.sh
#
# Builds nothing: without a build it says how to make one and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

dist=${PARALLAX_DIST:-dist}
target=1500000 # issue 7: total gzipped payload ≤ 1.5 MB (decimal)

echo "Payload of the web app in $dist (gzip -9 of each file)"
if [[ ! -f $dist/index.html ]]; then
    echo "sizes: skipped, $dist/index.html is missing; build the app with \`make dist\`."
    exit 0
fi

total_raw=0
total_gz=0
printf '  %-48s %12s %12s\n' file bytes gzipped
while IFS= read -r -d '' f; do
    raw=$(wc -c <"$f")
    gz=$(gzip -9c "$f" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '  %-48s %12d %12d\n' "${f#"$dist"/}" "$raw" "$gz"
done < <(find "$dist" -type f -print0 | sort -z)
printf '  %-48s %12d %12d\n' total "$total_raw" "$total_gz"
if ((total_gz <= target)); then
    verdict="met"
else
    verdict="NOT met ($(((total_gz - target + 999) / 1000)) KB over)"
fi
printf '  target: total gzipped ≤ 1.5 MB (%d bytes): %s\n' "$target" "$verdict"
