//! Stories from the seed tutorials, run against a fake Os.

mod fake;
mod stories;
mod syntax;
