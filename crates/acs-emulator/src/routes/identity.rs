//! Identity: identities and tokens (HMAC-authenticated), the Teams user token exchange, and
//! Teams Phone extension assignments and token exchange.

use acs_auth::hmac::{ReceivedRequest, verify};
use acs_identity_rest::types::{
    CommunicationIdentity, CommunicationIdentityAccessToken,
    CommunicationIdentityAccessTokenRequest, CommunicationIdentityAccessTokenResult,
    CommunicationIdentityCreateRequest, CommunicationIdentityTokenScope,
    TeamsExtensionAssignmentCreateOrUpdateRequest, TeamsExtensionAssignmentResponse,
    TeamsUserExchangeTokenRequest,
};
use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use chrono::{DateTime, TimeDelta, Utc};
use http::StatusCode;
use serde_json::{Map, Value};

use crate::api_error::ApiError;
use crate::dates::identity_expires_on;
use crate::request::{Reply, RequestContext, into_reply};
use crate::router::Route;
use crate::state::State;
use crate::versions::{IDENTITY_TEAMS_EXTENSION_SINCE, at_least};

/// Token lifetime bounds and default, in minutes.
const MIN_EXPIRY_MINUTES: i32 = 60;
const MAX_EXPIRY_MINUTES: i32 = 1440;

pub(super) fn handle(state: &State, ctx: &RequestContext, route: Route, version: &str) -> Reply {
    into_reply(handle_route(state, ctx, route, version))
}

fn handle_route(
    state: &State,
    ctx: &RequestContext,
    route: Route,
    version: &str,
) -> Result<Reply, ApiError> {
    let teams_extension = matches!(
        route,
        Route::TeamsExtensionExchange
            | Route::AssignmentGet { .. }
            | Route::AssignmentUpsert { .. }
            | Route::AssignmentDelete { .. }
    );
    if teams_extension && !at_least(version, IDENTITY_TEAMS_EXTENSION_SINCE) {
        return Err(ApiError::not_found(format!(
            "This operation is not available at api-version '{version}'."
        )));
    }
    // The Teams Phone exchange is authenticated with the Teams user's Entra token instead.
    if route != Route::TeamsExtensionExchange {
        authenticate(state, ctx)?;
    }
    match route {
        Route::IdentityCreate => create(state, ctx),
        Route::IdentityDelete { id } => {
            owned(state, &id)?;
            state.identities.delete(&id);
            Ok(Reply::empty(StatusCode::NO_CONTENT))
        }
        Route::IdentityIssueAccessToken { id } => issue_access_token(state, ctx, &id),
        Route::IdentityRevokeAccessTokens { id } => {
            owned(state, &id)?;
            state.identities.revoke(&id);
            Ok(Reply::empty(StatusCode::NO_CONTENT))
        }
        Route::TeamsUserExchange => exchange_teams_user_token(state, ctx),
        Route::TeamsExtensionExchange => exchange_teams_extension_token(state, ctx),
        Route::AssignmentGet {
            tenant_id,
            object_id,
        } => state
            .identities
            .assignment(&tenant_id, &object_id)
            .map(|assignment| Reply::wire(StatusCode::OK, &assignment))
            .ok_or_else(|| ApiError::not_found("The assignment was not found.")),
        Route::AssignmentUpsert {
            tenant_id,
            object_id,
        } => {
            let request: TeamsExtensionAssignmentCreateOrUpdateRequest = ctx.required_json()?;
            let assignment = TeamsExtensionAssignmentResponse {
                object_id,
                tenant_id,
                principal_type: request.principal_type,
                client_ids: request.client_ids,
            };
            let created = state.identities.upsert_assignment(assignment.clone());
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok(Reply::wire(status, &assignment))
        }
        Route::AssignmentDelete {
            tenant_id,
            object_id,
        } => {
            state.identities.delete_assignment(&tenant_id, &object_id);
            Ok(Reply::empty(StatusCode::NO_CONTENT))
        }
        _ => Err(ApiError::not_found("Unknown operation.")),
    }
}

/// The audiences of the Entra ID tokens that may authenticate Identity and Email requests.
const COMMUNICATION_AUDIENCES: [&str; 2] = [
    "https://communication.azure.com",
    "https://communication.azure.com/",
];

