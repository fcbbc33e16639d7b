//! Keeping secrets out of error messages: a connection string or a token typed in the wrong
//! place (as a positional argument, say) must not be echoed back by a usage error.

/// What a secret is shown as.
pub(crate) const REDACTED: &str = "<redacted>";

/// Whether a value looks like a secret: a connection string with an access key, or a JWT
/// (an access token or an Entra ID token).
pub(crate) fn looks_secret(text: &str) -> bool {
    text.to_ascii_lowercase().contains("accesskey=") || looks_like_jwt(text)
}

fn looks_like_jwt(text: &str) -> bool {
    let text = text.trim();
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && text.starts_with("eyJ")
        && parts[..2].iter().all(|part| !part.is_empty())
        && parts.iter().all(|part| {
            part.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
        })
}

/// A user's value for a message: escaped, or [`REDACTED`] when it looks like a secret.
pub(crate) fn shown(text: &str) -> String {
    if looks_secret(text) {
        REDACTED.to_owned()
    } else {
        text.escape_debug().to_string()
    }
}

/// `message` with every secret-looking argument (or the value of a `--flag=value` one)
/// replaced by [`REDACTED`], and any `accesskey=…` value too.
pub(crate) fn redact(message: &str, args: &[String]) -> String {
    let mut secrets: Vec<&str> = args
        .iter()
        .flat_map(|arg| {
            [
                Some(arg.as_str()),
                arg.split_once('=').map(|(_, value)| value),
            ]
        })
        .flatten()
        .filter(|value| !value.is_empty() && looks_secret(value))
        .collect();
    secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    let mut text = message.to_owned();
    for secret in secrets {
        text = text.replace(secret, REDACTED);
    }
    redact_access_keys(&text)
}

/// `accesskey=<value>` (any case) with the value replaced.
fn redact_access_keys(text: &str) -> String {
    const NAME: &str = "accesskey=";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    while let Some(found) = lower[rest..].find(NAME) {
        let value_start = rest + found + NAME.len();
        out.push_str(&text[rest..value_start]);
        let value_end = text[value_start..]
            .find(|c: char| c == ';' || c == '\'' || c == '"' || c.is_whitespace())
            .map_or(text.len(), |end| value_start + end);
        if value_end > value_start && &text[value_start..value_end] != REDACTED {
            out.push_str(REDACTED);
        } else {
            out.push_str(&text[value_start..value_end]);
        }
        rest = value_end;
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONNECTION_STRING: &str =
        "endpoint=https://x.communication.azure.com/;accesskey=c2VjcmV0a2V5";
    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2lnbmF0dXJl";

    #[test]
    fn secrets_are_recognised() {
        assert!(looks_secret(CONNECTION_STRING));
        assert!(looks_secret(JWT));
        for plain in ["8:acs:abc_def", "19:thread@thread.v2", "hello", "a.b.c"] {
            assert!(!looks_secret(plain), "{plain}");
        }
    }

    #[test]
    fn messages_lose_every_secret() {
        let args = vec![
            "acs".to_owned(),
            CONNECTION_STRING.to_owned(),
            format!("--token={JWT}"),
        ];
        let message = format!("unexpected argument '{CONNECTION_STRING}' found; '{JWT}'");
        let redacted = redact(&message, &args);
        assert!(!redacted.contains("c2VjcmV0a2V5"), "{redacted}");
        assert!(!redacted.contains(JWT), "{redacted}");
        assert_eq!(
            redacted,
            "unexpected argument '<redacted>' found; '<redacted>'"
        );
        let stray = redact("key accesskey=abc; AccessKey=def", &[]);
        assert_eq!(stray, "key accesskey=<redacted>; AccessKey=<redacted>");
        assert_eq!(shown(JWT), REDACTED);
        assert_eq!(shown("a\nb"), "a\\nb");
    }
}
