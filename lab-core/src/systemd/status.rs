//! `systemctl status UNIT` as systemd 219 prints it, rendered from a [`UnitStatus`] the host
//! assembles (from a [`super::ServiceUnit`], its unit file and its journal). Field names are
//! right-aligned to the colon; exit status 0 when active, 3 otherwise.

use super::lifecycle::ExitStatus;
use super::output::CmdOutput;
use super::timestamp::{format_relative, format_timestamp};
use super::unit_state::{ServiceResult, SubState};

/// The high-level state `is-active` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActiveState {
    Inactive,
    Activating,
    Active,
    Deactivating,
    Failed,
}

impl ActiveState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inactive => "inactive",
            Self::Activating => "activating",
            Self::Active => "active",
            Self::Deactivating => "deactivating",
            Self::Failed => "failed",
        }
    }
}

/// The running main process, for `Main PID:` and the `CGroup:` tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MainProcess {
    pub pid: u32,
    /// The process name (`etcd`), at most 15 bytes in Linux's `comm`.
    pub comm: String,
    /// The full command line, shown in the `CGroup:` tree.
    pub command_line: String,
}

/// The last main process that ended, for `Process:` and `Main PID: … (code=…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitedProcess {
    pub pid: u32,
    /// The `ExecStart=` command line it ran.
    pub exec_start: String,
    pub status: ExitStatus,
}

/// Everything `systemctl status` shows about one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitStatus {
    pub name: String,
    pub description: String,
    pub fragment_path: String,
    /// `Some(reason)` when the unit failed to load (`Loaded: error (Reason: …)`).
    pub load_error: Option<String>,
    /// `enabled`, `disabled` or `static`.
    pub unit_file_state: String,
    /// `enabled` or `disabled`: CentOS 7's presets disable everything but a few services.
    pub vendor_preset: String,
    pub sub: SubState,
    pub result: ServiceResult,
    /// When the active state last changed (Unix µs); `None` if it never ran.
    pub since_us: Option<u64>,
    pub docs: Vec<String>,
    pub main: Option<MainProcess>,
    pub last_exit: Option<ExitedProcess>,
    /// Journal lines already in journalctl's short format, oldest first.
    pub journal_lines: Vec<String>,
    /// The unit file changed on disk since the last daemon-reload.
    pub need_daemon_reload: bool,
}

impl UnitStatus {
    /// The text and exit status of `systemctl status` at `now_us`.
    pub fn render(&self, now_us: u64) -> CmdOutput {
        let mut lines = vec![
            format!("\u{25cf} {} - {}", self.name, self.description),
            self.loaded_line(),
        ];
        lines.push(format!("   Active: {}", self.active_text(now_us)));
        for (index, doc) in self.docs.iter().enumerate() {
            let label = if index == 0 {
                "     Docs: "
            } else {
                "           "
            };
            lines.push(format!("{label}{doc}"));
        }
        self.process_lines(&mut lines);
        if !self.journal_lines.is_empty() {
            lines.push(String::new());
            lines.extend(self.journal_lines.iter().cloned());
        }
        if self.need_daemon_reload {
            lines.push(String::new());
            lines.push(
                "Warning: Unit file changed on disk, 'systemctl daemon-reload' recommended."
                    .to_string(),
            );
        }
        let exit_code = if self.sub.active_state() == ActiveState::Active {
            0
        } else {
            3
        };
        CmdOutput::stdout_lines(&lines).with_exit(exit_code)
    }

    fn loaded_line(&self) -> String {
        match &self.load_error {
            Some(reason) => format!("   Loaded: error (Reason: {reason})"),
            None => format!(
                "   Loaded: loaded ({}; {}; vendor preset: {})",
                self.fragment_path, self.unit_file_state, self.vendor_preset
            ),
        }
    }

    /// `active (running) since Tue 2022-03-01 13:53:39 UTC; 5s ago`.
    fn active_text(&self, now_us: u64) -> String {
        let mut text = format!(
            "{} ({})",
            self.sub.active_state().as_str(),
            self.sub.as_str()
        );
        if self.sub == SubState::Failed {
            text = format!("failed (Result: {})", self.result.as_str());
        } else if self.result != ServiceResult::Success && self.sub == SubState::AutoRestart {
            text.push_str(&format!(" (Result: {})", self.result.as_str()));
        }
        if let Some(since) = self.since_us {
            text.push_str(&format!(
                " since {}; {}",
                format_timestamp(since),
                format_relative(since, now_us)
            ));
        }
        text
    }

    fn process_lines(&self, lines: &mut Vec<String>) {
        if let Some(main) = &self.main {
            lines.push(format!(" Main PID: {} ({})", main.pid, main.comm));
            lines.push(format!("   CGroup: /system.slice/{}", self.name));
            lines.push(format!(
                "           \u{2514}\u{2500}{} {}",
                main.pid, main.command_line
            ));
        } else if let Some(exit) = &self.last_exit {
            lines.push(format!(
                "  Process: {} ExecStart={} ({})",
                exit.pid, exit.exec_start, exit.status
            ));
            lines.push(format!(" Main PID: {} ({})", exit.pid, exit.status));
        }
    }
}

#[cfg(test)]
mod tests;
