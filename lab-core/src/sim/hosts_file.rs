//! `/etc/hosts`: the first place glibc (`hosts: files dns myhostname` on CentOS 7) and Go's
//! resolver look a name up, before the lab's DNS. A host's own file decides what a name
//! means there, so `echo '10.0.0.11 etcd1.example.com' >> /etc/hosts` on one host makes
//! `https://etcd1.example.com:2379` reachable from that host only.

use std::net::Ipv4Addr;

/// Where the file lives on every host.
pub const HOSTS_PATH: &str = "/etc/hosts";
/// Most of the file read (unit: bytes); glibc reads any size, the lab stops here so a huge
/// file cannot stall a lookup. Lines past it are not consulted.
pub const MAX_HOSTS_FILE_BYTES: usize = 64 * 1024;

/// The IPv4 address `/etc/hosts` text `text` gives `name`: the first line naming it (as
/// glibc answers), names compared without case and without a trailing dot. IPv6 lines are
/// skipped: the lab's network is IPv4 only.
pub fn lookup(text: &[u8], name: &str) -> Option<Ipv4Addr> {
    let wanted = name.strip_suffix('.').unwrap_or(name);
    if wanted.is_empty() {
        return None;
    }
    let text = text.get(..MAX_HOSTS_FILE_BYTES).unwrap_or(text);
    let text = String::from_utf8_lossy(text);
    text.lines().find_map(|line| {
        let entry = line.split('#').next().unwrap_or_default();
        let mut fields = entry.split_whitespace();
        let ip = fields.next()?.parse::<Ipv4Addr>().ok()?;
        fields
            .any(|alias| {
                alias
                    .strip_suffix('.')
                    .unwrap_or(alias)
                    .eq_ignore_ascii_case(wanted)
            })
            .then_some(ip)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CENTOS: &str = "127.0.0.1   localhost localhost.localdomain localhost4\n\
                          ::1         localhost localhost6\n";

    #[test]
    fn localhost_comes_from_the_stock_file() {
        assert_eq!(
            lookup(CENTOS.as_bytes(), "localhost"),
            Some(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(
            lookup(CENTOS.as_bytes(), "LOCALHOST4."),
            Some(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(lookup(CENTOS.as_bytes(), "localhost6"), None);
    }

    #[test]
    fn an_added_line_names_a_peer_and_the_first_line_wins() {
        let text = format!(
            "{CENTOS}10.0.0.11 etcd1.example.com etcd1  # the first member\n\
             10.0.0.99 etcd1\n# 10.0.0.12 etcd2\n"
        );
        let at = |n| lookup(text.as_bytes(), n);
        assert_eq!(at("etcd1"), Some(Ipv4Addr::new(10, 0, 0, 11)));
        assert_eq!(at("Etcd1.Example.com"), Some(Ipv4Addr::new(10, 0, 0, 11)));
        assert_eq!(at("etcd2"), None, "a commented-out line names nothing");
        assert_eq!(at("example.com"), None, "names match whole, not by suffix");
        assert_eq!(at(""), None);
    }

    #[test]
    fn broken_lines_are_skipped() {
        let text = "not-an-ip etcd1\n10.0.0.300 etcd1\n10.0.0.13\n10.0.0.12 etcd1\n";
        assert_eq!(
            lookup(text.as_bytes(), "etcd1"),
            Some(Ipv4Addr::new(10, 0, 0, 12))
        );
        assert_eq!(
            lookup(b"\xff\xfe 10.0.0.1 x\n10.0.0.2 x", "x"),
            Some(Ipv4Addr::new(10, 0, 0, 2))
        );
    }

    #[test]
    fn only_the_first_64_kib_are_read() {
        let mut text = "#".repeat(MAX_HOSTS_FILE_BYTES);
        text.push_str("\n10.0.0.11 late\n");
        assert_eq!(lookup(text.as_bytes(), "late"), None);
    }
}
