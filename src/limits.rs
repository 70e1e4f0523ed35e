//! What one page may cost: a size limit and a nesting limit, and the cheap pre-pass that enforces
//! the nesting limit before the HTML parser sees the page.
//!
//! html5ever checks "is there an element of this kind in scope" by walking the stack of open
//! elements, so a page nested *n* deep costs it about *n*² steps: ~1 s for 10 000 nested `<div>`s,
//! ~5 min for 100 000. [`flatten_deep_nesting`] drops the start and end tags of elements nested
//! deeper than the limit (their text stays), in one linear scan, so the parser never sees the
//! depth. The classify path runs it as [`prepare_html`], which in the same scan also drops what
//! no block reads (code, SVG, unread attributes): the parser then has half the bytes to read.

use std::borrow::Cow;
use std::collections::HashMap;

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
    pub(crate) blocks: Vec<crate::segment::Block>,
    /// The page's JSON-LD access markup.
    pub(crate) markup: crate::paywall::Markup,
    /// Nesting deeper than the limit was flattened.
    pub(crate) flattened: bool,
    /// Blocks past the limit were dropped.
    pub(crate) cut: bool,
}

/// Segments `html` under `limits`' nesting and block limits, reading its access markup too.
pub(crate) fn segment_with_limits(html: &str, limits: &Limits) -> Segmented {
    let (html, flattened) = prepare_html(html, limits.max_depth);
    let doc = crate::segment::parse(&html);
    let (markup, gated) = crate::paywall::markup(&html, &doc);
    let mut blocks =
        crate::segment::segment_document_gated(&doc, limits.max_blocks.saturating_add(1), &gated);
    let cut = blocks.len() > limits.max_blocks;
    blocks.truncate(limits.max_blocks);
    Segmented {
        blocks,
        markup,
        flattened,
        cut,
    }
}

/// Drops the start and end tags of elements nested deeper than `max_depth`, keeping their text;
/// returns the page (borrowed when nothing was dropped) and whether elements were nested too
/// deep.
///
/// One linear scan, no parser: it follows the HTML tokenizer (comments, `<script>`/`<style>`
/// and other raw text, quoted attribute values holding `>`, void and self-closing elements) and
/// a simplified tree builder (implied end tags of `p`, `li`, `td`, `option`...; end tags close
/// only within scope), so that the parser's own stack of open elements stays near `max_depth`:
/// the parsed tree is at most `max_depth + 16` levels deep (see [`Limits::max_depth`]; a
/// `<template>` counts as two levels, for its contents). Pages shallower than the limit come
/// back unchanged. A dropped block-level tag leaves a space,
/// so words on both sides stay apart.
///
/// Two more kinds of markup that cost the parser far more than their size are cut without a
/// flag, as the classifier never looks at them: attributes past the 256th in one tag (the
/// parser compares each new attribute with all the others), and unclosed formatting elements
/// (`<b>`, `<font>`..., not `<a>`) past the fourth that the parser would re-open in every
/// following paragraph (dropped, or closed right after their start tag).
///
/// ```
/// let deep = "<div>".repeat(1000) + "deep text" + &"</div>".repeat(1000);
/// let (flat, changed) = unchrome::flatten_deep_nesting(&deep, 256);
/// assert!(changed && flat.contains("deep text"));
/// let (same, changed) = unchrome::flatten_deep_nesting("<p>Hello</p>", 256);
/// assert!(!changed && same == "<p>Hello</p>");
/// ```
pub fn flatten_deep_nesting(html: &str, max_depth: usize) -> (Cow<'_, str>, bool) {
    flatten(html, max_depth, false)
}

/// The pre-pass of the classify path: [`flatten_deep_nesting`], and what no block or feature
/// reads dropped before the parser sees it, the tags kept: the text of `<script>` elements
/// (except JSON-LD, `type` holding `ld+json`, which the paywall verdict and the page's genre
/// read) and `<style>` elements, the contents of `<svg>` and `<math>` elements closed by their
/// own end tag, the attributes no block reads (see `READ_ATTRIBUTES`; a `style` stays only when
/// it may hide the element), comments, and the indentation after line feeds in text. On wcxb-dev
/// that is nearly three quarters of the bytes, and parsing the rest takes about half the time the page as given
/// takes (`cargo bench --bench stages` prints both).
/// The blocks are the same either way.
pub fn prepare_html(html: &str, max_depth: usize) -> (Cow<'_, str>, bool) {
    flatten(html, max_depth, true)
}

fn flatten(html: &str, max_depth: usize, drop_code: bool) -> (Cow<'_, str>, bool) {
    let bytes = html.as_bytes();
    // Fewer tags than half the limit cannot nest deeper than it (a `<template>` is two levels),
    // and a short page cannot hold a tag with too many attributes.
    if bytes.len() <= 2 * MAX_ATTRIBUTES
        && 2 * bytes.iter().filter(|&&b| b == b'<').count() <= max_depth
    {
        return (Cow::Borrowed(html), false);
    }
    let mut f = Flattener::new(max_depth);
    f.drop_code = drop_code;
    f.keep_attributes = memchr::memmem::find(bytes, b"isAccessibleForFree").is_some();
    f.scan(bytes);
    if f.cuts.is_empty() {
        return (Cow::Borrowed(html), false);
    }
    // End tags for formatting elements closed after the fact come late.
    f.cuts.sort_unstable_by_key(|c| (c.from, c.to));
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for cut in &f.cuts {
        if cut.from < at {
            continue; // inside a tag already cut
        }
        // Tags are ASCII from `<` to `>`: both ends are character boundaries.
        out.push_str(&html[at..cut.from]);
        match cut.fill {
            // A stray `<` just before a dropped tag would start a tag with what follows it
            // (`<<i>x<title>` → `<x<title>`, a tag swallowing the `<title>`): keep them apart.
            Fill::Nothing if out.ends_with('<') => out.push(' '),
            Fill::Nothing => {}
            Fill::Space => out.push(' '),
            Fill::EndTag(a, b) => {
                out.push_str("</");
                out.push_str(&html[a..b]);
                out.push('>');
            }
        }
        at = cut.to;
    }
    out.push_str(&html[at..]);
    (Cow::Owned(out), f.deep)
}

/// The attributes the walk reads ([`crate::segment`]): the pre-pass ([`prepare_html`]) drops
/// the others. A new one read there must be added here (the `prepare` fuzz target and
/// `the_pre_pass_keeps_every_block` compare the blocks with and without the pre-pass).
const READ_ATTRIBUTES: [&[u8]; 6] = [
    b"class",
    b"id",
    b"style",
    b"hidden",
    b"aria-hidden",
    b"itemtype",
];

/// Attributes past this many in one tag are dropped: html5ever checks each new attribute against
/// the tag's others, so 100 000 attributes in one tag cost it seconds.
const MAX_ATTRIBUTES: usize = 256;
/// Unclosed formatting elements (`<b>`, `<font>`..., not `<a>`) past this many are dropped or
/// closed: the parser re-opens each of them in every following paragraph, so their number
/// multiplies the size of the tree. (The parser keeps at most three equal ones anyway: "Noah's
/// Ark".)
const MAX_FORMATTING: usize = 4;

// Element kinds, as bit flags.
/// No content, never open: `<br>`, `<img>`...
const VOID: u32 = 1;
/// Raw text up to its end tag: `<script>`, `<style>`, `<textarea>`, `<title>`...
const RAW: u32 = 1 << 1;
/// Closes an open `<p>` (in button scope).
const CLOSES_P: u32 = 1 << 2;
/// Formatting elements the parser re-opens after an implied close (`b`, `i`, `a`, `font`...).
const FORMATTING: u32 = 1 << 3;
/// Ends "has an element in scope" searches.
const SCOPE: u32 = 1 << 4;
/// The spec's "special" elements: end an unknown end tag's search.
const SPECIAL: u32 = 1 << 5;
/// Puts a marker on the list of active formatting elements.
const MARKER: u32 = 1 << 6;
/// `h1`-`h6`.
const HEADING: u32 = 1 << 7;
/// Phrasing content: a dropped tag of it leaves nothing (not a space).
const INLINE: u32 = 1 << 8;
/// Ends table-scope searches: `html`, `table`, `template`.
const TABLE_SCOPE: u32 = 1 << 9;
/// Leaves SVG/MathML content.
const BREAKOUT: u32 = 1 << 10;
/// Table sections and rows (`tbody`, `thead`, `tfoot`, `tr`): a `<table>` there closes the table.
const TABLE_PART: u32 = 1 << 11;
/// `ol`, `ul`: end list-item scope searches.
const LIST: u32 = 1 << 12;
/// `button`: ends button-scope searches.
const BUTTON: u32 = 1 << 13;

