//! `-w table`: olekukonko/tablewriter (the 2017 revision etcd 3.4 vendors) as etcdctl
//! configures it — upper-case centred headers, every cell right-aligned, cells wider than
//! 30 columns wrapped at spaces with minimal raggedness.

/// tablewriter's `MAX_ROW_WIDTH`: cells wider than this are wrapped.
const MAX_CELL_WIDTH: usize = 30;
/// tablewriter's penalty for a line longer than the limit.
const OVERFLOW_PENALTY: usize = 100_000;

/// Renders `header` and `rows` as etcdctl's tables.
pub(super) fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header
        .iter()
        .map(|h| width(h).min(MAX_CELL_WIDTH))
        .collect();
    let mut lines: Vec<Vec<Vec<String>>> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells = Vec::with_capacity(row.len());
        for (column, cell) in row.iter().enumerate() {
            if column >= widths.len() {
                widths.push(0);
            }
            let Some(limit) = widths.get_mut(column) else {
                continue;
            };
            *limit = (*limit).max(width(cell).min(MAX_CELL_WIDTH));
            let wrapped = wrap(cell, *limit);
            let widest = wrapped.iter().map(|l| width(l)).max().unwrap_or(0);
            *limit = (*limit).max(widest);
            cells.push(wrapped);
        }
        lines.push(cells);
    }
    let separator = separator_line(&widths);
    let mut text = separator.clone();
    text.push('|');
    for (column, title) in header.iter().enumerate() {
        let w = widths.get(column).copied().unwrap_or(0);
        text.push_str(&format!(" {} |", centre(&title.to_uppercase(), w)));
    }
    text.push('\n');
    text.push_str(&separator);
    for cells in &lines {
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            text.push('|');
            for (column, cell) in cells.iter().enumerate() {
                let w = widths.get(column).copied().unwrap_or(0);
                let part = cell.get(line).map(String::as_str).unwrap_or("  ");
                text.push_str(&format!(" {} |", right(part, w)));
            }
            text.push('\n');
        }
    }
    text.push_str(&separator);
    text
}

fn separator_line(widths: &[usize]) -> String {
    let mut line = String::from("+");
    for w in widths {
        line.push_str(&"-".repeat(w.saturating_add(2)));
        line.push('+');
    }
    line.push('\n');
    line
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// tablewriter's `Pad`: the extra space goes right when it cannot be split evenly.
fn centre(text: &str, w: usize) -> String {
    let gap = w.saturating_sub(width(text));
    let left = gap / 2;
    format!("{}{text}{}", " ".repeat(left), " ".repeat(gap - left))
}

fn right(text: &str, w: usize) -> String {
    format!("{}{text}", " ".repeat(w.saturating_sub(width(text))))
}

/// tablewriter's `WrapString`: words split at single spaces, lines chosen to minimise the
/// squared slack against `limit` (raised to the longest word).
fn wrap(text: &str, limit: usize) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let limit = words.iter().map(|w| w.len()).max().unwrap_or(0).max(limit);
    let count = words.len();
    // length(i, j): the words i..=j joined by single spaces.
    let length = |i: usize, j: usize| -> usize {
        words
            .get(i..=j)
            .map(|ws| ws.iter().map(|w| width(w)).sum::<usize>() + (j - i))
            .unwrap_or(0)
    };
    let mut cost = vec![usize::MAX; count];
    let mut breaks = vec![count; count];
    for i in (0..count).rev() {
        if length(i, count - 1) <= limit {
            cost[i] = 0;
            breaks[i] = count;
            continue;
        }
        for j in i + 1..count {
            let line = length(i, j - 1);
            let slack = limit.abs_diff(line);
            let mut c = slack.saturating_mul(slack).saturating_add(cost[j]);
            if line > limit {
                c = c.saturating_add(OVERFLOW_PENALTY);
            }
            if c < cost[i] {
                cost[i] = c;
                breaks[i] = j;
            }
        }
    }
    let mut lines = Vec::new();
    let mut i = 0;
    while i < count {
        let end = breaks.get(i).copied().unwrap_or(count).max(i + 1);
        lines.push(words.get(i..end).map(|ws| ws.join(" ")).unwrap_or_default());
        i = end;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_centred_and_cells_right_aligned() {
        let table = render(
            &["endpoint", "health"],
            &[vec!["127.0.0.1:21379".into(), "true".into()]],
        );
        assert_eq!(
            table,
            "+-----------------+--------+\n\
             |    ENDPOINT     | HEALTH |\n\
             +-----------------+--------+\n\
             | 127.0.0.1:21379 |   true |\n\
             +-----------------+--------+\n"
        );
    }

    #[test]
    fn long_cells_wrap_at_spaces() {
        let lines = wrap(
            "rpc error: code = Unknown desc = context deadline exceeded",
            30,
        );
        assert!(lines.iter().all(|l| l.len() <= 30), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "rpc error: code = Unknown desc = context deadline exceeded"
        );
    }
}
