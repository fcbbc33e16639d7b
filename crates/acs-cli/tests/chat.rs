//! `acs chat …` against the emulator.

mod common;

use common::{Emulator, User, acs, jwt, run, text};
use serde_json::{Value, json};

const TEAMS_USER: &str = "8:orgid:00000000-0000-0000-0000-0000000000a1";
const PHONE: &str = "4:+14255550123";

/// A thread created by `owner`, its id.
fn thread(emulator: &Emulator, owner: &User, topic: &str) -> String {
    let created = run(emulator
        .chat(&owner.token)
        .args(["chat", "thread", "create", "--topic", topic]))
    .ok()
    .json();
    text(&created["chatThread"]["id"])
}

/// Sends a text message, its id.
fn send(emulator: &Emulator, user: &User, thread: &str, content: &str) -> String {
    let sent = run(emulator.chat(&user.token).args([
        "chat",
        "message",
        "send",
        thread,
        "--content",
        content,
    ]))
    .ok()
    .json();
    text(&sent["id"])
}

fn array(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
}

#[test]
fn thread_create_show_update_list_and_delete() {
    let emulator = Emulator::start();
    let owner = emulator.user();
    let guest = emulator.user();
    let chat = |args: &[&str]| run(emulator.chat(&owner.token).arg("chat").args(args));

    let create = [
        "thread",
        "create",
        "--topic",
        "Launch",
        "--participant",
        &format!("{}=Owner", owner.id),
        "--participant",
        &format!("{}=Guest Name", guest.id),
        "--participant",
        TEAMS_USER,
        "--metadata",
        "team=rust",
        "--metadata",
        "tier=gold",
        "--retention-days",
        "30",
        "--idempotency-token",
        "create-launch-1",
    ];
    let created = chat(&create).ok().json();
    let thread = &created["chatThread"];
    let id = text(&thread["id"]);
    assert!(id.starts_with("19:"), "{id}");
    assert_eq!(thread["topic"], "Launch");
    assert_eq!(
        thread["createdByCommunicationIdentifier"],
        json!({ "rawId": owner.id, "kind": "communicationUser" })
    );
    assert_eq!(
        thread["metadata"],
        json!({ "team": "rust", "tier": "gold" })
    );
    assert_eq!(
        thread["retentionPolicy"],
        json!({ "kind": "threadCreationDate", "deleteThreadAfterDays": 30 })
    );
    assert_eq!(thread["deletedOn"], json!(null));
    assert_eq!(created["invalidParticipants"], json!([]));
    // The same idempotency token returns the same thread.
    let again = chat(&create).ok().json();
    assert_eq!(text(&again["chatThread"]["id"]), id);

    let shown = chat(&["thread", "show", &id]).ok().json();
    assert_eq!(&shown, thread);

    chat(&[
        "thread",
        "update",
        &id,
        "--topic",
        "Launch v2",
        "--metadata",
        "tier=platinum",
        "--no-retention",
    ])
    .ok()
    .quiet();
    let updated = chat(&["thread", "show", &id]).ok().json();
    assert_eq!(updated["topic"], "Launch v2");
    assert_eq!(updated["metadata"]["tier"], "platinum");
    assert_ne!(updated["retentionPolicy"], thread["retentionPolicy"]);
    chat(&["thread", "update", &id, "--retention-days", "60"]).ok();
    let updated = chat(&["thread", "show", &id]).ok().json();
    assert_eq!(updated["retentionPolicy"]["deleteThreadAfterDays"], 60);

    // The guest sees the thread in its list.
    let listed = run(emulator.chat(&guest.token).args(["chat", "thread", "list"])).ok();
    // Fields in the wire's order, every one present.
    let position = |field: &str| listed.stdout.find(&format!("\"{field}\":"));
    let positions: Vec<_> = ["id", "topic", "deletedOn", "lastMessageReceivedOn"]
        .map(position)
        .into_iter()
        .collect();
    assert!(positions.iter().all(Option::is_some), "{listed:?}");
    assert!(positions.is_sorted(), "{listed:?}");
    let listed = listed.json();
    let listed = array(&listed);
    assert_eq!(listed.len(), 1);
    assert_eq!(text(&listed[0]["id"]), id);
    assert_eq!(listed[0]["topic"], "Launch v2");

    chat(&["thread", "delete", &id]).ok().quiet();
    let gone = chat(&["thread", "show", &id]).code(5);
    assert!(gone.stderr.contains("NotFound"), "{gone:?}");
}

