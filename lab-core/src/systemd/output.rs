//! [`CmdOutput`]: what a simulated command prints on stdout and stderr, and its exit status.
//! `systemctl`, `journalctl`, `firewall-cmd` and `iptables` all answer with one.

/// The result of one command line, as a shell would see it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CmdOutput {
    /// Text for stdout; every line ends with `\n`.
    pub stdout: String,
    /// Text for stderr; every line ends with `\n`.
    pub stderr: String,
    /// The exit status (`$?`).
    pub exit_code: u8,
}

impl CmdOutput {
    /// Success with nothing printed.
    pub fn ok() -> Self {
        Self::default()
    }

    /// Success printing `lines` on stdout.
    pub fn stdout_lines<S: AsRef<str>>(lines: &[S]) -> Self {
        Self {
            stdout: join_lines(lines),
            ..Self::default()
        }
    }

    /// `text` (one or more lines) on stderr with `exit_code`.
    pub fn error(text: &str, exit_code: u8) -> Self {
        Self {
            stdout: String::new(),
            stderr: join_lines(&[text]),
            exit_code,
        }
    }

    /// The same output with `exit_code`.
    pub fn with_exit(mut self, exit_code: u8) -> Self {
        self.exit_code = exit_code;
        self
    }
}

/// `lines` each terminated by a newline.
pub(crate) fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut text = String::new();
    for line in lines {
        text.push_str(line.as_ref());
        text.push('\n');
    }
    text
}
