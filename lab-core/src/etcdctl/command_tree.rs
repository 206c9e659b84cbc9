//! [`CommandSpec`]: etcdctl 3.4's cobra command tree — names, `Use` lines, descriptions
//! and flags, word for word from `ctlv3` — and cobra's `Find` over it (prefix matching
//! on, as etcdctl enables it).

use super::command_flags::{
    CHECK_PERF_FLAGS, COMPACTION_FLAGS, DEFRAG_FLAGS, DEL_FLAGS, ELECT_FLAGS, GET_FLAGS,
    GLOBAL_FLAGS, LOCK_FLAGS, PUT_FLAGS, PUT_LONG, TXN_FLAGS, WATCH_FLAGS,
};
use super::flag_value::{FlagKind::*, FlagSpec};

/// One cobra command.
#[derive(Debug)]
pub(super) struct CommandSpec {
    pub name: &'static str,
    /// cobra's `Use` without the name: what follows it on the USAGE line.
    pub use_rest: &'static str,
    pub short: &'static str,
    pub long: &'static str,
    /// Flags of this command only.
    pub flags: &'static [FlagSpec],
    /// Flags this command passes down to its subcommands (and has itself).
    pub persistent: &'static [FlagSpec],
    pub children: &'static [CommandSpec],
    /// Whether the lab implements it (the others answer with a clear refusal).
    pub implemented: bool,
}

impl CommandSpec {
    const fn leaf(name: &'static str, use_rest: &'static str, short: &'static str) -> Self {
        Self {
            name,
            use_rest,
            short,
            long: "",
            flags: &[],
            persistent: &[],
            children: &[],
            implemented: false,
        }
    }

    const fn group(
        name: &'static str,
        short: &'static str,
        children: &'static [CommandSpec],
    ) -> Self {
        Self {
            name,
            use_rest: " <subcommand>",
            short,
            long: "",
            flags: &[],
            persistent: &[],
            children,
            implemented: true,
        }
    }

    const fn with_flags(mut self, flags: &'static [FlagSpec]) -> Self {
        self.flags = flags;
        self
    }

    const fn with_long(mut self, long: &'static str) -> Self {
        self.long = long;
        self
    }

    const fn done(mut self) -> Self {
        self.implemented = true;
        self
    }

    /// cobra's `Runnable`: groups are not.
    pub(super) fn runnable(&self) -> bool {
        self.children.is_empty()
    }
}

const MEMBER_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf("add", " <memberName> [options]", "Adds a member into the cluster")
        .with_flags(&[
            FlagSpec::new("peer-urls", String, "", "comma separated peer URLs for the new member."),
            FlagSpec::new("learner", Bool, "false", "indicates if the new member is raft learner"),
        ])
        .done(),
    CommandSpec::leaf("remove", " <memberID>", "Removes a member from the cluster").done(),
    CommandSpec::leaf("update", " <memberID> [options]", "Updates a member in the cluster")
        .with_flags(&[FlagSpec::new("peer-urls", String, "", "comma separated peer URLs for the updated member.")])
        .done(),
    CommandSpec::leaf("list", "", "Lists all members in the cluster")
        .with_long("When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.\nThe items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.\n")
        .done(),
    CommandSpec::leaf("promote", " <memberID>", "Promotes a non-voting member in the cluster")
        .with_long("Promotes a non-voting learner member to a voting one in the cluster.\n")
        .done(),
];

const AUTH_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf("enable", "", "Enables authentication").done(),
    CommandSpec::leaf("disable", "", "Disables authentication").done(),
];

const USER_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf(
        "add",
        " <user name or user:password> [options]",
        "Adds a new user",
    )
    .with_flags(&[
        FlagSpec::new(
            "interactive",
            Bool,
            "true",
            "Read password from stdin instead of interactive terminal",
        ),
        FlagSpec::new(
            "new-user-password",
            String,
            "",
            "Supply password from the command line flag",
        ),
        FlagSpec::new(
            "no-password",
            Bool,
            "false",
            "Create a user without password (CN based auth only)",
        ),
    ])
    .done(),
    CommandSpec::leaf("delete", " <user name>", "Deletes a user").done(),
    CommandSpec::leaf(
        "get",
        " <user name> [options]",
        "Gets detailed information of a user",
    )
    .with_flags(&[FlagSpec::new(
        "detail",
        Bool,
        "false",
        "Show permissions of roles granted to the user",
    )])
    .done(),
    CommandSpec::leaf("list", "", "Lists all users").done(),
    CommandSpec::leaf(
        "passwd",
        " <user name> [options]",
        "Changes password of user",
    )
    .with_flags(&[FlagSpec::new(
        "interactive",
        Bool,
        "true",
        "If true, read password from stdin instead of interactive terminal",
    )])
    .done(),
    CommandSpec::leaf(
        "grant-role",
        " <user name> <role name>",
        "Grants a role to a user",
    )
    .done(),
    CommandSpec::leaf(
        "revoke-role",
        " <user name> <role name>",
        "Revokes a role from a user",
    )
    .done(),
];

