//! `od`: GNU od's dump of files or stdin as octal, hex, decimal, characters or ASCII names
//! (`od -c`, `od -A x -t x1z`), for looking at binary output such as `etcdctl -w protobuf`.
//! Lines, padding, `*` for repeated lines and the final offset follow GNU coreutils.

mod types;

use super::UtilityContext;
use super::args::{Parsed, Spec};
use types::{Kind, OutputType, parse_types};

/// Most bytes `od` reads from all its inputs together (16 MiB): the lab's files are small.
const MAX_INPUT_BYTES: usize = 16 << 20;
/// Widest line accepted for `-w`, in bytes of input.
const MAX_WIDTH: usize = 4096;
/// Bytes per line without `-w`.
const DEFAULT_WIDTH: usize = 16;

/// How offsets are printed (`-A`).
#[derive(Clone, Copy)]
enum Radix {
    Octal,
    Decimal,
    Hex,
    None,
}

impl Radix {
    fn parse(arg: &str) -> Option<Radix> {
        match arg {
            "o" => Some(Radix::Octal),
            "d" => Some(Radix::Decimal),
            "x" => Some(Radix::Hex),
            "n" => Some(Radix::None),
            _ => None,
        }
    }

    fn format(self, offset: usize) -> String {
        match self {
            Radix::Octal => format!("{offset:07o}"),
            Radix::Decimal => format!("{offset:07}"),
            Radix::Hex => format!("{offset:06x}"),
            Radix::None => String::new(),
        }
    }
}

/// Everything the command line decided.
struct Options {
    radix: Radix,
    types: Vec<OutputType>,
    width: usize,
    skip: usize,
    limit: Option<usize>,
    all_lines: bool,
}

/// `od [-A RADIX] [-t TYPE]... [-bcdiloxsv] [-j BYTES] [-N BYTES] [-w BYTES] [FILE]...`
pub(crate) fn od(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let long = &[
        ("address-radix", 'A', true),
        ("format", 't', true),
        ("skip-bytes", 'j', true),
        ("read-bytes", 'N', true),
        ("width", 'w', true),
        ("output-duplicates", 'v', false),
    ];
    let spec = Spec {
        cmd: "od",
        flags: "bcdiloxsv",
        valued: "AtjNw",
        long,
    };
    let parsed = match spec.parse(args, ctx, 1) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let opts = match options(&parsed) {
        Ok(o) => o,
        Err(msg) => {
            ctx.error("od", &msg);
            return 1;
        }
    };
    let (data, status) = read_inputs(&parsed.operands, ctx);
    if opts.skip > data.len() {
        ctx.error("od", "cannot skip past end of combined input");
        return 1;
    }
    let start = opts.skip;
    let end = opts
        .limit
        .map_or(data.len(), |n| start.saturating_add(n).min(data.len()));
    dump(&data[start..end], start, &opts, ctx);
    status
}

fn options(p: &Parsed) -> Result<Options, String> {
    let mut o = Options {
        radix: Radix::Octal,
        types: Vec::new(),
        width: DEFAULT_WIDTH,
        skip: 0,
        limit: None,
        all_lines: p.has('v'),
    };
    for (opt, value) in &p.opts {
        match opt {
            'A' => {
                o.radix = Radix::parse(value).ok_or_else(|| {
                    format!("invalid output address radix '{value}'; it must be one character from [doxn]")
                })?;
            }
            't' => o.types.extend(parse_types(value)?),
            'j' => {
                o.skip =
                    byte_count(value).ok_or_else(|| format!("invalid -j argument '{value}'"))?
            }
            'N' => {
                o.limit = Some(
                    byte_count(value).ok_or_else(|| format!("invalid -N argument '{value}'"))?,
                )
            }
            'w' => o.width = line_width(value)?,
            'v' => {}
            short => o.types.extend(traditional(*short)),
        }
    }
    if o.types.is_empty() {
        o.types.push(OutputType::new(Kind::Octal, 2));
    }
    let item = o.types.iter().map(|t| t.size).max().unwrap_or(1);
    if !o.width.is_multiple_of(item) {
        return Err(format!("invalid -w argument '{}'", o.width));
    }
    Ok(o)
}

