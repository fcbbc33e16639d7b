//! The HTTP API: [`router`] and [`serve`].

use std::future::Future;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;

use crate::service::{AppState, InvalidTokenRequest, ServiceError, TokenRequest};

/// The largest request body accepted (a token request is a few dozen bytes).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The service's routes, over `state`:
///
/// | route | |
/// |---|---|
/// | `POST /token` | `{"scopes": [...], "expiresInMinutes"?: 60..1440}` → 200 `{"userId", "token", "expiresOn"}` |
/// | `DELETE /me` | revokes the tokens, deletes the ACS identity and the mapping → 204 |
/// | `GET /healthz` | 200 `{"status": "ok"}` when the database answers, else 503 |
///
/// `POST /token` and `DELETE /me` need `Authorization: Bearer <app API key>` (else 401).
/// Errors are `{"error": {"code", "message"}}`: 400 for a bad body, scope or lifetime
/// (checked before ACS is called), 401, 413 for a body over [`MAX_BODY_BYTES`], 502 with
/// `acsStatus`/`acsCode` when ACS fails, 500 when the database does.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/token", post(post_token))
        .route("/me", delete(delete_me))
        .route("/healthz", get(healthz))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Serves [`router`]`(state)` on `listener` until `shutdown` completes, then lets the open
/// requests finish.
///
/// # Errors
///
/// An I/O error of the listener.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// The body of `POST /token`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TokenBody {
    scopes: Vec<String>,
    #[serde(default)]
    expires_in_minutes: Option<i64>,
}

/// The answer of `POST /token`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenResponse<'a> {
    user_id: &'a str,
    token: &'a str,
    expires_on: String,
}

/// The app user a request is authenticated as (`Authorization: Bearer <api key>`).
struct AppUser(String);

impl FromRequestParts<AppState> for AppUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .and_then(|(_, key)| state.users().authenticate(key.trim()))
            .map(|user| Self(user.to_owned()))
            .ok_or_else(ApiError::unauthorized)
    }
}

async fn post_token(
    State(state): State<AppState>,
    AppUser(app_user): AppUser,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                "PayloadTooLarge",
                format!("the body must not exceed {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ApiError::bad_request("the request body cannot be read")
        }
    })?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            r#"a JSON body is required, e.g. {"scopes": ["chat", "voip"], "expiresInMinutes": 60}"#,
        ));
    }
    let body: TokenBody = serde_json::from_slice(&body)
        .map_err(|error| ApiError::bad_request(format!("invalid JSON body: {error}")))?;
    let request = TokenRequest::new(&body.scopes, body.expires_in_minutes)
        .map_err(|error: InvalidTokenRequest| ApiError::bad_request(error.to_string()))?;
    let issued = state
        .issue_token(&app_user, &request)
        .await
        .map_err(|error| ApiError::service(&app_user, &error))?;
    let body = TokenResponse {
        user_id: &issued.user_id,
        token: issued.token.expose_secret(),
        expires_on: issued.expires_on.to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    let mut response = Json(body).into_response();
    // A token is a credential: no cache may keep it.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn delete_me(
    State(state): State<AppState>,
    AppUser(app_user): AppUser,
) -> Result<StatusCode, ApiError> {
    state
        .delete_identity(&app_user)
        .await
        .map_err(|error| ApiError::service(&app_user, &error))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store().ping().await {
        Ok(_) => Json(json!({"status": "ok"})).into_response(),
        Err(error) => {
            tracing::error!(error = %acs_core::error_chain(&error), "health check: the database failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "NotFound",
        "no such route: use POST /token, DELETE /me or GET /healthz",
    )
}

/// An error answer: `{"error": {"code", "message", ...}}`.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    extra: Map<String, Value>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            extra: Map::new(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    /// Never says what key was sent, or whether one was.
    fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "a valid API key is required: send `Authorization: Bearer <api key>`",
        )
    }

    /// 502 with the ACS status and code for ACS failures, 500 for the rest. The details go to
    /// the log; the answer carries no token, key or connection string.
    fn service(app_user: &str, error: &ServiceError) -> Self {
        tracing::error!(app_user, error = %acs_core::error_chain(error), "request failed");
        let ServiceError::Acs(acs) = error else {
            return Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                "the service failed; see its log",
            );
        };
        use acs_identity::ErrorKind;
        let mut api = match acs.kind() {
            ErrorKind::Service { status, code, .. } => Self::new(
                StatusCode::BAD_GATEWAY,
                "AcsError",
                format!("Azure Communication Services answered {status} {code}"),
            ),
            ErrorKind::Transport | ErrorKind::Timeout => Self::new(
                StatusCode::BAD_GATEWAY,
                "AcsUnavailable",
                "Azure Communication Services could not be reached",
            ),
            ErrorKind::Decode | ErrorKind::UnexpectedResponse { .. } => Self::new(
                StatusCode::BAD_GATEWAY,
                "AcsError",
                "Azure Communication Services sent an unexpected answer",
            ),
            _ => Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                "the service failed; see its log",
            ),
        };
        if let Some(status) = acs.status() {
            api.extra.insert("acsStatus".to_owned(), json!(status));
        }
        if let Some(code) = acs.code() {
            api.extra.insert("acsCode".to_owned(), json!(code));
        }
        api
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = Map::new();
        error.insert("code".to_owned(), json!(self.code));
        error.insert("message".to_owned(), json!(self.message));
        error.extend(self.extra);
        let mut response = (self.status, Json(json!({ "error": error }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