#[test]
fn messages_send_show_list_update_and_delete() {
    let emulator = Emulator::start();
    let user = emulator.user();
    let thread = thread(&emulator, &user, "Messages");
    let chat = |args: &[&str]| run(emulator.chat(&user.token).arg("chat").args(args));

    let plain = send(&emulator, &user, &thread, "hello");
    let html = text(
        &chat(&[
            "message",
            "send",
            &thread,
            "--content",
            "<p>hi</p>",
            "--type",
            "html",
            "--sender-display-name",
            "Ada",
            "--metadata",
            "priority=high",
        ])
        .ok()
        .json()["id"],
    );

    let shown = chat(&["message", "show", &thread, &html]).ok().json();
    assert_eq!(shown["id"], html.as_str());
    assert_eq!(shown["type"], "html");
    assert_eq!(shown["content"]["message"], "<p>hi</p>");
    assert_eq!(shown["senderDisplayName"], "Ada");
    assert_eq!(shown["metadata"], json!({ "priority": "high" }));
    assert_eq!(
        shown["senderCommunicationIdentifier"],
        json!({ "rawId": user.id, "kind": "communicationUser" })
    );
    assert_eq!(shown["editedOn"], json!(null));

    chat(&[
        "message",
        "update",
        &thread,
        &plain,
        "--content",
        "hello, world",
        "--metadata",
        "edited=yes",
    ])
    .ok()
    .quiet();
    let edited = chat(&["message", "show", &thread, &plain]).ok().json();
    assert_eq!(edited["content"]["message"], "hello, world");
    assert_eq!(edited["metadata"]["edited"], "yes");
    assert!(edited["editedOn"].is_string());

    chat(&["message", "delete", &thread, &html]).ok().quiet();

    // Newest first, with the service's own messages (the creator joining) at the end.
    let listed = chat(&["message", "list", &thread]).ok().json();
    let listed = array(&listed);
    let ids: Vec<&str> = listed.iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(&ids[..2], [html.as_str(), plain.as_str()]);
    assert!(listed[0]["deletedOn"].is_string(), "{}", listed[0]);
    assert!(
        listed.iter().any(|m| m["type"] == "participantAdded"),
        "{listed:?}"
    );
    let added = listed
        .iter()
        .find(|m| m["type"] == "participantAdded")
        .map(|m| &m["content"]["participants"][0]["communicationIdentifier"]["rawId"]);
    assert_eq!(added, Some(&json!(user.id)));

    let missing = chat(&["message", "show", &thread, "1"]).code(5);
    assert!(missing.stderr.contains("status 404"), "{missing:?}");
}

