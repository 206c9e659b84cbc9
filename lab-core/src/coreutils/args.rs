//! GNU `getopt_long`-style argument parsing: clustered short flags (`-rf`), short options
//! with a value attached or following (`-n5`, `-n 5`), long options (`--all`,
//! `--lines=5`), options after operands, and `--` ending options.

use super::UtilityContext;

/// The options one utility accepts.
pub(crate) struct Spec<'s> {
    /// Utility name for messages.
    pub(crate) cmd: &'s str,
    /// Short options without a value.
    pub(crate) flags: &'s str,
    /// Short options that take a value.
    pub(crate) valued: &'s str,
    /// Long options: name, the short option they mean, whether they take a value.
    pub(crate) long: &'s [(&'s str, char, bool)],
}

/// The parsed command line: options in order, then operands.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub(crate) opts: Vec<(char, String)>,
    pub(crate) operands: Vec<String>,
}

impl Parsed {
    /// Whether short option `c` was given.
    pub(crate) fn has(&self, c: char) -> bool {
        self.opts.iter().any(|(o, _)| *o == c)
    }

    /// The last value given for option `c`.
    pub(crate) fn value(&self, c: char) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|(o, _)| *o == c)
            .map(|(_, v)| v.as_str())
    }
}

impl<'s> Spec<'s> {
    /// A spec for `cmd` with only short flags (no valued or long options).
    pub(crate) const fn flags(cmd: &'s str, flags: &'s str) -> Spec<'s> {
        Spec {
            cmd,
            flags,
            valued: "",
            long: &[],
        }
    }

    /// Parses `args` and requires at least one operand, else prints GNU's
    /// `cmd: MISSING` + `Try ...` and returns `Err(status)`.
    pub(crate) fn parse_operands(
        &self,
        args: &[String],
        ctx: &mut UtilityContext<'_>,
        status: i32,
        missing: &str,
    ) -> Result<Parsed, i32> {
        let p = self.parse(args, ctx, status)?;
        if p.operands.is_empty() {
            return Err(ctx.usage_error(self.cmd, missing, status));
        }
        Ok(p)
    }

    /// Parses `args`; on a bad option prints GNU's message and returns `Err(status)`.
    pub(crate) fn parse(
        &self,
        args: &[String],
        ctx: &mut UtilityContext<'_>,
        status: i32,
    ) -> Result<Parsed, i32> {
        let mut before_dashes = args.iter().take_while(|a| *a != "--");
        if let Some(info) = before_dashes.find(|a| *a == "--help" || *a == "--version") {
            self.print_info(info == "--help", ctx);
            return Err(0);
        }
        self.parse_quiet(args)
            .map_err(|msg| ctx.usage_error(self.cmd, &msg, status))
    }

    /// A short `--help` (the lab implements a subset of each utility) or `--version`.
    fn print_info(&self, help: bool, ctx: &mut UtilityContext<'_>) {
        let cmd = self.cmd;
        ctx.print(&if help {
            format!(
                "Usage: {cmd} [OPTION]... [FILE]...\n(the lab implements a subset of the options)\n"
            )
        } else {
            format!("{cmd} (GNU coreutils) 8.22\n")
        });
    }

    fn parse_quiet(&self, args: &[String]) -> Result<Parsed, String> {
        let mut p = Parsed::default();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if arg == "--" {
                p.operands.extend(it.by_ref().cloned());
            } else if let Some(long) = arg.strip_prefix("--") {
                self.parse_long(long, arg, &mut it, &mut p)?;
            } else if arg.len() > 1 && arg.starts_with('-') {
                self.parse_short(arg, &mut it, &mut p)?;
            } else {
                p.operands.push(arg.clone());
            }
        }
        Ok(p)
    }

    fn parse_long<'a>(
        &self,
        long: &str,
        arg: &str,
        it: &mut impl Iterator<Item = &'a String>,
        p: &mut Parsed,
    ) -> Result<(), String> {
        let (name, attached) = match long.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (long, None),
        };
        let matches: Vec<_> = self
            .long
            .iter()
            .filter(|(n, _, _)| n.starts_with(name))
            .collect();
        let exact = matches.iter().find(|(n, _, _)| *n == name);
        let Some((full, c, valued)) = exact.or(matches.first().filter(|_| matches.len() == 1))
        else {
            return Err(format!("unrecognized option '{arg}'"));
        };
        let value = match (valued, attached) {
            (true, Some(v)) => v,
            (true, None) => it
                .next()
                .cloned()
                .ok_or_else(|| format!("option '--{full}' requires an argument"))?,
            (false, Some(_)) => return Err(format!("option '--{full}' doesn't allow an argument")),
            (false, None) => String::new(),
        };
        p.opts.push((*c, value));
        Ok(())
    }

    fn parse_short<'a>(
        &self,
        arg: &str,
        it: &mut impl Iterator<Item = &'a String>,
        p: &mut Parsed,
    ) -> Result<(), String> {
        for (i, c) in arg.char_indices().skip(1) {
            if self.flags.contains(c) {
                p.opts.push((c, String::new()));
            } else if self.valued.contains(c) {
                let rest = arg.get(i + c.len_utf8()..).unwrap_or("");
                let value = if rest.is_empty() {
                    it.next()
                        .cloned()
                        .ok_or_else(|| format!("option requires an argument -- '{c}'"))?
                } else {
                    rest.to_string()
                };
                p.opts.push((c, value));
                return Ok(());
            } else {
                return Err(format!("invalid option -- '{c}'"));
            }
        }
        Ok(())
    }
}
