#!/usr/bin/env bash
# Rebuilds the shipped model, models/default.json, from ../shared/datasets, deterministically,
# and writes its validation figures beside it (models/default.validation.json).
#
#   training/build-model.sh            # DATASETS=../shared/datasets by default
#   REPEAT=1,6,6,1,6 training/build-model.sh   # weighting experiments (see training/README.md)
#
# Steps: label each licensed set by aligning its blocks to its own gold text (into the git-ignored
# training/data/): wcxb-dev (with the hand-made kind annotations of training/kinds/annotations.csv,
# see training/kinds/README.md), fundus and readability. Hold out wcxb-dev's domains listed in
# training/validation-domains.txt and the domains of fundus's and readability's `test` split (the
# union is written to training/data/holdout-domains.txt); train on the rest, the news sets'
# training pages repeated $REPEAT times (see training/README.md); the held-out pages choose the
# threshold; short pages and fragments made from the training pages (training/fragments.py) train
# too, and so do postlight's hand-labelled pages (training/postlight/README.md) but those of the
# held-out sites' domains. Then measure on each held-out part, on newspaper, on l3s-gn1's block
# annotations and on postlight's held-out pages (block level).
# The kind stage also learns from the hand-reviewed kinds of the news sets (fundus's train split and
# the postlight sites not in training/kinds/postlight-test-sites.txt), and the paywall verdict's
# signal weights are fitted on the fundus and wcxb-dev pages that declare access in JSON-LD
# (markup masked).
set -euo pipefail
cd "$(dirname "$0")/.."
D=${DATASETS:-../shared/datasets}
U=target/release/unchrome
# How many times the training pages of wcxb-dev, fundus and readability count (in that order),
# then the fragments made from them (training/fragments.py), then postlight's hand-labelled
# training pages (training/postlight/README.md; 0 leaves them out; weights 2-6 cost readability's
# pixnet page beside session 12's German features, see
# training/experiments/2026-12-07-postlight-content.md, P6).
REPEAT=${REPEAT:-1,6,6,1,0}
cargo build --release --quiet
mkdir -p training/data
: > training/data/label.log
for s in wcxb-dev fundus readability; do
  kinds=()
  [ "$s" = wcxb-dev ] && kinds=(--kinds training/kinds/annotations.csv)
  echo "== $s" | tee -a training/data/label.log
  $U label --pages "$D/$s/html" --gold "$D/$s/gold" "${kinds[@]}" -o "training/data/$s.csv" 2>&1 \
    | tee -a training/data/label.log
done
# The held-out domains: wcxb-dev's validation domains, then the test split's domains of the two
# news sets (split by publisher / site in their index.csv, so no training page shares one).
{
  grep -v '^#' training/validation-domains.txt
  for s in fundus readability; do
    python3 -c 'import csv,sys; print("\n".join(sorted({r["domain"] for r in csv.DictReader(open(sys.argv[1])) if r["split"] == "test"})))' "$D/$s/index.csv"
  done
} | sort -u > training/data/holdout-domains.txt
# Short pages and fragments made from the training pages (training/fragments.py): their gold's
# paragraphs as one-paragraph pages, bare <p>s, RSS items, plain text and CMS bodies (content);
# their menus and annotated banners alone (chrome).
rm -rf training/data/fragments
python3 training/fragments.py pages "$D" training/data/holdout-domains.txt training/data/fragments \
  training/data/wcxb-dev.csv training/data/fundus.csv training/data/readability.csv
$U blocks -q training/data/fragments/html -o training/data/fragments/blocks.csv
python3 training/fragments.py label training/data/fragments training/data/fragments/blocks.csv \
  > training/data/fragments.csv
# The hand-reviewed kinds of the news sets (training/kinds/README.md), for the kind stage only.
$U blocks -q "$D/postlight/html" -o training/data/postlight-blocks.csv
# postlight's hand-made content labels (training/postlight/annotations.csv): the pages of the
# held-out sites' domains (training/kinds/postlight-test-sites.txt) are measured, never fitted
# and not in the threshold's choice; the others train.
python3 training/postlight/labels.py csv training/data/postlight-blocks.csv train > training/data/postlight.csv
python3 training/postlight/labels.py csv training/data/postlight-blocks.csv test > training/data/postlight-test.csv
train_csv=(training/data/wcxb-dev.csv training/data/fundus.csv training/data/readability.csv
  training/data/fragments.csv training/data/postlight.csv)
repeat=$REPEAT
if [ "${REPEAT##*,}" = 0 ]; then
  unset 'train_csv[4]'
  repeat=${REPEAT%,*}
fi
python3 training/kinds/news-kinds-csv.py fundus training/data/fundus.csv train > training/data/fundus-kinds.csv
python3 training/kinds/news-kinds-csv.py postlight training/data/postlight-blocks.csv train \
  > training/data/postlight-kinds.csv
/usr/bin/time -f "training took %e s, peak RSS %M KiB" \
  $U train "${train_csv[@]}" --repeat "$repeat" --holdout-domains training/data/holdout-domains.txt -o models/default.json \
  --paywall-pages "$D/fundus/html" --paywall-pages "$D/wcxb-dev/html" \
  --kind-csv training/data/fundus-kinds.csv --kind-csv training/data/postlight-kinds.csv
ev() { $U eval -q -m models/default.json --json "$@"; }
wcxb=$(ev --pages "$D/wcxb-dev/html" --gold "$D/wcxb-dev/gold" --domains training/validation-domains.txt)
fundus=$(ev --pages "$D/fundus/html" --gold "$D/fundus/gold" --split test)
readability=$(ev --pages "$D/readability/html" --gold "$D/readability/gold" --split test)
newspaper=$(ev --pages "$D/newspaper/html" --gold "$D/newspaper/gold")
l3s=$(ev --annotated "$D/l3s-gn1/annotated")
postlight=$(ev training/data/postlight-test.csv)
# The paywall verdict on the pages whose JSON-LD declares access: with the markup, masked, and
# masked with each publisher left out of the signal weights' fit.
paywall=$($U eval -m models/default.json --paywall "$D/fundus/html" --paywall "$D/wcxb-dev/html" --json | python3 -c \
  'import json,sys; d=json.load(sys.stdin); d.pop("per_page"); print(json.dumps(d))')
label=$(grep -E '^==|ceiling|snippets|kind annotations' training/data/label.log | sed 's/"/\\"/g' | paste -sd'|' -)
# The kind stage's figures on the held-out domains' annotated blocks (stored in the model too).
kinds=$(python3 -c 'import json,sys; k=json.load(open(sys.argv[1])).get("kinds") or {}; print(json.dumps({x: k.get(x) for x in ("rows","accuracy","validation")}))' models/default.json)
cat > models/default.validation.json <<JSON
{
  "command": "training/build-model.sh",
  "repeat": "$REPEAT",
  "labels": "$label",
  "wcxb_validation": $wcxb,
  "fundus_test": $fundus,
  "readability_test": $readability,
  "newspaper": $newspaper,
  "l3s_gn1_blocks": $l3s,
  "postlight_test_blocks": $postlight,
  "kinds": $kinds,
  "paywall": $paywall
}
JSON
echo "wrote models/default.json and models/default.validation.json"
