//! The error line names the root cause once; a per-call pipeline keeps the real error of a
//! credential (with its causes) and the client request id for `finish`.

use std::error::Error as _;
use std::fmt;
use std::sync::Arc;

use acs_core::{AuthPolicy, CallOptions, Error, ErrorKind, Pipeline, error_chain};

/// A middle layer whose text says nothing new (like reqwest's "error sending request").
#[derive(Debug)]
struct Layer(std::io::Error);

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("error sending request")
    }
}

impl std::error::Error for Layer {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[test]
fn display_and_error_chain_give_the_root_cause_once() {
    let root = std::io::Error::other("invalid peer certificate: UnknownIssuer");
    let error = Error::new(ErrorKind::Transport, "could not connect to 127.0.0.1:32837")
        .with_source(Layer(root));
    let expected = "transport error: could not connect to 127.0.0.1:32837: invalid peer \
                    certificate: UnknownIssuer";
    assert_eq!(error.to_string(), expected);
    assert_eq!(error_chain(&error), expected);
    assert!(error.source().is_some(), "the causes stay reachable");

    // A message that already holds the cause's text does not repeat it.
    let parse = "x".parse::<u32>().expect_err("not a number");
    let error = Error::new(ErrorKind::Decode, parse.to_string()).with_source(parse);
    assert_eq!(
        error.to_string(),
        "unexpected response body: invalid digit found in string"
    );
}

#[derive(Debug)]
struct VaultDown;

impl fmt::Display for VaultDown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the vault is down")
    }
}

impl std::error::Error for VaultDown {}

#[derive(Debug)]
struct FailingAuth;

#[async_trait::async_trait]
impl AuthPolicy for FailingAuth {
    async fn authorize(&self, _request: &mut reqwest::Request) -> acs_core::Result<()> {
        Err(Error::credential(VaultDown))
    }
}

#[tokio::test]
async fn finish_returns_the_kept_credential_error_with_its_source_and_request_id() {
    let pipeline = Pipeline::builder().auth(Arc::new(FailingAuth)).build();
    let call = pipeline.for_call(acs_core::method_span!("get_thing"), &CallOptions::default());
    let url = reqwest::Url::parse("https://contoso.example/things/1").expect("a URL");
    let mut request = reqwest::Request::new(reqwest::Method::GET, url);
    let stand_in = call
        .prepare(&mut request, "get_thing")
        .await
        .expect_err("no credential");
    // What a generated client can carry: text only.
    let generated: Result<progenitor_client::ResponseValue<()>, progenitor_client::Error<()>> =
        Err(progenitor_client::Error::Custom(stand_in.to_string()));
    let error = call.finish(generated).expect_err("the call failed");
    assert_eq!(error.kind(), &ErrorKind::Credential);
    assert!(
        error
            .source()
            .and_then(|source| source.downcast_ref::<VaultDown>())
            .is_some(),
        "{error:?}"
    );
    let sent = request
        .headers()
        .get("x-ms-client-request-id")
        .and_then(|value| value.to_str().ok());
    assert!(sent.is_some());
    assert_eq!(error.client_request_id(), sent);
    assert_eq!(
        request
            .headers()
            .get("x-ms-return-client-request-id")
            .and_then(|value| value.to_str().ok()),
        Some("true")
    );
}
