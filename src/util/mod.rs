//! The bottom layer: tokenising and text statistics, HTML text outside the parser (character
//! references, tags, escaping), a fast hash map, atomic file writes, link addresses. Every stage
//! may use these; they use nothing of the crate but its error type.

pub mod fasthash;
pub mod io;
pub mod markup;
pub mod text;
pub mod url;
