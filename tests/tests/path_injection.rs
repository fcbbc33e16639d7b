//! No path injection through ids (issue 17, item 2), end to end against the embedded emulator:
//! every operation of Identity and Chat that takes an id in its path, called with `.`, `..`,
//! `/`, `?`, `#`, `%2F`, `%2E%2E`, `\`, an empty id and a 5 000-character id.
//!
//! Each id either is refused locally with `InvalidInput` (empty, `.`, `..`: the URL parser
//! would turn them into a path to another resource, and no encoding survives it) or reaches
//! the emulator as exactly one segment holding exactly that id: a Teams extension assignment
//! upserted under such ids is read back with the same ids, and an operation on a message named
//! `..` never touches the thread (`update_message("..")` does not patch it,
//! `delete_message("..")` does not delete it).

use std::collections::HashMap;

use acs_chat::models::{ChatMessageUpdate, ChatThreadPropertiesUpdate};
use acs_chat::models::{ChatParticipant, CommunicationIdentifier, UnknownIdentifier};
use acs_chat::options::ChatClientCreateChatThreadOptions;
use acs_chat::{ChatClient, ChatThreadClient, CommunicationTokenCredential, ErrorKind};
use acs_emulator::Emulator;
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::{
    CommunicationTokenScope, CommunicationUserIdentifier, TeamsExtensionPrincipalType,
};
use futures::TryStreamExt as _;

const TENANT: &str = "00000000-0000-0000-0000-00000000000e";
const OBJECT: &str = "00000000-0000-0000-0000-00000000000f";

