//! How member, endpoint and move-leader answers are printed in each `--write-out` format
//! (etcdctl's `printer*.go`, including the tables' rows from `printer.go`).

use serde::Serialize;

use super::context::Format;
use super::error::CtlError;
use super::gofmt::{humanize_bytes, quote};
use super::pb::{HashKvResponse, MemberListResponse, ResponseHeader, StatusResponse};
use super::print_kv::{json_line, push_header};
use super::table;

/// One `endpoint health` result, as etcdctl's `epHealth` (and its JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct EpHealth {
    #[serde(rename = "endpoint")]
    pub ep: String,
    pub health: bool,
    pub took: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
}

/// One `endpoint status` result, as etcdctl's `epStatus` (and its JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct EpStatus {
    #[serde(rename = "Endpoint")]
    pub ep: String,
    #[serde(rename = "Status")]
    pub resp: StatusResponse,
}

/// One `endpoint hashkv` result, as etcdctl's `epHashKV` (and its JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct EpHashKv {
    #[serde(rename = "Endpoint")]
    pub ep: String,
    #[serde(rename = "HashKV")]
    pub resp: HashKvResponse,
}

/// `member list` (and the JSON/fields of `member add`, which print the same).
pub(super) fn member_list(format: Format, r: &MemberListResponse) -> Result<String, CtlError> {
    let rows = member_rows(r);
    Ok(match format {
        Format::Simple => comma_lines(&rows),
        Format::Table => table::render(
            &[
                "ID",
                "Status",
                "Name",
                "Peer Addrs",
                "Client Addrs",
                "Is Learner",
            ],
            &rows,
        ),
        Format::Json => json_line(r),
        Format::Fields => member_fields(r),
        Format::Protobuf => return Err(CtlError::unsupported_format(format.name())),
    })
}

/// The simple format of a table: each row's cells joined by `, `.
fn comma_lines(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|row| format!("{}\n", row.join(", ")))
        .collect()
}

fn member_rows(r: &MemberListResponse) -> Vec<Vec<String>> {
    r.members
        .iter()
        .map(|m| {
            vec![
                format!("{:x}", m.id),
                if m.name.is_empty() {
                    "unstarted"
                } else {
                    "started"
                }
                .to_owned(),
                m.name.clone(),
                m.peer_urls.join(","),
                m.client_urls.join(","),
                m.is_learner.to_string(),
            ]
        })
        .collect()
}

fn member_fields(r: &MemberListResponse) -> String {
    let mut text = String::new();
    push_header(&mut text, &r.header);
    for m in &r.members {
        text.push_str(&format!(
            "\"ID\" : {}\n\"Name\" : {}\n",
            m.id,
            quote(m.name.as_bytes())
        ));
        for url in &m.peer_urls {
            text.push_str(&format!("\"PeerURL\" : {}\n", quote(url.as_bytes())));
        }
        for url in &m.client_urls {
            text.push_str(&format!("\"ClientURL\" : {}\n", quote(url.as_bytes())));
        }
        text.push_str(&format!("\"IsLearner\" : {}\n\n", m.is_learner));
    }
    text
}

/// `member remove|update|promote`: `Member <id> <verb> cluster <cluster id>` with `%16x`.
pub(super) fn member_change<T: Serialize>(
    format: Format,
    verb: &str,
    id: u64,
    header: &ResponseHeader,
    json: &T,
) -> Result<String, CtlError> {
    Ok(match format {
        Format::Simple => format!("Member {id:16x} {verb} cluster {:16x}\n", header.cluster_id),
        Format::Json => json_line(json),
        Format::Fields | Format::Table | Format::Protobuf => {
            return Err(CtlError::unsupported_format(format.name()));
        }
    })
}

