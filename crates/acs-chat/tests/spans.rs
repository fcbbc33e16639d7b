//! Every SDK method is one tracing span with the HTTP fields, and no credential in them. Its
//! own test binary: a span-capturing subscriber set with `set_default` must not share the
//! process with tests on other threads, whose first use of a callsite can cache its interest
//! as "never" (tracing's callsite registry is global).

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use acs_chat::CommunicationTokenCredential;
use acs_chat::models::ChatMessageUpdate;
use acs_chat::options::ChatThreadClientSendMessageOptions;
use common::{jwt, thread_at};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A span's name and the fields recorded in it.
type SpanRecord = (String, HashMap<String, String>);

/// Spans and the fields recorded in them.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<SpanRecord>>>);

struct Fields<'a>(&'a mut HashMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(
            field.name().to_owned(),
            format!("{value:?}").trim_matches('"').to_owned(),
        );
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _ctx: Context<'_, S>) {
        let mut fields = HashMap::new();
        attrs.record(&mut Fields(&mut fields));
        fields.insert("__id".to_owned(), id.into_u64().to_string());
        let mut spans = self.0.lock().expect("not poisoned");
        spans.push((attrs.metadata().name().to_owned(), fields));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let mut spans = self.0.lock().expect("not poisoned");
        let key = id.into_u64().to_string();
        if let Some((_, fields)) = spans
            .iter_mut()
            .rev()
            .find(|(_, fields)| fields.get("__id") == Some(&key))
        {
            values.record(&mut Fields(fields));
        }
    }
}

#[tokio::test]
async fn every_method_has_a_span_named_after_it_with_the_http_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("/messages$"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(r#"{"id":"1749594018000"}"#, "application/json")
                .insert_header("ms-cv", "cv-send.1"),
        )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::registry().with(captured.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    // Another test of this binary, on another thread without a subscriber, may have cached
    // its callsites' interest as "never": ask again now that this thread has one.
    tracing::callsite::rebuild_interest_cache();
    let token = jwt("user-secret-subject");
    let thread = thread_at(
        &server.uri(),
        CommunicationTokenCredential::from_token(token.clone()).expect("a token"),
    );
    let sent = thread
        .send_message(
            "hi",
            Some(ChatThreadClientSendMessageOptions::default().with_sender_display_name("Ada")),
        )
        .await
        .expect("sent");
    thread
        .update_message(
            &sent.id,
            ChatMessageUpdate::default().with_content("edited"),
            None,
        )
        .await
        .expect("updated");
    let spans = captured.0.lock().expect("not poisoned").clone();
    let (_, send) = spans
        .iter()
        .find(|(name, _)| name == "send_message")
        .expect("a send_message span");
    assert_eq!(send["http.request.method"], "POST");
    assert_eq!(send["server.address"], "127.0.0.1");
    assert!(send["url.path"].ends_with("/messages"), "{send:?}");
    assert_eq!(send["http.response.status_code"], "201");
    assert_eq!(send["az.service_request_id"], "cv-send.1");
    assert_eq!(send["attempt"], "1");
    assert!(send.contains_key("duration_ms"));
    assert_eq!(
        Some(send["az.client_request_id"].as_str()),
        sent.client_request_id()
    );
    let (_, update) = spans
        .iter()
        .find(|(name, _)| name == "update_message")
        .expect("an update_message span");
    assert_eq!(update["http.request.method"], "PATCH");
    assert_eq!(update["http.response.status_code"], "204");
    for (_, fields) in &spans {
        for value in fields.values() {
            assert!(!value.contains(&token), "no token in a span field");
            assert!(!value.contains("Bearer"), "no credential in a span field");
        }
    }
}
