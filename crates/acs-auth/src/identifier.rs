//! [`CommunicationIdentifier`]: who takes part in a conversation, and its raw id encoding.
//!
//! Every identifier has a raw id, a single string that encodes its kind and fields and can be
//! stored as a key. Raw ids follow the rules of the JavaScript and .NET SDKs:
//!
//! | raw id | identifier |
//! |---|---|
//! | `4:<phone>` | [`PhoneNumberIdentifier`]; `4:anonymous` is anonymous, the text after the last `_` is the asserted id |
//! | `8:acs:<r>_<t>_<u>`, `8:dod-acs:…`, `8:gcch-acs:…` (exactly three `_`-separated parts) | [`TeamsExtensionUserIdentifier`] (resource, tenant, user) |
//! | `8:acs:<id>`, `8:dod-acs:<id>`, `8:gcch-acs:<id>`, `8:spool:<id>` | [`CommunicationUserIdentifier`] (the id is the whole raw id) |
//! | `8:teamsvisitor:<id>` | anonymous [`MicrosoftTeamsUserIdentifier`] |
//! | `8:orgid:<id>`, `8:dod:<id>`, `8:gcch:<id>` | [`MicrosoftTeamsUserIdentifier`] in the public, DoD or GCCH cloud |
//! | `28:orgid:<id>`, `28:dod:<id>`, `28:gcch:<id>` | [`MicrosoftTeamsAppIdentifier`] in the public, DoD or GCCH cloud |
//! | anything else | [`UnknownIdentifier`] |
//!
//! Apart from phone numbers, a raw id must have exactly three `:`-separated parts to be
//! recognised (so `8:acs:a:b` is unknown). Identifiers compare equal when they are of the same
//! kind and have the same raw id. Ids are not secrets: `Display` prints the raw id.

mod cloud;

use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

pub use cloud::CommunicationCloudEnvironment;

const PHONE: &str = "4:";
const TEAMS_USER_ANONYMOUS: &str = "8:teamsvisitor:";
const TEAMS_USER_PUBLIC: &str = "8:orgid:";
const TEAMS_USER_DOD: &str = "8:dod:";
const TEAMS_USER_GCCH: &str = "8:gcch:";
const ACS_USER_PUBLIC: &str = "8:acs:";
const ACS_USER_DOD: &str = "8:dod-acs:";
const ACS_USER_GCCH: &str = "8:gcch-acs:";
const SPOOL_USER: &str = "8:spool:";
const TEAMS_APP_PUBLIC: &str = "28:orgid:";
const TEAMS_APP_DOD: &str = "28:dod:";
const TEAMS_APP_GCCH: &str = "28:gcch:";
const ANONYMOUS_PHONE: &str = "4:anonymous";

/// Implements equality, hashing and `Display` by raw id for an identifier struct.
macro_rules! by_raw_id {
    ($type:ty) => {
        impl PartialEq for $type {
            fn eq(&self, other: &Self) -> bool {
                self.raw_id() == other.raw_id()
            }
        }

        impl Eq for $type {}

        impl Hash for $type {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.raw_id().hash(state);
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.raw_id())
            }
        }
    };
}

/// A Communication Services user, e.g. `8:acs:<resource id>_<user id>`. Its id is its raw id.
///
/// ```
/// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
///
/// let user = CommunicationUserIdentifier::new("8:acs:resource_user");
/// assert_eq!(CommunicationIdentifier::from(user).raw_id(), "8:acs:resource_user");
/// ```
#[derive(Debug, Clone)]
pub struct CommunicationUserIdentifier {
    id: String,
}

impl CommunicationUserIdentifier {
    /// A user with this id (as the identity service returned it).
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let user = CommunicationUserIdentifier::new("8:acs:resource_user");
    /// assert_eq!(user.id(), "8:acs:resource_user");
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }

    /// The user id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(CommunicationUserIdentifier::new("8:acs:r_u").id(), "8:acs:r_u");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The raw id: the user id itself.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(CommunicationUserIdentifier::new("8:acs:r_u").raw_id(), "8:acs:r_u");
    /// ```
    pub fn raw_id(&self) -> &str {
        &self.id
    }
}

