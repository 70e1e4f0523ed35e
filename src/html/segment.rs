//! HTML to text blocks: one [`Block`] per run of text inside a block-level element, with the DOM
//! context that features need.
//!
//! The walk is iterative (`ego_tree`'s open/close edges) so deep nesting cannot overflow the
//! stack. Block-level elements separate blocks; inline elements merge into their block; text in
//! `script`, `style`, `noscript`, `template` and similar elements is skipped. Hidden elements are
//! *not* skipped: React streaming puts real content in `<div hidden>`, so hiddenness is a feature.

use std::collections::HashSet;
use std::sync::OnceLock;

use ego_tree::NodeId;

use scraper::node::Node;
use scraper::Html;

use super::candidate::{article_candidate, class_weight, main_element, token_key, within};
use super::jsonld::{DeclaredBody, JsonLd};
use super::{Anchor, Block, Image};
use crate::util::fasthash::FastMap;
use crate::util::text::contains_ignore_ascii_case;

/// Elements whose start and end separate text blocks.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose text is never page text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "template", "svg", "math", "iframe", "object", "embed", "canvas", "audio",
    "video", "head", "textarea",
];

/// At most this many class/id tokens of ancestors are kept per block (nearest first).
const MAX_ANCESTOR_TOKENS: usize = 32;
/// Class/id tokens longer than this are cut (hashed CSS-in-JS names say nothing anyway).
const MAX_TOKEN_LEN: usize = 40;

/// Where a block sits: the serials of its container, its section and its own element, and its
/// length in characters.
#[derive(Clone, Copy)]
pub(super) struct Owner {
    pub(super) container: usize,
    pub(super) section: usize,
    pub(super) element: usize,
    pub(super) chars: u32,
}

/// One open element during the walk.
struct Frame {
    tag: &'static str,
    is_block: bool,
    hidden: bool,
    gated: bool,
    /// Start of this element's tokens in the token stack.
    tokens_from: usize,
    chars_at_open: u64,
    link_chars_at_open: u64,
    blocks_at_open: u64,
    /// A block has this element for its container or section: it may become the article
    /// candidate.
    owns_block: bool,
    serial: usize,
}

/// Subtree totals of a closed element, indexed by its serial number.
#[derive(Clone, Copy, Default)]
pub(super) struct Totals {
    pub(super) chars: u32,
    pub(super) link_chars: u32,
    pub(super) blocks: u32,
    /// Serial of the parent element (`usize::MAX` for the root).
    pub(super) parent: usize,
    pub(super) depth: u32,
    /// Readability's class weight of the element's own class and id tokens ([`class_weight`]):
    /// +1 when one names an article part, -1 when one names chrome; 0 for an element that is no
    /// block's container or section (it cannot be the article candidate).
    pub(super) class_weight: i8,
}

/// Splits a parsed document into blocks (at most [`Limits::DEFAULT_MAX_BLOCKS`](crate::Limits)).
/// Unlike [`segment`], it does not read the page's JSON-LD access markup: no block is flagged
/// [`Block::gated`] (the JSON-LD types that set [`Block::page_forum`] are read). Parse the page
/// with [`parse`] (scripting off) for the blocks [`segment`] finds.
pub fn segment_document(doc: &Html) -> Vec<Block> {
    segment_document_limited(doc, crate::html::Limits::DEFAULT_MAX_BLOCKS)
}

/// [`segment_document`] keeping at most `max_blocks` blocks (the first ones).
pub(crate) fn segment_document_limited(doc: &Html, max_blocks: usize) -> Vec<Block> {
    segment_document_gated(doc, max_blocks, &HashSet::new(), None, None)
}

/// [`segment_document_limited`], flagging the blocks inside the `gated` elements and, when the
/// page declares an article body, giving each block its share of it
/// ([`Block::declared_share`]); the article candidate then favours the text the body holds.
/// JSON-LD scripts in `json_ld` are not parsed again for the forum test.
pub(crate) fn segment_document_gated<'g>(
    doc: &Html,
    max_blocks: usize,
    gated: &'g HashSet<NodeId>,
    declared: Option<&'g DeclaredBody>,
    json_ld: Option<&'g JsonLd<'g>>,
) -> Vec<Block> {
    Walker {
        max_blocks,
        gated: Some(gated).filter(|g| !g.is_empty()),
        declared,
        json_ld,
        ..Walker::default()
    }
    .run(doc)
}

/// Parses `html` and splits it into blocks under the default [`Limits`](crate::Limits): nesting
/// deeper than the limit is flattened first ([`flatten_deep_nesting`](crate::flatten_deep_nesting)),
/// and blocks inside parts that the page's JSON-LD marks as not free are flagged
/// ([`Block::gated`]).
pub fn segment(html: &str) -> Vec<Block> {
    let limits = crate::html::Limits::default();
    crate::html::limits::segment_with_limits(html, &limits, &JsonLd::default()).blocks
}

