#!/usr/bin/env python3
"""Run the Python peer extractors on benchmark pages; write <out>/<tool>/<id>.txt and _timing.json.

    python bench/peers/run_peers.py DATASET_DIR OUT_DIR [--domains FILE] [--split NAME]
                                    [--tools trafilatura,readability-lxml,justext,resiliparse]

Every tool gets the same input: the gunzipped bytes decoded by benchlib.decode_html (charset from a
BOM or <meta>, else utf-8 with replacement). The timer covers decode + extract only (the files are
read and gunzipped beforehand). An exception, or a page that takes longer than --timeout seconds,
writes an empty file and is counted. Tools run one after another, single-threaded.
"""
import argparse
import json
import os
import signal
import sys
import time
from importlib import metadata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchlib  # noqa: E402

# ---------------------------------------------------------------- the peers

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "td", "th", "ul", "body",
}


def html_to_text(fragment):
    """lxml text_content() of an HTML fragment, with block elements split by blank lines."""
    import lxml.html

    if not fragment or not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif tag in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    return tidy(root.text_content())


def tidy(text):
    """Collapse runs of spaces inside lines and runs of blank lines between paragraphs."""
    paras, cur = [], []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            cur.append(line)
        elif cur:
            paras.append("\n".join(cur))
            cur = []
    if cur:
        paras.append("\n".join(cur))
    return "\n\n".join(paras)


def make_trafilatura():
    import trafilatura

    def run(html):
        return trafilatura.extract(html, include_comments=False) or ""

    return run, "trafilatura", "extract(html, include_comments=False), defaults otherwise"


def make_readability():
    from readability import Document

    def run(html):
        return html_to_text(Document(html).summary())

    return run, "readability-lxml", "Document(html).summary() -> lxml text_content, blocks split"


def make_justext():
    import justext

    stoplist = justext.get_stoplist("English")

    def run(html):
        paras = justext.justext(html, stoplist)
        return "\n\n".join(p.text for p in paras if not p.is_boilerplate)

    return run, "jusText", 'justext(html, get_stoplist("English")), non-boilerplate paragraphs'


def make_resiliparse():
    from resiliparse.extract.html2text import extract_plain_text

    def run(html):
        return extract_plain_text(html, main_content=True) or ""

    return run, "Resiliparse", "extract_plain_text(html, main_content=True)"


TOOLS = {
    "trafilatura": make_trafilatura,
    "readability-lxml": make_readability,
    "justext": make_justext,
    "resiliparse": make_resiliparse,
}

# ---------------------------------------------------------------- the loop


class PageTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise PageTimeout()


def run_tool(name, pages, out_dir, timeout):
    factory = TOOLS[name]
    tool_dir = os.path.join(out_dir, name)
    os.makedirs(tool_dir, exist_ok=True)
    try:
        extract, dist, settings = factory()
        version = metadata.version(dist)
    except Exception as e:  # the peer is not installed or does not import
        print(f"[{name}] cannot load: {e!r}", file=sys.stderr)
        with open(os.path.join(tool_dir, "_timing.json"), "w") as f:
            json.dump({"tool": name, "pages": len(pages), "error": f"cannot load: {e!r}"}, f, indent=1)
        return
    errors, timeouts, empty = [], [], 0
    busy = 0.0
    signal.signal(signal.SIGALRM, _alarm)
    for page_id, data in pages:
        text = ""
        t0 = time.perf_counter()
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            text = extract(benchlib.decode_html(data))
        except PageTimeout:
            timeouts.append(page_id)
        except Exception as e:  # noqa: BLE001 - any failure is counted, not fatal
            errors.append(page_id)
            print(f"[{name}] {page_id}: {type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        busy += time.perf_counter() - t0
        text = text if isinstance(text, str) else ""
        if not text.strip():
            empty += 1
        with open(os.path.join(tool_dir, page_id + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
    timing = {
        "tool": name,
        "version": version,
        "settings": settings,
        "pages": len(pages),
        "seconds": round(busy, 3),
        "pages_per_s": round(len(pages) / busy, 2) if busy > 0 else None,
        "failures": len(errors) + len(timeouts),
        "errors": errors,
        "timeouts": timeouts,
        "empty_outputs": empty,
        "timed": "decode + extract per page, single thread (file read/gunzip excluded)",
    }
    with open(os.path.join(tool_dir, "_timing.json"), "w") as f:
        json.dump(timing, f, indent=1)
    print(f"[{name}] {len(pages)} pages in {busy:.1f}s ({timing['pages_per_s']} pages/s), "
          f"{len(errors)} errors, {len(timeouts)} timeouts, {empty} empty", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", help="dataset dir with index.csv and html/<id>.html.gz")
    ap.add_argument("out", help="output dir; writes OUT/<tool>/<id>.txt")
    benchlib.add_filter_args(ap)
    ap.add_argument("--tools", default=",".join(TOOLS),
                    help="comma-separated subset of: " + ", ".join(TOOLS))
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds per page before it counts as failed (0 = none; default 60)")
    args = ap.parse_args()

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        ap.error(f"unknown tool(s): {', '.join(unknown)}")
    rows = benchlib.select_pages(args.dataset, args.domains, args.split)
    if not rows:
        sys.exit("no pages selected")
    pages = []
    for row in rows:
        try:
            pages.append((row["id"], benchlib.read_html_bytes(args.dataset, row["id"])))
        except OSError as e:
            print(f"{row['id']}: cannot read html: {e}", file=sys.stderr)
            pages.append((row["id"], b""))
    print(f"{len(pages)} pages selected from {args.dataset}", file=sys.stderr)
    for name in tools:
        run_tool(name, pages, args.out, args.timeout)


if __name__ == "__main__":
    main()