by_raw_id!(CommunicationUserIdentifier);

/// A phone number. Its raw id is `4:` followed by the number as given (E.164, e.g.
/// `+14255550123`), unless an explicit raw id is set.
///
/// ```
/// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
///
/// let phone = PhoneNumberIdentifier::new("+14255550123");
/// assert_eq!(phone.raw_id(), "4:+14255550123");
/// ```
#[derive(Debug, Clone)]
pub struct PhoneNumberIdentifier {
    phone_number: String,
    raw_id: String,
    is_anonymous: bool,
    asserted_id: Option<String>,
}

impl PhoneNumberIdentifier {
    /// A phone number, raw id `4:<phone_number>`.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(PhoneNumberIdentifier::new("+14255550123").raw_id(), "4:+14255550123");
    /// ```
    pub fn new(phone_number: impl Into<String>) -> Self {
        let phone_number = phone_number.into();
        let raw_id = format!("{PHONE}{phone_number}");
        Self::from_parts(phone_number, raw_id)
    }

    /// The same phone number with the raw id the service gave it; whether it is anonymous and
    /// its asserted id are read from the raw id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let phone = PhoneNumberIdentifier::new("+14255550123").with_raw_id("4:+14255550123_a1");
    /// assert_eq!(phone.asserted_id(), Some("a1"));
    /// ```
    #[must_use]
    pub fn with_raw_id(self, raw_id: impl Into<String>) -> Self {
        Self::from_parts(self.phone_number, raw_id.into())
    }

    /// The same phone number, anonymous or not as the service says (its `isAnonymous`), whatever
    /// the raw id suggests.
    ///
    /// ```
    /// use acs_auth::PhoneNumberIdentifier;
    ///
    /// let phone = PhoneNumberIdentifier::new("+14255550123").with_anonymous(true);
    /// assert!(phone.is_anonymous());
    /// assert_eq!(phone.raw_id(), "4:+14255550123");
    /// ```
    #[must_use]
    pub fn with_anonymous(mut self, is_anonymous: bool) -> Self {
        self.is_anonymous = is_anonymous;
        self
    }

    /// The same phone number with the asserted id the service gave (its `assertedId`), whatever
    /// the raw id suggests.
    ///
    /// ```
    /// use acs_auth::PhoneNumberIdentifier;
    ///
    /// let phone = PhoneNumberIdentifier::new("+14255550123").with_asserted_id("a1b2");
    /// assert_eq!(phone.asserted_id(), Some("a1b2"));
    /// ```
    #[must_use]
    pub fn with_asserted_id(mut self, asserted_id: impl Into<String>) -> Self {
        self.asserted_id = Some(asserted_id.into());
        self
    }

    fn from_parts(phone_number: String, raw_id: String) -> Self {
        let is_anonymous = raw_id == ANONYMOUS_PHONE;
        let asserted_id = raw_id
            .strip_prefix(PHONE)
            .and_then(|number| number.rsplit_once('_'))
            .map(|(_, asserted)| asserted)
            .filter(|asserted| !asserted.is_empty())
            .map(str::to_owned);
        Self {
            phone_number,
            raw_id,
            is_anonymous,
            asserted_id,
        }
    }

    /// The phone number (for an identifier parsed from a raw id: everything after `4:`).
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(PhoneNumberIdentifier::new("+14255550123").phone_number(), "+14255550123");
    /// ```
    pub fn phone_number(&self) -> &str {
        &self.phone_number
    }

    /// Whether the number is hidden (raw id `4:anonymous`, or as the service said, see
    /// [`with_anonymous`](Self::with_anonymous)).
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let CommunicationIdentifier::PhoneNumber(phone) = CommunicationIdentifier::from_raw_id("4:anonymous") else { unreachable!() };
    /// assert!(phone.is_anonymous());
    /// assert!(!PhoneNumberIdentifier::new("+14255550123").is_anonymous());
    /// ```
    pub fn is_anonymous(&self) -> bool {
        self.is_anonymous
    }

