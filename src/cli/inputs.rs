//! Input paths: files, recursive directories, stdin.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// One page to process.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file, or `None` for stdin.
    pub path: Option<PathBuf>,
    /// Output name: the path below the directory given (or the file name), without the
    /// `.html`/`.htm`/`.html.gz` extension. `stdin` for stdin.
    pub name: PathBuf,
    /// A WARC file (`.warc`, `.warc.gz`): many pages, read record by record.
    pub warc: bool,
}

impl Input {
    /// How to show this input in messages.
    pub fn display(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string())
    }

    /// The page's raw bytes, at most one past the size limit `max_bytes` (the library cuts the
    /// page there and flags it): a 10 GB file or `/dev/zero` costs no more than a page at the
    /// limit.
    pub fn read(&self, max_bytes: usize) -> anyhow::Result<Vec<u8>> {
        let limit = u64::try_from(max_bytes)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let mut buf = Vec::new();
        match &self.path {
            None => {
                std::io::stdin()
                    .lock()
                    .take(limit)
                    .read_to_end(&mut buf)
                    .context("<stdin>")?;
            }
            Some(p) => {
                std::fs::File::open(p)
                    .and_then(|f| f.take(limit).read_to_end(&mut buf))
                    .with_context(|| p.display().to_string())?;
            }
        }
        Ok(buf)
    }
}

const EXTENSIONS: &[&str] = &[".html.gz", ".htm.gz", ".xhtml", ".html", ".htm"];
const WARC_EXTENSIONS: &[&str] = &[".warc.gz", ".warc"];

/// The name without a WARC extension, or `None` when it has none.
pub fn strip_warc_extension(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    WARC_EXTENSIONS
        .iter()
        .find(|e| lower.ends_with(*e) && lower.len() > e.len())
        .map(|e| &name[..name.len() - e.len()])
}

/// The name without a page extension, or `None` when it has none.
pub fn strip_page_extension(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .find(|e| lower.ends_with(*e) && lower.len() > e.len())
        .map(|e| &name[..name.len() - e.len()])
}

/// Expands paths: `-` is stdin, a directory is searched recursively for page files (sorted,
/// symlinked directories visited once), any other path is a page file whatever its name.
/// Returns the inputs and the paths that could not be read, with the reason.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<(String, String)>) {
    collect_inputs(paths, false)
}

/// [`collect`], and WARC files too: `.warc` and `.warc.gz` given by name or found in folders.
pub fn collect_with_warc(paths: &[PathBuf]) -> (Vec<Input>, Vec<(String, String)>) {
    collect_inputs(paths, true)
}

fn collect_inputs(paths: &[PathBuf], with_warc: bool) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                path: None,
                name: PathBuf::from("stdin"),
                warc: false,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push((path.display().to_string(), not_found_hint(path, e))),
            Ok(m) if m.is_dir() => walk(path, with_warc, &mut inputs, &mut errors),
            Ok(_) => {
                let file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let warc = strip_warc_extension(&file).filter(|_| with_warc);
                let stem = warc
                    .or_else(|| strip_page_extension(&file))
                    .unwrap_or(&file)
                    .to_string();
                inputs.push(Input {
                    path: Some(path.clone()),
                    name: PathBuf::from(stem),
                    warc: warc.is_some(),
                });
            }
        }
    }
    (inputs, errors)
}

/// Why a path could not be read, with a hint when it is a URL: unchrome reads files, and a
/// newcomer's first try is often `unchrome classify https://...`.
fn not_found_hint(path: &Path, e: std::io::Error) -> String {
    let shown = path.display().to_string();
    let lower = shown.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        format!("{e} (unchrome reads files, not URLs; fetch the page first: curl -sL '{shown}' | unchrome classify -)")
    } else {
        e.to_string()
    }
}

fn walk(root: &Path, with_warc: bool, inputs: &mut Vec<Input>, errors: &mut Vec<(String, String)>) {
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        // A symlink loop leads back to a directory already seen: skip it.
        match std::fs::canonicalize(&dir) {
            Ok(c) => {
                if !seen.insert(c) {
                    continue;
                }
            }
            Err(e) => {
                errors.push((dir.display().to_string(), e.to_string()));
                continue;
            }
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push((dir.display().to_string(), e.to_string()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let p = entry.path();
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => stack.push(p),
                Ok(m) => {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if strip_page_extension(&name).is_some()
                        || (with_warc && strip_warc_extension(&name).is_some())
                    {
                        if m.is_file() {
                            found.push(p);
                        } else {
                            // A FIFO or a device would block the run or never end.
                            errors.push((p.display().to_string(), "not a regular file".into()));
                        }
                    }
                }
                Err(e) => errors.push((p.display().to_string(), e.to_string())),
            }
        }
    }
    found.sort();
    for p in found {
        let rel = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
        let file = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let warc = strip_warc_extension(&file).filter(|_| with_warc);
        let stem = warc
            .or_else(|| strip_page_extension(&file))
            .unwrap_or(&file)
            .to_string();
        let name = rel.with_file_name(stem);
        inputs.push(Input {
            path: Some(p),
            name,
            warc: warc.is_some(),
        });
    }
}

/// Reads a list file: one entry per line, `#` comments and blank lines skipped.
pub fn read_list(path: &Path) -> anyhow::Result<HashSet<String>> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// Reads `index.csv` (columns id, domain, page_type, split...) into id → column → value.
pub fn read_index(path: &Path) -> anyhow::Result<std::collections::HashMap<String, IndexRow>> {
    let mut rdr = csv::Reader::from_path(path).with_context(|| path.display().to_string())?;
    let headers = rdr
        .headers()
        .with_context(|| path.display().to_string())?
        .clone();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let (id, domain, page_type, split) = (col("id"), col("domain"), col("page_type"), col("split"));
    let lang = col("lang");
    let id = id.with_context(|| format!("{}: no 'id' column", path.display()))?;
    let mut out = std::collections::HashMap::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| path.display().to_string())?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").to_string();
        out.insert(
            rec.get(id).unwrap_or("").to_string(),
            IndexRow {
                domain: get(domain),
                page_type: get(page_type),
                split: get(split),
                lang: get(lang),
            },
        );
    }
    Ok(out)
}

/// What `index.csv` says of one page.
#[derive(Debug, Clone, Default)]
pub struct IndexRow {
    pub domain: String,
    pub page_type: String,
    pub split: String,
    /// The `lang` column as given (e.g. `en`, `pt-BR`; empty when unknown).
    pub lang: String,
}

/// `<pages>/../<name>` when it exists.
pub fn beside(pages: &Path, name: &str) -> Option<PathBuf> {
    let parent = pages.canonicalize().ok()?.parent()?.join(name);
    parent.exists().then_some(parent)
}
