//! The article's title and the metadata people expect with its text: authors, publication date,
//! site name, language and canonical URL.
//!
//! Two readings, combined once the blocks are classified:
//! - **markup** ([`read_markup`]): one pass over the raw page (`memchr` from `<` to `<`) reads
//!   the tags that carry metadata (`<html lang>`, `<title>`, `<meta>`, `<link rel=canonical>`,
//!   `<time>`s marked as the publication's, byline elements, JSON-LD `<script>`s), attributes
//!   parsed in place as the HTML tokenizer reads them; comments and raw text (scripts, styles)
//!   are skipped. The pre-pass that feeds the block walk drops most `<meta>` attributes, so the
//!   blocks' document cannot serve; and parsing even the few tags read with html5ever cost more
//!   than the rest of this reading (`benches/metadata.rs` measures it).
//! - **blocks**: the article's own `h1`, the one nearest the content blocks.
//!
//! Sources and their priority are listed in `docs/metadata.md`. No site rules: site names are
//! stripped from titles by comparing the title's parts with the site names the page gives.

mod tags;

use tags::*;

use crate::html::jsonld::JsonLd;
use crate::util::markup::{decode_entities, strip_tags};

use std::sync::OnceLock;

use serde::Serialize;

use super::ClassifiedBlock;

/// What a page says about its article: title, authors, date, site, language, canonical URL.
///
/// Every field is what the page itself gives (its JSON-LD, `<meta>` tags, `<title>`, `<html
/// lang>`, `<link rel=canonical>` and the article's `h1`); nothing is guessed from the URL or
/// the text. A field the page does not give is `None` (or empty). See
/// [`Page::metadata`](crate::Page::metadata); `docs/metadata.md` lists the sources of each
/// field in priority order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Metadata {
    /// The article's title, without the site name that `<title>` and `og:title` often add
    /// (`"Headline | Site"`, `"Site: Headline"`), whitespace folded.
    pub title: Option<String>,
    /// The authors' names, in the page's order, without a leading "By"; organisations named as
    /// authors count (news agencies are). Profile URLs and `@handles` are left out.
    pub authors: Vec<String>,
    /// The publication date as the page gives it (e.g. `2024-05-03T15:47:42+02:00`).
    pub published: Option<String>,
    /// [`published`](Metadata::published) as `YYYY-MM-DD`, when it can be read (ISO 8601,
    /// `20240503`, `03.05.2024`, `May 3, 2024`, `3 May 2024`, RFC 2822). The day is the one
    /// written, in the page's own time zone.
    pub published_date: Option<String>,
    /// The site's or publisher's name (`og:site_name`, JSON-LD `publisher`, ...).
    pub site_name: Option<String>,
    /// The page's language tag as given (`en`, `de-DE`, `pt_BR` becomes `pt-BR`).
    pub language: Option<String>,
    /// The page's canonical URL (`<link rel=canonical>`, `og:url`, JSON-LD `url`).
    pub canonical_url: Option<String>,
}

/// Bytes of JSON-LD read from one page, at most (real pages have a few KiB; a hostile page
/// must not make this reading cost more than the parse).
const MAX_JSON_LD_BYTES: usize = 2 << 20;
/// Metadata tags copied from one page, at most.
const MAX_TAGS: usize = 2_000;
/// Longer values are not titles, names or dates.
const MAX_VALUE_CHARS: usize = 1_000;
/// How deep JSON-LD is walked (as by the HTML layer's readers of it).
const MAX_JSON_DEPTH: usize = crate::html::jsonld::MAX_DEPTH;

/// What a page's markup says about its article, before its blocks are classified.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MetaTags {
    /// The first `<title>` outside `<svg>`.
    title_tag: Option<String>,
    /// `<meta>` keys (`property`, `name` or `itemprop`, as [`meta_key`] folds them) and
    /// `content`s, in page order.
    meta: Vec<(String, String)>,
    html_lang: Option<String>,
    canonical: Option<String>,
    /// The names in the first byline element that gives any (see [`byline_element`]).
    byline: Vec<String>,
    /// The `datetime` of the first `<time>` marked as the publication's.
    time_published: Option<String>,
    /// The schema.org objects of the page's JSON-LD that describe a page, an article or a site.
    entities: Vec<Entity>,
}

/// One schema.org object of the JSON-LD.
#[derive(Debug, Clone, Default, PartialEq)]
struct Entity {
    rank: Rank,
    headline: Option<String>,
    name: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
    url: Option<String>,
}

