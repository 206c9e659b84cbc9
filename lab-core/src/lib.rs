//! The Cluster Lab engine: Raft, MVCC and the simulated world in which virtual hosts
//! run etcd members.
//!
//! lab-core has no I/O, no wall clock and no global RNG. Time is a [`SimTime`] the world
//! advances; randomness comes from a seeded `ChaCha8Rng` the world owns. A seed plus the
//! commands applied replays a run exactly, in the browser (wasm32) and natively alike.
//!
//! # Layout
//!
//! | module | role |
//! |---|---|
//! | [`auth`] | etcd's auth store: users, roles, permissions, simple tokens, replicated through Raft |
//! | [`check`] | safety evidence: the seeded fault-injecting harness behind `lab check` |
//! | [`config`] | etcd 3.4's configuration: flags, `ETCD_*` env vars and YAML parsed, validated and rendered as etcd 3.4.23 does |
//! | [`time`] | virtual time: [`SimTime`] instants and [`SimDuration`] spans, in microseconds |
//! | [`raft`] | consensus as a pure state machine, etcd-io/raft's shape: `tick`, `step`, `propose`, `Ready`, `advance` |
//! | [`lab`] | a world plus the terminals, shells and programs people run in it, advanced together |
//! | [`lease`] | etcd's lessor: lease grants, keep-alives, expiry through the leader, attached keys |
//! | [`mvcc`] | the revisioned key-value store members apply committed requests to |
//! | [`pki`] | a simulated PKI: certificate, key and CSR files, cfssl and openssl, TLS handshakes between lab processes |
//! | [`reference`] | conformance with real etcd: recorded transcripts parsed, replayed in a lab, compared |
//! | [`script`] | lab scripts: the statements tests, tutorials and `lab script` run |
//! | [`sim`] | the world: clock, event queue, seeded RNG, hosts, network, etcd members, trace |
//! | [`systemd`] | pure systemd 219 for simulated hosts: unit files, `systemctl`, `journalctl`, service state |
//! | [`firewall`] | a host's packet filter: firewalld (`firewall-cmd`), iptables and the inbound verdict |
//! | [`watch`] | etcd's watchers: key and range watches, their events and history catch-up |
//! | [`v2store`] | etcd's v2 keys store: the tree `/v2/keys` and discovery read and write |
//! | [`vfs`] | a simulated host's file system: directories, files, symlinks, program files, archives |
//! | [`data_dir`] | etcd data-dirs on a host's disk: etcd 3.4's layout (`member/wal`, `member/snap`) and the byte encoding of WAL, `.snap` and `db` files |
//! | [`coreutils`] | the file and text utilities a learner types in a host's terminal (`cat`, `grep`, `tar`...) |
//! | [`shell`] | the hosts' bash: parses and runs terminal lines against an `Os` trait |
//! | [`etcdctl`] | the `etcdctl` 3.4 command learners type: parsing, clientv3 behaviour, exact output |
//! | [`error`] | [`LabError`], the typed refusals a user can provoke |
//!
//! Data flows one way: command → world event → Raft state change → trace → view.
//!
//! ```
//! use lab_core::{Command, SimDuration, World};
//!
//! let mut world = World::demo_cluster(42);
//! world.advance(SimDuration::from_secs(3));
//! let leader = world.leader().expect("a leader within 3 s");
//! world.apply(Command::StopMember(leader.name.clone())).expect("it is running");
//! world.advance(SimDuration::from_secs(3));
//! assert_ne!(world.leader().map(|m| m.name), Some(leader.name));
//! ```

pub mod auth;
pub mod check;
pub mod config;
pub mod coreutils;
pub mod data_dir;
pub mod error;
pub mod etcdctl;
pub mod firewall;
pub mod lab;
pub mod lease;
pub mod mvcc;
pub mod pki;
pub mod raft;
pub mod reference;
pub mod script;
pub mod shell;
pub mod sim;
pub mod systemd;
pub mod time;
pub mod v2store;
pub mod vfs;
pub mod watch;

pub use error::LabError;
pub use sim::{Command, MemberView, Role, World};
pub use time::{SimDuration, SimTime};
