//! A classified page: its blocks with labels and probabilities, and the article text.

use serde::{Deserialize, Serialize};

use crate::kind::Kind;
use crate::metadata::{MetaTags, Metadata};
use crate::paywall::{Markup, Paywall};
use crate::segment::Block;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Part of the page's main content.
    Content,
    /// Navigation, prompts, ads, footers and everything else around the content.
    Chrome,
}

impl Label {
    /// `Content` when `probability >= threshold`.
    pub fn from_probability(probability: f64, threshold: f64) -> Label {
        if probability >= threshold {
            Label::Content
        } else {
            Label::Chrome
        }
    }

    /// `"content"` or `"chrome"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Content => "content",
            Label::Chrome => "chrome",
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Label {
    type Err = String;

    fn from_str(s: &str) -> Result<Label, String> {
        match s.trim() {
            "content" => Ok(Label::Content),
            "chrome" => Ok(Label::Chrome),
            other => Err(format!(
                "unknown label '{other}' (expected 'content' or 'chrome')"
            )),
        }
    }
}

/// One block of a classified page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassifiedBlock {
    /// The block and its DOM context.
    #[serde(flatten)]
    pub block: Block,
    /// Probability that the block is content.
    pub probability: f64,
    /// The label at the page's threshold.
    pub label: Label,
    /// P(kind | chrome) per [`Kind`], indexed by [`Kind::index`]; all zero when the model has no
    /// kind stage.
    #[serde(skip)]
    pub kind_probabilities: [f32; Kind::COUNT],
}

impl ClassifiedBlock {
    /// The block's text.
    pub fn text(&self) -> &str {
        &self.block.text
    }

    /// The block's label.
    pub fn label(&self) -> Label {
        self.label
    }

    /// The probability that the block is content.
    pub fn probability(&self) -> f64 {
        self.probability
    }

    /// True when the label is [`Label::Content`].
    pub fn is_content(&self) -> bool {
        self.label == Label::Content
    }

    /// The most likely kind of a block labelled chrome (`None` for content, or when the model
    /// has no kind stage).
    pub fn kind(&self) -> Option<Kind> {
        if self.is_content() {
            return None;
        }
        self.likely_kind()
    }

    /// The most likely kind if the block were chrome, whatever its label (`None` when the
    /// model has no kind stage).
    pub fn likely_kind(&self) -> Option<Kind> {
        let (k, p) = self
            .kind_probabilities
            .iter()
            .enumerate()
            .fold((0, 0.0f32), |m, (k, &p)| if p > m.1 { (k, p) } else { m });
        (p > 0.0).then_some(Kind::ALL[k])
    }

    /// P(kind | chrome) for one kind.
    pub fn kind_probability(&self, kind: Kind) -> f32 {
        self.kind_probabilities[kind.index()]
    }
}

/// A classified page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    blocks: Vec<ClassifiedBlock>,
    threshold: f64,
    /// True when the input was gzip data that ended early (what was recovered was classified).
    pub(crate) truncated_input: bool,
    /// True when the input was cut at [`Limits::max_input_bytes`](crate::Limits) or
    /// [`Limits::max_blocks`](crate::Limits).
    pub(crate) size_limited: bool,
    /// True when nesting deeper than [`Limits::max_depth`](crate::Limits) was flattened.
    pub(crate) depth_limited: bool,
    markup: Markup,
    paywall: Paywall,
    /// The page's metadata tags, kept to choose the title again when the labels change.
    meta_tags: MetaTags,
    metadata: Metadata,
}