fn kind(name: &[u8]) -> u32 {
    match name {
        b"area" | b"base" | b"basefont" | b"bgsound" | b"col" | b"frame" | b"image" | b"input"
        | b"keygen" | b"link" | b"param" | b"source" | b"track" => VOID | SPECIAL,
        b"embed" | b"img" | b"meta" => VOID | SPECIAL | BREAKOUT,
        b"br" | b"wbr" => VOID | SPECIAL | BREAKOUT,
        b"hr" => VOID | SPECIAL | CLOSES_P | BREAKOUT,
        b"script" | b"style" | b"iframe" | b"noembed" | b"noframes" | b"textarea" | b"title" => {
            RAW | SPECIAL
        }
        b"xmp" => RAW | SPECIAL | CLOSES_P,
        b"plaintext" => RAW | SPECIAL | CLOSES_P,
        b"p" | b"div" | b"ul" | b"ol" | b"dl" | b"pre" | b"listing" | b"blockquote" | b"center"
        | b"menu" => {
            let mut k = CLOSES_P | SPECIAL | BREAKOUT;
            if name == b"ul" || name == b"ol" {
                k |= LIST;
            }
            k
        }
        b"li" | b"dd" | b"dt" => CLOSES_P | SPECIAL | BREAKOUT,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => CLOSES_P | SPECIAL | HEADING | BREAKOUT,
        b"address" | b"article" | b"aside" | b"details" | b"dialog" | b"dir" | b"fieldset"
        | b"figcaption" | b"figure" | b"footer" | b"form" | b"header" | b"hgroup" | b"main"
        | b"nav" | b"search" | b"section" | b"summary" => CLOSES_P | SPECIAL,
        b"table" => SPECIAL | SCOPE | TABLE_SCOPE | BREAKOUT,
        b"td" | b"th" | b"caption" => SPECIAL | SCOPE | MARKER,
        b"applet" | b"marquee" | b"object" => SPECIAL | SCOPE | MARKER,
        b"template" => SPECIAL | SCOPE | MARKER | TABLE_SCOPE,
        b"html" => SPECIAL | SCOPE | TABLE_SCOPE,
        b"tbody" | b"thead" | b"tfoot" | b"tr" => SPECIAL | TABLE_PART,
        b"body" | b"head" => SPECIAL | BREAKOUT,
        b"button" => SPECIAL | BUTTON,
        // html5ever 0.40 parses <select> as the 2025 standard does: a scope boundary.
        b"select" => SPECIAL | SCOPE,
        b"colgroup" | b"frameset" | b"noscript" => SPECIAL,
        b"b" | b"big" | b"code" | b"em" | b"i" | b"s" | b"small" | b"strike" | b"strong"
        | b"tt" | b"u" => FORMATTING | INLINE | BREAKOUT,
        // (A `<font>` with `color`, `face` or `size` breaks out of SVG/MathML too.)
        b"a" | b"font" => FORMATTING | INLINE,
        b"nobr" => FORMATTING | INLINE | BREAKOUT,
        b"span" | b"sub" | b"sup" | b"var" | b"ruby" => INLINE | BREAKOUT,
        b"abbr" | b"bdi" | b"bdo" | b"cite" | b"data" | b"dfn" | b"kbd" | b"label" | b"mark"
        | b"q" | b"samp" | b"time" | b"del" | b"ins" => INLINE,
        _ => 0,
    }
}

/// Whether the `<font>` start tag at `lt` (name `len` bytes) has a `color`, `face` or `size`
/// attribute: in SVG/MathML such a tag ends the foreign content, as `<p>` does.
fn font_breaks_out(bytes: &[u8], lt: usize, len: usize) -> bool {
    let mut spans = Vec::new();
    tag_end_with(bytes, lt + 1 + len, Some(&mut spans));
    spans.iter().any(|&(from, name_end, _)| {
        [&b"color"[..], b"face", b"size"]
            .iter()
            .any(|n| bytes[from..name_end].eq_ignore_ascii_case(n))
    })
}

/// SVG (`svg`) or MathML elements where HTML parsing resumes. (Not MathML's `annotation-xml`,
/// whatever its `encoding`: the parser asks the tree for that, and scraper's tree says no.)
fn is_integration_point(name: &[u8], svg: bool) -> bool {
    if svg {
        matches!(name, b"foreignobject" | b"desc" | b"title")
    } else {
        matches!(name, b"mi" | b"mo" | b"mn" | b"ms" | b"mtext")
    }
}

/// 64-bit FNV-1a of a lower-cased tag name.
const fn name_hash(name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < name.len() {
        h ^= name[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

/// A hash of a whole tag (name and attributes) for equality tests, eight bytes per step (links
/// carry long attributes; byte by byte this hash was a fifth of the pre-pass).
fn tag_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("chunks of eight"));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K)
}

const P: u64 = name_hash(b"p");
const LI: u64 = name_hash(b"li");
const DD: u64 = name_hash(b"dd");
const DT: u64 = name_hash(b"dt");
const OPTION: u64 = name_hash(b"option");
const OPTGROUP: u64 = name_hash(b"optgroup");
const TD: u64 = name_hash(b"td");
const TH: u64 = name_hash(b"th");
const TR: u64 = name_hash(b"tr");
const TBODY: u64 = name_hash(b"tbody");
const THEAD: u64 = name_hash(b"thead");
const TFOOT: u64 = name_hash(b"tfoot");
const TABLE: u64 = name_hash(b"table");
const ADDRESS: u64 = name_hash(b"address");
const DIV: u64 = name_hash(b"div");
const A: u64 = name_hash(b"a");
const SELECT: u64 = name_hash(b"select");
const TEMPLATE: u64 = name_hash(b"template");
const SVG: u64 = name_hash(b"svg");
const ANNOTATION_XML: u64 = name_hash(b"annotation-xml");
/// The elements "generate implied end tags" closes.
const IMPLIED_END: [u64; 10] = [
    DD,
    DT,
    LI,
    OPTION,
    OPTGROUP,
    P,
    name_hash(b"rb"),
    name_hash(b"rp"),
    name_hash(b"rt"),
    name_hash(b"rtc"),
];

/// Byte classes of the tag scanner, one table lookup per byte.
const SPACE: u8 = 1;
/// Ends an attribute name: a space, `/`, `>` or `=`.
const NAME_STOP: u8 = 2;
/// Ends an unquoted attribute value: a space or `>`.
const VALUE_STOP: u8 = 4;
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let spaces = [b' ', b'\t', b'\n', b'\r', 0x0c];
    let mut i = 0;
    while i < spaces.len() {
        t[spaces[i] as usize] = SPACE | NAME_STOP | VALUE_STOP;
        i += 1;
    }
    t[b'/' as usize] = NAME_STOP;
    t[b'=' as usize] = NAME_STOP;
    t[b'>' as usize] = NAME_STOP | VALUE_STOP;
    t
};

#[inline]
fn is_space(b: u8) -> bool {
    BYTE_CLASS[b as usize] & SPACE != 0
}

fn find_byte(bytes: &[u8], from: usize, b: u8) -> Option<usize> {
    // memchr: SIMD, where a plain `position` goes byte by byte (this scan runs over every page).
    memchr::memchr(b, bytes.get(from..)?).map(|p| from + p)
}

/// One element on the modelled stack of open elements.
#[derive(Clone, Copy)]
struct Open {
    name: u64,
    kind: u32,
    /// In the SVG or MathML namespace.
    foreign: bool,
    /// In the SVG namespace.
    svg: bool,
    serial: u64,
    /// HTML `<template>`s on the stack up to and including this element: each is two levels of
    /// the parsed tree (the element and its contents, a document fragment).
    templates: usize,
}

/// A byte range of the page to replace.
struct Cut {
    from: usize,
    to: usize,
    fill: Fill,
}

/// What a [`Cut`] leaves.
enum Fill {
    Nothing,
    Space,
    /// `</name>`, the name being the page's bytes in this range.
    EndTag(usize, usize),
}

/// One entry of the modelled list of active formatting elements.
#[derive(Clone, Copy)]
enum Active {
    Marker,
    Element {
        name: u64,
        /// Hash of the name and the attributes (the parser's "Noah's Ark" compares both).
        full: u64,
        serial: u64,
        /// Still on the stack of open elements (else the parser re-opens it).
        open: bool,
        /// Where its start tag's name is, and where the tag ends.
        tag: (usize, usize, usize),
    },
}

