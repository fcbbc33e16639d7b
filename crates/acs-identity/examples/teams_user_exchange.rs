//! Teams users: exchange a Teams user's Microsoft Entra ID access token for a Communication
//! Services access token (the "Teams users" walkthrough).
//!
//! Get the Entra ID token for the Teams user with your application first (for example with
//! MSAL and the scope `https://auth.msft.communication.azure.com/Teams.ManageCalls`), then:
//!
//! ```sh
//! export ACS_CONNECTION_STRING="endpoint=https://<resource>.communication.azure.com/;accesskey=<key>"
//! export ACS_TEAMS_ENTRA_TOKEN="<the Teams user's Entra ID access token>"
//! export ACS_TEAMS_CLIENT_ID="<the Entra ID application's client id>"
//! export ACS_TEAMS_USER_OBJECT_ID="<the Teams user's object id>"
//! cargo run -p acs-identity --example teams_user_exchange
//! ```
#![allow(clippy::print_stdout)]

use acs_auth::ConnectionString;
use acs_identity::CommunicationIdentityClient;

/// Reads a required environment variable, naming it when it is missing.
fn env(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| format!("set {name} (see the example's documentation)").into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("Azure Communication Services - Teams user token exchange");

    let connection_string = ConnectionString::from_env()?;
    let entra_token = env("ACS_TEAMS_ENTRA_TOKEN")?;
    let client_id = env("ACS_TEAMS_CLIENT_ID")?;
    let user_object_id = env("ACS_TEAMS_USER_OBJECT_ID")?;

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
    Ok(())
}
