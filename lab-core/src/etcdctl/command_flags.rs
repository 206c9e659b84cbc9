//! The flags of etcdctl's commands — names, types, defaults and help texts word for word
//! from `ctlv3` — and `put`'s long description.

use super::flag_value::{FlagKind::*, FlagSpec};

pub(super) const GLOBAL_FLAGS: &[FlagSpec] = &[
    FlagSpec::new(
        "cacert",
        String,
        "",
        "verify certificates of TLS-enabled secure servers using this CA bundle",
    ),
    FlagSpec::new(
        "cert",
        String,
        "",
        "identify secure client using this TLS certificate file",
    ),
    FlagSpec::new(
        "command-timeout",
        Duration,
        "5s",
        "timeout for short running command (excluding dial timeout)",
    ),
    FlagSpec::new("debug", Bool, "false", "enable client-side debug logging"),
    FlagSpec::new(
        "dial-timeout",
        Duration,
        "2s",
        "dial timeout for client connections",
    ),
    FlagSpec::new(
        "discovery-srv",
        String,
        "",
        "domain name to query for SRV records describing cluster endpoints",
    )
    .short('d'),
    FlagSpec::new(
        "discovery-srv-name",
        String,
        "",
        "service name to query when using DNS discovery",
    ),
    FlagSpec::new(
        "endpoints",
        StringSlice,
        "[127.0.0.1:2379]",
        "gRPC endpoints",
    ),
    FlagSpec::new(
        "hex",
        Bool,
        "false",
        "print byte strings as hex encoded strings",
    ),
    FlagSpec::new(
        "insecure-discovery",
        Bool,
        "true",
        "accept insecure SRV records describing cluster endpoints",
    ),
    FlagSpec::new(
        "insecure-skip-tls-verify",
        Bool,
        "false",
        "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)",
    ),
    FlagSpec::new(
        "insecure-transport",
        Bool,
        "true",
        "disable transport security for client connections",
    ),
    FlagSpec::new(
        "keepalive-time",
        Duration,
        "2s",
        "keepalive time for client connections",
    ),
    FlagSpec::new(
        "keepalive-timeout",
        Duration,
        "6s",
        "keepalive timeout for client connections",
    ),
    FlagSpec::new(
        "key",
        String,
        "",
        "identify secure client using this TLS key file",
    ),
    FlagSpec::new(
        "password",
        String,
        "",
        "password for authentication (if this option is used, --user option shouldn't include password)",
    ),
    FlagSpec::new(
        "user",
        String,
        "",
        "username[:password] for authentication (prompt if password is not supplied)",
    ),
    FlagSpec::new(
        "write-out",
        String,
        "simple",
        "set the output format (fields, json, protobuf, simple, table)",
    )
    .short('w'),
];

pub(super) const GET_FLAGS: &[FlagSpec] = &[
    FlagSpec::new(
        "consistency",
        String,
        "l",
        "Linearizable(l) or Serializable(s)",
    ),
    FlagSpec::new(
        "order",
        String,
        "",
        "Order of results; ASCEND or DESCEND (ASCEND by default)",
    ),
    FlagSpec::new(
        "sort-by",
        String,
        "",
        "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION",
    ),
    FlagSpec::new("limit", Int64, "0", "Maximum number of results"),
    FlagSpec::new("prefix", Bool, "false", "Get keys with matching prefix"),
    FlagSpec::new(
        "from-key",
        Bool,
        "false",
        "Get keys that are greater than or equal to the given key using byte compare",
    ),
    FlagSpec::new("rev", Int64, "0", "Specify the kv revision"),
    FlagSpec::new("keys-only", Bool, "false", "Get only the keys"),
    FlagSpec::new(
        "print-value-only",
        Bool,
        "false",
        "Only write values when using the \"simple\" output format",
    ),
];

pub(super) const PUT_FLAGS: &[FlagSpec] = &[
    FlagSpec::new(
        "lease",
        String,
        "0",
        "lease ID (in hexadecimal) to attach to the key",
    ),
    FlagSpec::new(
        "prev-kv",
        Bool,
        "false",
        "return the previous key-value pair before modification",
    ),
    FlagSpec::new(
        "ignore-value",
        Bool,
        "false",
        "updates the key using its current value",
    ),
    FlagSpec::new(
        "ignore-lease",
        Bool,
        "false",
        "updates the key using its current lease",
    ),
];

pub(super) const DEL_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("prefix", Bool, "false", "delete keys with matching prefix"),
    FlagSpec::new("prev-kv", Bool, "false", "return deleted key-value pairs"),
    FlagSpec::new(
        "from-key",
        Bool,
        "false",
        "delete keys that are greater than or equal to the given key using byte compare",
    ),
];

pub(super) const TXN_FLAGS: &[FlagSpec] = &[FlagSpec::new(
    "interactive",
    Bool,
    "false",
    "Input transaction in interactive mode",
)
.short('i')];

pub(super) const COMPACTION_FLAGS: &[FlagSpec] = &[FlagSpec::new(
    "physical",
    Bool,
    "false",
    "'true' to wait for compaction to physically remove all old revisions",
)];

pub(super) const DEFRAG_FLAGS: &[FlagSpec] = &[FlagSpec::new(
    "data-dir",
    String,
    "",
    "Optional. If present, defragments a data directory not in use by etcd.",
)];

pub(super) const PUT_LONG: &str = "
Puts the given key into the store.

When <value> begins with '-', <value> is interpreted as a flag.
Insert '--' for workaround:

$ put <key> -- <value>
$ put -- <key> <value>

If <value> isn't given as a command line argument and '--ignore-value' is not specified,
this command tries to read the value from standard input.

If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
this command tries to read the value from standard input.

For example,
$ cat file | put <key>
will store the content of the file to <key>.
";

pub(super) const WATCH_FLAGS: &[FlagSpec] = &[
    FlagSpec::new("interactive", Bool, "false", "Interactive mode").short('i'),
    FlagSpec::new(
        "prefix",
        Bool,
        "false",
        "Watch on a prefix if prefix is set",
    ),
    FlagSpec::new(
        "prev-kv",
        Bool,
        "false",
        "get the previous key-value pair before the event happens",
    ),
    FlagSpec::new("rev", Int64, "0", "Revision to start watching"),
];

pub(super) const LOCK_FLAGS: &[FlagSpec] =
    &[FlagSpec::new("ttl", Int64, "10", "timeout for session")];

pub(super) const ELECT_FLAGS: &[FlagSpec] =
    &[FlagSpec::new("listen", Bool, "false", "observation mode").short('l')];

pub(super) const CHECK_PERF_FLAGS: &[FlagSpec] = &[
    FlagSpec::new(
        "load",
        String,
        "s",
        "The performance check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)",
    ),
    FlagSpec::new(
        "prefix",
        String,
        "/etcdctl-check-perf/",
        "The prefix for writing the performance check's keys.",
    ),
    FlagSpec::new(
        "auto-compact",
        Bool,
        "false",
        "Compact storage with last revision after test is finished.",
    ),
    FlagSpec::new(
        "auto-defrag",
        Bool,
        "false",
        "Defragment storage after test is finished.",
    ),
];
