//! The quickstart runs end to end on the embedded emulator.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quickstart_runs_on_the_embedded_emulator() {
    let mut out = Vec::new();
    let summary = acs_quickstart::run(acs_quickstart::Target::Emulator, &mut out)
        .await
        .expect("every step succeeds");
    let text = String::from_utf8(out).expect("UTF-8 output");
    assert!(summary.on_emulator);
    assert!(text.starts_with("Using the embedded ACS emulator at http://127.0.0.1:"));
    for step in [
        "1. Identities",
        "2. A chat thread",
        "3. Messages",
        "4. Participants",
        "5. Typing",
        "6. Thread properties",
        "7. Email",
        "Done: every step succeeded.",
    ] {
        assert!(text.contains(step), "missing {step:?} in:\n{text}");
    }
    assert!(
        text.contains("(edited)"),
        "the edited message is listed:\n{text}"
    );
    assert!(
        text.contains("(deleted)"),
        "the deleted message is listed:\n{text}"
    );
    assert_eq!(
        summary.participants_listed, 2,
        "Carol was added then removed"
    );
    assert_eq!(summary.read_receipts_listed, 1);
    assert_eq!(
        summary.messages_listed, 5,
        "3 sent (one edited, one deleted) and 2 system messages:\n{text}"
    );
    assert!(summary.thread_id.starts_with("19:"));
    assert_eq!(summary.email_status.as_deref(), Some("Succeeded"));
}
