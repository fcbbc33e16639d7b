//! Strict percent-encoding of path parameters (`19:abc@thread.v2` → `19%3Aabc%40thread.v2`).
//!
//! progenitor encodes path parameters with a minimal set that leaves `:` and `@` as they are.
//! ACS ids contain both, and action segments such as `/:add` contain a literal `:`, so the
//! generated hooks re-encode exactly the segments that the operation's path template marks as
//! parameters, and leave the literal segments alone.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but the RFC 3986 unreserved characters is encoded in a path parameter.
const PARAMETER: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Re-encodes the path parameters of `url` strictly, given the operation's path `template`.
///
/// The template's segments are matched against the last segments of the URL path (the base URL
/// may carry a path prefix). A URL whose path does not have the template's shape is left as it is.
///
/// ```
/// let mut url = reqwest::Url::parse(
///     "https://x.communication.azure.com/chat/threads/19:a@thread.v2/participants/:add?api-version=1",
/// )
/// .unwrap();
/// acs_core::encode_path_parameters(&mut url, "/chat/threads/{chatThreadId}/participants/:add");
/// assert_eq!(url.path(), "/chat/threads/19%3Aa%40thread.v2/participants/:add");
/// assert_eq!(url.query(), Some("api-version=1"));
/// ```
pub fn encode_path_parameters(url: &mut reqwest::Url, template: &str) {
    let template: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let path = url.path().to_owned();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let Some(prefix_len) = segments.len().checked_sub(template.len()) else {
        return;
    };
    let mut changed = false;
    let encoded: Vec<String> = segments
        .iter()
        .enumerate()
        .map(|(index, segment)| {
            let is_parameter = index
                .checked_sub(prefix_len)
                .and_then(|t| template.get(t))
                .is_some_and(|t| t.starts_with('{') && t.ends_with('}'));
            if !is_parameter {
                return (*segment).to_owned();
            }
            let decoded = percent_decode_str(segment).decode_utf8_lossy();
            let strict = utf8_percent_encode(&decoded, PARAMETER).to_string();
            changed |= strict != *segment;
            strict
        })
        .collect();
    if changed {
        url.set_path(&format!("/{}", encoded.join("/")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(url: &str, template: &str) -> String {
        let mut url = reqwest::Url::parse(url).expect("valid url");
        encode_path_parameters(&mut url, template);
        url.to_string()
    }

    #[test]
    fn encodes_colon_and_at_in_parameters_only() {
        assert_eq!(
            encoded(
                "https://h/identities/8:acs:r_u/:issueAccessToken?api-version=2026-09-23",
                "/identities/{id}/:issueAccessToken"
            ),
            "https://h/identities/8%3Aacs%3Ar_u/:issueAccessToken?api-version=2026-09-23"
        );
    }

    #[test]
    fn keeps_a_base_path_prefix() {
        assert_eq!(
            encoded(
                "http://127.0.0.1:8080/proxy/identities/8:acs:x",
                "/identities/{id}"
            ),
            "http://127.0.0.1:8080/proxy/identities/8%3Aacs%3Ax"
        );
    }

    #[test]
    fn slashes_and_percent_stay_encoded_once() {
        // progenitor has already turned `/` into `%2F` and `%` into `%25`.
        assert_eq!(
            encoded("https://h/identities/a%2Fb%25c d", "/identities/{id}"),
            "https://h/identities/a%2Fb%25c%20d"
        );
    }

    #[test]
    fn non_ascii_is_utf8_encoded() {
        assert_eq!(
            encoded("https://h/identities/%C3%A9", "/identities/{id}"),
            "https://h/identities/%C3%A9"
        );
    }

    #[test]
    fn a_path_of_another_shape_is_left_alone() {
        assert_eq!(
            encoded("https://h/x", "/identities/{id}/:revoke"),
            "https://h/x"
        );
    }
}
