//! `systemctl` and `journalctl`: the host's systemd as a learner drives it.

use crate::lab::program::{ProgramCtx, next_round};
use crate::lab::systemd_host::WANTS_DIR;
use crate::systemd::{
    ActiveState, CmdOutput, ExitedProcess, MainProcess, UnitStatus, Verb, disable_output,
    enable_no_install_output, enable_output, job_reply_output, parse_journalctl, parse_systemctl,
    state_query_output, status_not_found_output, unit_not_found_output,
};
use crate::time::WallClock;

/// The unit name systemctl uses for the firewall daemon.
const FIREWALLD: &str = "firewalld.service";

fn print(ctx: &mut ProgramCtx<'_>, out: &CmdOutput) -> i32 {
    ctx.print(&out.stdout);
    ctx.eprint(&out.stderr);
    i32::from(out.exit_code)
}

/// `systemctl VERB [UNIT...]`.
pub async fn systemctl(ctx: &mut ProgramCtx<'_>) -> i32 {
    let args: Vec<&str> = ctx.args.iter().map(String::as_str).collect();
    let cmd = match parse_systemctl(&args) {
        Ok(cmd) => cmd,
        Err(out) => return print(ctx, &out),
    };
    let mut status = 0;
    if cmd.verb == Verb::DaemonReload {
        ctx.lab.daemon_reload(ctx.host);
        return 0;
    }
    if cmd.verb == Verb::Status && cmd.units.is_empty() {
        ctx.print(&format!(
            "● {}\n    State: running\n",
            ctx.lab.host_name(ctx.host)
        ));
        return 0;
    }
    for unit in &cmd.units {
        let code = if unit == FIREWALLD {
            firewalld(ctx, cmd.verb)
        } else {
            one_unit(ctx, cmd.verb, unit, cmd.options.quiet, cmd.options.now).await
        };
        if code != 0 {
            status = code;
        }
    }
    status
}

/// `systemctl start|stop|status firewalld`: the firewall daemon is not a simulated process.
fn firewalld(ctx: &mut ProgramCtx<'_>, verb: Verb) -> i32 {
    match verb {
        Verb::Start | Verb::Restart => ctx.lab.world_mut().set_firewalld_running(ctx.host, true),
        Verb::Stop => ctx.lab.world_mut().set_firewalld_running(ctx.host, false),
        _ => {
            let running = ctx
                .lab
                .world()
                .hosts()
                .get(ctx.host)
                .is_some_and(|h| h.firewall().firewalld.running);
            let state = if running { "active" } else { "inactive" };
            if verb == Verb::IsActive {
                ctx.print(&format!("{state}\n"));
                return if running { 0 } else { 3 };
            }
            ctx.print(&format!(
                "● firewalld.service - firewalld - dynamic firewall daemon\n   Loaded: loaded (/usr/lib/systemd/system/firewalld.service; enabled; vendor preset: enabled)\n   Active: {state}{}\n",
                if running { " (running)" } else { " (dead)" }
            ));
            return if running { 0 } else { 3 };
        }
    }
    0
}

async fn one_unit(ctx: &mut ProgramCtx<'_>, verb: Verb, unit: &str, quiet: bool, now: bool) -> i32 {
    let (lab, host) = (ctx.lab.clone(), ctx.host);
    let loaded = lab.unit_loaded(host, unit) || lab.load_unit(host, unit);
    if !loaded {
        let out = match verb {
            Verb::Status => status_not_found_output(unit),
            _ => unit_not_found_output(verb_word(verb), unit),
        };
        return print(ctx, &out);
    }
    match verb {
        Verb::Start | Verb::Restart | Verb::Stop | Verb::Reload => {
            start_stop(ctx, verb, unit).await
        }
        Verb::Enable | Verb::Disable => {
            let code = enable(ctx, verb, unit);
            if now && code == 0 {
                let then = if verb == Verb::Enable {
                    Verb::Start
                } else {
                    Verb::Stop
                };
                return Box::pin(start_stop(ctx, then, unit)).await;
            }
            code
        }
        Verb::Status => {
            let out = lab
                .unit_status(host, unit)
                .render(WallClock::at(lab.now()).unix_micros);
            print(ctx, &out)
        }
        Verb::IsActive | Verb::IsFailed => {
            let state = lab.unit_status(host, unit).sub.active_state();
            let want = if verb == Verb::IsActive {
                ActiveState::Active
            } else {
                ActiveState::Failed
            };
            print(
                ctx,
                &state_query_output(state.as_str(), state == want, quiet),
            )
        }
        Verb::IsEnabled => {
            let enabled = lab.unit_enabled(host, unit);
            let word = if enabled { "enabled" } else { "disabled" };
            print(ctx, &state_query_output(word, enabled, quiet))
        }
        _ => {
            ctx.eprint(&format!(
                "systemctl {}: not simulated in the lab yet\n",
                verb_word(verb)
            ));
            1
        }
    }
}

fn verb_word(verb: Verb) -> &'static str {
    match verb {
        Verb::Start => "start",
        Verb::Stop => "stop",
        Verb::Restart => "restart",
        Verb::Reload => "reload",
        Verb::Enable => "enable",
        Verb::Disable => "disable",
        Verb::Status => "status",
        _ => "operate on",
    }
}

