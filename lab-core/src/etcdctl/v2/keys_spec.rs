//! The v2 keys commands' flags and help, as urfave/cli 1.20 defines and prints them for
//! etcd 3.4.23 (`etcdctl get --help` and the like in tests/data/v2keys-reference.md).

use super::Command;
use super::flags::Spec;

/// One command flag: names (`"recursive, r"`), whether it takes a value, its help text
/// (with urfave's `(default: 0)` for integer flags).
#[derive(Clone, Copy, Debug)]
pub(super) struct FlagSpec {
    pub names: &'static str,
    pub takes_value: bool,
    /// An integer flag: its value must parse as Go's `strconv.ParseInt`.
    pub integer: bool,
    pub help: &'static str,
}

/// A keys command: name, arguments as its help shows them, description, flags.
#[derive(Clone, Copy, Debug)]
pub(super) struct KeysSpec {
    pub name: &'static str,
    pub args_usage: &'static str,
    pub description: &'static str,
    pub flags: &'static [FlagSpec],
}

const fn bool_flag(names: &'static str, help: &'static str) -> FlagSpec {
    FlagSpec {
        names,
        takes_value: false,
        integer: false,
        help,
    }
}

const fn int_flag(names: &'static str, help: &'static str) -> FlagSpec {
    FlagSpec {
        names,
        takes_value: true,
        integer: true,
        help,
    }
}

const fn string_flag(names: &'static str, help: &'static str) -> FlagSpec {
    FlagSpec {
        names,
        takes_value: true,
        integer: false,
        help,
    }
}

const TTL: FlagSpec = int_flag("ttl", "key time-to-live in seconds (default: 0)");
const SORT: FlagSpec = bool_flag("sort", "returns result in sorted order");
const QUORUM: FlagSpec = bool_flag("quorum, q", "require quorum for get request");
const AFTER_INDEX: FlagSpec = int_flag("after-index", "watch after the given index (default: 0)");

const SET_DESCRIPTION: &str = "Set sets the value of a key.

   When <value> begins with '-', <value> is interpreted as a flag.
   Insert '--' for workaround:

   $ set -- <key> <value>";

const fn spec(
    name: &'static str,
    args_usage: &'static str,
    flags: &'static [FlagSpec],
) -> KeysSpec {
    KeysSpec {
        name,
        args_usage,
        description: "",
        flags,
    }
}

/// The keys commands (and `exec-watch`, whose help the lab shows though it runs no command).
pub(super) const KEYS: &[KeysSpec] = &[
    spec(
        "mk",
        "<key> <value>",
        &[
            bool_flag("in-order", "create in-order key under directory <key>"),
            TTL,
        ],
    ),
    spec("mkdir", "<key>", &[TTL]),
    spec(
        "rm",
        "<key>",
        &[
            bool_flag(
                "dir",
                "removes the key if it is an empty directory or a key-value pair",
            ),
            bool_flag(
                "recursive, r",
                "removes the key and all child keys(if it is a directory)",
            ),
            string_flag("with-value", "previous value"),
            int_flag("with-index", "previous index (default: 0)"),
        ],
    ),
    spec("rmdir", "<key>", &[]),
    spec("get", "<key>", &[SORT, QUORUM]),
    spec(
        "ls",
        "[key]",
        &[
            SORT,
            bool_flag(
                "recursive, r",
                "returns all key names recursively for the given path",
            ),
            bool_flag("p", "append slash (/) to directories"),
            QUORUM,
        ],
    ),
    KeysSpec {
        description: SET_DESCRIPTION,
        ..spec(
            "set",
            "<key> <value>",
            &[
                TTL,
                string_flag("swap-with-value", "previous value"),
                int_flag("swap-with-index", "previous index (default: 0)"),
            ],
        )
    },
    spec("setdir", "<key>", &[TTL]),
    spec("update", "<key> <value>", &[TTL]),
    spec("updatedir", "<key> <value>", &[TTL]),
    spec(
        "watch",
        "<key>",
        &[
            bool_flag("forever, f", "forever watch a key until CTRL+C"),
            AFTER_INDEX,
            bool_flag("recursive, r", "returns all values for key and child keys"),
        ],
    ),
    spec(
        "exec-watch",
        "<key> <command> [args...]",
        &[
            AFTER_INDEX,
            bool_flag("recursive, r", "watch all values for key and child keys"),
        ],
    ),
];

/// The keys command called `name`.
pub(super) fn find(name: &str) -> Option<&'static KeysSpec> {
    KEYS.iter().find(|s| s.name == name)
}

impl KeysSpec {
    /// The flags for [`super::flags::parse`], urfave's hidden `--help, -h` included.
    pub(super) fn parse_specs(&self) -> Vec<Spec> {
        let mut specs: Vec<Spec> = self
            .flags
            .iter()
            .map(|f| (f.names, !f.takes_value))
            .collect();
        specs.push(("help, h", true));
        specs
    }

    /// The flag whose first name is `name`.
    pub(super) fn flag(&self, name: &str) -> Option<&FlagSpec> {
        self.flags
            .iter()
            .find(|f| f.names.split(", ").next() == Some(name))
    }

    /// `etcdctl COMMAND --help`: urfave/cli's command help template.
    pub(super) fn help(&self, command: &Command) -> String {
        let mut text = format!(
            "NAME:\n   etcdctl {} - {}\n\nUSAGE:\n   etcdctl {}",
            self.name, command.usage, self.name
        );
        if !self.flags.is_empty() {
            text.push_str(" [command options]");
        }
        text.push_str(&format!(" {}\n", self.args_usage));
        if !self.description.is_empty() {
            text.push_str(&format!("\nDESCRIPTION:\n   {}\n", self.description));
        }
        if self.flags.is_empty() {
            return text;
        }
        let shown: Vec<String> = self.flags.iter().map(display_names).collect();
        let width = shown.iter().map(String::len).max().unwrap_or(0) + 2;
        text.push_str("\nOPTIONS:\n");
        for (names, flag) in shown.iter().zip(self.flags) {
            text.push_str(&format!("   {names:<width$}{}\n", flag.help));
        }
        text.push_str("   \n");
        text
    }
}

/// `--recursive, -r`, `-p`, `--ttl value`: a flag's names as urfave lists them.
fn display_names(flag: &FlagSpec) -> String {
    let names: Vec<String> = flag
        .names
        .split(", ")
        .map(|n| {
            let dashes = if n.len() == 1 { "-" } else { "--" };
            let value = if flag.takes_value { " value" } else { "" };
            format!("{dashes}{n}{value}")
        })
        .collect();
    names.join(", ")
}
