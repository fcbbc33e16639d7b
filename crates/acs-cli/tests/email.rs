//! `acs email …` against the emulator (which runs on the system clock: a send takes about two
//! seconds to succeed).

mod common;

use std::io::Write as _;

use common::{Emulator, run, text};

#[test]
fn send_with_everything_waits_for_success_and_status_reads_it_back() {
    let emulator = Emulator::start();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let html = dir.path().join("body.html");
    std::fs::write(&html, "<p>Hello</p>").expect("written");
    let attachment = dir.path().join("report.csv");
    std::fs::File::create(&attachment)
        .and_then(|mut file| file.write_all(b"a,b\n1,2\n"))
        .expect("written");
    let sent = run(emulator.identity().args([
        "email",
        "send",
        "--from",
        acs_emulator::DEFAULT_EMAIL_SENDER,
        "--to",
        "Alice <alice@example.com>",
        "--cc",
        "bob@example.com",
        "--bcc",
        "audit@example.com",
        "--reply-to",
        "support@example.com",
        "--subject",
        "Report",
        "--text",
        "See attached.",
        "--html",
        html.to_str().expect("UTF-8 path"),
        "--attach",
        attachment.to_str().expect("UTF-8 path"),
        "--header",
        "X-Report: weekly",
    ]))
    .ok()
    .json();
    assert_eq!(sent["status"], "Succeeded", "{sent}");
    let id = text(&sent["id"]);
    let status = run(emulator.identity().args(["email", "status", &id]))
        .ok()
        .json();
    assert_eq!(status["status"], "Succeeded");
    assert_eq!(status["id"], id.as_str());
}

#[test]
fn no_wait_prints_the_accepted_operation_and_bad_input_exits_3() {
    let emulator = Emulator::start();
    let queued = run(emulator.identity().args([
        "email",
        "send",
        "--from",
        acs_emulator::DEFAULT_EMAIL_SENDER,
        "--to",
        "alice@example.com",
        "--subject",
        "Hi",
        "--text",
        "Hi",
        "--no-wait",
    ]))
    .ok()
    .json();
    assert_eq!(queued["status"], "NotStarted", "{queued}");
    run(emulator.identity().args([
        "email",
        "send",
        "--from",
        "not-an-address",
        "--to",
        "alice@example.com",
        "--subject",
        "Hi",
        "--text",
        "Hi",
    ]))
    .code(3);
    // A bounced recipient: the status is printed and the command exits 5.
    let failed = run(emulator.identity().args([
        "email",
        "send",
        "--from",
        acs_emulator::DEFAULT_EMAIL_SENDER,
        "--to",
        "x@bounce.example",
        "--subject",
        "Hi",
        "--text",
        "Hi",
    ]))
    .code(5)
    .json();
    assert_eq!(failed["status"], "Failed");
    assert_eq!(failed["error"]["code"], "EmailDropped");
}
