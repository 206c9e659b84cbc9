//! `ETCD_*` environment variables as etcd 3.4's `flags.SetFlagsFromEnv` applies them: each
//! flag not given on the command line takes its variable's non-empty value (flags visited
//! in name order), then every variable is checked: one shadowed by a command-line flag is
//! fatal in 3.4, an unknown `ETCD_*` one is a warning.

use super::error::{ConfigError, Diagnostic, Level};
use super::etcd_config::EtcdConfig;
use super::flags::{FLAGS, IGNORED, env_name, lookup};
use super::go_flag::ignored_warning;
use super::go_syntax::go_quote;
use super::value_text::parse_value;

/// Most environment variables considered.
pub const MAX_ENV_VARS: usize = 4096;

/// What applying the environment did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvOutcome {
    /// Flags the environment set (they count as set, like command-line flags).
    pub set: Vec<&'static str>,
    /// `recognized and used ...` notices and `unrecognized ...` warnings, in etcd's order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The value `os.Getenv` returns: the first definition wins.
pub fn getenv<'a>(env: &'a [(String, String)], key: &str) -> Option<&'a str> {
    env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Applies `env` to `cfg` for every flag not in `argv_set`. The outcome's diagnostics were
/// printed even when the result is an error.
pub fn apply_env(
    env: &[(String, String)],
    argv_set: &[&str],
    cfg: &mut EtcdConfig,
) -> (EnvOutcome, Result<(), ConfigError>) {
    let mut out = EnvOutcome::default();
    let already: Vec<String> = argv_set.iter().map(|n| env_name(n)).collect();
    let mut used: Vec<String> = Vec::new();
    let mut error = None;
    for name in all_flag_names() {
        let key = env_name(name);
        if already.contains(&key) {
            continue;
        }
        let Some(val) = getenv(env, &key).filter(|v| !v.is_empty()) else {
            continue;
        };
        used.push(key.clone());
        match set_from_env(name, val, cfg, &mut out) {
            Ok(()) => out.diagnostics.push(Diagnostic::log(
                Level::Info,
                "pkg/flags",
                format!("recognized and used environment variable {key}={val}"),
            )),
            Err(why) => error = Some(format!("invalid value {} for {key}: {why}", go_quote(val))),
        }
    }
    for (key, val) in env {
        if used.contains(key) {
            continue;
        }
        if already.contains(key) {
            return (out, Err(ConfigError::ShadowedEnv(go_quote(key))));
        }
        if key.starts_with("ETCD_") {
            out.diagnostics.push(Diagnostic::log(
                Level::Warning,
                "pkg/flags",
                format!("unrecognized environment variable {key}={val}"),
            ));
        }
    }
    let result = error.map_or(Ok(()), |message| Err(ConfigError::Verify(message)));
    (out, result)
}

/// Every registered flag name, sorted as Go's `VisitAll` visits them.
fn all_flag_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = FLAGS.iter().map(|f| f.name).collect();
    names.extend(IGNORED.iter().copied());
    names.extend(["config-file", "version"]);
    names.sort_unstable();
    names
}

fn set_from_env(
    name: &'static str,
    val: &str,
    cfg: &mut EtcdConfig,
    out: &mut EnvOutcome,
) -> Result<(), String> {
    if IGNORED.contains(&name) {
        out.diagnostics.push(ignored_warning(name));
        return Ok(());
    }
    if name == "version" {
        return super::go_syntax::parse_bool(val)
            .map(|_| ())
            .map_err(str::to_string);
    }
    let Some(flag) = lookup(name) else {
        return Ok(());
    };
    (flag.set)(cfg, parse_value(flag.kind, val)?);
    out.set.push(flag.name);
    Ok(())
}
