//! `Replay`: how each step of a transcript fared in the lab, and its per-section table.

use std::fmt::Write as _;

use super::leaders::LeaderSeen;

/// How a transcript fared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replay {
    /// Per section, in order.
    pub sections: Vec<SectionReplay>,
    /// The lab's seed.
    pub seed: u64,
    /// Each leader an `endpoint status` showed, recorded and in the lab (see `leaders`).
    pub leaders: Vec<LeaderSeen>,
}

/// How one section fared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SectionReplay {
    /// The section's heading.
    pub title: String,
    /// Its steps.
    pub steps: Vec<StepReplay>,
}

/// How one step fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepReplay {
    /// 1-based line of the step in the transcript.
    pub line: usize,
    /// What was typed in the lab (pids mapped, `timeout` stripped).
    pub command: String,
    /// The verdict.
    pub verdict: Verdict,
}

/// The verdict on one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Output and exit code equal after normalization.
    Matched,
    /// The first difference.
    Differs(Difference),
    /// The harness cannot replay this step faithfully; counted as not matched.
    Unsupported(String),
    /// A step recorded without output (a process started with `&`, a signal): run, not
    /// judged.
    Setup,
}

/// The first line where the lab and the recording part ways.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// `stdout`, `stderr` or `exit`.
    pub stream: &'static str,
    /// 1-based line within that stream (1 for `exit`).
    pub line: usize,
    /// The recording's text (normalized), `<end>` past its last line.
    pub want: String,
    /// The lab's text (normalized), `<end>` past its last line.
    pub got: String,
    /// The lab's first line of stderr when the difference is elsewhere (an error that
    /// explains a missing stdout), else empty.
    pub lab_error: String,
}

impl Difference {
    /// The first differing line of two normalized texts, or `None` when they are equal.
    pub fn between(stream: &'static str, want: &str, got: &str) -> Option<Difference> {
        if want == got {
            return None;
        }
        let (mut w, mut g) = (want.split('\n'), got.split('\n'));
        let mut line = 1;
        loop {
            let (a, b) = (w.next(), g.next());
            if a != b || a.is_none() {
                return Some(Difference {
                    stream,
                    line,
                    want: a.unwrap_or("<end>").to_owned(),
                    got: b.unwrap_or("<end>").to_owned(),
                    lab_error: String::new(),
                });
            }
            line += 1;
        }
    }
}

impl SectionReplay {
    /// Steps with a recorded outcome (everything but setup).
    pub fn judged(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.verdict != Verdict::Setup)
            .count()
    }

    /// Steps that matched.
    pub fn matched(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.verdict == Verdict::Matched)
            .count()
    }

    /// Did every judged step match?
    pub fn conforms(&self) -> bool {
        self.matched() == self.judged()
    }

    /// The first step that did not match.
    pub fn first_miss(&self) -> Option<&StepReplay> {
        self.steps
            .iter()
            .find(|s| !matches!(s.verdict, Verdict::Matched | Verdict::Setup))
    }
}

impl Replay {
    /// (matched, judged) over the whole transcript.
    pub fn totals(&self) -> (usize, usize) {
        self.sections
            .iter()
            .fold((0, 0), |(m, t), s| (m + s.matched(), t + s.judged()))
    }

    /// The section titled `title`.
    pub fn section(&self, title: &str) -> Option<&SectionReplay> {
        self.sections.iter().find(|s| s.title == title)
    }

    /// The per-section table: matched/judged and the first mismatch as a short diff.
    pub fn render(&self, file: &str) -> String {
        let (matched, judged) = self.totals();
        let mut out = format!(
            "{file}: {matched}/{judged} steps match (seed {}: {}/{} recorded leaders, {} in their term)\n",
            self.seed,
            self.leaders_agreed(),
            self.leaders.len(),
            self.terms_agreed()
        );
        for section in self.sections.iter().filter(|s| s.judged() > 0) {
            let mark = if section.conforms() { "ok  " } else { "    " };
            let _ = writeln!(
                out,
                "  {mark}{:>3}/{:<3} {}",
                section.matched(),
                section.judged(),
                section.title
            );
            if let Some(step) = section.first_miss() {
                out.push_str(&describe_miss(step));
            }
        }
        out
    }
}