    /// The asserted id, which tells apart several connections through the same number: the one
    /// the service gave ([`with_asserted_id`](Self::with_asserted_id)), otherwise the text after
    /// the last `_` of the raw id, if any.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let phone = PhoneNumberIdentifier::new("+14255550123").with_raw_id("4:+14255550123_a1");
    /// assert_eq!(phone.asserted_id(), Some("a1"));
    /// assert_eq!(PhoneNumberIdentifier::new("+14255550123").asserted_id(), None);
    /// ```
    pub fn asserted_id(&self) -> Option<&str> {
        self.asserted_id.as_deref()
    }

    /// The raw id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(PhoneNumberIdentifier::new("+1425").raw_id(), "4:+1425");
    /// ```
    pub fn raw_id(&self) -> &str {
        &self.raw_id
    }
}

by_raw_id!(PhoneNumberIdentifier);

/// A Microsoft Teams user: raw id `8:orgid:`/`8:dod:`/`8:gcch:` by cloud, or
/// `8:teamsvisitor:` when anonymous, followed by the user id.
///
/// ```
/// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
///
/// let user = MicrosoftTeamsUserIdentifier::new("00000000-0000-0000-0000-0000000000a1", false, Cloud::Public);
/// assert_eq!(user.raw_id(), "8:orgid:00000000-0000-0000-0000-0000000000a1");
/// ```
#[derive(Debug, Clone)]
pub struct MicrosoftTeamsUserIdentifier {
    user_id: String,
    is_anonymous: bool,
    cloud: CommunicationCloudEnvironment,
    raw_id: String,
}

impl MicrosoftTeamsUserIdentifier {
    /// A Teams user. For an anonymous user the cloud is not part of the raw id (a parsed
    /// anonymous user is in the public cloud).
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let user = MicrosoftTeamsUserIdentifier::new("oid", false, Cloud::Gcch);
    /// assert_eq!(user.raw_id(), "8:gcch:oid");
    /// let visitor = MicrosoftTeamsUserIdentifier::new("visitor", true, Cloud::Public);
    /// assert_eq!(visitor.raw_id(), "8:teamsvisitor:visitor");
    /// ```
    pub fn new(
        user_id: impl Into<String>,
        is_anonymous: bool,
        cloud: CommunicationCloudEnvironment,
    ) -> Self {
        let user_id = user_id.into();
        let prefix = if is_anonymous {
            TEAMS_USER_ANONYMOUS
        } else if cloud.is_dod() {
            TEAMS_USER_DOD
        } else if cloud.is_gcch() {
            TEAMS_USER_GCCH
        } else {
            TEAMS_USER_PUBLIC
        };
        Self {
            raw_id: format!("{prefix}{user_id}"),
            user_id,
            is_anonymous,
            cloud,
        }
    }

    /// The same user with the raw id the service gave it.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let user = MicrosoftTeamsUserIdentifier::new("oid", false, Cloud::Public).with_raw_id("8:orgid:oid");
    /// assert_eq!(user.raw_id(), "8:orgid:oid");
    /// ```
    #[must_use]
    pub fn with_raw_id(mut self, raw_id: impl Into<String>) -> Self {
        self.raw_id = raw_id.into();
        self
    }

    /// The user id: the Entra ID object id, or the visitor id of an anonymous user.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(MicrosoftTeamsUserIdentifier::new("oid", false, Cloud::Public).user_id(), "oid");
    /// ```
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// Whether the user is anonymous (e.g. joined a meeting through a link).
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert!(MicrosoftTeamsUserIdentifier::new("v", true, Cloud::Public).is_anonymous());
    /// ```
    pub fn is_anonymous(&self) -> bool {
        self.is_anonymous
    }

    /// The cloud the user belongs to.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(MicrosoftTeamsUserIdentifier::new("oid", false, Cloud::Dod).cloud(), &Cloud::Dod);
    /// ```
    pub fn cloud(&self) -> &CommunicationCloudEnvironment {
        &self.cloud
    }

    /// The raw id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(MicrosoftTeamsUserIdentifier::new("oid", false, Cloud::Dod).raw_id(), "8:dod:oid");
    /// ```
    pub fn raw_id(&self) -> &str {
        &self.raw_id
    }
}

