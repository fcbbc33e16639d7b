//! Between the wire's `CommunicationIdentifierModel` and raw ids (acs-auth's identifiers).

use acs_auth::{
    CommunicationCloudEnvironment, CommunicationIdentifier, MicrosoftTeamsAppIdentifier,
    MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier,
};
use acs_chat_rest::types::{
    CommunicationCloudEnvironmentModel, CommunicationIdentifierModel,
    CommunicationUserIdentifierModel, MicrosoftTeamsAppIdentifierModel,
    MicrosoftTeamsUserIdentifierModel, PhoneNumberIdentifierModel,
    TeamsExtensionUserIdentifierModel,
};

fn cloud_of(model: Option<&CommunicationCloudEnvironmentModel>) -> CommunicationCloudEnvironment {
    model.map_or(CommunicationCloudEnvironment::Public, |cloud| {
        CommunicationCloudEnvironment::from(cloud.as_str())
    })
}

fn cloud_model(cloud: &CommunicationCloudEnvironment) -> CommunicationCloudEnvironmentModel {
    CommunicationCloudEnvironmentModel::from(cloud.as_str())
}

/// The raw id a request's identifier stands for: its `rawId`, or one made from the kind's fields.
pub(crate) fn raw_id_of(model: &CommunicationIdentifierModel) -> Option<String> {
    if let Some(raw_id) = model.raw_id.as_deref().filter(|raw| !raw.is_empty()) {
        return Some(raw_id.to_owned());
    }
    if let Some(user) = &model.communication_user {
        return Some(user.id.clone());
    }
    if let Some(phone) = &model.phone_number {
        return Some(
            PhoneNumberIdentifier::new(phone.value.clone())
                .raw_id()
                .to_owned(),
        );
    }
    if let Some(user) = &model.microsoft_teams_user {
        let id = MicrosoftTeamsUserIdentifier::new(
            user.user_id.clone(),
            user.is_anonymous.unwrap_or(false),
            cloud_of(user.cloud.as_ref()),
        );
        return Some(id.raw_id().to_owned());
    }
    if let Some(app) = &model.microsoft_teams_app {
        let id = MicrosoftTeamsAppIdentifier::new(app.app_id.clone(), cloud_of(app.cloud.as_ref()));
        return Some(id.raw_id().to_owned());
    }
    if let Some(user) = &model.teams_extension_user {
        let id = TeamsExtensionUserIdentifier::new(
            user.user_id.clone(),
            user.tenant_id.clone(),
            user.resource_id.clone(),
            cloud_of(user.cloud.as_ref()),
        );
        return Some(id.raw_id().to_owned());
    }
    None
}

/// The identifier as the service writes it in responses: `rawId` plus the kind's property,
/// and no `kind` (no recording of any version shows one).
pub(crate) fn identifier_model(raw_id: &str) -> CommunicationIdentifierModel {
    let mut model = CommunicationIdentifierModel {
        raw_id: Some(raw_id.to_owned()),
        ..Default::default()
    };
    match CommunicationIdentifier::from_raw_id(raw_id) {
        CommunicationIdentifier::CommunicationUser(_) => {
            model.communication_user = Some(CommunicationUserIdentifierModel {
                id: raw_id.to_owned(),
            });
        }
        CommunicationIdentifier::PhoneNumber(phone) => {
            model.phone_number = Some(PhoneNumberIdentifierModel {
                value: phone.phone_number().to_owned(),
                is_anonymous: phone.is_anonymous().then_some(true),
                asserted_id: phone.asserted_id().map(str::to_owned),
            });
        }
        CommunicationIdentifier::MicrosoftTeamsUser(user) => {
            model.microsoft_teams_user = Some(MicrosoftTeamsUserIdentifierModel {
                user_id: user.user_id().to_owned(),
                is_anonymous: user.is_anonymous().then_some(true),
                cloud: Some(cloud_model(user.cloud())),
            });
        }
        CommunicationIdentifier::MicrosoftTeamsApp(app) => {
            model.microsoft_teams_app = Some(MicrosoftTeamsAppIdentifierModel {
                app_id: app.app_id().to_owned(),
                cloud: Some(cloud_model(app.cloud())),
            });
        }
        CommunicationIdentifier::TeamsExtensionUser(user) => {
            model.teams_extension_user = Some(TeamsExtensionUserIdentifierModel {
                user_id: user.user_id().to_owned(),
                tenant_id: user.tenant_id().to_owned(),
                resource_id: user.resource_id().to_owned(),
                cloud: Some(cloud_model(user.cloud())),
            });
        }
        _ => {}
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

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
