//! [`Block`]: what the segmenter yields and every later stage reads.

use serde::{Deserialize, Serialize};

/// A run of text from one block-level element, with its DOM context.
///
/// This is also one row of the labelled CSV (see the README for the schema): every field that
/// features need is here, so training needs only the CSV, never the HTML.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Block {
    /// The text, whitespace folded.
    pub text: String,
    /// Tag name of the innermost block-level element holding the text (`p`, `li`, `div`, ...).
    pub tag: String,
    /// Tag names from below `<body>` down to the block's element, joined by `>`.
    pub path: String,
    /// Class and id tokens (lower-cased) of the block's element and inline elements inside it.
    pub classes: String,
    /// Class and id tokens of the ancestors, nearest first, deduplicated.
    pub ancestor_classes: String,
    /// Characters of the text that sit inside links.
    pub link_chars: u32,
    /// Number of links (`<a>` elements) in the block.
    pub links: u32,
    /// Depth of the block's element in the DOM.
    pub depth: u32,
    /// True if the block or an ancestor is hidden (`hidden`, `aria-hidden="true"`,
    /// `display:none`, `visibility:hidden`).
    pub hidden: bool,
    /// Characters of all text under the block element's parent (its container).
    pub container_chars: u32,
    /// Link characters of all text under the container.
    pub container_link_chars: u32,
    /// Number of blocks under the container.
    pub container_blocks: u32,
    /// Characters of all text under the container's parent (the section).
    pub section_chars: u32,
    /// Link characters of all text under the section.
    pub section_link_chars: u32,
    /// Number of blocks under the section.
    pub section_blocks: u32,
    /// Number of the container element within the page (blocks with equal numbers are siblings).
    pub container_id: u32,
    /// Number of the section element within the page.
    pub section_id: u32,
    /// Share of the block's words that also occur in the page's `<title>` (0 to 1).
    pub title_overlap: f32,
    /// True if the block lies inside the page's main element: the element reached from the root
    /// by stepping into the child that holds at least half of the non-link text, while one does.
    pub in_main: bool,
    /// Levels between the main element and the block's element (0 when outside it).
    pub main_depth: u32,
    /// The main element's share of the page's non-link text (the same for every block).
    pub main_share: f32,
    /// True if the block lies inside a part that the page's JSON-LD marks as not free
    /// (`isAccessibleForFree: false` with `hasPart.cssSelector`): gated content, not chrome.
    pub gated: bool,
    /// True if the block lies inside the page's article candidate: the element whose child
    /// paragraphs score highest, as Readability scores them (each paragraph of 25 characters or
    /// more scores 1 + its commas + a point per 100 characters, at most 3, for its parent and
    /// half that for its grandparent; an element whose own class or id names an article part
    /// gains 5 points, one naming chrome loses 5; the sum is scaled by the element's share of
    /// non-link text). Unlike the main element, a long comment thread below a short article
    /// does not win it: the thread's text is spread over many comment elements. When the page
    /// declares an article body ([`page_declared`](Block::page_declared)), each element's score
    /// is weighed by the share of its paragraphs' points that the body holds (0.25 for none to 1
    /// for all), so a comment thread the body misses loses to the article it holds.
    pub in_candidate: bool,
    /// The article candidate's share of the page's non-link text (the same for every block).
    pub candidate_share: f32,
    /// Levels from the article candidate up to the nearest element that holds both it and the
    /// block (0 inside the candidate, and when there is none): a sidebar column beside the
    /// article shares its parent or grandparent, a page footer only a far ancestor.
    pub candidate_up: u32,
    /// Characters of the block's branch: the child of that nearest common element that holds
    /// the block (the candidate itself for blocks inside it); a sidebar column, a comment
    /// thread, a footer.
    pub branch_chars: u32,
    /// Link characters of the block's branch.
    pub branch_link_chars: u32,
    /// The page says it is a discussion: a JSON-LD or microdata `DiscussionForumPosting` or
    /// `QAPage` (the same for every block). Its posts may carry comment class names.
    pub page_forum: bool,
    /// The document has no `<title>`, `<meta>` or `<link>` element: an HTML fragment, such as
    /// a CMS body or an RSS item's content, or plain text (the same for every block). Almost
    /// every crawled page has them (all of wcxb-dev, fundus, readability, newspaper and dragnet;
    /// 156 of cleaneval's 739 old pages, saved without their head, do not), and a fragment's
    /// paragraphs are its content more often than a page's lone block is.
    pub page_fragment: bool,
    /// The page's JSON-LD declares an article body (`articleBody`) of 200 words or more (the
    /// same for every block). Many news pages do. A CSV column; no feature of the bundled model
    /// reads it, but the article candidate does ([`in_candidate`](Block::in_candidate);
    /// `training/experiments/2026-12-07-declared-body.md`).
    pub page_declared: bool,
    /// Share of the block's word 3-grams (lower-cased `\w+` words; its 2-grams or its word when
    /// it has two words or one) that occur in the declared article body (0 to 1; 0 when the page
    /// declares none). A reader comment, a teaser or a caption beside the article is not in it,
    /// however long and prose-like. A CSV column, as [`page_declared`](Block::page_declared).
    pub declared_share: f32,
    /// Share of the block's word 3-grams (its 2-grams or its word when it has two words or one)
    /// that occur in the page's own summary: its `<meta>` `description`, `og:description` and
    /// `twitter:description` (0 to 1; 0 when it has none). A news page's lead (standfirst) is
    /// mostly its description; a teaser of another article is not.
    pub description_share: f32,
    /// The links inside the block's text, in order: byte ranges of [`text`](Block::text) and
    /// their `href` as written (see [`Anchor`]). Read by the article's HTML and Markdown
    /// output, never by features; not a CSV column.
    #[serde(skip)]
    pub anchors: Vec<Anchor>,
    /// The images inside the block's element, or between the previous block and this one when
    /// no text lay between them (a `<figure>`'s image goes with its caption). Read by the
    /// article's HTML output, never by features; not a CSV column.
    #[serde(skip)]
    pub images: Vec<Image>,
    /// For a block inside `<pre>`: its text as written, line breaks and indentation kept
    /// ([`text`](Block::text) is folded); empty for other blocks. Not a CSV column.
    #[serde(skip)]
    pub pre_text: String,
}

