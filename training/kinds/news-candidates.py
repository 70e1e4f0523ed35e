#!/usr/bin/env python3
"""Proposes chrome blocks of the news sets (fundus, postlight) for kind annotation, paywall and
promo first, for a person to review one by one.

fundus: the chrome blocks of `unchrome label`'s CSV (blocks its gold leaves out), plus content
blocks that say a paywall phrase (prompts inside the article). postlight has no gold: the blocks
of `unchrome blocks`, with the bundled model's labels from `classify -f jsonl`. A block is proposed
when cue phrases (any language of src/features/data/text_cues.txt's paywall group, and the rules of
candidates.py) or class/id tokens (paywall, piano, tp-modal, subscribe, plus, premium, regwall,
meter, ...) point at it; at most PER_PAGE per page. The sheet (TSV, with text: it stays in the
git-ignored training/data/) has the block's neighbours for context; reviewed kinds go to
annotations.csv as (dataset, page, index, hash, kind) only.

Usage:
  python3 training/kinds/news-candidates.py fundus training/data/fundus.csv > training/data/news-fundus.tsv
  python3 training/kinds/news-candidates.py postlight training/data/postlight-blocks.csv \
      training/data/postlight.jsonl > training/data/news-postlight.tsv
"""
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from candidates import RULES, SHEET_HEADER, csv_pages, fnv1a64, model_labels, sheet_row  # noqa: E402

csv.field_size_limit(10**9)
PER_PAGE = 14

CUES = os.path.join(os.path.dirname(__file__), "../../src/features/data/text_cues.txt")


def cue_group(name):
    out, on = [], False
    for line in open(CUES, encoding="utf-8"):
        line = line.strip()
        if line.startswith("["):
            on = line == "[%s]" % name
        elif on and line and not line.startswith("#"):
            out.append(re.escape(line.lower()))
    return re.compile(r"\b(" + "|".join(out) + r")\b")


PAYWALL_WORDS = cue_group("paywall")
PROMO_WORDS = cue_group("promo")
PAY_CLASS = re.compile(r"paywall|piano|tp-modal|tp-container|subscri|(^|[-_ ])plus([-_ ]|$)|premium|regwall|meter|zephr|poool|abo([-_ ]|$)|locked|offer|app-?download|promo")


def propose(text, classes):
    low = text.lower()
    for kind, text_re, class_re in RULES:
        if re.search(text_re, low) or re.search(class_re, classes):
            return kind
    return "other"


def main():
    dataset, path = sys.argv[1], sys.argv[2]
    labels = model_labels(sys.argv[3]) if len(sys.argv) > 3 else None
    pages = csv_pages(path)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(SHEET_HEADER)
    for page, rows in pages.items():
        got = []
        for i, r in enumerate(rows):
            text = r["text"]
            if not text.strip() or len(text) > 400:
                continue
            label = r["label"] if labels is None else (labels.get(page) or [""] * len(rows))[i]
            classes = (r["classes"] + " " + r["ancestor_classes"][:300]).lower()
            pay = PAYWALL_WORDS.search(" " + text.lower() + " ") or PAY_CLASS.search(r["classes"].lower())
            promo = PROMO_WORDS.search(" " + text.lower() + " ")
            if label == "content" and not pay:
                continue
            score = 2 if pay else 1 if promo or PAY_CLASS.search(classes) else 0
            if score == 0 and label != "chrome":
                continue
            got.append((score, i, r, label, classes))
        # Paywall- and promo-like first, then other chrome for the other kinds; one per text.
        got.sort(key=lambda g: (-g[0], g[1]))
        seen = set()
        for score, i, r, label, classes in got:
            if r["text"] in seen or len(seen) >= PER_PAGE:
                continue
            seen.add(r["text"])
            out.writerow(sheet_row(dataset, page, rows, i, fnv1a64(r["text"]), propose(r["text"], classes), label))


if __name__ == "__main__":
    main()
