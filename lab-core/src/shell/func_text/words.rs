//! Simple commands and redirections as `print_simple_command` and `print_redirection`
//! write them: the words as typed, then every redirection (`2> /dev/null`, `1>&2`, `< in`).

use brush_parser::ast as b;

use super::Printer;

impl Printer {
    pub(super) fn simple(&mut self, s: &b::SimpleCommand) {
        let mut words = Vec::new();
        let mut redirects = Vec::new();
        let prefix = s.prefix.iter().flat_map(|p| p.0.iter());
        let suffix = s.suffix.iter().flat_map(|p| p.0.iter());
        let name = s.word_or_name.iter().map(|w| w.value.clone());
        for item in prefix.clone() {
            item_text(item, &mut words, &mut redirects);
        }
        words.extend(name);
        for item in suffix {
            item_text(item, &mut words, &mut redirects);
        }
        self.put(&words.join(" "));
        if !redirects.is_empty() {
            if !words.is_empty() {
                self.put(" ");
            }
            let owned: Vec<b::IoRedirect> = redirects.into_iter().cloned().collect();
            self.redirects(&owned);
        }
    }

    pub(super) fn redirects(&mut self, redirects: &[b::IoRedirect]) {
        for (i, r) in redirects.iter().enumerate() {
            if i > 0 {
                self.put(" ");
            }
            let text = redirect_text(r, &mut self.heredocs);
            self.put(&text);
        }
    }
}

fn item_text<'a>(
    item: &'a b::CommandPrefixOrSuffixItem,
    words: &mut Vec<String>,
    redirects: &mut Vec<&'a b::IoRedirect>,
) {
    match item {
        b::CommandPrefixOrSuffixItem::IoRedirect(r) => redirects.push(r),
        b::CommandPrefixOrSuffixItem::Word(w)
        | b::CommandPrefixOrSuffixItem::AssignmentWord(_, w) => {
            words.push(w.value.clone());
        }
        other => words.push(other.to_string()),
    }
}

/// One redirection as `print_redirection` writes it: `2> /dev/null`, `1>&2`, `< in`.
fn redirect_text(r: &b::IoRedirect, heredocs: &mut Vec<(String, String)>) -> String {
    let fd = |n: &Option<b::IoFd>, default: i32| match n {
        Some(n) if *n != default => n.to_string(),
        _ => String::new(),
    };
    let number = |n: &Option<b::IoFd>, default: i32| n.unwrap_or(default).to_string();
    match r {
        b::IoRedirect::File(n, kind, target) => {
            let target = match target {
                b::IoFileRedirectTarget::Filename(w) | b::IoFileRedirectTarget::Duplicate(w) => {
                    w.value.clone()
                }
                b::IoFileRedirectTarget::Fd(t) => t.to_string(),
                b::IoFileRedirectTarget::ProcessSubstitution(..) => return r.to_string(),
            };
            let numeric = !target.is_empty() && target.bytes().all(|c| c.is_ascii_digit());
            match kind {
                b::IoFileRedirectKind::Read => format!("{}< {target}", fd(n, 0)),
                b::IoFileRedirectKind::Write => format!("{}> {target}", fd(n, 1)),
                b::IoFileRedirectKind::Append => format!("{}>> {target}", fd(n, 1)),
                b::IoFileRedirectKind::Clobber => format!("{}>| {target}", fd(n, 1)),
                b::IoFileRedirectKind::ReadAndWrite => format!("{}<> {target}", fd(n, 0)),
                b::IoFileRedirectKind::DuplicateInput if target == "-" => {
                    format!("{}>&-", number(n, 0))
                }
                b::IoFileRedirectKind::DuplicateOutput if target == "-" => {
                    format!("{}>&-", number(n, 1))
                }
                b::IoFileRedirectKind::DuplicateInput => format!("{}<&{target}", number(n, 0)),
                b::IoFileRedirectKind::DuplicateOutput if numeric => {
                    format!("{}>&{target}", number(n, 1))
                }
                b::IoFileRedirectKind::DuplicateOutput => match n {
                    Some(n) if *n != 1 => format!("{n}>&{target}"),
                    _ if target.starts_with('$') => format!(">&{target}"),
                    _ => format!("&> {target}"),
                },
            }
        }
        b::IoRedirect::HereDocument(n, doc) => {
            let delimiter: String = doc
                .here_end
                .value
                .chars()
                .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                .collect();
            let shown = if doc.requires_expansion {
                delimiter.clone()
            } else {
                format!("'{delimiter}'")
            };
            heredocs.push((doc.doc.value.clone(), delimiter));
            let dash = if doc.remove_tabs { "-" } else { "" };
            format!("{}<<{dash}{shown}", fd(n, 0))
        }
        b::IoRedirect::HereString(n, w) => format!("{}<<< {}", fd(n, 0), w.value),
        b::IoRedirect::OutputAndError(w, append) => {
            format!("&>{} {}", if *append { ">" } else { "" }, w.value)
        }
    }
}
