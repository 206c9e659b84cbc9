//! `cfssl` (R1.2: `print-defaults`, `gencert` with `-initca` or `-ca/-ca-key/-config/
//! -profile`, `-hostname`) and `cfssljson -bare NAME`, over [`crate::pki`]. cfssl writes
//! its JSON (`{"cert":...,"csr":...,"key":...}`) to stdout and Go `log` lines to stderr.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::lab::program::ProgramCtx;
use crate::pki::{self, Certificate, CsrJson, Issued, PrivateKey, SigningConfig};
use crate::time::WallClock;
use crate::vfs::WriteMode;

/// cfssl's warning for a request without `-hostname`.
const NO_HOST_WARNING: &str = "This certificate lacks a \"hosts\" field. This makes it unsuitable for\nwebsites. For more information see the Baseline Requirements for the Issuance and Management\nof Publicly-Trusted Certificates, v.1.1.6, from the CA/Browser Forum (https://cabforum.org);\nspecifically, section 10.2.3 (\"Information Requirements\").";

/// `gencert`'s options.
#[derive(Default)]
struct GencertArgs {
    initca: bool,
    ca: String,
    ca_key: String,
    config: String,
    profile: String,
    hostname: String,
    csr_file: String,
}

/// Runs `cfssl ARGS`.
pub fn cfssl(ctx: &mut ProgramCtx<'_>) -> i32 {
    let args: Vec<String> = ctx.args.to_vec();
    match args.first().map(String::as_str) {
        Some("print-defaults") => {
            let what = args.get(1).map_or("", String::as_str);
            match pki::print_defaults(what) {
                Some(text) => {
                    ctx.print(text);
                    0
                }
                None => {
                    ctx.eprint(&format!("Unknown defaults type {what}\n"));
                    1
                }
            }
        }
        Some("version") => {
            ctx.print("Version: 1.2.0\nRevision: dev\nRuntime: go1.6\n");
            0
        }
        Some("gencert") => match parse_gencert(args.get(1..).unwrap_or_default()) {
            Ok(g) => gencert(ctx, &g),
            Err(message) => fail(ctx, &message),
        },
        _ => {
            ctx.eprint("Usage:\nAvailable commands:\n\tprint-defaults\n\tgencert\n\tversion\nTop-level flags:\n");
            1
        }
    }
}

fn parse_gencert(args: &[String]) -> Result<GencertArgs, String> {
    let mut g = GencertArgs::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let flag = arg.trim_start_matches('-');
        if !arg.starts_with('-') || arg == "-" {
            g.csr_file = arg.clone();
            continue;
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (flag, None),
        };
        if name == "initca" {
            g.initca = inline.as_deref() != Some("false");
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => it.next().cloned().unwrap_or_default(),
        };
        match name {
            "ca" => g.ca = value,
            "ca-key" => g.ca_key = value,
            "config" => g.config = value,
            "profile" => g.profile = value,
            "hostname" => g.hostname = value,
            other => return Err(format!("flag provided but not defined: -{other}")),
        }
    }
    Ok(g)
}

fn gencert(ctx: &mut ProgramCtx<'_>, g: &GencertArgs) -> i32 {
    if g.csr_file.is_empty() {
        return fail(ctx, "No CSR file specified");
    }
    let csr_bytes = match read(ctx, &g.csr_file) {
        Ok(bytes) => bytes,
        Err(message) => return fail(ctx, &message),
    };
    let mut req = match CsrJson::parse(&csr_bytes) {
        Ok(req) => req,
        Err(e) => return fail(ctx, &e.to_string()),
    };
    if !g.hostname.is_empty() {
        req.hosts = g.hostname.split(',').map(str::to_owned).collect();
    }
    let now = unix_now(ctx);
    let mut rng = ChaCha8Rng::seed_from_u64(ctx.lab.next_client_request_id() ^ now as u64);
    if g.initca {
        log(
            ctx,
            "INFO",
            "generating a new CA key and certificate from CSR",
        );
    }
    for line in ["generate received request", "received CSR"] {
        log(ctx, "INFO", line);
    }
    if let Ok(algo) = req.key_algo() {
        log(
            ctx,
            "INFO",
            &format!("generating key: {}", algo.cfssl_name()),
        );
    }
    let issued = if g.initca {
        pki::init_ca(&req, now, &mut rng).map_err(|e| e.to_string())
    } else {
        sign(ctx, g, &req, now, &mut rng)
    };
    let issued = match issued {
        Ok(issued) => issued,
        Err(message) => return fail(ctx, &message),
    };
    log(ctx, "INFO", "encoded CSR");
    let serial = issued.cert.serial;
    log(
        ctx,
        "INFO",
        &format!("signed certificate with serial number {serial}"),
    );
    if !g.initca && g.hostname.is_empty() {
        log(ctx, "WARNING", NO_HOST_WARNING);
    }
    ctx.print(&format!("{}\n", bundle_json(&issued)));
    0
}

