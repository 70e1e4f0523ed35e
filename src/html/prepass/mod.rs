//! The pre-pass: one linear scan over the page's bytes before html5ever parses it.
//!
//! **Why it exists.** html5ever checks "is there an element of this kind in scope" by walking the
//! stack of open elements, so a page nested *n* deep costs it about *n*² steps: ~1 s for 10 000
//! nested `<div>`s, ~5 min for 100 000. A few other inputs cost the parser far more than their
//! size: a tag with 100 000 attributes (each new one is compared with all the others), and
//! unclosed formatting elements (`<b>`, `<font>`) that it re-opens in every following paragraph.
//! [`flatten_deep_nesting`] drops the start and end tags of elements nested deeper than the limit
//! (their text stays), and caps attributes and formatting elements, so the parser never meets
//! those costs.
//!
//! **What else it drops, and why that is safe.** The classify path runs it as [`prepare_html`],
//! which in the same scan drops what no block or feature reads: the text of `<script>` (except
//! JSON-LD, which the paywall verdict and the page's genre read) and `<style>`, the contents of
//! `<svg>` and `<math>`, the attributes the walk never looks at (`READ_ATTRIBUTES` lists those
//! it does), comments, and indentation after line feeds (outside `<pre>`). On wcxb-dev that is nearly three quarters
//! of the bytes, and parsing the rest takes about half the time. None of it reaches a block, so
//! the blocks come out the same.
//!
//! **How it is kept equal to the parser.** The scan follows the HTML tokenizer (comments, raw
//! text, quoted attribute values holding `>`, void and self-closing elements) and a simplified
//! tree builder (implied end tags, scopes, templates, foreign content, the list of active
//! formatting elements) closely enough that its idea of depth matches the parser's. Two checks
//! hold it there: the `prepare` fuzz target (`fuzz/`) compares the blocks of every generated page
//! with and without the pre-pass, and the test `the_pre_pass_keeps_every_block` replays what the
//! fuzzer found (`tests/fixtures/fuzz/`).
//!
//! Layout: this file holds the entry points and the tag scanner (byte classes, tag names, tag,
//! comment and raw-text ends); [`flattener`] models the parser's stacks and records the cuts.

use std::borrow::Cow;
use std::collections::HashMap;

mod flattener;
#[cfg(test)]
mod tests;

use flattener::{Fill, Flattener};

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
/// it may hide the element), comments, and the indentation after line feeds in text (outside
/// `<pre>`, whose line breaks [`Block::pre_text`](crate::Block::pre_text) keeps). On wcxb-dev
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
/// The attributes of `<img>` the walk reads for [`Block::images`](crate::Block::images) (an
/// `<a>` keeps its `href` for [`Block::anchors`](crate::Block::anchors)).
const IMAGE_ATTRIBUTES: [&[u8]; 5] = [
    b"src",
    b"alt",
    b"data-src",
    b"data-original",
    b"data-lazy-src",
];

/// The attributes of `<meta>` the walk reads for the page's description
/// ([`Block::description_share`](crate::Block::description_share)).
const META_ATTRIBUTES: [&[u8]; 3] = [b"name", b"property", b"content"];

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
const CAPTION: u64 = name_hash(b"caption");
const ADDRESS: u64 = name_hash(b"address");
const DIV: u64 = name_hash(b"div");
const A: u64 = name_hash(b"a");
const PRE: u64 = name_hash(b"pre");
const LISTING: u64 = name_hash(b"listing");
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
/// element as the walk reads it ([`crate::html::segment::style_hides`]; the quotes do not matter
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
    std::str::from_utf8(value).map_or(true, |v| crate::html::segment::style_hides(v, buf))
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
    crate::util::text::contains_ignore_ascii_case(tag, b"ld+json")
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
