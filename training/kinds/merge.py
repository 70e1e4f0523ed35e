#!/usr/bin/env python3
"""Merges reviewed sheets (page, index, hash, kind TSVs) into training/kinds/annotations.csv.

Usage: python3 training/kinds/merge.py training/data/kind-review-*.out.tsv > training/kinds/annotations.csv
Rows marked `skip` are left out; a block reviewed twice keeps its first verdict.
"""
import csv
import sys

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["dataset", "page", "index", "hash", "kind"])
seen = set()
rows = []
for path in sys.argv[1:]:
    for r in csv.DictReader(open(path, newline=""), delimiter="\t"):
        key = (r["page"], r["hash"])
        if r["kind"] == "skip" or key in seen:
            continue
        seen.add(key)
        rows.append(("wcxb-dev", r["page"], int(r["index"]), r["hash"], r["kind"]))
for r in sorted(rows):
    out.writerow(r)
