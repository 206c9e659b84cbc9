//! A host packet filter (in progress).
