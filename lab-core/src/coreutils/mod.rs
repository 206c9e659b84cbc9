//! The file and text utilities a learner types in a simulated host's terminal, with GNU
//! coreutils' (and grep's, sed's, awk's, tar's, iproute2's, shadow-utils') output, messages
//! and exit statuses for the options the lab supports.
//!
//! Every utility is a synchronous function over a [`UtilityContext`]: the host's [`Vfs`],
//! the working directory, exported variables, stdin and two output buffers. The shell
//! resolves the command through `PATH`, expands globs and redirections, and calls
//! [`run_utility`] with the program name. Each output stream is capped at
//! [`MAX_OUTPUT_BYTES`]; output beyond it is dropped.

use std::net::Ipv4Addr;

use crate::vfs::Vfs;

mod args;
mod awk;
mod context;
mod copy;
mod cut;
mod date;
mod encode;
mod fileops;
mod files;
mod find;
mod grep;
mod headtail;
mod ip;
mod ls;
mod od;
mod pattern;
mod perms;
mod sed;
mod sort;
mod sysinfo;
mod tar;
mod text;
mod users;

#[cfg(test)]
mod tests;

/// Most bytes one utility may write to stdout, and separately to stderr (1 MiB).
pub const MAX_OUTPUT_BYTES: usize = 1 << 20;

/// A network interface as `ip addr` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    /// `lo` or `eth0`.
    pub name: String,
    /// The interface's IPv4 address.
    pub ipv4: Ipv4Addr,
    /// Prefix length of the address's network (24 for a /24).
    pub prefix_len: u8,
    /// Hardware address (all zero for `lo`).
    pub mac: [u8; 6],
}

/// What the host model knows about the machine the utility runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostInfo {
    /// The short host name (`etcd1`).
    pub hostname: String,
    /// Interfaces in `ip link` order, `lo` first.
    pub interfaces: Vec<Interface>,
}

/// Everything a utility may touch while it runs.
pub struct UtilityContext<'a> {
    /// The host's file system.
    pub fs: &'a mut Vfs,
    /// Absolute working directory.
    pub cwd: &'a str,
    /// Exported variables, `PATH` included.
    pub env: &'a [(String, String)],
    /// Bytes on standard input (empty if none).
    pub stdin: &'a [u8],
    /// Standard output.
    pub stdout: &'a mut Vec<u8>,
    /// Standard error.
    pub stderr: &'a mut Vec<u8>,
    /// Wall time of the simulated host, microseconds since the Unix epoch.
    pub now_unix_micros: u64,
    /// The host the command runs on.
    pub host: &'a HostInfo,
    /// Name of the user running the command.
    pub user: &'a str,
}

/// A utility's entry point: arguments without `argv[0]`, returning the exit status.
type Utility = fn(&[String], &mut UtilityContext<'_>) -> i32;

/// Every utility [`run_utility`] knows, with its entry point.
const TABLE: &[(&str, Utility)] = &[
    ("cat", files::cat),
    ("tee", files::tee),
    ("touch", files::touch),
    ("basename", files::basename),
    ("dirname", files::dirname),
    ("ls", ls::ls),
    ("mkdir", fileops::mkdir),
    ("rmdir", fileops::rmdir),
    ("rm", fileops::rm),
    ("ln", fileops::ln),
    ("cp", copy::cp),
    ("mv", copy::mv),
    ("chmod", perms::chmod),
    ("chown", perms::chown),
    ("grep", grep::grep),
    ("awk", awk::awk),
    ("cut", cut::cut),
    ("head", headtail::head),
    ("tail", headtail::tail),
    ("wc", text::wc),
    ("tr", text::tr),
    ("base64", encode::base64),
    ("seq", encode::seq),
    ("sort", sort::sort),
    ("uniq", sort::uniq),
    ("sed", sed::sed),
    ("env", sysinfo::env),
    ("which", sysinfo::which),
    ("id", sysinfo::id),
    ("whoami", sysinfo::whoami),
    ("uname", sysinfo::uname),
    ("hostname", sysinfo::hostname),
    ("date", date::date),
    ("ip", ip::ip),
    ("useradd", users::useradd),
    ("groupadd", users::groupadd),
    ("tar", tar::tar),
    ("find", find::find),
    ("od", od::od),
];

/// Names of the utilities implemented here (each gets a program file in `/usr/bin`).
pub const UTILITIES: &[&str] = &[
    "cat", "tee", "touch", "basename", "dirname", "ls", "mkdir", "rmdir", "rm", "ln", "cp", "mv",
    "chmod", "chown", "grep", "awk", "cut", "head", "tail", "wc", "tr", "base64", "seq", "sort",
    "uniq", "sed", "env", "which", "id", "whoami", "uname", "hostname", "date", "ip", "useradd",
    "groupadd", "tar", "find", "od",
];

/// Runs utility `name` with `args` (without `argv[0]`) as `ctx.user` (the file system's
/// identity is set to that user and their login group). `None` if `name` is not one of
/// [`UTILITIES`]; otherwise its exit status.
pub fn run_utility(name: &str, args: &[String], ctx: &mut UtilityContext<'_>) -> Option<i32> {
    let (_, entry) = TABLE.iter().find(|(n, _)| *n == name)?;
    // The utility acts as the calling user: new files are theirs, permissions apply.
    let group = users::primary_group(ctx.fs, ctx.user).unwrap_or_else(|| ctx.user.to_string());
    ctx.fs.set_identity(ctx.user, &group);
    Some(entry(args, ctx))
}