/// What a JSON-LD object describes, from least to most telling about the article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// Any other type (a `Person`, a `BreadcrumbList`...): read only for `@id` references.
    #[default]
    Other,
    /// `Organization`, `NewsMediaOrganization`...: its name may be the site's.
    Organization,
    /// `WebSite`: its name is the site's.
    WebSite,
    /// `WebPage` and its kinds.
    WebPage,
    /// `Article`, `NewsArticle`, `BlogPosting` and the other kinds of article.
    Article,
}

fn rank_of(t: &str) -> Rank {
    let t = t.trim();
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    let is = |s: &str| t.eq_ignore_ascii_case(s);
    // Byte suffixes, taken only at a character boundary: a type may end in any character
    // (`"ÿÿÿÿ"` split one in two).
    let ends = |s: &str| {
        t.len()
            .checked_sub(s.len())
            .and_then(|k| t.get(k..))
            .is_some_and(|end| end.eq_ignore_ascii_case(s))
    };
    if ends("Article")
        || is("BlogPosting")
        || is("LiveBlogPosting")
        || is("SocialMediaPosting")
        || is("Report")
        || is("Review")
    {
        Rank::Article
    } else if ends("Page") {
        Rank::WebPage
    } else if is("WebSite") {
        Rank::WebSite
    } else if ends("Organization") || is("Corporation") || is("NewsMediaOrganization") {
        Rank::Organization
    } else {
        Rank::Other
    }
}

/// Reads the metadata tags of a raw page (see the module docs). Costs one `memchr` pass over
/// the page, the parse of the tags it copies, and the JSON-LD's, whose values are kept in
/// `parsed` for the block walk's readers of it.
pub(crate) fn read_markup<'a>(html: &'a str, parsed: &mut JsonLd<'a>) -> MetaTags {
    let (tags, json_ld) = collect_tags(html);
    let mut m = MetaTags::default();
    let mut ids: Vec<(String, String)> = Vec::new();
    // JSON-LD straight from the page's source: script text is raw, as the parser would give it
    // (`jsonld::json_ld_text` reads it from a parsed document; parsing for that cost more than
    // the rest of this reading), and read the same lenient way (`jsonld::parse`).
    for text in json_ld {
        if let Some(value) = parsed.parse(text) {
            visit(value, &mut m.entities, &mut ids, 0);
        }
    }
    for tag in &tags {
        let is = |n: &str| tag.name.eq_ignore_ascii_case(n);
        if is("html") {
            if m.html_lang.is_none() {
                m.html_lang = tag
                    .attr("lang")
                    .or_else(|| tag.attr("xml:lang"))
                    .and_then(|v| clean(&v));
            }
        } else if is("title") {
            if m.title_tag.is_none() {
                m.title_tag = clean(&decode_entities(tag.inner));
            }
        } else if is("meta") {
            let key = tag
                .attr("property")
                .or_else(|| tag.attr("name"))
                .or_else(|| tag.attr("itemprop"))
                .or_else(|| tag.attr("http-equiv"));
            // Pages that escape twice (`&amp;uuml;`) leave a reference after the first decoding.
            let value = tag
                .attr("content")
                .and_then(|v| clean(&decode_entities(&v)));
            if let (Some(k), Some(v)) = (key, value) {
                m.meta.push((meta_key(&k), v));
            }
        } else if is("time") {
            // A `<time>` that says it is the publication's: `pubdate`, `itemprop` or a class
            // naming it (`published`, `publish-date`, `entry-date published`).
            let published = tag.attr("pubdate").is_some()
                || tag
                    .attr("itemprop")
                    .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                || tag
                    .attr("class")
                    .is_some_and(|c| has_ci(c.as_bytes(), b"publish"));
            if published && m.time_published.is_none() {
                m.time_published = tag.attr("datetime").and_then(|v| clean(&v));
            }
        } else if is("link") {
            let canonical = tag.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            });
            if canonical && m.canonical.is_none() {
                m.canonical = tag.attr("href").and_then(|v| clean(&v));
            }
        } else if m.byline.is_empty() && byline_element(tag) {
            if let Some(text) = clean(&decode_entities(&strip_tags(tag.inner))) {
                if text.split_whitespace().count() <= 12
                    && !text.chars().any(|c| c.is_ascii_digit())
                {
                    m.byline = split_names(&text);
                }
            }
        }
    }
    // Authors and publishers given as `{"@id": ...}` references to another object.
    for e in &mut m.entities {
        for a in &mut e.authors {
            if let Some(id) = a.strip_prefix('\u{0}') {
                *a = ids
                    .iter()
                    .find(|(i, _)| i == id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
            }
        }
        e.authors.retain(|a| !a.is_empty());
        if let Some(id) = e.publisher.as_deref().and_then(|p| p.strip_prefix('\u{0}')) {
            e.publisher = ids.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone());
        }
    }
    m
}

