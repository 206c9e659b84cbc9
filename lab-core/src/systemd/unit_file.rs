//! Unit files as systemd 219 reads them: `[Section]` headers, `#`/`;` comment lines, `\`
//! continuations (the backslash becomes a space), `Key=Value` assignments with repeats.
//! Problems come out as systemd's own journal lines: warnings (`[path:line] …`) for settings
//! it ignores, and a fatal error when it refuses to load the unit.

use super::exec_line::ExecCommand;
use super::time_span::TimeSpan;
use super::unit_keys::assign;

/// Largest unit file read, in bytes.
pub const MAX_UNIT_FILE_BYTES: usize = 1024 * 1024;
/// Most values kept for one repeatable setting (`ExecStartPre=`, `After=`, `Environment=`…).
pub const MAX_REPEATED_VALUES: usize = 1_024;

/// `Type=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServiceType {
    #[default]
    Simple,
    Exec,
    Notify,
    Forking,
    Oneshot,
}

/// `Restart=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    OnSuccess,
    OnFailure,
    OnAbnormal,
    OnAbort,
    OnWatchdog,
}

/// One `EnvironmentFile=`; a `-` prefix makes a missing file harmless.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentFile {
    pub path: String,
    pub optional: bool,
}

/// The settings of one `.service` unit that the lab acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFile {
    /// `etcd.service`.
    pub name: String,
    /// Where it was loaded from (`/etc/systemd/system/etcd.service`).
    pub fragment_path: String,
    pub description: Option<String>,
    pub documentation: Vec<String>,
    pub after: Vec<String>,
    pub before: Vec<String>,
    pub wants: Vec<String>,
    pub requires: Vec<String>,
    pub service_type: ServiceType,
    pub exec_start_pre: Vec<ExecCommand>,
    pub exec_start: Vec<ExecCommand>,
    pub exec_start_post: Vec<ExecCommand>,
    pub exec_stop: Vec<ExecCommand>,
    pub user: Option<String>,
    pub group: Option<String>,
    pub working_directory: Option<String>,
    pub restart: RestartPolicy,
    /// `RestartSec=`, in microseconds (systemd's default is 100 ms).
    pub restart_usec: u64,
    /// `TimeoutStartSec=` (default 90 s; `0` means `infinity`).
    pub timeout_start: TimeSpan,
    /// `TimeoutStopSec=` (default 90 s; `0` means `infinity`).
    pub timeout_stop: TimeSpan,
    /// `LimitNOFILE=`; `infinity` is `u64::MAX`.
    pub limit_nofile: Option<u64>,
    /// `Environment=` assignments in order (later ones win).
    pub environment: Vec<(String, String)>,
    pub environment_files: Vec<EnvironmentFile>,
    /// `StartLimitBurst=` (default 5).
    pub start_limit_burst: u32,
    /// `StartLimitInterval=`, in microseconds (default 10 s).
    pub start_limit_interval_usec: u64,
    pub wanted_by: Vec<String>,
    pub required_by: Vec<String>,
    pub alias: Vec<String>,
}

impl UnitFile {
    /// A unit with systemd's defaults and no settings.
    pub fn new(name: &str, fragment_path: &str) -> Self {
        Self {
            name: name.to_string(),
            fragment_path: fragment_path.to_string(),
            description: None,
            documentation: Vec::new(),
            after: Vec::new(),
            before: Vec::new(),
            wants: Vec::new(),
            requires: Vec::new(),
            service_type: ServiceType::Simple,
            exec_start_pre: Vec::new(),
            exec_start: Vec::new(),
            exec_start_post: Vec::new(),
            exec_stop: Vec::new(),
            user: None,
            group: None,
            working_directory: None,
            restart: RestartPolicy::No,
            restart_usec: 100_000,
            timeout_start: TimeSpan::Finite(90_000_000),
            timeout_stop: TimeSpan::Finite(90_000_000),
            limit_nofile: None,
            environment: Vec::new(),
            environment_files: Vec::new(),
            start_limit_burst: 5,
            start_limit_interval_usec: 10_000_000,
            wanted_by: Vec::new(),
            required_by: Vec::new(),
            alias: Vec::new(),
        }
    }

    /// What systemd shows for the unit: `Description=`, or the unit name without one.
    pub fn display_name(&self) -> &str {
        self.description.as_deref().unwrap_or(&self.name)
    }

    /// Whether `systemctl enable` has anything to link (an `[Install]` target).
    pub fn has_install_info(&self) -> bool {
        !(self.wanted_by.is_empty() && self.required_by.is_empty() && self.alias.is_empty())
    }

