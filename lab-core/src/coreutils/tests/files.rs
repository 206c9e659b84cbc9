//! File and directory utilities: messages, modes, copies and listings.

use super::*;

#[test]
fn rm_refuses_directories_without_r() {
    let mut h = Host::new();
    h.ok("mkdir /data");
    let out = h.run("rm /data");
    assert_eq!(out.stderr, "rm: cannot remove '/data': Is a directory\n");
    assert_eq!(h.run("rm -r -f /").status, 1);
}

#[test]
fn missing_files_produce_gnus_messages() {
    let mut h = Host::new();
    let cat = h.run("cat nofile");
    assert_eq!(
        (cat.status, cat.stderr.as_str()),
        (1, "cat: nofile: No such file or directory\n")
    );
    let mkdir = h.run("mkdir /a/b");
    assert_eq!(
        mkdir.stderr,
        "mkdir: cannot create directory \u{2018}/a/b\u{2019}: No such file or directory\n"
    );
    let ls = h.run("ls x");
    assert_eq!(
        (ls.status, ls.stderr.as_str()),
        (2, "ls: cannot access 'x': No such file or directory\n")
    );
    let bad = h.run("ls -z");
    assert_eq!(
        (bad.status, bad.stderr.as_str()),
        (
            2,
            "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n"
        )
    );
    assert_eq!(h.run("cat -z").status, 1);
    let help = h.run("ls --help");
    assert_eq!(
        (help.status, help.stdout.starts_with("Usage: ls")),
        (0, true)
    );
    assert_eq!(
        h.run("head nofile").stderr,
        "head: cannot open 'nofile' for reading: No such file or directory\n"
    );
}

#[test]
fn ls_long_lists_like_coreutils() {
    let mut h = Host::new();
    h.write("/tmp/a.conf", "12345");
    h.ok("chmod 600 /tmp/a.conf");
    h.ok("chown nobody:nobody /tmp/a.conf");
    let out = h.ok("ls -l /tmp");
    assert_eq!(
        out,
        "total 4\n-rw------- 1 nobody nobody 5 Nov 22 10:17 a.conf\n"
    );
    assert_eq!(
        h.ok("ls -ld /tmp"),
        "drwxrwxrwt 2 root root 4096 Nov 22 10:17 /tmp\n"
    );
    h.env.push(("COLUMNS".into(), "80".into()));
    assert_eq!(h.ok("ls /var"), "lib  log\n");
}

#[test]
fn chmod_accepts_octal_and_symbolic_modes() {
    let mut h = Host::new();
    h.write("/tmp/run.sh", "echo");
    h.ok("chmod u+x,go-r /tmp/run.sh");
    assert_eq!(h.fs.metadata("/tmp/run.sh").map(|m| m.mode), Ok(0o700));
    h.ok("chmod -x /tmp/run.sh");
    assert_eq!(h.fs.metadata("/tmp/run.sh").map(|m| m.mode), Ok(0o600));
    assert_eq!(h.run("chmod bogus /tmp/run.sh").status, 1);
    assert_eq!(
        h.run("chown ghost /tmp/run.sh").stderr,
        "chown: invalid user: \u{2018}ghost\u{2019}\n"
    );
}

#[test]
fn file_operations_copy_move_and_tee() {
    let mut h = Host::new();
    h.ok("mkdir -p /srv/a/b");
    h.write("/srv/a/b/f", "x");
    assert_eq!(
        h.run("cp /srv/a /srv/c").stderr,
        "cp: -r not specified; omitting directory '/srv/a'\n"
    );
    h.ok("cp -a /srv/a /srv/c");
    assert_eq!(h.fs.read("/srv/c/b/f"), Ok(&b"x"[..]));
    h.ok("mv /srv/c /tmp");
    assert!(h.fs.exists("/tmp/c/b/f") && !h.fs.exists("/srv/c"));
    assert_eq!(h.run_with("tee /tmp/t", b"hi\n").stdout, "hi\n");
    h.run_with("tee -a /tmp/t", b"again\n");
    assert_eq!(h.ok("cat /tmp/t"), "hi\nagain\n");
    h.ok("touch /tmp/new");
    assert!(h.fs.is_file("/tmp/new"));
    assert_eq!(
        h.run("rmdir /srv/a").stderr,
        "rmdir: failed to remove '/srv/a': Directory not empty\n"
    );
    assert_eq!(h.ok("basename /usr/local/bin/etcd"), "etcd\n");
    assert_eq!(h.ok("dirname /usr/local/bin/etcd"), "/usr/local/bin\n");
}

#[test]
fn ordinary_users_meet_permission_errors() {
    let mut h = Host::new();
    h.ok("useradd -m alice");
    h.user = "alice".into();
    let denied = h.run("touch /etc/motd");
    assert_eq!(
        denied.stderr,
        "touch: cannot touch '/etc/motd': Permission denied\n"
    );
    assert_eq!(
        h.run("rm -f /etc/hostname").stderr,
        "rm: cannot remove '/etc/hostname': Permission denied\n"
    );
    assert_eq!(
        h.run("chmod 777 /etc/hostname").stderr,
        "chmod: changing permissions of '/etc/hostname': Operation not permitted\n"
    );
    h.ok("touch /home/alice/notes");
    assert!(h.ok("ls -l /home/alice").contains(" alice alice "));
    let useradd = h.run("useradd bob");
    assert_eq!(useradd.status, 1);
}

#[test]
fn find_walks_a_data_dir_parents_first_with_gnus_tests_and_messages() {
    let mut h = Host::new();
    h.ok("mkdir -p /var/lib/etcd/member/wal /var/lib/etcd/member/snap");
    h.write(
        "/var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal",
        "w",
    );
    h.write("/var/lib/etcd/member/snap/db", "d");
    assert_eq!(
        h.ok("find /var/lib/etcd"),
        "/var/lib/etcd\n/var/lib/etcd/member\n/var/lib/etcd/member/snap\n\
         /var/lib/etcd/member/snap/db\n/var/lib/etcd/member/wal\n\
         /var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal\n"
    );
    assert_eq!(
        h.ok("find /var/lib/etcd/ -type f -name *.wal"),
        "/var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal\n"
    );
    assert_eq!(
        h.ok("find /var/lib/etcd -maxdepth 2 -type d"),
        "/var/lib/etcd\n/var/lib/etcd/member\n/var/lib/etcd/member/snap\n/var/lib/etcd/member/wal\n"
    );
    let missing = h.run("find /nowhere");
    assert_eq!(
        (missing.status, missing.stderr.as_str()),
        (
            1,
            "find: \u{2018}/nowhere\u{2019}: No such file or directory\n"
        )
    );
    let bad = h.run("find / -size 1");
    assert_eq!(
        (bad.status, bad.stderr.as_str()),
        (1, "find: unknown predicate `-size'\n")
    );
}
