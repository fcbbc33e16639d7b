//! Every Identity operation through the generated client.

#![allow(
    clippy::disallowed_methods,
    reason = "compares token expiries with an emulator on the system clock"
)]

use acs_identity_rest::API_VERSION;
use acs_identity_rest::types::{
    CommunicationIdentityAccessTokenRequest, CommunicationIdentityCreateRequest,
    CommunicationIdentityTokenScope as Scope, TeamsExtensionAssignmentCreateOrUpdateRequest,
    TeamsExtensionPrincipalType, TeamsUserExchangeTokenRequest,
};
use chrono::{TimeDelta, Utc};

use crate::common::{TestResult, chat, entra_token, failure, identity, start, user};

#[tokio::test]
async fn create_issue_revoke_delete() -> TestResult {
    let emulator = start().await;
    let client = identity(&emulator);

    // Without a body: an identity and no token.
    let created = client
        .identity_operations_create()
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(created.status().as_u16(), 201);
    let created = created.into_inner();
    let id = created.identity.id;
    assert!(
        id.starts_with(&format!("8:acs:{}_", emulator.resource_id())),
        "{id}"
    );
    assert!(created.access_token.is_none());

    // With scopes and a lifetime.
    let before = Utc::now();
    let with_token = client
        .identity_operations_create()
        .api_version(API_VERSION)
        .body(CommunicationIdentityCreateRequest {
            create_token_with_scopes: vec![Scope::Chat, Scope::Voip],
            expires_in_minutes: Some(60),
        })
        .send()
        .await?
        .into_inner();
    let token = with_token.access_token.ok_or("no token")?;
    let lifetime = token.expires_on - before;
    assert!(
        lifetime > TimeDelta::minutes(59) && lifetime <= TimeDelta::minutes(61),
        "{lifetime}"
    );
    let parsed = acs_auth::AccessToken::from_jwt(token.token.clone())?;
    assert_eq!(parsed.expires_on.timestamp(), token.expires_on.timestamp());

    // Issue: default lifetime 24 h.
    let issued = client
        .identity_operations_issue_access_token()
        .id(&id)
        .api_version(API_VERSION)
        .body(CommunicationIdentityAccessTokenRequest {
            scopes: vec![Scope::Chat],
            expires_in_minutes: None,
        })
        .send()
        .await?;
    assert_eq!(issued.status().as_u16(), 200);
    let issued = issued.into_inner();
    assert!(issued.expires_on - Utc::now() > TimeDelta::minutes(1430));

    // The token works for chat until revoked.
    let chat_client = chat(&emulator, &issued.token);
    chat_client
        .chat_list_chat_threads()
        .api_version(acs_chat_rest::API_VERSION)
        .send()
        .await?;
    let revoked = client
        .identity_operations_revoke_access_tokens()
        .id(&id)
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(revoked.status().as_u16(), 204);
    let result = chat_client
        .chat_list_chat_threads()
        .api_version(acs_chat_rest::API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result), (401, "Unauthorized".to_owned()));

    // A token issued after the revocation works; deleting the identity revokes it too.
    let fresh = client
        .identity_operations_issue_access_token()
        .id(&id)
        .api_version(API_VERSION)
        .body(CommunicationIdentityAccessTokenRequest {
            scopes: vec![Scope::Chat],
            expires_in_minutes: Some(1440),
        })
        .send()
        .await?
        .into_inner();
    let fresh_chat = chat(&emulator, &fresh.token);
    fresh_chat
        .chat_list_chat_threads()
        .api_version(acs_chat_rest::API_VERSION)
        .send()
        .await?;
    let deleted = client
        .identity_operations_delete()
        .id(&id)
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(deleted.status().as_u16(), 204);
    let result = fresh_chat
        .chat_list_chat_threads()
        .api_version(acs_chat_rest::API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result).0, 401);

    // A deleted identity gets no new tokens, and cannot be deleted again.
    let result = client
        .identity_operations_issue_access_token()
        .id(&id)
        .api_version(API_VERSION)
        .body(CommunicationIdentityAccessTokenRequest {
            scopes: vec![Scope::Chat],
            expires_in_minutes: None,
        })
        .send()
        .await;
    assert_eq!(failure(result), (401, "IdentityNotOwned".to_owned()));
    let result = client
        .identity_operations_delete()
        .id(&id)
        .api_version(API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result), (401, "IdentityNotOwned".to_owned()));
    emulator.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn lifetimes_and_scopes_are_validated() -> TestResult {
    let emulator = start().await;
    let client = identity(&emulator);
    for minutes in [59, 1441, -1] {
        let result = client
            .identity_operations_create()
            .api_version(API_VERSION)
            .body(CommunicationIdentityCreateRequest {
                create_token_with_scopes: vec![Scope::Chat],
                expires_in_minutes: Some(minutes),
            })
            .send()
            .await;
        let Err(acs_identity_rest::Error::ErrorResponse(response)) = result else {
            panic!("{minutes}: expected 400");
        };
        assert_eq!(response.status().as_u16(), 400);
        let error = response.into_inner().error;
        assert_eq!(error.code, "ValidationError");
        assert_eq!(error.target.as_deref(), Some("ExpiresInMinutes"));
        let message = error.message.unwrap_or_default();
        assert!(message.contains("[60, 1440]"), "{message}");
    }
    for minutes in [60, 1440] {
        user(&client, &["chat"]).await;
        client
            .identity_operations_create()
            .api_version(API_VERSION)
            .body(CommunicationIdentityCreateRequest {
                create_token_with_scopes: vec![Scope::VoipJoin],
                expires_in_minutes: Some(minutes),
            })
            .send()
            .await?;
    }
    let (id, _) = user(&client, &[]).await;
    let result = client
        .identity_operations_issue_access_token()
        .id(&id)
        .api_version(API_VERSION)
        .body(CommunicationIdentityAccessTokenRequest {
            scopes: vec![Scope::from("chat.everything")],
            expires_in_minutes: None,
        })
        .send()
        .await;
    assert_eq!(failure(result), (400, "ValidationError".to_owned()));
    let result = client
        .identity_operations_issue_access_token()
        .id("8:acs:another-resource_00000000-0000-0000-0000-000000000000")
        .api_version(API_VERSION)
        .body(CommunicationIdentityAccessTokenRequest {
            scopes: vec![Scope::Chat],
            expires_in_minutes: None,
        })
        .send()
        .await;
    assert_eq!(failure(result), (401, "IdentityNotOwned".to_owned()));
    Ok(())
}

