//! etcd's flag and `ETCD_*` parsing never panics: the input is split into argv at NUL bytes
//! and into environment variables at newlines after a `\x01` separator.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lab_core::config::{ConfigSource, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (argv, env) = text.split_once('\u{1}').unwrap_or((text, ""));
    let args: Vec<String> = argv.split('\0').map(str::to_owned).collect();
    let env: Vec<(String, String)> = env
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let no_files = |p: &str| Err(format!("open {p}: no such file or directory"));
    if let Ok(lab_core::config::Outcome::Run(parsed)) = parse(ConfigSource {
        args: &args,
        env: &env,
        read_file: &no_files,
    }) {
        let cfg = parsed.config;
        let _ = cfg.validate();
        let _ = cfg.verify_bootstrap();
        let _ = (cfg.to_command_line(), cfg.to_env_file(), cfg.to_yaml());
        let _ = (cfg.to_systemd_unit(), cfg.to_docker_run());
    }
});
