//! `acs --help` documents every command; help never shows a secret.

mod common;

use common::{acs, run};

/// Every command, as its words.
const COMMANDS: &[&[&str]] = &[
    &["identity"],
    &["identity", "user"],
    &["identity", "user", "create"],
    &["identity", "user", "delete"],
    &["identity", "token"],
    &["identity", "token", "issue"],
    &["identity", "token", "revoke"],
    &["identity", "token", "teams-exchange"],
    &["identity", "teams-extension"],
    &["identity", "teams-extension", "exchange"],
    &["identity", "teams-extension", "assignment"],
    &["identity", "teams-extension", "assignment", "get"],
    &["identity", "teams-extension", "assignment", "set"],
    &["identity", "teams-extension", "assignment", "delete"],
    &["chat"],
    &["chat", "thread"],
    &["chat", "thread", "create"],
    &["chat", "thread", "list"],
    &["chat", "thread", "show"],
    &["chat", "thread", "update"],
    &["chat", "thread", "delete"],
    &["chat", "message"],
    &["chat", "message", "send"],
    &["chat", "message", "show"],
    &["chat", "message", "list"],
    &["chat", "message", "update"],
    &["chat", "message", "delete"],
    &["chat", "participant"],
    &["chat", "participant", "list"],
    &["chat", "participant", "add"],
    &["chat", "participant", "remove"],
    &["chat", "typing"],
    &["chat", "receipt"],
    &["chat", "receipt", "send"],
    &["chat", "receipt", "list"],
    &["emulator"],
    &["events"],
    &["events", "listen"],
    &["completion"],
    &["man"],
];

#[test]
fn help_lists_the_groups_every_command_and_the_exit_codes() {
    let help = run(acs().arg("--help")).ok().stdout;
    for group in ["identity", "chat", "emulator"] {
        assert!(
            help.lines()
                .any(|line| line.trim_start().starts_with(group)),
            "{group} missing from:\n{help}"
        );
    }
    // Every leaf command appears in the command list.
    for words in COMMANDS {
        let line = format!("acs {}", words.join(" "));
        let documented = help.contains(&line)
            || words.last().is_some_and(|last| {
                help.lines()
                    .any(|l| l.contains(&format!("acs {}", words[0])) && l.contains(last))
            });
        assert!(documented, "`{line}` missing from:\n{help}");
    }
    for code in [
        "0  success",
        "2  usage",
        "3  invalid input",
        "4  connection",
        "5  the service",
        "6  the service could not",
    ] {
        assert!(
            help.contains(code),
            "exit code `{code}` missing from:\n{help}"
        );
    }
    let short = run(acs().arg("-h")).ok().stdout;
    assert!(short.contains("Exit codes"), "{short}");
}

#[test]
fn every_command_has_help() {
    for words in COMMANDS {
        let help = run(acs().args(*words).arg("--help")).ok().stdout;
        assert!(help.contains("Usage: acs "), "{words:?}:\n{help}");
    }
}

#[test]
fn help_never_shows_secret_values() {
    let secret = "endpoint=https://x.communication.azure.com;accesskey=c2VjcmV0";
    for words in [
        &["identity", "user", "create"][..],
        &["chat", "thread", "list"],
        &["identity", "token", "teams-exchange"],
    ] {
        let help = run(acs()
            .env("ACS_CONNECTION_STRING", secret)
            .env("COMMUNICATION_SERVICES_CONNECTION_STRING", secret)
            .env("ACS_TOKEN", "secret-token-value")
            .env("ACS_ENTRA_TOKEN", "secret-entra-value")
            .args(words)
            .arg("--help"))
        .ok()
        .stdout;
        assert!(!help.contains("c2VjcmV0"), "{help}");
        assert!(!help.contains("secret-token-value"), "{help}");
        assert!(!help.contains("secret-entra-value"), "{help}");
    }
}

#[test]
fn no_command_or_an_unknown_one_is_a_usage_error() {
    run(&mut acs()).code(2);
    let unknown = run(acs().arg("frobnicate")).code(2);
    assert!(unknown.stderr.contains("frobnicate"), "{unknown:?}");
    run(acs().args(["chat", "thread", "list", "--output", "yaml"])).code(2);
}

#[test]
fn version() {
    let version = run(acs().arg("--version")).ok().stdout;
    assert_eq!(version.trim(), format!("acs {}", env!("CARGO_PKG_VERSION")));
}
