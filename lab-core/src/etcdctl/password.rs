//! Passwords at the terminal and the login: etcdctl's `authCfgFromCmd` (`--user
//! name[:password]`, `--password`), clientv3's `Authenticate` when it connects with both a
//! name and a password, and speakeasy's prompt (on stdout; echo off while a terminal is
//! typed into; with stdin not a terminal, `stty` complains on stderr, as the reference
//! recorded).

use super::api::EtcdApi;
use super::client::Client;
use super::context::Ctx;
use super::error::CtlError;
use super::output::Stream;
use super::rpc::{Request, Response};

/// What `stty` says when stdin is a pipe.
const STTY_NOT_A_TTY: &str = "stty: 'standard input': Inappropriate ioctl for device";
/// The one login refusal clientv3 lets pass: the command then runs without a token.
const AUTH_NOT_ENABLED: &str = "etcdserver: authentication is not enabled";

impl<'r, A: EtcdApi> Ctx<'r, '_, A> {
    /// `mustClientFromCmd`: the client, logged in if `--user` gave a name and a password.
    /// A refused login ends the run with exit 2, as a client that cannot be made does.
    pub(super) async fn connect(&self, endpoints: &[String]) -> Result<Client<'r, A>, CtlError> {
        let client = self.client(endpoints)?;
        let Some((name, password)) = self.credentials().await else {
            return Ok(client);
        };
        if name.is_empty() || password.is_empty() {
            return Ok(client);
        }
        let login = Request::Authenticate { name, password };
        match client.unary(&self.out, login, self.deadline()).await {
            Ok(Response::Authenticate { token, .. }) => self.api.set_token(Some(token)),
            Ok(_) => {}
            Err(status) if status.desc == AUTH_NOT_ENABLED => {}
            Err(status) => return Err(CtlError::BadConnection(status.error_text())),
        }
        Ok(client)
    }

    /// `authCfgFromCmd`: `--password` makes the whole `--user` the name; else `name:password`
    /// splits at the first colon, and a bare name asks for the password.
    async fn credentials(&self) -> Option<(String, String)> {
        let user = self.flags.string("user");
        if user.is_empty() {
            return None;
        }
        let password = self.flags.string("password");
        if !password.is_empty() {
            return Some((user, password));
        }
        match user.split_once(':') {
            Some((name, password)) => Some((name.to_owned(), password.to_owned())),
            None => {
                let password = self.ask("Password: ").await;
                Some((user, password))
            }
        }
    }

    /// speakeasy's `Ask`: the prompt, one line of stdin without its end, then a newline.
    /// On a terminal, echo is off while the password is typed (`stty -echo`), so the
    /// newline is the only thing the Enter leaves on screen.
    pub(super) async fn ask(&self, prompt: &str) -> String {
        self.out(prompt);
        if self.api.stdin_is_terminal() {
            self.api.set_terminal_echo(false);
            let line = self.read_line().await;
            self.api.set_terminal_echo(true);
            self.out.borrow_mut().write(Stream::Stdout, b"\n");
            return line;
        }
        let piped = !self.stdin.is_empty();
        if piped {
            self.errln(STTY_NOT_A_TTY);
        }
        let line = self.read_line().await;
        if piped {
            self.errln(STTY_NOT_A_TTY);
        }
        self.out.borrow_mut().write(Stream::Stdout, b"\n");
        line
    }

    /// The next line of stdin (typed, on a terminal), without `\n` or `\r`; empty at its
    /// end.
    pub(super) async fn read_line(&self) -> String {
        if self.api.stdin_is_terminal() {
            let line = self.api.read_terminal_line().await.unwrap_or_default();
            let line = line.strip_suffix('\n').unwrap_or(&line);
            return line.trim_end_matches('\r').to_owned();
        }
        let start = self.stdin_read.get().min(self.stdin.len());
        let rest = self.stdin.get(start..).unwrap_or_default();
        let (line, used) = match rest.iter().position(|&b| b == b'\n') {
            Some(end) => (rest.get(..end).unwrap_or_default(), end + 1),
            None => (rest, rest.len()),
        };
        self.stdin_read.set(start.saturating_add(used));
        String::from_utf8_lossy(line)
            .trim_end_matches('\r')
            .to_owned()
    }

    /// `fmt.Scanf("%s")`: the next word of stdin.
    pub(super) async fn scan_word(&self) -> String {
        let line = self.read_line().await;
        line.split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// etcdctl's `readPasswordInteractive`: asked twice, never empty.
    pub(super) async fn ask_new_password(&self, name: &str) -> Result<String, CtlError> {
        let first = self.ask(&format!("Password of {name}: ")).await;
        if first.is_empty() {
            return Err(CtlError::BadArgs("empty password".to_owned()));
        }
        let again = self
            .ask(&format!("Type password of {name} again for confirmation: "))
            .await;
        if first != again {
            return Err(CtlError::BadArgs(
                "given passwords are different".to_owned(),
            ));
        }
        Ok(first)
    }
}
