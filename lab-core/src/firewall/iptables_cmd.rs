//! `iptables` argv (iptables 1.4.21, filter table) → a change to [`Iptables`] and its exact
//! output and exit status: `-A/-I/-D/-F/-L/-P` with `-p`, `-s`, `--dport`, `-m state|tcp|udp`,
//! `-j ACCEPT|DROP|REJECT [--reject-with]`.

use std::net::Ipv4Addr;

use super::iptables::{Chain, Iptables, MAX_CHAIN_RULES, Match, RejectWith, Rule, Target};
use super::port::{Proto, parse_ports};
use crate::systemd::CmdOutput;

const VERSION: &str = "iptables v1.4.21";
const TRY_HELP: &str = "Try `iptables -h' or 'iptables --help' for more information.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Append,
    Insert,
    Delete,
    Flush,
    List,
    Policy,
}

/// The parsed command line.
struct Parsed {
    op: Option<(Op, Option<Chain>)>,
    position: Option<usize>,
    policy: Option<String>,
    numeric: bool,
    line_numbers: bool,
    rule: Rule,
}

/// A bad command line (exit 2) or a refused change (exit 1), as iptables prints them.
fn usage(message: &str) -> CmdOutput {
    CmdOutput::error(&format!("{VERSION}: {message}\n{TRY_HELP}"), 2)
}

fn refused(message: &str) -> CmdOutput {
    CmdOutput::error(&format!("iptables: {message}"), 1)
}

/// Runs `iptables args`.
pub(super) fn run(table: &mut Iptables, args: &[&str]) -> CmdOutput {
    let parsed = match parse(args) {
        Ok(parsed) => parsed,
        Err(output) => return output,
    };
    let Some((op, chain)) = parsed.op else {
        return usage("no command specified");
    };
    let chain_or_input = chain.unwrap_or(Chain::Input);
    match op {
        Op::List => {
            CmdOutput::stdout_lines(&table.listing(chain, parsed.numeric, parsed.line_numbers))
        }
        Op::Flush => {
            for c in [Chain::Input, Chain::Forward, Chain::Output]
                .into_iter()
                .filter(|c| chain.is_none_or(|o| o == *c))
            {
                table.chain_mut(c).clear();
            }
            CmdOutput::ok()
        }
        Op::Policy => match parsed.policy.as_deref() {
            Some("ACCEPT") => {
                table.set_policy(chain_or_input, false);
                CmdOutput::ok()
            }
            Some("DROP") => {
                table.set_policy(chain_or_input, true);
                CmdOutput::ok()
            }
            _ => refused("Bad policy name. Run `dmesg' for more information."),
        },
        Op::Append | Op::Insert => {
            let rules = table.chain_mut(chain_or_input);
            let at = if op == Op::Append {
                rules.len()
            } else {
                parsed.position.unwrap_or(1).saturating_sub(1)
            };
            if at > rules.len() {
                return refused("Index of insertion too big.");
            }
            if rules.len() < MAX_CHAIN_RULES {
                rules.insert(at, parsed.rule);
            }
            CmdOutput::ok()
        }
        Op::Delete => {
            let rules = table.chain_mut(chain_or_input);
            let index = match parsed.position {
                Some(n) if n == 0 || n > rules.len() => {
                    return refused("Index of deletion too big.");
                }
                Some(n) => n - 1,
                None => match rules.iter().position(|r| *r == parsed.rule) {
                    Some(index) => index,
                    None => {
                        return refused("Bad rule (does a matching rule exist in that chain?).");
                    }
                },
            };
            rules.remove(index);
            CmdOutput::ok()
        }
    }
}

