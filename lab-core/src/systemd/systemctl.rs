//! `systemctl` argv → a typed [`SystemctlCommand`], with systemd 219's argument errors
//! (`Unknown operation 'foo'.`, `Too few arguments.`) and unit name mangling
//! (`etcd` → `etcd.service`). Options may appear anywhere, as getopt permutes them.

use super::output::CmdOutput;

/// Most unit names one command takes.
pub const MAX_UNITS: usize = 64;

/// The verbs the lab implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    DaemonReload,
    Enable,
    Disable,
    Start,
    Stop,
    Restart,
    Reload,
    Status,
    IsActive,
    IsEnabled,
    IsFailed,
    Cat,
    Show,
    ListUnits,
    ListUnitFiles,
    ResetFailed,
}

/// `(verb, name, min units, max units)`; `status`/`show`/`reset-failed` take any number.
const VERBS: &[(Verb, &str, usize, usize)] = &[
    (Verb::DaemonReload, "daemon-reload", 0, 0),
    (Verb::Enable, "enable", 1, MAX_UNITS),
    (Verb::Disable, "disable", 1, MAX_UNITS),
    (Verb::Start, "start", 1, MAX_UNITS),
    (Verb::Stop, "stop", 1, MAX_UNITS),
    (Verb::Restart, "restart", 1, MAX_UNITS),
    (Verb::Reload, "reload", 1, MAX_UNITS),
    (Verb::Status, "status", 0, MAX_UNITS),
    (Verb::IsActive, "is-active", 1, MAX_UNITS),
    (Verb::IsEnabled, "is-enabled", 1, MAX_UNITS),
    (Verb::IsFailed, "is-failed", 1, MAX_UNITS),
    (Verb::Cat, "cat", 1, MAX_UNITS),
    (Verb::Show, "show", 0, MAX_UNITS),
    (Verb::ListUnits, "list-units", 0, MAX_UNITS),
    (Verb::ListUnitFiles, "list-unit-files", 0, MAX_UNITS),
    (Verb::ResetFailed, "reset-failed", 0, MAX_UNITS),
];

/// The options the lab honours.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SystemctlOptions {
    /// `-l` / `--full`: do not ellipsize.
    pub full: bool,
    pub no_pager: bool,
    /// `-q` / `--quiet`.
    pub quiet: bool,
    /// `--now` with enable/disable: also start/stop.
    pub now: bool,
    /// `-a` / `--all`.
    pub all: bool,
    /// `-t` / `--type=`.
    pub unit_type: Option<String>,
}

/// A parsed `systemctl` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemctlCommand {
    pub verb: Verb,
    /// Unit names, mangled (`etcd` → `etcd.service`); patterns for list verbs are kept as given.
    pub units: Vec<String>,
    pub options: SystemctlOptions,
}

/// Parses `systemctl ARGS` (without the program name). `Err` is the output to print.
pub fn parse_systemctl(args: &[&str]) -> Result<SystemctlCommand, CmdOutput> {
    let mut options = SystemctlOptions::default();
    let mut words = Vec::new();
    let mut rest = args.iter().copied();
    while let Some(arg) = rest.next() {
        match arg {
            "-l" | "--full" => options.full = true,
            "--no-pager" => options.no_pager = true,
            "-q" | "--quiet" => options.quiet = true,
            "--now" => options.now = true,
            "-a" | "--all" => options.all = true,
            "--no-block" | "--no-legend" | "--system" | "-f" | "--force" => {}
            "-t" | "--type" => {
                options.unit_type =
                    Some(rest.next().ok_or_else(|| getopt_missing(arg))?.to_string())
            }
            _ if arg.starts_with("--type=") => options.unit_type = arg.get(7..).map(str::to_string),
            _ if arg.starts_with("--") => {
                return Err(CmdOutput::error(
                    &format!("systemctl: unrecognized option '{arg}'"),
                    1,
                ));
            }
            _ if arg.starts_with('-') && arg.len() > 1 => {
                let letter = arg.chars().nth(1).unwrap_or('-');
                return Err(CmdOutput::error(
                    &format!("systemctl: invalid option -- '{letter}'"),
                    1,
                ));
            }
            _ => words.push(arg),
        }
    }
    let Some((&verb_word, unit_words)) = words.split_first() else {
        return Ok(SystemctlCommand {
            verb: Verb::ListUnits,
            units: Vec::new(),
            options,
        });
    };
    let Some(&(verb, _, min, max)) = VERBS.iter().find(|(_, name, _, _)| *name == verb_word) else {
        return Err(CmdOutput::error(
            &format!("Unknown operation '{verb_word}'."),
            1,
        ));
    };
    if unit_words.len() < min {
        return Err(CmdOutput::error("Too few arguments.", 1));
    }
    if unit_words.len() > max {
        let text = if max == 0 {
            "Invalid number of arguments."
        } else {
            "Too many arguments."
        };
        return Err(CmdOutput::error(text, 1));
    }
    let list = matches!(verb, Verb::ListUnits | Verb::ListUnitFiles);
    let units = unit_words
        .iter()
        .map(|w| {
            if list {
                w.to_string()
            } else {
                mangle_unit_name(w)
            }
        })
        .collect();
    Ok(SystemctlCommand {
        verb,
        units,
        options,
    })
}

fn getopt_missing(arg: &str) -> CmdOutput {
    CmdOutput::error(
        &format!("systemctl: option '{arg}' requires an argument"),
        1,
    )
}

const UNIT_SUFFIXES: &[&str] = &[
    ".service",
    ".socket",
    ".target",
    ".device",
    ".mount",
    ".automount",
    ".swap",
    ".timer",
    ".path",
    ".slice",
    ".scope",
];

/// systemd's `unit_name_mangle()`: a name without a unit suffix gets `.service`; characters
/// not allowed in unit names are escaped as `\xNN`.
pub fn mangle_unit_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || ":-_.\\@".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        }
    }
    if !UNIT_SUFFIXES
        .iter()
        .any(|s| out.ends_with(s) && out.len() > s.len())
    {
        out.push_str(".service");
    }
    out
}

#[cfg(test)]
mod tests;
