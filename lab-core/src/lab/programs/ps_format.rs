//! `ps -p PID,... -o KEY,...` (procps-ng 4.0): the chosen processes in the chosen columns.
//! Only the host's etcd processes are listed, as elsewhere in the lab's `ps`. No match for
//! `-p` prints the header alone and exits 1.

use crate::lab::program::ProgramCtx;
use crate::sim::{ProcessKind, World};

/// Most pids one `-p` may name (unit: pids).
const MAX_PIDS: usize = 1_024;

/// A column `-o` may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Pid,
    Ppid,
    Stat,
    Args,
    Comm,
}

impl Key {
    fn parse(name: &str) -> Option<Key> {
        Some(match name {
            "pid" => Key::Pid,
            "ppid" => Key::Ppid,
            "stat" | "s" => Key::Stat,
            "args" | "cmd" | "command" => Key::Args,
            "comm" | "ucomm" => Key::Comm,
            _ => return None,
        })
    }

    fn header(self) -> &'static str {
        match self {
            Key::Pid => "  PID",
            Key::Ppid => " PPID",
            Key::Stat => "STAT",
            Key::Args | Key::Comm => "COMMAND",
        }
    }
}

/// One listed process: pid, state letters, argv.
struct Row {
    pid: u32,
    stat: &'static str,
    args: String,
}

impl Row {
    fn cell(&self, key: Key) -> String {
        match key {
            Key::Pid => format!("{:>5}", self.pid),
            Key::Ppid => format!("{:>5}", 1),
            Key::Stat => format!("{:<4}", self.stat),
            Key::Args => self.args.clone(),
            Key::Comm => {
                let first = self.args.split_whitespace().next().unwrap_or("etcd");
                first.rsplit('/').next().unwrap_or(first).to_owned()
            }
        }
    }
}

/// Whether `args` ask for this layout (`-o` or `-p`).
pub(super) fn wanted(args: &[String]) -> bool {
    args.iter()
        .any(|a| a.starts_with("-o") || a.starts_with("-p") || a.starts_with("--pid"))
}

/// Runs `ps` with `-p`/`-o`.
pub(super) fn ps(ctx: &mut ProgramCtx<'_>) -> i32 {
    let (pids, keys) = match parse(ctx.args) {
        Ok(parsed) => parsed,
        Err(e) => {
            ctx.eprint(&format!("error: {e}\n"));
            return 1;
        }
    };
    let rows = rows(&ctx.lab.world(), ctx.host, pids.as_deref());
    let line = |cells: Vec<String>| format!("{}\n", cells.join(" ").trim_end());
    ctx.print(&line(keys.iter().map(|k| k.header().to_owned()).collect()));
    for row in &rows {
        ctx.print(&line(keys.iter().map(|&k| row.cell(k)).collect()));
    }
    i32::from(pids.is_some() && rows.is_empty())
}

/// `-p` pids (`None`: every process) and `-o` columns (default `pid,stat,args`-like).
fn parse(args: &[String]) -> Result<(Option<Vec<u32>>, Vec<Key>), String> {
    let mut pids: Option<Vec<u32>> = None;
    let mut keys = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let (flag, inline) = match word.as_str() {
            w if w.starts_with("--pid=") => ("-p", w.strip_prefix("--pid=")),
            "--pid" => ("-p", None),
            w if w.len() > 2 && (w.starts_with("-p") || w.starts_with("-o")) => {
                (w.get(..2).unwrap_or_default(), w.get(2..))
            }
            w => (w, None),
        };
        let value = |words: &mut std::slice::Iter<String>| {
            inline
                .map(str::to_owned)
                .or_else(|| words.next().cloned())
                .ok_or_else(|| format!("option {flag} needs an argument"))
        };
        match flag {
            "-p" => {
                let list = value(&mut words)?;
                let chosen = pids.get_or_insert_with(Vec::new);
                for pid in list.split([',', ' ']).filter(|p| !p.is_empty()) {
                    let pid = pid.parse().map_err(|_| "process ID list syntax error")?;
                    if chosen.len() < MAX_PIDS {
                        chosen.push(pid);
                    }
                }
            }
            "-o" => {
                for name in value(&mut words)?.split(',').filter(|k| !k.is_empty()) {
                    let key = Key::parse(name).ok_or_else(|| {
                        format!("unknown user-defined format specifier \"{name}\"")
                    })?;
                    keys.push(key);
                }
            }
            _ => {}
        }
    }
    if keys.is_empty() {
        keys = vec![Key::Pid, Key::Stat, Key::Args];
    }
    Ok((pids, keys))
}

/// The host's etcd processes, filtered by `pids`; a frozen one is `T`, others sleep (`S`),
/// multi-threaded (`l`) as Go programs are.
fn rows(world: &World, host: usize, pids: Option<&[u32]>) -> Vec<Row> {
    let Some(h) = world.hosts().get(host) else {
        return Vec::new();
    };
    h.processes
        .iter()
        .filter(|p| pids.is_none_or(|pids| pids.contains(&p.pid)))
        .map(|p| {
            let ProcessKind::Etcd { member, .. } = &p.kind;
            let frozen = world
                .members
                .get(*member)
                .is_some_and(|m| m.paused && m.boot_check.is_none());
            Row {
                pid: p.pid,
                stat: if frozen { "Tl" } else { "Sl" },
                args: if p.argv.is_empty() {
                    "etcd".to_owned()
                } else {
                    p.argv.join(" ")
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_as_procps_reads_them() {
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let (pids, keys) = parse(&args(&["-p", "20165", "-o", "pid,stat,args"])).expect("ok");
        assert_eq!(pids, Some(vec![20165]));
        assert_eq!(keys, [Key::Pid, Key::Stat, Key::Args]);
        let (pids, keys) = parse(&args(&["-p1,2", "-ocomm"])).expect("ok");
        assert_eq!(pids, Some(vec![1, 2]));
        assert_eq!(keys, [Key::Comm]);
        assert!(parse(&args(&["-o", "bogus"])).is_err());
        assert!(parse(&args(&["-p", "x"])).is_err());
    }

    #[test]
    fn the_header_lines_up_as_procps_prints_it() {
        let keys = [Key::Pid, Key::Stat, Key::Args];
        let header: Vec<&str> = keys.iter().map(|k| k.header()).collect();
        assert_eq!(header.join(" "), "  PID STAT COMMAND");
        let row = Row {
            pid: 1007,
            stat: "Sl",
            args: "etcd --name etcd1".to_owned(),
        };
        let cells: Vec<String> = keys.iter().map(|&k| row.cell(k)).collect();
        assert_eq!(cells.join(" "), " 1007 Sl   etcd --name etcd1");
    }
}
