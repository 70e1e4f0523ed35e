//! unchrome tells a web page's article text from its chrome: navigation, "Subscribe to keep
//! reading", "Sign in", app ads, newsletter boxes, cookie banners, related links and footers.
//!
//! One straight pipeline, each stage a public function:
//!
//! | stage | call | gives |
//! | --- | --- | --- |
//! | decode | [`decode()`] | bytes (gzip, any charset) → text |
//! | segment | [`segment()`] | HTML → [`Block`]s: text runs with DOM context |
//! | features | [`page_features`] | blocks → an `ndarray` matrix, columns named by [`feature_names`] |
//! | predict | [`Model::classify_html`] | standardise, logistic model → a [`Page`] of labelled blocks |
//! | kinds, verdict | [`ClassifiedBlock::kind`], [`Page::paywall`] | what kind of chrome each block is; is the page paywalled |
//! | output | [`Page::article_text`], [`Page::article_html`] | the article as text, or as clean HTML with its structure, links and images |
//! | train | [`TrainParams::fit`] | a labelled [`Dataset`] → a [`Model`] |
//! | measure | [`word_prf`], [`BlockMetrics`] | the benchmarks' word and block figures |
//!
//! ```
//! let model = unchrome::Model::bundled(); // the embedded default model
//! let html = r#"<html><body>
//!   <nav><a href="/">Home</a> <a href="/news">News</a></nav>
//!   <article>
//!     <h1>Council approves the new river bridge</h1>
//!     <p>The city council voted on Tuesday to build a new bridge over the river, ending a
//!     decade of debate about traffic in the old town and the cost of the project.</p>
//!     <p>Construction is due to start next spring and take three years, the mayor said,
//!     adding that the old bridge would stay open for pedestrians and cyclists.</p>
//!   </article>
//!   <footer>© 2026 Example News. All rights reserved. <a href="/privacy">Privacy policy</a></footer>
//! </body></html>"#;
//! let page = model.classify_html(html);
//! for block in page.blocks() {
//!     println!("{:7} {:.2} {}", block.label(), block.probability(), block.text());
//! }
//! assert!(page.article_text().contains("voted on Tuesday"));
//! assert!(!page.article_text().contains("Privacy policy"));
//! ```
//!
//! Each chrome block also has a [`Kind`] (paywall prompt, promo, newsletter box, cookie banner,
//! navigation, related links...), and each page a [`Paywall`] verdict with its evidence:
//!
//! ```
//! let html = r#"<html><body><article><h1>Transit budget approved</h1>
//!   <p>The city council voted 7-2 late Tuesday to approve a transit budget that expands bus
//!   service on the east side and freezes fares for another year.</p>
//!   <p>Critics warned that the fare freeze leaves a gap the city has not explained.</p></article>
//!   <footer><p>© 2026 The Morning Ledger. All rights reserved.</p></footer></body></html>"#;
//! let page = unchrome::Model::bundled().classify_html(html);
//! for b in page.blocks().iter().filter(|b| !b.is_content()) {
//!     println!("{:?} {}", b.kind(), b.text()); // e.g. Some(Legal) © 2026 The Morning Ledger...
//! }
//! let verdict = page.paywall();
//! assert!(!verdict.paywalled && verdict.probability < 0.5);
//! ```
//!
//! Classifying never fails and never panics: bad HTML still yields blocks, a page without text
//! yields no blocks. Errors ([`Error`]) come only from files: reading a CSV or model, training.
//! A [`Model`] is immutable and `Send + Sync`; nothing reads or writes files unless asked
//! ([`Model::load`], [`Model::save`], [`Dataset::from_path`]). Bytes ([`Model::classify_bytes`])
//! and text ([`Model::classify_html`]) are both accepted.
//!
//! ## Hostile input
//!
//! Any byte string classifies without a panic, in time roughly linear in its size: [`Limits`]
//! caps what one page may cost, and the [`Page`] says when a cap was reached.
//!
//! - Size: past [`Limits::max_input_bytes`] (16 MiB of inflated gzip, then of text) the page is
//!   cut, and past [`Limits::max_blocks`] (100 000) blocks are dropped: [`Page::size_limited`].
//! - Depth: elements nested deeper than [`Limits::max_depth`] (256) lose their tags before the
//!   parser sees them, keeping their text ([`flatten_deep_nesting`]): [`Page::depth_limited`].
//!   (html5ever's time grows with the square of the depth: minutes for 100 000 nested `<div>`s.)
//! - Gzip that ends early is classified as far as it goes: [`Page::truncated_input`].
//! - A feature matrix with the wrong number of columns predicts nothing; a non-finite feature
//!   gives probability 0. A bad model or CSV file is an [`Error`] naming the file.
//!
//! The defaults suit any real page; [`Model::classify_bytes_with_limits`] takes others.
//!
//! ```
//! let deep = "<div>".repeat(100_000) + "<p>Still classified.</p>";
//! let page = unchrome::Model::bundled().classify_html(&deep);
//! assert!(page.depth_limited());
//! assert!(page.blocks().iter().any(|b| b.text() == "Still classified."));
//! ```
//!
//! ## The precision/recall dial
//!
//! A block is content when its probability is at or above the threshold. Raise it to keep less
//! chrome, lower it to lose less content; [`Model::favor_precision_threshold`] and
//! [`Model::favor_recall_threshold`] are the model's suggestions for either side.
//!
//! ```
//! let model = unchrome::Model::bundled();
//! let html = "<article><h1>Bridge approved</h1><p>The council voted on Tuesday to build a new \
//!             bridge over the river, ending a decade of debate.</p></article>\
//!             <footer><a href='/privacy'>Privacy policy</a></footer>";
//! let strict = model.with_threshold(model.favor_precision_threshold());
//! let loose = model.with_threshold(model.favor_recall_threshold());
//! let kept = |m: &unchrome::Model| m.classify_html(html).content_blocks().count();
//! assert!(kept(&strict) <= kept(model) && kept(model) <= kept(&loose));
//! // Or relabel one classification without classifying again:
//! let mut page = model.classify_html(html);
//! page.set_threshold(0.9);
//! ```
//!
//! ## Why a block got its label
//!
//! The model is linear in standardised features, so a block's log-odds of being content is
//! exactly the intercept plus one contribution per feature ([`Model::contributions`]); the
//! `unchrome explain` command prints the largest of them.
//!
//! ```
//! let model = unchrome::Model::bundled();
//! let blocks = unchrome::segment("<nav><a href='/'>Home</a></nav><p>The council voted on \
//!                                 Tuesday to build a new bridge over the river.</p>");
//! let x = unchrome::page_features(&blocks);
//! let first_stage = model.predict_features(&x);
//! for (i, row) in x.rows().into_iter().enumerate() {
//!     let contributions = model.contributions(&row.to_vec());
//!     let z = model.intercept() + contributions.iter().sum::<f64>();
//!     assert!((1.0 / (1.0 + (-z).exp()) - first_stage[i]).abs() < 1e-9);
//!     // The feature that pulls hardest toward content:
//!     let (k, c) = contributions
//!         .iter()
//!         .enumerate()
//!         .max_by(|a, b| a.1.total_cmp(b.1))
//!         .unwrap();
//!     println!("block {i}: {} {c:+.2}", unchrome::feature_names()[k]);
//! }
//! ```
//!
//! More in `examples/`: `classify_string`, `classify_dir_parallel`, `train_from_csv` and
//! `custom_threshold` (`cargo run --example NAME`).

