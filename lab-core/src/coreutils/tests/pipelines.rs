//! The tutorials' own lines: the eth0 address pipeline, wiping etcd's data directory,
//! backups with tar, the etcd system user, linking the etcd binary.

use super::*;
use crate::vfs::program_name;

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
