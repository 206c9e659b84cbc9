//! The lab as a [`ScriptTarget`]: lab scripts drive hosts, terminals and the network.

use std::net::Ipv4Addr;

use super::Lab;
use crate::script::{Expectation, LineState, ScriptTarget, StatementKind};
use crate::sim::{Command, World};
use crate::time::SimDuration;

/// First address handed to hosts declared without one: 192.168.122.0/24 (libvirt's
/// default network, as in the seed tutorials), from .11 up.
const FIRST_AUTO_IP: [u8; 4] = [192, 168, 122, 11];

/// A lab driven by a script.
pub struct ScriptLab {
    lab: Lab,
    hosts_declared: bool,
}

impl ScriptLab {
    /// An empty lab with seed 0 (a `seed` statement may change it before any host).
    pub fn new() -> ScriptLab {
        ScriptLab {
            lab: Lab::new(World::new(0)),
            hosts_declared: false,
        }
    }

    /// The lab being driven.
    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    fn host(&self, name: &str) -> Result<usize, String> {
        self.lab
            .host_index(name)
            .ok_or_else(|| format!("no host named {name:?} (declare it with `host {name}`)"))
    }

    fn next_ip(&self) -> Ipv4Addr {
        let world = self.lab.world();
        let [a, b, c, d] = FIRST_AUTO_IP;
        (d..=254)
            .map(|last| Ipv4Addr::new(a, b, c, last))
            .find(|ip| world.hosts().iter().all(|h| h.ip != *ip))
            .unwrap_or(Ipv4Addr::new(a, b, c, 254))
    }
}

impl Default for ScriptLab {
    fn default() -> Self {
        ScriptLab::new()
    }
}

impl ScriptTarget for ScriptLab {
    fn set_seed(&mut self, seed: u64) -> Result<(), String> {
        if self.hosts_declared {
            return Err("`seed` must come before the first `host`".to_owned());
        }
        self.lab = Lab::new(World::new(seed));
        Ok(())
    }

    fn add_host(&mut self, name: &str, ip: Option<Ipv4Addr>) -> Result<(), String> {
        let ip = ip.unwrap_or_else(|| self.next_ip());
        self.lab.add_host(name, ip).map_err(|e| e.to_string())?;
        self.hosts_declared = true;
        Ok(())
    }

    fn type_line(&mut self, host: &str, input: &str) -> Result<(), String> {
        let host = self.host(host)?;
        self.lab.type_line(host, input)
    }

    fn interrupt(&mut self, host: &str) -> Result<(), String> {
        let host = self.host(host)?;
        self.lab.interrupt(host);
        Ok(())
    }

    fn end_of_input(&mut self, host: &str) -> Result<(), String> {
        let host = self.host(host)?;
        self.lab.end_of_input(host)
    }

    fn line_state(&self, host: &str) -> LineState {
        match self.lab.host_index(host) {
            Some(i) => self.lab.line_state(i),
            None => LineState::Idle(0),
        }
    }

    fn take_output(&mut self, host: &str) -> String {
        let Some(i) = self.lab.host_index(host) else {
            return String::new();
        };
        self.lab
            .take_output(i)
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    }

    fn hosts(&self) -> Vec<String> {
        self.lab
            .world()
            .hosts()
            .iter()
            .map(|h| h.name.clone())
            .collect()
    }

    fn advance(&mut self, d: SimDuration) {
        self.lab.advance(d);
    }

    fn control(&mut self, statement: &StatementKind) -> Result<(), String> {
        let command = match statement {
            StatementKind::Cut {
                from,
                to,
                one_way: false,
            } => Command::CutLink {
                a: from.clone(),
                b: to.clone(),
            },
            StatementKind::Cut {
                from,
                to,
                one_way: true,
            } => Command::CutLinkOneWay {
                from: from.clone(),
                to: to.clone(),
            },
            StatementKind::Heal(Some((a, b))) => Command::HealLink {
                a: a.clone(),
                b: b.clone(),
            },
            StatementKind::Heal(None) => Command::HealAll,
            StatementKind::Latency { a, b, latency } => {
                let ms = latency.as_millis();
                for (from, to) in [(a, b), (b, a)] {
                    self.lab
                        .world_mut()
                        .apply(Command::SetLatency {
                            from: from.clone(),
                            to: to.clone(),
                            min_ms: ms,
                            max_ms: ms,
                        })
                        .map_err(|e| e.to_string())?;
                }
                return Ok(());
            }
            StatementKind::Loss { a, b, percent } => {
                for (from, to) in [(a, b), (b, a)] {
                    self.lab
                        .world_mut()
                        .apply(Command::SetLoss {
                            from: from.clone(),
                            to: to.clone(),
                            percent: *percent,
                        })
                        .map_err(|e| e.to_string())?;
                }
                return Ok(());
            }
            StatementKind::DnsSrv { name, record } => {
                let record = record.clone();
                let mut world = self.lab.world_mut();
                return world
                    .dns_mut()
                    .add_srv(name, record)
                    .map_err(|e| e.to_string());
            }
            StatementKind::Crash(host) => Command::CrashHost(host.clone()),
            StatementKind::Boot(host) => Command::BootHost(host.clone()),
            other => return Err(format!("not a control statement: {other:?}")),
        };
        self.lab
            .world_mut()
            .apply(command)
            .map_err(|e| e.to_string())
    }

    fn check(&self, expectation: &Expectation) -> Result<(), String> {
        let world = self.lab.world();
        match expectation {
            Expectation::Leader(want) => {
                let leader = world.leader().ok_or("no member is leader")?;
                let host = leader.host.clone();
                match want {
                    Some(w) if *w != leader.name && *w != host => {
                        Err(format!("the leader is {} on {host}", leader.name))
                    }
                    _ => Ok(()),
                }
            }
            Expectation::Members(n) => {
                let running = world.members().iter().filter(|m| m.running).count();
                if running == *n {
                    Ok(())
                } else {
                    Err(format!("{running} members are running, not {n}"))
                }
            }
            other => Err(format!("{other:?} is about shell output, not the cluster")),
        }
    }
}
