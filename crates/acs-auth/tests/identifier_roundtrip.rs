//! Property tests: every identifier kind, in every cloud, survives `raw_id` → `from_raw_id`
//! with all its fields; and `from_raw_id` never panics and always keeps the raw id.

use acs_auth::{
    CommunicationCloudEnvironment, CommunicationIdentifier, CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier, UnknownIdentifier,
};
use proptest::prelude::*;

/// An id part without `:` (which would change the number of raw-id segments) or `_` (which
/// separates Teams extension user parts); may contain `@`, `/`, `-`, `.` and non-ASCII.
fn part() -> impl Strategy<Value = String> {
    "[A-Za-z0-9@/.+é-]{1,40}"
}

fn cloud() -> impl Strategy<Value = CommunicationCloudEnvironment> {
    prop_oneof![
        Just(CommunicationCloudEnvironment::Public),
        Just(CommunicationCloudEnvironment::Dod),
        Just(CommunicationCloudEnvironment::Gcch),
    ]
}

fn round_trip(identifier: &CommunicationIdentifier) -> CommunicationIdentifier {
    let parsed = CommunicationIdentifier::from_raw_id(identifier.raw_id());
    assert_eq!(&parsed, identifier);
    assert_eq!(parsed.raw_id(), identifier.raw_id());
    assert_eq!(parsed.to_string(), identifier.raw_id());
    parsed
}

proptest! {
    #[test]
    fn communication_users(
        prefix in prop_oneof![Just("8:acs:"), Just("8:dod-acs:"), Just("8:gcch-acs:"), Just("8:spool:")],
        resource in part(),
        user in part(),
    ) {
        // Real ACS user ids: `<prefix><resource>_<user>`, two `_`-separated parts.
        let id = CommunicationIdentifier::from(CommunicationUserIdentifier::new(format!("{prefix}{resource}_{user}")));
        let CommunicationIdentifier::CommunicationUser(parsed) = round_trip(&id) else {
            panic!("not a communication user: {id:?}");
        };
        prop_assert_eq!(parsed.id(), id.raw_id());
    }

    #[test]
    fn phone_numbers(digits in "\\+?[0-9]{1,15}", asserted in proptest::option::of("[A-Za-z0-9]{1,20}")) {
        let number = match &asserted {
            Some(asserted) => format!("{digits}_{asserted}"),
            None => digits.clone(),
        };
        let id = CommunicationIdentifier::from(PhoneNumberIdentifier::new(number.clone()));
        let CommunicationIdentifier::PhoneNumber(parsed) = round_trip(&id) else {
            panic!("not a phone number: {id:?}");
        };
        prop_assert_eq!(parsed.phone_number(), number.as_str());
        prop_assert_eq!(parsed.asserted_id(), asserted.as_deref());
        prop_assert!(!parsed.is_anonymous());
    }

    #[test]
    fn teams_users(user in part(), anonymous in any::<bool>(), cloud in cloud()) {
        // An anonymous user's raw id does not carry a cloud: it parses as public.
        let cloud = if anonymous { CommunicationCloudEnvironment::Public } else { cloud };
        let id = CommunicationIdentifier::from(MicrosoftTeamsUserIdentifier::new(user.clone(), anonymous, cloud.clone()));
        let CommunicationIdentifier::MicrosoftTeamsUser(parsed) = round_trip(&id) else {
            panic!("not a Teams user: {id:?}");
        };
        prop_assert_eq!(parsed.user_id(), user.as_str());
        prop_assert_eq!(parsed.is_anonymous(), anonymous);
        prop_assert_eq!(parsed.cloud(), &cloud);
    }

    #[test]
    fn teams_apps(app in part(), cloud in cloud()) {
        let id = CommunicationIdentifier::from(MicrosoftTeamsAppIdentifier::new(app.clone(), cloud.clone()));
        let CommunicationIdentifier::MicrosoftTeamsApp(parsed) = round_trip(&id) else {
            panic!("not a Teams app: {id:?}");
        };
        prop_assert_eq!(parsed.app_id(), app.as_str());
        prop_assert_eq!(parsed.cloud(), &cloud);
    }

    #[test]
    fn teams_extension_users(user in part(), tenant in part(), resource in part(), cloud in cloud()) {
        let id = CommunicationIdentifier::from(TeamsExtensionUserIdentifier::new(
            user.clone(), tenant.clone(), resource.clone(), cloud.clone(),
        ));
        let CommunicationIdentifier::TeamsExtensionUser(parsed) = round_trip(&id) else {
            panic!("not a Teams extension user: {id:?}");
        };
        prop_assert_eq!(parsed.user_id(), user.as_str());
        prop_assert_eq!(parsed.tenant_id(), tenant.as_str());
        prop_assert_eq!(parsed.resource_id(), resource.as_str());
        prop_assert_eq!(parsed.cloud(), &cloud);
    }

    #[test]
    fn unknown_identifiers(raw in "[a-z0-9]{0,5}(:[a-z0-9@/]{0,8}){0,4}") {
        // Whatever parses as unknown round-trips as unknown.
        let parsed = CommunicationIdentifier::from_raw_id(&raw);
        if let CommunicationIdentifier::Unknown(unknown) = &parsed {
            let again = round_trip(&CommunicationIdentifier::from(UnknownIdentifier::new(raw.clone())));
            prop_assert!(matches!(again, CommunicationIdentifier::Unknown(_)));
            prop_assert_eq!(unknown.id(), raw.as_str());
        }
    }

    #[test]
    fn from_raw_id_never_panics_and_keeps_the_raw_id(raw in any::<String>()) {
        let parsed = CommunicationIdentifier::from_raw_id(&raw);
        prop_assert_eq!(parsed.raw_id(), raw.as_str());
        prop_assert_eq!(CommunicationIdentifier::from_raw_id(parsed.raw_id()), parsed);
    }

    #[test]
    fn from_raw_id_is_stable_on_structured_input(
        raw in "(4|8|28|[0-9]{1,3})(:(acs|dod-acs|gcch-acs|spool|teamsvisitor|orgid|dod|gcch|[a-z]{0,3})){0,2}:[a-z_:]{0,12}",
    ) {
        let parsed = CommunicationIdentifier::from_raw_id(&raw);
        prop_assert_eq!(parsed.raw_id(), raw.as_str());
        prop_assert_eq!(CommunicationIdentifier::from_raw_id(parsed.raw_id()), parsed);
    }
}

#[test]
fn anonymous_phone_number() {
    let id = CommunicationIdentifier::from(PhoneNumberIdentifier::new("anonymous"));
    let CommunicationIdentifier::PhoneNumber(parsed) = round_trip(&id) else {
        panic!("not a phone number");
    };
    assert!(parsed.is_anonymous());
}
