//! `unchrome explain` and the contributions it is built on.

use unchrome::Model;

use crate::cli::{run, unchrome};
use crate::util::{TempDir, NEWS};

fn explain_json(args: &[&str]) -> Vec<serde_json::Value> {
    let r = run(
        unchrome().args(["explain", "--json"]).args(args),
        NEWS.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn contributions_add_up_to_the_first_stage_log_odds() {
    let m = Model::bundled();
    let blocks = unchrome::segment(NEWS);
    let x = unchrome::page_features(&blocks);
    let p = m.predict_features(&x);
    for (i, row) in x.rows().into_iter().enumerate() {
        let z = m.intercept() + m.contributions(&row.to_vec()).iter().sum::<f64>();
        let logit = (p[i] / (1.0 - p[i])).ln();
        assert!((z - logit).abs() < 1e-6, "block {i}: {z} vs {logit}");
    }
}

#[test]
fn explain_lists_every_block_with_its_strongest_features() {
    let blocks = explain_json(&[]);
    let json = run(unchrome().args(["classify", "-f", "json"]), NEWS.as_bytes());
    let page: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let classified = page["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), classified.len());
    let names = unchrome::feature_names();
    for (e, c) in blocks.iter().zip(classified) {
        // The same label and probability as classify.
        assert_eq!(e["label"], c["label"]);
        assert!(
            (e["probability"].as_f64().unwrap() - c["probability"].as_f64().unwrap()).abs() < 1e-9
        );
        let toward_content = e["toward_content"].as_array().unwrap();
        let toward_chrome = e["toward_chrome"].as_array().unwrap();
        assert!(toward_content.len() <= 5 && toward_chrome.len() <= 5);
        let mut shown = 0.0;
        for (list, sign) in [(toward_content, 1.0), (toward_chrome, -1.0)] {
            let mut last = f64::INFINITY;
            for f in list {
                assert!(names.iter().any(|n| n == f["name"].as_str().unwrap()));
                let c = f["contribution"].as_f64().unwrap();
                assert!(c * sign > 0.0, "{f} on the wrong side");
                assert!(c.abs() <= last, "largest first");
                last = c.abs();
                shown += c;
            }
        }
        // Exact: intercept + listed + the rest = the log-odds of the first-stage probability.
        let z = e["intercept"].as_f64().unwrap() + shown + e["rest"].as_f64().unwrap();
        assert!((z - e["log_odds"].as_f64().unwrap()).abs() < 1e-9);
        let p = e["first_stage_probability"].as_f64().unwrap();
        assert!((1.0 / (1.0 + (-z).exp()) - p).abs() < 1e-9);
    }
}

#[test]
fn explain_one_block_with_top_k() {
    let one = explain_json(&["--block", "9", "--top", "3"]);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["index"], 9);
    assert!(one[0]["text"]
        .as_str()
        .unwrap()
        .contains("voted on Tuesday"));
    assert!(one[0]["toward_content"].as_array().unwrap().len() <= 3);
    let r = run(
        unchrome().args(["explain", "-b", "9", "-k", "2"]),
        NEWS.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("block 9: "), "{}", r.stdout);
    for part in [
        "toward content",
        "toward chrome",
        "intercept",
        "total log-odds",
        "voted on Tuesday",
    ] {
        assert!(r.stdout.contains(part), "lacks '{part}':\n{}", r.stdout);
    }
}

#[test]
fn explain_errors_name_the_page_and_the_fix() {
    let dir = TempDir::new("explain-err");
    let page = dir.write("story.html", NEWS);
    let r = run(
        unchrome()
            .arg("explain")
            .arg(&page)
            .args(["--block", "999"]),
        b"",
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("story.html") && r.stderr.contains("numbered 0 to"),
        "{}",
        r.stderr
    );
    dir.write("pages/a.html", NEWS);
    dir.write("pages/b.html", NEWS);
    let r = run(unchrome().arg("explain").arg(dir.path().join("pages")), b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("one page"), "{}", r.stderr);
    let r = run(
        unchrome()
            .arg("explain")
            .arg(dir.path().join("missing.html")),
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.html"), "{}", r.stderr);
}