by_raw_id!(MicrosoftTeamsUserIdentifier);

/// A Microsoft Teams app (formerly bot): raw id `28:orgid:`/`28:dod:`/`28:gcch:` by cloud,
/// followed by the app id.
///
/// ```
/// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
///
/// let app = MicrosoftTeamsAppIdentifier::new("app", Cloud::Public);
/// assert_eq!(CommunicationIdentifier::from_raw_id(app.raw_id()), app.into());
/// ```
#[derive(Debug, Clone)]
pub struct MicrosoftTeamsAppIdentifier {
    app_id: String,
    cloud: CommunicationCloudEnvironment,
    raw_id: String,
}

impl MicrosoftTeamsAppIdentifier {
    /// A Teams app.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let app = MicrosoftTeamsAppIdentifier::new("app", Cloud::Public);
    /// assert_eq!(app.app_id(), "app");
    /// ```
    pub fn new(app_id: impl Into<String>, cloud: CommunicationCloudEnvironment) -> Self {
        let app_id = app_id.into();
        let prefix = if cloud.is_dod() {
            TEAMS_APP_DOD
        } else if cloud.is_gcch() {
            TEAMS_APP_GCCH
        } else {
            TEAMS_APP_PUBLIC
        };
        Self {
            raw_id: format!("{prefix}{app_id}"),
            app_id,
            cloud,
        }
    }

    /// The same app with the raw id the service gave it.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let app = MicrosoftTeamsAppIdentifier::new("app", Cloud::Public).with_raw_id("28:orgid:app");
    /// assert_eq!(app.raw_id(), "28:orgid:app");
    /// ```
    #[must_use]
    pub fn with_raw_id(mut self, raw_id: impl Into<String>) -> Self {
        self.raw_id = raw_id.into();
        self
    }

    /// The app id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(MicrosoftTeamsAppIdentifier::new("app", Cloud::Public).app_id(), "app");
    /// ```
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The cloud the app belongs to.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(MicrosoftTeamsAppIdentifier::new("app", Cloud::Gcch).cloud(), &Cloud::Gcch);
    /// ```
    pub fn cloud(&self) -> &CommunicationCloudEnvironment {
        &self.cloud
    }

    /// The raw id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let app = MicrosoftTeamsAppIdentifier::new("app", Cloud::Public);
    /// assert!(app.raw_id().ends_with("app"));
    /// ```
    pub fn raw_id(&self) -> &str {
        &self.raw_id
    }
}

by_raw_id!(MicrosoftTeamsAppIdentifier);

/// A Teams Phone extension user: raw id `8:acs:`/`8:dod-acs:`/`8:gcch-acs:` by cloud, followed
/// by `<resource id>_<tenant id>_<user id>`.
///
/// ```
/// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
///
/// let user = TeamsExtensionUserIdentifier::new("user", "tenant", "resource", Cloud::Public);
/// assert_eq!(user.raw_id(), "8:acs:resource_tenant_user");
/// ```
#[derive(Debug, Clone)]
pub struct TeamsExtensionUserIdentifier {
    user_id: String,
    tenant_id: String,
    resource_id: String,
    cloud: CommunicationCloudEnvironment,
    raw_id: String,
}

impl TeamsExtensionUserIdentifier {
    /// A Teams extension user.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let user = TeamsExtensionUserIdentifier::new("user", "tenant", "resource", Cloud::Dod);
    /// assert_eq!(user.raw_id(), "8:dod-acs:resource_tenant_user");
    /// ```
    pub fn new(
        user_id: impl Into<String>,
        tenant_id: impl Into<String>,
        resource_id: impl Into<String>,
        cloud: CommunicationCloudEnvironment,
    ) -> Self {
        let (user_id, tenant_id, resource_id) =
            (user_id.into(), tenant_id.into(), resource_id.into());
        let prefix = if cloud.is_dod() {
            ACS_USER_DOD
        } else if cloud.is_gcch() {
            ACS_USER_GCCH
        } else {
            ACS_USER_PUBLIC
        };
        Self {
            raw_id: format!("{prefix}{resource_id}_{tenant_id}_{user_id}"),
            user_id,
            tenant_id,
            resource_id,
            cloud,
        }
    }

