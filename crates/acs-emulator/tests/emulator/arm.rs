//! The ARM surface (`Microsoft.Communication`): development bearer auth, long-running
//! operations on a manual clock, paging, ARM errors, and keys and linked domains that the data
//! plane honours.

#![allow(
    clippy::disallowed_methods,
    reason = "signs data-plane requests for an emulator whose manual clock starts at the system time"
)]

use std::sync::Arc;

use acs_auth::{Clock, ConnectionString, HmacCredential, ManualClock, SystemClock};
use acs_core::{HmacAuthPolicy, Pipeline, RetryOptions};
use acs_emulator::{ARM_TOKEN_AUDIENCE, ARM_TOKEN_ISSUER, ARM_TOKEN_SIGNING_KEY, RunningEmulator};
use acs_identity_rest::types::CommunicationIdentityCreateRequest;
use acs_management_rest::types as rest;
use chrono::TimeDelta;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::TestResult;

const API: &str = "api-version=2025-09-01";
const SUB: &str = "11112222-3333-4444-5555-666677778888";

fn rg(group: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{group}/providers/Microsoft.Communication")
}

fn mint(claims: Value, key: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(key.as_bytes()),
    )
    .unwrap_or_else(|e| panic!("token: {e}"))
}

fn token(clock: &ManualClock, audience: &str) -> String {
    let now = clock.now().timestamp();
    mint(
        json!({"iss": ARM_TOKEN_ISSUER, "aud": audience, "exp": now + 600, "iat": now, "oid": "tester"}),
        ARM_TOKEN_SIGNING_KEY,
    )
}

struct Arm {
    emulator: RunningEmulator,
    clock: Arc<ManualClock>,
    http: reqwest::Client,
    token: String,
}

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
}

impl Arm {
    async fn start() -> Self {
        let clock = Arc::new(ManualClock::new(SystemClock.now()));
        let emulator = acs_emulator::Emulator::builder()
            .clock(clock.clone())
            .start()
            .await
            .unwrap_or_else(|e| panic!("start: {e}"));
        let token = token(&clock, ARM_TOKEN_AUDIENCE);
        Self {
            emulator,
            clock,
            http: reqwest::Client::new(),
            token,
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            return path.to_owned();
        }
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{}{path}{separator}{API}", self.emulator.endpoint())
    }

    async fn call_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Answer {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("send: {e}"));
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap_or_default();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call_with(method, path, body, Some(&self.token)).await
    }

    /// Creates and lets the operation finish.
    async fn create(&self, path: &str, body: Value) -> Answer {
        let answer = self.call(Method::PUT, path, Some(body)).await;
        assert!(
            answer.status.is_success(),
            "{path}: {} {}",
            answer.status,
            answer.body
        );
        self.clock.advance(TimeDelta::seconds(1));
        answer
    }

    fn data_plane(&self, connection_string: &str) -> acs_identity_rest::Client {
        let cs = ConnectionString::parse(connection_string).unwrap_or_else(|e| panic!("cs: {e}"));
        let mut retry = RetryOptions::default();
        retry.max_retries = 0;
        let pipeline = Pipeline::builder()
            .auth(Arc::new(HmacAuthPolicy::new(
                HmacCredential::from_connection_string(&cs),
            )))
            .retry(retry)
            .build();
        acs_identity_rest::Client::new_with_client(
            cs.endpoint().url().as_str().trim_end_matches('/'),
            pipeline.http_client().clone(),
            pipeline,
        )
    }
}

async fn identity_status(client: &acs_identity_rest::Client) -> u16 {
    match client
        .identity_operations_create()
        .api_version(acs_identity_rest::API_VERSION)
        .body(CommunicationIdentityCreateRequest::default())
        .send()
        .await
    {
        Ok(response) => response.status().as_u16(),
        Err(error) => error.status().map_or(0, |status| status.as_u16()),
    }
}

fn service_body() -> Value {
    json!({"location": "global", "tags": {"env": "test"}, "properties": {"dataLocation": "United States"}})
}

