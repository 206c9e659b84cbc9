//! etcd's checks, in etcd's order and words: `embed.Config.Validate` (run when the
//! configuration is read; failures exit 1 after `error verifying flags`) and
//! `VerifyBootstrap` / `VerifyJoinExisting` (run when a member with an empty data dir
//! starts; failures are fatal `etcdmain` lines).

use super::error::{ConfigError, Diagnostic, UNSET_ADVERTISE_CLIENT_URLS};
use super::etcd_config::{ClusterState, EtcdConfig};
use super::go_syntax::{go_quote, go_quote_list};
use super::initial_cluster::{ClusterMember, urls_map_string, urls_of};
use super::url::{Url, join_urls, split_host_port};

/// etcd's `maxElectionMs`.
pub const MAX_ELECTION_MS: u64 = 50_000;

impl EtcdConfig {
    /// `embed.Config.Validate`. `Ok` carries the `[WARNING]` lines etcd prints on stderr
    /// while setting up logging (the capnslog deprecation notice, on every default run).
    pub fn validate(&self) -> Result<Vec<Diagnostic>, ConfigError> {
        let verify = |m: String| ConfigError::Verify(m);
        let warnings = self.logging_warnings().map_err(verify)?;
        for urls in [
            &self.listen_peer_urls,
            &self.listen_client_urls,
            &self.listen_metrics_urls,
        ] {
            check_bind_urls(urls).map_err(verify)?;
        }
        for (flag, urls) in [
            (
                "--initial-advertise-peer-urls",
                &self.initial_advertise_peer_urls,
            ),
            ("--advertise-client-urls", &self.advertise_client_urls),
        ] {
            if let Err(why) = check_host_urls(urls) {
                let list: Vec<String> = urls.iter().map(Url::to_string).collect();
                return Err(verify(format!(
                    "{flag} {} must be \"host:port\" ({why})",
                    go_quote(&list.join(","))
                )));
            }
        }
        self.check_timing_and_bootstrap().map_err(verify)?;
        Ok(warnings)
    }

    /// The `[WARNING]` lines etcd prints before any verdict (empty if logging is misconfigured).
    pub fn logging_notes(&self) -> Vec<Diagnostic> {
        self.logging_warnings().unwrap_or_default()
    }

    fn check_timing_and_bootstrap(&self) -> Result<(), String> {
        let sources = [
            !self.discovery.is_empty(),
            !self.initial_cluster.is_empty(),
            !self.discovery_srv.is_empty(),
        ];
        if sources.iter().filter(|s| **s).count() > 1 {
            return Err("multiple discovery or bootstrap flags are set. Choose one of \"initial-cluster\", \"discovery\" or \"discovery-srv\"".into());
        }
        let (tick, election) = (self.heartbeat_interval_ms, self.election_timeout_ms);
        if tick == 0 {
            return Err(format!("--heartbeat-interval must be >0 (set to {tick}ms)"));
        }
        if election == 0 {
            return Err(format!(
                "--election-timeout must be >0 (set to {election}ms)"
            ));
        }
        // Go's uint arithmetic wraps; so does etcd's check.
        if tick.wrapping_mul(5) > election {
            return Err(format!(
                "--election-timeout[{election}ms] should be at least as 5 times as --heartbeat-interval[{tick}ms]"
            ));
        }
        if election > MAX_ELECTION_MS {
            return Err(format!(
                "--election-timeout[{election}ms] is too long, and should be set less than {MAX_ELECTION_MS}ms"
            ));
        }
        if !self.listen_client_urls.is_empty() && self.advertise_client_urls.is_empty() {
            return Err(UNSET_ADVERTISE_CLIENT_URLS.into());
        }
        if !matches!(
            self.auto_compaction_mode.as_str(),
            "" | "periodic" | "revision"
        ) {
            return Err(format!(
                "unknown auto-compaction-mode {}",
                go_quote(&self.auto_compaction_mode)
            ));
        }
        if self.experimental_enable_lease_checkpoint_persist
            && !self.experimental_enable_lease_checkpoint
        {
            return Err("setting experimental-enable-lease-checkpoint-persist requires experimental-enable-lease-checkpoint".into());
        }
        Ok(())
    }

