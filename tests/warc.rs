//! WARC input: `unchrome classify crawl.warc.gz` and `unchrome::WarcReader`, on WARC files the
//! tests write from the fixture pages.

use std::io::Write;

use serde_json::Value;

use crate::cli::{run, unchrome};
use crate::util::{TempDir, NEWS};

const FIXTURES: &[(&str, &str)] = &[
    ("news.html", NEWS),
    (
        "listicle.html",
        include_str!("fixtures/regression/listicle.html"),
    ),
    (
        "cookie-banner.html",
        include_str!("fixtures/regression/cookie-banner.html"),
    ),
    (
        "german-news.html",
        include_str!("fixtures/regression/german-news.html"),
    ),
    (
        "hard-wall.html",
        include_str!("fixtures/paywall/hard-wall.html"),
    ),
];

/// One WARC record; `http` is the HTTP message (status line, headers, body).
fn record(warc_type: &str, id: usize, url: &str, http: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{id:012}>\r\n\
         WARC-Date: 2024-01-02T03:04:05Z\r\nWARC-Target-URI: {url}\r\n\
         Content-Type: application/http; msgtype={warc_type}\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(id: usize, url: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
    http.extend_from_slice(body);
    record("response", id, url, &http)
}

fn html_response(id: usize, url: &str, body: &[u8]) -> Vec<u8> {
    response(
        id,
        url,
        &format!(
            "Content-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n",
            body.len()
        ),
        body,
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The fixture pages as records (a request record before each, as crawlers write), each record
/// its own gzip member when `gz`.
fn fixture_warc(gz: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (name, html)) in FIXTURES.iter().enumerate() {
        let url = format!("https://example.test/{name}");
        let request = record(
            "request",
            2 * i,
            &url,
            b"GET / HTTP/1.1\r\nHost: example.test\r\n\r\n",
        );
        let resp = html_response(2 * i + 1, &url, html.as_bytes());
        for r in [request, resp] {
            out.extend(if gz { gzip(&r) } else { r });
        }
    }
    out
}

fn jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The page fields, without the fields that name where the page came from.
fn page_fields(mut v: Value) -> Value {
    let o = v.as_object_mut().unwrap();
    for k in ["path", "url", "warc_record_id", "warc_date", "http_status"] {
        o.remove(k);
    }
    v
}

#[test]
fn a_warc_classifies_as_its_pages_do() {
    let dir = TempDir::new("warc-same");
    let mut files = Vec::new();
    for (name, html) in FIXTURES {
        files.push(dir.write(&format!("pages/{name}"), html));
    }
    let gz = dir.write("crawl.warc.gz", fixture_warc(true));
    let plain = dir.write("plain/crawl.warc", fixture_warc(false));
    let pages = run(
        unchrome().args(["classify", "-f", "jsonl"]).args(&files),
        b"",
    );
    assert_eq!(pages.code, 0, "{}", pages.stderr);
    let from_pages = jsonl(&pages.stdout);
    assert_eq!(from_pages.len(), FIXTURES.len());
    for warc in [&gz, &plain] {
        let r = run(unchrome().args(["classify", "-f", "jsonl"]).arg(warc), b"");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let records = jsonl(&r.stdout);
        assert_eq!(
            records.len(),
            FIXTURES.len(),
            "one object per HTML response"
        );
        for (i, (rec, page)) in records.iter().zip(&from_pages).enumerate() {
            assert_eq!(rec["path"], warc.display().to_string());
            assert_eq!(
                rec["url"],
                format!("https://example.test/{}", FIXTURES[i].0)
            );
            assert_eq!(
                rec["warc_record_id"],
                format!("<urn:uuid:00000000-0000-0000-0000-{:012}>", 2 * i + 1)
            );
            assert_eq!(rec["warc_date"], "2024-01-02T03:04:05Z");
            assert_eq!(rec["http_status"], 200);
            assert_eq!(page_fields(rec.clone()), page_fields(page.clone()));
        }
    }
    // A folder holding the WARC: found like a page file.
    let r = run(
        unchrome()
            .args(["classify", "-f", "jsonl"])
            .arg(dir.path().join("plain")),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(jsonl(&r.stdout).len(), FIXTURES.len());
    // Text output: the same article text, page after page; each page under a `==> name <==`
    // line, the file's path for a page file and the record's URL for a WARC record.
    let text_pages = run(unchrome().arg("classify").args(&files), b"");
    let text_warc = run(unchrome().arg("classify").arg(&gz), b"");
    let names = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with("==> "))
            .map(str::to_string)
            .collect()
    };
    let bodies = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with("==> "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(bodies(&text_pages.stdout), bodies(&text_warc.stdout));
    assert_eq!(names(&text_warc.stdout).len(), FIXTURES.len());
    assert!(names(&text_warc.stdout)[0].starts_with("==> https://example.test/"));
    // -f json: one array.
    let r = run(unchrome().args(["classify", "-f", "json"]).arg(&gz), b"");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), FIXTURES.len());
}

