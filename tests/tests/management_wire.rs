//! The exact requests `acs-management` sends: one insta snapshot per operation of the
//! resource-manager spec (and per option that changes the wire), as wiremock received them
//! (method, path and query, the headers that matter sorted, the body).
//!
//! The bearer token is pinned: the client authenticates with an `EmulatorCredential` on a
//! `ManualClock` at a fixed date, so the HS256 token is the same on every run.
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test -p acs-integration-tests --test
//! management_wire` and review the diff.

use std::future::Future;
use std::sync::Arc;

use acs_auth::{Clock, ManualClock, Secret};
use acs_integration_tests::render_request;
use acs_management::models::{
    KeyType, ManagedIdentity, ManagedIdentityType, PublicNetworkAccess, UserEngagementTracking,
    VerificationType,
};
use acs_management::options::ListOptions;
use acs_management::{
    AZURE_MANAGED_DOMAIN, CommunicationServiceCreate, CommunicationServiceUpdate, DomainCreate,
    DomainUpdate, EmailServiceCreate, EmailServiceUpdate, EmulatorCredential, ManagementClient,
    ManagementClientOptions, RetryOptions, SenderUsernameCreate,
};
use chrono::{DateTime, TimeZone, Utc};
use futures::TryStreamExt as _;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SUBSCRIPTION: &str = "11111111-2222-3333-4444-555555555555";
const GROUP: &str = "rg-wire";

fn fixed_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0)
        .single()
        .expect("a valid date")
}

fn communication_service() -> Value {
    json!({
        "id": format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.Communication/communicationServices/contoso-acs"),
        "name": "contoso-acs",
        "type": "Microsoft.Communication/CommunicationServices",
        "location": "global",
        "tags": {},
        "properties": {"provisioningState": "Succeeded", "dataLocation": "United States", "hostName": "contoso-acs.communication.azure.com"}
    })
}

fn email_service() -> Value {
    json!({
        "id": "/subscriptions/x/resourceGroups/rg-wire/providers/Microsoft.Communication/emailServices/contoso-email",
        "name": "contoso-email",
        "type": "Microsoft.Communication/EmailServices",
        "location": "global",
        "properties": {"provisioningState": "Succeeded", "dataLocation": "United States"}
    })
}

fn domain() -> Value {
    json!({
        "id": "/subscriptions/x/resourceGroups/rg-wire/providers/Microsoft.Communication/emailServices/contoso-email/domains/AzureManagedDomain",
        "name": "AzureManagedDomain",
        "type": "Microsoft.Communication/EmailServices/Domains",
        "location": "global",
        "properties": {"provisioningState": "Succeeded", "domainManagement": "AzureManaged", "mailFromSenderDomain": "0d1e.azurecomm.net"}
    })
}

fn sender() -> Value {
    json!({
        "id": "/subscriptions/x/.../senderUsernames/donotreply",
        "name": "donotreply",
        "type": "Microsoft.Communication/EmailServices/Domains/SenderUsernames",
        "properties": {"username": "donotreply", "displayName": "Contoso", "provisioningState": "Succeeded"}
    })
}