/// The one-letter forms from before `-t`: `-c` is `-t c`, `-x` is `-t x2`, ….
fn traditional(flag: char) -> Option<OutputType> {
    let (kind, size) = match flag {
        'b' => (Kind::Octal, 1),
        'c' => (Kind::Char, 1),
        'd' => (Kind::Unsigned, 2),
        'o' => (Kind::Octal, 2),
        's' => (Kind::Signed, 2),
        'x' => (Kind::Hex, 2),
        'i' => (Kind::Signed, 4),
        'l' => (Kind::Signed, 8),
        _ => return None,
    };
    Some(OutputType::new(kind, size))
}

/// A byte count as GNU od reads it: decimal, `0x` hex, leading-`0` octal, or a `b`/`k`/`m`
/// suffix (512, 1024, 1048576 bytes).
fn byte_count(arg: &str) -> Option<usize> {
    let (digits, unit) = match arg.char_indices().last() {
        Some((i, 'b')) if !arg.starts_with("0x") => (&arg[..i], 512),
        Some((i, 'k')) => (&arg[..i], 1024),
        Some((i, 'm')) => (&arg[..i], 1 << 20),
        _ => (arg, 1),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        usize::from_str_radix(hex, 16)
    } else if digits.len() > 1 && digits.starts_with('0') {
        usize::from_str_radix(&digits[1..], 8)
    } else {
        digits.parse()
    };
    value.ok().and_then(|v| v.checked_mul(unit))
}

fn line_width(arg: &str) -> Result<usize, String> {
    match byte_count(arg) {
        Some(w) if (1..=MAX_WIDTH).contains(&w) => Ok(w),
        _ => Err(format!("invalid -w argument '{arg}'")),
    }
}

/// All operands concatenated (stdin if none); a missing file is reported and skipped.
fn read_inputs(operands: &[String], ctx: &mut UtilityContext<'_>) -> (Vec<u8>, i32) {
    if operands.is_empty() {
        let take = ctx.stdin.len().min(MAX_INPUT_BYTES);
        return (ctx.stdin[..take].to_vec(), 0);
    }
    let mut data = Vec::new();
    let mut status = 0;
    for operand in operands {
        match ctx.read_operand("od", operand) {
            Some(bytes) => data.extend(bytes),
            None => status = 1,
        }
        data.truncate(MAX_INPUT_BYTES);
    }
    (data, status)
}

/// Prints `data`, which starts at input offset `base`, line by line.
fn dump(data: &[u8], base: usize, opts: &Options, ctx: &mut UtilityContext<'_>) {
    let line_width = line_field_width(opts);
    let mut previous: Option<&[u8]> = None;
    let mut starred = false;
    for (n, chunk) in data.chunks(opts.width).enumerate() {
        let offset = base + n * opts.width;
        let full = chunk.len() == opts.width;
        if !opts.all_lines && full && previous == Some(chunk) {
            if !starred {
                ctx.print("*\n");
                starred = true;
            }
            continue;
        }
        starred = false;
        previous = full.then_some(chunk);
        for (i, t) in opts.types.iter().enumerate() {
            let address = opts.radix.format(offset);
            let lead = if i == 0 {
                address
            } else {
                " ".repeat(address.len())
            };
            let line = format_line(chunk, t, opts.width, line_width);
            ctx.print(&format!("{lead}{line}\n"));
        }
        if ctx.out_full() {
            return;
        }
    }
    if !matches!(opts.radix, Radix::None) {
        ctx.print(&format!("{}\n", opts.radix.format(base + data.len())));
    }
}

/// The width every type's line is padded to, so that columns line up (GNU's
/// `width_per_block`).
fn line_field_width(opts: &Options) -> usize {
    opts.types
        .iter()
        .map(|t| t.width() * (opts.width / t.size))
        .max()
        .unwrap_or(0)
}

/// One type's fields for `chunk`, the extra padding spread over the fields as GNU od does.
fn format_line(chunk: &[u8], t: &OutputType, width: usize, line_width: usize) -> String {
    let fields = width / t.size;
    let pad = line_width.saturating_sub(t.width() * fields);
    let mut out = String::new();
    let mut pad_left = pad;
    for (i, item) in chunk.chunks(t.size).enumerate() {
        let next_pad = pad * (fields - i - 1) / fields;
        let w = t.width() + pad_left - next_pad;
        pad_left = next_pad;
        out.push_str(&format!("{:>w$}", t.format(item)));
    }
    if t.dump_chars {
        let used = chunk.len().div_ceil(t.size);
        let blank = (fields - used) * t.width() + pad_left;
        let printable: String = chunk
            .iter()
            .map(|&b| {
                if (0x20..0x7f).contains(&b) {
                    char::from(b)
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!("{:blank$}  >{printable}<", ""));
    }
    out
}