struct Flattener {
    max_depth: usize,
    stack: Vec<Open>,
    active: Vec<Active>,
    /// Active formatting elements no longer open, other than `<a>`: the ones the parser re-opens.
    reopened: usize,
    /// A tag was dropped for being nested too deep.
    deep: bool,
    /// Start tags dropped and not yet matched by an end tag, by name.
    dropped: HashMap<u64, usize>,
    /// Byte ranges to replace (mostly in order: see [`Flattener::pop`]).
    cuts: Vec<Cut>,
    serials: u64,
    lower: Vec<u8>,
    /// Cut the text of `<script>` (not JSON-LD) and `<style>` elements and the contents of
    /// `<svg>` and `<math>` (see [`prepare_html`]).
    drop_code: bool,
    /// The open outermost `<svg>`/`<math>`: its serial and where its contents start.
    foreign_root: Option<(u64, usize)>,
    /// Keep every attribute: the page's access markup names its gated parts by CSS selectors,
    /// which may test any attribute.
    keep_attributes: bool,
    /// The attributes of the start tag at hand: where each name starts and ends, and where the
    /// attribute ends (with [`Flattener::drop_code`] only).
    spans: Vec<(usize, usize, usize)>,
    /// Where the text after the last `<pre>` or `<listing>` start tag starts.
    pre_text_at: usize,
    /// A `style` value without its whitespace (reused from tag to tag).
    style_buf: String,
}

impl Flattener {
    fn new(max_depth: usize) -> Flattener {
        Flattener {
            max_depth,
            stack: Vec::new(),
            active: Vec::new(),
            reopened: 0,
            deep: false,
            dropped: HashMap::new(),
            cuts: Vec::new(),
            serials: 0,
            lower: Vec::new(),
            drop_code: false,
            foreign_root: None,
            keep_attributes: false,
            spans: Vec::new(),
            pre_text_at: usize::MAX,
            style_buf: String::new(),
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        let mut i = 0;
        loop {
            let Some(lt) = find_byte(bytes, i, b'<') else {
                self.fold_space(bytes, i, n);
                break;
            };
            self.fold_space(bytes, i, lt);
            let Some(&c) = bytes.get(lt + 1) else { break };
            if c.is_ascii_alphabetic() {
                let name_end = tag_name_end(bytes, lt + 1);
                self.spans.clear();
                let spans = (self.drop_code && !self.keep_attributes).then_some(&mut self.spans);
                let Some(tag) = tag_end_with(bytes, name_end, spans) else {
                    break; // a tag cut by the end of the input is dropped by the tokenizer
                };
                if tag.excess_from.is_some() {
                    self.spans.clear(); // its attributes are cut in one piece
                }
                self.lower.clear();
                self.lower
                    .extend(bytes[lt + 1..name_end].iter().map(u8::to_ascii_lowercase));
                i = self.start_tag(bytes, lt, tag.end, tag.self_closing);
                if matches!(self.lower.as_slice(), b"pre" | b"listing") {
                    self.pre_text_at = tag.end;
                }
                self.cut_excess(lt, &tag);
            } else if c == b'/' {
                match bytes.get(lt + 2) {
                    Some(b) if b.is_ascii_alphabetic() => {
                        let name_end = tag_name_end(bytes, lt + 2);
                        let Some(tag) = tag_end(bytes, name_end) else {
                            break;
                        };
                        self.lower.clear();
                        self.lower
                            .extend(bytes[lt + 2..name_end].iter().map(u8::to_ascii_lowercase));
                        self.end_tag(lt, tag.end);
                        self.cut_excess(lt, &tag);
                        i = tag.end;
                    }
                    Some(b'>') => i = lt + 3,
                    Some(_) => match find_byte(bytes, lt + 2, b'>') {
                        Some(e) => i = e + 1,
                        None => break,
                    },
                    None => break,
                }
            } else if c == b'!' {
                if bytes[lt + 2..].starts_with(b"--") {
                    match comment_end(bytes, lt + 4) {
                        Some(e) => {
                            if self.drop_code && self.joins_safely(bytes, lt, e) {
                                self.cut(lt, e);
                            }
                            i = e;
                        }
                        None => break,
                    }
                } else {
                    match find_byte(bytes, lt + 2, b'>') {
                        Some(e) => i = e + 1,
                        None => break,
                    }
                }
            } else if c == b'?' {
                match find_byte(bytes, lt + 2, b'>') {
                    Some(e) => i = e + 1,
                    None => break,
                }
            } else {
                i = lt + 1;
            }
            if i >= n {
                break;
            }
        }
    }

    /// With [`Flattener::drop_code`], folds the text `bytes[from..to]` (data, between tags): of
    /// each run of whitespace that starts with a line feed only the line feed stays (the walk
    /// folds whitespace anyway; most of it is indentation). The first run after a `<pre>` or
    /// `<listing>` start tag stays whole, as the parser drops a line feed there.
    fn fold_space(&mut self, bytes: &[u8], from: usize, to: usize) {
        if !self.drop_code || from >= to {
            return;
        }
        let mut p = from;
        while let Some(nl) = memchr::memchr(b'\n', &bytes[p..to]).map(|k| p + k) {
            let mut e = nl + 1;
            while e < to && is_space(bytes[e]) {
                e += 1;
            }
            if e > nl + 1 && !(nl == from && from == self.pre_text_at) {
                self.cut(nl + 1, e);
            }
            p = e;
        }
    }

    /// Whether the comment `bytes[lt..end]` can go without joining what is on its two sides
    /// into something else: a `<` before it and a name after would make a tag, and `&am` before
    /// it and `p;` after a character reference. Nor in a table, where the parser sorts the text
    /// between two other tokens as a whole: whitespace-only text stays in the table, any other is
    /// moved before it, so `\n<!---->x` and `\nx` put the line feed in different places.
    fn joins_safely(&self, bytes: &[u8], lt: usize, end: usize) -> bool {
        if self
            .stack
            .last()
            .is_some_and(|e| !e.foreign && (e.name == TABLE || e.kind & TABLE_PART != 0))
        {
            return false;
        }
        // What comes before it in the output: cuts that end here leave nothing.
        let mut at = lt;
        for c in self.cuts.iter().rev() {
            if c.to != at || c.from >= at {
                break;
            }
            match c.fill {
                Fill::Nothing => at = c.from,
                _ => return true, // a space or an end tag
            }
        }
        let Some(&before) = at.checked_sub(1).map(|k| &bytes[k]) else {
            return true;
        };
        let after = bytes.get(end).copied().unwrap_or(b' ');
        before != b'<'
            && !((before.is_ascii_alphanumeric() || before == b'&' || before == b'#')
                && (after.is_ascii_alphanumeric() || after == b';' || after == b'#'))
    }

    /// Drops the bytes `from..to`, leaving nothing.
    fn cut(&mut self, from: usize, to: usize) {
        self.cuts.push(Cut {
            from,
            to,
            fill: Fill::Nothing,
        });
    }

    /// Cuts the attributes past [`MAX_ATTRIBUTES`] of the tag at `lt`, unless the whole tag was
    /// dropped.
    fn cut_excess(&mut self, lt: usize, tag: &TagEnd) {
        if let Some((from, to)) = tag.excess() {
            if self.cuts.last().is_none_or(|c| c.from != lt) {
                self.cut(from, to);
            }
        }
    }

    fn in_foreign(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|e| e.foreign && e.kind & SCOPE == 0)
    }

    /// Handles a start tag `bytes[lt..end]` (name in `self.lower`); returns where to scan on.
    fn start_tag(&mut self, bytes: &[u8], lt: usize, end: usize, self_closing: bool) -> usize {
        let name = std::mem::take(&mut self.lower);
        let next = self.start_tag_named(bytes, &name, lt, end, self_closing);
        self.lower = name;
        next
    }