/// Sends a job to the unit and waits for systemd's answer, as systemctl blocks on its job.
async fn start_stop(ctx: &mut ProgramCtx<'_>, verb: Verb, unit: &str) -> i32 {
    let (lab, host) = (ctx.lab.clone(), ctx.host);
    if let Some(warning) = lab.changed_on_disk(host, unit) {
        ctx.eprint(&format!("{warning}\n"));
    }
    let job = lab.next_systemd_job(host);
    lab.unit_request(host, unit, |service, now, env| match verb {
        Verb::Stop => service.stop(now, job),
        Verb::Restart => service.restart(now, job, env),
        _ => service.start(now, job, env),
    });
    lab.set_waiting(host);
    loop {
        if let Some(reply) = lab.take_systemd_reply(host, job) {
            return print(ctx, &job_reply_output(unit, reply));
        }
        if ctx.interrupted() {
            return 130;
        }
        next_round().await;
    }
}

fn enable(ctx: &mut ProgramCtx<'_>, verb: Verb, unit: &str) -> i32 {
    let (lab, host) = (ctx.lab.clone(), ctx.host);
    let Some(file) = lab.unit_file(host, unit) else {
        return print(ctx, &unit_not_found_output(verb_word(verb), unit));
    };
    if !file.has_install_info() {
        return print(ctx, &enable_no_install_output());
    }
    let link = format!("{WANTS_DIR}/{unit}");
    let out = if verb == Verb::Enable {
        let already = lab.unit_enabled(host, unit);
        let _ = lab.with_vfs(host, |vfs| {
            vfs.create_dir(WANTS_DIR, true, 0o755)?;
            vfs.symlink(&file.fragment_path, &link)
        });
        if already {
            CmdOutput::ok()
        } else {
            enable_output(
                unit,
                &file.fragment_path,
                &file.wanted_by,
                &file.required_by,
            )
        }
    } else {
        let was = lab.unit_enabled(host, unit);
        let _ = lab.with_vfs(host, |vfs| vfs.remove(&link, false));
        if was {
            disable_output(unit, &file.wanted_by, &file.required_by)
        } else {
            CmdOutput::ok()
        }
    };
    print(ctx, &out)
}

/// `journalctl [-u UNIT] [-n N] [-f]`.
pub async fn journalctl(ctx: &mut ProgramCtx<'_>) -> i32 {
    let (lab, host) = (ctx.lab.clone(), ctx.host);
    let args: Vec<&str> = ctx.args.iter().map(String::as_str).collect();
    let now = WallClock::at(lab.now()).unix_micros;
    let query = match parse_journalctl(&args, now) {
        Ok(query) => query,
        Err(err) => {
            ctx.eprint(&format!("{err}\n"));
            return 1;
        }
    };
    let out = lab.render_journal(host, &query);
    let code = print(ctx, &out);
    if !query.follow {
        return code;
    }
    lab.set_waiting(host);
    let mut seen = lab.journal_len(host);
    loop {
        if ctx.interrupted() {
            return 130;
        }
        let (lines, total) = lab.journal_since(host, seen, &query.units);
        seen = total;
        for line in lines {
            ctx.print(&format!("{line}\n"));
        }
        next_round().await;
    }
}

/// What `systemctl status` shows about `unit` on `host`.
impl crate::lab::Lab {
    pub(crate) fn unit_status(&self, host: usize, unit: &str) -> UnitStatus {
        let enabled = self.unit_enabled(host, unit);
        let systemd = self.state.systemd.borrow();
        let sd = systemd.get(host);
        let loaded = sd.and_then(|sd| sd.units.get(unit));
        let journal_lines = sd
            .map(|sd| sd.journal.tail_for_unit(unit, 10))
            .unwrap_or_default();
        let Some(loaded) = loaded else {
            return UnitStatus {
                name: unit.to_owned(),
                description: String::new(),
                fragment_path: String::new(),
                load_error: Some("not-found".to_owned()),
                unit_file_state: String::new(),
                vendor_preset: "disabled".to_owned(),
                sub: crate::systemd::SubState::Dead,
                result: crate::systemd::ServiceResult::Success,
                since_us: None,
                docs: Vec::new(),
                main: None,
                last_exit: None,
                journal_lines,
                need_daemon_reload: false,
            };
        };
        let service = &loaded.service;
        let file = service.unit();
        let main = service.main_pid().map(|pid| {
            let command_line = self
                .world()
                .hosts()
                .get(host)
                .and_then(|h| h.processes.get(pid))
                .map(|p| p.argv.join(" "))
                .unwrap_or_default();
            MainProcess {
                pid,
                comm: "etcd".to_owned(),
                command_line,
            }
        });
        let exec_start = file
            .exec_start
            .first()
            .map(|c| c.command_line())
            .unwrap_or_default();
        let need_daemon_reload = self
            .read_unit(host, unit)
            .is_some_and(|(_, text, _, _)| text != loaded.text);
        UnitStatus {
            name: unit.to_owned(),
            description: file.display_name().to_owned(),
            fragment_path: file.fragment_path.clone(),
            load_error: loaded.fatal.clone(),
            unit_file_state: if enabled { "enabled" } else { "disabled" }.to_owned(),
            vendor_preset: "disabled".to_owned(),
            sub: service.sub_state(),
            result: service.result(),
            since_us: service.state_change_us(),
            docs: file.documentation.clone(),
            main,
            last_exit: service.last_exit().map(|(pid, status)| ExitedProcess {
                pid,
                exec_start,
                status,
            }),
            journal_lines,
            need_daemon_reload,
        }
    }
}
