//! Train a model from a labelled CSV, save it, load it back and use it.
//!
//! ```sh
//! cargo run --release --example train_from_csv                  # a CSV made from the fixtures
//! cargo run --release --example train_from_csv -- labelled.csv  # your own (see the README)
//! ```
//!
//! Without an argument it first makes the CSV the way `unchrome label` does: it segments the
//! fixture page and variants of it, and labels each block by aligning it to the gold text.

use std::path::PathBuf;

use unchrome::{Dataset, LabelledPage, Model, TrainParams};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("unchrome-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let csv = match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None => fixture_csv(&dir)?,
    };

    let data = Dataset::from_path(&csv)?; // errors name the file, line and column
    println!(
        "{}: {} pages, {} labelled rows",
        csv.display(),
        data.pages.len(),
        data.rows()
    );
    let model = TrainParams::default()
        .alpha(1.0)
        .max_iterations(100)
        .data_names(vec![csv.display().to_string()])
        .fit(&data)?;
    let path = dir.join("model.json");
    model.save(&path)?; // atomic: a temporary file, then a rename
    let model = Model::load(&path)?;
    println!(
        "trained on {} rows ({} content), threshold {:.2}; saved to {}",
        model.provenance().rows,
        model.provenance().content_rows,
        model.threshold(),
        path.display()
    );

    let page = model.classify_html(include_str!("../tests/fixtures/news.html"));
    println!("\narticle by the new model:\n{}", page.article_text());
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// Labels the news fixture and two variants against the gold text; writes them as CSV.
fn fixture_csv(dir: &std::path::Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let html = include_str!("../tests/fixtures/news.html");
    let gold = include_str!("../tests/fixtures/news.gold.txt");
    let mut data = Dataset::default();
    for (k, (from, to)) in [
        ("river", "river"),
        ("river", "canal"),
        ("Tuesday", "Friday"),
    ]
    .into_iter()
    .enumerate()
    {
        let blocks = unchrome::segment(&html.replace(from, to));
        let labels = unchrome::align_labels(&blocks, &gold.replace(from, to));
        data.pages.push(LabelledPage {
            id: format!("news{k}"),
            domain: format!("site{k}.example"),
            blocks,
            labels: labels.into_iter().map(Some).collect(),
            kinds: Vec::new(),
        });
    }
    let path = dir.join("labelled.csv");
    data.write_csv(std::fs::File::create(&path)?)?;
    Ok(path)
}
