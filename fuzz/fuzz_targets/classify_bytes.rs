//! Any bytes, classified: never a panic, probabilities in 0..=1, labels at the threshold, kind
//! probabilities summing to 1, a paywall verdict in 0..=1.
//!
//! The first byte picks the limits: odd means tiny limits (nesting from 0 to 31, a few KiB, a
//! few blocks), so that small inputs cross them too; even means the defaults.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use unchrome::{Label, Limits, Model};

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        // The bundled model, or (while it lags behind feature changes) a tiny trained one:
        // applying either costs the same and goes through the same code.
        let json = include_str!("../../models/default.json");
        Model::from_json(json, std::path::Path::new("<bundled>")).unwrap_or_else(|_| {
            let html = "<nav><a href=/>Home</a> <a href=/n>News</a></nav><article>\
                <p>The council voted on Tuesday to build a new bridge over the river.</p>\
                <p>Construction is due to start next spring, the mayor said.</p></article>\
                <footer>Privacy policy</footer>";
            let blocks = unchrome::segment(html);
            let labels = blocks
                .iter()
                .map(|b| {
                    Some(if b.text.ends_with('.') {
                        Label::Content
                    } else {
                        Label::Chrome
                    })
                })
                .collect();
            let mut data = unchrome::Dataset::default();
            data.pages.push(unchrome::LabelledPage {
                id: "p".into(),
                domain: "d".into(),
                blocks,
                labels,
                kinds: Vec::new(),
            });
            unchrome::TrainParams::default()
                .max_iterations(10)
                .fit(&data)
                .expect("the tiny dataset trains")
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let (limits, bytes) = match data.split_first() {
        Some((&b, rest)) if b & 1 == 1 => (
            Limits::default()
                .with_max_depth(usize::from(b >> 3))
                .with_max_input_bytes(4096)
                .with_max_blocks(usize::from(b >> 4)),
            rest,
        ),
        Some((_, rest)) => (Limits::default(), rest),
        None => (Limits::default(), data),
    };
    let page = model().classify_bytes_with_limits(bytes, &limits);
    assert!(page.blocks().len() <= limits.max_blocks);
    for b in page.blocks() {
        let p = b.probability();
        assert!((0.0..=1.0).contains(&p), "probability {p}");
        assert_eq!(b.label() == Label::Content, p >= page.threshold());
        assert!(b.text().chars().any(char::is_alphanumeric));
        if model().has_kinds() {
            let sum: f32 = b.kind_probabilities.iter().sum();
            assert!((sum - 1.0).abs() < 1e-3, "kind probabilities sum to {sum}");
            assert_eq!(b.kind().is_none(), b.is_content());
        }
    }
    let verdict = page.paywall();
    assert!((0.0..=1.0).contains(&verdict.probability));
    assert_eq!(verdict.paywalled, verdict.probability >= 0.5);
    let _ = page.article_text();
});
