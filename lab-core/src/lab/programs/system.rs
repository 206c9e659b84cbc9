//! Process and packet-filter programs: `sleep`, `kill`, `ps`, `firewall-cmd`, `iptables`.

use crate::lab::program::ProgramCtx;
use crate::lab::signals;
use crate::lab::sleep as lab_sleep;
use crate::sim::ProcessKind;
use crate::systemd::CmdOutput;
use crate::time::{SimDuration, WallClock};

/// Longest `sleep` (unit: virtual time): a day.
const MAX_SLEEP: SimDuration = SimDuration::from_secs(86_400);

/// GNU `sleep NUMBER[smhd]...`: waits in virtual time.
pub async fn sleep(ctx: &mut ProgramCtx<'_>) -> i32 {
    if ctx.args.is_empty() {
        ctx.eprint("sleep: missing operand\nTry 'sleep --help' for more information.\n");
        return 1;
    }
    let mut total = SimDuration::ZERO;
    for arg in ctx.args {
        match parse_interval(arg) {
            Some(d) => total = total.saturating_add(d),
            None => {
                ctx.eprint(&format!(
                    "sleep: invalid time interval ‘{arg}’\nTry 'sleep --help' for more information.\n"
                ));
                return 1;
            }
        }
    }
    // A signal ends it with 128 + N, as any program that does not catch it.
    lab_sleep(&ctx.lab, total.min(MAX_SLEEP)).await;
    0
}

/// `1`, `0.5`, `2m`, `1.5h`: seconds with an optional unit suffix, to the microsecond.
fn parse_interval(text: &str) -> Option<SimDuration> {
    let (number, unit) = match text.char_indices().last() {
        Some((i, c @ ('s' | 'm' | 'h' | 'd'))) => (text.get(..i)?, c),
        _ => (text, 's'),
    };
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if (whole.is_empty() && frac.is_empty()) || frac.len() > 6 {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac_micros: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse::<u64>().ok()? * 10u64.pow(6 - frac.len() as u32)
    };
    let micros = whole.checked_mul(1_000_000)?.checked_add(frac_micros)?;
    let factor = match unit {
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => 1,
    };
    Some(SimDuration::from_micros(micros.checked_mul(factor)?))
}

/// bash's `kill [-s SIG | -n N | -SIG] PID...` and `kill -l [SIG...]`: each pid gets the
/// signal through [`crate::lab::Lab::signal`], the path Ctrl-C's SIGINT takes too.
pub fn kill(ctx: &mut ProgramCtx<'_>) -> i32 {
    if ctx.args.first().is_some_and(|a| a == "-l" || a == "-L") {
        return list_signals(ctx);
    }
    let mut sig = signals::TERM;
    let mut pids = Vec::new();
    let mut args = ctx.args.iter();
    while let Some(arg) = args.next() {
        let spec = if arg == "-s" || arg == "-n" {
            args.next().map(String::as_str)
        } else {
            arg.strip_prefix('-').filter(|_| pids.is_empty())
        };
        match spec {
            Some(spec) => match signals::number(spec) {
                Some(n) => sig = n,
                None => {
                    ctx.eprint(&invalid_signal(spec));
                    return 1;
                }
            },
            None => pids.push(arg.clone()),
        }
    }
    if pids.is_empty() {
        ctx.eprint("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n");
        return 2;
    }
    let mut status = 0;
    for pid in pids {
        let Ok(n) = pid.parse::<u32>() else {
            ctx.eprint(&format!(
                "bash: kill: {pid}: arguments must be process or job IDs\n"
            ));
            status = 1;
            continue;
        };
        if let Err(err) = ctx.lab.signal(ctx.host, n, sig) {
            ctx.eprint(&format!("bash: kill: {err}\n"));
            status = 1;
        }
    }
    status
}

fn invalid_signal(spec: &str) -> String {
    format!("bash: kill: {spec}: invalid signal specification\n")
}

