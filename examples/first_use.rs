//! What the first use of the bundled model costs in a fresh process: parsing the embedded model
//! (checked against this build's feature names), then the first classification, which also
//! builds the cue-phrase automata. Run it a few times: `cargo run --release --example first_use`.

fn main() {
    let t = std::time::Instant::now();
    let model = unchrome::Model::bundled();
    let load = t.elapsed();
    let t = std::time::Instant::now();
    let page = model.classify_html("<p>Hello world, this is a page.</p>");
    let first = t.elapsed();
    let t = std::time::Instant::now();
    let again = model.classify_html("<p>Hello world, this is another page.</p>");
    let second = t.elapsed();
    println!(
        "model load {load:?}; first classify {first:?}; second {second:?} ({} and {} blocks)",
        page.blocks().len(),
        again.blocks().len()
    );
}