fn json_str(v: &serde_json::Value) -> Option<String> {
    match v {
        // Character references are decoded already (`jsonld::parse`).
        serde_json::Value::String(s) => clean(s),
        serde_json::Value::Array(a) => a.iter().find_map(json_str),
        serde_json::Value::Object(o) => o.get("@value").and_then(json_str),
        _ => None,
    }
}

/// The names in an `author` or `creator` value: a string, an object with a `name`, a reference
/// (`{"@id": ...}`, kept as `\0` + id until the objects are all read), or an array of these.
fn names(v: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        serde_json::Value::String(s) => out.extend(clean(s)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| names(x, out, depth + 1)),
        serde_json::Value::Object(o) => {
            if let Some(n) = o.get("name").and_then(json_str) {
                out.push(n);
            } else if let Some(n) = o
                .get("givenName")
                .and_then(json_str)
                .zip(o.get("familyName").and_then(json_str))
            {
                out.push(format!("{} {}", n.0, n.1));
            } else if let Some(id) = o.get("@id").and_then(|i| i.as_str()) {
                out.push(format!("\u{0}{id}"));
            }
        }
        _ => {}
    }
}

fn visit(
    v: &serde_json::Value,
    out: &mut Vec<Entity>,
    ids: &mut Vec<(String, String)>,
    depth: usize,
) {
    if depth > MAX_JSON_DEPTH {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| visit(x, out, ids, depth + 1)),
        serde_json::Value::Object(o) => {
            if let (Some(id), Some(name)) = (
                o.get("@id").and_then(|i| i.as_str()),
                o.get("name").and_then(json_str),
            ) {
                ids.push((id.to_string(), name));
            }
            let rank = match o.get("@type") {
                Some(serde_json::Value::String(s)) => rank_of(s),
                Some(serde_json::Value::Array(a)) => a
                    .iter()
                    .filter_map(|s| s.as_str())
                    .map(rank_of)
                    .max()
                    .unwrap_or_default(),
                _ => Rank::Other,
            };
            if rank > Rank::Other {
                let mut authors = Vec::new();
                if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                    names(a, &mut authors, 0);
                }
                let mut publisher = Vec::new();
                if let Some(p) = o.get("publisher") {
                    names(p, &mut publisher, 0);
                }
                out.push(Entity {
                    rank,
                    headline: o.get("headline").and_then(json_str),
                    name: o.get("name").and_then(json_str),
                    authors,
                    published: o
                        .get("datePublished")
                        .or_else(|| o.get("dateCreated"))
                        .and_then(json_str),
                    publisher: publisher.into_iter().next(),
                    language: o
                        .get("inLanguage")
                        .and_then(|l| json_str(l).or_else(|| l.get("name").and_then(json_str))),
                    url: o
                        .get("url")
                        .and_then(json_str)
                        .filter(|u| u.contains("://")),
                });
            }
            // Nested objects: `@graph`, `mainEntity`, `isPartOf`, `publisher`, `itemListElement`...
            for (k, x) in o {
                if matches!(
                    x,
                    serde_json::Value::Object(_) | serde_json::Value::Array(_)
                ) && k != "author"
                    && k != "creator"
                {
                    visit(x, out, ids, depth + 1);
                }
            }
        }
        _ => {}
    }
}

impl MetaTags {
    /// The first `content` of the first of `keys` the page has.
    fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            let k = meta_key(k);
            self.meta
                .iter()
                .find(|(mk, _)| *mk == k)
                .map(|(_, v)| v.as_str())
        })
    }

    /// Every `content` of `key`, in page order.
    fn meta_all<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a str> + 'a {
        let key = meta_key(key);
        self.meta
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The best entity of at least `rank` having `field`.
    fn entity<'a, T>(&'a self, rank: Rank, field: impl Fn(&'a Entity) -> Option<T>) -> Option<T> {
        let mut best: Option<(Rank, T)> = None;
        for e in self.entities.iter().filter(|e| e.rank >= rank) {
            if best.as_ref().is_some_and(|(r, _)| *r >= e.rank) {
                continue;
            }
            if let Some(v) = field(e) {
                best = Some((e.rank, v));
            }
        }
        best.map(|(_, v)| v)
    }
}

