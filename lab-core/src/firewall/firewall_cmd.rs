//! `firewall-cmd` (firewalld 0.6, CentOS 7): argv → a change to [`Firewalld`] and the exact
//! output. Options parse like Python's argparse: `--opt=value` or `--opt value`, and any
//! unambiguous prefix (`--list-port` is `--list-ports`).

use super::firewalld::{Firewalld, Zone, service_port};
use super::port::{PortRange, Proto, parse_ports};
use crate::systemd::CmdOutput;

/// firewalld's exit codes (firewall/errors.py).
const NOT_RUNNING: u8 = 252;
const INVALID_SERVICE: u8 = 101;
const INVALID_PORT: u8 = 102;
const INVALID_PROTOCOL: u8 = 103;
const INVALID_ZONE: u8 = 112;
const USAGE: u8 = 2;

/// The options understood, and whether each takes a value.
const OPTIONS: &[(&str, bool)] = &[
    ("--state", false),
    ("--reload", false),
    ("--complete-reload", false),
    ("--runtime-to-permanent", false),
    ("--get-default-zone", false),
    ("--get-zones", false),
    ("--get-services", false),
    ("--list-all", false),
    ("--list-all-zones", false),
    ("--list-ports", false),
    ("--list-services", false),
    ("--add-port", true),
    ("--remove-port", true),
    ("--query-port", true),
    ("--add-service", true),
    ("--remove-service", true),
    ("--query-service", true),
    ("--zone", true),
    ("--permanent", false),
];

/// Runs `firewall-cmd args`.
pub(super) fn run(fw: &mut Firewalld, args: &[&str]) -> CmdOutput {
    let parsed = match parse(args) {
        Ok(parsed) if !parsed.is_empty() => parsed,
        Ok(_) => return usage_error("no option specified"),
        Err(message) => return usage_error(&message),
    };
    let permanent = parsed.iter().any(|(o, _)| *o == "--permanent");
    let zone = parsed
        .iter()
        .find(|(o, _)| *o == "--zone")
        .and_then(|(_, v)| v.clone());
    let actions: Vec<(&str, Option<String>)> = parsed
        .into_iter()
        .filter(|(o, _)| !matches!(*o, "--permanent" | "--zone"))
        .collect();
    if !fw.running {
        let text = if actions.iter().any(|(o, _)| *o == "--state") {
            "not running"
        } else {
            "FirewallD is not running"
        };
        return CmdOutput::error(text, NOT_RUNNING);
    }
    let zone_name = zone.unwrap_or_else(|| fw.default_zone.clone());
    if fw.zone(&zone_name, permanent).is_none() {
        return CmdOutput::error(&format!("Error: INVALID_ZONE: {zone_name}"), INVALID_ZONE);
    }
    let mut out = CmdOutput::ok();
    let mut changed = false;
    for (option, value) in actions {
        let value = value.unwrap_or_default();
        match option {
            "--add-port" | "--remove-port" | "--add-service" | "--remove-service" => {
                if let Err(error) = change(fw, &zone_name, permanent, option, &value, &mut out) {
                    return error;
                }
                changed = true;
            }
            _ => return query(fw, &zone_name, permanent, option, &value),
        }
    }
    if changed {
        out.stdout.push_str("success\n");
    }
    out
}

fn usage_error(message: &str) -> CmdOutput {
    CmdOutput::error(
        &format!("usage: see firewall-cmd man page\nfirewall-cmd: error: {message}"),
        USAGE,
    )
}

/// Resolves each argument to a full option name and its value.
fn parse(args: &[&str]) -> Result<Vec<(&'static str, Option<String>)>, String> {
    let mut out = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (*arg, None),
        };
        let matches: Vec<&(&str, bool)> = match OPTIONS.iter().find(|(o, _)| *o == name) {
            Some(exact) => vec![exact],
            None if name.starts_with("--") && name.len() > 2 => OPTIONS
                .iter()
                .filter(|(o, _)| o.starts_with(name))
                .collect(),
            None => Vec::new(),
        };
        let &&(option, takes_value) = match matches.as_slice() {
            [one] => one,
            [] => return Err(format!("unrecognized arguments: {arg}")),
            many => {
                let names: Vec<&str> = many.iter().map(|(o, _)| *o).collect();
                return Err(format!(
                    "ambiguous option: {name} could match {}",
                    names.join(", ")
                ));
            }
        };
        let value = match (takes_value, inline) {
            (true, Some(v)) => Some(v),
            (true, None) => Some(
                rest.next()
                    .ok_or_else(|| format!("argument {option}: expected one argument"))?
                    .to_string(),
            ),
            (false, Some(_)) => {
                return Err(format!("argument {option}: ignored explicit argument"));
            }
            (false, None) => None,
        };
        out.push((option, value));
    }
    Ok(out)
}

/// `2379/tcp` or `2379-2380/tcp`, or firewalld's error output.
fn parse_port_arg(value: &str) -> Result<PortRange, CmdOutput> {
    let Some((ports, proto)) = value.split_once('/') else {
        return Err(CmdOutput::error(
            "bad port (most likely missing protocol), correct syntax is portid[-portid]/protocol",
            USAGE,
        ));
    };
    let (first, last) = parse_ports(ports, '-')
        .ok_or_else(|| CmdOutput::error(&format!("Error: INVALID_PORT: {ports}"), INVALID_PORT))?;
    let proto = Proto::parse(proto).ok_or_else(|| {
        CmdOutput::error(
            &format!("Error: INVALID_PROTOCOL: {proto}"),
            INVALID_PROTOCOL,
        )
    })?;
    Ok(PortRange { first, last, proto })
}