    /// The same user with the raw id the service gave it.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let user = TeamsExtensionUserIdentifier::new("u", "t", "r", Cloud::Public).with_raw_id("8:acs:r_t_u");
    /// assert_eq!(user.raw_id(), "8:acs:r_t_u");
    /// ```
    #[must_use]
    pub fn with_raw_id(mut self, raw_id: impl Into<String>) -> Self {
        self.raw_id = raw_id.into();
        self
    }

    /// The Entra ID object id of the user.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(TeamsExtensionUserIdentifier::new("u", "t", "r", Cloud::Public).user_id(), "u");
    /// ```
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The Entra ID tenant id of the user.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(TeamsExtensionUserIdentifier::new("u", "t", "r", Cloud::Public).tenant_id(), "t");
    /// ```
    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    /// The Communication Services resource id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(TeamsExtensionUserIdentifier::new("u", "t", "r", Cloud::Public).resource_id(), "r");
    /// ```
    pub fn resource_id(&self) -> &str {
        &self.resource_id
    }

    /// The cloud the user belongs to.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(TeamsExtensionUserIdentifier::new("u", "t", "r", Cloud::Gcch).cloud(), &Cloud::Gcch);
    /// ```
    pub fn cloud(&self) -> &CommunicationCloudEnvironment {
        &self.cloud
    }

    /// The raw id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(TeamsExtensionUserIdentifier::new("u", "t", "r", Cloud::Gcch).raw_id(), "8:gcch-acs:r_t_u");
    /// ```
    pub fn raw_id(&self) -> &str {
        &self.raw_id
    }
}

by_raw_id!(TeamsExtensionUserIdentifier);

/// An identifier of a kind this crate does not recognise. Its id is its raw id.
///
/// ```
/// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
///
/// let unknown = UnknownIdentifier::new("something:new");
/// assert_eq!(CommunicationIdentifier::from_raw_id("something:new"), unknown.into());
/// ```
#[derive(Debug, Clone)]
pub struct UnknownIdentifier {
    id: String,
}

impl UnknownIdentifier {
    /// An unknown identifier with this raw id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(UnknownIdentifier::new("x:y").id(), "x:y");
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }

    /// The id.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(UnknownIdentifier::new("x:y").id(), "x:y");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The raw id: the id itself.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// assert_eq!(UnknownIdentifier::new("x:y").raw_id(), "x:y");
    /// ```
    pub fn raw_id(&self) -> &str {
        &self.id
    }
}

by_raw_id!(UnknownIdentifier);

/// A participant in Communication Services: one of the identifier kinds.
///
/// ```
/// use acs_auth::{CommunicationCloudEnvironment, CommunicationIdentifier, MicrosoftTeamsUserIdentifier};
///
/// let id = CommunicationIdentifier::from_raw_id("8:gcch:00000000-0000-0000-0000-000000000001");
/// let CommunicationIdentifier::MicrosoftTeamsUser(user) = &id else { panic!("{id:?}") };
/// assert_eq!(user.user_id(), "00000000-0000-0000-0000-000000000001");
/// assert_eq!(user.cloud(), &CommunicationCloudEnvironment::Gcch);
///
/// let built: CommunicationIdentifier = MicrosoftTeamsUserIdentifier::new(
///     "00000000-0000-0000-0000-000000000001",
///     false,
///     CommunicationCloudEnvironment::Gcch,
/// )
/// .into();
/// assert_eq!(built, id);
/// assert_eq!(built.to_string(), "8:gcch:00000000-0000-0000-0000-000000000001");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommunicationIdentifier {
    /// A Communication Services user.
    CommunicationUser(CommunicationUserIdentifier),
    /// A phone number.
    PhoneNumber(PhoneNumberIdentifier),
    /// A Microsoft Teams user.
    MicrosoftTeamsUser(MicrosoftTeamsUserIdentifier),
    /// A Microsoft Teams app.
    MicrosoftTeamsApp(MicrosoftTeamsAppIdentifier),
    /// A Teams Phone extension user.
    TeamsExtensionUser(TeamsExtensionUserIdentifier),
    /// Anything else.
    Unknown(UnknownIdentifier),
}

