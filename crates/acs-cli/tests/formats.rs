//! `--query` (JMESPath), `-o tsv`, `-o none` and tables that fit the terminal.

mod common;

use common::{Emulator, User, run, text};

/// A thread with a guest (so the thread has a participantAdded system message) and two
/// messages.
fn thread_with_messages(emulator: &Emulator, owner: &User, guest: &User) -> String {
    let created = run(emulator.chat(&owner.token).args([
        "chat",
        "thread",
        "create",
        "--topic",
        "Launch",
        "--participant",
        &format!("{}=Owner", owner.id),
    ]))
    .ok()
    .json();
    let thread = text(&created["chatThread"]["id"]);
    run(emulator.chat(&owner.token).args([
        "chat",
        "participant",
        "add",
        &thread,
        &format!("{}=Grace Hopper", guest.id),
    ]))
    .ok();
    for content in ["Hello", "Second"] {
        run(emulator.chat(&owner.token).args([
            "chat",
            "message",
            "send",
            &thread,
            "--content",
            content,
            "--sender-display-name",
            "Ada",
        ]))
        .ok();
    }
    run(emulator.chat(&owner.token).args([
        "chat",
        "thread",
        "update",
        &thread,
        "--topic",
        "Launch v2",
    ]))
    .ok();
    thread
}

#[test]
fn query_selects_from_a_document_and_from_a_whole_list() {
    let emulator = Emulator::start();
    let owner = emulator.user();
    let guest = emulator.user();
    let thread = thread_with_messages(&emulator, &owner, &guest);

    let topic = run(emulator.chat(&owner.token).args([
        "chat", "thread", "show", &thread, "--query", "topic", "-o", "tsv",
    ]))
    .ok();
    assert_eq!(topic.stdout, "Launch v2\n");

    let texts = run(emulator.chat(&owner.token).args([
        "chat",
        "message",
        "list",
        &thread,
        "--max-page-size",
        "1",
        "--query",
        "[?type=='text'].content.message",
    ]))
    .ok()
    .json();
    assert_eq!(texts, serde_json::json!(["Second", "Hello"]));

    let count = run(emulator.chat(&owner.token).args([
        "chat",
        "participant",
        "list",
        &thread,
        "--query",
        "length(@)",
    ]))
    .ok();
    assert_eq!(count.stdout.trim(), "2");
}

#[test]
fn tsv_is_one_line_per_item_and_a_query_picks_the_columns() {
    let emulator = Emulator::start();
    let owner = emulator.user();
    let guest = emulator.user();
    let thread = thread_with_messages(&emulator, &owner, &guest);

    let rows = run(emulator.chat(&owner.token).args([
        "chat",
        "participant",
        "list",
        &thread,
        "--query",
        "[].[communicationIdentifier.rawId, displayName]",
        "-o",
        "tsv",
    ]))
    .ok();
    let mut lines: Vec<&str> = rows.stdout.lines().collect();
    lines.sort_unstable();
    let mut expected = vec![
        format!("{}\tOwner", owner.id),
        format!("{}\tGrace Hopper", guest.id),
    ];
    expected.sort();
    assert_eq!(lines, expected);

    // Without a query, every message is one line whose first cell is its id.
    let plain = run(emulator
        .chat(&owner.token)
        .args(["chat", "message", "list", &thread, "-o", "tsv"]))
    .ok();
    let listed = run(emulator.chat(&owner.token).args([
        "chat", "message", "list", &thread, "--query", "[].id", "-o", "tsv",
    ]))
    .ok();
    let ids: Vec<&str> = listed.stdout.lines().collect();
    assert!(ids.len() >= 5, "{listed:?}");
    let first_cells: Vec<&str> = plain
        .stdout
        .lines()
        .map(|line| line.split('\t').next().unwrap_or_default())
        .collect();
    assert_eq!(first_cells, ids);

    // A bare id for a script, with no jq.
    let created = run(emulator.chat(&owner.token).args([
        "chat",
        "thread",
        "create",
        "--topic",
        "x",
        "--query",
        "chatThread.id",
        "-o",
        "tsv",
    ]))
    .ok();
    assert!(created.stdout.starts_with("19:"), "{created:?}");
    assert_eq!(created.stdout.lines().count(), 1);

    run(emulator
        .chat(&owner.token)
        .args(["chat", "thread", "show", &thread, "-o", "none"]))
    .ok()
    .quiet();
}

#[test]
fn a_bad_query_is_a_usage_error_naming_the_flag() {
    let emulator = Emulator::start();
    let owner = emulator.user();
    let failed = run(emulator
        .chat(&owner.token)
        .args(["chat", "thread", "list", "--query", "[?"]))
    .code(2)
    .quiet();
    assert!(failed.stderr.contains("--query"), "{failed:?}");
    let failed = run(emulator
        .chat(&owner.token)
        .args(["chat", "thread", "list", "--query", "abs('x')"]))
    .code(2);
    assert!(failed.stderr.contains("--query"), "{failed:?}");
}

#[test]
fn tables_fit_the_terminal_and_show_system_messages() {
    let emulator = Emulator::start();
    let owner = emulator.user();
    let guest = emulator.user();
    let thread = thread_with_messages(&emulator, &owner, &guest);

    for width in [80_usize, 100, 120] {
        for args in [
            &["chat", "message", "list", &thread][..],
            &["chat", "participant", "list", &thread],
            &["chat", "thread", "list"],
            &["chat", "receipt", "list", &thread],
        ] {
            let table = run(emulator
                .chat(&owner.token)
                .env("COLUMNS", width.to_string())
                .args(args)
                .args(["-o", "table"]))
            .ok();
            for line in table.stdout.lines() {
                assert!(
                    line.chars().count() <= width,
                    "{args:?} at {width} columns: {} characters:\n{}",
                    line.chars().count(),
                    table.stdout
                );
            }
        }
    }

    let table = run(emulator
        .chat(&owner.token)
        .env("COLUMNS", "120")
        .args(["chat", "message", "list", &thread, "-o", "table"]))
    .ok()
    .stdout;
    assert!(table.contains("added Grace Hopper (8:acs:"), "{table}");
    assert!(table.contains("topic: Launch v2"), "{table}");
    assert!(table.contains("Ada"), "{table}");
    assert!(table.contains("Hello"), "{table}");
    // Raw ids are shortened in the middle, keeping the kind.
    let participants = run(emulator.chat(&owner.token).env("COLUMNS", "80").args([
        "chat",
        "participant",
        "list",
        &thread,
        "-o",
        "table",
    ]))
    .ok()
    .stdout;
    assert!(participants.contains("8:acs:"), "{participants}");
    assert!(participants.contains('…'), "{participants}");
}

#[test]
fn a_long_token_wraps_in_a_table_and_stays_whole() {
    let emulator = Emulator::start();
    let created = run(emulator.identity().env("COLUMNS", "80").args([
        "identity", "user", "create", "--scopes", "chat", "-o", "table",
    ]))
    .ok()
    .stdout;
    assert!(
        created.lines().all(|line| line.chars().count() <= 80),
        "{created}"
    );
    let token = run(emulator.identity().args([
        "identity",
        "user",
        "create",
        "--scopes",
        "chat",
        "--query",
        "accessToken.token",
        "-o",
        "tsv",
    ]))
    .ok()
    .stdout;
    assert_eq!(token.trim().split('.').count(), 3, "a JWT: {token}");
}
