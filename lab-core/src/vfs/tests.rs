//! Stories about the virtual file system, and invariants checked over random operations.

use proptest::prelude::*;

use super::*;

fn host() -> Vfs {
    Vfs::linux_host("etcd1")
}

#[test]
fn a_fresh_host_looks_like_centos() {
    let fs = host();
    assert_eq!(fs.read("/etc/hostname"), Ok(&b"etcd1\n"[..]));
    assert!(fs.is_dir("/var/lib/etcd") && fs.read_dir("/var/lib/etcd") == Ok(vec![]));
    assert_eq!(
        fs.read("/usr/local/bin/etcd").map(program_name),
        Ok(Some("etcd"))
    );
    assert_eq!(fs.read("/bin/cat").map(program_name), Ok(Some("cat")));
    assert_eq!(
        fs.read("/usr/bin/systemctl").map(program_name),
        Ok(Some("systemctl"))
    );
    assert!(fs.is_dir("/lib/systemd/system") && fs.is_dir("/etc/systemd/system"));
    assert_eq!(fs.metadata("/tmp").map(|m| m.mode), Ok(0o1777));
    let mut fs = fs;
    fs.write(DEV_NULL, b"discarded", WriteMode::Append)
        .expect("/dev/null takes anything");
    assert_eq!(fs.read(DEV_NULL), Ok(&b""[..]));
}

#[test]
fn writing_needs_an_existing_parent_and_appends_on_request() {
    let mut fs = host();
    assert_eq!(
        fs.write("/nodir/x", b"a", WriteMode::Truncate),
        Err(FsError::NotFound)
    );
    assert_eq!(
        fs.write("/etc", b"a", WriteMode::Truncate),
        Err(FsError::IsADirectory)
    );
    fs.write("/tmp/x", b"one\n", WriteMode::Truncate)
        .expect("/tmp exists");
    fs.write("/tmp/x", b"two\n", WriteMode::Append)
        .expect("append");
    assert_eq!(fs.read("/tmp/x"), Ok(&b"one\ntwo\n"[..]));
    assert_eq!(
        fs.write("/tmp/x/y", b"", WriteMode::Truncate),
        Err(FsError::NotADirectory)
    );
}

#[test]
fn mkdir_p_creates_ancestors_and_plain_mkdir_does_not() {
    let mut fs = host();
    assert_eq!(fs.create_dir("/a/b", false, 0o755), Err(FsError::NotFound));
    fs.create_dir("/a/b/c", true, 0o700).expect("-p");
    fs.create_dir("/a/b/c", true, 0o700)
        .expect("-p again is fine");
    assert_eq!(
        fs.create_dir("/a/b", false, 0o755),
        Err(FsError::AlreadyExists)
    );
    assert_eq!(fs.metadata("/a/b/c").map(|m| m.mode), Ok(0o700));
    fs.write("/a/f", b"", WriteMode::Truncate).expect("file");
    assert_eq!(
        fs.create_dir("/a/f/g", true, 0o755),
        Err(FsError::AlreadyExists)
    );
}

#[test]
fn removing_a_full_directory_needs_recursion() {
    let mut fs = host();
    fs.create_dir("/d/e", true, 0o755).expect("mkdir");
    fs.write("/d/e/f", b"x", WriteMode::Truncate)
        .expect("write");
    assert_eq!(fs.remove("/d", false), Err(FsError::DirectoryNotEmpty));
    fs.remove("/d", true).expect("rm -r");
    assert!(!fs.exists("/d") && !fs.exists("/d/e/f"));
    assert_eq!(fs.remove("/", true), Err(FsError::Busy));
}

#[test]
fn an_etcd_binary_linked_into_sbin_still_runs_as_etcd() {
    let mut fs = host();
    fs.copy(
        "/usr/local/bin/etcd",
        "/usr/local/sbin/etcd",
        CopyOptions::default(),
    )
    .expect("cp");
    fs.symlink("/usr/local/sbin/etcd", "/usr/sbin/etcd")
        .expect("ln -s");
    assert_eq!(
        fs.read("/usr/sbin/etcd").map(program_name),
        Ok(Some("etcd"))
    );
    assert_eq!(
        fs.symlink_metadata("/usr/sbin/etcd").map(|m| m.file_type),
        Ok(FileType::Symlink)
    );
    assert_eq!(fs.read_link("/usr/sbin/etcd"), Ok("/usr/local/sbin/etcd"));
    assert_eq!(
        fs.symlink("x", "/usr/sbin/etcd"),
        Err(FsError::AlreadyExists)
    );
}

