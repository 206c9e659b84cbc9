//! The usage text etcdctl prints for `--help`, for group commands and after flag errors:
//! its `help.go` template run through Go's `tabwriter` (tab padding, 8-column tabs).

use super::command_tree::{CommandSpec, children};
use super::flag_value::{FlagKind, FlagSpec};
use super::{API_VERSION, VERSION};

/// Go tabwriter's tab width in etcdctl's usage writer.
const TAB_WIDTH: usize = 8;

/// The root's COMMANDS section: every runnable command, nested ones by full name. Fixed
/// text because it lists commands the lab does not implement yet.
const ROOT_COMMANDS: &str = include_str!("root_commands.txt");

/// The usage of the command at the end of `path` (root first).
pub(super) fn usage(path: &[&'static CommandSpec]) -> String {
    let Some(&command) = path.last() else {
        return String::new();
    };
    let is_root = path.len() == 1;
    let mut text = String::from("NAME:\n");
    let name = if is_root {
        command.name.to_owned()
    } else {
        path_name(path.get(1..).unwrap_or(&[]))
    };
    text.push_str(&format!(
        "\t{name} - {}\n\nUSAGE:\n\t{}\n",
        command.short,
        use_line(path)
    ));
    if is_root {
        text.push_str(&format!("\nVERSION:\n\t{VERSION}\n"));
    }
    if !command.children.is_empty() {
        text.push_str(&format!("\nAPI VERSION:\n\t{API_VERSION}\n\n\nCOMMANDS:\n"));
        if is_root {
            text.push_str(ROOT_COMMANDS);
        } else {
            let mut rows: Vec<(String, String)> = children(command)
                .map(|c| (c.name.to_owned(), c.short.to_owned()))
                .collect();
            rows.sort();
            text.push_str(&aligned(&rows, "\t"));
        }
    }
    if !command.long.is_empty() {
        text.push_str("\nDESCRIPTION:\n");
        for line in command
            .long
            .trim_matches(|c| c == '\n' || c == '\t' || c == ' ')
            .split('\n')
        {
            text.push_str(&format!("\t{line}\n"));
        }
    }
    text.push_str("\nOPTIONS:\n");
    text.push_str(&flag_block(&local_flags(path), command.name));
    if !is_root {
        text.push_str("\nGLOBAL OPTIONS:\n");
        text.push_str(&flag_block(&inherited_flags(path), command.name));
    }
    text.push('\n');
    text
}

/// `member add`: the names below the root.
fn path_name(path: &[&CommandSpec]) -> String {
    path.iter().map(|c| c.name).collect::<Vec<_>>().join(" ")
}

/// cobra's `UseLine`: `etcdctl get [options] <key> [range_end] [flags]`.
fn use_line(path: &[&CommandSpec]) -> String {
    let names: Vec<&str> = path.iter().map(|c| c.name).collect();
    let rest = path.last().map(|c| c.use_rest).unwrap_or("");
    format!("{}{rest} [flags]", names.join(" "))
}

/// cobra's `help` flag (its usage text, `help for <name>`, is filled in when printed).
pub(super) const HELP_FLAG: FlagSpec =
    FlagSpec::new("help", FlagKind::Bool, "false", "").short('h');

/// The command's own flags, its persistent ones and `--help`, sorted by name.
pub(super) fn local_flags(path: &[&'static CommandSpec]) -> Vec<FlagSpec> {
    let mut flags: Vec<FlagSpec> = path
        .last()
        .map(|c| c.flags.iter().chain(c.persistent.iter()).copied().collect())
        .unwrap_or_default();
    flags.push(HELP_FLAG);
    flags.sort_by_key(|f| f.name);
    flags
}

/// The persistent flags of the command's ancestors, sorted by name.
pub(super) fn inherited_flags(path: &[&'static CommandSpec]) -> Vec<FlagSpec> {
    let ancestors = path.get(..path.len().saturating_sub(1)).unwrap_or(&[]);
    let mut flags: Vec<FlagSpec> = ancestors
        .iter()
        .flat_map(|c| c.persistent.iter().copied())
        .collect();
    flags.sort_by_key(|f| f.name);
    flags
}

fn flag_block(flags: &[FlagSpec], command_name: &str) -> String {
    let rows: Vec<(String, String)> = flags
        .iter()
        .map(|flag| {
            let (cell, usage) = flag.usage_cells();
            let usage = if flag.name == "help" {
                format!("help for {command_name}")
            } else {
                usage.to_owned()
            };
            (cell, usage)
        })
        .collect();
    aligned(&rows, "")
}

/// Go's tabwriter on a block of `cell\ttext` lines (minwidth 0, tabwidth 8, padding 1,
/// padchar '\t'): the cell column is padded with tabs to the widest cell plus one,
/// rounded up to a tab stop. `indent` is an empty leading column (always one tab wide).
fn aligned(rows: &[(String, String)], indent: &str) -> String {
    let widest = rows
        .iter()
        .map(|(cell, _)| cell.chars().count())
        .max()
        .unwrap_or(0);
    let column = (widest + 1).div_ceil(TAB_WIDTH) * TAB_WIDTH;
    let mut text = String::new();
    for (cell, rest) in rows {
        text.push_str(indent);
        let gap = column.saturating_sub(cell.chars().count());
        text.push_str(cell);
        text.push_str(&"\t".repeat(gap.div_ceil(TAB_WIDTH)));
        text.push_str(rest);
        text.push('\n');
    }
    text
}
