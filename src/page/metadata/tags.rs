//! The metadata scan's tag reader: one pass over the raw page from `<` to `<`, reading only the
//! tags that carry metadata, with attributes parsed in place as the HTML tokenizer reads them,
//! comments and raw text skipped, and character references decoded only for the values read.

use super::*;

/// Elements whose content the tokenizer reads as raw text up to their end tag (`<title>` too,
/// outside SVG).
const RAW_TEXT: [&[u8]; 7] = [
    b"script",
    b"style",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
];

/// The page's metadata tags, as a small document: the first `<html>` start tag, `<title>`,
/// `<meta>`, `<link rel=canonical>`, publication `<time>`s and byline elements, in page order;
/// and the texts of its JSON-LD `<script>`s. Comments, other scripts, styles and other raw text
/// are skipped as the HTML tokenizer skips them.
pub(super) fn collect_tags(html: &str) -> (Vec<Tag<'_>>, Vec<&str>) {
    let b = html.as_bytes();
    let mut found: Vec<Tag<'_>> = Vec::new();
    let mut json_ld = Vec::new();
    let mut html_tag = false;
    let mut have_title = false;
    let mut svg_depth = 0usize;
    let mut tags = 0usize;
    let mut json_bytes = 0usize;
    let mut bylines = 0usize;
    // Where the page says `uthor` or `yline` (see [`byline_marks`]), found in one pass: most
    // pages say it a few times, and a tag is a byline candidate only when one lies inside it.
    let marks = byline_marks(b);
    let mut next_mark = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        i = at + 1;
        let rest = &b[at + 1..];
        if rest.starts_with(b"!--") {
            i = memchr::memmem::find(&rest[3..], b"-->").map_or(b.len(), |e| at + 4 + e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &b[name_start..name_start + name_len];
        let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
        if closing {
            if is(b"svg") {
                svg_depth = svg_depth.saturating_sub(1);
            }
            continue;
        }
        // Most tags are none of those read here: their extent (up to the first `>`, quotes not
        // minded) is only searched for a byline's marks, and the scan goes on after their name.
        let name_end = name_start + name_len;
        while marks.get(next_mark).is_some_and(|&p| p < at) {
            next_mark += 1;
        }
        // The tag's end is looked for only when a mark lies near (a start tag of more than
        // MAX_BYLINE_BYTES is no byline's).
        let byline = bylines < MAX_BYLINES
            && marks.get(next_mark).is_some_and(|&p| {
                p < at + MAX_BYLINE_BYTES
                    && memchr::memchr(b'>', &b[name_end..]).map_or(b.len(), |e| name_end + e + 1)
                        > p
            });
        let raw = RAW_TEXT.iter().any(|t| is(t));
        let named = raw
            || is(b"meta")
            || is(b"link")
            || is(b"html")
            || is(b"time")
            || is(b"svg")
            || is(b"title");
        if !named && !byline {
            i = name_end;
            continue;
        }
        let end = tag_end(b, name_end);
        let raw_text = raw || (is(b"title") && svg_depth == 0);
        if is(b"svg") && !(end >= 2 && b[end - 2] == b'/') {
            svg_depth += 1;
        }
        let tag = &b[at..end];
        let wanted = tags < MAX_TAGS
            && (is(b"meta")
                || (is(b"link") && has_ci(tag, b"canonical"))
                || (is(b"html") && !html_tag)
                || (is(b"time")
                    && has_ci(tag, b"datetime")
                    && (has_ci(tag, b"publish") || has_ci(tag, b"pubdate"))));
        if wanted {
            tags += 1;
            html_tag |= is(b"html");
            found.push(Tag::new(&html[at..end], name_len, ""));
        }
        if byline && !raw_text {
            // The element's source, to its end tag, when it is short: a byline, not a box.
            if let Some(close) = element_end(b, end, name) {
                bylines += 1;
                found.push(Tag::new(&html[at..end], name_len, &html[end..close]));
            }
        }
        if !raw_text {
            i = end;
            continue;
        }
        // Raw text runs to the first end tag of the same name.
        let body_end = raw_text_end(b, end, name);
        let close_end = if body_end < b.len() {
            tag_end(b, body_end + 2 + name_len)
        } else {
            b.len()
        };
        if is(b"title") && !have_title {
            have_title = true;
            found.push(Tag::new(&html[at..end], name_len, &html[end..body_end]));
        } else if is(b"script")
            && has_ci(&b[at..end], b"ld+json")
            && json_bytes + (body_end - end) <= MAX_JSON_LD_BYTES
        {
            json_bytes += body_end - end;
            json_ld.push(&html[end..body_end]);
        }
        i = close_end;
    }
    (found, json_ld)
}

/// One metadata tag of the page as the scan found it: its name, attributes and (for `<title>`
/// and byline elements) the source up to its end tag.
pub(super) struct Tag<'a> {
    pub(super) name: &'a str,
    /// Names and values as written (character references not yet decoded), in source order.
    pub(super) attrs: Vec<(&'a str, &'a str)>,
    pub(super) inner: &'a str,
}

