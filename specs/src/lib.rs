//! The OpenAPI 3.0.3 documents of acs-rs (placeholder; filled in by the specs work).
