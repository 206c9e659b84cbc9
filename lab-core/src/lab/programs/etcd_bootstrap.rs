//! How a new member of an `etcd` command learns its initial cluster when it is not given
//! one: `--discovery-srv DOMAIN` (SRV records in the lab's DNS, resolved as etcd 3.4.23's
//! `GetDNSClusterNames` does) and `--discovery URL` (the v2 discovery protocol, run by the
//! `etcd` program before its member process starts, printing what etcd prints).

use super::etcd_discovery::{Discovery, DiscoveryError, log};
use crate::config::{EtcdConfig, InitialCluster, Url};
use crate::lab::program::ProgramCtx;
use crate::sim::{EtcdLaunch, OutputStream, World, etcd_member_id, startup_banner};
use crate::time::WallClock;

/// `--discovery-srv`: the initial cluster from `_etcd-server-ssl._tcp.DOMAIN` (with
/// `--discovery-srv-name NAME`, `_etcd-server-ssl-NAME._tcp.DOMAIN`), or etcd's error.
///
/// etcd 3.4.23 also looks up `_etcd-server._tcp` (http), but a slip in
/// `GetDNSClusterNames` (`if httpCerr != nil`) drops those answers, so only the `-ssl`
/// records bootstrap a cluster; the lab keeps that behaviour.
pub(super) fn srv_initial_cluster(
    world: &World,
    host: usize,
    cfg: &EtcdConfig,
) -> Result<InitialCluster, String> {
    let suffix = if cfg.discovery_srv_name.is_empty() {
        String::new()
    } else {
        format!("-{}", cfg.discovery_srv_name)
    };
    let service = format!("etcd-server-ssl{suffix}");
    let parts = srv_cluster(world, host, cfg, &service, "https")?;
    let text = parts.join(",");
    let cluster = InitialCluster::new(&text);
    let named = cluster
        .members()
        .is_ok_and(|m| m.iter().any(|(n, _)| *n == cfg.name));
    if !named {
        return Err(format!(
            "cannot find local etcd member {:?} in SRV records",
            cfg.name
        ));
    }
    Ok(cluster)
}

/// etcd's `srv.GetCluster`: one `name=scheme://target:port` per record; the record whose
/// address is one of this member's advertised peer URLs gets its name, others `0`, `1`...
fn srv_cluster(
    world: &World,
    host: usize,
    cfg: &EtcdConfig,
    service: &str,
    scheme: &str,
) -> Result<Vec<String>, String> {
    let fail = |e: String| format!("error querying DNS SRV records for _{service} {e}");
    let own: Vec<(std::net::Ipv4Addr, u16, &Url)> = cfg
        .initial_advertise_peer_urls
        .iter()
        .filter_map(|u| {
            let ip = world.resolve_name(host, u.hostname())?;
            Some((ip, u.port().parse().ok()?, u))
        })
        .collect();
    let records = world
        .dns()
        .lookup_srv(service, "tcp", &cfg.discovery_srv)
        .map_err(fail)?;
    let mut parts = Vec::new();
    let mut temp_name = 0u32;
    let mut last_err = None;
    for record in records {
        let target = record.target.trim_end_matches('.');
        let Some(ip) = world.resolve_name(host, target) else {
            last_err = Some(format!(
                "lookup {target} on {}: no such host",
                crate::sim::NAMESERVER
            ));
            continue;
        };
        let mine = own.iter().find(|(i, p, _)| *i == ip && *p == record.port);
        let name = match mine {
            Some(_) => cfg.name.clone(),
            None => {
                temp_name = temp_name.saturating_add(1);
                (temp_name - 1).to_string()
            }
        };
        let url_host = format!("{target}:{}", record.port);
        match mine {
            Some((_, _, url)) if url.scheme() != scheme => {
                last_err = Some(format!(
                    "bootstrap at {scheme}://{url_host} from DNS for {service} has scheme mismatch with expected peer {url}"
                ));
            }
            _ => parts.push(format!("{name}={scheme}://{url_host}")),
        }
    }
    match (parts.is_empty(), last_err) {
        (true, Some(e)) => Err(fail(e)),
        _ => Ok(parts),
    }
}

