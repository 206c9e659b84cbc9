//! The shell parser and its completeness check never panic, whatever is typed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = lab_core::shell::input_complete(text);
        let _ = lab_core::shell::parse(text);
    }
});