#![deny(missing_docs)]

// Modules by pipeline stage. Imports flow one way, down this list (the CLI, in `src/cli/`, sits
// above all of them and uses only the public API):
//
//   warc     WARC files: HTML response records as bytes and their HTTP charset (feature `warc`)
//   model    the model file, classification, training, kinds, metrics
//   dataset  labelled CSV and labelling blocks from gold text
//   page     the classified page and its paywall verdict
//   features blocks -> named feature columns; cues; context features
//   html     decode -> pre-pass -> parse -> segment (and JSON-LD)
//   label    Label and Kind
//   util     text statistics, hashing, atomic writes
//   error    Error and Result
mod dataset;
mod error;
mod features;
mod html;
mod label;
mod model;
mod page;
mod util;
#[cfg(feature = "warc")]
mod warc;

pub use dataset::{align_labels, text_hash, CsvWriter, Dataset, KindAnnotations, LabelledPage};
pub use error::{Error, Result};
pub use features::context;
pub use features::{feature_names, page_features};
pub use html::decode::{decode, decode_with_limits, Decoded};
pub use html::http::{content_type_charset, decode_with_charset};
pub use html::prepass::{flatten_deep_nesting, prepare_html};
pub use html::segment::{parse, segment, segment_document, segment_with_limits};
pub use html::{Anchor, Block, Image, Limits, Markup};
pub use label::{Kind, Label};
pub use model::kind::KindValidation;
pub use model::metrics::{contains_snippet, match_text, roc_auc, word_prf, BlockMetrics, Prf};
pub use model::train::{TrainParams, MIN_TRAINING_ROWS};
pub use model::{Model, Provenance, Validation, FAVOR_OFFSET, MODEL_VERSION};
pub use page::metadata::Metadata;
pub use page::paywall;
pub use page::paywall::{Evidence, Paywall, PaywallStage};
pub use page::record::PageRecord;
pub use page::{ClassifiedBlock, Page};
pub use util::io::write_atomic;
pub use util::markup::escape_html;
pub use util::text::words;
pub use util::url::resolve_url;
#[cfg(feature = "warc")]
pub use warc::{WarcReader, WarcResponse};

/// The README's Rust examples, compiled and run as doctests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// docs/library.md's Rust example, compiled and run as a doctest too.
#[cfg(doctest)]
#[doc = include_str!("../docs/library.md")]
pub struct LibraryDoctests;
