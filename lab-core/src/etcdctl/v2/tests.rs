//! The v2 etcdctl against the outputs recorded from etcd 3.4.23
//! (lab-core/tests/data/v2-reference.md), with a fake cluster answering its HTTP requests.

use std::cell::RefCell;

use super::super::{CallTimeouts, EtcdApi, HttpCall, HttpReply, Invocation, RpcError, Stream};

const REFERENCE: &str = include_str!("../../../tests/data/v2-reference.md");

/// The exact stdout, stderr and exit status recorded for `command`.
fn recorded(command: &str) -> (String, String, i32) {
    recorded_in(REFERENCE, command)
}

/// The exact stdout, stderr and exit status recorded for `command` in `reference`.
pub(super) fn recorded_in(reference: &str, command: &str) -> (String, String, i32) {
    let start = reference
        .rfind(&format!("$ {command}\n--- stdout\n"))
        .unwrap_or_else(|| panic!("{command} is recorded"));
    let block = &reference[start..];
    let stdout_at = block.find("--- stdout\n").expect("stdout") + "--- stdout\n".len();
    let stderr_at = block.find("--- stderr\n").expect("stderr");
    let exit_at = block.find("--- exit ").expect("exit");
    let stdout = &block[stdout_at..stderr_at];
    let stderr = &block[stderr_at + "--- stderr\n".len()..exit_at];
    let code = block[exit_at + "--- exit ".len()..]
        .lines()
        .next()
        .and_then(|l| l.parse().ok())
        .expect("an exit status");
    (stdout.to_owned(), stderr.to_owned(), code)
}

/// A cluster that answers each path with a fixed reply, or refuses the connection; keys
/// calls (`METHOD PATH`) are answered in order from `keys`, with their `X-Etcd-Index`.
pub(super) struct Fake {
    pub(super) replies: Vec<(&'static str, &'static str, u16, &'static str)>,
    pub(super) keys: RefCell<std::collections::VecDeque<KeysReply>>,
    pub(super) asked: RefCell<Vec<String>>,
}

/// One canned keys answer: the request it answers, status, body, `X-Etcd-Index`.
pub(super) type KeysReply = (&'static str, u16, &'static str, u64);

impl EtcdApi for Fake {
    fn call(
        &self,
        _: &str,
        _: super::super::Request,
        _: CallTimeouts,
    ) -> impl Future<Output = Result<super::super::Response, RpcError>> {
        std::future::ready(Err(RpcError::DeadlineExceeded))
    }

    fn sleep(&self, _: u64) -> impl Future<Output = ()> {
        std::future::ready(())
    }

    fn now_unix_micros(&self) -> u64 {
        0
    }

    fn random_u128(&self) -> u128 {
        0
    }