/// [`segment`] under other [`Limits`](crate::Limits): the page is cut at
/// `limits.max_input_bytes`, nesting deeper than `limits.max_depth` is flattened, and at most
/// `limits.max_blocks` blocks are kept. The blocks are those
/// [`Model::classify_html_with_limits`](crate::Model::classify_html_with_limits) classifies.
///
/// ```
/// let limits = unchrome::Limits::default().with_max_blocks(1);
/// let blocks = unchrome::segment_with_limits("<p>One.</p><p>Two.</p>", &limits);
/// assert_eq!(blocks.len(), 1);
/// ```
pub fn segment_with_limits(html: &str, limits: &crate::html::Limits) -> Vec<Block> {
    let (html, _) = crate::html::limits::cut_str(html, limits.max_input_bytes);
    crate::html::limits::segment_with_limits(html, limits, &JsonLd::default()).blocks
}

/// Parses an HTML document as a browser with scripting disabled would: the content of
/// `<noscript>` becomes elements. Discourse forums and other script-rendered sites put their
/// whole crawler-readable page there; a feature says a block came from `<noscript>`.
pub fn parse(html: &str) -> Html {
    use html5ever::tendril::TendrilSink;
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    html5ever::driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts)
        .one(html)
}

#[derive(Default)]
struct Walker<'g> {
    /// Text past this many blocks is dropped (see [`crate::Limits`]).
    max_blocks: usize,
    /// Elements whose blocks are gated content (see [`Block::gated`]); `None` when there are none.
    gated: Option<&'g HashSet<NodeId>>,
    /// The article body the page declares in its JSON-LD, if any (see [`Block::page_declared`]).
    declared: Option<&'g DeclaredBody>,
    /// The page's JSON-LD scripts parsed already (for the page's metadata), if any.
    json_ld: Option<&'g JsonLd<'g>>,
    gated_depth: usize,
    frames: Vec<Frame>,
    tokens: Vec<String>,
    /// Strings of popped tokens, for reuse.
    spare_tokens: Vec<String>,
    hidden_depth: usize,
    link_depth: usize,
    skip_depth: usize,
    buf: String,
    pending_space: bool,
    buf_link_chars: u32,
    buf_links: u32,
    /// Class/id tokens of inline elements opened since the last block boundary (closed ones
    /// are gone from the token stack by the time the block ends).
    inline_tokens: Vec<String>,
    /// A `style` attribute without its whitespace, lower-cased (reused from element to element).
    style_buf: String,
    last_was_br: bool,
    /// Whether the last character pushed was inside a link.
    last_in_link: bool,
    total_chars: u64,
    total_link_chars: u64,
    total_blocks: u64,
    serials: usize,
    totals: Vec<Totals>,
    /// Where each block sits, and its length.
    owners: Vec<Owner>,
    blocks: Vec<Block>,
    title: Option<String>,
    /// The ancestor tokens of the last block, keyed by the serial of its block element's parent.
    ancestor_cache: Option<(usize, String)>,
    /// The page's JSON-LD or microdata names a discussion type ([`Block::page_forum`]).
    forum: bool,
    /// The document has a `<title>`, `<meta>` or `<link>` element ([`Block::page_fragment`]
    /// when not).
    head_element: bool,
    /// The page's own summary: its `<meta>` descriptions ([`Block::description_share`]).
    description: DeclaredBody,
    /// `<meta>` descriptions read.
    descriptions: usize,
    /// The open link with an `href`: where its text starts in `buf`, its `href`, and the link
    /// depth it opened at ([`Block::anchors`]).
    anchor_open: Option<(usize, String, usize)>,
    /// The current block's finished links.
    buf_anchors: Vec<Anchor>,
    /// The current block's images, and those of blocks dropped since the last kept one.
    buf_images: Vec<Image>,
    /// Open `<pre>` elements.
    pre_depth: usize,
    /// The current block's text inside `<pre>`, as written ([`Block::pre_text`]).
    pre_buf: String,
}

/// At most this many images wait for a block (a gallery or an ad grid without text).
const MAX_PENDING_IMAGES: usize = 32;

/// The attribute `name` of an element (compared as an atom, as [`itemtype`] does).
fn attr<'d>(el: &'d scraper::node::Element, name: &html5ever::LocalName) -> Option<&'d str> {
    el.attrs
        .iter()
        .find(|(n, _)| n.local == *name && n.prefix.is_none() && n.ns.is_empty())
        .map(|(_, v)| &**v)
}