impl Replay {
    /// Every judged step that did not match, section by section, with its first
    /// difference: the long form of [`Replay::render`].
    pub fn render_misses(&self, file: &str) -> String {
        let mut out = format!("{file}: every step that does not match\n");
        for section in &self.sections {
            let misses = section
                .steps
                .iter()
                .filter(|s| !matches!(s.verdict, Verdict::Matched | Verdict::Setup));
            for step in misses {
                let _ = writeln!(out, "  [{}]", section.title);
                out.push_str(&describe_miss(step));
            }
        }
        out
    }
}

/// Width of a command or a diff line in the table (unit: characters).
const SHORT: usize = 150;

fn describe_miss(step: &StepReplay) -> String {
    let mut out = format!(
        "           line {}: $ {}\n",
        step.line,
        short(&step.command)
    );
    match &step.verdict {
        Verdict::Differs(d) => {
            let _ = writeln!(out, "             {} line {}:", d.stream, d.line);
            let skip = common_prefix_chars(&d.want, &d.got).saturating_sub(CONTEXT);
            let _ = writeln!(out, "             - {}", short(&from_char(&d.want, skip)));
            let _ = writeln!(out, "             + {}", short(&from_char(&d.got, skip)));
            if !d.lab_error.is_empty() {
                let _ = writeln!(out, "             (lab stderr: {})", short(&d.lab_error));
            }
        }
        Verdict::Unsupported(why) => {
            let _ = writeln!(out, "             unsupported: {why}");
        }
        Verdict::Matched | Verdict::Setup => {}
    }
    out
}

/// Characters shown before the first difference in a long line (unit: characters).
const CONTEXT: usize = 40;

/// How many leading characters `a` and `b` share.
fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// `text` from its `skip`-th character, marked `…` when cut.
fn from_char(text: &str, skip: usize) -> String {
    if skip == 0 {
        return text.to_owned();
    }
    format!("…{}", text.chars().skip(skip).collect::<String>())
}

/// The first line of `text`, cut to [`SHORT`] characters.
fn short(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    let mut cut: String = first.chars().take(SHORT).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(verdict: Verdict) -> StepReplay {
        StepReplay {
            line: 7,
            command: "etcdctl get foo".to_owned(),
            verdict,
        }
    }

    #[test]
    fn the_first_differing_line_is_reported_with_end_markers() {
        let d = Difference::between("stdout", "a\nb\n", "a\nc\n").expect("differs");
        assert_eq!((d.line, d.want.as_str(), d.got.as_str()), (2, "b", "c"));
        let d = Difference::between("stdout", "a\n", "a\nb\n").expect("differs");
        assert_eq!((d.line, d.want.as_str(), d.got.as_str()), (2, "", "b"));
        let d = Difference::between("stdout", "a", "").expect("differs");
        assert_eq!((d.want.as_str(), d.got.as_str()), ("a", ""));
        assert_eq!(Difference::between("stdout", "x\n", "x\n"), None);
    }

    #[test]
    fn setup_steps_are_not_counted_and_unsupported_ones_count_as_misses() {
        let section = SectionReplay {
            title: "Watch".to_owned(),
            steps: vec![
                step(Verdict::Setup),
                step(Verdict::Matched),
                step(Verdict::Unsupported("background".to_owned())),
            ],
        };
        assert_eq!((section.matched(), section.judged()), (1, 2));
        assert!(!section.conforms());
        let replay = Replay {
            sections: vec![section],
            ..Replay::default()
        };
        let table = replay.render("x.md");
        let head = "x.md: 1/2 steps match (seed 0: 0/0 recorded leaders, 0 in their term)\n";
        assert!(table.starts_with(head), "{table}");
        assert!(table.contains("  1/2   Watch\n"), "{table}");
        assert!(table.contains("unsupported: background"), "{table}");
    }
}
