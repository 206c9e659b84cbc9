//! The terminal: one tab per host, its screen, and a command line with the host's prompt.
//! Enter sends the line; Ctrl-C (the key or the button) interrupts what runs.

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
                <span class="prompt">
                    {move || current().prompt.unwrap_or_else(|| "(running — Ctrl-C to interrupt)".to_owned())}
                </span>
                <input
                    type="text"
                    aria-label="command"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || line.get()
                    on:input=move |ev| line.set(event_target_value(&ev))
                    on:keydown=on_key
                />
                <button class="interrupt" on:click=move |_| on_interrupt.run(selected.get_untracked())>
                    "Ctrl-C"
                </button>
            </div>
        </section>
    }
}
