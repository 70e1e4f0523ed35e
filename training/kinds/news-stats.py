#!/usr/bin/env python3
"""Counts the news-set rows of annotations.csv (fundus and postlight): rows and pages per split
(fundus train/test, postlight), rows per kind, rows per language (fundus: index.csv's `lang`;
postlight: `en`, as its pages have no language column), and with --since N only the rows after
the first N annotation rows (a review round's additions).

Usage: python3 training/kinds/news-stats.py [--since N]
"""
import collections
import csv
import os
import sys

HERE = os.path.dirname(__file__)
D = os.environ.get("DATASETS", os.path.join(HERE, "../../../shared/datasets"))


def main():
    since = int(sys.argv[2]) if sys.argv[1:2] == ["--since"] else 0
    rows = list(csv.DictReader(open(os.path.join(HERE, "annotations.csv"), encoding="utf-8")))[since:]
    rows = [r for r in rows if r["dataset"] in ("fundus", "postlight")]
    index = {r["id"]: r for r in csv.DictReader(open(f"{D}/fundus/index.csv", encoding="utf-8"))}
    test_sites = set(open(os.path.join(HERE, "postlight-test-sites.txt"), encoding="utf-8").read().split())

    def part(r):
        if r["dataset"] == "fundus":
            return "fundus " + index.get(r["page"], {}).get("split", "?")
        return "postlight " + ("test" if r["page"] in test_sites else "train")

    def lang(r):
        if r["dataset"] == "fundus":
            return index.get(r["page"], {}).get("lang") or "(none)"
        return "en"

    print(f"{len(rows)} rows over {len({(r['dataset'], r['page']) for r in rows})} pages")
    parts = collections.defaultdict(list)
    for r in rows:
        parts[part(r)].append(r)
    for p in sorted(parts):
        print(f"  {p}: {len(parts[p])} rows, {len({r['page'] for r in parts[p]})} pages")
    for name, key in (("kind", lambda r: r["kind"]), ("language", lang)):
        c = collections.Counter(key(r) for r in rows)
        print(f"per {name}: " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
    pw = [r for r in rows if r["kind"] in ("paywall", "promo")]
    for k in ("paywall", "promo"):
        c = collections.Counter(lang(r) for r in pw if r["kind"] == k)
        print(f"{k} per language: " + ", ".join(f"{x} {v}" for x, v in c.most_common()))


if __name__ == "__main__":
    main()
