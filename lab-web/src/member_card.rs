//! One etcd member's card: its host, role and term, and the Stop/Start button.

use lab_core::{MemberView, Role};
use leptos::prelude::*;

/// The role as the page shows it, also used as the card's `data-role` for styling and tests.
pub fn role_label(member: &MemberView) -> &'static str {
    match member.role {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
        Role::Stopped => "stopped",
    }
}

/// `member` is `None` only if the member vanished from the world, which the card shows as such.
#[component]
pub fn MemberCard(
    member: Memo<Option<MemberView>>,
    on_stop: Callback<String>,
    on_start: Callback<String>,
) -> impl IntoView {
    let field = move |f: fn(&MemberView) -> String| {
        move || member.with(|m| m.as_ref().map(f).unwrap_or_default())
    };
    let role = move || member.with(|m| m.as_ref().map_or("gone", role_label));
    let running = move || member.with(|m| m.as_ref().is_some_and(|m| m.running));
    let name = field(|m| m.name.clone());
    let toggle = move |_| {
        let name = name();
        if running() {
            on_stop.run(name);
        } else {
            on_start.run(name);
        }
    };
    view! {
        <article class="member" data-member=name data-role=role>
            <h2 class="host">{field(|m| m.host.clone())}</h2>
            <span class="ip">{field(|m| m.ip.to_string())}</span>
            <dl>
                <dt>"member"</dt>
                <dd class="name">{field(|m| m.name.clone())}</dd>
                <dt>"role"</dt>
                <dd class="role">{role}</dd>
                <dt>"term"</dt>
                <dd class="term">{field(|m| m.term.to_string())}</dd>
                <dt>"commit index"</dt>
                <dd class="commit">{field(|m| m.commit_index.to_string())}</dd>
            </dl>
            <button
                class=move || if running() { "stop" } else { "start" }
                on:click=toggle
            >
                {move || if running() { "Stop" } else { "Start" }}
            </button>
        </article>
    }
}
