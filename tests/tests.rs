//! unchrome's integration tests: one test binary, a module per area.
//!
//! - `segmentation`: HTML → blocks (inline merging, skipped and hidden elements, context)
//! - `features`: named columns, finite values, neighbour context
//! - `csv_errors`: the labelled CSV's error messages (file, line, column)
//! - `model_io`: save → load round trip, and every way a model file can be unusable
//! - `library`: the public API on the bundled model
//! - `metadata`: `Page::title`/`Page::metadata` on self-written fixtures; the CLI's title line
//! - `cli`: the built binary end to end (formats, output naming, errors, exit codes)
//! - `report`: `classify -f html` (self-contained, escaped, every block) and `-f markdown`
//! - `explain`: `unchrome explain` and the exact contributions behind it
//! - `everyday`: `--favor-precision/--favor-recall`, `-q`, `-j`, completions, help, error hints
//! - `robustness`: hostile input (binary, odd charsets, 50 MB, 100k-deep nesting, truncated
//!   gzip, symlink loops) never panics or hangs; limits are flagged; batches keep going
//! - `regression`: self-written fixture pages with must-keep and must-drop sentences
//! - `paywall`: block kinds, the paywall verdict and its evidence, kind labels, `--keep`/`--drop`
//! - `quality`: the bundled model's figures on the datasets, when `../shared/datasets` exists

mod cli;
mod csv_errors;
mod everyday;
mod explain;
mod features;
mod library;
mod metadata;
mod model_io;
mod paywall;
mod quality;
mod regression;
mod report;
mod robustness;
mod segmentation;
mod util;
