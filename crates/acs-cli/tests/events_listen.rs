//! `acs events listen`, run as a subprocess: it answers both handshakes, prints every event of
//! every delivery as one JSON line, and refuses deliveries without its secret.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// How long to wait for a line before failing (a bound, not a pause).
const LINE_TIMEOUT: Duration = Duration::from_secs(30);

/// `acs events listen …` running in the background; killed when dropped.
struct Listening {
    child: Child,
    base: String,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Listening {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_acs"))
            .args(["events", "listen", "--port", "0"])
            .args(args)
            .env_remove("ACS_EVENTS_SECRET")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("acs events listen starts");
        let stdout = lines(child.stdout.take().expect("stdout"));
        let stderr = lines(child.stderr.take().expect("stderr"));
        let first = stderr.recv_timeout(LINE_TIMEOUT).expect("a first line");
        let base = first
            .split_whitespace()
            .find(|word| word.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .trim_end_matches('/')
            .to_owned();
        Self {
            child,
            base,
            stdout,
            stderr,
        }
    }

    fn next_event(&self) -> Value {
        let line = self
            .stdout
            .recv_timeout(LINE_TIMEOUT)
            .expect("an event line");
        serde_json::from_str(&line).unwrap_or_else(|error| panic!("{line:?}: {error}"))
    }

    fn next_note(&self) -> String {
        self.stderr.recv_timeout(LINE_TIMEOUT).expect("a note")
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(reader: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn chat_message(id: &str) -> Value {
    json!({
        "id": id, "topic": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Communication/communicationServices/r",
        "subject": "thread/19:t@thread.v2/sender/8:acs:a",
        "eventType": "Microsoft.Communication.ChatMessageReceivedInThread",
        "eventTime": "2026-12-01T13:00:00.5Z", "dataVersion": "1.0", "metadataVersion": "1",
        "data": {"messageId": "1", "messageBody": "hi", "type": "Text", "threadId": "19:t@thread.v2",
                 "transactionId": "tx", "senderCommunicationIdentifier": {"rawId": "8:acs:a"}}
    })
}

#[test]
fn it_answers_the_handshakes_and_prints_each_event_as_a_json_line() {
    let listening = Listening::start(&[]);
    let client = reqwest::Client::new();
    runtime().block_on(async {
        let options = client
            .request(reqwest::Method::OPTIONS, format!("{}/any/path", listening.base))
            .header("WebHook-Request-Origin", "eventgrid.azure.net")
            .send()
            .await
            .expect("OPTIONS");
        assert_eq!(options.status(), 200);
        assert_eq!(options.headers()["webhook-allowed-origin"], "eventgrid.azure.net");

        let validation = client
            .post(format!("{}/", listening.base))
            .json(&json!([{"id": "v", "subject": "", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
                "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1", "data": {"validationCode": "c0de"}}]))
            .send()
            .await
            .expect("validation");
        assert_eq!(validation.json::<Value>().await.expect("JSON"), json!({"validationResponse": "c0de"}));

        let delivery = client
            .post(format!("{}/events", listening.base))
            .json(&json!([chat_message("e1"), chat_message("e2")]))
            .send()
            .await
            .expect("delivery");
        assert_eq!(delivery.status(), 200);

        let cloud_event = client
            .post(format!("{}/events", listening.base))
            .header("content-type", "application/cloudevents+json")
            .body(r#"{"specversion": "1.0", "id": "c1", "source": "/subscriptions/s", "type": "Contoso.Other", "data": {"x": 1}}"#)
            .send()
            .await
            .expect("CloudEvent");
        assert_eq!(cloud_event.status(), 200);
    });
    let first = listening.next_event();
    assert_eq!(
        first,
        json!({
            "id": "e1",
            "eventType": "Microsoft.Communication.ChatMessageReceivedInThread",
            "subject": "thread/19:t@thread.v2/sender/8:acs:a",
            "time": "2026-12-01T13:00:00.500Z",
            "source": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Communication/communicationServices/r",
            "dataVersion": "1.0",
            "schema": "eventgrid",
            "data": chat_message("e1")["data"],
        })
    );
    assert_eq!(listening.next_event()["id"], "e2");
    let other = listening.next_event();
    assert_eq!(other["schema"], "cloudevents");
    assert_eq!(other["data"], json!({"x": 1}));
    assert_eq!(other["dataVersion"], Value::Null);
    assert!(listening.next_note().contains("abuse protection"));
    assert!(listening.next_note().contains("subscription validation"));
}

#[test]
fn with_a_secret_and_a_schema_it_refuses_other_deliveries() {
    let listening = Listening::start(&["--secret", "s3cr3t", "--schema", "cloudevents"]);
    let client = reqwest::Client::new();
    runtime().block_on(async {
        let without = client
            .post(format!("{}/", listening.base))
            .json(&json!([chat_message("e1")]))
            .send()
            .await
            .expect("POST");
        assert_eq!(without.status(), 401);
        let body = without.text().await.expect("body");
        assert!(!body.contains("s3cr3t"), "{body}");

        let event_grid = client
            .post(format!("{}/?code=s3cr3t", listening.base))
            .json(&json!([chat_message("e1")]))
            .send()
            .await
            .expect("POST");
        assert_eq!(event_grid.status(), 400);
    });
    for _ in 0..2 {
        let note = listening.next_note();
        assert!(note.contains("refused"), "{note}");
        assert!(!note.contains("s3cr3t"), "{note}");
    }
}
