//! The pre-pass's model of html5ever's tree builder: the stack of open elements and the list of
//! active formatting elements, as far as depth and re-opening go, and the byte ranges to cut.

use super::*;

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
pub(super) struct Cut {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) fill: Fill,
}

/// What a [`Cut`] leaves.
pub(super) enum Fill {
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

pub(super) struct Flattener {
    max_depth: usize,
    stack: Vec<Open>,
    active: Vec<Active>,
    /// Active formatting elements no longer open, other than `<a>`: the ones the parser re-opens.
    reopened: usize,
    /// A tag was dropped for being nested too deep.
    pub(super) deep: bool,
    /// Start tags dropped and not yet matched by an end tag, by name.
    dropped: HashMap<u64, usize>,
    /// Byte ranges to replace (mostly in order: see [`Flattener::pop`]).
    pub(super) cuts: Vec<Cut>,
    serials: u64,
    lower: Vec<u8>,
    /// Cut the text of `<script>` (not JSON-LD) and `<style>` elements and the contents of
    /// `<svg>` and `<math>` (see [`prepare_html`]).
    pub(super) drop_code: bool,
    /// The open outermost `<svg>`/`<math>`: its serial and where its contents start.
    foreign_root: Option<(u64, usize)>,
    /// Keep every attribute: the page's access markup names its gated parts by CSS selectors,
    /// which may test any attribute.
    pub(super) keep_attributes: bool,
    /// The attributes of the start tag at hand: where each name starts and ends, and where the
    /// attribute ends (with [`Flattener::drop_code`] only).
    spans: Vec<(usize, usize, usize)>,
    /// Where the text after the last `<pre>` or `<listing>` start tag starts.
    pre_text_at: usize,
    /// A `style` value without its whitespace (reused from tag to tag).
    style_buf: String,
}

impl Flattener {
    pub(super) fn new(max_depth: usize) -> Flattener {
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

    pub(super) fn scan(&mut self, bytes: &[u8]) {
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
                if bytes[lt + 2..].starts_with(b"[CDATA[")
                    && self.stack.last().is_some_and(|e| e.foreign)
                {
                    // In SVG/MathML a CDATA section is text up to `]]>` (or the end): no tag in
                    // it counts (`<svg><![CDATA[</svg>` leaves the SVG open).
                    match memchr::memmem::find(&bytes[lt + 9..], b"]]>") {
                        Some(e) => i = lt + 9 + e + 3,
                        None => break,
                    }
                } else if bytes[lt + 2..].starts_with(b"--") {
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
        // Inside `<pre>` the indentation is the text (`Block::pre_text` keeps it): looked up
        // once per run of text, and only when there is indentation to cut.
        let mut in_pre: Option<bool> = None;
        while let Some(nl) = memchr::memchr(b'\n', &bytes[p..to]).map(|k| p + k) {
            let mut e = nl + 1;
            while e < to && is_space(bytes[e]) {
                e += 1;
            }
            if e > nl + 1 && !(nl == from && from == self.pre_text_at) {
                let pre = *in_pre.get_or_insert_with(|| {
                    self.stack
                        .iter()
                        .any(|o| !o.foreign && (o.name == PRE || o.name == LISTING))
                });
                if pre {
                    return;
                }
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
            b"table" if self.in_table_mode(top) => {
                // In a table (not in a cell) a <table> closes the open one.
                top = self.table_scope_closed(top, &[TABLE]);
            }
            b"button" => {
                if let Some(at) = self.find_below(top, h, SCOPE) {
                    top = at;
                }
            }
            b"a" => adopt = self.active_after_marker(h),
            // A <nobr> runs the adoption agency only when a <nobr> is open in scope.
            b"nobr" if self.find_below(top, h, SCOPE).is_some() => {
                adopt = self.active_after_marker(h);
            }
            _ => {}
        }
        if k & HEADING != 0 && top > 0 && self.stack[top - 1].kind & HEADING != 0 {
            top -= 1;
        }
        // The adoption agency closes the previous <a>: see `close_formatting`.
        let mut adopted = adopt
            .and_then(|(_, serial)| self.stack[..top].iter().rposition(|e| e.serial == serial));
        // Unless it is out of scope (a table, cell, <template>... opened after it): then the
        // adoption agency stops at once and closes nothing. An <a> only leaves the stack and the
        // list, where it is, and the new one opens above the rest (`<a><table><x><a>` puts the
        // new link in the <x>, foster-parented before the table); a <nobr> stays on both.
        let out_of_scope =
            adopted.is_some_and(|s| self.stack[s + 1..top].iter().any(|e| e.kind & SCOPE != 0));
        if out_of_scope && h != A {
            (adopt, adopted) = (None, None);
        }
        let depth = match adopted {
            Some(_) if out_of_scope => top - 1,
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
        match adopted {
            Some(s) if out_of_scope => {
                self.stack.remove(s);
            }
            Some(s) => self.close_formatting(s),
            None => {}
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
                    // Links and images of the article's HTML and Markdown (`Block::anchors`,
                    // `Block::images`), on those elements only.
                    || name.eq_ignore_ascii_case(b"a") && attribute.eq_ignore_ascii_case(b"href")
                    // A `<meta>` description (`Block::description_share`).
                    || name.eq_ignore_ascii_case(b"meta")
                        && META_ATTRIBUTES
                            .iter()
                            .any(|n| attribute.eq_ignore_ascii_case(n))
                    // (The parser makes an `<image>` an `<img>`.)
                    || (name.eq_ignore_ascii_case(b"img") || name.eq_ignore_ascii_case(b"image"))
                        && IMAGE_ATTRIBUTES
                            .iter()
                            .any(|n| attribute.eq_ignore_ascii_case(n))
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
                    // can go (when a tag breaks out of it instead, they stay), unless an HTML
                    // formatting element opened in it is left on the active list: the parser
                    // re-opens that after the `</svg>`, around what follows
                    // (`<svg><title><a></title></svg>b` puts the `b` in a link).
                    let root = self
                        .foreign_root
                        .filter(|&(serial, from)| self.stack[at].serial == serial && lt > from);
                    self.pop_to(at);
                    if let Some((serial, from)) = root {
                        let left_open = self
                            .active
                            .iter()
                            .any(|a| matches!(a, Active::Element { serial: s, .. } if *s > serial));
                        if !left_open {
                            self.cut(from, lt);
                        }
                    }
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

    /// [`Flattener::find`] in the stack's first `top` elements. Only an HTML element matches:
    /// an SVG/MathML one of the same name is passed over (the parser compares namespaces too),
    /// so `<p><svg><foreignObject><x></foreignObject>` closes nothing. An SVG/MathML
    /// integration point bounds a scope, but is not "special" to html5ever (its set of special
    /// elements is HTML's alone): the search for an end tag's element (`stop` holding
    /// `SPECIAL`) goes past it, so `<x><svg><title></x>` closes the `<x>` and the SVG.
    fn find_below(&self, top: usize, name: u64, stop: u32) -> Option<usize> {
        for (i, e) in self.stack[..top].iter().enumerate().rev() {
            if e.foreign {
                if stop & SPECIAL == 0 && e.kind & stop != 0 {
                    return None;
                }
                continue;
            }
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

    /// Whether a tag above the stack's first `top` elements meets the parser in a table mode
    /// (in table, table body or row): the nearest table, row group, row, cell, caption or
    /// `<template>` below it is one of the first three. What the parser moves out of a table
    /// (`<table><b>`) stays on the stack above it, and the mode stays too.
    fn in_table_mode(&self, top: usize) -> bool {
        self.stack[..top]
            .iter()
            .rev()
            .find(|e| {
                !e.foreign
                    && (e.kind & TABLE_PART != 0
                        || matches!(e.name, TABLE | TD | TH | CAPTION | TEMPLATE))
            })
            .is_some_and(|e| e.name == TABLE || e.kind & TABLE_PART != 0)
    }

    fn table_scope_closed(&self, top: usize, names: &[u64]) -> usize {
        for i in (0..top).rev() {
            let e = self.stack[i];
            if names.contains(&e.name) && !e.foreign {
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