/// Combines a page's markup and its classified blocks into its [`Metadata`].
pub(crate) fn metadata(m: &MetaTags, blocks: &[ClassifiedBlock]) -> Metadata {
    let canonical_url = m
        .canonical
        .clone()
        .or_else(|| m.meta(&["og:url"]).map(str::to_string))
        .or_else(|| m.entity(Rank::WebPage, |e| e.url.clone()));
    let site_name = m
        .meta(&["og:site_name"])
        .map(str::to_string)
        .or_else(|| {
            m.entity(Rank::WebSite, |e| {
                (e.rank == Rank::WebSite).then(|| e.name.clone())?
            })
        })
        .or_else(|| m.entity(Rank::WebPage, |e| e.publisher.clone()))
        .or_else(|| {
            m.meta(&["application-name", "al:ios:app_name", "twitter:site"])
                .filter(|s| !s.starts_with('@'))
                .map(str::to_string)
        })
        .or_else(|| {
            m.entity(Rank::Organization, |e| {
                (e.rank == Rank::Organization).then(|| e.name.clone())?
            })
        });
    let mut sites: Vec<&str> = Vec::new();
    sites.extend(m.meta(&["og:site_name"]));
    sites.extend(m.meta(&[
        "application-name",
        "al:ios:app_name",
        "apple-mobile-web-app-title",
    ]));
    sites.extend(
        m.entities
            .iter()
            .filter(|e| matches!(e.rank, Rank::WebSite | Rank::Organization))
            .filter_map(|e| e.name.as_deref()),
    );
    sites.extend(m.entities.iter().filter_map(|e| e.publisher.as_deref()));
    let host = canonical_url.as_deref().and_then(host_of);
    let site = SiteNames::new(&sites, host.as_deref());
    let title = title(m, blocks, &site);
    let language = m
        .html_lang
        .clone()
        .or_else(|| {
            m.meta(&["content-language", "og:locale", "language"])
                .map(str::to_string)
        })
        .or_else(|| m.entity(Rank::WebPage, |e| e.language.clone()))
        .map(|l| l.replace('_', "-"));
    let published = m
        .entity(Rank::Article, |e| e.published.clone())
        .or_else(|| {
            m.meta(&[
                "article:published_time",
                "og:article:published_time",
                "og:published_time",
                "published_time",
                "article:published",
                "datepublished",
                "article.published",
                "publishdate",
                "publish-date",
                "pubdate",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dcterms.created",
                "dc.date",
                "date",
                "citation_publication_date",
            ])
            .map(str::to_string)
        })
        .or_else(|| m.entity(Rank::WebPage, |e| e.published.clone()))
        .or_else(|| m.time_published.clone());
    let published_date = published.as_deref().and_then(normalise_date);
    Metadata {
        title,
        authors: authors(m),
        published,
        published_date,
        site_name,
        language,
        canonical_url,
    }
}

