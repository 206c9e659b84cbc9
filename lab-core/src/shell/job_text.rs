//! A pipeline's text as bash's `jobs` and job notices print it: words and redirections
//! separated by single spaces (`sleep 5 > log 2>&1`), a subshell as `( a; b )` and a brace
//! group as `{ a; }` on one line. Other compound commands keep the parser's own layout.

use brush_parser::ast as b;

/// The text of `p` for `jobs`.
pub(super) fn job_text(p: &b::Pipeline) -> String {
    let commands: Vec<String> = p.seq.iter().map(command_text).collect();
    let text = commands.join(" | ");
    if p.bang { format!("! {text}") } else { text }
}

fn command_text(c: &b::Command) -> String {
    let b::Command::Compound(compound, redirects) = c else {
        return tidy(&c.to_string());
    };
    let body = match compound {
        b::CompoundCommand::Subshell(s) => format!("( {} )", one_line(&s.list, false)),
        b::CompoundCommand::BraceGroup(g) => format!("{{ {} }}", one_line(&g.list, true)),
        other => other.to_string().trim().to_owned(),
    };
    let redirects: Vec<String> = redirects
        .iter()
        .flat_map(|list| list.0.iter())
        .map(|r| tidy(&r.to_string()))
        .collect();
    if redirects.is_empty() {
        body
    } else {
        format!("{body} {}", redirects.join(" "))
    }
}

/// `a; b &` — with a `;` after the last item too when `close` (a brace group's `{ a; }`).
fn one_line(list: &b::CompoundList, close: bool) -> String {
    let last = list.0.len().saturating_sub(1);
    let items: Vec<String> = list
        .0
        .iter()
        .enumerate()
        .map(|(i, b::CompoundListItem(and_or, separator))| {
            let text = tidy(&and_or.to_string());
            match separator {
                b::SeparatorOperator::Async => format!("{text} &"),
                b::SeparatorOperator::Sequence if i < last || close => format!("{text};"),
                b::SeparatorOperator::Sequence => text,
            }
        })
        .collect();
    items.join(" ")
}

/// The parser prints `2>&1` as `2>& 1`; bash shows it as typed.
fn tidy(text: &str) -> String {
    text.trim().replace(">& ", ">&")
}
