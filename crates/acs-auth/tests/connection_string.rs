//! Table test of connection strings, good and bad.

use acs_auth::{ConnectionString, Error};

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const KEY_NO_PAD: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

#[test]
fn good_connection_strings() {
    let long_key =
        "AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dzj6vH4/wYNFBsiKTA3PkVMU1phaG92fYSLkpmgp661vA==";
    // (input, normalised endpoint, authority, key as given)
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (
            format!("endpoint=https://contoso.communication.azure.com/;accesskey={KEY}"),
            "https://contoso.communication.azure.com",
            "contoso.communication.azure.com",
            KEY,
        ),
        (
            format!("accesskey={KEY};endpoint=https://contoso.communication.azure.com"),
            "https://contoso.communication.azure.com",
            "contoso.communication.azure.com",
            KEY,
        ),
        (
            format!("Endpoint=https://contoso.communication.azure.com/;AccessKey={KEY}"),
            "https://contoso.communication.azure.com",
            "contoso.communication.azure.com",
            KEY,
        ),
        (
            format!("ENDPOINT=https://contoso.communication.azure.com/;ACCESSKEY={KEY};"),
            "https://contoso.communication.azure.com",
            "contoso.communication.azure.com",
            KEY,
        ),
        (
            format!(
                " endpoint = https://contoso.communication.azure.com/ ; accesskey = {long_key} ; "
            ),
            "https://contoso.communication.azure.com",
            "contoso.communication.azure.com",
            long_key,
        ),
        (
            format!(
                "foo=bar;endpoint=https://contoso.communication.azure.com;extra=a=b=c;accesskey={KEY};;other="
            ),
            "https://contoso.communication.azure.com",
            "contoso.communication.azure.com",
            KEY,
        ),
        (
            format!("endpoint=http://localhost:8080/;accesskey={KEY}"),
            "http://localhost:8080",
            "localhost:8080",
            KEY,
        ),
        (
            format!("endpoint=http://127.0.0.1:8443;accesskey={KEY}"),
            "http://127.0.0.1:8443",
            "127.0.0.1:8443",
            KEY,
        ),
        (
            format!("endpoint=http://[::1]:8443/;accesskey={KEY}"),
            "http://[::1]:8443",
            "[::1]:8443",
            KEY,
        ),
        (
            format!("endpoint=https://contoso.communication.azure.com:443/;accesskey={KEY}"),
            "https://contoso.communication.azure.com",
            "contoso.communication.azure.com",
            KEY,
        ),
        (
            format!("endpoint=https://contoso.communication.azure.com:8443;accesskey={KEY}"),
            "https://contoso.communication.azure.com:8443",
            "contoso.communication.azure.com:8443",
            KEY,
        ),
        (
            "endpoint=https://contoso.communication.azure.us/;accesskey=AAAA;unknownkey="
                .to_owned(),
            "https://contoso.communication.azure.us",
            "contoso.communication.azure.us",
            "AAAA",
        ),
    ];
    for (input, endpoint, authority, key) in cases {
        let parsed: ConnectionString = input
            .parse()
            .unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
        assert_eq!(parsed.endpoint().to_string(), endpoint, "{input:?}");
        assert_eq!(parsed.endpoint().authority(), authority, "{input:?}");
        assert_eq!(
            parsed.access_key().secret().expose_secret(),
            key,
            "{input:?}"
        );
    }
}

