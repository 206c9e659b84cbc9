//! Shell functions against bash 5.2: definitions, calls, `$1`.., `return`, `local`, `shift`,
//! `declare -f` layout, `type`, `unset -f`, `command`, and the limits.

use super::fake::{host, sh};
use crate::shell::limits::{
    MAX_FUNCTION_BYTES, MAX_FUNCTION_CALLS, MAX_FUNCTION_DEPTH, MAX_FUNCTIONS,
};

fn run(script: &str) -> (String, String, i32) {
    let (shell, os) = host();
    let (shell, out, err) = sh(shell, &os, script);
    (out, err, shell.last_status())
}

#[test]
fn both_definition_forms_take_arguments_and_run_in_the_current_shell() {
    let (out, err, _) = run("member-id-of() { echo \"$#:$1:$2\"; x=set; cd /tmp; }\n\
         member-id-of a 'b c'; echo \"$# $x $PWD\"\n\
         function check { echo \"checked $*\"; return $?; }\n\
         check x y\n\
         function paren() ( echo sub; cd / )\n\
         paren; pwd\n");
    assert_eq!(err, "");
    assert_eq!(out, "2:a:b c\n0 set /tmp\nchecked x y\nsub\n/tmp\n");
}

#[test]
fn positional_parameters_are_the_call_s_and_come_back_after_it() {
    let (out, _, _) = run("set -- p q\n\
         g() { echo \"in $1 $0 ${10}\"; shift; echo \"after $# $1\"; echo \"$@\"; }\n\
         g 1 2 3 4 5 6 7 8 9 ten; echo \"out $# $1\"\n");
    assert_eq!(
        out,
        "in 1 -bash ten\nafter 9 2\n2 3 4 5 6 7 8 9 ten\nout 2 p\n"
    );
}

#[test]
fn functions_beat_builtins_and_command_or_builtin_bypass_them() {
    let (out, err, _) = run(
        "echo() { builtin echo \"wrapped $*\"; }\necho hi; command echo plain\n\
         unset -f echo; echo back\nbuiltin nope\n",
    );
    assert_eq!(out, "wrapped hi\nplain\nback\n");
    assert_eq!(err, "bash: builtin: nope: not a shell builtin\n");
}

#[test]
fn redefinition_replaces_and_redirections_apply_on_definition_and_call() {
    let (shell, os) = host();
    let script = "p() { echo one; }\np() { echo \"p:$1\"; } > /tmp/out\np two\n\
                  p three >> /tmp/log\necho piped | { q() { cat; }; q; }\nw=$(p z); echo \"w=$w\"\n";
    let (_, out, err) = sh(shell, &os, script);
    assert_eq!(err, "");
    assert_eq!(out, "piped\nw=\n");
    assert_eq!(os.file("/tmp/out").as_deref(), Some("p:z\n"));
}

#[test]
fn return_ends_the_call_with_its_status_or_the_last_one() {
    let (out, err, _) = run("r() { return 3; echo no; }; r; echo \"r=$?\"\n\
         k() { false; return; }; k; echo \"k=$?\"\n\
         g() { return 300; }; g; echo \"g=$?\"\n\
         h() { return abc; echo no; }; h; echo \"h=$?\"\n\
         l() { for i in 1 2; do while true; do return 4; done; done; }; l; echo \"l=$?\"\n");
    assert_eq!(out, "r=3\nk=1\ng=44\nh=2\nl=4\n");
    assert_eq!(err, "bash: return: abc: numeric argument required\n");
}

#[test]
fn return_and_local_outside_a_function_are_errors() {
    let (out, err, _) = run("return; echo $?\nlocal x=1; echo $?\nreturn 1 2; echo no\n");
    assert_eq!(out, "2\n1\n");
    assert_eq!(
        err,
        "bash: return: can only `return' from a function or sourced script\n\
         bash: local: can only be used in a function\nbash: return: too many arguments\n"
    );
}

#[test]
fn locals_are_dynamically_scoped_and_restored() {
    let (out, err, _) = run(
        "h() { local v=inner u; echo \"h:$v ${u-unset}\"; k; local; local 1x=2; }\n\
         k() { echo \"k:$v\"; v=changed; }\nv=outer; u=1; h; echo \"top:$v $u\"\n\
         c() { local n=$1; if [ \"$n\" = x ]; then echo deep; else c x; fi; echo \"n=$n\"; }; c a\n",
    );
    assert_eq!(
        out,
        "h:inner unset\nk:inner\ndeclare -- v=\"changed\"\ndeclare -- u\ntop:outer 1\n\
         deep\nn=x\nn=a\n"
    );
    assert_eq!(err, "bash: local: `1x=2': not a valid identifier\n");
}

