//! What one page may cost: a size limit, a nesting limit and a block limit, and the one call
//! that segments a page under them (pre-pass, parse, JSON-LD markup, walk).
//!
//! The nesting limit is enforced before the parser sees the page, by the pre-pass
//! ([`super::prepass`]).

use super::prepass::prepare_html;

/// Limits on what classifying one page may cost. The defaults suit any real page; raise them for
/// odd inputs with [`Limits::with_max_input_bytes`] and [`Limits::with_max_depth`], and pass them
/// to [`Model::classify_bytes_with_limits`](crate::Model::classify_bytes_with_limits).
///
/// ```
/// let limits = unchrome::Limits::default().with_max_input_bytes(256 << 20);
/// let page = unchrome::Model::bundled().classify_html_with_limits("<p>Hello.</p>", &limits);
/// assert!(!page.size_limited() && !page.depth_limited());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// Pages longer than this many bytes (after gzip is inflated, and again as decoded text) are
    /// cut to it, and the page is flagged ([`Page::size_limited`](crate::Page::size_limited)).
    /// Default: [`Limits::DEFAULT_MAX_INPUT_BYTES`] (16 MiB).
    pub max_input_bytes: usize,
    /// Elements nested deeper than this lose their start and end tags (their text is kept), and
    /// the page is flagged ([`Page::depth_limited`](crate::Page::depth_limited)). Depth is
    /// counted in levels of the parsed tree, where a `<template>` is two (the element and its
    /// contents). The parsed tree then stays within `max_depth + 16` levels, the document node
    /// included: the parser adds a few elements of its own (`<html>`, `<body>`, an implied
    /// `<tbody>` and `<tr>`, formatting elements it re-opens). The `flatten` fuzz target checks
    /// that bound. Default: [`Limits::DEFAULT_MAX_DEPTH`] (256).
    pub max_depth: usize,
    /// Blocks past this many are dropped (each block costs a row of some 230 numbers), and the
    /// page is flagged ([`Page::size_limited`](crate::Page::size_limited)).
    /// Default: [`Limits::DEFAULT_MAX_BLOCKS`] (100 000).
    pub max_blocks: usize,
}

impl Limits {
    /// The default size limit: 16 MiB, 3 times the largest page of the test sets (5.3 MB).
    ///
    /// Peak memory grows with the limit: a page of tiny paragraphs that make the parser re-open
    /// four formatting elements in each (`<p><b><i><u><s>x` then `<p>x` again and again) takes
    /// the `unchrome` command about 4.1 GB at 16 MiB, 8.2 GB at 32 MiB; 16 MiB of `<p>x</p>`,
    /// 0.7 GB (1.3 GB at 32 MiB).
    pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 << 20;
    /// The default nesting limit: 256 open elements, some 5 times the deepest real pages.
    pub const DEFAULT_MAX_DEPTH: usize = 256;
    /// The default block limit: 100 000 blocks, some 20 times the longest real pages.
    pub const DEFAULT_MAX_BLOCKS: usize = 100_000;

    /// The default limits.
    pub const fn new() -> Limits {
        Limits {
            max_input_bytes: Limits::DEFAULT_MAX_INPUT_BYTES,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
            max_blocks: Limits::DEFAULT_MAX_BLOCKS,
        }
    }

    /// These limits with another size limit (`usize::MAX`: none).
    pub const fn with_max_input_bytes(mut self, bytes: usize) -> Limits {
        self.max_input_bytes = bytes;
        self
    }

    /// These limits with another nesting limit (`usize::MAX`: none; parsing time then grows with
    /// the square of the depth).
    pub const fn with_max_depth(mut self, depth: usize) -> Limits {
        self.max_depth = depth;
        self
    }

    /// These limits with another block limit (`usize::MAX`: none).
    pub const fn with_max_blocks(mut self, blocks: usize) -> Limits {
        self.max_blocks = blocks;
        self
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::new()
    }
}

/// Cuts `text` to at most `max` bytes, at a character boundary; true when it was cut.
pub(crate) fn cut_str(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// A page segmented under [`Limits`].
pub(crate) struct Segmented {
    pub(crate) blocks: Vec<crate::html::Block>,
    /// The page's JSON-LD access markup.
    pub(crate) markup: crate::html::Markup,
    /// Nesting deeper than the limit was flattened.
    pub(crate) flattened: bool,
    /// Blocks past the limit were dropped.
    pub(crate) cut: bool,
}

/// Segments `html` under `limits`' nesting and block limits, reading its access markup and
/// declared article body too ([`Block::page_declared`](crate::Block::page_declared),
/// [`Block::declared_share`](crate::Block::declared_share)). JSON-LD scripts in `json_ld` (parsed
/// for the page's metadata) are not parsed again.
pub(crate) fn segment_with_limits(
    html: &str,
    limits: &Limits,
    json_ld: &crate::html::jsonld::JsonLd<'_>,
) -> Segmented {
    let (html, flattened) = prepare_html(html, limits.max_depth);
    let doc = crate::html::segment::parse(&html);
    let read = crate::html::jsonld::markup(&html, &doc, json_ld);
    let mut blocks = crate::html::segment::segment_document_gated(
        &doc,
        limits.max_blocks.saturating_add(1),
        &read.gated,
        read.body.as_ref(),
        Some(json_ld),
    );
    let cut = blocks.len() > limits.max_blocks;
    blocks.truncate(limits.max_blocks);
    Segmented {
        blocks,
        markup: read.markup,
        flattened,
        cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_str_keeps_characters_whole() {
        assert_eq!(cut_str("héllo", 2), ("h", true));
        assert_eq!(cut_str("héllo", 3), ("hé", true));
        assert_eq!(cut_str("hé", 10), ("hé", false));
    }
}