#[test]
fn bad_connection_strings() {
    // (input, expected error, text the message must contain)
    #[allow(clippy::type_complexity, reason = "a table")]
    let cases: Vec<(String, fn(&Error) -> bool, &str)> = vec![
        (
            String::new(),
            |e| matches!(e, Error::EmptyConnectionString),
            "empty",
        ),
        (
            " ;; ".into(),
            |e| matches!(e, Error::MissingConnectionStringKey { key: "endpoint" }),
            "endpoint",
        ),
        (
            format!("accesskey={KEY}"),
            |e| matches!(e, Error::MissingConnectionStringKey { key: "endpoint" }),
            "no `endpoint`",
        ),
        (
            "endpoint=https://contoso.communication.azure.com/".into(),
            |e| matches!(e, Error::MissingConnectionStringKey { key: "accesskey" }),
            "no `accesskey`",
        ),
        (
            format!("endpoint=https://a.example;endpoint=https://b.example;accesskey={KEY}"),
            |e| matches!(e, Error::DuplicateConnectionStringKey { key: "endpoint" }),
            "more than one `endpoint`",
        ),
        (
            format!("endpoint=https://a.example;accesskey={KEY};AccessKey={KEY}"),
            |e| matches!(e, Error::DuplicateConnectionStringKey { key: "accesskey" }),
            "more than one `accesskey`",
        ),
        (
            "endpoint=https://a.example;Zm9vYmFy".into(),
            |e| matches!(e, Error::MalformedConnectionString { segment: 2 }),
            "segment 2",
        ),
        (
            // A bare key with padding reads as an unknown `key=` pair: still no `accesskey`.
            format!("endpoint=https://a.example;{KEY}"),
            |e| matches!(e, Error::MissingConnectionStringKey { key: "accesskey" }),
            "no `accesskey`",
        ),
        (
            format!("endpoint:https://a.example;accesskey={KEY}"),
            |e| matches!(e, Error::MalformedConnectionString { segment: 1 }),
            "segment 1",
        ),
        (
            format!("endpoint=contoso.communication.azure.com;accesskey={KEY}"),
            |e| matches!(e, Error::InvalidEndpoint { .. }),
            "no scheme",
        ),
        (
            format!("endpoint=http://contoso.communication.azure.com;accesskey={KEY}"),
            |e| matches!(e, Error::InvalidEndpoint { .. }),
            "loopback",
        ),
        (
            format!("endpoint=https://contoso.communication.azure.com/path;accesskey={KEY}"),
            |e| matches!(e, Error::InvalidEndpoint { .. }),
            "path",
        ),
        (
            format!("endpoint=;accesskey={KEY}"),
            |e| matches!(e, Error::InvalidEndpoint { .. }),
            "empty",
        ),
        (
            "endpoint=https://a.example;accesskey=".into(),
            |e| matches!(e, Error::InvalidAccessKey { .. }),
            "access key",
        ),
        (
            format!("endpoint=https://a.example;accesskey={KEY_NO_PAD}"),
            |e| matches!(e, Error::InvalidAccessKey { .. }),
            "not valid base64",
        ),
        (
            "endpoint=https://a.example;accesskey=s3cr3t-with-dashes_and_underscores".into(),
            |e| matches!(e, Error::InvalidAccessKey { .. }),
            "not valid base64",
        ),
        (
            "endpoint=https://a.example;accesskey=Zm9v YmFy".into(),
            |e| matches!(e, Error::InvalidAccessKey { .. }),
            "not valid base64",
        ),
    ];
    for (input, is_expected, fragment) in cases {
        let error = input
            .parse::<ConnectionString>()
            .expect_err(&format!("{input:?} should not parse"));
        assert!(is_expected(&error), "{input:?}: got {error:?}");
        let text = error.to_string();
        assert!(text.contains(fragment), "{input:?}: {text}");
        // Never echoes the key (nor the whole connection string).
        for secret in [KEY, KEY_NO_PAD, "s3cr3t", "Zm9v"] {
            assert!(!text.contains(secret), "{input:?}: {text}");
            assert!(
                !format!("{error:?}").contains(secret),
                "{input:?}: {error:?}"
            );
        }
    }
}

#[test]
fn env_var_names() {
    assert_eq!(
        acs_auth::CONNECTION_STRING_ENV_VARS,
        [
            "ACS_CONNECTION_STRING",
            "COMMUNICATION_SERVICES_CONNECTION_STRING"
        ]
    );
    let looked_up = std::cell::RefCell::new(Vec::new());
    let _ = ConnectionString::from_env_lookup(|name| {
        looked_up.borrow_mut().push(name.to_owned());
        None
    });
    assert_eq!(
        looked_up.into_inner(),
        [
            "ACS_CONNECTION_STRING",
            "COMMUNICATION_SERVICES_CONNECTION_STRING"
        ]
    );
}
