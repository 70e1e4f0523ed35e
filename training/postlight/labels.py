#!/usr/bin/env python3
"""Hand-made content labels of postlight's pages (training/postlight/README.md).

  annotate: turns a review file (one line per page: `page<TAB>content ranges`, e.g. `12-40,45`,
            every other block of the page chrome, ranges prefixed `?` unsure: left unlabelled;
            or `page<TAB>SKIP reason`) and the blocks CSV
            into annotations.csv rows `page,index,hash,label` for every block of the reviewed
            pages (hash: FNV-1a 64 of the block text, as `unchrome::text_hash`; no page text).
            The left-out pages go to the file named by --left-out (`page,reason`).
  csv:      turns the blocks CSV (`unchrome blocks`) and annotations.csv into a labelled CSV with
            the columns `unchrome label` writes (domain from index.csv, label content/chrome), for
            the pages of one part: `train` (domains not held out) or `test` (the domains of the
            pages in training/kinds/postlight-test-sites.txt).

A block is found again by its text hash: among the annotated blocks of its page with the same
hash, the one whose index is nearest. A block that no annotation matches, and an `unsure` one, is
left out of the labelled CSV (`unchrome train` and `eval` take labelled rows only), so it is
neither fitted nor scored; unmatched blocks are counted on stderr, so a change in segmentation
shows instead of mislabelling.

Usage:
  python3 training/postlight/labels.py annotate REVIEW BLOCKS.csv --left-out training/postlight/left-out.csv > training/postlight/annotations.csv
  python3 training/postlight/labels.py csv BLOCKS.csv train > training/data/postlight-train.csv
  python3 training/postlight/labels.py csv BLOCKS.csv test > training/data/postlight-test.csv
"""
import argparse
import bisect
import csv
import os
import sys

csv.field_size_limit(10**9)
HERE = os.path.dirname(os.path.abspath(__file__))
D = os.environ.get("DATASETS", os.path.join(HERE, "../../../shared/datasets"))


sys.path.insert(0, os.path.join(HERE, "../kinds"))
from candidates import fnv1a64  # noqa: E402  (`unchrome::text_hash`)


def ranges(spec):
    """`12-40,45,?50-52`: content blocks, and (prefixed `?`) blocks left unlabelled."""
    content, unsure = set(), set()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        into = unsure if part.startswith("?") else content
        a, _, b = part.lstrip("?").partition("-")
        into.update(range(int(a), int(b or a) + 1))
    return content, unsure


def read_review(path):
    pages, left_out = {}, {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        page, _, spec = line.partition("\t")
        if page in pages or page in left_out:
            sys.exit(f"{path}:{n}: page {page} reviewed twice")
        if spec.startswith("SKIP"):
            left_out[page] = spec[4:].strip()
        else:
            try:
                pages[page] = ranges(spec)
            except ValueError:
                sys.exit(f"{path}:{n}: cannot read the ranges '{spec}'")
    return pages, left_out


def blocks_by_page(path):
    pages = {}
    with open(path, encoding="utf-8") as f:
        rdr = csv.DictReader(f)
        for r in rdr:
            pages.setdefault(r["page"], []).append(r)
    return rdr.fieldnames, pages


def annotate(args):
    reviewed, left_out = read_review(args.review)
    _, pages = blocks_by_page(args.blocks)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["page", "index", "hash", "label"])
    for page in sorted(reviewed):
        if page not in pages:
            sys.exit(f"{args.review}: page {page} is not in {args.blocks}")
        content, unsure = reviewed[page]
        n = len(pages[page])
        bad = sorted(i for i in content | unsure if i >= n)
        if bad:
            sys.exit(f"{args.review}: page {page} has {n} blocks, the review names {bad}")
        for r in pages[page]:
            i = int(r["index"])
            label = "unsure" if i in unsure else "content" if i in content else "chrome"
            out.writerow([page, i, fnv1a64(r["text"]), label])
    if args.left_out:
        with open(args.left_out, "w", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["page", "reason"])
            for page in sorted(left_out):
                w.writerow([page, left_out[page]])
    print(
        f"{len(reviewed)} pages annotated, {len(left_out)} left out, "
        f"{sum(len(c) for c, _ in reviewed.values())} content and "
        f"{sum(len(u) for _, u in reviewed.values())} unsure blocks",
        file=sys.stderr,
    )


def held_out_domains():
    index = {r["id"]: r["domain"] for r in csv.DictReader(open(f"{D}/postlight/index.csv", encoding="utf-8"))}
    test = open(os.path.join(HERE, "../kinds/postlight-test-sites.txt"), encoding="utf-8").read().split()
    return index, {index[p] for p in test}


def to_csv(args):
    index, held = held_out_domains()
    notes = {}
    for r in csv.DictReader(open(args.annotations, encoding="utf-8")):
        notes.setdefault(r["page"], {}).setdefault(r["hash"], []).append((int(r["index"]), r["label"]))
    for by_hash in notes.values():
        for v in by_hash.values():
            v.sort()
    fields, pages = blocks_by_page(args.blocks)
    out = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    out.writeheader()
    counts = {"pages": 0, "content": 0, "chrome": 0, "unsure": 0, "unmatched": 0}
    for page in sorted(pages):
        if page not in notes:
            continue
        domain = index.get(page, "")
        if (domain in held) != (args.part == "test"):
            continue
        counts["pages"] += 1
        by_hash = notes[page]
        for r in pages[page]:
            i = int(r["index"])
            cands = by_hash.get(fnv1a64(r["text"]), [])
            if cands:
                k = bisect.bisect_left(cands, (i, ""))
                near = [c for c in cands[max(0, k - 1) : k + 1]]
                label = min(near, key=lambda c: abs(c[0] - i))[1]
                counts[label] += 1
            else:
                label = ""
                counts["unmatched"] += 1
            if label in ("", "unsure"):
                continue
            r["domain"] = domain
            r["label"] = label
            out.writerow(r)
    print(f"postlight {args.part}: " + ", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("annotate")
    a.add_argument("review")
    a.add_argument("blocks")
    a.add_argument("--left-out")
    c = sub.add_parser("csv")
    c.add_argument("blocks")
    c.add_argument("part", choices=["train", "test"])
    c.add_argument("--annotations", default=os.path.join(HERE, "annotations.csv"))
    args = ap.parse_args()
    annotate(args) if args.cmd == "annotate" else to_csv(args)


if __name__ == "__main__":
    main()
