//! What real etcd itself decides by chance, made comparable: two runs of the same commands
//! against the same cluster may differ here, so the lab cannot be expected to agree with one
//! recording. Applied to both sides alike, after [`Normalizer`](super::Normalizer).
//!
//! - `endpoint health` prints its results in completion order: one goroutine per endpoint,
//!   each dialling and reading in a few milliseconds, results collected from a channel (the
//!   recording's table lists 3.7 ms before 2.6 ms). Healthy results come before unhealthy
//!   ones (those wait for the timeout); within each kind they are sorted by endpoint.
//! - A call through clientv3's balancer (several `--endpoints`) is answered by the endpoint
//!   whose connection became ready first: the picker starts with the first ready sub-connection
//!   and lists them in Go map order. So the `member_id` of a response header (`-w json`,
//!   `-w fields`) names whichever member that was, and becomes `<balanced>`. Calls that dial
//!   each endpoint themselves (`endpoint ...`, `move-leader`) keep it.

use regex::Regex;

/// A plain `endpoint health` result line: (endpoint, healthy).
fn health_line(line: &str) -> Option<(&str, bool)> {
    let (endpoint, rest) = line.split_once(' ')?;
    if rest.starts_with("is healthy: ") {
        Some((endpoint, true))
    } else if rest.starts_with("is unhealthy: ") {
        Some((endpoint, false))
    } else {
        None
    }
}

/// Sorting key: healthy first, then by endpoint.
fn health_key(endpoint: &str, healthy: bool) -> (bool, String) {
    (!healthy, endpoint.to_owned())
}

/// `text` with `endpoint health`'s results (plain lines, table rows, JSON array) in a fixed
/// order.
pub(super) fn order_health_results(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut table: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        if let Some((_, _)) = health_line(line) {
            run.push(line);
            continue;
        }
        flush_run(&mut run, &mut out);
        table = step_table(line, table, &mut out);
        out.push(sort_json_health(line));
    }
    flush_run(&mut run, &mut out);
    out.concat()
}

fn flush_run(run: &mut Vec<&str>, out: &mut Vec<String>) {
    run.sort_by_key(|l| health_line(l).map(|(e, h)| health_key(e, h)));
    out.extend(run.drain(..).map(str::to_owned));
}

/// Tracks an `endpoint health -w table`: `Some(first data row)` once its header and rule are
/// out; sorts its rows when the closing rule comes.
fn step_table(line: &str, table: Option<usize>, out: &mut [String]) -> Option<usize> {
    let trimmed = line.trim_end();
    let cells: Vec<&str> = trimmed.split('|').map(str::trim).collect();
    if cells == ["", "ENDPOINT", "HEALTH", "TOOK", "ERROR", ""] {
        return Some(out.len() + 2);
    }
    let start = table?;
    if !trimmed.starts_with('+') || out.len() <= start {
        return Some(start);
    }
    if let Some(rows) = out.get_mut(start..) {
        rows.sort_by_key(|row| {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let endpoint = cells.get(1).copied().unwrap_or_default();
            health_key(endpoint, cells.get(2) == Some(&"true"))
        });
    }
    None
}

/// `endpoint health -w json`'s array, sorted; any other line as it is.
fn sort_json_health(line: &str) -> String {
    if !line.starts_with("[{\"endpoint\":") {
        return line.to_owned();
    }
    let Ok(mut items) = serde_json::from_str::<Vec<serde_json::Value>>(line.trim_end()) else {
        return line.to_owned();
    };
    items.sort_by_key(|v| {
        let endpoint = v
            .get("endpoint")
            .and_then(|e| e.as_str())
            .unwrap_or_default();
        health_key(
            endpoint,
            v.get("health") == Some(&serde_json::Value::Bool(true)),
        )
    });
    let newline = if line.ends_with('\n') { "\n" } else { "" };
    serde_json::to_string(&items).map_or_else(|_| line.to_owned(), |s| s + newline)
}

/// Does `command` go through clientv3's balancer over more than one endpoint?
pub(super) fn is_balanced(command: &str) -> bool {
    let mut words = command.split_whitespace();
    if words.next() != Some("etcdctl") {
        return false;
    }
    let count = |list: &str| list.split(',').filter(|e| !e.is_empty()).count();
    let mut endpoints = 0;
    while let Some(word) = words.next() {
        if let Some(list) = word.strip_prefix("--endpoints=") {
            endpoints = count(list);
        } else if word == "--endpoints" {
            endpoints = words.next().map_or(0, count);
        } else if SPACED_VALUE_FLAGS.contains(&word) {
            words.next();
        } else if !word.starts_with('-') {
            return endpoints > 1 && !matches!(word, "endpoint" | "move-leader" | "snapshot");
        }
    }
    false
}

/// Global flags whose value may follow as the next word.
const SPACED_VALUE_FLAGS: [&str; 5] = [
    "-w",
    "--write-out",
    "--dial-timeout",
    "--command-timeout",
    "--user",
];

/// Header member ids of a balanced call, replaced.
pub(super) struct BalancedMember {
    json: Option<Regex>,
    fields: Option<Regex>,
}

impl BalancedMember {
    pub(super) fn new() -> Self {
        Self {
            json: Regex::new(r#""member_id":[0-9]+"#).ok(),
            fields: Regex::new(r#"(?m)^"MemberID" : [0-9]+$"#).ok(),
        }
    }

    pub(super) fn normalize(&self, text: &str) -> String {
        let mut text = text.to_owned();
        if let Some(json) = &self.json {
            text = json
                .replace_all(&text, r#""member_id":"<balanced>""#)
                .into_owned();
        }
        if let Some(fields) = &self.fields {
            text = fields
                .replace_all(&text, r#""MemberID" : <balanced>"#)
                .into_owned();
        }
        text
    }
}

#[cfg(test)]
#[path = "nondeterminism_tests.rs"]
mod tests;
