#!/usr/bin/env python3
"""Short pages and HTML fragments, made from the training pages of the licensed sets.

    python3 training/fragments.py pages DATASETS HOLDOUT OUT CSV...   # write OUT/html/*.html
    python3 training/fragments.py label OUT BLOCKS_CSV > fragments.csv  # label their blocks

Called by training/build-model.sh. Deterministic: every choice is made from the MD5 of the page
id, never a random draw.

Why: a one-paragraph page, a CMS body, an RSS item's content or plain text is a normal input for
a preprocessing crate, but the crawled sets hold almost none, and there a lone block holding a
page's words is mostly a script-rendered page's notice. So the model could not learn what a
fragment's paragraphs are. This builds small pages from each training page's own text: the
gold's prose paragraphs (content), and, so that the model does not learn "fragment = content",
the page's own menus and its hand-annotated banners alone (chrome).

`pages`: for every page of wcxb-dev (domains not in HOLDOUT), fundus and readability
(`split=train`, domains not in HOLDOUT) with prose in its gold (blank-line separated paragraphs
of at least 12 words), one positive page in one of five shapes:

  0  a whole document with a <title> and one <p> (a one-paragraph page)
  1  one bare <p>
  2  an RSS item's content: <div> with one or two <p>, the last words a link
  3  plain text, no markup
  4  a CMS body: two to five bare <p>

and, from the labelled CSVs (training/data/<set>.csv, the same training pages), negatives:

  nav     a bare <ul> of the page's menu links (a run of three or more link-only `li` blocks
          labelled chrome in one container; one page in three)
  banner  a block the kind annotations name consent, newsletter, paywall, promo or legal (with
          the blocks of the same kind next to it), alone in a <div> (the first three of a page)

and, so that a fragment's chrome is not taken for content because the fragment is small, mixed
fragments (one page in three that has a menu run and prose): one to three of its menu links in a
<header>, two to four of its content paragraphs (labelled content, at least 12 words) in an
<article>, one of its annotated banners after the article when it has one (every other one
hidden by a `hidden` class, as sites hide prompts), and its last chrome block in a <footer>. Their blocks are labelled one by one: content
when the text is one of the paragraphs put in, chrome otherwise (OUT/mixed.json).

OUT/html/<id>.html holds the small pages and OUT/labels.csv (id, domain, label) their label:
every block of a page has the page's label (positives are made of gold paragraphs only,
negatives of chrome blocks only), except on mixed pages (label `mixed`, see above). `label` joins the block CSV that `unchrome blocks OUT/html`
writes with it. OUT is git-ignored (training/data/): page text of the sets is never committed.
"""
import csv
import hashlib
import html
import json
import os
import re
import sys

MIN_WORDS = 12
BANNER_KINDS = {"consent", "newsletter", "paywall", "promo", "legal"}


def h(key):
    return hashlib.md5(key.encode()).digest()


def prose(gold):
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", gold)]
    return [p for p in paras if len(re.findall(r"\w+", p)) >= MIN_WORDS]


def esc(t):
    return html.escape(t, quote=False)


def positive(pid, paras):
    d = h(pid)
    kind = d[0] % 5
    start = d[1] % len(paras)
    if kind == 0:
        title = " ".join(paras[start].split()[:6])
        return (f"<!DOCTYPE html><html><head><title>{esc(title)}</title></head>"
                f"<body><p>{esc(paras[start])}</p></body></html>\n")
    if kind == 1:
        return f"<p>{esc(paras[start])}</p>\n"
    if kind == 2:
        take = paras[start:start + 1 + d[2] % 2]
        words = take[-1].split(" ")
        n = min(3 + d[3] % 3, max(len(words) - 3, 1))
        last = (esc(" ".join(words[:-n])) + ' <a href="https://example.com/item">'
                + esc(" ".join(words[-n:])) + "</a>")
        body = "".join(f"<p>{esc(p)}</p>" for p in take[:-1]) + f"<p>{last}</p>"
        return f"<div>{body}</div>\n"
    if kind == 3:
        return esc(paras[start]) + "\n"
    count = 2 + d[2] % 4
    take = paras[start:start + count]
    if len(take) < 2:
        take = paras[-count:]
    return "\n".join(f"<p>{esc(p)}</p>" for p in take) + "\n"


def read_csv_pages(path, held):
    """Labelled CSV rows grouped by page, in order, training domains only."""
    pages = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["domain"] in held:
                continue
            pages.setdefault(r["page"], []).append(r)
    for rows in pages.values():
        rows.sort(key=lambda r: int(r["index"]))
    return pages


def nav_runs(rows):
    """Runs of three or more consecutive link-only `li` blocks labelled chrome in one container."""
    runs, cur = [], []
    for r in rows:
        text = r["text"]
        linky = (r["tag"] == "li" and r["label"].startswith("chrome") and text
                 and int(r["link_chars"] or 0) >= 0.8 * len(text) and len(text) <= 60)
        if linky and cur and cur[-1]["container_id"] == r["container_id"]:
            cur.append(r)
        else:
            if len(cur) >= 3:
                runs.append(cur)
            cur = [r] if linky else []
    if len(cur) >= 3:
        runs.append(cur)
    return runs