/// The authors: from the article's JSON-LD, else the first author `<meta>` that gives a name,
/// else a page's JSON-LD. Names that are URLs, e-mail addresses, `@handles` or parenthesised
/// notes are no names; one string naming several people ("A and B", "A, B") is split.
fn authors(m: &MetaTags) -> Vec<String> {
    let mut sources: Vec<Vec<String>> = Vec::new();
    sources.extend(m.entity(Rank::Article, |e| {
        (!e.authors.is_empty()).then(|| e.authors.clone())
    }));
    for key in [
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "byl",
    ] {
        sources.push(m.meta_all(key).map(str::to_string).collect());
    }
    sources.extend(m.entity(Rank::WebPage, |e| {
        (!e.authors.is_empty()).then(|| e.authors.clone())
    }));
    sources.push(m.byline.clone());
    for raw in sources {
        let mut out: Vec<String> = Vec::new();
        for a in raw.iter().flat_map(|a| split_names(a)) {
            if !out.iter().any(|o| o.to_lowercase() == a.to_lowercase()) {
                out.push(a);
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    Vec::new()
}

/// The names in one author string: without "By" and parenthesised notes (`"Ann Lee (al)"`),
/// split at commas, semicolons and "and"/"&" when every part looks like a full name (two to
/// five words: `"Lee, Ann"` stays one name); none when it is no name.
fn split_names(a: &str) -> Vec<String> {
    let a = strip_by(a);
    let a = match a.find(" (") {
        Some(p) if a.ends_with(')') => a[..p].trim(),
        _ => a,
    };
    let no_name = a.is_empty()
        || a.starts_with('(')
        || a.contains("://")
        || a.starts_with("www.")
        || a.starts_with('@')
        || (a.contains('@') && !a.contains(' '));
    if no_name {
        return Vec::new();
    }
    let parts: Vec<&str> = a
        .split([',', ';', '&', '|'])
        .flat_map(|p| {
            // "and" in the languages of the test sets' bylines.
            p.split(" and ")
                .flat_map(|p| p.split(" und "))
                .flat_map(|p| p.split(" et "))
                .flat_map(|p| p.split(" y "))
                .flat_map(|p| p.split(" e "))
                .flat_map(|p| p.split(" og "))
                .flat_map(|p| p.split(" och "))
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let full_name = |p: &&str| (2..=5).contains(&p.split_whitespace().count());
    if parts.len() > 1 && parts.iter().all(full_name) {
        parts.into_iter().map(str::to_string).collect()
    } else {
        vec![a.to_string()]
    }
}

/// An author's name without a leading "By" (or its word in a few other languages) and colon.
fn strip_by(a: &str) -> &str {
    let a = a.trim();
    for p in [
        "By", "by", "BY", "Von", "von", "Par", "par", "Por", "por", "Door", "door", "Av", "Af",
    ] {
        if let Some(r) = a.strip_prefix(p) {
            if r.starts_with([' ', ':']) {
                return r.trim_start_matches([' ', ':']).trim();
            }
        }
    }
    a
}

/// The host of a URL without `www.`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The names a page gives its site, to strip from titles, folded ([`fold`]).
struct SiteNames {
    names: Vec<String>,
    /// The canonical URL's host without `www.`, folded, and its labels of three or more
    /// characters, folded.
    host: Vec<String>,
}

/// Lower-cased letters and digits only: "The Verge" and "theverge" fold alike.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl SiteNames {
    fn new(names: &[&str], host: Option<&str>) -> SiteNames {
        let mut folded_host = Vec::new();
        if let Some(h) = host {
            folded_host.push(fold(h));
            folded_host.extend(h.split('.').filter(|l| l.len() >= 3).map(fold));
        }
        SiteNames {
            names: names
                .iter()
                .map(|n| fold(n))
                .filter(|n| !n.is_empty())
                .collect(),
            host: folded_host,
        }
    }

    /// Whether a part of a title names the site.
    fn names(&self, part: &str) -> bool {
        let p = fold(part);
        !p.is_empty() && (self.names.contains(&p) || self.host.contains(&p))
    }
}

/// Separators between a title and a site name. The full-width bar (Chinese and Japanese
/// pages) and the Hangul letter `ㅣ` (Korean pages write it as a bar) stand between parts
/// without spaces; neither occurs inside words (Korean words are written in syllable blocks).
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", " » ", " « ", " ~ ", " ‹ ", " › ",
    "｜", "ㅣ",
];

/// `title` without site names before or after a separator (`"Headline | Site"`,
/// `"Site - Headline"`, `"Site: Headline"`), repeatedly.
fn strip_site(title: &str, site: &SiteNames) -> String {
    let mut t = title.trim();
    for _ in 0..3 {
        let mut changed = false;
        for sep in SEPARATORS {
            if let Some((head, tail)) = t.rsplit_once(sep) {
                if site.names(tail) && !head.trim().is_empty() {
                    t = head.trim();
                    changed = true;
                    break;
                }
            }
            if let Some((head, tail)) = t.split_once(sep) {
                if site.names(head) && !tail.trim().is_empty() {
                    t = tail.trim();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            if let Some((head, tail)) = t.split_once(": ") {
                if site.names(head) && !tail.trim().is_empty() {
                    t = tail.trim();
                    continue;
                }
            }
            break;
        }
    }
    t.to_string()
}

/// Whether two titles are the same after folding.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && a == b
}

/// The article's own `h1`: of the blocks inside an `h1`, the one nearest a content block
/// (the earlier on a tie); the first when nothing is content.
fn article_h1(blocks: &[ClassifiedBlock]) -> Option<String> {
    let content: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_content())
        .map(|(i, _)| i)
        .collect();
    let mut best: Option<(usize, usize)> = None;
    for (i, b) in blocks.iter().enumerate() {
        // Only the tag `h1` has "h1" in its name: a substring test finds it in the path.
        let in_h1 = b.block.tag == "h1" || b.block.path.contains("h1");
        if !in_h1 || b.block.text.trim().is_empty() || b.block.text.chars().count() > 400 {
            continue;
        }
        let distance = match content.binary_search(&i) {
            Ok(_) => 0,
            Err(k) => {
                let before = k.checked_sub(1).map(|k| i - content[k]);
                let after = content.get(k).map(|&c| c - i);
                before.into_iter().chain(after).min().unwrap_or(0)
            }
        };
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((i, distance));
        }
    }
    // Documentation pages end headings with a permalink sign.
    best.and_then(|(i, _)| clean(blocks[i].block.text.trim_end_matches(['¶', '#', '🔗', '§'])))
}

/// The part of `whole` cut at a separator that says what `part` says, in `whole`'s own
/// wording: its head (`"part | more"`), or with `tail` its tail too (`"more - part"`).
fn part_of<'a>(part: &str, whole: &'a str, tail: bool) -> Option<&'a str> {
    SEPARATORS.iter().find_map(|sep| {
        whole.match_indices(sep).find_map(|(at, _)| {
            let (head, rest) = (whole[..at].trim(), whole[at + sep.len()..].trim());
            if same(head, part) {
                Some(head)
            } else if tail && same(rest, part) {
                Some(rest)
            } else {
                None
            }
        })
    })
}

