#!/usr/bin/env python3
"""Writes wcxb-dev article pages with a server-rendered reader-comment thread added: training data
for the chrome that wcxb-dev (a 2025 crawl, whose comment threads are drawn by script and absent
from the served HTML) hardly has, and older news and blog pages have on nearly every page.

    python3 training/experiments/augment-comments.py DATASETS/wcxb-dev OUT_DIR training/validation-domains.txt

For each article page of a training domain (never a held-out one), a copy gets a comment section
inserted right after the element that closes the article's last gold paragraph, inside the
article's own container (the hard case: the thread shares the article's element). The gold stays
the page's own, so `unchrome label` labels every inserted block chrome by alignment. The comment
texts are paragraphs of the gold of wcxb-dev's forum pages (real user posts) of training domains.
The section's markup is one of several templates of the kind old blogs and news sites serve
(WordPress `ol.commentlist`, a `dl` of names and posts, `div`s without a comment class, a table,
`article`s in a `section`), with headings and reply prompts in seven languages.

Writes OUT_DIR/html/<id>c.html, OUT_DIR/gold/<id>c.txt and OUT_DIR/index.csv (same domain and
page type as the original). Deterministic: every choice comes from a generator seeded by the page id.
"""
import csv
import gzip
import html
import os
import random
import re
import sys

HEADINGS = [
    "Comments", "{n} Comments", "{n} Responses to “{title}”", "{n} thoughts on “{title}”",
    "Reader comments", "Discussion", "{n} Replies", "Comments ({n})", "What readers say",
    "Kommentare", "{n} Kommentare", "Commentaires", "{n} commentaires", "Comentarios",
    "{n} comentarios", "Commenti", "Comentários", "Reacties", "{n} reacties",
]
REPLY_PROMPTS = [
    "Leave a Reply", "Leave a comment", "Post a comment", "Add your comment", "Join the discussion",
    "Schreibe einen Kommentar", "Laisser un commentaire", "Deja un comentario", "Lascia un commento",
    "Deixe um comentário", "Laat een reactie achter",
]
FORM_LINES = [
    "Your email address will not be published. Required fields are marked *",
    "You must be logged in to post a comment.",
    "Name (required)", "Email (will not be published)", "Website",
    "Notify me of follow-up comments by email.", "Save my name, email, and website in this browser "
    "for the next time I comment.",
]
NAMES = [
    "jmarsh", "Karen B.", "TechDad77", "Ollie", "Priya S", "anonymous", "Guest", "M. Okafor",
    "sailor_moon", "Rick in Ohio", "Dee", "Lukas", "Camille R.", "J.A.", "the_real_tom", "Nadia",
    "Old Timer", "Sven", "Marta G.", "pixelpusher", "Bob Tompkins", "Ana", "Chen Wei", "Fred",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def date(rng):
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2008, 2024)}"


def meta(rng):
    forms = [
        lambda: f"{date(rng)} at {rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm",
        lambda: date(rng),
        lambda: f"{rng.randint(2, 23)} hours ago",
        lambda: f"{rng.randint(2, 11)} days ago",
    ]
    return rng.choice(forms)()


def esc(s):
    return html.escape(s, quote=False)


def comment_paragraphs(c):
    return "".join(f"<p>{esc(p)}</p>" for p in c)


def t_wordpress(rng, title, comments):
    items = []
    for k, c in enumerate(comments):
        items.append(
            f'<li class="comment even thread-even depth-1" id="comment-{rng.randint(1000, 99999)}">'
            f'<div class="comment-author vcard"><cite class="fn">{esc(rng.choice(NAMES))}</cite> '
            f'<span class="says">says:</span></div><div class="comment-meta commentmetadata">'
            f'<a href="#comment-{k}">{meta(rng)}</a></div>{comment_paragraphs(c)}'
            f'<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></li>')
    return (f'<div id="comments" class="comments-area"><h3 class="comments-title">{heading(rng, title, comments)}</h3>'
            f'<ol class="commentlist">{"".join(items)}</ol>{reply_form(rng)}</div>')


def t_dl(rng, title, comments):
    items = []
    for k, c in enumerate(comments):
        items.append(f'<dt><a href="#{rng.randint(10**6, 10**7)}">{k + 1}.</a> {esc(rng.choice(NAMES))} - '
                     f'{date(rng)}</dt><dd>{comment_paragraphs(c)}</dd>')
    return (f'<div id="{rng.choice(["comments", "talk", "feedback"])}"><h2>{heading(rng, title, comments)}'
            f'<a href="#postComment">&raquo;</a></h2><dl>{"".join(items)}</dl>{reply_form(rng)}</div>')


def t_divs(rng, title, comments):
    # No comment token anywhere: only the structure and the heading say what this is.
    items = []
    for c in comments:
        items.append(f'<div class="entry"><div class="author"><b>{esc(rng.choice(NAMES))}</b> wrote on '
                     f'{date(rng)}:</div><div class="body">{comment_paragraphs(c)}</div></div>')
    return (f'<div class="{rng.choice(["box", "feedback", "talkback", "section"])}"><h3>'
            f'{heading(rng, title, comments)}</h3>{"".join(items)}</div>')


