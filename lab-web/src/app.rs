//! The page: a toolbar (virtual clock, speed, pause), one card per member, a terminal per
//! host, the lab-script runner, and the event log.

use gloo_timers::callback::Interval;
use lab_core::{Command, MemberView, SimTime};
use leptos::prelude::*;

use crate::member_card::MemberCard;
use crate::script_panel::ScriptPanel;
use crate::session::{LogLine, SPEEDS, Session, TerminalView};
use crate::terminal_panel::TerminalPanel;

/// How often (wall ms) the page advances the world and redraws.
const FRAME_MS: u32 = 50;

/// Lines shown in the event log.
const STORY_LINES: usize = 40;

#[component]
pub fn App() -> impl IntoView {
    let seed = page_seed();
    let session = StoredValue::new_local(Session::demo(seed));
    let members = RwSignal::new(session.with_value(Session::members));
    let now = RwSignal::new(SimTime::ZERO);
    let speed = RwSignal::new(1.0_f64);
    let paused = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let story = RwSignal::new(Vec::<LogLine>::new());
    let terminals = RwSignal::new(Vec::<TerminalView>::new());

    let refresh = move || {
        session.with_value(|s| {
            members.set(s.members());
            now.set(s.now());
            story.set(s.story(STORY_LINES));
            let views = s.terminals();
            if terminals.with_untracked(|t| *t != views) {
                terminals.set(views);
            }
        })
    };
    start_frames(session, refresh);

    let send = move |cmd: Command| {
        let result = session.try_update_value(|s| s.command(cmd));
        error.set(match result {
            Some(Err(err)) => Some(err.to_string()),
            _ => None,
        });
        refresh();
    };
    let on_stop = Callback::new(move |name: String| send(Command::StopMember(name)));
    let on_start = Callback::new(move |name: String| send(Command::StartMember(name)));
    // What typing in a terminal returned: its error shown (a full input queue), or cleared.
    let settle = move |result: Option<Result<(), String>>| {
        error.set(result.and_then(Result::err));
        refresh();
    };
    let on_line = Callback::new(move |(host, line): (usize, String)| {
        settle(session.try_update_value(|s| s.type_line(host, &line)));
    });
    let on_interrupt = Callback::new(move |host: usize| {
        session.update_value(|s| s.interrupt(host));
        refresh();
    });
    let on_end_of_input = Callback::new(move |host: usize| {
        settle(session.try_update_value(|s| s.end_of_input(host)));
    });
    let on_run = Callback::new(move |text: String| {
        let result = session
            .try_update_value(|s| s.run_script(&text))
            .unwrap_or_else(|| Err("the lab is busy".to_owned()));
        refresh();
        result
    });

    // The member list is fixed for the demo; each card follows its own member by name.
    let names: Vec<String> =
        members.with_untracked(|ms| ms.iter().map(|m| m.name.clone()).collect());
    let cards = names
        .into_iter()
        .map(|name| {
            let member = Memo::new(move |_| members.with(|ms| find(ms, &name)));
            view! { <MemberCard member on_stop on_start/> }
        })
        .collect_view();

    view! {
        <main class="lab">
            <header class="lab-header">
                <h1>"Cluster Lab"</h1>
                <p>"A three-member etcd cluster, simulated in your browser. Stop the leader and watch the others elect a new one."</p>
            </header>
            <section class="toolbar">
                <span class="clock" title="virtual time since the cluster started">
                    {move || format_clock(now.get())}
                </span>
                <button class="pause" on:click=move |_| {
                    let p = !paused.get();
                    paused.set(p);
                    session.update_value(|s| s.set_paused(p));
                }>{move || if paused.get() { "Resume" } else { "Pause" }}</button>
                {SPEEDS
                    .iter()
                    .map(|&x| {
                        view! {
                            <button
                                class="speed"
                                aria-pressed=move || (speed.get() == x).to_string()
                                on:click=move |_| {
                                    speed.set(x);
                                    session.update_value(|s| s.set_speed(x));
                                }
                            >
                                {format!("{x}×")}
                            </button>
                        }
                    })
                    .collect_view()}
                <span class="summary">{move || members.with(|ms| summary(ms))}</span>
                <span class="seed">{format!("seed {seed}")}</span>
            </section>
            <p class="error" role="alert">{move || error.get()}</p>
            <section class="members">{cards}</section>
            <TerminalPanel terminals on_line on_interrupt on_end_of_input/>
            <ScriptPanel on_run/>
            <section class="events" aria-label="events">
                <h2>"What happened"</h2>
                <ol>
                    <For each=move || story.get() key=|line| line.seq let:line>
                        <li>
                            <time>{format_clock(line.at)}</time>
                            {line.text}
                        </li>
                    </For>
                </ol>
            </section>
        </main>
    }
}

fn find(members: &[MemberView], name: &str) -> Option<MemberView> {
    members.iter().find(|m| m.name == name).cloned()
}

fn summary(members: &[MemberView]) -> String {
    let leader = members
        .iter()
        .filter(|m| m.running && m.role == lab_core::Role::Leader)
        .max_by_key(|m| m.term);
    match leader {
        Some(l) => format!("leader: {} (term {})", l.name, l.term),
        None => "no leader".to_owned(),
    }
}

/// `mm:ss.mmm` of virtual time.
fn format_clock(t: SimTime) -> String {
    let ms = t.as_micros() / 1000;
    format!("{:02}:{:02}.{:03}", ms / 60_000, ms / 1000 % 60, ms % 1000)
}

/// The seed from `?seed=N`, or a fresh one, so a run can be shared and replayed.
fn page_seed() -> u64 {
    let from_url = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| {
            q.trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix("seed=").map(str::to_owned))
        })
        .and_then(|s| s.parse().ok());
    from_url.unwrap_or_else(|| (js_sys::Math::random() * 1e9) as u64)
}

/// Advances the world every frame by the wall time that really passed.
fn start_frames(session: StoredValue<Session, LocalStorage>, refresh: impl Fn() + 'static) {
    let perf = web_sys::window().and_then(|w| w.performance());
    let clock = move || perf.as_ref().map_or(0.0, |p| p.now());
    let mut last = clock();
    let interval = Interval::new(FRAME_MS, move || {
        let t = clock();
        session.update_value(|s| s.frame(t - last));
        last = t;
        refresh();
    });
    // The page lives as long as the app does; nothing ever needs to stop the timer.
    interval.forget();
}