fn sign(
    ctx: &mut ProgramCtx<'_>,
    g: &GencertArgs,
    req: &CsrJson,
    now: i64,
    rng: &mut ChaCha8Rng,
) -> Result<Issued, String> {
    let config = if g.config.is_empty() {
        SigningConfig::default()
    } else {
        let text = read(ctx, &g.config)?;
        SigningConfig::parse(&text).map_err(|e| {
            format!(
                "Failed to load config file: {{\"code\":5200,\"message\":\"failed to unmarshal configuration: {e}\"}}"
            )
        })?
    };
    if g.ca.is_empty() || g.ca_key.is_empty() {
        return Err("cannot sign: CA certificate and key are required (-ca, -ca-key)".to_owned());
    }
    let ca = Certificate::from_pem(&read(ctx, &g.ca)?).map_err(|e| e.to_string())?;
    let ca_key = PrivateKey::from_pem(&read(ctx, &g.ca_key)?).map_err(|e| e.to_string())?;
    pki::gencert(req, &ca, &ca_key, &config.profile(&g.profile), now, rng)
        .map_err(|e| e.to_string())
}

/// cfssl's output: Go's `json.Marshal` of a map, keys sorted.
fn bundle_json(issued: &Issued) -> String {
    let map = serde_json::json!({
        "cert": issued.cert.to_pem(),
        "csr": issued.csr.to_pem(),
        "key": issued.key.to_pem(),
    });
    map.to_string()
}

/// Runs `cfssljson -bare NAME` (or `-f FILE`): splits cfssl's JSON into files.
pub fn cfssljson(ctx: &mut ProgramCtx<'_>) -> i32 {
    let mut bare = None;
    let mut input = None;
    let mut it = ctx.args.iter();
    while let Some(arg) = it.next() {
        match arg.trim_start_matches('-') {
            "bare" => bare = it.next().cloned(),
            "f" => input = it.next().cloned(),
            _ if !arg.starts_with('-') => bare = Some(arg.clone()),
            _ => {}
        }
    }
    let data = match input {
        Some(file) => match read(ctx, &file) {
            Ok(data) => data,
            Err(message) => return fail(ctx, &message),
        },
        None => ctx.stdin.to_vec(),
    };
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&data) else {
        return fail(ctx, "Failed to parse input: unexpected end of JSON input");
    };
    let base = bare.unwrap_or_else(|| "cert".to_owned());
    for (field, suffix) in [("cert", ".pem"), ("key", "-key.pem"), ("csr", ".csr")] {
        let Some(text) = json.get(field).and_then(|v| v.as_str()) else {
            continue;
        };
        let mode = if field == "key" { 0o600 } else { 0o644 };
        if let Err(message) = write(ctx, &format!("{base}{suffix}"), text.as_bytes(), mode) {
            return fail(ctx, &message);
        }
    }
    0
}

/// A file's bytes, or Go's `open PATH: no such file or directory`.
pub(super) fn read(ctx: &ProgramCtx<'_>, path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        return Ok(ctx.stdin.to_vec());
    }
    read_at(&ctx.lab, ctx.host, ctx.cwd, path)
}

/// A file's bytes on `host`, `path` relative to `cwd`, or Go's `open PATH: ...` error.
pub(super) fn read_at(
    lab: &crate::lab::Lab,
    host: usize,
    cwd: &str,
    path: &str,
) -> Result<Vec<u8>, String> {
    let abs = crate::lab::program::absolute(cwd, path);
    lab.with_vfs(host, |vfs| vfs.read(&abs).map(<[u8]>::to_vec))
        .unwrap_or(Err(crate::vfs::FsError::NotFound))
        .map_err(|e| format!("open {path}: {}", e.to_string().to_lowercase()))
}

fn write(ctx: &ProgramCtx<'_>, path: &str, data: &[u8], mode: u32) -> Result<(), String> {
    let abs = ctx.absolute(path);
    ctx.lab
        .with_vfs(ctx.host, |vfs| {
            vfs.write(&abs, data, WriteMode::Truncate)
                .and_then(|()| vfs.set_mode(&abs, mode))
        })
        .unwrap_or(Err(crate::vfs::FsError::NotFound))
        .map_err(|e| format!("open {path}: {}", e.to_string().to_lowercase()))
}

fn fail(ctx: &mut ProgramCtx<'_>, message: &str) -> i32 {
    log(ctx, "ERROR", message);
    1
}

/// The host's clock (unit: seconds since the Unix epoch).
pub(super) fn unix_now(ctx: &ProgramCtx<'_>) -> i64 {
    (WallClock::at(ctx.lab.now()).unix_micros / 1_000_000) as i64
}

/// A Go `log` line: `2026/11/22 10:17:00 [INFO] text`.
fn log(ctx: &mut ProgramCtx<'_>, level: &str, text: &str) {
    let stamp = chrono::DateTime::from_timestamp(unix_now(ctx), 0)
        .map(|t| t.format("%Y/%m/%d %H:%M:%S").to_string())
        .unwrap_or_default();
    ctx.eprint(&format!("{stamp} [{level}] {text}\n"));
}
