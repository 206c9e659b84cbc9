//! Stories of a terminal as a program's stdin: typed lines read as they come, echo,
//! Ctrl-D, typeahead the shell runs after the line, and background jobs that get no input.

use std::net::Ipv4Addr;

use super::*;
use crate::script::LineState;
use crate::sim::World;
use crate::time::SimDuration;

const STEP: SimDuration = SimDuration::from_millis(10);

fn lab() -> Lab {
    let lab = Lab::new(World::new(1));
    lab.add_host("h1", Ipv4Addr::new(10, 0, 0, 1))
        .expect("host");
    lab.advance(STEP);
    lab.take_output(0);
    lab
}

/// Types `line` and lets the lab run a moment; returns what the terminal showed.
fn typed(lab: &Lab, line: &str) -> String {
    lab.type_line(0, line).expect("typed");
    shown(lab)
}

fn shown(lab: &Lab) -> String {
    lab.advance(STEP);
    lab.take_output(0)
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn cat_with_no_file_writes_each_line_as_it_is_typed_until_ctrl_d() {
    let lab = lab();
    assert_eq!(typed(&lab, "cat > /tmp/notes"), "");
    assert_eq!(lab.line_state(0), LineState::Reading);
    assert_eq!(typed(&lab, "first"), "first\n", "the tty echoes the line");
    assert_eq!(lab.read_file(0, "/tmp/notes").as_deref(), Ok("first\n"));
    typed(&lab, "second");
    lab.end_of_input(0).expect("ctrl-d");
    shown(&lab);
    assert_eq!(lab.line_state(0), LineState::Idle(0));
    assert_eq!(
        lab.read_file(0, "/tmp/notes").as_deref(),
        Ok("first\nsecond\n")
    );
}

#[test]
fn cat_to_the_terminal_shows_the_echo_and_the_copy() {
    let lab = lab();
    typed(&lab, "cat");
    assert_eq!(typed(&lab, "hello"), "hello\nhello\n");
}

#[test]
fn read_takes_one_typed_line_and_read_s_turns_echo_off_while_it_is_typed() {
    let lab = lab();
    typed(&lab, "read -s secret; read name; echo \"$name:$secret\"");
    assert!(!lab.terminal_echo(0), "read -s: echo off");
    assert_eq!(typed(&lab, "hunter2"), "", "not echoed");
    assert!(lab.terminal_echo(0));
    assert_eq!(typed(&lab, "alice"), "alice\nalice:hunter2\n");
    assert_eq!(lab.line_state(0), LineState::Idle(0));
}

#[test]
fn ctrl_d_is_end_of_file_for_read() {
    let lab = lab();
    typed(&lab, "read x || echo eof");
    lab.end_of_input(0).expect("ctrl-d");
    assert_eq!(shown(&lab), "eof\n");
}

#[test]
fn lines_typed_while_a_command_runs_are_run_by_the_shell_after_it() {
    let lab = lab();
    typed(&lab, "sleep 1");
    assert_eq!(typed(&lab, "echo after"), "echo after\n", "echoed at once");
    assert!(matches!(lab.line_state(0), LineState::Running { .. }));
    lab.advance(SimDuration::from_secs(2));
    let out: String = lab.take_output(0).into_iter().map(|(_, t)| t).collect();
    assert_eq!(out, "[root@h1 ~]# echo after\nafter\n");
    assert_eq!(lab.line_state(0), LineState::Idle(0));
}

#[test]
fn typeahead_a_program_reads_is_not_run_by_the_shell() {
    let lab = lab();
    typed(&lab, "sleep 1; read x; echo got $x");
    typed(&lab, "typed early");
    lab.advance(SimDuration::from_secs(2));
    let out: String = lab.take_output(0).into_iter().map(|(_, t)| t).collect();
    assert_eq!(out, "got typed early\n");
}

#[test]
fn a_background_job_reading_the_terminal_gets_end_of_file_at_once() {
    let lab = lab();
    let out = typed(&lab, "(read x || echo bg-eof) &");
    assert_eq!(lab.line_state(0), LineState::Idle(0));
    assert!(out.ends_with("bg-eof\n"), "{out:?}");
}

#[test]
fn ctrl_d_at_the_prompt_does_not_close_the_terminal() {
    let lab = lab();
    lab.end_of_input(0).expect("ctrl-d");
    assert_eq!(shown(&lab), "Use \"exit\" to leave the shell.\n");
    assert_eq!(typed(&lab, "echo still here"), "still here\n");
}

#[test]
fn typed_input_beyond_the_queue_limit_is_refused_not_dropped() {
    let lab = lab();
    typed(&lab, "sleep 1");
    let big = "x".repeat(MAX_TYPEAHEAD_BYTES);
    let err = lab.type_line(0, &big).expect_err("too much");
    assert!(err.contains("input queue is full"), "{err}");
}

#[test]
fn ctrl_c_discards_the_typeahead_of_the_line_it_interrupts() {
    let lab = lab();
    typed(&lab, "sleep 60");
    assert_eq!(typed(&lab, "echo no"), "echo no\n");
    lab.interrupt(0);
    lab.advance(SimDuration::from_secs(1));
    assert_eq!(shown(&lab), "^C\n", "echo no never runs");
    assert_eq!(lab.line_state(0), LineState::Idle(130));
}

#[test]
fn ctrl_c_stops_a_program_waiting_for_input() {
    let lab = lab();
    typed(&lab, "cat");
    lab.interrupt(0);
    shown(&lab);
    assert_eq!(lab.line_state(0), LineState::Idle(130));
}

#[test]
fn a_terminal_without_stdin_gives_commands_nothing_to_read() {
    let lab = lab();
    lab.set_terminal_stdin(0, false);
    assert_eq!(typed(&lab, "read x || echo nothing"), "nothing\n");
    assert_eq!(typed(&lab, "cat"), "");
    assert_eq!(
        lab.line_state(0),
        LineState::Idle(0),
        "cat read an empty stdin"
    );
}
