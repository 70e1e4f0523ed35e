//! Classify an HTML string with the bundled model and print every block and the article.
//!
//! ```sh
//! cargo run --example classify_string
//! cargo run --example classify_string -- tests/fixtures/news.html   # or a page file
//! ```

/// A small news page: navigation, an article, a newsletter box and a footer.
const HTML: &str = r#"<html><head><title>Council approves the bridge</title></head><body>
  <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/login">Sign in</a></nav>
  <article>
    <h1>Council approves the new river bridge</h1>
    <p>The city council voted on Tuesday to build a new bridge over the river, ending a
    decade of debate about traffic in the old town and the cost of the project.</p>
    <p>Construction is due to start next spring and take three years, the mayor said,
    adding that the old bridge would stay open for pedestrians and cyclists.</p>
    <div class="newsletter"><p>Sign up for our free morning newsletter</p></div>
  </article>
  <footer>© 2026 Example News. <a href="/privacy">Privacy policy</a></footer>
</body></html>"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let model = unchrome::Model::bundled(); // embedded, parsed once
    let page = match std::env::args_os().nth(1) {
        // Raw bytes: gzip and any charset are handled by `classify_bytes`.
        Some(path) => model.classify_bytes(&std::fs::read(path)?),
        // `&str` in, no I/O.
        None => model.classify_html(HTML),
    };
    println!("threshold {:.2}", page.threshold());
    for b in page.blocks() {
        println!(
            "{:7} {:.3}  <{}> {}",
            b.label(),
            b.probability(),
            b.block.tag,
            b.text()
        );
    }
    println!("\narticle:\n{}", page.article_text());
    Ok(())
}
