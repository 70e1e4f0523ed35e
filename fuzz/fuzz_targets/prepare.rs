//! The classify path's pre-pass (`prepare_html`: `flatten_deep_nesting` plus code, SVG and
//! unread attributes dropped) keeps the blocks: the prepared page's blocks equal, every field,
//! those of the page after `flatten_deep_nesting` alone (no depth limit here; both still cap
//! unclosed formatting elements, the same way).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let (flat, _) = unchrome::flatten_deep_nesting(&html, usize::MAX);
    let (prepared, _) = unchrome::prepare_html(&html, usize::MAX);
    assert_eq!(blocks(&flat), blocks(&prepared));
});

fn blocks(html: &str) -> Vec<unchrome::Block> {
    unchrome::segment_document(&unchrome::parse(html))
}
