//! Lab scripts never make the parser panic (shell lines judged by the real shell).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = lab_core::script::parse_script(text, &lab_core::shell::input_complete);
    }
});
