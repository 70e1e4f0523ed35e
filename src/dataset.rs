//! The labelled CSV (read, write) and labelling blocks by aligning them to gold text.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::html::Block;
use crate::label::Kind;
use crate::label::Label;
use crate::util::text::words;

/// Columns that come before the block's own columns in the CSV.
const META_COLUMNS: [&str; 4] = ["page", "domain", "index", "label"];

/// One page's blocks and (when labelled) their labels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelledPage {
    /// Page id (the `page` column; `row<N>` when the CSV has none).
    pub id: String,
    /// The page's domain (the `domain` column), used to hold out whole sites.
    pub domain: String,
    /// Blocks in page order.
    pub blocks: Vec<Block>,
    /// One label per block; `None` where the CSV's label cell is empty.
    pub labels: Vec<Option<Label>>,
    /// The kind of each chrome block labelled with one (`chrome:paywall`); empty, or one
    /// entry per block.
    pub kinds: Vec<Option<Kind>>,
}

impl LabelledPage {
    /// The kind label of block `i`, if it has one.
    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.kinds.get(i).copied().flatten()
    }
}

/// Pages of labelled (or unlabelled) blocks: the interchange format between `label`, `blocks`,
/// `train` and `eval`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// The pages, in the order first seen.
    pub pages: Vec<LabelledPage>,
}

impl Dataset {
    /// Reads a labelled CSV file (see the README for its columns).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Dataset> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Dataset::from_reader(file, path)
    }

    /// Reads a labelled CSV from any reader; `name` names it in errors.
    ///
    /// Required: a header row with a `text` column. Optional: `page`, `domain`, `index`, `label`
    /// and any of [`Block`]'s fields; missing block fields take their defaults ("structure
    /// unknown"). Without a `page` column each row is a page of its own.
    pub fn from_reader(reader: impl Read, name: &Path) -> Result<Dataset> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(reader);
        let headers = rdr
            .headers()
            .map_err(|e| csv_error(name, &e, None))?
            .clone();
        let col = |n: &str| headers.iter().position(|h| h == n);
        if col("text").is_none() {
            return Err(Error::csv(
                name,
                Some(1),
                Some("text"),
                "missing column 'text' in the header",
            ));
        }
        let (page_col, domain_col, index_col, label_col) =
            (col("page"), col("domain"), col("index"), col("label"));
        let mut pages: Vec<LabelledPage> = Vec::new();
        let mut page_of: HashMap<String, usize> = HashMap::new();
        let mut order: Vec<Vec<u64>> = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(csv_error(name, &e, Some(&headers))),
            }
            let line = record.position().map_or(0, |p| p.line());
            let block: Block = record
                .deserialize(Some(&headers))
                .map_err(|e| csv_error(name, &e, Some(&headers)))?;
            let (label, kind) = match label_col.map(|c| record[c].trim()) {
                None | Some("") => (None, None),
                Some(v) => {
                    let (label, kind) = parse_label(v)
                        .map_err(|m| Error::csv(name, Some(line), Some("label"), m))?;
                    (Some(label), kind)
                }
            };
            let index = match index_col.map(|c| record[c].trim()) {
                None | Some("") => line,
                Some(v) => v.parse::<u64>().map_err(|_| {
                    Error::csv(
                        name,
                        Some(line),
                        Some("index"),
                        format!("'{v}' is not a block index"),
                    )
                })?,
            };
            let id = match page_col {
                Some(c) if !record[c].is_empty() => record[c].to_string(),
                _ => format!("row{line}"),
            };
            let k = *page_of.entry(id.clone()).or_insert_with(|| {
                pages.push(LabelledPage {
                    id,
                    domain: domain_col
                        .map(|c| record[c].to_string())
                        .unwrap_or_default(),
                    ..LabelledPage::default()
                });
                order.push(Vec::new());
                pages.len() - 1
            });
            pages[k].blocks.push(block);
            pages[k].labels.push(label);
            pages[k].kinds.push(kind);
            order[k].push(index);
        }
        // Blocks in page order, whatever order the rows came in.
        for (page, idx) in pages.iter_mut().zip(order) {
            if idx.windows(2).any(|w| w[0] > w[1]) {
                let mut perm: Vec<usize> = (0..idx.len()).collect();
                perm.sort_by_key(|&i| idx[i]);
                page.blocks = perm.iter().map(|&i| page.blocks[i].clone()).collect();
                page.labels = perm.iter().map(|&i| page.labels[i]).collect();
                page.kinds = perm.iter().map(|&i| page.kinds[i]).collect();
            }
        }
        Ok(Dataset { pages })
    }

    /// Number of blocks over all pages.
    pub fn rows(&self) -> usize {
        self.pages.iter().map(|p| p.blocks.len()).sum()
    }

    /// Appends the pages of another dataset.
    pub fn extend(&mut self, other: Dataset) {
        self.pages.extend(other.pages);
    }

    /// Writes the dataset as CSV (header included).
    pub fn write_csv(&self, writer: impl Write) -> Result<()> {
        let mut csv = CsvWriter::new(writer)?;
        for page in &self.pages {
            for (i, (block, label)) in page.blocks.iter().zip(&page.labels).enumerate() {
                csv.write(&page.id, &page.domain, i, *label, page.kind(i), block)?;
            }
        }
        csv.finish()
    }
}

