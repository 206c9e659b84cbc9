//! Transcript stories against a fake lab: what a teacher reads after `lab script`.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::*;
use crate::time::SimDuration;

/// A fake lab: `echo WORDS` prints them, `false` fails, `serve` runs forever printing a
/// line per virtual second and counts as waiting, `ask` prompts and reads one typed line
/// (echoed) or Ctrl-D; leaders are whatever `leader` says.
#[derive(Default)]
struct Fake {
    hosts: Vec<String>,
    asking: std::collections::BTreeSet<String>,
    out: BTreeMap<String, String>,
    serving: BTreeMap<String, u64>,
    status: BTreeMap<String, i32>,
    elapsed_ms: u64,
    leader: Option<String>,
}

impl ScriptTarget for Fake {
    fn set_seed(&mut self, _: u64) -> Result<(), String> {
        Ok(())
    }
    fn add_host(&mut self, name: &str, _: Option<Ipv4Addr>) -> Result<(), String> {
        self.hosts.push(name.to_owned());
        Ok(())
    }
    fn type_line(&mut self, host: &str, input: &str) -> Result<(), String> {
        if !self.hosts.iter().any(|h| h == host) {
            return Err(format!("no host {host:?}"));
        }
        let out = self.out.entry(host.to_owned()).or_default();
        if self.asking.remove(host) {
            out.push_str(&format!("{input}\nhello {input}\n"));
            self.status.insert(host.to_owned(), 0);
            return Ok(());
        }
        let status = match input.split_once(' ').unwrap_or((input, "")) {
            ("ask", _) => {
                out.push_str("Name: ");
                self.asking.insert(host.to_owned());
                return Ok(());
            }
            ("echo", words) => {
                out.push_str(words);
                out.push('\n');
                0
            }
            ("serve", _) => {
                out.push_str("started\n");
                self.serving.insert(host.to_owned(), self.elapsed_ms);
                return Ok(());
            }
            (other, _) => {
                out.push_str(&format!("bash: {other}: command not found\n"));
                127
            }
        };
        self.status.insert(host.to_owned(), status);
        Ok(())
    }
    fn end_of_input(&mut self, host: &str) -> Result<(), String> {
        if self.asking.remove(host) {
            self.out.entry(host.to_owned()).or_default().push('\n');
            self.status.insert(host.to_owned(), 1);
        }
        Ok(())
    }

    fn interrupt(&mut self, host: &str) -> Result<(), String> {
        if self.serving.remove(host).is_some() {
            self.status.insert(host.to_owned(), 130);
        }
        Ok(())
    }
    fn line_state(&self, host: &str) -> LineState {
        if self.asking.contains(host) {
            LineState::Reading
        } else if self.serving.contains_key(host) {
            LineState::Running { waiting: true }
        } else {
            LineState::Idle(self.status.get(host).copied().unwrap_or(0))
        }
    }
    fn take_output(&mut self, host: &str) -> String {
        self.out.remove(host).unwrap_or_default()
    }
    fn hosts(&self) -> Vec<String> {
        self.hosts.clone()
    }
    fn advance(&mut self, d: SimDuration) {
        let before = self.elapsed_ms;
        self.elapsed_ms += d.as_millis();
        for (host, since) in &self.serving {
            let ticks = (self.elapsed_ms - since) / 1_000 - (before - since) / 1_000;
            for _ in 0..ticks {
                self.out.entry(host.clone()).or_default().push_str("tick\n");
            }
        }
    }
    fn control(&mut self, _: &StatementKind) -> Result<(), String> {
        Ok(())
    }
    fn check(&self, expectation: &Expectation) -> Result<(), String> {
        match (expectation, &self.leader) {
            (Expectation::Leader(None), Some(_)) => Ok(()),
            (Expectation::Leader(Some(want)), Some(got)) if want == got => Ok(()),
            (_, got) => Err(format!("leader is {got:?}")),
        }
    }
}

fn run(script: &str, fake: &mut Fake) -> RunReport {
    let statements = parse_script(script, &|_| true).expect("parses");
    run_script(&statements, fake)
}

#[test]
fn the_transcript_shows_each_line_its_output_and_failures() {
    let mut fake = Fake::default();
    let report = run(
        "host a\na$ echo hello\nexpect output contains \"hell\"\na$ nope\nexpect exit 127\nsleep 2s\n",
        &mut fake,
    );
    assert_eq!(
        report.transcript,
        "# host a\na$ echo hello\nhello\n# expect output contains \"hell\"\n\
         a$ nope\nbash: nope: command not found\n(exit 127)\n# expect exit 127\n# sleep 2s\n"
    );
    assert_eq!(report.failure, None);
}

#[test]
fn a_server_in_the_foreground_is_left_running_and_its_later_output_is_prefixed() {
    let mut fake = Fake::default();
    let report = run(
        "host a\nhost b\na$ serve\nb$ echo hi\nsleep 2s\ninterrupt a\n",
        &mut fake,
    );
    assert_eq!(
        report.transcript,
        "# host a\n# host b\na$ serve\nstarted\ntick\ntick\ntick\nb$ echo hi\nhi\n\
         # sleep 2s\n[a] tick\n[a] tick\n# interrupt a\n"
    );
}

#[test]
fn the_first_failed_expectation_stops_the_run_with_its_line() {
    let mut fake = Fake {
        leader: Some("a".into()),
        ..Fake::default()
    };
    let report = run(
        "host a\nexpect leader a\nexpect leader b\na$ echo never\n",
        &mut fake,
    );
    assert_eq!(
        report.failure,
        Some((3, "leader is Some(\"a\")".to_owned()))
    );
    assert!(
        report
            .transcript
            .ends_with("# expect leader b\n# line 3: leader is Some(\"a\")\n")
    );
    assert!(!report.transcript.contains("never"));
}

#[test]
fn expectations_about_output_need_a_shell_line_first() {
    let report = run("expect exit 0\n", &mut Fake::default());
    assert_eq!(
        report.failure,
        Some((1, "no shell line ran before this expect".to_owned()))
    );
}

#[test]
fn durations_print_in_the_largest_whole_unit() {
    assert_eq!(format_duration(SimDuration::from_millis(2_000)), "2s");
    assert_eq!(format_duration(SimDuration::from_millis(1_500)), "1500ms");
    assert_eq!(format_duration(SimDuration::from_secs(120)), "2m");
    assert_eq!(format_duration(SimDuration::from_micros(7)), "7us");
}

/// The transcript of a script every statement of which holds.
fn holding_transcript(script: &str) -> String {
    let report = run(script, &mut Fake::default());
    assert_eq!(report.failure, None, "{}", report.transcript);
    report.transcript
}

#[test]
fn a_line_typed_while_a_program_reads_is_its_input_shown_by_the_echo_alone() {
    let typed = holding_transcript("host a\na$ ask\na$ alice\nexpect output contains \"alice\"\n");
    assert!(
        typed.ends_with("a$ ask\nName: alice\nhello alice\n# expect output contains \"alice\"\n")
    );
    let ended = holding_transcript("host a\na$ ask\neof a\nexpect exit 1\n");
    assert!(ended.ends_with("a$ ask\nName: \n# eof a\n\n(exit 1)\n# expect exit 1\n"));
}
