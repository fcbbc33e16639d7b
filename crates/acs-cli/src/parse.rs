//! Parsing of argument values: durations, `key=value` pairs, times, raw ids and participants.
//!
//! Two kinds of checks live here, with different exit codes:
//!
//! - value *syntax* (a duration, a time, a `key=value` pair) is checked by clap through the
//!   `value_parser` functions ([`duration`], [`key_value`], [`time`]); a failure is a usage
//!   error (exit 2), reported by clap with the argument's name;
//! - value *meaning* (a raw id that cannot name anyone, a raw id of the wrong kind, a
//!   repeated metadata key) is checked by the commands with the other functions; a failure is
//!   invalid input (exit 3).

use std::collections::HashMap;
use std::time::Duration;

use acs_auth::{CommunicationIdentifier, CommunicationUserIdentifier};
use chrono::{DateTime, Utc};

/// A duration such as `1h`, `90m`, `24h`, `1h30m`, `3600s` or `1d`: one or more
/// `<number><unit>` parts, units `d`, `h`, `m` and `s`.
///
/// # Errors
///
/// A message for clap when the text is not such a duration.
pub(crate) fn duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("a duration is required, e.g. `1h`, `90m` or `1h30m`".to_owned());
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit: u64 = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => {
                return Err(format!(
                    "`{text}` is not a duration: use a number with a unit d, h, m or s, e.g. `1h`, `90m`"
                ));
            }
        };
        if number.is_empty() {
            return Err(format!(
                "`{text}` is not a duration: every unit needs a number before it, e.g. `1h30m`"
            ));
        }
        let value: u64 = number
            .parse()
            .map_err(|_| format!("`{text}` is too long a duration"))?;
        total = value
            .checked_mul(unit)
            .and_then(|seconds| total.checked_add(seconds))
            .ok_or_else(|| format!("`{text}` is too long a duration"))?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(format!(
            "`{text}` has no unit: write e.g. `{number}m` or `{number}s`"
        ));
    }
    Ok(Duration::from_secs(total))
}

/// A duration as `duration` reads it: `1h30m`, `45s`, `0s`.
pub(crate) fn format_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let parts = [
        (seconds / 3_600, 'h'),
        (seconds / 60 % 60, 'm'),
        (seconds % 60, 's'),
    ];
    let text: String = parts
        .iter()
        .filter(|(value, _)| *value > 0)
        .map(|(value, unit)| format!("{value}{unit}"))
        .collect();
    if text.is_empty() {
        "0s".to_owned()
    } else {
        text
    }
}

/// A `key=value` pair (split at the first `=`; the value may be empty, the key may not).
///
/// # Errors
///
/// A message for clap when there is no `=` or the key is empty.
pub(crate) fn key_value(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not a `key=value` pair"))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("`{text}` has an empty key"));
    }
    Ok((key.to_owned(), value.to_owned()))
}

/// An RFC 3339 time, e.g. `2025-01-31T09:30:00Z` or `2025-01-31T10:30:00+01:00`.
///
/// # Errors
///
/// A message for clap when the text is not an RFC 3339 time.
pub(crate) fn time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|time| time.with_timezone(&Utc))
        .map_err(|_| format!("`{text}` is not an RFC 3339 time such as `2025-01-31T09:30:00Z`"))
}

/// Metadata pairs as a map.
///
/// # Errors
///
/// When a key is given twice.
pub(crate) fn metadata(pairs: Vec<(String, String)>) -> Result<HashMap<String, String>, String> {
    let mut map = HashMap::with_capacity(pairs.len());
    for (key, value) in pairs {
        if map.contains_key(&key) {
            return Err(format!("metadata key `{key}` is given more than once"));
        }
        map.insert(key, value);
    }
    Ok(map)
}

/// A raw id of any kind (`8:acs:…`, `4:+1…`, `8:orgid:…`, `28:orgid:…`, …).
///
/// A raw id is *bad* when it cannot name anyone: empty, or containing whitespace or control
/// characters (no raw id of any kind has them). Raw ids of a kind this version does not know
/// are passed on as they are, for the service to judge.
///
/// # Errors
///
/// A message naming what is wrong (`what` names the argument, e.g. "the participant").
pub(crate) fn raw_id(what: &str, text: &str) -> Result<CommunicationIdentifier, String> {
    if text.trim().is_empty() {
        return Err(format!("{what} is empty: give a raw id such as `8:acs:…`"));
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "{what} `{}` is not a raw id: raw ids contain no spaces or control characters",
            crate::redact::shown(text)
        ));
    }
    Ok(CommunicationIdentifier::from_raw_id(text))
}

/// The raw id of a Communication Services user (`8:acs:…`, `8:gcch-acs:…`, `8:dod-acs:…`,
/// `8:spool:…`), as the identity commands need.
///
/// # Errors
///
/// As for [`raw_id`], and when the raw id names something else (a phone number, a Teams
/// user, a Teams Phone extension user, an unknown kind).
pub(crate) fn user_id(text: &str) -> Result<CommunicationUserIdentifier, String> {
    match raw_id("the user id", text)? {
        CommunicationIdentifier::CommunicationUser(user) => Ok(user),
        other => Err(format!(
            "`{}` is not a Communication Services user id (a {}); expected `8:acs:<resource>_<user>`",
            crate::redact::shown(text),
            kind_description(&other)
        )),
    }
}