impl CommunicationIdentifier {
    /// The raw id, which encodes the kind and fields (see the [module docs](self)).
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let id: CommunicationIdentifier = PhoneNumberIdentifier::new("+14255550123").into();
    /// assert_eq!(id.raw_id(), "4:+14255550123");
    /// ```
    pub fn raw_id(&self) -> &str {
        match self {
            Self::CommunicationUser(id) => id.raw_id(),
            Self::PhoneNumber(id) => id.raw_id(),
            Self::MicrosoftTeamsUser(id) => id.raw_id(),
            Self::MicrosoftTeamsApp(id) => id.raw_id(),
            Self::TeamsExtensionUser(id) => id.raw_id(),
            Self::Unknown(id) => id.raw_id(),
        }
    }

    /// The identifier a raw id encodes. Never fails: anything unrecognised (including the
    /// empty string) is an [`Unknown`](Self::Unknown) identifier.
    ///
    /// ```
    /// use acs_auth::{CommunicationCloudEnvironment as Cloud, CommunicationIdentifier, CommunicationUserIdentifier, MicrosoftTeamsAppIdentifier, MicrosoftTeamsUserIdentifier, PhoneNumberIdentifier, TeamsExtensionUserIdentifier, UnknownIdentifier};
    ///
    /// let id = CommunicationIdentifier::from_raw_id("8:orgid:oid");
    /// assert!(matches!(id, CommunicationIdentifier::MicrosoftTeamsUser(_)));
    /// assert!(matches!(CommunicationIdentifier::from_raw_id(""), CommunicationIdentifier::Unknown(_)));
    /// ```
    pub fn from_raw_id(raw_id: &str) -> Self {
        if let Some(phone_number) = raw_id.strip_prefix(PHONE) {
            return PhoneNumberIdentifier::new(phone_number)
                .with_raw_id(raw_id)
                .into();
        }
        let mut segments = raw_id.split(':');
        let (Some(kind), Some(scope), Some(suffix), None) = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) else {
            return UnknownIdentifier::new(raw_id).into();
        };
        let prefix = &raw_id[..kind.len() + scope.len() + 2];
        let teams_user = |anonymous, cloud| {
            MicrosoftTeamsUserIdentifier::new(suffix, anonymous, cloud)
                .with_raw_id(raw_id)
                .into()
        };
        let teams_app = |cloud| {
            MicrosoftTeamsAppIdentifier::new(suffix, cloud)
                .with_raw_id(raw_id)
                .into()
        };
        use CommunicationCloudEnvironment::{Dod, Gcch, Public};
        match prefix {
            TEAMS_USER_ANONYMOUS => teams_user(true, Public),
            TEAMS_USER_PUBLIC => teams_user(false, Public),
            TEAMS_USER_DOD => teams_user(false, Dod),
            TEAMS_USER_GCCH => teams_user(false, Gcch),
            ACS_USER_PUBLIC | ACS_USER_DOD | ACS_USER_GCCH => {
                teams_extension_user(prefix, suffix, raw_id)
                    .unwrap_or_else(|| CommunicationUserIdentifier::new(raw_id).into())
            }
            SPOOL_USER => CommunicationUserIdentifier::new(raw_id).into(),
            TEAMS_APP_PUBLIC => teams_app(Public),
            TEAMS_APP_DOD => teams_app(Dod),
            TEAMS_APP_GCCH => teams_app(Gcch),
            _ => UnknownIdentifier::new(raw_id).into(),
        }
    }
}

/// `<resource>_<tenant>_<user>` after an ACS user prefix, when it has exactly three parts.
fn teams_extension_user(
    prefix: &str,
    suffix: &str,
    raw_id: &str,
) -> Option<CommunicationIdentifier> {
    let mut parts = suffix.split('_');
    let (Some(resource_id), Some(tenant_id), Some(user_id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let cloud = match prefix {
        ACS_USER_DOD => CommunicationCloudEnvironment::Dod,
        ACS_USER_GCCH => CommunicationCloudEnvironment::Gcch,
        _ => CommunicationCloudEnvironment::Public,
    };
    Some(
        TeamsExtensionUserIdentifier::new(user_id, tenant_id, resource_id, cloud)
            .with_raw_id(raw_id)
            .into(),
    )
}

impl fmt::Display for CommunicationIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.raw_id())
    }
}

