//! The local checks of [`EmailMessageBuilder::build`](crate::models::EmailMessageBuilder::build):
//! what the service would reject, rejected before any request.

use acs_core::{Error, Result};

use crate::models::{EmailAddress, EmailAttachment};

/// The longest address (RFC 5321 path limit).
const MAX_ADDRESS: usize = 254;
/// The longest local part.
const MAX_LOCAL: usize = 64;

/// Checks that `value` is a syntactically valid `local@domain` address.
pub(crate) fn address(role: &str, value: &str) -> Result<()> {
    let bad = |why: &str| Error::invalid_input(format!("the {role} address `{value}` {why}"));
    if value.is_empty() {
        return Err(Error::invalid_input(format!(
            "the {role} address must not be empty"
        )));
    }
    if value.len() > MAX_ADDRESS {
        return Err(bad("is longer than 254 characters"));
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return Err(bad("is not an email address (local@domain)"));
    };
    if local.is_empty() || local.len() > MAX_LOCAL {
        return Err(bad("has an empty or too long local part"));
    }
    let local_ok = local.split('.').all(|atom| {
        !atom.is_empty()
            && atom
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c))
    });
    if !local_ok {
        return Err(bad("is not an email address (local@domain)"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if !domain_ok {
        return Err(bad("does not have a valid domain"));
    }
    Ok(())
}

/// Checks a recipient or reply-to address and its display name.
pub(crate) fn recipient(role: &str, entry: &EmailAddress) -> Result<()> {
    address(role, entry.address())?;
    if let Some(name) = entry.display_name()
        && name.chars().any(char::is_control)
    {
        return Err(Error::invalid_input(format!(
            "the display name of the {role} address `{}` contains a control character",
            entry.address()
        )));
    }
    Ok(())
}

/// Checks a custom header: an RFC 5322 field name (printable ASCII without `:`) and a value
/// without line breaks.
pub(crate) fn header(name: &str, value: &str) -> Result<()> {
    if name.is_empty() || !name.bytes().all(|b| (33..=126).contains(&b) && b != b':') {
        return Err(Error::invalid_input(format!(
            "`{name}` is not a valid header name (printable ASCII without spaces or `:`)"
        )));
    }
    if value.contains(['\r', '\n', '\0']) {
        return Err(Error::invalid_input(format!(
            "the value of the header `{name}` contains a line break"
        )));
    }
    Ok(())
}

/// Whether `value` is an RFC 2045 token.
fn is_token(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| (33..=126).contains(&b) && !b"()<>@,;:\\\"/[]?=".contains(&b))
}

/// Checks an attachment's name, content type and content id.
pub(crate) fn attachment(attachment: &EmailAttachment) -> Result<()> {
    let name = attachment.name();
    if name.trim().is_empty() {
        return Err(Error::invalid_input("an attachment has no name"));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid_input(format!(
            "the attachment name `{}` contains a control character",
            name.escape_debug()
        )));
    }
    let content_type = attachment.content_type();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let valid = essence
        .split_once('/')
        .is_some_and(|(kind, subtype)| is_token(kind) && is_token(subtype));
    if !valid {
        return Err(Error::invalid_input(format!(
            "the content type `{content_type}` of the attachment `{name}` is not a MIME type (type/subtype)"
        )));
    }
    if let Some(id) = attachment.content_id()
        && (id.is_empty()
            || !id
                .bytes()
                .all(|b| (33..=126).contains(&b) && b != b'<' && b != b'>'))
    {
        return Err(Error::invalid_input(format!(
            "the content id `{id}` of the attachment `{name}` must be printable ASCII without spaces or angle brackets"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for good in [
            "a@b.example",
            "first.last+tag@sub.example.com",
            "DoNotReply@x.azurecomm.net",
        ] {
            assert!(address("to", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.example",
            "a@b",
            "a b@c.example",
            "a..b@c.example",
            "a@-b.example",
            "a@b..example",
        ] {
            assert!(address("to", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn headers() {
        assert!(header("X-Custom", "v").is_ok());
        assert!(header("Bad Name", "v").is_err());
        assert!(header("Bad:Name", "v").is_err());
        assert!(header("", "v").is_err());
        assert!(header("X-Ok", "a\r\nBcc: x@y.example").is_err());
    }
}