    fn start_tag_named(
        &mut self,
        bytes: &[u8],
        name: &[u8],
        lt: usize,
        end: usize,
        self_closing: bool,
    ) -> usize {
        let h = name_hash(name);
        let k = kind(name);
        // Where the stack ends once the elements this tag closes are closed. Worked out first
        // and applied only when the tag is kept: a dropped tag closes nothing in the parser.
        let mut top = self.stack.len();
        if self.in_foreign() {
            if k & BREAKOUT == 0 && !(name == b"font" && font_breaks_out(bytes, lt, name.len())) {
                if self_closing {
                    return end;
                }
                // The namespace is the parent's, but an `<svg>` in an `annotation-xml` is SVG.
                let parent = self.stack.last();
                let svg = parent.is_some_and(|e| e.svg || e.name == ANNOTATION_XML && h == SVG);
                let k = if is_integration_point(name, svg) {
                    SCOPE | SPECIAL
                } else {
                    0
                };
                return self.push(lt, end, h, k, Some(svg));
            }
            while top > 0 && self.stack[top - 1].foreign && self.stack[top - 1].kind & SCOPE == 0 {
                top -= 1;
            }
        }
        if k & RAW != 0 {
            self.pop_to(top); // never dropped
            if name == b"plaintext" {
                return bytes.len(); // the rest of the page is text
            }
            let close = if name == b"script" {
                script_close(bytes, end)
            } else {
                raw_text_close(bytes, end, name)
            };
            if self.drop_code
                && close > end
                && (name == b"style" || name == b"script" && !is_json_ld(&bytes[lt..end]))
            {
                self.cut(end, close);
            }
            return close_end(bytes, close, name);
        }
        if k & VOID != 0 {
            if k & CLOSES_P != 0 {
                top = self.p_closed(top);
            }
            if name == b"hr" && self.find_below(top, SELECT, SCOPE).is_some() {
                top = self.implied_ends_closed(top, 0);
            }
            self.pop_to(top); // never dropped
            self.cut_attributes(bytes, lt, name, k);
            return end;
        }
        match name {
            b"html" | b"head" | b"body" | b"frameset" => {
                self.pop_to(top);
                self.cut_attributes(bytes, lt, name, k);
                return end;
            }
            b"svg" | b"math" => {
                if self_closing {
                    return end;
                }
                let open = self.stack.len();
                let next = self.push(lt, end, h, 0, Some(name == b"svg"));
                self.cut_attributes(bytes, lt, name, k);
                if self.drop_code && self.stack.len() > open {
                    self.foreign_root = Some((self.serials, end));
                }
                return next;
            }
            b"form" if self.stack.iter().any(|e| e.name == h) => return end, // ignored
            // Table parts outside a table (or a <template>) are ignored by the parser.
            b"tr" | b"td" | b"th" | b"tbody" | b"thead" | b"tfoot" | b"caption" | b"colgroup"
                if !self
                    .stack
                    .iter()
                    .any(|e| e.name == TABLE || e.name == TEMPLATE) =>
            {
                return end
            }
            _ => {}
        }
        if k & CLOSES_P != 0 {
            top = self.p_closed(top);
        }
        // Elements the parser inserts before this one.
        let mut implied: &[u64] = &[];
        // In a <template> (nearer than any <table>) the parser's table modes are not modelled:
        // table parts close nothing there (counting too deep is the safe side).
        let in_template = self.stack[..top]
            .iter()
            .rev()
            .find(|e| e.name == TABLE || e.name == TEMPLATE)
            .is_some_and(|e| e.name == TEMPLATE);
        // A previous <a> (or <nobr>) this one closes: its place on the active list and serial.
        let mut adopt = None;
        match name {
            b"li" => top = self.list_item_closed(top, &[LI]),
            b"dd" | b"dt" => top = self.list_item_closed(top, &[DD, DT]),
            // In a <select> these close every open element with an implied end tag (an <li>
            // or a <p> too); elsewhere only an open <option>.
            b"option" | b"optgroup" if self.find_below(top, SELECT, SCOPE).is_some() => {
                let keep = if name == b"option" { OPTGROUP } else { 0 };
                top = self.implied_ends_closed(top, keep);
            }
            b"option" | b"optgroup" => top = self.top_closed(top, &[OPTION]),
            b"td" | b"th" | b"tr" | b"tbody" | b"thead" | b"tfoot" | b"table" if in_template => {}
            b"td" | b"th" => {
                top = self.table_scope_closed(top, &[TD, TH]);
                // The parser inserts the implied <tbody> and <tr>.
                implied = match top.checked_sub(1).map(|t| self.stack[t].name) {
                    Some(TABLE) => &[TBODY, TR],
                    Some(TBODY | THEAD | TFOOT) => &[TR],
                    _ => &[],
                };
            }
            b"tr" => {
                top = self.table_scope_closed(top, &[TD, TH]);
                top = self.table_scope_closed(top, &[TR]);
                if top > 0 && self.stack[top - 1].name == TABLE {
                    implied = &[TBODY];
                }
            }
            b"tbody" | b"thead" | b"tfoot" => {
                top = self.table_scope_closed(top, &[TD, TH]);
                top = self.table_scope_closed(top, &[TR]);
                top = self.table_scope_closed(top, &[TBODY, THEAD, TFOOT]);
            }
            b"table"
                if top > 0
                    && (self.stack[top - 1].kind & TABLE_PART != 0
                        || self.stack[top - 1].name == h) =>
            {
                // In a table (not in a cell) a <table> closes the open one.
                top = self.table_scope_closed(top, &[TABLE]);
            }
            b"button" => {
                if let Some(at) = self.find_below(top, h, SCOPE) {
                    top = at;
                }
            }
            b"a" | b"nobr" => adopt = self.active_after_marker(h),
            _ => {}
        }
        if k & HEADING != 0 && top > 0 && self.stack[top - 1].kind & HEADING != 0 {
            top -= 1;
        }
        // The adoption agency closes the previous <a>: see `close_formatting`.
        let adopted = adopt
            .and_then(|(_, serial)| self.stack[..top].iter().rposition(|e| e.serial == serial));
        let depth = match adopted {
            Some(s)
                if self.stack[s + 1..top]
                    .iter()
                    .any(|e| e.kind & (SPECIAL | SCOPE) != 0) =>
            {
                top - 1
            }
            Some(s) => s,
            None => top,
        };
        // (An <a> closes the previous one: there is at most one per marker.)
        if k & FORMATTING != 0 && h != A && self.reopened >= MAX_FORMATTING {
            self.drop_tag(lt, end, h, k);
            return end;
        }
        if self.level(depth) + implied.len() >= self.max_depth {
            self.deep = true;
            self.drop_tag(lt, end, h, k);
            return end;
        }
        // Kept: close what it closes.
        if let Some((at, _)) = adopt {
            self.remove_active(at);
        }
        self.pop_to(top);
        if let Some(s) = adopted {
            self.close_formatting(s);
        }
        for &name in implied {
            self.serials += 1;
            let templates = self.templates_below(self.stack.len());
            self.stack.push(Open {
                name,
                kind: SPECIAL | TABLE_PART,
                foreign: false,
                svg: false,
                serial: self.serials,
                templates,
            });
        }
        if k & FORMATTING != 0 {
            // Noah's Ark: at most three equal entries after the last marker. The hash of the
            // whole tag (name and attributes) is needed only here: hashing every tag byte by
            // byte was half of this pre-pass.
            let full = tag_hash(&bytes[lt + 1..end]);
            let from = self.last_marker();
            let same: Vec<usize> = (from..self.active.len())
                .filter(|&i| matches!(self.active[i], Active::Element { full: f, .. } if f == full))
                .collect();
            if same.len() >= 3 {
                self.remove_active(same[0]);
            }
            self.active.push(Active::Element {
                name: h,
                full,
                serial: self.serials + 1,
                open: true,
                tag: (lt + 1, lt + 1 + name.len(), end),
            });
        }
        if k & MARKER != 0 {
            self.active.push(Active::Marker);
        }
        let next = self.push(lt, end, h, k, None);
        self.cut_attributes(bytes, lt, name, k);
        next
    }

