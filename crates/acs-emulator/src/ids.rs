//! Ids in the service's formats.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

/// Random bytes from v4 UUIDs (the operating system's random source: one `getrandom` call
/// per 16 bytes). For secrets.
fn os_random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    for chunk in bytes.chunks_mut(16) {
        let random = uuid::Uuid::new_v4().into_bytes();
        chunk.copy_from_slice(&random[..chunk.len()]);
    }
    bytes
}

/// Random bytes from the thread's CSPRNG (seeded from the operating system, no system call per
/// use): for ids and the random headers of every response, which need to be unique, not secret.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::Rng::fill(&mut rand::rng(), &mut bytes[..]);
    bytes
}

/// A new ACS user id: `8:acs:<resource id>_<uuid>`.
pub(crate) fn user_id(resource_id: &str) -> String {
    format!("8:acs:{resource_id}_{}", uuid::Uuid::new_v4())
}

/// The raw id of a Teams Phone extension user: `8:acs:<resource id>_<tenant id>_<user id>`.
pub(crate) fn teams_extension_user_id(resource_id: &str, tenant_id: &str, user_id: &str) -> String {
    format!("8:acs:{resource_id}_{tenant_id}_{user_id}")
}

/// A new thread id as the current service makes them: `19:acsV1_<44 URL-safe chars>@thread.v2`.
pub(crate) fn thread_id() -> String {
    format!(
        "19:acsV1_{}@thread.v2",
        URL_SAFE_NO_PAD.encode(random_bytes::<33>())
    )
}

/// A random `MS-CV` correlation vector (`Z7RiSWwJXk+vQqDJEGpX+Q.0`).
pub(crate) fn correlation_vector() -> String {
    let mut vector = String::with_capacity(24);
    push_base64(&mut vector, &random_bytes::<16>());
    vector.push_str(".0");
    vector
}

/// A random `X-Azure-Ref` value.
pub(crate) fn azure_ref() -> String {
    let mut reference = String::with_capacity(49);
    reference.push('0');
    push_base64(&mut reference, &random_bytes::<36>());
    reference
}

/// Appends `bytes` (at most 36) in unpadded base64, encoded on the stack (`encode_string`
/// goes through a chunked writer, several times slower for short inputs).
fn push_base64(text: &mut String, bytes: &[u8]) {
    let mut buffer = [0_u8; 48];
    let written = STANDARD_NO_PAD
        .encode_slice(bytes, &mut buffer)
        .unwrap_or(0);
    let encoded = buffer.get(..written).unwrap_or_default();
    text.push_str(std::str::from_utf8(encoded).unwrap_or_default());
}

/// A random secret for signing tokens.
pub(crate) fn secret() -> [u8; 32] {
    os_random_bytes::<32>()
}

/// Message ids and versions: epoch milliseconds, strictly increasing even within one millisecond.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct MillisSequence {
    last: u64,
}

impl MillisSequence {
    /// The next value: `now_ms`, or one more than the last value when that is not greater.
    pub(crate) fn next(&mut self, now_ms: u64) -> u64 {
        self.last = now_ms.max(self.last + 1);
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_ids_look_like_the_service() {
        let id = thread_id();
        assert!(
            id.starts_with("19:acsV1_") && id.ends_with("@thread.v2"),
            "{id}"
        );
        assert_eq!(id.len(), "19:acsV1_".len() + 44 + "@thread.v2".len());
        assert_ne!(id, thread_id());
    }

    #[test]
    fn user_ids_carry_the_resource() {
        let id = user_id("res");
        assert!(id.starts_with("8:acs:res_"));
        assert_eq!(id.len(), "8:acs:res_".len() + 36);
    }

    #[test]
    fn millis_strictly_increase() {
        let mut seq = MillisSequence::default();
        assert_eq!(seq.next(1000), 1000);
        assert_eq!(seq.next(1000), 1001);
        assert_eq!(seq.next(999), 1002);
        assert_eq!(seq.next(5000), 5000);
    }

    #[test]
    fn correlation_ids_are_random() {
        assert!(correlation_vector().ends_with(".0"));
        assert_ne!(azure_ref(), azure_ref());
        // The service's lengths: 16 random bytes (22 characters) and 36 (48), unpadded.
        let vector = correlation_vector();
        assert_eq!(vector.len(), 24, "{vector}");
        assert!(
            STANDARD_NO_PAD
                .decode(vector.trim_end_matches(".0"))
                .is_ok_and(|b| b.len() == 16)
        );
        let reference = azure_ref();
        assert_eq!(reference.len(), 49, "{reference}");
        assert!(
            STANDARD_NO_PAD
                .decode(&reference[1..])
                .is_ok_and(|b| b.len() == 36)
        );
    }
}
