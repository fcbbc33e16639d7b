//! `acs events listen`: a local webhook that prints the events it receives, one JSON line each.
//!
//! It answers both webhook handshakes (the Event Grid subscription validation, the
//! CloudEvents `OPTIONS` abuse protection) by itself, on any path, so that an Event Grid
//! subscription (through a tunnel to this port) or `acs emulator --events-webhook` can point
//! at it. Events go to stdout; what happened otherwise (listening, handshakes, refused
//! requests, unreadable events) goes to stderr.

use std::io::Write as _;
use std::sync::Arc;

use acs_events::{Event, EventSchema, Webhook, WebhookOutcome};
use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};
use tokio::sync::Notify;

use super::Context;
use crate::exit::Failure;

/// Events: receive what Communication Services (or the emulator) publishes.
#[derive(Debug, Args)]
pub(crate) struct EventsArgs {
    #[command(subcommand)]
    pub(crate) command: EventsCommand,
}

/// The events commands.
#[derive(Debug, Subcommand)]
pub(crate) enum EventsCommand {
    /// Listen on 127.0.0.1 for webhook deliveries and print each event as one JSON line.
    ///
    /// Each line is `{id, eventType, subject, time, source, dataVersion, schema, data}` with
    /// the data as it arrived. Both handshakes are answered on any path. Stops on Ctrl-C or
    /// SIGTERM, or when the reader of stdout goes away. `--output` and `--query` do not apply.
    Listen(ListenArgs),
}

/// `acs events listen …`
#[derive(Debug, Args)]
pub(crate) struct ListenArgs {
    /// The port to listen on (127.0.0.1); 0 picks a free one (printed on stderr).
    #[arg(long, default_value_t = 8080)]
    pub(crate) port: u16,
    /// The schema to accept; deliveries in the other one are refused with 400.
    #[arg(long, value_enum, default_value_t = SchemaArg::Any)]
    pub(crate) schema: SchemaArg,
    /// Require this secret in the query parameter `code` (the webhook URL is then
    /// `http://127.0.0.1:PORT/?code=SECRET`). Prefer the environment variable.
    #[arg(
        long,
        value_name = "SECRET",
        env = "ACS_EVENTS_SECRET",
        hide_env_values = true
    )]
    pub(crate) secret: Option<String>,
}

/// The schemas `--schema` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaArg {
    /// Both.
    Any,
    /// The Event Grid event schema.
    Eventgrid,
    /// CloudEvents 1.0 (structured, single or batch).
    Cloudevents,
}

/// Runs an events command.
pub(crate) async fn run(_context: &Context, args: EventsArgs) -> Result<(), Failure> {
    match args.command {
        EventsCommand::Listen(listen) => self::listen(listen).await,
    }
}

/// Serves the webhook until a signal, or until stdout is closed.
async fn listen(args: ListenArgs) -> Result<(), Failure> {
    let mut webhook = Webhook::new();
    match args.schema {
        SchemaArg::Any => {}
        SchemaArg::Eventgrid => webhook = webhook.with_schema(EventSchema::EventGrid),
        SchemaArg::Cloudevents => webhook = webhook.with_schema(EventSchema::CloudEvents),
    }
    if let Some(secret) = args.secret.filter(|secret| !secret.is_empty()) {
        webhook = webhook.with_query_secret("code", secret);
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .map_err(|error| {
            Failure::other(format!("cannot listen on 127.0.0.1:{}: {error}", args.port))
        })?;
    let address = listener
        .local_addr()
        .map_err(|error| Failure::other(format!("cannot read the listening address: {error}")))?;
    note(&format!(
        "listening on http://{address}/ (any path; both handshakes answered); Ctrl-C stops"
    ));
    let stdout_closed = Arc::new(Notify::new());
    let state = Arc::new(Listener {
        webhook,
        stdout_closed: Arc::clone(&stdout_closed),
    });
    let app = axum::Router::new().fallback(move |request: Request| {
        let state = Arc::clone(&state);
        async move { state.respond(request).await }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            tokio::select! {
                () = acs_emulator::shutdown_signal() => {}
                () = stdout_closed.notified() => {}
            }
        })
        .await
        .map_err(|error| Failure::other(format!("the listener failed: {error}")))
}

/// What every request needs.
struct Listener {
    webhook: Webhook,
    /// Notified when writing to stdout fails: the listener stops.
    stdout_closed: Arc<Notify>,
}

impl Listener {
    /// Answers one request, printing its events.
    async fn respond(&self, request: Request) -> Response {
        let (parts, body) = request.into_parts();
        let limit = self.webhook.max_body_bytes();
        let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
            note(&format!(
                "refused a request to {}: the body is larger than {limit} bytes",
                parts.uri.path()
            ));
            return (
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than {limit} bytes"),
            )
                .into_response();
        };
        let request = http::Request::from_parts(parts, bytes);
        let response = match self.webhook.handle(&request) {
            WebhookOutcome::Handshake(response) => {
                let which = if request.method() == http::Method::OPTIONS {
                    "the CloudEvents abuse protection request"
                } else {
                    "the Event Grid subscription validation"
                };
                note(&format!("answered {which}"));
                response
            }
            WebhookOutcome::Rejected { response, error } => {
                note(&format!(
                    "refused a {} request ({}): {error}",
                    request.method(),
                    response.status()
                ));
                response
            }
            WebhookOutcome::Events(delivery) => {
                let mut out = std::io::stdout().lock();
                for item in delivery.items() {
                    match item {
                        Ok(event) => {
                            let line = line(event).to_string();
                            if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                                self.stdout_closed.notify_one();
                                break;
                            }
                        }
                        Err(error) => note(&format!("an event could not be read: {error}")),
                    }
                }
                acs_events::accepted_response()
            }
        };
        response.map(Body::from).into_response()
    }
}

/// The JSON line of one event.
fn line(event: &Event) -> Value {
    json!({
        "id": event.id,
        "eventType": event.event_type,
        "subject": event.subject,
        "time": event.time.map(|time| time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        "source": event.source,
        "dataVersion": event.data_version,
        "schema": event.schema.as_str(),
        "data": event.raw_data(),
    })
}

/// A line on stderr.
fn note(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "acs events: {message}");
}
