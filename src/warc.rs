//! WARC input: the HTML responses of a web archive (as Common Crawl's), record by record.
//!
//! The `warc` crate splits the file into records; this module keeps the `response` records whose
//! HTTP `Content-Type` is HTML and takes their HTTP message apart: status, `charset`, and the
//! body with its transfer coding (`chunked`) and content coding (`gzip`, `deflate`) undone.
//! One record is in memory at a time, so a multi-gigabyte file costs what its largest record
//! costs. A record that cannot be read is an [`Error::Warc`] naming the file and the record's
//! position; the reader then skips to the next record and goes on.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use warc::WarcHeader;

use crate::error::{Error, Result};
use crate::html::http::content_type_charset;
use crate::html::Limits;

/// The size of the read buffer over the (inflated) file.
const BUFFER: usize = 1 << 20;

/// One HTML response of a WARC file.
#[derive(Debug, Clone)]
pub struct WarcResponse {
    /// 1-based position of the record in the file (every record counts, not only responses).
    pub record: u64,
    /// `WARC-Target-URI`: the page's URL.
    pub url: String,
    /// `WARC-Record-ID`, as written (`<urn:uuid:...>`).
    pub record_id: String,
    /// `WARC-Date`, as written (`2024-01-31T12:00:00Z`).
    pub date: String,
    /// The HTTP status code.
    pub status: u16,
    /// The `charset` of the HTTP `Content-Type`, when it has one.
    pub charset: Option<String>,
    /// The HTTP body, transfer and content codings undone: the page's bytes.
    pub body: Vec<u8>,
}

/// Reads the HTML responses of a WARC file, gzip-compressed (per record, as Common Crawl's, or
/// whole) or not; an iterator of [`WarcResponse`]s, or errors for the records it could not read.
///
/// ```no_run
/// let model = unchrome::Model::bundled();
/// for response in unchrome::WarcReader::open("crawl.warc.gz")? {
///     match response {
///         Ok(r) => {
///             let page = model.classify_bytes_with_charset(
///                 &r.body,
///                 r.charset.as_deref(),
///                 &unchrome::Limits::default(),
///             );
///             println!("{}\t{}", r.url, page.article_text().len());
///         }
///         Err(e) => eprintln!("{e}"), // a bad record: reported, skipped
///     }
/// }
/// # Ok::<(), unchrome::Error>(())
/// ```
pub struct WarcReader {
    path: PathBuf,
    reader: Box<dyn BufRead + Send>,
    record: u64,
    /// Set after an unreadable record: skip to the next `WARC/` line before reading on.
    resync: bool,
    /// Set at the end of the file, or after a read error of the file itself.
    done: bool,
    max_body: usize,
}

impl std::fmt::Debug for WarcReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcReader")
            .field("path", &self.path)
            .field("record", &self.record)
            .finish_non_exhaustive()
    }
}

impl WarcReader {
    /// Opens a WARC file (`.warc` or `.warc.gz`: gzip is recognised by its magic bytes).
    pub fn open(path: impl AsRef<Path>) -> Result<WarcReader> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        WarcReader::from_reader(file, path)
    }

    /// Reads a WARC stream; `name` names it in errors.
    pub fn from_reader(reader: impl Read + Send + 'static, name: impl AsRef<Path>) -> Result<Self> {
        let path = name.as_ref().to_path_buf();
        let mut raw = BufReader::with_capacity(BUFFER, reader);
        let gzip = raw
            .fill_buf()
            .map_err(|e| Error::io(&path, e))?
            .starts_with(&[0x1f, 0x8b]);
        let reader: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(
                BUFFER,
                flate2::bufread::MultiGzDecoder::new(raw),
            ))
        } else {
            Box::new(raw)
        };
        Ok(WarcReader {
            path,
            reader,
            record: 0,
            resync: false,
            done: false,
            max_body: Limits::default().max_input_bytes,
        })
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::Warc {
            path: self.path.clone(),
            record: self.record,
            message: message.into(),
        }
    }

    /// Skips to the next line that starts a record, after a record that could not be read.
    fn skip_to_next_record(&mut self) -> std::io::Result<()> {
        let mut line = Vec::new();
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() || buf.starts_with(b"WARC/") {
                return Ok(());
            }
            line.clear();
            self.reader.read_until(b'\n', &mut line)?;
        }
    }
}

