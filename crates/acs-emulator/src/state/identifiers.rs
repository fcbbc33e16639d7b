//! Between the wire's `CommunicationIdentifierModel` and raw ids, through the one conversion
//! that lives with the wire types (`acs_chat_rest::identifier`).

use acs_auth::CommunicationIdentifier;
use acs_chat_rest::types::CommunicationIdentifierModel;

/// The raw id a request's identifier stands for: its `rawId`, or one made from the kind's
/// fields; `None` for an identifier that names nothing.
pub(crate) fn raw_id_of(model: &CommunicationIdentifierModel) -> Option<String> {
    let raw_id = acs_chat_rest::identifier::to_identifier(model)
        .raw_id()
        .to_owned();
    (!raw_id.is_empty()).then_some(raw_id)
}

/// The identifier as the service writes it in responses: `rawId` plus the kind's property,
/// and no `kind` (no recording of any version shows one).
pub(crate) fn identifier_model(raw_id: &str) -> CommunicationIdentifierModel {
    CommunicationIdentifierModel::from(&CommunicationIdentifier::from_raw_id(raw_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_chat_rest::types::{
        CommunicationUserIdentifierModel, MicrosoftTeamsUserIdentifierModel,
    };

    #[test]
    fn acs_users_round_trip_without_kind() {
        let model = identifier_model("8:acs:res_00000000-0000-0000-0000-000000000001");
        let json = serde_json::to_value(&model).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "rawId": "8:acs:res_00000000-0000-0000-0000-000000000001",
                "communicationUser": {"id": "8:acs:res_00000000-0000-0000-0000-000000000001"}
            })
        );
        assert_eq!(
            raw_id_of(&model).as_deref(),
            Some("8:acs:res_00000000-0000-0000-0000-000000000001")
        );
    }

    #[test]
    fn raw_ids_are_made_from_fields() {
        let model = CommunicationIdentifierModel {
            microsoft_teams_user: Some(MicrosoftTeamsUserIdentifierModel {
                user_id: "u".to_owned(),
                is_anonymous: None,
                cloud: None,
            }),
            ..Default::default()
        };
        assert_eq!(raw_id_of(&model).as_deref(), Some("8:orgid:u"));
        let model = CommunicationIdentifierModel {
            communication_user: Some(CommunicationUserIdentifierModel {
                id: "8:acs:x_y".to_owned(),
            }),
            ..Default::default()
        };
        assert_eq!(raw_id_of(&model).as_deref(), Some("8:acs:x_y"));
        assert_eq!(raw_id_of(&CommunicationIdentifierModel::default()), None);
    }
}
