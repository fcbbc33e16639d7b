//! `acs identity …` against the emulator.

#![allow(
    clippy::disallowed_methods,
    reason = "compares token expiries with the emulator, which runs on the system clock"
)]

mod common;

use common::{Emulator, acs, in_an_hour, jwt, run, text};
use serde_json::json;

#[test]
fn user_create_without_scopes_prints_the_identity_only() {
    let emulator = Emulator::start();
    let created = run(emulator.identity().args(["identity", "user", "create"])).ok();
    assert!(
        created.stdout.find("\"identity\"") < created.stdout.find("\"accessToken\""),
        "the wire's order: {created:?}"
    );
    let created = created.json();
    assert!(text(&created["identity"]["id"]).starts_with("8:acs:"));
    assert_eq!(created["accessToken"], json!(null));
    assert_eq!(created.as_object().map(serde_json::Map::len), Some(2));
}

#[test]
fn user_create_with_scopes_and_a_lifetime_prints_a_token() {
    let emulator = Emulator::start();
    let created = run(emulator.identity().args([
        "identity",
        "user",
        "create",
        "--scopes",
        "chat,voip",
        "--expires-in",
        "2h",
    ]))
    .ok()
    .json();
    let token = text(&created["accessToken"]["token"]);
    assert_eq!(token.split('.').count(), 3, "a JWT");
    let expires_on =
        chrono::DateTime::parse_from_rfc3339(&text(&created["accessToken"]["expiresOn"]))
            .expect("RFC 3339");
    let hours = (expires_on.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes();
    assert!((115..=120).contains(&hours), "{hours} minutes");
}

#[test]
fn token_issue_revoke_and_user_delete() {
    let emulator = Emulator::start();
    let user = emulator.user();

    let issued = run(emulator.identity().args([
        "identity",
        "token",
        "issue",
        &user.id,
        "--scopes",
        "chat",
        "--expires-in",
        "90m",
    ]))
    .ok()
    .json();
    let token = text(&issued["token"]);
    assert!(issued["expiresOn"].is_string());
    assert_eq!(issued.as_object().map(serde_json::Map::len), Some(2));

    // The token works for chat until it is revoked.
    run(emulator.chat(&token).args(["chat", "thread", "list"])).ok();
    run(emulator
        .identity()
        .args(["identity", "token", "revoke", &user.id]))
    .ok()
    .quiet();
    let rejected = run(emulator.chat(&token).args(["chat", "thread", "list"])).code(5);
    assert!(rejected.stderr.contains("status 401"), "{rejected:?}");
    assert!(!rejected.stderr.contains(&token), "the token is not echoed");

    run(emulator
        .identity()
        .args(["identity", "user", "delete", &user.id]))
    .ok()
    .quiet();
    let gone = run(emulator
        .identity()
        .args(["identity", "token", "issue", &user.id, "--scopes", "chat"]))
    .code(5);
    assert!(gone.stderr.starts_with("error: "), "{gone:?}");
    assert!(gone.stderr.contains("request id"), "{gone:?}");
    assert_eq!(gone.stdout, "");
}

#[test]
fn table_output_of_a_created_user() {
    let emulator = Emulator::start();
    let table = run(emulator.identity().args([
        "identity", "user", "create", "--scopes", "chat", "-o", "table",
    ]))
    .ok()
    .stdout;
    // Field rows; long values (the id, the token) wrap under the value column to fit 100
    // columns (no terminal here).
    let names: Vec<&str> = table
        .lines()
        .filter(|line| !line.starts_with(' '))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        ["identity.id", "accessToken.token", "accessToken.expiresOn"],
        "{table}"
    );
    assert!(
        table.lines().all(|line| line.chars().count() <= 100),
        "{table}"
    );
    let token: String = table
        .lines()
        .skip_while(|line| !line.starts_with("accessToken.token"))
        .take_while(|line| !line.starts_with("accessToken.expiresOn"))
        .map(|line| line.trim_start_matches("accessToken.token").trim())
        .collect();
    assert_eq!(
        token.split('.').count(),
        3,
        "the whole JWT, wrapped: {table}"
    );
}

#[test]
fn the_connection_string_comes_from_the_flag_or_either_variable() {
    let emulator = Emulator::start();
    let cs = emulator.connection_string();
    run(acs().args(["identity", "user", "create", "--connection-string", &cs])).ok();
    run(acs()
        .env("COMMUNICATION_SERVICES_CONNECTION_STRING", &cs)
        .args(["identity", "user", "create"]))
    .ok();
    // A blank ACS_CONNECTION_STRING falls through to the other variable.
    run(acs()
        .env("ACS_CONNECTION_STRING", " ")
        .env("COMMUNICATION_SERVICES_CONNECTION_STRING", &cs)
        .args(["identity", "user", "create"]))
    .ok();
    // The flag wins over the environment.
    run(acs()
        .env("ACS_CONNECTION_STRING", "endpoint=nonsense")
        .args(["identity", "user", "create", "--connection-string", &cs]))
    .ok();
}