/// Streams CSV rows, page by page, so a whole corpus never sits in memory.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a CSV with its header row.
    pub fn new(writer: W) -> Result<CsvWriter<W>> {
        let mut inner = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(writer);
        let mut header: Vec<String> = META_COLUMNS.iter().map(|s| s.to_string()).collect();
        header.extend(block_columns());
        inner.write_record(&header).map_err(write_error)?;
        Ok(CsvWriter { inner })
    }

    /// Writes one block row; a chrome row with a kind is labelled `chrome:<kind>`.
    pub fn write(
        &mut self,
        page: &str,
        domain: &str,
        index: usize,
        label: Option<Label>,
        kind: Option<Kind>,
        block: &Block,
    ) -> Result<()> {
        let label = match (label, kind) {
            (Some(Label::Chrome), Some(k)) => format!("chrome:{k}"),
            (l, _) => l.map_or("", Label::as_str).to_string(),
        };
        let index = index.to_string();
        for field in [page, domain, index.as_str(), label.as_str()] {
            self.inner.write_field(field).map_err(write_error)?;
        }
        self.inner.serialize(block).map_err(write_error)?;
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(mut self) -> Result<()> {
        self.inner.flush().map_err(|e| Error::io("<csv output>", e))
    }
}

/// The CSV column names of a [`Block`]'s fields, in serialisation order.
fn block_columns() -> Vec<String> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    w.serialize(Block::default()).expect("a block serialises");
    let bytes = w.into_inner().expect("in-memory writer");
    let text = String::from_utf8(bytes).expect("field names are UTF-8");
    let header = text.lines().next().unwrap_or_default();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(header.as_bytes())
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

fn write_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::io("<csv output>", e),
        other => Error::io("<csv output>", std::io::Error::other(format!("{other:?}"))),
    }
}

/// Turns a `csv` error into ours: file, line, column.
fn csv_error(name: &Path, e: &csv::Error, headers: Option<&csv::StringRecord>) -> Error {
    let line = e.position().map(|p| p.line());
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => Error::csv(
            name,
            line,
            headers.and_then(|h| h.get(err.field())),
            "invalid UTF-8",
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::csv(
            name,
            line,
            None,
            format!("ragged row: {len} fields where the header has {expected_len}"),
        ),
        csv::ErrorKind::Deserialize { err, .. } => {
            let column = err
                .field()
                .and_then(|f| headers.and_then(|h| h.get(f as usize)));
            let message = match err.kind() {
                csv::DeserializeErrorKind::ParseInt(_)
                | csv::DeserializeErrorKind::ParseFloat(_) => "bad number".to_string(),
                csv::DeserializeErrorKind::ParseBool(_) => {
                    "bad boolean (expected true or false)".to_string()
                }
                _ => err.to_string(),
            };
            Error::csv(name, line, column, message)
        }
        csv::ErrorKind::Io(io) => Error::io(name, std::io::Error::new(io.kind(), io.to_string())),
        _ => Error::csv(name, line, None, e.to_string()),
    }
}

