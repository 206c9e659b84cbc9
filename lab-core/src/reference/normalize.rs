//! `Normalizer`: rewrites what legitimately differs from one run of etcd to the next, so a
//! lab run and a recording can be compared. Applied to both sides alike.
//!
//! What is replaced, and why it may be:
//! - timing: `took = 5.496037ms`, zap's `"took":"2.7ms"` and `"took":0.0018` (a measured
//!   latency), a table cell that is only a Go duration (the TOOK column);
//! - clock readings: zap's `"ts":"2026-11-22T10:17:13.164Z"` and `"ts":1795342716.53`,
//!   capnslog's `2026-11-22 10:38:11.479344` and raft's `raft2026/11/22 10:38:12`
//!   (the recorder's wall clock, not the lab's virtual one);
//! - clientv3's random `client-<uuid>` in a warning's target;
//! - database sizes: humanized `20 kB`, the JSON `dbSize`, `dbSizeInUse`, `totalSize`, and
//!   the size `ls -l` shows for a bbolt file (`*.db`, `member/snap/db`): bbolt's page layout,
//!   which the lab does not model byte for byte.
//!
//! A progress bar redrawn in place (frames separated by `\r`, as `check perf` draws it) is
//! written the way the recorder wrote it down: a note with the frame count, the first and
//! last six frames one per line. That is the transcript's notation, not a difference.
//!
//! Member, cluster and lease IDs, names, messages, revisions, terms, indexes and exit codes are
//! never touched. Tables whose cells were rewritten are re-laid out (single-space padding)
//! because the placeholders change column widths; tables without such cells keep their exact
//! layout, alignment included.

use regex::Regex;

/// Whole-text rules: (pattern, replacement).
const RULES: [(&str, &str); 8] = [
    (r#""ts":("[^"]*"|[0-9.e+]+)"#, r#""ts":"<ts>""#),
    (r#""took":("[^"]*"|[0-9.e+-]+)"#, r#""took":"<took>""#),
    (r"took = [0-9.]+(ns|µs|us|ms|s|m|h)", "took = <took>"),
    (
        r"client-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "client-<uuid>",
    ),
    (
        r#""(dbSize|dbSizeInUse|totalSize)":[0-9]+"#,
        r#""$1":"<size>""#,
    ),
    (
        r"\b[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\b",
        "<ts>",
    ),
    (
        r"raft[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}",
        "raft<ts>",
    ),
    (
        r"(?m)^([-l][rwxsStT-]{9}\.? +[0-9]+ +[^ ]+ +[^ ]+ +)[0-9]+( .*(\.db|/db)$)",
        "$1<size>$2",
    ),
];
/// A humanized size, as go-humanize's `Bytes` prints it.
const SIZE: &str = r"\b[0-9]+(\.[0-9]+)? (B|kB|MB|GB|TB)\b";
/// A table cell holding only a Go duration (`3.708076ms`, `1m2.5s`).
const DURATION_CELL: &str = r"^([0-9]+(\.[0-9]+)?(ns|µs|us|ms|s|m|h))+$";

/// The compiled rules.
pub struct Normalizer {
    rules: Vec<(Regex, &'static str)>,
    size: Option<Regex>,
    duration_cell: Option<Regex>,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

impl Normalizer {
    /// Compiles the rules (a pattern that failed to compile would be skipped; a test makes
    /// sure none does).
    pub fn new() -> Normalizer {
        Normalizer {
            rules: RULES
                .iter()
                .filter_map(|(p, r)| Some((Regex::new(p).ok()?, *r)))
                .collect(),
            size: Regex::new(SIZE).ok(),
            duration_cell: Regex::new(DURATION_CELL).ok(),
        }
    }

    /// `text` with run-dependent values replaced.
    pub fn normalize(&self, text: &str) -> String {
        let text = progress_frames(text);
        let mut out = String::with_capacity(text.len());
        let mut table: Vec<&str> = Vec::new();
        for line in text.split_inclusive('\n') {
            if is_table_line(line) {
                table.push(line);
                continue;
            }
            self.flush_table(&mut table, &mut out);
            out.push_str(&self.line(line));
        }
        self.flush_table(&mut table, &mut out);
        super::nondeterminism::order_health_results(&out)
    }

    fn line(&self, line: &str) -> String {
        let mut line = line.to_owned();
        for (regex, replacement) in &self.rules {
            line = regex.replace_all(&line, *replacement).into_owned();
        }
        if let Some(size) = &self.size {
            line = size.replace_all(&line, "<size>").into_owned();
        }
        line
    }

    fn cell(&self, cell: &str) -> String {
        if self
            .duration_cell
            .as_ref()
            .is_some_and(|r| r.is_match(cell))
        {
            return "<took>".to_owned();
        }
        match &self.size {
            Some(size) => size.replace_all(cell, "<size>").into_owned(),
            None => cell.to_owned(),
        }
    }

    /// Writes the table gathered so far: as it was, or re-laid out when a cell changed.
    fn flush_table(&self, table: &mut Vec<&str>, out: &mut String) {
        if table.is_empty() {
            return;
        }
        let rows: Vec<Option<Vec<String>>> = table.iter().map(|l| row_cells(l)).collect();
        let changed = rows.iter().flatten().flatten().any(|c| self.cell(c) != *c);
        if !changed {
            table.iter().for_each(|l| out.push_str(l));
        } else {
            for row in &rows {
                match row {
                    Some(cells) => {
                        let cells: Vec<String> = cells.iter().map(|c| self.cell(c)).collect();
                        out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    }
                    None => out.push_str("+\n"),
                }
            }
        }
        table.clear();
    }
}

/// Frames shown at each end of a progress bar, as the recorder shows them.
const FRAMES_SHOWN: usize = 6;

/// `text` with each line of `\r`-separated frames (more than twice [`FRAMES_SHOWN`]) written
/// as the recorder did: `# progress bar redrawn in place with \r, N frames; …`, the first
/// frames, `...`, the last frames.
fn progress_frames(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        let frames: Vec<&str> = body.split('\r').filter(|f| !f.is_empty()).collect();
        if frames.len() <= 2 * FRAMES_SHOWN {
            out.push_str(line);
            continue;
        }
        out.push_str(&format!(
            "# progress bar redrawn in place with \\r, {} frames; first and last frames shown one per line:\n",
            frames.len()
        ));
        let (first, last) = (
            &frames[..FRAMES_SHOWN],
            &frames[frames.len() - FRAMES_SHOWN..],
        );
        first.iter().for_each(|f| out.push_str(&format!("{f}\n")));
        out.push_str("...\n");
        let last = last.join("\n");
        out.push_str(&last);
        out.push_str(end);
    }
    out
}

/// Table lines as tablewriter draws them: borders `+---+` and rows `| a |`.
fn is_table_line(line: &str) -> bool {
    let line = line.trim_end();
    (line.starts_with("+-") && line.ends_with('+'))
        || (line.starts_with('|') && line.ends_with('|'))
}

/// A row's trimmed cells; `None` for a border.
fn row_cells(line: &str) -> Option<Vec<String>> {
    let inner = line
        .trim_end()
        .strip_prefix('|')?
        .strip_suffix('|')
        .unwrap_or_default();
    Some(inner.split('|').map(|c| c.trim().to_owned()).collect())
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
