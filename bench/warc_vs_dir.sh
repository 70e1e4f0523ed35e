#!/usr/bin/env bash
# `unchrome classify -f jsonl` on a folder of pages against the same pages in WARC files, the
# two taking turns (pairs run back to back see the same load from other work): wall and CPU
# seconds per run, then the medians and the median of the pairs' wall ratios.
#   bench/warc_vs_dir.sh [WORK] [REPS]     (WORK as bench/crawl_throughput.py leaves it:
#                                           WORK/pages and WORK/warc; default /tmp/unchrome-crawl)
set -euo pipefail
bin="$(cd "$(dirname "$0")/.." && pwd)/target/release/unchrome"
work="${1:-/tmp/unchrome-crawl}"
reps="${2:-5}"
log="$(mktemp)"
trap 'rm -f "$log" "$log.t"' EXIT
for _ in $(seq "$reps"); do
    for j in 1 2; do
        for input in pages warc; do
            /usr/bin/time -f "$input $j %e %U %S" -o "$log.t" \
                "$bin" classify -f jsonl -j "$j" "$work/$input" >/dev/null
            echo "$(cat "$log.t") $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$log"
        done
    done
done
python3 - "$log" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
for j in ("1", "2"):
    runs = {t: [(float(w), float(u) + float(s)) for t2, j2, w, u, s, _ in rows if (t2, j2) == (t, j)]
            for t in ("pages", "warc")}
    wall = {t: st.median(w for w, _ in v) for t, v in runs.items()}
    cpu = {t: st.median(c for _, c in v) for t, v in runs.items()}
    pairs = st.median(a[0] / b[0] for a, b in zip(runs["pages"], runs["warc"]))
    print(f"-j {j}: folder {wall['pages']:.2f} s ({cpu['pages']:.2f} CPU s), WARC {wall['warc']:.2f} s "
          f"({cpu['warc']:.2f} CPU s); WARC/folder speed: pairs' wall {pairs:.2f}x, "
          f"CPU {cpu['pages'] / cpu['warc']:.2f}x")
print("load average:", min(float(r[-1]) for r in rows), "-", max(float(r[-1]) for r in rows))
PY
