//! `Statement`: one line (or, for a shell line with a heredoc or `\` continuation, several
//! lines) of a lab script, parsed.

use std::net::Ipv4Addr;

use crate::time::SimDuration;

/// A parsed statement and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// 1-based line number of the statement's first line, for error messages.
    pub line: usize,
    /// What it does.
    pub kind: StatementKind,
}

/// What a statement does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementKind {
    /// `host NAME [IPV4]`: declare a host; the address is auto-assigned when omitted.
    Host {
        /// Host name, also its hostname.
        name: String,
        /// Its address on the lab network.
        ip: Option<Ipv4Addr>,
    },
    /// `NAME$ LINE` or `NAME# LINE`: type `input` into NAME's terminal.
    Shell {
        /// The host whose terminal it is.
        host: String,
        /// What is typed, continuation lines included (joined with `\n`).
        input: String,
    },
    /// `interrupt NAME`: press Ctrl-C in NAME's terminal.
    Interrupt(String),
    /// `eof NAME`: press Ctrl-D in NAME's terminal (end of file for the program reading it).
    Eof(String),
    /// `typeahead NAME LINE`: type LINE and Enter into NAME's terminal now, without waiting
    /// for the prompt first or for the line to finish after.
    TypeAhead {
        /// The host whose terminal it is.
        host: String,
        /// What is typed.
        input: String,
    },
    /// `sleep DURATION`: let virtual time pass.
    Sleep(SimDuration),
    /// `cut A B` (both ways) or `cut A -> B` (one way).
    Cut {
        /// One end.
        from: String,
        /// The other end.
        to: String,
        /// Only packets from `from` to `to` are lost.
        one_way: bool,
    },
    /// `heal A B` restores one link; `heal` restores every link.
    Heal(Option<(String, String)>),
    /// `latency A B DURATION`: one-way delay on the link, both directions.
    Latency {
        /// One end.
        a: String,
        /// The other end.
        b: String,
        /// Delay per packet.
        latency: SimDuration,
    },
    /// `loss A B PERCENT`: packets lost on the link, both directions.
    Loss {
        /// One end.
        a: String,
        /// The other end.
        b: String,
        /// Percent of packets lost (0–100).
        percent: u32,
    },
    /// `dns srv NAME PRIORITY WEIGHT PORT TARGET`: an SRV record in the lab's DNS
    /// (`_etcd-server-ssl._tcp.example.com 0 0 2380 etcd-1`), for `etcd --discovery-srv`.
    DnsSrv {
        /// The owner name.
        name: String,
        /// Priority, weight, port and target (a host of the lab).
        record: crate::sim::SrvRecord,
    },
    /// `crash NAME`: power off (processes die, disk kept).
    Crash(String),
    /// `boot NAME`: power on (enabled units start).
    Boot(String),
    /// `seed N`: the run's RNG seed; only before the first host.
    Seed(u64),
    /// `expect CONDITION`.
    Expect(Expectation),
}

/// A condition `expect` checks against the live lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// `expect leader`: some member leads; `expect leader NAME`: that member (or the member on
    /// that host) leads.
    Leader(Option<String>),
    /// `expect members N`: N members are running.
    Members(usize),
    /// `expect output contains "TEXT"`: the previous shell line wrote TEXT (stdout or stderr).
    OutputContains(String),
    /// `expect output lacks "TEXT"`: the previous shell line did not write TEXT.
    OutputLacks(String),
    /// `expect exit N`: the previous shell line ended with status N.
    Exit(i32),
}
