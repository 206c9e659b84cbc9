//! Reference conformance: transcripts recorded from real etcd 3.4.23 (markdown, in
//! `shared/reference/etcd-3.4.23/`), replayed in a lab and compared step by step.
//!
//! | file | owns |
//! |---|---|
//! | `transcript` | [`Transcript`]: sections, steps, what etcd printed, times of day |
//! | `parse` | [`parse_transcript`]: the recorder's markdown in, a [`Transcript`] out; never panics |
//! | `leaders` | [`replay_with_recorded_leaders`]: a lab seed that elects the recorded leaders in the recorded terms |
//! | `leadership` | [`Leadership`]: the leader and raft term an `endpoint status` shows, in any output format |
//! | `id_pairs` | [`IdPairs`]: recorded lease and runtime member IDs paired with the lab's (they hold a clock) |
//! | `silent_steps` | [`SilentStep`]: commands the recorder ran unrecorded, reconstructed per scenario |
//! | `nondeterminism` | what etcd itself decides by chance (`endpoint health` order, the balancer's pick) |
//! | `normalize` | [`Normalizer`]: what differs between any two runs (latencies, clocks, uuids, sizes) |
//! | `replay` | [`replay`]: a fresh lab runs the steps on the recording's schedule and judges them |
//! | `report` | [`Replay`]: verdicts per section and the table the conformance test prints |

mod id_pairs;
mod leaders;
mod leadership;
mod nondeterminism;
mod normalize;
mod parse;
mod replay;
mod report;
mod silent_steps;
mod transcript;

pub use id_pairs::{IdPairs, MAX_ID_PAIRS, MAX_MEMBER_CLOCK_SKEW_SECS};
pub use leaders::{LeaderSeen, MAX_SEED_TRIES, replay_with_recorded_leaders};
pub use leadership::Leadership;
pub use normalize::Normalizer;
pub use parse::{MAX_STEPS, MAX_TRANSCRIPT_BYTES, TranscriptError, parse_transcript};
pub use replay::{MAX_STEP_WAIT, Observed, ReplaySetup, Replayer, UNTIMED_LEAD, replay};
pub use report::{Difference, Replay, SectionReplay, StepReplay, Verdict};
pub use silent_steps::{SilentStep, silent_steps};
pub use transcript::{Action, Expected, Section, ShellCommand, Step, TimeOfDay, Transcript};
