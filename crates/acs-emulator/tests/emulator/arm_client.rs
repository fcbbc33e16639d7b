//! Every operation of our management spec (`acs-management-rest`, 29 operations), sent by the
//! generated client through the acs-core pipeline to the emulator's ARM surface, on a manual
//! clock: the spec and the emulator agree on paths, bodies and statuses.

#![allow(
    clippy::disallowed_methods,
    reason = "the manual clock starts at the system time so that tokens are fresh"
)]

use std::collections::HashMap;
use std::sync::Arc;

use acs_auth::{Clock, ManualClock, SystemClock};
use acs_core::{Pipeline, StaticBearerAuthPolicy};
use acs_emulator::{ARM_TOKEN_AUDIENCE, ARM_TOKEN_ISSUER, ARM_TOKEN_SIGNING_KEY};
use acs_management_rest::types as rest;
use acs_management_rest::{API_VERSION, Client};
use chrono::TimeDelta;
use serde_json::json;

use crate::common::TestResult;

const SUB: &str = "22223333-4444-5555-6666-777788889999";
const RG: &str = "generated";

fn client(endpoint: &str, clock: &ManualClock) -> Client {
    let now = clock.now().timestamp();
    let claims = json!({"iss": ARM_TOKEN_ISSUER, "aud": ARM_TOKEN_AUDIENCE, "exp": now + 3600});
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(ARM_TOKEN_SIGNING_KEY.as_bytes()),
    )
    .unwrap_or_else(|e| panic!("token: {e}"));
    let pipeline = Pipeline::builder()
        .auth(Arc::new(StaticBearerAuthPolicy::new(token)))
        .build();
    Client::new_with_client(endpoint, pipeline.http_client().clone(), pipeline)
}

