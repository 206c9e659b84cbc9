//! etcd's URL: Go's `net/url` parse rules for the subset etcd accepts (`types.NewURLs`):
//! a scheme of http, https, unix or unixs, a `host:port` authority, no path. Written by hand
//! because the `url` crate follows WHATWG (it drops default ports, rewrites hosts and
//! accepts inputs Go refuses), so its output would not round-trip etcd's.

use std::fmt;

use super::go_syntax::go_quote;

/// Most URLs one list may hold (a flag value, an env var or a YAML string).
pub const MAX_URLS: usize = 64;
/// Longest single URL accepted, in bytes.
pub const MAX_URL_BYTES: usize = 2048;

/// A URL that passed etcd's checks; it prints exactly as Go's `url.URL.String` would.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Url {
    scheme: String,
    userinfo: Option<String>,
    host: String,
    query: Option<String>,
    fragment: Option<String>,
}

impl Url {
    /// One element of an etcd URL list, checked as `types.NewURLs` does (after trimming
    /// spaces). The error is etcd's message.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let input = raw.trim();
        if input.len() > MAX_URL_BYTES {
            return Err(format!("URL longer than {MAX_URL_BYTES} bytes: {input}"));
        }
        let parsed = go_parse(input)?;
        if !matches!(
            parsed.url.scheme.as_str(),
            "http" | "https" | "unix" | "unixs"
        ) {
            return Err(format!(
                "URL scheme must be http, https, unix, or unixs: {input}"
            ));
        }
        if split_host_port(&parsed.url.host).is_err() {
            return Err(format!(
                "URL address does not have the form \"host:port\": {input}"
            ));
        }
        if parsed.has_path {
            return Err(format!("URL must not contain a path: {input}"));
        }
        Ok(parsed.url)
    }

    /// `http://<ip>:<port>`, for callers that build configurations.
    pub fn http(host: &str, port: u16) -> Result<Self, String> {
        Self::parse(&format!("http://{host}:{port}"))
    }

    /// The lower-cased scheme.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// `host:port` as written (IPv6 hosts keep their brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The host without port or brackets (`url.URL.Hostname`).
    pub fn hostname(&self) -> &str {
        split_host_port(&self.host)
            .map(|(h, _)| h)
            .unwrap_or_default()
    }

    /// The port text (`url.URL.Port`).
    pub fn port(&self) -> &str {
        split_host_port(&self.host)
            .map(|(_, p)| p)
            .unwrap_or_default()
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://", self.scheme)?;
        if let Some(user) = &self.userinfo {
            write!(f, "{user}@")?;
        }
        f.write_str(&self.host)?;
        if let Some(q) = &self.query {
            write!(f, "?{q}")?;
        }
        if let Some(frag) = &self.fragment {
            write!(f, "#{frag}")?;
        }
        Ok(())
    }
}

/// A comma-separated etcd URL list (`types.NewURLs(strings.Split(s, ","))`): every element
/// checked, the result sorted by its text as etcd sorts it.
pub fn parse_url_list(s: &str) -> Result<Vec<Url>, String> {
    let parts: Vec<&str> = s.split(',').collect();
    if parts.len() > MAX_URLS {
        return Err(format!("more than {MAX_URLS} URLs in one list"));
    }
    let mut urls = parts
        .into_iter()
        .map(Url::parse)
        .collect::<Result<Vec<_>, _>>()?;
    urls.sort_by_key(|u| u.to_string());
    Ok(urls)
}

/// URLs joined back into the comma-separated form etcd reads.
pub fn join_urls(urls: &[Url]) -> String {
    urls.iter()
        .map(Url::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

struct GoParsed {
    url: Url,
    has_path: bool,
}

/// Go's `url.Parse`, reduced to what decides etcd's verdict; errors read `parse "<url>": ...`.
fn go_parse(raw: &str) -> Result<GoParsed, String> {
    let (before_frag, fragment) = match raw.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (raw, None),
    };
    let fail = |why: String| format!("parse {}: {why}", go_quote(before_frag));
    if before_frag.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(fail("net/url: invalid control character in URL".into()));
    }
    let (scheme, rest) = go_scheme(before_frag).map_err(|e| fail(e.into()))?;
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q.to_string())),
        None => (rest, None),
    };
    let mut url = Url {
        scheme: scheme.to_ascii_lowercase(),
        userinfo: None,
        host: String::new(),
        query,
        fragment: None,
    };
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            // Opaque (`localhost:2379` reads as scheme "localhost"): no host, etcd refuses it.
            return Ok(GoParsed {
                url,
                has_path: false,
            });
        }
        if rest.split('/').next().unwrap_or_default().contains(':') {
            return Err(fail(
                "first path segment in URL cannot contain colon".into(),
            ));
        }
    }
    let mut path = rest;
    if let Some(after) = rest.strip_prefix("//") {
        let (authority, tail) = after.find('/').map_or((after, ""), |i| after.split_at(i));
        let (user, host) = parse_authority(authority).map_err(fail)?;
        url.userinfo = user;
        url.host = host;
        path = tail;
    }
    check_escapes(path).map_err(fail)?;
    if let Some(frag) = fragment {
        check_escapes(frag).map_err(|e| format!("parse {}: {e}", go_quote(raw)))?;
        url.fragment = Some(frag.to_string());
    }
    Ok(GoParsed {
        url,
        has_path: !path.is_empty(),
    })
}

