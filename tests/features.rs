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

#[test]
fn an_aside_inside_the_article_candidate_is_flagged_by_length() {
    let para = "The council voted on Tuesday to build a new bridge over the river, ending a \
                decade of debate about traffic in the old town.";
    let boxed = "Get the app: the latest news, analysis and background straight to your phone.";
    let html = format!(
        "<html><head><title>Bridge</title></head><body><article>{}\
         <aside><p>{boxed}</p></aside><p>{para}</p></article>\
         <aside><p>Elsewhere: a sidebar box beside the article with a long sentence.</p></aside>\
         </body></html>",
        format!("<p>{para}</p>").repeat(3)
    );
    let blocks = segment(&html);
    let x = page_features(&blocks);
    let k = column("log_words_x_aside_in_candidate");
    let at = |start: &str| {
        blocks
            .iter()
            .position(|b| b.text.starts_with(start))
            .unwrap()
    };
    assert!(blocks[at("Get the app")].in_candidate);
    // 13 words.
    assert!((x[[at("Get the app"), k]] - 13f64.ln_1p()).abs() < 1e-9);
    assert_eq!(x[[at("The council"), k]], 0.0);
    assert!(!blocks[at("Elsewhere")].in_candidate);
    assert_eq!(x[[at("Elsewhere"), k]], 0.0);
}
