//! The credential of the management commands: the emulator's development credential locally,
//! otherwise the environment's service principal or the Azure CLI / Azure Developer CLI sign-in
//! (`azure_identity`), with the CLI's own HTTP client as the token requests' transport.

use std::sync::Arc;

use acs_management::EmulatorCredential;
use azure_core::credentials::{Secret, TokenCredential};
use azure_core::http::headers::Headers;
use azure_core::http::{
    AsyncRawResponse, ClientOptions, HttpClient, Request, StatusCode, Transport,
};
use clap::ValueEnum;

use crate::exit::Failure;

/// Which credential the management commands use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CredentialKind {
    /// The emulator for a loopback endpoint; else the environment's service principal when
    /// AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set; else `az` / `azd`.
    Auto,
    /// The emulator's development credential: HS256 tokens it accepts, never valid on Azure.
    Emulator,
    /// A service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.
    Environment,
    /// The signed-in Azure CLI (`az login`) or Azure Developer CLI (`azd auth login`).
    DeveloperTools,
}

/// The credential for `kind` and the management `endpoint`.
pub(crate) fn credential(
    kind: CredentialKind,
    endpoint: &url::Url,
    http: reqwest::Client,
) -> Result<Arc<dyn TokenCredential>, Failure> {
    let environment = environment_secret();
    let kind = match kind {
        CredentialKind::Auto if is_loopback(endpoint) => CredentialKind::Emulator,
        CredentialKind::Auto if environment.is_some() => CredentialKind::Environment,
        CredentialKind::Auto => CredentialKind::DeveloperTools,
        other => other,
    };
    let failed = |error: azure_core::Error| {
        Failure::credential(format!("cannot set up the Azure credential: {error}"))
    };
    match kind {
        CredentialKind::Emulator | CredentialKind::Auto => Ok(Arc::new(EmulatorCredential::new())),
        CredentialKind::Environment => {
            let (tenant, client, secret) = environment.ok_or_else(|| {
                Failure::credential(
                    "--credential environment needs AZURE_TENANT_ID, AZURE_CLIENT_ID and \
                     AZURE_CLIENT_SECRET",
                )
            })?;
            let options = azure_identity::ClientSecretCredentialOptions {
                client_options: client_options(http),
            };
            let credential =
                azure_identity::ClientSecretCredential::new(&tenant, client, secret, Some(options))
                    .map_err(failed)?;
            Ok(credential)
        }
        CredentialKind::DeveloperTools => {
            let credential = azure_identity::DeveloperToolsCredential::new(None).map_err(failed)?;
            Ok(credential)
        }
    }
}

/// The service principal of the environment, when all three variables are set.
fn environment_secret() -> Option<(String, String, Secret)> {
    let get = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    Some((
        get("AZURE_TENANT_ID")?,
        get("AZURE_CLIENT_ID")?,
        Secret::new(get("AZURE_CLIENT_SECRET")?),
    ))
}

/// Whether the endpoint is on this machine (the emulator).
pub(crate) fn is_loopback(endpoint: &url::Url) -> bool {
    match endpoint.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn client_options(http: reqwest::Client) -> ClientOptions {
    ClientOptions {
        transport: Some(Transport::new(Arc::new(ReqwestTransport(http)))),
        ..ClientOptions::default()
    }
}

/// `azure_core`'s HTTP client trait over the CLI's reqwest client (the one TLS set-up of the
/// SDK), for the token requests of `azure_identity`.
#[derive(Debug)]
struct ReqwestTransport(reqwest::Client);

#[async_trait::async_trait]
impl HttpClient for ReqwestTransport {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let io = |error: reqwest::Error| {
            azure_core::Error::with_message(azure_core::error::ErrorKind::Io, error.to_string())
        };
        let method =
            reqwest::Method::from_bytes(request.method().as_str().as_bytes()).map_err(|_| {
                azure_core::Error::with_message(
                    azure_core::error::ErrorKind::Other,
                    "an HTTP method reqwest does not know",
                )
            })?;
        let mut builder = self.0.request(method, request.url().as_str());
        for (name, value) in request.headers().iter() {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let azure_core::http::Body::Bytes(bytes) = request.body() {
            builder = builder.body(bytes.to_vec());
        }
        let response = builder.send().await.map_err(io)?;
        let status = StatusCode::from(response.status().as_u16());
        let mut headers = Headers::new();
        for (name, value) in response.headers() {
            if let Ok(value) = value.to_str() {
                headers.insert(name.as_str().to_owned(), value.to_owned());
            }
        }
        let body = response.bytes().await.map_err(io)?;
        Ok(AsyncRawResponse::from_bytes(status, headers, body))
    }
}
