//! Golden interaction tests for the Raft engine, in the style of etcd-io/raft's
//! `interaction_test.go`: each `tests/testdata/raft/*.txt` script drives a cluster of
//! `RawNode`s command by command and must print exactly the transcript below each command.
//! After an intended change, regenerate with `REWRITE=1 cargo test -p lab-core --test
//! stories raft_interaction` and read the diff before committing it.
//!
//! Commands (ids are positional numbers; the `datadriven` crate does not keep argument order,
//! so every other argument is named or non-numeric):
//!
//! | command | does |
//! |---|---|
//! | `add-nodes N [voters=(..)] [learners=(..)] [pre-vote=true] [check-quorum=true]` | N new nodes with empty logs |
//! | `campaign ID` | `RawNode::campaign` |
//! | `propose ID DATA` | `RawNode::propose` (DATA must not be a number) |
//! | `propose-conf-change ID` + input `v4`/`l4`/`r4`/`u4` | add voter / learner, remove, update |
//! | `transfer-leadership from=ID to=ID` | `RawNode::transfer_leader` on `from` |
//! | `read-index ID CTX` | `RawNode::read_index` |
//! | `process-ready ID..`, `deliver-msgs ID..`, `stabilize [ID..]` | move the cluster along |
//! | `tick-heartbeat ID`, `tick-election ID` | one heartbeat / election timeout of ticks |
//! | `isolate ID`, `heal` | drop every message to and from ID / stop dropping |
//! | `compact ID index=I` | snapshot at the applied index, discard entries up to I |
//! | `status ID`, `raft-log ID`, `raft-state` | print progress, log, roles |

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::interaction::{Env, describe};
use datadriven::TestCase;
use lab_core::raft::{ConfChange, ConfChangeType, NodeId, RaftConfig};

#[test]
fn raft_interactions() {
    datadriven::walk("tests/testdata/raft", |file| {
        let mut env = Env::default();
        file.run(|case| -> String {
            env.out.clear();
            if let Err(err) = run(&mut env, case) {
                env.line(0, &format!("error: {err}"));
            }
            // What the command itself made nodes do (campaign, propose, ...).
            for id in env.ids() {
                env.log_events(id, 0);
            }
            std::mem::take(&mut env.out)
        });
    });
}

fn run(env: &mut Env, case: &mut TestCase) -> Result<(), String> {
    let ids = positional_ids(case);
    let first = ids.first().copied();
    let one = || first.ok_or_else(|| "needs a node id".to_owned());
    match case.directive.as_str() {
        "add-nodes" => add_nodes(env, case, one()?),
        "campaign" => env.node(one()?)?.campaign().map_err(|e| e.to_string()),
        "propose" => {
            let data = positional_word(case).ok_or("needs data")?;
            report(env.node(one()?)?.propose(data.into_bytes()))
        }
        "propose-conf-change" => {
            let cc = parse_conf_change(case.input.trim())?;
            report(env.node(one()?)?.propose_conf_change(&cc))
        }
        "transfer-leadership" => {
            let from: NodeId = arg(case, "from")?;
            let to: NodeId = arg(case, "to")?;
            report(env.node(from)?.transfer_leader(to))
        }
        "read-index" => {
            let ctx = positional_word(case).ok_or("needs a context")?;
            report(env.node(one()?)?.read_index(ctx.into_bytes()))
        }
        "process-ready" => ids.iter().try_for_each(|&id| env.process_ready(id)),
        "deliver-msgs" => ids
            .iter()
            .try_for_each(|&id| env.deliver_msgs(id).map(|_| ())),
        "stabilize" => {
            let ids = if ids.is_empty() { env.ids() } else { ids };
            env.stabilize(&ids)
        }
        "tick-heartbeat" => {
            let ticks = env.config(one()?)?.heartbeat_tick;
            env.tick(one()?, ticks)
        }
        "tick-election" => {
            let ticks = env.config(one()?)?.election_tick;
            env.tick(one()?, ticks)
        }
        "isolate" => {
            env.isolate(one()?);
            Ok(())
        }
        "heal" => {
            env.heal();
            Ok(())
        }
        "compact" => compact(env, one()?, arg(case, "index")?),
        "status" => status(env, one()?),
        "raft-log" => raft_log(env, one()?),
        "raft-state" => raft_state(env),
        other => Err(format!("unknown command {other}")),
    }
}

fn report(result: Result<(), lab_core::raft::RaftError>) -> Result<(), String> {
    result.map_err(|e| e.to_string())
}

