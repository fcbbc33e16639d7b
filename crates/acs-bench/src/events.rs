//! `acs-bench events [--n 2000] [--senders 4]`: the emulator's event delivery, in process. For
//! each set-up, `senders` tasks send `n` chat messages in all to one two-person thread (each
//! message: one `ChatMessageReceivedInThread` and one `ChatMessageReceived` event) while a hyper
//! webhook on loopback records when each event arrives. The table: the API latency of the send
//! (without a webhook as the baseline), the latency from the start of the API call to the
//! arrival of its `ChatMessageReceivedInThread` event, and the events delivered per second.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use acs_chat::{ChatClient, CommunicationTokenCredential};
use acs_emulator::{Emulator, EventDeliveryOptions, EventSchema, EventWebhook};
use acs_identity::CommunicationIdentityClient;
use acs_identity::models::CommunicationTokenScope;
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::Notify;

type Failure = Box<dyn std::error::Error>;

/// What the webhook saw.
#[derive(Default)]
struct Seen {
    /// Arrival of each `ChatMessageReceivedInThread`, by message id.
    arrivals: HashMap<String, Instant>,
    events: usize,
    last: Option<Instant>,
}

struct Webhook {
    url: String,
    seen: Arc<Mutex<Seen>>,
    changed: Arc<Notify>,
}

fn lock(seen: &Mutex<Seen>) -> std::sync::MutexGuard<'_, Seen> {
    seen.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn webhook() -> Result<Webhook, Failure> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/events", listener.local_addr()?);
    let seen = Arc::new(Mutex::new(Seen::default()));
    let changed = Arc::new(Notify::new());
    let (state, notify) = (seen.clone(), changed.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (state, notify) = (state.clone(), notify.clone());
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
                        let (state, notify) = (state.clone(), notify.clone());
                        async move { Ok::<_, Infallible>(answer(request, &state, &notify).await) }
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(Webhook { url, seen, changed })
}

async fn answer(
    request: Request<hyper::body::Incoming>,
    seen: &Mutex<Seen>,
    changed: &Notify,
) -> Response<Full<Bytes>> {
    let arrived = Instant::now();
    let method = request.method().clone();
    let origin = request.headers().get("webhook-request-origin").cloned();
    let validation = request
        .headers()
        .get("aeg-event-type")
        .is_some_and(|value| value == "SubscriptionValidation");
    let body = request
        .into_body()
        .collect()
        .await
        .map(|body| body.to_bytes())
        .unwrap_or_default();
    let mut response = Response::new(Full::new(Bytes::new()));
    if method == hyper::Method::OPTIONS {
        if let Some(origin) = origin {
            response
                .headers_mut()
                .insert("WebHook-Allowed-Origin", origin);
        }
        return response;
    }
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    if validation {
        let code = json[0]["data"]["validationCode"].clone();
        *response.body_mut() = Full::new(Bytes::from(
            serde_json::json!({ "validationResponse": code }).to_string(),
        ));
        return response;
    }
    let events = match json {
        serde_json::Value::Array(events) => events,
        one => vec![one],
    };
    {
        let mut seen = lock(seen);
        for event in &events {
            let kind = event["eventType"].as_str().or(event["type"].as_str());
            if kind == Some("Microsoft.Communication.ChatMessageReceivedInThread")
                && let Some(id) = event["data"]["messageId"].as_str()
            {
                seen.arrivals.insert(id.to_owned(), arrived);
            }
        }
        seen.events += events.len();
        seen.last = Some(arrived);
    }
    changed.notify_waiters();
    *response.status_mut() = StatusCode::OK;
    response
}

/// One measured set-up.
struct Measured {
    name: String,
    api: Vec<Duration>,
    latency: Vec<Duration>,
    events_per_second: Option<f64>,
}

fn percentile(values: &mut [Duration], p: f64) -> Duration {
    if values.is_empty() {
        return Duration::ZERO;
    }
    values.sort();
    let index = ((values.len() as f64 - 1.0) * p).round() as usize;
    values[index.min(values.len() - 1)]
}