fn change(
    fw: &mut Firewalld,
    zone: &str,
    permanent: bool,
    option: &str,
    value: &str,
    out: &mut CmdOutput,
) -> Result<(), CmdOutput> {
    let is_port = option.ends_with("port");
    let port = if is_port {
        Some(parse_port_arg(value)?)
    } else {
        None
    };
    if !is_port && service_port(value).is_none() {
        return Err(CmdOutput::error(
            &format!("Error: INVALID_SERVICE: {value}"),
            INVALID_SERVICE,
        ));
    }
    let Some(zone) = fw.zone_mut(zone, permanent) else {
        return Ok(());
    };
    let adding = option.starts_with("--add");
    let (present, id) = match port {
        Some(range) => (
            zone.ports.contains(&range),
            format!("{}:{}", range.ports_text('-'), range.proto.as_str()),
        ),
        None => (zone.services.iter().any(|s| s == value), value.to_string()),
    };
    match (adding, present) {
        (true, true) => out
            .stderr
            .push_str(&format!("Warning: ALREADY_ENABLED: {id}\n")),
        (false, false) => out
            .stderr
            .push_str(&format!("Warning: NOT_ENABLED: {id}\n")),
        (true, false) => add(zone, port, value),
        (false, true) => {
            zone.ports.retain(|r| Some(*r) != port);
            zone.services.retain(|s| port.is_some() || s != value);
        }
    }
    Ok(())
}

fn add(zone: &mut Zone, port: Option<PortRange>, service: &str) {
    if zone.ports.len() + zone.services.len() >= super::firewalld::MAX_ZONE_ENTRIES {
        return;
    }
    match port {
        Some(range) => zone.ports.push(range),
        None => zone.services.push(service.to_string()),
    }
}

fn query(
    fw: &mut Firewalld,
    zone_name: &str,
    permanent: bool,
    option: &str,
    value: &str,
) -> CmdOutput {
    let Some(zone) = fw.zone(zone_name, permanent).cloned() else {
        return CmdOutput::ok();
    };
    let line = match option {
        "--state" => "running".to_string(),
        "--reload" | "--complete-reload" => {
            fw.reload();
            "success".to_string()
        }
        "--runtime-to-permanent" => {
            fw.permanent = fw.runtime.clone();
            "success".to_string()
        }
        "--get-default-zone" => fw.default_zone.clone(),
        "--get-zones" => fw
            .runtime
            .iter()
            .map(|z| z.name.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        "--get-services" => "dhcpv6-client etcd-client etcd-server http https ssh".to_string(),
        "--list-ports" => ports_text(&zone),
        "--list-services" => zone.services.join(" "),
        "--list-all" => return CmdOutput::stdout_lines(&list_all(fw, &zone, permanent)),
        "--list-all-zones" => {
            let zones = if permanent {
                fw.permanent.clone()
            } else {
                fw.runtime.clone()
            };
            let lines: Vec<String> = zones
                .iter()
                .flat_map(|z| {
                    list_all(fw, z, permanent)
                        .into_iter()
                        .chain([String::new()])
                })
                .collect();
            return CmdOutput::stdout_lines(&lines);
        }
        "--query-port" => {
            let range = match parse_port_arg(value) {
                Ok(range) => range,
                Err(error) => return error,
            };
            return yes_no(zone.ports.contains(&range));
        }
        _ => return yes_no(zone.services.iter().any(|s| s == value)),
    };
    CmdOutput::stdout_lines(&[line])
}

fn yes_no(yes: bool) -> CmdOutput {
    if yes {
        CmdOutput::stdout_lines(&["yes"])
    } else {
        CmdOutput::stdout_lines(&["no"]).with_exit(1)
    }
}

fn ports_text(zone: &Zone) -> String {
    zone.ports
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `--list-all` in firewalld 0.6's layout.
fn list_all(fw: &Firewalld, zone: &Zone, permanent: bool) -> Vec<String> {
    let default = zone.name == fw.default_zone;
    let header = if default && !permanent {
        format!("{} (active)", zone.name)
    } else {
        zone.name.clone()
    };
    let target = match zone.target {
        super::ZoneTarget::Default => "default",
        super::ZoneTarget::Accept => "ACCEPT",
        super::ZoneTarget::Drop => "DROP",
        super::ZoneTarget::Reject => "%%REJECT%%",
    };
    let interfaces = if default && !permanent {
        fw.interfaces.join(" ")
    } else {
        String::new()
    };
    vec![
        header,
        format!("  target: {target}"),
        "  icmp-block-inversion: no".to_string(),
        format!("  interfaces: {interfaces}"),
        "  sources: ".to_string(),
        format!("  services: {}", zone.services.join(" ")),
        format!("  ports: {}", ports_text(zone)),
        "  protocols: ".to_string(),
        "  masquerade: no".to_string(),
        "  forward-ports: ".to_string(),
        "  source-ports: ".to_string(),
        "  icmp-blocks: ".to_string(),
        "  rich rules: ".to_string(),
        "\t".to_string(),
    ]
}
