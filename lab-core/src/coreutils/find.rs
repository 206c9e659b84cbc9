//! `find`: GNU findutils' walk of a directory tree, with the expressions learners use on an
//! etcd data-dir (`-name`, `-type`, `-maxdepth`, `-mindepth`) and GNU's messages.
//!
//! Entries are listed parents first, siblings in name order (GNU lists them in the file
//! system's directory order, which is arbitrary: pipe through `sort` to compare).

use glob::{MatchOptions, Pattern};

use super::UtilityContext;
use super::context::quote_curly;
use crate::vfs::FileType;

/// Deepest `-maxdepth`/`-mindepth` accepted (directories deeper than the VFS allows never
/// exist, so larger values change nothing).
const MAX_DEPTH: usize = 4096;

/// The parsed command line: starting points and the tests every entry must pass.
#[derive(Debug, Default)]
struct Query {
    paths: Vec<String>,
    name: Option<Pattern>,
    file_type: Option<FileType>,
    min_depth: usize,
    max_depth: usize,
}

/// `find [PATH...] [-name PATTERN] [-type f|d|l] [-maxdepth N] [-mindepth N] [-print]`.
pub(crate) fn find(args: &[String], ctx: &mut UtilityContext<'_>) -> i32 {
    let query = match parse(args) {
        Ok(q) => q,
        Err(message) => {
            ctx.error("find", &message);
            return 1;
        }
    };
    let mut status = 0;
    for start in &query.paths {
        let path = ctx.path(start);
        let entries = match ctx.fs.walk(&path, true) {
            Ok(entries) => entries,
            Err(e) => {
                ctx.error("find", &format!("{}: {e}", quote_curly(start)));
                status = 1;
                continue;
            }
        };
        for (suffix, meta) in entries {
            let depth = suffix.matches('/').count();
            let shown = if suffix.is_empty() {
                start.clone()
            } else {
                format!("{}{suffix}", start.trim_end_matches('/'))
            };
            if depth < query.min_depth
                || depth > query.max_depth
                || !query.selects(&shown, meta.file_type)
            {
                continue;
            }
            ctx.print(&format!("{shown}\n"));
            if ctx.out_full() {
                return status;
            }
        }
    }
    status
}

impl Query {
    fn selects(&self, shown: &str, file_type: FileType) -> bool {
        let base = shown.rsplit('/').find(|s| !s.is_empty()).unwrap_or(shown);
        self.name
            .as_ref()
            .is_none_or(|p| p.matches_with(base, MatchOptions::new()))
            && self.file_type.is_none_or(|t| t == file_type)
    }
}

fn parse(args: &[String]) -> Result<Query, String> {
    let mut query = Query {
        max_depth: MAX_DEPTH,
        ..Query::default()
    };
    let mut it = args.iter().peekable();
    while let Some(arg) = it.next_if(|a| !a.starts_with('-') || a.as_str() == "-") {
        query.paths.push(arg.clone());
    }
    if query.paths.is_empty() {
        query.paths.push(".".to_owned());
    }
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("missing argument to `{arg}'"))
        };
        match arg.as_str() {
            "-name" => {
                let pattern = value()?;
                query.name = Some(Pattern::new(&pattern).unwrap_or_else(|_| {
                    Pattern::new(&Pattern::escape(&pattern)).unwrap_or_default()
                }));
            }
            "-type" => query.file_type = Some(file_type(&value()?)?),
            "-maxdepth" => query.max_depth = depth(arg, &value()?)?,
            "-mindepth" => query.min_depth = depth(arg, &value()?)?,
            "-print" => {}
            other if other.starts_with('-') => return Err(format!("unknown predicate `{other}'")),
            other => return Err(format!("paths must precede expression: `{other}'")),
        }
    }
    Ok(query)
}

fn file_type(letter: &str) -> Result<FileType, String> {
    match letter {
        "f" => Ok(FileType::File),
        "d" => Ok(FileType::Dir),
        "l" => Ok(FileType::Symlink),
        other => Err(format!("Unknown argument to -type: {other}")),
    }
}

fn depth(option: &str, value: &str) -> Result<usize, String> {
    value
        .parse::<usize>()
        .map(|d| d.min(MAX_DEPTH))
        .map_err(|_| {
            format!("Expected a positive decimal integer argument to {option}, but got `{value}'")
        })
}