impl FromStr for CommunicationIdentifier {
    type Err = Infallible;

    /// Same as [`CommunicationIdentifier::from_raw_id`].
    fn from_str(raw_id: &str) -> Result<Self, Infallible> {
        Ok(Self::from_raw_id(raw_id))
    }
}

macro_rules! into_identifier {
    ($variant:ident, $type:ty) => {
        impl From<$type> for CommunicationIdentifier {
            fn from(identifier: $type) -> Self {
                Self::$variant(identifier)
            }
        }

        impl From<&$type> for CommunicationIdentifier {
            fn from(identifier: &$type) -> Self {
                Self::$variant(identifier.clone())
            }
        }
    };
}

impl From<&CommunicationIdentifier> for CommunicationIdentifier {
    fn from(identifier: &CommunicationIdentifier) -> Self {
        identifier.clone()
    }
}

into_identifier!(CommunicationUser, CommunicationUserIdentifier);
into_identifier!(PhoneNumber, PhoneNumberIdentifier);
into_identifier!(MicrosoftTeamsUser, MicrosoftTeamsUserIdentifier);
into_identifier!(MicrosoftTeamsApp, MicrosoftTeamsAppIdentifier);
into_identifier!(TeamsExtensionUser, TeamsExtensionUserIdentifier);
into_identifier!(Unknown, UnknownIdentifier);

#[cfg(test)]
mod tests {
    use super::*;
    use CommunicationCloudEnvironment::{Dod, Gcch, Public};

    fn parse(raw: &str) -> CommunicationIdentifier {
        CommunicationIdentifier::from_raw_id(raw)
    }

    #[test]
    fn communication_users() {
        for raw in [
            "8:acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_45ab2481-1c1c-4005-be24-0ffb879b1130",
            "8:dod-acs:x_y",
            "8:gcch-acs:plain",
            "8:spool:a_b_c",
            "8:acs:",
        ] {
            let CommunicationIdentifier::CommunicationUser(user) = parse(raw) else {
                panic!("{raw}");
            };
            assert_eq!(user.id(), raw);
        }
    }

    #[test]
    fn teams_extension_users() {
        for (raw, cloud) in [
            ("8:acs:res_ten_usr", Public),
            ("8:dod-acs:res_ten_usr", Dod),
            ("8:gcch-acs:res_ten_usr", Gcch),
        ] {
            let CommunicationIdentifier::TeamsExtensionUser(user) = parse(raw) else {
                panic!("{raw}");
            };
            assert_eq!(
                (user.resource_id(), user.tenant_id(), user.user_id()),
                ("res", "ten", "usr")
            );
            assert_eq!(user.cloud(), &cloud);
            assert_eq!(user.raw_id(), raw);
        }
        // `8:spool:` never holds extension users.
        assert!(matches!(
            parse("8:spool:r_t_u"),
            CommunicationIdentifier::CommunicationUser(_)
        ));
    }

    #[test]
    fn phone_numbers() {
        let CommunicationIdentifier::PhoneNumber(phone) = parse("4:+14255550123") else {
            panic!()
        };
        assert_eq!(phone.phone_number(), "+14255550123");
        assert!(!phone.is_anonymous());
        assert_eq!(phone.asserted_id(), None);

        let CommunicationIdentifier::PhoneNumber(phone) = parse("4:anonymous") else {
            panic!()
        };
        assert!(phone.is_anonymous());

        let CommunicationIdentifier::PhoneNumber(phone) = parse("4:+1425_a_b_asserted") else {
            panic!()
        };
        assert_eq!(phone.asserted_id(), Some("asserted"));
        assert_eq!(phone.phone_number(), "+1425_a_b_asserted");

        let CommunicationIdentifier::PhoneNumber(phone) = parse("4:+1425_") else {
            panic!()
        };
        assert_eq!(phone.asserted_id(), None);

        // Phone numbers are recognised by prefix alone, whatever follows.
        assert!(matches!(
            parse("4:a:b:c"),
            CommunicationIdentifier::PhoneNumber(_)
        ));
        assert!(matches!(
            parse("4:"),
            CommunicationIdentifier::PhoneNumber(_)
        ));
    }

