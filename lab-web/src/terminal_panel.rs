//! The terminal: one tab per host, its screen, and a command line with the host's prompt.
//! Enter sends the line — to the shell at the prompt, else as input to the running program
//! (a password field while it turns echo off); Ctrl-C interrupts what runs, Ctrl-D (the key
//! or the button) ends the program's input.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::session::TerminalView;

#[component]
pub fn TerminalPanel(
    terminals: RwSignal<Vec<TerminalView>>,
    /// (host index, line typed)
    on_line: Callback<(usize, String)>,
    /// host index
    on_interrupt: Callback<usize>,
    /// host index
    on_end_of_input: Callback<usize>,
) -> impl IntoView {
    let selected = RwSignal::new(0usize);
    let line = RwSignal::new(String::new());
    let current = move || terminals.with(|ts| ts.get(selected.get()).cloned().unwrap_or_default());
    let on_key = move |ev: KeyboardEvent| {
        let host = selected.get_untracked();
        if ev.key() == "Enter" {
            let typed = line.get_untracked();
            line.set(String::new());
            on_line.run((host, typed));
        } else if ev.ctrl_key() && ev.key() == "c" {
            ev.prevent_default();
            line.set(String::new());
            on_interrupt.run(host);
        } else if ev.ctrl_key() && ev.key() == "d" && line.with_untracked(String::is_empty) {
            // As in a tty, Ctrl-D ends input only on an empty line.
            ev.prevent_default();
            on_end_of_input.run(host);
        }
    };
    let placeholder = move || {
        let t = current();
        match (&t.prompt, t.reading) {
            (Some(_), _) => String::new(),
            (None, true) if t.echo_off => {
                "the program reads the terminal (not echoed) — Enter sends".to_owned()
            }
            (None, true) => {
                "the program reads the terminal — Enter sends a line, Ctrl-D ends input".to_owned()
            }
            (None, false) => {
                "running — lines typed now wait for it (Ctrl-C to interrupt)".to_owned()
            }
        }
    };
    let tabs = move || {
        terminals.with(|ts| {
            ts.iter()
                .enumerate()
                .map(|(i, t)| {
                    let host = t.host.clone();
                    view! {
                        <button
                            role="tab"
                            class="tab"
                            aria-selected=move || (selected.get() == i).to_string()
                            on:click=move |_| selected.set(i)
                        >
                            {host}
                        </button>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="terminal" aria-label="terminal">
            <h2>"Terminal"</h2>
            <div class="tabs" role="tablist">{tabs}</div>
            <pre class="screen" data-host=move || current().host>{move || current().text}</pre>
            <div class="command-line">
                <span class="prompt">{move || current().prompt.unwrap_or_default()}</span>
                <input
                    type=move || if current().echo_off { "password" } else { "text" }
                    aria-label="command"
                    placeholder=placeholder
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || line.get()
                    on:input=move |ev| line.set(event_target_value(&ev))
                    on:keydown=on_key
                />
                <button class="interrupt" on:click=move |_| on_interrupt.run(selected.get_untracked())>
                    "Ctrl-C"
                </button>
                <button class="end-of-input" on:click=move |_| on_end_of_input.run(selected.get_untracked())>
                    "Ctrl-D"
                </button>
            </div>
        </section>
    }
}
