//! The source tree's shape (issue 16): the library's stage modules import one way, down the
//! order that `src/lib.rs` declares, so a reader can follow the pipeline from the top.

use std::path::Path;

/// Top-level modules of `src/`, highest first. A module may use those after it, never those
/// before it. (The CLI, `src/cli/`, sits above all of them and uses only the public API.)
const LAYERS: [&str; 9] = [
    "warc", "model", "dataset", "page", "features", "html", "label", "util", "error",
];

/// The stage a source file belongs to: `src/html/segment.rs` → `html`.
fn stage(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// `crate::NAME` references in code (not comments, not `#[cfg(test)]` modules).
fn crate_refs(code: &str) -> Vec<String> {
    let code = code.split("#[cfg(test)]").next().unwrap_or("");
    let mut refs = Vec::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            refs.push(name);
        }
    }
    refs
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn stages_import_downward_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut seen = std::collections::BTreeSet::new();
    let mut upward = Vec::new();
    for path in &all {
        let from = stage(path, &src);
        if matches!(from.as_str(), "lib" | "main" | "cli") {
            continue;
        }
        let Some(from_at) = LAYERS.iter().position(|l| *l == from) else {
            panic!("{}: stage `{from}` is not in LAYERS", path.display());
        };
        seen.insert(from.clone());
        let code = std::fs::read_to_string(path).unwrap();
        for to in crate_refs(&code) {
            if let Some(to_at) = LAYERS.iter().position(|l| *l == to) {
                if to_at < from_at {
                    upward.push(format!("{} uses crate::{to}", path.display()));
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the layer order: {upward:#?}"
    );
    // Every layer exists, so a renamed folder cannot make the check vacuous.
    assert_eq!(seen.len(), LAYERS.len(), "stages found: {seen:?}");
}

#[test]
fn the_check_sees_an_upward_import() {
    let refs = crate_refs("use crate::model::Model;\n// crate::page in a comment\nfn f() {}");
    assert_eq!(refs, ["model"]);
}