#[test]
fn participants_of_any_kind_are_listed_added_and_removed() {
    let emulator = Emulator::start();
    let owner = emulator.user();
    let friend = emulator.user();
    let thread = thread(&emulator, &owner, "People");
    let chat = |args: &[&str]| run(emulator.chat(&owner.token).arg("chat").args(args));

    let added = chat(&[
        "participant",
        "add",
        &thread,
        &format!("{}=Friend", friend.id),
        &format!("{TEAMS_USER}=Teams Person"),
        PHONE,
        "--metadata",
        "role=guest",
        "--share-history-time",
        "2024-01-01T00:00:00Z",
    ])
    .ok();
    // The emulator, like the service here, refuses phone numbers as chat participants.
    assert_eq!(
        added.json(),
        json!({ "invalidParticipants": [
            { "code": "403", "message": "Permissions check failed", "target": PHONE }
        ] })
    );
    assert!(
        added
            .stderr
            .contains("warning: 1 participant(s) could not be added"),
        "{added:?}"
    );

    let listed = chat(&["participant", "list", &thread]).ok().json();
    let listed = array(&listed);
    let by_id = |raw_id: &str| {
        listed
            .iter()
            .find(|p| p["communicationIdentifier"]["rawId"] == raw_id)
            .cloned()
            .unwrap_or_else(|| panic!("{raw_id} not in {listed:?}"))
    };
    assert_eq!(listed.len(), 3);
    let teams = by_id(TEAMS_USER);
    assert_eq!(
        teams["communicationIdentifier"]["kind"],
        "microsoftTeamsUser"
    );
    assert_eq!(teams["displayName"], "Teams Person");
    assert_eq!(teams["metadata"], json!({ "role": "guest" }));
    assert_eq!(teams["shareHistoryTime"], "2024-01-01T00:00:00Z");
    assert_eq!(by_id(&friend.id)["displayName"], "Friend");

    // Paged, skipped and limited.
    let skipped = chat(&[
        "participant",
        "list",
        &thread,
        "--skip",
        "1",
        "--max-page-size",
        "1",
    ])
    .ok()
    .json();
    assert_eq!(array(&skipped).len(), 2);
    let limited = chat(&["participant", "list", &thread, "--limit", "1"])
        .ok()
        .json();
    assert_eq!(array(&limited).len(), 1);

    chat(&["participant", "remove", &thread, TEAMS_USER])
        .ok()
        .quiet();
    let listed = chat(&["participant", "list", &thread]).ok().json();
    assert_eq!(array(&listed).len(), 2);

    // Bad raw ids are refused before anything is sent.
    for bad in ["", " ", "8:acs:a b"] {
        chat(&["participant", "remove", &thread, bad]).code(3);
        chat(&["participant", "add", &thread, bad]).code(3);
    }
    chat(&["participant", "add", &thread, &format!("{}=", friend.id)]).code(3);
    let bad = chat(&["thread", "create", "--topic", "x", "--participant", "=Name"]).code(3);
    assert!(bad.stderr.contains("empty"), "{bad:?}");
}

#[test]
fn typing_notifications_and_read_receipts() {
    let emulator = Emulator::start();
    let owner = emulator.user();
    let reader = emulator.user();
    let thread = thread(&emulator, &owner, "Receipts");
    run(emulator
        .chat(&owner.token)
        .args(["chat", "participant", "add", &thread, &reader.id]))
    .ok();
    let message = send(&emulator, &owner, &thread, "read me");

    run(emulator.chat(&reader.token).args([
        "chat",
        "typing",
        &thread,
        "--sender-display-name",
        "Reader",
    ]))
    .ok()
    .quiet();
    run(emulator
        .chat(&reader.token)
        .args(["chat", "typing", &thread]))
    .ok()
    .quiet();
    run(emulator
        .chat(&reader.token)
        .args(["chat", "receipt", "send", &thread, &message]))
    .ok()
    .quiet();

    let receipts = run(emulator
        .chat(&owner.token)
        .args(["chat", "receipt", "list", &thread]))
    .ok()
    .json();
    let receipts = array(&receipts);
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(
        receipts[0]["senderCommunicationIdentifier"],
        json!({ "rawId": reader.id, "kind": "communicationUser" })
    );
    assert_eq!(receipts[0]["chatMessageId"], message.as_str());
    assert!(receipts[0]["readOn"].is_string());
    let skipped = run(emulator.chat(&owner.token).args([
        "chat",
        "receipt",
        "list",
        &thread,
        "--skip",
        "1",
        "--max-page-size",
        "5",
    ]))
    .ok()
    .json();
    assert_eq!(skipped, json!([]));

    // Only participants may type.
    let outsider = emulator.user();
    let refused = run(emulator
        .chat(&outsider.token)
        .args(["chat", "typing", &thread]))
    .code(5);
    assert!(refused.stderr.contains("status 403"), "{refused:?}");
}

