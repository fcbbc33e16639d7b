//! `acs identity …`: users, tokens, Teams exchanges and Teams Phone extension assignments.

use acs_auth::ConnectionString;
use acs_identity::models::{CommunicationTokenScope, TeamsExtensionPrincipalType};
use acs_identity::options::{
    CommunicationIdentityClientCreateUserAndTokenOptions,
    CommunicationIdentityClientGetTokenOptions,
    CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions,
};
use acs_identity::{CommunicationIdentityClient, CommunicationIdentityClientOptions, RetryOptions};

use std::time::Duration;

use super::Context;
use crate::cli::{
    AssignmentCommand, IdentityArgs, IdentityCommand, PrincipalType, TeamsExtensionCommand,
    TokenCommand, UserCommand,
};
use crate::exit::Failure;
use crate::json;
use crate::parse;

/// Runs an identity command.
pub(crate) async fn run(context: &Context, args: IdentityArgs) -> Result<(), Failure> {
    let client = client(context, args.connection_string, args.api_version)?;
    match args.command {
        IdentityCommand::User(UserCommand::Create { scopes, expires_in }) => {
            if scopes.is_empty() {
                let user = client.create_user(None).await?;
                context.print(&json::identity(user.id(), None))
            } else {
                let created = client
                    .create_user_and_token(
                        &token_scopes(&scopes)?,
                        Some({
                            let mut options =
                                CommunicationIdentityClientCreateUserAndTokenOptions::default();
                            options.expires_in = lifetime(expires_in)?;
                            options
                        }),
                    )
                    .await?;
                context.print(&json::identity(
                    created.user.id(),
                    Some(&created.access_token),
                ))
            }
        }
        IdentityCommand::User(UserCommand::Delete { id }) => {
            let user = parse::user_id(&id).map_err(Failure::invalid_input)?;
            client.delete_user(&user, None).await?;
            Ok(())
        }
        IdentityCommand::Token(TokenCommand::Issue {
            id,
            scopes,
            expires_in,
        }) => {
            let user = parse::user_id(&id).map_err(Failure::invalid_input)?;
            let token = client
                .get_token(
                    &user,
                    &token_scopes(&scopes)?,
                    Some({
                        let mut options = CommunicationIdentityClientGetTokenOptions::default();
                        options.expires_in = lifetime(expires_in)?;
                        options
                    }),
                )
                .await?;
            context.print(&json::access_token(&token))
        }
        IdentityCommand::Token(TokenCommand::Revoke { id }) => {
            let user = parse::user_id(&id).map_err(Failure::invalid_input)?;
            client.revoke_tokens(&user, None).await?;
            Ok(())
        }
        IdentityCommand::Token(TokenCommand::TeamsExchange {
            entra_token,
            client_id,
            user_object_id,
        }) => {
            let token = client
                .get_token_for_teams_user(&entra_token, &client_id, &user_object_id, None)
                .await?;
            context.print(&json::access_token(&token))
        }
        IdentityCommand::TeamsExtension(TeamsExtensionCommand::Exchange { entra_token }) => {
            let exchanged = client
                .exchange_teams_extension_token(&entra_token, None)
                .await?;
            context.print(&json::identity(
                exchanged.user.raw_id(),
                Some(&exchanged.access_token),
            ))
        }
        IdentityCommand::TeamsExtension(TeamsExtensionCommand::Assignment(command)) => {
            assignment(context, &client, command).await
        }
    }
}

async fn assignment(
    context: &Context,
    client: &CommunicationIdentityClient,
    command: AssignmentCommand,
) -> Result<(), Failure> {
    match command {
        AssignmentCommand::Get(target) => {
            let assignment = client
                .get_teams_extension_assignment(&target.tenant_id, &target.object_id, None)
                .await?;
            context.print(&json::assignment(&assignment))
        }
        AssignmentCommand::Set {
            target,
            principal_type,
            client_ids,
        } => {
            let principal_type = match principal_type {
                PrincipalType::User => TeamsExtensionPrincipalType::User,
                PrincipalType::ResourceAccount => TeamsExtensionPrincipalType::ResourceAccount,
            };
            let assignment = client
                .upsert_teams_extension_assignment(
                    &target.tenant_id,
                    &target.object_id,
                    principal_type,
                    Some(
                        {
 let mut options = CommunicationIdentityClientUpsertTeamsExtensionAssignmentOptions::default();
 options.client_ids = client_ids;
 options
 },
                    ),
                )
                .await?;
            context.print(&json::assignment(&assignment))
        }
        AssignmentCommand::Delete(target) => {
            client
                .delete_teams_extension_assignment(&target.tenant_id, &target.object_id, None)
                .await?;
            Ok(())
        }
    }
}

/// The variables a connection string is read from when `--connection-string` is not given,
/// in order: ours, the other SDKs' samples', the Azure CLI's.
pub(crate) const CONNECTION_STRING_VARIABLES: [&str; 3] = [
    "ACS_CONNECTION_STRING",
    "COMMUNICATION_SERVICES_CONNECTION_STRING",
    "AZURE_COMMUNICATION_CONNECTION_STRING",
];

/// The identity client, from `--connection-string` or the first non-blank of
/// [`CONNECTION_STRING_VARIABLES`].
fn client(
    context: &Context,
    connection_string: Option<String>,
    api_version: Option<acs_identity::options::IdentityApiVersion>,
) -> Result<CommunicationIdentityClient, Failure> {
    let connection_string = connection_string
        .filter(|value| !value.trim().is_empty())
        .or_else(|| super::first_variable(&CONNECTION_STRING_VARIABLES))
        .ok_or_else(|| {
            Failure::credential(format!(
                "the identity commands need a connection string: pass --connection-string or \
                 set {}",
                CONNECTION_STRING_VARIABLES.join(" or ")
            ))
        })?;
    // acs-auth's messages name the faulty part, never the key or the whole string.
    let connection_string = ConnectionString::parse(&connection_string)
        .map_err(|error| Failure::credential(format!("invalid connection string: {error}")))?;
    let mut options = {
        let mut options = CommunicationIdentityClientOptions::default();
        options.retry = {
            let mut options = RetryOptions::default();
            options.max_retries = context.retries;
            options
        };
        options.http_client = context.http_client.clone();
        options
    };
    if let Some(api_version) = api_version {
        options.api_version = api_version;
    }
    if context.timeout.is_some() {
        options.timeout = context.timeout;
    }
    Ok(CommunicationIdentityClient::with_connection_string(
        &connection_string,
        Some(options),
    )?)
}

/// The shortest and longest `--expires-in` the service accepts.
const LIFETIMES: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(3_600)..=Duration::from_secs(86_400);

/// `--expires-in`, checked against the range the service accepts.
fn lifetime(expires_in: Option<Duration>) -> Result<Option<Duration>, Failure> {
    match expires_in {
        Some(lifetime) if !LIFETIMES.contains(&lifetime) => Err(Failure::invalid_input(format!(
            "--expires-in must be between 1h and 24h, got {}",
            parse::format_duration(lifetime)
        ))),
        other => Ok(other),
    }
}

/// Scopes from `--scopes` (unknown scopes are sent as they are, for the service to judge).
fn token_scopes(scopes: &[String]) -> Result<Vec<CommunicationTokenScope>, Failure> {
    scopes
        .iter()
        .map(|scope| {
            let scope = scope.trim();
            if scope.is_empty() {
                Err(Failure::invalid_input(
                    "a scope is empty: list scopes as `chat,voip`",
                ))
            } else {
                Ok(CommunicationTokenScope::from(scope))
            }
        })
        .collect()
}