def banners(rows):
    """Groups of consecutive blocks annotated with one of BANNER_KINDS."""
    groups, cur, kind = [], [], None
    for r in rows:
        k = r["label"].split(":", 1)[1] if r["label"].startswith("chrome:") else None
        if k in BANNER_KINDS and (not cur or k == kind):
            cur.append(r)
            kind = k
            continue
        if cur:
            groups.append(cur)
        cur, kind = ([r], k) if k in BANNER_KINDS else ([], None)
    if cur:
        groups.append(cur)
    return groups


def pages_cmd(datasets, holdout, out, csvs):
    held = {l.strip() for l in open(holdout) if l.strip() and not l.startswith("#")}
    os.makedirs(os.path.join(out, "html"), exist_ok=True)
    labels = []
    mixed = {}

    def write(pid, domain, label, page):
        with open(os.path.join(out, "html", pid + ".html"), "w", encoding="utf-8") as f:
            f.write(page)
        labels.append((pid, domain, label))

    for s in ("wcxb-dev", "fundus", "readability"):
        with open(os.path.join(datasets, s, "index.csv"), newline="", encoding="utf-8") as f:
            index = list(csv.DictReader(f))
        for r in index:
            if r["domain"] in held or (s != "wcxb-dev" and r.get("split") != "train"):
                continue
            try:
                with open(os.path.join(datasets, s, "gold", r["id"] + ".txt"), encoding="utf-8") as f:
                    paras = prose(f.read())
            except FileNotFoundError:
                continue
            if not paras:
                continue
            pid = f"{s}--{r['id']}"
            write(pid, r["domain"], "content", positive(pid, paras))
    n_pos = len(labels)
    for path in csvs:
        s = os.path.basename(path).removesuffix(".csv")
        for page, rows in sorted(read_csv_pages(path, held).items()):
            pid = f"{s}--{page}"
            domain = rows[0]["domain"]
            runs = nav_runs(rows)
            if runs and h(pid + "nav")[0] % 3 == 0:
                run = runs[h(pid + "run")[0] % len(runs)][:12]
                items = "".join(f'<li><a href="/{k}">{esc(r["text"])}</a></li>' for k, r in enumerate(run))
                write(pid + "--nav", domain, "chrome", f"<ul>{items}</ul>\n")
            prose_rows = [r for r in rows if r["label"] == "content" and r["tag"] == "p"
                          and len(re.findall(r"\w+", r["text"])) >= MIN_WORDS]
            tail = [r for r in rows if r["label"].startswith("chrome") and r["text"]
                    and int(r["link_chars"] or 0) < len(r["text"])]
            d = h(pid + "mixed")
            if runs and prose_rows and tail and d[0] % 3 == 0:
                run = runs[d[1] % len(runs)]
                links = "".join(f'<a href="/{k}">{esc(r["text"])}</a> '
                                for k, r in enumerate(run[:1 + d[2] % 3]))
                start = d[3] % len(prose_rows)
                paras = [r["text"] for r in prose_rows[start:start + 2 + d[4] % 3]]
                body = "".join(f"<p>{esc(t)}</p>" for t in paras)
                groups = banners(rows)
                aside = ""
                if groups:
                    g = groups[d[5] % len(groups)][:2]
                    hide = ' class="hidden"' if d[6] % 2 else ""
                    aside = f"<div{hide}>" + "".join(f"<p>{esc(r['text'])}</p>" for r in g) + "</div>"
                write(pid + "--mixed", domain, "mixed",
                      f"<header>{links}</header><article>{body}</article>{aside}"
                      f"<footer>{esc(tail[-1]['text'])}</footer>\n")
                mixed[pid + "--mixed"] = paras
            for k, g in enumerate(banners(rows)[:3]):
                body = "".join(f"<p>{esc(r['text'])}</p>" for r in g[:4])
                write(f"{pid}--banner{k}", domain, "chrome", f"<div>{body}</div>\n")
    with open(os.path.join(out, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "domain", "label"])
        w.writerows(sorted(labels))
    with open(os.path.join(out, "mixed.json"), "w", encoding="utf-8") as f:
        json.dump(mixed, f, sort_keys=True)
    print(f"wrote {n_pos} content, {len(labels) - n_pos - len(mixed)} chrome and {len(mixed)} "
          f"mixed fragment pages to {out}", file=sys.stderr)


def label_cmd(out, blocks_csv):
    with open(os.path.join(out, "labels.csv"), newline="", encoding="utf-8") as f:
        labels = {r["id"]: r for r in csv.DictReader(f)}
    with open(os.path.join(out, "mixed.json"), encoding="utf-8") as f:
        mixed = {k: set(v) for k, v in json.load(f).items()}
    with open(blocks_csv, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        w = csv.DictWriter(sys.stdout, fieldnames=reader.fieldnames, lineterminator="\n")
        w.writeheader()
        for r in reader:
            lab = labels[r["page"]]
            r["domain"] = lab["domain"]
            r["label"] = lab["label"]
            if lab["label"] == "mixed":
                r["label"] = "content" if r["text"] in mixed[r["page"]] else "chrome"
            w.writerow(r)


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "pages":
        pages_cmd(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif len(sys.argv) == 4 and sys.argv[1] == "label":
        label_cmd(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
