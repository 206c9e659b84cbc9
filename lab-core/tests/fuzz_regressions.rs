//! Inputs the fuzzers (`lab-core/fuzz`) found that once hurt: each must now give an answer,
//! quickly and without unbounded memory.

use lab_core::shell::{ParseError, input_complete, parse};

/// `<<` followed by a carriage return made the shell-syntax crate's tokenizer allocate
/// without bound (found by `shell_parse`, 44 bytes).
#[test]
fn a_heredoc_without_a_delimiter_is_a_syntax_error() {
    let found = "<- \\<-<<\r <-<<-<<-<<- \\<-<<- <<-<<- \\<-<<- ";
    assert_eq!(
        parse(found).err(),
        Some(ParseError::UnexpectedToken("newline".to_owned()))
    );
    assert!(
        input_complete(found),
        "an error is complete input: bash reports it"
    );
    assert_eq!(
        parse("cat <<").err(),
        Some(ParseError::UnexpectedToken("newline".to_owned()))
    );
    assert!(
        parse("cat <<< word").is_ok(),
        "a here-string is not a heredoc"
    );
    assert!(
        !input_complete("cat << EOF\nbody"),
        "a real heredoc still waits for its end"
    );
}

/// An unterminated `$(` at the end of input made the crate's tokenizer panic (found by
/// `lab_script`); a NUL-laden heredoc line made it allocate without bound (`shell_parse`).
#[test]
fn open_expansions_wait_for_more_input_and_control_bytes_are_refused() {
    let open = "ETCD_PEER=$(ip adD_3=etcd-3; ETC";
    assert!(
        !input_complete(open),
        "`$(` still open: the terminal shows `> `"
    );
    assert!(!input_complete("echo ${HOME"));
    assert!(!input_complete("echo `date"));
    assert!(input_complete(
        "echo $(hostname) ${HOME} `date` '$(' \"\\$(\""
    ));
    let found = "_NAME=$(\t\t\t\t\t\t(\0\0\0\0\0\0cd<<-\t\t\\ \t~ETCD_N\t=\t(\t~ETCD$\t\tOhos)";
    assert!(matches!(parse(found), Err(ParseError::UnexpectedToken(_))));
}

/// A file-descriptor number too large for the crate's `u32` made it panic (`shell_parse`).
#[test]
fn a_huge_fd_number_is_a_syntax_error() {
    let found = format!("{}>|-%s", "1".repeat(46));
    assert!(matches!(parse(&found), Err(ParseError::UnexpectedToken(_))));
    assert!(parse("echo hi 2>/dev/null 1>&2").is_ok());
    let tilde = format!("~{}:6o./>&w>&w+=$(hos)", "6".repeat(26));
    assert!(matches!(parse(&tilde), Err(ParseError::UnexpectedToken(_))));
    assert!(matches!(
        parse("echo {1..99999999999999999999}"),
        Err(ParseError::UnexpectedToken(_))
    ));
    assert!(parse("echo {1..5} ~ ~/x 3965943739518344197").is_ok());
}

/// A long chain of pending heredocs made the crate allocate without bound (`shell_parse`).
#[test]
fn too_many_heredocs_are_refused() {
    let chain =
        "ETCD=$(ip f&)D_%E -<<- <<-<<- \\<-<<- <<-<<$(/&)ER=-<<- <<-<<- \\<-<<- <<-<<$(/&)F&)";
    assert!(parse(chain).is_err());
    let many = "cat <<A <<B <<C <<D <<E\nA\nB\nC\nD\nE\n";
    assert_eq!(parse(many).err(), Some(ParseError::TooDeep));
    assert!(
        parse("cat << A << B\na\nA\nb\nB\n").is_ok(),
        "two heredocs are fine"
    );
}

/// An empty quoted heredoc delimiter made the crate allocate without bound (`shell_parse`).
#[test]
fn an_empty_heredoc_delimiter_is_refused() {
    assert!(parse("<<-\"\" |#{prIi ET\\CD").is_err());
    assert!(parse("cat <<'' x").is_err());
    assert!(parse("cat <<'EOF'\nx\nEOF\n").is_ok());
}
