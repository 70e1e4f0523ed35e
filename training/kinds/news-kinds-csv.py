#!/usr/bin/env python3
"""Writes the kind-stage training CSV of a news set from its block CSV and annotations.csv:
the rows of the annotated blocks labelled `chrome:<kind>` (or `content`), every other row's
label left empty (train --kind-csv fits only the kinds). Pages are those of the given split
(fundus: index.csv's `split`), or for postlight those not listed in
training/kinds/postlight-test-sites.txt (the held-out sites). Blocks are found by text hash.

Usage: python3 training/kinds/news-kinds-csv.py fundus training/data/fundus.csv train > training/data/fundus-kinds.csv
       python3 training/kinds/news-kinds-csv.py postlight training/data/postlight-blocks.csv train > training/data/postlight-kinds.csv
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from candidates import fnv1a64  # noqa: E402

csv.field_size_limit(10**9)
HERE = os.path.dirname(__file__)
D = os.environ.get("DATASETS", os.path.join(HERE, "../../../shared/datasets"))


def main():
    dataset, path, split = sys.argv[1], sys.argv[2], sys.argv[3]
    notes = {}
    for r in csv.DictReader(open(os.path.join(HERE, "annotations.csv"), encoding="utf-8")):
        if r["dataset"] == dataset:
            notes.setdefault(r["page"], {})[r["hash"]] = r["kind"]
    if dataset == "postlight":
        test = set(open(os.path.join(HERE, "postlight-test-sites.txt"), encoding="utf-8").read().split())
        keep = lambda page: (page in test) == (split == "test")  # noqa: E731
    else:
        index = {r["id"]: r["split"] for r in csv.DictReader(open(f"{D}/{dataset}/index.csv", encoding="utf-8"))}
        keep = lambda page: index.get(page) == split  # noqa: E731
    rdr = csv.DictReader(open(path, encoding="utf-8"))
    out = csv.DictWriter(sys.stdout, fieldnames=rdr.fieldnames, lineterminator="\n")
    out.writeheader()
    for r in rdr:
        page = r["page"]
        if page not in notes or not keep(page):
            continue
        kind = notes[page].get(fnv1a64(r["text"]))
        r["label"] = "" if kind is None else "content" if kind == "content" else "chrome:" + kind
        out.writerow(r)


if __name__ == "__main__":
    main()