    /// `setupLogging`'s checks and stderr warnings (the `log-output` migration rewrite of
    /// 3.4 is not modelled: both lists are kept as given).
    fn logging_warnings(&self) -> Result<Vec<Diagnostic>, String> {
        let mut out = Vec::new();
        let (old, new) = (&self.log_output, &self.log_outputs);
        if old.len() == new.len() {
            if old.len() > 1 {
                return Err(
                    "both '--log-output' and '--log-outputs' are set; only set '--log-outputs'"
                        .into(),
                );
            }
            if old.is_empty() {
                return Err("either '--log-output' or '--log-outputs' flag must be set".into());
            }
            if old == new && old.first().map(String::as_str) != Some("default") {
                return Err(format!(
                    "'--log-output={}' and '--log-outputs={}' are incompatible; only set --log-outputs",
                    go_quote_list(old),
                    go_quote_list(new)
                ));
            }
            if old.as_slice() != ["default"] {
                out.push(Diagnostic::Plain(format!(
                    "[WARNING] Deprecated '--log-output' flag is set to {}",
                    go_quote_list(old)
                )));
                out.push(Diagnostic::Plain("Please use '--log-outputs' flag".into()));
            }
        } else if old.len() > new.len() {
            out.push(Diagnostic::Plain(
                "'--log-output' flag has been deprecated! Please use '--log-outputs'!".into(),
            ));
        }
        if self.debug {
            out.push(Diagnostic::Plain("[WARNING] Deprecated '--debug' flag is set to true (use '--log-level=debug' instead".into()));
            if self.log_level != "debug" {
                out.push(Diagnostic::Plain(format!("[WARNING] Deprecated '--debug' flag is set to true with inconsistent '--log-level={}' flag", self.log_level)));
            }
        }
        if self.logger == "capnslog" {
            out.push(Diagnostic::Plain("[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead".into()));
        }
        if !self.log_package_levels.is_empty() {
            out.push(Diagnostic::Plain(format!("[WARNING] Deprecated '--log-package-levels={}' flag is set; use '--logger=zap' flag instead", self.log_package_levels)));
        }
        self.check_logger()?;
        Ok(out)
    }

    fn check_logger(&self) -> Result<(), String> {
        let outputs = if self.log_output.len() > self.log_outputs.len() {
            &self.log_output
        } else {
            &self.log_outputs
        };
        match self.logger.as_str() {
            "capnslog" => match outputs.as_slice() {
                [one] if matches!(one.as_str(), "default" | "stderr" | "stdout") => Ok(()),
                [one] => Err(format!(
                    "unknown log-output {} (only supports \"default\", \"stderr\", \"stdout\")",
                    go_quote(one)
                )),
                _ => Err(format!(
                    "--logger=capnslog supports only 1 value in '--log-outputs', got {}",
                    go_quote_list(outputs)
                )),
            },
            "zap" if outputs.len() > 1 && outputs.iter().any(|o| o == "default") => {
                Err("multi logoutput for \"default\" is not supported yet".into())
            }
            "zap" => Ok(()),
            other => Err(format!("unknown logger option {}", go_quote(other))),
        }
    }

