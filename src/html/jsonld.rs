//! JSON-LD in the page: the `<script type="application/ld+json">` text, what it declares about
//! access (schema.org `isAccessibleForFree` and the `cssSelector`s of its gated parts), and the
//! article body it declares (`articleBody`).
//!
//! Read here, in the HTML layer, because the segmenter needs it before any block is classified:
//! blocks inside a declared gated part are flagged ([`Block::gated`](crate::Block::gated)), each
//! block is given the share of its word 3-grams the declared body holds
//! ([`Block::declared_share`](crate::Block::declared_share)), and the page's JSON-LD text is kept
//! for the forum test. The verdict that weighs the markup against the blocks lives in
//! [`crate::paywall`].

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use ego_tree::NodeId;
use scraper::{Html, Node};
use serde::Serialize;

/// Selectors of gated parts taken from one page, at most.
const MAX_SELECTORS: usize = 16;
/// Longer selectors are ignored (real ones are a class or two).
const MAX_SELECTOR_LEN: usize = 256;

/// What a page's JSON-LD says about access (schema.org `isAccessibleForFree`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Markup {
    /// `Some(false)` when any JSON-LD object says the page is not free, `Some(true)` when one
    /// says it is free and none says otherwise, `None` when no JSON-LD says either.
    pub accessible_for_free: Option<bool>,
    /// The `cssSelector`s of the parts marked not free (`hasPart`).
    pub gated_selectors: Vec<String>,
    /// The article's length in words as the page declares it: the words of its JSON-LD
    /// `articleBody`, else its `wordCount` (the longest one declared). A paywalled page often
    /// shows less than it declares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_words: Option<u32>,
}

/// Bytes of one JSON-LD script read, at most. A parsed JSON value takes tens of times the memory
/// of its text (16 MiB of `{"a":{}}` took 1.3 GB), and real scripts are far smaller: the
/// largest of all the datasets' pages has 841 KB.
pub(crate) const MAX_SCRIPT_BYTES: usize = 2 << 20;

/// The text of a JSON-LD `<script>` (its `type` holds `ld+json`, in any case); `None` for any
/// other node, and for a script of more than [`MAX_SCRIPT_BYTES`].
pub(crate) fn json_ld_text(node: ego_tree::NodeRef<'_, Node>) -> Option<String> {
    let Node::Element(el) = node.value() else {
        return None;
    };
    let json_ld = el.name() == "script"
        && el.attr("type").is_some_and(|t| {
            crate::util::text::contains_ignore_ascii_case(t.as_bytes(), b"ld+json")
        });
    let texts = || {
        node.children()
            .filter_map(|c| c.value().as_text().map(|t| &**t))
    };
    (json_ld && texts().map(str::len).sum::<usize>() <= MAX_SCRIPT_BYTES).then(|| texts().collect())
}

/// A page's JSON-LD scripts, each parsed once for all its readers. The page's metadata reads
/// the scripts from the page's source ([`JsonLd::parse`] keeps each value); the access markup,
/// the declared body and the forum test read them from the parsed document
/// ([`JsonLd::read`]), where a script's text is mostly the same: that text is not parsed again.
/// A text found only there (the parser turns `\r\n` into `\n`; the pre-pass drops SVG) is
/// parsed as before, so every reader gets what its own parse would give.
/// (At most [`MAX_KEPT`] scripts are kept: each reading looks through them, and a page of
/// thousands of tiny scripts must not make that quadratic.)
#[derive(Default)]
pub(crate) struct JsonLd<'a> {
    scripts: Vec<(&'a str, Option<serde_json::Value>)>,
    /// The value of a script past [`MAX_KEPT`], not kept.
    spare: Option<serde_json::Value>,
}

/// JSON-LD scripts of one page kept for their readers, at most (real pages have a handful).
const MAX_KEPT: usize = 64;