fn hostile_ids() -> Vec<String> {
    [
        ".",
        "..",
        "/",
        "a/b",
        "../x",
        "?",
        "a?b=c",
        "#",
        "a#b",
        "%2F",
        "%2E%2E",
        "%",
        "\\",
        "x\\messages\\..",
        "",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([
        "x".repeat(5000),
        // Looks like a real id, with a dot segment trick behind it.
        "19:a@thread.v2/..".to_owned(),
    ])
    .collect()
}

/// Whether the id cannot be one path segment (and so must be refused locally).
fn refused_locally(id: &str) -> bool {
    matches!(id, "" | "." | "..")
}

/// The result of a call with a hostile id: refused locally, or a service error; never success.
fn assert_rejected<T: std::fmt::Debug>(what: &str, id: &str, result: acs_chat::Result<T>) {
    let label = format!("{what}({:?})", id.chars().take(40).collect::<String>());
    let error = result.expect_err(&label);
    if refused_locally(id) {
        assert_eq!(*error.kind(), ErrorKind::InvalidInput, "{label}: {error}");
    } else {
        let status = error.status();
        assert!(
            matches!(status, Some(400 | 401 | 403 | 404 | 414)),
            "{label}: reached the service as another route? {error}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_operations_take_every_id_as_one_segment() {
    let emulator = Emulator::builder()
        .start()
        .await
        .expect("the emulator starts");
    let identity =
        CommunicationIdentityClient::from_connection_string(&emulator.connection_string(), None)
            .expect("a client");
    let real = identity.create_user(None).await.expect("a user");
    let mut read_back = 0;

    for id in hostile_ids() {
        let user = CommunicationUserIdentifier::new(id.as_str());
        assert_rejected("delete_user", &id, identity.delete_user(&user, None).await);
        assert_rejected(
            "get_token",
            &id,
            identity
                .get_token(&user, &[CommunicationTokenScope::Chat], None)
                .await,
        );
        assert_rejected(
            "revoke_tokens",
            &id,
            identity.revoke_tokens(&user, None).await,
        );

        // Assignments are created under whatever ids the caller names, so the emulator's view
        // of the ids can be read back exactly.
        for (tenant, object) in [(id.as_str(), OBJECT), (TENANT, id.as_str())] {
            let upserted = identity
                .upsert_teams_extension_assignment(
                    tenant,
                    object,
                    TeamsExtensionPrincipalType::User,
                    None,
                )
                .await;
            if refused_locally(&id) {
                assert_rejected("upsert_teams_extension_assignment", &id, upserted);
                assert_rejected(
                    "get_teams_extension_assignment",
                    &id,
                    identity
                        .get_teams_extension_assignment(tenant, object, None)
                        .await,
                );
                assert_rejected(
                    "delete_teams_extension_assignment",
                    &id,
                    identity
                        .delete_teams_extension_assignment(tenant, object, None)
                        .await,
                );
                continue;
            }
            let upserted = match upserted {
                Ok(upserted) => upserted,
                // The emulator may refuse an id (e.g. its length) as the service would.
                Err(error) => {
                    assert!(matches!(error.status(), Some(400 | 414)), "{error}");
                    continue;
                }
            };
            assert_eq!(
                (upserted.tenant_id.as_str(), upserted.object_id.as_str()),
                (tenant, object)
            );
            let read = identity
                .get_teams_extension_assignment(tenant, object, None)
                .await
                .expect("the same ids read it back");
            assert_eq!(
                (read.tenant_id.as_str(), read.object_id.as_str()),
                (tenant, object)
            );
            identity
                .delete_teams_extension_assignment(tenant, object, None)
                .await
                .expect("the same ids delete it");
            read_back += 1;
            assert_eq!(
                identity
                    .get_teams_extension_assignment(tenant, object, None)
                    .await
                    .err()
                    .and_then(|error| error.status()),
                Some(404)
            );
        }
    }

    assert!(
        read_back >= 24,
        "only {read_back} hostile id pairs were read back"
    );

    // The real user was never touched.
    identity
        .get_token(&real, &[CommunicationTokenScope::Chat], None)
        .await
        .expect("the real user still exists");
}

async fn thread_state(thread: &ChatThreadClient) -> (String, Vec<(String, Option<String>)>) {
    let properties = thread
        .get_properties(None)
        .await
        .expect("the thread exists");
    let messages = thread
        .list_messages(None)
        .try_collect::<Vec<_>>()
        .await
        .expect("its messages");
    let messages = messages
        .into_iter()
        .filter(|message| message.message_type.as_str() == "text")
        .map(|message| {
            let text = message.content.and_then(|content| content.message);
            (message.id, text)
        })
        .collect();
    (properties.into_inner().topic, messages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_operations_take_every_id_as_one_segment() {
    let emulator = Emulator::builder()
        .start()
        .await
        .expect("the emulator starts");
    let identity =
        CommunicationIdentityClient::from_connection_string(&emulator.connection_string(), None)
            .expect("a client");
    let user = identity
        .create_user_and_token(&[CommunicationTokenScope::Chat], None)
        .await
        .expect("a user");
    let credential =
        CommunicationTokenCredential::from_token(user.access_token.token.clone()).expect("a JWT");
    let chat = ChatClient::new(emulator.endpoint(), credential, None).expect("a client");
    let created = chat
        .create_chat_thread(
            "the real thread",
            Some({
                let mut options = ChatClientCreateChatThreadOptions::default();
                options.participants = vec![ChatParticipant::new(user.user.clone())];
                options
            }),
        )
        .await
        .expect("a thread");
    let thread = chat
        .chat_thread_client(created.thread.id.clone())
        .expect("a thread client");
    thread.send_message("first", None).await.expect("sent");
    thread.send_message("second", None).await.expect("sent");
    let before = thread_state(&thread).await;
    assert_eq!(before.1.len(), 2);

    for id in hostile_ids() {
        // Message ids on the real thread: only ever a message, never the thread.
        let result = thread.get_message(&id, None).await;
        assert_rejected("get_message", &id, result);
        let update = {
            let mut options = ChatMessageUpdate::default();
            options.content = Some("patched".to_owned());
            options.metadata = HashMap::from([("k".to_owned(), "v".to_owned())]);
            options
        };
        let result = thread.update_message(&id, update, None).await;
        assert_rejected("update_message", &id, result);
        let result = thread.delete_message(&id, None).await;
        assert_rejected("delete_message", &id, result);
        if !refused_locally(&id) {
            // The message route answers, about exactly this id: 404 (no such message) or 400
            // naming the decoded id.
            let error = thread
                .get_message(&id, None)
                .await
                .expect_err("no such message");
            match error.status() {
                Some(404) => {}
                Some(400) => assert!(
                    error.to_string().contains(&format!("MessageId ({id})")),
                    "{error}"
                ),
                _ => panic!("{error}"),
            }
        }

        // Thread ids.
        assert_rejected(
            "delete_chat_thread",
            &id,
            chat.delete_chat_thread(&id, None).await,
        );
        let other = match chat.chat_thread_client(id.clone()) {
            Ok(other) => other,
            Err(error) => {
                assert!(refused_locally(&id), "{error}");
                continue;
            }
        };
        assert_rejected("get_properties", &id, other.get_properties(None).await);
        let update = {
            let mut options = ChatThreadPropertiesUpdate::default();
            options.topic = Some("hijacked".to_owned());
            options
        };
        assert_rejected(
            "update_properties",
            &id,
            other.update_properties(update, None).await,
        );
        assert_rejected(
            "update_topic",
            &id,
            other.update_topic("hijacked", None).await,
        );
        assert_rejected("send_message", &id, other.send_message("x", None).await);
        assert_rejected(
            "list_messages",
            &id,
            other.list_messages(None).try_collect::<Vec<_>>().await,
        );
        assert_rejected("get_message", &id, other.get_message("1", None).await);
        assert_rejected(
            "update_message",
            &id,
            other
                .update_message(
                    "1",
                    {
                        let mut options = ChatMessageUpdate::default();
                        options.content = Some("x".to_owned());
                        options
                    },
                    None,
                )
                .await,
        );
        assert_rejected("delete_message", &id, other.delete_message("1", None).await);
        assert_rejected(
            "list_participants",
            &id,
            other.list_participants(None).try_collect::<Vec<_>>().await,
        );
        assert_rejected(
            "add_participants",
            &id,
            other
                .add_participants([ChatParticipant::new(user.user.clone())], None)
                .await,
        );
        let someone: CommunicationIdentifier = UnknownIdentifier::new("8:acs:someone").into();
        assert_rejected(
            "remove_participant",
            &id,
            other.remove_participant(&someone, None).await,
        );
        assert_rejected(
            "send_typing_notification",
            &id,
            other.send_typing_notification(None).await,
        );
        assert_rejected(
            "send_read_receipt",
            &id,
            other.send_read_receipt("1", None).await,
        );
        assert_rejected(
            "list_read_receipts",
            &id,
            other.list_read_receipts(None).try_collect::<Vec<_>>().await,
        );
    }

    // The real thread is exactly as it was: not patched, not deleted, no message lost.
    assert_eq!(thread_state(&thread).await, before);
    let threads = chat
        .list_chat_threads(None)
        .try_collect::<Vec<_>>()
        .await
        .expect("threads");
    assert_eq!(threads.len(), 1);
}
