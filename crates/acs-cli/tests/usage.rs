//! The Azure CLI's variables, flag suggestions, completions and the man page, and usage
//! errors that never echo a secret.

mod common;

use common::{Emulator, acs, run};

#[test]
fn the_azure_cli_variables_work_too() {
    let emulator = Emulator::start();
    let created = run(acs()
        .env(
            "AZURE_COMMUNICATION_CONNECTION_STRING",
            emulator.connection_string(),
        )
        .args(["identity", "user", "create", "--scopes", "chat"]))
    .ok()
    .json();
    let token = created["accessToken"]["token"]
        .as_str()
        .expect("a token")
        .to_owned();

    let threads = run(acs()
        .env("AZURE_COMMUNICATION_ENDPOINT", emulator.emulator.endpoint())
        .env("AZURE_COMMUNICATION_ACCESS_TOKEN", &token)
        .args(["chat", "thread", "list"]))
    .ok()
    .json();
    assert_eq!(threads, serde_json::json!([]));

    // `--access-token`, the Azure CLI's flag, is `--token`.
    run(acs().args([
        "chat",
        "thread",
        "list",
        "--endpoint",
        emulator.emulator.endpoint(),
        "--access-token",
        &token,
    ]))
    .ok();

    // Ours come first: a bad ACS_CONNECTION_STRING is not skipped for the Azure CLI's.
    let failed = run(acs()
        .env("ACS_CONNECTION_STRING", "endpoint=nope")
        .env(
            "AZURE_COMMUNICATION_CONNECTION_STRING",
            emulator.connection_string(),
        )
        .args(["identity", "user", "create"]))
    .code(4);
    assert!(
        failed.stderr.contains("invalid connection string"),
        "{failed:?}"
    );

    // The missing-settings messages name every variable.
    let missing = run(acs().args(["identity", "user", "create"])).code(4);
    assert!(
        missing
            .stderr
            .contains("AZURE_COMMUNICATION_CONNECTION_STRING"),
        "{missing:?}"
    );
    let missing = run(acs().args(["chat", "thread", "list"])).code(4);
    assert!(
        missing.stderr.contains("AZURE_COMMUNICATION_ENDPOINT"),
        "{missing:?}"
    );
}

#[test]
fn a_misspelt_flag_suggests_the_right_one() {
    let failed = run(acs().args(["identity", "user", "create", "--expire-in", "2h"])).code(2);
    assert!(failed.stderr.contains("--expires-in"), "{failed:?}");
    let failed = run(acs().args(["chat", "thread", "craete"])).code(2);
    assert!(failed.stderr.contains("create"), "{failed:?}");
}

#[test]
fn lifetime_errors_name_the_flag() {
    let emulator = Emulator::start();
    let failed = run(emulator.identity().args([
        "identity",
        "user",
        "create",
        "--scopes",
        "chat",
        "--expires-in",
        "30m",
    ]))
    .code(3);
    assert!(
        failed
            .stderr
            .contains("--expires-in must be between 1h and 24h, got 30m"),
        "{failed:?}"
    );
}

#[test]
fn a_secret_in_the_wrong_place_is_never_echoed() {
    let key = "c2VjcmV0LWtleS1uZXZlci1lY2hvZWQ=";
    let connection_string = format!("endpoint=https://x.communication.azure.com/;accesskey={key}");
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTl9.c2lnbmF0dXJlLXNlY3JldA";
    for args in [
        // A positional connection string where none is expected.
        vec!["identity", "user", "create", connection_string.as_str()],
        vec![
            "identity",
            "user",
            "create",
            "--scopes",
            "chat",
            &connection_string,
        ],
        // A flag misspelt, with the value glued on.
        vec![
            "identity",
            "user",
            "create",
            &format!("--connection-strin={connection_string}"),
        ],
        // A token as a stray argument.
        vec!["chat", "thread", "list", token],
        vec!["chat", "thread", "list", "--max-page-size", token],
    ] {
        let failed = run(acs().args(&args)).code(2);
        assert!(
            !failed.stderr.contains(key),
            "key echoed for {args:?}: {failed:?}"
        );
        assert!(
            !failed.stderr.contains("c2lnbmF0dXJl"),
            "token echoed: {failed:?}"
        );
    }
    // Where clap quotes the argument, it shows it as redacted.
    let failed = run(acs().args(["identity", "user", "create", &connection_string])).code(2);
    assert!(
        failed.stderr.contains("unexpected argument '<redacted>'"),
        "{failed:?}"
    );
    // Taken as a user id, it is not echoed either.
    let emulator = Emulator::start();
    for command in [
        ["identity", "user", "delete"],
        ["identity", "token", "revoke"],
    ] {
        let failed = run(emulator.identity().args(command).arg(&connection_string)).code(3);
        assert!(!failed.stderr.contains(key), "key echoed: {failed:?}");
    }
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for (shell, marker) in [
        ("bash", "complete"),
        ("zsh", "#compdef acs"),
        ("fish", "complete -c acs"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion"),
    ] {
        let script = run(acs().args(["completion", shell])).ok().stdout;
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("thread"), "{shell} knows the subcommands");
    }
    run(acs().args(["completion", "tcsh"])).code(2);
    let man = run(acs().arg("man")).ok().stdout;
    assert!(man.starts_with(".ie") || man.contains(".TH acs"), "{man}");
    assert!(man.contains("identity"), "{man}");
}