#[tokio::test]
async fn create_and_delete_go_accepted_to_succeeded_on_the_clock() -> TestResult {
    let arm = Arm::start().await;
    let path = format!("{}/communicationServices/contoso", rg("rg"));
    let created = arm.call(Method::PUT, &path, Some(service_body())).await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.header("retry-after"), Some("1"));
    assert_eq!(created.body["properties"]["provisioningState"], "Accepted");
    let resource: rest::CommunicationServiceResource =
        serde_json::from_value(created.body.clone())?;
    assert_eq!(resource.name.as_deref(), Some("contoso"));
    let status_url = created
        .header("azure-asyncoperation")
        .unwrap_or_default()
        .to_owned();
    assert!(status_url.contains("/operationStatuses/"), "{status_url}");

    let polled = arm.call(Method::GET, &status_url, None).await;
    assert_eq!(polled.body["status"], "Accepted");
    assert_eq!(polled.header("retry-after"), Some("1"));
    let again = arm.call(Method::PUT, &path, Some(service_body())).await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "AnotherOperationInProgress")
    );

    arm.clock.advance(TimeDelta::milliseconds(999));
    assert_eq!(
        arm.call(Method::GET, &status_url, None).await.body["status"],
        "Accepted"
    );
    arm.clock.advance(TimeDelta::milliseconds(1));
    let done = arm.call(Method::GET, &status_url, None).await;
    assert_eq!(done.body["status"], "Succeeded");
    assert!(done.body["endTime"].is_string() && done.header("retry-after").is_none());
    let got = arm.call(Method::GET, &path, None).await;
    assert_eq!(got.body["properties"]["provisioningState"], "Succeeded");
    assert_eq!(got.body["tags"], json!({"env": "test"}));
    assert_eq!(got.body["systemData"]["createdBy"], "tester");

    // An update is 200 and goes through Updating; the keys stay.
    let keys = arm
        .call(Method::POST, &format!("{path}/listKeys"), None)
        .await;
    let updated = arm.call(Method::PUT, &path, Some(service_body())).await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.body["properties"]["provisioningState"], "Updating");
    arm.clock.advance(TimeDelta::seconds(1));
    assert_eq!(
        arm.call(Method::POST, &format!("{path}/listKeys"), None)
            .await
            .body,
        keys.body
    );

    let deleted = arm.call(Method::DELETE, &path, None).await;
    assert_eq!(deleted.status, StatusCode::ACCEPTED);
    let result_url = deleted.header("location").unwrap_or_default().to_owned();
    assert!(result_url.contains("/operationResults/"), "{result_url}");
    assert!(deleted.header("azure-asyncoperation").is_some());
    let running = arm.call(Method::GET, &result_url, None).await;
    assert_eq!(running.status, StatusCode::ACCEPTED);
    assert_eq!(
        arm.call(Method::GET, &path, None).await.body["properties"]["provisioningState"],
        "Deleting"
    );
    arm.clock.advance(TimeDelta::seconds(1));
    assert_eq!(
        arm.call(Method::GET, &result_url, None).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = arm.call(Method::GET, &path, None).await;
    assert_eq!(
        (gone.status, gone.code()),
        (StatusCode::NOT_FOUND, "ResourceNotFound")
    );
    // Deleting what is gone is 204.
    assert_eq!(
        arm.call(Method::DELETE, &path, None).await.status,
        StatusCode::NO_CONTENT
    );
    Ok(())
}

