//! `classify --format markdown`: the content blocks as Markdown.
//!
//! Structure comes from each block's `tag` and `path` (the tags from below `<body>` down to the
//! block): `h1`–`h6` become `#` headings, `li` under `ul`/`ol` list items (numbered per list,
//! indented per nesting level), text under `blockquote` is quoted with `>`, `pre` becomes a fenced
//! code block (its line breaks kept). Everything else is a paragraph, with the characters that
//! Markdown would read as markup escaped. Links are kept as `[text](url)`, resolved against
//! `--base-url` when given.

use std::collections::HashMap;

use unchrome::ClassifiedBlock;

/// The Markdown of a page's content blocks (empty when nothing is content).
pub fn render(
    blocks: &[ClassifiedBlock],
    keep: &dyn Fn(&ClassifiedBlock) -> bool,
    base: Option<&str>,
) -> String {
    let mut out = String::new();
    // Items so far per list (keyed by the list element's number), while a list run lasts.
    let mut counters: HashMap<u32, usize> = HashMap::new();
    let mut prev_item = false;
    for b in blocks.iter().filter(|b| keep(b)) {
        let tags: Vec<&str> = b.block.path.split('>').filter(|t| !t.is_empty()).collect();
        let quote = tags.iter().filter(|t| **t == "blockquote").count();
        let quote_prefix = "> ".repeat(quote);
        let text = b.text().trim();
        if text.is_empty() {
            continue;
        }
        let tag = b.block.tag.as_str();
        let in_pre = tag == "pre" || tags.contains(&"pre");
        let lists: Vec<&str> = tags
            .iter()
            .copied()
            .filter(|t| *t == "ul" || *t == "ol" || *t == "menu")
            .collect();
        let item = tag == "li" && !lists.is_empty();

        let body = if in_pre {
            let code = if b.block.pre_text.is_empty() {
                text
            } else {
                b.block.pre_text.as_str()
            };
            let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
            format!("{fence}\n{code}\n{fence}")
        } else if let Some(level) = b.block.heading_level() {
            format!("{} {}", "#".repeat(level), with_links(&b.block, base))
        } else if item {
            let depth = lists.len() - 1;
            let number = counters.entry(b.block.container_id).or_insert(0);
            *number += 1;
            let marker = if lists.last() == Some(&"ol") {
                format!("{number}.")
            } else {
                "-".to_string()
            };
            format!(
                "{}{marker} {}",
                "   ".repeat(depth),
                with_links(&b.block, base)
            )
        } else {
            escape_block_start(&with_links(&b.block, base))
        };

        // List items follow each other line by line; anything else is a new paragraph.
        let same_list = item && prev_item;
        if !item {
            counters.clear();
        }
        if !out.is_empty() {
            out.push_str(if same_list { "\n" } else { "\n\n" });
            if !same_list && quote > 0 && out_ends_in_quote(&out, quote) {
                // Keep consecutive quoted paragraphs in one quote: a `>` line between them.
                out.truncate(out.len() - 1);
                out.push_str(quote_prefix.trim_end());
                out.push('\n');
            }
        }
        prev_item = item;
        for (k, line) in body.lines().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            out.push_str(&quote_prefix);
            out.push_str(line);
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The article's title as a level-1 heading line.
pub fn title(title: &str) -> String {
    format!("# {}\n", escape_inline(title.trim()))
}

/// True when the last line written (before the trailing blank line) is quoted `depth` deep.
fn out_ends_in_quote(out: &str, depth: usize) -> bool {
    let body = out.trim_end_matches('\n');
    let last = body.rsplit('\n').next().unwrap_or("");
    last.starts_with(&"> ".repeat(depth))
}

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// A block's text, escaped, with its links as `[text](url)` (addresses resolved against `base`
/// when given; a link whose address [`unchrome::resolve_url`] refuses stays plain text). The
/// text is trimmed as the caller trims it.
fn with_links(block: &unchrome::Block, base: Option<&str>) -> String {
    let text = block.text.as_str();
    let lead = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let mut out = String::new();
    let mut pos = lead;
    for a in &block.anchors {
        let (start, stop) = (a.start.max(lead), a.end.min(end));
        if start < pos
            || stop <= start
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(stop)
        {
            continue;
        }
        let Some(url) = unchrome::resolve_url(&a.href, base) else {
            continue;
        };
        out.push_str(&escape_inline(&text[pos..start]));
        out.push('[');
        out.push_str(&escape_inline(&text[start..stop]));
        out.push_str("](");
        out.push_str(&link_destination(&url));
        out.push(')');
        pos = stop;
    }
    out.push_str(&escape_inline(&text[pos..end]));
    out
}

/// A link destination: as is when plain, else in `<...>` with `<`, `>` and line breaks
/// percent-encoded.
fn link_destination(url: &str) -> String {
    if url
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '(' | ')' | '<' | '>'))
    {
        return url.to_string();
    }
    let mut out = String::from("<");
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// Escapes the characters that start inline markup: `\`, `` ` ``, `*`, `[`, `]`, `<`, and `_`
/// unless inside a word (where CommonMark does not read it as emphasis).
fn escape_inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' => true,
            '_' => {
                let before = i > 0 && chars[i - 1].is_alphanumeric();
                let after = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
                !(before && after)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a paragraph's first characters when Markdown would read them as a block marker:
/// `#`, `>`, `-`, `+`, `=`, `|`, or a number followed by `.` or `)`.
fn escape_block_start(s: &str) -> String {
    let first = s.chars().next();
    if matches!(first, Some('#' | '>' | '-' | '+' | '=' | '|')) {
        return format!("\\{s}");
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 9 {
        if let Some(after @ ('.' | ')')) = s[digits..].chars().next() {
            return format!("{}\\{after}{}", &s[..digits], &s[digits + 1..]);
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            escape_inline("a *b* [c] snake_case _x_"),
            "a \\*b\\* \\[c\\] snake_case \\_x\\_"
        );
        assert_eq!(escape_block_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_block_start("1999. A year"), "1999\\. A year");
        assert_eq!(escape_block_start("Plain"), "Plain");
        assert_eq!(longest_run("a ``` b `` c", '`'), 3);
    }
}