    fn http(
        &self,
        endpoint: &str,
        call: HttpCall,
        _: CallTimeouts,
    ) -> impl Future<Output = Result<HttpReply, RpcError>> {
        self.asked
            .borrow_mut()
            .push(format!("{} {endpoint}{}", call.method, call.path));
        let request = format!("{} {}", call.method, call.path);
        let mut keys = self.keys.borrow_mut();
        if keys.front().is_some_and(|(asked, ..)| *asked == request)
            && let Some((_, status, body, index)) = keys.pop_front()
        {
            return std::future::ready(Ok(HttpReply {
                status,
                body: body.to_owned(),
                headers: vec![("X-Etcd-Index".to_owned(), index.to_string())],
            }));
        }
        let found = self
            .replies
            .iter()
            .find(|(ep, path, _, _)| *ep == endpoint && *path == call.path);
        std::future::ready(match found {
            Some((_, _, status, body)) => Ok(HttpReply {
                status: *status,
                body: (*body).to_owned(),
                headers: Vec::new(),
            }),
            None => Err(RpcError::Unreachable {
                reason: "connect: connection refused".to_owned(),
            }),
        })
    }
}

pub(super) fn run(line: &str, api: &Fake) -> (String, String, i32) {
    let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    let env = [("ETCDCTL_API".to_owned(), "2".to_owned())];
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let mut sink = |stream: Stream, bytes: &[u8]| match stream {
        Stream::Stdout => stdout.extend_from_slice(bytes),
        Stream::Stderr => stderr.extend_from_slice(bytes),
    };
    let invocation = Invocation {
        args: &args,
        env: &env,
        stdin: b"",
    };
    let code = futures_executor_block_on(super::super::run(invocation, api, &mut sink));
    (
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
        code,
    )
}

/// Polls a future that never waits (the fake answers at once).
fn futures_executor_block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

pub(super) fn nobody() -> Fake {
    Fake {
        replies: Vec::new(),
        keys: RefCell::default(),
        asked: RefCell::new(Vec::new()),
    }
}

const N1: &str = "http://127.0.0.1:31379";
const LIST: &str = r#"{"members":[{"id":"ca7a34e16cff9c1b","name":"n2","peerURLs":["http://127.0.0.1:32380"],"clientURLs":["http://127.0.0.1:32379"]},{"id":"daa54702714a88a8","name":"n3","peerURLs":["http://127.0.0.1:33380"],"clientURLs":["http://127.0.0.1:33379"]},{"id":"f97e86855c631539","name":"n1","peerURLs":["http://127.0.0.1:31380"],"clientURLs":["http://127.0.0.1:31379"]}]}
"#;
const LEADER: &str = r#"{"id":"daa54702714a88a8","name":"n3","peerURLs":["http://127.0.0.1:33380"],"clientURLs":["http://127.0.0.1:33379"]}
"#;

fn cluster() -> Fake {
    let mut replies = Vec::new();
    for ep in [N1, "http://127.0.0.1:32379", "http://127.0.0.1:33379"] {
        replies.push((ep, "/v2/members", 200, LIST));
        replies.push((ep, "/v2/members/leader", 200, LEADER));
        replies.push((ep, "/health", 200, r#"{"health":"true"}"#));
    }
    Fake {
        replies,
        keys: RefCell::default(),
        asked: RefCell::new(Vec::new()),
    }
}

#[test]
fn help_version_and_unknown_commands_match_the_recording() {
    for line in [
        "ETCDCTL_API=2 etcdctl --help",
        "ETCDCTL_API=2 etcdctl --version",
        "ETCDCTL_API=2 etcdctl -v",
        "ETCDCTL_API=2 etcdctl foo",
        "ETCDCTL_API=2 etcdctl member",
        "ETCDCTL_API=2 etcdctl member --help",
        "ETCDCTL_API=2 etcdctl member foo",
        "ETCDCTL_API=2 etcdctl backup --help",
        "ETCDCTL_API=2 etcdctl --bogus member list",
    ] {
        let args = line.trim_start_matches("ETCDCTL_API=2 etcdctl").trim();
        assert_eq!(run(args, &nobody()), recorded(line), "{line}");
    }
}

#[test]
fn no_cluster_at_the_default_endpoints_is_a_bad_connection() {
    let line = "ETCDCTL_API=2 etcdctl member list";
    assert_eq!(run("member list", &nobody()), recorded(line));
}

#[test]
fn member_list_and_cluster_health_of_a_healthy_cluster_match_the_recording() {
    for line in [
        "ETCDCTL_API=2 etcdctl -C http://127.0.0.1:32379 member list",
        "ETCDCTL_API=2 etcdctl --endpoints=http://127.0.0.1:32379 member list extra",
        "ETCDCTL_API=2 etcdctl --endpoints 127.0.0.1:32379 member list",
    ] {
        let args = line.trim_start_matches("ETCDCTL_API=2 etcdctl").trim();
        assert_eq!(run(args, &cluster()), recorded(line), "{line}");
    }
}

#[test]
fn member_list_without_a_leader_reports_every_endpoint_as_recorded() {
    // n2 and n3 killed: n1 answers the list but 503 for the leader.
    let api = Fake {
        replies: vec![
            (N1, "/v2/members", 200, LIST),
            (
                N1,
                "/v2/members/leader",
                503,
                r#"{"message":"During election"}"#,
            ),
        ],
        keys: RefCell::default(),
        asked: RefCell::new(Vec::new()),
    };
    let line = "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:31379 member list";
    // The sync's shuffle decides the order of the endpoints tried; the lab's randomness
    // (0 here) keeps n1 first, as in the recording.
    assert_eq!(
        run("--endpoints http://127.0.0.1:31379 member list", &api),
        recorded(line)
    );
}

#[test]
fn a_member_without_the_v2_api_fails_as_recorded() {
    let api = Fake {
        replies: vec![(
            "http://127.0.0.1:34379",
            "/v2/members",
            404,
            "404 page not found\n",
        )],
        keys: RefCell::default(),
        asked: RefCell::new(Vec::new()),
    };
    for line in [
        "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:34379 member list",
        "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:34379 cluster-health",
    ] {
        let args = line.trim_start_matches("ETCDCTL_API=2 etcdctl").trim();
        assert_eq!(run(args, &api), recorded(line), "{line}");
    }
}

#[test]
fn argument_mistakes_are_refused_before_any_request() {
    for line in [
        "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:31379 member add n5",
        "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:31379 member remove",
        "ETCDCTL_API=2 etcdctl --endpoints http://127.0.0.1:31379 member update daa54702714a88a8",
    ] {
        let args = line.trim_start_matches("ETCDCTL_API=2 etcdctl").trim();
        let api = nobody();
        assert_eq!(run(args, &api), recorded(line), "{line}");
        assert!(api.asked.borrow().is_empty());
    }
}

#[test]
fn exec_watch_says_it_is_not_in_the_lab() {
    let (stdout, stderr, code) = run("exec-watch /foo -- true", &nobody());
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert!(stderr.contains("not available in the lab"), "{stderr}");
}
