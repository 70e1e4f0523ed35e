//! The threshold is the precision/recall dial: a block is content when its probability is at or
//! above it. Raise it to keep less chrome (precision), lower it to lose less content (recall).
//!
//! ```sh
//! cargo run --example custom_threshold
//! cargo run --example custom_threshold -- tests/fixtures/regression/listicle.html
//! ```

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/news.html".to_string());
    let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
    let model = unchrome::Model::bundled();

    // The model's own threshold, and the ones behind `--favor-precision` / `--favor-recall`
    // (stored in the model when training chose them, else ±FAVOR_OFFSET in log-odds).
    println!(
        "model threshold {:.2}; favor precision {:.2}, favor recall {:.2} ({})",
        model.threshold(),
        model.favor_precision_threshold(),
        model.favor_recall_threshold(),
        if model.has_favor_thresholds() {
            "chosen on validation data"
        } else {
            "fallback: ±1 in log-odds"
        }
    );

    // Either a model copy with another threshold ...
    let strict = model.with_threshold(model.favor_precision_threshold());
    let strict_page = strict.classify_bytes(&bytes);
    // ... or one classification relabelled at several thresholds (no second pass).
    let mut page = model.classify_bytes(&bytes);
    println!("\n{:>9} {:>7} {:>7}", "threshold", "blocks", "words");
    for t in [0.1, 0.2, 0.3, model.threshold(), 0.5, 0.6, 0.7, 0.8, 0.9] {
        page.set_threshold(t);
        let words: usize = page
            .content_blocks()
            .map(|b| unchrome::words(b.text()).count())
            .sum();
        println!("{t:>9.2} {:>7} {words:>7}", page.content_blocks().count());
    }
    println!(
        "\nfavouring precision ({:.2}) keeps:\n{}",
        strict_page.threshold(),
        strict_page.article_text()
    );
    Ok(())
}
