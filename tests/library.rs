use unchrome::{Label, Model};

use crate::util::NEWS;

#[test]
fn bundled_model_loads_and_describes_itself() {
    let m = Model::bundled();
    assert_eq!(m.feature_names(), unchrome::feature_names());
    assert!(
        m.provenance().rows > 10_000,
        "the bundled model is trained on real pages"
    );
    assert!(m.validation().is_some());
}

#[test]
fn bundled_model_separates_the_news_fixture() {
    let page = Model::bundled().classify_html(NEWS);
    let text = page.article_text();
    for keep in [
        "voted on Tuesday to build a new bridge",
        "Construction is due to start",
        "Residents of the east bank",
    ] {
        assert!(text.contains(keep), "lost '{keep}':\n{text}");
    }
    for drop in [
        "Privacy policy",
        "Accept all",
        "Old bridge closed for repairs",
    ] {
        assert!(!text.contains(drop), "kept '{drop}':\n{text}");
    }
    for b in page.blocks() {
        assert!((0.0..=1.0).contains(&b.probability()));
        assert_eq!(
            b.label() == Label::Content,
            b.probability() >= page.threshold()
        );
    }
}

#[test]
fn bytes_and_str_agree() {
    let m = Model::bundled();
    assert_eq!(m.classify_bytes(NEWS.as_bytes()), m.classify_html(NEWS));
}

#[test]
fn threshold_is_a_dial() {
    let m = Model::bundled();
    let all = m.with_threshold(0.0).classify_html(NEWS);
    let none = m.with_threshold(1.0).classify_html(NEWS);
    assert_eq!(all.content_blocks().count(), all.blocks().len());
    assert!(none.content_blocks().count() <= 1);
}

#[test]
fn hostile_input_never_panics() {
    let m = Model::bundled();
    for input in [
        &b""[..],
        b"\x00\x01\x02\xff\xfe",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"<<<>>>",
        b"\x1f\x8b\x08\x00garbage",
    ] {
        let _ = m.classify_bytes(input);
    }
    assert!(m.classify_html("").blocks().is_empty());
}

#[test]
fn model_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Model>();
    assert_send_sync::<unchrome::Page>();
}
