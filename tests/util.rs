//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};

/// The small news page used across tests.
pub const NEWS: &str = include_str!("fixtures/news.html");
/// Its gold text.
pub const NEWS_GOLD: &str = include_str!("fixtures/news.gold.txt");

/// A fresh empty temporary folder (removed when dropped).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("unchrome-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The shared benchmark datasets, when present.
pub fn datasets() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets");
    if p.join("wcxb-dev/index.csv").exists() {
        Some(p)
    } else {
        eprintln!("note: ../shared/datasets is absent; dataset tests are skipped");
        None
    }
}

/// A labelled dataset built from the news fixture and a few variations of it, for training tests.
pub fn small_dataset() -> unchrome::Dataset {
    let mut data = unchrome::Dataset::default();
    for (k, html) in [
        NEWS.to_string(),
        NEWS.replace("river", "canal"),
        NEWS.replace("Tuesday", "Friday"),
    ]
    .iter()
    .enumerate()
    {
        let blocks = unchrome::segment(html);
        let gold = NEWS_GOLD
            .replace("river", if k == 1 { "canal" } else { "river" })
            .replace("Tuesday", if k == 2 { "Friday" } else { "Tuesday" });
        let labels = unchrome::align_labels(&blocks, &gold)
            .into_iter()
            .map(Some)
            .collect();
        data.pages.push(unchrome::LabelledPage {
            id: format!("news{k}"),
            domain: format!("site{k}.example"),
            blocks,
            labels,
            kinds: Vec::new(),
        });
    }
    data
}