#[test]
fn symlink_loops_and_relative_links_resolve_like_linux() {
    let mut fs = host();
    fs.symlink("loop2", "/tmp/loop1").expect("ln");
    fs.symlink("loop1", "/tmp/loop2").expect("ln");
    assert_eq!(fs.read("/tmp/loop1"), Err(FsError::TooManySymlinks));
    fs.symlink("../etc", "/tmp/etc").expect("ln");
    assert_eq!(fs.read("/tmp/etc/hostname"), Ok(&b"etcd1\n"[..]));
    // `..` after a symlink leaves the link's target (/usr/bin), as the kernel does.
    assert!(fs.exists("/bin/../bin") && !fs.exists("/bin/../usr/bin"));
}

#[test]
fn rename_moves_subtrees_and_refuses_moving_into_itself() {
    let mut fs = host();
    fs.create_dir("/data/member/wal", true, 0o700)
        .expect("mkdir");
    fs.write("/data/member/wal/0.wal", b"w", WriteMode::Truncate)
        .expect("write");
    assert_eq!(
        fs.rename("/data", "/data/member/x"),
        Err(FsError::InvalidArgument)
    );
    fs.rename("/data", "/backup").expect("mv");
    assert_eq!(fs.read("/backup/member/wal/0.wal"), Ok(&b"w"[..]));
    assert!(!fs.exists("/data"));
    fs.create_dir("/full/x", true, 0o755).expect("mkdir");
    assert_eq!(
        fs.rename("/backup", "/full"),
        Err(FsError::DirectoryNotEmpty)
    );
}

#[test]
fn recursive_copy_merges_and_preserve_keeps_attributes() {
    let mut fs = host();
    fs.create_dir("/src/sub", true, 0o750).expect("mkdir");
    fs.write("/src/sub/f", b"data", WriteMode::Truncate)
        .expect("write");
    fs.set_owner("/src/sub/f", Some("etcd"), Some("etcd"))
        .expect("chown");
    assert_eq!(
        fs.copy("/src", "/dst", CopyOptions::default()),
        Err(FsError::IsADirectory)
    );
    let opts = CopyOptions {
        recursive: true,
        preserve: true,
    };
    fs.copy("/src", "/dst", opts).expect("cp -a");
    assert_eq!(
        fs.metadata("/dst/sub/f").map(|m| m.owner),
        Ok("etcd".to_string())
    );
    assert_eq!(
        fs.copy("/src", "/src/sub/x", opts),
        Err(FsError::InvalidArgument)
    );
}

#[test]
fn limits_are_enforced_with_linux_errors() {
    let mut fs = host();
    let big = vec![0u8; (MAX_FILE_BYTES + 1) as usize];
    assert_eq!(
        fs.write("/tmp/big", &big, WriteMode::Truncate),
        Err(FsError::FileTooLarge)
    );
    let long = format!("/tmp/{}", "a".repeat(300));
    assert_eq!(
        fs.write(&long, b"", WriteMode::Truncate),
        Err(FsError::NameTooLong)
    );
    let chunk = vec![1u8; MAX_FILE_BYTES as usize];
    let mut filled = None;
    for i in 0..20 {
        if let Err(e) = fs.write(&format!("/tmp/f{i}"), &chunk, WriteMode::Truncate) {
            filled = Some(e);
            break;
        }
    }
    assert_eq!(filled, Some(FsError::NoSpace));
    assert!(fs.used_bytes() <= MAX_TOTAL_BYTES);
}

#[test]
fn mtimes_follow_the_world_clock() {
    let mut fs = Vfs::new(1_000);
    fs.set_now(crate::SimTime::from_secs(5));
    fs.write("/f", b"", WriteMode::Truncate).expect("write");
    assert_eq!(
        fs.metadata("/f").map(|m| m.mtime_unix_micros),
        Ok(1_005_000_000)
    );
}

