//! Self-written fixture pages (tests/fixtures/regression/<name>.html) with must-keep and
//! must-drop fragments (<name>.expect.json), covering the failures users report of extractors.
//!
//! A ratchet: `known-failures.txt` lists the fragments the shipped model still gets wrong. Any
//! other failure fails the test, and so does a listed failure that no longer happens (remove it
//! from the list: the ratchet only tightens).

use std::path::Path;

use unchrome::{contains_snippet, match_text, Model};

#[derive(serde::Deserialize)]
struct Expect {
    keep: Vec<String>,
    drop: Vec<String>,
}

#[test]
fn fixture_pages_keep_and_drop_what_they_must() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/regression");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".html")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixtures in {}", dir.display());
    let model = Model::bundled();
    let mut failures = Vec::new();
    for name in &names {
        let html = std::fs::read(dir.join(format!("{name}.html"))).unwrap();
        let expect: Expect = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.expect.json"))).unwrap(),
        )
        .unwrap();
        let text = match_text(&model.classify_bytes(&html).article_text());
        for k in &expect.keep {
            if !contains_snippet(&text, k) {
                failures.push(format!("{name}: lost '{k}'"));
            }
        }
        for d in &expect.drop {
            if contains_snippet(&text, d) {
                failures.push(format!("{name}: leaked '{d}'"));
            }
        }
    }
    let list = dir.join("known-failures.txt");
    if std::env::var_os("UNCHROME_BLESS").is_some() {
        // After a retrain: `UNCHROME_BLESS=1 cargo test --release regression` rewrites the list.
        let mut text = String::from(
            "# Fixture fragments the shipped model gets wrong (see tests/regression.rs).\n",
        );
        for f in &failures {
            text.push_str(f);
            text.push('\n');
        }
        std::fs::write(&list, text).unwrap();
        return;
    }
    let known: Vec<String> = std::fs::read_to_string(&list)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let new: Vec<&str> = failures
        .iter()
        .filter(|f| !known.contains(f))
        .map(String::as_str)
        .collect();
    let fixed: Vec<&str> = known
        .iter()
        .filter(|k| !failures.contains(k))
        .map(String::as_str)
        .collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "new fixture failures:\n{}\n\nfixed (remove them from known-failures.txt):\n{}",
        new.join("\n"),
        fixed.join("\n")
    );
}
