//! Minting test tokens: user access tokens of this emulator with any scopes and expiry, and
//! Entra-style tokens for the Teams user and Teams Phone extension exchanges.

use acs_auth::CommunicationIdentifier;
use acs_identity_rest::types::CommunicationIdentityTokenScope;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::TimeDelta;
use http::StatusCode;
use serde::Deserialize;
use serde_json::json;

use crate::api_error::ApiError;
use crate::dates::identity_expires_on;
use crate::request::{Reply, RequestContext, into_reply};
use crate::state::State;

/// Expiries a mint request may ask for, in minutes: up to a year ahead, or up to a week in
/// the past (an already expired token, to test expiry handling).
const MIN_MINUTES: i64 = -7 * 24 * 60;
const MAX_MINUTES: i64 = 365 * 24 * 60;

/// The audience of the Teams user token exchange's Entra token.
const TEAMS_AUDIENCE: &str = "https://auth.msft.communication.azure.com";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UserTokenRequest {
    /// An existing identity; a new one is created when absent.
    identity: Option<String>,
    /// Default `["chat", "voip"]`.
    scopes: Option<Vec<String>>,
    /// Default 1440 (a day).
    expires_in_minutes: Option<i64>,
}

fn expiry(
    state: &State,
    minutes: Option<i64>,
    default: i64,
) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    let minutes = minutes.unwrap_or(default);
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        return Err(ApiError::validation(
            "expiresInMinutes",
            format!(
                "expiresInMinutes must be within [{MIN_MINUTES}, {MAX_MINUTES}], not {minutes}."
            ),
        ));
    }
    Ok(state.clock.now() + TimeDelta::minutes(minutes))
}

/// `POST /emulator/api/tokens`: a user access token of this emulator.
pub(super) fn user_token(state: &State, ctx: &RequestContext) -> Reply {
    into_reply(mint_user_token(state, ctx))
}

fn mint_user_token(state: &State, ctx: &RequestContext) -> Result<Reply, ApiError> {
    let request: UserTokenRequest = ctx.json(true)?;
    let scopes = request
        .scopes
        .unwrap_or_else(|| vec!["chat".to_owned(), "voip".to_owned()]);
    if scopes.is_empty() {
        return Err(ApiError::validation(
            "scopes",
            "At least one scope is required.",
        ));
    }
    if let Some(unknown) = scopes.iter().find(|scope| {
        matches!(
            CommunicationIdentityTokenScope::from(scope.as_str()),
            CommunicationIdentityTokenScope::UnknownValue(_)
        )
    }) {
        return Err(ApiError::validation(
            "scopes",
            format!("Scope '{unknown}' is not valid."),
        ));
    }
    let expires_on = expiry(state, request.expires_in_minutes, 1440)?;
    let (id, generation) = match request.identity {
        None => {
            let id = crate::ids::user_id(&state.resource_id);
            state.identities.create(&id);
            (id, 0)
        }
        Some(id) => {
            let is_acs_user = matches!(
                CommunicationIdentifier::from_raw_id(&id),
                CommunicationIdentifier::CommunicationUser(_)
            );
            let generation = if is_acs_user {
                state.identities.generation(&id).ok_or_else(|| {
                    ApiError::not_found(format!("No live identity with the id '{id}' exists."))
                        .with_target("identity")
                })?
            } else {
                // Teams users and others: tokens for them need no stored identity.
                0
            };
            (id, generation)
        }
    };
    let scope_refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let token = state
        .tokens
        .issue(&id, &scope_refs, generation, state.clock.now(), expires_on);
    Ok(Reply::json(
        StatusCode::OK,
        json!({
            "identity": { "id": id },
            "accessToken": { "token": token, "expiresOn": identity_expires_on(expires_on) },
            "scopes": scopes,
        }),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EntraTokenRequest {
    /// The user's object id (`oid`); default a new UUID.
    object_id: Option<String>,
    /// The tenant (`tid`); default a new UUID.
    tenant_id: Option<String>,
    /// The client application (`appid` and `azp`); default a new UUID.
    app_id: Option<String>,
    /// `aud`; default `https://auth.msft.communication.azure.com`.
    audience: Option<String>,
    /// `scp`; default `Teams.ManageCalls Teams.ManageChats`.
    scope: Option<String>,
    /// `upn`, when given.
    upn: Option<String>,
    /// Default 60.
    expires_in_minutes: Option<i64>,
}

fn uuid_field(value: Option<String>, target: &str) -> Result<String, ApiError> {
    match value {
        None => Ok(uuid::Uuid::new_v4().to_string()),
        Some(value) => uuid::Uuid::parse_str(&value)
            .map(|_| value.clone())
            .map_err(|_| {
                ApiError::validation(target, format!("{target} must be a UUID, not '{value}'."))
            }),
    }
}

/// `POST /emulator/api/entra-tokens`: an unsigned Entra-style JWT (`alg: none`) naming a Teams
/// user, which the emulator's Teams exchanges accept (it has no Entra ID to check a signature
/// against; the real service would refuse it).
pub(super) fn entra_token(state: &State, ctx: &RequestContext) -> Reply {
    into_reply(mint_entra_token(state, ctx))
}

fn mint_entra_token(state: &State, ctx: &RequestContext) -> Result<Reply, ApiError> {
    let request: EntraTokenRequest = ctx.json(true)?;
    let object_id = uuid_field(request.object_id, "objectId")?;
    let tenant_id = uuid_field(request.tenant_id, "tenantId")?;
    let app_id = uuid_field(request.app_id, "appId")?;
    let now = state.clock.now();
    let expires_on = expiry(state, request.expires_in_minutes, 60)?;
    let mut claims = json!({
        "aud": request.audience.unwrap_or_else(|| TEAMS_AUDIENCE.to_owned()),
        "iss": format!("https://sts.windows.net/{tenant_id}/"),
        "iat": now.timestamp(),
        "nbf": now.timestamp(),
        "exp": expires_on.timestamp(),
        "oid": object_id,
        "tid": tenant_id,
        "appid": app_id,
        "azp": app_id,
        "scp": request.scope.unwrap_or_else(|| "Teams.ManageCalls Teams.ManageChats".to_owned()),
        "ver": "1.0",
    });
    if let (Some(upn), Some(object)) = (request.upn, claims.as_object_mut()) {
        object.insert("upn".to_owned(), json!(upn));
    }
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(b"unsigned")
    );
    Ok(Reply::json(
        StatusCode::OK,
        json!({
            "token": token,
            "expiresOn": expires_on.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "claims": claims,
        }),
    ))
}
