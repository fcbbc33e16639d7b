//! The provision-then-use walkthrough runs end to end on the embedded emulator.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_walkthrough_provisions_and_uses_a_resource_on_the_emulator() {
    let mut out = Vec::new();
    let summary = acs_provision_example::run(acs_provision_example::Target::Emulator, &mut out)
        .await
        .unwrap_or_else(|error| panic!("every step succeeds: {error}"));
    let text = String::from_utf8(out).unwrap_or_default();
    for step in [
        "1. An email service",
        "2. A Communication Services resource",
        "3. The connection string",
        "4. Identity",
        "5. Chat",
        "6. Email",
        "7. Clean up",
        "Done: provisioned, used and deleted.",
    ] {
        assert!(text.contains(step), "missing {step:?} in:\n{text}");
    }
    assert!(
        summary
            .communication_service_id
            .contains("/providers/Microsoft.Communication/communicationServices/")
    );
    assert_eq!(summary.email_status.as_deref(), Some("Succeeded"));
    assert_eq!(summary.messages_listed, 1);
    // No access key anywhere in the output.
    assert!(!text.to_ascii_lowercase().contains("accesskey="), "{text}");
}