#[test]
fn shift_counts_and_errors_as_bash() {
    let (out, err, _) = run(
        "set -- a b c\nshift 2; echo \"$# $1\"\nshift 5; echo $?\nshift abc; echo $?\n\
         shift -1; echo $?\nshift 1 2; echo $?\n",
    );
    assert_eq!(out, "1 c\n1\n1\n1\n1\n");
    assert_eq!(
        err,
        "bash: shift: abc: numeric argument required\nbash: shift: -1: shift count out of range\n\
         bash: shift: too many arguments\n"
    );
}

#[test]
fn names_with_dollars_or_quotes_are_not_valid_identifiers() {
    let (out, err, status) =
        run("x/y() { echo slash; }; x/y\na.b:c() { echo ok; }; a.b:c\n'f'() { :; }\n");
    assert_eq!(out, "slash\nok\n");
    assert_eq!(err, "bash: `'f'': not a valid identifier\n");
    assert_eq!(status, 1);
}

#[test]
fn declare_f_prints_bash_s_layout() {
    let (out, _, _) = run(
        "member-id-of() { etcdctl member list | grep \", $1,\" | cut -d, -f1; }\n\
         function check { etcdctl endpoint health --endpoints=\"$@\"; return $?; }\n\
         g() ( cd /tmp; echo \"x  y\" 'a b' > /dev/null 2>&1 )\n\
         r() { echo hi; } > /tmp/out 2>&1\n\
         declare -f\ndeclare -F\n",
    );
    assert_eq!(
        out,
        "check () \n{ \n    etcdctl endpoint health --endpoints=\"$@\";\n    return $?\n}\n\
         g () \n{ \n    ( cd /tmp;\n    echo \"x  y\" 'a b' > /dev/null 2>&1 )\n}\n\
         member-id-of () \n{ \n    etcdctl member list | grep \", $1,\" | cut -d, -f1\n}\n\
         r () \n{ \n    echo hi\n} > /tmp/out 2>&1\n\
         declare -f check\ndeclare -f g\ndeclare -f member-id-of\ndeclare -f r\n"
    );
}

#[test]
fn declare_f_lays_out_compound_commands_as_bash() {
    let (out, _, _) = run(
        "h() { if [ -n \"$1\" ]; then echo yes; elif true; then echo no; else echo z; fi; \
         for i in 1 2 \"$@\"; do echo $i; done; while false; do :; done; local a=1 b; \
         x=1 y=$(echo hi) cmd arg && echo ok || echo bad; echo bg & }\n\
         k() { case $1 in a|b) echo ab;; *) echo other;; esac; until true; do break; done; \
         ! false | cat; { echo in; }; a & b; for x; do echo; done; echo >&2 2>/dev/null <in >>out; }\n\
         declare -f h k\n",
    );
    let h = "h () \n{ \n    if [ -n \"$1\" ]; then\n        echo yes;\n    else\n        \
             if true; then\n            echo no;\n        else\n            echo z;\n        fi;\n    \
             fi;\n    for i in 1 2 \"$@\";\n    do\n        echo $i;\n    done;\n    \
             while false; do\n        :;\n    done;\n    local a=1 b;\n    \
             x=1 y=$(echo hi) cmd arg && echo ok || echo bad;\n    echo bg &\n}\n";
    let k = "k () \n{ \n    case $1 in \n        a | b)\n            echo ab\n        ;;\n        \
             *)\n            echo other\n        ;;\n    esac;\n    until true; do\n        \
             break;\n    done;\n    ! false | cat;\n    { \n        echo in\n    };\n    \
             a & b;\n    for x in \"$@\";\n    do\n        echo;\n    done;\n    \
             echo 1>&2 2> /dev/null < in >> out\n}\n";
    assert_eq!(out, format!("{h}{k}"));
}

#[test]
fn declare_f_of_a_missing_name_is_status_1_and_type_describes_functions() {
    let (shell, os) = host();
    let (shell, out, _) = sh(
        shell,
        &os,
        "f() { echo f; }\ndeclare -f f g; echo $?\ndeclare -F f\n",
    );
    assert_eq!(out, "f () \n{ \n    echo f\n}\n1\nf\n");
    let (shell, out, err) = sh(shell, &os, "type f cd if ls; type -t f\ntypeset -f f\n");
    assert_eq!(
        out,
        "f is a function\nf () \n{ \n    echo f\n}\ncd is a shell builtin\nif is a shell keyword\n\
         ls is /usr/bin/ls\nfunction\nf () \n{ \n    echo f\n}\n"
    );
    assert_eq!(err, "");
    let (_, out, err) = sh(
        shell,
        &os,
        "unset -f f; f; type f; echo $?; command -v cd\n",
    );
    assert_eq!(out, "1\ncd\n");
    assert_eq!(
        err,
        "bash: f: command not found\nbash: type: f: not found\n"
    );
}

