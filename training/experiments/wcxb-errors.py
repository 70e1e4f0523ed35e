#!/usr/bin/env python3
"""Where a model loses words on wcxb-dev: per page type and per block kind, against the aligned labels.

    python3 training/experiments/wcxb-errors.py DATASET LABELLED_CSV CLASSIFIED_JSONL [--domains FILE]
        [--out OUT_DIR --tools a,b] [--pages N]
    python3 training/experiments/wcxb-errors.py ceiling DATASET LABELLED_CSV [--domains FILE]

DATASET is ../shared/datasets/wcxb-dev; LABELLED_CSV is `unchrome label`'s output for it
(training/data/wcxb-dev.csv); CLASSIFIED_JSONL is `unchrome classify -f jsonl` over the selected pages
(one JSON object per page, its blocks with label, probability and index, the same segmentation as the
CSV). OUT_DIR/<tool>/<id>.txt are stored outputs (bench/compare.sh's layout) scored per page type the
same way as bench/score.py (unchrome's own output folder included).

It prints, per page type: pages, mean word F1 of each tool, the label ceiling (F1 of the content-
labelled blocks' text against the gold: what a perfect classifier of the labels reaches), and the
mean share of a page's output words in blocks the labels call chrome ("over-kept") and of its gold
words in blocks the labels call content that the model dropped ("lost"); then the same two shares per
block tag and size, and the pages where the best peer beats the model most, with what they keep
that the model drops. Standard library only; no page text is printed unless --pages asks for it.
"""
import argparse
import csv
import json
import os
import re
import sys
from collections import Counter, defaultdict

csv.field_size_limit(1 << 30)
WORD = re.compile(r"\w+")


def tokens(text):
    return [w.lower() for w in WORD.findall(text or "")]


def prf(pred, gold):
    inter = sum((Counter(pred) & Counter(gold)).values())
    p = inter / len(pred) if pred else 0.0
    r = inter / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def size(n):
    return "1-4w" if n < 5 else "5-19w" if n < 20 else "20+w"


def tag_group(tag):
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "h1" if tag == "h1" else "h2-h6"
    if tag in ("td", "th", "tr", "table", "caption"):
        return "table"
    if tag in ("li", "dt", "dd"):
        return "li/dt/dd"
    if tag in ("p", "pre", "blockquote", "figcaption"):
        return tag
    return "other(" + ("div" if tag in ("div", "section", "article", "main", "span") else "rest") + ")"


