//! Wire types of `acs-identity-rest` to and from this crate's models.

use acs_core::{Error, ErrorKind, Result};
use acs_identity_rest::types as wire;

use crate::models::{
    AccessToken, CommunicationIdentifier, CommunicationTokenScope, CommunicationUserIdentifier,
    CommunicationUserIdentifierAndToken, TeamsExtensionAssignment, TeamsExtensionPrincipalType,
    TeamsExtensionUserAndToken,
};

/// Scopes as they go on the wire.
pub(crate) fn scopes_to_wire(
    scopes: &[CommunicationTokenScope],
) -> Vec<wire::CommunicationIdentityTokenScope> {
    scopes
        .iter()
        .map(|scope| wire::CommunicationIdentityTokenScope::from(scope.as_str()))
        .collect()
}

/// A principal type as it goes on the wire.
pub(crate) fn principal_type_to_wire(
    principal_type: &TeamsExtensionPrincipalType,
) -> wire::TeamsExtensionPrincipalType {
    wire::TeamsExtensionPrincipalType::from(principal_type.as_str())
}

/// A token as the service returned it. `expiresOn` has already been parsed by the wire type
/// (RFC 3339 with `Z` or an offset and any number of fraction digits) and is kept as is; the
/// token text is not parsed (the service's word on the expiry is the one that counts).
pub(crate) fn access_token(token: wire::CommunicationIdentityAccessToken) -> AccessToken {
    AccessToken::new(token.token, token.expires_on)
}

/// A created user with the token that was asked for with it.
///
/// # Errors
///
/// [`ErrorKind::Decode`] when the service sent no token.
pub(crate) fn user_and_token(
    result: wire::CommunicationIdentityAccessTokenResult,
) -> Result<CommunicationUserIdentifierAndToken> {
    let token = result.access_token.ok_or_else(missing_token)?;
    Ok(CommunicationUserIdentifierAndToken {
        user: CommunicationUserIdentifier::new(result.identity.id),
        access_token: access_token(token),
    })
}

/// The identity and token of a Teams Phone extension exchange.
///
/// # Errors
///
/// [`ErrorKind::Decode`] when the service sent no token.
pub(crate) fn teams_extension_user_and_token(
    result: wire::CommunicationIdentityAccessTokenResult,
) -> Result<TeamsExtensionUserAndToken> {
    let token = result.access_token.ok_or_else(missing_token)?;
    Ok(TeamsExtensionUserAndToken {
        user: CommunicationIdentifier::from_raw_id(&result.identity.id),
        access_token: access_token(token),
    })
}

/// A stored Teams Phone extension assignment.
pub(crate) fn assignment(
    response: wire::TeamsExtensionAssignmentResponse,
) -> TeamsExtensionAssignment {
    TeamsExtensionAssignment {
        tenant_id: response.tenant_id,
        object_id: response.object_id,
        principal_type: TeamsExtensionPrincipalType::from(response.principal_type.as_str()),
        client_ids: response.client_ids,
    }
}

fn missing_token() -> Error {
    Error::new(
        ErrorKind::Decode,
        "the service returned the identity without the access token that was asked for",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire_token(expires_on: &str) -> wire::CommunicationIdentityAccessToken {
        serde_json::from_value(serde_json::json!({"token": "t", "expiresOn": expires_on}))
            .unwrap_or_else(|error| panic!("{expires_on}: {error}"))
    }

    #[test]
    fn expires_on_keeps_every_precision_the_service_sends() {
        let base = "2026-11-23T10:00:00";
        let cases = [
            ("Z", 0),
            ("+00:00", 0),
            (".0Z", 0),
            (".8+00:00", 800_000_000),
            (".81Z", 810_000_000),
            (".810+00:00", 810_000_000),
            (".8102+00:00", 810_200_000),
            (".95294Z", 952_940_000),
            (".952941+00:00", 952_941_000),
            (".0404706+00:00", 40_470_600),
            (".0404706Z", 40_470_600),
        ];
        for (suffix, nanos) in cases {
            let token = access_token(wire_token(&format!("{base}{suffix}")));
            assert_eq!(token.expires_on.timestamp(), 1_795_428_000, "{suffix}");
            assert_eq!(token.expires_on.timestamp_subsec_nanos(), nanos, "{suffix}");
        }
    }

    #[test]
    fn a_missing_token_is_a_decode_error() {
        let result: wire::CommunicationIdentityAccessTokenResult =
            serde_json::from_value(serde_json::json!({"identity": {"id": "8:acs:r_u"}}))
                .unwrap_or_else(|error| panic!("{error}"));
        let error = user_and_token(result.clone()).expect_err("no token");
        assert!(matches!(error.kind(), ErrorKind::Decode));
        assert!(teams_extension_user_and_token(result).is_err());
    }

    #[test]
    fn teams_extension_ids_parse_into_teams_extension_users() {
        let result: wire::CommunicationIdentityAccessTokenResult =
            serde_json::from_value(serde_json::json!({
                "identity": {"id": "8:acs:resource_tenant_user"},
                "accessToken": {"token": "t", "expiresOn": "2026-11-23T10:00:00Z"}
            }))
            .unwrap_or_else(|error| panic!("{error}"));
        let exchanged = teams_extension_user_and_token(result).unwrap_or_else(|e| panic!("{e}"));
        let CommunicationIdentifier::TeamsExtensionUser(user) = &exchanged.user else {
            panic!("{:?}", exchanged.user);
        };
        assert_eq!(user.tenant_id(), "tenant");
        assert_eq!(user.user_id(), "user");
        assert_eq!(user.resource_id(), "resource");
    }

    #[test]
    fn assignments_keep_unknown_principal_types() {
        let response: wire::TeamsExtensionAssignmentResponse =
            serde_json::from_value(serde_json::json!({
                "tenantId": "t", "objectId": "o", "principalType": "group"
            }))
            .unwrap_or_else(|error| panic!("{error}"));
        let assignment = assignment(response);
        assert_eq!(
            assignment.principal_type,
            TeamsExtensionPrincipalType::UnknownValue("group".to_owned())
        );
        assert!(assignment.client_ids.is_empty());
    }

    #[test]
    fn open_enums_reach_the_wire_unchanged() {
        let scopes = [
            CommunicationTokenScope::ChatJoinLimited,
            CommunicationTokenScope::UnknownValue("chat.read".to_owned()),
        ];
        let wire_scopes = scopes_to_wire(&scopes);
        assert_eq!(
            serde_json::to_value(&wire_scopes).unwrap_or_else(|error| panic!("{error}")),
            serde_json::json!(["chat.join.limited", "chat.read"])
        );
        let principal = principal_type_to_wire(&TeamsExtensionPrincipalType::ResourceAccount);
        assert_eq!(principal.as_str(), "resourceAccount");
    }
}
