#!/usr/bin/env bash
# Renders the HTML report of a fixture page with headless Chromium: a screenshot to
# docs/report.png (the README's picture) and a DOM dump checked for the expected text.
#
#   scripts/screenshot-report.sh [PAGE] [PNG]
#
# PAGE defaults to tests/fixtures/news.html, PNG to docs/report.png. Needs Debian's `chromium`
# (`apt-get install -y chromium`); `pngquant` (`apt-get install -y pngquant`), when present,
# shrinks the PNG. Runs offline: the report has no external resources, and Chromium is started
# with its background networking off. Exit status: 0 rendered and checked, 1 a check failed,
# 2 Chromium missing.
set -euo pipefail
cd "$(dirname "$0")/.."

page=${1:-tests/fixtures/news.html}
png=${2:-docs/report.png}
# Text the report of the default page must show (the summary, a kept and a dropped block).
expect=("unchrome report" "blocks kept" "words dropped" "threshold" "model")
if [[ $# -eq 0 ]]; then
    expect+=("voted on Tuesday to build a new bridge" "Privacy policy")
fi

chrome=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chrome ]]; then
    echo "screenshot-report: chromium not found; install it with: apt-get install -y chromium" >&2
    exit 2
fi

cargo build --release --quiet --bin unchrome
bin=${CARGO_TARGET_DIR:-target}/release/unchrome

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" classify --format html "$page" >"$work/report.html"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --hide-scrollbars)
# Chromium's own chatter (D-Bus, GPU) goes to stderr; keep it out of the way unless it fails.
timeout 120 "$chrome" "${flags[@]}" --user-data-dir="$work/profile-dom" \
    --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/chromium-dom.log" ||
    { cat "$work/chromium-dom.log" >&2; exit 1; }
timeout 120 "$chrome" "${flags[@]}" --user-data-dir="$work/profile-shot" \
    --window-size=1200,1600 --screenshot="$work/report.png" \
    "file://$work/report.html" 2>"$work/chromium-shot.log" ||
    { cat "$work/chromium-shot.log" >&2; exit 1; }

failed=0
for text in "${expect[@]}"; do
    if ! grep -qF -- "$text" "$work/dom.html"; then
        echo "screenshot-report: the rendered DOM lacks '$text'" >&2
        failed=1
    fi
done
blocks=$(grep -o 'class="block ' "$work/dom.html" | wc -l)
if [[ $blocks -eq 0 ]]; then
    echo "screenshot-report: the rendered DOM has no blocks" >&2
    failed=1
fi
# A blank 1200x1600 page compresses to a few KB; a rendered report to far more.
size=$(stat -c %s "$work/report.png")
if [[ $size -lt 20000 ]]; then
    echo "screenshot-report: the screenshot is only $size bytes: blank?" >&2
    failed=1
fi
[[ $failed -eq 0 ]] || exit 1

if command -v pngquant >/dev/null; then
    pngquant --force --quality 70-95 --strip --output "$work/small.png" "$work/report.png"
    mv "$work/small.png" "$work/report.png"
fi
mkdir -p "$(dirname "$png")"
cp "$work/report.png" "$png"
echo "rendered $page: $blocks blocks in the DOM, expected text present; wrote $png ($(stat -c %s "$png") bytes)"
