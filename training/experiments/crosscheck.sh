#!/usr/bin/env bash
# A domain-split cross-check on wcxb-dev's *training* domains, to compare label or feature variants
# without fitting the validation domains: the training domains whose MD5's first byte is in
# [64, 128) (about a third of them, 300-odd pages) are held out as well, the model is trained on
# the rest exactly as training/build-model.sh does (same CSVs, repeat, fragments from the remaining
# training pages, kind and paywall data), and scored on those held-out training domains.
#
#   training/experiments/crosscheck.sh LABELLED_DIR OUT_DIR
#
# LABELLED_DIR holds wcxb-dev.csv, fundus.csv, readability.csv, fundus-kinds.csv and
# postlight-kinds.csv as build-model.sh leaves them in training/data/. Writes OUT_DIR/model.json,
# OUT_DIR/xval-domains.txt and prints the page-level figures (and per page type) on them.
set -euo pipefail
cd "$(dirname "$0")/../.."
L=$1
O=$2
D=${DATASETS:-../shared/datasets}
U=target/release/unchrome
REPEAT=${REPEAT:-1,6,6,1}
mkdir -p "$O"
python3 - "$D/wcxb-dev/index.csv" training/validation-domains.txt > "$O/xval-domains.txt" <<'PY'
import csv, hashlib, sys
val = {l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")}
doms = sorted({r["domain"] for r in csv.DictReader(open(sys.argv[1], newline=""))} - val)
print("\n".join(d for d in doms if 64 <= hashlib.md5(d.encode()).digest()[0] < 128))
PY
{
  grep -v '^#' training/validation-domains.txt
  cat "$O/xval-domains.txt"
  for s in fundus readability; do
    python3 -c 'import csv,sys; print("\n".join(sorted({r["domain"] for r in csv.DictReader(open(sys.argv[1])) if r["split"] == "test"})))' "$D/$s/index.csv"
  done
} | sort -u > "$O/holdout.txt"
rm -rf "$O/fragments"
python3 training/fragments.py pages "$D" "$O/holdout.txt" "$O/fragments" \
  "$L/wcxb-dev.csv" "$L/fundus.csv" "$L/readability.csv" > /dev/null
$U blocks -q "$O/fragments/html" -o "$O/fragments/blocks.csv"
python3 training/fragments.py label "$O/fragments" "$O/fragments/blocks.csv" > "$O/fragments.csv"
$U train -q "$L/wcxb-dev.csv" "$L/fundus.csv" "$L/readability.csv" "$O/fragments.csv" \
  --repeat "$REPEAT" --holdout-domains "$O/holdout.txt" -o "$O/model.json" \
  --paywall-pages "$D/fundus/html" --paywall-pages "$D/wcxb-dev/html" \
  --kind-csv "$L/fundus-kinds.csv" --kind-csv "$L/postlight-kinds.csv"
$U eval -q -m "$O/model.json" --json --pages "$D/wcxb-dev/html" --gold "$D/wcxb-dev/gold" \
  --domains "$O/xval-domains.txt" > "$O/xval.json"
python3 - "$O/xval.json" "$O/model.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = json.load(open(sys.argv[2]))
print(f"cross-check (wcxb-dev training domains md5[0] in [64,128), {d.get('pages', '?')} pages): "
      f"F1 {d['f1']:.4f} P {d['precision']:.4f} R {d['recall']:.4f} threshold {m.get('threshold')}")
print("  by type: " + " ".join(f"{k} {v['f1']:.3f}" for k, v in sorted(d["by_page_type"].items())))
PY
