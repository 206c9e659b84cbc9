//! Stories of a learner typing commands on a fresh CentOS host, including the tutorials'
//! pipelines (each stage's stdout fed to the next stage's stdin, as the shell does).

use std::net::Ipv4Addr;

use super::*;
use crate::vfs::{Vfs, program_name};

struct Host {
    fs: Vfs,
    info: HostInfo,
    cwd: String,
    user: String,
    env: Vec<(String, String)>,
}

/// What one command left behind.
struct Out {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Host {
    fn new() -> Host {
        let info = HostInfo {
            hostname: "etcd1".into(),
            interfaces: vec![
                Interface {
                    name: "lo".into(),
                    ipv4: Ipv4Addr::LOCALHOST,
                    prefix_len: 8,
                    mac: [0; 6],
                },
                Interface {
                    name: "eth0".into(),
                    ipv4: Ipv4Addr::new(192, 168, 122, 5),
                    prefix_len: 24,
                    mac: [0x52, 0x54, 0, 0x12, 0x34, 0x56],
                },
            ],
        };
        let env = vec![(
            "PATH".into(),
            "/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin".into(),
        )];
        Host {
            fs: Vfs::linux_host("etcd1"),
            info,
            cwd: "/root".into(),
            user: "root".into(),
            env,
        }
    }

    /// Runs `line` (words split on spaces, `'…'`/`"…"` quoting) with `stdin`.
    fn run_with(&mut self, line: &str, stdin: &[u8]) -> Out {
        let words = split_words(line);
        let (name, args) = words.split_first().expect("a command");
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let mut ctx = UtilityContext {
            fs: &mut self.fs,
            cwd: &self.cwd,
            env: &self.env,
            stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            now_unix_micros: crate::vfs::DEFAULT_EPOCH_UNIX_SECS * 1_000_000,
            host: &self.info,
            user: &self.user,
        };
        let status = run_utility(name, args, &mut ctx).expect("a utility of ours");
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
        Out {
            status,
            stdout: text(stdout),
            stderr: text(stderr),
        }
    }

    fn run(&mut self, line: &str) -> Out {
        self.run_with(line, b"")
    }

    /// Runs `a | b | c`: each stage's stdout is the next one's stdin.
    fn pipe(&mut self, pipeline: &str) -> Out {
        let mut input = Vec::new();
        let mut last = None;
        for stage in pipeline.split(" | ") {
            let out = self.run_with(stage, &input);
            input = out.stdout.clone().into_bytes();
            last = Some(out);
        }
        last.expect("a stage")
    }

    fn ok(&mut self, line: &str) -> String {
        let out = self.run(line);
        assert_eq!((out.status, out.stderr.as_str()), (0, ""), "{line}");
        out.stdout
    }