/// Parses a label cell: `content`, `chrome`, or `chrome:<kind>` (see [`Kind`]).
fn parse_label(v: &str) -> std::result::Result<(Label, Option<Kind>), String> {
    let unknown = || {
        let kinds: Vec<String> = Kind::ALL.iter().map(|k| format!("chrome:{k}")).collect();
        format!(
            "unknown label '{v}' (expected 'content', 'chrome' or 'chrome:<kind>': {})",
            kinds.join(", ")
        )
    };
    match v.split_once(':') {
        Some((l, k)) if l.trim() == "chrome" => Ok((Label::Chrome, Some(k.parse::<Kind>()?))),
        Some(_) => Err(unknown()),
        None => Ok((v.parse::<Label>().map_err(|_| unknown())?, None)),
    }
}

/// The hash that finds an annotated block again: FNV-1a (64 bits) of its text, as
/// `training/kinds/candidates.py` computes it.
pub fn text_hash(text: &str) -> u64 {
    crate::util::fasthash::fnv1a(text.bytes())
}

/// Hand-made kind annotations: (dataset, page, block index, text hash, kind) rows, where the
/// kind is a [`Kind`] name or `content` (the alignment was wrong), as in
/// `training/kinds/annotations.csv`. They hold no page text: blocks are found again by
/// [`text_hash`].
#[derive(Debug, Clone, Default)]
pub struct KindAnnotations {
    /// Per page id: (hash, kind; `None` = content).
    by_page: HashMap<String, Vec<(u64, Option<Kind>)>>,
}

impl KindAnnotations {
    /// Reads the annotations of one dataset (rows whose `dataset` column equals `dataset`).
    pub fn from_path(path: impl AsRef<Path>, dataset: &str) -> Result<KindAnnotations> {
        let name = path.as_ref();
        let file = std::fs::File::open(name).map_err(|e| Error::io(name, e))?;
        let mut rdr = csv::Reader::from_reader(file);
        let headers = rdr
            .headers()
            .map_err(|e| csv_error(name, &e, None))?
            .clone();
        let col = |c: &str| headers.iter().position(|h| h == c);
        let (Some(d), Some(p), Some(h), Some(k)) =
            (col("dataset"), col("page"), col("hash"), col("kind"))
        else {
            return Err(Error::csv(
                name,
                Some(1),
                None,
                "the header needs dataset, page, hash and kind columns",
            ));
        };
        let mut by_page: HashMap<String, Vec<(u64, Option<Kind>)>> = HashMap::new();
        for record in rdr.records() {
            let record = record.map_err(|e| csv_error(name, &e, Some(&headers)))?;
            let line = record.position().map(|p| p.line());
            if &record[d] != dataset {
                continue;
            }
            let hash = u64::from_str_radix(record[h].trim(), 16)
                .map_err(|_| Error::csv(name, line, Some("hash"), "not a 16-digit hex hash"))?;
            let kind = match record[k].trim() {
                "content" => None,
                v => Some(
                    v.parse::<Kind>()
                        .map_err(|m| Error::csv(name, line, Some("kind"), m))?,
                ),
            };
            by_page
                .entry(record[p].to_string())
                .or_default()
                .push((hash, kind));
        }
        Ok(KindAnnotations { by_page })
    }

