//! Errors in the Azure Resource Manager shape:
//! `{"error":{"code","message","target"?}}`, with a `WWW-Authenticate` challenge
//! on 401.

use http::StatusCode;

use crate::request::Reply;

use super::auth::ISSUER;

/// An ARM error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArmError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) target: Option<String>,
    /// Set on 401: the `error_description` of the `WWW-Authenticate` challenge.
    pub(crate) challenge: Option<&'static str>,
}

impl ArmError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            target: None,
            challenge: None,
        }
    }

    pub(crate) fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    pub(crate) fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// A 400 about one field of the body.
    pub(crate) fn invalid(target: &str, message: impl Into<String>) -> Self {
        Self::bad_request("InvalidRequestContent", message).with_target(target)
    }

    /// A 401 with a challenge naming the development issuer.
    pub(crate) fn unauthorized(code: &'static str, description: &'static str) -> Self {
        Self {
            challenge: Some(description),
            ..Self::new(StatusCode::UNAUTHORIZED, code, description)
        }
    }

    pub(crate) fn not_found(kind: &str, name: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            format!("The {kind} '{name}' was not found."),
        )
    }

    pub(crate) fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// The body, from the generated `ErrorResponse`.
    pub(crate) fn body(&self) -> serde_json::Value {
        super::wire::error(self.code, &self.message, self.target.as_deref())
    }
}

impl From<ArmError> for Reply {
    fn from(error: ArmError) -> Self {
        let reply = Reply::error(error.status, error.body());
        match error.challenge {
            Some(description) => reply.with_header(
                "www-authenticate",
                format!(
                    "Bearer authorization_uri=\"{ISSUER}\", error=\"invalid_token\", error_description=\"{description}\""
                ),
            ),
            None => reply,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_arm_shape() {
        let body = ArmError::invalid("location", "The location is required.").body();
        assert_eq!(
            body,
            serde_json::json!({"error": {
                "code": "InvalidRequestContent",
                "message": "The location is required.",
                "target": "location",
            }})
        );
    }

    #[test]
    fn unauthorized_carries_a_challenge() {
        let reply: Reply = ArmError::unauthorized("InvalidAuthenticationToken", "expired").into();
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        let (_, challenge) = reply
            .headers
            .iter()
            .find(|(name, _)| *name == "www-authenticate")
            .cloned()
            .unwrap_or_default();
        assert!(
            challenge.starts_with("Bearer authorization_uri=\"https://login.acs-emulator.local/\"")
        );
        assert!(challenge.contains("error_description=\"expired\""));
    }
}