#[tokio::test]
async fn bearer_tokens_of_the_development_issuer_only() -> TestResult {
    let arm = Arm::start().await;
    let path =
        format!("/subscriptions/{SUB}/providers/Microsoft.Communication/communicationServices");
    let now = arm.clock.now().timestamp();
    let claims = |iss: &str, aud: &str, exp: i64| json!({"iss": iss, "aud": aud, "exp": exp});
    for (token, code) in [
        (None, "AuthenticationFailed"),
        (Some("not-a-jwt".to_owned()), "InvalidAuthenticationToken"),
        (
            Some(mint(
                claims(ARM_TOKEN_ISSUER, ARM_TOKEN_AUDIENCE, now + 60),
                "another-key",
            )),
            "InvalidAuthenticationToken",
        ),
        (
            Some(mint(
                claims("https://sts.windows.net/x/", ARM_TOKEN_AUDIENCE, now + 60),
                ARM_TOKEN_SIGNING_KEY,
            )),
            "InvalidAuthenticationTokenIssuer",
        ),
        (
            Some(mint(
                claims(ARM_TOKEN_ISSUER, "https://graph.microsoft.com", now + 60),
                ARM_TOKEN_SIGNING_KEY,
            )),
            "InvalidAuthenticationTokenAudience",
        ),
        (
            Some(mint(
                claims(ARM_TOKEN_ISSUER, ARM_TOKEN_AUDIENCE, now - 1),
                ARM_TOKEN_SIGNING_KEY,
            )),
            "ExpiredAuthenticationToken",
        ),
    ] {
        let answer = arm
            .call_with(Method::GET, &path, None, token.as_deref())
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNAUTHORIZED, code),
            "{}",
            answer.body
        );
        let challenge = answer.header("www-authenticate").unwrap_or_default();
        assert!(
            challenge.starts_with("Bearer authorization_uri=\"https://login.acs-emulator.local/\""),
            "{challenge}"
        );
        let error: rest::ErrorResponse = serde_json::from_value(answer.body.clone())?;
        assert!(error.error.and_then(|e| e.message).is_some());
    }
    for audience in [
        "https://management.azure.com/",
        "https://management.azure.com/.default",
    ] {
        let answer = arm
            .call_with(Method::GET, &path, None, Some(&token(&arm.clock, audience)))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{audience}");
    }
    // Expiry follows the emulator's clock.
    arm.clock.advance(TimeDelta::seconds(601));
    let expired = arm.call(Method::GET, &path, None).await;
    assert_eq!(expired.code(), "ExpiredAuthenticationToken");
    Ok(())
}

#[tokio::test]
async fn lists_page_with_next_link() -> TestResult {
    let arm = Arm::start().await;
    for index in 0..45 {
        let answer = arm
            .call(
                Method::PUT,
                &format!("{}/communicationServices/svc-{index:02}", rg("paged")),
                Some(service_body()),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED);
    }
    arm.create(
        &format!("{}/communicationServices/elsewhere", rg("other")),
        service_body(),
    )
    .await;
    let mut next = Some(format!("{}/communicationServices", rg("paged")));
    let mut pages = Vec::new();
    let mut names = Vec::new();
    while let Some(url) = next {
        let page: rest::CommunicationServiceResourceList =
            serde_json::from_value(arm.call(Method::GET, &url, None).await.body)?;
        pages.push(page.value.len());
        names.extend(page.value.into_iter().filter_map(|r| r.name));
        next = page.next_link;
    }
    assert_eq!(pages, [20, 20, 5]);
    let expected: Vec<String> = (0..45).map(|i| format!("svc-{i:02}")).collect();
    assert_eq!(names, expected);
    let subscription =
        format!("/subscriptions/{SUB}/providers/Microsoft.Communication/communicationServices");
    let first: rest::CommunicationServiceResourceList =
        serde_json::from_value(arm.call(Method::GET, &subscription, None).await.body)?;
    assert!(first.next_link.is_some() && first.value.len() == 20);
    let other_subscription = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Communication/communicationServices";
    assert_eq!(
        arm.call(Method::GET, other_subscription, None).await.body["value"],
        json!([])
    );
    Ok(())
}

