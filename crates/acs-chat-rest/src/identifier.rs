//! Conversions between [`acs_auth::CommunicationIdentifier`] and the wire model
//! [`CommunicationIdentifierModel`] (hand-written; the only place where they are converted).
//!
//! Towards the service (requests), an identifier becomes its `rawId` plus the one nested object
//! of its kind, the way the peer SDKs send it:
//!
//! - no `kind` field (neither the Python nor the JavaScript SDK sends one);
//! - `cloud` in the spec's lower-case spelling (`public`, `dod`, `gcch`);
//! - a phone number's `isAnonymous` only when it is anonymous, its `assertedId` only when it has one;
//! - an identifier of an unknown kind is sent as `{rawId}` alone, with `kind: "unknown"` when
//!   its raw id reads as a known kind (`4:+1425_x`), so that it comes back unknown.
//!
//! From the service (responses), `kind` is often absent, so the kind is:
//!
//! 1. the one `kind` names, when its nested object is present (`kind: "unknown"` gives an
//!    unknown identifier);
//! 2. otherwise the kind of the nested object that is present (the first one in the order
//!    communication user, phone number, Teams user, Teams app, Teams extension user);
//! 3. otherwise whatever the `rawId` encodes ([`CommunicationIdentifier::from_raw_id`]);
//! 4. an empty model is an unknown identifier with an empty raw id.
//!
//! The service's `rawId` is kept as the identifier's raw id when present (for a communication
//! user, whose id is its raw id, it wins over `communicationUser.id`).
//!
//! The conversion never fails and never panics.
//!
//! ```
//! use acs_auth::CommunicationIdentifier;
//! use acs_chat_rest::types::CommunicationIdentifierModel;
//!
//! let user = CommunicationIdentifier::from_raw_id("8:acs:resource_user");
//! let model = CommunicationIdentifierModel::from(&user);
//! assert_eq!(
//!     serde_json::to_value(&model)?,
//!     serde_json::json!({"rawId": "8:acs:resource_user", "communicationUser": {"id": "8:acs:resource_user"}})
//! );
//! assert_eq!(acs_chat_rest::identifier::to_identifier(&model), user);
//! # Ok::<(), serde_json::Error>(())
//! ```

use acs_auth::{
    CommunicationCloudEnvironment, CommunicationIdentifier, CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier, UnknownIdentifier,
};

use crate::types::{
    CommunicationCloudEnvironmentModel, CommunicationIdentifierModel,
    CommunicationIdentifierModelKind, CommunicationUserIdentifierModel,
    MicrosoftTeamsAppIdentifierModel, MicrosoftTeamsUserIdentifierModel,
    PhoneNumberIdentifierModel, TeamsExtensionUserIdentifierModel,
};

/// The wire spelling of a cloud: always lower-case.
fn cloud_model(cloud: &CommunicationCloudEnvironment) -> CommunicationCloudEnvironmentModel {
    CommunicationCloudEnvironmentModel::from(cloud.as_str().to_ascii_lowercase())
}

/// A cloud read from the wire; `public` when absent.
fn cloud(model: Option<&CommunicationCloudEnvironmentModel>) -> CommunicationCloudEnvironment {
    model.map_or(CommunicationCloudEnvironment::Public, |cloud| {
        CommunicationCloudEnvironment::from(cloud.as_str())
    })
}

