//! The changes of `update_properties` ([`ChatThreadPropertiesUpdate`]) and of
//! `update_message` ([`ChatMessageUpdate`]): required parameters, apart from the options.

use std::collections::HashMap;

use crate::models::RetentionPolicy;

/// The changes of
/// [`ChatThreadClient::update_properties`](crate::ChatThreadClient::update_properties), sent as
/// a JSON merge patch: only what is set is sent, and what is not sent stays as it is.
///
/// Metadata keys are merged into the thread's metadata: keys not listed keep their values.
///
/// ```
/// use acs_chat::models::ChatThreadPropertiesUpdate;
///
/// let update = ChatThreadPropertiesUpdate::default().with_topic("Launch review");
/// assert_eq!(update.topic.as_deref(), Some("Launch review"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ChatThreadPropertiesUpdate {
    /// The new topic.
    pub topic: Option<String>,
    /// Metadata keys to add or overwrite (api-version 2025-03-15); an empty map sends nothing.
    pub metadata: HashMap<String, String>,
    /// The new retention policy (api-version 2025-03-15).
    pub retention_policy: Option<RetentionPolicy>,
}

acs_core::options_setters!(acs_chat::models => ChatThreadPropertiesUpdate {
    some with_topic => topic: String = "Weekly sync";
    set with_metadata => metadata: HashMap<String, String> = [("priority".to_string(), "high".to_string())].into_iter().collect::<std::collections::HashMap<_, _>>();
    some with_retention_policy => retention_policy: RetentionPolicy = acs_chat::models::RetentionPolicy::ThreadCreationDate { delete_thread_after_days: 90 };
});

/// The changes of
/// [`ChatThreadClient::update_message`](crate::ChatThreadClient::update_message), sent as a
/// JSON merge patch: only what is set is sent.
///
/// Metadata keys are merged into the message's metadata; **a key set to the empty string `""`
/// is removed** from it (that is how the service deletes a key).
///
/// ```
/// use acs_chat::models::ChatMessageUpdate;
///
/// let update = ChatMessageUpdate::default()
///     .with_content("Corrected text")
///     .with_metadata([("draft".to_owned(), String::new())]); // removes `draft`
/// assert_eq!(update.content.as_deref(), Some("Corrected text"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChatMessageUpdate {
    /// The new text or HTML of the message.
    pub content: Option<String>,
    /// Metadata keys to set (`""` removes a key); an empty map sends nothing.
    pub metadata: HashMap<String, String>,
}

acs_core::options_setters!(acs_chat::models => ChatMessageUpdate {
    some with_content => content: String = "Hello again (edited)";
    set with_metadata => metadata: HashMap<String, String> = [("priority".to_string(), "high".to_string())].into_iter().collect::<std::collections::HashMap<_, _>>();
});
