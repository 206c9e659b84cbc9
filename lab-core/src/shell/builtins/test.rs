//! `test` and `[ ]`: brush-parser reads the expression; files are checked through the Os,
//! strings and integers here.

use brush_parser::ast::{BinaryPredicate as B, TestExpr, UnaryPredicate as U};

use crate::shell::interp::{Flow, Interp};
use crate::shell::io::Io;
use crate::shell::os::{FileKind, Os};

pub(super) fn test<O: Os>(
    interp: &mut Interp<O>,
    args: &[String],
    bracket: bool,
    io: &mut Io,
) -> Flow {
    let name = if bracket { "[" } else { "test" };
    let args = if bracket {
        match args.split_last() {
            Some((last, init)) if last == "]" => init,
            _ => {
                io.error(&interp.os, "[: missing `]'");
                return interp.status(2);
            }
        }
    } else {
        args
    };
    let Ok(expr) = brush_parser::test_command::parse(args) else {
        io.error(&interp.os, &format!("{name}: too many arguments"));
        return interp.status(2);
    };
    match eval(interp, &expr, 0) {
        Ok(true) => interp.status(0),
        Ok(false) => interp.status(1),
        Err(message) => {
            io.error(&interp.os, &format!("{name}: {message}"));
            interp.status(2)
        }
    }
}

/// Expressions deeper than this (in `!`, `-a`, `-o`, parentheses) are refused.
const MAX_TEST_DEPTH: usize = 64;

fn eval<O: Os>(interp: &Interp<O>, expr: &TestExpr, depth: usize) -> Result<bool, String> {
    if depth > MAX_TEST_DEPTH {
        return Err("expression too deep".to_string());
    }
    let next = depth.saturating_add(1);
    Ok(match expr {
        TestExpr::False => false,
        TestExpr::Literal(s) => !s.is_empty(),
        TestExpr::And(a, b) => eval(interp, a, next)? && eval(interp, b, next)?,
        TestExpr::Or(a, b) => eval(interp, a, next)? || eval(interp, b, next)?,
        TestExpr::Not(e) => !eval(interp, e, next)?,
        TestExpr::Parenthesized(e) => eval(interp, e, next)?,
        TestExpr::UnaryTest(op, operand) => unary(interp, op, operand),
        TestExpr::BinaryTest(op, left, right) => binary(op, left, right)?,
    })
}

fn unary<O: Os>(interp: &Interp<O>, op: &U, operand: &str) -> bool {
    let kind = || interp.os.file_kind(&interp.absolute(operand));
    match op {
        U::StringHasZeroLength => operand.is_empty(),
        U::StringHasNonZeroLength => !operand.is_empty(),
        U::FileExists | U::FileExistsAndIsReadable | U::FileExistsAndIsWritable => kind().is_some(),
        U::FileExistsAndIsDir => kind() == Some(FileKind::Dir),
        U::FileExistsAndIsRegularFile => {
            matches!(kind(), Some(FileKind::File | FileKind::Executable))
        }
        U::FileExistsAndIsExecutable => {
            matches!(kind(), Some(FileKind::Executable | FileKind::Dir))
        }
        U::FileExistsAndIsNotZeroLength => interp
            .os
            .read_file(&interp.absolute(operand))
            .is_ok_and(|data| !data.is_empty()),
        U::ShellVariableIsSetAndAssigned => interp.shell.var(operand).is_some(),
        _ => false,
    }
}

fn binary(op: &B, left: &str, right: &str) -> Result<bool, String> {
    let int = |s: &str| {
        s.trim()
            .parse::<i64>()
            .map_err(|_| format!("{s}: integer expression expected"))
    };
    Ok(match op {
        B::StringExactlyMatchesString | B::StringExactlyMatchesPattern => left == right,
        B::StringDoesNotExactlyMatchString | B::StringDoesNotExactlyMatchPattern => left != right,
        B::LeftSortsBeforeRight => left < right,
        B::LeftSortsAfterRight => left > right,
        B::ArithmeticEqualTo => int(left)? == int(right)?,
        B::ArithmeticNotEqualTo => int(left)? != int(right)?,
        B::ArithmeticLessThan => int(left)? < int(right)?,
        B::ArithmeticLessThanOrEqualTo => int(left)? <= int(right)?,
        B::ArithmeticGreaterThan => int(left)? > int(right)?,
        B::ArithmeticGreaterThanOrEqualTo => int(left)? >= int(right)?,
        _ => return Err(format!("{left}: binary operator not supported")),
    })
}