/// A link inside a block: `text[start..end]` is the link text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchor {
    /// Byte offset in the block's text where the link text starts.
    pub start: usize,
    /// Byte offset in the block's text where the link text ends (exclusive).
    pub end: usize,
    /// The `href` attribute as written in the page (relative URLs are not resolved).
    pub href: String,
}

/// An image of a block (`<img>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    /// The image's address as written: `src`, or a lazy-loading attribute (`data-src`,
    /// `data-original`, `data-lazy-src`) when `src` is missing or a `data:` placeholder.
    pub src: String,
    /// The `alt` text, whitespace folded.
    pub alt: String,
    /// Byte offset in the block's text where the image stands (0: before the text).
    pub at: usize,
}

impl Block {
    /// A block with text only: its structure unknown (as when a CSV has only `text,label`).
    pub fn from_text(text: impl Into<String>) -> Block {
        let text = text.into();
        let chars = text.chars().count() as u32;
        Block {
            text,
            container_chars: chars,
            section_chars: chars,
            container_blocks: 1,
            section_blocks: 1,
            ..Block::default()
        }
    }

    /// The heading level (1 to 6) when the block is an `h1`–`h6` element, else `None`.
    pub fn heading_level(&self) -> Option<usize> {
        match self.tag.as_str() {
            "h1" => Some(1),
            "h2" => Some(2),
            "h3" => Some(3),
            "h4" => Some(4),
            "h5" => Some(5),
            "h6" => Some(6),
            _ => None,
        }
    }
}
