#!/usr/bin/env python3
"""Short pages and bare fragments, made from the gold text of the training pages.

    python3 training/experiments/fragments.py DATASETS OUT HOLDOUT_DOMAINS SET [SET...]

An experiment (E2 of training/experiments/2026-12-07-news.md), not part of the shipped model.

A page whose only text is one paragraph, or an HTML fragment (a CMS body, an RSS item's content),
is a normal input, but the crawled sets hold almost none: there a block that carries the whole
page's words is mostly a script-rendered page's lone notice, so the model learnt to drop it. This
writes, for every page of SET with non-empty gold whose domain is not held out, one small page
built from its own gold paragraphs (every word of it content), in one of four shapes chosen by the
MD5 of the page id (deterministic, no randomness), each holding one paragraph, the first of prose:

  0  a whole document (<title>, <body>)
  1  a bare <p> fragment
  2  a <div><p> fragment whose last three words are a link ("read the release notes")
  3  plain text, no markup

(Fragments of several paragraphs were tried too: the model keeps those already, and they cost
wcxb-dev's held-out pages 0.003 F1; see training/experiments/2026-12-07-news.md.)

Paragraphs are the gold's blank-line-separated ones with at least 12 words (prose: the short ones
are headings, bylines or captions). Output: OUT/html/<set>--<id>.html, OUT/gold/<set>--<id>.txt and
OUT/index.csv (id, domain, split=train), the layout `unchrome label` reads. OUT is git-ignored
(training/data/): page text of the sets is never committed.
"""
import csv
import hashlib
import html
import os
import re
import sys

MIN_WORDS = 12


def prose(gold):
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", gold)]
    return [p for p in paras if len(re.findall(r"\w+", p)) >= MIN_WORDS]


def shape(page_id, paras):
    h = hashlib.md5(page_id.encode()).digest()
    kind = h[0] % 4
    esc = [html.escape(p, quote=False) for p in paras]
    if kind == 0:
        title = " ".join(paras[0].split()[:6])
        return (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head>"
                f"<body><p>{esc[0]}</p></body></html>\n", paras[:1])
    if kind == 1:
        return f"<p>{esc[0]}</p>\n", paras[:1]
    if kind == 2:
        words = esc[0].split(" ")
        first = " ".join(words[:-3]) + ' <a href="https://example.com/more">' + " ".join(words[-3:]) + "</a>"
        return f"<div><p>{first}</p></div>\n", paras[:1]
    return esc[0] + "\n", paras[:1]


def main():
    datasets, out, holdout, sets = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    held = {l.strip() for l in open(holdout) if l.strip() and not l.startswith("#")}
    os.makedirs(os.path.join(out, "html"), exist_ok=True)
    os.makedirs(os.path.join(out, "gold"), exist_ok=True)
    rows = []
    for s in sets:
        with open(os.path.join(datasets, s, "index.csv"), newline="", encoding="utf-8") as f:
            index = list(csv.DictReader(f))
        for r in index:
            if r["domain"] in held:
                continue
            try:
                with open(os.path.join(datasets, s, "gold", r["id"] + ".txt"), encoding="utf-8") as f:
                    paras = prose(f.read())
            except FileNotFoundError:
                continue
            if not paras:
                continue
            pid = f"{s}--{r['id']}"
            page, gold = shape(pid, paras)
            with open(os.path.join(out, "html", pid + ".html"), "w", encoding="utf-8") as f:
                f.write(page)
            with open(os.path.join(out, "gold", pid + ".txt"), "w", encoding="utf-8") as f:
                f.write("\n\n".join(gold) + "\n")
            rows.append((pid, r["domain"]))
    with open(os.path.join(out, "index.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "domain", "page_type", "lang", "split"])
        for pid, dom in sorted(rows):
            w.writerow([pid, dom, "fragment", "", "train"])
    print(f"wrote {len(rows)} fragment pages to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
