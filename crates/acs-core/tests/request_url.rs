//! `Pipeline::request_url`: the path set on the endpoint parsed once gives exactly the URL that
//! parsing the whole text gives, whatever the path holds, and any other input is parsed whole.

use acs_core::{ErrorKind, Pipeline};

/// Paths a generated client could make, and some it never makes (the fast way must not differ
/// for them either).
const PATHS: &[&str] = &[
    "/chat/threads/19%3Aa%40thread.v2/messages",
    "/chat/threads/19%3Aa%40thread.v2/participants/:add",
    "/identities/8%3Aacs%3Ar_u/:issueAccessToken",
    "/",
    "//",
    "/a//b/",
    "/a/./b",
    "/a/../b",
    "/a/..",
    "/%2e%2E/x",
    "/a/%2E",
    "/a\\b\\..\\c",
    "/ü/ß/日本",
    "/a b/c",
    "/a\tb\nc\rd",
    "/a%zz/%",
    "/a|b{c}^`\"<>",
    "/a;b=c,d!e$f&g'h(i)j*k+l",
    "/a@b:c",
    "/\u{7f}x",
    "/x ",
    "/x\u{1}",
    "/x?y=1",
    "/x#f",
    "/x?y#f",
];

fn pipeline(endpoint: &str) -> Pipeline {
    let endpoint = reqwest::Url::parse(endpoint).expect("an endpoint");
    Pipeline::builder().endpoint(endpoint).build()
}

#[test]
fn every_path_gives_the_url_that_parsing_the_whole_text_gives() {
    for (endpoint, base_url) in [
        (
            "https://contoso.communication.azure.com",
            "https://contoso.communication.azure.com",
        ),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("https://[::1]:4430", "https://[::1]:4430"),
        // Not the endpoint's own text: parsed whole, and still the same URL.
        (
            "https://contoso.communication.azure.com",
            "https://CONTOSO.communication.azure.com:443",
        ),
        (
            "https://contoso.communication.azure.com",
            "https://elsewhere.example",
        ),
        // An endpoint with a path is not an origin: parsed whole.
        (
            "https://contoso.example/prefix/",
            "https://contoso.example/prefix",
        ),
    ] {
        let pipeline = pipeline(endpoint);
        for path in PATHS {
            let text = format!("{base_url}{path}");
            let expected = reqwest::Url::parse(&text).expect("a URL");
            let url = pipeline.request_url(base_url, &text).expect("a URL");
            assert_eq!(url.as_str(), expected.as_str(), "{endpoint} + {path:?}");
            assert_eq!(url, expected);
        }
    }
}

#[test]
fn a_per_call_pipeline_keeps_the_endpoint_and_a_pipeline_without_one_parses() {
    let base_url = "https://contoso.communication.azure.com";
    let text = format!("{base_url}/chat/threads/19%3Aa%40thread.v2");
    let per_call = pipeline(base_url).for_call(tracing::Span::none(), &Default::default());
    let bare = Pipeline::builder().build();
    for pipeline in [per_call, bare] {
        assert_eq!(
            pipeline
                .request_url(base_url, &text)
                .expect("a URL")
                .as_str(),
            text
        );
    }
}

#[test]
fn text_that_is_not_a_url_is_invalid_input() {
    let pipeline = pipeline("https://contoso.communication.azure.com");
    for (base_url, text) in [
        ("", "/chat/threads"),
        ("contoso", "contoso/chat/threads"),
        ("http://[::1", "http://[::1/x"),
    ] {
        let error = pipeline.request_url(base_url, text).expect_err("not a URL");
        assert_eq!(error.kind(), &ErrorKind::InvalidInput, "{text}");
        assert!(error.to_string().contains("not a request URL"), "{error}");
    }
}