#[test]
fn limit_stops_early_with_a_small_page_size() {
    let emulator = Emulator::start();
    let user = emulator.user();
    let thread = thread(&emulator, &user, "Paging");
    for index in 0..7 {
        send(&emulator, &user, &thread, &format!("message {index}"));
    }
    let list = |extra: &[&str]| {
        run(emulator
            .chat(&user.token)
            .args(["chat", "message", "list", &thread])
            .args(extra))
        .ok()
    };

    let limited = list(&["--max-page-size", "2", "--limit", "3"]).json();
    let contents: Vec<&str> = array(&limited)
        .iter()
        .filter_map(|m| m["content"]["message"].as_str())
        .collect();
    assert_eq!(contents, ["message 6", "message 5", "message 4"]);

    assert_eq!(list(&["--limit", "0"]).json(), json!([]));
    // Everything: 7 messages, the creation's topicUpdated and participantAdded, over 5 pages.
    assert_eq!(array(&list(&["--max-page-size", "2"]).json()).len(), 9);

    let table = list(&["--max-page-size", "2", "--limit", "3", "-o", "table"]).stdout;
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].starts_with("ID "), "{table}");
    assert!(lines[0].contains("CONTENT"), "{table}");
    assert!(lines[1].ends_with("message 6"), "{table}");

    // Threads too, from a start time.
    let threads = run(emulator.chat(&user.token).args([
        "chat",
        "thread",
        "list",
        "--max-page-size",
        "1",
        "--limit",
        "1",
        "--start-time",
        "2000-01-01T00:00:00Z",
    ]))
    .ok()
    .json();
    assert_eq!(array(&threads).len(), 1);
}

#[test]
fn list_tables_have_a_header_even_when_empty() {
    let emulator = Emulator::start();
    let user = emulator.user();
    let table = run(emulator
        .chat(&user.token)
        .args(["chat", "thread", "list", "-o", "table"]))
    .ok()
    .stdout;
    assert_eq!(table, "ID  TOPIC  LAST MESSAGE  DELETED\n");
    let thread = thread(&emulator, &user, "Tables");
    let table = run(emulator.chat(&user.token).args([
        "chat",
        "participant",
        "list",
        &thread,
        "--output",
        "table",
    ]))
    .ok()
    .stdout;
    assert!(table.starts_with("RAW ID"), "{table}");
    // The raw id is shortened in the middle to fit 100 columns (no terminal here).
    assert!(table.contains(&user.id[..12]), "{table}");
    assert!(
        table.lines().all(|line| line.chars().count() <= 100),
        "{table}"
    );
}

#[test]
fn an_unknown_thread_exits_5_with_the_service_code_and_request_id() {
    let emulator = Emulator::start();
    let user = emulator.user();
    let unknown = "19:acsV1_doesnotexist@thread.v2";
    for args in [
        vec!["thread", "show", unknown],
        vec!["message", "list", unknown],
        vec!["participant", "list", unknown],
        vec!["message", "send", unknown, "--content", "x"],
        vec!["typing", unknown],
    ] {
        let failed = run(emulator.chat(&user.token).arg("chat").args(&args)).code(5);
        assert!(
            failed.stderr.starts_with("error: NotFound: "),
            "{args:?}: {failed:?}"
        );
        assert!(
            failed.stderr.contains("(status 404, request id "),
            "{failed:?}"
        );
        // Lists print nothing when their first page fails.
        assert_eq!(failed.stdout, "", "{args:?}");
    }
    let malformed =
        run(emulator
            .chat(&user.token)
            .args(["chat", "thread", "show", "not-a-thread"]))
        .code(5);
    assert!(malformed.stderr.contains("BadRequest"), "{malformed:?}");
}