fn keys() -> Value {
    json!({
        "primaryKey": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "secondaryKey": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "primaryConnectionString": "endpoint=https://contoso-acs.communication.azure.com/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "secondaryConnectionString": "endpoint=https://contoso-acs.communication.azure.com/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    })
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn page() -> ResponseTemplate {
    ok(json!({"value": []}))
}

/// Makes one call with a client wired to a fresh wiremock server that answers `response`, and
/// snapshots the one request it received as `name`.
async fn snapshot<F, Fut>(
    name: &str,
    options: ManagementClientOptions,
    response: ResponseTemplate,
    call: F,
) where
    F: FnOnce(ManagementClient) -> Fut,
    Fut: Future<Output = ()>,
{
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    let clock = Arc::new(ManualClock::new(fixed_time()));
    let credential = EmulatorCredential::new().with_clock(clock.clone() as Arc<dyn Clock>);
    let client = ManagementClient::new(
        SUBSCRIPTION,
        Arc::new(credential),
        Some(
            options
                .with_endpoint(server.uri())
                .with_retry(RetryOptions::default().with_max_retries(0))
                .with_clock(clock as Arc<dyn Clock>),
        ),
    )
    .expect("a client");

    call(client).await;

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{name}: one request");
    insta::assert_snapshot!(name, render_request(&requests[0]));
}

fn default() -> ManagementClientOptions {
    ManagementClientOptions::default()
}

#[tokio::test]
async fn communication_services_operations() {
    snapshot(
        "cs_create_minimal",
        default(),
        ok(communication_service()),
        |c| async move {
            c.communication_services()
                .create_or_update(
                    GROUP,
                    "contoso-acs",
                    &CommunicationServiceCreate::new("global", "United States"),
                    None,
                )
                .await
                .expect("created");
        },
    )
    .await;
    snapshot("cs_create_every_field", default(), ok(communication_service()), |c| async move {
        let create = CommunicationServiceCreate::new("global", "Europe")
            .with_tag("env", "test")
            .with_linked_domain("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/emailServices/e/domains/AzureManagedDomain")
            .with_public_network_access(PublicNetworkAccess::Disabled)
            .with_disable_local_auth(true)
            .with_identity(
                ManagedIdentity::new(ManagedIdentityType::SystemAndUserAssigned)
                    .with_user_assigned("/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"),
            );
        c.communication_services()
            .create_or_update(GROUP, "contoso-acs", &create, None)
            .await
            .expect("created");
    })
    .await;
    snapshot(
        "cs_get",
        default(),
        ok(communication_service()),
        |c| async move {
            c.communication_services()
                .get(GROUP, "contoso-acs", None)
                .await
                .expect("got");
        },
    )
    .await;
    snapshot(
        "cs_update",
        default(),
        ok(communication_service()),
        |c| async move {
            let update = CommunicationServiceUpdate::default()
                .with_tag("env", "prod")
                .with_linked_domains(["/d/AzureManagedDomain"])
                .with_public_network_access(PublicNetworkAccess::Enabled)
                .with_disable_local_auth(false);
            c.communication_services()
                .update(GROUP, "contoso-acs", &update, None)
                .await
                .expect("updated");
        },
    )
    .await;
    snapshot(
        "cs_update_tags_only",
        default(),
        ok(communication_service()),
        |c| async move {
            let update = CommunicationServiceUpdate::default().with_tag("env", "prod");
            c.communication_services()
                .update(GROUP, "contoso-acs", &update, None)
                .await
                .expect("updated");
        },
    )
    .await;
    snapshot(
        "cs_delete",
        default(),
        ResponseTemplate::new(204),
        |c| async move {
            c.communication_services()
                .delete(GROUP, "contoso-acs", None)
                .await
                .expect("deleted");
        },
    )
    .await;
    snapshot(
        "cs_list_by_resource_group",
        default(),
        page(),
        |c| async move {
            let all: Vec<_> = c
                .communication_services()
                .list_by_resource_group(GROUP, None)
                .try_collect()
                .await
                .expect("listed");
            assert!(all.is_empty());
        },
    )
    .await;
    snapshot(
        "cs_list_by_subscription",
        default(),
        page(),
        |c| async move {
            let all: Vec<_> = c
                .communication_services()
                .list_by_subscription(None)
                .try_collect()
                .await
                .expect("listed");
            assert!(all.is_empty());
        },
    )
    .await;
    snapshot(
        "cs_check_name_availability",
        default(),
        ok(json!({"nameAvailable": true})),
        |c| async move {
            let availability = c
                .communication_services()
                .check_name_availability("contoso-acs", None)
                .await
                .expect("checked");
            assert!(availability.available);
        },
    )
    .await;
    snapshot("cs_list_keys", default(), ok(keys()), |c| async move {
        let keys = c
            .communication_services()
            .list_keys(GROUP, "contoso-acs", None)
            .await
            .expect("keys");
        assert!(keys.primary_connection_string.is_some());
    })
    .await;
    snapshot("cs_regenerate_key", default(), ok(keys()), |c| async move {
        c.communication_services()
            .regenerate_key(GROUP, "contoso-acs", KeyType::Secondary, None)
            .await
            .expect("regenerated");
    })
    .await;
    snapshot(
        "cs_link_notification_hub",
        default(),
        ok(json!({"resourceId": "/hub"})),
        |c| async move {
            let hub = c
                .communication_services()
                .link_notification_hub(
                    GROUP,
                    "contoso-acs",
                    "/hub",
                    Secret::new("Endpoint=sb://hub/;SharedAccessKey=k"),
                    None,
                )
                .await
                .expect("linked");
            assert_eq!(hub, "/hub");
        },
    )
    .await;
    snapshot("operations_list", default(), page(), |c| async move {
        let all: Vec<_> = c.list_operations(None).try_collect().await.expect("listed");
        assert!(all.is_empty());
    })
    .await;
}

#[tokio::test]
async fn email_services_operations() {
    snapshot(
        "email_create",
        default(),
        ok(email_service()),
        |c| async move {
            c.email_services()
                .create_or_update(
                    GROUP,
                    "contoso-email",
                    &EmailServiceCreate::new("global", "United States").with_tag("env", "test"),
                    None,
                )
                .await
                .expect("created");
        },
    )
    .await;
    snapshot(
        "email_get",
        default(),
        ok(email_service()),
        |c| async move {
            c.email_services()
                .get(GROUP, "contoso-email", None)
                .await
                .expect("got");
        },
    )
    .await;
    snapshot(
        "email_update",
        default(),
        ok(email_service()),
        |c| async move {
            c.email_services()
                .update(
                    GROUP,
                    "contoso-email",
                    &EmailServiceUpdate::default().with_tag("env", "prod"),
                    None,
                )
                .await
                .expect("updated");
        },
    )
    .await;
    snapshot(
        "email_delete",
        default(),
        ResponseTemplate::new(200),
        |c| async move {
            c.email_services()
                .delete(GROUP, "contoso-email", None)
                .await
                .expect("deleted");
        },
    )
    .await;
    snapshot(
        "email_list_by_resource_group",
        default(),
        page(),
        |c| async move {
            let all: Vec<_> = c
                .email_services()
                .list_by_resource_group(GROUP, None)
                .try_collect()
                .await
                .expect("listed");
            assert!(all.is_empty());
        },
    )
    .await;
    snapshot(
        "email_list_by_subscription",
        default(),
        page(),
        |c| async move {
            let all: Vec<_> = c
                .email_services()
                .list_by_subscription(None)
                .try_collect()
                .await
                .expect("listed");
            assert!(all.is_empty());
        },
    )
    .await;
    snapshot(
        "email_list_verified_exchange_online_domains",
        default(),
        ok(json!(["contoso.com"])),
        |c| async move {
            let domains = c
                .email_services()
                .list_verified_exchange_online_domains(None)
                .await
                .expect("listed");
            assert_eq!(domains, ["contoso.com"]);
        },
    )
    .await;
}

#[tokio::test]
async fn domains_operations() {
    snapshot(
        "domain_create_azure_managed",
        default(),
        ok(domain()),
        |c| async move {
            c.domains()
                .create_or_update(
                    GROUP,
                    "contoso-email",
                    AZURE_MANAGED_DOMAIN,
                    &DomainCreate::azure_managed("global"),
                    None,
                )
                .await
                .expect("created");
        },
    )
    .await;
    snapshot(
        "domain_create_custom",
        default(),
        ok(domain()),
        |c| async move {
            let create = DomainCreate::customer_managed("global")
                .with_user_engagement_tracking(UserEngagementTracking::Enabled)
                .with_tag("team", "mail");
            c.domains()
                .create_or_update(GROUP, "contoso-email", "mail.contoso.com", &create, None)
                .await
                .expect("created");
        },
    )
    .await;
    snapshot("domain_get", default(), ok(domain()), |c| async move {
        c.domains()
            .get(GROUP, "contoso-email", AZURE_MANAGED_DOMAIN, None)
            .await
            .expect("got");
    })
    .await;
    snapshot("domain_update", default(), ok(domain()), |c| async move {
        let update =
            DomainUpdate::default().with_user_engagement_tracking(UserEngagementTracking::Disabled);
        c.domains()
            .update(GROUP, "contoso-email", AZURE_MANAGED_DOMAIN, &update, None)
            .await
            .expect("updated");
    })
    .await;
    snapshot(
        "domain_delete",
        default(),
        ResponseTemplate::new(204),
        |c| async move {
            c.domains()
                .delete(GROUP, "contoso-email", "mail.contoso.com", None)
                .await
                .expect("deleted");
        },
    )
    .await;
    snapshot("domain_list", default(), page(), |c| async move {
        let all: Vec<_> = c
            .domains()
            .list(GROUP, "contoso-email", None)
            .try_collect()
            .await
            .expect("listed");
        assert!(all.is_empty());
    })
    .await;
    snapshot(
        "domain_initiate_verification",
        default(),
        ResponseTemplate::new(200),
        |c| async move {
            c.domains()
                .initiate_verification(
                    GROUP,
                    "contoso-email",
                    "mail.contoso.com",
                    VerificationType::Spf,
                    None,
                )
                .await
                .expect("started");
        },
    )
    .await;
    snapshot(
        "domain_cancel_verification",
        default(),
        ResponseTemplate::new(200),
        |c| async move {
            c.domains()
                .cancel_verification(
                    GROUP,
                    "contoso-email",
                    "mail.contoso.com",
                    VerificationType::Dkim2,
                    None,
                )
                .await
                .expect("cancelled");
        },
    )
    .await;
}

#[tokio::test]
async fn sender_usernames_operations() {
    snapshot("sender_create", default(), ok(sender()), |c| async move {
        c.sender_usernames()
            .create_or_update(
                GROUP,
                "contoso-email",
                AZURE_MANAGED_DOMAIN,
                "donotreply",
                &SenderUsernameCreate::new("donotreply").with_display_name("Contoso"),
                None,
            )
            .await
            .expect("created");
    })
    .await;
    snapshot("sender_get", default(), ok(sender()), |c| async move {
        c.sender_usernames()
            .get(
                GROUP,
                "contoso-email",
                AZURE_MANAGED_DOMAIN,
                "donotreply",
                None,
            )
            .await
            .expect("got");
    })
    .await;
    snapshot(
        "sender_delete",
        default(),
        ResponseTemplate::new(204),
        |c| async move {
            c.sender_usernames()
                .delete(
                    GROUP,
                    "contoso-email",
                    AZURE_MANAGED_DOMAIN,
                    "donotreply",
                    None,
                )
                .await
                .expect("deleted");
        },
    )
    .await;
    snapshot("sender_list", default(), page(), |c| async move {
        let all: Vec<_> = c
            .sender_usernames()
            .list(GROUP, "contoso-email", AZURE_MANAGED_DOMAIN, None)
            .try_collect()
            .await
            .expect("listed");
        assert!(all.is_empty());
    })
    .await;
}

#[tokio::test]
async fn client_options_reach_the_wire() {
    snapshot(
        "correlation_request_id_and_user_agent",
        default()
            .with_correlation_request_id("0f8fad5b-d9cb-469f-a165-70867728950e")
            .with_user_agent_suffix("provisioner/1.0"),
        ok(communication_service()),
        |c| async move {
            c.communication_services()
                .get(GROUP, "contoso-acs", None)
                .await
                .expect("got");
        },
    )
    .await;
    snapshot(
        "path_segments_are_encoded",
        default(),
        ok(sender()),
        |c| async move {
            c.sender_usernames()
                .get(
                    "rg (1)",
                    "contoso-email",
                    "mail.contoso.com",
                    "do not/reply",
                    None,
                )
                .await
                .expect("got");
        },
    )
    .await;
}

#[tokio::test]
async fn a_continuation_link_is_requested_as_given() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(page())
        .expect(1)
        .mount(&server)
        .await;
    let clock = Arc::new(ManualClock::new(fixed_time()));
    let client = ManagementClient::new(
        SUBSCRIPTION,
        Arc::new(EmulatorCredential::new().with_clock(clock.clone() as Arc<dyn Clock>)),
        Some(
            ManagementClientOptions::default()
                .with_endpoint(server.uri())
                .with_clock(clock as Arc<dyn Clock>),
        ),
    )
    .expect("a client");
    let link = format!(
        "{}/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Communication/communicationServices?api-version=2025-09-01&$skipToken=page2",
        server.uri()
    );
    let all: Vec<_> = client
        .communication_services()
        .list_by_subscription(Some(ListOptions::default().with_continuation(link)))
        .try_collect()
        .await
        .expect("listed");
    assert!(all.is_empty());
    let requests = server.received_requests().await.expect("recording is on");
    insta::assert_snapshot!("list_continuation", render_request(&requests[0]));
}

#[tokio::test]
async fn the_polls_of_a_long_running_operation() {
    let server = MockServer::start().await;
    let status_url = format!(
        "{}/providers/Microsoft.Communication/locations/global/operationStatuses/op-1?api-version=2025-09-01",
        server.uri()
    );
    Mock::given(wiremock::matchers::method("PUT"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("azure-asyncoperation", status_url.as_str())
                .insert_header("retry-after", "0")
                .set_body_json(communication_service()),
        )
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path_regex("operationStatuses"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "Succeeded"})))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path_regex(
            "communicationServices/contoso-acs$",
        ))
        .respond_with(ok(communication_service()))
        .mount(&server)
        .await;
    let clock = Arc::new(ManualClock::new(fixed_time()));
    let client = ManagementClient::new(
        SUBSCRIPTION,
        Arc::new(EmulatorCredential::new().with_clock(clock.clone() as Arc<dyn Clock>)),
        Some(
            ManagementClientOptions::default()
                .with_endpoint(server.uri())
                .with_retry(RetryOptions::default().with_max_retries(0))
                .with_clock(clock.clone() as Arc<dyn Clock>),
        ),
    )
    .expect("a client");
    // Moves the manual clock whenever the poller waits on it.
    let driver = {
        let clock = clock.clone();
        tokio::spawn(async move {
            loop {
                if clock.pending_sleepers() > 0 {
                    clock.advance(chrono::TimeDelta::seconds(1));
                }
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
        })
    };
    client
        .communication_services()
        .create_or_update(
            GROUP,
            "contoso-acs",
            &CommunicationServiceCreate::new("global", "United States"),
            None,
        )
        .await
        .expect("created");
    driver.abort();
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 3);
    insta::assert_snapshot!("lro_poll_async_operation", render_request(&requests[1]));
    insta::assert_snapshot!("lro_final_get", render_request(&requests[2]));
}