    /// Number of annotated blocks.
    pub fn len(&self) -> usize {
        self.by_page.values().map(Vec::len).sum()
    }

    /// True when there are no annotations.
    pub fn is_empty(&self) -> bool {
        self.by_page.is_empty()
    }

    /// Applies the annotations of page `page` to its blocks: an annotated kind makes the block
    /// `chrome:<kind>`, an annotated `content` makes it content. Returns the kinds (one per
    /// block) and the number of annotations whose block was not found.
    pub fn apply(
        &self,
        page: &str,
        blocks: &[Block],
        labels: &mut [Label],
    ) -> (Vec<Option<Kind>>, usize) {
        let mut kinds = vec![None; blocks.len()];
        let Some(notes) = self.by_page.get(page) else {
            return (kinds, 0);
        };
        let hashes: Vec<u64> = blocks.iter().map(|b| text_hash(&b.text)).collect();
        let mut missing = 0;
        for &(hash, kind) in notes {
            let mut found = false;
            for (i, _) in hashes.iter().enumerate().filter(|(_, &h)| h == hash) {
                found = true;
                kinds[i] = kind;
                labels[i] = if kind.is_some() {
                    Label::Chrome
                } else {
                    Label::Content
                };
            }
            missing += usize::from(!found);
        }
        (kinds, missing)
    }
}

/// Blocks shorter than this many words must match the gold text as one contiguous run.
const SHORT_BLOCK: usize = 5;
/// A longer block is content when at least this share of its words can be claimed in the gold,
/// and at least this share of its words lie in a run of three that occurs in the gold.
const MIN_CLAIMED: f64 = 0.5;

