//! iptables' filter table as iptables 1.4.21 (CentOS 7) shows it: the INPUT, FORWARD and
//! OUTPUT chains, their policies and rules, `iptables -L [-n] [--line-numbers]` output, and
//! the INPUT verdict for a new inbound connection.

use std::net::Ipv4Addr;

use super::Verdict;
use super::port::Proto;

/// Most rules one chain holds.
pub const MAX_CHAIN_RULES: usize = 1_024;

/// The built-in chains of the filter table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    Input,
    Forward,
    Output,
}

impl Chain {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "INPUT" => Some(Self::Input),
            "FORWARD" => Some(Self::Forward),
            "OUTPUT" => Some(Self::Output),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Input => "INPUT",
            Self::Forward => "FORWARD",
            Self::Output => "OUTPUT",
        }
    }
}

/// `--reject-with`; the default is icmp-port-unreachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectWith {
    IcmpPortUnreachable,
    IcmpHostProhibited,
    IcmpHostUnreachable,
    IcmpNetUnreachable,
    IcmpAdminProhibited,
    TcpReset,
}

impl RejectWith {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "icmp-port-unreachable" | "port-unreach" => Self::IcmpPortUnreachable,
            "icmp-host-prohibited" | "host-prohib" => Self::IcmpHostProhibited,
            "icmp-host-unreachable" | "host-unreach" => Self::IcmpHostUnreachable,
            "icmp-net-unreachable" | "net-unreach" => Self::IcmpNetUnreachable,
            "icmp-admin-prohibited" | "admin-prohib" => Self::IcmpAdminProhibited,
            "tcp-reset" | "tcp-rst" => Self::TcpReset,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Self::IcmpPortUnreachable => "icmp-port-unreachable",
            Self::IcmpHostProhibited => "icmp-host-prohibited",
            Self::IcmpHostUnreachable => "icmp-host-unreachable",
            Self::IcmpNetUnreachable => "icmp-net-unreachable",
            Self::IcmpAdminProhibited => "icmp-admin-prohibited",
            Self::TcpReset => "tcp-reset",
        }
    }
}

/// `-j`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Accept,
    Drop,
    Reject(RejectWith),
}

/// A `-m` match (or the implicit protocol match `--dport` loads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// `-m state --state NEW,…` (or conntrack `--ctstate`); keeps the state words.
    State(Vec<String>),
    /// `-m tcp` / `-m udp` with an optional `--dport first[:last]`.
    Ports {
        proto: Proto,
        dport: Option<(u16, u16)>,
    },
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub proto: Option<Proto>,
    /// `-s`: network address and prefix length.
    pub source: Option<(Ipv4Addr, u8)>,
    pub matches: Vec<Match>,
    pub target: Target,
}

impl Rule {
    /// Whether a new connection to `port`/`proto` from `from` matches.
    fn matches(&self, port: u16, proto: Proto, from: Ipv4Addr) -> bool {
        let proto_ok = self.proto.is_none_or(|p| p == proto);
        let source_ok = self.source.is_none_or(|(net, len)| {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(len.min(32)))
                .unwrap_or(0);
            u32::from(from) & mask == u32::from(net) & mask
        });
        proto_ok
            && source_ok
            && self.matches.iter().all(|m| match m {
                Match::State(states) => states.iter().any(|s| s == "NEW"),
                Match::Ports { proto: p, dport } => {
                    *p == proto && dport.is_none_or(|(a, b)| (a..=b).contains(&port))
                }
            })
    }

    /// One line of `iptables -L`.
    fn listing(&self, numeric: bool) -> String {
        let target = match self.target {
            Target::Accept => "ACCEPT",
            Target::Drop => "DROP",
            Target::Reject(_) => "REJECT",
        };
        let anywhere = if numeric { "0.0.0.0/0" } else { "anywhere" };
        let source = match self.source {
            Some((net, 32)) => net.to_string(),
            Some((net, len)) => format!("{net}/{len}"),
            None => anywhere.to_string(),
        };
        let proto = self.proto.map_or("all", Proto::as_str);
        let mut line = format!("{target:<9}  {proto:<5}--  {source:<19}  {anywhere:<19} ");
        for m in &self.matches {
            match m {
                Match::State(states) => line.push_str(&format!(" state {}", states.join(","))),
                Match::Ports { proto, dport } => {
                    line.push_str(&format!(" {}", proto.as_str()));
                    match dport {
                        Some((a, b)) if a == b => line.push_str(&format!(" dpt:{a}")),
                        Some((a, b)) => line.push_str(&format!(" dpts:{a}:{b}")),
                        None => {}
                    }
                }
            }
        }
        if let Target::Reject(with) = self.target {
            line.push_str(&format!(" reject-with {}", with.name()));
        }
        line
    }
}

/// The filter table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Iptables {
    pub input: Vec<Rule>,
    pub forward: Vec<Rule>,
    pub output: Vec<Rule>,
    /// Policies: `true` is ACCEPT, `false` is DROP.
    pub input_drop: bool,
    pub forward_drop: bool,
    pub output_drop: bool,
}

impl Iptables {
    pub fn chain_mut(&mut self, chain: Chain) -> &mut Vec<Rule> {
        match chain {
            Chain::Input => &mut self.input,
            Chain::Forward => &mut self.forward,
            Chain::Output => &mut self.output,
        }
    }

    pub(super) fn set_policy(&mut self, chain: Chain, drop: bool) {
        match chain {
            Chain::Input => self.input_drop = drop,
            Chain::Forward => self.forward_drop = drop,
            Chain::Output => self.output_drop = drop,
        }
    }

    /// The verdict of the first INPUT rule matching, if any.
    pub fn input_verdict(&self, port: u16, proto: Proto, from: Ipv4Addr) -> Option<Verdict> {
        let rule = self.input.iter().find(|r| r.matches(port, proto, from))?;
        Some(match rule.target {
            Target::Accept => Verdict::Accept,
            Target::Drop => Verdict::Drop,
            Target::Reject(RejectWith::IcmpPortUnreachable | RejectWith::TcpReset) => {
                Verdict::RejectRefused
            }
            Target::Reject(_) => Verdict::Reject,
        })
    }

    /// The INPUT policy as a verdict.
    pub fn input_policy_verdict(&self) -> Verdict {
        if self.input_drop {
            Verdict::Drop
        } else {
            Verdict::Accept
        }
    }

    /// `iptables -L [CHAIN]` output.
    pub fn listing(&self, only: Option<Chain>, numeric: bool, line_numbers: bool) -> Vec<String> {
        let chains = [
            (Chain::Input, &self.input, self.input_drop),
            (Chain::Forward, &self.forward, self.forward_drop),
            (Chain::Output, &self.output, self.output_drop),
        ];
        let mut lines = Vec::new();
        for (chain, rules, drop) in chains
            .into_iter()
            .filter(|(c, _, _)| only.is_none_or(|o| o == *c))
        {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(format!(
                "Chain {} (policy {})",
                chain.name(),
                if drop { "DROP" } else { "ACCEPT" }
            ));
            let num = if line_numbers { "num  " } else { "" };
            lines.push(format!(
                "{num}target     prot opt source               destination         "
            ));
            for (index, rule) in rules.iter().enumerate() {
                let num = if line_numbers {
                    format!("{:<5}", index.saturating_add(1))
                } else {
                    String::new()
                };
                lines.push(format!("{num}{}", rule.listing(numeric)));
            }
        }
        lines
    }
}
