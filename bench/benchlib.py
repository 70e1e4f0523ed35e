"""Shared helpers for the comparison harness: page selection, HTML byte decoding, tokens.

Used by bench/peers/run_peers.py and bench/score.py (standard library only). The Rust side
(bench/compare/src/main.rs) implements the same selection and the same decoding rule.
"""
import codecs
import csv
import gzip
import os
import re

# ---------------------------------------------------------------- selection


def read_domains(path):
    """One domain a line; '#' starts a comment; blank lines ignored; compared lower-cased."""
    domains = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip().lower()
            if line:
                domains.add(line)
    return domains


def select_pages(dataset, domains_file=None, split=None):
    """Rows of <dataset>/index.csv (dicts) kept by the filter, in index order.

    domains_file: keep rows whose `domain` is listed; split: keep rows whose `split` equals it.
    """
    domains = read_domains(domains_file) if domains_file else None
    rows = []
    with open(os.path.join(dataset, "index.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if domains is not None and (row.get("domain") or "").strip().lower() not in domains:
                continue
            if split is not None and (row.get("split") or "") != split:
                continue
            rows.append(row)
    return rows


def add_filter_args(parser):
    parser.add_argument("--domains", metavar="FILE",
                        help="keep pages whose domain is listed (one a line, '#' comments)")
    parser.add_argument("--split", metavar="NAME", help="keep pages whose index.csv split is NAME")


def html_path(dataset, page_id):
    return os.path.join(dataset, "html", page_id + ".html.gz")


def read_html_bytes(dataset, page_id):
    with gzip.open(html_path(dataset, page_id), "rb") as f:
        return f.read()


# ---------------------------------------------------------------- decoding

# charset="..." in <meta charset> or <meta http-equiv content="text/html; charset=...">
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
# WHATWG maps these labels to windows-1252; Python's codecs would take them literally.
_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "x-sjis": "shift_jis",
            "gb2312": "gb18030", "gbk": "gb18030", "unicode": "utf-8", "utf8": "utf-8"}
PRESCAN_BYTES = 16384


def sniff_charset(data):
    """The encoding name to decode with: BOM, else the first <meta> charset in the first 16 KiB
    that Python knows (utf-8 instead when the bytes are valid UTF-8 and not all ASCII), else
    utf-8."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    m = _META_CHARSET.search(data[:PRESCAN_BYTES])
    if m:
        label = m.group(1).decode("ascii", "replace").strip().lower()
        label = _ALIASES.get(label, label)
        try:
            name = codecs.lookup(label).name
        except LookupError:
            return "utf-8"
        # a page that says utf-16 in a <meta> is in fact ASCII-compatible (the spec says utf-8)
        if name.startswith("utf-16") or name.startswith("utf-32"):
            return "utf-8"
        # as unchrome's decoder: a legacy declaration over bytes that are valid UTF-8 (and not
        # all ASCII) is a stale one; the page is UTF-8
        if name != "utf-8" and not data.isascii():
            try:
                data.decode("utf-8")
                return "utf-8"
            except UnicodeDecodeError:
                pass
        return name
    return "utf-8"


def decode_html(data):
    """Bytes of a page -> str: charset from BOM/<meta>, else utf-8; bad bytes replaced."""
    return data.decode(sniff_charset(data), errors="replace")


# ---------------------------------------------------------------- tokens

_WORD = re.compile(r"\w+")


def tokens(text):
    """Lower-cased Unicode \\w+ runs."""
    return _WORD.findall(text.lower())
