//! Link addresses for the article's HTML and Markdown: resolved against the page's address when
//! it is known, and only of schemes that cannot run code.

/// The address a link or image of a page points to, ready to write into HTML or Markdown: `href`
/// resolved against `base` (the page's own address, when known), or `None` when it must not be
/// written at all: a `javascript:`, `data:`, `vbscript:` or any other scheme but `http`, `https`
/// and `mailto` (tabs, line breaks and control characters inside the scheme do not hide it, as
/// browsers ignore them there), or an empty `href`. Without a base, a relative address stays
/// relative; a base that is not an absolute `http(s)` address is ignored.
///
/// Resolution follows RFC 3986 for the forms pages use (`//host/x`, `/x`, `x`, `../x`, `?q`,
/// `#f`); percent-encoding and the host are left as written.
///
/// ```
/// use unchrome::resolve_url;
/// let base = Some("https://example.org/news/2026/bridge.html?x=1");
/// assert_eq!(resolve_url("../about", base).as_deref(), Some("https://example.org/news/about"));
/// assert_eq!(resolve_url("/img/a.jpg", base).as_deref(), Some("https://example.org/img/a.jpg"));
/// assert_eq!(resolve_url("//cdn.example.net/a.js", base).as_deref(), Some("https://cdn.example.net/a.js"));
/// assert_eq!(resolve_url("#top", base).as_deref(), Some("https://example.org/news/2026/bridge.html?x=1#top"));
/// assert_eq!(resolve_url("other.html", None).as_deref(), Some("other.html"));
/// assert_eq!(resolve_url("java\tscript:alert(1)", base), None);
/// ```
pub fn resolve_url(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    if href.is_empty() {
        return None;
    }
    if let Some(scheme) = scheme(href) {
        return matches!(scheme.as_str(), "http" | "https" | "mailto").then(|| href.to_string());
    }
    let Some(base) = base.filter(|b| matches!(scheme(b).as_deref(), Some("http" | "https"))) else {
        return Some(href.to_string());
    };
    let base = base.trim();
    let (base_scheme, rest) = base.split_once(':').expect("a scheme was found");
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    // The base's authority, path and query.
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    let after = after.split('#').next().unwrap_or("");
    let (base_path, base_query) = match after.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (after, None),
    };
    let base_path = if base_path.is_empty() { "/" } else { base_path };
    let origin = format!("{base_scheme}://{authority}");
    Some(if let Some(net) = href.strip_prefix("//") {
        format!("{base_scheme}://{net}")
    } else if href.starts_with('/') {
        format!("{origin}{}", remove_dots(href))
    } else if href.starts_with('#') {
        match base_query {
            Some(q) => format!("{origin}{base_path}?{q}{href}"),
            None => format!("{origin}{base_path}{href}"),
        }
    } else if href.starts_with('?') {
        format!("{origin}{base_path}{href}")
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{origin}{}", remove_dots(&format!("{dir}{href}")))
    })
}

/// The scheme of an address, lower-cased (`None` for a relative one). Browsers drop tabs and
/// line breaks anywhere in a URL, so they are skipped here too.
fn scheme(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => continue,
            ':' => return (!out.is_empty()).then_some(out),
            c if c.is_ascii_alphabetic() => out.push(c.to_ascii_lowercase()),
            c if !out.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                out.push(c)
            }
            c if c.is_ascii_control() && out.is_empty() => continue,
            _ => return None,
        }
    }
    None
}

/// RFC 3986's "remove dot segments" on an absolute path (its query and fragment untouched).
fn remove_dots(path: &str) -> String {
    let split = path.find(['?', '#']).unwrap_or(path.len());
    let (path, tail) = path.split_at(split);
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}{tail}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_as_rfc_3986_does() {
        // RFC 3986 section 5.4.1's examples, those a page's link can take.
        let base = Some("http://a/b/c/d;p?q");
        for (href, want) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            (";x", "http://a/b/c/;x"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
        ] {
            assert_eq!(resolve_url(href, base).as_deref(), Some(want), "{href}");
        }
        assert_eq!(
            resolve_url("x", Some("https://h.example")).as_deref(),
            Some("https://h.example/x")
        );
    }

    #[test]
    fn only_safe_schemes_pass() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "",
            "  ",
        ] {
            assert_eq!(
                resolve_url(bad, Some("https://a.example/")),
                None,
                "{bad:?}"
            );
            assert_eq!(resolve_url(bad, None), None, "{bad:?}");
        }
        assert_eq!(
            resolve_url("mailto:x@example.org", None).as_deref(),
            Some("mailto:x@example.org")
        );
        // A base that is no web address is ignored.
        assert_eq!(
            resolve_url("a.html", Some("javascript:x")).as_deref(),
            Some("a.html")
        );
    }
}
