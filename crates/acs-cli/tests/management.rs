//! `acs resource|email-service|email-domain|sender-username …` against a wiremock ARM, with the
//! emulator's development credential (chosen by `--credential auto` for a loopback endpoint).

mod common;

use common::run;
use serde_json::json;
use wiremock::matchers::{header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SUBSCRIPTION: &str = "11111111-2222-3333-4444-555555555555";
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const BASE: &str = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Communication";

struct Arm {
    runtime: tokio::runtime::Runtime,
    server: MockServer,
}

impl Arm {
    fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let server = runtime.block_on(MockServer::start());
        Self { runtime, server }
    }

    fn mount(&self, mock: Mock) {
        self.runtime.block_on(mock.mount(&self.server));
    }

    fn acs(&self) -> assert_cmd::Command {
        let mut command = common::acs();
        command
            .env("AZURE_SUBSCRIPTION_ID", SUBSCRIPTION)
            .env("ACS_MANAGEMENT_ENDPOINT", self.server.uri())
            .env_remove("ACS_RESOURCE_GROUP")
            .env_remove("ACS_CREDENTIAL")
            .args(["--retries", "0"]);
        command
    }

    fn requests(&self) -> Vec<wiremock::Request> {
        self.runtime
            .block_on(self.server.received_requests())
            .expect("recording is on")
    }
}

fn bearer() -> wiremock::matchers::HeaderRegexMatcher {
    header_regex(
        "authorization",
        "^Bearer eyJ[^.]+\\.eyJ[^.]+\\.[A-Za-z0-9_-]+$",
    )
}

#[test]
fn resource_create_show_list_keys_delete() {
    let arm = Arm::start();
    let resource = json!({
        "id": format!("{BASE}/communicationServices/acs1"), "name": "acs1", "location": "global",
        "properties": {"provisioningState": "Succeeded", "dataLocation": "Europe", "hostName": "acs1.communication.azure.com"}
    });
    arm.mount(
        Mock::given(method("PUT"))
            .and(path(format!("{BASE}/communicationServices/acs1")))
            .and(bearer())
            .respond_with(ResponseTemplate::new(200).set_body_json(resource.clone())),
    );
    arm.mount(
        Mock::given(method("GET"))
            .and(path(format!("{BASE}/communicationServices/acs1")))
            .respond_with(ResponseTemplate::new(200).set_body_json(resource.clone())),
    );
    arm.mount(
        Mock::given(method("GET"))
            .and(path(format!("{BASE}/communicationServices")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [resource]}))),
    );
    arm.mount(
        Mock::given(method("POST"))
            .and(path(format!("{BASE}/communicationServices/acs1/listKeys")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "primaryKey": KEY,
                "primaryConnectionString": format!("endpoint=https://acs1.communication.azure.com/;accesskey={KEY}")
            }))),
    );
    arm.mount(
        Mock::given(method("DELETE"))
            .and(path(format!("{BASE}/communicationServices/acs1")))
            .respond_with(ResponseTemplate::new(204)),
    );
    let created = run(arm.acs().args([
        "resource",
        "create",
        "acs1",
        "-g",
        "rg",
        "--data-location",
        "Europe",
        "--tag",
        "env=test",
    ]))
    .ok()
    .json();
    assert_eq!(created["hostName"], "acs1.communication.azure.com");
    let shown = run(arm.acs().args(["resource", "show", "acs1", "-g", "rg"]))
        .ok()
        .json();
    assert_eq!(shown["provisioningState"], "Succeeded");
    let listed = run(arm.acs().args(["resource", "list", "-g", "rg"]))
        .ok()
        .json();
    assert_eq!(listed[0]["name"], "acs1");
    let keys = run(arm.acs().args(["resource", "keys", "acs1", "-g", "rg"]))
        .ok()
        .json();
    assert_eq!(
        keys["primaryConnectionString"],
        format!("endpoint=https://acs1.communication.azure.com/;accesskey={KEY}")
    );
    let deleted = run(arm.acs().args(["resource", "delete", "acs1", "-g", "rg"])).ok();
    assert!(deleted.stdout.is_empty());
    let put = &arm.requests()[0];
    let body: serde_json::Value = serde_json::from_slice(&put.body).expect("JSON");
    assert_eq!(body["properties"]["dataLocation"], "Europe");
    assert_eq!(body["tags"]["env"], "test");
}