/// An `<img>`'s address: `src`, or a lazy-loading attribute when `src` is missing or a `data:`
/// placeholder.
fn image_src(el: &scraper::node::Element) -> Option<&str> {
    use html5ever::local_name;
    let real = |v: &&str| {
        let v = v.trim();
        !v.is_empty() && !v.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
    };
    attr(el, &local_name!("src")).filter(real).or_else(|| {
        ["data-src", "data-original", "data-lazy-src"]
            .iter()
            .find_map(|n| attr(el, &html5ever::LocalName::from(*n)).filter(real))
    })
}

/// An element's `itemtype` (as `Element::attr` finds it, but comparing the name as an atom:
/// `attr` interns its argument on every call, and this runs for every element).
fn itemtype(el: &scraper::node::Element) -> Option<&str> {
    use html5ever::local_name;
    el.attrs
        .iter()
        .find(|(n, _)| n.local == local_name!("itemtype") && n.prefix.is_none() && n.ns.is_empty())
        .map(|(_, v)| &**v)
}

/// Whether a schema.org type name (any case, bare or as a URL) is a discussion page's.
fn forum_type(t: &str) -> bool {
    let t = t.trim();
    let t = t.rsplit('/').next().unwrap_or(t);
    t.eq_ignore_ascii_case("DiscussionForumPosting") || t.eq_ignore_ascii_case("QAPage")
}

/// Whether a JSON-LD value, at its top level, in a `@graph` or as a `mainEntity`, has a
/// discussion type (a type nested elsewhere, such as an article's comments, does not count).
fn json_forum(v: &serde_json::Value, depth: usize) -> bool {
    if depth > crate::html::jsonld::MAX_DEPTH {
        return false;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().any(|x| json_forum(x, depth + 1)),
        serde_json::Value::Object(o) => {
            let own = match o.get("@type") {
                Some(serde_json::Value::String(s)) => forum_type(s),
                Some(serde_json::Value::Array(a)) => {
                    a.iter().filter_map(|s| s.as_str()).any(forum_type)
                }
                _ => false,
            };
            own || ["@graph", "mainEntity"]
                .iter()
                .any(|k| o.get(*k).is_some_and(|x| json_forum(x, depth + 1)))
        }
        _ => false,
    }
}

/// `<meta>` descriptions of a page read, at most (`description`, `og:description`,
/// `twitter:description`; a page has one to three, mostly the same text).
const MAX_DESCRIPTIONS: usize = 4;
/// Bytes of one description read, at most (real ones are a sentence or two).
const MAX_DESCRIPTION_BYTES: usize = 2048;

