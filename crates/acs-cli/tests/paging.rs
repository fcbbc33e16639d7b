//! Lists stream page by page and stop early: counted on a mock service.

mod common;

use common::{acs, in_an_hour, jwt, run};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Service {
    server: MockServer,
    runtime: tokio::runtime::Runtime,
}

/// A thread list of three pages of two threads; `last` answers the third page.
fn service(last: ResponseTemplate, third_page_requests: u64) -> Service {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        let page = |first: usize, next: Option<&str>| {
            let threads: Vec<Value> = (first..first + 2)
                .map(|n| json!({ "id": format!("19:t{n}@thread.v2"), "topic": format!("topic {n}") }))
                .collect();
            let mut body = json!({ "value": threads });
            if let Some(next) = next {
                body["nextLink"] = json!(format!(
                    "{}/chat/threads?page={next}&api-version=2025-03-15",
                    server.uri()
                ));
            }
            ResponseTemplate::new(200).set_body_json(body)
        };
        Mock::given(method("GET"))
            .and(path("/chat/threads"))
            .and(query_param_is_missing("page"))
            .and(query_param("maxPageSize", "2"))
            .respond_with(page(1, Some("2")))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/chat/threads"))
            .and(query_param("page", "2"))
            .respond_with(page(3, Some("3")))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/chat/threads"))
            .and(query_param("page", "3"))
            .respond_with(last)
            .expect(third_page_requests)
            .mount(&server)
            .await;
        server
    });
    Service { server, runtime }
}

impl Service {
    fn list(&self, extra: &[&str]) -> common::Run {
        run(acs()
            .env("ACS_ENDPOINT", self.server.uri())
            .env("ACS_TOKEN", jwt(&json!({ "exp": in_an_hour() })))
            .args([
                "chat",
                "thread",
                "list",
                "--max-page-size",
                "2",
                "--retries",
                "0",
            ])
            .args(extra))
    }

    fn verify(&self) {
        self.runtime.block_on(self.server.verify());
    }
}

fn last_page() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "value": [{ "id": "19:t5@thread.v2", "topic": "topic 5" }]
    }))
}

#[test]
fn limit_fetches_only_the_pages_it_needs() {
    let service = service(last_page(), 0);
    let listed = service.list(&["--limit", "3"]).ok().json();
    let ids: Vec<&str> = listed
        .as_array()
        .map(|items| items.iter().filter_map(|t| t["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        ids,
        ["19:t1@thread.v2", "19:t2@thread.v2", "19:t3@thread.v2"]
    );
    // Page 1 and page 2 once each, page 3 never.
    service.verify();
}

#[test]
fn a_limit_on_a_page_boundary_stops_there() {
    let service = service(last_page(), 0);
    let listed = service.list(&["--limit", "4"]).ok().json();
    assert_eq!(listed.as_array().map(Vec::len), Some(4));
    service.verify();
}

#[test]
fn without_a_limit_every_page_is_followed() {
    let service = service(last_page(), 1);
    let listed = service.list(&[]).ok();
    assert_eq!(listed.json().as_array().map(Vec::len), Some(5));
    // Streamed, yet laid out as one pretty-printed array, fields in the wire's order.
    assert!(
        listed.stdout.starts_with(
            "[\n  {\n    \"id\": \"19:t1@thread.v2\",\n    \"topic\": \"topic 1\",\n    \
             \"deletedOn\": null,\n    \"lastMessageReceivedOn\": null\n  },\n  {\n"
        ),
        "{listed:?}"
    );
    assert!(listed.stdout.ends_with("\n  }\n]\n"), "{listed:?}");
    service.verify();
}

#[test]
fn a_failing_page_leaves_what_was_printed_unclosed_and_exits_5() {
    let failing = ResponseTemplate::new(500).set_body_json(json!({
        "error": { "code": "InternalError", "message": "Something broke." }
    }));
    let service = service(failing, 1);
    let failed = service.list(&[]).code(5);
    assert!(
        failed
            .stdout
            .starts_with("[\n  {\n    \"id\": \"19:t1@thread.v2\"")
    );
    assert!(failed.stdout.contains("19:t4@thread.v2"), "{failed:?}");
    assert!(!failed.stdout.trim_end().ends_with(']'), "{failed:?}");
    assert!(serde_json::from_str::<Value>(&failed.stdout).is_err());
    assert!(
        failed
            .stderr
            .starts_with("error: InternalError: Something broke. (status 500"),
        "{failed:?}"
    );
    service.verify();
}

#[test]
fn a_reader_that_goes_away_ends_the_list_quietly() {
    use std::io::Read as _;
    use std::process::Stdio;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        let next = format!(
            "{}/chat/threads?page=2&api-version=2025-03-15",
            server.uri()
        );
        Mock::given(method("GET"))
            .and(path("/chat/threads"))
            .and(query_param_is_missing("page"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "value": [{ "id": "19:t1@thread.v2", "topic": "first" }],
                "nextLink": next,
            })))
            .mount(&server)
            .await;
        // The second page comes late: by then nobody reads stdout any more.
        Mock::given(method("GET"))
            .and(path("/chat/threads"))
            .and(query_param("page", "2"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({
                        "value": [{ "id": "19:t2@thread.v2", "topic": "second" }]
                    }))
                    .set_delay(std::time::Duration::from_millis(500)),
            )
            .mount(&server)
            .await;
        server
    });
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_acs"))
        .env("ACS_ENDPOINT", server.uri())
        .env("ACS_TOKEN", jwt(&json!({ "exp": in_an_hour() })))
        .env_remove("ACS_CA_CERT")
        .args(["chat", "thread", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("acs starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout
        .read_exact(&mut first)
        .expect("the first page is printed");
    assert_eq!(&first, b"[");
    drop(stdout);
    let output = child.wait_with_output().expect("acs ends");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn an_unreadable_item_is_left_out_with_a_warning_and_the_exit_is_5() {
    // The last page has one thread whose id is not a string: the others are printed.
    let bad = ResponseTemplate::new(200).set_body_json(json!({
        "value": [{ "id": 42, "topic": "broken" }, { "id": "19:t6@thread.v2", "topic": "topic 6" }]
    }));
    let service = service(bad, 1);
    let listed = service.list(&[]).code(5);
    let ids: Vec<String> = serde_json::from_str::<Value>(&listed.stdout)
        .expect("the list is complete JSON")
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|t| t["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ids.len(), 5, "{listed:?}");
    assert_eq!(ids.last().map(String::as_str), Some("19:t6@thread.v2"));
    assert!(
        listed
            .stderr
            .contains("warning: an item of the list was left out:"),
        "{listed:?}"
    );
    assert!(listed.stderr.contains("value[0].id"), "{listed:?}");
    assert!(
        listed
            .stderr
            .contains("error: 1 item(s) of the list could not be read"),
        "{listed:?}"
    );
    service.verify();
}