impl<'a> Tag<'a> {
    /// Reads the start tag `source` (`<name attr=value ...>`, perhaps cut at the page's end)
    /// whose name is `name_len` bytes long, as the HTML tokenizer reads attributes: values
    /// quoted or not, names without values, the first of two equal names counts.
    pub(super) fn new(source: &'a str, name_len: usize, inner: &'a str) -> Tag<'a> {
        let b = source.as_bytes();
        let mut attrs = Vec::new();
        let mut i = (1 + name_len).min(b.len());
        let skip_ws = |i: &mut usize| {
            while *i < b.len() && b[*i].is_ascii_whitespace() {
                *i += 1;
            }
        };
        loop {
            skip_ws(&mut i);
            while i < b.len() && b[i] == b'/' {
                i += 1;
                skip_ws(&mut i);
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let start = i;
            i += 1; // a name may start with `=`
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let attr = &source[start..i];
            skip_ws(&mut i);
            let mut value = "";
            if i < b.len() && b[i] == b'=' {
                i += 1;
                skip_ws(&mut i);
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let close = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                    value = &source[i + 1..close];
                    i = (close + 1).min(b.len());
                } else {
                    let from = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = &source[from..i];
                }
            }
            attrs.push((attr, value));
        }
        Tag {
            name: &source[1..(1 + name_len).min(source.len())],
            attrs,
            inner,
        }
    }

    /// The value of the first attribute named `name` (any case), character references
    /// decoded (only for the attributes read: a page's other values may be long).
    pub(super) fn attr(&self, name: &str) -> Option<std::borrow::Cow<'a, str>> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| decode_entities(v))
    }
}

