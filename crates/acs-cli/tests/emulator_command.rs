//! `acs emulator`, run as a subprocess: it prints where it is, serves, and stops on a signal.

mod common;

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use common::{acs, run, text};
use serde_json::Value;

/// `acs emulator …` running in the background; killed when dropped.
struct Running {
    child: Child,
    doc: Value,
}

impl Running {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_acs"))
            .arg("emulator")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("acs emulator starts");
        let stdout = child.stdout.take().expect("stdout");
        // Its first lines are one JSON document.
        let mut text = String::new();
        let mut lines = BufReader::new(stdout).lines();
        let doc = loop {
            let line = lines
                .next()
                .expect("acs emulator prints its document")
                .expect("readable");
            text.push_str(&line);
            text.push('\n');
            if let Ok(doc) = serde_json::from_str::<Value>(&text) {
                break doc;
            }
        };
        Self { child, doc }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn it_prints_its_endpoint_and_connection_string_and_serves() {
    let running = Running::start(&["--port", "0"]);
    let endpoint = text(&running.doc["endpoint"]);
    let connection_string = text(&running.doc["connectionString"]);
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    assert!(
        connection_string.starts_with(&format!("endpoint={endpoint}/;accesskey=")),
        "{connection_string}"
    );
    assert_eq!(running.doc["caCertificate"], Value::Null);

    let created = run(acs()
        .env("ACS_CONNECTION_STRING", &connection_string)
        .args(["identity", "user", "create", "--scopes", "chat"]))
    .ok()
    .json();
    run(acs()
        .env("ACS_ENDPOINT", &endpoint)
        .env("ACS_TOKEN", text(&created["accessToken"]["token"]))
        .args(["chat", "thread", "create", "--topic", "from the CLI"]))
    .ok();
}

#[cfg(unix)]
#[test]
fn it_stops_cleanly_on_sigterm() {
    let mut running = Running::start(&[]);
    let pid = running.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = running.child.wait().expect("exits");
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn with_tls_it_prints_the_ca_to_trust() {
    let running = Running::start(&["--tls"]);
    let endpoint = text(&running.doc["endpoint"]);
    assert!(endpoint.starts_with("https://127.0.0.1:"), "{endpoint}");
    let ca = text(&running.doc["caCertificate"]);
    assert!(std::path::Path::new(&ca).is_file(), "{ca}");
    let connection_string = text(&running.doc["connectionString"]);

    run(acs()
        .env("ACS_CONNECTION_STRING", &connection_string)
        .args(["identity", "user", "create", "--ca-cert", &ca]))
    .ok();
    run(acs()
        .env("ACS_CONNECTION_STRING", &connection_string)
        .env("ACS_CA_CERT", &ca)
        .args(["identity", "user", "create"]))
    .ok();
    // Without trusting the CA, TLS fails: a transport error.
    run(acs()
        .env("ACS_CONNECTION_STRING", &connection_string)
        .args(["identity", "user", "create", "--retries", "0"]))
    .code(6);
    // A CA file that is not one: a settings problem.
    run(acs()
        .env("ACS_CONNECTION_STRING", &connection_string)
        .args(["identity", "user", "create", "--ca-cert", "Cargo.toml"]))
    .code(4);
}

#[test]
fn a_taken_port_exits_1() {
    let running = Running::start(&[]);
    let endpoint = text(&running.doc["endpoint"]);
    let port = endpoint.rsplit(':').next().expect("a port").to_owned();
    let failed = run(acs().args(["emulator", "--port", &port])).code(1);
    assert!(
        failed.stderr.contains("the emulator cannot start"),
        "{failed:?}"
    );
}

#[cfg(unix)]
#[test]
fn with_a_data_dir_identities_and_the_key_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("acs-cli-data-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let dir_arg = dir.to_string_lossy().into_owned();
    let stop = |mut running: Running| {
        let pid = running.child.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(killed.is_ok_and(|status| status.success()));
        let status = running.child.wait().expect("exits");
        assert_eq!(status.code(), Some(0), "{status:?}");
    };
    let running = Running::start(&["--data-dir", &dir_arg]);
    let first = text(&running.doc["connectionString"]);
    let created = run(acs()
        .env("ACS_CONNECTION_STRING", &first)
        .args(["identity", "user", "create"]))
    .ok()
    .json();
    let id = text(&created["identity"]["id"]);
    stop(running);

    let running = Running::start(&["--data-dir", &dir_arg]);
    let second = text(&running.doc["connectionString"]);
    // Same key (the port may differ).
    assert_eq!(
        first.rsplit(";accesskey=").next(),
        second.rsplit(";accesskey=").next()
    );
    run(acs()
        .env("ACS_CONNECTION_STRING", &second)
        .args(["identity", "token", "issue", &id, "--scopes", "chat"]))
    .ok();
    stop(running);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn it_delivers_events_to_a_webhook() {
    use std::io::{Read as _, Write as _};

    // A webhook that records the first request it gets (the validation handshake) and refuses it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!(
        "http://{}/hook?code=s3cret",
        listener.local_addr().expect("an address")
    );
    let (sender, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            // The head and the body may come in separate reads: read until the body is in.
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(10)));
            let mut request = Vec::new();
            let mut chunk = [0u8; 16 * 1024];
            while !String::from_utf8_lossy(&request).contains("SubscriptionValidationEvent")
                && request.len() < 64 * 1024
            {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&chunk[..n]),
                }
            }
            let _ =
                stream.write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n");
            let _ = sender.send(String::from_utf8_lossy(&request).into_owned());
        }
    });
    let running = Running::start(&["--events-webhook", &format!("{url},schema=eventgrid")]);
    let webhooks = running.doc["eventsWebhooks"].to_string();
    assert!(webhooks.contains("/hook"), "{webhooks}");
    assert!(
        !webhooks.contains("s3cret"),
        "the query string is not shown: {webhooks}"
    );

    let connection_string = text(&running.doc["connectionString"]);
    let created = run(acs()
        .env("ACS_CONNECTION_STRING", &connection_string)
        .args(["identity", "user", "create", "--scopes", "chat"]))
    .ok()
    .json();
    run(acs()
        .env("ACS_ENDPOINT", text(&running.doc["endpoint"]))
        .env("ACS_TOKEN", text(&created["accessToken"]["token"]))
        .args(["chat", "thread", "create", "--topic", "events"]))
    .ok();
    let request = received
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the emulator calls the webhook");
    assert!(request.starts_with("POST /hook?code=s3cret "), "{request}");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("aeg-event-type: subscriptionvalidation"),
        "{request}"
    );
    assert!(
        request.contains("Microsoft.EventGrid.SubscriptionValidationEvent"),
        "{request}"
    );
}
