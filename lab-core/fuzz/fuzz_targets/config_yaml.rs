//! etcd YAML configuration files never make the parser panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(cfg) = lab_core::config::parse_yaml(text) {
            let _ = cfg.validate();
            let _ = cfg.to_yaml();
        }
    }
});