#[test]
fn a_directory_mtime_moves_when_an_entry_is_added_removed_or_renamed() {
    let mut fs = Vfs::new(1_000);
    let dir_mtime = |fs: &Vfs| fs.metadata("/d").map(|m| m.mtime_unix_micros);
    fs.create_dir("/d", false, 0o755).expect("mkdir");
    fs.set_now(crate::SimTime::from_secs(5));
    fs.write("/d/f", b"x", WriteMode::Truncate).expect("write");
    assert_eq!(dir_mtime(&fs), Ok(1_005_000_000), "a new file");
    fs.set_now(crate::SimTime::from_secs(6));
    fs.write("/d/f", b"y", WriteMode::Truncate)
        .expect("rewrite");
    assert_eq!(
        dir_mtime(&fs),
        Ok(1_005_000_000),
        "rewriting a file is not an entry change"
    );
    fs.rename("/d/f", "/g").expect("mv");
    assert_eq!(dir_mtime(&fs), Ok(1_006_000_000), "an entry moved out");
    fs.set_now(crate::SimTime::from_secs(7));
    fs.write("/d/h", b"", WriteMode::Truncate).expect("write");
    fs.set_now(crate::SimTime::from_secs(8));
    fs.remove("/d/h", false).expect("rm");
    assert_eq!(dir_mtime(&fs), Ok(1_008_000_000), "an entry removed");
}

#[derive(Clone, Debug)]
enum Op {
    Write(String, Vec<u8>, bool),
    Mkdir(String, bool),
    Remove(String, bool),
    Rename(String, String),
    Copy(String, String, bool),
    Symlink(String, String),
}

fn any_path() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof!["a", "b", "c", "\\.\\.", "\\.", ""], 1..5)
        .prop_map(|v| format!("/{}", v.join("/")))
}

fn any_op() -> impl Strategy<Value = Op> {
    let data = proptest::collection::vec(any::<u8>(), 0..16);
    prop_oneof![
        (any_path(), data, any::<bool>()).prop_map(|(p, d, a)| Op::Write(p, d, a)),
        (any_path(), any::<bool>()).prop_map(|(p, r)| Op::Mkdir(p, r)),
        (any_path(), any::<bool>()).prop_map(|(p, r)| Op::Remove(p, r)),
        (any_path(), any_path()).prop_map(|(a, b)| Op::Rename(a, b)),
        (any_path(), any_path(), any::<bool>()).prop_map(|(a, b, r)| Op::Copy(a, b, r)),
        (any_path(), any_path()).prop_map(|(a, b)| Op::Symlink(a, b)),
    ]
}

fn apply(fs: &mut Vfs, op: Op) {
    let mode = |a| {
        if a {
            WriteMode::Append
        } else {
            WriteMode::Truncate
        }
    };
    let _ = match op {
        Op::Write(p, d, a) => fs.write(&p, &d, mode(a)),
        Op::Mkdir(p, r) => fs.create_dir(&p, r, 0o755),
        Op::Remove(p, r) => fs.remove(&p, r),
        Op::Rename(a, b) => fs.rename(&a, &b),
        Op::Copy(a, b, r) => fs.copy(
            &a,
            &b,
            CopyOptions {
                recursive: r,
                preserve: false,
            },
        ),
        Op::Symlink(a, b) => fs.symlink(&a, &b),
    };
}

proptest! {
    #[test]
    fn random_operations_keep_the_tree_whole(ops in proptest::collection::vec(any_op(), 0..40)) {
        let mut fs = Vfs::new(0);
        for op in ops {
            apply(&mut fs, op);
        }
        let mut bytes = 0;
        for (path, node) in &fs.nodes {
            if path != "/" {
                let dir = fs.nodes.get(parent(path)).map(|n| n.metadata().file_type);
                prop_assert_eq!(dir, Some(FileType::Dir), "orphan {}", path);
            }
            prop_assert!(node.charge() <= MAX_FILE_BYTES);
            bytes += node.charge();
        }
        prop_assert_eq!(bytes, fs.used_bytes());
        prop_assert!(fs.node_count() <= MAX_NODES);
    }

    #[test]
    fn resolve_is_idempotent_and_absolute(cwd in "[a-z/.]{0,20}", path in "[a-z/.]{0,20}") {
        let once = resolve(&cwd, &path);
        prop_assert!(once.starts_with('/'));
        prop_assert_eq!(resolve("/elsewhere", &once), once.clone());
        prop_assert_eq!(resolve(&cwd, &once), once);
    }
}
