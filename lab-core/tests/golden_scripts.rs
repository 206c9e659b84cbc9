//! Golden lab-script transcripts: every `tests/scripts/*.lab` in the repository runs in a
//! fresh lab and its transcript must equal the `.out` file beside it, byte for byte.
//! `REWRITE=1 cargo test -p lab-core --test stories golden_scripts` regenerates the `.out` files;
//! review the diff before committing it.

use std::path::{Path, PathBuf};

use lab_core::lab::ScriptLab;
use lab_core::script::{parse_script, run_script};
use lab_core::shell::input_complete;

fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scripts")
}

/// Runs one script: its transcript, and the first failed `expect` if any.
fn transcript(path: &Path) -> (String, Option<(usize, String)>) {
    let text = std::fs::read_to_string(path).expect("readable script");
    let statements = parse_script(&text, &input_complete).expect("script parses");
    let mut lab = ScriptLab::new();
    let report = run_script(&statements, &mut lab);
    (report.transcript, report.failure)
}

#[test]
fn every_script_reproduces_its_transcript() {
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(scripts_dir())
        .expect("tests/scripts exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "lab"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no scripts in {:?}", scripts_dir());
    let rewrite = std::env::var_os("REWRITE").is_some();
    let mut mismatched = Vec::new();
    for script in &scripts {
        let (got, failure) = transcript(script);
        if let Some((line, message)) = failure {
            mismatched.push(format!("{}:{line}: {message}", script.display()));
        }
        let out = script.with_extension("out");
        if rewrite {
            std::fs::write(&out, &got).expect("writable .out");
            continue;
        }
        let want = std::fs::read_to_string(&out).unwrap_or_default();
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(g, w)| g != w)
                .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
            mismatched.push(format!(
                "{}: first difference at line {}\n  got:  {:?}\n  want: {:?}",
                script.display(),
                line + 1,
                got.lines().nth(line).unwrap_or("<end>"),
                want.lines().nth(line).unwrap_or("<end>"),
            ));
        }
    }
    assert!(mismatched.is_empty(), "{}", mismatched.join("\n"));
}
