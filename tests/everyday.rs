//! Everyday use: `--favor-precision`/`--favor-recall`, `-q`, `-j`, completions, help, errors.

use unchrome::Model;

use crate::cli::{run, unchrome};
use crate::util::{TempDir, NEWS, NEWS_GOLD};

fn words_kept(args: &[&str]) -> usize {
    let r = run(unchrome().arg("classify").args(args), NEWS.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout.split_whitespace().count()
}

#[test]
fn favor_flags_move_the_threshold_both_ways() {
    let m = Model::bundled();
    let (p, t, r) = (
        m.favor_precision_threshold(),
        m.threshold(),
        m.favor_recall_threshold(),
    );
    assert!(r < t && t < p, "{r} < {t} < {p}");
    if !m.has_favor_thresholds() {
        // The documented fallback: ±FAVOR_OFFSET in log-odds.
        let logit = |p: f64| (p / (1.0 - p)).ln();
        assert!((logit(p) - logit(t) - unchrome::FAVOR_OFFSET).abs() < 1e-9);
        assert!((logit(t) - logit(r) - unchrome::FAVOR_OFFSET).abs() < 1e-9);
    }
    let (precise, default, recall) = (
        words_kept(&["--favor-precision"]),
        words_kept(&[]),
        words_kept(&["--favor-recall"]),
    );
    assert!(precise <= default && default <= recall);
    let r = run(
        unchrome().args(["classify", "--favor-precision", "--threshold", "0.5"]),
        NEWS.as_bytes(),
    );
    assert_eq!(r.code, 2, "the flags conflict with --threshold");
}

#[test]
fn favor_thresholds_stored_in_the_model_are_used() {
    let dir = TempDir::new("favor-stored");
    let path = dir.path().join("m.json");
    Model::bundled().save(&path).unwrap();
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v["favor_precision_threshold"] = 0.999.into();
    v["favor_recall_threshold"] = 0.0.into();
    std::fs::write(&path, v.to_string()).unwrap();
    let m = Model::load(&path).unwrap();
    assert!(m.has_favor_thresholds());
    assert_eq!(m.favor_precision_threshold(), 0.999);
    let all = run(
        unchrome()
            .args(["classify", "-f", "blocks", "--favor-recall", "-m"])
            .arg(&path),
        NEWS.as_bytes(),
    );
    assert!(all
        .stdout
        .lines()
        .filter(|l| !l.starts_with('#'))
        .all(|l| l.starts_with("content\t")));
    let report = run(
        unchrome()
            .args(["classify", "-f", "html", "--favor-precision", "-m"])
            .arg(&path),
        NEWS.as_bytes(),
    );
    assert!(report.stdout.contains("chosen on validation data"));
    v["favor_recall_threshold"] = 1.5.into();
    std::fs::write(&path, v.to_string()).unwrap();
    let err = match Model::load(&path) {
        Ok(_) => panic!("a favor threshold of 1.5 was accepted"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("favor_recall_threshold"), "{err}");
}

#[test]
fn quiet_silences_summaries_and_jobs_is_accepted() {
    let dir = TempDir::new("quiet");
    for k in 0..2 {
        dir.write(
            &format!("pages/n{k}.html"),
            NEWS.replace("river", ["river", "canal"][k]),
        );
        dir.write(
            &format!("gold/n{k}.txt"),
            NEWS_GOLD.replace("river", ["river", "canal"][k]),
        );
    }
    let csv = dir.path().join("l.csv");
    let label = |extra: &[&str]| {
        run(
            unchrome()
                .arg("label")
                .args(extra)
                .arg("--pages")
                .arg(dir.path().join("pages"))
                .arg("--gold")
                .arg(dir.path().join("gold"))
                .arg("-o")
                .arg(&csv),
            b"",
        )
    };
    let loud = label(&["-j", "1"]);
    assert_eq!(loud.code, 0, "{}", loud.stderr);
    assert!(loud.stderr.contains("labelled 2 pages"));
    let quiet = label(&["-q"]);
    assert_eq!(quiet.code, 0);
    assert_eq!(quiet.stderr, "");
    let r = run(
        unchrome()
            .args(["train", "--quiet", "--max-iterations", "30"])
            .arg(&csv)
            .arg("-o")
            .arg(dir.path().join("m.json")),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // No summary; warnings stay (two pages are too few to train on, issue 20).
    assert!(
        r.stderr
            .lines()
            .all(|l| l.starts_with("unchrome: warning: trained on only")),
        "{}",
        r.stderr
    );
    let r = run(
        unchrome()
            .args(["eval", "-q", "-j", "1", "--pages"])
            .arg(dir.path().join("pages"))
            .arg("--gold")
            .arg(dir.path().join("gold")),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("f1"));
    // Not a terminal: no progress bar, even for a batch.
    let r = run(
        unchrome()
            .args(["classify", "-j", "2"])
            .arg(dir.path().join("pages")),
        b"",
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "");
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run(unchrome().args(["completions", shell]), b"");
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        for word in ["classify", "explain", "favor-precision"] {
            assert!(r.stdout.contains(word), "{shell} completions lack '{word}'");
        }
    }
    let r = run(unchrome().args(["completions", "tcsh"]), b"");
    assert_eq!(r.code, 2);
}

#[test]
fn every_subcommand_has_help_with_examples() {
    let r = run(unchrome().arg("--help"), b"");
    assert!(r.stdout.contains("Examples:"));
    for sub in [
        "classify",
        "explain",
        "blocks",
        "label",
        "train",
        "eval",
        "completions",
    ] {
        let r = run(unchrome().args([sub, "--help"]), b"");
        assert_eq!(r.code, 0, "{sub}");
        assert!(
            r.stdout.contains("Examples:"),
            "{sub} --help has no examples"
        );
        assert!(r.stdout.contains(&format!("unchrome {sub}")), "{sub}");
    }
    let r = run(unchrome().args(["classify", "--help"]), b"");
    for word in [
        "html",
        "markdown",
        "--favor-precision",
        "log-odds",
        "--quiet",
    ] {
        assert!(r.stdout.contains(word), "classify --help lacks '{word}'");
    }
}

#[test]
fn a_missing_model_file_suggests_the_fix() {
    let r = run(
        unchrome().args(["classify", "-m", "no-such-model.json"]),
        NEWS.as_bytes(),
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("no-such-model.json") && r.stderr.contains("leave out -m"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_folder_without_pages_says_what_was_looked_for() {
    let dir = TempDir::new("no-pages");
    dir.write("notes.txt", "not a page");
    let r = run(unchrome().arg("classify").arg(dir.path()), b"");
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("no pages found") && r.stderr.contains(".html.gz"));
}
