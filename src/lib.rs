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
//! Classifying never fails and never panics: bad HTML still yields blocks, a page without text
//! yields no blocks. Errors ([`Error`]) come only from files: reading a CSV or model, training.
//! A [`Model`] is immutable and `Send + Sync`.

#![deny(missing_docs)]

mod cues;
mod dataset;
mod decode;
mod error;
mod features;
mod io;
mod metrics;
mod model;
mod page;
mod segment;
mod text;
mod train;

pub use dataset::{align_labels, CsvWriter, Dataset, LabelledPage};
pub use decode::{decode, Decoded};
pub use error::{Error, Result};
pub use features::{feature_names, page_features};
pub use io::write_atomic;
pub use metrics::{contains_snippet, match_text, roc_auc, word_prf, BlockMetrics, Prf};
pub use model::{Model, Provenance, Validation, MODEL_VERSION};
pub use page::{ClassifiedBlock, Label, Page};
pub use segment::{segment, segment_document, Block};
pub use text::words;
pub use train::{TrainParams, MIN_TRAINING_ROWS};
