//! What `systemctl` verbs print, in systemd 219's (CentOS 7.9, 219-78) wording, with their
//! exit statuses. The host picks the line for what happened.

use super::output::CmdOutput;
use super::unit_state::{JobReply, ServiceResult};

/// `systemctl enable`: one line per `[Install]` link created.
pub fn enable_output(
    unit: &str,
    fragment_path: &str,
    wanted_by: &[String],
    required_by: &[String],
) -> CmdOutput {
    let links = wanted_by
        .iter()
        .map(|t| (t, "wants"))
        .chain(required_by.iter().map(|t| (t, "requires")));
    let lines: Vec<String> = links
        .map(|(target, kind)| format!("Created symlink from /etc/systemd/system/{target}.{kind}/{unit} to {fragment_path}."))
        .collect();
    CmdOutput {
        stderr: super::output::join_lines(&lines),
        ..CmdOutput::ok()
    }
}

/// `systemctl disable`: one line per link removed.
pub fn disable_output(unit: &str, wanted_by: &[String], required_by: &[String]) -> CmdOutput {
    let links = wanted_by
        .iter()
        .map(|t| (t, "wants"))
        .chain(required_by.iter().map(|t| (t, "requires")));
    let lines: Vec<String> = links
        .map(|(target, kind)| {
            format!("Removed symlink /etc/systemd/system/{target}.{kind}/{unit}.")
        })
        .collect();
    CmdOutput {
        stderr: super::output::join_lines(&lines),
        ..CmdOutput::ok()
    }
}

/// `systemctl enable` of a unit without `[Install]` (exit 0, as in 219).
pub fn enable_no_install_output() -> CmdOutput {
    let text = "The unit files have no [Install] section. They are not meant to be enabled
using systemctl.
Possible reasons for having this kind of units are:
1) A unit may be statically enabled by being symlinked from another unit's
   .wants/ or .requires/ directory.
2) A unit's purpose may be to act as a helper for some other unit which has
   a requirement dependency on it.
3) A unit may be started when needed via activation (socket, path, timer,
   D-Bus, udev, scripted systemctl call, ...).";
    CmdOutput {
        stderr: format!("{text}\n"),
        ..CmdOutput::ok()
    }
}

/// enable/disable/is-enabled of a unit with no unit file.
pub fn unit_file_missing_output(verb: &str, unit: &str) -> CmdOutput {
    if verb == "is-enabled" {
        return CmdOutput::error(
            &format!("Failed to get unit file state for {unit}: No such file or directory"),
            1,
        );
    }
    CmdOutput::error("Failed to execute operation: No such file or directory", 1)
}

/// start/stop/restart of a unit that does not exist: exit 5.
pub fn unit_not_found_output(verb: &str, unit: &str) -> CmdOutput {
    if verb == "stop" {
        return CmdOutput::error(
            &format!("Failed to stop {unit}: Unit {unit} not loaded."),
            5,
        );
    }
    CmdOutput::error(&format!("Failed to {verb} {unit}: Unit not found."), 5)
}

/// start/restart of a unit that failed to load (fatal unit file error): exit 6.
pub fn unit_not_loaded_output(verb: &str, unit: &str, reason: &str) -> CmdOutput {
    CmdOutput::error(
        &format!(
            "Failed to {verb} {unit}: Unit is not loaded properly: {reason}.\nSee system logs and 'systemctl status {unit}' for details."
        ),
        6,
    )
}

/// `systemctl status` of a unit that does not exist: exit 4.
pub fn status_not_found_output(unit: &str) -> CmdOutput {
    CmdOutput::error(&format!("Unit {unit} could not be found."), 4)
}

/// Printed before a verb's own output when the unit file changed since daemon-reload.
pub fn changed_on_disk_warning(unit: &str) -> String {
    format!("Warning: {unit} changed on disk. Run 'systemctl daemon-reload' to reload units.")
}

/// What `systemctl start|stop|restart` prints once its job ends.
pub fn job_reply_output(unit: &str, reply: JobReply) -> CmdOutput {
    let see = format!("See \"systemctl status {unit}\" and \"journalctl -xe\" for details.");
    let because = match reply {
        JobReply::Done => return CmdOutput::ok(),
        JobReply::Canceled => return CmdOutput::error(&format!("Job for {unit} canceled."), 1),
        JobReply::Failed(ServiceResult::StartLimit) => {
            let text = format!(
                "Job for {unit} failed because start of the service was attempted too often. {see}\nTo force a start use \"systemctl reset-failed {unit}\" followed by \"systemctl start {unit}\" again."
            );
            return CmdOutput::error(&text, 1);
        }
        JobReply::Failed(ServiceResult::Timeout) => "a timeout was exceeded",
        JobReply::Failed(ServiceResult::Signal) => {
            "a fatal signal was delivered to the control process"
        }
        JobReply::Failed(ServiceResult::Resources) => "a configured resource limit was exceeded",
        JobReply::Failed(_) => "the control process exited with error code",
    };
    CmdOutput::error(
        &format!("Job for {unit} failed because {because}. {see}"),
        1,
    )
}

/// `is-active` / `is-failed`: the state word (unless `-q`) and 0 when it is the asked one.
pub fn state_query_output(state: &str, matches: bool, quiet: bool) -> CmdOutput {
    let out = if quiet {
        CmdOutput::ok()
    } else {
        CmdOutput::stdout_lines(&[state])
    };
    out.with_exit(if matches { 0 } else { 3 })
}

/// `systemctl cat`: the fragment with its path as a comment.
pub fn cat_output(fragment_path: &str, text: &str) -> CmdOutput {
    let mut stdout = format!("# {fragment_path}\n{text}");
    if !stdout.ends_with('\n') {
        stdout.push('\n');
    }
    CmdOutput {
        stdout,
        ..CmdOutput::ok()
    }
}
