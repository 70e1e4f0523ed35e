//! Short pages and bare fragments: a page whose only text is a paragraph or two of prose.
//!
//! The model learnt from crawled pages, where a block that holds the whole page's words is
//! mostly a script-rendered page's lone notice; so a one-paragraph page (`<p>The council
//! voted…</p>`) or an HTML fragment (a CMS body, an RSS item's content) could come out with no
//! content at all. Those pages have no other candidate for the article: on a page made of prose
//! and headings only, where no block reaches the threshold, the prose blocks are its content. (A
//! page with anything else on it, a menu, a footer, a short notice, is left to the model: the
//! threshold stays a dial, and 1.0 keeps nothing there.) (Training on such pages made from the
//! training sets' own gold paragraphs taught the model the same but cost wcxb-dev's held-out pages
//! 0.003 word F1: `training/experiments/2026-12-07-news.md`.)

use crate::page::{ClassifiedBlock, Label};
use crate::text::TextStats;

/// Fewest words of a prose block (as the features' prose test).
const PROSE_WORDS: u32 = 10;

/// Highest share of link characters in a prose block (as the features' prose test).
const PROSE_LINK_DENSITY: f64 = 0.3;

/// A block of prose: ten words or more, link-poor, ending a sentence.
fn is_prose(b: &ClassifiedBlock) -> bool {
    let s = TextStats::of(&b.block.text);
    let chars = b.block.text.chars().count().max(1);
    s.words >= PROSE_WORDS
        && f64::from(b.block.link_chars) / (chars as f64) < PROSE_LINK_DENSITY
        && s.ends_with_sentence_end
}

/// A heading: the title or a sub-heading of a fragment.
fn is_heading(b: &ClassifiedBlock) -> bool {
    matches!(
        b.block.tag.as_str(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

/// On a page of prose and headings only where no block is content, labels the prose blocks
/// content.
pub(crate) fn keep_prose_without_content(blocks: &mut [ClassifiedBlock]) {
    if blocks.iter().any(|b| b.label == Label::Content)
        || !blocks.iter().all(|b| is_prose(b) || is_heading(b))
    {
        return;
    }
    for b in blocks.iter_mut() {
        if is_prose(b) {
            b.label = Label::Content;
        }
    }
}