fn header(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn every_generated_operation_runs_against_the_emulator() -> TestResult {
    let clock = Arc::new(ManualClock::new(SystemClock.now()));
    let emulator = acs_emulator::Emulator::builder()
        .clock(clock.clone())
        .start()
        .await?;
    let arm = client(emulator.endpoint(), &clock);
    let sub: uuid::Uuid = SUB.parse()?;
    let tick = || clock.advance(TimeDelta::seconds(1));

    // Operations_List
    let operations = arm
        .operations_list()
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert!(
        operations
            .value
            .iter()
            .any(|o| o.name.as_deref()
                == Some("Microsoft.Communication/communicationServices/write"))
    );

    // CommunicationServices_CheckNameAvailability
    let check = || {
        arm.communication_services_check_name_availability()
            .subscription_id(sub)
            .api_version(API_VERSION)
            .body(rest::NameAvailabilityParameters {
                name: "gen-acs".into(),
                type_: "Microsoft.Communication/CommunicationServices".into(),
            })
    };
    assert_eq!(
        check().send().await?.into_inner().name_available,
        Some(true)
    );

    // CommunicationServices_CreateOrUpdate (201, LRO)
    let created = arm
        .communication_services_create_or_update()
        .subscription_id(sub)
        .resource_group_name(RG)
        .communication_service_name("gen-acs")
        .api_version(API_VERSION)
        .body(rest::CommunicationServiceResource {
            id: None,
            identity: Some(rest::ManagedServiceIdentity {
                principal_id: None,
                tenant_id: None,
                type_: rest::ManagedServiceIdentityType::SystemAssigned,
                user_assigned_identities: HashMap::new(),
            }),
            location: "global".into(),
            name: None,
            properties: Some(rest::CommunicationServiceProperties {
                data_location: "Europe".into(),
                disable_local_auth: None,
                host_name: None,
                immutable_resource_id: None,
                linked_domains: None,
                notification_hub_id: None,
                provisioning_state: None,
                public_network_access: Some(rest::PublicNetworkAccess::Enabled),
                version: None,
            }),
            system_data: None,
            tags: HashMap::from([("team".to_owned(), "rust".to_owned())]),
            type_: None,
        })
        .send()
        .await?;
    assert_eq!(created.status().as_u16(), 201);
    assert!(header(created.headers(), "azure-asyncoperation").is_some());
    let created = created.into_inner();
    assert_eq!(
        created
            .properties
            .as_ref()
            .and_then(|p| p.provisioning_state.clone()),
        Some(rest::CommunicationServicesProvisioningState::from(
            "Accepted"
        ))
    );
    let identity = created.identity.unwrap_or_else(|| panic!("no identity"));
    assert!(identity.principal_id.is_some() && identity.tenant_id.is_some());
    tick();
    assert_eq!(
        check().send().await?.into_inner().reason,
        Some(rest::CheckNameAvailabilityReason::AlreadyExists)
    );

    // CommunicationServices_Get, _ListByResourceGroup, _ListBySubscription, _Update
    let got = arm
        .communication_services_get()
        .subscription_id(sub)
        .resource_group_name(RG)
        .communication_service_name("gen-acs")
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(
        got.properties.and_then(|p| p.provisioning_state),
        Some(rest::CommunicationServicesProvisioningState::Succeeded)
    );
    let by_group = arm
        .communication_services_list_by_resource_group()
        .subscription_id(sub)
        .resource_group_name(RG)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(by_group.value.len(), 1);
    let by_subscription = arm
        .communication_services_list_by_subscription()
        .subscription_id(sub)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(by_subscription.value.len(), 1);
    let updated = arm
        .communication_services_update()
        .subscription_id(sub)
        .resource_group_name(RG)
        .communication_service_name("gen-acs")
        .api_version(API_VERSION)
        .body(rest::CommunicationServiceResourceUpdate {
            identity: None,
            properties: None,
            tags: HashMap::from([("team".to_owned(), "core".to_owned())]),
        })
        .send()
        .await?
        .into_inner();
    assert_eq!(updated.tags.get("team").map(String::as_str), Some("core"));

    // CommunicationServices_ListKeys, _RegenerateKey, _LinkNotificationHub
    let keys = arm
        .communication_services_list_keys()
        .subscription_id(sub)
        .resource_group_name(RG)
        .communication_service_name("gen-acs")
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    let regenerated = arm
        .communication_services_regenerate_key()
        .subscription_id(sub)
        .resource_group_name(RG)
        .communication_service_name("gen-acs")
        .api_version(API_VERSION)
        .body(rest::RegenerateKeyParameters {
            key_type: Some(rest::KeyType::Secondary),
        })
        .send()
        .await?
        .into_inner();
    assert!(regenerated.primary_key.is_none());
    assert!(regenerated.secondary_key.is_some() && regenerated.secondary_key != keys.secondary_key);
    let hub = "/subscriptions/22223333-4444-5555-6666-777788889999/resourceGroups/generated/providers/Microsoft.NotificationHubs/namespaces/ns/notificationHubs/hub";
    let linked = arm
        .communication_services_link_notification_hub()
        .subscription_id(sub)
        .resource_group_name(RG)
        .communication_service_name("gen-acs")
        .api_version(API_VERSION)
        .body(rest::LinkNotificationHubParameters {
            connection_string:
                "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=x;SharedAccessKey=y"
                    .into(),
            resource_id: hub.into(),
        })
        .send()
        .await?
        .into_inner();
    assert_eq!(linked.resource_id.as_deref(), Some(hub));

    // EmailServices_CreateOrUpdate, _Get, _ListByResourceGroup, _ListBySubscription, _Update
    let email = arm
        .email_services_create_or_update()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .api_version(API_VERSION)
        .body(rest::EmailServiceResource {
            id: None,
            location: "global".into(),
            name: None,
            properties: Some(rest::EmailServiceProperties {
                data_location: "Europe".into(),
                provisioning_state: None,
            }),
            system_data: None,
            tags: HashMap::new(),
            type_: None,
        })
        .send()
        .await?;
    assert_eq!(email.status().as_u16(), 201);
    tick();
    let email = arm
        .email_services_get()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(
        email.properties.and_then(|p| p.provisioning_state),
        Some(rest::EmailServicesProvisioningState::Succeeded)
    );
    let listed = arm
        .email_services_list_by_resource_group()
        .subscription_id(sub)
        .resource_group_name(RG)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(listed.value.len(), 1);
    let listed = arm
        .email_services_list_by_subscription()
        .subscription_id(sub)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(listed.value.len(), 1);
    let patched = arm
        .email_services_update()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .api_version(API_VERSION)
        .body(rest::EmailServiceResourceUpdate(rest::TaggedResource {
            tags: HashMap::from([("a".to_owned(), "b".to_owned())]),
        }))
        .send()
        .await?;
    assert!(header(patched.headers(), "azure-asyncoperation").is_some());
    tick();

    // Domains_CreateOrUpdate, _Get, _ListByEmailServiceResource, _Update, _InitiateVerification,
    // _CancelVerification
    for (name, management) in [
        ("AzureManagedDomain", rest::DomainManagement::AzureManaged),
        ("mail.example.org", rest::DomainManagement::CustomerManaged),
        (
            "exchange.example.org",
            rest::DomainManagement::CustomerManagedInExchangeOnline,
        ),
    ] {
        let domain = arm
            .domains_create_or_update()
            .subscription_id(sub)
            .resource_group_name(RG)
            .email_service_name("gen-mail")
            .domain_name(name)
            .api_version(API_VERSION)
            .body(rest::DomainResource {
                id: None,
                location: "global".into(),
                name: None,
                properties: Some(rest::DomainProperties {
                    data_location: None,
                    domain_management: management,
                    from_sender_domain: None,
                    mail_from_sender_domain: None,
                    provisioning_state: None,
                    user_engagement_tracking: None,
                    verification_records: None,
                    verification_states: None,
                }),
                system_data: None,
                tags: HashMap::new(),
                type_: None,
            })
            .send()
            .await?;
        assert_eq!(domain.status().as_u16(), 201, "{name}");
    }
    tick();
    let domain = |name: &'static str| {
        arm.domains_get()
            .subscription_id(sub)
            .resource_group_name(RG)
            .email_service_name("gen-mail")
            .domain_name(name)
            .api_version(API_VERSION)
    };
    let custom = domain("mail.example.org").send().await?.into_inner();
    let records = custom
        .properties
        .and_then(|p| p.verification_records)
        .unwrap_or_default();
    assert_eq!(records.spf.and_then(|r| r.type_).as_deref(), Some("TXT"));
    let domains = arm
        .domains_list_by_email_service_resource()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(domains.value.len(), 3);
    let update = arm
        .domains_update()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .domain_name("mail.example.org")
        .api_version(API_VERSION)
        .body(rest::UpdateDomainRequestParameters {
            properties: Some(rest::UpdateDomainProperties {
                user_engagement_tracking: Some(rest::UserEngagementTracking::Enabled),
            }),
            tags: HashMap::new(),
        })
        .send()
        .await?;
    assert!(update.status().is_success());
    tick();
    let verify = |kind: rest::VerificationType| {
        arm.domains_initiate_verification()
            .subscription_id(sub)
            .resource_group_name(RG)
            .email_service_name("gen-mail")
            .domain_name("mail.example.org")
            .api_version(API_VERSION)
            .body(rest::VerificationParameter {
                verification_type: kind,
            })
    };
    let started = verify(rest::VerificationType::Dkim).send().await?;
    assert_eq!(started.status().as_u16(), 202);
    assert!(header(started.headers(), "location").is_some());
    let cancelled = arm
        .domains_cancel_verification()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .domain_name("mail.example.org")
        .api_version(API_VERSION)
        .body(rest::VerificationParameter {
            verification_type: rest::VerificationType::Dkim,
        })
        .send()
        .await?;
    assert_eq!(cancelled.status().as_u16(), 202);
    verify(rest::VerificationType::Domain).send().await?;
    tick();
    let states = domain("mail.example.org")
        .send()
        .await?
        .into_inner()
        .properties
        .and_then(|p| p.verification_states)
        .unwrap_or_default();
    assert_eq!(
        states.domain.and_then(|s| s.status),
        Some(rest::VerificationStatus::Verified)
    );
    assert_eq!(
        states.dkim.and_then(|s| s.status),
        Some(rest::VerificationStatus::NotStarted)
    );

    // EmailServices_ListVerifiedExchangeOnlineDomains
    let exchange = arm
        .email_services_list_verified_exchange_online_domains()
        .subscription_id(sub)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(exchange.0, ["exchange.example.org"]);

    // SenderUsernames_CreateOrUpdate, _Get, _ListByDomains, _Delete
    let sender = arm
        .sender_usernames_create_or_update()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .domain_name("AzureManagedDomain")
        .sender_username("billing")
        .api_version(API_VERSION)
        .body(rest::SenderUsernameResource {
            id: None,
            name: None,
            properties: Some(rest::SenderUsernameProperties {
                data_location: None,
                display_name: Some("Billing".into()),
                provisioning_state: None,
                username: "billing".into(),
            }),
            system_data: None,
            type_: None,
        })
        .send()
        .await?;
    assert_eq!(sender.status().as_u16(), 201);
    let got = arm
        .sender_usernames_get()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .domain_name("AzureManagedDomain")
        .sender_username("billing")
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(
        got.properties.and_then(|p| p.display_name).as_deref(),
        Some("Billing")
    );
    let senders = arm
        .sender_usernames_list_by_domains()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .domain_name("AzureManagedDomain")
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(senders.value.len(), 2);
    let deleted = arm
        .sender_usernames_delete()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .domain_name("AzureManagedDomain")
        .sender_username("billing")
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(deleted.status().as_u16(), 200);

    // Domains_Delete, EmailServices_Delete, CommunicationServices_Delete (202, LRO)
    let deleted = arm
        .domains_delete()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .domain_name("exchange.example.org")
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(deleted.status().as_u16(), 202);
    let deleted = arm
        .email_services_delete()
        .subscription_id(sub)
        .resource_group_name(RG)
        .email_service_name("gen-mail")
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(deleted.status().as_u16(), 202);
    let deleted = arm
        .communication_services_delete()
        .subscription_id(sub)
        .resource_group_name(RG)
        .communication_service_name("gen-acs")
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(deleted.status().as_u16(), 202);
    tick();
    let gone = domain("AzureManagedDomain").send().await;
    let Err(acs_management_rest::Error::ErrorResponse(gone)) = gone else {
        panic!("the domain outlived its email service");
    };
    assert_eq!(gone.status().as_u16(), 404);
    assert_eq!(
        gone.into_inner().error.and_then(|e| e.code).as_deref(),
        Some("ResourceNotFound")
    );
    emulator.shutdown().await?;
    Ok(())
}
