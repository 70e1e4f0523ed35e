//! The HTML layer: bytes in, text blocks out. The first three stages of the pipeline:
//!
//! 1. [`decode`](decode::decode): bytes to text (gzip, BOM, `<meta charset>`, detection);
//! 2. [`prepass`]: one linear scan that caps nesting and drops what no block reads, so the
//!    parser's cost stays linear;
//! 3. [`segment`](segment::segment): parse with html5ever (via `scraper`), read the JSON-LD
//!    ([`jsonld`]), and walk the tree into [`Block`]s with their DOM context.
//!
//! [`limits`] ties them together under a page's cost limits. Nothing here knows about features or
//! models: this layer imports only `util` and `error`.

pub mod block;
mod candidate;
pub mod decode;
pub mod http;
pub mod jsonld;
pub mod limits;
pub mod prepass;
pub mod segment;

pub use block::{Anchor, Block, Image};
pub use jsonld::Markup;
pub use limits::Limits;
