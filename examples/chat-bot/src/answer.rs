//! What the bot says: `help` (or `/help`, `?`) gets the help text, anything else is echoed.

/// The bot's help text.
///
/// ```
/// assert!(acs_chat_bot_example::HELP.contains("help"));
/// ```
pub const HELP: &str = "I am an echo bot. Send me anything and I will send it back; \
                        send \"help\" to see this again.";

/// The answer to a message.
///
/// ```
/// use acs_chat_bot_example::{HELP, answer};
///
/// assert_eq!(answer(" Help "), HELP);
/// assert_eq!(answer("hello"), "echo: hello");
/// ```
pub fn answer(text: &str) -> String {
    let text = text.trim();
    if ["help", "/help", "?"]
        .iter()
        .any(|command| text.eq_ignore_ascii_case(command))
    {
        HELP.to_owned()
    } else {
        format!("echo: {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_and_echo() {
        assert_eq!(answer("HELP"), HELP);
        assert_eq!(answer("?"), HELP);
        assert_eq!(answer("helping"), "echo: helping");
        assert_eq!(answer(""), "echo: ");
    }
}
