//! The article as HTML: the kept blocks as clean, self-contained markup with their structure.
//!
//! Structure comes from each block's `tag` and `path` (the tags from below `<body>` down to the
//! block), as the Markdown output reads it: `h1`–`h6` stay headings, `li` under `ul`/`ol` become
//! list items (a list per run of items of one list element, nested lists inside their parent's
//! item), text under `blockquote` is quoted, `pre` keeps its line breaks
//! ([`Block::pre_text`](crate::Block::pre_text)), a `figcaption` becomes a `<figure>` with its
//! image, everything else a paragraph. Inline, the block's links
//! ([`Block::anchors`](crate::Block::anchors)) and images ([`Block::images`](crate::Block::images))
//! are kept where they stood. Every text and attribute is escaped; the only attributes written
//! are `href`, `src` and `alt`, and only addresses [`resolve_url`] lets through (no
//! `javascript:`), so the output holds no script, no event handler and no style.

use crate::html::{Anchor, Image};
use crate::page::ClassifiedBlock;
use crate::util::markup::escape_html;
use crate::util::url::resolve_url;

/// The HTML of the blocks `keep` selects, in an `<article>` element (empty when none is kept).
pub(crate) fn render(
    blocks: &[ClassifiedBlock],
    keep: &dyn Fn(&ClassifiedBlock) -> bool,
    base: Option<&str>,
) -> String {
    let mut out = String::new();
    // Open lists, outermost first: (list tag, the list element's number, an item is open).
    let mut lists: Vec<(&str, u32, bool)> = Vec::new();
    let mut quotes = 0;
    for b in blocks.iter().filter(|b| keep(b)) {
        let block = &b.block;
        if block.text.trim().is_empty() {
            continue;
        }
        let tags: Vec<&str> = block.path.split('>').filter(|t| !t.is_empty()).collect();
        let tag = block.tag.as_str();
        let in_pre = tag == "pre" || tags.contains(&"pre");
        let list_tags: Vec<&str> = tags
            .iter()
            .copied()
            .filter(|t| matches!(*t, "ul" | "ol" | "menu"))
            .map(|t| if t == "ol" { "ol" } else { "ul" })
            .collect();
        let item = tag == "li" && !list_tags.is_empty() && !in_pre;
        let depth = if item { list_tags.len() } else { 0 };
        let quote = tags.iter().filter(|t| **t == "blockquote").count();
        // Close the lists deeper than this block's, and at its depth another list's.
        while lists.len() > depth
            || lists.len() == depth
                && depth > 0
                && lists.last().is_some_and(|l| l.1 != block.container_id)
        {
            close_list(&mut out, &mut lists);
        }
        if quote != quotes && !lists.is_empty() {
            while !lists.is_empty() {
                close_list(&mut out, &mut lists);
            }
        }
        while quotes > quote {
            out.push_str("</blockquote>\n");
            quotes -= 1;
        }
        while quotes < quote {
            out.push_str("<blockquote>\n");
            quotes += 1;
        }
        if item {
            while lists.len() < depth {
                let kind = list_tags[lists.len()];
                let id = if lists.len() + 1 == depth {
                    block.container_id
                } else {
                    u32::MAX
                };
                out.push_str(if kind == "ol" { "<ol>\n" } else { "<ul>\n" });
                lists.push((kind, id, false));
            }
            let top = lists.last_mut().expect("opened above");
            if top.2 {
                out.push_str("</li>\n");
            }
            top.2 = true;
            out.push_str("<li>");
            inline(&mut out, &block.text, &block.anchors, &block.images, base);
            continue;
        }
        if in_pre {
            images(&mut out, &block.images, base);
            let code = if block.pre_text.is_empty() {
                &block.text
            } else {
                &block.pre_text
            };
            out.push_str("<pre><code>");
            out.push_str(&escape_html(code));
            out.push_str("</code></pre>\n");
        } else if let Some(level) = block.heading_level() {
            out.push_str(&format!("<h{level}>"));
            inline(&mut out, &block.text, &block.anchors, &block.images, base);
            out.push_str(&format!("</h{level}>\n"));
        } else if tag == "figcaption" {
            out.push_str("<figure>");
            let (before, after): (Vec<Image>, Vec<Image>) =
                block.images.iter().cloned().partition(|i| i.at == 0);
            images(&mut out, &before, base);
            out.push_str("<figcaption>");
            inline(&mut out, &block.text, &block.anchors, &after, base);
            out.push_str("</figcaption></figure>\n");
        } else {
            out.push_str("<p>");
            inline(&mut out, &block.text, &block.anchors, &block.images, base);
            out.push_str("</p>\n");
        }
    }
    while !lists.is_empty() {
        close_list(&mut out, &mut lists);
    }
    while quotes > 0 {
        out.push_str("</blockquote>\n");
        quotes -= 1;
    }
    if out.is_empty() {
        return out;
    }
    format!("<article>\n{out}</article>\n")
}

