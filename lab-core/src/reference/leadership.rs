//! `Leadership`: which member an `endpoint status` names as leader, and in which raft term,
//! read off any of the output formats etcdctl 3.4 prints it in (`-w table`, the default
//! plain lines, `-w json`, `-w fields`). The seed search in `leaders` compares it with the
//! recording's.

use serde_json::Value;

/// A leader and its raft term, as an `endpoint status` showed them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leadership {
    /// The leader's member id in hex, as the table prints it (`c7f85f563d9b5b00`).
    pub id: String,
    /// The raft term shown beside it; `None` when the output has no term column.
    pub term: Option<u64>,
}

impl Leadership {
    fn new(id: &str, term: Option<u64>) -> Leadership {
        Leadership {
            id: id.to_owned(),
            term,
        }
    }

    /// From json/fields output, which print member ids in decimal; `None` for 0 (no leader).
    fn from_decimal(id: u64, term: Option<u64>) -> Option<Leadership> {
        (id != 0).then(|| Leadership {
            id: format!("{id:x}"),
            term,
        })
    }
}

/// The leadership `endpoint status` output shows, in whichever format it was printed.
pub(super) fn leadership_in(stdout: &str) -> Option<Leadership> {
    if stdout.trim_start().starts_with('[') {
        return in_json(stdout);
    }
    if stdout.contains("\"Leader\" : ") {
        return in_fields(stdout);
    }
    in_table(stdout).or_else(|| in_plain_lines(stdout))
}

/// A table row whose `IS LEADER` cell is `true`, with its `RAFT TERM` cell.
fn in_table(stdout: &str) -> Option<Leadership> {
    // (ID, IS LEADER, RAFT TERM) column positions, once the header row is seen.
    let mut columns: Option<(usize, usize, Option<usize>)> = None;
    for line in stdout.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let at = |name: &str| cells.iter().position(|c| *c == name);
        if let (Some(id), Some(leader)) = (at("ID"), at("IS LEADER")) {
            columns = Some((id, leader, at("RAFT TERM")));
            continue;
        }
        let (id, leader, term) = columns?;
        if cells.get(leader) == Some(&"true") {
            let term = term.and_then(|t| cells.get(t)).and_then(|t| t.parse().ok());
            return cells.get(id).map(|id| Leadership::new(id, term));
        }
    }
    None
}

/// A plain line whose fifth field is `true`; the seventh is the raft term
/// (`127.0.0.1:2379, 8e9e05c52164694d, 3.4.23, 25 kB, true, false, 2, 9, 9, `).
fn in_plain_lines(stdout: &str) -> Option<Leadership> {
    stdout.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(", ").collect();
        if fields.len() < 9 || fields.get(4) != Some(&"true") {
            return None;
        }
        let term = fields.get(6).and_then(|t| t.parse().ok());
        fields.get(1).map(|id| Leadership::new(id, term))
    })
}

/// The first endpoint whose status names a leader (`"leader":15851328466827868738`), with
/// its `raftTerm`; an endpoint without a leader omits the field.
fn in_json(stdout: &str) -> Option<Leadership> {
    let endpoints: Value = serde_json::from_str(stdout.trim()).ok()?;
    endpoints.as_array()?.iter().find_map(|endpoint| {
        let status = endpoint.get("Status")?;
        let term = status.get("raftTerm").and_then(Value::as_u64);
        Leadership::from_decimal(status.get("leader")?.as_u64()?, term)
    })
}

/// The first endpoint block (blocks end with a blank line) whose `"Leader" : N` is not 0,
/// with its `"RaftTerm" : N`.
fn in_fields(stdout: &str) -> Option<Leadership> {
    stdout.split("\n\n").find_map(|block| {
        let field = |name: &str| {
            block
                .lines()
                .find_map(|line| line.strip_prefix(name)?.trim().parse::<u64>().ok())
        };
        Leadership::from_decimal(field("\"Leader\" :")?, field("\"RaftTerm\" :"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+
|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |
+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+
| 127.0.0.1:21379 | 158d2c9442d7483e |  3.4.23 |   25 kB |     false |      false |         3 |         10 |                 10 |        |
| 127.0.0.1:23379 | e4a02ceb6009da9f |  3.4.23 |   25 kB |      true |      false |         3 |         10 |                 10 |        |
+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+
";

    fn seen(id: &str, term: u64) -> Option<Leadership> {
        Some(Leadership::new(id, Some(term)))
    }

    #[test]
    fn a_table_names_the_leader_row_and_its_raft_term() {
        assert_eq!(leadership_in(TABLE), seen("e4a02ceb6009da9f", 3));
    }

    #[test]
    fn a_table_without_a_term_column_still_names_the_leader() {
        let narrow = "\
| ENDPOINT | ID | IS LEADER |
| 127.0.0.1:22379 | c7f85f563d9b5b00 | true |
";
        let expected = Some(Leadership::new("c7f85f563d9b5b00", None));
        assert_eq!(leadership_in(narrow), expected);
    }

    #[test]
    fn plain_lines_name_the_leader_and_the_seventh_field_as_term() {
        let plain = "127.0.0.1:21379, 158d2c9442d7483e, 3.4.23, 25 kB, false, false, 2, 9, 9, \n\
                     127.0.0.1:23379, e4a02ceb6009da9f, 3.4.23, 25 kB, true, false, 2, 9, 9, \n";
        assert_eq!(leadership_in(plain), seen("e4a02ceb6009da9f", 2));
    }

    #[test]
    fn json_and_fields_print_the_leader_in_decimal_and_it_is_read_as_hex() {
        let json = r#"[{"Endpoint":"127.0.0.1:21379","Status":{"header":{"raft_term":2},"leader":15851328466827868738,"raftIndex":8,"raftTerm":2}}]"#;
        assert_eq!(leadership_in(json), seen("dbfb3b41b34ffa42", 2));
        let fields = "\"MemberID\" : 11795863396876213269\n\"RaftTerm\" : 4\n\
                      \"Leader\" : 11795863396876213269\n\"RaftTerm\" : 4\n\
                      \"Endpoint\" : \"127.0.0.1:21379\"\n\n";
        assert_eq!(leadership_in(fields), seen("a3b3534325d6dc15", 4));
    }

    #[test]
    fn output_without_a_leader_names_none() {
        let no_leader = TABLE.replace("      true |", "     false |");
        assert_eq!(leadership_in(&no_leader), None);
        let json = r#"[{"Endpoint":"127.0.0.1:23379","Status":{"raftTerm":5,"errors":["etcdserver: no leader"]}}]"#;
        assert_eq!(leadership_in(json), None);
        assert_eq!(leadership_in("\"Leader\" : 0\n\"RaftTerm\" : 5\n"), None);
        assert_eq!(leadership_in("Error: context deadline exceeded\n"), None);
    }
}