def t_table(rng, title, comments):
    rows = []
    for c in comments:
        rows.append(f'<tr><td class="hdr"><b>{esc(rng.choice(NAMES))}</b> &middot; {meta(rng)}</td></tr>'
                    f'<tr><td>{"<br><br>".join(esc(p) for p in c)}</td></tr>')
    return (f'<p><b>{heading(rng, title, comments)}</b></p><table class="{rng.choice(["posts", "comments", "list"])}" '
            f'width="100%">{"".join(rows)}</table>{reply_form(rng)}')


def t_articles(rng, title, comments):
    items = []
    for c in comments:
        items.append(f'<article class="{rng.choice(["reply", "c-item", "response", "comment"])}"><header>'
                     f'<span class="name">{esc(rng.choice(NAMES))}</span> <time>{meta(rng)}</time></header>'
                     f'{comment_paragraphs(c)}<footer><a href="#">Reply</a> <a href="#">Like</a> '
                     f'<a href="#">Report</a></footer></article>')
    return (f'<section class="{rng.choice(["replies", "discussion", "responses", "comments"])}"><h2>'
            f'{heading(rng, title, comments)}</h2>{"".join(items)}</section>{reply_form(rng)}')


TEMPLATES = [t_wordpress, t_dl, t_divs, t_table, t_articles]


def heading(rng, title, comments):
    return esc(rng.choice(HEADINGS).format(n=len(comments), title=title[:80]))


def reply_form(rng):
    if rng.random() < 0.3:
        return ""
    lines = rng.sample(FORM_LINES, rng.randint(1, 3))
    return (f'<div id="respond"><h3 id="reply-title">{esc(rng.choice(REPLY_PROMPTS))}</h3><form action="#">'
            + "".join(f"<p>{esc(x)}</p>" for x in lines)
            + '<textarea name="comment"></textarea><input type="submit" value="Submit"></form></div>')


def words(text):
    return re.findall(r"\w+", text)


def insertion_point(page, gold):
    """Byte offset just after the close tag of the element holding the gold's last paragraph."""
    paras = [p for p in re.split(r"\n\s*\n", gold) if len(words(p)) >= 8]
    for para in reversed(paras[-3:]):
        w = words(para)[-3:]
        pat = r"(?:[^\w<&]|&nbsp;|&#160;|<[^>]*>)+".join(re.escape(x) for x in w)
        last = None
        for m in re.finditer(pat, page):
            last = m
        if last is None:
            continue
        close = re.compile(r"</(p|div|section|td|li|blockquote)\s*>", re.I).search(page, last.end())
        if close:
            return close.end()
    return None


def main():
    wcxb, out, holdout = sys.argv[1:4]
    held = {l.strip() for l in open(holdout) if l.strip() and not l.startswith("#")}
    rows = [r for r in csv.DictReader(open(os.path.join(wcxb, "index.csv"), newline=""))
            if r["domain"] not in held]

    def gold(pid):
        with open(os.path.join(wcxb, "gold", pid + ".txt"), encoding="utf-8") as f:
            return f.read()

    # The comment pool: paragraphs of the forum pages' gold, 6 to 120 words each.
    pool = []
    for r in rows:
        if r["page_type"] == "forum":
            pool += [" ".join(p.split()) for p in re.split(r"\n\s*\n", gold(r["id"]))
                     if 6 <= len(words(p)) <= 120]
    if not pool:
        sys.exit("no forum paragraphs to draw comments from")
    os.makedirs(os.path.join(out, "html"), exist_ok=True)
    os.makedirs(os.path.join(out, "gold"), exist_ok=True)
    written, skipped = [], 0
    for r in rows:
        if r["page_type"] != "article":
            continue
        pid = r["id"]
        g = gold(pid)
        if len(words(g)) < 50:
            skipped += 1
            continue
        with gzip.open(os.path.join(wcxb, "html", pid + ".html.gz")) as f:
            raw = f.read()
        try:
            page = raw.decode("utf-8")
        except UnicodeDecodeError:
            skipped += 1
            continue
        at = insertion_point(page, g)
        if at is None:
            skipped += 1
            continue
        rng = random.Random("unchrome-comments-" + pid)
        comments = []
        for _ in range(rng.randint(3, 25)):
            comments.append([rng.choice(pool) for _ in range(rng.choice([1, 1, 1, 2, 3]))])
        title_m = re.search(r"<title[^>]*>(.*?)</title>", page, re.S | re.I)
        title = html.unescape(" ".join(title_m.group(1).split())) if title_m else "this post"
        section = rng.choice(TEMPLATES)(rng, title, comments)
        new_id = pid + "c"
        with open(os.path.join(out, "html", new_id + ".html"), "w", encoding="utf-8") as f:
            f.write(page[:at] + section + page[at:])
        with open(os.path.join(out, "gold", new_id + ".txt"), "w", encoding="utf-8") as f:
            f.write(g)
        written.append({**r, "id": new_id, "url": "", "split": "augmented"})
    with open(os.path.join(out, "index.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(written)
    print(f"augment-comments: {len(written)} article pages with a comment thread added "
          f"({skipped} skipped: no long gold, not UTF-8, or no place found); {len(pool)} comment paragraphs")


if __name__ == "__main__":
    main()
