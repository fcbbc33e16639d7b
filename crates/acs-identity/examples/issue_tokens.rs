//! Create and manage access tokens: the "create and manage access tokens" walkthrough.
//!
//! Creates a user, issues tokens with scopes and a lifetime, refreshes, revokes and deletes.
//!
//! ```sh
//! cargo run -p acs-identity --example issue_tokens       # on the embedded emulator
//! export ACS_CONNECTION_STRING="endpoint=https://<resource>.communication.azure.com/;accesskey=<key>"
//! cargo run -p acs-identity --example issue_tokens       # on your resource
//! ```
//!
//! The connection string is read from `ACS_CONNECTION_STRING` or
//! `COMMUNICATION_SERVICES_CONNECTION_STRING`; with neither set, the example starts the
//! embedded emulator (`acs-emulator`) on a loopback port.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example prints what it does"
)]

use std::process::ExitCode;
use std::time::Duration;

use acs_auth::ConnectionString;
use acs_identity::models::{AccessToken, CommunicationTokenScope};
use acs_identity::options::{
    CommunicationIdentityClientCreateUserAndTokenOptions,
    CommunicationIdentityClientGetTokenOptions,
};
use acs_identity::{CommunicationIdentityClient, CommunicationIdentityClientOptions};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

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

/// The resource of the environment's connection string, or an embedded emulator when none is
/// set (returned too, to be shut down at the end).
async fn target() -> Result<(ConnectionString, Option<acs_emulator::RunningEmulator>), BoxError> {
    match ConnectionString::from_env() {
        Ok(connection_string) => Ok((connection_string, None)),
        Err(acs_auth::Error::ConnectionStringNotInEnvironment) => {
            let emulator = acs_emulator::Emulator::builder().start().await?;
            println!(
                "ACS_CONNECTION_STRING is not set: using the embedded emulator at {}",
                emulator.endpoint()
            );
            let connection_string = ConnectionString::parse(&emulator.connection_string())?;
            Ok((connection_string, Some(emulator)))
        }
        // The message names the faulty part, never the key.
        Err(error) => {
            Err(format!("the connection string in the environment is unusable: {error}").into())
        }
    }
}

async fn run() -> Result<(), BoxError> {
    println!("Azure Communication Services - Access Tokens Quickstart");

    let (connection_string, emulator) = target().await?;
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
    if let Some(emulator) = emulator {
        emulator.shutdown().await?;
    }
    Ok(())
}

/// Prints a token's expiry and only the start of the token itself.
fn print_token(what: &str, token: &AccessToken) {
    let text = token.token.expose_secret();
    let start: String = text.chars().take(12).collect();
    println!("\n{what}, expiring at {}:", token.expires_on);
    println!("{start}… ({} characters)", text.len());
}
