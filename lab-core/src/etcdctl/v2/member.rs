//! `etcdctl member list/add/remove/update` (v2): the v2 `MembersAPI` over `/v2/members`,
//! with etcdctl v2's messages — most on stderr with status 1, not `Error:` lines.

use serde::Deserialize;

use super::super::gofmt::quote;
use super::super::output::Output;
use super::super::{EtcdApi, HttpCall, HttpReply};
use super::client::{Client, ClientError};
use super::connect;
use super::flags::Globals;
use super::{EXIT_UNKNOWN_COMMAND, Env, help};

/// A member as the v2 API lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub(super) struct V2Member {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(rename = "peerURLs", default)]
    pub peer_urls: Vec<String>,
    #[serde(rename = "clientURLs", default)]
    pub client_urls: Vec<String>,
}

#[derive(Deserialize)]
struct Collection {
    #[serde(default)]
    members: Vec<V2Member>,
}

/// The members of a `/v2/members` body; none if it is not one.
pub(super) fn parse_list(body: &str) -> Vec<V2Member> {
    serde_json::from_str::<Collection>(body).map_or_else(|_| Vec::new(), |c| c.members)
}

/// Status of every failed member command.
const EXIT_FAILED: i32 = 1;

/// `etcdctl member SUBCOMMAND ARGS`.
pub(super) async fn run<A: EtcdApi>(
    args: &[String],
    globals: &Globals,
    env: &Env<'_>,
    api: &A,
    out: &mut Output<'_>,
) -> i32 {
    let Some(sub) = args.first() else {
        out.out(help::MEMBER);
        return 0;
    };
    let rest = args.get(1..).unwrap_or_default();
    let result = match sub.as_str() {
        "--help" | "-h" | "help" | "h" => {
            out.out(help::MEMBER);
            return 0;
        }
        "list" if !rest.is_empty() => Err("No arguments accepted".to_owned()),
        "add" if rest.len() != 2 => Err("Provide a name and a single member peerURL".to_owned()),
        "remove" if rest.len() != 1 => Err("Provide a single member ID".to_owned()),
        "update" if rest.len() != 2 => Err("Provide an ID and a list of comma separated peerURL (0xabcd http://example.com,http://example1.com)".to_owned()),
        "list" | "add" | "remove" | "update" => {
            let mut client = match connect::connected(api, globals, env, out).await {
                Ok(client) => client,
                Err(status) => return status,
            };
            match sub.as_str() {
                "list" => list(&mut client, out).await,
                "add" => add(&mut client, rest, out).await,
                "remove" => remove(&mut client, rest, out).await,
                _ => update(&mut client, rest, out).await,
            }
        }
        other => {
            out.errln(&format!("No help topic for '{other}'"));
            return EXIT_UNKNOWN_COMMAND;
        }
    };
    match result {
        Ok(()) => 0,
        Err(text) => {
            if text != NO_MORE_TEXT {
                out.errln(&text);
            }
            EXIT_FAILED
        }
    }
}

/// `MembersAPI.List`.
pub(super) async fn fetch_list<A: EtcdApi>(
    client: &mut Client<'_, A>,
    out: &mut Output<'_>,
) -> Result<Vec<V2Member>, ClientError> {
    let reply = client.get("/v2/members", out).await?;
    expect(&reply, &[200])?;
    Ok(parse_list(&reply.body))
}

/// `assertStatusCode`.
fn expect(reply: &HttpReply, wanted: &[u16]) -> Result<(), ClientError> {
    if wanted.contains(&reply.status) {
        return Ok(());
    }
    Err(ClientError::Other(format!(
        "unexpected status code {}",
        reply.status
    )))
}

async fn list<A: EtcdApi>(client: &mut Client<'_, A>, out: &mut Output<'_>) -> Result<(), String> {
    let members = fetch_list(client, out).await.map_err(|e| e.to_string())?;
    let reply = client
        .get("/v2/members/leader", out)
        .await
        .and_then(|r| expect(&r, &[200]).map(|()| r))
        .map_err(|e| format!("Failed to get leader:  {e}"))?;
    let leader: V2Member = serde_json::from_str(&reply.body).unwrap_or_default();
    for m in members {
        if m.name.is_empty() {
            out.outln(&format!(
                "{}[unstarted]: peerURLs={}",
                m.id,
                m.peer_urls.join(",")
            ));
        } else {
            out.outln(&format!(
                "{}: name={} peerURLs={} clientURLs={} isLeader={}",
                m.id,
                m.name,
                m.peer_urls.join(","),
                m.client_urls.join(","),
                m.id == leader.id
            ));
        }
    }
    Ok(())
}

