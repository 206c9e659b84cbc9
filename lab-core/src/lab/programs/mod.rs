//! The programs a host runs that need the world rather than just its files: `etcd`,
//! `etcdctl`, `sleep`, `kill`, `ps`, `firewall-cmd`, `iptables`, `cfssl`, `openssl`, ...

mod cfssl;
mod curl;
mod curl_tls;
pub mod etcd;
mod etcd_bootstrap;
mod etcd_discovery;
mod etcd_gateway;
mod etcd_http;
mod etcd_tls;
mod etcd_v2keys;
mod etcdctl;
mod openssl;
mod ps_format;
mod scp;
mod system;
mod systemctl;
mod tls_log;
mod v2_members;

use super::program::ProgramCtx;

/// Runs program `name` (found on the host as a program file); returns its exit status.
pub async fn run(name: &str, ctx: &mut ProgramCtx<'_>, argv: Vec<String>) -> i32 {
    match name {
        "etcd" => etcd::run(ctx, argv).await,
        "etcdctl" => etcdctl::run(ctx).await,
        "sleep" => system::sleep(ctx).await,
        "kill" => system::kill(ctx),
        "ps" if ps_format::wanted(ctx.args) => ps_format::ps(ctx),
        "ps" => system::ps(ctx),
        "firewall-cmd" => system::firewall_cmd(ctx),
        "iptables" => system::iptables(ctx),
        "scp" => scp::scp(ctx),
        "curl" => curl::curl(ctx).await,
        "cfssl" => cfssl::cfssl(ctx),
        "cfssljson" => cfssl::cfssljson(ctx),
        "openssl" => openssl::openssl(ctx),
        "systemctl" => systemctl::systemctl(ctx).await,
        "journalctl" => systemctl::journalctl(ctx).await,
        other => {
            ctx.eprint(&format!(
                "{other}: this program is not simulated in the lab yet\n"
            ));
            126
        }
    }
}
