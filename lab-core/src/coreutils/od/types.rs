//! `od`'s output types (`-t x1`, `-t c`, `-t d2`, …): parsing a type string the way GNU od
//! does, and formatting one item of a line in that type.

/// How one item's bytes are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Octal, zero-padded (`o`).
    Octal,
    /// Hexadecimal, zero-padded (`x`).
    Hex,
    /// Signed decimal, right-aligned (`d`).
    Signed,
    /// Unsigned decimal, right-aligned (`u`).
    Unsigned,
    /// C-style characters: printable ASCII, backslash escapes, else octal (`c`).
    Char,
    /// ASCII names with the high bit dropped: `nul`, `nl`, `sp`, `del` (`a`).
    Named,
}

/// One `-t` type: a kind, an item size in bytes and whether to append the printable bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct OutputType {
    pub(super) kind: Kind,
    /// Item size in bytes: 1, 2, 4 or 8.
    pub(super) size: usize,
    /// `z` suffix: the line ends with `  >…<`.
    pub(super) dump_chars: bool,
}

impl OutputType {
    pub(super) const fn new(kind: Kind, size: usize) -> OutputType {
        OutputType {
            kind,
            size,
            dump_chars: false,
        }
    }

    /// Characters one item takes, its leading space included (` ff` is 3 for `x1`).
    pub(super) fn width(&self) -> usize {
        let max = max_unsigned(self.size);
        1 + match self.kind {
            Kind::Char | Kind::Named => 3,
            Kind::Octal => format!("{max:o}").len(),
            Kind::Hex => format!("{max:x}").len(),
            Kind::Unsigned => max.to_string().len(),
            Kind::Signed => (max / 2 + 1).to_string().len() + 1,
        }
    }

    /// The item `bytes` (little-endian, zero-filled if short) as text, without padding.
    pub(super) fn format(&self, bytes: &[u8]) -> String {
        let mut le = [0u8; 8];
        for (slot, b) in le.iter_mut().zip(bytes.iter().take(self.size)) {
            *slot = *b;
        }
        let value = u64::from_le_bytes(le);
        let digits = self.width() - 1;
        match self.kind {
            Kind::Octal => format!("{value:0digits$o}"),
            Kind::Hex => format!("{value:0digits$x}"),
            Kind::Unsigned => value.to_string(),
            Kind::Signed => signed(value, self.size).to_string(),
            Kind::Char => char_escape(le[0]),
            Kind::Named => named(le[0]).to_string(),
        }
    }
}

fn max_unsigned(size: usize) -> u64 {
    match size {
        1 => u64::from(u8::MAX),
        2 => u64::from(u16::MAX),
        4 => u64::from(u32::MAX),
        _ => u64::MAX,
    }
}

/// `value`'s low `size` bytes read as a two's-complement number.
fn signed(value: u64, size: usize) -> i64 {
    let shift = 64usize.saturating_sub(size * 8) as u32;
    (value.wrapping_shl(shift) as i64).wrapping_shr(shift)
}

fn char_escape(b: u8) -> String {
    match b {
        0 => "\\0".into(),
        7 => "\\a".into(),
        8 => "\\b".into(),
        9 => "\\t".into(),
        10 => "\\n".into(),
        11 => "\\v".into(),
        12 => "\\f".into(),
        13 => "\\r".into(),
        0x20..=0x7e => char::from(b).to_string(),
        _ => format!("{b:03o}"),
    }
}

const CONTROL_NAMES: [&str; 33] = [
    "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt", "ff", "cr",
    "so", "si", "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub", "esc",
    "fs", "gs", "rs", "us", "sp",
];

fn named(b: u8) -> String {
    let b = b & 0x7f;
    match CONTROL_NAMES.get(usize::from(b)) {
        Some(name) => (*name).to_string(),
        None if b == 0x7f => "del".to_string(),
        None => char::from(b).to_string(),
    }
}

/// Parses one `-t` argument, which may hold several types (`x1c`, `d2z`). The error is
/// GNU od's message.
pub(super) fn parse_types(spec: &str) -> Result<Vec<OutputType>, String> {
    let mut out = Vec::new();
    let mut rest = spec;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        let kind = match c {
            'o' => Kind::Octal,
            'x' => Kind::Hex,
            'd' => Kind::Signed,
            'u' => Kind::Unsigned,
            'c' => Kind::Char,
            'a' => Kind::Named,
            'f' => {
                return Err(format!(
                    "floating-point types ('{spec}') are not in the lab's od"
                ));
            }
            _ => return Err(format!("invalid character '{c}' in type string ‘{spec}’")),
        };
        let mut t = OutputType::new(kind, 1);
        if !matches!(kind, Kind::Char | Kind::Named) {
            let (size, after) = item_size(rest, spec)?;
            t.size = size;
            rest = after;
        }
        if let Some(after) = rest.strip_prefix('z') {
            t.dump_chars = true;
            rest = after;
        }
        out.push(t);
    }
    Ok(out)
}

/// The size after an integer type letter: digits, a C type letter, or nothing (4 bytes).
fn item_size<'a>(rest: &'a str, spec: &str) -> Result<(usize, &'a str), String> {
    let letter = match rest.chars().next() {
        Some('C') => Some(1),
        Some('S') => Some(2),
        Some('I') => Some(4),
        Some('L') => Some(8),
        _ => None,
    };
    if let Some(size) = letter {
        return Ok((size, &rest[1..]));
    }
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return Ok((4, rest));
    }
    let size: usize = rest[..digits].parse().unwrap_or(usize::MAX);
    if matches!(size, 1 | 2 | 4 | 8) {
        Ok((size, &rest[digits..]))
    } else {
        Err(format!(
            "invalid type string ‘{spec}’;\nthis system doesn't provide a {}-byte integral type",
            &rest[..digits]
        ))
    }
}