/// The title: the first the page has of the article's JSON-LD `headline` (or `name`),
/// `og:title`, `twitter:title`, Dublin Core's `dc.title` (or `dcterms.title`,
/// `citation_title`), a page's JSON-LD `headline` or `name`, `<title>` and the article's `h1`,
/// without the site name. When it holds another of these as a part cut at a separator
/// (`"Headline | Section"`, `"Headline - Author"`, `"Kicker - Headline"` beside an `og:title`
/// that says only `"Headline"`), that part, in its own wording, is the title: what the page adds
/// to the headline in one source and not in another is no part of it, even when no site name
/// reveals it. (Voting for the candidate that most sources agree on matched fewer of fundus'
/// and readability's training titles: their gold follows one source, often against the rest.)
fn title(m: &MetaTags, blocks: &[ClassifiedBlock], site: &SiteNames) -> Option<String> {
    let mut candidates: Vec<String> = Vec::new();
    candidates.extend(m.entity(Rank::Article, |e| {
        e.headline.clone().or_else(|| e.name.clone())
    }));
    candidates.extend(m.meta(&["og:title"]).map(str::to_string));
    candidates.extend(m.meta(&["twitter:title"]).map(str::to_string));
    candidates.extend(
        m.meta(&["dc.title", "dcterms.title", "citation_title"])
            .map(str::to_string),
    );
    candidates.extend(m.entity(Rank::WebPage, |e| {
        (e.rank == Rank::WebPage).then(|| e.headline.clone().or_else(|| e.name.clone()))?
    }));
    candidates.extend(m.title_tag.clone());
    let meta_sources = candidates.len();
    candidates.extend(article_h1(blocks));
    // (candidate, whether it is the h1)
    let candidates: Vec<(String, bool)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (strip_site(c, site), i >= meta_sources))
        .filter(|(c, _)| !c.is_empty())
        .collect();
    let (first, _) = candidates.first()?;
    // The h1 only as the head: an h1 that is the tail (`"Headline « Blog Name"`) is as often
    // the site's logo, the only h1 of a page whose headline is an h2, as the headline after a
    // section (`"Section » Headline"`); a metadata source is the headline's.
    let part = candidates[1..]
        .iter()
        .find_map(|(c, is_h1)| part_of(c, first, !is_h1));
    Some(part.unwrap_or(first).to_string())
}

