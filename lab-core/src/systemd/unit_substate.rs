//! A service unit's sub-state and last result, and the words `systemctl status` uses for them.

/// `Result:` of the last run, as in `failed (Result: exit-code)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServiceResult {
    #[default]
    Success,
    ExitCode,
    Signal,
    Timeout,
    StartLimit,
    Resources,
}

impl ServiceResult {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::ExitCode => "exit-code",
            Self::Signal => "signal",
            Self::Timeout => "timeout",
            Self::StartLimit => "start-limit",
            Self::Resources => "resources",
        }
    }
}

/// systemd's service sub-states that the lab reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubState {
    Dead,
    Start,
    Running,
    StopSigterm,
    StopSigkill,
    Failed,
    AutoRestart,
}

impl SubState {
    /// The sub-state word of `Active: active (running)`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dead => "dead",
            Self::Start => "start",
            Self::Running => "running",
            Self::StopSigterm => "stop-sigterm",
            Self::StopSigkill => "stop-sigkill",
            Self::Failed => "failed",
            Self::AutoRestart => "auto-restart",
        }
    }

    /// The high-level state (`is-active` prints it).
    pub fn active_state(self) -> super::ActiveState {
        use super::ActiveState as A;
        match self {
            Self::Dead => A::Inactive,
            Self::Start | Self::AutoRestart => A::Activating,
            Self::Running => A::Active,
            Self::StopSigterm | Self::StopSigkill => A::Deactivating,
            Self::Failed => A::Failed,
        }
    }
}
