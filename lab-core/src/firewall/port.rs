//! Transport protocols and port ranges as firewalld writes them (`2379/tcp`, `2379-2380/tcp`).

use std::fmt;

/// A transport protocol the lab's network carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tcp => "tcp",
            Self::Udp => "udp",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "tcp" => Some(Self::Tcp),
            "udp" => Some(Self::Udp),
            _ => None,
        }
    }
}

/// An inclusive range of ports of one protocol; a single port has `first == last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortRange {
    pub first: u16,
    pub last: u16,
    pub proto: Proto,
}

impl PortRange {
    pub fn single(port: u16, proto: Proto) -> Self {
        Self {
            first: port,
            last: port,
            proto,
        }
    }

    pub fn contains(&self, port: u16, proto: Proto) -> bool {
        self.proto == proto && (self.first..=self.last).contains(&port)
    }

    /// `2379` or `2379-2380`, without the protocol.
    pub fn ports_text(&self, range_sep: char) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{}{range_sep}{}", self.first, self.last)
        }
    }
}

impl fmt::Display for PortRange {
    /// `2379/tcp`, `2379-2380/tcp`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.ports_text('-'), self.proto.as_str())
    }
}

/// One port number 1–65535 or a `first-last` range of them; `None` if invalid.
pub fn parse_ports(text: &str, range_sep: char) -> Option<(u16, u16)> {
    let number = |t: &str| {
        t.parse::<u16>()
            .ok()
            .filter(|p| *p != 0 && t.chars().all(|c| c.is_ascii_digit()))
    };
    match text.split_once(range_sep) {
        Some((a, b)) => {
            let (first, last) = (number(a)?, number(b)?);
            (first <= last).then_some((first, last))
        }
        None => number(text).map(|p| (p, p)),
    }
}
