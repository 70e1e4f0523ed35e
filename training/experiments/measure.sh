#!/usr/bin/env bash
# The figures of an accuracy experiment, in one go (about 15 s): page-level word P/R/F1 on the
# wcxb-dev validation domains (with snippet recall/leak), fundus test and readability test (the news
# sets' held-out parts), newspaper (evaluation only), the dragnet test split, cleaneval final and
# l3s-gn1, then l3s-gn1's block level (word-weighted), and mean word F1 per language on fundus test
# and newspaper. Same scorer as bench/score.py.
#
#   training/experiments/measure.sh BIN [eval options, e.g. -m model.json --threshold 0.42]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=$1; shift
D=${DATASETS:-../shared/datasets}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
flat() { python3 -c "import json,sys; d=json.load(sys.stdin); print(' '.join(f'{k}={d[k]:.4f}' for k in ('f1','precision','recall','must_have_recall','must_not_have_leak')))"; }
echo "wcxb-dev validation: $($B eval -q --json "$@" --pages $D/wcxb-dev/html --gold $D/wcxb-dev/gold --domains training/validation-domains.txt | tee "$tmp" | flat)"
python3 -c "import json, sys; d=json.load(open(sys.argv[1])); print('  by type: ' + ' '.join(f\"{k} {v['f1']:.3f}\" for k, v in sorted(d['by_page_type'].items())))" "$tmp"
lang=$(mktemp)
trap 'rm -f "$tmp" "$lang"' EXIT
echo "fundus test: $($B eval -q --json "$@" --pages $D/fundus/html --gold $D/fundus/gold --split test | tee "$lang" | flat)"
echo "readability test: $($B eval -q --json "$@" --pages $D/readability/html --gold $D/readability/gold --split test | flat)"
echo "newspaper: $($B eval -q --json "$@" --pages $D/newspaper/html --gold $D/newspaper/gold | tee -a "$lang" | flat)"
# Per language over fundus test + newspaper together (pages pooled, mean word F1).
python3 - "$lang" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
dec, docs, i = json.JSONDecoder(), [], 0
while i < len(text):
    if text[i].isspace():
        i += 1
        continue
    d, i = dec.raw_decode(text, i)
    docs.append(d)
pooled = {}
for d in docs:
    for l, g in d["by_language"].items():
        n, f = pooled.get(l, (0, 0.0))
        pooled[l] = (n + g["pages"], f + g["f1"] * g["pages"])
print("  by language (fundus test + newspaper): " + " ".join(f"{l} {f / n:.3f} ({n})" for l, (n, f) in sorted(pooled.items(), key=lambda x: -x[1][0])))
PY
echo "dragnet test: $($B eval -q --json "$@" --pages $D/dragnet/html --gold $D/dragnet/gold --split test | flat)"
echo "cleaneval final: $($B eval -q --json "$@" --pages $D/cleaneval/html --gold $D/cleaneval/gold --split final | flat)"
echo "l3s-gn1: $($B eval -q --json "$@" --pages $D/l3s-gn1/html --gold $D/l3s-gn1/gold | flat)"
echo "l3s-gn1 blocks: $($B eval -q --json "$@" --annotated $D/l3s-gn1/annotated | python3 -c "import json,sys; d=json.load(sys.stdin); w=d['word_weighted']; print('P=%.4f R=%.4f F1=%.4f AUC=%.4f threshold=%s' % (w['prf']['precision'], w['prf']['recall'], w['prf']['f1'], w['roc_auc'], d['threshold']))")"