    /// Cuts the attributes that neither a block nor the parser reads from the kept start tag at
    /// `lt` of an HTML element (with [`Flattener::drop_code`]): all but [`READ_ATTRIBUTES`].
    /// Formatting elements other than `<a>` keep theirs (the parser compares them: "Noah's Ark"),
    /// as does `<template>` (`shadowrootmode`); an `<input>` keeps its `type`, and of the `style`
    /// attributes only the first, when it may hide the element. Adjacent cut attributes go in
    /// one cut.
    fn cut_attributes(&mut self, bytes: &[u8], lt: usize, name: &[u8], k: u32) {
        if self.spans.is_empty()
            || k & FORMATTING != 0 && name != b"a"
            || name == b"template"
            || self.cuts.last().is_some_and(|c| c.from == lt)
        {
            return;
        }
        let mut run: Option<(usize, usize)> = None;
        let mut style_seen = false;
        for i in 0..self.spans.len() {
            let (from, name_end, to) = self.spans[i];
            let attribute = &bytes[from..name_end];
            // The walk reads `style` only for whether it hides the element, and only the first
            // (the parser drops repeated attributes). A repeated `<html>` or `<body>` adds the
            // attributes its element lacks, so there every first `style` stays.
            let read = if attribute.eq_ignore_ascii_case(b"style") {
                let first = !style_seen;
                style_seen = true;
                first
                    && (matches!(name, b"html" | b"body")
                        || style_may_hide(&bytes[name_end..to], &mut self.style_buf))
            } else {
                // The parser reads an `<input>`'s `type` (`hidden` ones stay in a table).
                READ_ATTRIBUTES
                    .iter()
                    .any(|n| attribute.eq_ignore_ascii_case(n))
                    || name == b"input" && attribute.eq_ignore_ascii_case(b"type")
            };
            match (read, &mut run) {
                (false, Some((_, end))) => *end = to,
                (false, None) => run = Some((from, to)),
                (true, _) => {
                    if let Some((from, to)) = run.take() {
                        self.cut(from, to);
                    }
                }
            }
        }
        if let Some((from, to)) = run {
            // `<svg/x>` must not become `<svg/>`, a self-closing tag: the `/` goes too.
            let from = if bytes[from - 1] == b'/' && bytes.get(to) == Some(&b'>') {
                from - 1
            } else {
                from
            };
            self.cut(from, to);
        }
    }

    /// Opens an element; `svg`: `None` for HTML, else whether it is SVG (or MathML).
    fn push(&mut self, lt: usize, end: usize, name: u64, kind: u32, svg: Option<bool>) -> usize {
        let foreign = svg.is_some();
        if self.level(self.stack.len()) >= self.max_depth {
            self.deep = true;
            self.drop_tag(lt, end, name, kind);
            return end;
        }
        self.serials += 1;
        let templates =
            self.templates_below(self.stack.len()) + usize::from(name == TEMPLATE && !foreign);
        self.stack.push(Open {
            name,
            kind,
            foreign,
            svg: svg == Some(true),
            serial: self.serials,
            templates,
        });
        end
    }

    /// The HTML `<template>`s among the stack's first `top` elements.
    fn templates_below(&self, top: usize) -> usize {
        top.checked_sub(1).map_or(0, |t| self.stack[t].templates)
    }

    /// How deep in the parsed tree an element opened above the stack's first `top` elements
    /// would be (below the document, `<html>` being 1): `top`, plus one for the contents of
    /// every `<template>` among them. (Formatting elements taken off the middle of the stack
    /// by [`Flattener::close_formatting`] are never templates: the counts above stay right.)
    fn level(&self, top: usize) -> usize {
        top + self.templates_below(top)
    }

    fn drop_tag(&mut self, lt: usize, end: usize, name: u64, kind: u32) {
        *self.dropped.entry(name).or_insert(0) += 1;
        self.cuts.push(Cut {
            from: lt,
            to: end,
            fill: if kind & INLINE == 0 {
                Fill::Space
            } else {
                Fill::Nothing
            },
        });
    }

    fn end_tag(&mut self, lt: usize, end: usize) {
        let name = std::mem::take(&mut self.lower);
        self.end_tag_named(&name, lt, end);
        self.lower = name;
    }

    fn end_tag_named(&mut self, name: &[u8], lt: usize, end: usize) {
        let h = name_hash(name);
        let k = kind(name);
        if let Some(n) = self.dropped.get_mut(&h) {
            if *n > 0 {
                *n -= 1;
                self.cuts.push(Cut {
                    from: lt,
                    to: end,
                    fill: if k & INLINE == 0 {
                        Fill::Space
                    } else {
                        Fill::Nothing
                    },
                });
                return;
            }
        }
        // `</p>` and `</br>` in SVG/MathML close it, then count as in HTML.
        if matches!(name, b"p" | b"br") && self.in_foreign() {
            let mut top = self.stack.len();
            while top > 0 && self.stack[top - 1].foreign && self.stack[top - 1].kind & SCOPE == 0 {
                top -= 1;
            }
            self.pop_to(top);
        }
        // In SVG/MathML (integration points included) an end tag closes the nearest open
        // element of its name.
        if self.stack.last().is_some_and(|e| e.foreign) {
            if let Some(at) = self.stack.iter().rposition(|e| !e.foreign || e.name == h) {
                if self.stack[at].foreign {
                    // The outermost `<svg>`/`<math>` closed by its own end tag: its contents
                    // can go (when a tag breaks out of it instead, they stay).
                    if let Some((serial, from)) = self.foreign_root {
                        if self.stack[at].serial == serial && lt > from {
                            self.cut(from, lt);
                        }
                    }
                    self.pop_to(at);
                    return;
                }
            }
        }
        if k & (VOID | RAW) != 0 || matches!(name, b"html" | b"head" | b"body" | b"frameset") {
            return;
        }
        if k & FORMATTING != 0 {
            if let Some((at, serial)) = self.active_after_marker(h) {
                match self.stack.iter().rposition(|e| e.serial == serial) {
                    None => {
                        self.remove_active(at);
                        // SVG/MathML opened after the element was closed sits in the copy the
                        // parser made of it (it re-opens formatting elements before inserting
                        // foreign ones), and the adoption agency pops back to that copy:
                        // `<ul><a></ul><math></a>` leaves the `<math>`.
                        let html = self.stack.iter().rposition(|e| !e.foreign);
                        self.pop_to(html.map_or(0, |k| k + 1));
                    }
                    Some(s) => {
                        // Closed only when in scope; otherwise the parser ignores the end tag.
                        if self.stack[s + 1..].iter().all(|e| e.kind & SCOPE == 0) {
                            self.remove_active(at);
                            self.close_formatting(s);
                        }
                    }
                }
                return;
            }
        }
        let stop = if name == b"li" {
            SCOPE | LIST
        } else if name == b"p" {
            SCOPE | BUTTON
        } else if matches!(
            name,
            b"td" | b"th" | b"tr" | b"tbody" | b"thead" | b"tfoot" | b"table"
        ) {
            TABLE_SCOPE
        } else if k & SPECIAL != 0 {
            SCOPE
        } else {
            SPECIAL | SCOPE
        };
        if let Some(at) = self.find(h, stop) {
            self.pop_to(at);
        }
    }

    /// The position of the nearest open element named `name`, searching down from the top and
    /// stopping at elements of kind `stop`.
    fn find(&self, name: u64, stop: u32) -> Option<usize> {
        self.find_below(self.stack.len(), name, stop)
    }

    /// [`Flattener::find`] in the stack's first `top` elements.
    fn find_below(&self, top: usize, name: u64, stop: u32) -> Option<usize> {
        for (i, e) in self.stack[..top].iter().enumerate().rev() {
            if e.name == name {
                return Some(i);
            }
            if e.kind & stop != 0 {
                return None;
            }
        }
        None
    }

    // The implied closes, on the stack's first `top` elements: each returns the new top.

    fn p_closed(&self, top: usize) -> usize {
        self.find_below(top, P, SCOPE | BUTTON).unwrap_or(top)
    }

    fn list_item_closed(&self, top: usize, names: &[u64]) -> usize {
        for i in (0..top).rev() {
            let e = self.stack[i];
            if names.contains(&e.name) {
                return i;
            }
            if e.kind & SPECIAL != 0 && e.name != ADDRESS && e.name != DIV && e.name != P {
                break;
            }
        }
        top
    }

    fn table_scope_closed(&self, top: usize, names: &[u64]) -> usize {
        for i in (0..top).rev() {
            let e = self.stack[i];
            if names.contains(&e.name) {
                return i;
            }
            if e.kind & TABLE_SCOPE != 0 {
                break;
            }
        }
        top
    }

    fn implied_ends_closed(&self, mut top: usize, keep: u64) -> usize {
        while top > 0 && {
            let name = self.stack[top - 1].name;
            name != keep && IMPLIED_END.contains(&name)
        } {
            top -= 1;
        }
        top
    }

    fn top_closed(&self, top: usize, names: &[u64]) -> usize {
        if top > 0 && names.contains(&self.stack[top - 1].name) {
            top - 1
        } else {
            top
        }
    }

