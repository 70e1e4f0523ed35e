#!/usr/bin/env python3
"""Proposes chrome blocks for kind annotation, for a person (or reviewer) to check one by one.

Reads a labelled CSV written by `unchrome label` (wcxb-dev), picks chrome blocks that cue
phrases, class/id tokens or WCXB must-not-have snippets point at, proposes a kind for each, and
writes a review sheet (TSV) with the block's page, index, text hash, tag, class tokens and text.
The sheet stays out of the repository (it holds page text); the reviewed kinds go to
training/kinds/annotations.csv as (dataset, page, index, hash, kind) only.

Usage: python3 training/kinds/candidates.py training/data/wcxb-dev.csv \
         ../shared/datasets/wcxb-dev/snippets > training/data/kind-candidates.tsv
"""
import collections
import csv
import json
import os
import random
import re
import sys

csv.field_size_limit(10**9)


def fnv1a64(text):
    """The text hash unchrome uses to find an annotated block again (FNV-1a, 64 bits, hex)."""
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


RULES = [
    ("consent", r"\bcookies?\b|consent|privacy preferences|gdpr|we use cookies|accept all|manage preferences",
     r"cookie|consent|gdpr|onetrust|cmp\b|privacy-banner"),
    ("paywall", r"subscribe to (continue|keep|read|unlock)|to continue reading|already (a )?(subscriber|member)|sign in to (read|continue)|"
     r"log in to (read|continue)|create (a )?free account|register to (read|continue)|free articles? (left|remaining)|"
     r"you'?ve (read|reached)|unlock (this|full)|subscribers? only|premium (content|article)|start your (free )?trial|per (month|week)|/month",
     r"paywall|piano|meter|premium|subscriber|tp-modal|regwall|gate"),
    ("newsletter", r"newsletter|sign up (for|to) (our|the)|inbox|e-?mail address|subscribe to our", r"newsletter|signup|sign-up|subscribe|mailchimp|optin"),
    ("promo", r"download (the|our) app|get the app|app store|google play|% off|free shipping|shop now|buy now|limited time|special offer|"
     r"try (it )?free|learn more|get started|book (a|your) demo", r"promo|banner|cta|offer|app-download"),
    ("share", r"^(share|tweet|pin|email|print|copy link)\b|share (this|on)|facebook|twitter|linkedin|whatsapp|pinterest",
     r"share|social|sharing|addthis|sharethis"),
    ("ad", r"^advertisement$|^ad$|sponsored|advertis|^promoted", r"\bads?\b|advert|dfp|gpt|sponsor|adslot|ad-"),
    ("comments", r"\bcomments?\b|\breply\b|leave a reply|log in to comment|join the discussion|says:$",
     r"comment|disqus|reply|respond"),
    ("legal", r"©|copyright|all rights reserved|terms of (use|service)|privacy policy|cookie policy|imprint|impressum|accessibility statement",
     r"copyright|legal|footer-bottom|colophon"),
    ("related", r"related|recommended|you may also like|more from|read more|popular|trending|most read|read next|more stories",
     r"related|recommend|popular|trending|more-|outbrain|taboola|read-next"),
    ("navigation", r"^(home|menu|search|skip to|next|previous|prev|back to top|page \d+)\b|\bnext post\b|\bprevious post\b",
     r"\bnav|menu|breadcrumb|pagination|header|footer|sidebar|toc|skip"),
]
QUOTA = 240


def clean(s):
    return s.replace("\t", " ").replace("\n", " ")


def page_clean(s):
    return s


# The review sheet of the news sweeps (news-candidates.py, prompt-candidates.py): one TSV row per
# proposed block, with its neighbours' text for context. It holds page text, so it stays in the
# git-ignored training/data/.
SHEET_HEADER = ["dataset", "page", "index", "hash", "proposed", "label", "tag", "hidden", "classes",
                "prev", "text", "next"]


def model_labels(jsonl_path):
    """Labels per page from `unchrome classify -f jsonl` (the bundled model's, for sets without gold)."""
    labels = {}
    for line in open(jsonl_path, encoding="utf-8"):
        d = json.loads(line)
        labels[os.path.basename(d["path"]).split(".html")[0]] = [b["label"] for b in d["blocks"]]
    return labels


def csv_pages(path):
    """A block CSV's rows grouped by page, in file order."""
    pages = collections.OrderedDict()
    for r in csv.DictReader(open(path, encoding="utf-8")):
        pages.setdefault(r["page"], []).append(r)
    return pages


def sheet_row(dataset, page, rows, i, hsh, proposed, label):
    """The review sheet row of block `i` of a page."""
    r = rows[i]
    prev = rows[i - 1]["text"][:60] if i else ""
    nxt = rows[i + 1]["text"][:60] if i + 1 < len(rows) else ""
    return [dataset, page, r["index"], hsh, proposed, label, r["tag"], r["hidden"],
            clean(r["classes"][:50]), clean(prev), clean(r["text"][:200]), clean(nxt)]


COMPILED = [(k, re.compile(t, re.I), re.compile(c, re.I)) for k, t, c in RULES]


def propose(row):
    text, classes = row["text"], (row["classes"] + " " + row["ancestor_classes"][:400])
    for kind, t, c in COMPILED:
        if t.search(text):
            return kind, "text"
    for kind, t, c in COMPILED:
        if c.search(classes):
            return kind, "class"
    return None, None


def main():
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
    snippets = sys.argv[2] if len(sys.argv) > 2 else None
    without = {}
    if snippets:
        for name in os.listdir(snippets):
            with open(os.path.join(snippets, name)) as f:
                without[name[:-5]] = [s.lower() for s in json.load(f).get("without", [])]
    by_page = collections.defaultdict(list)
    for row in rows:
        if row["label"] != "chrome" or not row["text"].strip():
            continue
        kind, why = propose(row)
        low = row["text"].lower()
        if any(s and s in low for s in without.get(row["page"], [])):
            why = (why or "") + "+snippet"
            kind = kind or "other"
        if kind:
            by_page[row["page"]].append((kind, why, row))
    rng = random.Random(7)
    # One block per (page, kind), text cues and snippet hits first, then a quota per kind so
    # rare kinds (paywall) are all kept and common ones (navigation) do not swamp the sheet.
    pool = collections.defaultdict(list)
    for page in sorted(by_page):
        cands = by_page[page]
        rng.shuffle(cands)
        cands.sort(key=lambda c: ("text" not in c[1], "snippet" not in c[1]))
        seen = set()
        for kind, why, row in cands:
            if kind in seen:
                continue
            seen.add(kind)
            pool[kind].append((kind, why, row))
    picked = []
    for kind in sorted(pool):
        cands = pool[kind]
        rng.shuffle(cands)
        picked.extend(cands[:QUOTA])
    picked.sort(key=lambda c: (c[2]["page"], int(c[2]["index"])))
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["page", "index", "hash", "proposed", "why", "tag", "classes", "ancestors", "text"])
    per_kind = collections.Counter()
    for kind, why, row in picked:
        per_kind[kind] += 1
        out.writerow([page_clean(row["page"]), row["index"], fnv1a64(row["text"]), kind, why, row["tag"],
                      row["classes"][:80], row["ancestor_classes"][:120], clean(row["text"][:240])])
    print(dict(per_kind), file=sys.stderr)


if __name__ == "__main__":
    main()
