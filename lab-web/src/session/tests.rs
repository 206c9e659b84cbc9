//! Session stories, run natively.

use super::*;

#[test]
fn frames_advance_virtual_time_at_the_chosen_speed() {
    let mut session = Session::demo(1);
    let start = session.now().as_micros();
    session.frame(100.0);
    assert_eq!(session.now().as_micros() - start, 100_000);
    session.set_speed(4.0);
    session.frame(100.0);
    assert_eq!(session.now().as_micros() - start, 500_000);
}

#[test]
fn a_long_gap_is_capped() {
    let mut session = Session::demo(1);
    let start = session.now().as_micros();
    session.frame(60_000.0);
    assert_eq!(
        session.now().as_micros() - start,
        (MAX_FRAME_MS * 1000.0) as u64
    );
}

#[test]
fn paused_sessions_and_bad_frames_do_not_move() {
    let mut session = Session::demo(1);
    let start = session.now();
    session.set_paused(true);
    session.frame(100.0);
    session.set_paused(false);
    session.frame(f64::NAN);
    session.frame(-5.0);
    assert_eq!(session.now(), start);
}

#[test]
fn fractional_frames_add_up() {
    let mut session = Session::demo(1);
    let start = session.now().as_micros();
    for _ in 0..3 {
        session.frame(16.6667);
    }
    assert_eq!(session.now().as_micros() - start, 50_000);
}

#[test]
fn the_demo_elects_a_leader_and_survives_its_loss() {
    let mut session = Session::demo(7);
    for _ in 0..40 {
        session.frame(100.0);
    }
    let leader = session.world().leader().expect("a leader within 4 s");
    session
        .command(Command::StopMember(leader.name.clone()))
        .expect("the leader can be stopped");
    for _ in 0..40 {
        session.frame(100.0);
    }
    let next = session.world().leader().expect("a new leader within 4 s");
    assert_ne!(next.name, leader.name);
    assert!(next.term > leader.term);
}

#[test]
fn the_story_tells_the_election_newest_first() {
    let mut session = Session::demo(7);
    for _ in 0..40 {
        session.frame(100.0);
    }
    let leader = session.world().leader().expect("a leader within 4 s");
    let story = session.story(50);
    assert!(
        story.windows(2).all(|w| w[0].seq > w[1].seq),
        "newest first"
    );
    let elected = format!("{} became leader at term {}", leader.name, leader.term);
    assert!(story.iter().any(|l| l.text == elected), "{story:#?}");
    assert!(story.iter().all(|l| !l.text.contains("dropped")));
    assert_eq!(session.story(3).len(), 3);
}

#[test]
fn a_terminal_runs_what_is_typed_and_waits_for_open_input() {
    let mut session = Session::demo(3);
    session.type_line(0, "echo one \\").expect("typed");
    assert_eq!(session.terminals()[0].prompt.as_deref(), Some("> "));
    session.type_line(0, "two").expect("typed");
    session.frame(50.0);
    let term = &session.terminals()[0];
    assert_eq!(term.host, "etcd-1");
    assert!(
        term.text
            .starts_with("[root@etcd-1 ~]# echo one \\\n> two\none two\n"),
        "{}",
        term.text
    );
    assert_eq!(term.prompt.as_deref(), Some("[root@etcd-1 ~]# "));
}

#[test]
fn a_long_command_keeps_the_prompt_until_ctrl_c_which_discards_the_typeahead() {
    let mut session = Session::demo(3);
    session.type_line(1, "sleep 60").expect("typed");
    session.frame(100.0);
    assert_eq!(session.terminals()[1].prompt, None);
    session
        .type_line(1, "echo no")
        .expect("typed ahead, echoed");
    session.interrupt(1);
    session.frame(200.0);
    assert!(session.terminals()[1].prompt.is_some());
    assert!(
        session.terminals()[1].text.ends_with("echo no\n^C\n"),
        "Ctrl-C discards the typeahead: {}",
        session.terminals()[1].text
    );
}

#[test]
fn a_script_runs_against_the_live_lab() {
    let mut session = Session::demo(3);
    let transcript = session
        .run_script("sleep 3s\nexpect leader\netcd-3$ hostname\n")
        .expect("parses");
    assert!(
        transcript.ends_with("# expect leader\netcd-3$ hostname\netcd-3\n"),
        "{transcript}"
    );
    assert!(session.run_script("fly away").is_err());
}

#[test]
fn scrollback_is_bounded_by_whole_lines() {
    let mut text = String::new();
    for i in 0..20_000 {
        push_bounded(&mut text, &format!("line {i}\n"));
    }
    assert!(text.len() <= MAX_SCROLLBACK);
    assert!(text.starts_with("line "));
    assert!(text.ends_with("line 19999\n"));
}

#[test]
fn while_a_command_runs_enter_types_its_input_and_ctrl_d_ends_it() {
    let mut session = Session::demo(3);
    session.type_line(0, "cat > /tmp/notes").expect("runs");
    let view = &session.terminals()[0];
    assert_eq!(view.prompt, None, "no prompt while cat runs");
    assert!(view.reading, "cat waits for a typed line");
    session.type_line(0, "typed line").expect("typed input");
    session.end_of_input(0).expect("ctrl-d");
    let view = &session.terminals()[0];
    assert!(view.prompt.is_some(), "cat ended at end of file");
    assert!(
        view.text.ends_with("# cat > /tmp/notes\ntyped line\n"),
        "the echo shows the typed line once: {:?}",
        view.text
    );
    session.type_line(0, "cat /tmp/notes").expect("runs");
    assert!(session.terminals()[0].text.ends_with("typed line\n"));
}

#[test]
fn a_password_prompt_turns_the_input_box_into_a_password_field() {
    let mut session = Session::demo(3);
    session.type_line(0, "read -s secret").expect("runs");
    let view = &session.terminals()[0];
    assert!(view.reading && view.echo_off);
    session.type_line(0, "hunter2").expect("typed");
    let view = &session.terminals()[0];
    assert!(!view.echo_off && view.prompt.is_some());
    assert!(!view.text.contains("hunter2"), "not echoed");
}
