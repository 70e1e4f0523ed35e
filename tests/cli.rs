use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::{TempDir, NEWS, NEWS_GOLD};

pub fn unchrome() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unchrome"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command, stdin: &[u8]) -> Run {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Feed stdin from a thread (no deadlock on big outputs); a child that exits without reading
    // it (a bad model, say) closes the pipe, which is not the test's business.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn classify_prints_article_text_from_file_gz_and_stdin() {
    let dir = TempDir::new("cli-text");
    let html = dir.write("news.html", NEWS);
    let gz = dir.write("news.html.gz", gzip(NEWS.as_bytes()));
    let a = run(unchrome().arg("classify").arg(&html), b"");
    let b = run(unchrome().arg("classify").arg(&gz), b"");
    let c = run(unchrome().arg("classify"), NEWS.as_bytes());
    let d = run(unchrome().args(["classify", "-"]), NEWS.as_bytes());
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(a.stdout.contains("voted on Tuesday"));
    assert!(
        a.stdout
            .starts_with("Council approves new river bridge\n\n"),
        "the title first, then a blank line: {}",
        a.stdout
    );
    assert!(
        a.stdout.trim_end().contains("\n\n"),
        "paragraphs split by a blank line"
    );
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stdout, c.stdout);
    assert_eq!(a.stdout, d.stdout);
}

#[test]
fn blocks_format_is_tsv_label_probability_kind_text() {
    let r = run(
        unchrome().args(["classify", "-f", "blocks"]),
        NEWS.as_bytes(),
    );
    assert_eq!(r.code, 0);
    let mut lines = r.stdout.lines();
    // First a comment line with the page's paywall verdict.
    let verdict = lines.next().unwrap();
    assert!(
        verdict.starts_with("# paywalled=false probability="),
        "{verdict}"
    );
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{line}");
        assert!(cols[0] == "content" || cols[0] == "chrome");
        let p: f64 = cols[1].parse().unwrap();
        assert!((0.0..=1.0).contains(&p));
        if cols[0] == "content" {
            assert_eq!(cols[2], "-");
        } else {
            assert!(cols[2].parse::<unchrome::Kind>().is_ok(), "{line}");
        }
    }
}

#[test]
fn json_and_jsonl_formats_parse() {
    let dir = TempDir::new("cli-json");
    dir.write("pages/a.html", NEWS);
    dir.write("pages/sub/b.htm", NEWS);
    dir.write("pages/notes.txt", "not a page");
    let one = run(unchrome().args(["classify", "-f", "json"]), NEWS.as_bytes());
    let v: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert!(v["blocks"].as_array().unwrap().len() > 5);
    assert!(v["article_text"].as_str().unwrap().contains("voted"));
    // The page's flags (see tests/robustness.rs for them set).
    for flag in ["size_limited", "depth_limited", "truncated_input"] {
        assert_eq!(v[flag], false, "{flag}: {v}");
    }
    let many = run(
        unchrome()
            .args(["classify", "-f", "jsonl"])
            .arg(dir.path().join("pages")),
        b"",
    );
    let lines: Vec<serde_json::Value> = many
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        2,
        "two pages found recursively, the .txt ignored"
    );
    assert!(lines.iter().all(|v| v["size_limited"] == false
        && v["depth_limited"] == false
        && v["truncated_input"] == false));
    let arr = run(
        unchrome()
            .args(["classify", "-f", "json"])
            .arg(dir.path().join("pages")),
        b"",
    );
    let arr: serde_json::Value = serde_json::from_str(&arr.stdout).unwrap();
    assert_eq!(arr.as_array().unwrap().len(), 2);
}

