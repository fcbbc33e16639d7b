//! Strict percent-encoding of path parameters (`19:abc@thread.v2` → `19%3Aabc%40thread.v2`).
//!
//! progenitor encodes path parameters with a minimal set that leaves `:` and `@` as they are.
//! ACS ids contain both, and action segments such as `/:add` contain a literal `:`, so the
//! generated hooks re-encode exactly the segments that the operation's path template marks as
//! parameters, and leave the literal segments alone.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode, utf8_percent_encode};

use crate::{Error, Result};

/// Everything but the RFC 3986 unreserved characters is encoded in a path parameter.
const PARAMETER: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path parameter: everything but the RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`), so `/`, `\`, `?`, `#`, `%`, `:` and `@` cannot end or split the
/// segment. The generated clients encode every path parameter with it.
///
/// ```
/// assert_eq!(acs_core::encode_path_segment("19:a@thread.v2"), "19%3Aa%40thread.v2");
/// assert_eq!(acs_core::encode_path_segment("a/b\\c?d#e%"), "a%2Fb%5Cc%3Fd%23e%25");
/// ```
#[must_use]
pub fn encode_path_segment(value: &str) -> String {
    // Collected chunk by chunk: the `Display` route costs a formatter call per chunk.
    let mut encoded = String::with_capacity(value.len() + 8);
    encoded.extend(utf8_percent_encode(value, PARAMETER));
    encoded
}

/// Checks that every path parameter of `url` arrived as exactly one segment and re-encodes the
/// parameters strictly, given the `base_url` the generated client prepends and the operation's
/// path `template`.
///
/// The URL parser removes dot segments (`.`, `..`, and `%2E%2E` too) and an empty id leaves an
/// empty segment, so an id of `..` would address the parent resource (`update_message("..")`
/// would patch the thread). No encoding survives that, so such ids are refused here, before
/// anything is sent: the path must have exactly the template's segments after `base_url`, every
/// literal segment unchanged and every parameter non-empty. `/`, `?`, `#` and `%` in ids are
/// encoded, so each id stays one segment.
///
/// ```
/// let mut url = reqwest::Url::parse(
///     "https://x.communication.azure.com/chat/threads/19:a@thread.v2/participants/:add?api-version=1",
/// )
/// .unwrap();
/// let template = "/chat/threads/{chatThreadId}/participants/:add";
/// acs_core::encode_path_parameters(&mut url, "https://x.communication.azure.com", template)?;
/// assert_eq!(url.path(), "/chat/threads/19%3Aa%40thread.v2/participants/:add");
/// assert_eq!(url.query(), Some("api-version=1"));
///
/// // `delete_message("..")` would otherwise be `DELETE /chat/threads/19:a@thread.v2`.
/// let mut url = reqwest::Url::parse("https://x.communication.azure.com/chat/threads/19:a@thread.v2/messages/..").unwrap();
/// let template = "/chat/threads/{chatThreadId}/messages/{chatMessageId}";
/// let error = acs_core::encode_path_parameters(&mut url, "https://x.communication.azure.com", template);
/// assert!(matches!(error.unwrap_err().kind(), acs_core::ErrorKind::InvalidInput));
/// # Ok::<(), acs_core::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when a parameter is empty, `.`
/// or `..` (the path then no longer has the template's shape).
pub fn encode_path_parameters(
    url: &mut reqwest::Url,
    base_url: &str,
    template: &str,
) -> Result<()> {
    let template = template.trim_start_matches('/');
    let template_segments = || template.split('/');
    let refused = || {
        let names: Vec<&str> = template_segments()
            .filter(|segment| is_parameter(segment.as_bytes()))
            .collect();
        Error::invalid_input(format!(
            "an id in the path ({}) is empty, `.` or `..`, which cannot be sent as one path \
             segment",
            names.join(", ")
        ))
    };
    let template_len = template.bytes().filter(|&byte| byte == b'/').count() + 1;
    let prefix_len = base_segments(base_url, template_len);
    // Split as bytes: a serialized URL path is ASCII, and a byte split is an inlined loop
    // where `str::split` searches for each `/` through a pattern.
    let path = url.path().trim_start_matches('/');
    let segments = || path.as_bytes().split(|&byte| byte == b'/');
    // One pass: the base URL's segments, then one per template segment, then nothing. Most
    // calls change nothing and allocate nothing.
    let mut actual = segments();
    if actual.by_ref().take(prefix_len).count() != prefix_len {
        return Err(refused());
    }
    let mut changed = false;
    for expected in template.as_bytes().split(|&byte| byte == b'/') {
        let Some(segment) = actual.next() else {
            return Err(refused());
        };
        if !is_parameter(expected) {
            if segment != expected {
                return Err(refused());
            }
            continue;
        }
        // What the generated clients send: already strictly encoded, nothing to decode.
        if is_strict_ascii(segment) {
            if matches!(segment, b"" | b"." | b"..") {
                return Err(refused());
            }
            continue;
        }
        let decoded = percent_decode(segment).decode_utf8_lossy();
        if matches!(decoded.as_ref(), "" | "." | "..") {
            return Err(refused());
        }
        changed = changed || !encodes_to(&decoded, segment);
    }
    if actual.next().is_some() {
        return Err(refused());
    }
    if changed {
        let mut encoded = String::with_capacity(url.path().len() + 16);
        for (index, segment) in segments().enumerate() {
            encoded.push('/');
            let parameter = index
                .checked_sub(prefix_len)
                .and_then(|t| template_segments().nth(t))
                .is_some_and(|expected| is_parameter(expected.as_bytes()));
            if parameter {
                let decoded = percent_decode(segment).decode_utf8_lossy();
                encoded.extend(utf8_percent_encode(&decoded, PARAMETER));
            } else {
                // A literal segment of the template: the same ASCII it was checked against.
                encoded.push_str(&String::from_utf8_lossy(segment));
            }
        }
        url.set_path(&encoded);
    }
    Ok(())
}