def label_ceiling(argv):
    """The label ceiling per page type: word P/R/F1 of the content-labelled blocks' text."""
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("labelled")
    ap.add_argument("--domains")
    a = ap.parse_args(argv)
    index = {r["id"]: r for r in csv.DictReader(open(os.path.join(a.dataset, "index.csv")))}
    doms = None
    if a.domains:
        doms = {l.strip() for l in open(a.domains) if l.strip() and not l.startswith("#")}
    content = defaultdict(list)
    for r in csv.DictReader(open(a.labelled, newline="", encoding="utf-8")):
        if doms is None or r["domain"] in doms:
            content[r["page"]]
            if r["label"] == "content":
                content[r["page"]].append(r["text"])
    by_type = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    for pid, texts in content.items():
        gold = tokens(open(os.path.join(a.dataset, "gold", pid + ".txt"), encoding="utf-8").read())
        if not gold:
            continue
        p, r, f = prf(tokens("\n".join(texts)), gold)
        for key in (index[pid]["page_type"] or "(none)", "all"):
            t = by_type[key]
            t[0] += 1
            t[1] += p
            t[2] += r
            t[3] += f
    print("| page type | pages | ceiling P | ceiling R | ceiling F1 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for k, (n, p, r, f) in sorted(by_type.items(), key=lambda kv: (kv[0] == "all", -kv[1][0])):
        print(f"| {k} | {n} | {p / n:.3f} | {r / n:.3f} | {f / n:.3f} |")


def main():
    if sys.argv[1:2] == ["ceiling"]:
        return label_ceiling(sys.argv[2:])
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("labelled")
    ap.add_argument("classified")
    ap.add_argument("--domains")
    ap.add_argument("--out")
    ap.add_argument("--tools", default="")
    ap.add_argument("--pages", type=int, default=0, help="list the N pages that cost the most")
    a = ap.parse_args()

    index = {r["id"]: r for r in csv.DictReader(open(os.path.join(a.dataset, "index.csv")))}
    doms = None
    if a.domains:
        doms = {l.strip() for l in open(a.domains) if l.strip() and not l.startswith("#")}
    labels = defaultdict(dict)  # page -> index -> (label, kind)
    for r in csv.DictReader(open(a.labelled, newline="", encoding="utf-8")):
        lab, _, kind = r["label"].partition(":")
        labels[r["page"]][int(r["index"])] = (lab, kind)
    pages = {}
    for line in open(a.classified, encoding="utf-8"):
        d = json.loads(line)
        pid = os.path.basename(d["path"]).split(".")[0]
        pages[pid] = d
    ids = sorted(p for p in pages if p in labels and (doms is None or index[p]["domain"] in doms))
    tools = [t for t in a.tools.split(",") if t]

    def out(tool, pid):
        try:
            return open(os.path.join(a.out, tool, pid + ".txt"), encoding="utf-8", errors="replace").read()
        except FileNotFoundError:
            return ""

    by_type = defaultdict(lambda: defaultdict(float))
    by_block = defaultdict(lambda: [0.0, 0.0])  # (type, group) -> [over-kept share sum, lost share sum]
    rows = []
    for pid in ids:
        d = pages[pid]
        ptype = index[pid]["page_type"] or "(none)"
        gold = tokens(open(os.path.join(a.dataset, "gold", pid + ".txt"), encoding="utf-8").read())
        if not gold:
            continue
        lab = labels[pid]
        blocks = d["blocks"]
        content_text = "\n".join(b["text"] for b in blocks if lab.get(b["index"], ("chrome",))[0] == "content")
        ceiling = prf(tokens(content_text), gold)[2]
        kept_words = sum(len(tokens(b["text"])) for b in blocks if b["label"] == "content")
        t = by_type[ptype]
        t["pages"] += 1
        t["ceiling"] += ceiling
        f = {}
        for tool in tools:
            f[tool] = prf(tokens(out(tool, pid)), gold)[2]
            t["f1:" + tool] += f[tool]
        over = lost = 0.0
        for b in blocks:
            n = len(tokens(b["text"]))
            if not n:
                continue
            truth = lab.get(b["index"], ("chrome", ""))[0]
            g = tag_group(b.get("tag", ""))
            if b["label"] == "content" and truth == "chrome" and kept_words:
                s = n / kept_words
                over += s
                by_block[(ptype, g)][0] += s
                by_block[("all", g)][0] += s
                by_block[("all", size(n))][0] += s
            elif b["label"] == "chrome" and truth == "content":
                s = n / len(gold)
                lost += s
                by_block[(ptype, g)][1] += s
                by_block[("all", g)][1] += s
                by_block[("all", size(n))][1] += s
        t["over"] += over
        t["lost"] += lost
        rows.append((pid, ptype, f, ceiling, over, lost))

    total = sum(t["pages"] for t in by_type.values())
    print(f"{total} pages with gold; F1 = mean word F1 (bench/score.py's), cost = (1 - F1) x pages / all pages")
    head = "| page type | pages | " + " | ".join(f"{x} F1" for x in tools) + " | label ceiling | over-kept share | lost share | unchrome cost |"
    print(head)
    print("|" + " --- |" + " ---: |" * (head.count("|") - 2))
    for ptype in sorted(by_type, key=lambda k: -by_type[k]["pages"]):
        t = by_type[ptype]
        n = t["pages"]
        cost = (n - t["f1:" + tools[0]]) / total if tools else 0
        print(f"| {ptype} | {int(n)} | " + " | ".join(f"{t['f1:' + x] / n:.3f}" for x in tools)
              + f" | {t['ceiling'] / n:.3f} | {t['over'] / n:.3f} | {t['lost'] / n:.3f} | {cost:.4f} |")
    alls = defaultdict(float)
    for t in by_type.values():
        for k, v in t.items():
            alls[k] += v
    print(f"| all | {total} | " + " | ".join(f"{alls['f1:' + x] / total:.3f}" for x in tools)
          + f" | {alls['ceiling'] / total:.3f} | {alls['over'] / total:.3f} | {alls['lost'] / total:.3f} | "
          + (f"{(total - alls['f1:' + tools[0]]) / total:.4f} |" if tools else "|"))
    print()
    print("Per block group (all pages): mean over pages of the share of output words over-kept / gold words lost")
    print("| group | over-kept | lost |")
    print("| --- | ---: | ---: |")
    for (ptype, g), (o, l) in sorted(by_block.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        if ptype == "all":
            print(f"| {g} | {o / total:.4f} | {l / total:.4f} |")
    print()
    print("Per page type and block group (share points, the largest):")
    items = sorted(((k, v) for k, v in by_block.items() if k[0] != "all"), key=lambda kv: -(kv[1][0] + kv[1][1]))
    for (ptype, g), (o, l) in items[:20]:
        print(f"  {ptype:14} {g:14} over-kept {o / total:.4f} lost {l / total:.4f}")
    if a.pages and len(tools) >= 2:
        print()
        print(f"Pages where {tools[1]} beats {tools[0]} most:")
        rows.sort(key=lambda r: -(r[2][tools[1]] - r[2][tools[0]]))
        for pid, ptype, f, ceiling, over, lost in rows[: a.pages]:
            print(f"  {pid} {index[pid]['domain']:30} {ptype:13} " + " ".join(f"{x} {f[x]:.3f}" for x in tools)
                  + f" ceiling {ceiling:.3f} over {over:.3f} lost {lost:.3f}")


if __name__ == "__main__":
    sys.exit(main())
