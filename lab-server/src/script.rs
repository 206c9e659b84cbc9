//! `lab script FILE`: runs a lab script headlessly and prints its transcript.

use std::process::ExitCode;

use lab_core::lab::ScriptLab;
use lab_core::script::{parse_script, run_script};
use lab_core::shell::input_complete;

use crate::cli::ScriptArgs;

/// Runs the script; exit 0 when every `expect` held, 1 with the failing line otherwise.
pub fn run(args: ScriptArgs) -> ExitCode {
    let path = args.file.display().to_string();
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(&args.file)
    };
    let text = match text {
        Ok(text) => text,
        Err(err) => {
            eprintln!("lab: cannot read {path}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let statements = match parse_script(&text, &input_complete) {
        Ok(statements) => statements,
        Err(err) => {
            eprintln!("lab: {path}:{}: {}", err.line, err.message);
            return ExitCode::FAILURE;
        }
    };
    let mut lab = ScriptLab::new();
    let report = run_script(&statements, &mut lab);
    print!("{}", report.transcript);
    match report.failure {
        None => ExitCode::SUCCESS,
        Some((line, message)) => {
            eprintln!("lab: {path}:{line}: {message}");
            ExitCode::FAILURE
        }
    }
}
