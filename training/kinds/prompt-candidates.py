#!/usr/bin/env python3
"""Proposes every paywall- or promo-like block of the news sets for kind annotation: the second
sweep of issue 18, without news-candidates.py's cap of 14 blocks per page.

A block (any label, hidden ones too, at most 400 characters) is proposed when its text says a wall
phrase (`[wall]` of src/page/paywall_cues.txt, 16 languages), a phrase of the paywall or promo cue
groups of src/features/data/text_cues.txt, or when its own classes carry a paywall- or
offer-family token (paywall, piano, tp-modal, subscri..., plus, premium, regwall, meter, abo,
offer, promo...). Blocks already in training/kinds/annotations.csv (same page and text hash) and
repeated texts of a page are left out. Proposed kind: paywall for wall phrases and paywall-family
classes, promo for promo phrases and offer classes. The sheet (TSV with text) stays in the
git-ignored training/data/; reviewed rows go to annotations.csv with news-merge.py (no text).

Usage:
  python3 training/kinds/prompt-candidates.py fundus training/data/fundus.csv > training/data/prompts-fundus.tsv
  python3 training/kinds/prompt-candidates.py postlight training/data/postlight-blocks.csv \
      training/data/postlight.jsonl > training/data/prompts-postlight.tsv
"""
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from candidates import SHEET_HEADER, csv_pages, fnv1a64, model_labels, sheet_row  # noqa: E402

csv.field_size_limit(10**9)
HERE = os.path.dirname(__file__)
CUES = os.path.join(HERE, "../../src/features/data/text_cues.txt")
WALL = os.path.join(HERE, "../../src/page/paywall_cues.txt")
UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def norm(text):
    return " " + " ".join(re.sub(r"[\W_]+", " ", text.lower()).split()) + " "


def section(path, name):
    out, on = [], False
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("["):
            on = line == "[%s]" % name
        elif on and line and not line.startswith("#"):
            out.append(line)
    return out


def matcher(phrases):
    spaced = [norm(p) for p in phrases if not UNSPACED.search(p)]
    unspaced = [p for p in phrases if UNSPACED.search(p)]
    return lambda text: any(p in norm(text) for p in spaced) or any(p in text for p in unspaced)


WALL_SAYS = matcher(section(WALL, "wall"))
PAY_SAYS = matcher(section(CUES, "paywall"))
PROMO_SAYS = matcher(section(CUES, "promo"))
PAY_CLASS = re.compile(r"paywall|piano|tp-modal|tp-container|subscri|(^|[-_ ])plus([-_ ]|$)|premium|regwall|meter|zephr|poool|(^|[-_ ])abo([-_ ]|$)|locked|laterpay")
OFFER_CLASS = re.compile(r"offer|promo|app-?download|appbanner|app-banner|upsell|cta")


def main():
    dataset, path = sys.argv[1], sys.argv[2]
    labels = model_labels(sys.argv[3]) if len(sys.argv) > 3 else None
    done = {(r["page"], r["hash"]) for r in csv.DictReader(open(os.path.join(HERE, "annotations.csv")))
            if r["dataset"] == dataset}
    pages = csv_pages(path)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(SHEET_HEADER)
    for page, rows in pages.items():
        seen = set()
        for i, r in enumerate(rows):
            text = r["text"]
            if not text.strip() or len(text) > 400 or text in seen:
                continue
            h = fnv1a64(text)
            if (page, h) in done:
                continue
            own = r["classes"].lower()
            if WALL_SAYS(text) or PAY_SAYS(text) or PAY_CLASS.search(own):
                proposed = "paywall"
            elif PROMO_SAYS(text) or OFFER_CLASS.search(own):
                proposed = "promo"
            else:
                continue
            seen.add(text)
            label = r.get("label") or ((labels or {}).get(page) or [""] * len(rows))[i]
            out.writerow(sheet_row(dataset, page, rows, i, h, proposed, label))


if __name__ == "__main__":
    main()
