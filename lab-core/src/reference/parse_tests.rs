//! Tests of the transcript parser: the recorder's format, read back; malformed text never
//! panics.

use proptest::prelude::*;

use super::*;
use crate::reference::transcript::Action;

const SAMPLE: &str = r#"# Scenario 9: sample

Prose with `stdout:` inside a sentence is ignored.

## Start

```console
$ etcd --name etcd1 > etcd1.log 2>&1 &    # PID 6584
```

## Membership

```console
$ etcdctl member list
```
stdout:
```
a, started, etcd1, http://127.0.0.1:21380, http://127.0.0.1:21379, false
```
stderr: (empty)

exit code: **0**  (elapsed 0.02s, at 10:17:07.812 UTC)

Log of **etcd1**:
```
$ not a command
## not a heading
```

- `kill -9 6584` (etcd1) at 10:38:11.476 UTC

```console
$ etcdctl txn <<'STDIN'
put a b

STDIN
```
stdout:
```
SUCCESS

```
stderr:
```
```
exit code: **124** (124 = killed by timeout)
"#;

fn sample() -> Transcript {
    parse_transcript(SAMPLE).expect("parses")
}

#[test]
fn sections_and_steps_are_read_in_order_and_other_fences_are_skipped() {
    let t = sample();
    assert_eq!(t.title, "Scenario 9: sample");
    let titles: Vec<&str> = t.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Start", "Membership"]);
    assert_eq!(t.sections[0].steps.len(), 1);
    assert_eq!(t.sections[1].steps.len(), 3, "member list, kill, txn");
}

#[test]
fn a_background_start_has_its_pid_and_no_expectations() {
    let t = sample();
    let step = &t.sections[0].steps[0];
    assert_eq!(step.line, 8);
    let Action::Shell(command) = &step.action else {
        panic!("a shell step")
    };
    assert_eq!(command.text, "etcd --name etcd1 > etcd1.log 2>&1 &");
    assert_eq!(command.background_pid(), Some(6584));
    assert_eq!(step.expected, None);
}

#[test]
fn output_exit_code_elapsed_and_time_are_attached_to_the_command() {
    let t = sample();
    let expected = t.sections[1].steps[0].expected.clone().expect("recorded");
    assert_eq!(
        expected.stdout.as_deref(),
        Some("a, started, etcd1, http://127.0.0.1:21380, http://127.0.0.1:21379, false\n")
    );
    assert_eq!(expected.stderr.as_deref(), Some(""));
    assert_eq!(expected.exit_code, Some(0));
    assert_eq!(expected.elapsed, Some(SimDuration::from_millis(20)));
    assert_eq!(expected.at, TimeOfDay::parse("10:17:07.812"));
    assert_eq!(expected.started(), TimeOfDay::parse("10:17:07.792"));
}

#[test]
fn signals_are_steps_with_their_time() {
    let t = sample();
    assert_eq!(
        t.sections[1].steps[1].action,
        Action::Signal {
            signal: "9".to_owned(),
            pid: 6584,
            process: "etcd1".to_owned(),
            at: TimeOfDay::parse("10:38:11.476").expect("valid"),
        }
    );
}

#[test]
fn heredocs_stay_with_their_command_and_blank_output_lines_are_kept() {
    let t = sample();
    let step = &t.sections[1].steps[2];
    let Action::Shell(command) = &step.action else {
        panic!("a shell step")
    };
    assert_eq!(command.text, "etcdctl txn <<'STDIN'\nput a b\n\nSTDIN");
    let expected = step.expected.clone().expect("recorded");
    assert_eq!(expected.stdout.as_deref(), Some("SUCCESS\n\n"));
    assert_eq!(
        expected.stderr.as_deref(),
        Some(""),
        "an empty fenced block"
    );
    assert_eq!(expected.exit_code, Some(124));
    assert_eq!(expected.elapsed, None);
    assert_eq!(expected.at, None);
}

#[test]
fn a_comment_needs_two_spaces_before_the_hash() {
    let t = parse_transcript("```console\n$ echo a#b # c  # note\n```\n").expect("parses");
    let Some(Step {
        action: Action::Shell(command),
        ..
    }) = t.steps().next()
    else {
        panic!("one shell step")
    };
    assert_eq!(command.text, "echo a#b # c");
    assert_eq!(command.comment.as_deref(), Some("note"));
}

#[test]
fn an_unclosed_fence_or_stray_output_does_not_fail_the_parse() {
    let t = parse_transcript("stdout:\n```\nno step yet\n").expect("parses");
    assert_eq!(t.steps().count(), 0);
    let t = parse_transcript("```console\n$ ls\nexit code: **x**").expect("parses");
    assert_eq!(t.steps().count(), 1);
}

#[test]
fn oversized_transcripts_are_refused() {
    let big = "x".repeat(MAX_TRANSCRIPT_BYTES + 1);
    assert_eq!(parse_transcript(&big), Err(TranscriptError::TooLarge));
}

proptest! {
    #[test]
    fn any_text_parses_without_panicking(text in "(```console\n|\\$ |stdout:|exit code: \\*\\*|- `kill -|## |```\n|[ -~\n]){0,60}") {
        let _ = parse_transcript(&text);
    }

    #[test]
    fn every_recorded_exit_code_is_read_back(code in 0i32..256, ms in 0u64..100_000) {
        let secs = format!("{}.{:03}", ms / 1000, ms % 1000);
        let text = format!("```console\n$ true\n```\nexit code: **{code}**  (elapsed {secs}s)\n");
        let t = parse_transcript(&text).expect("parses");
        let expected = t.steps().next().and_then(|s| s.expected.clone()).expect("recorded");
        prop_assert_eq!(expected.exit_code, Some(code));
        prop_assert_eq!(expected.elapsed, Some(SimDuration::from_millis(ms)));
    }
}