#[test]
fn output_dir_names_files_after_inputs() {
    let dir = TempDir::new("cli-outdir");
    dir.write("pages/p1.html.gz", gzip(NEWS.as_bytes()));
    dir.write("pages/p2.htm", NEWS);
    dir.write("pages/deep/p3.html", NEWS);
    let out = dir.path().join("out");
    let r = run(
        unchrome()
            .args(["classify", "-o"])
            .arg(&out)
            .arg(dir.path().join("pages")),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["p1.txt", "p2.txt", "deep/p3.txt"] {
        assert!(out.join(f).exists(), "missing {f}");
    }
    let r = run(
        unchrome()
            .args(["classify", "-f", "blocks", "-o"])
            .arg(&out)
            .arg(dir.path().join("pages/p2.htm")),
        b"",
    );
    assert_eq!(r.code, 0);
    assert!(out.join("p2.tsv").exists());
}

#[test]
fn threshold_changes_what_is_kept() {
    let low = run(
        unchrome().args(["classify", "--threshold", "0.01"]),
        NEWS.as_bytes(),
    );
    let high = run(
        unchrome().args(["classify", "--threshold", "0.99"]),
        NEWS.as_bytes(),
    );
    assert!(low.stdout.len() > high.stdout.len());
    let bad = run(
        unchrome().args(["classify", "--threshold", "1.5"]),
        NEWS.as_bytes(),
    );
    assert_eq!(bad.code, 2);
}

#[test]
fn a_bad_input_is_reported_and_the_rest_processed() {
    let dir = TempDir::new("cli-partial");
    let good = dir.write("good.html", NEWS);
    let r = run(
        unchrome()
            .arg("classify")
            .arg(dir.path().join("missing.html"))
            .arg(&good),
        b"",
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("missing.html"), "{}", r.stderr);
    assert!(r.stdout.contains("voted on Tuesday"));
}

#[test]
fn a_bad_model_is_one_line_and_exit_2() {
    let dir = TempDir::new("cli-badmodel");
    let page = dir.write("page.html", NEWS);
    let r = run(
        unchrome().args(["classify", "-m"]).arg(&page).arg(&page),
        b"",
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("page.html") && !r.stderr.contains("panicked"));
}

#[test]
fn label_train_classify_eval_round_trip() {
    let dir = TempDir::new("cli-train");
    for k in 0..3 {
        dir.write(
            &format!("pages/n{k}.html"),
            NEWS.replace("river", ["river", "canal", "lake"][k]),
        );
        dir.write(
            &format!("gold/n{k}.txt"),
            NEWS_GOLD.replace("river", ["river", "canal", "lake"][k]),
        );
    }
    let csv = dir.path().join("l.csv");
    let r = run(
        unchrome()
            .args(["label", "--pages"])
            .arg(dir.path().join("pages"))
            .arg("--gold")
            .arg(dir.path().join("gold"))
            .arg("-o")
            .arg(&csv),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("label ceiling"));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("page,domain,index,label,text,"));
    assert!(text.contains(",content,") && text.contains(",chrome,"));

    let model = dir.path().join("m.json");
    let r = run(
        unchrome()
            .arg("train")
            .arg(&csv)
            .arg("-o")
            .arg(&model)
            .args(["--max-iterations", "50"]),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(
        unchrome()
            .args(["classify", "-m"])
            .arg(&model)
            .arg(dir.path().join("pages/n0.html")),
        b"",
    );
    assert!(r.stdout.contains("voted on Tuesday"));
    let r = run(unchrome().args(["eval", "-m"]).arg(&model).arg(&csv), b"");
    assert!(
        r.stdout.contains("f1") && r.stdout.contains("roc-auc"),
        "{}",
        r.stdout
    );
    let r = run(
        unchrome()
            .args(["eval", "-m"])
            .arg(&model)
            .arg("--pages")
            .arg(dir.path().join("pages"))
            .arg("--gold")
            .arg(dir.path().join("gold")),
        b"",
    );
    assert!(r.stdout.contains("f1"), "{}", r.stdout);

    let blocks = dir.path().join("b.csv");
    let r = run(
        unchrome()
            .arg("blocks")
            .arg(dir.path().join("pages/n0.html"))
            .arg("-o")
            .arg(&blocks),
        b"",
    );
    assert_eq!(r.code, 0);
    let d = unchrome::Dataset::from_path(&blocks).unwrap();
    assert!(
        d.pages[0].labels.iter().all(Option::is_none),
        "the label column is empty"
    );
}

#[test]
fn training_errors_are_one_line() {
    let dir = TempDir::new("cli-trainerr");
    let bad = dir.write(
        "bad.csv",
        "text,label\nA sentence about the river.,content\nSign in,chrome\nMenu,navbar\n",
    );
    let r = run(
        unchrome()
            .arg("train")
            .arg(&bad)
            .arg("-o")
            .arg(dir.path().join("x.json")),
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("navbar") && r.stderr.contains("line 4"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("x.json").exists());
    let one = dir.write(
        "one.csv",
        "text,label\nOne sentence.,content\nAnother sentence here.,content\n",
    );
    let r = run(
        unchrome()
            .arg("train")
            .arg(&one)
            .arg("-o")
            .arg(dir.path().join("y.json")),
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("both content and chrome"), "{}", r.stderr);
}

#[test]
fn broken_pipe_ends_quietly() {
    let dir = TempDir::new("cli-pipe");
    for k in 0..40 {
        dir.write(&format!("p{k:02}.html"), NEWS);
    }
    let mut child = unchrome()
        .args(["classify", "-f", "blocks"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}
