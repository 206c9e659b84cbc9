//! [`FlagSet`]: pflag's parsing of one command's flags (its own, its parents' persistent
//! ones and `--help`), interspersed with positional arguments, with pflag's error texts;
//! and the `ETCDCTL_*` environment variables that fill flags left unset.

use std::collections::BTreeMap;

use super::flag_value::{FlagSpec, FlagValue};

/// Why parsing stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum FlagError {
    /// `-h` / `--help`: show the usage.
    Help,
    /// pflag's complaint, e.g. `unknown flag: --count-only`.
    Invalid(String),
}

/// The flags of one command and their values after parsing.
#[derive(Clone, Debug)]
pub(super) struct FlagSet {
    specs: Vec<FlagSpec>,
    values: BTreeMap<&'static str, FlagValue>,
    changed: Vec<&'static str>,
    /// cobra's `ArgsLenAtDash`: how many positional arguments came before `--`.
    dash_at: Option<usize>,
}

impl FlagSet {
    pub(super) fn new(specs: Vec<FlagSpec>) -> Self {
        let values = specs
            .iter()
            .map(|s| (s.name, FlagValue::default_of(s)))
            .collect();
        Self {
            specs,
            values,
            changed: Vec::new(),
            dash_at: None,
        }
    }

    /// Parses `args`, returning the positional arguments (pflag's `Args()`).
    pub(super) fn parse(&mut self, args: &[String]) -> Result<Vec<String>, FlagError> {
        let mut positional = Vec::new();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            if arg == "--" {
                self.dash_at = Some(positional.len());
                positional.extend(rest.cloned());
                break;
            }
            if let Some(long) = arg.strip_prefix("--") {
                self.parse_long(arg, long, &mut rest)?;
            } else if let Some(shorts) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
                self.parse_shorts(shorts, &mut rest)?;
            } else {
                positional.push(arg.clone());
            }
        }
        if self.is_true("help") {
            return Err(FlagError::Help);
        }
        Ok(positional)
    }

    fn parse_long(
        &mut self,
        arg: &str,
        long: &str,
        rest: &mut std::slice::Iter<'_, String>,
    ) -> Result<(), FlagError> {
        if long.is_empty() || long.starts_with('-') || long.starts_with('=') {
            return Err(FlagError::Invalid(format!("bad flag syntax: {arg}")));
        }
        let (name, inline) = match long.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (long, None),
        };
        let Some(spec) = self.spec(name) else {
            return Err(FlagError::Invalid(format!("unknown flag: --{name}")));
        };
        let value = match (inline, spec.takes_no_argument()) {
            (Some(v), _) => v.to_owned(),
            (None, true) => "true".to_owned(),
            (None, false) => match rest.next() {
                Some(v) => v.clone(),
                None => return Err(FlagError::Invalid(format!("flag needs an argument: {arg}"))),
            },
        };
        self.set(spec, &value).map_err(FlagError::Invalid)
    }

    fn parse_shorts(
        &mut self,
        shorts: &str,
        rest: &mut std::slice::Iter<'_, String>,
    ) -> Result<(), FlagError> {
        let mut remaining = shorts;
        while let Some(c) = remaining.chars().next() {
            let after = remaining.get(c.len_utf8()..).unwrap_or("");
            let Some(spec) = self.specs.iter().find(|s| s.short == Some(c)).copied() else {
                return Err(FlagError::Invalid(format!(
                    "unknown shorthand flag: '{c}' in -{shorts}"
                )));
            };
            let value = if let Some(v) = after.strip_prefix('=').filter(|_| after.len() > 1) {
                remaining = "";
                v.to_owned()
            } else if spec.takes_no_argument() {
                remaining = after;
                "true".to_owned()
            } else if !after.is_empty() {
                remaining = "";
                after.to_owned()
            } else {
                remaining = "";
                match rest.next() {
                    Some(v) => v.clone(),
                    None => {
                        return Err(FlagError::Invalid(format!(
                            "flag needs an argument: '{c}' in -{shorts}"
                        )));
                    }
                }
            };
            self.set(spec, &value).map_err(FlagError::Invalid)?;
        }
        Ok(())
    }

    fn spec(&self, name: &str) -> Option<FlagSpec> {
        self.specs.iter().find(|s| s.name == name).copied()
    }

    fn set(&mut self, spec: FlagSpec, text: &str) -> Result<(), String> {
        let previous = self
            .values
            .get(spec.name)
            .filter(|_| self.changed.contains(&spec.name));
        let value = FlagValue::set(&spec, previous, text)?;
        self.values.insert(spec.name, value);
        if !self.changed.contains(&spec.name) {
            self.changed.push(spec.name);
        }
        Ok(())
    }

    /// Fills the unset flags among `names` from `ETCDCTL_<NAME>` (pkg/flags'
    /// `SetPflagsFromEnv`; bad values are ignored, as etcdctl ignores the error). Returns
    /// the environment variables it used and those shadowed by a flag given on the line.
    pub(super) fn apply_env(&mut self, names: &[&'static str], env: &[(String, String)]) -> EnvUse {
        let mut used = EnvUse::default();
        for name in names {
            let key = env_key(name);
            if self.changed.contains(name) {
                used.shadowed.push(key);
                continue;
            }
            let Some((_, value)) = env.iter().rev().find(|(k, v)| *k == key && !v.is_empty())
            else {
                continue;
            };
            used.used.push(key);
            if let Some(spec) = self.spec(name) {
                let _ = self.set(spec, value);
            }
        }
        used
    }

    pub(super) fn value(&self, name: &str) -> Option<&FlagValue> {
        self.values.get(name)
    }

    /// cobra's `ArgsLenAtDash`: the positional arguments before `--`, if it was given.
    pub(super) fn args_len_at_dash(&self) -> Option<usize> {
        self.dash_at
    }

    pub(super) fn is_true(&self, name: &str) -> bool {
        matches!(self.value(name), Some(FlagValue::Bool(true)))
    }

    pub(super) fn string(&self, name: &str) -> String {
        match self.value(name) {
            Some(FlagValue::Str(s)) => s.clone(),
            Some(other) => other.display(),
            None => String::new(),
        }
    }

    pub(super) fn int64(&self, name: &str) -> i64 {
        match self.value(name) {
            Some(FlagValue::Int64(n)) => *n,
            _ => 0,
        }
    }

    /// Nanoseconds.
    pub(super) fn duration(&self, name: &str) -> u64 {
        match self.value(name) {
            Some(FlagValue::Duration(n)) => *n,
            _ => 0,
        }
    }

    pub(super) fn slice(&self, name: &str) -> Vec<String> {
        match self.value(name) {
            Some(FlagValue::Slice(items)) => items.clone(),
            _ => Vec::new(),
        }
    }

    pub(super) fn changed(&self, name: &str) -> bool {
        self.changed.contains(&name)
    }
}

/// What [`FlagSet::apply_env`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct EnvUse {
    pub used: Vec<String>,
    pub shadowed: Vec<String>,
}

/// pkg/flags' `FlagToEnv`: `dial-timeout` → `ETCDCTL_DIAL_TIMEOUT`.
pub(super) fn env_key(name: &str) -> String {
    format!("ETCDCTL_{}", name.replace('-', "_").to_ascii_uppercase())
}