/// `--discovery URL` for a member with no data: prints the banner, runs the protocol and
/// fills in the initial cluster and token (the URL). `Err` is etcd's exit status after it
/// printed why.
pub(super) async fn discover(
    ctx: &mut ProgramCtx<'_>,
    launch: &mut EtcdLaunch,
    fallback_proxy: bool,
) -> Result<(), i32> {
    let Some(url) = launch.discovery.clone() else {
        return Ok(());
    };
    // Waiting on the discovery service, as a started member waits on its peers.
    ctx.lab.set_waiting(ctx.host);
    let wall = WallClock::at(ctx.lab.now());
    for line in startup_banner(&wall, launch, false) {
        (ctx.out)(OutputStream::Stderr, format!("{line}\n").as_bytes());
    }
    launch.banner_printed = true;
    let peer_urls: Vec<&str> = launch
        .identity
        .peer_urls
        .iter()
        .map(String::as_str)
        .collect();
    let id = etcd_member_id(&peer_urls, &url, None);
    let entry: Vec<String> = launch
        .identity
        .peer_urls
        .iter()
        .map(|u| format!("{}={u}", launch.name))
        .collect();
    let joined = match Discovery::new(&url, id) {
        Ok(mut discovery) => discovery.join_cluster(ctx, &entry.join(",")).await,
        Err(e) => Err(e),
    };
    match joined {
        Ok(members) => {
            launch.identity.token = url;
            launch.identity.initial_cluster = members
                .iter()
                .map(|(name, urls)| (name.clone(), urls.iter().map(Url::to_string).collect()))
                .collect();
            Ok(())
        }
        Err(e) => Err(report(ctx, launch, &url, &e, fallback_proxy)),
    }
}

/// etcdmain's lines for a failed discovery; returns the exit status.
fn report(
    ctx: &mut ProgramCtx<'_>,
    launch: &EtcdLaunch,
    url: &str,
    err: &DiscoveryError,
    fallback_proxy: bool,
) -> i32 {
    let mut say = |level: char, text: &str| log(ctx, level, "etcdmain", text);
    match err {
        DiscoveryError::Interrupted => return 130,
        DiscoveryError::FullCluster if fallback_proxy => {
            say('N', "discovery cluster full, falling back to proxy");
            say('N', "proxy: this proxy supports v2 API only!");
            say(
                'C',
                "the lab does not simulate etcd's v2 proxy; use --discovery-fallback=exit",
            );
        }
        DiscoveryError::DuplicateId => {
            say(
                'E',
                &format!(
                    "member {:?} has previously registered with discovery service token ({url}).",
                    launch.name
                ),
            );
            say(
                'E',
                &format!(
                    "But etcd could not find valid cluster configuration in the given data dir ({}).",
                    launch.data_dir
                ),
            );
            say(
                'I',
                "Please check the given data dir path if the previous bootstrap succeeded",
            );
            say(
                'I',
                "or use a new discovery token if the previous bootstrap failed.",
            );
        }
        DiscoveryError::DuplicateName => {
            say(
                'E',
                &format!(
                    "member with duplicated name has registered with discovery service token({url})."
                ),
            );
            say(
                'E',
                "please check (cURL) the discovery token for more information.",
            );
            say(
                'E',
                "please do not reuse the discovery token and generate a new one to bootstrap the cluster.",
            );
        }
        other => {
            say('E', &format!("failed to join discovery cluster ({other})"));
            say(
                'I',
                &format!("discovery token {url} was used, but failed to bootstrap the cluster."),
            );
            say(
                'I',
                "please generate a new discovery token and try to bootstrap again.",
            );
        }
    }
    1
}