impl<'a> JsonLd<'a> {
    /// Parses one script's text ([`parse`]) and keeps the value for later readers.
    pub(crate) fn parse(&mut self, text: &'a str) -> Option<&serde_json::Value> {
        if self.scripts.len() >= MAX_KEPT {
            self.spare = parse(text);
            return self.spare.as_ref();
        }
        self.scripts.push((text, parse(text)));
        self.scripts.last().and_then(|(_, v)| v.as_ref())
    }

    /// `f` of the value of a script whose text is `text`: kept by [`JsonLd::parse`], or parsed
    /// now. `None` when the text does not parse.
    pub(crate) fn read<R>(&self, text: &str, f: impl FnOnce(&serde_json::Value) -> R) -> Option<R> {
        match self.scripts.iter().find(|(t, _)| *t == text) {
            Some((_, value)) => value.as_ref().map(f),
            None => parse(text).as_ref().map(f),
        }
    }
}

/// What [`markup`] reads from a page's JSON-LD.
#[derive(Default)]
pub(crate) struct Read {
    /// The access markup.
    pub(crate) markup: Markup,
    /// The elements that the markup's gated selectors name.
    pub(crate) gated: HashSet<NodeId>,
    /// The article body the page declares, when it has at least [`DECLARED_MIN_WORDS`] words.
    pub(crate) body: Option<DeclaredBody>,
}

/// Reads the JSON-LD access markup of a parsed page, the elements its selectors name and the
/// article body it declares (scripts parsed already are taken from `json_ld`). Costs nothing on
/// pages that never mention `isAccessibleForFree`, `articleBody` or `wordCount`.
pub(crate) fn markup(html: &str, doc: &Html, json_ld: &JsonLd<'_>) -> Read {
    let mut read = Read::default();
    let mentions = |needle: &[u8]| memchr::memmem::find(html.as_bytes(), needle).is_some();
    if !mentions(b"isAccessibleForFree") && !mentions(b"articleBody") && !mentions(b"wordCount") {
        return read;
    }
    let mut body = DeclaredBody::default();
    for node in doc.tree.nodes() {
        let Some(text) = json_ld_text(node) else {
            continue;
        };
        json_ld.read(&text, |value| visit(value, &mut read.markup, &mut body, 0));
    }
    for s in &read.markup.gated_selectors {
        if let Ok(sel) = scraper::Selector::parse(s) {
            read.gated.extend(doc.select(&sel).map(|e| e.id()));
        }
    }
    read.body = (body.longest >= DECLARED_MIN_WORDS).then_some(body);
    read
}

/// Levels of JSON-LD walked, at most, by every reader of it (real pages nest a handful).
pub(crate) const MAX_DEPTH: usize = 24;

/// One JSON-LD script's text read as pages write it: the one lenient reading that the access
/// markup, the declared body, the forum test ([`crate::segment`]) and the page's metadata all
/// use (`docs/metadata.md`, "Robustness and cost"):
/// - HTML comment and CDATA wrappers are removed, bare or in a JavaScript comment (`<!-- -->`,
///   `<![CDATA[ ]]>`, `//<![CDATA[ //]]>`, `/*<![CDATA[*/ /*]]>*/`);
/// - raw control characters, which JSON forbids in strings and pages write (line breaks,
///   tabs), are read as spaces;
/// - HTML character references in strings (`&amp;`, `&#8217;`, `&uuml;`) are decoded (once:
///   `&amp;uuml;` becomes `&uuml;`).
///
/// `None` for a script over [`MAX_SCRIPT_BYTES`] and for JSON that still does not parse.
pub(crate) fn parse(text: &str) -> Option<serde_json::Value> {
    if text.len() > MAX_SCRIPT_BYTES {
        return None;
    }
    let t = unwrap(text);
    let mut value = serde_json::from_str(t).ok().or_else(|| {
        let spaced: String = t
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&spaced).ok()
    })?;
    decode_strings(&mut value);
    Some(value)
}