    fn write(&mut self, path: &str, text: &str) {
        self.fs
            .write(path, text.as_bytes(), crate::vfs::WriteMode::Truncate)
            .expect("write");
    }
}

fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ') => {
                if started || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                started = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if started || !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[test]
fn the_tutorial_pipeline_extracts_eth0s_address() {
    let mut h = Host::new();
    let out = h.pipe(r#"ip addr show eth0 | grep "inet\b" | awk '{print $2}' | cut -d/ -f1"#);
    assert_eq!((out.status, out.stdout.as_str()), (0, "192.168.122.5\n"));
}

#[test]
fn ip_addr_uses_iproute2s_layout() {
    let mut h = Host::new();
    let out = h.ok("ip addr show eth0");
    assert!(
        out.starts_with("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500"),
        "{out}"
    );
    assert!(out.contains("    inet 192.168.122.5/24 brd 192.168.122.255 scope global eth0\n"));
    assert!(out.contains("inet6 fe80::5054:ff:fe12:3456/64 scope link"));
    assert!(
        h.ok("ip -4 a")
            .contains("    inet 127.0.0.1/8 scope host lo\n")
    );
    assert!(
        h.ok("ip route")
            .starts_with("default via 192.168.122.1 dev eth0")
    );
    let missing = h.run("ip addr show eth1");
    assert_eq!(
        (missing.status, missing.stderr.as_str()),
        (1, "Device \"eth1\" does not exist.\n")
    );
}

#[test]
fn rm_rf_star_empties_the_data_directory() {
    let mut h = Host::new();
    h.fs.create_dir("/var/lib/etcd/member/snap", true, 0o700)
        .expect("mkdir");
    h.write("/var/lib/etcd/member/snap/db", "bolt");
    h.cwd = "/var/lib/etcd".into();
    // The shell expanded `*` to the directory's names.
    assert_eq!(h.ok("rm -rf member"), "");
    assert_eq!(h.ok("ls -a"), ".\n..\n");
    assert_eq!(h.run("rm -rf").status, 0);
    let out = h.run("rm member");
    assert_eq!(
        (out.status, out.stderr.as_str()),
        (1, "rm: cannot remove 'member': No such file or directory\n")
    );
}

#[test]
fn rm_refuses_directories_without_r() {
    let mut h = Host::new();
    h.ok("mkdir /data");
    let out = h.run("rm /data");
    assert_eq!(out.stderr, "rm: cannot remove '/data': Is a directory\n");
    assert_eq!(h.run("rm -r -f /").status, 1);
}

#[test]
fn tar_backs_up_and_restores_a_directory_elsewhere() {
    let mut h = Host::new();
    h.ok("mkdir -p /var/lib/etcd/member/wal");
    h.write("/var/lib/etcd/member/wal/0.wal", "entries");
    h.cwd = "/var/lib".into();
    let listing = h.ok("tar -czvf backup.tar.gz etcd");
    assert_eq!(
        listing,
        "etcd/\netcd/member/\netcd/member/wal/\netcd/member/wal/0.wal\n"
    );
    h.ok("mkdir /other");
    h.ok("tar -xzvf backup.tar.gz -C /other");
    assert_eq!(
        h.fs.read("/other/etcd/member/wal/0.wal"),
        Ok(&b"entries"[..])
    );
    assert_eq!(h.fs.metadata("/other/etcd").map(|m| m.mode), Ok(0o700));
    assert_eq!(h.ok("tar tf /var/lib/backup.tar.gz").lines().count(), 4);
    let junk = h.run("tar xf /etc/hostname");
    assert_eq!(
        (junk.status, junk.stderr.lines().next()),
        (2, Some("tar: This does not look like a tar archive"))
    );
}

#[test]
fn old_style_tar_keys_and_program_files_survive_archiving() {
    let mut h = Host::new();
    h.cwd = "/usr/local".into();
    h.ok("tar czf /tmp/bin.tgz bin");
    h.ok("mkdir /restore");
    h.ok("tar xzf /tmp/bin.tgz -C /restore");
    assert_eq!(
        h.fs.read("/restore/bin/etcd").map(program_name),
        Ok(Some("etcd"))
    );
}

#[test]
fn useradd_creates_a_system_user_once() {
    let mut h = Host::new();
    h.ok("useradd -r etcd");
    let passwd = h.ok("cat /etc/passwd");
    assert!(
        passwd.ends_with("etcd:x:999:999::/home/etcd:/bin/bash\n"),
        "{passwd}"
    );
    assert!(h.ok("cat /etc/group").ends_with("etcd:x:999:\n"));
    assert!(!h.fs.exists("/home/etcd"));
    let again = h.run("useradd -r etcd");
    assert_eq!(
        (again.status, again.stderr.as_str()),
        (9, "useradd: user 'etcd' already exists\n")
    );
    h.ok("useradd -m -s /sbin/nologin alice");
    assert!(h.fs.is_dir("/home/alice"));
    assert_eq!(
        h.ok("id etcd"),
        "uid=999(etcd) gid=999(etcd) groups=999(etcd)\n"
    );
    h.ok("groupadd admins");
    assert_eq!(h.run("groupadd admins").status, 9);
}

#[test]
fn ln_s_makes_etcd_runnable_from_sbin() {
    let mut h = Host::new();
    h.ok("cp /usr/local/bin/etcd /usr/local/sbin/etcd");
    h.ok("ln -s /usr/local/sbin/etcd /usr/sbin/etcd");
    assert_eq!(
        h.fs.read("/usr/sbin/etcd").map(program_name),
        Ok(Some("etcd"))
    );
    assert!(
        h.ok("ls -l /usr/sbin/etcd")
            .ends_with("/usr/sbin/etcd -> /usr/local/sbin/etcd\n")
    );
    let dup = h.run("ln -s /usr/local/sbin/etcd /usr/sbin/etcd");
    assert_eq!(
        dup.stderr,
        "ln: failed to create symbolic link '/usr/sbin/etcd': File exists\n"
    );
    h.ok("ln -sf /usr/local/bin/etcd /usr/sbin/etcd");
    assert_eq!(h.ok("which etcd"), "/usr/local/bin/etcd\n");
    assert_eq!(
        h.ok("which -a etcdctl"),
        "/usr/local/bin/etcdctl\n/usr/bin/etcdctl\n"
    );
    let none = h.run("which nope");
    assert_eq!(none.status, 1);
    assert!(none.stderr.starts_with("/usr/bin/which: no nope in ("));
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
        "total 4\n-rw------- 1 nobody nobody 5 Nov 22 10:20 a.conf\n"
    );
    assert_eq!(
        h.ok("ls -ld /tmp"),
        "drwxrwxrwt 2 root root 4096 Nov 22 10:20 /tmp\n"
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
fn system_information_commands() {
    let mut h = Host::new();
    assert_eq!(h.ok("hostname"), "etcd1\n");
    assert_eq!(h.ok("hostname -I"), "192.168.122.5 \n");
    assert_eq!(h.ok("hostname -i"), "192.168.122.5\n");
    assert_eq!(h.ok("whoami"), "root\n");
    assert_eq!(h.ok("id"), "uid=0(root) gid=0(root) groups=0(root)\n");
    assert_eq!(h.ok("uname -r"), "3.10.0-1160.el7.x86_64\n");
    assert!(h.ok("uname -a").starts_with("Linux etcd1 3.10.0"));
    assert_eq!(h.ok("date"), "Sun Nov 22 10:20:54 UTC 2026\n");
    assert_eq!(h.ok("date +%s"), "1795342854\n");
    assert_eq!(h.ok("date -u +%Y-%m-%d"), "2026-11-22\n");
    assert!(h.ok("env").starts_with("PATH=/usr/local/bin"));
}

#[test]
fn output_is_capped_and_unknown_names_are_not_ours() {
    let mut h = Host::new();
    let out = h.run("seq 100000000");
    assert_eq!(out.stdout.len(), MAX_OUTPUT_BYTES);
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut ctx = UtilityContext {
        fs: &mut h.fs,
        cwd: "/",
        env: &[],
        stdin: b"",
        stdout: &mut o,
        stderr: &mut e,
        now_unix_micros: 0,
        host: &h.info,
        user: "root",
    };
    assert_eq!(run_utility("systemctl", &[], &mut ctx), None);
}
