//! Identifiers in event data become `acs_auth::CommunicationIdentifier`s of the right kind,
//! whether or not the service sends `kind`.

use acs_events::{AcsEvent, CommunicationIdentifier, parse_delivery};
use serde_json::{Value, json};

fn sender_of(identifier: Value) -> CommunicationIdentifier {
    let body = json!([{
        "id": "e1", "subject": "s", "eventType": "Microsoft.Communication.ChatMessageReceivedInThread",
        "eventTime": "2026-12-01T13:00:00Z", "dataVersion": "1.0",
        "data": {"messageId": "1", "messageBody": "hi", "type": "Text", "threadId": "19:t@thread.v2",
                 "transactionId": "tx", "senderCommunicationIdentifier": identifier}
    }]);
    let delivery = parse_delivery(&serde_json::to_vec(&body).expect("JSON")).expect("a delivery");
    let Some(AcsEvent::ChatMessageReceivedInThread(message)) =
        delivery.events().next().map(|event| event.data.clone())
    else {
        panic!("not read: {:?}", delivery.errors().next());
    };
    message.sender
}

#[test]
fn every_kind_of_identifier_is_recognised() {
    let user = sender_of(json!({"rawId": "8:acs:r_u", "communicationUser": {"id": "8:acs:r_u"}}));
    assert!(matches!(
        user,
        CommunicationIdentifier::CommunicationUser(_)
    ));
    assert_eq!(user.raw_id(), "8:acs:r_u");

    let phone =
        sender_of(json!({"rawId": "4:+14255550123", "phoneNumber": {"value": "+14255550123"}}));
    let CommunicationIdentifier::PhoneNumber(phone) = phone else {
        panic!("{phone:?}");
    };
    assert_eq!(phone.phone_number(), "+14255550123");

    let teams = sender_of(json!({"kind": "microsoftTeamsUser",
        "microsoftTeamsUser": {"userId": "45ab2481", "isAnonymous": false, "cloud": "public"}}));
    assert!(matches!(
        teams,
        CommunicationIdentifier::MicrosoftTeamsUser(_)
    ));
    assert_eq!(teams.raw_id(), "8:orgid:45ab2481");

    // Only a raw id: its prefix tells the kind.
    let bare = sender_of(json!({"rawId": "8:orgid:45ab2481"}));
    assert!(
        matches!(bare, CommunicationIdentifier::MicrosoftTeamsUser(_)),
        "{bare:?}"
    );

    let unknown = sender_of(json!({"rawId": "48:something-new", "kind": "somethingNew"}));
    assert_eq!(unknown.raw_id(), "48:something-new");
}
