//! Tests of the replayer: the recording's schedule, pids and `timeout` carried into a lab.

use super::*;
use crate::reference::parse_transcript;

const SCENARIO: &str = r#"## Schedule

```console
$ sleep 100 > sleeper.log 2>&1 &    # PID 4242
```

```console
$ date -u +%H:%M:%S; pwd
```
stdout:
```
10:17:05
/srv/etcd-ref/logs/demo
```
stderr: (empty)

exit code: **0**  (elapsed 0.00s, at 10:17:05.000 UTC)

- `kill -9 4242` (sleeper) at 10:17:06.000 UTC

```console
$ kill -0 4242
```
stdout: (empty)

stderr:
```
bash: kill: (4242) - No such process
```
exit code: **1**  (elapsed 0.00s, at 10:17:07.000 UTC)

```console
$ timeout 2 sleep 10
```
stdout: (empty)

stderr: (empty)

exit code: **124**  (elapsed 2.00s, at 10:17:10.000 UTC)

```console
$ date -u +%H:%M:%S
```
stdout:
```
10:17:11
```
exit code: **0**  (elapsed 0.00s, at 10:17:11.000 UTC)
"#;

fn verdicts() -> Vec<Verdict> {
    let transcript = parse_transcript(SCENARIO).expect("parses");
    let replay = replay(&transcript, &ReplaySetup::for_scenario("demo")).expect("set up");
    replay.sections[0]
        .steps
        .iter()
        .map(|s| s.verdict.clone())
        .collect()
}

#[test]
fn a_scenario_runs_on_the_recorded_clock_with_its_pids_and_timeouts() {
    let verdicts = verdicts();
    assert_eq!(verdicts.len(), 6);
    assert_eq!(verdicts[0], Verdict::Setup, "the background start");
    assert_eq!(
        verdicts[1],
        Verdict::Matched,
        "started at 10:17:05 in the logs dir"
    );
    assert_eq!(
        verdicts[2],
        Verdict::Setup,
        "the kill reached the lab's pid"
    );
    let Verdict::Differs(d) = &verdicts[3] else {
        panic!(
            "the lab's pid differs from the recording's: {:?}",
            verdicts[3]
        )
    };
    assert_eq!(d.stream, "stderr", "only the pid in the message differs");
    assert_eq!(verdicts[4], Verdict::Matched, "timeout 2 gives 124");
    assert_eq!(
        verdicts[5],
        Verdict::Matched,
        "the clock was not left behind"
    );
}

#[test]
fn job_notices_of_an_interactive_shell_are_dropped() {
    let text = "[1]+  Killed                  sleep 100\n[2] 1004\nout\n[3]-  Exit 1  etcd\n";
    assert_eq!(without_job_notices(text), "[2] 1004\nout\n");
}
