//! Text utilities: grep, awk, sed, sort, cut, tr and friends.

use super::*;

#[test]
fn grep_options_and_exit_statuses() {
    let mut h = Host::new();
    h.write(
        "/etc/etcd/etcd.conf",
        "#[Member]\nETCD_NAME=\"etcd01\"\nETCD_DATA_DIR=\"/var/lib/etcd\"\n",
    );
    assert_eq!(h.ok("grep -v ^# /etc/etcd/etcd.conf").lines().count(), 2);
    assert_eq!(h.ok("grep -c ETCD /etc/etcd/etcd.conf"), "2\n");
    assert_eq!(
        h.ok("grep -n -i etcd_name /etc/etcd/etcd.conf"),
        "2:ETCD_NAME=\"etcd01\"\n"
    );
    assert_eq!(
        h.ok("grep -o etcd[0-9]* /etc/etcd/etcd.conf"),
        "etcd01\netcd\n"
    );
    assert_eq!(
        h.ok(r"grep -E NAME|DIR /etc/etcd/etcd.conf")
            .lines()
            .count(),
        2
    );
    assert_eq!(
        h.ok(r"grep NAME\|DIR /etc/etcd/etcd.conf").lines().count(),
        2
    );
    assert_eq!(h.run("grep -q nothing /etc/etcd/etcd.conf").status, 1);
    assert_eq!(h.run("grep x /nofile").status, 2);
    assert_eq!(h.ok("grep -rh etcd01 /etc"), "ETCD_NAME=\"etcd01\"\n");
    assert_eq!(h.ok("grep -r -l etcd01 /etc"), "/etc/etcd/etcd.conf\n");
}

#[test]
fn awk_prints_fields_and_refuses_what_it_cannot_do() {
    let mut h = Host::new();
    assert_eq!(
        h.ok("awk -F: '{print $1}' /etc/passwd").lines().next(),
        Some("root")
    );
    let out = h.run_with("awk '{print $NF, $(NF-1)}'", b"a b c\n");
    assert_eq!(out.stdout, "c b\n");
    let out = h.run_with(r#"awk 'NR==2 {print "second:" $1}'"#, b"x\ny\n");
    assert_eq!(out.stdout, "second:y\n");
    let out = h.run_with("awk '/b/'", b"abc\nxyz\n");
    assert_eq!(out.stdout, "abc\n");
    let bad = h.run_with("awk '{x = 1}'", b"a\n");
    assert_eq!(bad.status, 2);
    assert!(bad.stderr.contains("subset"));
}

#[test]
fn text_utilities_follow_gnu() {
    let mut h = Host::new();
    let data = b"b 2\na 10\nb 2\nc 1\n";
    assert_eq!(h.run_with("sort", data).stdout, "a 10\nb 2\nb 2\nc 1\n");
    assert_eq!(
        h.run_with("sort -n -k 2 -u", data).stdout,
        "c 1\nb 2\na 10\n"
    );
    assert_eq!(
        h.run_with("uniq -c", b"x\nx\ny\n").stdout,
        "      2 x\n      1 y\n"
    );
    assert_eq!(h.run_with("head -n 2", data).stdout, "b 2\na 10\n");
    assert_eq!(h.run_with("tail -1", data).stdout, "c 1\n");
    assert_eq!(h.run_with("tail -n +3", data).stdout, "b 2\nc 1\n");
    assert_eq!(h.run_with("wc -l", data).stdout, "4\n");
    assert_eq!(h.run_with("wc", data).stdout, "      4       8      17\n");
    assert_eq!(h.run_with("tr a-z A-Z", b"etcd\n").stdout, "ETCD\n");
    assert_eq!(h.run_with("tr -s ' '", b"a   b\n").stdout, "a b\n");
    assert_eq!(h.run_with("tr -d 0-9", b"a1b2\n").stdout, "ab\n");
    // A progress bar's carriage returns become lines; octal escapes name any byte.
    assert_eq!(
        h.run_with(r"tr '\r' '\n'", b" 1 / 60\r 2 / 60\r").stdout,
        " 1 / 60\n 2 / 60\n"
    );
    assert_eq!(h.run_with(r"tr '\015\t' 'x '", b"a\rb\tc").stdout, "axb c");
    assert_eq!(h.run_with(r"tr -d '\\'", b"a\\b").stdout, "ab");
    assert_eq!(h.run_with("cut -c 1-3", b"abcdef\n").stdout, "abc\n");
    assert_eq!(
        h.run_with("cut -d : -f 1,3-", b"a:b:c:d\n").stdout,
        "a:c:d\n"
    );
    assert_eq!(h.run_with("base64", b"hello").stdout, "aGVsbG8=\n");
    assert_eq!(h.run_with("base64 -d", b"aGVsbG8=\n").stdout, "hello");
    assert_eq!(h.ok("seq 3"), "1\n2\n3\n");
    assert_eq!(h.ok("seq -s , 2 2 6"), "2,4,6\n");
}

#[test]
fn sed_substitutes_deletes_and_edits_in_place() {
    let mut h = Host::new();
    let conf = b"ETCD_NAME=\"etcd01\"\nETCD_DATA_DIR=\"/var/lib/etcd\"\n";
    let out = h.run_with("sed s/etcd01/etcd02/", conf);
    assert!(out.stdout.starts_with("ETCD_NAME=\"etcd02\"\n"));
    assert_eq!(
        h.run_with("sed -n 2p", conf).stdout,
        "ETCD_DATA_DIR=\"/var/lib/etcd\"\n"
    );
    assert_eq!(h.run_with("sed $d", conf).stdout, "ETCD_NAME=\"etcd01\"\n");
    assert_eq!(
        h.run_with("sed /NAME/d", conf).stdout,
        "ETCD_DATA_DIR=\"/var/lib/etcd\"\n"
    );
    assert_eq!(
        h.run_with(r"sed s|\(/var\)/lib|\1/tmp|g", conf)
            .stdout
            .lines()
            .nth(1),
        Some("ETCD_DATA_DIR=\"/var/tmp/etcd\"")
    );
    h.write("/etc/etcd/etcd.conf", "ETCD_NAME=\"etcd01\"\n");
    h.ok("sed -i s/01/03/ /etc/etcd/etcd.conf");
    assert_eq!(
        h.fs.read("/etc/etcd/etcd.conf"),
        Ok(&b"ETCD_NAME=\"etcd03\"\n"[..])
    );
    let bad = h.run_with("sed s/a/b", b"");
    assert_eq!(
        (bad.status, bad.stderr.as_str()),
        (
            1,
            "sed: -e expression #1, char 5: unterminated `s' command\n"
        )
    );
}

#[test]
fn wc_sizes_columns_like_gnu_and_grep_explains_bad_options() {
    let mut h = Host::new();
    h.write("/tmp/a", "one two\n");
    h.write("/tmp/b", "three\n");
    let out = h.ok("wc -l /tmp/a /tmp/b");
    assert_eq!(out, " 1 /tmp/a\n 1 /tmp/b\n 2 total\n");
    let bad = h.run("grep -Z x");
    assert_eq!(bad.status, 2);
    assert_eq!(
        bad.stderr,
        "grep: invalid option -- 'Z'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
    );
    let head = h.run("head -n x /tmp/a");
    assert_eq!(
        head.stderr,
        "head: invalid number of lines: \u{2018}x\u{2019}\n"
    );
}
