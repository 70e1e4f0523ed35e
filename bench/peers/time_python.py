#!/usr/bin/env python3
"""Time Python extractors on benchmark pages, for the throughput table (no output files).

    bench/.venv/bin/python bench/peers/time_python.py DATASET_DIR [--domains FILE] [--split NAME]
                           [--tools trafilatura] [--repeat N] [--limit N]

Prints one JSON object a line per tool: {"tool", "version", "pages", "bytes", "seconds": [...]}
(one wall-clock time per repeat). Pages are read and gunzipped before the clock starts; the
clock covers benchlib.decode_html + extract for every page, one thread, as in run_peers.py.
bench/compare's `throughput` mode runs this in the same run as the Rust tools.
"""
import argparse
import json
import os
import sys
import time
from importlib import metadata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchlib  # noqa: E402


def make(tool):
    if tool == "trafilatura":
        import trafilatura

        return (lambda html: trafilatura.extract(html, include_comments=False) or ""), "trafilatura"
    if tool == "readability-lxml":
        from readability import Document

        return (lambda html: Document(html).summary()), "readability-lxml"
    if tool == "justext":
        import justext

        stop = justext.get_stoplist("English")
        return (lambda html: justext.justext(html, stop)), "jusText"
    if tool == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text

        return (lambda html: extract_plain_text(html, main_content=True)), "Resiliparse"
    raise SystemExit(f"unknown tool {tool}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    benchlib.add_filter_args(ap)
    ap.add_argument("--tools", default="trafilatura")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="only the first N selected pages")
    a = ap.parse_args()
    rows = benchlib.select_pages(a.dataset, a.domains, a.split)
    if a.limit:
        rows = rows[: a.limit]
    pages = [benchlib.read_html_bytes(a.dataset, r["id"]) for r in rows]
    size = sum(len(p) for p in pages)
    for tool in [t for t in a.tools.split(",") if t]:
        extract, dist = make(tool)
        seconds = []
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            for data in pages:
                try:
                    extract(benchlib.decode_html(data))
                except Exception:  # noqa: BLE001  (a failure still costs its time)
                    pass
            seconds.append(time.perf_counter() - t0)
        print(json.dumps({"tool": tool, "version": metadata.version(dist), "pages": len(pages),
                          "bytes": size, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
