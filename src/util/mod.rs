//! The bottom layer: tokenising and text statistics, a fast hash map, atomic file writes, link
//! addresses. Every stage may use these; they use nothing of the crate but its error type.

pub mod fasthash;
pub mod io;
pub mod text;
pub mod url;
