//! Error responses in the documented `{"error":{"code","message","target"?}}` shape.

use http::StatusCode;

use crate::request::Reply;

/// An error answer: status, service code, message and an optional target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) target: Option<String>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            target: None,
        }
    }

    pub(crate) fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    pub(crate) fn validation(target: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ValidationError", message).with_target(target)
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized", message)
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden", message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NotFound", message)
    }

    /// The body, built from the generated wire type (Identity's and Chat's are the same shape).
    pub(crate) fn body(&self) -> serde_json::Value {
        let error = acs_chat_rest::types::CommunicationErrorResponse {
            error: acs_chat_rest::types::CommunicationError {
                code: self.code.to_owned(),
                message: Some(self.message.clone()),
                target: self.target.clone(),
                details: Vec::new(),
                innererror: None,
            },
        };
        serde_json::to_value(error).unwrap_or_default()
    }
}

impl From<ApiError> for Reply {
    fn from(error: ApiError) -> Self {
        Reply::error(error.status, error.body())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_documented_shape() {
        let body = ApiError::validation("ExpiresInMinutes", "bad").body();
        assert_eq!(
            body,
            serde_json::json!({"error": {"code": "ValidationError", "message": "bad", "target": "ExpiresInMinutes"}})
        );
        let body = ApiError::not_found("gone").body();
        assert_eq!(
            body,
            serde_json::json!({"error": {"code": "NotFound", "message": "gone"}})
        );
    }
}