/// The request body `MembersAPI.Add`/`Update` send.
fn urls_body(urls: &[String]) -> HttpCall {
    HttpCall {
        method: String::new(),
        path: String::new(),
        content_type: Some("application/json".to_owned()),
        body: serde_json::json!({ "peerURLs": urls }).to_string(),
    }
}

/// The `{"message":…}` of a refusal.
fn message_of(reply: &HttpReply) -> String {
    serde_json::from_str::<serde_json::Value>(&reply.body)
        .ok()
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

async fn add<A: EtcdApi>(
    client: &mut Client<'_, A>,
    args: &[String],
    out: &mut Output<'_>,
) -> Result<(), String> {
    let (name, url) = match args {
        [name, url] => (name, url),
        _ => return Err("Provide a name and a single member peerURL".to_owned()),
    };
    let urls = vec![url.clone()];
    super::super::check_peer_urls(&urls)?;
    let call = HttpCall {
        method: "POST".to_owned(),
        path: "/v2/members".to_owned(),
        ..urls_body(&urls)
    };
    let reply = client.send(call, out).await.map_err(|e| e.to_string())?;
    expect(&reply, &[201, 409]).map_err(|e| e.to_string())?;
    if reply.status == 409 {
        return Err(message_of(&reply));
    }
    let added: V2Member = serde_json::from_str(&reply.body).unwrap_or_default();
    out.outln(&format!(
        "Added member named {name} with ID {} to cluster",
        added.id
    ));
    let members = fetch_list(client, out).await.map_err(|e| e.to_string())?;
    let conf: Vec<String> = members
        .iter()
        .flat_map(|m| {
            let shown = if m.id == added.id { name } else { &m.name };
            m.peer_urls.iter().map(move |u| format!("{shown}={u}"))
        })
        .collect();
    out.out(&format!(
        "\nETCD_NAME={}\nETCD_INITIAL_CLUSTER={}\nETCD_INITIAL_CLUSTER_STATE=\"existing\"\n",
        quote(name.as_bytes()),
        quote(conf.join(",").as_bytes())
    ));
    Ok(())
}

async fn remove<A: EtcdApi>(
    client: &mut Client<'_, A>,
    args: &[String],
    out: &mut Output<'_>,
) -> Result<(), String> {
    let id = args.first().map(String::as_str).unwrap_or_default();
    let members = fetch_list(client, out)
        .await
        .map_err(|e| format!("Error while verifying ID against known members: {e}"))?;
    for m in members.iter().filter(|m| m.name == id) {
        out.errln(&format!("Found a member named {}; if this is correct, please use its ID, eg:\n\tetcdctl member remove {}", m.name, m.id));
        out.errln("For more details, read the documentation at https://github.com/etcd-io/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member\n");
    }
    if !members.iter().any(|m| m.id == id) {
        return Err(format!(
            "Couldn't find a member in the cluster with an ID of {id}."
        ));
    }
    let call = HttpCall {
        method: "DELETE".to_owned(),
        path: format!("/v2/members/{id}"),
        ..HttpCall::default()
    };
    let sent = client.send(call, out).await;
    if let Err(e) = sent.and_then(|r| expect(&r, &[204, 410])) {
        // etcdctl prints this one without a newline.
        out.write(
            super::super::Stream::Stderr,
            format!("Received an error trying to remove member {id}: {e}").as_bytes(),
        );
        return Err(NO_MORE_TEXT.to_owned());
    }
    out.outln(&format!("Removed member {id} from cluster"));
    Ok(())
}

/// Marks a failure whose text is already written.
const NO_MORE_TEXT: &str = "\0";

async fn update<A: EtcdApi>(
    client: &mut Client<'_, A>,
    args: &[String],
    out: &mut Output<'_>,
) -> Result<(), String> {
    let (id, urls) = match args {
        [id, urls] => (id, urls),
        _ => return Err("Provide an ID and a list of comma separated peerURL (0xabcd http://example.com,http://example1.com)".to_owned()),
    };
    let urls: Vec<String> = urls.split(',').map(str::to_owned).collect();
    super::super::check_peer_urls(&urls)?;
    let call = HttpCall {
        method: "PUT".to_owned(),
        path: format!("/v2/members/{id}"),
        ..urls_body(&urls)
    };
    let reply = client.send(call, out).await.map_err(|e| e.to_string())?;
    expect(&reply, &[204, 404, 409]).map_err(|e| e.to_string())?;
    if reply.status != 204 {
        return Err(message_of(&reply));
    }
    out.outln(&format!("Updated member with ID {id} in cluster"));
    Ok(())
}