#[tokio::test]
async fn teams_user_token_exchange() -> TestResult {
    let emulator = start().await;
    let client = identity(&emulator);
    let app_id = "11111111-1111-1111-1111-111111111111";
    let user_id = "22222222-2222-2222-2222-222222222222";
    let exp = (Utc::now() + TimeDelta::hours(1)).timestamp();
    let token =
        entra_token(serde_json::json!({"oid": user_id, "appid": app_id, "tid": "t", "exp": exp}));
    let exchange = |token: String, app_id: &str, user_id: &str| {
        client
            .teams_user_operations_exchange_teams_user_access_token()
            .api_version(API_VERSION)
            .body(TeamsUserExchangeTokenRequest {
                token,
                app_id: app_id.to_owned(),
                user_id: user_id.to_owned(),
            })
            .send()
    };
    let exchanged = exchange(token.clone(), app_id, user_id).await?.into_inner();
    assert_eq!(exchanged.expires_on.timestamp(), exp);
    // The token identifies the Teams user and works for chat.
    let teams_chat = chat(&emulator, &exchanged.token);
    teams_chat
        .chat_list_chat_threads()
        .api_version(acs_chat_rest::API_VERSION)
        .send()
        .await?;

    let other_user = "33333333-3333-3333-3333-333333333333";
    let (status, code) = failure(exchange(token.clone(), app_id, other_user).await);
    assert_eq!((status, code.as_str()), (400, "ValidationError"));
    let (status, _) = failure(exchange(token.clone(), other_user, user_id).await);
    assert_eq!(status, 400);
    let (status, _) = failure(exchange(token.clone(), "not-a-guid", user_id).await);
    assert_eq!(status, 400);
    let expired = entra_token(
        serde_json::json!({"oid": user_id, "appid": app_id, "exp": Utc::now().timestamp() - 10}),
    );
    assert_eq!(
        failure(exchange(expired, app_id, user_id).await),
        (401, "InvalidAccessToken".to_owned())
    );
    assert_eq!(
        failure(exchange("garbage".to_owned(), app_id, user_id).await),
        (401, "InvalidAccessToken".to_owned())
    );
    Ok(())
}