impl Walker<'_> {
    /// Adds a `<meta>` element's description, if it is one, to the page's
    /// ([`Block::description_share`]).
    fn read_description(&mut self, el: &scraper::node::Element) {
        use html5ever::local_name;
        if self.descriptions >= MAX_DESCRIPTIONS {
            return;
        }
        let key = attr(el, &local_name!("name")).or_else(|| attr(el, &local_name!("property")));
        let described = key.is_some_and(|k| {
            let k = k.trim();
            ["description", "og:description", "twitter:description"]
                .iter()
                .any(|d| k.eq_ignore_ascii_case(d))
        });
        if let Some(content) = attr(el, &local_name!("content")).filter(|_| described) {
            let (content, _) = crate::html::limits::cut_str(content, MAX_DESCRIPTION_BYTES);
            self.description.add(content);
            self.descriptions += 1;
        }
    }

    fn run(mut self, doc: &Html) -> Vec<Block> {
        use ego_tree::iter::Edge;
        // One buffer for every element's class tokens.
        let mut classes: Vec<&str> = Vec::new();
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        if self.skip_depth > 0 {
                            self.skip_depth += 1;
                            continue;
                        }
                        let name = el.name();
                        if matches!(name, "title" | "meta" | "link") {
                            self.head_element = true;
                        }
                        if name == "meta" {
                            self.read_description(el);
                        }
                        if name == "title" {
                            if self.title.is_none() {
                                let t: String = node
                                    .children()
                                    .filter_map(|c| c.value().as_text().map(|t| &**t))
                                    .collect();
                                self.title = Some(t);
                            }
                            self.skip_depth = 1;
                            continue;
                        }
                        if name == "script" && !self.forum {
                            if let Some(t) = crate::html::jsonld::json_ld_text(node) {
                                // Most JSON-LD names no discussion type: parse only what may.
                                let may = |w: &[u8]| contains_ignore_ascii_case(t.as_bytes(), w);
                                self.forum = (may(b"forumposting") || may(b"qapage"))
                                    && (self.json_ld.unwrap_or(&JsonLd::default()))
                                        .read(&t, |v| json_forum(v, 0))
                                        .unwrap_or(false);
                            }
                        }
                        if !self.forum {
                            if let Some(t) = itemtype(el) {
                                self.forum = t.split_ascii_whitespace().any(forum_type);
                            }
                        }
                        if name != "head" && SKIP_TAGS.contains(&name) {
                            self.skip_depth = 1;
                            continue;
                        }
                        if name == "br" {
                            if self.pre_depth > 0 {
                                self.pre_buf.push('\n');
                            }
                            // Two <br> in a row end a paragraph on old table-and-br pages.
                            if self.last_was_br {
                                self.flush();
                            } else {
                                self.pending_space = true;
                            }
                            self.last_was_br = true;
                            continue;
                        }
                        self.open(el, node.id(), &mut classes);
                    }
                    Node::Text(t) if self.skip_depth == 0 => {
                        if is_serialized_markup(t) && in_noscript(node) {
                            // Markup escaped into a `<noscript>` by a browser that ran the
                            // page's scripts: not prose, and nothing a reader sees.
                            self.pending_space = true;
                        } else {
                            self.push_text(t);
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(el) = node.value() {
                        if self.skip_depth > 0 {
                            self.skip_depth -= 1;
                            continue;
                        }
                        if el.name() == "br" {
                            continue;
                        }
                        self.close();
                    }
                }
            }
        }
        self.finish()
    }

    fn open<'d>(
        &mut self,
        el: &'d scraper::node::Element,
        node_id: NodeId,
        classes: &mut Vec<&'d str>,
    ) {
        let (tag, is_block) = intern(el.name());
        if is_block {
            self.flush();
        }
        let tokens_from = self.tokens.len();
        let (id, hidden) = attributes(el, classes, &mut self.style_buf);
        for token in classes
            .drain(..)
            .chain(id.into_iter().flat_map(str::split_ascii_whitespace))
            .take(MAX_ANCESTOR_TOKENS)
        // 100 000 classes on one element must not cost 100 000²
        {
            // A spare string from a closed element's tokens, rather than a new one.
            let mut t = self.spare_tokens.pop().unwrap_or_default();
            t.clear();
            if token.is_ascii() {
                t.push_str(token);
                t.make_ascii_lowercase();
            } else {
                t.push_str(&token.to_lowercase()); // (final sigma and all)
            }
            if t.len() > MAX_TOKEN_LEN {
                let mut cut = MAX_TOKEN_LEN;
                while !t.is_char_boundary(cut) {
                    cut -= 1;
                }
                t.truncate(cut);
            }
            self.tokens.push(t);
        }
        if !is_block {
            for t in &self.tokens[tokens_from..] {
                if self.inline_tokens.len() < MAX_ANCESTOR_TOKENS && !self.inline_tokens.contains(t)
                {
                    let mut copy = self.spare_tokens.pop().unwrap_or_default();
                    copy.clear();
                    copy.push_str(t);
                    self.inline_tokens.push(copy);
                }
            }
        }
        if hidden {
            self.hidden_depth += 1;
        }
        let gated = self.gated.is_some_and(|g| g.contains(&node_id));
        if gated {
            self.gated_depth += 1;
        }
        if tag == "a" {
            self.link_depth += 1;
            self.buf_links += 1;
            if self.anchor_open.is_none() {
                if let Some(href) = attr(el, &html5ever::local_name!("href")) {
                    let href = href.trim().to_string();
                    self.anchor_open = Some((self.buf.len(), href, self.link_depth));
                }
            }
        } else if tag == "img" {
            if let Some(src) = image_src(el) {
                let src = src.trim();
                if self.buf_images.len() < MAX_PENDING_IMAGES
                    && !self.buf_images.iter().any(|i| i.src == src)
                {
                    let alt = attr(el, &html5ever::local_name!("alt")).unwrap_or("");
                    self.buf_images.push(Image {
                        src: src.to_string(),
                        alt: alt.split_whitespace().collect::<Vec<_>>().join(" "),
                        // After the space that the next word brings, if one does.
                        at: self.buf.len()
                            + usize::from(self.pending_space && !self.buf.is_empty()),
                    });
                }
            }
        } else if tag == "pre" {
            self.pre_depth += 1;
        }
        let serial = self.serials;
        self.serials += 1;
        self.frames.push(Frame {
            tag,
            is_block,
            hidden,
            gated,
            tokens_from,
            chars_at_open: self.total_chars,
            link_chars_at_open: self.total_link_chars,
            blocks_at_open: self.total_blocks,
            owns_block: false,
            serial,
        });
    }

    fn close(&mut self) {
        let Some(top) = self.frames.last() else {
            return;
        };
        if top.is_block {
            self.flush();
        }
        let top = self.frames.pop().expect("checked above");
        let from = top.tokens_from.min(self.tokens.len());
        // Only a container or section of a block can be the article candidate.
        let class_weight = if top.is_block && top.owns_block {
            class_weight(&self.tokens[from..])
        } else {
            0
        };
        self.spare_tokens.extend(self.tokens.drain(from..));
        if top.hidden {
            self.hidden_depth -= 1;
        }
        if top.gated {
            self.gated_depth -= 1;
        }
        if top.tag == "a" {
            if self
                .anchor_open
                .as_ref()
                .is_some_and(|a| a.2 == self.link_depth)
            {
                self.end_anchor();
            }
            self.link_depth = self.link_depth.saturating_sub(1);
        } else if top.tag == "pre" {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
        if self.totals.len() <= top.serial {
            self.totals.resize(top.serial + 1, Totals::default());
        }
        self.totals[top.serial] = Totals {
            chars: sat32(self.total_chars - top.chars_at_open),
            link_chars: sat32(self.total_link_chars - top.link_chars_at_open),
            blocks: sat32(self.total_blocks - top.blocks_at_open),
            parent: self.frames.last().map_or(usize::MAX, |f| f.serial),
            depth: self.frames.len() as u32,
            class_weight,
        };
    }

    fn push_text(&mut self, text: &str) {
        if self.pre_depth > 0 {
            self.pre_buf.push_str(text);
        }
        if text.is_ascii() {
            self.push_ascii(text);
        } else {
            self.push_runs(text);
        }
    }

    /// [`push_runs`](Walker::push_runs) for ASCII text (most text), byte by byte: the same
    /// result, without a copy per word.
    fn push_ascii(&mut self, text: &str) {
        let in_link = self.link_depth > 0;
        self.buf.reserve(text.len() + 1);
        for &b in text.as_bytes() {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                self.pending_space = true;
                continue;
            }
            if self.pending_space {
                if !self.buf.is_empty() {
                    self.buf.push(' ');
                    if in_link && self.last_in_link {
                        self.buf_link_chars += 1;
                    }
                }
                self.pending_space = false;
            }
            self.last_was_br = false;
            self.last_in_link = in_link;
            self.buf.push(char::from(b));
            if in_link {
                self.buf_link_chars += 1;
            }
        }
    }

    /// Appends a text node to the block's text, whitespace folded, run by run (maximal runs of
    /// non-whitespace characters).
    fn push_runs(&mut self, text: &str) {
        let in_link = self.link_depth > 0;
        let mut rest = text;
        loop {
            let run_start = &rest[whitespace_run(rest, true)..];
            if run_start.len() != rest.len() {
                self.pending_space = true;
            }
            if run_start.is_empty() {
                break;
            }
            let end = whitespace_run(run_start, false);
            let run = &run_start[..end];
            // Only visible text between two <br> keeps them from ending a paragraph.
            self.last_was_br = false;
            if self.pending_space && !self.buf.is_empty() {
                self.buf.push(' ');
                // A space is link text only between two link characters.
                if in_link && self.last_in_link {
                    self.buf_link_chars += 1;
                }
            }
            self.last_in_link = in_link;
            self.pending_space = false;
            self.buf.push_str(run);
            if in_link {
                self.buf_link_chars += run.chars().count() as u32;
            }
            rest = &run_start[end..];
        }
    }

    /// Ends the open link at the end of the text so far.
    fn end_anchor(&mut self) {
        if let Some((start, href, _)) = self.anchor_open.take() {
            let mut start = start.min(self.buf.len());
            // The space before the link's first word, pushed with it.
            if self.buf[start..].starts_with(' ') {
                start += 1;
            }
            if start < self.buf.len() {
                self.buf_anchors.push(Anchor {
                    start,
                    end: self.buf.len(),
                    href,
                });
            }
        }
    }

    /// Ends the current block: the text gathered since the last block boundary.
    fn flush(&mut self) {
        // A link that goes on past the block boundary goes on in the next block.
        let link_goes_on = self.anchor_open.as_ref().map(|a| (a.1.clone(), a.2));
        self.end_anchor();
        self.flush_text();
        self.pre_buf.clear();
        self.buf_anchors.clear();
        if let Some((href, depth)) = link_goes_on {
            self.anchor_open = Some((0, href, depth));
        }
    }

    fn flush_text(&mut self) {
        self.pending_space = false;
        self.last_was_br = false;
        if !self.buf.chars().any(char::is_alphanumeric) || self.blocks.len() >= self.max_blocks {
            // Images wait for the next block (a figure's image for its caption).
            for i in &mut self.buf_images {
                i.at = 0;
            }
            self.buf.clear();
            self.spare_tokens.append(&mut self.inline_tokens);
            self.buf_link_chars = 0;
            self.buf_links = 0;
            return;
        }
        // A copy of the exact size: the buffer keeps its capacity for the next block.
        let text = self.buf.clone();
        self.buf.clear();
        let chars = text.chars().count() as u32;
        let link_chars = self.buf_link_chars.min(chars);
        self.buf_link_chars = 0;
        let links = std::mem::take(&mut self.buf_links);

        let block_at = self.frames.iter().rposition(|f| f.is_block).unwrap_or(0);
        let tag = self
            .frames
            .get(block_at)
            .map_or("body", |f| f.tag)
            .to_string();
        let mut path = String::with_capacity(8 * (block_at + 1));
        for f in self.frames.iter().take(block_at + 1) {
            if f.tag == "html" || f.tag == "body" {
                continue;
            }
            if !path.is_empty() {
                path.push('>');
            }
            path.push_str(f.tag);
        }
        let own_from = self.frames.get(block_at).map_or(0, |f| f.tokens_from);
        // Sized once: growing these small vectors token by token (three or four times a block)
        // cost 1% of the classify path.
        let mut own: Vec<&str> = Vec::with_capacity(
            self.tokens.len().saturating_sub(own_from) + self.inline_tokens.len(),
        );
        for t in self.tokens[own_from..].iter().chain(&self.inline_tokens) {
            if !own.contains(&t.as_str()) {
                own.push(t);
            }
        }
        let classes = own.join(" ");
        self.spare_tokens.append(&mut self.inline_tokens);
        // The ancestors' tokens are those of the frames above the block element: the same for
        // all children of one parent, whose serial keys the cache.
        let parent = block_at
            .checked_sub(1)
            .and_then(|i| self.frames.get(i))
            .map_or(usize::MAX, |f| f.serial);
        let ancestor_classes = match &self.ancestor_cache {
            Some((key, classes)) if *key == parent => classes.clone(),
            _ => {
                let room = own_from.min(MAX_ANCESTOR_TOKENS);
                let mut ancestor: Vec<&str> = Vec::with_capacity(room);
                // Deep pages repeat tokens (`row`, `col`) many times over: compare a cheap key
                // (length and first bytes) before the text.
                let mut keys: Vec<u64> = Vec::with_capacity(room);
                for t in self.tokens[..own_from].iter().rev() {
                    if ancestor.len() >= MAX_ANCESTOR_TOKENS {
                        break;
                    }
                    let k = token_key(t);
                    if !keys
                        .iter()
                        .zip(&ancestor)
                        .any(|(&kk, a)| kk == k && *a == t)
                    {
                        ancestor.push(t);
                        keys.push(k);
                    }
                }
                let classes = ancestor.join(" ");
                self.ancestor_cache = Some((parent, classes.clone()));
                classes
            }
        };
        let serial_at = |i: Option<usize>| i.and_then(|i| self.frames.get(i)).map(|f| f.serial);
        let container = serial_at(block_at.checked_sub(1)).unwrap_or(usize::MAX);
        let section = serial_at(block_at.checked_sub(2)).unwrap_or(usize::MAX);
        for up in 1..=2 {
            if let Some(f) = block_at
                .checked_sub(up)
                .and_then(|i| self.frames.get_mut(i))
            {
                f.owns_block = true;
            }
        }

        self.total_chars += u64::from(chars);
        self.total_link_chars += u64::from(link_chars);
        self.total_blocks += 1;
        let own = self.frames.get(block_at).map_or(usize::MAX, |f| f.serial);
        self.owners.push(Owner {
            container,
            section,
            element: own,
            chars,
        });
        self.blocks.push(Block {
            text,
            tag,
            path,
            classes,
            ancestor_classes,
            link_chars,
            links,
            depth: self.frames.len() as u32,
            hidden: self.hidden_depth > 0,
            gated: self.gated_depth > 0,
            anchors: std::mem::take(&mut self.buf_anchors),
            images: std::mem::take(&mut self.buf_images),
            pre_text: if self.pre_buf.is_empty() {
                String::new()
            } else {
                pre_text(&self.pre_buf)
            },
            ..Block::default()
        });
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        while !self.frames.is_empty() {
            self.close();
        }
        let title_words: Vec<String> =
            crate::util::text::words(self.title.as_deref().unwrap_or(""))
                .map(str::to_lowercase)
                .collect();
        let (main, main_share) = main_element(&self.totals);
        let main_depth = self.totals.get(main).map_or(0, |t| t.depth);
        let description = Some(&self.description).filter(|d| !d.is_empty());
        if description.is_some() || self.declared.is_some() {
            for b in &mut self.blocks {
                let [d, c] = DeclaredBody::shares(&b.text, [description, self.declared]);
                b.description_share = d;
                b.page_declared = self.declared.is_some();
                b.declared_share = c;
            }
        }
        let candidate = article_candidate(&self.totals, &self.blocks, &self.owners, self.forum);
        // Every kept block's characters and link characters (link ones at most all of them).
        let page_nonlink = self.total_chars - self.total_link_chars;
        let candidate_share = self.totals.get(candidate).map_or(0.0, |c| {
            let nonlink = c.chars.saturating_sub(c.link_chars);
            (f64::from(nonlink) / page_nonlink.max(1) as f64).clamp(0.0, 1.0) as f32
        });
        // The candidate's ancestors, by how many levels up they are.
        let mut chain: FastMap<usize, u32> = FastMap::default();
        let mut e = candidate;
        let mut up = 0;
        while e < self.totals.len() && up < 10_000 {
            chain.insert(e, up);
            e = self.totals[e].parent;
            up += 1;
        }
        for (block, owner) in self.blocks.iter_mut().zip(&self.owners) {
            let Owner {
                container,
                section,
                element,
                chars,
            } = *owner;
            let own = Totals {
                chars,
                link_chars: block.link_chars,
                blocks: 1,
                ..Totals::default()
            };
            block.main_share = main_share;
            block.page_forum = self.forum;
            block.page_fragment = !self.head_element;
            block.in_main = within(&self.totals, element, main);
            block.candidate_share = candidate_share;
            block.in_candidate =
                candidate != usize::MAX && within(&self.totals, element, candidate);
            (
                block.candidate_up,
                block.branch_chars,
                block.branch_link_chars,
            ) = if chain.is_empty() {
                (0, 0, 0)
            } else {
                let (mut e, mut branch, mut steps) = (element, element, 0);
                while e < self.totals.len() && !chain.contains_key(&e) && steps < 10_000 {
                    branch = e;
                    e = self.totals[e].parent;
                    steps += 1;
                }
                let up = chain.get(&e).copied().unwrap_or(up);
                let b = if up == 0 { candidate } else { branch };
                let t = self.totals.get(b).copied().unwrap_or(own);
                (up, t.chars, t.link_chars)
            };
            block.main_depth = if block.in_main {
                block.depth.saturating_sub(main_depth)
            } else {
                0
            };
            let c = self.totals.get(container).copied().unwrap_or(own);
            let s = self.totals.get(section).copied().unwrap_or(c);
            block.container_chars = c.chars;
            block.container_link_chars = c.link_chars;
            block.container_blocks = c.blocks;
            block.section_chars = s.chars;
            block.section_link_chars = s.link_chars;
            block.section_blocks = s.blocks;
            block.container_id = sat32(container as u64);
            block.section_id = sat32(section as u64);
            if !title_words.is_empty() {
                let (mut n, mut hit) = (0u32, 0u32);
                for w in crate::util::text::words(&block.text) {
                    n += 1;
                    // ASCII words compared in place: their lower case is ASCII of the same
                    // length (`to_lowercase` also handles the final sigma, hence only ASCII).
                    let found = if w.is_ascii() {
                        title_words
                            .iter()
                            .any(|t| t.len() == w.len() && t.eq_ignore_ascii_case(w))
                    } else {
                        title_words.contains(&w.to_lowercase())
                    };
                    if found {
                        hit += 1;
                    }
                }
                block.title_overlap = if n == 0 { 0.0 } else { hit as f32 / n as f32 };
            }
        }
        self.blocks
    }
}

