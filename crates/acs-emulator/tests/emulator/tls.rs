//! HTTPS with the certificate made at start.

use acs_emulator::Emulator;

use crate::common::{TestResult, chat, identity, user};

#[tokio::test]
async fn clients_trusting_the_ca_pem_connect() -> TestResult {
    let emulator = Emulator::builder().tls(true).start().await?;
    assert!(emulator.endpoint().starts_with("https://127.0.0.1:"));
    let path = emulator.ca_pem_path().ok_or("no CA path")?.to_owned();
    let pem = std::fs::read_to_string(&path)?;
    assert_eq!(Some(pem.as_str()), emulator.ca_pem());
    assert!(
        emulator
            .connection_string()
            .starts_with("endpoint=https://127.0.0.1:")
    );

    // The generated clients over HTTPS (reqwest with the CA as a root).
    let (_, token) = user(&identity(&emulator), &["chat"]).await;
    chat(&emulator, &token)
        .chat_list_chat_threads()
        .api_version(acs_chat_rest::API_VERSION)
        .send()
        .await?;

    // A client that does not trust the CA refuses the certificate; plain HTTP gets nothing.
    let untrusting = reqwest::Client::new();
    let result = untrusting
        .get(format!("{}/chat/threads", emulator.endpoint()))
        .send()
        .await;
    assert!(result.is_err());
    let plain = emulator.endpoint().replacen("https://", "http://", 1);
    assert!(
        !untrusting
            .get(format!("{plain}/chat/threads"))
            .send()
            .await
            .map(|r| r.status().is_success())
            .unwrap_or(false)
    );

    emulator.shutdown().await?;
    assert!(
        !path.exists(),
        "the CA file in the temp dir is removed at shutdown"
    );
    Ok(())
}

#[tokio::test]
async fn the_ca_path_can_be_chosen() -> TestResult {
    let path = std::env::temp_dir().join(format!("acs-emulator-test-{}.pem", std::process::id()));
    let emulator = Emulator::builder()
        .tls(true)
        .ca_pem_path(&path)
        .start()
        .await?;
    assert_eq!(emulator.ca_pem_path(), Some(path.as_path()));
    emulator.shutdown().await?;
    assert!(path.exists(), "a chosen path is kept");
    std::fs::remove_file(&path)?;
    Ok(())
}
