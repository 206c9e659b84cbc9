//! `ip` (iproute2) read-only views: `ip [-4] addr|a [show [dev] DEV]`, `ip link`,
//! `ip route`, in iproute2's exact layout so tutorials' `grep`/`awk`/`cut` pipelines work.

use std::net::Ipv4Addr;

use super::{Interface, UtilityContext};

fn mac(m: &[u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn header(i: &Interface, n: usize, link_mode: bool) -> String {
    let mode = if link_mode { "mode DEFAULT " } else { "" };
    let (flags, mtu, qdisc, state) = if i.name == "lo" {
        ("LOOPBACK,UP,LOWER_UP", 65536, "noqueue", "UNKNOWN")
    } else {
        ("BROADCAST,MULTICAST,UP,LOWER_UP", 1500, "pfifo_fast", "UP")
    };
    let (kind, brd) = if i.name == "lo" {
        ("loopback", "00:00:00:00:00:00")
    } else {
        ("ether", "ff:ff:ff:ff:ff:ff")
    };
    format!(
        "{n}: {}: <{flags}> mtu {mtu} qdisc {qdisc} state {state} {mode}group default qlen 1000\n    link/{kind} {} brd {brd}\n",
        i.name,
        mac(&i.mac)
    )
}

fn broadcast(i: &Interface) -> Ipv4Addr {
    let host_bits = u32::MAX.checked_shr(u32::from(i.prefix_len)).unwrap_or(0);
    Ipv4Addr::from(u32::from(i.ipv4) | host_bits)
}

fn network(i: &Interface) -> Ipv4Addr {
    let host_bits = u32::MAX.checked_shr(u32::from(i.prefix_len)).unwrap_or(0);
    Ipv4Addr::from(u32::from(i.ipv4) & !host_bits)
}

/// The link-local IPv6 address the kernel derives from the MAC (EUI-64).
fn link_local(m: &[u8; 6]) -> String {
    let [a, b, c, d, e, f] = *m;
    let words = [
        u16::from_be_bytes([a ^ 2, b]),
        u16::from_be_bytes([c, 0xff]),
        u16::from_be_bytes([0xfe, d]),
        u16::from_be_bytes([e, f]),
    ];
    format!(
        "fe80::{:x}:{:x}:{:x}:{:x}",
        words[0], words[1], words[2], words[3]
    )
}

fn addresses(i: &Interface, only_v4: bool) -> String {
    let lft = "       valid_lft forever preferred_lft forever\n";
    let (v4, v6) = if i.name == "lo" {
        (
            format!("    inet {}/{} scope host lo\n", i.ipv4, i.prefix_len),
            "    inet6 ::1/128 scope host \n".to_string(),
        )
    } else {
        (
            format!(
                "    inet {}/{} brd {} scope global {}\n",
                i.ipv4,
                i.prefix_len,
                broadcast(i),
                i.name
            ),
            format!("    inet6 {}/64 scope link \n", link_local(&i.mac)),
        )
    };
    if only_v4 {
        format!("{v4}{lft}")
    } else {
        format!("{v4}{lft}{v6}{lft}")
    }
}

/// `ip [-4] OBJECT [COMMAND [ARGS]]`.
pub(crate) fn ip(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let only_v4 = args.iter().any(|a| a == "-4");
    let rest: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let object = rest.first().copied().unwrap_or("");
    let matches = |full: &str| !object.is_empty() && full.starts_with(object);
    if object.is_empty() {
        ctx.stderr
            .extend_from_slice(b"Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n");
        return 255;
    }
    let dev = rest
        .iter()
        .skip(1)
        .copied()
        .find(|a| !matches!(*a, "show" | "list" | "dev"));
    let ifaces: Vec<(usize, Interface)> = ctx
        .host
        .interfaces
        .iter()
        .cloned()
        .enumerate()
        .map(|(n, i)| (n + 1, i))
        .collect();
    let chosen: Vec<&(usize, Interface)> = ifaces
        .iter()
        .filter(|(_, i)| dev.is_none_or(|d| d == i.name))
        .collect();
    if object != "route" && object != "r" && dev.is_some() && chosen.is_empty() {
        ctx.error_raw(&format!(
            "Device \"{}\" does not exist.\n",
            dev.unwrap_or_default()
        ));
        return 1;
    }
    if matches("address") || object == "a" {
        for (n, i) in chosen {
            let text = format!("{}{}", header(i, *n, false), addresses(i, only_v4));
            ctx.print(&text);
        }
    } else if matches("link") {
        for (n, i) in chosen {
            ctx.print(&header(i, *n, true));
        }
    } else if matches("route") {
        for (_, i) in ifaces.iter().filter(|(_, i)| i.name != "lo") {
            let gw = Ipv4Addr::from(u32::from(network(i)).saturating_add(1));
            let text = format!(
                "default via {gw} dev {0} proto static metric 100 \n{1}/{2} dev {0} proto kernel scope link src {3} metric 100 \n",
                i.name,
                network(i),
                i.prefix_len,
                i.ipv4
            );
            ctx.print(&text);
        }
    } else {
        ctx.error_raw(&format!(
            "Object \"{object}\" is unknown, try \"ip help\".\n"
        ));
        return 1;
    }
    0
}
