//! The fresh file system of a simulated CentOS 7 host: the usual directories, `/etc` basics,
//! and a program file for every command the lab implements. As on CentOS 7 (and current
//! Debian), `/bin`, `/sbin` and `/lib` are symlinks into `/usr`.

use super::{FsError, Vfs, WriteMode, program_file};

/// Unix time (seconds) of the lab's `SimTime::ZERO` on a [`Vfs::linux_host`]:
/// the lab's epoch, Sun Nov 22 10:17:00 UTC 2026.
pub const DEFAULT_EPOCH_UNIX_SECS: u64 = crate::time::LAB_EPOCH_UNIX_SECS;

/// Programs implemented outside `coreutils` (the shell, systemd, the network tools...),
/// installed in `/usr/bin`.
pub const EXTERNAL_PROGRAMS: &[&str] = &[
    "bash",
    "sh",
    "curl",
    "systemctl",
    "journalctl",
    "firewall-cmd",
    "iptables",
    "kill",
    "ps",
    "scp",
    "ssh",
    "ip",
    "hostname",
    "sleep",
    "date",
    "sudo",
    "openssl",
    "cfssl",
    "cfssljson",
];

const DIRS: &[(&str, u32)] = &[
    ("/usr", 0o755),
    ("/usr/bin", 0o755),
    ("/usr/sbin", 0o755),
    ("/usr/lib", 0o555),
    ("/usr/lib/systemd", 0o755),
    ("/usr/lib/systemd/system", 0o755),
    ("/usr/local", 0o755),
    ("/usr/local/bin", 0o755),
    ("/usr/local/sbin", 0o755),
    ("/etc", 0o755),
    ("/etc/etcd", 0o755),
    ("/etc/systemd", 0o755),
    ("/etc/systemd/system", 0o755),
    ("/var", 0o755),
    ("/var/lib", 0o755),
    ("/var/lib/etcd", 0o700),
    ("/var/log", 0o755),
    ("/tmp", 0o1777),
    ("/root", 0o550),
    ("/home", 0o755),
    ("/dev", 0o755),
];

const OS_RELEASE: &str = "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\n\
ID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\nPRETTY_NAME=\"CentOS Linux 7 (Core)\"\n\
ANSI_COLOR=\"0;31\"\nCPE_NAME=\"cpe:/o:centos:centos:7\"\nHOME_URL=\"https://www.centos.org/\"\n\
BUG_REPORT_URL=\"https://bugs.centos.org/\"\n";

const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\n\
daemon:x:2:2:daemon:/sbin:/sbin/nologin\nnobody:x:99:99:Nobody:/:/sbin/nologin\n";

const GROUP: &str = "root:x:0:\nbin:x:1:\ndaemon:x:2:\nwheel:x:10:\nnobody:x:99:\n";

const HOSTS: &str = "127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n\
::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n";

impl Vfs {
    /// A fresh CentOS-like host named `hostname`, its clock at [`DEFAULT_EPOCH_UNIX_SECS`].
    pub fn linux_host(hostname: &str) -> Vfs {
        let mut fs = Vfs::new(DEFAULT_EPOCH_UNIX_SECS);
        // The tree is tiny and fixed, far below every limit, so these cannot fail; a failure
        // would still leave a usable (if sparser) host rather than a panic.
        let _ = fs.populate(hostname);
        fs
    }

    fn populate(&mut self, hostname: &str) -> Result<(), FsError> {
        for (dir, mode) in DIRS {
            self.create_dir(dir, true, *mode)?;
        }
        for (link, target) in [
            ("/bin", "usr/bin"),
            ("/sbin", "usr/sbin"),
            ("/lib", "usr/lib"),
        ] {
            self.symlink(target, link)?;
        }
        let etc: [(&str, String); 5] = [
            ("/etc/hostname", format!("{hostname}\n")),
            ("/etc/os-release", OS_RELEASE.into()),
            ("/etc/passwd", PASSWD.into()),
            ("/etc/group", GROUP.into()),
            ("/etc/hosts", HOSTS.into()),
        ];
        for (path, text) in etc {
            self.write(path, text.as_bytes(), WriteMode::Truncate)?;
        }
        self.write(super::DEV_NULL, b"", WriteMode::Truncate)?;
        self.set_mode(super::DEV_NULL, 0o666)?;
        for dir in ["/usr/local/bin", "/usr/bin"] {
            for name in ["etcd", "etcdctl"] {
                self.install_program(dir, name)?;
            }
        }
        let utilities = crate::coreutils::UTILITIES.iter();
        for name in utilities.chain(EXTERNAL_PROGRAMS) {
            self.install_program("/usr/bin", name)?;
        }
        Ok(())
    }

    /// Writes the program file for `name` into `dir` with mode 0755.
    pub fn install_program(&mut self, dir: &str, name: &str) -> Result<(), FsError> {
        let path = super::path::join(dir, name);
        self.write(&path, &program_file(name), WriteMode::Truncate)?;
        self.set_mode(&path, 0o755)
    }
}