/// Whether a `style` attribute's value hides its element: `display:none` or
/// `visibility:hidden`, whitespace removed, ASCII lower-cased (`buf` is reused from call to
/// call). The pre-pass keeps only the `style` attributes for which this may hold.
pub(crate) fn style_hides(style: &str, buf: &mut String) -> bool {
    buf.clear();
    buf.extend(style.chars().filter(|c| !c.is_whitespace()));
    buf.make_ascii_lowercase();
    buf.contains("display:none") || buf.contains("visibility:hidden")
}

/// The length of the leading run of `s` of whitespace (`white`) or of non-whitespace characters,
/// whitespace as `char::is_whitespace` says; ASCII bytes without decoding.
fn whitespace_run(s: &str, white: bool) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (is_white, len) = if b < 0x80 {
            (matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c), 1)
        } else {
            let c = s[i..].chars().next().expect("i is a character boundary");
            (c.is_whitespace(), c.len_utf8())
        };
        if is_white != white {
            break;
        }
        i += len;
    }
    i
}

/// Text inside `<pre>` as a block keeps it: trailing whitespace and blank first and last lines
/// dropped, `\r\n` as `\n`.
fn pre_text(raw: &str) -> String {
    let raw = raw.replace("\r\n", "\n");
    let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(first, |i| i + 1);
    lines[first..last.max(first)].join("\n")
}

