//! The lab's terminals: declaring hosts, typing lines, Ctrl-C, and reading what they print.

use std::net::Ipv4Addr;

use super::Lab;
use super::host_os::HostOs;
use super::signals;
use super::systemd_host::HostSystemd;
use super::terminal::Terminal;
use crate::error::LabError;
use crate::script::LineState;
use crate::shell::{self, Stream};
use crate::sim::Command;

impl Lab {
    /// Adds a host with a fresh file system and a terminal; returns its index.
    pub fn add_host(&self, name: &str, ip: Ipv4Addr) -> Result<usize, LabError> {
        self.world_mut().apply(Command::AddHost {
            name: name.to_owned(),
            ip,
        })?;
        let index = self.world().hosts().len() - 1;
        let mut terminals = self.state.terminals.borrow_mut();
        while terminals.len() < index {
            terminals.push(Terminal::new("localhost"));
        }
        terminals.push(Terminal::new(name));
        drop(terminals);
        let mut systemd = self.state.systemd.borrow_mut();
        while systemd.len() <= index {
            systemd.push(HostSystemd::default());
        }
        drop(systemd);
        self.start_systemd(index);
        Ok(index)
    }

    /// Index of the host named `name`.
    pub fn host_index(&self, name: &str) -> Option<usize> {
        self.world().hosts().iter().position(|h| h.name == name)
    }

    /// Types `input` and Enter into host `host`'s terminal: at the prompt the shell runs
    /// it; while a line runs it is typed input, for the program reading the terminal or,
    /// if none does, for the shell once the line ends (typeahead).
    pub fn type_line(&self, host: usize, input: &str) -> Result<(), String> {
        let shell = {
            let mut terminals = self.state.terminals.borrow_mut();
            let terminal = terminals.get_mut(host).ok_or("no such host")?;
            if terminal.is_busy() {
                drop(terminals);
                return self.type_ahead(host, input);
            }
            terminal.interrupted = false;
            terminal.waiting = false;
            terminal.shell.take().ok_or("the terminal is busy")?
        };
        let os = HostOs {
            lab: self.clone(),
            host,
            detached: false,
        };
        let lab = self.clone();
        let input = input.to_owned();
        let job = Box::pin(async move {
            let shell = shell::run(shell, input, os).await;
            let status = shell.last_status();
            lab.finish_line(host, shell);
            status
        });
        match self.spawn(job) {
            Ok(pid) => {
                if let Some(t) = self.state.terminals.borrow_mut().get_mut(host) {
                    t.foreground = Some(pid);
                }
                Ok(())
            }
            Err(err) => Err(err.to_string()),
        }
    }

    /// Puts the shell back once its line has finished, then runs what was typed ahead.
    fn finish_line(&self, host: usize, shell: shell::Shell) {
        if let Some(t) = self.state.terminals.borrow_mut().get_mut(host) {
            t.last_status = shell.last_status();
            t.shell = Some(shell);
            t.foreground = None;
            t.waiting = false;
            t.interrupted = false;
            t.tty.reading = false;
            // bash puts the terminal back in its own modes at the prompt: a program that
            // died with echo off does not leave the prompt blind.
            t.tty.set_echo(true);
        }
        self.run_typeahead(host);
    }

    /// Ctrl-C in host `host`'s terminal: SIGINT for the foreground line, by the path every
    /// signal takes ([`Lab::signal`]) — its program catches it or dies by it — and the line
    /// stops as bash stops it; what was typed ahead for it is discarded (see
    /// [`super::Tty::flush`]).
    pub fn interrupt(&self, host: usize) {
        let foreground = {
            let mut terminals = self.state.terminals.borrow_mut();
            let Some(t) = terminals.get_mut(host).filter(|t| t.is_busy()) else {
                return;
            };
            t.interrupted = true;
            t.tty.flush();
            t.write(Stream::Stdout, b"^C\n");
            t.foreground
        };
        if let Some(pid) = foreground {
            let _ = self.signal(host, pid, signals::INT);
        }
    }

    /// Has Ctrl-C been pressed during the current line?
    pub fn terminal_interrupted(&self, host: usize) -> bool {
        self.state
            .terminals
            .borrow()
            .get(host)
            .is_some_and(|t| t.interrupted)
    }

    /// Marks the current line as waiting on something long-lived.
    pub fn set_waiting(&self, host: usize) {
        if let Some(t) = self.state.terminals.borrow_mut().get_mut(host) {
            t.waiting = true;
        }
    }

    /// Writes to host `host`'s terminal.
    pub fn write_terminal(&self, host: usize, stream: Stream, data: &[u8]) {
        if let Some(t) = self.state.terminals.borrow_mut().get_mut(host) {
            t.write(stream, data);
        }
    }

    /// What host `host`'s terminal printed since the last call.
    pub fn take_output(&self, host: usize) -> Vec<(Stream, String)> {
        self.state
            .terminals
            .borrow_mut()
            .get_mut(host)
            .map(Terminal::take_output)
            .unwrap_or_default()
    }

    /// The state of host `host`'s current line.
    pub fn line_state(&self, host: usize) -> LineState {
        match self.state.terminals.borrow().get(host) {
            Some(t) if t.is_busy() && t.tty.waits_for_input() => LineState::Reading,
            Some(t) if t.is_busy() => LineState::Running { waiting: t.waiting },
            Some(t) => LineState::Idle(t.last_status),
            None => LineState::Idle(0),
        }
    }

    /// The prompt of host `host`'s terminal, or `None` while a line runs.
    pub fn prompt(&self, host: usize) -> Option<String> {
        self.state
            .terminals
            .borrow()
            .get(host)
            .and_then(Terminal::prompt)
    }
}
