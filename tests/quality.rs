//! The quality gate: the bundled model's figures on the wcxb-dev validation domains must not fall
//! more than 0.005 below the floor recorded in `models/default.validation.json`. Runs when
//! `../shared/datasets` is present (as in CI); says so and passes trivially when it is not.

use std::path::Path;
use std::process::Command;

use crate::util::datasets;

const SLACK: f64 = 0.005;

fn eval_json(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_unchrome"))
        .arg("eval")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn validation_figures_hold_the_recorded_floor() {
    let Some(data) = datasets() else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let floor: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("models/default.validation.json")).unwrap(),
    )
    .unwrap();
    let wcxb = data.join("wcxb-dev");
    let domains = root.join("training/validation-domains.txt");
    let got = eval_json(&[
        "--pages",
        wcxb.join("html").to_str().unwrap(),
        "--gold",
        wcxb.join("gold").to_str().unwrap(),
        "--domains",
        domains.to_str().unwrap(),
    ]);
    let f = &floor["wcxb_validation"];
    let num =
        |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap_or_else(|| panic!("no {k} in {v}"));
    assert!(
        num(&got, "pages") >= 300.0,
        "validation pages missing: {got}"
    );
    assert!(
        num(&got, "f1") >= num(f, "f1") - SLACK,
        "word F1 {} below floor {}",
        num(&got, "f1"),
        num(f, "f1")
    );
    assert!(num(&got, "must_have_recall") >= num(f, "must_have_recall") - SLACK);
    assert!(num(&got, "must_not_have_leak") <= num(f, "must_not_have_leak") + SLACK);
    assert!(
        num(&got, "f1") >= 0.80,
        "the first bar of the pipeline issue"
    );
}
