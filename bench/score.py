#!/usr/bin/env python3
"""Score every tool's output on the same pages: word P/R/F1, snippets, speed.

    python bench/score.py DATASET_DIR OUT_DIR [--domains FILE] [--split NAME] [--by-type]
                          [--by-lang] [--json FILE|-] [--tools a,b,...]

OUT_DIR holds one folder per tool: <tool>/<id>.txt (a missing file counts as an empty output) and
<tool>/_timing.json (pages_per_s). A folder with a _timing.json but no .txt files at all (e.g.
parse-only) is shown as a speed-only row.

Word scores: tokens are lower-cased `\\w+` runs (Unicode), compared as multisets. Per page
P = |pred & gold| / |pred| (0 for an empty output), R = |pred & gold| / |gold|, F1 their harmonic
mean (0 if both are 0); the table gives the mean over pages, and the median F1. Pages whose gold
has no tokens are left out of P/R/F1 and counted ("gold-empty").

Snippets (where DATASET/snippets/<id>.json exists): a snippet occurs when its tokens, joined by
single spaces, occur as a run starting at a word start in the output's tokens joined the same way
(the last word may match as a prefix: WCXB cuts long snippets mid-word). must-have
recall = found "with" snippets / all "with" snippets; leak rate = found "without" snippets / all
"without" snippets, pooled over the selected pages (all of them, gold-empty ones included).
Snippets without any token are skipped.
"""
import argparse
import json
import os
import statistics
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def prf(pred, gold):
    """Word precision, recall, F1 of token lists (multisets)."""
    inter = sum((Counter(pred) & Counter(gold)).values())
    p = inter / len(pred) if pred else 0.0
    r = inter / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def occurs(snippet_joined, text_joined):
    # The last word may match as a prefix: WCXB cuts long snippets at a fixed length, mid-word.
    return f" {snippet_joined}" in f" {text_joined} "


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return None


def load_gold(dataset, rows):
    """{id: (gold tokens, page_type, snippets {with: [...], without: [...]} or None)}"""
    gold = {}
    for row in rows:
        pid = row["id"]
        text = read_text(os.path.join(dataset, "gold", pid + ".txt")) or ""
        snips = None
        sp = os.path.join(dataset, "snippets", pid + ".json")
        if os.path.exists(sp):
            with open(sp, encoding="utf-8") as f:
                raw = json.load(f)
            snips = {}
            for key in ("with", "without"):
                joined = (" ".join(benchlib.tokens(s)) for s in raw.get(key) or [])
                snips[key] = [s for s in joined if s]
        gold[pid] = (benchlib.tokens(text), (row.get("page_type") or "").strip() or "(none)", snips,
                     language(row.get("lang")))
    return gold


def language(tag):
    """The primary language subtag of index.csv's `lang` ("en-us" -> "en"), "(none)" if empty."""
    tag = (tag or "").strip().lower().replace("_", "-")
    primary = tag.split("-")[0]
    return {"english": "en", "german": "de", "french": "fr"}.get(primary, primary) or "(none)"


def find_tools(out_dir, only=None):
    tools = []
    for name in sorted(os.listdir(out_dir)):
        d = os.path.join(out_dir, name)
        if not os.path.isdir(d) or name.startswith(".") or (only and name not in only):
            continue
        has_txt = any(n.endswith(".txt") for n in os.listdir(d))
        has_timing = os.path.exists(os.path.join(d, "_timing.json"))
        if has_txt or has_timing:
            tools.append((name, has_txt))
    return tools


def score_tool(out_dir, tool, gold):
    d = os.path.join(out_dir, tool)
    per_page = {}
    missing = 0
    snip = {"with_found": 0, "with_total": 0, "without_found": 0, "without_total": 0}
    for pid, (gtoks, ptype, snips, lang) in gold.items():
        text = read_text(os.path.join(d, pid + ".txt"))
        if text is None:
            missing += 1
            text = ""
        toks = benchlib.tokens(text)
        if snips is not None:
            joined = " ".join(toks)
            for key in ("with", "without"):
                for s in snips[key]:
                    snip[key + "_total"] += 1
                    snip[key + "_found"] += occurs(s, joined)
        if gtoks:
            per_page[pid] = prf(toks, gtoks) + (ptype, lang)
    return per_page, missing, snip


def summarize(scores):
    """scores: list of (p, r, f) -> dict of means and median F1."""
    if not scores:
        return {"n": 0, "precision": None, "recall": None, "f1": None, "f1_median": None}
    return {
        "n": len(scores),
        "precision": statistics.fmean(s[0] for s in scores),
        "recall": statistics.fmean(s[1] for s in scores),
        "f1": statistics.fmean(s[2] for s in scores),
        "f1_median": statistics.median(s[2] for s in scores),
    }


