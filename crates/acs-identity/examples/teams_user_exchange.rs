//! Teams users: exchange a Teams user's Microsoft Entra ID access token for a Communication
//! Services access token (the "Teams users" walkthrough).
//!
//! Get the Entra ID token for the Teams user with your application first (for example with
//! MSAL and the scope `https://auth.msft.communication.azure.com/Teams.ManageCalls`), then:
//!
//! With no connection string set, the example runs on the embedded emulator with a made-up,
//! unsigned Entra ID token (the emulator checks its claims, not its signature):
//!
//! ```sh
//! cargo run -p acs-identity --example teams_user_exchange
//! ```
//!
//! Against your resource:
//!
//! ```sh
//! export ACS_CONNECTION_STRING="endpoint=https://<resource>.communication.azure.com/;accesskey=<key>"
//! export ACS_TEAMS_ENTRA_TOKEN="<the Teams user's Entra ID access token>"
//! export ACS_TEAMS_CLIENT_ID="<the Entra ID application's client id>"
//! export ACS_TEAMS_USER_OBJECT_ID="<the Teams user's object id>"
//! cargo run -p acs-identity --example teams_user_exchange
//! ```
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example prints what it does"
)]

use std::process::ExitCode;

use acs_auth::{Clock as _, ConnectionString, SystemClock};
use acs_identity::CommunicationIdentityClient;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Reads a required environment variable, naming it when it is missing.
fn env(name: &str) -> Result<String, BoxError> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| format!("set {name} (see the example's documentation)").into())
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", acs_core::error_chain(&*error));
            ExitCode::FAILURE
        }
    }
}

/// The made-up Teams user of a run on the emulator: a client id, an object id, and an
/// unsigned Entra-style token naming both, valid for an hour.
fn emulator_teams_user() -> Result<(String, String, String), BoxError> {
    let client_id = "00000000-0000-0000-0000-00000000c11e".to_owned();
    let user_object_id = "00000000-0000-0000-0000-0000000000a1".to_owned();
    let expires = SystemClock.now().timestamp() + 3_600;
    let claims = serde_json::json!({ "oid": user_object_id, "appid": client_id, "exp": expires });
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims)?),
        URL_SAFE_NO_PAD.encode(b"unsigned")
    );
    Ok((token, client_id, user_object_id))
}

async fn run() -> Result<(), BoxError> {
    println!("Azure Communication Services - Teams user token exchange");

    let (connection_string, entra_token, client_id, user_object_id, emulator) =
        match ConnectionString::from_env() {
            Ok(connection_string) => (
                connection_string,
                env("ACS_TEAMS_ENTRA_TOKEN")?,
                env("ACS_TEAMS_CLIENT_ID")?,
                env("ACS_TEAMS_USER_OBJECT_ID")?,
                None,
            ),
            Err(acs_auth::Error::ConnectionStringNotInEnvironment) => {
                let emulator = acs_emulator::Emulator::builder().start().await?;
                println!(
                    "ACS_CONNECTION_STRING is not set: using the embedded emulator at {} \
                     with a made-up Teams user",
                    emulator.endpoint()
                );
                let (token, client_id, user_object_id) = emulator_teams_user()?;
                let connection_string = ConnectionString::parse(&emulator.connection_string())?;
                (
                    connection_string,
                    token,
                    client_id,
                    user_object_id,
                    Some(emulator),
                )
            }
            Err(error) => {
                return Err(format!(
                    "the connection string in the environment is unusable: {error}"
                )
                .into());
            }
        };

    let client = CommunicationIdentityClient::with_connection_string(&connection_string, None)?;

    // The service checks that the token was issued to `client_id` for `user_object_id`, and
    // issues a Communication Services token that expires with the Entra ID token.
    let token = client
        .get_token_for_teams_user(&entra_token, &client_id, &user_object_id, None)
        .await?;

    let text = token.token.expose_secret();
    let start: String = text.chars().take(12).collect();
    println!(
        "\nExchanged the Teams user's token; the Communication Services token expires at {}:",
        token.expires_on
    );
    println!("{start}… ({} characters)", text.len());
    if let Some(emulator) = emulator {
        emulator.shutdown().await?;
    }
    Ok(())
}