fn sat32(v: u64) -> u32 {
    v.min(u64::from(u32::MAX)) as u32
}

/// What the walk needs of an element's attributes, in one pass over them: its class names (into
/// `classes`) as `Element::classes` gives them (sorted, deduplicated; `classes` itself interns
/// every class name as an atom, in a global set behind a lock), its `id`, and whether it is hidden
/// (`hidden`, `aria-hidden="true"`, or a style with `display:none` or `visibility:hidden`; only
/// attributes without a namespace count, as with `Element::attr`).
fn attributes<'d>(
    el: &'d scraper::node::Element,
    classes: &mut Vec<&'d str>,
    style_buf: &mut String,
) -> (Option<&'d str>, bool) {
    classes.clear();
    let (mut id, mut hidden, mut style) = (None, false, None);
    use html5ever::local_name;
    for (name, value) in &el.attrs {
        // Atoms compare as integers; their text would be looked up first.
        let local = &name.local;
        let plain = || name.prefix.is_none() && name.ns.is_empty();
        if *local == local_name!("class") {
            classes.extend(value.split_ascii_whitespace());
        } else if *local == local_name!("id") {
            if id.is_none() {
                id = Some(&**value);
            }
        } else if *local == local_name!("hidden") {
            hidden |= plain();
        } else if *local == local_name!("aria-hidden") {
            hidden |= plain() && value.trim().eq_ignore_ascii_case("true");
        } else if *local == local_name!("style") && plain() {
            style = Some(&**value);
        }
    }
    classes.sort_unstable();
    classes.dedup();
    if !hidden {
        if let Some(style) = style {
            hidden = style_hides(style, style_buf);
        }
    }
    (id, hidden)
}