/// Checks the HMAC-SHA256 signature against the request exactly as received, or, for a bearer
/// token, that it is an unexpired Entra ID token for Azure Communication Services (its claims
/// only: the emulator has no Entra ID to check a signature against).
pub(super) fn authenticate(state: &State, ctx: &RequestContext) -> Result<(), ApiError> {
    if let Some(token) = ctx.bearer_token() {
        let claims = entra_claims(token)?;
        entra_expiry(&claims, state.clock.now())?;
        return match claim(&claims, &["aud"]) {
            Some(audience) if COMMUNICATION_AUDIENCES.contains(&audience) => Ok(()),
            _ => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "InvalidAccessToken",
                "The Entra ID token is not for https://communication.azure.com.",
            )),
        };
    }
    let request = ReceivedRequest {
        method: ctx.method.as_str(),
        path_and_query: &ctx.raw_target,
        host: &ctx.host,
        x_ms_date: ctx.header("x-ms-date"),
        x_ms_content_sha256: ctx.header("x-ms-content-sha256"),
        authorization: ctx.header(http::header::AUTHORIZATION),
        body: &ctx.body,
    };
    let now = state.clock.now();
    verify(&request, &state.access_key, now, state.max_clock_skew)
        .or_else(|rejection| {
            // Or a key of a communication service created through the ARM surface.
            let keys = state.arm.data_plane_keys(now);
            keys.iter()
                .find_map(|key| verify(&request, key, now, state.max_clock_skew).ok())
                .ok_or(rejection)
        })
        .map_err(|rejection| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Denied",
                format!("HMAC authentication failed: {rejection}."),
            )
        })
}

/// Fails as the service does (401 `IdentityNotOwned`) for an identity this resource does not
/// have: unknown, deleted, or another resource's.
fn owned(state: &State, id: &str) -> Result<u64, ApiError> {
    state.identities.generation(id).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "IdentityNotOwned",
            "Provided identity doesn't belong to the resource.",
        )
    })
}

fn expiry_minutes(requested: Option<i32>) -> Result<i32, ApiError> {
    match requested {
        None => Ok(MAX_EXPIRY_MINUTES),
        Some(minutes) if (MIN_EXPIRY_MINUTES..=MAX_EXPIRY_MINUTES).contains(&minutes) => {
            Ok(minutes)
        }
        Some(minutes) => Err(ApiError::validation(
            "ExpiresInMinutes",
            format!(
                "ExpiresInMinutes value {minutes} is invalid. Value must be within the [{MIN_EXPIRY_MINUTES}, {MAX_EXPIRY_MINUTES}] interval."
            ),
        )),
    }
}

fn scope_names<'a>(
    scopes: &'a [CommunicationIdentityTokenScope],
    target: &str,
) -> Result<Vec<&'a str>, ApiError> {
    if scopes.is_empty() {
        return Err(ApiError::validation(
            target,
            "At least one scope is required.",
        ));
    }
    scopes
        .iter()
        .map(|scope| match scope {
            CommunicationIdentityTokenScope::UnknownValue(value) => Err(ApiError::validation(
                target,
                format!("Scope '{value}' is not valid."),
            )),
            known => Ok(known.as_str()),
        })
        .collect()
}

/// A token and its identity wire form (`expiresOn` written the service's way).
fn token_json(token: String, expires_on: DateTime<Utc>) -> Value {
    let wire = CommunicationIdentityAccessToken { token, expires_on };
    let mut json = serde_json::to_value(wire).unwrap_or_default();
    if let Some(object) = json.as_object_mut() {
        object.insert(
            "expiresOn".to_owned(),
            Value::String(identity_expires_on(expires_on)),
        );
    }
    json
}

fn issue(
    state: &State,
    raw_id: &str,
    scopes: &[&str],
    generation: u64,
    expires_on: DateTime<Utc>,
) -> Value {
    let token = state
        .tokens
        .issue(raw_id, scopes, generation, state.clock.now(), expires_on);
    token_json(token, expires_on)
}

fn create(state: &State, ctx: &RequestContext) -> Result<Reply, ApiError> {
    let request: CommunicationIdentityCreateRequest = ctx.json(true)?;
    let token = if request.create_token_with_scopes.is_empty() {
        None
    } else {
        let scopes = scope_names(&request.create_token_with_scopes, "createTokenWithScopes")?;
        let minutes = expiry_minutes(request.expires_in_minutes)?;
        Some((scopes, minutes))
    };
    let id = crate::ids::user_id(&state.resource_id);
    state.identities.create(&id);
    let result = CommunicationIdentityAccessTokenResult {
        identity: CommunicationIdentity { id: id.clone() },
        access_token: None,
    };
    let mut json = serde_json::to_value(result).unwrap_or_default();
    if let (Some((scopes, minutes)), Some(object)) = (token, json.as_object_mut()) {
        let expires_on = state.clock.now() + TimeDelta::minutes(i64::from(minutes));
        object.insert(
            "accessToken".to_owned(),
            issue(state, &id, &scopes, 0, expires_on),
        );
    }
    Ok(Reply::json(StatusCode::CREATED, json))
}