#[test]
fn missing_malformed_or_expired_tokens_exit_4_before_anything_is_sent() {
    // Nothing listens on port 9: a request would fail with 6, not 4.
    let endpoint = "http://127.0.0.1:9";
    let expired = jwt(&json!({ "exp": 1_000_000_000 }));
    let missing = run(acs()
        .env("ACS_ENDPOINT", endpoint)
        .args(["chat", "thread", "list"]))
    .code(4);
    assert!(missing.stderr.contains("--token"), "{missing:?}");
    assert!(missing.stderr.contains("ACS_TOKEN"), "{missing:?}");

    for (token, named) in [
        ("not-a-jwt", "malformed access token"),
        ("a.bm90LWpzb24.c", "malformed access token"),
        (expired.as_str(), "expired at 2001-09-09"),
    ] {
        let failed = run(acs()
            .env("ACS_ENDPOINT", endpoint)
            .env("ACS_TOKEN", token)
            .args(["chat", "thread", "list"]))
        .code(4);
        assert!(failed.stderr.contains(named), "{named}: {failed:?}");
        assert!(!failed.stderr.contains(token), "token echoed: {failed:?}");
    }
    // --token wins over ACS_TOKEN.
    let failed = run(acs()
        .env("ACS_ENDPOINT", endpoint)
        .env("ACS_TOKEN", "not-a-jwt")
        .args(["chat", "thread", "list", "--token", &expired]))
    .code(4);
    assert!(failed.stderr.contains("expired"), "{failed:?}");
}

#[test]
fn missing_or_insecure_endpoints_exit_4() {
    let token = jwt(&json!({ "exp": common::in_an_hour() }));
    let missing = run(acs()
        .env("ACS_TOKEN", &token)
        .args(["chat", "thread", "list"]))
    .code(4);
    assert!(missing.stderr.contains("ACS_ENDPOINT"), "{missing:?}");
    for (endpoint, named) in [
        ("http://contoso.communication.azure.com", "plain http"),
        ("contoso.communication.azure.com", "no scheme"),
        ("https://contoso.communication.azure.com/path", "path"),
    ] {
        let failed = run(acs().env("ACS_TOKEN", &token).args([
            "chat",
            "--endpoint",
            endpoint,
            "thread",
            "list",
        ]))
        .code(4);
        assert!(failed.stderr.contains(named), "{named}: {failed:?}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let emulator = Emulator::start();
    let user = emulator.user();
    for args in [
        vec!["thread", "create"],
        vec!["thread", "frobnicate"],
        vec!["thread", "update", "19:a@thread.v2"],
        vec!["message", "update", "19:a@thread.v2", "1"],
        vec!["thread", "create", "--topic", "x", "--metadata", "novalue"],
        vec!["thread", "list", "--start-time", "yesterday"],
        vec!["thread", "list", "--max-page-size", "0"],
        vec!["thread", "create", "--topic", "x", "--retention-days", "-1"],
        vec![
            "message",
            "send",
            "19:a@thread.v2",
            "--content",
            "x",
            "--type",
            "video",
        ],
        vec!["participant", "add", "19:a@thread.v2"],
        vec![
            "thread",
            "update",
            "19:a@thread.v2",
            "--retention-days",
            "3",
            "--no-retention",
        ],
    ] {
        let failed = run(emulator.chat(&user.token).arg("chat").args(&args)).code(2);
        assert!(failed.stderr.starts_with("error: "), "{args:?}: {failed:?}");
        assert_eq!(failed.stdout, "");
    }
}

#[test]
fn invalid_input_exits_3() {
    let emulator = Emulator::start();
    let user = emulator.user();
    let chat = |args: &[&str]| run(emulator.chat(&user.token).arg("chat").args(args));
    let repeated = chat(&[
        "thread",
        "create",
        "--topic",
        "x",
        "--metadata",
        "a=1",
        "--metadata",
        "a=2",
    ])
    .code(3);
    assert!(repeated.stderr.contains("more than once"), "{repeated:?}");
    chat(&["thread", "create", "--topic", " "]).code(3);
    chat(&["thread", "show", " "]).code(3);
    // Metadata needs api-version 2025-03-15.
    let old = chat(&[
        "thread",
        "create",
        "--topic",
        "x",
        "--metadata",
        "a=1",
        "--api-version",
        "2024-03-07",
    ])
    .code(3);
    assert!(old.stderr.contains("2025-03-15"), "{old:?}");
    // ... but everything else works on 2024-03-07.
    chat(&[
        "thread",
        "create",
        "--topic",
        "old",
        "--api-version",
        "2024-03-07",
    ])
    .ok();
    chat(&["thread", "list", "--api-version", "2019-01-01"]).code(2);
}