#[tokio::test]
async fn teams_extension_assignments_and_exchange() -> TestResult {
    let emulator = start().await;
    let client = identity(&emulator);
    let (tenant, object, app) = ("tenant-1", "object-1", "app-1");
    let upsert = |client_ids: Vec<String>| {
        client
            .teams_extension_operations_upsert_assignment()
            .tenant_id(tenant)
            .object_id(object)
            .api_version(API_VERSION)
            .body(TeamsExtensionAssignmentCreateOrUpdateRequest {
                principal_type: TeamsExtensionPrincipalType::User,
                client_ids,
            })
            .send()
    };
    let created = upsert(vec!["other-app".to_owned()]).await?;
    assert_eq!(created.status().as_u16(), 201);
    let updated = upsert(vec![app.to_owned()]).await?;
    assert_eq!(updated.status().as_u16(), 200);
    let stored = client
        .teams_extension_operations_get_assignment()
        .tenant_id(tenant)
        .object_id(object)
        .api_version(API_VERSION)
        .send()
        .await?
        .into_inner();
    assert_eq!(
        (stored.tenant_id.as_str(), stored.object_id.as_str()),
        (tenant, object)
    );
    assert_eq!(stored.client_ids, [app]);
    assert_eq!(stored.principal_type, TeamsExtensionPrincipalType::User);

    // The exchange is authenticated with the Teams user's Entra token.
    let entra = entra_token(
        serde_json::json!({"tid": tenant, "oid": object, "appid": app,
        "exp": (Utc::now() + TimeDelta::hours(1)).timestamp()}),
    );
    let exchange_client = {
        let pipeline = acs_core::Pipeline::builder()
            .auth(std::sync::Arc::new(crate::auth::StaticBearer(entra)))
            .build();
        acs_identity_rest::Client::new_with_client(
            emulator.endpoint(),
            pipeline.http_client().clone(),
            pipeline,
        )
    };
    let exchanged = exchange_client
        .teams_extension_operations_exchange_token()
        .api_version(API_VERSION)
        .body(serde_json::Map::new())
        .send()
        .await?
        .into_inner();
    assert_eq!(
        exchanged.identity.id,
        format!("8:acs:{}_{tenant}_{object}", emulator.resource_id())
    );
    assert!(exchanged.access_token.is_some());

    let deleted = client
        .teams_extension_operations_delete_assignment()
        .tenant_id(tenant)
        .object_id(object)
        .api_version(API_VERSION)
        .send()
        .await?;
    assert_eq!(deleted.status().as_u16(), 204);
    let result = client
        .teams_extension_operations_get_assignment()
        .tenant_id(tenant)
        .object_id(object)
        .api_version(API_VERSION)
        .send()
        .await;
    assert_eq!(failure(result), (404, "NotFound".to_owned()));
    let result = exchange_client
        .teams_extension_operations_exchange_token()
        .api_version(API_VERSION)
        .body(serde_json::Map::new())
        .send()
        .await;
    assert_eq!(failure(result).0, 403);
    Ok(())
}
