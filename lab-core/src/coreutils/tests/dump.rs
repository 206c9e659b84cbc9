//! A learner looks at binary output with `od`: every block recorded from GNU od in
//! `tests/data/od-reference.txt` comes out the same in the lab, byte for byte.

use super::*;

const REFERENCE: &str = include_str!("../../../tests/data/od-reference.txt");
const ODT: &[u8] = b"\n\x18\x08foo bar\x00\x01\xff\x7f abcdefghijklmnopqrstuvwxyz";

fn host_with_odt() -> Host {
    let mut host = Host::new();
    host.fs
        .write("/root/odt", ODT, crate::vfs::WriteMode::Truncate)
        .expect("write odt");
    host
}

/// `(command, expected output + "rc=N\n")` for each recorded block.
fn recorded_blocks() -> Vec<(String, String)> {
    REFERENCE
        .split("\n=== ")
        .skip(1)
        .map(|block| {
            let (cmd, out) = block.split_once('\n').expect("a command line");
            (cmd.to_string(), format!("{}\n", out.trim_end_matches('\n')))
        })
        .collect()
}

#[test]
fn every_recorded_od_invocation_prints_what_gnu_od_printed() {
    let blocks = recorded_blocks();
    assert!(blocks.len() >= 10, "the reference has its blocks");
    for (cmd, expected) in blocks {
        let mut host = host_with_odt();
        let out = host.run(&cmd);
        let got = format!("{}{}rc={}\n", out.stdout, out.stderr, out.status);
        assert_eq!(got, expected, "{cmd}");
    }
}

#[test]
fn repeated_lines_collapse_to_a_star_unless_v_is_given() {
    let mut host = Host::new();
    let zeros = [0u8; 64];
    let out = host.run_with("od -x", &zeros);
    assert_eq!(
        out.stdout,
        "0000000 0000 0000 0000 0000 0000 0000 0000 0000\n*\n0000100\n"
    );
    let all = host.run_with("od -v -x", &zeros);
    assert_eq!(all.stdout.lines().count(), 5);
}

#[test]
fn etcdctl_protobuf_output_piped_into_od_c_reads_as_in_reference_01() {
    // The bytes `etcdctl get foo -w protobuf` wrote in reference 01.
    let pb: &[u8] = b"\n\x18\x08\x85\xb8\xb3\x89\x99\x9a\xf7\x847\x10\xc7\x9a\x80\
\xe9\xce\xcc\xfc\xa8*\x18\x02 \x02\x12\x10\n\x03foo\x10\x02\x18\x02 \x01*\x03bar \x01";
    let out = Host::new().run_with("od -c", pb);
    assert_eq!(
        out.stdout,
        "0000000  \\n 030  \\b 205 270 263 211 231 232 367 204   7 020 307 232 200\n\
         0000020 351 316 314 374 250   * 030 002     002 022 020  \\n 003   f   o\n\
         0000040   o 020 002 030 002     001   * 003   b   a   r     001\n\
         0000056\n"
    );
}

#[test]
fn bad_options_are_refused_with_gnu_messages_and_no_output() {
    let mut host = host_with_odt();
    for (cmd, message) in [
        (
            "od -t q odt",
            "od: invalid character 'q' in type string ‘q’\n",
        ),
        (
            "od -t x3 odt",
            "od: invalid type string ‘x3’;\nthis system doesn't provide a 3-byte integral type\n",
        ),
        (
            "od -A q odt",
            "od: invalid output address radix 'q'; it must be one character from [doxn]\n",
        ),
        ("od -N zz odt", "od: invalid -N argument 'zz'\n"),
        (
            "od -j 100 odt",
            "od: cannot skip past end of combined input\n",
        ),
    ] {
        let out = host.run(cmd);
        assert_eq!((out.status, out.stdout.as_str()), (1, ""), "{cmd}");
        assert_eq!(out.stderr, message, "{cmd}");
    }
}