/// A date as `YYYY-MM-DD`: ISO 8601 (`2024-05-03`, `2024/05/03`, `20240503`), `03.05.2024`,
/// English month names (`May 3, 2024`, `3 May 2024`, `Fri, 03 May 2024 ...`).
pub(crate) fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = |y: u32, m: u32, d: u32| {
        ((1900..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let digits: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let b = s.as_bytes();
    // ISO: four digits first.
    if b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) {
        if b[4].is_ascii_digit() && b[..8].iter().all(u8::is_ascii_digit) {
            let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
            return ok(n(0..4)?, n(4..6)?, n(6..8)?);
        }
        if matches!(b[4], b'-' | b'/' | b'.') && digits.len() >= 3 {
            return ok(
                digits[0].parse().ok()?,
                digits[1].parse().ok()?,
                digits[2].parse().ok()?,
            );
        }
    }
    // Day first with dots: 03.05.2024.
    if digits.len() >= 3
        && digits[2].len() == 4
        && s.contains('.')
        && !s.chars().any(char::is_alphabetic)
    {
        return ok(
            digits[2].parse().ok()?,
            digits[1].parse().ok()?,
            digits[0].parse().ok()?,
        );
    }
    // English month names.
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let month = words.iter().find_map(|w| {
        (w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| MONTHS.iter().position(|m| w.starts_with(m)))?
    })?;
    let year = words
        .iter()
        .find(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))?;
    let day = words
        .iter()
        .find(|w| (1..=2).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit()))
        .or_else(|| {
            // "3rd", "21st"
            words.iter().find(|w| {
                let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                (1..=2).contains(&d.len())
                    && d.chars().all(|c| c.is_ascii_digit())
                    && matches!(&w[d.len()..], "st" | "nd" | "rd" | "th")
            })
        })?;
    let day = day.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    ok(year.parse().ok()?, month as u32 + 1, day.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for (s, want) in [
            ("2024-05-03T15:47:42+02:00", Some("2024-05-03")),
            ("2024/5/3", Some("2024-05-03")),
            ("20240503", Some("2024-05-03")),
            ("03.05.2024 10:00", Some("2024-05-03")),
            ("May 3, 2024", Some("2024-05-03")),
            ("3 May 2024", Some("2024-05-03")),
            ("Fri, 03 May 2024 10:00:00 GMT", Some("2024-05-03")),
            ("September 21st, 2023", Some("2023-09-21")),
            ("yesterday", None),
            ("2024-13-40", None),
            ("", None),
        ] {
            assert_eq!(normalise_date(s).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn site_names_are_stripped() {
        let site = SiteNames::new(&["Example News"], Some("example-news.com"));
        assert_eq!(
            strip_site("Bridge approved | Example News", &site),
            "Bridge approved"
        );
        assert_eq!(
            strip_site("Example News - Bridge approved", &site),
            "Bridge approved"
        );
        assert_eq!(
            strip_site("Example News: Bridge approved", &site),
            "Bridge approved"
        );
        assert_eq!(
            strip_site("Bridge approved - Politics - examplenews", &site),
            "Bridge approved - Politics"
        );
        assert_eq!(strip_site("Bridge - approved", &site), "Bridge - approved");
        assert_eq!(strip_site("Example News", &site), "Example News");
    }

    #[test]
    fn types_rank_by_their_ending_whatever_their_characters() {
        for (t, want) in [
            ("NewsArticle", Rank::Article),
            ("https://schema.org/ReportageNewsArticle", Rank::Article),
            ("schema:CollectionPage", Rank::WebPage),
            ("NewsMediaOrganization", Rank::Organization),
            // Found by the `classify_bytes` fuzz target: a byte suffix inside a character.
            ("ÿÿÿÿ", Rank::Other),
            ("ÿÿÿÿÿÿÿÿ", Rank::Other),
            ("éArticle", Rank::Article),
            ("Artiçle", Rank::Other),
            ("ÿ", Rank::Other),
            ("", Rank::Other),
        ] {
            assert_eq!(rank_of(t), want, "{t:?}");
        }
        let html =
            "<script type=application/ld+json>{\"@type\":\"ÿÿÿÿ\",\"headline\":\"x\"}</script>";
        let _ = metadata(&read_markup(html, &mut JsonLd::default()), &[]);
    }

    fn title_of(html: &str) -> Option<String> {
        metadata(&read_markup(html, &mut JsonLd::default()), &[]).title
    }

    #[test]
    fn a_title_holding_another_sources_title_as_a_part_is_cut_to_it() {
        // A section after the JSON-LD headline that no site name reveals; og:title says only
        // the headline.
        let ld = "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\
            \"headline\":\"Ferry service resumes | Local\"}</script>\
            <meta property=og:title content=\"Ferry service resumes\">";
        assert_eq!(title_of(ld).as_deref(), Some("Ferry service resumes"));
        // A kicker before the headline, and a date after it; the part may be any source's.
        let kicker = "<meta property=og:title content=\"Harbour works - Ferry service resumes\">\
            <title>Ferry service resumes</title>";
        assert_eq!(title_of(kicker).as_deref(), Some("Ferry service resumes"));
        let dated =
            "<meta property=og:title content=\"Ferry service resumes | Coast | 28.04.2023\">\
            <meta name=twitter:title content=\"Ferry service resumes \">";
        assert_eq!(title_of(dated).as_deref(), Some("Ferry service resumes"));
        // No other source gives a part: the separator is the title's own.
        let own = "<meta property=og:title content=\"Covid - the new rules\">\
            <title>Covid: the new rules</title>";
        assert_eq!(title_of(own).as_deref(), Some("Covid - the new rules"));
        // A longer source does not lengthen the first one.
        let longer = "<meta property=og:title content=\"Ferry service resumes\">\
            <title>Ferry service resumes - Harbour works</title>";
        assert_eq!(title_of(longer).as_deref(), Some("Ferry service resumes"));
    }

    #[test]
    fn dublin_core_title_comes_before_the_title_tag() {
        let html = "<meta name=\"DC.Title\" content=\"Tidal gauges\">\
            <title>draft-tides-04 - Tidal gauges</title>";
        assert_eq!(title_of(html).as_deref(), Some("Tidal gauges"));
        let html = "<meta name=\"dcterms.title\" content=\"Tidal gauges\"><title>Tides</title>";
        assert_eq!(title_of(html).as_deref(), Some("Tidal gauges"));
    }

    #[test]
    fn full_width_and_hangul_bars_separate_site_names() {
        let site = SiteNames::new(&["日刊サンプル", "샘플일보"], None);
        assert_eq!(
            strip_site("港の新しい橋が開通｜日刊サンプル", &site),
            "港の新しい橋が開通"
        );
        assert_eq!(strip_site("새 다리 개통ㅣ샘플일보", &site), "새 다리 개통");
        // Hangul syllables are not the bar letter: a name ending in 이 stays whole.
        assert_eq!(strip_site("새 다리 개통이", &site), "새 다리 개통이");
    }

    #[test]
    fn json_ld_is_read_up_to_the_page_limit() {
        // A script that would take the page's JSON-LD past the limit is skipped, not read whole;
        // a later one that fits is still read.
        let script = |bytes: usize, headline: &str| {
            let json = format!(r#"{{"@type":"NewsArticle","headline":"{headline}"}}"#);
            let pad = " ".repeat(bytes - json.len());
            format!("<script type=application/ld+json>{pad}{json}</script>")
        };
        let html = [
            script(MAX_JSON_LD_BYTES / 2, "A"),
            script(MAX_JSON_LD_BYTES / 2 + 1, "B"),
            script(MAX_JSON_LD_BYTES / 2, "C"),
        ]
        .concat();
        let (_, json_ld) = collect_tags(&html);
        assert_eq!(json_ld.len(), 2);
        let total: usize = json_ld.iter().map(|j| j.len()).sum();
        assert_eq!(total, MAX_JSON_LD_BYTES);
        let m = read_markup(&html, &mut JsonLd::default());
        let headlines: Vec<_> = m.entities.iter().map(|e| e.headline.as_deref()).collect();
        assert_eq!(headlines, [Some("A"), Some("C")]);
    }

    #[test]
    fn tags_are_found_and_raw_text_skipped() {
        let html = "<!doctype html><html lang='de'><head><!-- <meta name=x content=y> -->\
            <script>var s = '<meta name=\"author\" content=\"No\">';</script>\
            <title>A &amp; B</title><meta property='og:title' content='Q > R'>\
            <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\"}</script>\
            </head><body><svg><title>icon</title></svg></body></html>";
        let m = read_markup(html, &mut JsonLd::default());
        assert_eq!(m.html_lang.as_deref(), Some("de"));
        assert_eq!(m.title_tag.as_deref(), Some("A & B"));
        assert_eq!(m.meta, vec![("ogtitle".to_string(), "Q > R".to_string())]);
        assert_eq!(m.entities[0].headline.as_deref(), Some("H"));
    }

    /// Every prefix of a page full of edge cases reads without a panic (cut tags, quotes,
    /// comments, raw text, bylines, multi-byte characters at every cut).
    #[test]
    fn every_prefix_reads() {
        let html = "<html lang=\"é\"><title>Tïtle &amp; — x</title><!-- c --><meta name='a' \
            content=\"b>c\"><script type=application/ld+json><![CDATA[{\"@type\":\"Article\",\
            \"headline\":\"Hé\",\"author\":{\"@id\":\"#p\"}}]]></script><script>x='</scr'</script>\
            <span class=\"author-name\">Ann <b>Lee</b></span><a rel=author href=/author/x>Bö Z</a>\
            <time class=published datetime=2024-01-02>x</time><svg/><svg><title>i</title></svg>\
            <div class=byline><div>By Ann Lee</div></div><textarea><meta name=x content=y></textarea>&#";
        for cut in 0..=html.len() {
            if html.is_char_boundary(cut) {
                let m = read_markup(&html[..cut], &mut JsonLd::default());
                let _ = metadata(&m, &[]);
            }
        }
        let m = read_markup(html, &mut JsonLd::default());
        assert_eq!(m.byline, vec!["Ann Lee".to_string()]);
        assert_eq!(m.time_published.as_deref(), Some("2024-01-02"));
        assert_eq!(m.entities[0].headline.as_deref(), Some("Hé"));
        assert!(
            !m.meta.iter().any(|(k, _)| k == "x"),
            "textarea content is text"
        );
    }

    #[test]
    fn names_are_split_and_cleaned() {
        let names = |s: &str| split_names(s);
        assert_eq!(
            names("By Ann Lee and Bo Zhang"),
            vec!["Ann Lee", "Bo Zhang"]
        );
        assert_eq!(
            names("Von Eva Maria Berg, Jan Novak"),
            vec!["Eva Maria Berg", "Jan Novak"]
        );
        assert_eq!(names("Lee, Ann"), vec!["Lee, Ann"]);
        assert_eq!(names("Ann Lee (al)"), vec!["Ann Lee"]);
        assert!(names("(Image: Agency)").is_empty());
        assert!(names("a.lee@example.com").is_empty());
        assert!(names("https://example.com/ann").is_empty());
        assert!(names("@annlee").is_empty());
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("It&#8217;s &amp; &bogus; &#x41;"),
            "It’s & &bogus; A"
        );
    }
}
