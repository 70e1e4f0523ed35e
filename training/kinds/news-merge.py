#!/usr/bin/env python3
"""Turns reviewed rows of the news candidate sheets into annotation rows.

A review file (git-ignored, in training/data/) has one decision per line: `ROW KIND` or
`FIRST-LAST KIND`, ROW being the 0-based data row of the sheet written by news-candidates.py;
rows not listed were not annotated (unsure, or left for later). The first file that decides a
row wins. A file may start with `# only-proposed: KIND[,KIND...]`: its lines then apply only to
rows proposed as one of those kinds (a range over a run of menu rows leaves out the title or
caption inside it that the reviewer skipped). Prints `dataset,page,index,hash,kind` rows (no
text) and, on stderr, how many of the proposed kinds the review kept and changed. With
`--skip-existing CSV`, rows whose (dataset, page, hash) that CSV already holds are left out (a
later review round appends only its new rows).

Usage: python3 training/kinds/news-merge.py training/data/news-fundus.tsv \
         training/data/review-fundus-*.txt >> training/kinds/annotations.csv
       python3 training/kinds/news-merge.py --skip-existing training/kinds/annotations.csv \
         training/data/news-fundus.tsv training/data/review-fundus-*.txt >> training/kinds/annotations.csv
"""
import csv
import sys

KINDS = set("paywall promo newsletter consent navigation related share legal ad comments other content".split())


def main():
    args = sys.argv[1:]
    existing = set()
    if args[:1] == ["--skip-existing"]:
        existing = {(r["dataset"], r["page"], r["hash"]) for r in csv.DictReader(open(args[1], encoding="utf-8"))}
        args = args[2:]
    rows = list(csv.DictReader(open(args[0], encoding="utf-8"), delimiter="\t"))
    chosen = {}
    for path in args[1:]:
        only = None
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            line = line.strip()
            if line.startswith("# only-proposed:"):
                only = set(line.split(":", 1)[1].replace(",", " ").split())
                continue
            if not line or line.startswith("#"):
                continue
            span, kind = line.split()
            if kind not in KINDS:
                sys.exit(f"{path}:{n}: unknown kind {kind!r}")
            a, _, b = span.partition("-")
            for i in range(int(a), int(b or a) + 1):
                if i >= len(rows):
                    sys.exit(f"{path}:{n}: row {i} is past the sheet's {len(rows)} rows")
                if only is not None and rows[i]["proposed"] not in only:
                    continue
                chosen.setdefault(i, kind)
    out = csv.writer(sys.stdout, lineterminator="\n")
    kept = changed = 0
    seen = set()
    for i in sorted(chosen):
        r = rows[i]
        key = (r["dataset"], r["page"], r["hash"])
        if key in existing or key in seen:
            continue
        seen.add(key)
        out.writerow([r["dataset"], r["page"], r["index"], r["hash"], chosen[i]])
        if chosen[i] == r["proposed"]:
            kept += 1
        else:
            changed += 1
    print(f"{len(chosen)} rows reviewed and annotated: proposed kind kept {kept}, changed {changed}", file=sys.stderr)


if __name__ == "__main__":
    main()
