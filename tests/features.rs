use unchrome::{feature_names, page_features, segment, Block};

use crate::util::NEWS;

#[test]
fn one_named_finite_column_per_feature() {
    let blocks = segment(NEWS);
    let x = page_features(&blocks);
    assert_eq!(x.nrows(), blocks.len());
    assert_eq!(x.ncols(), feature_names().len());
    assert!(x.iter().all(|v| v.is_finite()));
}

fn column(name: &str) -> usize {
    feature_names()
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("no feature {name}"))
}

#[test]
fn link_density_and_landmarks_are_measured() {
    let blocks = segment(NEWS);
    let x = page_features(&blocks);
    let home = blocks.iter().position(|b| b.text == "Home").unwrap();
    let para = blocks
        .iter()
        .position(|b| b.text.starts_with("The city council"))
        .unwrap();
    assert_eq!(x[[home, column("link_density")]], 1.0);
    assert!(x[[para, column("link_density")]] < 0.01);
    assert_eq!(x[[home, column("in_nav")]], 1.0);
    assert_eq!(x[[para, column("in_nav")]], 0.0);
    assert_eq!(x[[para, column("in_article")]], 1.0);
}

#[test]
fn cue_phrases_fire_in_several_languages() {
    let blocks: Vec<Block> = [
        "Jetzt abonnieren und weiterlesen",
        "Sign up for our free morning newsletter",
        "A plain sentence about rivers.",
    ]
    .into_iter()
    .map(Block::from_text)
    .collect();
    let x = page_features(&blocks);
    assert!(x[[0, column("cue_count_paywall")]] > 0.0);
    assert!(x[[1, column("cue_count_newsletter")]] > 0.0);
    assert_eq!(x[[2, column("cue_count_paywall")]], 0.0);
}

#[test]
fn neighbours_are_described() {
    let blocks: Vec<Block> = ["first block of words", "second", "third block"]
        .into_iter()
        .map(Block::from_text)
        .collect();
    let x = page_features(&blocks);
    assert_eq!(x[[0, column("prev_missing")]], 1.0);
    assert_eq!(x[[1, column("prev_missing")]], 0.0);
    assert!((x[[1, column("prev_log_words")]] - 5f64.ln()).abs() < 1e-9);
    assert_eq!(x[[2, column("next_missing")]], 1.0);
}

#[test]
fn text_only_blocks_featurise() {
    let x = page_features(&[Block::from_text("Only text, structure unknown.")]);
    assert!(x.iter().all(|v| v.is_finite()));
}
