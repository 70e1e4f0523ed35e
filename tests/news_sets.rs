//! Training on several sets at once (issue 17): `train --repeat` weighs a CSV's training pages,
//! never its held-out ones; `eval --json` groups pages by language.

use crate::cli::{run, unchrome};
use crate::util::{TempDir, NEWS, NEWS_GOLD};

/// Three labelled pages of the news fixture, on domains a.example, b.example and c.example,
/// in languages en, de-DE and (none); returns the folder and the labelled CSV.
fn labelled(name: &str) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new(name);
    let mut index = String::from("id,domain,page_type,lang,split\n");
    for (k, (word, lang)) in [("river", "en"), ("canal", "de-DE"), ("lake", "")]
        .iter()
        .enumerate()
    {
        dir.write(&format!("pages/n{k}.html"), NEWS.replace("river", word));
        dir.write(&format!("gold/n{k}.txt"), NEWS_GOLD.replace("river", word));
        let domain = ["a", "b", "c"][k];
        index.push_str(&format!("n{k},{domain}.example,article,{lang},train\n"));
    }
    dir.write("index.csv", index);
    let csv = dir.path().join("l.csv");
    let r = run(
        unchrome()
            .args(["label", "-q", "--pages"])
            .arg(dir.path().join("pages"))
            .arg("--gold")
            .arg(dir.path().join("gold"))
            .arg("-o")
            .arg(&csv),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    (dir, csv)
}

fn training(model: &std::path::Path) -> serde_json::Value {
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
    m["training"].clone()
}

#[test]
fn repeat_counts_training_pages_and_never_held_out_ones() {
    let (dir, csv) = labelled("news-repeat");
    let held = dir.write("held.txt", "c.example\n");
    let rows_once = {
        let model = dir.path().join("once.json");
        let r = run(
            unchrome()
                .args(["train", "-q", "--max-iterations", "30"])
                .arg(&csv)
                .arg("--holdout-domains")
                .arg(&held)
                .arg("-o")
                .arg(&model),
            b"",
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let t = training(&model);
        assert_eq!(t["pages"], 2);
        assert_eq!(t["data"][0], "l.csv");
        t["rows"].as_u64().unwrap()
    };
    let model = dir.path().join("thrice.json");
    let r = run(
        unchrome()
            .args(["train", "-q", "--max-iterations", "30", "--repeat", "3"])
            .arg(&csv)
            .arg("--holdout-domains")
            .arg(&held)
            .arg("-o")
            .arg(&model),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let t = training(&model);
    // The two training pages three times each; the held-out page (c.example) once, and only
    // in the validation figures.
    assert_eq!(t["pages"], 6);
    assert_eq!(t["rows"].as_u64().unwrap(), 3 * rows_once);
    assert_eq!(t["data"][0], "l.csv (training pages x3)");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(m["validation"]["pages"], 1);
}

#[test]
fn repeat_needs_one_whole_number_per_csv() {
    let (dir, csv) = labelled("news-repeat-bad");
    for (repeat, message) in [("1,2", "one per file"), ("0", "at least 1")] {
        let r = run(
            unchrome()
                .args(["train", "--repeat", repeat])
                .arg(&csv)
                .arg("-o")
                .arg(dir.path().join("x.json")),
            b"",
        );
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(message), "{}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
        assert!(!dir.path().join("x.json").exists());
    }
}

#[test]
fn eval_groups_pages_by_language() {
    let (dir, _) = labelled("news-lang");
    let r = run(
        unchrome()
            .args(["eval", "-q", "--json", "--pages"])
            .arg(dir.path().join("pages"))
            .arg("--gold")
            .arg(dir.path().join("gold")),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let langs = v["by_language"].as_object().unwrap();
    // "de-DE" counts as "de", an empty cell as "(none)".
    let mut keys: Vec<&str> = langs.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["(none)", "de", "en"]);
    for g in langs.values() {
        assert_eq!(g["pages"], 1);
        assert!(g["f1"].as_f64().unwrap() > 0.5, "{g}");
    }
}