def read_timing(out_dir, tool):
    try:
        with open(os.path.join(out_dir, tool, "_timing.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def fmt(x, digits=3):
    return "—" if x is None else f"{x:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset")
    ap.add_argument("out", help="dir with one <tool>/ folder per tool")
    benchlib.add_filter_args(ap)
    ap.add_argument("--by-type", action="store_true", help="also print mean F1 per page_type")
    ap.add_argument("--by-lang", action="store_true",
                    help="also print mean F1 per language (index.csv's lang, primary subtag)")
    ap.add_argument("--json", metavar="FILE", help="write all figures as JSON to FILE ('-' = stdout, "
                                                   "and no Markdown)")
    ap.add_argument("--tools", help="comma-separated subset of the tool folders")
    args = ap.parse_args()

    rows = benchlib.select_pages(args.dataset, args.domains, args.split)
    if not rows:
        sys.exit("no pages selected")
    gold = load_gold(args.dataset, rows)
    gold_empty = sorted(pid for pid, g in gold.items() if not g[0])
    has_snippets = any(g[2] is not None for g in gold.values())
    only = set(args.tools.split(",")) if args.tools else None
    tools = find_tools(args.out, only)
    if not tools:
        sys.exit(f"no tool folders in {args.out}")

    results = []
    for tool, has_txt in tools:
        timing = read_timing(args.out, tool)
        res = {"tool": tool, "version": timing.get("version"), "pages_per_s": timing.get("pages_per_s"),
               "failures": timing.get("failures"), "empty_outputs": timing.get("empty_outputs"),
               "timing_error": timing.get("error"), "speed_only": not has_txt}
        if has_txt:
            per_page, missing, snip = score_tool(args.out, tool, gold)
            res.update(summarize([v[:3] for v in per_page.values()]))
            res["missing_outputs"] = missing
            by_type = defaultdict(list)
            for v in per_page.values():
                by_type[v[3]].append(v[:3])
            res["by_type"] = {t: summarize(v) for t, v in sorted(by_type.items())}
            by_lang = defaultdict(list)
            for v in per_page.values():
                by_lang[v[4]].append(v[:3])
            res["by_lang"] = {t: summarize(v) for t, v in sorted(by_lang.items())}
            res["must_have_recall"] = (snip["with_found"] / snip["with_total"]) if snip["with_total"] else None
            res["leak_rate"] = (snip["without_found"] / snip["without_total"]) if snip["without_total"] else None
            res["snippets"] = snip
            res["per_page_f1"] = {pid: round(v[2], 4) for pid, v in per_page.items()}
        results.append(res)
    results.sort(key=lambda r: (r.get("f1") is None, -(r.get("f1") or 0), -(r.get("pages_per_s") or 0)))

    summary = {"dataset": os.path.abspath(args.dataset), "domains": args.domains, "split": args.split,
               "pages": len(rows), "gold_empty": len(gold_empty), "gold_empty_ids": gold_empty,
               "scored_pages": len(rows) - len(gold_empty), "tools": results}
    if args.json:
        if args.json == "-":
            json.dump(summary, sys.stdout, indent=1)
            print()
            return
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=1)

    sel = []
    if args.domains:
        sel.append(f"domains in {args.domains}")
    if args.split:
        sel.append(f"split={args.split}")
    print(f"**{os.path.basename(os.path.normpath(args.dataset))}**"
          f"{' (' + ', '.join(sel) + ')' if sel else ''}: {len(rows)} pages, "
          f"{len(gold_empty)} with empty gold left out of P/R/F1 → {len(rows) - len(gold_empty)} scored.\n")
    head = ["tool", "F1 mean", "F1 median", "precision", "recall"]
    if has_snippets:
        head += ["must-have recall", "must-not leak"]
    head += ["pages/s", "failures", "empty out"]
    print("| " + " | ".join(head) + " |")
    print("| --- | " + " | ".join("---:" for _ in head[1:]) + " |")
    for r in results:
        cells = [r["tool"], fmt(r.get("f1")), fmt(r.get("f1_median")), fmt(r.get("precision")),
                 fmt(r.get("recall"))]
        if has_snippets:
            cells += [fmt(r.get("must_have_recall")), fmt(r.get("leak_rate"))]
        pps = r.get("pages_per_s")
        cells += [fmt(pps, 1) if pps is not None else ("error" if r.get("timing_error") else "—"),
                  "—" if r.get("failures") is None else str(r["failures"]),
                  "—" if r.get("empty_outputs") is None else str(r["empty_outputs"])]
        print("| " + " | ".join(cells) + " |")

    for wanted, key, title in ((args.by_type, "by_type", "page type"), (args.by_lang, "by_lang", "language")):
        if not wanted:
            continue
        groups = sorted({t for r in results for t in r.get(key, {})})
        counts = {}
        for r in results:
            for t, s in r.get(key, {}).items():
                counts[t] = s["n"]
        print(f"\nMean word F1 by {title} (pages scored):\n")
        print("| tool | " + " | ".join(f"{t} ({counts[t]})" for t in groups) + " |")
        print("| --- | " + " | ".join("---:" for _ in groups) + " |")
        for r in results:
            if r["speed_only"]:
                continue
            bt = r.get(key, {})
            print("| " + r["tool"] + " | " + " | ".join(fmt(bt.get(t, {}).get("f1")) for t in groups) + " |")


if __name__ == "__main__":
    main()