#[test]
fn malformed_connection_strings_exit_4_and_never_echo_the_key() {
    let key = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
    let cases = [
        (
            "endpoint=https://x.communication.azure.com".to_owned(),
            "has no `accesskey`",
        ),
        (format!("accesskey={key}"), "has no `endpoint`"),
        (
            format!("endpoint=https://x.communication.azure.com;oops;accesskey={key}"),
            "segment 2",
        ),
        (
            format!("endpoint=http://example.com;accesskey={key}"),
            "plain http",
        ),
        (format!("endpoint=ftp://x;accesskey={key}"), "scheme"),
        (
            format!("endpoint=https://x.communication.azure.com;accesskey=!!{key}"),
            "access key",
        ),
        (
            format!("endpoint=https://a.b;accesskey={key};accesskey={key}"),
            "more than one `accesskey`",
        ),
    ];
    for (connection_string, named) in cases {
        let failed = run(acs()
            .env("ACS_CONNECTION_STRING", &connection_string)
            .args(["identity", "user", "create"]))
        .code(4);
        assert!(
            failed
                .stderr
                .starts_with("error: invalid connection string: "),
            "{failed:?}"
        );
        assert!(failed.stderr.contains(named), "{named}: {failed:?}");
        assert!(!failed.stderr.contains(key), "key echoed: {failed:?}");
        assert!(!failed.stderr.contains("!!"), "key echoed: {failed:?}");
        assert_eq!(failed.stdout, "");
    }
}

#[test]
fn a_missing_connection_string_exits_4() {
    let failed = run(acs().args(["identity", "user", "create"])).code(4);
    assert!(failed.stderr.contains("--connection-string"), "{failed:?}");
    assert!(
        failed.stderr.contains("ACS_CONNECTION_STRING"),
        "{failed:?}"
    );
    assert!(
        failed
            .stderr
            .contains("COMMUNICATION_SERVICES_CONNECTION_STRING"),
        "{failed:?}"
    );
}

#[test]
fn bad_user_ids_exit_3_before_anything_is_sent() {
    // Nothing listens here: a request would fail with 6, not 3.
    let cs = "endpoint=http://127.0.0.1:9;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    for (args, named) in [
        (vec!["user", "delete", ""], "empty"),
        (vec!["user", "delete", "   "], "empty"),
        (vec!["token", "revoke", "8:acs:a b"], "no spaces"),
        (
            vec!["token", "issue", "4:+14255550123", "--scopes", "chat"],
            "phone number",
        ),
        (
            vec![
                "user",
                "delete",
                "8:orgid:00000000-0000-0000-0000-000000000001",
            ],
            "Microsoft Teams user",
        ),
        (vec!["user", "delete", "alice"], "unknown kind"),
    ] {
        let failed = run(acs()
            .env("ACS_CONNECTION_STRING", cs)
            .arg("identity")
            .args(&args))
        .code(3);
        assert!(failed.stderr.contains(named), "{named}: {failed:?}");
    }
}

#[test]
fn lifetimes_out_of_range_exit_3_and_malformed_ones_exit_2() {
    let emulator = Emulator::start();
    let user = emulator.user();
    for lifetime in ["30m", "25h"] {
        let failed = run(emulator.identity().args([
            "identity",
            "token",
            "issue",
            &user.id,
            "--scopes",
            "chat",
            "--expires-in",
            lifetime,
        ]))
        .code(3);
        assert!(
            failed
                .stderr
                .contains("--expires-in must be between 1h and 24h"),
            "{failed:?}"
        );
    }
    let failed = run(emulator.identity().args([
        "identity",
        "token",
        "issue",
        &user.id,
        "--scopes",
        "chat",
        "--expires-in",
        "90",
    ]))
    .code(2);
    assert!(failed.stderr.contains("--expires-in"), "{failed:?}");
    // --expires-in needs --scopes; token issue needs --scopes.
    run(emulator
        .identity()
        .args(["identity", "user", "create", "--expires-in", "1h"]))
    .code(2);
    run(emulator
        .identity()
        .args(["identity", "token", "issue", &user.id]))
    .code(2);
    // An empty scope in the list.
    run(emulator.identity().args([
        "identity",
        "token",
        "issue",
        &user.id,
        "--scopes",
        "chat,,voip",
    ]))
    .code(3);
}

