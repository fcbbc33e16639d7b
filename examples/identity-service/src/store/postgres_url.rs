//! Reading a PostgreSQL URL without ever repeating its password: the parsed configuration and
//! a description of it for logs and errors (`postgres://user@host:port/db`).

use std::fmt::Write as _;

use tokio_postgres::config::{Host, SslMode};

use super::StoreError;

/// A parsed `postgres://` URL and its password-free description.
pub(super) struct PostgresUrl {
    pub(super) config: tokio_postgres::Config,
    pub(super) location: String,
}

/// Parses `url` (`postgres://` or `postgresql://`). Errors name what is wrong, never a value
/// from the URL.
pub(super) fn parse(url: &str) -> Result<PostgresUrl, StoreError> {
    let url = url.trim();
    let invalid = |reason: &str| StoreError::InvalidUrl {
        reason: reason.to_owned(),
        source: None,
    };
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(invalid(
            "it must start with postgres:// or postgresql:// (unset it to use SQLite)",
        ));
    }
    let config: tokio_postgres::Config = url.parse().map_err(|source: tokio_postgres::Error| {
        // "unknown option `NAME`" repeats a name from the URL (a mistyped parameter, or a
        // password that lost its `password=`): say what is wrong without it.
        if acs_core::error_chain(&source).contains("unknown option") {
            invalid("it has a query parameter PostgreSQL does not know")
        } else {
            StoreError::InvalidUrl {
                reason: "the PostgreSQL client cannot read it (check the port, the query \
                         parameters, and the percent-encoding of special characters)"
                    .to_owned(),
                source: Some(source),
            }
        }
    })?;
    if config.get_hosts().is_empty() {
        return Err(invalid(
            "it names no host (postgres://user:password@host:port/db)",
        ));
    }
    if config.get_user().is_none() {
        return Err(invalid(
            "it names no user (postgres://user:password@host:port/db)",
        ));
    }
    if config.get_ssl_mode() == SslMode::Require {
        return Err(invalid(
            "sslmode=require asks for TLS, which this service does not include: reach the \
             database over a private network or loopback",
        ));
    }
    let location = describe(&config);
    Ok(PostgresUrl { config, location })
}

/// `postgres://user@host:port,host2:port2/db`: what a log may show of the configuration.
fn describe(config: &tokio_postgres::Config) -> String {
    let mut location = String::from("postgres://");
    if let Some(user) = config.get_user() {
        let _ = write!(location, "{user}@");
    }
    let ports = config.get_ports();
    for (index, host) in config.get_hosts().iter().enumerate() {
        if index > 0 {
            location.push(',');
        }
        match host {
            Host::Tcp(name) => location.push_str(name),
            Host::Unix(path) => location.push_str(&path.display().to_string()),
        }
        // One port for every host, or one per host.
        let port = ports
            .get(index)
            .or_else(|| (ports.len() == 1).then(|| &ports[0]));
        if let Some(port) = port {
            let _ = write!(location, ":{port}");
        }
    }
    let _ = write!(location, "/{}", config.get_dbname().unwrap_or_default());
    location
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWORD: &str = "Hunter2-s3cret";

    #[test]
    fn the_location_has_everything_but_the_password() {
        let parsed = parse(&format!(
            "postgres://acs:{PASSWORD}@db.internal:6543/identities?connect_timeout=3"
        ))
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            parsed.location,
            "postgres://acs@db.internal:6543/identities"
        );
        assert_eq!(parsed.config.get_password(), Some(PASSWORD.as_bytes()));
        let parsed = parse(&format!("postgresql://acs:{PASSWORD}@a:1,b:2/ids"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(parsed.location, "postgres://acs@a:1,b:2/ids");
    }

    #[test]
    fn bad_urls_are_refused_without_repeating_them() {
        for url in [
            format!("mysql://acs:{PASSWORD}@db/ids"),
            PASSWORD.to_owned(),
            format!("postgres://acs:{PASSWORD}@db:notaport/ids"),
            format!("postgres://acs:{PASSWORD}@db/ids?sslmode={PASSWORD}"),
            format!("postgres://acs:{PASSWORD}@db/ids?{PASSWORD}=1"),
            format!("postgres://acs:{PASSWORD}@db/ids?sslmode=require"),
            format!("postgres://:{PASSWORD}@/ids"),
            format!("postgres://acs:{PASSWORD}@db/ids?password"),
        ] {
            let Err(error) = parse(&url) else {
                panic!("accepted {url}");
            };
            let shown = format!("{} | {error:?}", acs_core::error_chain(&error));
            assert!(!shown.contains(PASSWORD), "{shown}");
            assert!(matches!(error, StoreError::InvalidUrl { .. }), "{shown}");
        }
    }
}
