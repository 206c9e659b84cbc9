//! systemd as a CentOS 7 host runs it (systemd 219, the `systemd-219-78.el7` wording):
//! unit files, `EnvironmentFile=`s, `systemctl`, `journalctl`, `systemctl status` and the
//! state machine of one service unit.
//!
//! Everything here is pure: it parses, decides and renders exact text. The host that owns
//! processes, files and the clock feeds it inputs (times as Unix microseconds) and performs
//! the [`Action`]s it returns.
//!
//! | file | role |
//! |---|---|
//! | `unit_file` | `[Unit]`/`[Service]`/`[Install]` parsing with systemd 219's warnings |
//! | `exec_line` | `ExecStart=` prefixes, word splitting and `$VAR`/`${VAR}` expansion |
//! | `env_file` | the `EnvironmentFile=` format |
//! | `time_span` | systemd time spans ("1min 30s", "infinity") |
//! | `timestamp` | wall-clock rendering of Unix microseconds ("Tue 2022-03-01 13:53:39 UTC", "5s ago") |
//! | `systemctl` | `systemctl` argv → [`SystemctlCommand`], and the text its verbs print |
//! | `status` | `systemctl status UNIT` rendering from a [`UnitStatus`] |
//! | `journal` | the bounded [`Journal`], `journalctl` argv and short-format output |
//! | `lifecycle` | the lines systemd\[1\] logs about a unit |
//! | `unit_state` | [`ServiceUnit`]: start/stop/restart, readiness, exits, Restart=, rate limit |
//! | `output` | [`CmdOutput`]: what a command prints and its exit status |

mod env_file;
mod exec_line;
mod journal;
mod journalctl;
pub mod lifecycle;
mod output;
mod status;
mod systemctl;
mod systemctl_text;
mod time_span;
mod timestamp;
mod unit_file;
mod unit_keys;
mod unit_state;
mod unit_state_stop;
mod unit_substate;

pub use env_file::{EnvFileParse, MAX_ENV_FILE_BYTES, parse_env_file};
pub use exec_line::{ExecCommand, ExecLineError, expand_argv};
pub use journal::{JOURNAL_MAX_ENTRIES, JOURNAL_MAX_MESSAGE_BYTES, Journal, JournalEntry};
pub use journalctl::{JournalQuery, JournalctlError, parse_journalctl};
pub use lifecycle::ExitStatus;
pub use output::CmdOutput;
pub use status::{ActiveState, ExitedProcess, MainProcess, UnitStatus};
pub use systemctl::{
    MAX_UNITS, SystemctlCommand, SystemctlOptions, Verb, mangle_unit_name, parse_systemctl,
};
pub use systemctl_text::{
    cat_output, changed_on_disk_warning, disable_output, enable_no_install_output, enable_output,
    job_reply_output, state_query_output, status_not_found_output, unit_file_missing_output,
    unit_not_found_output, unit_not_loaded_output,
};
pub use time_span::{TimeSpan, TimeSpanError, parse_time_span};
pub use timestamp::{format_relative, format_short_time, format_timestamp};
pub use unit_file::{
    EnvironmentFile, FatalUnitError, RestartPolicy, ServiceType, UnitFile, UnitFileParse,
    parse_unit_file,
};
pub use unit_state::{Action, JobId, JobReply, ServiceResult, ServiceUnit, Signal, SubState};