fn issue_access_token(state: &State, ctx: &RequestContext, id: &str) -> Result<Reply, ApiError> {
    let generation = owned(state, id)?;
    let request: CommunicationIdentityAccessTokenRequest = ctx.required_json()?;
    let scopes = scope_names(&request.scopes, "scopes")?;
    let minutes = expiry_minutes(request.expires_in_minutes)?;
    let expires_on = state.clock.now() + TimeDelta::minutes(i64::from(minutes));
    Ok(Reply::json(
        StatusCode::OK,
        issue(state, id, &scopes, generation, expires_on),
    ))
}

/// The claims of an Entra ID token, read without checking its signature (the emulator has no
/// Entra ID to ask).
fn entra_claims(token: &str) -> Result<Map<String, Value>, ApiError> {
    const BASE64URL: GeneralPurpose = GeneralPurpose::new(
        &URL_SAFE,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let invalid = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAccessToken",
            "Provided access token is not valid.",
        )
    };
    let payload = token.trim().split('.').nth(1).ok_or_else(invalid)?;
    let bytes = BASE64URL.decode(payload).map_err(|_| invalid())?;
    serde_json::from_slice(&bytes).map_err(|_| invalid())
}

fn claim<'a>(claims: &'a Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|name| claims.get(*name).and_then(Value::as_str))
}

/// The `exp` of an Entra token, when it is still valid at `now`.
fn entra_expiry(
    claims: &Map<String, Value>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ApiError> {
    let expires_on = claims
        .get("exp")
        .and_then(Value::as_i64)
        .and_then(|exp| DateTime::from_timestamp(exp, 0))
        .unwrap_or(now + TimeDelta::hours(1));
    if expires_on <= now {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAccessToken",
            "Provided access token is not valid.",
        ));
    }
    Ok(expires_on.min(now + TimeDelta::minutes(i64::from(MAX_EXPIRY_MINUTES))))
}

fn exchange_teams_user_token(state: &State, ctx: &RequestContext) -> Result<Reply, ApiError> {
    let request: TeamsUserExchangeTokenRequest = ctx.required_json()?;
    if uuid::Uuid::parse_str(&request.app_id).is_err() {
        return Err(ApiError::validation(
            "appId",
            "Provided AppId has invalid format.",
        ));
    }
    if uuid::Uuid::parse_str(&request.user_id).is_err() {
        return Err(ApiError::validation(
            "userId",
            "Provided UserId has invalid format.",
        ));
    }
    let claims = entra_claims(&request.token)?;
    let now = state.clock.now();
    let expires_on = entra_expiry(&claims, now)?;
    if claim(&claims, &["oid"]) != Some(request.user_id.as_str()) {
        return Err(ApiError::validation(
            "userId",
            "Provided AAD token issued for unexpected user.",
        ));
    }
    if claim(&claims, &["appid", "azp"]) != Some(request.app_id.as_str()) {
        return Err(ApiError::validation(
            "appId",
            "Provided AAD token issued for unexpected application.",
        ));
    }
    let raw_id = format!("8:orgid:{}", request.user_id);
    Ok(Reply::json(
        StatusCode::OK,
        issue(state, &raw_id, &["chat", "voip"], 0, expires_on),
    ))
}

fn exchange_teams_extension_token(state: &State, ctx: &RequestContext) -> Result<Reply, ApiError> {
    let token = ctx.bearer_token().ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAccessToken",
            "An Entra ID token of the Teams user is required as a bearer token.",
        )
    })?;
    let claims = entra_claims(token)?;
    let now = state.clock.now();
    let expires_on = entra_expiry(&claims, now)?;
    let (Some(tenant_id), Some(object_id)) = (claim(&claims, &["tid"]), claim(&claims, &["oid"]))
    else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAccessToken",
            "Provided access token has no tid or oid claim.",
        ));
    };
    let assignment = state
        .identities
        .assignment(tenant_id, object_id)
        .ok_or_else(|| {
            ApiError::forbidden("No Teams Phone extension assignment exists for this user.")
        })?;
    let app_id = claim(&claims, &["appid", "azp"]).unwrap_or_default();
    if !assignment.client_ids.is_empty() && !assignment.client_ids.iter().any(|id| id == app_id) {
        return Err(ApiError::forbidden(
            "The assignment does not allow the application the token was issued for.",
        ));
    }
    let raw_id = crate::ids::teams_extension_user_id(&state.resource_id, tenant_id, object_id);
    let result = CommunicationIdentityAccessTokenResult {
        identity: CommunicationIdentity { id: raw_id.clone() },
        access_token: None,
    };
    let mut json = serde_json::to_value(result).unwrap_or_default();
    if let Some(object) = json.as_object_mut() {
        object.insert(
            "accessToken".to_owned(),
            issue(state, &raw_id, &["voip"], 0, expires_on),
        );
    }
    Ok(Reply::json(StatusCode::OK, json))
}
