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

/// Array subscripts (`${NAME[`) made the crate's word grammar backtrack exponentially
/// (`shell_parse`: 374 bytes grew past 2 GiB; five `${A[}:` in a word took 0.7 s). Arrays
/// are outside the lab's shell: such a command parses and is reported when it runs.
#[test]
fn array_subscripts_are_left_for_run_time() {
    let found = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/shell_parse/shell_parse-oom-c7deb884"
    ))
    .unwrap_or_default();
    assert!(found.contains("${ETCD_IP_["), "the input the fuzzer found");
    assert!(
        parse(&found).is_ok(),
        "valid bash: bash fails only when it runs"
    );
    let minimized = "z~ETCD_NA=h=$(\t\tn:/${ETCD_IP_[${ETCDIP_[};380,${ETCD_TCD_IP_[}:}:;:/\
                     ${ETD_IP_[}380,${ETCD_3}=http:/2:0--ostns)";
    assert!(parse(minimized).is_ok());
    for word in ["\"${A[}\":", "${A[}:", "${A[0]}", "${#A[@]}"] {
        let many = format!("echo {}]", word.repeat(40));
        assert!(parse(&many).is_ok(), "{many}");
        let heredoc = format!("cat <<EOF\n{}\nEOF\n", word.repeat(40));
        assert!(parse(&heredoc).is_ok(), "{heredoc}");
    }
}

/// A heredoc opened inside a command substitution that closes on the same line made the
/// crate's tokenizer loop allocating (`shell_parse`, 61 bytes).
#[test]
fn a_heredoc_cut_short_by_its_substitution_is_refused() {
    let found = "~ETc=,s$(\t<<\t\t\t\tsudo%qLCD_NEM_N}#suu }#suu ifET~>&ok #eesh<&)";
    assert_eq!(
        parse(found).err(),
        Some(ParseError::UnexpectedToken(")".to_owned()))
    );
    assert!(parse("x=$(cat <<EOF)").is_err());
    assert!(parse("x=`cat <<EOF`").is_err());
    assert!(
        parse("x=$(cat <<EOF\nbody\nEOF\n)").is_ok(),
        "a heredoc whose body follows is fine"
    );
    assert!(
        parse("x=$(cat <<< word)").is_ok(),
        "a here-string is not a heredoc"
    );
}
