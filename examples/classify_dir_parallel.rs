//! Classify every page of a folder on all cores with one shared model, using only the standard
//! library (`std::thread::scope`): a `Model` is `Send + Sync`, so threads borrow it.
//!
//! ```sh
//! cargo run --release --example classify_dir_parallel                   # the regression fixtures
//! cargo run --release --example classify_dir_parallel -- pages/ 4       # a folder, 4 threads
//! ```

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "tests/fixtures/regression".to_string()),
    );
    let threads = match args.next() {
        Some(n) => n.parse()?,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".html.gz")
        })
        .collect();
    files.sort();

    let model = unchrome::Model::bundled();
    let next = AtomicUsize::new(0);
    // (file index, kept words, dropped words), gathered from all threads.
    let results = Mutex::new(Vec::with_capacity(files.len()));
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let row = match std::fs::read(path) {
                    Ok(bytes) => {
                        let page = model.classify_bytes(&bytes);
                        let (mut kept, mut dropped) = (0, 0);
                        for b in page.blocks() {
                            let words = unchrome::words(b.text()).count();
                            if b.is_content() {
                                kept += words;
                            } else {
                                dropped += words;
                            }
                        }
                        Ok((kept, dropped))
                    }
                    Err(e) => Err(e.to_string()),
                };
                results.lock().expect("no thread panics").push((i, row));
            });
        }
    });
    let mut results = results.into_inner()?;
    results.sort_by_key(|(i, _)| *i);
    println!("{:>6} {:>8}  page", "kept", "dropped");
    for (i, row) in results {
        match row {
            Ok((kept, dropped)) => println!("{kept:>6} {dropped:>8}  {}", files[i].display()),
            Err(e) => eprintln!("{}: {e}", files[i].display()),
        }
    }
    println!("{} pages on {threads} threads", files.len());
    Ok(())
}