#[test]
fn warc_records_are_written_one_file_each_with_o() {
    let dir = TempDir::new("warc-out");
    let gz = dir.write("in/crawl.warc.gz", fixture_warc(true));
    let out = dir.path().join("out");
    let r = run(
        unchrome()
            .args(["classify", "-f", "json", "-o"])
            .arg(&out)
            .arg(&gz),
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Named after the WARC file and the record's position in it (requests count).
    for k in [2, 4, 6, 8, 10] {
        let f = out.join(format!("crawl/{k:06}.json"));
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        assert!(v["url"]
            .as_str()
            .unwrap()
            .starts_with("https://example.test/"));
    }
}

#[test]
fn bad_records_are_reported_and_skipped() {
    let dir = TempDir::new("warc-bad");
    let mut bytes = Vec::new();
    bytes.extend(html_response(1, "https://example.test/a", NEWS.as_bytes()));
    // Not a WARC header at all.
    bytes.extend_from_slice(b"garbage line\r\nmore garbage\r\n\r\n");
    bytes.extend(html_response(2, "https://example.test/b", NEWS.as_bytes()));
    // A response whose HTTP message is not one.
    bytes.extend(record("response", 3, "https://example.test/c", b"not http"));
    // Brotli: not supported, said so.
    bytes.extend(response(
        4,
        "https://example.test/d",
        "Content-Type: text/html\r\nContent-Encoding: br\r\n",
        b"\x1b\x00",
    ));
    bytes.extend(html_response(5, "https://example.test/e", NEWS.as_bytes()));
    let warc = dir.write("bad.warc", &bytes);
    let r = run(unchrome().args(["classify", "-f", "jsonl"]).arg(&warc), b"");
    assert_eq!(r.code, 1, "some records failed: exit 1");
    let urls: Vec<String> = jsonl(&r.stdout)
        .iter()
        .map(|v| v["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        urls,
        [
            "https://example.test/a",
            "https://example.test/b",
            "https://example.test/e"
        ]
    );
    let errors: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(errors.len(), 3, "{}", r.stderr);
    assert!(errors[0].contains("bad.warc: record 2: not a WARC record"));
    assert!(
        errors[1].contains("bad.warc: record 4: not an HTTP response"),
        "{}",
        r.stderr
    );
    assert!(errors[2].contains("record 5: Content-Encoding br is not supported"));

    // A file cut inside a record: the records before it, then one error.
    let cut = dir.write("cut.warc", &bytes[..bytes.len() - 100]);
    let r = run(unchrome().args(["classify", "-f", "jsonl"]).arg(&cut), b"");
    assert_eq!(r.code, 1);
    assert_eq!(jsonl(&r.stdout).len(), 2);
    assert!(r
        .stderr
        .contains("cut.warc: record 6: the file ends inside this record"));
}

#[test]
fn only_html_responses_are_read() {
    let mut bytes = Vec::new();
    bytes.extend(response(
        1,
        "https://example.test/data.json",
        "Content-Type: application/json\r\n",
        b"{\"a\": 1}",
    ));
    bytes.extend(response(
        2,
        "https://example.test/no-type",
        "Server: x\r\n",
        b"<p>no type</p>",
    ));
    bytes.extend(record(
        "metadata",
        3,
        "https://example.test/",
        b"fetchTimeMs: 12\r\n",
    ));
    bytes.extend(response(
        4,
        "https://example.test/x",
        "Content-Type: application/xhtml+xml\r\n",
        b"<p>The council voted on Tuesday to build a new bridge over the river.</p>",
    ));
    let responses: Vec<unchrome::WarcResponse> =
        unchrome::WarcReader::from_reader(std::io::Cursor::new(bytes), "mem.warc")
            .unwrap()
            .map(Result::unwrap)
            .collect();
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0].url, "https://example.test/x");
    assert_eq!(responses[0].record, 4);
}

#[test]
fn http_charset_chunks_and_content_coding_are_undone() {
    // windows-1252 bytes, no <meta charset>: the HTTP header says what they are.
    let latin = b"<html><body><article><p>Le caf\xe9 \xe9tait plein \xe0 midi, et la cr\xe8me \
                  br\xfbl\xe9e \xe9tait d\xe9j\xe0 servie aux clients du march\xe9.</p></article></body></html>";
    // Chunked transfer coding over gzip content coding, as sent on the wire.
    let gz = gzip(NEWS.as_bytes());
    let mut chunked = Vec::new();
    for part in gz.chunks(1000) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut bytes = response(
        1,
        "https://example.test/fr",
        "Content-Type: text/html; charset=ISO-8859-1\r\n",
        latin,
    );
    bytes.extend(response(
        2,
        "https://example.test/news",
        "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
        &chunked,
    ));
    let mut reader =
        unchrome::WarcReader::from_reader(std::io::Cursor::new(gzip(&bytes)), "x.warc.gz").unwrap();
    let model = unchrome::Model::bundled();
    let limits = unchrome::Limits::default();
    let fr = reader.next().unwrap().unwrap();
    assert_eq!(fr.charset.as_deref(), Some("ISO-8859-1"));
    let page = model.classify_bytes_with_charset(&fr.body, fr.charset.as_deref(), &limits);
    let text: String = page.blocks().iter().map(|b| b.text()).collect();
    assert!(text.contains("Le café était plein à midi"), "{text}");
    let news = reader.next().unwrap().unwrap();
    let page = model.classify_bytes_with_charset(&news.body, None, &limits);
    assert_eq!(
        page.article_text(),
        model.classify_html(NEWS).article_text()
    );
    assert!(reader.next().is_none());
}

#[test]
fn a_missing_warc_file_is_an_error_naming_it() {
    let e = unchrome::WarcReader::open("no/such/crawl.warc.gz").unwrap_err();
    assert!(e.to_string().starts_with("no/such/crawl.warc.gz: "), "{e}");
    let r = run(
        unchrome().args(["classify", "-f", "jsonl", "no/such/crawl.warc.gz"]),
        b"",
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no/such/crawl.warc.gz"));
}
