//! What the hardening and span tests share: a thread client on a mock endpoint, with a
//! JWT-shaped token and retries that do not wait.

#![allow(dead_code, reason = "each test binary uses part of it")]

use std::time::Duration;

use acs_chat::{
    ChatClient, ChatClientOptions, ChatThreadClient, CommunicationTokenCredential, RetryOptions,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

pub const THREAD_ID: &str = "19:thread@thread.v2";
pub const FAR_FUTURE: i64 = 4_102_444_800; // 2100-01-01

pub fn jwt(who: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(json!({"sub": who, "exp": FAR_FUTURE}).to_string());
    format!("{header}.{payload}.c2ln")
}

pub fn no_retry_wait() -> RetryOptions {
    RetryOptions::default()
        .with_max_retries(2)
        .with_initial_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(1))
}

pub fn thread_at(endpoint: &str, credential: CommunicationTokenCredential) -> ChatThreadClient {
    let options = ChatClientOptions::default().with_retry(no_retry_wait());
    ChatClient::new(endpoint, credential, Some(options))
        .expect("a valid endpoint")
        .chat_thread_client(THREAD_ID)
        .expect("a thread id")
}

pub fn thread(endpoint: &str) -> ChatThreadClient {
    thread_at(
        endpoint,
        CommunicationTokenCredential::from_token(jwt("user-1")).expect("a token"),
    )
}