const ROLE_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf("add", " <role name>", "Adds a new role").done(),
    CommandSpec::leaf("delete", " <role name>", "Deletes a role").done(),
    CommandSpec::leaf("get", " <role name>", "Gets detailed information of a role").done(),
    CommandSpec::leaf("list", "", "Lists all roles").done(),
    CommandSpec::leaf("grant-permission", " [options] <role name> <permission type> <key> [endkey]", "Grants a key to a role")
        .with_flags(&[
            FlagSpec::new("from-key", Bool, "false", "grant a permission of keys that are greater than or equal to the given key using byte compare"),
            FlagSpec::new("prefix", Bool, "false", "grant a prefix permission"),
        ])
        .done(),
    CommandSpec::leaf("revoke-permission", " <role name> <key> [endkey]", "Revokes a key from a role")
        .with_flags(&[
            FlagSpec::new("from-key", Bool, "false", "revoke a permission of keys that are greater than or equal to the given key using byte compare"),
            FlagSpec::new("prefix", Bool, "false", "revoke a prefix permission"),
        ])
        .done(),
];

const ENDPOINT_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf("health", "", "Checks the healthiness of endpoints specified in `--endpoints` flag").done(),
    CommandSpec::leaf("status", "", "Prints out the status of endpoints specified in `--endpoints` flag")
        .with_long("When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.\n")
        .done(),
    CommandSpec::leaf("hashkv", "", "Prints the KV history hash for each endpoint in --endpoints")
        .with_flags(&[FlagSpec::new("rev", Int64, "0", "maximum revision to hash (default: all revisions)")])
        .done(),
];

const SNAPSHOT_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf("save", " <filename>", "Stores an etcd node backend snapshot to a given file").done(),
    CommandSpec::leaf("restore", " <filename> [options]", "Restores an etcd member snapshot to an etcd directory")
        .with_flags(&[
            FlagSpec::new("data-dir", String, "", "Path to the data directory"),
            FlagSpec::new("wal-dir", String, "", "Path to the WAL directory (use --data-dir if none given)"),
            FlagSpec::new("initial-cluster", String, "default=http://localhost:2380", "Initial cluster configuration for restore bootstrap"),
            FlagSpec::new("initial-cluster-token", String, "etcd-cluster", "Initial cluster token for the etcd cluster during restore bootstrap"),
            FlagSpec::new("initial-advertise-peer-urls", String, "http://localhost:2380", "List of this member's peer URLs to advertise to the rest of the cluster"),
            FlagSpec::new("name", String, "default", "Human-readable name for this member"),
            FlagSpec::new("skip-hash-check", Bool, "false", "Ignore snapshot integrity hash value (required if copied from data directory)"),
        ])
        .done(),
    CommandSpec::leaf("status", " <filename>", "Gets backend snapshot status of a given file")
        .with_long("When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are hash, revision, total keys, total size.\n")
        .done(),
];

const LEASE_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf("grant", " <ttl>", "Creates leases").done(),
    CommandSpec::leaf("revoke", " <leaseID>", "Revokes leases").done(),
    CommandSpec::leaf(
        "timetolive",
        " <leaseID> [options]",
        "Get lease information",
    )
    .with_flags(&[FlagSpec::new(
        "keys",
        Bool,
        "false",
        "Get keys attached to this lease",
    )])
    .done(),
    CommandSpec::leaf("list", "", "List all active leases").done(),
    CommandSpec::leaf(
        "keep-alive",
        " [options] <leaseID>",
        "Keeps leases alive (renew)",
    )
    .with_flags(&[FlagSpec::new(
        "once",
        Bool,
        "false",
        "Resets the keep-alive time to its original value and exits immediately",
    )])
    .done(),
];

/// `--cluster` of `endpoint` and `defrag`.
const CLUSTER_FLAG: &[FlagSpec] = &[FlagSpec::new(
    "cluster",
    Bool,
    "false",
    "use all endpoints from the cluster member list",
)];

const ALARM_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf("disarm", "", "Disarms all alarms").done(),
    CommandSpec::leaf("list", "", "Lists all alarms").done(),
];

const CHECK_COMMANDS: &[CommandSpec] = &[
    CommandSpec::leaf(
        "perf",
        " [options]",
        "Check the performance of the etcd cluster",
    )
    .with_flags(CHECK_PERF_FLAGS)
    .done(),
    CommandSpec::leaf(
        "datascale",
        " [options]",
        "Check the memory usage of holding data for different workloads on a given server endpoint.",
    ),
];