#[test]
fn an_unknown_scope_is_the_service_s_to_refuse() {
    let emulator = Emulator::start();
    let user = emulator.user();
    let failed = run(emulator.identity().args([
        "identity",
        "token",
        "issue",
        &user.id,
        "--scopes",
        "chat.everything",
    ]))
    .code(5);
    assert!(failed.stderr.contains("status 400"), "{failed:?}");
}

#[test]
fn teams_user_token_exchange() {
    let emulator = Emulator::start();
    let app = "00000000-0000-0000-0000-0000000000a1";
    let user = "00000000-0000-0000-0000-0000000000b2";
    let entra_token = jwt(&json!({ "oid": user, "appid": app, "exp": in_an_hour() }));
    let exchanged = run(emulator.identity().args([
        "identity",
        "token",
        "teams-exchange",
        "--entra-token",
        &entra_token,
        "--client-id",
        app,
        "--user-object-id",
        user,
    ]))
    .ok()
    .json();
    assert!(text(&exchanged["token"]).contains('.'));
    assert!(exchanged["expiresOn"].is_string());

    // From the environment, for a different user than the token's: a service error.
    let failed = run(emulator
        .identity()
        .env("ACS_ENTRA_TOKEN", &entra_token)
        .args([
            "identity",
            "token",
            "teams-exchange",
            "--client-id",
            app,
            "--user-object-id",
            "00000000-0000-0000-0000-0000000000c3",
        ]))
    .code(5);
    assert!(failed.stderr.contains("unexpected user"), "{failed:?}");
    assert!(!failed.stderr.contains(&entra_token));
}

#[test]
fn teams_extension_assignments_and_exchange() {
    let emulator = Emulator::start();
    let tenant = "00000000-0000-0000-0000-0000000000d1";
    let object = "00000000-0000-0000-0000-0000000000e2";
    let app = "00000000-0000-0000-0000-0000000000f3";
    let target = ["--tenant-id", tenant, "--object-id", object];
    let assignment = ["identity", "teams-extension", "assignment"];

    let missing = run(emulator.identity().args(assignment).arg("get").args(target)).code(5);
    assert!(missing.stderr.contains("status 404"), "{missing:?}");

    let set = run(emulator
        .identity()
        .args(assignment)
        .arg("set")
        .args(target)
        .args(["--principal-type", "user", "--client-id", app]))
    .ok()
    .json();
    assert_eq!(
        set,
        json!({
            "objectId": object,
            "tenantId": tenant,
            "principalType": "user",
            "clientIds": [app],
        })
    );
    let got = run(emulator.identity().args(assignment).arg("get").args(target))
        .ok()
        .json();
    assert_eq!(got, set);
    let replaced = run(emulator
        .identity()
        .args(assignment)
        .arg("set")
        .args(target)
        .args(["--principal-type", "resource-account"]))
    .ok()
    .json();
    assert_eq!(replaced["principalType"], "resourceAccount");
    assert_eq!(replaced["clientIds"], json!([]));

    let entra_token =
        jwt(&json!({ "tid": tenant, "oid": object, "appid": app, "exp": in_an_hour() }));
    let exchanged = run(emulator.identity().args([
        "identity",
        "teams-extension",
        "exchange",
        "--entra-token",
        &entra_token,
    ]))
    .ok()
    .json();
    let id = text(&exchanged["identity"]["id"]);
    assert!(id.ends_with(&format!("_{tenant}_{object}")), "{id}");
    assert!(exchanged["accessToken"]["token"].is_string());

    run(emulator
        .identity()
        .args(assignment)
        .arg("delete")
        .args(target))
    .ok()
    .quiet();
    run(emulator.identity().args(assignment).arg("get").args(target)).code(5);
    let refused = run(emulator.identity().args([
        "identity",
        "teams-extension",
        "exchange",
        "--entra-token",
        &entra_token,
    ]))
    .code(5);
    assert!(refused.stderr.contains("status 403"), "{refused:?}");

    // The Teams Phone extension operations need api-version 2025-06-30 or later.
    let old = run(emulator
        .identity()
        .args(assignment)
        .arg("get")
        .args(target)
        .args(["--api-version", "2023-10-01"]))
    .code(3);
    assert!(old.stderr.contains("2025-06-30"), "{old:?}");
}

#[test]
fn an_unreachable_service_exits_6() {
    // A port that was free a moment ago: connections are refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let failed = run(acs()
        .env(
            "ACS_CONNECTION_STRING",
            format!(
                "endpoint=http://127.0.0.1:{port};accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
            ),
        )
        .args(["identity", "user", "create", "--retries", "0"]))
    .code(6);
    assert!(
        failed.stderr.starts_with("error: transport error"),
        "{failed:?}"
    );
    assert!(!failed.stderr.contains("AAECAwQF"), "{failed:?}");
}
