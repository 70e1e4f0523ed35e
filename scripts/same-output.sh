#!/bin/sh
# Does a change keep classify's output? Runs two unchrome binaries over every dataset's pages and
# compares `-f jsonl` (after dropping the JSON fields named in IGNORE, e.g. fields a change adds)
# and the default text output page by page (the `==> path <==` lines of several pages left out).
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY [IGNORE]
#   scripts/same-output.sh /tmp/unchrome-main target/release/unchrome blocks.path,blocks.classes
#
# IGNORE: comma-separated page fields (`metadata`) or block fields (`blocks.path`). Prints one line
# per dataset and exits 1 when any differs. Datasets: ../shared/datasets/*/html.
set -eu
old=$1 new=$2 ignore=${3:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for dir in ../shared/datasets/*/html; do
    set_name=$(basename "$(dirname "$dir")")
    for bin in old new; do
        eval "b=\$$bin"
        "$b" classify -q -f jsonl "$dir" > "$out/$bin.jsonl"
        "$b" classify -q "$dir" > "$out/$bin.txt"
    done
    python3 - "$out" "$set_name" "$ignore" <<'PY' || status=1
import json, re, sys
out, name, ignore = sys.argv[1], sys.argv[2], [f for f in sys.argv[3].split(",") if f]
def norm(line):
    d = json.loads(line)
    for f in ignore:
        if f.startswith("blocks."):
            for b in d["blocks"]:
                b.pop(f[len("blocks."):], None)
        else:
            d.pop(f, None)
    return json.dumps(d)
old = [norm(l) for l in open(f"{out}/old.jsonl")]
new = [norm(l) for l in open(f"{out}/new.jsonl")]
def pages(text):
    # Several pages: `==> path <==` before each, a blank line before each from the second on.
    parts = re.split(r"^==> .* <==\n", text, flags=re.M)
    if len(parts) == 1:
        return None
    bodies = parts[1:]
    return "".join(b[:-1] if i < len(bodies) - 1 else b for i, b in enumerate(bodies))
def text(path):
    t = open(path).read()
    p = pages(t)
    return t if p is None else p
same_json = old == new
same_text = text(f"{out}/old.txt") == text(f"{out}/new.txt")
print(f"{name}: {len(new)} pages; jsonl {'identical' if same_json else 'DIFFERS'}; text {'identical' if same_text else 'DIFFERS'}")
sys.exit(0 if same_json and same_text else 1)
PY
done
exit $status
