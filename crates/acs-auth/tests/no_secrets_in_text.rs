//! No `Debug`, `Display` or error text of a public type contains an access key, a token or a
//! whole connection string.

mod common;

use acs_auth::hmac::{self, ReceivedRequest, RequestTarget};
use acs_auth::{
    AccessKey, AccessToken, CommunicationTokenCredential, CommunicationTokenCredentialOptions,
    ConnectionString, Endpoint, Error, HmacCredential, ManualClock, Secret, SystemClock,
};
use chrono::TimeDelta;
use common::{FakeRefresher, Reply, jwt, t0};

const KEY: &str = "c3VwZXItc2VjcmV0LWFjY2Vzcy1rZXktZm9yLXRlc3Rz";

fn token() -> String {
    jwt(t0() + TimeDelta::hours(1), "leak-check-user")
}

/// Parts of the secrets that must never show: the key, the token and each of its segments.
fn forbidden() -> Vec<String> {
    let token = token();
    let mut forbidden = vec![KEY.to_owned(), KEY[..16].to_owned(), token.clone()];
    forbidden.extend(token.split('.').map(str::to_owned));
    forbidden.push("leak-check-user".to_owned());
    forbidden
}

fn assert_clean(what: &str, text: &str) {
    for secret in forbidden() {
        assert!(!text.contains(&secret), "{what} leaks {secret:?}: {text}");
    }
}

fn debug(what: &str, value: &dyn std::fmt::Debug) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

fn error(what: &str, error: &Error) {
    debug(what, error);
    assert_clean(what, &error.to_string());
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        assert_clean(what, &cause.to_string());
        source = cause.source();
    }
}

#[tokio::test]
async fn debug_display_and_errors_hide_secrets() {
    let connection_string_text =
        format!("endpoint=https://contoso.communication.azure.com/;accesskey={KEY}");
    let secret = Secret::new(KEY);
    let key = AccessKey::new(KEY).expect("key");
    let connection_string: ConnectionString = connection_string_text.parse().expect("cs");
    let endpoint: Endpoint = "https://contoso.communication.azure.com"
        .parse()
        .expect("endpoint");
    let clock = ManualClock::new(t0());
    let credential = HmacCredential::new(key.clone()).with_clock(clock.clone());
    let url = endpoint
        .url()
        .join("identities?api-version=2023-10-01")
        .expect("url");
    let signed = credential.sign("POST", &url, b"{}").expect("signed");
    let target = RequestTarget::from_url(&url).expect("target");
    let received = ReceivedRequest {
        method: "POST",
        path_and_query: target.path_and_query(),
        host: target.host(),
        x_ms_date: Some(signed.x_ms_date()),
        x_ms_content_sha256: Some(signed.x_ms_content_sha256()),
        authorization: Some(signed.authorization()),
        body: KEY.as_bytes(),
    };
    let rejection = hmac::verify(&received, &key, t0(), hmac::DEFAULT_MAX_CLOCK_SKEW)
        .expect_err("body differs");

    let access_token = AccessToken::from_jwt(token()).expect("jwt");
    let static_credential = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::default()
            .token(token())
            .clock(clock.clone()),
    )
    .expect("credential");
    let got = static_credential.get_token().await.expect("token");
    let options = CommunicationTokenCredentialOptions::with_refresher(
        FakeRefresher::new(&clock, Reply::Lifetime(TimeDelta::hours(1))).refresher(),
    )
    .token(token());

    debug("Secret", &secret);
    debug("AccessKey", &key);
    debug("ConnectionString", &connection_string);
    debug("Endpoint", &endpoint);
    assert_clean("Endpoint", &endpoint.to_string());
    debug("HmacCredential", &credential);
    debug("SignedHeaders", &signed);
    debug("RequestTarget", &target);
    debug("ReceivedRequest", &received);
    debug("Rejection", &rejection);
    assert_clean("Rejection", &rejection.to_string());
    debug("AccessToken", &access_token);
    debug("AccessToken from get_token", &got);
    debug("CommunicationTokenCredential", &static_credential);
    debug("CommunicationTokenCredentialOptions", &options);
    debug("ManualClock", &clock);
    debug("SystemClock", &SystemClock);
}

#[tokio::test]
async fn every_error_path_hides_secrets() {
    let token = token();
    let mut errors = Vec::new();
    // Connection strings that are wrong in every way, each containing the key.
    for input in [
        format!("accesskey={KEY}"),
        format!("endpoint=https://a.example;accesskey={KEY};accesskey={KEY}"),
        format!("endpoint=http://a.example;accesskey={KEY}"),
        format!("endpoint={KEY};accesskey={KEY}"),
        format!("endpoint=https://{KEY}.example/{KEY};accesskey={KEY}"),
        format!("endpoint=https://a.example;accesskey={KEY}!"),
        format!("endpoint=https://a.example;accesskey={}", &KEY[1..]),
        format!("endpoint=https://a.example;{KEY};accesskey={KEY}"),
        KEY.to_owned(),
    ] {
        errors.push(
            input
                .parse::<ConnectionString>()
                .expect_err("bad connection string"),
        );
    }
    errors.push(AccessKey::new(format!("{KEY}#")).expect_err("bad key"));
    errors.push(AccessKey::new(&token).expect_err("a JWT is not base64"));
    // Tokens that are wrong in every way.
    for bad in [
        format!("{token}.extra"),
        token.replace('.', ""),
        format!("x.{}.y", &KEY),
    ] {
        errors.push(CommunicationTokenCredential::from_token(bad).expect_err("bad token"));
    }
    // Token credential failures.
    let clock = ManualClock::new(t0());
    let expired = CommunicationTokenCredential::new(
        CommunicationTokenCredentialOptions::default()
            .token(token.clone())
            .clock(clock.clone()),
    )
    .expect("credential");
    clock.advance(TimeDelta::hours(2));
    errors.push(expired.get_token().await.expect_err("expired"));
    let rejected = AccessToken::from_jwt(token.clone()).expect("token");
    errors.push(
        expired
            .refresh_after_unauthorized(&rejected)
            .await
            .expect_err("static"),
    );
    for reply in [
        Reply::Garbage,
        Reply::Fail("refresher failed"),
        Reply::Panic,
        Reply::ExpiresAt(t0()),
    ] {
        let refresher = FakeRefresher::new(&clock, reply);
        let credential = CommunicationTokenCredential::new(
            CommunicationTokenCredentialOptions::with_refresher(refresher.refresher())
                .token(token.clone())
                .clock(clock.clone()),
        )
        .expect("credential");
        errors.push(credential.get_token().await.expect_err("refresh fails"));
        credential.close();
        errors.push(credential.get_token().await.expect_err("closed"));
    }
    for (n, e) in errors.iter().enumerate() {
        error(&format!("error {n}"), e);
    }
}
