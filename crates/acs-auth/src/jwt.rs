//! Reading the expiry (`exp` claim) of a user access token.
//!
//! The token is a JWS in compact form (`header.payload.signature`); only the payload is decoded
//! (base64url, with or without padding) and its signature is not checked: that is the service's
//! job. The token text never appears in an error.

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use chrono::{DateTime, Utc};

use crate::error::{Error, Result};

const BASE64URL_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The expiry of a JWT, from its `exp` claim.
pub(crate) fn expires_on(token: &str) -> Result<DateTime<Utc>> {
    let mut parts = token.trim().split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("it is not a JWT of three dot-separated parts"));
    };
    let payload = BASE64URL_ANY_PADDING
        .decode(payload)
        .map_err(|_| malformed("its payload is not base64url"))?;
    let claims: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&payload)
        .map_err(|_| malformed("its payload is not a JSON object"))?;
    let exp = claims
        .get("exp")
        .ok_or_else(|| malformed("it has no `exp` claim"))?;
    let seconds = match exp {
        serde_json::Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.floor() as i64)
        }),
        _ => None,
    }
    .ok_or_else(|| malformed("its `exp` claim is not a number"))?;
    DateTime::from_timestamp(seconds, 0).ok_or_else(|| malformed("its `exp` claim is out of range"))
}

fn malformed(reason: &'static str) -> Error {
    Error::MalformedToken { reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};

    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn reads_exp_without_padding() -> Result<()> {
        let token = jwt(r#"{"exp":1704067200}"#);
        assert_eq!(expires_on(&token)?.timestamp(), 1_704_067_200);
        Ok(())
    }

    #[test]
    fn reads_exp_with_padding() -> Result<()> {
        let payload = URL_SAFE.encode(r#"{"exp":1704067200,"a":"b"}"#);
        assert!(payload.ends_with('='));
        let token = format!("h.{payload}.s");
        assert_eq!(expires_on(&token)?.timestamp(), 1_704_067_200);
        Ok(())
    }

    #[test]
    fn reads_url_safe_characters() -> Result<()> {
        // `>>>` and `???` encode to `-` and `_` in base64url: a standard-alphabet decoder
        // would drop or reject them.
        let token = jwt(r#"{"x":">>>???","exp":1704067200}"#);
        assert!(token.contains('-') || token.contains('_'));
        assert_eq!(expires_on(&token)?.timestamp(), 1_704_067_200);
        Ok(())
    }

    #[test]
    fn reads_fractional_exp() -> Result<()> {
        let token = jwt(r#"{"exp":1704067200.75}"#);
        assert_eq!(expires_on(&token)?.timestamp(), 1_704_067_200);
        Ok(())
    }

    #[test]
    fn malformed_tokens() {
        let cases = [
            ("", "three"),
            ("abc", "three"),
            ("a.b", "three"),
            ("a.b.c.d", "three"),
            ("a.***.c", "base64url"),
            (&jwt("not json") as &str, "JSON object"),
            (&jwt("[1,2]"), "JSON object"),
            (&jwt(r#"{"iat":1}"#), "no `exp`"),
            (&jwt(r#"{"exp":"soon"}"#), "not a number"),
            (&jwt(r#"{"exp":1e300}"#), "out of range"),
        ];
        for (token, expected) in cases {
            let error = expires_on(token)
                .err()
                .unwrap_or_else(|| panic!("{token} accepted"));
            assert!(matches!(error, Error::MalformedToken { .. }));
            assert!(error.to_string().contains(expected), "{token}: {error}");
        }
    }
}
