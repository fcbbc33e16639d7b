//! Create and manage access tokens: the "create and manage access tokens" walkthrough.
//!
//! Creates a user, issues tokens with scopes and a lifetime, refreshes, revokes and deletes.
//!
//! ```sh
//! export ACS_CONNECTION_STRING="endpoint=https://<resource>.communication.azure.com/;accesskey=<key>"
//! cargo run -p acs-identity --example issue_tokens
//! ```
//!
//! The connection string is read from `ACS_CONNECTION_STRING` or
//! `COMMUNICATION_SERVICES_CONNECTION_STRING`.
#![allow(clippy::print_stdout)]

use std::time::Duration;

use acs_auth::ConnectionString;
use acs_identity::models::{AccessToken, CommunicationTokenScope};
use acs_identity::options::{
    CommunicationIdentityClientCreateUserAndTokenOptions,
    CommunicationIdentityClientGetTokenOptions,
};
use acs_identity::{CommunicationIdentityClient, CommunicationIdentityClientOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("Azure Communication Services - Access Tokens Quickstart");

    let connection_string = ConnectionString::from_env()?;
    let client = CommunicationIdentityClient::with_connection_string(
        &connection_string,
        Some({
            let mut options = CommunicationIdentityClientOptions::default();
            options.user_agent_suffix = Some("acs-rs-example/issue-tokens".to_owned());
            options
        }),
    )?;
    println!("Endpoint: {}", client.endpoint());

    // Create an identity.
    let user = client.create_user(None).await?;
    println!("\nCreated an identity with ID: {}", user.id());

    // Issue an access token for it, valid for one hour, with the "voip" scope.
    let token = client
        .get_token(
            &user,
            &[CommunicationTokenScope::Voip],
            Some({
                let mut options = CommunicationIdentityClientGetTokenOptions::default();
                options.expires_in = Some(Duration::from_secs(60 * 60));
                options
            }),
        )
        .await?;
    print_token("Issued an access token with 'voip' scope", &token);

    // Create an identity and issue a token for it in the same request.
    let created = client
        .create_user_and_token(
            &[CommunicationTokenScope::Chat, CommunicationTokenScope::Voip],
            Some({
                let mut options = CommunicationIdentityClientCreateUserAndTokenOptions::default();
                options.expires_in = Some(Duration::from_secs(2 * 60 * 60));
                options
            }),
        )
        .await?;
    println!("\nCreated an identity with ID: {}", created.user.id());
    print_token(
        "Issued an access token with 'chat' and 'voip' scopes",
        &created.access_token,
    );

    // Refresh: issue another token for the same identity (the service's default lifetime,
    // 24 hours, and a scope for joining chats only).
    let refreshed = client
        .get_token(&user, &[CommunicationTokenScope::ChatJoin], None)
        .await?;
    print_token("Refreshed the access token", &refreshed);

    // Revoke every token of the first identity.
    client.revoke_tokens(&user, None).await?;
    println!(
        "\nSuccessfully revoked all access tokens for identity with ID: {}",
        user.id()
    );

    // Delete both identities.
    client.delete_user(&user, None).await?;
    client.delete_user(&created.user, None).await?;
    println!(
        "\nDeleted the identities with IDs: {}, {}",
        user.id(),
        created.user.id()
    );
    Ok(())
}

/// Prints a token's expiry and only the start of the token itself.
fn print_token(what: &str, token: &AccessToken) {
    let text = token.token.expose_secret();
    let start: String = text.chars().take(12).collect();
    println!("\n{what}, expiring at {}:", token.expires_on);
    println!("{start}… ({} characters)", text.len());
}