impl Page {
    pub(crate) fn new(
        blocks: Vec<Block>,
        probabilities: Vec<f64>,
        kinds: Vec<[f32; Kind::COUNT]>,
        threshold: f64,
        markup: Markup,
        meta_tags: MetaTags,
    ) -> Page {
        let blocks = blocks
            .into_iter()
            .zip(probabilities.into_iter().chain(std::iter::repeat(0.0)))
            .zip(
                kinds
                    .into_iter()
                    .chain(std::iter::repeat([0.0; Kind::COUNT])),
            )
            .map(
                |((block, probability), kind_probabilities)| ClassifiedBlock {
                    block,
                    probability,
                    label: Label::from_probability(probability, threshold),
                    kind_probabilities,
                },
            )
            .collect();
        let mut page = Page {
            blocks,
            threshold,
            truncated_input: false,
            size_limited: false,
            depth_limited: false,
            markup,
            paywall: Paywall::default(),
            meta_tags,
            metadata: Metadata::default(),
        };
        page.paywall = crate::paywall::verdict(&page.blocks, &page.markup);
        page.metadata = crate::metadata::metadata(&page.meta_tags, &page.blocks);
        page
    }

    /// The article's title (see [`Metadata::title`]): `None` when the page gives none.
    /// [`article_text`](Page::article_text) adds no title line (the article's `h1` is in it
    /// only when that block is labelled content).
    ///
    /// ```
    /// let html = r#"<html><head><title>Bridge approved | The Ledger</title>
    ///   <meta property="og:site_name" content="The Ledger"></head>
    ///   <body><p>The council voted on Tuesday to build a new bridge over the river.</p></body></html>"#;
    /// let page = unchrome::Model::bundled().classify_html(html);
    /// assert_eq!(page.title(), Some("Bridge approved"));
    /// ```
    pub fn title(&self) -> Option<&str> {
        self.metadata.title.as_deref()
    }

    /// What the page says about its article: title, authors, publication date, site name,
    /// language, canonical URL (see [`Metadata`]).
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The paywall verdict: is the article cut off by a paywall, and the evidence (see
    /// [`paywall`](crate::paywall)).
    pub fn paywall(&self) -> &Paywall {
        &self.paywall
    }

    /// What the page's JSON-LD says about access.
    pub fn markup(&self) -> &Markup {
        &self.markup
    }

    /// All blocks in page order.
    pub fn blocks(&self) -> &[ClassifiedBlock] {
        &self.blocks
    }

    /// The blocks labelled content, in page order.
    pub fn content_blocks(&self) -> impl Iterator<Item = &ClassifiedBlock> {
        self.blocks.iter().filter(|b| b.is_content())
    }

    /// The threshold the labels were decided with.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Relabels the blocks at another threshold.
    pub fn set_threshold(&mut self, threshold: f64) {
        self.threshold = threshold;
        for b in &mut self.blocks {
            b.label = Label::from_probability(b.probability, threshold);
        }
        self.paywall = crate::paywall::verdict(&self.blocks, &self.markup);
        self.metadata = crate::metadata::metadata(&self.meta_tags, &self.blocks);
    }

    /// True when the input was truncated gzip data.
    pub fn truncated_input(&self) -> bool {
        self.truncated_input
    }

    /// True when the page was larger than [`Limits::max_input_bytes`](crate::Limits) or had more
    /// than [`Limits::max_blocks`](crate::Limits) blocks, and only its beginning was classified.
    pub fn size_limited(&self) -> bool {
        self.size_limited
    }

    /// True when elements were nested deeper than [`Limits::max_depth`](crate::Limits): the
    /// tags past the limit were dropped and their text classified as part of the enclosing
    /// blocks.
    pub fn depth_limited(&self) -> bool {
        self.depth_limited
    }

    /// The article text: the content blocks' texts, paragraphs split by a blank line.
    pub fn article_text(&self) -> String {
        self.text_where(ClassifiedBlock::is_content)
    }

    /// The texts of the blocks `keep` selects, in page order, paragraphs split by a blank line
    /// (e.g. content plus chrome of some kinds).
    pub fn text_where(&self, keep: impl Fn(&ClassifiedBlock) -> bool) -> String {
        let mut out = String::new();
        for b in self.blocks.iter().filter(|b| keep(b)) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&b.block.text);
        }
        out
    }
}
