//! Any bytes as a labelled CSV: an error or a dataset, never a panic; a dataset read back from
//! its own CSV output is the same.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use unchrome::Dataset;

fuzz_target!(|data: &[u8]| {
    let Ok(ds) = Dataset::from_reader(data, Path::new("fuzz.csv")) else {
        return;
    };
    let mut out = Vec::new();
    ds.write_csv(&mut out).expect("writing to memory works");
    let back = Dataset::from_reader(&out[..], Path::new("again.csv"))
        .unwrap_or_else(|e| panic!("our own CSV does not read back: {e}"));
    assert_eq!(back.rows(), ds.rows());
    let nan = ds
        .pages
        .iter()
        .flat_map(|p| &p.blocks)
        .any(|b| b.title_overlap.is_nan() || b.main_share.is_nan());
    if !nan {
        assert_eq!(back, ds);
    }
    // Features of whatever the CSV held are finite.
    for page in &ds.pages {
        let x = unchrome::page_features(&page.blocks);
        assert!(x.iter().all(|v| v.is_finite()));
    }
});