impl Iterator for WarcReader {
    type Item = Result<WarcResponse>;

    fn next(&mut self) -> Option<Result<WarcResponse>> {
        loop {
            if self.done {
                return None;
            }
            if self.resync {
                self.resync = false;
                if let Err(e) = self.skip_to_next_record() {
                    self.done = true;
                    return Some(Err(self.error(format!("cannot read on: {e}"))));
                }
            }
            // A fresh iterator per record over the same reader: the `warc` crate's iterator
            // owns its reader, and we need the reader back to skip a bad record.
            let next = warc::WarcReader::new(&mut self.reader)
                .iter_raw_records()
                .next();
            let (header, body) = match next {
                None => {
                    self.done = true;
                    return None;
                }
                Some(Ok(r)) => r,
                Some(Err(e)) => {
                    self.record += 1;
                    match e {
                        warc::Error::ReadData(io) => {
                            // The file itself (or its gzip) is broken: nothing more to read.
                            self.done = true;
                            return Some(Err(self.error(format!("cannot read the file: {io}"))));
                        }
                        warc::Error::UnexpectedEOB => {
                            self.done = true;
                            return Some(Err(self.error("the file ends inside this record")));
                        }
                        other => {
                            self.resync = true;
                            return Some(Err(self.error(format!("not a WARC record: {other}"))));
                        }
                    }
                }
            };
            self.record += 1;
            match response(&header.headers, body, self.max_body) {
                Ok(Some(r)) => {
                    return Some(Ok(WarcResponse {
                        record: self.record,
                        ..r
                    }))
                }
                Ok(None) => continue,
                Err(message) => return Some(Err(self.error(message))),
            }
        }
    }
}

type Headers = std::collections::HashMap<WarcHeader, Vec<u8>>;

fn header(headers: &Headers, name: WarcHeader) -> Option<&str> {
    headers
        .get(&name)
        .and_then(|v| std::str::from_utf8(v).ok())
        .map(str::trim)
}

/// The response in a record, `None` when the record is not an HTML response.
fn response(
    headers: &Headers,
    block: Vec<u8>,
    max_body: usize,
) -> std::result::Result<Option<WarcResponse>, String> {
    if !header(headers, WarcHeader::WarcType).is_some_and(|t| t.eq_ignore_ascii_case("response")) {
        return Ok(None);
    }
    // A response record holds an HTTP message (`application/http`); other schemes (dns:, ...)
    // hold something else.
    if let Some(ct) = header(headers, WarcHeader::ContentType) {
        if !ct.to_ascii_lowercase().starts_with("application/http") {
            return Ok(None);
        }
    }
    let http = parse_http(&block)?;
    if !http.content_type.as_deref().is_some_and(is_html) {
        return Ok(None);
    }
    let required = |name: WarcHeader| {
        header(headers, name.clone())
            .map(str::to_string)
            .ok_or_else(|| format!("no {name} header"))
    };
    let url = required(WarcHeader::TargetURI)?;
    let record_id = required(WarcHeader::RecordID)?;
    let date = required(WarcHeader::Date)?;
    let mut body = block;
    body.drain(..http.body_start);
    if http.chunked {
        body = dechunk(&body)?;
    }
    match http.content_encoding.as_deref() {
        None | Some("identity") | Some("") => {}
        // decode() inflates gzip itself (recognised by its magic bytes, within the size limit).
        Some("gzip") | Some("x-gzip") => {}
        Some("deflate") => body = inflate(&body, max_body)?,
        Some(other) => return Err(format!("Content-Encoding {other} is not supported")),
    }
    Ok(Some(WarcResponse {
        record: 0,
        url,
        record_id,
        date,
        status: http.status,
        charset: http
            .content_type
            .as_deref()
            .and_then(content_type_charset)
            .map(str::to_string),
        body,
    }))
}