    /// Closes the formatting element at `at` (already off the active list) as the parser's
    /// "adoption agency" does: with only phrasing elements above it, they close with it; with a
    /// block (or a scope boundary) above it, the block stays open (re-parented) and only the
    /// formatting element leaves the stack. (The parser may leave a copy of it, or drop a span
    /// or two more: never more than a level per tag, so the model stays close.)
    fn close_formatting(&mut self, at: usize) {
        // With special elements above it the parser runs the adoption agency: they stay open,
        // and its next round pops what is above the last of them (where the formatting element
        // is made again): `<a><footer><math></a>` leaves the `<footer>` open, not the `<math>`.
        let last_special = self.stack[at + 1..]
            .iter()
            .rposition(|e| e.kind & (SPECIAL | SCOPE) != 0);
        if let Some(last) = last_special {
            self.pop_to(at + last + 2);
            self.stack.remove(at);
        } else {
            self.pop_to(at);
        }
    }

    /// Pops the elements from position `at` up.
    fn pop_to(&mut self, at: usize) {
        while self.stack.len() > at {
            self.pop();
        }
    }

    fn pop(&mut self) {
        let Some(e) = self.stack.pop() else { return };
        if self
            .foreign_root
            .is_some_and(|(serial, _)| serial == e.serial)
        {
            self.foreign_root = None;
        }
        if e.kind & FORMATTING != 0 {
            let entry = self.active.iter_mut().rev().find_map(|a| match a {
                Active::Element {
                    serial, open, name, ..
                } if *serial == e.serial => Some((open, *name)),
                _ => None,
            });
            if let Some((open, name)) = entry {
                *open = false;
                if name != A {
                    self.reopened += 1;
                }
            }
            if self.reopened > MAX_FORMATTING {
                // Closing a run of nested formatting elements at once (`<p><b><i><u>...</p>`)
                // leaves them all to be re-opened: close the oldest right after its start tag.
                // (Not dropping the tag: what it closed on its way in stays closed.)
                let oldest = self.active.iter().position(
                    |a| matches!(a, Active::Element { open: false, name, .. } if *name != A),
                );
                if let Some(at) = oldest {
                    if let Active::Element { name, tag, .. } = self.active[at] {
                        self.remove_active(at);
                        *self.dropped.entry(name).or_insert(0) += 1; // its own end tag goes
                        self.cuts.push(Cut {
                            from: tag.2,
                            to: tag.2,
                            fill: Fill::EndTag(tag.0, tag.1),
                        });
                    }
                }
            }
        }
        if e.kind & MARKER != 0 {
            // Closing a cell, caption, object... clears the formatting list to its marker.
            while let Some(at) = self.active.len().checked_sub(1) {
                let marker = matches!(self.active[at], Active::Marker);
                self.remove_active(at);
                if marker {
                    break;
                }
            }
        }
    }

    fn remove_active(&mut self, at: usize) {
        if let Active::Element {
            open: false, name, ..
        } = self.active.remove(at)
        {
            if name != A {
                self.reopened -= 1;
            }
        }
    }

    fn last_marker(&self) -> usize {
        self.active
            .iter()
            .rposition(|a| matches!(a, Active::Marker))
            .map_or(0, |i| i + 1)
    }

    /// The last active formatting element named `name` after the last marker: its position in
    /// the list and its serial.
    fn active_after_marker(&self, name: u64) -> Option<(usize, u64)> {
        let from = self.last_marker();
        (from..self.active.len())
            .rev()
            .find_map(|i| match self.active[i] {
                Active::Element {
                    name: n, serial, ..
                } if n == name => Some((i, serial)),
                _ => None,
            })
    }
}

/// The end of a tag name starting at `from`.
fn tag_name_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| is_space(b) || b == b'/' || b == b'>')
        .map_or(bytes.len(), |p| from + p)
}

/// A scanned tag's end.
struct TagEnd {
    /// The position after the `>`.
    end: usize,
    /// `/>`.
    self_closing: bool,
    /// Where the attributes past [`MAX_ATTRIBUTES`] start, when there are that many.
    excess_from: Option<usize>,
}

impl TagEnd {
    /// The byte range of the attributes past [`MAX_ATTRIBUTES`] (up to the `/>` or `>`).
    fn excess(&self) -> Option<(usize, usize)> {
        let to = self.end - 1 - usize::from(self.self_closing);
        self.excess_from
            .filter(|&from| from < to)
            .map(|from| (from, to))
    }
}

/// Scans a tag's attributes from `from` (just after its name) to its `>`, or `None` when the
/// input ends first.
fn tag_end(bytes: &[u8], j: usize) -> Option<TagEnd> {
    tag_end_with(bytes, j, None)
}

/// [`tag_end`], noting where each attribute's name starts and ends and where the attribute ends
/// (up to [`MAX_ATTRIBUTES`]) in `spans`, when given.
fn tag_end_with(
    bytes: &[u8],
    mut j: usize,
    mut spans: Option<&mut Vec<(usize, usize, usize)>>,
) -> Option<TagEnd> {
    let n = bytes.len();
    let mut slash = false;
    let mut attributes = 0;
    let mut excess_from = None;
    loop {
        while j < n && (is_space(bytes[j]) || bytes[j] == b'/') {
            slash = bytes[j] == b'/';
            j += 1;
        }
        if j >= n {
            return None;
        }
        if bytes[j] == b'>' {
            return Some(TagEnd {
                end: j + 1,
                self_closing: slash,
                excess_from,
            });
        }
        slash = false;
        attributes += 1;
        if attributes == MAX_ATTRIBUTES + 1 {
            excess_from = Some(j);
        }
        // An attribute name (its first character may be anything, even `=`).
        let start = j;
        j += 1;
        while j < n && BYTE_CLASS[bytes[j] as usize] & NAME_STOP == 0 {
            j += 1;
        }
        let name_end = j;
        while j < n && is_space(bytes[j]) {
            j += 1;
        }
        if j >= n || bytes[j] != b'=' {
            if let Some(spans) = spans.as_deref_mut().filter(|_| excess_from.is_none()) {
                spans.push((start, name_end, name_end));
            }
        }
        if j < n && bytes[j] == b'=' {
            j += 1;
            while j < n && is_space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                None => return None,
                Some(&q @ (b'"' | b'\'')) => j = find_byte(bytes, j + 1, q)? + 1,
                Some(b'>') => {}
                Some(_) => {
                    while j < n && BYTE_CLASS[bytes[j] as usize] & VALUE_STOP == 0 {
                        j += 1;
                    }
                }
            }
            if let Some(spans) = spans.as_deref_mut().filter(|_| excess_from.is_none()) {
                spans.push((start, name_end, j));
            }
        }
    }
}

/// Whether a `style` attribute whose text after the name is `rest` (`="..."`) may hide its
/// element as the walk reads it ([`crate::segment::style_hides`]; the quotes do not matter
/// there): a value with a character reference is kept whatever it holds.
fn style_may_hide(rest: &[u8], buf: &mut String) -> bool {
    let value = rest
        .iter()
        .position(|&b| b == b'=')
        .map_or(&[][..], |k| &rest[k + 1..]);
    if value.contains(&b'&') {
        return true;
    }
    // Tags are ASCII from `<` to `>` where they are cut, so this is whole characters.
    std::str::from_utf8(value).map_or(true, |v| crate::segment::style_hides(v, buf))
}

/// The end of a comment whose text starts at `from` (after `<!--`): after its `-->` (or `--!>`,
/// or the `>` of the empty `<!-->` and `<!--->`), `None` when it runs to the end of the input.
fn comment_end(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    if rest.starts_with(b">") {
        return Some(from + 1);
    }
    if rest.starts_with(b"->") {
        return Some(from + 2);
    }
    let mut j = from;
    while let Some(d) = find_byte(bytes, j, b'-') {
        if bytes.get(d + 1) == Some(&b'-') {
            match bytes.get(d + 2) {
                Some(b'>') => return Some(d + 3),
                Some(b'!') if bytes.get(d + 3) == Some(&b'>') => return Some(d + 4),
                _ => {}
            }
        }
        j = d + 1;
    }
    None
}

/// Where the end tag that closes the raw text element `name` whose content starts at `from`
/// begins (`</name` followed by a space, `/` or `>`), or the end of the input.
fn raw_text_close(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut j = from;
    while let Some(lt) = find_byte(bytes, j, b'<') {
        let after = lt + 2 + name.len();
        if bytes.get(lt + 1) == Some(&b'/')
            && bytes.len() >= after
            && bytes[lt + 2..after].eq_ignore_ascii_case(name)
            && bytes
                .get(after)
                .is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
        {
            return lt;
        }
        j = lt + 1;
    }
    bytes.len()
}

