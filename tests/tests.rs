//! unchrome's integration tests: one test binary, a module per area.
//!
//! - `schema`: `-f json` output validated against docs/schema/page.schema.json; every field
//!   documented
//! - `segmentation`: HTML → blocks (inline merging, skipped and hidden elements, context)
//! - `features`: named columns, finite values, neighbour context
//! - `csv_errors`: the labelled CSV's error messages (file, line, column)
//! - `model_io`: save → load round trip, and every way a model file can be unusable
//! - `library`: the public API on the bundled model
//! - `article`: the article as HTML and Markdown's links and code blocks (issue 20)
//! - `metadata`: `Page::title`/`Page::metadata` on self-written fixtures; the CLI's title line
//! - `cli`: the built binary end to end (formats, output naming, errors, exit codes)
//! - `report`: `classify -f html` (self-contained, escaped, every block) and `-f markdown`
//! - `explain`: `unchrome explain` and the exact contributions behind it
//! - `docs`: the console examples of README.md and docs/*.md run as tests (trycmd); figures
//!   the docs name are the model's
//! - `everyday`: `--favor-precision/--favor-recall`, `-q`, `-j`, completions, help, error hints
//! - `robustness`: hostile input (binary, odd charsets, 50 MB, 100k-deep nesting, truncated
//!   gzip, symlink loops) never panics or hangs; limits are flagged; batches keep going
//! - `regression`: self-written fixture pages with must-keep and must-drop sentences
//! - `paywall`: block kinds, the paywall verdict and its evidence, kind labels, `--keep`/`--drop`
//! - `layout`: the source tree's stages import one way (issue 16)
//! - `quality`: the bundled model's figures on the datasets, when `../shared/datasets` exists
//! - `news_sets`: `train --repeat` (weighing a set's training pages), `eval` by language
//! - `short_pages`: one-paragraph pages and bare fragments (a CMS body, an RSS item) keep their prose
//! - `warc`: WARC input (CLI and `WarcReader`): same pages as the files, HTTP charset and
//!   codings, bad records reported and skipped

mod article;
mod cli;
mod csv_errors;
mod docs;
mod everyday;
mod explain;
mod features;
mod layout;
mod library;
mod metadata;
mod model_io;
mod news_sets;
mod paywall;
mod quality;
mod regression;
mod report;
mod robustness;
mod schema;
mod segmentation;
mod short_pages;
mod util;
mod warc;
