//! Lab scripts in the page: paste one (the same text `lab script FILE` runs), run it against
//! the live lab, read its transcript.

use leptos::prelude::*;

#[component]
pub fn ScriptPanel(
    /// Runs the script; `Ok(transcript)` or `Err(parse error)`.
    on_run: Callback<String, Result<String, String>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let output = RwSignal::new(String::new());
    view! {
        <section class="script" aria-label="lab script">
            <h2>"Lab script"</h2>
            <textarea
                aria-label="lab script text"
                rows="6"
                spellcheck="false"
                placeholder="etcd-1$ etcdctl member list\nsleep 2s\nexpect leader"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <button class="run-script" on:click=move |_| {
                let result = on_run.run(text.get_untracked());
                output.set(match result {
                    Ok(transcript) => transcript,
                    Err(err) => format!("lab: {err}"),
                });
            }>"Run script"</button>
            <pre class="transcript">{move || output.get()}</pre>
        </section>
    }
}
