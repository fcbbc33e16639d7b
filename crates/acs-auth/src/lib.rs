//! Placeholder; filled in by the acs-auth work.
#![forbid(unsafe_code)]
