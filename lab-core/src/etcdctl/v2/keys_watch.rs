//! `etcdctl watch` (v2): long polls of `/v2/keys/KEY?wait=true&waitIndex=N`, each next one
//! after the last event's `modifiedIndex`; directory events are skipped; with `--forever`
//! it streams until Ctrl-C (which etcdctl traps: it exits 0).

use super::super::EtcdApi;
use super::super::output::Output;
use super::client::Client;
use super::keys::{Failure, Run};
use super::keys_api::{self, KeysError, wait_call};
use super::keys_format::print_response;

/// Pause after an answer without an event before asking again (unit: microseconds). etcd
/// keeps a watch open for ever; the lab's member closes it empty after a bound, and a
/// member that is gone may answer at once, so the client must not spin without time
/// passing.
const EMPTY_ANSWER_PAUSE_MICROS: u64 = 100_000;

/// `watchCommandFunc`.
pub(super) async fn watch<A: EtcdApi>(
    client: &mut Client<'_, A>,
    run: &Run<'_>,
    api: &A,
    out: &mut Output<'_>,
) -> Result<(), Failure> {
    let key = run.key()?.to_owned();
    let recursive = run.is_set("recursive");
    let forever = run.is_set("forever");
    let mut wait_index = run.int("after-index").cast_unsigned();
    loop {
        let call = wait_call(&key, wait_index, recursive);
        let resp = match keys_api::send(client, call, out).await {
            Ok(resp) => resp,
            Err(KeysError::EmptyBody) => {
                api.sleep(EMPTY_ANSWER_PAUSE_MICROS).await;
                continue;
            }
            Err(e) => return Err(Failure::Server(e)),
        };
        let Some(node) = &resp.node else {
            return Err(Failure::Server(KeysError::InvalidJson));
        };
        wait_index = node.modified_index.saturating_add(1);
        if node.dir {
            continue;
        }
        if recursive {
            out.outln(&format!("[{}] {}", resp.action, node.key));
        }
        print_response(&resp, run.format(), out);
        if !forever {
            return Ok(());
        }
    }
}