/// Go's `getScheme`.
fn go_scheme(raw: &str) -> Result<(&str, &str), &'static str> {
    for (i, c) in raw.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return Err("missing protocol scheme"),
            ':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn parse_authority(authority: &str) -> Result<(Option<String>, String), String> {
    let (user, host) = match authority.rfind('@') {
        Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
        None => (None, authority),
    };
    parse_host(host)?;
    if let Some(u) = user {
        let valid = u
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c));
        if !valid {
            return Err("net/url: invalid userinfo".into());
        }
        check_escapes(u)?;
    }
    Ok((user.map(str::to_string), host.to_string()))
}

/// Go's `parseHost`: a port must be digits, and only host characters may appear.
fn parse_host(host: &str) -> Result<(), String> {
    let colon_port = if host.starts_with('[') {
        let end = host.rfind(']').ok_or("missing ']' in host")?;
        &host[end + 1..]
    } else {
        host.rfind(':').map_or("", |i| &host[i..])
    };
    let port_ok = colon_port
        .strip_prefix(':')
        .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !colon_port.is_empty() && !port_ok {
        return Err(format!("invalid port {} after host", go_quote(colon_port)));
    }
    if let Some(i) = host.find('%') {
        let escape: String = host[i..].chars().take(3).collect();
        return Err(format!("invalid URL escape {}", go_quote(&escape)));
    }
    let bad = host.chars().find(|&c| {
        c.is_ascii() && !(c.is_ascii_alphanumeric() || "!$&'()*+,;=:[]<>\"-_.~".contains(c))
    });
    match bad {
        Some(c) => Err(format!(
            "invalid character {} in host name",
            go_quote(&c.to_string())
        )),
        None => Ok(()),
    }
}

/// Every `%` must start a two-digit hex escape (Go's `unescape`).
fn check_escapes(s: &str) -> Result<(), String> {
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let ok = bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
            if !ok {
                let escape: String = s[i..].chars().take(3).collect();
                return Err(format!("invalid URL escape {}", go_quote(&escape)));
            }
        }
    }
    Ok(())
}

/// Go's `net.SplitHostPort`; the error is its reason text.
pub fn split_host_port(hostport: &str) -> Result<(&str, &str), &'static str> {
    let colon = hostport.rfind(':').ok_or("missing port in address")?;
    let (host, inner_start, after_host) = if hostport.starts_with('[') {
        let end = hostport.find(']').ok_or("missing ']' in address")?;
        if end + 1 == hostport.len() {
            return Err("missing port in address");
        }
        if end + 1 != colon {
            return Err(if hostport.as_bytes().get(end + 1) == Some(&b':') {
                "too many colons in address"
            } else {
                "missing port in address"
            });
        }
        (&hostport[1..end], 1, end + 1)
    } else {
        let host = &hostport[..colon];
        if host.contains(':') {
            return Err("too many colons in address");
        }
        (host, 0, 0)
    };
    if hostport[inner_start..].contains('[') {
        return Err("unexpected '[' in address");
    }
    if hostport[after_host..].contains(']') {
        return Err("unexpected ']' in address");
    }
    Ok((host, &hostport[colon + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etcd_urls_print_back_as_written() {
        for s in [
            "http://127.0.0.1:2379",
            "https://[::1]:2380",
            "unix://localhost:2379",
            "http://user:pw@10.0.0.1:1?x=1#f",
        ] {
            assert_eq!(Url::parse(s).map(|u| u.to_string()), Ok(s.to_string()));
        }
        let u = Url::parse(" HTTP://10.0.1.10:2380 ").expect("valid");
        assert_eq!(
            (u.to_string().as_str(), u.hostname(), u.port()),
            ("http://10.0.1.10:2380", "10.0.1.10", "2380")
        );
    }

    #[test]
    fn etcd_refuses_urls_with_its_own_words() {
        let cases = [
            (
                "localhost:2379",
                "URL scheme must be http, https, unix, or unixs: localhost:2379",
            ),
            (
                "http://localhost",
                "URL address does not have the form \"host:port\": http://localhost",
            ),
            (
                "http://1.2.3.4:2380/",
                "URL must not contain a path: http://1.2.3.4:2380/",
            ),
            (
                "127.0.0.1:2380",
                "parse \"127.0.0.1:2380\": first path segment in URL cannot contain colon",
            ),
            (
                "http://a:b",
                "parse \"http://a:b\": invalid port \":b\" after host",
            ),
            ("abc", "URL scheme must be http, https, unix, or unixs: abc"),
            ("", "URL scheme must be http, https, unix, or unixs: "),
            (":80", "parse \":80\": missing protocol scheme"),
        ];
        for (input, message) in cases {
            assert_eq!(Url::parse(input), Err(message.to_string()), "{input}");
        }
    }

    #[test]
    fn lists_are_sorted_like_etcd_sorts_them() {
        let urls = parse_url_list("http://b:2,http://a:1").expect("valid");
        assert_eq!(join_urls(&urls), "http://a:1,http://b:2");
    }

    #[test]
    fn split_host_port_matches_go() {
        assert_eq!(split_host_port("a:1"), Ok(("a", "1")));
        assert_eq!(split_host_port("[::1]:2"), Ok(("::1", "2")));
        assert_eq!(split_host_port("a"), Err("missing port in address"));
        assert_eq!(split_host_port("a:b:c"), Err("too many colons in address"));
        assert_eq!(split_host_port(":1"), Ok(("", "1")));
    }
}
