#!/usr/bin/env python3
"""Writes the review sheets for hand-labelling postlight's blocks as content or chrome: one
compact listing per page (index, tag, class tokens, the bundled model's P(content), the start of
the text) into the git-ignored training/data/postlight-sheets/. Runs of short, unlikely blocks
(menus) are folded into one line so that a page fits on a screen; every index still appears.

Usage: python3 training/postlight/sheet.py training/data/postlight-blocks.csv training/data/postlight.jsonl OUTDIR
  (blocks: `unchrome blocks -q DATASETS/postlight/html -o ...`; jsonl: `unchrome classify -f jsonl ...`)
"""
import csv
import json
import os
import sys

csv.field_size_limit(10**9)


def clip(s, n):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def main():
    blocks_path, jsonl_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
    probs = {}
    for line in open(jsonl_path, encoding="utf-8"):
        d = json.loads(line)
        page = os.path.basename(d["path"]).split(".html")[0]
        probs[page] = {b["index"]: b["probability"] for b in d["blocks"]}
    pages = {}
    for r in csv.DictReader(open(blocks_path, encoding="utf-8")):
        pages.setdefault(r["page"], []).append(r)
    os.makedirs(out, exist_ok=True)
    for page, rows in pages.items():
        p = probs.get(page, {})
        lines, fold = [], []

        def flush():
            if len(fold) >= 4:
                a, b = fold[0][0], fold[-1][0]
                lines.append(f"{a:>4}-{b}  ~ " + clip(" | ".join(t for _, t in fold), 220))
            else:
                for i, t in fold:
                    lines.append(f"{i:>4} .    {t}")
            fold.clear()

        for r in rows:
            i = int(r["index"])
            prob = p.get(i, float("nan"))
            text = r["text"]
            cls = clip(r["classes"], 28)
            if prob < 0.15 and len(text) < 60 and r["hidden"] != "true":
                fold.append((i, clip(text, 40)))
                continue
            flush()
            hid = " H" if r["hidden"] == "true" else ""
            lines.append(f"{i:>4} {prob:.2f} {r['tag']}{hid} [{cls}] {len(text.split())}w | {clip(text, 110)}")
        flush()
        with open(os.path.join(out, page + ".txt"), "w", encoding="utf-8") as f:
            f.write(f"# {page}: {len(rows)} blocks\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
