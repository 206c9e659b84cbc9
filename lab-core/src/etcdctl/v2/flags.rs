//! Go's `flag` package as urfave/cli 1.x uses it: `-name` and `--name` alike, `name=value`
//! or the value in the next argument (not for booleans), parsing stops at the first
//! argument that is not a flag. [`Globals`] are etcdctl v2's global options.

use super::super::gofmt::parse_duration;

/// One flag a command accepts: its names (`"output, o"`) and whether it is a boolean.
pub(super) type Spec = (&'static str, bool);

/// Flags found, by their first name, and the arguments after them.
pub(super) type Parsed = (Vec<(&'static str, String)>, Vec<String>);

/// Parses the flags of `args` against `specs`; the error is Go's text.
pub(super) fn parse(args: &[String], specs: &[Spec]) -> Result<Parsed, String> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        if arg == "--" {
            i = i.saturating_add(1);
            break;
        }
        let Some(flag) = arg.strip_prefix('-').filter(|f| !f.is_empty()) else {
            break;
        };
        let flag = flag.strip_prefix('-').unwrap_or(flag);
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (flag, None),
        };
        let Some(&(names, is_bool)) = specs
            .iter()
            .find(|(names, _)| names.split(", ").any(|n| n == name))
        else {
            return Err(format!("flag provided but not defined: -{name}"));
        };
        let canonical = names.split(", ").next().unwrap_or(names);
        let value = match (inline, is_bool) {
            (Some(v), _) => v,
            (None, true) => "true".to_owned(),
            (None, false) => {
                i = i.saturating_add(1);
                args.get(i)
                    .cloned()
                    .ok_or_else(|| format!("flag needs an argument: -{name}"))?
            }
        };
        found.push((canonical, value));
        i = i.saturating_add(1);
    }
    Ok((found, args.get(i..).unwrap_or_default().to_vec()))
}

/// The last value given for flag `name`.
pub(super) fn value<'a>(found: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    found
        .iter()
        .rev()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

/// Whether boolean flag `name` was set true.
pub(super) fn is_set(found: &[(&'static str, String)], name: &str) -> bool {
    value(found, name).is_some_and(|v| matches!(v, "true" | "1" | "t" | "T" | "TRUE" | "True"))
}

/// etcdctl v2's global options.
const GLOBAL_SPECS: &[Spec] = &[
    ("debug", true),
    ("no-sync", true),
    ("output, o", false),
    ("discovery-srv, D", false),
    ("insecure-discovery", true),
    ("peers, C", false),
    ("endpoint", false),
    ("endpoints", false),
    ("cert-file", false),
    ("key-file", false),
    ("ca-file", false),
    ("username, u", false),
    ("timeout", false),
    ("total-timeout", false),
    ("help, h", true),
    ("version, v", true),
];

/// The global options a run was given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Globals {
    pub debug: bool,
    pub no_sync: bool,
    /// `--output`: `simple`, `extended` or `json` (only errors differ for `json`).
    pub output: String,
    /// `--endpoints`, `--endpoint`, `--peers`, in that order of precedence.
    pub endpoints: [String; 3],
    /// `--timeout`, per request (unit: microseconds).
    pub timeout_micros: u64,
    /// `--total-timeout`, per command (unit: microseconds).
    pub total_timeout_micros: u64,
    pub help: bool,
    pub version: bool,
}

/// Nanoseconds per microsecond.
const NANOS_PER_MICRO: u64 = 1_000;

/// Parses the global options; returns them and the command line after them.
pub(super) fn parse_globals(args: &[String]) -> Result<(Globals, Vec<String>), String> {
    let (found, rest) = parse(args, GLOBAL_SPECS)?;
    let duration = |name: &str, default_micros: u64| -> Result<u64, String> {
        match value(&found, name) {
            None => Ok(default_micros),
            Some(text) => parse_duration(text)
                .map(|nanos| nanos / NANOS_PER_MICRO)
                .map_err(|_| format!("invalid value \"{text}\" for flag -{name}: parse error")),
        }
    };
    let text = |name: &str| value(&found, name).unwrap_or_default().to_owned();
    let globals = Globals {
        debug: is_set(&found, "debug"),
        no_sync: is_set(&found, "no-sync"),
        output: value(&found, "output").unwrap_or("simple").to_owned(),
        endpoints: [text("endpoints"), text("endpoint"), text("peers")],
        timeout_micros: duration("timeout", 2_000_000)?,
        total_timeout_micros: duration("total-timeout", 5_000_000)?,
        help: is_set(&found, "help"),
        version: is_set(&found, "version"),
    };
    Ok((globals, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn go_flags_take_one_or_two_dashes_and_stop_at_the_command() {
        let (g, rest) = parse_globals(&args("-C http://a:2379 --debug --timeout=3s member list"))
            .expect("valid");
        assert_eq!(g.endpoints[2], "http://a:2379");
        assert!(g.debug);
        assert_eq!(g.timeout_micros, 3_000_000);
        assert_eq!(rest, args("member list"));
    }

    #[test]
    fn an_unknown_flag_is_named_with_one_dash_as_go_names_it() {
        assert_eq!(
            parse_globals(&args("--bogus member list")),
            Err("flag provided but not defined: -bogus".to_owned())
        );
        assert_eq!(
            parse_globals(&args("--endpoints")),
            Err("flag needs an argument: -endpoints".to_owned())
        );
    }
}