/// Whether a text reads as serialized markup: after leading whitespace, `<` and then a letter,
/// `/` or `!` (a start tag, an end tag, a comment or a doctype). One or two byte compares, so
/// every text node can afford it.
fn is_serialized_markup(text: &str) -> bool {
    let b = text.trim_start().as_bytes();
    b.len() > 1 && b[0] == b'<' && (b[1].is_ascii_alphabetic() || b[1] == b'/' || b[1] == b'!')
}

/// Whether a text node is the direct text of a `<noscript>`. A page saved from the DOM of a
/// browser that ran its scripts holds the `<noscript>`'s content as escaped text
/// (`<noscript>&lt;img src=...&gt;</noscript>`); parsed with scripting off, that text is a
/// child of the `<noscript>` in the body, but in the head the parser closes the `<noscript>` at
/// the text and the head with it, and the text opens the body: the body's first node, the
/// head's last element an (emptied) `<noscript>`.
fn in_noscript(node: ego_tree::NodeRef<'_, Node>) -> bool {
    fn name<'a>(n: ego_tree::NodeRef<'a, Node>) -> Option<&'a str> {
        n.value().as_element().map(|e| e.name())
    }
    let Some(parent) = node.parent() else {
        return false;
    };
    match name(parent) {
        Some("noscript") => true,
        Some("body") => {
            node.prev_sibling().is_none()
                && parent
                    .prev_siblings()
                    .find(|n| n.value().is_element())
                    .filter(|head| name(*head) == Some("head"))
                    .and_then(|head| head.children().rev().find(|n| n.value().is_element()))
                    .is_some_and(|last| name(last) == Some("noscript"))
        }
        _ => false,
    }
}