#[tokio::test]
async fn keys_are_real_data_plane_keys() -> TestResult {
    let arm = Arm::start().await;
    let path = format!("{}/communicationServices/keys", rg("rg"));
    arm.create(&path, service_body()).await;
    let keys: rest::CommunicationServiceKeys = serde_json::from_value(
        arm.call(Method::POST, &format!("{path}/listKeys"), None)
            .await
            .body,
    )?;
    let primary = keys.primary_connection_string.unwrap_or_default();
    let secondary = keys.secondary_connection_string.unwrap_or_default();
    assert!(
        primary.starts_with(&format!("endpoint={}/;accesskey=", arm.emulator.endpoint())),
        "{primary}"
    );
    assert_eq!(identity_status(&arm.data_plane(&primary)).await, 201);
    assert_eq!(identity_status(&arm.data_plane(&secondary)).await, 201);

    let regenerated = arm
        .call(
            Method::POST,
            &format!("{path}/regenerateKey"),
            Some(json!({"keyType": "primary"})),
        )
        .await;
    let regenerated: rest::CommunicationServiceKeys = serde_json::from_value(regenerated.body)?;
    assert!(regenerated.secondary_key.is_none());
    let new_primary = regenerated.primary_connection_string.unwrap_or_default();
    assert_ne!(new_primary, primary);
    assert_eq!(identity_status(&arm.data_plane(&primary)).await, 401);
    assert_eq!(identity_status(&arm.data_plane(&new_primary)).await, 201);
    assert_eq!(identity_status(&arm.data_plane(&secondary)).await, 201);
    let bad = arm
        .call(
            Method::POST,
            &format!("{path}/regenerateKey"),
            Some(json!({"keyType": "tertiary"})),
        )
        .await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "InvalidRequestContent")
    );

    // disableLocalAuth turns the keys off; deleting the resource too.
    let patched = arm
        .call(
            Method::PATCH,
            &path,
            Some(json!({"properties": {"disableLocalAuth": true}})),
        )
        .await;
    assert_eq!(patched.body["properties"]["disableLocalAuth"], true);
    assert_eq!(
        patched.body["tags"],
        json!({"env": "test"}),
        "a PATCH without tags keeps them"
    );
    assert_eq!(identity_status(&arm.data_plane(&secondary)).await, 401);
    arm.call(
        Method::PATCH,
        &path,
        Some(json!({"properties": {"disableLocalAuth": false}})),
    )
    .await;
    assert_eq!(identity_status(&arm.data_plane(&secondary)).await, 201);
    arm.call(Method::DELETE, &path, None).await;
    arm.clock.advance(TimeDelta::seconds(1));
    assert_eq!(identity_status(&arm.data_plane(&secondary)).await, 401);
    // The emulator's own key keeps working throughout.
    assert_eq!(
        identity_status(&arm.data_plane(&arm.emulator.connection_string())).await,
        201
    );
    Ok(())
}