/// `text/html` or `application/xhtml+xml`, whatever the parameters.
fn is_html(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    mime.eq_ignore_ascii_case("text/html") || mime.eq_ignore_ascii_case("application/xhtml+xml")
}

struct Http {
    status: u16,
    content_type: Option<String>,
    content_encoding: Option<String>,
    chunked: bool,
    body_start: usize,
}

/// The status line and the headers that matter of an HTTP response.
fn parse_http(block: &[u8]) -> std::result::Result<Http, String> {
    if !block.starts_with(b"HTTP/") {
        let first_line = block.split(|&b| b == b'\n').next().unwrap_or(b"");
        return Err(format!(
            "not an HTTP response: {:.80}",
            String::from_utf8_lossy(first_line).trim_end()
        ));
    }
    let head_end = find(block, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| find(block, b"\n\n").map(|i| i + 2))
        .ok_or("no end to the HTTP headers")?;
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let status = parts
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("bad HTTP status line: {status_line:.80}"))?;
    let mut http = Http {
        status,
        content_type: None,
        content_encoding: None,
        chunked: false,
        body_start: head_end,
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("content-type") {
            http.content_type.get_or_insert_with(|| value.to_string());
        } else if name.eq_ignore_ascii_case("content-encoding") {
            http.content_encoding = Some(value.to_ascii_lowercase());
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            http.chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    Ok(http)
}

/// Undoes `Transfer-Encoding: chunked`. Crawlers that store the body as received keep it; a
/// body that does not parse as chunks was stored decoded already, and is kept as it is.
fn dechunk(body: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let Some(line_end) = find(rest, b"\r\n") else {
            // A body that ends mid-chunk (truncated by the crawler) keeps what it has.
            return Ok(if out.is_empty() { body.to_vec() } else { out });
        };
        let size_text = std::str::from_utf8(&rest[..line_end]).unwrap_or("");
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return Ok(if out.is_empty() { body.to_vec() } else { out });
        };
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        if take < size {
            return Ok(out);
        }
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

/// Undoes `Content-Encoding: deflate` (zlib-wrapped, or raw deflate as some servers send).
fn inflate(body: &[u8], max: usize) -> std::result::Result<Vec<u8>, String> {
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let mut out = Vec::new();
    if flate2::read::ZlibDecoder::new(body)
        .take(limit)
        .read_to_end(&mut out)
        .is_ok()
    {
        return Ok(out);
    }
    out.clear();
    flate2::read::DeflateDecoder::new(body)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| format!("Content-Encoding deflate: {e}"))?;
    Ok(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").unwrap(),
            b"hello world"
        );
        // Not chunked after all: kept as it is.
        assert_eq!(dechunk(b"<html>hi</html>").unwrap(), b"<html>hi</html>");
    }

    #[test]
    fn deflate_is_inflated() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"<p>zlib</p>").unwrap();
        assert_eq!(inflate(&z.finish().unwrap(), 100).unwrap(), b"<p>zlib</p>");
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        d.write_all(b"<p>raw</p>").unwrap();
        assert_eq!(inflate(&d.finish().unwrap(), 100).unwrap(), b"<p>raw</p>");
    }

    #[test]
    fn http_headers_are_read() {
        let h = parse_http(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\
              Transfer-Encoding: chunked\r\nContent-Encoding: GZIP\r\n\r\nbody",
        )
        .unwrap();
        assert_eq!(h.status, 200);
        assert!(h.chunked);
        assert_eq!(h.content_encoding.as_deref(), Some("gzip"));
        assert_eq!(
            h.content_type.as_deref().and_then(content_type_charset),
            Some("ISO-8859-1")
        );
        assert!(parse_http(b"garbage\r\n\r\n").is_err());
        assert!(is_html("Text/HTML;charset=utf-8") && !is_html("application/json"));
    }
}
