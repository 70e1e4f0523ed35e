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
        // The documented fallback, for each threshold the model does not store: ±FAVOR_OFFSET
        // in log-odds (training stores one only when it lies past the threshold).
        let dir = TempDir::new("favor-fallback");
        let path = dir.path().join("m.json");
        m.save(&path).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let logit = |p: f64| (p / (1.0 - p)).ln();
        if v["favor_precision_threshold"].is_null() {
            assert!((logit(p) - logit(t) - unchrome::FAVOR_OFFSET).abs() < 1e-9);
        }
        if v["favor_recall_threshold"].is_null() {
            assert!((logit(t) - logit(r) - unchrome::FAVOR_OFFSET).abs() < 1e-9);
        }
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

/// A labelled CSV of the news fixture's blocks, with a `domain` column or without.
fn labelled_csv(dir: &TempDir, name: &str, domain: Option<&str>) -> std::path::PathBuf {
    let mut data = crate::util::small_dataset();
    for (k, p) in data.pages.iter_mut().enumerate() {
        p.domain = domain.map_or(String::new(), |d| format!("{k}.{d}"));
    }
    let mut bytes = Vec::new();
    data.write_csv(&mut bytes).unwrap();
    let mut csv = String::from_utf8(bytes).unwrap();
    if domain.is_none() {
        // As a hand-made CSV without the column: drop the second field, `domain`.
        csv = csv
            .lines()
            .map(|l| {
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(l.as_bytes());
                let rec = r.records().next().unwrap().unwrap();
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(
                    rec.iter()
                        .enumerate()
                        .filter(|(i, _)| *i != 1)
                        .map(|(_, f)| f),
                )
                .unwrap();
                String::from_utf8(w.into_inner().unwrap()).unwrap()
            })
            .collect();
        assert!(!csv.lines().next().unwrap().contains("domain"));
    }
    dir.write(name, csv)
}

fn train(csv: &std::path::Path, extra: &[&str], dir: &TempDir) -> crate::cli::Run {
    run(
        unchrome()
            .args(["train", "--max-iterations", "30"])
            .arg(csv)
            .arg("-o")
            .arg(dir.path().join("m.json"))
            .args(extra),
        b"",
    )
}

/// Issue 20: holdout domains that hold nothing out are an error, not a model without validation.
#[test]
fn holdout_domains_that_hold_nothing_out_are_refused() {
    let dir = TempDir::new("holdout-nothing");
    let list = dir.write("holdout.txt", "# validation sites\n1.example.org\n");
    let bare = labelled_csv(&dir, "bare.csv", None);
    let r = train(&bare, &["--holdout-domains", list.to_str().unwrap()], &dir);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("holdout domains 'holdout.txt': none of its 1 domains occurs in the data")
            && r.stderr.contains("no 'domain' column"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("m.json").exists(), "no model written");
    let other = labelled_csv(&dir, "other.csv", Some("example.net"));
    let r = train(&other, &["--holdout-domains", list.to_str().unwrap()], &dir);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the data's 3 domains are others, e.g. 0.example.net"),
        "{}",
        r.stderr
    );
    // With a domain that occurs, it trains and validates.
    let good = labelled_csv(&dir, "good.csv", Some("example.org"));
    let r = train(&good, &["--holdout-domains", list.to_str().unwrap()], &dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("held out 1 pages"), "{}", r.stderr);
}

/// Issue 20: a model trained on a handful of rows says so.
#[test]
fn training_on_few_rows_warns() {
    let dir = TempDir::new("few-rows");
    let tiny = dir.write(
        "tiny.csv",
        "text,label\nThe council voted to build a bridge over the river.,content\nHome,chrome\n",
    );
    let r = train(&tiny, &[], &dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "unchrome: warning: trained on only 2 rows of 2 pages: a model needs thousands"
        ),
        "{}",
        r.stderr
    );
    // The bundled model's own training set is no such case.
    let p = Model::bundled().provenance();
    assert!(p.rows >= 1000 && p.pages >= 10);
}

/// Issue 20: the errors a newcomer meets first say what to do.
#[test]
fn errors_hint_at_the_fix() {
    let url = "https://example.org/news/bridge.html";
    let r = run(unchrome().args(["classify", url]), b"");
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!(
            "unchrome reads files, not URLs; fetch the page first: curl -sL '{url}' | unchrome classify -"
        )),
        "{}",
        r.stderr
    );
    // A plain missing file gets no URL hint.
    let r = run(unchrome().args(["classify", "no-such-page.html"]), b"");
    assert!(!r.stderr.contains("curl"), "{}", r.stderr);

    let dir = TempDir::new("eval-dir");
    let r = run(unchrome().arg("eval").arg(dir.path()), b"");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "is a directory; eval reads labelled CSV files here: for a folder of pages use --pages"
        ),
        "{}",
        r.stderr
    );
    let r = run(
        unchrome()
            .arg("train")
            .arg(dir.path())
            .arg("-o")
            .arg(dir.path().join("m.json")),
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("is a directory; train reads labelled CSV files"),
        "{}",
        r.stderr
    );

    let csv = dir.write(
        "bad.csv",
        "text,label\nHello there,chrome:navigation\nMenu,nav\n",
    );
    let r = run(unchrome().arg("eval").arg(&csv), b"");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown label 'nav' (expected 'content', 'chrome' or 'chrome:<kind>': chrome:paywall, chrome:promo,")
            && r.stderr.contains("chrome:other)"),
        "{}",
        r.stderr
    );
}

/// Issue 20: several pages of text are told apart by a `==> path <==` line, as `head` does;
/// one page prints exactly what it printed before.
#[test]
fn several_pages_are_named_one_page_is_not() {
    let a = "tests/fixtures/news.html";
    let b = "tests/fixtures/regression/listicle.html";
    for format in ["text", "markdown"] {
        let one = |p: &str| run(unchrome().args(["classify", "-f", format, p]), b"").stdout;
        let (oa, ob) = (one(a), one(b));
        assert!(!oa.contains("==>") && !oa.is_empty());
        let both = run(unchrome().args(["classify", "-f", format, a, b]), b"");
        assert_eq!(both.code, 0);
        assert_eq!(
            both.stdout,
            format!("==> {a} <==\n{oa}\n==> {b} <==\n{ob}"),
            "{format}"
        );
    }
    let blocks = run(unchrome().args(["classify", "-f", "blocks", a, b]), b"").stdout;
    assert!(blocks.starts_with(&format!("# ==> {a} <==\n# paywalled=")));
    assert!(blocks.contains(&format!("\n# ==> {b} <==\n# paywalled=")));
    // A page without content still gets its name.
    let dir = TempDir::new("named-empty");
    let empty = dir.write("empty.html", "<nav><a href=/>Home</a></nav>");
    let r = run(unchrome().arg("classify").arg(&empty).arg(a), b"");
    assert!(
        r.stdout
            .starts_with(&format!("==> {} <==\n\n==> {a} <==\n", empty.display())),
        "{}",
        r.stdout
    );
}
