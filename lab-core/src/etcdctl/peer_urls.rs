//! The check clientv3's `MemberAdd`/`MemberUpdate` run on `--peer-urls` before sending
//! (`types.NewURLs` over Go's `url.Parse`), with Go's error texts.

use super::gofmt::quote;

/// Validates each URL as `types.NewURLs` does; the error is the text etcdctl prints.
pub(crate) fn check(urls: &[String]) -> Result<(), String> {
    if urls.is_empty() {
        return Err("no valid URLs given".to_owned());
    }
    for raw in urls {
        let url = raw.trim();
        let parsed = parse(url).map_err(|why| format!("parse {}: {why}", quote(url.as_bytes())))?;
        if !matches!(parsed.scheme.as_str(), "http" | "https" | "unix" | "unixs") {
            return Err(format!(
                "URL scheme must be http, https, unix, or unixs: {url}"
            ));
        }
        if !has_port(&parsed.host) {
            return Err(format!(
                "URL address does not have the form \"host:port\": {url}"
            ));
        }
        if !parsed.path.is_empty() {
            return Err(format!("URL must not contain a path: {url}"));
        }
    }
    Ok(())
}

/// The parts of a URL the check looks at.
struct Parsed {
    scheme: String,
    host: String,
    path: String,
}

/// Enough of Go's `url.Parse` for the checks above.
fn parse(url: &str) -> Result<Parsed, &'static str> {
    let (scheme, rest) = split_scheme(url)?;
    if scheme.is_empty() {
        let first_segment = rest.split('/').next().unwrap_or("");
        if first_segment.contains(':') {
            return Err("first path segment in URL cannot contain colon");
        }
        return Ok(Parsed {
            scheme,
            host: String::new(),
            path: rest.to_owned(),
        });
    }
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let Some(authority_and_path) = rest.strip_prefix("//") else {
        return Ok(Parsed {
            scheme,
            host: String::new(),
            path: String::new(),
        });
    };
    let (authority, path) = match authority_and_path.find('/') {
        Some(i) => authority_and_path.split_at(i),
        None => (authority_and_path, ""),
    };
    let host = authority.rsplit('@').next().unwrap_or("").to_owned();
    Ok(Parsed {
        scheme,
        host,
        path: path.to_owned(),
    })
}

/// Go's `getScheme`: letters, then letters, digits, `+`, `-`, `.`, then a colon.
fn split_scheme(url: &str) -> Result<(String, &str), &'static str> {
    for (i, c) in url.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return Err("missing protocol scheme"),
            ':' => {
                let (scheme, rest) = url.split_at(i);
                return Ok((scheme.to_ascii_lowercase(), rest.get(1..).unwrap_or("")));
            }
            _ => return Ok((String::new(), url)),
        }
    }
    Ok((String::new(), url))
}

/// Go's `net.SplitHostPort` succeeds: `host:port` or `[v6]:port`, one colon outside
/// brackets.
fn has_port(host: &str) -> bool {
    if let Some(rest) = host.strip_prefix('[') {
        return rest
            .split_once("]:")
            .is_some_and(|(_, port)| !port.contains(':'));
    }
    host.matches(':').count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(url: &str) -> Result<(), String> {
        check(&[url.to_owned()])
    }

    #[test]
    fn urls_are_checked_as_etcd_checks_them() {
        assert_eq!(one("http://127.0.0.1:2380"), Ok(()));
        assert_eq!(
            one("127.0.0.1:26380"),
            Err("parse \"127.0.0.1:26380\": first path segment in URL cannot contain colon".into())
        );
        assert_eq!(
            one("localhost:2380"),
            Err("URL scheme must be http, https, unix, or unixs: localhost:2380".into())
        );
        assert_eq!(
            one("http://host"),
            Err("URL address does not have the form \"host:port\": http://host".into())
        );
        assert_eq!(
            one("http://h:1/p"),
            Err("URL must not contain a path: http://h:1/p".into())
        );
    }
}