async fn send_status(arm: &Arm, connection_string: &str, sender: &str) -> (u16, String) {
    let cs = ConnectionString::parse(connection_string).unwrap_or_else(|e| panic!("cs: {e}"));
    let pipeline = Pipeline::builder()
        .auth(Arc::new(HmacAuthPolicy::new(
            HmacCredential::from_connection_string(&cs),
        )))
        .build();
    let client = acs_email_rest::Client::new_with_client(
        arm.emulator.endpoint(),
        pipeline.http_client().clone(),
        pipeline,
    );
    let message = acs_email_rest::types::EmailMessage {
        attachments: Vec::new(),
        content: acs_email_rest::types::EmailContent {
            html: None,
            plain_text: Some("hello".to_owned()),
            subject: "provisioned".to_owned(),
        },
        headers: Default::default(),
        recipients: acs_email_rest::types::EmailRecipients {
            bcc: Vec::new(),
            cc: Vec::new(),
            to: vec![acs_email_rest::types::EmailAddress {
                address: "alice@example.com".to_owned(),
                display_name: None,
            }],
        },
        reply_to: Vec::new(),
        sender_address: sender.to_owned(),
        user_engagement_tracking_disabled: None,
    };
    match client
        .email_send()
        .api_version(acs_email_rest::API_VERSION)
        .operation_id(uuid::Uuid::new_v4())
        .body(message)
        .send()
        .await
    {
        Ok(response) => (response.status().as_u16(), String::new()),
        Err(acs_email_rest::Error::ErrorResponse(response)) => {
            let status = response.status().as_u16();
            let body = serde_json::to_value(response.into_inner()).unwrap_or_default();
            (
                status,
                body["error"]["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        }
        Err(other) => panic!("send: {other}"),
    }
}

#[tokio::test]
async fn a_linked_azure_managed_domain_gives_sender_addresses() -> TestResult {
    let arm = Arm::start().await;
    let service = format!("{}/communicationServices/mailer", rg("rg"));
    let email = format!("{}/emailServices/mail", rg("rg"));
    arm.create(&service, service_body()).await;
    arm.create(
        &email,
        json!({"location": "global", "properties": {"dataLocation": "United States"}}),
    )
    .await;
    let domain = arm
        .create(
            &format!("{email}/domains/AzureManagedDomain"),
            json!({"location": "global", "properties": {"domainManagement": "AzureManaged"}}),
        )
        .await;
    let domain: rest::DomainResource = serde_json::from_value(domain.body)?;
    let properties = domain.properties.unwrap_or_else(|| panic!("no properties"));
    let sender_domain = properties.from_sender_domain.unwrap_or_default();
    assert!(sender_domain.ends_with(".azurecomm.net"), "{sender_domain}");
    let senders = arm
        .call(
            Method::GET,
            &format!("{email}/domains/AzureManagedDomain/senderUsernames"),
            None,
        )
        .await;
    assert_eq!(
        senders.body["value"][0]["properties"]["username"],
        "DoNotReply"
    );

    let keys = arm
        .call(Method::POST, &format!("{service}/listKeys"), None)
        .await;
    let connection_string = keys.body["primaryConnectionString"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let sender = format!("DoNotReply@{sender_domain}");
    assert_eq!(
        send_status(&arm, &connection_string, &sender).await,
        (404, "DomainNotLinked".to_owned())
    );
    let domain_id = domain.id.unwrap_or_default();
    let linked = arm
        .call(
            Method::PATCH,
            &service,
            Some(json!({"properties": {"linkedDomains": [domain_id]}})),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    assert_eq!(send_status(&arm, &connection_string, &sender).await.0, 202);
    // Only registered sender usernames.
    let other = format!("alerts@{sender_domain}");
    assert_eq!(
        send_status(&arm, &connection_string, &other).await.1,
        "DomainNotLinked"
    );
    let created = arm
        .call(
            Method::PUT,
            &format!("{email}/domains/AzureManagedDomain/senderUsernames/alerts"),
            Some(json!({"properties": {"username": "alerts", "displayName": "Alerts"}})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(send_status(&arm, &connection_string, &other).await.0, 202);

    // A customer-managed domain must be verified first.
    let custom = format!("{email}/domains/contoso.com");
    arm.create(
        &custom,
        json!({"location": "global", "properties": {"domainManagement": "CustomerManaged"}}),
    )
    .await;
    let custom_id = format!("{}/emailServices/mail/domains/contoso.com", rg("rg"));
    let refused = arm
        .call(
            Method::PATCH,
            &service,
            Some(json!({"properties": {"linkedDomains": [custom_id]}})),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::BAD_REQUEST, "DomainNotVerified")
    );
    for kind in ["Domain", "SPF"] {
        let started = arm
            .call(
                Method::POST,
                &format!("{custom}/initiateVerification"),
                Some(json!({"verificationType": kind})),
            )
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED);
        assert!(started.header("location").is_some());
    }
    let requested = arm.call(Method::GET, &custom, None).await;
    assert_eq!(
        requested.body["properties"]["verificationStates"]["SPF"]["status"],
        "VerificationRequested"
    );
    arm.clock.advance(TimeDelta::seconds(1));
    let verified = arm.call(Method::GET, &custom, None).await;
    assert_eq!(
        verified.body["properties"]["verificationStates"]["Domain"]["status"],
        "Verified"
    );
    let linked = arm
        .call(
            Method::PATCH,
            &service,
            Some(json!({"properties": {"linkedDomains": [custom_id]}})),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    assert_eq!(
        send_status(&arm, &connection_string, "DoNotReply@contoso.com")
            .await
            .0,
        202
    );
    // Deleting the email service removes its domains and unlinks them.
    arm.call(Method::DELETE, &email, None).await;
    arm.clock.advance(TimeDelta::seconds(1));
    assert_eq!(
        arm.call(Method::GET, &service, None).await.body["properties"]["linkedDomains"],
        json!([])
    );
    assert_eq!(
        send_status(&arm, &connection_string, "DoNotReply@contoso.com")
            .await
            .1,
        "DomainNotLinked"
    );
    Ok(())
}

#[tokio::test]
async fn arm_errors() -> TestResult {
    let arm = Arm::start().await;
    let path = format!("{}/communicationServices/errors", rg("rg"));
    let no_version = arm
        .call(
            Method::GET,
            &format!("{}{path}", arm.emulator.endpoint()),
            None,
        )
        .await;
    assert_eq!(
        (no_version.status, no_version.code()),
        (StatusCode::BAD_REQUEST, "MissingApiVersionParameter")
    );
    let bad_version = arm
        .call(Method::GET, &format!("{path}?api-version=1999-01-01"), None)
        .await;
    assert_eq!(bad_version.code(), "InvalidApiVersionParameter");
    let missing = arm
        .call(
            Method::PUT,
            &path,
            Some(json!({"location": "global", "properties": {}})),
        )
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::BAD_REQUEST, "InvalidRequestContent")
    );
    assert_eq!(missing.body["error"]["target"], "properties");
    let location = arm
        .call(
            Method::PUT,
            &path,
            Some(json!({"location": "westus", "properties": {"dataLocation": "Europe"}})),
        )
        .await;
    assert_eq!(location.code(), "LocationNotAvailableForResourceType");
    let data = arm
        .call(
            Method::PUT,
            &path,
            Some(json!({"location": "global", "properties": {"dataLocation": "Mars"}})),
        )
        .await;
    assert_eq!(data.body["error"]["target"], "properties.dataLocation");
    let name = arm
        .call(
            Method::PUT,
            &format!("{}/communicationServices/-bad-", rg("rg")),
            Some(service_body()),
        )
        .await;
    assert_eq!(name.code(), "InvalidResourceName");
    let unknown = arm
        .call(
            Method::GET,
            &format!("{}/storageAccounts/x", rg("rg")),
            None,
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "InvalidResourceType")
    );
    let method = arm.call(Method::POST, &path, None).await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    let orphan = arm
        .call(
            Method::PUT,
            &format!("{}/emailServices/none/domains/AzureManagedDomain", rg("rg")),
            Some(json!({"location": "global", "properties": {"domainManagement": "AzureManaged"}})),
        )
        .await;
    assert_eq!(
        (orphan.status, orphan.code()),
        (StatusCode::NOT_FOUND, "ParentResourceNotFound")
    );
    let check =
        format!("/subscriptions/{SUB}/providers/Microsoft.Communication/checkNameAvailability");
    let body = json!({"name": "errors", "type": "Microsoft.Communication/CommunicationServices"});
    assert_eq!(
        arm.call(Method::POST, &check, Some(body.clone()))
            .await
            .body["nameAvailable"],
        true
    );
    arm.create(&path, service_body()).await;
    let taken: rest::CheckNameAvailabilityResponse =
        serde_json::from_value(arm.call(Method::POST, &check, Some(body)).await.body)?;
    assert_eq!(taken.name_available, Some(false));
    assert_eq!(
        taken.reason,
        Some(rest::CheckNameAvailabilityReason::AlreadyExists)
    );
    let elsewhere = arm
        .call(
            Method::PUT,
            &format!("{}/communicationServices/errors", rg("other")),
            Some(service_body()),
        )
        .await;
    assert_eq!(
        (elsewhere.status, elsewhere.code()),
        (StatusCode::CONFLICT, "NameUnavailable")
    );
    assert!(elsewhere.header("x-ms-correlation-request-id").is_some());
    Ok(())
}
