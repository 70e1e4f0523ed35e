//! The documentation's examples are tests (issue 20): every ```` ```console ```` block of
//! README.md and docs/*.md runs against the built binary, its output compared with the block's.
//!
//! Blocks that cannot run here (they need Chromium, the datasets or `cargo run`) are
//! ```` ```console,ignore ```` or ```` ```sh ````. A `...` line in a block stands for any lines,
//! `[..]` for the rest of a line; `? 2` under a command is its expected exit status.
//!
//! When a change moves an output on purpose (a retrained model, a new output line), rewrite the
//! blocks from what the binary prints now, then read the diff before committing it:
//!
//! ```sh
//! TRYCMD=overwrite cargo test --release --test integration docs::console
//! ```

use std::path::Path;

#[test]
fn console_examples_print_what_the_docs_show() {
    trycmd::TestCases::new()
        .register_bin("unchrome", Path::new(env!("CARGO_BIN_EXE_unchrome")))
        // Tests run from the package root, where the examples' paths start.
        .case("README.md")
        .case("docs/*.md");
}

/// The thresholds docs/cli.md names are the bundled model's.
#[test]
fn the_thresholds_in_the_docs_are_the_bundled_model_s() {
    let cli = std::fs::read_to_string("docs/cli.md").unwrap();
    let m = unchrome::Model::bundled();
    let sentence = format!(
        "The bundled model stores {:.2} and {:.2} (its threshold is {:.2}",
        m.favor_precision_threshold(),
        m.favor_recall_threshold(),
        m.threshold()
    );
    assert!(
        cli.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(&sentence),
        "docs/cli.md should say: {sentence}"
    );
}
