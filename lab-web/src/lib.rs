//! The Cluster Lab page: a Leptos (client-side rendered) UI over `lab-core`, compiled to wasm32.
//!
//! Data flows one way: a click becomes a [`lab_core::Command`], the session applies it to the
//! simulated world, the world advances in virtual time, and the view re-reads a snapshot.
//!
//! Layout:
//! - `session`: owns the simulated lab (world, terminals) and maps wall-clock frames onto
//!   virtual time. No Leptos.
//! - `app`: the page: toolbar, member cards, the event log.
//! - `member_card`: one etcd member: host, role, term, Stop/Start.
//! - `terminal_panel`: a terminal per host: screen, prompt, command line, Ctrl-C.
//! - `script_panel`: paste a lab script, run it against the live lab, read the transcript.

mod app;
mod member_card;
mod script_panel;
pub mod session;
mod terminal_panel;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point, called by the JS glue once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    // A panic would otherwise print only "unreachable" in the console.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
