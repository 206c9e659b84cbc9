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