async fn measure(
    name: &str,
    webhook: Option<(&Webhook, EventSchema, usize)>,
    n: usize,
    senders: usize,
) -> Result<Measured, Failure> {
    let mut builder = Emulator::builder();
    if let Some((hook, schema, batch)) = webhook {
        builder = builder
            .events_webhook(EventWebhook::new(&hook.url, schema)?)
            .event_delivery(EventDeliveryOptions::default().with_max_batch(batch));
        *lock(&hook.seen) = Seen::default();
    }
    let emulator = builder.start().await?;
    let identity =
        CommunicationIdentityClient::from_connection_string(&emulator.connection_string(), None)?;
    let alice = identity
        .create_user_and_token(&[CommunicationTokenScope::Chat], None)
        .await?;
    let bob = identity
        .create_user_and_token(&[CommunicationTokenScope::Chat], None)
        .await?;
    let chat = ChatClient::new(
        emulator.endpoint(),
        CommunicationTokenCredential::from_token(alice.access_token.token.clone())?,
        None,
    )?;
    let mut options = acs_chat::options::ChatClientCreateChatThreadOptions::default();
    options.participants = vec![acs_chat::models::ChatParticipant::new(bob.user.clone())];
    let created = chat.create_chat_thread("bench", Some(options)).await?;
    let thread = Arc::new(chat.chat_thread_client(created.thread.id.clone())?);
    for _ in 0..20 {
        thread.send_message("warm-up", None).await?;
    }
    let before = webhook.map_or(0, |(hook, _, _)| lock(&hook.seen).events);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for sender in 0..senders {
        let thread = thread.clone();
        let count = n / senders + usize::from(sender < n % senders);
        tasks.push(tokio::spawn(async move {
            let mut sent = Vec::with_capacity(count);
            for i in 0..count {
                let call = Instant::now();
                let id = thread
                    .send_message(format!("message {sender}/{i}"), None)
                    .await?
                    .id
                    .clone();
                sent.push((id, call, call.elapsed()));
            }
            Ok::<_, acs_chat::Error>(sent)
        }));
    }
    let mut sent = Vec::with_capacity(n);
    for task in tasks {
        sent.extend(task.await??);
    }
    let api: Vec<Duration> = sent.iter().map(|(_, _, took)| *took).collect();
    let mut latency = Vec::new();
    let mut events_per_second = None;
    if let Some((hook, _, _)) = webhook {
        let expected = before + 2 * n;
        loop {
            let wait = hook.changed.notified();
            if lock(&hook.seen).events >= expected {
                break;
            }
            if tokio::time::timeout(Duration::from_secs(60), wait)
                .await
                .is_err()
            {
                return Err("the webhook stopped receiving events".into());
            }
        }
        let seen = lock(&hook.seen);
        for (id, call, _) in &sent {
            if let Some(arrived) = seen.arrivals.get(id) {
                latency.push(arrived.saturating_duration_since(*call));
            }
        }
        if let Some(last) = seen.last {
            let seconds = last.saturating_duration_since(started).as_secs_f64();
            events_per_second = Some((2 * n) as f64 / seconds.max(1e-9));
        }
    }
    emulator.shutdown().await?;
    Ok(Measured {
        name: name.to_owned(),
        api,
        latency,
        events_per_second,
    })
}

pub fn run(flags: &HashMap<String, String>) -> Result<(), Failure> {
    let n: usize = flags.get("n").and_then(|v| v.parse().ok()).unwrap_or(2000);
    let senders: usize = flags
        .get("senders")
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
        .max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let hook = webhook().await?;
        let setups: [(&str, Option<(EventSchema, usize)>); 4] = [
            ("no webhook (baseline)", None),
            ("Event Grid, batches of 1", Some((EventSchema::EventGrid, 1))),
            ("Event Grid, batches of 10", Some((EventSchema::EventGrid, 10))),
            ("CloudEvents, batches of 10", Some((EventSchema::CloudEvents, 10))),
        ];
        let mut rows = Vec::new();
        for (name, setup) in setups {
            let webhook = setup.map(|(schema, batch)| (&hook, schema, batch));
            rows.push(measure(name, webhook, n, senders).await?);
        }
        println!(
            "Event delivery: {n} messages from {senders} concurrent senders, 2 events each, webhook on loopback"
        );
        println!(
            "{:<28} {:>12} {:>12} {:>16} {:>16} {:>12}",
            "set-up", "API p50", "API p99", "delivery p50", "delivery p99", "events/s"
        );
        for mut row in rows {
            let api50 = percentile(&mut row.api, 0.5);
            let api99 = percentile(&mut row.api, 0.99);
            let (d50, d99) = if row.latency.is_empty() {
                ("-".to_owned(), "-".to_owned())
            } else {
                (
                    format!("{:.2} ms", percentile(&mut row.latency, 0.5).as_secs_f64() * 1e3),
                    format!("{:.2} ms", percentile(&mut row.latency, 0.99).as_secs_f64() * 1e3),
                )
            };
            println!(
                "{:<28} {:>9.0} µs {:>9.0} µs {:>16} {:>16} {:>12}",
                row.name,
                api50.as_secs_f64() * 1e6,
                api99.as_secs_f64() * 1e6,
                d50,
                d99,
                row.events_per_second
                    .map_or_else(|| "-".to_owned(), |rate| format!("{rate:.0}")),
            );
        }
        Ok(())
    })
}