/// The root's later children, in etcdctl's `AddCommand` order; those the lab does not
/// implement yet answer with a clear refusal.
const NOT_YET: &[CommandSpec] = &[
    CommandSpec::leaf(
        "txn",
        " [options]",
        "Txn processes all the requests in one transaction",
    )
    .with_flags(TXN_FLAGS)
    .done(),
    CommandSpec::leaf(
        "compaction",
        " [options] <revision>",
        "Compacts the event history in etcd",
    )
    .with_flags(COMPACTION_FLAGS)
    .done(),
    CommandSpec::group("alarm", "Alarm related commands", ALARM_COMMANDS),
    CommandSpec {
        persistent: CLUSTER_FLAG,
        ..CommandSpec::leaf(
            "defrag",
            "",
            "Defragments the storage of the etcd members with given endpoints",
        )
        .with_flags(DEFRAG_FLAGS)
        .done()
    },
    CommandSpec::leaf(
        "watch",
        " [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]",
        "Watches events stream on keys or prefixes",
    )
    .with_flags(WATCH_FLAGS)
    .done(),
    CommandSpec::leaf(
        "make-mirror",
        " [options] <destination>",
        "Makes a mirror at the destination etcd cluster",
    ),
    CommandSpec::leaf("migrate", "", "Migrates keys in a v2 store to a mvcc store"),
    CommandSpec::leaf(
        "lock",
        " <lockname> [exec-command arg1 arg2 ...]",
        "Acquires a named lock",
    )
    .with_flags(LOCK_FLAGS)
    .done(),
    CommandSpec::leaf(
        "elect",
        " <election-name> [proposal]",
        "Observes and participates in leader election",
    )
    .with_flags(ELECT_FLAGS)
    .done(),
    CommandSpec::group(
        "check",
        "commands for checking properties of the etcd cluster",
        CHECK_COMMANDS,
    ),
    CommandSpec::leaf(
        "completion",
        "",
        "Generate the autocompletion script for the specified shell",
    ),
];

/// The root command and every child, in etcdctl's `AddCommand` order.
pub(super) static ROOT: CommandSpec = CommandSpec {
    name: "etcdctl",
    use_rest: "",
    short: "A simple command line client for etcd3.",
    long: "",
    flags: &[],
    persistent: GLOBAL_FLAGS,
    children: &[
        CommandSpec::leaf(
            "get",
            " [options] <key> [range_end]",
            "Gets the key or a range of keys",
        )
        .with_flags(GET_FLAGS)
        .done(),
        CommandSpec::leaf(
            "put",
            " [options] <key> <value> (<value> can also be given from stdin)",
            "Puts the given key into the store",
        )
        .with_flags(PUT_FLAGS)
        .with_long(PUT_LONG)
        .done(),
        CommandSpec::leaf(
            "del",
            " [options] <key> [range_end]",
            "Removes the specified key or range of keys [key, range_end)",
        )
        .with_flags(DEL_FLAGS)
        .done(),
        CommandSpec {
            persistent: CLUSTER_FLAG,
            ..CommandSpec::group("endpoint", "Endpoint related commands", ENDPOINT_COMMANDS)
        },
        CommandSpec::leaf(
            "move-leader",
            " <transferee-member-id>",
            "Transfers leadership to another etcd cluster member.",
        )
        .done(),
        CommandSpec::leaf("version", "", "Prints the version of etcdctl").done(),
        CommandSpec::group("lease", "Lease related commands", LEASE_COMMANDS),
        CommandSpec::group("member", "Membership related commands", MEMBER_COMMANDS),
        CommandSpec {
            use_rest: " <enable or disable>",
            ..CommandSpec::group("auth", "Enable or disable authentication", AUTH_COMMANDS)
        },
        CommandSpec::group("user", "User related commands", USER_COMMANDS),
        CommandSpec::group("role", "Role related commands", ROLE_COMMANDS),
        CommandSpec::group("snapshot", "Manages etcd node snapshots", SNAPSHOT_COMMANDS),
        CommandSpec::leaf("help", " [command]", "Help about any command").done(),
        CommandSpec::group("", "", NOT_YET),
    ],
    implemented: true,
};

/// The children of `command`, with the placeholder group of not-yet-implemented commands
/// flattened into the root's list.
pub(super) fn children(
    command: &'static CommandSpec,
) -> impl Iterator<Item = &'static CommandSpec> {
    command.children.iter().flat_map(|c| {
        if c.name.is_empty() {
            c.children.iter().collect::<Vec<_>>()
        } else {
            vec![c]
        }
    })
}

/// cobra's `findNext`: an exact name, or the only command the word is a prefix of.
pub(super) fn find_next(command: &'static CommandSpec, word: &str) -> Option<&'static CommandSpec> {
    if let Some(exact) = children(command).find(|c| c.name == word) {
        return Some(exact);
    }
    let mut matches = children(command).filter(|c| !word.is_empty() && c.name.starts_with(word));
    match (matches.next(), matches.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}