/// Labels blocks by aligning them to the page's gold text.
///
/// Each gold word can be claimed once, longest blocks first, so duplicated copies of the article
/// (teasers, meta descriptions) and navigation words that happen to occur in the article do not
/// all count as content. A block of fewer than five words must occur in the gold as one
/// contiguous, unclaimed run; a longer block is content when at least half of its words can be
/// claimed and at least half of its words lie in a run of three words that occurs in the gold
/// (word order counts: a reader comment under the article can share half its words with the
/// article, mostly "the", "and", "of", but hardly its word triples). Short blocks first take
/// runs that lie between the gold positions of the long content blocks around them, so a
/// section heading, not its entry in a table of contents above, claims the heading's words.
pub fn align_labels(blocks: &[Block], gold: &str) -> Vec<Label> {
    let gold_words: Vec<String> = words(gold).map(str::to_lowercase).collect();
    let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in gold_words.iter().enumerate() {
        positions.entry(w.as_str()).or_default().push(i);
    }
    // Each word triple of the gold and where it first occurs.
    let mut triples: HashMap<[&str; 3], usize> = HashMap::new();
    for (k, w) in gold_words.windows(3).enumerate() {
        triples
            .entry([w[0].as_str(), w[1].as_str(), w[2].as_str()])
            .or_insert(k);
    }
    let mut claimed = vec![false; gold_words.len()];
    let block_words: Vec<Vec<String>> = blocks
        .iter()
        .map(|b| words(&b.text).map(str::to_lowercase).collect())
        .collect();
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(block_words[i].len()));
    let mut labels = vec![Label::Chrome; blocks.len()];
    // Where each long content block sits in the gold: the median first position of its triples.
    let mut anchor: Vec<Option<usize>> = vec![None; blocks.len()];
    let mut tentative = Vec::new();
    let mut short = Vec::new();
    for i in order {
        let bw = &block_words[i];
        if bw.is_empty() {
            continue;
        }
        if bw.len() < SHORT_BLOCK {
            short.push(i);
            continue;
        }
        // Where each word lies in the gold, by the first triple that covers it.
        let mut guess: Vec<Option<usize>> = vec![None; bw.len()];
        let mut at = Vec::new();
        for (k, w) in bw.windows(3).enumerate() {
            if let Some(&p) = triples.get(&[w[0].as_str(), w[1].as_str(), w[2].as_str()]) {
                for j in 0..3 {
                    guess[k + j].get_or_insert(p + j);
                }
                at.push(p);
            }
        }
        let ordered = guess.iter().filter(|g| g.is_some()).count();
        if (ordered as f64) < MIN_CLAIMED * bw.len() as f64 {
            continue;
        }
        // Claim the words where the block lies in the gold: a word of a matched triple at the
        // triple's own position, any other word at its unclaimed occurrence nearest the block's
        // middle. (Taking each word's first unclaimed occurrence anywhere in the gold scattered
        // a paragraph's common words over the headings and list items elsewhere, which then no
        // longer found their runs unclaimed.)
        at.sort_unstable();
        let centre = at[at.len() / 2];
        tentative.clear();
        let mut rest = Vec::new();
        for (k, w) in bw.iter().enumerate() {
            match guess[k] {
                Some(p) if !claimed[p] => {
                    claimed[p] = true;
                    tentative.push(p);
                }
                _ => rest.push(w),
            }
        }
        for w in rest {
            if let Some(p) = positions
                .get(w.as_str())
                .and_then(|ps| nearest_unclaimed(ps, centre, &claimed))
            {
                claimed[p] = true;
                tentative.push(p);
            }
        }
        if tentative.len() as f64 >= MIN_CLAIMED * bw.len() as f64 {
            labels[i] = Label::Content;
            anchor[i] = Some(centre);
        } else {
            for &p in &tentative {
                claimed[p] = false;
            }
        }
    }
    // The gold positions of the nearest long content blocks before and after each block.
    let mut before = vec![None; blocks.len()];
    let mut last = None;
    for (i, a) in anchor.iter().enumerate() {
        before[i] = last;
        if a.is_some() {
            last = *a;
        }
    }
    let mut after = vec![None; blocks.len()];
    last = None;
    for (i, a) in anchor.iter().enumerate().rev() {
        after[i] = last;
        if a.is_some() {
            last = *a;
        }
    }
    // A short block must occur in the gold as one unclaimed run. A heading and its copy in a
    // table of contents match the same gold words: first each short block may only take a run
    // between the gold positions of the long content blocks around it (the heading, between
    // its paragraphs), then any run.
    for in_order in [true, false] {
        for &i in &short {
            if labels[i] == Label::Content {
                continue;
            }
            let bw = &block_words[i];
            let Some(starts) = positions.get(bw[0].as_str()) else {
                continue;
            };
            let hit = starts.iter().copied().find(|&s| {
                s + bw.len() <= gold_words.len()
                    && (!in_order
                        || (before[i].is_none_or(|a| a <= s) && after[i].is_none_or(|a| s < a)))
                    && (0..bw.len()).all(|k| !claimed[s + k] && gold_words[s + k] == bw[k])
            });
            if let Some(s) = hit {
                claimed[s..s + bw.len()].fill(true);
                labels[i] = Label::Content;
            }
        }
    }
    labels
}

