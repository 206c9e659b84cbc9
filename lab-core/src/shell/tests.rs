//! Stories from the seed tutorials, run against a fake Os.

mod fake;
mod functions;
mod stories;
mod syntax;