/// `endpoint status`.
pub(super) fn endpoint_status(format: Format, list: &[EpStatus]) -> Result<String, CtlError> {
    let rows: Vec<Vec<String>> = list.iter().map(status_row).collect();
    Ok(match format {
        Format::Simple => comma_lines(&rows),
        Format::Table => table::render(
            &[
                "endpoint",
                "ID",
                "version",
                "db size",
                "is leader",
                "is learner",
                "raft term",
                "raft index",
                "raft applied index",
                "errors",
            ],
            &rows,
        ),
        Format::Json => json_line(&list),
        Format::Fields => list.iter().map(status_fields).collect(),
        Format::Protobuf => return Err(CtlError::unsupported_format(format.name())),
    })
}

fn status_row(s: &EpStatus) -> Vec<String> {
    let r = &s.resp;
    vec![
        s.ep.clone(),
        format!("{:x}", r.header.member_id),
        r.version.clone(),
        humanize_bytes(r.db_size.max(0).unsigned_abs()),
        (r.leader == r.header.member_id).to_string(),
        r.is_learner.to_string(),
        r.raft_term.to_string(),
        r.raft_index.to_string(),
        r.raft_applied_index.to_string(),
        r.errors.join(", "),
    ]
}

fn status_fields(s: &EpStatus) -> String {
    let r = &s.resp;
    let mut text = String::new();
    push_header(&mut text, &r.header);
    text.push_str(&format!(
        "\"Version\" : {}\n\"DBSize\" : {}\n\"Leader\" : {}\n\"IsLearner\" : {}\n\"RaftIndex\" : {}\n\"RaftTerm\" : {}\n\"RaftAppliedIndex\" : {}\n\"Errors\" : [{}]\n\"Endpoint\" : {}\n\n",
        quote(r.version.as_bytes()),
        r.db_size,
        r.leader,
        r.is_learner,
        r.raft_index,
        r.raft_term,
        r.raft_applied_index,
        r.errors.join(" "),
        quote(s.ep.as_bytes()),
    ));
    text
}

/// `endpoint hashkv`: the hash printed with `%d`, one endpoint per row.
pub(super) fn endpoint_hashkv(format: Format, list: &[EpHashKv]) -> Result<String, CtlError> {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|h| vec![h.ep.clone(), h.resp.hash.to_string()])
        .collect();
    Ok(match format {
        Format::Simple => comma_lines(&rows),
        Format::Table => table::render(&["endpoint", "hash"], &rows),
        Format::Json => json_line(&list),
        Format::Fields => list
            .iter()
            .map(|h| {
                let mut text = String::new();
                push_header(&mut text, &h.resp.header);
                text.push_str(&format!(
                    "\"Endpoint\" : {}\n\"Hash\" : {}\n\n",
                    quote(h.ep.as_bytes()),
                    h.resp.hash
                ));
                text
            })
            .collect(),
        Format::Protobuf => return Err(CtlError::unsupported_format(format.name())),
    })
}

/// `endpoint health` on stdout (the simple format writes to stderr instead: see
/// [`health_simple`]).
pub(super) fn endpoint_health(format: Format, list: &[EpHealth]) -> Result<String, CtlError> {
    Ok(match format {
        Format::Simple => String::new(),
        Format::Table => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|h| {
                    vec![
                        h.ep.clone(),
                        h.health.to_string(),
                        h.took.clone(),
                        h.error.clone(),
                    ]
                })
                .collect();
            table::render(&["endpoint", "health", "took", "error"], &rows)
        }
        Format::Json => json_line(&list),
        Format::Fields => list
            .iter()
            .map(|h| {
                format!(
                    "\"Endpoint\" : {}\n\"Health\" : {}\n\"Took\" : {}\n\"Error\" : {}\n\n",
                    quote(h.ep.as_bytes()),
                    h.health,
                    h.took,
                    h.error
                )
            })
            .collect(),
        Format::Protobuf => return Err(CtlError::unsupported_format(format.name())),
    })
}

/// The simple printer's stderr line for one endpoint's health.
pub(super) fn health_simple(h: &EpHealth) -> String {
    if h.error.is_empty() {
        format!(
            "{} is healthy: successfully committed proposal: took = {}",
            h.ep, h.took
        )
    } else {
        format!(
            "{} is unhealthy: failed to commit proposal: {}",
            h.ep, h.error
        )
    }
}