#[test]
fn email_domain_create_and_link_and_sender_usernames() {
    let arm = Arm::start();
    let domain_id = format!("{BASE}/emailServices/mail/domains/AzureManagedDomain");
    let domain = json!({
        "id": domain_id, "name": "AzureManagedDomain", "location": "global",
        "properties": {"domainManagement": "AzureManaged", "mailFromSenderDomain": "abc.azurecomm.net", "provisioningState": "Succeeded"}
    });
    let resource = |linked: Vec<String>| {
        json!({
            "id": format!("{BASE}/communicationServices/acs1"), "name": "acs1", "location": "global",
            "properties": {"provisioningState": "Succeeded", "dataLocation": "Europe", "linkedDomains": linked}
        })
    };
    arm.mount(
        Mock::given(method("PUT"))
            .and(path(format!(
                "{BASE}/emailServices/mail/domains/AzureManagedDomain"
            )))
            .respond_with(ResponseTemplate::new(200).set_body_json(domain.clone())),
    );
    arm.mount(
        Mock::given(method("GET"))
            .and(path(format!(
                "{BASE}/emailServices/mail/domains/AzureManagedDomain"
            )))
            .respond_with(ResponseTemplate::new(200).set_body_json(domain)),
    );
    arm.mount(
        Mock::given(method("GET"))
            .and(path(format!("{BASE}/communicationServices/acs1")))
            .respond_with(ResponseTemplate::new(200).set_body_json(resource(vec![]))),
    );
    arm.mount(
        Mock::given(method("PATCH"))
            .and(path(format!("{BASE}/communicationServices/acs1")))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(resource(vec![domain_id.clone()])),
            ),
    );
    arm.mount(
        Mock::given(method("PUT"))
            .and(path(format!(
                "{BASE}/emailServices/mail/domains/AzureManagedDomain/senderUsernames/support"
            )))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({
                "name": "support", "properties": {"username": "support", "displayName": "Support"}
            }))),
    );
    let created = run(arm.acs().args([
        "email-domain",
        "create",
        "-g",
        "rg",
        "--email-service",
        "mail",
        "--azure-managed",
    ]))
    .ok()
    .json();
    assert_eq!(created["mailFromSenderDomain"], "abc.azurecomm.net");
    let linked = run(arm.acs().args([
        "email-domain",
        "link",
        "AzureManagedDomain",
        "-g",
        "rg",
        "--email-service",
        "mail",
        "--resource",
        "acs1",
    ]))
    .ok()
    .json();
    assert_eq!(linked["linkedDomains"][0], domain_id.as_str());
    let sender = run(arm.acs().args([
        "sender-username",
        "create",
        "support",
        "-g",
        "rg",
        "--email-service",
        "mail",
        "--domain",
        "AzureManagedDomain",
        "--display-name",
        "Support",
    ]))
    .ok()
    .json();
    assert_eq!(sender["displayName"], "Support");
    let patch = arm
        .requests()
        .into_iter()
        .find(|r| r.method.as_str() == "PATCH")
        .expect("a PATCH");
    let body: serde_json::Value = serde_json::from_slice(&patch.body).expect("JSON");
    assert_eq!(body["properties"]["linkedDomains"][0], domain_id.as_str());
}

#[test]
fn arm_errors_exit_5_and_missing_settings_exit_early() {
    let arm = Arm::start();
    arm.mount(
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": {"code": "ResourceNotFound", "message": "The Resource was not found."}
        }))),
    );
    let failed = run(arm
        .acs()
        .args(["email-service", "show", "nope", "-g", "rg"]))
    .code(5);
    assert!(failed.stderr.contains("ResourceNotFound"), "{failed:?}");
    assert!(!failed.stderr.contains("eyJ"), "no token in errors");
    let no_subscription = run(arm
        .acs()
        .env_remove("AZURE_SUBSCRIPTION_ID")
        .args(["resource", "list"]))
    .code(4);
    assert!(no_subscription.stderr.contains("AZURE_SUBSCRIPTION_ID"));
    let no_group = run(arm.acs().args(["resource", "show", "acs1"])).code(2);
    assert!(no_group.stderr.contains("resource group"));
    assert_eq!(arm.requests().len(), 1);
}