/// A participant: `<raw-id>` or `<raw-id>=<display name>` (split at the first `=`).
///
/// # Errors
///
/// As for [`raw_id`], and when the display name after `=` is empty.
pub(crate) fn participant(text: &str) -> Result<(CommunicationIdentifier, Option<String>), String> {
    match text.split_once('=') {
        None => Ok((raw_id("the participant", text)?, None)),
        Some((id, name)) => {
            let identifier = raw_id("the participant", id)?;
            if name.trim().is_empty() {
                return Err(format!(
                    "the display name of participant `{}` is empty: drop the `=` or give a name",
                    crate::redact::shown(id)
                ));
            }
            Ok((identifier, Some(name.to_owned())))
        }
    }
}

/// The kind of an identifier in the words of the wire (`communicationUser`, `phoneNumber`,
/// `microsoftTeamsUser`, `microsoftTeamsApp`, `teamsExtensionUser`, `unknown`).
pub(crate) fn kind(identifier: &CommunicationIdentifier) -> &'static str {
    match identifier {
        CommunicationIdentifier::CommunicationUser(_) => "communicationUser",
        CommunicationIdentifier::PhoneNumber(_) => "phoneNumber",
        CommunicationIdentifier::MicrosoftTeamsUser(_) => "microsoftTeamsUser",
        CommunicationIdentifier::MicrosoftTeamsApp(_) => "microsoftTeamsApp",
        CommunicationIdentifier::TeamsExtensionUser(_) => "teamsExtensionUser",
        _ => "unknown",
    }
}

fn kind_description(identifier: &CommunicationIdentifier) -> &'static str {
    match identifier {
        CommunicationIdentifier::CommunicationUser(_) => "Communication Services user",
        CommunicationIdentifier::PhoneNumber(_) => "phone number",
        CommunicationIdentifier::MicrosoftTeamsUser(_) => "Microsoft Teams user",
        CommunicationIdentifier::MicrosoftTeamsApp(_) => "Microsoft Teams app",
        CommunicationIdentifier::TeamsExtensionUser(_) => "Teams Phone extension user",
        _ => "raw id of an unknown kind",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("1h"), Ok(Duration::from_secs(3_600)));
        assert_eq!(duration("90m"), Ok(Duration::from_secs(5_400)));
        assert_eq!(duration("24h"), Ok(Duration::from_secs(86_400)));
        assert_eq!(duration("1h30m"), Ok(Duration::from_secs(5_400)));
        assert_eq!(duration("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(duration(" 3600s "), Ok(Duration::from_secs(3_600)));
        assert_eq!(duration("0s"), Ok(Duration::ZERO));
        for bad in [
            "",
            "1",
            "h",
            "1x",
            "1.5h",
            "-1h",
            "1h 30m",
            "99999999999999999999h",
        ] {
            assert!(duration(bad).is_err(), "{bad}");
        }
        assert!(duration("90").unwrap_err().contains("`90m`"));
        assert_eq!(format_duration(Duration::from_secs(5_400)), "1h30m");
        assert_eq!(format_duration(Duration::from_secs(25 * 3_600)), "25h");
        assert_eq!(format_duration(Duration::ZERO), "0s");
    }

    #[test]
    fn key_values() {
        assert_eq!(key_value("a=b"), Ok(("a".into(), "b".into())));
        assert_eq!(key_value("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert_eq!(key_value("a="), Ok(("a".into(), String::new())));
        assert!(key_value("a").is_err());
        assert!(key_value("=b").is_err());
        assert!(key_value(" =b").is_err());
    }

    #[test]
    fn metadata_rejects_repeated_keys() {
        let ok = metadata(vec![("a".into(), "1".into()), ("b".into(), "2".into())]);
        assert_eq!(ok.map(|m| m.len()), Ok(2));
        let repeated = metadata(vec![("a".into(), "1".into()), ("a".into(), "2".into())]);
        assert!(repeated.unwrap_err().contains("`a`"));
    }

    #[test]
    fn times() {
        let parsed = time("2025-01-31T10:30:00+01:00").map(|t| t.to_rfc3339());
        assert_eq!(parsed.as_deref(), Ok("2025-01-31T09:30:00+00:00"));
        assert!(time("2025-01-31").is_err());
        assert!(time("yesterday").is_err());
    }

    #[test]
    fn raw_ids() {
        let id = raw_id("x", "4:+14255550123").map(|id| kind(&id));
        assert_eq!(id, Ok("phoneNumber"));
        assert_eq!(
            raw_id("x", "8:orgid:abc").map(|id| kind(&id)),
            Ok("microsoftTeamsUser")
        );
        assert_eq!(
            raw_id("x", "something-new").map(|id| kind(&id)),
            Ok("unknown")
        );
        for bad in ["", "   ", "8:acs:a b", "8:acs:a\n", "\t"] {
            assert!(raw_id("x", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn user_ids() {
        assert!(user_id("8:acs:resource_user").is_ok());
        assert!(user_id("8:spool:resource_user").is_ok());
        let phone = user_id("4:+14255550123").unwrap_err();
        assert!(phone.contains("phone number"), "{phone}");
        let teams = user_id("8:orgid:00000000-0000-0000-0000-000000000001").unwrap_err();
        assert!(teams.contains("Microsoft Teams user"), "{teams}");
        assert!(user_id("").is_err());
        assert!(user_id("hello").unwrap_err().contains("unknown kind"));
    }

    #[test]
    fn participants() {
        let (id, name) = participant("8:acs:r_u=Ada Lovelace").expect("valid");
        assert_eq!(
            (id.raw_id(), name.as_deref()),
            ("8:acs:r_u", Some("Ada Lovelace"))
        );
        let (id, name) = participant("4:+14255550123").expect("valid");
        assert_eq!((id.raw_id(), name), ("4:+14255550123", None));
        assert!(participant("8:acs:r_u=").is_err());
        assert!(participant("=Ada").is_err());
        assert!(participant("").is_err());
    }
}