fn close_list(out: &mut String, lists: &mut Vec<(&str, u32, bool)>) {
    if let Some((kind, _, item_open)) = lists.pop() {
        if item_open {
            out.push_str("</li>\n");
        }
        out.push_str(if kind == "ol" { "</ol>\n" } else { "</ul>\n" });
        // The list sat inside its parent's item, which stays open for more of its text.
    }
}

/// A block's text with its links and images where they stood.
fn inline(out: &mut String, text: &str, anchors: &[Anchor], imgs: &[Image], base: Option<&str>) {
    let mut pos = 0;
    let mut next_image = 0;
    for a in anchors {
        // Ranges come from the segmenter; a block built by hand may hold any.
        if a.start < pos
            || a.end <= a.start
            || a.end > text.len()
            || !text.is_char_boundary(a.start)
            || !text.is_char_boundary(a.end)
        {
            continue;
        }
        text_with_images(out, text, pos, a.start, imgs, &mut next_image, base);
        match resolve_url(&a.href, base) {
            Some(url) => {
                out.push_str("<a href=\"");
                out.push_str(&escape_html(&url));
                out.push_str("\">");
                text_with_images(out, text, a.start, a.end, imgs, &mut next_image, base);
                out.push_str("</a>");
            }
            None => text_with_images(out, text, a.start, a.end, imgs, &mut next_image, base),
        }
        pos = a.end;
    }
    text_with_images(out, text, pos, text.len(), imgs, &mut next_image, base);
    images(out, &imgs[next_image.min(imgs.len())..], base);
}

/// `text[from..to]`, escaped, with the images that stand before `to` (from `next` on).
fn text_with_images(
    out: &mut String,
    text: &str,
    from: usize,
    to: usize,
    imgs: &[Image],
    next: &mut usize,
    base: Option<&str>,
) {
    let mut at = from;
    while let Some(img) = imgs.get(*next) {
        let stands = img.at.clamp(at, to);
        if img.at >= to && to != text.len() {
            break;
        }
        if !text.is_char_boundary(stands) {
            break;
        }
        out.push_str(&escape_html(&text[at..stands]));
        image(out, img, base);
        at = stands;
        *next += 1;
    }
    out.push_str(&escape_html(&text[at..to]));
}

fn images(out: &mut String, imgs: &[Image], base: Option<&str>) {
    for img in imgs {
        image(out, img, base);
    }
}

fn image(out: &mut String, img: &Image, base: Option<&str>) {
    // `mailto:` is no image.
    let Some(src) = resolve_url(&img.src, base).filter(|s| !s.starts_with("mailto:")) else {
        return;
    };
    out.push_str("<img src=\"");
    out.push_str(&escape_html(&src));
    out.push_str("\" alt=\"");
    out.push_str(&escape_html(&img.alt));
    out.push_str("\">");
}
