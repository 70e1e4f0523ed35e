#!/usr/bin/env python3
"""Per-kind precision/recall of a model's kind stage on the news annotations of
annotations.csv: the likeliest kind of each annotated chrome block (its kind if it were chrome,
whatever the content model says: `classify --threshold 1` makes every block chrome), against the
reviewed kind. Blocks are found by their text hash, as `unchrome label --kinds` finds them.

Usage: python3 training/kinds/news-eval.py DATASET [SPLIT] [-m MODEL]
  (UNCHROME=path/to/unchrome picks the binary; target/release/unchrome by default)
  e.g. news-eval.py fundus test; news-eval.py postlight test (the sites of
  training/kinds/postlight-test-sites.txt, held out of the kind stage's training)
"""
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from candidates import fnv1a64  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "../..")
D = os.environ.get("DATASETS", os.path.join(ROOT, "../shared/datasets"))


def main():
    args = sys.argv[1:]
    model = []
    if "-m" in args:
        i = args.index("-m")
        model = ["-m", args[i + 1]]
        del args[i:i + 2]
    dataset = args[0]
    split = args[1] if len(args) > 1 else None
    index = {r["id"]: r for r in csv.DictReader(open(f"{D}/{dataset}/index.csv", encoding="utf-8"))}
    if dataset == "postlight":
        # Split by site: the held-out sites are listed; the others train the kind stage.
        test = set(open(os.path.join(ROOT, "training/kinds/postlight-test-sites.txt"), encoding="utf-8").read().split())
        for page, r in index.items():
            r["split"] = "test" if page in test else "train"
    notes = collections.defaultdict(list)
    for r in csv.DictReader(open(os.path.join(ROOT, "training/kinds/annotations.csv"), encoding="utf-8")):
        if r["dataset"] != dataset or r["kind"] == "content":
            continue
        if split and index.get(r["page"], {}).get("split") != split:
            continue
        notes[r["page"]].append((r["hash"], r["kind"]))
    with tempfile.TemporaryDirectory() as tmp:
        for page in notes:
            os.symlink(os.path.abspath(f"{D}/{dataset}/html/{page}.html.gz"), f"{tmp}/{page}.html.gz")
        out = subprocess.run([os.environ.get("UNCHROME", os.path.join(ROOT, "target/release/unchrome")), "classify", "-q", "--threshold", "1",
                              "-f", "jsonl", *model, tmp], capture_output=True, text=True, check=True).stdout
    got = {}
    for line in out.splitlines():
        d = json.loads(line)
        page = os.path.basename(d["path"]).split(".html")[0]
        got[page] = {fnv1a64(b["text"]): b["kind"] for b in d["blocks"]}
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    right = total = missing = 0
    for page, rows in notes.items():
        for h, kind in rows:
            pred = got.get(page, {}).get(h)
            if pred is None:
                missing += 1
                continue
            total += 1
            if pred == kind:
                tp[kind] += 1
                right += 1
            else:
                fn[kind] += 1
                fp[pred] += 1
    print(f"{dataset}{' ' + split if split else ''}: {total} annotated chrome blocks on {len(notes)} pages"
          f" ({missing} not found); kind accuracy {right / max(total, 1):.3f}")
    for k in sorted(set(tp) | set(fn) | set(fp), key=lambda k: -(tp[k] + fn[k])):
        p = tp[k] / max(tp[k] + fp[k], 1)
        r = tp[k] / max(tp[k] + fn[k], 1)
        print(f"  {k:<11} support {tp[k] + fn[k]:>4}  precision {p:.2f}  recall {r:.2f}")


if __name__ == "__main__":
    main()
