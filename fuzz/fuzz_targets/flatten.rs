//! The nesting pre-pass on any text, alone (`flatten_deep_nesting`) and as the classify path runs
//! it (`prepare_html`, which also drops code, SVG and unread attributes): never a panic, and the
//! parsed tree stays near the limit (the point of the pass: html5ever's time grows with the
//! square of the depth).
//!
//! The first byte is the limit (0 to 63).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&d, rest)) = data.split_first() else {
        return;
    };
    let max_depth = usize::from(d & 63);
    let html = String::from_utf8_lossy(rest);
    for (flat, _) in [
        unchrome::flatten_deep_nesting(&html, max_depth),
        unchrome::prepare_html(&html, max_depth),
    ] {
        let doc = unchrome::parse(&flat);
        let (mut depth, mut max) = (0usize, 0usize);
        for edge in doc.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(_) => {
                    depth += 1;
                    max = max.max(depth);
                }
                ego_tree::iter::Edge::Close(_) => depth -= 1,
            }
        }
        // The document, html, body, an implied tbody or colgroup, a text node, the re-opened
        // formatting elements (at most 4, and an <a>): a small constant over the limit. (A
        // <template> is two levels, the element and its contents: the pre-pass counts it as two.)
        assert!(max <= max_depth + 16, "depth {max} at limit {max_depth}");
    }
});
