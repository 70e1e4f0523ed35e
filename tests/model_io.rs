use std::path::Path;

use unchrome::{Model, TrainParams};

use crate::util::{small_dataset, TempDir, NEWS};

fn trained() -> Model {
    TrainParams::default()
        .max_iterations(50)
        .fit(&small_dataset())
        .unwrap()
}

#[test]
fn save_load_gives_identical_probabilities() {
    let dir = TempDir::new("roundtrip");
    let model = trained();
    let path = dir.path().join("m.json");
    model.save(&path).unwrap();
    let back = Model::load(&path).unwrap();
    let a = model.classify_html(NEWS);
    let b = back.classify_html(NEWS);
    let pa: Vec<f64> = a.blocks().iter().map(|b| b.probability()).collect();
    let pb: Vec<f64> = b.blocks().iter().map(|b| b.probability()).collect();
    assert_eq!(pa, pb);
    assert_eq!(model.threshold(), back.threshold());
}

#[test]
fn training_learns_the_fixture() {
    let page = trained().classify_html(NEWS);
    let text = page.article_text();
    assert!(text.contains("voted on Tuesday"), "{text}");
    assert!(!text.contains("Privacy policy"), "{text}");
}

#[test]
fn holdout_sets_threshold_and_validation() {
    let mut held = std::collections::HashSet::new();
    held.insert("site2.example".to_string());
    let m = TrainParams::default()
        .max_iterations(50)
        .holdout_domains("held.txt", held)
        .fit(&small_dataset())
        .unwrap();
    let v = m.validation().expect("validation figures");
    assert_eq!(v.pages, 1);
    assert!(v.roc_auc > 0.5);
    assert_eq!(m.provenance().pages, 2);
    assert_eq!(m.provenance().holdout_domains.as_deref(), Some("held.txt"));
}

fn load_err(dir: &TempDir, name: &str, text: &str) -> String {
    let p = dir.write(name, text);
    Model::load(&p).unwrap_err().to_string()
}

#[test]
fn unusable_model_files_say_why_and_name_the_file() {
    let dir = TempDir::new("badmodels");
    let good = serde_json::to_string(&trained()).unwrap();
    let m = load_err(&dir, "trunc.json", &good[..good.len() / 2]);
    assert!(m.contains("trunc.json") && m.contains("truncated"), "{m}");
    let m = load_err(&dir, "page.json", "<html>not a model</html>");
    assert!(m.contains("page.json") && m.contains("not JSON"), "{m}");
    let m = load_err(&dir, "other.json", r#"{"weights": [1, 2]}"#);
    assert!(m.contains("other.json") && m.contains("format"), "{m}");
    let m = load_err(
        &dir,
        "v9.json",
        &good.replacen("\"version\":1", "\"version\":9", 1),
    );
    assert!(m.contains("v9.json") && m.contains("version 9"), "{m}");
    let renamed = good.replacen("\"log_words\"", "\"log_word_count\"", 1);
    let m = load_err(&dir, "feat.json", &renamed);
    assert!(
        m.contains("feat.json") && m.contains("other features") && m.contains("log_word_count"),
        "{m}"
    );
    let m = Model::load(Path::new("/nonexistent/model.json"))
        .unwrap_err()
        .to_string();
    assert!(m.contains("/nonexistent/model.json"), "{m}");
}

#[test]
fn saving_is_atomic_and_replaces_the_old_model() {
    let dir = TempDir::new("atomic");
    let path = dir.write("m.json", "old");
    trained().save(&path).unwrap();
    assert!(Model::load(&path).is_ok());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "m.json")
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
}