fn parse(args: &[&str]) -> Result<Parsed, CmdOutput> {
    let mut parsed = Parsed {
        op: None,
        position: None,
        policy: None,
        numeric: false,
        line_numbers: false,
        rule: Rule {
            proto: None,
            source: None,
            matches: Vec::new(),
            target: Target::Accept,
        },
    };
    let mut target: Option<String> = None;
    let mut reject_with = RejectWith::IcmpPortUnreachable;
    let mut rest = args.iter().copied().peekable();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .ok_or_else(|| usage(&format!("option \"{name}\" requires an argument")))
        };
        match arg {
            "-A" | "--append" | "-I" | "--insert" | "-D" | "--delete" | "-F" | "--flush" | "-L"
            | "--list" | "-P" | "--policy" => {
                let op = command(arg);
                let chain = parse_chain(&mut rest, op)?;
                if parsed.op.is_some() {
                    return Err(usage("Cannot use more than one command"));
                }
                parsed.op = Some((op, chain));
                if matches!(op, Op::Insert | Op::Delete) {
                    parsed.position = rest
                        .next_if(|a| a.chars().all(|c| c.is_ascii_digit()))
                        .and_then(|a| a.parse().ok());
                }
                if op == Op::Policy {
                    parsed.policy = rest.next().map(str::to_string);
                }
            }
            "-n" | "--numeric" => parsed.numeric = true,
            "--line-numbers" => parsed.line_numbers = true,
            "-t" | "--table" => {
                let table = value(arg)?;
                if table != "filter" {
                    return Err(usage(&format!(
                        "can't initialize iptables table `{table}': Table does not exist (do you need to insmod?)"
                    )));
                }
            }
            "-p" | "--protocol" => {
                let name = value(arg)?;
                parsed.rule.proto = Some(
                    Proto::parse(name)
                        .ok_or_else(|| usage(&format!("unknown protocol \"{name}\" specified")))?,
                );
            }
            "-s" | "--source" => parsed.rule.source = Some(parse_source(value(arg)?)?),
            "-m" | "--match" => parsed.rule.matches.push(parse_match(value(arg)?)?),
            "--state" | "--ctstate" => set_states(&mut parsed.rule, arg, value(arg)?)?,
            "--dport" | "--destination-port" => set_dport(&mut parsed.rule, arg, value(arg)?)?,
            "-j" | "--jump" => target = Some(value(arg)?.to_string()),
            "--reject-with" if target.as_deref() == Some("REJECT") => {
                let name = value(arg)?;
                reject_with = RejectWith::parse(name)
                    .ok_or_else(|| usage(&format!("unknown reject type \"{name}\"")))?;
            }
            other => return Err(usage(&format!("unknown option \"{other}\""))),
        }
    }
    parsed.rule.target = match target.as_deref() {
        None | Some("ACCEPT") => Target::Accept,
        Some("DROP") => Target::Drop,
        Some("REJECT") => Target::Reject(reject_with),
        Some(other) => {
            return Err(CmdOutput::error(
                &format!(
                    "{VERSION}: Couldn't load target `{other}':No such file or directory\n\n{TRY_HELP}"
                ),
                2,
            ));
        }
    };
    Ok(parsed)
}

fn command(arg: &str) -> Op {
    match arg {
        "-A" | "--append" => Op::Append,
        "-I" | "--insert" => Op::Insert,
        "-D" | "--delete" => Op::Delete,
        "-F" | "--flush" => Op::Flush,
        "-L" | "--list" => Op::List,
        _ => Op::Policy,
    }
}

/// The chain after a command: required for -A/-I/-D/-P, optional for -L/-F.
fn parse_chain<'a>(
    rest: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
    op: Op,
) -> Result<Option<Chain>, CmdOutput> {
    let optional = matches!(op, Op::List | Op::Flush);
    let name = if optional {
        rest.next_if(|a| !a.starts_with('-'))
    } else {
        rest.next()
    };
    match name {
        None if optional => Ok(None),
        None => Err(usage("option \"-A\" requires an argument")),
        Some(name) => Chain::parse(name)
            .map(Some)
            .ok_or_else(|| refused("No chain/target/match by that name.")),
    }
}

fn parse_source(text: &str) -> Result<(Ipv4Addr, u8), CmdOutput> {
    let bad = || usage(&format!("host/network `{text}' not found"));
    let (addr, len) = text.split_once('/').unwrap_or((text, "32"));
    let addr: Ipv4Addr = addr.parse().map_err(|_| bad())?;
    let len: u8 = len.parse().ok().filter(|l| *l <= 32).ok_or_else(bad)?;
    Ok((addr, len))
}

fn parse_match(name: &str) -> Result<Match, CmdOutput> {
    match name {
        "state" | "conntrack" => Ok(Match::State(Vec::new())),
        "tcp" => Ok(Match::Ports {
            proto: Proto::Tcp,
            dport: None,
        }),
        "udp" => Ok(Match::Ports {
            proto: Proto::Udp,
            dport: None,
        }),
        other => Err(usage(&format!(
            "Couldn't load match `{other}':No such file or directory"
        ))),
    }
}

fn set_states(rule: &mut Rule, option: &str, value: &str) -> Result<(), CmdOutput> {
    let Some(Match::State(states)) = rule
        .matches
        .iter_mut()
        .rev()
        .find(|m| matches!(m, Match::State(_)))
    else {
        return Err(usage(&format!("unknown option \"{option}\"")));
    };
    for state in value.split(',') {
        if !matches!(
            state,
            "NEW" | "ESTABLISHED" | "RELATED" | "INVALID" | "UNTRACKED"
        ) {
            return Err(usage(&format!("Bad state \"{state}\"")));
        }
        states.push(state.to_string());
    }
    Ok(())
}

/// `--dport` belongs to an explicit `-m tcp|udp`, else to the implicit match `-p` loads.
fn set_dport(rule: &mut Rule, option: &str, value: &str) -> Result<(), CmdOutput> {
    let ports = parse_ports(value, ':')
        .ok_or_else(|| usage(&format!("invalid port/service `{value}' specified")))?;
    if let Some(Match::Ports { dport, .. }) = rule
        .matches
        .iter_mut()
        .rev()
        .find(|m| matches!(m, Match::Ports { .. }))
    {
        *dport = Some(ports);
        return Ok(());
    }
    let proto = rule
        .proto
        .ok_or_else(|| usage(&format!("unknown option \"{option}\"")))?;
    rule.matches.push(Match::Ports {
        proto,
        dport: Some(ports),
    });
    Ok(())
}
