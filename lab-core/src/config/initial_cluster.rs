//! [`InitialCluster`]: `--initial-cluster` as etcd keeps it, a string that is only parsed
//! into a name → peer-URLs map when a member bootstraps (`types.NewURLsMap`). Keeping the
//! text means a bad value fails where etcd fails (at bootstrap, not at flag parsing).

use std::fmt;

use super::url::Url;

/// Most `name=url` pairs one `--initial-cluster` may hold.
pub const MAX_CLUSTER_PAIRS: usize = 256;

/// `--initial-cluster`, verbatim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InitialCluster(String);

/// One member of the initial cluster: its name and its peer URLs (sorted).
pub type ClusterMember = (String, Vec<Url>);

impl InitialCluster {
    /// Wraps the text as given on the command line.
    pub fn new(text: &str) -> Self {
        Self(text.to_string())
    }

    /// Builds `name=url,...` from members, in the order given.
    pub fn from_members(members: &[(String, Url)]) -> Self {
        let pairs: Vec<String> = members.iter().map(|(n, u)| format!("{n}={u}")).collect();
        Self(pairs.join(","))
    }

    /// The text as etcd holds it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when no initial cluster is set (discovery is used instead).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The members, in first-appearance order; a name given twice collects both URLs.
    /// Errors are etcd's URL messages.
    pub fn members(&self) -> Result<Vec<ClusterMember>, String> {
        let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
        for pair in self
            .0
            .split(',')
            .filter(|p| !p.is_empty())
            .take(MAX_CLUSTER_PAIRS + 1)
        {
            let (name, url) = pair.split_once('=').unwrap_or((pair, ""));
            match grouped.iter_mut().find(|(n, _)| n == name) {
                Some((_, urls)) => urls.push(url.to_string()),
                None => grouped.push((name.to_string(), vec![url.to_string()])),
            }
        }
        if grouped.len() > MAX_CLUSTER_PAIRS {
            return Err(format!(
                "more than {MAX_CLUSTER_PAIRS} members in --initial-cluster"
            ));
        }
        grouped
            .into_iter()
            .map(|(name, raw)| {
                let mut urls = raw
                    .iter()
                    .map(|u| Url::parse(u))
                    .collect::<Result<Vec<_>, _>>()?;
                urls.sort_by_key(Url::to_string);
                Ok((name, urls))
            })
            .collect()
    }
}

impl fmt::Display for InitialCluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `URLsMap.String()`: every `name=url` pair, sorted.
pub fn urls_map_string(members: &[ClusterMember]) -> String {
    let mut pairs: Vec<String> = members
        .iter()
        .flat_map(|(n, urls)| urls.iter().map(move |u| format!("{n}={u}")))
        .collect();
    pairs.sort();
    pairs.join(",")
}

/// The peer URLs of `name`, comma-joined, or `None` when the name is absent.
pub fn urls_of<'a>(members: &'a [ClusterMember], name: &str) -> Option<&'a [Url]> {
    members
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, u)| u.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::url::join_urls;

    #[test]
    fn members_keep_the_order_written_and_group_repeated_names() {
        let ic = InitialCluster::new(
            "b=http://10.0.0.2:2380,a=http://10.0.0.1:2380,b=http://10.0.0.3:2380",
        );
        let members = ic.members().expect("valid");
        let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        assert_eq!(
            urls_of(&members, "b").map(join_urls).as_deref(),
            Some("http://10.0.0.2:2380,http://10.0.0.3:2380")
        );
        assert_eq!(
            urls_map_string(&members),
            "a=http://10.0.0.1:2380,b=http://10.0.0.2:2380,b=http://10.0.0.3:2380"
        );
    }

    #[test]
    fn a_pair_without_url_fails_with_etcds_scheme_message() {
        let err = InitialCluster::new("garbage").members();
        assert_eq!(
            err,
            Err("URL scheme must be http, https, unix, or unixs: ".to_string())
        );
    }
}