/// Bare numeric arguments, in ascending order.
fn positional_ids(case: &TestCase) -> Vec<NodeId> {
    let mut ids: Vec<NodeId> = case
        .args
        .iter()
        .filter(|(_, vals)| vals.is_empty())
        .filter_map(|(key, _)| key.parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

/// The one bare non-numeric argument, if any.
fn positional_word(case: &TestCase) -> Option<String> {
    case.args
        .iter()
        .find(|(key, vals)| vals.is_empty() && key.parse::<NodeId>().is_err())
        .map(|(key, _)| key.clone())
}

fn arg<T: std::str::FromStr>(case: &TestCase, name: &str) -> Result<T, String> {
    case.args
        .get(name)
        .and_then(|vals| vals.first())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("needs {name}=..."))
}

fn id_list(case: &TestCase, name: &str) -> Vec<NodeId> {
    case.args
        .get(name)
        .map(|vals| vals.iter().filter_map(|v| v.parse().ok()).collect())
        .unwrap_or_default()
}

fn flag(case: &TestCase, name: &str) -> bool {
    case.args
        .get(name)
        .and_then(|vals| vals.first())
        .is_some_and(|v| v == "true")
}

fn add_nodes(env: &mut Env, case: &TestCase, n: u64) -> Result<(), String> {
    let start = env.ids().last().copied().unwrap_or(0) + 1;
    let new_ids: Vec<NodeId> = (start..start + n).collect();
    let mut voters = id_list(case, "voters");
    if voters.is_empty() {
        voters = (1..start + n).collect();
    }
    let learners = id_list(case, "learners");
    let cfgs = new_ids
        .into_iter()
        .map(|id| {
            let mut cfg = RaftConfig::new(id, voters.iter().copied());
            cfg.learners = learners.iter().copied().collect();
            cfg.pre_vote = flag(case, "pre-vote");
            cfg.check_quorum = flag(case, "check-quorum");
            cfg
        })
        .collect();
    env.add_nodes(cfgs)
}

fn parse_conf_change(text: &str) -> Result<ConfChange, String> {
    let mut chars = text.chars();
    let change_type = match chars.next() {
        Some('v') => ConfChangeType::AddNode,
        Some('l') => ConfChangeType::AddLearnerNode,
        Some('r') => ConfChangeType::RemoveNode,
        Some('u') => ConfChangeType::UpdateNode,
        _ => return Err(format!("unknown conf change {text:?}")),
    };
    let id = chars
        .as_str()
        .parse()
        .map_err(|_| format!("bad node id in {text:?}"))?;
    Ok(ConfChange::new(change_type, id))
}

fn compact(env: &mut Env, id: NodeId, index: u64) -> Result<(), String> {
    let node = env.node(id)?;
    node.create_snapshot(Vec::new())
        .map_err(|e| e.to_string())?;
    node.compact(index).map_err(|e| e.to_string())?;
    raft_log(env, id)
}

fn status(env: &mut Env, id: NodeId) -> Result<(), String> {
    let prs = env.node(id)?.raft().prs().clone();
    for peer in prs.ids() {
        if let Some(pr) = prs.get(peer) {
            env.line(0, &format!("{peer:x}: {}", describe::progress(pr)));
        }
    }
    Ok(())
}

fn raft_log(env: &mut Env, id: NodeId) -> Result<(), String> {
    let log = env.node(id)?.raft().raft_log();
    let (first, last) = (log.first_index(), log.last_index());
    let ents = if first > last {
        Vec::new()
    } else {
        log.slice(first, last + 1, u64::MAX)
            .map_err(|e| e.to_string())?
    };
    if ents.is_empty() {
        env.line(
            0,
            &format!("log is empty: first index={first}, last index={last}"),
        );
    }
    for e in &ents {
        env.line(0, &describe::entry(e));
    }
    Ok(())
}

fn raft_state(env: &mut Env) -> Result<(), String> {
    for id in env.ids() {
        let raft = env.node(id)?.raft();
        let membership = if raft.prs().voters().contains(&id) {
            "Voter"
        } else if raft.prs().learners().contains(&id) {
            "Learner"
        } else {
            "Non-Voter"
        };
        let state = raft.state();
        let line = format!(
            "{id:x}: {} ({membership}) Term:{} Lead:{:x}",
            state.etcd_name(),
            raft.term(),
            raft.lead().unwrap_or(0)
        );
        env.line(0, &line);
    }
    Ok(())
}