/// Maps a tag name to a static string, so frames do not allocate, and tells whether it is a
/// block tag. Unknown (custom) elements become `"span"`-like inline elements named `"x"`.
fn intern(name: &str) -> (&'static str, bool) {
    const KNOWN: &[&str] = &[
        "a", "abbr", "b", "bdi", "bdo", "button", "cite", "code", "data", "del", "dfn", "em",
        "font", "i", "img", "input", "ins", "kbd", "label", "mark", "noscript", "q", "s", "samp",
        "select", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    ];
    static TAGS: OnceLock<FastMap<&'static str, bool>> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        let mut m = FastMap::default();
        for t in BLOCK_TAGS {
            m.insert(*t, true);
        }
        for t in KNOWN {
            m.entry(*t).or_insert(false);
        }
        m
    });
    tags.get_key_value(name)
        .map_or(("x", false), |(t, b)| (*t, *b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII fast path leaves the walker exactly as the general run-by-run path does.
    #[test]
    fn ascii_text_path_matches_the_general_one() {
        let texts = [
            "plain words here",
            "  leading and trailing  ",
            "\t\ttabs\nand\r\nnewlines\x0bvt\x0cff ",
            "",
            "   ",
            "x",
            "a  b   c",
        ];
        for in_link in [false, true] {
            for last_in_link in [false, true] {
                for pending in [false, true] {
                    for start in ["", "before", "before "] {
                        let state = |w: &Walker<'_>| {
                            (
                                w.buf.clone(),
                                w.pending_space,
                                w.buf_link_chars,
                                w.last_in_link,
                                w.last_was_br,
                            )
                        };
                        let fresh = || Walker {
                            buf: start.to_string(),
                            pending_space: pending,
                            link_depth: usize::from(in_link),
                            last_in_link,
                            last_was_br: true,
                            ..Walker::default()
                        };
                        let (mut fast, mut general) = (fresh(), fresh());
                        for t in texts {
                            fast.push_ascii(t);
                            general.push_runs(t);
                            assert_eq!(state(&fast), state(&general), "after {t:?}");
                        }
                    }
                }
            }
        }
    }
}