/// The position in `ps` (sorted) nearest `centre` that is not claimed yet.
fn nearest_unclaimed(ps: &[usize], centre: usize, claimed: &[bool]) -> Option<usize> {
    let split = ps.partition_point(|&p| p < centre);
    let mut after = ps[split..].iter().copied().filter(|&p| !claimed[p]);
    let mut before = ps[..split].iter().rev().copied().filter(|&p| !claimed[p]);
    match (after.next(), before.next()) {
        (Some(a), Some(b)) => Some(if a - centre <= centre - b { a } else { b }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_claims_each_gold_word_once() {
        let gold =
            "The council met on Tuesday to discuss the new bridge over the river.\n\nIt voted yes.";
        let blocks: Vec<Block> = [
            "Home",
            "The council met on Tuesday to discuss the new bridge over the river.",
            "It voted yes.",
            "The council met on Tuesday to discuss the new bridge over the river.",
            "Sign in",
        ]
        .into_iter()
        .map(Block::from_text)
        .collect();
        let labels = align_labels(&blocks, gold);
        use Label::*;
        assert_eq!(labels, [Chrome, Content, Content, Chrome, Chrome]);
    }

    #[test]
    fn a_comment_sharing_the_articles_words_but_not_their_order_is_chrome() {
        let gold = "The council of the town met on Tuesday and it voted to close the old bridge \
                    over the river for the winter.";
        let blocks: Vec<Block> = [
            // Every word occurs in the gold, in another order.
            "The river is the bridge of the town and it met the winter on Tuesday.",
            "The council of the town met on Tuesday and it voted to close the old bridge.",
        ]
        .into_iter()
        .map(Block::from_text)
        .collect();
        use Label::*;
        assert_eq!(align_labels(&blocks, gold), [Chrome, Content]);
    }

    #[test]
    fn a_heading_between_its_paragraphs_claims_its_words_before_a_contents_entry() {
        let gold = "Setup needs the tool and a working copy of the project sources.\n\nUsage\n\n\
                    Run the tool on a folder of pages and read the report it writes.";
        let blocks: Vec<Block> = [
            "Usage", // the table of contents, above the text it lists
            "Setup needs the tool and a working copy of the project sources.",
            "Usage",
            "Run the tool on a folder of pages and read the report it writes.",
        ]
        .into_iter()
        .map(Block::from_text)
        .collect();
        use Label::*;
        assert_eq!(
            align_labels(&blocks, gold),
            [Chrome, Content, Content, Content]
        );
    }

    #[test]
    fn a_paragraph_claims_its_own_words_not_a_heading_s_elsewhere() {
        // The paragraph's "specifications" and "price" also occur earlier in the gold, as the
        // heading and a list item; the paragraph must take its own copies, where its triples lie.
        let gold = "Specifications\n\nPrice\n\nThe specifications of the chair and its price \
                    are listed below with care.";
        let blocks: Vec<Block> = [
            "Specifications",
            "Price",
            "The specifications of the chair and its price are listed below with care.",
        ]
        .into_iter()
        .map(Block::from_text)
        .collect();
        use Label::*;
        assert_eq!(align_labels(&blocks, gold), [Content, Content, Content]);
    }

    #[test]
    fn nearest_unclaimed_skips_claimed_positions_on_both_sides() {
        let claimed = [false, true, false, true, true, false, false];
        assert_eq!(nearest_unclaimed(&[0, 1, 3, 5], 3, &claimed), Some(5));
        assert_eq!(nearest_unclaimed(&[2, 3, 6], 3, &claimed), Some(2));
        assert_eq!(nearest_unclaimed(&[1, 3, 4], 2, &claimed), None);
        assert_eq!(nearest_unclaimed(&[], 2, &claimed), None);
    }

    #[test]
    fn csv_round_trip_keeps_blocks_and_labels() {
        let blocks = crate::html::segment::segment("<nav><a href=/>Home</a></nav><article><p class=lead>Body text here, with words.</p></article>");
        let page = LabelledPage {
            id: "p1".into(),
            domain: "example.org".into(),
            labels: vec![Some(Label::Chrome), Some(Label::Content)],
            kinds: vec![Some(Kind::Navigation), None],
            blocks,
        };
        let ds = Dataset { pages: vec![page] };
        let mut out = Vec::new();
        ds.write_csv(&mut out).unwrap();
        let back = Dataset::from_reader(&out[..], Path::new("mem.csv")).unwrap();
        // Links, images and `<pre>` text are for output only, not CSV columns.
        let mut ds = ds;
        assert!(!ds.pages[0].blocks[0].anchors.is_empty());
        for b in &mut ds.pages[0].blocks {
            b.anchors.clear();
            b.images.clear();
            b.pre_text.clear();
        }
        assert_eq!(back, ds);
    }
}
