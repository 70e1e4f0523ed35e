//! Any text as a model file: an error naming the file, or a model that classifies; never a
//! panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use unchrome::Model;

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    match Model::from_json(&json, Path::new("fuzz.json")) {
        Err(e) => assert!(e.to_string().starts_with("fuzz.json: "), "{e}"),
        Ok(model) => {
            let page = model.classify_html("<p>Some text. More text, here.</p><a href=x>Home</a>");
            for b in page.blocks() {
                assert!((0.0..=1.0).contains(&b.probability()));
            }
        }
    }
});
