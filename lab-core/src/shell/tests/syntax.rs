//! Parsing: bash's syntax errors, `input_complete`, and never panicking.

use proptest::prelude::*;

use super::fake::{block_on, host, sh};
use crate::shell::{ParseError, input_complete, parse, run};

#[test]
fn unexpected_tokens_are_named_as_bash_names_them() {
    let unexpected = |s: &str| ParseError::UnexpectedToken(s.to_string());
    assert_eq!(parse("fi\n"), Err(unexpected("fi")));
    assert_eq!(parse("echo a; done\n"), Err(unexpected("done")));
    assert_eq!(parse("echo )\n"), Err(unexpected(")")));
    assert_eq!(parse("echo >\n"), Err(unexpected("newline")));
    assert_eq!(parse("if true; then echo; fi fi\n"), Err(unexpected("fi")));
    assert_eq!(parse("| x\n"), Err(unexpected("|")));
}

#[test]
fn syntax_error_is_printed_with_status_2() {
    let (shell, os) = host();
    let (shell, _, err) = sh(shell, &os, "fi\n");
    assert_eq!(err, "bash: syntax error near unexpected token `fi'\n");
    assert_eq!(shell.last_status(), 2);
}

#[test]
fn open_constructs_are_incomplete_until_closed() {
    for open in [
        "echo 'abc\n",
        "if true; then\n",
        "echo a \\\n",
        "cat <<EOF\nabc\n",
        "echo a |\n",
        "for i in 1; do\n",
        "echo \"$(\n",
        "x=$(echo\n",
    ] {
        assert!(!input_complete(open), "{open:?} should wait for more");
    }
    for done in [
        "echo 'abc'\n",
        "if true; then :; fi\n",
        "cat <<EOF\nabc\nEOF\n",
        "fi\n",
        "\n",
        "",
    ] {
        assert!(input_complete(done), "{done:?} is complete");
    }
}

#[test]
fn deep_nesting_is_refused_not_slow() {
    assert_eq!(parse(&"(".repeat(40)), Err(ParseError::TooDeep));
    assert_eq!(parse(&"x".repeat(70_000)), Err(ParseError::TooLong));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parse_never_panics(source in "[ -~\n\t]{0,60}") {
        let _ = parse(&source);
        let _ = input_complete(&source);
    }

    #[test]
    fn run_never_panics(source in "[a-z$(){}|&;<>'\"`\\\\ *?\\[\\]=!#~\n-]{0,40}") {
        let (shell, os) = host();
        let _ = block_on(run(shell, source, os));
    }
}