#[test]
fn functions_persist_between_lines_but_not_into_child_shells() {
    let (shell, os) = host();
    let (shell, _, _) = sh(shell, &os, "f() { echo kept; }\n");
    let (shell, out, _) = sh(shell, &os, "f\n");
    assert_eq!(out, "kept\n");
    let (_, _, err) = sh(shell, &os, "bash -c f\n");
    assert_eq!(err, "bash: f: command not found\n");
}

#[test]
fn endless_recursion_stops_at_the_nesting_limit_and_abandons_the_line() {
    let (shell, os) = host();
    let (shell, out, err) = sh(shell, &os, "f() { f; }; f; echo after\n");
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!("bash: f: maximum function nesting level exceeded ({MAX_FUNCTION_DEPTH})\n")
    );
    assert_eq!(shell.last_status(), 1);
    let (_, out, _) = sh(shell, &os, "echo next $?\n");
    assert_eq!(out, "next 1\n");
}

#[test]
fn a_call_explosion_stops_at_the_call_limit() {
    let (out, err, status) =
        run("f() { if [ $# -lt 20 ]; then f \"$@\" x; f \"$@\" x; fi; }; f; echo after\n");
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!("bash: f: more than {MAX_FUNCTION_CALLS} function calls\n")
    );
    assert_eq!(status, 1);
}

/// The nesting limit is reached with a body of nested `if`/`while`/`case`/pipelines in a
/// thread of 1 MiB, wasm's stack, in a debug build (the test threads have 2 MiB).
#[test]
fn the_nesting_limit_fits_in_one_mebibyte_of_stack() {
    let body = "f() { echo x | cat > /dev/null; if true; then while true; do case a in \
                a) { if [ -n x ]; then f; fi; } ;; esac; break; done; fi; }; f\n";
    let worker = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || run(body))
        .map(|handle| handle.join());
    let Ok(Ok((_, err, status))) = worker else {
        panic!("the recursion did not finish");
    };
    assert!(
        err.contains("maximum function nesting level exceeded"),
        "{err}"
    );
    assert_eq!(status, 1);
}

#[test]
fn break_outside_a_loop_of_its_own_function_is_an_error_with_status_0() {
    let (out, err, _) = run(
        "f() { break; echo \"in f $?\"; }\nfor i in 1 2; do f; echo \"i=$i\"; done\n\
         break; echo \"top $?\"\n",
    );
    assert_eq!(out, "in f 0\ni=1\nin f 0\ni=2\ntop 0\n");
    let message = "bash: break: only meaningful in a `for', `while', or `until' loop\n";
    assert_eq!(err, message.repeat(3));
}

#[test]
fn prefix_assignments_reach_the_function_s_programs_and_then_go() {
    let (shell, os) = host();
    let (shell, out, _) = sh(shell, &os, "g() { echo \"X=$X\"; echo-args; }\nX=2 g\n");
    assert_eq!(out, "X=2\n\n");
    assert!(os.last_exec().env.contains(&("X".into(), "2".into())));
    assert_eq!(shell.var("X"), None);
    let (_, out, _) = sh(
        shell,
        &os,
        "command -v g; command -v cat; command -v nope; echo $?\n",
    );
    assert_eq!(out, "g\n/usr/bin/cat\n1\n");
}

#[test]
fn the_table_holds_at_most_max_functions_and_max_function_bytes() {
    let (shell, os) = host();
    let many: String = (0..=MAX_FUNCTIONS)
        .map(|i| format!("f{i}() {{ :; }}\n"))
        .collect();
    let (shell, _, err) = sh(shell, &os, &many);
    let last = MAX_FUNCTIONS;
    assert_eq!(
        err,
        format!("bash: f{last}: more than {MAX_FUNCTIONS} functions\n")
    );
    let (mut shell, _, err) = sh(shell, &os, "f0() { echo redefined; }; f0; unset -f f1\n");
    assert_eq!(err, "");
    let big = "x".repeat(60_000);
    let mut errors = String::new();
    for i in 0..MAX_FUNCTION_BYTES / 60_000 + 1 {
        let (next, _, err) = sh(shell, &os, &format!("f{i}() {{ echo {big}; }}\n"));
        shell = next;
        errors.push_str(&err);
    }
    assert!(
        errors.ends_with(&format!("larger than {MAX_FUNCTION_BYTES} bytes\n")),
        "{errors}"
    );
}

#[test]
fn a_function_redefining_itself_finishes_its_old_body() {
    let (out, _, _) = run("f() { f() { echo new; }; echo old; }; f; f\n");
    assert_eq!(out, "old\nnew\n");
}