    #[test]
    fn phone_number_raw_id_keeps_the_plus() {
        assert_eq!(
            PhoneNumberIdentifier::new("+14255550123").raw_id(),
            "4:+14255550123"
        );
        let explicit = PhoneNumberIdentifier::new("+1425").with_raw_id("4:+1425_xyz");
        assert_eq!(explicit.asserted_id(), Some("xyz"));
        assert_eq!(explicit.phone_number(), "+1425");
    }

    #[test]
    fn teams_users_and_apps() {
        for (raw, anonymous, cloud) in [
            ("8:teamsvisitor:v1", true, Public),
            ("8:orgid:u1", false, Public),
            ("8:dod:u1", false, Dod),
            ("8:gcch:u1", false, Gcch),
        ] {
            let CommunicationIdentifier::MicrosoftTeamsUser(user) = parse(raw) else {
                panic!("{raw}")
            };
            assert_eq!(user.is_anonymous(), anonymous, "{raw}");
            assert_eq!(user.cloud(), &cloud, "{raw}");
            assert_eq!(user.raw_id(), raw);
        }
        for (raw, cloud) in [
            ("28:orgid:a1", Public),
            ("28:dod:a1", Dod),
            ("28:gcch:a1", Gcch),
        ] {
            let CommunicationIdentifier::MicrosoftTeamsApp(app) = parse(raw) else {
                panic!("{raw}")
            };
            assert_eq!(app.app_id(), "a1");
            assert_eq!(app.cloud(), &cloud);
        }
    }

    #[test]
    fn unknown_raw_ids() {
        for raw in [
            "",
            ":",
            "::",
            ":::",
            "8:acs:a:b",
            "8:orgid:a:b",
            "28:orgid",
            "28:dod-global:x",
            "8:unknown:x",
            "hello",
            "48:acs:x",
            "8::x",
            "é:ü:ö",
        ] {
            let id = parse(raw);
            assert!(
                matches!(id, CommunicationIdentifier::Unknown(_)),
                "{raw}: {id:?}"
            );
            assert_eq!(id.raw_id(), raw);
        }
    }

    #[test]
    fn equality_is_by_kind_and_raw_id() {
        let a = CommunicationIdentifier::from(
            MicrosoftTeamsUserIdentifier::new("u", false, Public).with_raw_id("8:orgid:u"),
        );
        assert_eq!(
            a,
            MicrosoftTeamsUserIdentifier::new("u", false, Public).into()
        );
        let unknown = CommunicationIdentifier::from(UnknownIdentifier::new("8:orgid:u"));
        assert_ne!(a, unknown);
    }

    #[test]
    fn other_clouds_use_public_prefixes() {
        let other = CommunicationCloudEnvironment::from("future");
        assert_eq!(
            MicrosoftTeamsUserIdentifier::new("u", false, other.clone()).raw_id(),
            "8:orgid:u"
        );
        assert_eq!(
            MicrosoftTeamsAppIdentifier::new("a", other.clone()).raw_id(),
            "28:orgid:a"
        );
        assert_eq!(
            TeamsExtensionUserIdentifier::new("u", "t", "r", other).raw_id(),
            "8:acs:r_t_u"
        );
        // A known cloud spelled differently still picks its prefix.
        assert_eq!(
            MicrosoftTeamsUserIdentifier::new(
                "u",
                false,
                CommunicationCloudEnvironment::Other("DOD".into())
            )
            .raw_id(),
            "8:dod:u"
        );
    }

    #[test]
    fn display_and_from_str() {
        let id: CommunicationIdentifier = "8:acs:r_t_u".parse().unwrap_or_else(|e| match e {});
        assert_eq!(id.to_string(), "8:acs:r_t_u");
        assert!(matches!(id, CommunicationIdentifier::TeamsExtensionUser(_)));
    }
}