    /// The checks a member with an empty data dir runs before it bootstraps: the initial
    /// cluster must parse, name this member, agree with its advertised peer URLs and hold
    /// no URL twice (`VerifyBootstrap` for a new cluster, `VerifyJoinExisting` otherwise).
    /// Host names are compared as written (`localhost` = `127.0.0.1`); no DNS.
    pub fn verify_bootstrap(&self) -> Result<Vec<ClusterMember>, ConfigError> {
        let fail = ConfigError::Bootstrap;
        if !self.discovery.is_empty() || !self.discovery_srv.is_empty() {
            return Err(fail(
                "discovery is not available in the lab; use --initial-cluster".into(),
            ));
        }
        let members = self
            .initial_cluster
            .members()
            .map_err(|e| fail(format!("error setting up initial cluster: {e}")))?;
        if urls_of(&members, &self.name).is_none() {
            return Err(fail(format!(
                "couldn't find local name {} in the initial cluster configuration",
                go_quote(&self.name)
            )));
        }
        if self.initial_cluster_state == ClusterState::New {
            self.advertise_matches_cluster(&members).map_err(fail)?;
        }
        let mut all: Vec<String> = members
            .iter()
            .flat_map(|(_, u)| u.iter().map(Url::to_string))
            .collect();
        let count = all.len();
        all.sort();
        all.dedup();
        if all.len() != count {
            return Err(fail(format!(
                "initial cluster {} has duplicate url",
                urls_map_string(&members)
            )));
        }
        if members.is_empty() {
            return Err(fail(
                "initial cluster unset and no discovery URL found".into(),
            ));
        }
        Ok(members)
    }

    fn advertise_matches_cluster(&self, members: &[ClusterMember]) -> Result<(), String> {
        let in_cluster: Vec<String> = urls_of(members, &self.name)
            .unwrap_or_default()
            .iter()
            .map(Url::to_string)
            .collect();
        let mut advertised: Vec<String> = self
            .initial_advertise_peer_urls
            .iter()
            .map(Url::to_string)
            .collect();
        advertised.sort();
        let resolve = |u: &String| u.replace("://localhost:", "://127.0.0.1:");
        let (a, b): (Vec<String>, Vec<String>) = (
            advertised.iter().map(resolve).collect(),
            in_cluster.iter().map(resolve).collect(),
        );
        let why = if a.len() != b.len() {
            format!(
                "len({}) != len({})",
                go_quote_list(&advertised),
                go_quote_list(&in_cluster)
            )
        } else {
            match a.iter().zip(&b).find(|(x, y)| x != y) {
                None => return Ok(()),
                Some((x, y)) => format!("resolved urls: {} != {}", go_quote(x), go_quote(y)),
            }
        };
        let missing: Vec<String> = in_cluster
            .iter()
            .filter(|u| !advertised.contains(u))
            .map(|u| format!("{}={u}", self.name))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "--initial-cluster has {} but missing from --initial-advertise-peer-urls={} ({why})",
                missing.join(","),
                advertised.join(",")
            ));
        }
        let extra: Vec<&String> = advertised
            .iter()
            .filter(|u| !in_cluster.contains(u))
            .collect();
        let own = urls_map_string(&[(self.name.clone(), self.initial_advertise_peer_urls.clone())]);
        if !extra.is_empty() {
            let extra: Vec<&str> = extra.iter().map(|s| s.as_str()).collect();
            return Err(format!(
                "--initial-advertise-peer-urls has {} but missing from --initial-cluster={own}",
                extra.join(",")
            ));
        }
        Err(format!(
            "failed to resolve {} to match --initial-cluster={own} ({why})",
            join_urls(&self.initial_advertise_peer_urls)
        ))
    }
}

/// `checkBindURLs`: a listen URL needs an IP (or `localhost`), not a host name.
fn check_bind_urls(urls: &[Url]) -> Result<(), String> {
    for url in urls
        .iter()
        .filter(|u| !matches!(u.scheme(), "unix" | "unixs"))
    {
        let host = split_host_port(url.host())
            .map(|(h, _)| h)
            .unwrap_or_default();
        let is_ip = host.parse::<std::net::IpAddr>().is_ok();
        if host != "localhost" && !is_ip {
            return Err(format!("expected IP in URL for binding ({url})"));
        }
    }
    Ok(())
}

/// `checkHostURLs`: an advertised URL needs a host.
fn check_host_urls(urls: &[Url]) -> Result<(), String> {
    match urls.iter().find(|u| u.hostname().is_empty()) {
        Some(url) => Err(format!("unexpected empty host ({url})")),
        None => Ok(()),
    }
}
