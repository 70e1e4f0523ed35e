//! A classified page: its blocks with labels and probabilities, and the article text.

use serde::Serialize;

pub mod article;
pub mod metadata;
pub mod paywall;
pub mod record;

use crate::html::{Block, Markup};
use crate::label::{Kind, Label};
use metadata::{MetaTags, Metadata};
use paywall::{Paywall, PaywallStage};

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
    paywall_stage: PaywallStage,
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
        paywall_stage: PaywallStage,
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
            paywall_stage,
            meta_tags,
            metadata: Metadata::default(),
        };
        page.paywall = crate::page::paywall::verdict(&page.blocks, &page.markup, &paywall_stage);
        page.metadata = metadata::metadata(&page.meta_tags, &page.blocks);
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
        self.paywall =
            crate::page::paywall::verdict(&self.blocks, &self.markup, &self.paywall_stage);
        self.metadata = metadata::metadata(&self.meta_tags, &self.blocks);
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

    /// The article as HTML: the content blocks in an `<article>` element, with their structure
    /// (headings, paragraphs, lists, quotes, `<pre>` with its line breaks, figures), links and
    /// images; empty when no block is content. Clean and self-contained: every text is
    /// escaped, no script, style or event handler, and only `http`, `https` and `mailto` links
    /// (relative ones as the page wrote them; [`article_html_with_base_url`] makes them
    /// absolute).
    ///
    /// ```
    /// let page = unchrome::Model::bundled().classify_html(
    ///     "<article><h1>Bridge approved</h1><p>The council voted on Tuesday to build a new \
    ///      bridge over the river, ending a <a href=\"/debate\">decade of debate</a> about \
    ///      traffic in the old town.</p><pre>let x = 1;\nlet y = 2;</pre></article>",
    /// );
    /// let html = page.article_html();
    /// assert!(html.starts_with("<article>"));
    /// assert!(html.contains("<a href=\"/debate\">decade of debate</a>"));
    /// assert!(html.contains("<pre><code>let x = 1;\nlet y = 2;</code></pre>"));
    /// let html = page.article_html_with_base_url("https://example.org/news/bridge");
    /// assert!(html.contains("<a href=\"https://example.org/debate\">"));
    /// ```
    ///
    /// [`article_html_with_base_url`]: Page::article_html_with_base_url
    pub fn article_html(&self) -> String {
        self.html_where(ClassifiedBlock::is_content, None)
    }

    /// [`article_html`](Page::article_html) with relative links and images resolved against
    /// the page's address `base_url` (an absolute `http(s)` URL; another is ignored).
    pub fn article_html_with_base_url(&self, base_url: &str) -> String {
        self.html_where(ClassifiedBlock::is_content, Some(base_url))
    }

    /// The HTML of the blocks `keep` selects (as [`text_where`](Page::text_where) selects
    /// them), as [`article_html`](Page::article_html) writes it, links resolved against
    /// `base_url` when given.
    pub fn html_where(
        &self,
        keep: impl Fn(&ClassifiedBlock) -> bool,
        base_url: Option<&str>,
    ) -> String {
        article::render(&self.blocks, &keep, base_url)
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
