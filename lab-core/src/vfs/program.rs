//! Program files: the bytes an "executable" holds. A real ELF header prefix makes `cat` show
//! binary junk; the marker after it names the built-in program the shell runs. Because the
//! name lives in the content, copies, symlinks and archives of a program keep working.

/// ELF magic plus a fixed header-like run of bytes, then the marker.
const PREFIX: &[u8] = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0";
/// Separates the junk from the program name.
const MARKER: &[u8] = b"\0LABPROG:";
/// Longest program name recognised, in bytes.
const MAX_NAME: usize = 64;

/// The content of the executable for built-in program `name`.
pub fn program_file(name: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(PREFIX.len() + MARKER.len() + name.len() + 1);
    out.extend_from_slice(PREFIX);
    out.extend_from_slice(MARKER);
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    out
}

/// Which built-in program `data` is, if it is a program file.
pub fn program_name(data: &[u8]) -> Option<&str> {
    let rest = data.strip_prefix(PREFIX)?.strip_prefix(MARKER)?;
    let end = rest.iter().position(|&b| b == 0)?;
    let name = std::str::from_utf8(rest.get(..end)?).ok()?;
    (!name.is_empty() && name.len() <= MAX_NAME).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_file_names_its_program_and_looks_like_elf() {
        let data = program_file("etcd");
        assert!(data.starts_with(b"\x7fELF"));
        assert_eq!(program_name(&data), Some("etcd"));
        assert_eq!(program_name(b"#!/bin/sh\necho hi\n"), None);
        assert_eq!(program_name(&data[..data.len() - 1]), None);
    }
}
