#!/usr/bin/env bash
# Rebuilds the shipped model, models/default.json, from ../shared/datasets, deterministically,
# and writes its validation figures beside it (models/default.validation.json).
#
#   training/build-model.sh            # DATASETS=../shared/datasets by default
#
# Steps: label wcxb-dev by aligning blocks to the gold text (into the git-ignored training/data/),
# with the hand-made kind annotations of training/kinds/annotations.csv (see training/kinds/README.md),
# train on the domains not listed in training/validation-domains.txt (those choose the threshold),
# fit the paywall verdict's signal weights on the fundus and wcxb-dev pages that declare access in
# JSON-LD (markup masked), then measure on the held-out domains and on l3s-gn1's block annotations.
set -euo pipefail
cd "$(dirname "$0")/.."
D=${DATASETS:-../shared/datasets}
U=target/release/unchrome
cargo build --release --quiet
mkdir -p training/data
$U label --pages "$D/wcxb-dev/html" --gold "$D/wcxb-dev/gold" --kinds training/kinds/annotations.csv \
  -o training/data/wcxb-dev.csv 2>&1 | tee training/data/label.log
# The hand-reviewed kinds of the news sets (training/kinds/README.md), for the kind stage only:
# fundus's train split and the postlight sites not in training/kinds/postlight-test-sites.txt.
$U label -q --pages "$D/fundus/html" --gold "$D/fundus/gold" -o training/data/fundus.csv
$U blocks -q "$D/postlight/html" -o training/data/postlight-blocks.csv
python3 training/kinds/news-kinds-csv.py fundus training/data/fundus.csv train > training/data/fundus-kinds.csv
python3 training/kinds/news-kinds-csv.py postlight training/data/postlight-blocks.csv train \
  > training/data/postlight-kinds.csv
/usr/bin/time -f "training took %e s, peak RSS %M KiB" \
  $U train training/data/wcxb-dev.csv --holdout-domains training/validation-domains.txt -o models/default.json \
  --paywall-pages "$D/fundus/html" --paywall-pages "$D/wcxb-dev/html" \
  --kind-csv training/data/fundus-kinds.csv --kind-csv training/data/postlight-kinds.csv
wcxb=$($U eval -m models/default.json --json --pages "$D/wcxb-dev/html" --gold "$D/wcxb-dev/gold" \
  --domains training/validation-domains.txt)
l3s=$($U eval -m models/default.json --json --annotated "$D/l3s-gn1/annotated")
# The paywall verdict on the pages whose JSON-LD declares access: with the markup, masked, and
# masked with each publisher left out of the signal weights' fit.
paywall=$($U eval -m models/default.json --paywall "$D/fundus/html" --paywall "$D/wcxb-dev/html" --json | python3 -c \
  'import json,sys; d=json.load(sys.stdin); d.pop("per_page"); print(json.dumps(d))')
label=$(grep -E 'ceiling|snippets|kind annotations' training/data/label.log | sed 's/"/\\"/g' | paste -sd'|' -)
# The kind stage's figures on the held-out domains' annotated blocks (stored in the model too).
kinds=$(python3 -c 'import json,sys; k=json.load(open(sys.argv[1])).get("kinds") or {}; print(json.dumps({x: k.get(x) for x in ("rows","accuracy","validation")}))' models/default.json)
cat > models/default.validation.json <<JSON
{
  "command": "training/build-model.sh",
  "labels": "$label",
  "wcxb_validation": $wcxb,
  "l3s_gn1_blocks": $l3s,
  "kinds": $kinds,
  "paywall": $paywall
}
JSON
echo "wrote models/default.json and models/default.validation.json"
