//! Go's `flag` package as etcd's `FlagSet("etcd", ContinueOnError)` runs it over argv:
//! `-flag`, `--flag`, `-flag=value`, `-flag value`, booleans without a value, `--` ending
//! the flags, and the exact messages for what it refuses.

use super::error::{ConfigError, Diagnostic, Level};
use super::etcd_config::EtcdConfig;
use super::flags::{IGNORED, Kind, lookup};
use super::go_syntax::{go_quote, parse_bool};
use super::value_text::parse_value;

/// What argv asked for beyond the configuration values it set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArgvOutcome {
    /// Flags set on the command line, in order (Go's `fs.Visit` set).
    pub set: Vec<&'static str>,
    /// `--config-file`.
    pub config_file: Option<String>,
    /// `--version` was given (true).
    pub version: bool,
    /// `-h` / `--help` was given.
    pub help: bool,
    /// Arguments left after the flags.
    pub rest: Vec<String>,
    /// Warnings printed while parsing (ignored etcd 2 flags).
    pub warnings: Vec<Diagnostic>,
}

/// Parses argv (without argv\[0\]) into `cfg`, stopping at the first error as Go does.
pub fn parse_argv(args: &[String], cfg: &mut EtcdConfig) -> Result<ArgvOutcome, ConfigError> {
    let mut out = ArgvOutcome::default();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let Some(body) = flag_body(arg)? else {
            i -= 1;
            break;
        };
        let Some(body) = body else { break };
        let (name, inline) = match body.get(1..).and_then(|t| t.find('=')) {
            Some(eq) => (&body[..eq + 1], Some(&body[eq + 2..])),
            None => (body, None),
        };
        if !is_known(name) {
            if name == "help" || name == "h" {
                out.help = true;
                return Ok(out);
            }
            return Err(ConfigError::Flag(format!(
                "flag provided but not defined: -{name}"
            )));
        }
        if is_bool(name) {
            let text = inline.unwrap_or("true");
            set_bool(name, text, inline.is_some(), cfg, &mut out)?;
            continue;
        }
        let value = match inline {
            Some(v) => v.to_string(),
            None => match args.get(i) {
                Some(v) => {
                    i += 1;
                    v.clone()
                }
                None => {
                    return Err(ConfigError::Flag(format!(
                        "flag needs an argument: -{name}"
                    )));
                }
            },
        };
        set_value(name, &value, cfg, &mut out)?;
    }
    out.rest = args.get(i..).unwrap_or_default().to_vec();
    Ok(out)
}

/// `Ok(None)`: not a flag (stop, keep it); `Ok(Some(None))`: `--` (stop, drop it);
/// `Ok(Some(Some(body)))`: the flag text after its dashes.
#[allow(clippy::option_option)]
fn flag_body(arg: &str) -> Result<Option<Option<&str>>, ConfigError> {
    if arg.len() < 2 || !arg.starts_with('-') {
        return Ok(None);
    }
    let body = match arg.strip_prefix("--") {
        Some("") => return Ok(Some(None)),
        Some(b) => b,
        None => &arg[1..],
    };
    if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
        return Err(ConfigError::Flag(format!("bad flag syntax: {arg}")));
    }
    Ok(Some(Some(body)))
}

fn is_known(name: &str) -> bool {
    lookup(name).is_some() || IGNORED.contains(&name) || name == "config-file" || name == "version"
}

fn is_bool(name: &str) -> bool {
    name == "version"
        || IGNORED.contains(&name)
        || lookup(name).is_some_and(|f| f.kind == Kind::Bool)
}

fn set_bool(
    name: &str,
    text: &str,
    explicit: bool,
    cfg: &mut EtcdConfig,
    out: &mut ArgvOutcome,
) -> Result<(), ConfigError> {
    if IGNORED.contains(&name) {
        out.warnings.push(ignored_warning(name));
        return Ok(());
    }
    let Ok(value) = parse_bool(text) else {
        return Err(ConfigError::Flag(if explicit {
            format!(
                "invalid boolean value {} for -{name}: parse error",
                go_quote(text)
            )
        } else {
            format!("invalid boolean flag {name}: parse error")
        }));
    };
    if name == "version" {
        out.version = value;
        return Ok(());
    }
    set_value(name, text, cfg, out)
}

/// `IgnoredFlag.Set`'s warning.
pub fn ignored_warning(name: &str) -> Diagnostic {
    Diagnostic::log(
        Level::Warning,
        "pkg/flags",
        format!("flag \"-{name}\" is no longer supported - ignoring."),
    )
}

fn set_value(
    name: &str,
    text: &str,
    cfg: &mut EtcdConfig,
    out: &mut ArgvOutcome,
) -> Result<(), ConfigError> {
    if name == "config-file" {
        out.config_file = Some(text.to_string());
        return Ok(());
    }
    let Some(flag) = lookup(name) else {
        return Err(ConfigError::Flag(format!(
            "flag provided but not defined: -{name}"
        )));
    };
    let value = parse_value(flag.kind, text).map_err(|why| {
        ConfigError::Flag(format!(
            "invalid value {} for flag -{name}: {why}",
            go_quote(text)
        ))
    })?;
    (flag.set)(cfg, value);
    if !out.set.contains(&flag.name) {
        out.set.push(flag.name);
    }
    Ok(())
}
