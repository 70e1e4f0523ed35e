//! [`PageRecord`]: one classified page as the JSON record that `unchrome classify -f json`/`jsonl`
//! writes and the Python package returns, built in one place so the two cannot drift apart.
//! `docs/schema/page.schema.json` describes it.

use serde::Serialize;

use super::metadata::Metadata;
use super::paywall::Paywall;
use super::{ClassifiedBlock, Page};
use crate::label::Kind;

/// Kinds at least this likely are listed in a block's `kinds`.
const MIN_KIND_PROBABILITY: f64 = 0.05;

/// One page as a serialisable JSON record (see `docs/cli.md` for every field).
///
/// ```
/// let page = unchrome::Model::bundled().classify_html("<p>Hello, world.</p>");
/// let record = unchrome::PageRecord::new(&page, Some("hello.html".into()), |b| b.is_content());
/// let json = serde_json::to_value(&record).unwrap();
/// assert_eq!(json["path"], "hello.html");
/// ```
#[derive(Debug, Serialize)]
pub struct PageRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// WARC input: the record's `WARC-Target-URI`, `WARC-Record-ID`, `WARC-Date`, HTTP status.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warc_record_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warc_date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<u16>,
    threshold: f64,
    paywall: &'a Paywall,
    /// Cut at the size or block limit: only the page's beginning was classified.
    size_limited: bool,
    /// Nesting deeper than the limit was flattened.
    depth_limited: bool,
    /// Gzip data that ended early: what could be read was classified.
    truncated_input: bool,
    /// Title, authors, date, site name, language, canonical URL.
    metadata: &'a Metadata,
    blocks: Vec<BlockRecord<'a>>,
    article_text: String,
}

/// One block of a [`PageRecord`].
#[derive(Debug, Serialize)]
struct BlockRecord<'a> {
    index: usize,
    label: &'static str,
    probability: f64,
    /// The chrome kind (null for content).
    kind: Option<&'static str>,
    /// P(kind | chrome) of the likeliest kinds, likeliest first, rounded to 4 places.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kinds: Vec<(&'static str, f64)>,
    /// Whether the article text keeps the block.
    kept: bool,
    tag: &'a str,
    /// Tag names from below `<body>` down to the block's element, joined by `>`.
    path: &'a str,
    /// Class and id tokens of the block's element and the inline elements inside it.
    classes: &'a str,
    text: &'a str,
}

impl<'a> PageRecord<'a> {
    /// The record of `page`, named `path` (left out when `None`); `keeps` says which blocks the
    /// article text keeps (`ClassifiedBlock::is_content` for the default).
    pub fn new(
        page: &'a Page,
        path: Option<String>,
        keeps: impl Fn(&ClassifiedBlock) -> bool,
    ) -> PageRecord<'a> {
        PageRecord {
            path,
            url: None,
            warc_record_id: None,
            warc_date: None,
            http_status: None,
            threshold: page.threshold(),
            paywall: page.paywall(),
            size_limited: page.size_limited(),
            depth_limited: page.depth_limited(),
            truncated_input: page.truncated_input(),
            metadata: page.metadata(),
            blocks: page
                .blocks()
                .iter()
                .enumerate()
                .map(|(index, b)| BlockRecord {
                    index,
                    label: b.label().as_str(),
                    probability: b.probability(),
                    kind: b.kind().map(|k| k.as_str()),
                    kinds: if b.is_content() {
                        Vec::new()
                    } else {
                        top_kinds(b)
                    },
                    kept: keeps(b),
                    tag: &b.block.tag,
                    path: &b.block.path,
                    classes: &b.block.classes,
                    text: b.text(),
                })
                .collect(),
            article_text: page.text_where(&keeps),
        }
    }

    /// The record with the fields of the WARC record the page came from: its target URI,
    /// record id, date and HTTP status.
    pub fn with_warc(
        mut self,
        url: &'a str,
        record_id: &'a str,
        date: &'a str,
        status: u16,
    ) -> Self {
        self.url = Some(url);
        self.warc_record_id = Some(record_id);
        self.warc_date = Some(date);
        self.http_status = Some(status);
        self
    }
}

/// The kinds of [`MIN_KIND_PROBABILITY`] or more, likeliest first, probabilities rounded to 4
/// places.
fn top_kinds(b: &ClassifiedBlock) -> Vec<(&'static str, f64)> {
    let mut v: Vec<(&'static str, f64)> = Kind::ALL
        .iter()
        .map(|&k| (k.as_str(), f64::from(b.kind_probability(k))))
        .filter(|&(_, p)| p >= MIN_KIND_PROBABILITY)
        .map(|(k, p)| (k, (p * 1e4).round() / 1e4))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v
}
