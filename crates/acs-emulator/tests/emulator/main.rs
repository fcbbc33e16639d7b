//! End-to-end tests: the generated REST clients (and raw HTTP for what they cannot send)
//! against an embedded emulator on 127.0.0.1.

mod admin;
mod arm;
mod arm_client;
mod auth;
mod chat;
mod common;
mod faults;
mod identity;
mod limits;
mod load;
mod persistence;
mod persistence_events_arm;
mod service_limits;
mod tls;
mod validation;
