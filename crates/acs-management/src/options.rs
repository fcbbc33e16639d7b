//! Options of the client ([`ManagementClientOptions`]) and of its operations.
//!
//! One design for every options struct of acs-rs: public fields, [`Default`], and
//! `#[non_exhaustive]` (so fields can be added without breaking you). Start from `default()`
//! and chain the `with_*` setters, or assign fields of a `mut` value. Every per-operation
//! options struct has a `call` field ([`CallOptions`]: a per-call timeout and extra headers);
//! the operations of the four resource clients share the option structs by kind of operation
//! (get, create or update, update, delete, list, action):
//!
//! ```
//! use std::time::Duration;
//! use acs_management::CallOptions;
//! use acs_management::options::{ListOptions, ManagementClientOptions};
//!
//! let client_options = ManagementClientOptions::default()
//!     .with_endpoint("https://127.0.0.1:8443")
//!     .with_min_poll_interval(Duration::from_millis(500));
//! # let _ = client_options;
//! let options = ListOptions::default()
//!     .with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
//!
//! let mut same = ListOptions::default();
//! same.call.timeout = Some(Duration::from_secs(5));
//! assert_eq!(options, same);
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use acs_auth::Clock;
use acs_core::{CallOptions, RetryOptions};

/// The Azure Resource Manager endpoint of the public Azure cloud.
///
/// ```
/// assert_eq!(acs_management::options::AZURE_PUBLIC_CLOUD, "https://management.azure.com");
/// ```
pub const AZURE_PUBLIC_CLOUD: &str = "https://management.azure.com";

/// Options of a [`ManagementClient`](crate::ManagementClient).
///
/// ```
/// use std::time::Duration;
/// use acs_management::{ManagementClientOptions, RetryOptions};
///
/// let options = ManagementClientOptions::default()
///     .with_retry(RetryOptions::default().with_max_retries(5))
///     .with_timeout(Duration::from_secs(10))
///     .with_user_agent_suffix("provisioner/1.0")
///     .with_correlation_request_id("0f8fad5b-d9cb-469f-a165-70867728950e");
/// assert_eq!(options.endpoint, "https://management.azure.com");
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct ManagementClientOptions {
    /// The Azure Resource Manager endpoint (default [`AZURE_PUBLIC_CLOUD`]); another cloud's
    /// (`https://management.chinacloudapi.cn`, ...) or the emulator's. `https`, or plain `http`
    /// on a loopback host only.
    pub endpoint: String,
    /// How requests are retried: 408, 429, 500, 502, 503, 504 and connection failures, with
    /// backoff and jitter, honouring `Retry-After`. ARM's `PUT`, `PATCH`, `DELETE` and `GET` are
    /// idempotent; the `POST` actions that are safe to repeat (reading keys, checking a name,
    /// starting or cancelling a verification) are retried too; regenerating a key is not.
    pub retry: RetryOptions,
    /// The longest a single attempt may take (default [`acs_core::DEFAULT_TIMEOUT`], 30
    /// seconds; `None`: no limit). [`CallOptions::timeout`] replaces it for one call.
    pub timeout: Option<Duration>,
    /// How long connecting may take (default [`acs_core::DEFAULT_CONNECT_TIMEOUT`], 10
    /// seconds). Applies to the built-in HTTP client only.
    pub connect_timeout: Option<Duration>,
    /// Appended to the `User-Agent` header, e.g. `provisioner/1.0`.
    pub user_agent_suffix: Option<String>,
    /// The HTTP client to send with, instead of a default one (proxies, custom TLS roots such
    /// as the emulator's certificate); build it with the re-exported
    /// [`acs_management::reqwest`](crate::reqwest).
    pub http_client: Option<reqwest::Client>,
    /// The clock retry and poll waits run on (default: the system clock); tests pass an
    /// [`acs_auth::ManualClock`] to drive them.
    pub clock: Option<Arc<dyn Clock>>,
    /// Sent as `x-ms-correlation-request-id` on every request of the client, so that ARM's
    /// activity log groups them (e.g. one provisioning run). `None` (the default): ARM assigns
    /// one per request; either way the answered one is in each error's and response's headers.
    pub correlation_request_id: Option<String>,
    /// The shortest wait between two polls of a long-running operation, whatever
    /// `Retry-After` says (default: 1 second).
    pub min_poll_interval: Duration,
    /// The longest wait between two polls, whatever `Retry-After` says (default: 60 seconds).
    pub max_poll_interval: Duration,
    /// The wait between two polls when ARM sends no `Retry-After` (default: 10 seconds; kept
    /// within the minimum and maximum).
    pub default_poll_interval: Duration,
}

impl Default for ManagementClientOptions {
    fn default() -> Self {
        Self {
            endpoint: AZURE_PUBLIC_CLOUD.to_owned(),
            retry: RetryOptions::default(),
            timeout: Some(acs_core::DEFAULT_TIMEOUT),
            connect_timeout: Some(acs_core::DEFAULT_CONNECT_TIMEOUT),
            user_agent_suffix: None,
            http_client: None,
            clock: None,
            correlation_request_id: None,
            min_poll_interval: Duration::from_secs(1),
            max_poll_interval: Duration::from_secs(60),
            default_poll_interval: Duration::from_secs(10),
        }
    }
}