/// Whether `segment` is strictly encoded ASCII: RFC 3986 unreserved characters, and `%XX`
/// (upper-case hex, as [`encode_path_segment`] writes it) only for ASCII bytes that must be
/// encoded. Such a segment is its own strict encoding, and decodes to `""`, `.` or `..` only
/// when it is literally that.
fn is_strict_ascii(segment: &[u8]) -> bool {
    let unreserved =
        |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
    let upper_hex = |byte: u8| match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    };
    let mut bytes = segment.iter().copied();
    while let Some(byte) = bytes.next() {
        if unreserved(byte) {
            continue;
        }
        if byte != b'%' {
            return false;
        }
        let (Some(high), Some(low)) = (
            bytes.next().and_then(upper_hex),
            bytes.next().and_then(upper_hex),
        ) else {
            return false;
        };
        let decoded = (high << 4) | low;
        if !decoded.is_ascii() || unreserved(decoded) {
            return false;
        }
    }
    true
}

/// Whether the strict encoding of `decoded` is `segment`, without building it.
fn encodes_to(decoded: &str, segment: &[u8]) -> bool {
    let mut rest = segment;
    for chunk in utf8_percent_encode(decoded, PARAMETER) {
        match rest.strip_prefix(chunk.as_bytes()) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether a path template segment is a parameter (`{name}`).
fn is_parameter(segment: &[u8]) -> bool {
    segment.starts_with(b"{") && segment.ends_with(b"}")
}

/// How many path segments `base_url` contributes before the template, counted the way the
/// generated client builds its URL (`format!("{base_url}{path}")`, then parsed).
fn base_segments(base_url: &str, template_len: usize) -> usize {
    // An origin alone (`https://host[:port]`, the clients' base URL) has no path segment.
    let origin = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"));
    if let Some(authority) = origin
        && !authority.is_empty()
        && authority.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']')
        })
    {
        return 0;
    }
    let probe = format!("{base_url}/{}", vec!["p"; template_len].join("/"));
    reqwest::Url::parse(&probe).map_or(0, |probe| {
        probe
            .path()
            .trim_start_matches('/')
            .split('/')
            .count()
            .saturating_sub(template_len)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(base: &str, url: &str, template: &str) -> Result<String> {
        let mut url = reqwest::Url::parse(url).map_err(|_| Error::invalid_input("url"))?;
        encode_path_parameters(&mut url, base, template)?;
        Ok(url.to_string())
    }

    #[test]
    fn encodes_colon_and_at_in_parameters_only() {
        assert_eq!(
            encoded(
                "https://h",
                "https://h/identities/8:acs:r_u/:issueAccessToken?api-version=2026-09-23",
                "/identities/{id}/:issueAccessToken"
            )
            .ok()
            .as_deref(),
            Some("https://h/identities/8%3Aacs%3Ar_u/:issueAccessToken?api-version=2026-09-23")
        );
    }

    #[test]
    fn the_fast_check_agrees_with_decoding_and_encoding_again() {
        let mut segments: Vec<String> = [
            "",
            ".",
            "..",
            "...",
            "%2E",
            "%2e",
            "%2E%2E",
            "%41",
            "a%3Ab",
            "a%3ab",
            "%3A",
            "%FF",
            "%E2%82%AC",
            "a b",
            "%",
            "%4",
            "%G0",
            "19%3Aa%40thread.v2",
            "8%3Aacs%3Ar_u",
            "a~b_c-d",
            "%7E",
            "%2F",
            "%25",
            "%00",
            "%7F",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        // Every ASCII byte alone and escaped both ways.
        for byte in 0_u8..=127 {
            segments.push(format!("%{byte:02X}"));
            segments.push(format!("%{byte:02x}"));
            segments.push(char::from(byte).to_string());
        }
        for segment in &segments {
            if !is_strict_ascii(segment.as_bytes()) {
                continue;
            }
            let decoded = percent_decode(segment.as_bytes()).decode_utf8_lossy();
            assert!(
                encodes_to(&decoded, segment.as_bytes()),
                "{segment:?} is not its own encoding"
            );
            assert_eq!(
                matches!(segment.as_str(), "" | "." | ".."),
                matches!(decoded.as_ref(), "" | "." | ".."),
                "{segment:?}"
            );
        }
        assert!(is_strict_ascii(b"19%3Aa%40thread.v2"));
        assert!(!is_strict_ascii(b"%2E%2E"), "a dot escaped is not strict");
        assert!(!is_strict_ascii(b"19:a@thread.v2"), "not encoded");
    }

    #[test]
    fn keeps_a_base_path_prefix() {
        assert_eq!(
            encoded(
                "http://127.0.0.1:8080/proxy",
                "http://127.0.0.1:8080/proxy/identities/8:acs:x",
                "/identities/{id}"
            )
            .ok()
            .as_deref(),
            Some("http://127.0.0.1:8080/proxy/identities/8%3Aacs%3Ax")
        );
    }

    #[test]
    fn slashes_and_percent_stay_encoded_once() {
        // progenitor has already turned `/` into `%2F` and `%` into `%25`.
        assert_eq!(
            encoded(
                "https://h",
                "https://h/identities/a%2Fb%25c d",
                "/identities/{id}"
            )
            .ok()
            .as_deref(),
            Some("https://h/identities/a%2Fb%25c%20d")
        );
    }

    #[test]
    fn non_ascii_is_utf8_encoded() {
        assert_eq!(
            encoded(
                "https://h",
                "https://h/identities/%C3%A9",
                "/identities/{id}"
            )
            .ok()
            .as_deref(),
            Some("https://h/identities/%C3%A9")
        );
    }

    #[test]
    fn dot_segments_and_empty_ids_are_refused() {
        let template = "/chat/threads/{chatThreadId}/messages/{chatMessageId}";
        for url in [
            // delete_message("..") and update_message(".."): the thread itself.
            "https://h/chat/threads/t/messages/..",
            "https://h/chat/threads/t/messages/%2E%2E",
            "https://h/chat/threads/t/messages/.",
            "https://h/chat/threads/t/messages/",
            "https://h/chat/threads/../messages/m",
            "https://h/chat/threads//messages/m",
            "https://h/chat/threads/./messages/m",
        ] {
            let error = encoded("https://h", url, template).err();
            assert!(
                error
                    .as_ref()
                    .is_some_and(|e| *e.kind() == crate::ErrorKind::InvalidInput),
                "{url}: {error:?}"
            );
            assert!(
                error.is_some_and(|e| e.to_string().contains("{chatMessageId}")),
                "the message names the parameters"
            );
        }
        assert!(
            encoded(
                "https://h/base",
                "https://h/base/identities/..",
                "/identities/{id}"
            )
            .is_err()
        );
        assert!(encoded("https://h/", "https://h//identities/", "/identities/{id}").is_err());
        assert!(encoded("https://h/", "https://h//identities/x", "/identities/{id}").is_ok());
    }

    #[test]
    fn a_path_of_another_shape_is_refused() {
        assert!(encoded("https://h", "https://h/x", "/identities/{id}/:revoke").is_err());
        assert!(
            encoded(
                "https://h",
                "https://h/identities/x/:other",
                "/identities/{id}/:revoke"
            )
            .is_err()
        );
    }
}
