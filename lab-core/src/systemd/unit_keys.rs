//! The `Key=` settings systemd 219 knows in `[Unit]`, `[Service]` and `[Install]`, and how
//! each value is read. A bad value leaves the default and yields systemd's warning text.

use super::exec_line::{ExecCommand, is_env_name, split_words};
use super::time_span::{TimeSpan, parse_time_span};
use super::unit_file::{
    EnvironmentFile, MAX_REPEATED_VALUES, RestartPolicy, ServiceType, UnitFile,
};

/// Settings systemd 219 accepts that the lab does not model; they load without a warning.
const ACCEPTED_UNIT: &[&str] = &[
    "Conflicts",
    "PartOf",
    "BindsTo",
    "Requisite",
    "OnFailure",
    "ConditionPathExists",
    "AssertPathExists",
    "DefaultDependencies",
    "IgnoreOnIsolate",
    "RefuseManualStart",
    "RefuseManualStop",
    "JobTimeoutSec",
    "ConditionFileNotEmpty",
    "RequiresMountsFor",
];
const ACCEPTED_SERVICE: &[&str] = &[
    "ExecReload",
    "ExecStopPost",
    "PIDFile",
    "KillMode",
    "KillSignal",
    "SendSIGKILL",
    "NotifyAccess",
    "StandardOutput",
    "StandardError",
    "StandardInput",
    "SyslogIdentifier",
    "PermissionsStartOnly",
    "RemainAfterExit",
    "SuccessExitStatus",
    "RestartPreventExitStatus",
    "GuessMainPID",
    "Nice",
    "UMask",
    "LimitNPROC",
    "LimitCORE",
    "LimitMEMLOCK",
    "LimitAS",
    "LimitFSIZE",
    "MemoryLimit",
    "CPUQuota",
    "CPUShares",
    "Slice",
    "PrivateTmp",
    "ProtectSystem",
    "ProtectHome",
    "NoNewPrivileges",
    "CapabilityBoundingSet",
    "ReadWriteDirectories",
    "ReadOnlyDirectories",
    "RuntimeDirectory",
    "Delegate",
    "WatchdogSec",
    "IOSchedulingClass",
    "IOSchedulingPriority",
    "CPUSchedulingPolicy",
    "OOMScoreAdjust",
    "StartLimitAction",
    "SupplementaryGroups",
    "RootDirectory",
    "PrivateDevices",
    "PrivateNetwork",
];

/// Applies `key=value` in `section` to `unit`; `Some(warning)` when systemd would ignore it.
pub(super) fn assign(unit: &mut UnitFile, section: &str, key: &str, value: &str) -> Option<String> {
    let handled = match section {
        "Unit" => assign_unit(unit, key, value),
        "Service" => assign_service(unit, key, value),
        _ => assign_install(unit, key, value),
    };
    match handled {
        Some(result) => result.err(),
        None => Some(format!("Unknown lvalue '{key}' in section '{section}'")),
    }
}

type Handled = Option<Result<(), String>>;

fn assign_unit(unit: &mut UnitFile, key: &str, value: &str) -> Handled {
    match key {
        "Description" => unit.description = Some(value.to_string()),
        "Documentation" => push_words(&mut unit.documentation, value),
        "After" => push_words(&mut unit.after, value),
        "Before" => push_words(&mut unit.before, value),
        "Wants" => push_words(&mut unit.wants, value),
        "Requires" => push_words(&mut unit.requires, value),
        _ if ACCEPTED_UNIT.contains(&key) => {}
        _ => return None,
    }
    Some(Ok(()))
}

fn assign_install(unit: &mut UnitFile, key: &str, value: &str) -> Handled {
    match key {
        "WantedBy" => push_words(&mut unit.wanted_by, value),
        "RequiredBy" => push_words(&mut unit.required_by, value),
        "Alias" => push_words(&mut unit.alias, value),
        "Also" | "DefaultInstance" => {}
        _ => return None,
    }
    Some(Ok(()))
}

fn assign_service(unit: &mut UnitFile, key: &str, value: &str) -> Handled {
    let result = match key {
        "Type" => parse_type(value).map(|t| unit.service_type = t),
        "ExecStartPre" => push_exec(&mut unit.exec_start_pre, value),
        "ExecStart" => push_exec(&mut unit.exec_start, value),
        "ExecStartPost" => push_exec(&mut unit.exec_start_post, value),
        "ExecStop" => push_exec(&mut unit.exec_stop, value),
        "User" => set(&mut unit.user, value),
        "Group" => set(&mut unit.group, value),
        "WorkingDirectory" => set(&mut unit.working_directory, value),
        "Restart" => parse_restart(value).map(|r| unit.restart = r),
        "RestartSec" => {
            parse_sec(value).map(|s| unit.restart_usec = s.as_micros().unwrap_or(u64::MAX))
        }
        "TimeoutStartSec" => parse_timeout(value).map(|s| unit.timeout_start = s),
        "TimeoutStopSec" => parse_timeout(value).map(|s| unit.timeout_stop = s),
        "TimeoutSec" => parse_timeout(value).map(|s| {
            unit.timeout_start = s;
            unit.timeout_stop = s;
        }),
        "LimitNOFILE" => parse_limit(value).map(|l| unit.limit_nofile = Some(l)),
        "Environment" => push_environment(&mut unit.environment, value),
        "EnvironmentFile" => push_environment_file(&mut unit.environment_files, value),
        "StartLimitBurst" => parse_unsigned(value).map(|n| unit.start_limit_burst = n),
        "StartLimitInterval" => parse_sec(value)
            .map(|s| unit.start_limit_interval_usec = s.as_micros().unwrap_or(u64::MAX)),
        _ if ACCEPTED_SERVICE.contains(&key) => Ok(()),
        _ => return None,
    };
    Some(result)
}