/// Whether `hay` contains `needle` (lower-case ASCII), ignoring ASCII case: candidates found
/// by `memchr` on the needle's first letter in either case.
pub(super) fn has_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).any(|at| {
        hay.get(at + 1..at + 1 + rest.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// Elements marked as bylines copied from one page, at most.
pub(super) const MAX_BYLINES: usize = 16;
/// Bytes of source a byline element may span (a name, a link, a few tags).
pub(super) const MAX_BYLINE_BYTES: usize = 600;

/// The positions in the page where a byline may be marked (`author`, `Author`, `byline`,
/// `Byline`: the rarer tail of each word, case-sensitive, as class names are rarely upper case),
/// in order. [`byline_element`] decides for the tags that hold one.
pub(super) fn byline_marks(page: &[u8]) -> Vec<usize> {
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 2]> = OnceLock::new();
    let [uthor, yline] = FINDERS.get_or_init(|| {
        [
            memchr::memmem::Finder::new(b"uthor"),
            memchr::memmem::Finder::new(b"yline"),
        ]
    });
    let mut marks: Vec<usize> = uthor.find_iter(page).chain(yline.find_iter(page)).collect();
    marks.sort_unstable();
    marks
}

/// Whether an element is marked as a byline: a `class`, `id`, `itemprop` or `rel` token naming
/// `author` or `byline` (but not a comment's author, a picture or a label), or a link to an
/// author page.
pub(super) fn byline_element(el: &Tag<'_>) -> bool {
    const NOT: &[&str] = &[
        "comment", "avatar", "img", "image", "photo", "pic", "bio", "title", "label", "date",
        "time", "desc", "follow", "social", "share", "more", "list", "login", "sign", "account",
        "menu", "nav",
    ];
    let marked = |v: &str| {
        v.split_ascii_whitespace().any(|t| {
            let t = t.to_ascii_lowercase();
            (t.contains("author") || t.contains("byline")) && !NOT.iter().any(|n| t.contains(n))
        })
    };
    ["class", "id", "itemprop", "rel"]
        .iter()
        .any(|a| el.attr(a).is_some_and(|v| marked(&v)))
        || (el.name.eq_ignore_ascii_case("a")
            && el.attr("href").is_some_and(|h| h.contains("/author")))
}

/// The index just past the end tag of the element of `name` whose content starts at `from`
/// (elements of the same name inside it counted), within [`MAX_BYLINE_BYTES`].
pub(super) fn element_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let limit = (from + MAX_BYLINE_BYTES).min(b.len());
    let mut depth = 0usize;
    let mut i = from;
    while let Some(off) = memchr::memchr(b'<', &b[i..limit]) {
        let at = i + off;
        let closing = b.get(at + 1) == Some(&b'/');
        let n = b
            .get(at + 1 + usize::from(closing)..limit)
            .unwrap_or_default();
        let same = n.len() > name.len()
            && n[..name.len()].eq_ignore_ascii_case(name)
            && !n[name.len()].is_ascii_alphanumeric();
        if same && closing {
            if depth == 0 {
                return Some(tag_end(b, at + 2 + name.len()).min(b.len()));
            }
            depth -= 1;
        } else if same {
            depth += 1;
        }
        i = at + 1;
    }
    None
}

/// The index just past the `>` that ends the tag whose attributes start at `from` (quoted
/// attribute values may hold `>`); the page's end when there is none. Jumps from `>` or quote
/// to the next with `memchr3`: this runs for every start tag of the page.
pub(super) fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from.min(b.len());
    while let Some(off) = memchr::memchr3(b'>', b'"', b'\'', &b[i..]) {
        let at = i + off;
        if b[at] == b'>' {
            return at + 1;
        }
        // A quote opens a value only right after `=` (spaces allowed between).
        let after_eq = b[from.min(at)..at]
            .iter()
            .rev()
            .find(|c| !c.is_ascii_whitespace())
            == Some(&b'=');
        i = if after_eq {
            memchr::memchr(b[at], &b[at + 1..]).map_or(b.len(), |e| at + 1 + e + 1)
        } else {
            at + 1
        };
    }
    b.len()
}

/// The index of the `</name` that ends raw text starting at `from`; the page's end when none.
pub(super) fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(off) = memchr::memmem::find(&b[i.min(b.len())..], b"</") {
        let at = i + off;
        let n = &b[at + 2..];
        if n.len() >= name.len()
            && n[..name.len()].eq_ignore_ascii_case(name)
            && n.get(name.len())
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        {
            return at;
        }
        i = at + 2;
    }
    b.len()
}

/// A `<meta>` key as compared: lower-cased letters and digits only, so that
/// `article:published_time`, `article:published:time` and `article.published-time` are one key.
pub(super) fn meta_key(k: &str) -> String {
    k.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whitespace folded and trimmed; `None` when empty or longer than [`MAX_VALUE_CHARS`].
pub(super) fn clean(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    (!out.is_empty() && out.chars().count() <= MAX_VALUE_CHARS).then_some(out)
}
