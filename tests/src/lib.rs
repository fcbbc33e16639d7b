//! Cross-crate tests of acs-rs live in `tests/tests/`; this library only holds shared fixtures.
