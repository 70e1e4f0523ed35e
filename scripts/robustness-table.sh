#!/usr/bin/env bash
# Prints the robustness table of the README / issue 5: hostile inputs, each classified once by
# `unchrome classify -f jsonl`, with exit status, page flags, wall time and peak RSS.
#   scripts/robustness-table.sh [BINARY]     (default: target/release/unchrome)
set -euo pipefail
cd "$(dirname "$0")/.."
U=$(realpath "${1:-target/release/unchrome}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 - "$T" <<'PY'
import gzip, os, sys, zlib
t = sys.argv[1]
def w(name, data):
    open(os.path.join(t, name), "wb").write(data)
w("empty.html", b"")
w("png.html", bytes.fromhex("89504e470d0a1a0a") + os.urandom(200_000))
w("utf16-bom.html", "\ufeff<p>Grüße aus Köln, ein Absatz mit Umlauten.</p>".encode("utf-16-le"))
w("cp1252-nocharset.html", "<p>Café crème – “quoted” text, naïve façade.</p>".encode("cp1252"))
w("shiftjis-nocharset.html", "<p>これは日本語の段落です。東京は晴れです。</p>".encode("shift_jis") * 50)
w("50mb-page.html", b"<p>" + b"All work and no play makes a dull page. " * 1_300_000 + b"</p>")
w("100k-nested-div.html", b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000)
w("100k-nested-li.html", b"<ul><li>" * 100_000 + b"deep")
w("1mb-one-line.html", b"<p>" + b"word " * 200_000 + b"</p>")
w("10mb-pre.html", b"<pre>" + b"line of code();\n" * 650_000 + b"</pre>")
page = b"<p>" + b"A sentence of the article. " * 5000 + b"</p>"
w("truncated.html.gz", gzip.compress(page)[: len(gzip.compress(page)) // 2])
w("gzip-bomb.html.gz", gzip.compress(b"<p>" + b"a" * (1 << 30)))
w("100k-classes.html", b'<p class="' + b" ".join(b"c%d" % i for i in range(100_000)) + b'">x</p>')
w("reopened-formatting.html", b"<p><b><i><u><s>x" + b"<p>x" * ((16 << 20) // 4))
w("p-x-16mib.html", b"<p>x</p>" * ((16 << 20) // 8))
PY
printf '| input | size | exit | flags | time (s) | peak RSS (MB) |\n|---|---:|---:|---|---:|---:|\n'
for f in "$T"/*; do
  name=$(basename "$f")
  size=$(stat -c %s "$f")
  set +e
  /usr/bin/time -f "%e %M" -o "$T/.time" "$U" classify -f jsonl "$f" > "$T/.out" 2>/dev/null
  code=$?
  set -e
  read -r secs kib < "$T/.time"
  flags=$(python3 -c 'import json,sys
try:
    d = json.loads(open(sys.argv[1]).readline() or "{}")
except Exception:
    print("no output"); sys.exit()
f = [k for k in ("size_limited", "depth_limited", "truncated_input") if d.get(k)]
print((",".join(f) or "-") + " (%d blocks)" % len(d.get("blocks", [])))' "$T/.out")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$size" "$code" "$flags" "$secs" "$((kib / 1024))"
done
printf '| 0-byte stdin | 0 | ' ; set +e; /usr/bin/time -f "%e %M" -o "$T/.time" "$U" classify -f jsonl < /dev/null > "$T/.out" 2>/dev/null; code=$?; set -e
read -r secs kib < "$T/.time"; printf '%s | %s | %s | %s |\n' "$code" "$(wc -c < "$T/.out") bytes out" "$secs" "$((kib / 1024))"