impl From<&CommunicationIdentifier> for CommunicationIdentifierModel {
    fn from(identifier: &CommunicationIdentifier) -> Self {
        let mut model = Self {
            raw_id: Some(identifier.raw_id().to_owned()),
            ..Self::default()
        };
        match identifier {
            CommunicationIdentifier::CommunicationUser(user) => {
                model.communication_user = Some(CommunicationUserIdentifierModel {
                    id: user.id().to_owned(),
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
                    is_anonymous: Some(user.is_anonymous()),
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
            // An unknown identifier whose raw id reads as a known kind (`4:+1425_x`) says so,
            // or it would come back as that kind.
            CommunicationIdentifier::Unknown(unknown)
                if !matches!(
                    CommunicationIdentifier::from_raw_id(unknown.raw_id()),
                    CommunicationIdentifier::Unknown(_)
                ) =>
            {
                model.kind = Some(CommunicationIdentifierModelKind::Unknown);
            }
            // Unknown, and kinds added to acs-auth later: the raw id alone.
            _ => {}
        }
        model
    }
}

impl From<CommunicationIdentifier> for CommunicationIdentifierModel {
    fn from(identifier: CommunicationIdentifier) -> Self {
        Self::from(&identifier)
    }
}

/// The kinds of nested object a model can carry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nested {
    CommunicationUser,
    PhoneNumber,
    MicrosoftTeamsUser,
    MicrosoftTeamsApp,
    TeamsExtensionUser,
}

impl Nested {
    const ALL: [Self; 5] = [
        Self::CommunicationUser,
        Self::PhoneNumber,
        Self::MicrosoftTeamsUser,
        Self::MicrosoftTeamsApp,
        Self::TeamsExtensionUser,
    ];

    fn of_kind(kind: &CommunicationIdentifierModelKind) -> Option<Self> {
        match kind {
            CommunicationIdentifierModelKind::CommunicationUser => Some(Self::CommunicationUser),
            CommunicationIdentifierModelKind::PhoneNumber => Some(Self::PhoneNumber),
            CommunicationIdentifierModelKind::MicrosoftTeamsUser => Some(Self::MicrosoftTeamsUser),
            CommunicationIdentifierModelKind::MicrosoftTeamsApp => Some(Self::MicrosoftTeamsApp),
            CommunicationIdentifierModelKind::TeamsExtensionUser => Some(Self::TeamsExtensionUser),
            _ => None,
        }
    }

    fn is_present(self, model: &CommunicationIdentifierModel) -> bool {
        match self {
            Self::CommunicationUser => model.communication_user.is_some(),
            Self::PhoneNumber => model.phone_number.is_some(),
            Self::MicrosoftTeamsUser => model.microsoft_teams_user.is_some(),
            Self::MicrosoftTeamsApp => model.microsoft_teams_app.is_some(),
            Self::TeamsExtensionUser => model.teams_extension_user.is_some(),
        }
    }
}

/// The identifier a wire model stands for (see the module documentation for how the kind is
/// chosen). A function rather than a `From` impl, so that no generated type shows in the
/// public API of `acs_auth::CommunicationIdentifier` as the idiomatic crates re-export it.
pub fn to_identifier(model: &CommunicationIdentifierModel) -> CommunicationIdentifier {
    let raw_id = model.raw_id.as_deref().filter(|raw_id| !raw_id.is_empty());
    let from_raw_id = || CommunicationIdentifier::from_raw_id(raw_id.unwrap_or_default());
    let nested = match &model.kind {
        Some(CommunicationIdentifierModelKind::Unknown) => {
            return UnknownIdentifier::new(raw_id.unwrap_or_default()).into();
        }
        Some(kind) => Nested::of_kind(kind).filter(|nested| nested.is_present(model)),
        None => None,
    }
    .or_else(|| {
        Nested::ALL
            .into_iter()
            .find(|nested| nested.is_present(model))
    });
    let with_raw_id = |default: String| raw_id.map_or(default, str::to_owned);
    match nested {
        Some(Nested::CommunicationUser) => {
            let id = model
                .communication_user
                .as_ref()
                .map(|user| user.id.as_str())
                .filter(|id| !id.is_empty());
            // The user's id is its raw id; the service's `rawId` wins (recordings
            // sanitize `communicationUser.id` but keep `rawId`).
            match raw_id.or(id) {
                Some(id) => CommunicationUserIdentifier::new(id).into(),
                None => from_raw_id(),
            }
        }
        Some(Nested::PhoneNumber) => {
            let Some(phone) = &model.phone_number else {
                return from_raw_id();
            };
            let raw_id = with_raw_id(format!("4:{}", phone.value));
            let mut identifier =
                PhoneNumberIdentifier::new(phone.value.as_str()).with_raw_id(raw_id);
            // What the wire says wins over what the raw id suggests.
            if let Some(is_anonymous) = phone.is_anonymous {
                identifier = identifier.with_anonymous(is_anonymous);
            }
            if let Some(asserted_id) = &phone.asserted_id {
                identifier = identifier.with_asserted_id(asserted_id.as_str());
            }
            identifier.into()
        }
        Some(Nested::MicrosoftTeamsUser) => {
            let Some(user) = &model.microsoft_teams_user else {
                return from_raw_id();
            };
            let identifier = MicrosoftTeamsUserIdentifier::new(
                user.user_id.as_str(),
                user.is_anonymous.unwrap_or(false),
                cloud(user.cloud.as_ref()),
            );
            match raw_id {
                Some(raw_id) => identifier.with_raw_id(raw_id).into(),
                None => identifier.into(),
            }
        }
        Some(Nested::MicrosoftTeamsApp) => {
            let Some(app) = &model.microsoft_teams_app else {
                return from_raw_id();
            };
            let identifier =
                MicrosoftTeamsAppIdentifier::new(app.app_id.as_str(), cloud(app.cloud.as_ref()));
            match raw_id {
                Some(raw_id) => identifier.with_raw_id(raw_id).into(),
                None => identifier.into(),
            }
        }
        Some(Nested::TeamsExtensionUser) => {
            let Some(user) = &model.teams_extension_user else {
                return from_raw_id();
            };
            let identifier = TeamsExtensionUserIdentifier::new(
                user.user_id.as_str(),
                user.tenant_id.as_str(),
                user.resource_id.as_str(),
                cloud(user.cloud.as_ref()),
            );
            match raw_id {
                Some(raw_id) => identifier.with_raw_id(raw_id).into(),
                None => identifier.into(),
            }
        }
        None => from_raw_id(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CommunicationCloudEnvironment::{Dod, Gcch, Public};
    use serde_json::{Value, json};

    fn to_wire(identifier: &CommunicationIdentifier) -> Value {
        serde_json::to_value(CommunicationIdentifierModel::from(identifier)).expect("serializes")
    }

    fn from_wire(value: Value) -> CommunicationIdentifier {
        let model: CommunicationIdentifierModel =
            serde_json::from_value(value).expect("deserializes");
        to_identifier(&model)
    }

    /// Every identifier survives identifier → wire JSON → identifier, with the same kind, raw
    /// id and fields.
    fn assert_round_trip(identifier: CommunicationIdentifier) {
        let back = from_wire(to_wire(&identifier));
        assert_eq!(back, identifier);
        assert_eq!(format!("{back:?}"), format!("{identifier:?}"));
    }

    #[test]
    fn communication_user() {
        let user: CommunicationIdentifier = CommunicationUserIdentifier::new("8:acs:r_u").into();
        assert_eq!(
            to_wire(&user),
            json!({"rawId": "8:acs:r_u", "communicationUser": {"id": "8:acs:r_u"}})
        );
        assert_round_trip(user);
        assert_round_trip(CommunicationUserIdentifier::new("8:spool:a_b_c").into());
    }

    #[test]
    fn phone_numbers() {
        let phone: CommunicationIdentifier = PhoneNumberIdentifier::new("+14255550123").into();
        assert_eq!(
            to_wire(&phone),
            json!({"rawId": "4:+14255550123", "phoneNumber": {"value": "+14255550123"}})
        );
        assert_round_trip(phone);

        let anonymous = CommunicationIdentifier::from_raw_id("4:anonymous");
        assert_eq!(
            to_wire(&anonymous),
            json!({"rawId": "4:anonymous", "phoneNumber": {"value": "anonymous", "isAnonymous": true}})
        );
        assert_round_trip(anonymous);

        let asserted: CommunicationIdentifier = PhoneNumberIdentifier::new("+14255550123")
            .with_raw_id("4:+14255550123_a1b2")
            .into();
        assert_eq!(
            to_wire(&asserted),
            json!({"rawId": "4:+14255550123_a1b2", "phoneNumber": {"value": "+14255550123", "assertedId": "a1b2"}})
        );
        assert_round_trip(asserted);
    }

    #[test]
    fn phone_numbers_keep_is_anonymous_and_asserted_id_from_the_wire() {
        let CommunicationIdentifier::PhoneNumber(phone) = from_wire(json!({
            "rawId": "4:+14255550123",
            "phoneNumber": {"value": "+14255550123", "isAnonymous": true, "assertedId": "x9"},
        })) else {
            panic!("not a phone number");
        };
        assert!(phone.is_anonymous());
        assert_eq!(phone.asserted_id(), Some("x9"));
        assert_eq!(phone.raw_id(), "4:+14255550123");
        // Sent back as received.
        assert_eq!(
            to_wire(&phone.clone().into()),
            json!({"rawId": "4:+14255550123", "phoneNumber": {"value": "+14255550123", "isAnonymous": true, "assertedId": "x9"}})
        );

        // `isAnonymous: false` wins over an anonymous-looking raw id; without the fields the
        // raw id decides.
        let CommunicationIdentifier::PhoneNumber(phone) = from_wire(json!({
            "rawId": "4:anonymous",
            "phoneNumber": {"value": "anonymous", "isAnonymous": false},
        })) else {
            panic!("not a phone number");
        };
        assert!(!phone.is_anonymous());
        let CommunicationIdentifier::PhoneNumber(phone) = from_wire(json!({
            "rawId": "4:+1425_a7",
            "phoneNumber": {"value": "+1425"},
        })) else {
            panic!("not a phone number");
        };
        assert_eq!(phone.asserted_id(), Some("a7"));
        assert!(!phone.is_anonymous());
    }

    #[test]
    fn teams_users_in_every_cloud() {
        for (cloud, prefix) in [(Public, "8:orgid:"), (Dod, "8:dod:"), (Gcch, "8:gcch:")] {
            let user: CommunicationIdentifier =
                MicrosoftTeamsUserIdentifier::new("u1", false, cloud.clone()).into();
            assert_eq!(
                to_wire(&user),
                json!({"rawId": format!("{prefix}u1"), "microsoftTeamsUser": {"userId": "u1", "isAnonymous": false, "cloud": cloud.as_str()}})
            );
            assert_round_trip(user);
        }
        let visitor: CommunicationIdentifier =
            MicrosoftTeamsUserIdentifier::new("v1", true, Public).into();
        assert_eq!(
            to_wire(&visitor),
            json!({"rawId": "8:teamsvisitor:v1", "microsoftTeamsUser": {"userId": "v1", "isAnonymous": true, "cloud": "public"}})
        );
        assert_round_trip(visitor);
    }

    #[test]
    fn teams_apps_in_every_cloud() {
        for (cloud, prefix) in [(Public, "28:orgid:"), (Dod, "28:dod:"), (Gcch, "28:gcch:")] {
            let app: CommunicationIdentifier =
                MicrosoftTeamsAppIdentifier::new("a1", cloud.clone()).into();
            assert_eq!(
                to_wire(&app),
                json!({"rawId": format!("{prefix}a1"), "microsoftTeamsApp": {"appId": "a1", "cloud": cloud.as_str()}})
            );
            assert_round_trip(app);
        }
    }

    #[test]
    fn teams_extension_users_in_every_cloud() {
        for (cloud, prefix) in [
            (Public, "8:acs:"),
            (Dod, "8:dod-acs:"),
            (Gcch, "8:gcch-acs:"),
        ] {
            let user: CommunicationIdentifier =
                TeamsExtensionUserIdentifier::new("usr", "ten", "res", cloud.clone()).into();
            assert_eq!(
                to_wire(&user),
                json!({"rawId": format!("{prefix}res_ten_usr"), "teamsExtensionUser": {
                    "userId": "usr", "tenantId": "ten", "resourceId": "res", "cloud": cloud.as_str()}})
            );
            assert_round_trip(user);
        }
    }

    #[test]
    fn unknown_identifiers_send_the_raw_id_only() {
        let unknown: CommunicationIdentifier = UnknownIdentifier::new("48:something").into();
        assert_eq!(to_wire(&unknown), json!({"rawId": "48:something"}));
        assert_round_trip(unknown);
    }

    #[test]
    fn unknown_identifiers_that_look_known_stay_unknown() {
        for raw in [
            "4:+1425_x",
            "8:acs:r_u",
            "8:orgid:u",
            "28:orgid:a",
            "8:acs:r_t_u",
            "4:",
        ] {
            let unknown: CommunicationIdentifier = UnknownIdentifier::new(raw).into();
            assert_eq!(
                to_wire(&unknown),
                json!({"rawId": raw, "kind": "unknown"}),
                "{raw}"
            );
            assert_round_trip(unknown);
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Raw ids of every shape: known prefixes with arbitrary tails, and anything at all.
        fn raw_id() -> impl Strategy<Value = String> {
            prop_oneof![
                (
                    prop::sample::select(vec![
                        "4:",
                        "8:acs:",
                        "8:spool:",
                        "8:dod-acs:",
                        "8:gcch-acs:",
                        "8:orgid:",
                        "8:teamsvisitor:",
                        "8:dod:",
                        "8:gcch:",
                        "28:",
                        "28:orgid:",
                        "28:dod:",
                        "28:gcch:",
                        "48:",
                        "",
                    ]),
                    "[A-Za-z0-9_:+@.-]{0,24}",
                )
                    .prop_map(|(prefix, rest)| format!("{prefix}{rest}")),
                any::<String>(),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 2048,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            #[test]
            fn every_identifier_survives_the_wire(raw in raw_id()) {
                let unknown: CommunicationIdentifier = UnknownIdentifier::new(raw.as_str()).into();
                let back = from_wire(to_wire(&unknown));
                prop_assert_eq!(&back, &unknown);
                let parsed = CommunicationIdentifier::from_raw_id(&raw);
                let back = from_wire(to_wire(&parsed));
                prop_assert_eq!(&back, &parsed);
                prop_assert_eq!(back.raw_id(), parsed.raw_id());
            }
        }
    }

    #[test]
    fn clouds_are_sent_lower_case() {
        let user: CommunicationIdentifier = MicrosoftTeamsUserIdentifier::new(
            "u1",
            false,
            CommunicationCloudEnvironment::Other("GCCH".into()),
        )
        .into();
        assert_eq!(to_wire(&user)["microsoftTeamsUser"]["cloud"], "gcch");
        let other: CommunicationIdentifier = MicrosoftTeamsAppIdentifier::new(
            "a1",
            CommunicationCloudEnvironment::Other("Moon".into()),
        )
        .into();
        assert_eq!(to_wire(&other)["microsoftTeamsApp"]["cloud"], "moon");
    }

    #[test]
    fn requests_never_carry_a_kind() {
        for raw in [
            "8:acs:r_u",
            "4:+1425",
            "8:orgid:u",
            "28:gcch:a",
            "8:acs:r_t_u",
            "x",
        ] {
            let wire = to_wire(&CommunicationIdentifier::from_raw_id(raw));
            assert!(wire.get("kind").is_none(), "{raw}: {wire}");
            assert_eq!(wire["rawId"], raw);
        }
    }

    #[test]
    fn responses_without_kind_are_inferred_from_the_nested_object() {
        let id = from_wire(json!({"rawId": "8:acs:r_u", "communicationUser": {"id": "8:acs:r_u"}}));
        assert!(matches!(id, CommunicationIdentifier::CommunicationUser(_)));
        let id = from_wire(
            json!({"rawId": "28:orgid:a1", "microsoftTeamsApp": {"appId": "a1", "cloud": "public"}}),
        );
        let CommunicationIdentifier::MicrosoftTeamsApp(app) = id else {
            panic!("{id:?}")
        };
        assert_eq!(app.app_id(), "a1");
        // Upper-case clouds (as the Python SDK sends them) are understood.
        let id = from_wire(json!({"microsoftTeamsUser": {"userId": "u1", "cloud": "DOD"}}));
        let CommunicationIdentifier::MicrosoftTeamsUser(user) = id else {
            panic!("{id:?}")
        };
        assert_eq!(user.cloud(), &Dod);
        assert_eq!(user.raw_id(), "8:dod:u1", "a missing raw id is computed");
        // A missing cloud is the public cloud.
        let id = from_wire(json!({"microsoftTeamsApp": {"appId": "a1"}}));
        assert_eq!(id.raw_id(), "28:orgid:a1");
    }

    #[test]
    fn responses_with_only_a_raw_id_are_parsed_from_it() {
        let id = from_wire(json!({"rawId": "8:gcch:u1"}));
        let CommunicationIdentifier::MicrosoftTeamsUser(user) = id else {
            panic!("{id:?}")
        };
        assert_eq!(user.cloud(), &Gcch);
        assert!(matches!(
            from_wire(json!({"rawId": "4:+1425"})),
            CommunicationIdentifier::PhoneNumber(_)
        ));
        assert!(matches!(
            from_wire(json!({"rawId": "8:acs:r_t_u"})),
            CommunicationIdentifier::TeamsExtensionUser(_)
        ));
    }

    #[test]
    fn the_kind_decides_when_it_names_a_present_object() {
        let id = from_wire(json!({
            "kind": "phoneNumber",
            "rawId": "4:+1425",
            "communicationUser": {"id": "8:acs:r_u"},
            "phoneNumber": {"value": "+1425"}
        }));
        assert!(
            matches!(id, CommunicationIdentifier::PhoneNumber(_)),
            "{id:?}"
        );
        // A kind without its object falls back to the objects present, then to the raw id.
        let id = from_wire(json!({"kind": "microsoftTeamsApp", "rawId": "8:acs:r_u"}));
        assert!(
            matches!(id, CommunicationIdentifier::CommunicationUser(_)),
            "{id:?}"
        );
        // An explicit `unknown` kind is an unknown identifier.
        let id = from_wire(json!({"kind": "unknown", "rawId": "8:acs:r_u"}));
        assert!(matches!(id, CommunicationIdentifier::Unknown(_)), "{id:?}");
        assert_eq!(id.raw_id(), "8:acs:r_u");
        // A kind this crate does not know is ignored.
        let id = from_wire(json!({"kind": "hologram", "rawId": "8:orgid:u"}));
        assert!(
            matches!(id, CommunicationIdentifier::MicrosoftTeamsUser(_)),
            "{id:?}"
        );
    }

    #[test]
    fn empty_and_odd_models_never_panic() {
        let id = from_wire(json!({}));
        assert!(matches!(&id, CommunicationIdentifier::Unknown(u) if u.raw_id().is_empty()));
        let id = from_wire(json!({"kind": "unknown"}));
        assert!(matches!(&id, CommunicationIdentifier::Unknown(u) if u.raw_id().is_empty()));
        let id = from_wire(json!({"rawId": ""}));
        assert!(matches!(id, CommunicationIdentifier::Unknown(_)));
        // An empty user id falls back to the raw id, and the other way round.
        let id = from_wire(json!({"rawId": "8:acs:r_u", "communicationUser": {"id": ""}}));
        assert_eq!(id.raw_id(), "8:acs:r_u");
        let id = from_wire(json!({"rawId": "", "communicationUser": {"id": "8:acs:r_u"}}));
        assert_eq!(id.raw_id(), "8:acs:r_u");
        let id = from_wire(json!({"communicationUser": {"id": ""}}));
        assert_eq!(id.raw_id(), "");
    }

    #[test]
    fn the_service_raw_id_is_kept() {
        // The service's raw id wins over the one the nested object would give.
        let id = from_wire(json!({"rawId": "8:acs:r_u", "communicationUser": {"id": "sanitized"}}));
        assert!(matches!(id, CommunicationIdentifier::CommunicationUser(_)));
        assert_eq!(id.raw_id(), "8:acs:r_u");
        let id =
            from_wire(json!({"rawId": "8:orgid:other", "microsoftTeamsUser": {"userId": "u1"}}));
        assert_eq!(id.raw_id(), "8:orgid:other");
    }
}
