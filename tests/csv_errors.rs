use std::path::Path;

use unchrome::{Dataset, Error, TrainParams};

fn read(csv: &[u8]) -> Result<Dataset, Error> {
    Dataset::from_reader(csv, Path::new("in.csv"))
}

fn message(csv: &[u8]) -> String {
    read(csv).unwrap_err().to_string()
}

#[test]
fn text_and_label_only_is_enough() {
    let d = read(b"text,label\nA real sentence about the town.,content\nSign in,chrome\n").unwrap();
    assert_eq!(d.rows(), 2);
    assert_eq!(
        d.pages.len(),
        2,
        "without a page column every row is its own page"
    );
}

#[test]
fn missing_text_column_is_named() {
    let m = message(b"words,label\nx,content\n");
    assert!(m.contains("in.csv") && m.contains("'text'"), "{m}");
}

#[test]
fn unknown_label_names_value_and_line() {
    let m = message(b"text,label\nfine,content\nMenu,navbar\n");
    assert!(
        m.contains("in.csv") && m.contains("line 3") && m.contains("navbar"),
        "{m}"
    );
}

#[test]
fn bad_number_names_line_and_column() {
    let m = message(b"text,label,link_chars\nfine,content,12\nbad,chrome,lots\n");
    assert!(
        m.contains("line 3") && m.contains("link_chars") && m.contains("bad number"),
        "{m}"
    );
}

#[test]
fn ragged_row_is_reported() {
    let m = message(b"text,label\nfine,content\nextra,chrome,field\n");
    assert!(m.contains("line 3") && m.contains("ragged"), "{m}");
}

#[test]
fn invalid_utf8_is_reported() {
    let m = message(b"text,label\nfine,content\nbad \xff\xfe,chrome\n");
    assert!(m.contains("line 3") && m.contains("UTF-8"), "{m}");
}

#[test]
fn one_class_is_refused() {
    let d = read(b"text,label\nOne sentence.,content\nAnother one here.,content\n").unwrap();
    let m = TrainParams::default().fit(&d).unwrap_err().to_string();
    assert!(m.contains("content") && m.contains("both"), "{m}");
}

#[test]
fn too_few_rows_are_refused() {
    let d = read(b"text,label\nOne sentence.,content\n").unwrap();
    let m = TrainParams::default().fit(&d).unwrap_err().to_string();
    assert!(m.contains("at least"), "{m}");
}

#[test]
fn unlabelled_rows_are_refused_for_training() {
    let d = read(b"text,label\nOne sentence.,content\nMenu,\nSign in,chrome\n").unwrap();
    let m = TrainParams::default().fit(&d).unwrap_err().to_string();
    assert!(m.contains("no label"), "{m}");
}

#[test]
fn rows_are_put_back_in_page_order() {
    let d = read(b"page,index,text,label\np,1,second,chrome\np,0,first,content\n").unwrap();
    assert_eq!(d.pages[0].blocks[0].text, "first");
    assert_eq!(d.pages[0].labels[0], Some(unchrome::Label::Content));
}
