//! [`FlagSpec`] and [`FlagValue`]: one pflag flag, its type, default and current value, and
//! the way pflag turns text into each type (with Go's error texts).

use super::gofmt::{duration_string, parse_duration, quote};

/// The Go type behind a flag, which decides how its text is parsed and printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FlagKind {
    Bool,
    String,
    StringSlice,
    Duration,
    Int64,
}

/// One flag as cobra declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct FlagSpec {
    pub name: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
    /// pflag's `DefValue`, as the usage text shows it.
    pub default: &'static str,
    pub usage: &'static str,
}

impl FlagSpec {
    pub(super) const fn new(
        name: &'static str,
        kind: FlagKind,
        default: &'static str,
        usage: &'static str,
    ) -> Self {
        Self {
            name,
            short: None,
            kind,
            default,
            usage,
        }
    }

    pub(super) const fn short(mut self, short: char) -> Self {
        self.short = Some(short);
        self
    }

    /// Bool flags take no argument (`NoOptDefVal` is `"true"`).
    pub(super) fn takes_no_argument(&self) -> bool {
        self.kind == FlagKind::Bool
    }

    /// The flag's name as pflag shows it in `invalid argument` errors.
    fn display_name(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.name),
            None => format!("--{}", self.name),
        }
    }

    /// One line of the OPTIONS block, before tab alignment: `  -w, --write-out="simple"`
    /// and the usage.
    pub(super) fn usage_cells(&self) -> (String, &'static str) {
        let mut left = match self.short {
            Some(c) => format!("  -{c}, --{}", self.name),
            None => format!("      --{}", self.name),
        };
        let default = match self.kind {
            FlagKind::String => quote(self.default.as_bytes()),
            _ => self.default.to_owned(),
        };
        if self.takes_no_argument() {
            left.push_str(&format!("[={default}]"));
        } else {
            left.push_str(&format!("={default}"));
        }
        (left, self.usage)
    }
}

/// A flag's current value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum FlagValue {
    Bool(bool),
    Str(String),
    Slice(Vec<String>),
    /// Nanoseconds.
    Duration(u64),
    Int64(i64),
}

impl FlagValue {
    /// The value a flag starts with.
    pub(super) fn default_of(spec: &FlagSpec) -> Self {
        // A slice's DefValue is shown in brackets: `[127.0.0.1:2379]`.
        let text = match spec.kind {
            FlagKind::StringSlice => spec.default.trim_start_matches('[').trim_end_matches(']'),
            _ => spec.default,
        };
        let parsed = Self::parse(spec.kind, text);
        match (spec.kind, parsed) {
            (_, Ok(value)) => value,
            (FlagKind::StringSlice, Err(_)) => FlagValue::Slice(Vec::new()),
            (_, Err(_)) => FlagValue::Str(spec.default.to_owned()),
        }
    }

    /// pflag's `Set`: `previous` is the value so far and whether it was set before (a
    /// string slice given twice grows).
    pub(super) fn set(
        spec: &FlagSpec,
        previous: Option<&FlagValue>,
        text: &str,
    ) -> Result<Self, String> {
        let value = Self::parse(spec.kind, text).map_err(|reason| {
            format!(
                "invalid argument {} for {} flag: {reason}",
                quote(text.as_bytes()),
                quote(spec.display_name().as_bytes())
            )
        })?;
        match (previous, value) {
            (Some(FlagValue::Slice(old)), FlagValue::Slice(new)) => {
                let mut all = old.clone();
                all.extend(new);
                Ok(FlagValue::Slice(all))
            }
            (_, value) => Ok(value),
        }
    }

    fn parse(kind: FlagKind, text: &str) -> Result<Self, String> {
        match kind {
            FlagKind::Bool => parse_bool(text).map(FlagValue::Bool),
            FlagKind::String => Ok(FlagValue::Str(text.to_owned())),
            FlagKind::StringSlice => Ok(FlagValue::Slice(read_as_csv(text))),
            FlagKind::Duration => parse_duration(text).map(FlagValue::Duration),
            FlagKind::Int64 => parse_int64(text).map(FlagValue::Int64),
        }
    }

    /// pflag's `Value.String()`, as `--debug` prints it.
    pub(super) fn display(&self) -> String {
        match self {
            FlagValue::Bool(b) => b.to_string(),
            FlagValue::Str(s) => s.clone(),
            FlagValue::Slice(items) => format!("[{}]", items.join(",")),
            FlagValue::Duration(nanos) => duration_string(*nanos),
            FlagValue::Int64(n) => n.to_string(),
        }
    }
}

/// Go's `strconv.ParseBool`.
fn parse_bool(text: &str) -> Result<bool, String> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!(
            "strconv.ParseBool: parsing {}: invalid syntax",
            quote(text.as_bytes())
        )),
    }
}

/// Go's `strconv.ParseInt(text, 0, 64)`: optional sign, `0x`/`0o`/`0b`/`0` prefixes.
pub(super) fn parse_int64(text: &str) -> Result<i64, String> {
    parse_int(text, 0)
}

/// Go's `strconv.ParseInt(text, base, 64)` for base 0 (prefix decides) or a fixed base.
pub(super) fn parse_int(text: &str, base: u32) -> Result<i64, String> {
    let fail = |what: &str| {
        format!(
            "strconv.ParseInt: parsing {}: {what}",
            quote(text.as_bytes())
        )
    };
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if base != 0 {
        (base, lower.as_str())
    } else if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..).unwrap_or(""))
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(fail("invalid syntax"));
    }
    let magnitude = u64::from_str_radix(digits, radix).map_err(|_| fail("value out of range"))?;
    let limit = if negative {
        i64::MIN.unsigned_abs()
    } else {
        i64::MAX.unsigned_abs()
    };
    if magnitude > limit {
        return Err(fail("value out of range"));
    }
    let signed = if negative {
        0i64.wrapping_sub_unsigned(magnitude)
    } else {
        magnitude as i64
    };
    Ok(signed)
}

/// pflag's `readAsCSV` for one record: commas split, double quotes group.
fn read_as_csv(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_parsing_follows_strconv() {
        assert_eq!(parse_int64("10"), Ok(10));
        assert_eq!(parse_int64("0x10"), Ok(16));
        assert_eq!(parse_int64("-5"), Ok(-5));
        assert_eq!(
            parse_int64("abc"),
            Err("strconv.ParseInt: parsing \"abc\": invalid syntax".into())
        );
        assert_eq!(
            parse_int64("99999999999999999999"),
            Err("strconv.ParseInt: parsing \"99999999999999999999\": value out of range".into())
        );
    }

    #[test]
    fn endpoints_are_read_as_csv() {
        assert_eq!(read_as_csv("a,b"), vec!["a", "b"]);
        assert_eq!(read_as_csv(""), Vec::<String>::new());
        assert_eq!(read_as_csv("\"a,b\",c"), vec!["a,b", "c"]);
    }
}