/// The position after the end tag `</name ...>` that starts at `close` (from [`raw_text_close`]
/// or [`script_close`]), or the end of the input.
fn close_end(bytes: &[u8], close: usize, name: &[u8]) -> usize {
    if close >= bytes.len() {
        return bytes.len();
    }
    tag_end(bytes, close + 2 + name.len()).map_or(bytes.len(), |t| t.end)
}

/// True when a start tag's bytes say `ld+json` (its `type`), in any case.
fn is_json_ld(tag: &[u8]) -> bool {
    crate::text::contains_ignore_ascii_case(tag, b"ld+json")
}

/// [`raw_text_close`] for `<script>`, whose text has the tokenizer's escaped states: after
/// `<!--`, a `<script>` starts a nested one whose `</script>` does not end the element, until
/// `-->`.
fn script_close(bytes: &[u8], from: usize) -> usize {
    let tag_at = |j: usize, end: bool| -> Option<usize> {
        let start = j + 1 + usize::from(end);
        let after = start + 6;
        (bytes.get(j) == Some(&b'<')
            && (!end || bytes.get(j + 1) == Some(&b'/'))
            && bytes.len() >= after
            && bytes[start..after].eq_ignore_ascii_case(b"script")
            && bytes
                .get(after)
                .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>'))
        .then_some(after)
    };
    // 0: script data, 1: escaped (after `<!--`), 2: double escaped (a `<script>` in there).
    let mut state = 0;
    let mut j = from;
    // memchr2: SIMD over the (often large) script text, where `position` went byte by byte.
    while let Some(p) = memchr::memchr2(b'<', b'-', &bytes[j.min(bytes.len())..]).map(|p| j + p) {
        if bytes[p] == b'-' {
            if state > 0 && bytes[p..].starts_with(b"-->") {
                state = 0;
                j = p + 3;
            } else {
                j = p + 1;
            }
            continue;
        }
        if state == 0 && bytes[p..].starts_with(b"<!--") {
            state = 1;
            j = p + 2; // `<!-->` ends at once: its dashes count for `-->`
        } else if let Some(after) = tag_at(p, true) {
            if state == 2 {
                state = 1;
                j = after;
            } else {
                return p;
            }
        } else if state == 1 && tag_at(p, false).is_some() {
            state = 2;
            j = p + 7;
        } else {
            j = p + 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(html: &str) -> usize {
        let doc = crate::segment::parse(html);
        let mut max = 0;
        let mut d: usize = 0;
        for edge in doc.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(_) => {
                    d += 1;
                    max = max.max(d);
                }
                ego_tree::iter::Edge::Close(_) => d -= 1,
            }
        }
        max
    }

    #[test]
    fn shallow_pages_are_untouched() {
        let page = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul></div></body></html>";
        let (out, changed) = flatten_deep_nesting(page, 4);
        assert!(!changed, "{out}");
        assert!(matches!(out, Cow::Borrowed(_)));
    }

    #[test]
    fn implied_end_tags_do_not_count_as_depth() {
        let mut page = String::from("<table>");
        for k in 0..500 {
            page.push_str(&format!(
                "<tr><td>cell {k}<td><p>para<p>more<select><option>x<option>y</select>"
            ));
        }
        page.push_str("</table><ul>");
        for k in 0..500 {
            page.push_str(&format!("<li>item {k}<dl><dt>t<dd>d</dl>"));
        }
        page.push_str("</ul>");
        let (_, changed) = flatten_deep_nesting(&page, 16);
        assert!(!changed);
    }

    #[test]
    fn deep_nesting_is_cut_to_the_limit_and_text_kept() {
        for open in [
            "<div>",
            "<span>",
            "<b>",
            "<div class='a>b'>",
            "<table><tr><td>",
            "<svg><g>",
        ] {
            let page = format!("{}deep text{}", open.repeat(5000), "</div>".repeat(10));
            let (out, changed) = flatten_deep_nesting(&page, 64);
            assert!(changed, "{open}");
            assert!(out.contains("deep text"));
            assert!(
                depth_of(&out) <= 64 + MAX_FORMATTING + 8,
                "{open}: {}",
                depth_of(&out)
            );
        }
    }

    #[test]
    fn raw_text_and_comments_are_not_tags() {
        let page = format!(
            "<script>{}</script><!--{}--><style>{}</style><textarea>{}</textarea><p>ok",
            "<div>".repeat(100),
            "<div>".repeat(100),
            "<div>".repeat(100),
            "<div>".repeat(100)
        );
        let (_, changed) = flatten_deep_nesting(&page, 8);
        assert!(!changed);
        // Past the limit a script keeps its tags: its code never becomes text.
        let page = format!("{}<script>var x = 1;</script>text", "<div>".repeat(100));
        let (out, changed) = flatten_deep_nesting(&page, 8);
        assert!(changed && out.contains("<script>var x = 1;</script>"));
    }

    #[test]
    fn dropped_block_tags_leave_a_space() {
        let page = format!("{}one<div>two</div>th<b>r</b>ee", "<div>".repeat(20));
        let (out, _) = flatten_deep_nesting(&page, 4);
        assert!(out.contains("one two three"), "{out}");
    }

    #[test]
    fn formatting_elements_are_capped() {
        // Distinct unclosed <b>s that <p> closes: the parser re-opens them all in every <p>.
        let mut page = String::new();
        for k in 0..2000 {
            page.push_str(&format!("<p><b id={k}>x</p>"));
        }
        let (out, deep) = flatten_deep_nesting(&page, 256);
        assert!(!deep && matches!(out, Cow::Owned(_)));
        assert!(depth_of(&out) <= 16, "{}", depth_of(&out));
        // The same closed all at once.
        let mut page = String::from("<p>");
        for k in 0..200 {
            page.push_str(&format!("<b id={k} {}>", "a ".repeat(300)));
        }
        page.push_str("</p>");
        page.push_str(&"<p>x</p>".repeat(100));
        let (out, deep) = flatten_deep_nesting(&page, 256);
        assert!(!deep && matches!(out, Cow::Owned(_)));
        assert!(depth_of(&out) <= 16, "{}", depth_of(&out));
    }

    #[test]
    fn attributes_past_the_cap_are_dropped() {
        let attrs: String = (0..1000).map(|k| format!(" a{k}='x>y'")).collect();
        let page = format!("<p{attrs}>text</p{attrs}><br{attrs}/>");
        let (out, deep) = flatten_deep_nesting(&page, 256);
        assert!(!deep && matches!(out, Cow::Owned(_)));
        assert_eq!(out.matches("='x>y'").count(), 3 * MAX_ATTRIBUTES);
        assert!(
            out.contains(" a255='x>y' >text</p") && out.ends_with(" a255='x>y' />"),
            "{out}"
        );
    }

    #[test]
    fn table_parts_outside_a_table_are_not_open_elements() {
        // Found by the `flatten` fuzz target: <tr>/<td> outside a table, which the parser
        // ignores, were modelled as open, and a later <tr> "closed" everything above them.
        let page = "<pable><tr><td><ul><li><span><b><i><a href=x><table><tr><td>".repeat(40);
        let (out, deep) = flatten_deep_nesting(&page, 8);
        assert!(deep);
        assert!(depth_of(&out) <= 8 + 16, "{}", depth_of(&out));
    }

    #[test]
    fn blocks_inside_closed_formatting_elements_stay_open() {
        // Found by the `flatten` fuzz target: the parser's adoption agency keeps a <div> inside
        // a <b> or <a> open when the <b> closes (or a new <a> starts); closing them all in the
        // model let the real nesting grow unseen.
        for unit in [
            "<b><div>x</b>",
            "<a href=x><div>x<a href=y>",
            "<i><table></i>",
        ] {
            let page = unit.repeat(200);
            let (out, deep) = flatten_deep_nesting(&page, 8);
            assert!(deep, "{unit}");
            assert!(depth_of(&out) <= 8 + 16, "{unit}: {}", depth_of(&out));
        }
    }

    #[test]
    fn implied_table_rows_count_as_depth() {
        // Found by the `flatten` fuzz target: `<table><td>` is table, tbody, tr, td to the parser.
        let page = "<table><td>x".repeat(200);
        let (out, deep) = flatten_deep_nesting(&page, 30);
        assert!(deep);
        assert!(depth_of(&out) <= 30 + 16, "{}", depth_of(&out));
    }

    #[test]
    fn optgroups_outside_a_select_nest() {
        // Found by the `flatten` fuzz target (depth 20 at limit 2): outside a <select> the
        // parser does not let an <optgroup> close the open one.
        let page = "<optgroup><div>x".repeat(100);
        let (out, deep) = flatten_deep_nesting(&page, 8);
        assert!(deep);
        assert!(depth_of(&out) <= 8 + 16, "{}", depth_of(&out));
    }

    #[test]
    fn select_is_a_scope_boundary() {
        // Found by the `flatten` fuzz target (depth 34 at limit 16): a <ul> inside a <select>
        // does not close a <p> outside it.
        let page = "<p><select><option>a<span>".repeat(100);
        let (out, deep) = flatten_deep_nesting(&page, 16);
        assert!(deep);
        assert!(depth_of(&out) <= 16 + 16, "{}", depth_of(&out));
    }

    #[test]
    fn options_close_implied_ends_in_a_select() {
        // Found by the `flatten` fuzz target (depth 32 at limit 15): in a <select> an <option>
        // closes an open <li>, so the next <li> has none to close and nests.
        let page = format!("<select>{}", "<span><li>x<option>y".repeat(100));
        let (out, deep) = flatten_deep_nesting(&page, 15);
        assert!(deep);
        assert!(depth_of(&out) <= 15 + 16, "{}", depth_of(&out));
    }

    #[test]
    fn table_parts_count_in_a_template() {
        // Found by the `flatten` fuzz target (depth 34 at limit 16): in a <template> a <th>
        // is an element even without a <table>.
        let page = "<template><th>y<span>".repeat(100);
        let (out, deep) = flatten_deep_nesting(&page, 16);
        assert!(deep);
        assert!(depth_of(&out) <= 16 + 16, "{}", depth_of(&out));
    }

    #[test]
    fn template_contents_count_as_depth() {
        // Found by the `flatten` fuzz target (depth 51 at limit 32): a <template> is two levels
        // of the parsed tree, the element and its contents (a document fragment). Counted as
        // one, 1 000 nested templates parsed 68 deep at limit 32.
        for unit in [
            "<template>",
            "<div><template>",
            "<template><p><b id=k>",
            "<template><table><td>",
            "<b><template><i>",
            "<svg><template>",
        ] {
            let page = unit.repeat(1000) + "x";
            let (out, deep) = flatten_deep_nesting(&page, 32);
            assert!(deep, "{unit}");
            assert!(depth_of(&out) <= 32 + 8, "{unit}: {}", depth_of(&out));
        }
        // A short page of templates is no shortcut.
        let page = "<template>".repeat(20);
        let (out, deep) = flatten_deep_nesting(&page, 32);
        assert!(deep && depth_of(&out) <= 32 + 8, "{}", depth_of(&out));
    }

    #[test]
    fn script_escapes_are_followed() {
        // Found by the `flatten` fuzz target (depth 20 at limit 2): after `<!--` in a script,
        // a `<script>` makes the next `</script>` part of the text.
        let unit = "<script><!--<script></script><div><div></script>--></script><span>x";
        let page = unit.repeat(50);
        let (out, deep) = flatten_deep_nesting(&page, 2);
        assert!(deep);
        assert!(depth_of(&out) <= 2 + 16, "{}", depth_of(&out));
        let script_end = |b: &[u8], from| close_end(b, script_close(b, from), b"script");
        assert_eq!(script_end(b"a</script>b", 0), 10);
        assert_eq!(script_end(b"<!--<script></script>--></script>b", 0), 33);
        assert_eq!(script_end(b"<!-->x</script>b", 0), 15);
        assert_eq!(script_end(b"no end", 0), 6);
    }

    #[test]
    fn a_stray_lt_before_a_dropped_tag_stays_text() {
        // Found by the `flatten` fuzz target (depth 51 at limit 4): `<<i>X`, the <i> dropped
        // with nothing in its place, left `<X`, a new tag; here it swallows the `<title>` that
        // the pre-pass took for raw text to the end of the page, so nothing after it was cut.
        let page = format!(
            "{}<<i>X<g><title>{}",
            "<div>".repeat(10),
            "<div>".repeat(100)
        );
        let (out, deep) = flatten_deep_nesting(&page, 4);
        assert!(deep);
        assert!(out.contains("< X"), "{out}");
        assert!(depth_of(&out) <= 4 + 16, "{}", depth_of(&out));
    }

    #[test]
    fn comments_indentation_and_plain_styles_are_dropped() {
        let page = concat!(
            "<body>\n    <p style=\"color: red\">A <!-- note --> page long enough to be scanned: ",
            "short pages with few tags come back as they are. Short pages with few tags come back as ",
            "they are. Short pages with few tags come back as they are. Short pages with few tags ",
            "come back as they are. Short pages with few tags come back as they are. And more.",
            " Short pages with few tags come back as they are, and this one must not.</p>\n  \n  ",
            "<p style='display : NONE'",
            " style=x>h</p><pre>\n\n  code\n    more</pre><p>x<<!-- kept -->b &am<!---->p;</p>\n"
        );
        let (out, _) = prepare_html(page, 256);
        assert_eq!(
            out,
            concat!(
                "<body>\n<p >A  page long enough to be scanned: ",
                "short pages with few tags come back as they are. Short pages with few tags come back as ",
                "they are. Short pages with few tags come back as they are. Short pages with few tags ",
                "come back as they are. Short pages with few tags come back as they are. And more.",
                " Short pages with few tags come back as they are, and this one must not.</p>\n",
                "<p style='display : NONE'",
                " >h</p><pre>\n\n  code\nmore</pre><p>x<<!-- kept -->b &am<!---->p;</p>\n"
            )
        );
    }

    #[test]
    fn code_is_dropped_but_json_ld_kept() {
        let page = concat!(
            "<head><title>A page long enough to be scanned at all: short pages with few tags come ",
            "back as they are, as there is little to gain.</title><style>p { color: red }</style>",
            "<script type=\"application/LD+JSON\">{\"@type\": \"NewsArticle\"}</script>",
            "<script>var s = '</div><p>not text';</script><SCRIPT src=x></SCRIPT></head>",
            "<body class=page><p>Kept <b>text</b>.</p><script><!--<script></script>--></script>",
            "<div data-x=\"1\" class=\"c\" onclick='a>b' data-y ID=i Style=\"display: none\">",
            "<img src=x.png alt=\"y\"/><b data-k=1>b</b><a href=\"/x\" hidden>a</a></div><p>After.",
            "<svg><style>svg text</style></svg><textarea><b>typed</b></textarea>",
            "<svg viewBox=\"0 0 1 1\"><svg><path d=\"M0\"/></svg><text>icon</text></svg><p>x",
            "<svg><path/><p>broken out</p></svg><math><mi>x</mi></math><style>x"
        );
        let (out, deep) = prepare_html(page, 256);
        assert!(!deep);
        assert_eq!(
            out,
            concat!(
                "<head><title>A page long enough to be scanned at all: short pages with few tags come ",
                "back as they are, as there is little to gain.</title><style></style>",
                "<script type=\"application/LD+JSON\">{\"@type\": \"NewsArticle\"}</script>",
                "<script></script><SCRIPT src=x></SCRIPT></head>",
                "<body class=page><p>Kept <b>text</b>.</p><script></script>",
                "<div  class=\"c\"  ID=i Style=\"display: none\">",
                "<img /><b data-k=1>b</b><a  hidden>a</a></div><p>After.",
                "<svg></svg><textarea><b>typed</b></textarea>",
                "<svg ></svg><p>x",
                "<svg><path/><p>broken out</p></svg><math></math><style>"
            )
        );
        // With access markup, whose selectors may test any attribute, attributes stay.
        let marked = format!(
            "{}{}",
            r#"<script type="application/ld+json">{"isAccessibleForFree": false,
            "hasPart": {"cssSelector": "[data-gate]"}}</script><div data-gate=1>x</div>"#,
            "<p>Long enough.</p>".repeat(30)
        );
        assert!(prepare_html(&marked, 256).0.contains("<div data-gate=1>"));
        // The public flattening alone leaves code alone.
        assert_eq!(
            flatten_deep_nesting(page, 256),
            (Cow::Borrowed(page), false)
        );
        // Same blocks, with and without the code.
        let blocks = |html: &str| {
            crate::segment::segment_document(&crate::segment::parse(html))
                .into_iter()
                .map(|b| (b.text, b.path))
                .collect::<Vec<_>>()
        };
        assert_eq!(blocks(page), blocks(&out));
    }

    #[test]
    fn cut_str_keeps_characters_whole() {
        assert_eq!(cut_str("héllo", 2), ("h", true));
        assert_eq!(cut_str("héllo", 3), ("hé", true));
        assert_eq!(cut_str("hé", 10), ("hé", false));
    }
}
