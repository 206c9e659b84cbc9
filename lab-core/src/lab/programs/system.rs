//! Process and packet-filter programs: `sleep`, `kill`, `ps`, `firewall-cmd`, `iptables`.

use crate::lab::program::ProgramCtx;
use crate::lab::sleep as lab_sleep;
use crate::sim::{ProcessKind, signal};
use crate::systemd::CmdOutput;
use crate::time::{SimDuration, WallClock};

/// Longest `sleep` (unit: virtual time): a day.
const MAX_SLEEP: SimDuration = SimDuration::from_secs(86_400);
/// How often a sleeping program checks for Ctrl-C (unit: virtual time).
const INTERRUPT_CHECK: SimDuration = SimDuration::from_millis(100);

/// GNU `sleep NUMBER[smhd]...`: waits in virtual time; Ctrl-C ends it with 130.
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
    let deadline = ctx.lab.now().saturating_add(total.min(MAX_SLEEP));
    while ctx.lab.now() < deadline {
        if (ctx.interrupted)() {
            return 130;
        }
        let left = deadline.saturating_duration_since(ctx.lab.now());
        lab_sleep(&ctx.lab, left.min(INTERRUPT_CHECK)).await;
    }
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

/// bash's `kill [-s SIG | -SIG] PID...`.
pub fn kill(ctx: &mut ProgramCtx<'_>) -> i32 {
    let mut sig = signal::TERM;
    let mut pids = Vec::new();
    let mut args = ctx.args.iter();
    while let Some(arg) = args.next() {
        let spec = if arg == "-s" || arg == "-n" {
            args.next().map(String::as_str)
        } else {
            arg.strip_prefix('-').filter(|_| pids.is_empty())
        };
        match spec {
            Some(spec) => match signal_number(spec) {
                Some(n) => sig = n,
                None => {
                    ctx.eprint(&format!(
                        "bash: kill: {spec}: invalid signal specification\n"
                    ));
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
        let signalled = ctx.lab.world_mut().signal_process(ctx.host, n, sig);
        let cancelled = sig != 0 && ctx.lab.cancel_job(n, 128 + sig);
        if signalled.is_err() && !cancelled && !ctx.lab.is_running(n) {
            ctx.eprint(&format!("bash: kill: ({n}) - No such process\n"));
            status = 1;
        }
    }
    status
}

fn signal_number(spec: &str) -> Option<i32> {
    if let Ok(n) = spec.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let name = spec.strip_prefix("SIG").unwrap_or(spec);
    Some(match name.to_ascii_uppercase().as_str() {
        "HUP" => 1,
        "INT" => signal::INT,
        "QUIT" => 3,
        "KILL" => signal::KILL,
        "USR1" => 10,
        "USR2" => 12,
        "TERM" => signal::TERM,
        "CONT" => signal::CONT,
        "STOP" => signal::STOP,
        _ => return None,
    })
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

    #[test]
    fn signals_by_name_and_number() {
        assert_eq!(signal_number("9"), Some(9));
        assert_eq!(signal_number("SIGKILL"), Some(9));
        assert_eq!(signal_number("term"), Some(15));
        assert_eq!(signal_number("BOGUS"), None);
    }
}
