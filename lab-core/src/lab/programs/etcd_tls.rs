//! An etcd process's TLS at startup: the certificate, key and trusted-CA files of
//! `--cert-file`/`--key-file`/`--trusted-ca-file` (and the `--peer-*` set) read and checked
//! as etcd's `transport.TLSInfo` does, or a self-signed certificate for `--auto-tls`.
//! A failure is etcd's fatal startup error text.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::cfssl::{read, unix_now};
use crate::config::{EtcdConfig, TlsInfo, Url};
use crate::lab::program::ProgramCtx;
use crate::pki::{self, Certificate, ClientTls, PkiError, PrivateKey, ServerTls};
use crate::sim::LaunchTls;

/// Reads a file by path: its bytes or Go's `open PATH: ...` error.
pub(super) type Reader<'a> = dyn Fn(&str) -> Result<Vec<u8>, String> + 'a;

/// The process's TLS, or `None` when nothing about it is secure.
pub(super) fn load(ctx: &ProgramCtx<'_>, cfg: &EtcdConfig) -> Result<Option<LaunchTls>, String> {
    let secure = |urls: &[Url]| urls.iter().any(|u| matches!(u.scheme(), "https" | "unixs"));
    let client_secure = secure(&cfg.listen_client_urls);
    let peer_secure = secure(&cfg.listen_peer_urls)
        || cfg.initial_cluster.as_str().contains("https://")
        || !cfg.peer_tls.cert_file.is_empty()
        || cfg.peer_tls.auto_tls;
    if !client_secure && !peer_secure {
        return Ok(None);
    }
    let mut tls = LaunchTls::default();
    for url in cfg
        .listen_client_urls
        .iter()
        .filter(|u| u.scheme() == "https")
    {
        if cfg.client_tls.cert_file.is_empty() && !cfg.client_tls.auto_tls {
            return Err(format!(
                "TLS key/cert (--cert-file, --key-file) must be provided for client url {url} with HTTPS scheme"
            ));
        }
    }
    if client_secure {
        tls.client = Some(server_side(ctx, &cfg.client_tls, &cfg.listen_client_urls)?);
    }
    if secure(&cfg.listen_peer_urls) {
        let info = &cfg.peer_tls;
        if info.cert_file.is_empty() && !info.auto_tls {
            let url = cfg
                .listen_peer_urls
                .first()
                .map(Url::host)
                .unwrap_or_default();
            return Err(format!(
                "cannot listen on TLS for {url}: KeyFile and CertFile are not presented"
            ));
        }
        tls.peer = Some(server_side(ctx, info, &cfg.listen_peer_urls)?);
    }
    if peer_secure {
        tls.peer_dialer = Some(dialer(ctx, &cfg.peer_tls)?);
    }
    let data_dir = cfg.effective_data_dir();
    tls.peer_info = info_line(&cfg.peer_tls, &data_dir, "peer");
    tls.client_info = info_line(&cfg.client_tls, &data_dir, "client");
    tls.peer_notes = peer_notes(cfg);
    Ok(Some(tls))
}

/// etcd's `TLSInfo` as its startup line prints it, once auto-TLS filled in the files
/// it generates under `<data-dir>/fixtures/<side>`; `None` when it has no files.
fn info_line(info: &TlsInfo, data_dir: &str, side: &str) -> Option<String> {
    let (cert, key, ca, auth) = if !info.cert_file.is_empty() || !info.key_file.is_empty() {
        let (c, k) = (info.cert_file.clone(), info.key_file.clone());
        (c, k, info.trusted_ca_file.as_str(), info.client_cert_auth)
    } else if info.auto_tls {
        let dir = format!("{data_dir}/fixtures/{side}");
        (
            format!("{dir}/cert.pem"),
            format!("{dir}/key.pem"),
            "",
            false,
        )
    } else {
        return None;
    };
    let crl = &info.crl_file;
    Some(format!(
        "cert = {cert}, key = {key}, trusted-ca = {ca}, client-cert-auth = {auth}, crl-file = {crl}"
    ))
}

/// The warnings for each `http` listen-peer URL that peer TLS settings do not apply to.
fn peer_notes(cfg: &EtcdConfig) -> Vec<String> {
    let info = &cfg.peer_tls;
    let mut notes = Vec::new();
    for url in cfg.listen_peer_urls.iter().filter(|u| u.scheme() == "http") {
        if !info.cert_file.is_empty() || !info.key_file.is_empty() {
            notes.push(format!(
                "The scheme of peer url {url} is HTTP while peer key/cert files are presented. Ignored peer key/cert files."
            ));
        }
        if info.client_cert_auth {
            notes.push(format!(
                "The scheme of peer url {url} is HTTP while client cert auth (--peer-client-cert-auth) is enabled. Ignored client cert auth for this url."
            ));
        }
    }
    notes
}

/// A listener's side: the key pair (or a self-signed one) and the client-CA roots.
fn server_side(ctx: &ProgramCtx<'_>, info: &TlsInfo, urls: &[Url]) -> Result<ServerTls, String> {
    let cert = if info.cert_file.is_empty() && info.auto_tls {
        let hosts: Vec<String> = urls.iter().map(|u| u.hostname().to_owned()).collect();
        let now = unix_now(ctx);
        let mut rng = ChaCha8Rng::seed_from_u64(ctx.lab.next_client_request_id() ^ now as u64);
        pki::self_signed(&hosts, now, &mut rng).cert
    } else {
        key_pair(&|p| read(ctx, p), &info.cert_file, &info.key_file)?
    };
    Ok(ServerTls {
        cert,
        client_roots: roots(&|p| read(ctx, p), &info.trusted_ca_file)?,
        client_cert_auth: info.client_cert_auth,
    })
}

/// How the process dials peers: its peer CA as roots, its peer certificate as the client's.
fn dialer(ctx: &ProgramCtx<'_>, info: &TlsInfo) -> Result<ClientTls, String> {
    let cert = if info.cert_file.is_empty() {
        None
    } else {
        Some(key_pair(
            &|p| read(ctx, p),
            &info.cert_file,
            &info.key_file,
        )?)
    };
    Ok(ClientTls {
        roots: roots(&|p| read(ctx, p), &info.trusted_ca_file)?,
        cert,
        // etcd skips verifying peers whose certificates it generated itself.
        skip_verify: info.auto_tls && info.cert_file.is_empty(),
    })
}

/// Go's `tls.LoadX509KeyPair`: both files read, the key the certificate's.
pub(super) fn key_pair(
    read: &Reader<'_>,
    cert_file: &str,
    key_file: &str,
) -> Result<Certificate, String> {
    let cert = Certificate::from_pem(&read(cert_file)?).map_err(|e| e.to_string())?;
    let key = PrivateKey::from_pem(&read(key_file)?).map_err(|e| e.to_string())?;
    if key.id() != cert.subject_key_id {
        return Err(PkiError::KeyMismatch.to_string());
    }
    Ok(cert)
}

/// The certificates of a CA file (none when no file is named).
pub(super) fn roots(read: &Reader<'_>, ca_file: &str) -> Result<Vec<Certificate>, String> {
    if ca_file.is_empty() {
        return Ok(Vec::new());
    }
    Certificate::all_from_pem(&read(ca_file)?).map_err(|e| e.to_string())
}