impl fmt::Debug for ManagementClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManagementClientOptions")
            .field("endpoint", &self.endpoint)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("http_client", &self.http_client.is_some())
            .field("clock", &self.clock)
            .field("correlation_request_id", &self.correlation_request_id)
            .field("min_poll_interval", &self.min_poll_interval)
            .field("max_poll_interval", &self.max_poll_interval)
            .field("default_poll_interval", &self.default_poll_interval)
            .finish()
    }
}

acs_core::options_setters!(acs_management::options => ManagementClientOptions {
    set with_endpoint => endpoint: String = "http://127.0.0.1:8080";
    set with_retry => retry: RetryOptions = acs_management::RetryOptions::default().with_max_retries(5);
    some with_timeout => timeout: Duration = std::time::Duration::from_secs(10);
    some with_connect_timeout => connect_timeout: Duration = std::time::Duration::from_secs(3);
    some with_user_agent_suffix => user_agent_suffix: String = "my-provisioner/1.0";
    some with_http_client => http_client: reqwest::Client = acs_management::reqwest::Client::new();
    some with_clock => clock: Arc<dyn Clock> = std::sync::Arc::new(acs_auth::SystemClock) as std::sync::Arc<dyn acs_auth::Clock>;
    some with_correlation_request_id => correlation_request_id: String = "5f0c3b1e-8d2a-4c4e-9b7a-2f1e0d3c4b5a";
    set with_min_poll_interval => min_poll_interval: Duration = std::time::Duration::from_secs(1);
    set with_max_poll_interval => max_poll_interval: Duration = std::time::Duration::from_secs(60);
    set with_default_poll_interval => default_poll_interval: Duration = std::time::Duration::from_secs(10);
});

/// Declares an options struct holding only the per-call options.
macro_rules! call_only_options {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// Per-call options: a timeout and extra headers for this call (and, for a
            /// long-running operation, every poll of its poller); see [`CallOptions`].
            pub call: CallOptions,
        }

        acs_core::options_setters!(acs_management::options => $name {
            set with_call => call: CallOptions = acs_management::CallOptions::default().with_timeout(std::time::Duration::from_secs(30));
        });
    };
}

call_only_options!(
    /// Options of the `get` operations.
    ///
    /// ```
    /// use std::time::Duration;
    /// use acs_management::CallOptions;
    /// use acs_management::options::GetOptions;
    ///
    /// let options = GetOptions::default()
    ///     .with_call(CallOptions::default().with_timeout(Duration::from_secs(5)));
    /// assert_eq!(options.call.timeout, Some(Duration::from_secs(5)));
    /// ```
    GetOptions
);

call_only_options!(
    /// Options of the `create_or_update` and `begin_create_or_update` operations; the per-call
    /// options apply to the first request and every poll.
    ///
    /// ```
    /// use std::time::Duration;
    /// use acs_management::CallOptions;
    /// use acs_management::options::CreateOrUpdateOptions;
    ///
    /// let options = CreateOrUpdateOptions::default()
    ///     .with_call(CallOptions::default().with_timeout(Duration::from_secs(20)));
    /// # let _ = options;
    /// ```
    CreateOrUpdateOptions
);

call_only_options!(
    /// Options of the `update` and `begin_update` operations.
    ///
    /// ```
    /// let options = acs_management::options::UpdateOptions::default();
    /// assert_eq!(options.call.timeout, None);
    /// ```
    UpdateOptions
);

call_only_options!(
    /// Options of the `delete` and `begin_delete` operations.
    ///
    /// ```
    /// let options = acs_management::options::DeleteOptions::default();
    /// assert!(options.call.headers.is_empty());
    /// ```
    DeleteOptions
);

call_only_options!(
    /// Options of the action operations: `list_keys`, `regenerate_key`,
    /// `check_name_availability`, `link_notification_hub`, the domain verifications and
    /// `list_verified_exchange_online_domains`.
    ///
    /// ```
    /// let options = acs_management::options::ActionOptions::default();
    /// # let _ = options;
    /// ```
    ActionOptions
);

/// Options of the `list_*` operations.
///
/// ```
/// use acs_management::options::ListOptions;
///
/// // Resume a list where an earlier page left off:
/// let options = ListOptions::default().with_continuation("https://management.azure.com/...&$skipToken=2");
/// assert!(options.continuation.is_some());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListOptions {
    /// Per-call options for the first page and every following one (see [`CallOptions`]).
    pub call: CallOptions,
    /// A page's continuation link (its `nextLink`, from
    /// [`Page::continuation`](crate::Page::continuation)) to start there instead of at the
    /// first page.
    pub continuation: Option<String>,
}

acs_core::options_setters!(acs_management::options => ListOptions {
    set with_call => call: CallOptions = acs_management::CallOptions::default().with_timeout(std::time::Duration::from_secs(30));
    some with_continuation => continuation: String = "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Communication/communicationServices?api-version=2025-09-01&$skipToken=20";
});
