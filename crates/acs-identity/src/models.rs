//! What the identity operations take and return, beyond plain strings.
//!
//! The scopes and principal types are open enums, so a value this version does not know (a future scope, say) is sent and
//! received unchanged as `UnknownValue(String)`. Users and tokens are the `acs-auth` types the
//! chat client takes as well.

pub use acs_auth::{
    AccessToken, CommunicationIdentifier, CommunicationUserIdentifier, Secret,
    TeamsExtensionUserIdentifier,
};

use acs_core::open_enum;
open_enum! {
    /// A permission granted by an access token: `chat`, `voip`, `chat.join`,
    /// `chat.join.limited`, `voip.join`, or any future scope as
    /// [`UnknownValue`](CommunicationTokenScope::UnknownValue).
    ///
    /// ```
    /// use acs_identity::models::CommunicationTokenScope;
    ///
    /// assert_eq!(CommunicationTokenScope::ChatJoinLimited.as_str(), "chat.join.limited");
    /// assert_eq!(CommunicationTokenScope::from("voip.join"), CommunicationTokenScope::VoipJoin);
    ///
    /// // A scope newer than this crate is kept as it is.
    /// let future = CommunicationTokenScope::from("chat.read");
    /// assert_eq!(future, CommunicationTokenScope::UnknownValue("chat.read".to_owned()));
    /// assert_eq!(future.to_string(), "chat.read");
    /// ```
    pub enum CommunicationTokenScope in acs_identity::models {
        /// `chat`
        Chat => "chat",
        /// `voip`
        Voip => "voip",
        /// `chat.join`
        ChatJoin => "chat.join",
        /// `chat.join.limited`
        ChatJoinLimited => "chat.join.limited",
        /// `voip.join`
        VoipJoin => "voip.join",
    }
}
open_enum! {
    /// The kind of Microsoft Entra ID principal a Teams Phone extension assignment is for: a
    /// Teams `User` or a Teams Phone `ResourceAccount` (or a future kind as `UnknownValue`).
    ///
    /// ```
    /// use acs_identity::models::TeamsExtensionPrincipalType;
    ///
    /// assert_eq!(TeamsExtensionPrincipalType::ResourceAccount.as_str(), "resourceAccount");
    /// assert_eq!(TeamsExtensionPrincipalType::from("user"), TeamsExtensionPrincipalType::User);
    /// ```
    pub enum TeamsExtensionPrincipalType in acs_identity::models {
        /// `resourceAccount`
        ResourceAccount => "resourceAccount",
        /// `user`
        User => "user",
    }
}

/// A new user with an access token, from
/// [`create_user_and_token`](crate::CommunicationIdentityClient::create_user_and_token).
///
/// `Debug` does not show the token.
///
/// ```no_run
/// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
/// use acs_identity::models::CommunicationTokenScope;
///
/// let created = client
///     .create_user_and_token(&[CommunicationTokenScope::Chat], None)
///     .await?;
/// println!("{} (token valid until {})", created.user.id(), created.access_token.expires_on);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommunicationUserIdentifierAndToken {
    /// The new user.
    pub user: CommunicationUserIdentifier,
    /// Its access token.
    pub access_token: AccessToken,
}

/// A Teams Phone extension user with an access token, from
/// [`exchange_teams_extension_token`](crate::CommunicationIdentityClient::exchange_teams_extension_token).
///
/// `Debug` does not show the token.
///
/// ```no_run
/// # async fn example(client: acs_identity::CommunicationIdentityClient, entra_token: &str) -> acs_identity::Result<()> {
/// use acs_identity::models::CommunicationIdentifier;
///
/// let exchanged = client.exchange_teams_extension_token(entra_token, None).await?;
/// if let CommunicationIdentifier::TeamsExtensionUser(user) = &exchanged.user {
///     println!("Teams Phone user {} of tenant {}", user.user_id(), user.tenant_id());
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TeamsExtensionUserAndToken {
    /// The identity, parsed from its raw id: normally a
    /// [`CommunicationIdentifier::TeamsExtensionUser`] (`8:acs:<resource>_<tenant>_<user>`).
    pub user: CommunicationIdentifier,
    /// Its access token.
    pub access_token: AccessToken,
}

/// A Teams Phone extension access assignment: which Entra ID object of which tenant may use
/// Teams Phone through this resource, and from which client applications.
///
/// ```no_run
/// # async fn example(client: acs_identity::CommunicationIdentityClient) -> acs_identity::Result<()> {
/// let assignment = client
///     .get_teams_extension_assignment("<tenant id>", "<object id>", None)
///     .await?;
/// println!("{} may use {:?}", assignment.principal_type, assignment.client_ids);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TeamsExtensionAssignment {
    /// The Entra ID tenant of the object.
    pub tenant_id: String,
    /// The Entra ID object id of the user or resource account.
    pub object_id: String,
    /// Whether the object is a Teams user or a resource account.
    pub principal_type: TeamsExtensionPrincipalType,
    /// The client (application) ids the assignment applies to (empty when the service listed
    /// none).
    pub client_ids: Vec<String>,
}