/// A single-valued string setting; empty clears it.
fn set(slot: &mut Option<String>, value: &str) -> Result<(), String> {
    *slot = (!value.is_empty()).then(|| value.to_string());
    Ok(())
}

/// Space-separated lists accumulate across repeats; an empty value resets them.
fn push_words(list: &mut Vec<String>, value: &str) {
    if value.is_empty() {
        list.clear();
        return;
    }
    for word in value.split_whitespace() {
        if list.len() < MAX_REPEATED_VALUES {
            list.push(word.to_string());
        }
    }
}

fn push_exec(list: &mut Vec<ExecCommand>, value: &str) -> Result<(), String> {
    if value.is_empty() {
        list.clear();
        return Ok(());
    }
    let command = ExecCommand::parse(value).map_err(|e| e.to_string())?;
    if list.len() < MAX_REPEATED_VALUES {
        list.push(command);
    }
    Ok(())
}

fn parse_type(value: &str) -> Result<ServiceType, String> {
    Ok(match value {
        "simple" => ServiceType::Simple,
        "exec" => ServiceType::Exec,
        "notify" => ServiceType::Notify,
        "forking" => ServiceType::Forking,
        "oneshot" => ServiceType::Oneshot,
        _ => return Err(format!("Failed to parse service type, ignoring: {value}")),
    })
}

fn parse_restart(value: &str) -> Result<RestartPolicy, String> {
    Ok(match value {
        "no" => RestartPolicy::No,
        "always" => RestartPolicy::Always,
        "on-success" => RestartPolicy::OnSuccess,
        "on-failure" => RestartPolicy::OnFailure,
        "on-abnormal" => RestartPolicy::OnAbnormal,
        "on-abort" => RestartPolicy::OnAbort,
        "on-watchdog" => RestartPolicy::OnWatchdog,
        _ => {
            return Err(format!(
                "Failed to parse service restart specifier, ignoring: {value}"
            ));
        }
    })
}

fn parse_sec(value: &str) -> Result<TimeSpan, String> {
    parse_time_span(value).map_err(|_| format!("Failed to parse sec value, ignoring: {value}"))
}

/// Timeouts: `0` disables the timeout, like `infinity`.
fn parse_timeout(value: &str) -> Result<TimeSpan, String> {
    parse_sec(value).map(|span| {
        if span == TimeSpan::Finite(0) {
            TimeSpan::Infinity
        } else {
            span
        }
    })
}

fn parse_limit(value: &str) -> Result<u64, String> {
    if value == "infinity" {
        return Ok(u64::MAX);
    }
    value
        .parse()
        .map_err(|_| format!("Failed to parse resource value, ignoring: {value}"))
}

fn parse_unsigned(value: &str) -> Result<u32, String> {
    value
        .parse()
        .map_err(|_| format!("Failed to parse numeric value, ignoring: {value}"))
}

/// `Environment="A=1" B=2`: quoted words, each a `NAME=VALUE`; empty resets the list.
fn push_environment(env: &mut Vec<(String, String)>, value: &str) -> Result<(), String> {
    if value.is_empty() {
        env.clear();
        return Ok(());
    }
    let words = split_words(value)
        .ok_or_else(|| format!("Invalid environment assignment, ignoring: {value}"))?;
    for word in &words {
        match word.split_once('=') {
            Some((name, val)) if is_env_name(name) && env.len() < MAX_REPEATED_VALUES => {
                env.push((name.to_string(), val.to_string()));
            }
            Some((name, _)) if is_env_name(name) => {}
            _ => return Err(format!("Invalid environment assignment, ignoring: {word}")),
        }
    }
    Ok(())
}

fn push_environment_file(files: &mut Vec<EnvironmentFile>, value: &str) -> Result<(), String> {
    if value.is_empty() {
        files.clear();
        return Ok(());
    }
    let (optional, path) = match value.strip_prefix('-') {
        Some(path) => (true, path),
        None => (false, value),
    };
    if !path.starts_with('/') {
        return Err(format!("Path '{path}' is not absolute, ignoring."));
    }
    if files.len() < MAX_REPEATED_VALUES {
        files.push(EnvironmentFile {
            path: path.to_string(),
            optional,
        });
    }
    Ok(())
}