/// `kill -l`: the table; `kill -l SIG...`: each name's number, each number's name (an exit
/// status above 128 names the signal that caused it).
fn list_signals(ctx: &mut ProgramCtx<'_>) -> i32 {
    let specs = ctx.args.get(1..).unwrap_or_default();
    if specs.is_empty() {
        ctx.print(&signals::table());
        return 0;
    }
    let mut status = 0;
    for spec in specs {
        let answer = match spec.parse::<i32>() {
            Ok(n) if n > 128 => signals::name(n - 128),
            Ok(n) => signals::name(n),
            Err(_) => signals::number(spec).map(|n| n.to_string()),
        };
        match answer {
            Some(answer) => ctx.print(&format!("{answer}\n")),
            None => {
                ctx.eprint(&invalid_signal(spec));
                status = 1;
            }
        }
    }
    status
}

/// `ps` (this terminal's processes) and `ps -ef` / `ps aux` (all), procps layouts.
pub fn ps(ctx: &mut ProgramCtx<'_>) -> i32 {
    let full = ctx.args.iter().any(|a| a.contains('e') || a.contains('a'));
    let now = ctx.lab.now();
    let rows: Vec<(u32, String, String)> = {
        let world = ctx.lab.world();
        let Some(host) = world.hosts().get(ctx.host) else {
            return 1;
        };
        host.processes
            .iter()
            .map(|p| {
                let start = WallClock::at(p.started_at);
                let stime = format!("{:02}:{:02}", start.hour, start.minute);
                let cmd = match &p.kind {
                    ProcessKind::Etcd { .. } if p.argv.is_empty() => "etcd".to_owned(),
                    ProcessKind::Etcd { .. } => p.argv.join(" "),
                };
                (p.pid, stime, cmd)
            })
            .collect()
    };
    let _ = now;
    if full {
        ctx.print("UID        PID  PPID  C STIME TTY          TIME CMD\n");
        ctx.print("root         1     0  0 10:17 ?        00:00:01 /usr/lib/systemd/systemd --switched-root --system --deserialize 22\n");
        for (pid, stime, cmd) in rows {
            ctx.print(&format!(
                "root     {pid:>5}     1  0 {stime} pts/0    00:00:00 {cmd}\n"
            ));
        }
    } else {
        ctx.print("  PID TTY          TIME CMD\n");
        ctx.print("  900 pts/0    00:00:00 bash\n");
        for (pid, _, cmd) in rows {
            let name = cmd.split_whitespace().next().unwrap_or("?");
            let name = name.rsplit('/').next().unwrap_or(name);
            ctx.print(&format!("{pid:>5} pts/0    00:00:00 {name}\n"));
        }
        ctx.print(&format!(
            "{:>5} pts/0    00:00:00 ps\n",
            ctx.lab.allocate_pid()
        ));
    }
    0
}

fn print_output(ctx: &mut ProgramCtx<'_>, output: CmdOutput) -> i32 {
    ctx.print(&output.stdout);
    ctx.eprint(&output.stderr);
    i32::from(output.exit_code)
}

/// `firewall-cmd ...` against the host's firewalld.
pub fn firewall_cmd(ctx: &mut ProgramCtx<'_>) -> i32 {
    let args: Vec<&str> = ctx.args.iter().map(String::as_str).collect();
    let output = ctx.lab.world_mut().firewall_cmd(ctx.host, &args);
    print_output(ctx, output)
}

/// `iptables ...` against the host's INPUT chain.
pub fn iptables(ctx: &mut ProgramCtx<'_>) -> i32 {
    let args: Vec<&str> = ctx.args.iter().map(String::as_str).collect();
    let output = ctx.lab.world_mut().iptables_cmd(ctx.host, &args);
    print_output(ctx, output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleep_intervals_parse_as_gnu_sleep_reads_them() {
        let d = |t| parse_interval(t).map(SimDuration::as_micros);
        assert_eq!(d("2"), Some(2_000_000));
        assert_eq!(d("0.5"), Some(500_000));
        assert_eq!(d("1m"), Some(60_000_000));
        assert_eq!(d(".25s"), Some(250_000));
        assert_eq!(d("x"), None);
        assert_eq!(d(""), None);
        assert_eq!(d("s"), None);
    }
}
