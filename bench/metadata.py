"""Title, author and date figures: unchrome's metadata against trafilatura's on the same pages.

    bench/.venv/bin/python bench/metadata.py /work/shared/datasets/fundus --split test
    bench/.venv/bin/python bench/metadata.py /work/shared/datasets/readability --split test
    bench/.venv/bin/python bench/metadata.py DATASET --split train --show   # every miss, by page
    bench/.venv/bin/python bench/metadata.py DATASET --split all            # every page (as no --split)

Reads <dataset>/meta/<id>.json ({"title", "authors", "date", ...} as the source records them) and
scores, per page with that field in the gold:
- title: exact match after case folding and whitespace folding;
- authors: the same set of names (case and whitespace folded, order ignored);
- date: the same day: the tool's date as written equals the gold's date as written, or both
  timestamps fall on the same UTC day (a tool that gives only a day is compared as written).

unchrome runs as `unchrome classify -j 1 -f jsonl PAGES` (its `metadata` object; UNCHROME_BIN picks
the binary, default target/release/unchrome); trafilatura as `trafilatura.extract_metadata(html)`
on the page decoded by benchlib's rule. Neither is given the page URL. Standard library plus
trafilatura (run with bench/.venv's python).
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def fold(s):
    return " ".join((s or "").casefold().split())


def written_day(value):
    """YYYY-MM-DD as written at the start of a date string, or None."""
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value or "")
    return m.group(1) if m else None


def utc_day(value):
    """The UTC day of an ISO timestamp with a time zone, or None."""
    try:
        t = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace(" ", "T"))
    except (ValueError, AttributeError):
        return None
    return t.astimezone(datetime.timezone.utc).date().isoformat() if t.tzinfo else None


def date_match(tool, gold):
    """Same day: as written, or the same UTC day when both carry a time zone."""
    tw, gw = written_day(tool), written_day(gold)
    if tw is None or gw is None:
        return False
    if tw == gw:
        return True
    tu, gu = utc_day(tool), utc_day(gold)
    return tu is not None and tu == gu


def authors_match(tool, gold):
    return {fold(a) for a in tool if fold(a)} == {fold(a) for a in gold if fold(a)}


def run_unchrome(binary, paths):
    out = subprocess.run([binary, "classify", "-q", "-j", "1", "-f", "jsonl", *paths],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"unchrome failed ({out.returncode}): {out.stderr.strip()[:2000]}")
    found = {}
    for line in out.stdout.splitlines():
        if line.strip():
            doc = json.loads(line)
            page_id = os.path.basename(doc["path"]).removesuffix(".html.gz")
            m = doc["metadata"]
            # The day unchrome read (YYYY-MM-DD) with the time and zone as written, if any.
            date = m.get("published_date")
            if date and m.get("published", "").startswith(date):
                date = m["published"]
            found[page_id] = {"title": m.get("title"), "authors": m.get("authors") or [],
                              "date": date}
    return found


def run_trafilatura(dataset, ids):
    from trafilatura.metadata import extract_metadata
    found = {}
    for page_id in ids:
        html = benchlib.decode_html(benchlib.read_html_bytes(dataset, page_id))
        try:
            d = extract_metadata(html)
        except Exception as e:  # a peer's failure is a miss, not the end of the run
            print(f"trafilatura: {page_id}: {e}", file=sys.stderr)
            d = None
        authors = [a.strip() for a in (d.author or "").split(";") if a.strip()] if d else []
        found[page_id] = {"title": d.title if d else None, "authors": authors,
                          "date": d.date if d else None}
    return found


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dataset")
    benchlib.add_filter_args(p)
    p.add_argument("--show", action="store_true", help="print every miss")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = p.parse_args()
    if args.split == "all":
        args.split = None
    rows = benchlib.select_pages(args.dataset, args.domains, args.split)
    gold = {}
    for r in rows:
        path = os.path.join(args.dataset, "meta", r["id"] + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                gold[r["id"]] = json.load(f)
    ids = [r["id"] for r in rows if r["id"] in gold]
    binary = os.environ.get("UNCHROME_BIN", "target/release/unchrome")
    tools = {
        "unchrome": run_unchrome(binary, [benchlib.html_path(args.dataset, i) for i in ids]),
        "trafilatura": run_trafilatura(args.dataset, ids),
    }
    fields = {
        "title": (lambda g: bool(g.get("title")), lambda t, g: fold(t["title"]) == fold(g["title"])),
        "authors": (lambda g: bool(g.get("authors")), lambda t, g: authors_match(t["authors"], g["authors"])),
        "date": (lambda g: bool(g.get("date")), lambda t, g: date_match(t["date"], g["date"])),
    }
    figures = {}
    name = os.path.basename(os.path.normpath(args.dataset))
    print(f"{name} {args.split or 'all'}: {len(ids)} pages with meta/")
    print("| field (pages with it in the gold) | " + " | ".join(tools) + " |")
    print("| --- |" + " ---: |" * len(tools))
    for field, (has, ok) in fields.items():
        pages = [i for i in ids if has(gold[i])]
        cells = []
        for tool, found in tools.items():
            hits = sum(ok(found[i], gold[i]) for i in pages)
            figures.setdefault(tool, {})[field] = {"pages": len(pages), "matches": hits}
            cells.append(f"{hits / len(pages):.3f} ({hits}/{len(pages)})" if pages else "-")
        print(f"| {field} ({len(pages)}) | " + " | ".join(cells) + " |")
    if args.show:
        for field, (has, ok) in fields.items():
            for i in ids:
                if has(gold[i]) and not ok(tools["unchrome"][i], gold[i]):
                    print(f"\n{field} {i}\n  gold:        {gold[i].get(field)!r}"
                          f"\n  unchrome:    {tools['unchrome'][i][field]!r}"
                          f"\n  trafilatura: {tools['trafilatura'][i][field]!r}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"dataset": name, "split": args.split, "pages": len(ids), "figures": figures}, f, indent=1)


if __name__ == "__main__":
    main()