/// A script's text without the comment and CDATA wrappers some CMSs put around it (Drupal: 4
/// of the 22 readability pages that mention `articleBody`); JSON neither starts with `<` or `/`
/// nor ends with `>`, so nothing else is taken.
fn unwrap(text: &str) -> &str {
    let mut t = text.trim();
    for _ in 0..2 {
        for wrapper in ["<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["] {
            t = t.strip_prefix(wrapper).unwrap_or(t).trim_start();
        }
        for wrapper in ["//-->", "-->", "//]]>", "/*]]>*/", "]]>"] {
            t = t.strip_suffix(wrapper).unwrap_or(t).trim_end();
        }
    }
    t
}

/// Decodes the character references of the strings in `v` (its keys are left alone). The
/// recursion is bounded: `serde_json` parses at most 128 levels.
fn decode_strings(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            if let std::borrow::Cow::Owned(d) = crate::util::markup::decode_entities(s) {
                *s = d;
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(decode_strings),
        serde_json::Value::Object(o) => o.values_mut().for_each(decode_strings),
        _ => {}
    }
}

/// Fewest words of a declared `articleBody` that the blocks are measured against: shorter ones
/// are mostly a teaser, a slideshow's introduction or a blog post's summary, and the article
/// goes on past them (a fundus training page declares the 65-word introduction of a 20-part
/// slideshow).
pub(crate) const DECLARED_MIN_WORDS: usize = 200;
/// Words of the declared bodies read, at most (a 16 MiB page could declare millions).
const DECLARED_MAX_WORDS: usize = 100_000;

/// The article body a page declares in its JSON-LD (`articleBody`), as a set of hashed word
/// 1-, 2- and 3-grams (lower-cased `\w+` words), so that each block can be asked which share of
/// its own n-grams the body holds ([`DeclaredBody::shares`]). Most news pages declare the body
/// the site's own parser extracts: a reader comment, a teaser or a caption beside it is not in
/// it, however long and prose-like.
#[derive(Default)]
pub(crate) struct DeclaredBody {
    grams: HashSet<u64, BuildHasherDefault<crate::util::fasthash::FastHasher>>,
    /// Words read from all bodies.
    words: usize,
    /// Words of the longest body.
    longest: usize,
}

/// The hash of a lower-cased word (FNV-1a over its lower-cased UTF-8 bytes).
fn word_hash(w: &str) -> u64 {
    use crate::util::fasthash::fnv1a;
    if w.is_ascii() {
        fnv1a(w.bytes().map(|b| b.to_ascii_lowercase()))
    } else {
        fnv1a(w.chars().flat_map(char::to_lowercase).flat_map(|c| {
            let mut buf = [0u8; 4];
            let n = c.len_utf8();
            c.encode_utf8(&mut buf);
            buf.into_iter().take(n)
        }))
    }
}

/// The key of an n-gram: the key of its first `n - 1` words (`prev`) combined with its last
/// word's hash (`next`).
fn gram(prev: u64, next: u64, n: u64) -> u64 {
    ((prev.rotate_left(23) ^ next).wrapping_mul(0x9e37_79b9_7f4a_7c15)) ^ n
}

/// The 1-, 2- and 3-gram keys of the first `max` of `text`'s words, in order: `(n, key)`.
fn grams(text: &str, max: usize, mut each: impl FnMut(u64, u64)) {
    let (mut a, mut b) = (0u64, 0u64); // the two words before, hashed
    for (n, w) in crate::util::text::words(text).take(max).enumerate() {
        let h = word_hash(w);
        each(1, h);
        if n >= 1 {
            each(2, gram(b, h, 2));
        }
        if n >= 2 {
            each(3, gram(gram(a, b, 2), h, 3));
        }
        (a, b) = (b, h);
    }
}

impl DeclaredBody {
    /// Adds one declared body (markup inside it, which some sites leave, is skipped: see
    /// [`strip_tags`](crate::util::markup::strip_tags); a body without a `>` has none); returns
    /// its words.
    pub(crate) fn add(&mut self, body: &str) -> usize {
        let stripped;
        let body = if body.contains('<') && body.contains('>') {
            stripped = crate::util::markup::strip_tags(body);
            stripped.as_str()
        } else {
            body
        };
        let all = crate::util::text::word_count(body);
        if self.words >= DECLARED_MAX_WORDS {
            return all;
        }
        let (set, max) = (&mut self.grams, DECLARED_MAX_WORDS - self.words);
        let mut words = 0;
        grams(body, max, |n, k| {
            if n == 1 {
                words += 1;
            }
            set.insert(k ^ (n << 62));
        });
        self.words += words;
        self.longest = self.longest.max(words);
        all
    }