    /// The full environment of the main process: `Environment=` first, then each loaded
    /// `EnvironmentFile=` in order (systemd lets the files override), as `(KEY, VALUE)`.
    pub fn merged_environment(
        &self,
        loaded_files: &[Vec<(String, String)>],
    ) -> Vec<(String, String)> {
        let mut env = self.environment.clone();
        for file in loaded_files {
            env.extend(file.iter().cloned());
        }
        env
    }
}

/// The refusal to load a unit: the journal line and the errno text `systemctl` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FatalUnitError {
    /// `etcd.service lacks both ExecStart= and ExecStop= setting. Refusing.`
    pub message: String,
    /// `Invalid argument` or `Bad message`, as in `Loaded: error (Reason: …)`.
    pub reason: &'static str,
}

/// A parsed unit file and what systemd logged about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFileParse {
    pub unit: UnitFile,
    /// Journal lines for ignored settings, `[path:line] …`.
    pub warnings: Vec<String>,
    /// Set when systemd would refuse the unit ("Unit configuration has fatal error").
    pub fatal: Option<FatalUnitError>,
}

/// Parses unit file `text` of unit `name` loaded from `path`.
pub fn parse_unit_file(name: &str, path: &str, text: &str) -> UnitFileParse {
    let mut parse = UnitFileParse {
        unit: UnitFile::new(name, path),
        warnings: Vec::new(),
        fatal: None,
    };
    if text.len() > MAX_UNIT_FILE_BYTES {
        parse.fatal = Some(FatalUnitError {
            message: format!("{path}: file too large, refusing."),
            reason: "File too large",
        });
        return parse;
    }
    let mut section: Option<String> = None;
    let mut continued = String::new();
    for (index, raw) in text.lines().enumerate() {
        let line_no = index.saturating_add(1);
        let line = raw.trim();
        if line.starts_with('#')
            || line.starts_with(';')
            || (line.is_empty() && continued.is_empty())
        {
            continue;
        }
        if let Some(body) = line.strip_suffix('\\') {
            continued.push_str(body);
            continued.push(' ');
            continue;
        }
        continued.push_str(line);
        let logical = std::mem::take(&mut continued);
        let at = format!("[{path}:{line_no}]");
        if let Err(fatal) = parse_line(&mut parse, &mut section, logical.trim(), &at) {
            parse.fatal = Some(fatal);
            return parse;
        }
    }
    parse.fatal = verify(&parse.unit);
    parse
}

fn parse_line(
    parse: &mut UnitFileParse,
    section: &mut Option<String>,
    line: &str,
    at: &str,
) -> Result<(), FatalUnitError> {
    if line.starts_with('[') {
        return match line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            Some(name) => {
                if !matches!(name, "Unit" | "Service" | "Install") {
                    parse
                        .warnings
                        .push(format!("{at} Unknown section '{name}'. Ignoring."));
                }
                *section = Some(name.to_string());
                Ok(())
            }
            None => Err(bad_message(format!("{at} Invalid section header '{line}'"))),
        };
    }
    let Some((key, value)) = line.split_once('=') else {
        return Err(bad_message(format!("{at} Missing '='.")));
    };
    let (key, value) = (key.trim(), value.trim());
    match section.as_deref() {
        None => parse
            .warnings
            .push(format!("{at} Assignment outside of section. Ignoring.")),
        Some(name @ ("Unit" | "Service" | "Install")) => {
            if let Some(warning) = assign(&mut parse.unit, name, key, value) {
                parse.warnings.push(format!("{at} {warning}"));
            }
        }
        Some(_) => {}
    }
    Ok(())
}

fn bad_message(message: String) -> FatalUnitError {
    FatalUnitError {
        message,
        reason: "Bad message",
    }
}

/// systemd 219's `service_verify()`: the checks that refuse a unit after parsing.
fn verify(unit: &UnitFile) -> Option<FatalUnitError> {
    let name = &unit.name;
    if unit.exec_start.is_empty() && unit.exec_stop.is_empty() {
        return Some(FatalUnitError {
            message: format!("{name} lacks both ExecStart= and ExecStop= setting. Refusing."),
            reason: "Invalid argument",
        });
    }
    if unit.service_type != ServiceType::Oneshot && unit.exec_start.len() > 1 {
        return Some(FatalUnitError {
            message: format!(
                "{name} has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing."
            ),
            reason: "Invalid argument",
        });
    }
    None
}

#[cfg(test)]
mod tests;
