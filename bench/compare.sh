#!/usr/bin/env bash
# Side-by-side comparison: unchrome and its peers on the same benchmark pages, one scorer.
#
#   bash bench/compare.sh DATASET_DIR OUT_DIR [--domains FILE] [--split NAME] [--by-type] [--by-lang]
#                         [--skip-unchrome] [--skip-python] [--skip-rust] [--score-only]
#
# Runs, one after another (never in parallel): unchrome (single-threaded, -j 1), the Python peers
# (bench/peers/run_peers.py in bench/.venv, made by bench/peers/setup.sh if missing), the Rust
# peers (bench/compare, built if needed), then bench/score.py, which prints the Markdown table and
# writes OUT_DIR/scores.json.
#
# Environment: UNCHROME_BIN (default: <repo>/target/release/unchrome; never built here),
# UNCHROME_ARGS (extra classify arguments, e.g. "-m model.json"), TIMEOUT (Python per-page limit, s).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

[ $# -ge 2 ] || usage
dataset="$(cd "$1" && pwd)"
mkdir -p "$2"
out="$(cd "$2" && pwd)"
shift 2
filter=()
score_extra=()
run_unchrome=1 run_python=1 run_rust=1
while [ $# -gt 0 ]; do
    case "$1" in
        --domains) filter+=(--domains "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
        --split) filter+=(--split "$2"); shift 2 ;;
        --by-type) score_extra+=(--by-type); shift ;;
        --by-lang) score_extra+=(--by-lang); shift ;;
        --skip-unchrome) run_unchrome=0; shift ;;
        --skip-python) run_python=0; shift ;;
        --skip-rust) run_rust=0; shift ;;
        --score-only) run_unchrome=0 run_python=0 run_rust=0; shift ;;
        -h|--help) usage ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
done

venv="$bench/.venv"
if [ ! -x "$venv/bin/python" ] && [ "$run_python" = 1 ]; then
    echo "== setting up $venv" >&2
    bash "$bench/peers/setup.sh" >&2
fi
# the scorer and the selection helper need only the standard library
py="$venv/bin/python"
[ -x "$py" ] || py=python3

# ---------------------------------------------------------------- unchrome
if [ "$run_unchrome" = 1 ]; then
    bin="${UNCHROME_BIN:-$repo/target/release/unchrome}"
    rm -rf "$out/unchrome"
    links="$(mktemp -d)"
    trap 'rm -rf "$links"' EXIT
    # the selected pages as symlinks, so unchrome sees exactly the same selection
    PYTHONPATH="$bench" "$py" - "$dataset" "$links" "${filter[@]}" <<'PY'
import argparse, os, benchlib
ap = argparse.ArgumentParser(); ap.add_argument("dataset"); ap.add_argument("links")
benchlib.add_filter_args(ap); a = ap.parse_args()
for row in benchlib.select_pages(a.dataset, a.domains, a.split):
    os.symlink(benchlib.html_path(a.dataset, row["id"]), os.path.join(a.links, row["id"] + ".html.gz"))
PY
    n="$(find "$links" -name '*.html.gz' | wc -l)"
    echo "== unchrome: $n pages" >&2
    probe="$(mktemp -d)"
    if [ ! -x "$bin" ]; then
        echo "!! unchrome skipped: no binary at $bin (build it with cargo build --release)" >&2
    elif ! "$bin" classify -j 1 -f text --no-title ${UNCHROME_ARGS:-} -o "$probe" "$(find "$links" -name '*.html.gz' | head -1)" >/dev/null 2>"$probe/err"; then
        echo "!! unchrome skipped: it fails on a single page (model not trained yet?):" >&2
        grep -v -e '^ ' -e '^\s*$' "$probe/err" | head -3 | sed 's/^/   /' >&2
    else
        mkdir -p "$out/unchrome"
        start=$(date +%s.%N)
        rc=0
        "$bin" classify -j 1 -f text --no-title ${UNCHROME_ARGS:-} -o "$out/unchrome" "$links" 2>"$out/unchrome/_stderr.log" || rc=$?
        end=$(date +%s.%N)
        PYTHONPATH="$bench" "$py" - "$dataset" "$out/unchrome" "$start" "$end" "$rc" "$bin" "${filter[@]}" <<'PY'
import argparse, json, os, subprocess, benchlib
ap = argparse.ArgumentParser()
for a in ("dataset", "dir", "start", "end", "rc", "bin"): ap.add_argument(a)
benchlib.add_filter_args(ap); a = ap.parse_args()
ids = [r["id"] for r in benchlib.select_pages(a.dataset, a.domains, a.split)]
missing = [i for i in ids if not os.path.exists(os.path.join(a.dir, i + ".txt"))]
empty = sum(1 for i in ids if i not in missing and not open(os.path.join(a.dir, i + ".txt"), errors="replace").read().strip())
secs = float(a.end) - float(a.start)
try:
    version = subprocess.run([a.bin, "--version"], capture_output=True, text=True).stdout.strip()
except OSError:
    version = None
json.dump({"tool": "unchrome", "version": version, "settings": "unchrome classify -j 1 -f text --no-title -o DIR PAGES_DIR",
           "pages": len(ids), "seconds": round(secs, 3), "pages_per_s": round(len(ids) / secs, 2) if secs > 0 else None,
           "failures": len(missing), "errors": missing, "timeouts": [], "empty_outputs": empty, "exit_code": int(a.rc),
           "timed": "whole process, one thread: file read, gunzip, model load, decode, classify, write"},
          open(os.path.join(a.dir, "_timing.json"), "w"), indent=1)
print(f"[unchrome] {len(ids)} pages in {secs:.1f}s, {len(missing)} without output, {empty} empty, exit {a.rc}",
      file=__import__("sys").stderr)
PY
    fi
    rm -rf "$probe"
fi

# ---------------------------------------------------------------- Python peers
if [ "$run_python" = 1 ]; then
    echo "== Python peers" >&2
    "$venv/bin/python" "$bench/peers/run_peers.py" "$dataset" "$out" "${filter[@]}" --timeout "${TIMEOUT:-60}"
fi

# ---------------------------------------------------------------- Rust peers
if [ "$run_rust" = 1 ]; then
    echo "== Rust peers (building bench/compare if needed)" >&2
    cargo build --quiet --release --manifest-path "$bench/compare/Cargo.toml"
    "$bench/compare/target/release/unchrome-compare" "$dataset" "$out" "${filter[@]}"
fi

# ---------------------------------------------------------------- score
echo "== scores" >&2
"$py" "$bench/score.py" "$dataset" "$out" "${filter[@]}" "${score_extra[@]}" --json "$out/scores.json" \
    | tee "$out/scores.md"