    /// Whether no words were added.
    pub(crate) fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// For each of `bodies`, the share of `text`'s word 3-grams that the body holds (of its
    /// 2-grams or its word for a block of two words or one; 0 for a block without words, or for
    /// `None`). The words are tokenised and hashed once for all bodies: a page's description and
    /// its declared body ask of every block.
    pub(crate) fn shares<const N: usize>(text: &str, bodies: [Option<&Self>; N]) -> [f32; N] {
        let mut out = [0.0; N];
        if bodies.iter().all(Option::is_none) {
            return out;
        }
        // Only the n-grams of that size are looked up (a block's words are hashed once either way).
        let n = crate::util::text::words(text).take(3).count() as u64;
        if n == 0 {
            return out;
        }
        let (mut total, mut hits) = (0u32, [0u32; N]);
        grams(text, usize::MAX, |m, k| {
            if m == n {
                total += 1;
                let key = k ^ (n << 62);
                for (hit, body) in hits.iter_mut().zip(&bodies) {
                    *hit += u32::from(body.is_some_and(|b| b.grams.contains(&key)));
                }
            }
        });
        for (share, hit) in out.iter_mut().zip(hits) {
            *share = hit as f32 / total as f32;
        }
        out
    }
}

fn truthy(v: &serde_json::Value) -> Option<bool> {
    match v {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn visit(v: &serde_json::Value, found: &mut Markup, declared: &mut DeclaredBody, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| visit(x, found, declared, depth + 1)),
        serde_json::Value::Object(o) => {
            let body = o
                .get("articleBody")
                .and_then(|b| b.as_str())
                .map(|b| declared.add(b) as u64);
            let count = o.get("wordCount").and_then(|c| match c {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            });
            if let Some(n) = body.or(count).filter(|&n| n > 0) {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                found.declared_words = Some(found.declared_words.map_or(n, |d| d.max(n)));
            }
            if let Some(free) = o.get("isAccessibleForFree").and_then(truthy) {
                if !free {
                    found.accessible_for_free = Some(false);
                    let selectors = match o.get("cssSelector") {
                        Some(serde_json::Value::String(s)) => vec![s.clone()],
                        Some(serde_json::Value::Array(a)) => a
                            .iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect(),
                        _ => Vec::new(),
                    };
                    for s in selectors {
                        if s.len() <= MAX_SELECTOR_LEN
                            && found.gated_selectors.len() < MAX_SELECTORS
                            && !found.gated_selectors.contains(&s)
                        {
                            found.gated_selectors.push(s);
                        }
                    }
                } else if found.accessible_for_free.is_none() {
                    found.accessible_for_free = Some(true);
                }
            }
            o.values()
                .for_each(|x| visit(x, found, declared, depth + 1));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl DeclaredBody {
        /// [`DeclaredBody::shares`] for one body.
        fn share(&self, text: &str) -> f32 {
            Self::shares(text, [Some(self)])[0]
        }
    }

    fn body(text: &str) -> DeclaredBody {
        let mut b = DeclaredBody::default();
        b.add(text);
        b
    }

    #[test]
    fn share_counts_word_trigrams_case_folded() {
        let b = body("The council voted on Tuesday to build a new bridge over the river.");
        assert_eq!(b.longest, 13);
        assert_eq!(b.share("the COUNCIL voted, on tuesday"), 1.0);
        // "voted on Tuesday" is held; "on Tuesday again" and "Tuesday again, the" are not.
        assert_eq!(b.share("voted on Tuesday again, the"), 1.0 / 3.0);
        assert_eq!(b.share("new bridge"), 1.0);
        assert_eq!(b.share("bridge new"), 0.0);
        assert_eq!(b.share("River"), 1.0);
        assert_eq!(b.share("ÜBER"), 0.0);
        assert_eq!(b.share("…"), 0.0);
        assert_eq!(b.share(""), 0.0);
        assert_eq!(body("Straße über die Brücke").share("STRASSE"), 0.0);
        assert_eq!(body("Über die Brücke").share("über DIE brücke"), 1.0);
    }

    #[test]
    fn tags_in_a_body_are_skipped_and_bodies_are_capped() {
        let b = body("<p>One two three</p><p class=x>four five</p>");
        assert_eq!(b.longest, 5);
        assert_eq!(b.share("two three four"), 1.0);
        let long = "word ".repeat(DECLARED_MAX_WORDS + 10);
        let mut b = body(&long);
        assert_eq!(b.words, DECLARED_MAX_WORDS);
        b.add("other text here");
        assert_eq!(b.share("other text here"), 0.0);
    }

    #[test]
    fn comment_and_cdata_wrappers_are_stripped() {
        for t in [
            "{}",
            "\n  <![CDATA[\n {} \n ]]>\n",
            "//<![CDATA[\n{}\n//]]>",
            "/*<![CDATA[*/{}/*]]>*/",
            "<!--\n{}\n-->",
            "<!-- {} //-->",
            "<!--//<![CDATA[\n{}\n//]]>-->",
        ] {
            assert_eq!(unwrap(t), "{}", "{t:?}");
        }
        assert_eq!(unwrap("<![CDATA["), "");
        assert_eq!(unwrap("{\"a\": \"<![CDATA[\"}"), "{\"a\": \"<![CDATA[\"}");
    }

    #[test]
    fn json_ld_is_read_leniently() {
        // One reading for every reader: the access markup of a script in a comment, with a
        // raw line break in a string, was lost to the strict parse the metadata did not use
        // (wcxb-dev 0574's forum markup, too).
        let v = parse(
            "<!--\n{\"isAccessibleForFree\": \"False\", \"a\": \"x\ny\ttab &amp; \
                       &#8217;&uuml;&amp;uuml;\"}\n-->",
        )
        .unwrap();
        assert_eq!(v["isAccessibleForFree"], "False");
        assert_eq!(v["a"], "x y tab & ’ü&uuml;");
        assert!(parse("{\"a\": }").is_none());
        assert!(parse(&" ".repeat(MAX_SCRIPT_BYTES + 1)).is_none());
        let html = "<script type=application/ld+json><!--\n{\"@type\":\"NewsArticle\",\
                    \"isAccessibleForFree\":false,\n\"headline\":\"a\nb\"}\n--></script><p>x</p>";
        let doc = crate::html::segment::parse(html);
        assert_eq!(
            markup(html, &doc, &JsonLd::default())
                .markup
                .accessible_for_free,
            Some(false)
        );
    }

    #[test]
    fn a_script_parsed_for_the_metadata_is_not_parsed_again() {
        // The value kept for a text is the one read for that text (this one planted, to tell
        // it from a new parse); any other text is parsed.
        let kept = r#"{"isAccessibleForFree": true}"#;
        let mut json_ld = JsonLd::default();
        assert_eq!(json_ld.parse(kept).unwrap()["isAccessibleForFree"], true);
        json_ld.scripts[0].1 = Some(serde_json::json!({"isAccessibleForFree": false}));
        let free = |v: &serde_json::Value| v["isAccessibleForFree"].as_bool();
        assert_eq!(json_ld.read(kept, free), Some(Some(false)));
        assert_eq!(json_ld.read(&format!(" {kept}"), free), Some(Some(true)));
        assert_eq!(json_ld.read("{", free), None);
        // Past the kept ones, a script is parsed (and still read right).
        let many: Vec<String> = (0..MAX_KEPT + 5)
            .map(|i| format!(r#"{{"isAccessibleForFree": {}}}"#, i % 2 == 0))
            .collect();
        let mut json_ld = JsonLd::default();
        for (i, t) in many.iter().enumerate() {
            assert_eq!(json_ld.parse(t).map(free), Some(Some(i % 2 == 0)));
        }
        assert_eq!(json_ld.scripts.len(), MAX_KEPT);
        assert_eq!(json_ld.read(&many[MAX_KEPT + 2], free), Some(Some(true)));
        assert_eq!(json_ld.read(&many[MAX_KEPT + 3], free), Some(Some(false)));
        // Through a page: the document's text is the source's, unless the source has `\r\n`
        // (the parser reads a `\n`): then the document's is parsed anew.
        for eol in ["\n", "\r\n"] {
            let html = format!(
                "<script type=application/ld+json>{{{eol}\"isAccessibleForFree\": \"False\"}}\
                 </script><p>x</p>"
            );
            let doc = crate::html::segment::parse(&html);
            let mut json_ld = JsonLd::default();
            let source = &html[html.find('{').unwrap()..html.find("</script>").unwrap()];
            json_ld.parse(source);
            json_ld.scripts[0].1 = Some(serde_json::json!({"isAccessibleForFree": true}));
            let read = markup(&html, &doc, &json_ld).markup.accessible_for_free;
            assert_eq!(read, Some(eol == "\n"), "{eol:?}");
        }
    }

    #[test]
    fn the_declared_body_is_read_as_a_browser_reads_it() {
        // A stray `<` is text (wcxb-dev 0415, code with `a < b`: the words after it were lost
        // up to the next `>`), tags are not words (`declared_words` counted `p`, `strong`...),
        // and character references are decoded (`&amp;` was the word "amp").
        let code = "if a < b then swap them, else keep going &amp; <strong>stop</strong>";
        let b = body(code);
        assert_eq!(b.share("b then swap"), 1.0);
        let page = format!(
            "<script type=application/ld+json>{{\"articleBody\": \"<p>{}</p>\"}}</script><p>x</p>",
            code.repeat(25)
        );
        let doc = crate::html::segment::parse(&page);
        let read = markup(&page, &doc, &JsonLd::default());
        // 10 words a time ("amp" and "strong" twice are not: 13 before).
        assert_eq!(read.markup.declared_words, Some(25 * 10));
        let body = read.body.unwrap();
        assert_eq!(body.share("keep going stop"), 1.0);
        assert_eq!(body.share("going amp strong"), 0.0);
    }

    #[test]
    fn a_script_over_the_size_limit_is_not_read() {
        // Objects up to the limit, then the access markup: read at the limit, not past it.
        let page = |bytes: usize| {
            let tail = r#"{"isAccessibleForFree":false}]"#;
            let objects = "{},".repeat((bytes - 1 - tail.len()) / 3);
            let pad = " ".repeat(bytes - 1 - tail.len() - objects.len());
            let json = format!("[{objects}{pad}{tail}");
            assert_eq!(json.len(), bytes);
            format!(r#"<script type="application/ld+json">{json}</script><p>x</p>"#)
        };
        for (bytes, read) in [(MAX_SCRIPT_BYTES, true), (MAX_SCRIPT_BYTES + 1, false)] {
            let html = page(bytes);
            let doc = crate::html::segment::parse(&html);
            let free = markup(&html, &doc, &JsonLd::default())
                .markup
                .accessible_for_free;
            assert_eq!(free, read.then_some(false), "{bytes}");
        }
    }

    #[test]
    fn markup_reads_the_declared_body_only_when_long_enough() {
        let page = |body: &str| {
            format!(
                r#"<script type="application/ld+json">[{{"@graph":[{{"articleBody":{body}}}]}}]</script><p>x</p>"#
            )
        };
        let words = |n: usize| format!("\"{}\"", "word ".repeat(n));
        for (body, declared) in [
            (words(DECLARED_MIN_WORDS), true),
            (words(DECLARED_MIN_WORDS - 1), false),
            ("42".to_string(), false),
            ("null".to_string(), false),
        ] {
            let html = page(&body);
            let doc = crate::html::segment::parse(&html);
            let read = markup(&html, &doc, &JsonLd::default());
            assert_eq!(read.body.is_some(), declared, "{body}");
        }
    }
}
