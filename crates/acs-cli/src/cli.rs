//! The command line, as clap types.

use std::path::PathBuf;
use std::time::Duration;

use acs_chat::options::ChatApiVersion;
use acs_identity::options::IdentityApiVersion;
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::Format;
use crate::parse;

const LONG_HELP: &str = "\
Every command:
  acs identity user create [--scopes chat,voip] [--expires-in 1h]
  acs identity user delete <ID>
  acs identity token issue <ID> --scopes chat,voip [--expires-in 1h]
  acs identity token revoke <ID>
  acs identity token teams-exchange --entra-token T --client-id ID --user-object-id ID
  acs identity teams-extension exchange --entra-token T
  acs identity teams-extension assignment get|delete --tenant-id ID --object-id ID
  acs identity teams-extension assignment set --tenant-id ID --object-id ID
                                          --principal-type user|resourceAccount [--client-id ID]...
  acs chat thread create --topic T [--participant RAW_ID[=NAME]]... [--idempotency-token T]
                         [--metadata K=V]... [--retention-days N]
  acs chat thread list [--max-page-size N] [--start-time TIME] [--limit N]
  acs chat thread show|delete <THREAD>
  acs chat thread update <THREAD> [--topic T] [--metadata K=V]... [--retention-days N|--no-retention]
  acs chat message send <THREAD> --content C [--type text|html] [--sender-display-name NAME]
                        [--metadata K=V]...
  acs chat message show|delete <THREAD> <MESSAGE>
  acs chat message list <THREAD> [--max-page-size N] [--start-time TIME] [--limit N]
  acs chat message update <THREAD> <MESSAGE> [--content C] [--metadata K=V]...
  acs chat participant list <THREAD> [--max-page-size N] [--skip N] [--limit N]
  acs chat participant add <THREAD> <RAW_ID[=NAME]>... [--share-history-time TIME] [--metadata K=V]...
  acs chat participant remove <THREAD> <RAW_ID>
  acs chat typing <THREAD> [--sender-display-name NAME]
  acs chat receipt send <THREAD> <MESSAGE>
  acs chat receipt list <THREAD> [--max-page-size N] [--skip N] [--limit N]
  acs resource create NAME --data-location L [--tag K=V]... [--linked-domain ID]...
  acs resource show|delete|keys|check-name NAME;  acs resource list
  acs resource regenerate-key NAME --key primary|secondary
  acs email-service create NAME --data-location L;  acs email-service show|delete NAME|list
  acs email-domain create --email-service E --azure-managed | --custom DOMAIN
  acs email-domain show|delete DOMAIN --email-service E;  acs email-domain list --email-service E
  acs email-domain link DOMAIN --email-service E --resource NAME
  acs email-domain verify DOMAIN --email-service E --type domain|spf|dkim|dkim2|dmarc
  acs sender-username create USERNAME --email-service E --domain D [--display-name N]
  acs sender-username show|delete USERNAME|list --email-service E --domain D
  acs emulator [--port P] [--tls]
  acs events listen [--port P] [--schema any|eventgrid|cloudevents] [--secret S]
  acs completion bash|zsh|fish|powershell|elvish
  acs man

Authentication (flag, then the variables in this order; the Azure CLI's names work too):
  identity  --connection-string, or ACS_CONNECTION_STRING, COMMUNICATION_SERVICES_CONNECTION_STRING,
            AZURE_COMMUNICATION_CONNECTION_STRING
  chat      --endpoint, or ACS_ENDPOINT, AZURE_COMMUNICATION_ENDPOINT (plain http only for
            loopback hosts); --token (--access-token), or ACS_TOKEN, AZURE_COMMUNICATION_ACCESS_TOKEN
  resource, email-service, email-domain, sender-username (Azure Resource Manager):
            --subscription or AZURE_SUBSCRIPTION_ID; -g or ACS_RESOURCE_GROUP;
            --management-endpoint or ACS_MANAGEMENT_ENDPOINT (default https://management.azure.com);
            --credential auto|emulator|environment|developer-tools: auto is the emulator's
            development credential for a loopback endpoint, else AZURE_TENANT_ID,
            AZURE_CLIENT_ID and AZURE_CLIENT_SECRET when set, else `az login` / `azd auth login`
  Secrets are never printed, except a token as the result of a token command, the keys by
  `acs resource keys` and `regenerate-key`, and the emulator's own connection string by
  `acs emulator`.

Exit codes:
  0  success
  1  anything else (the emulator cannot start, output cannot be written)
  2  usage: unknown command or option, missing argument, value of the wrong syntax
  3  invalid input caught before anything is sent (bad raw id, lifetime out of range, ...)
  4  connection settings or credentials, caught before anything is sent: missing or
     malformed connection string, endpoint or token, expired token
  5  the service answered with an error (401 and 403 included); stderr has its code,
     message, status and request id
  6  the service could not be reached or did not answer in time

Output: JSON by default (one document per command, lists as arrays, field names as on the
wire, identifiers as {\"rawId\", \"kind\"}); -o table for people (fitted to the terminal),
-o tsv for scripts, -o none. --query takes a JMESPath expression, as in the Azure CLI:
  acs chat thread list --query \"[].[id, topic]\" -o tsv
Commands that only change something (delete, revoke, update, remove, typing, receipt send)
print nothing.";

/// `acs`: Azure Communication Services identities, tokens and chat from the command line.
///
/// Identity commands authenticate with the resource's connection string; chat commands with
/// an endpoint and a user access token. `acs emulator` runs a local Communication Services to
/// try everything without an Azure account.
#[derive(Debug, Parser)]
#[command(
    name = "acs",
    version,
    propagate_version = true,
    after_long_help = LONG_HELP,
    after_help = "Exit codes: 0 ok, 2 usage, 3 invalid input, 4 credentials, 5 service error, \
                  6 transport, 1 other (details: acs --help)"
)]
pub(crate) struct Cli {
    /// Output format.
    #[arg(long, short, global = true, value_enum, default_value_t = Format::Json)]
    pub(crate) output: Format,

    /// A JMESPath expression applied to the output before it is written (as in the Azure
    /// CLI), e.g. `[].id` or `chatThread.id`. A list is read whole first.
    #[arg(long, global = true, value_name = "JMESPATH")]
    pub(crate) query: Option<String>,

    /// How many times a failed request is retried (throttling, server errors, connection
    /// failures).
    #[arg(long, global = true, value_name = "N", default_value_t = 3)]
    pub(crate) retries: u32,

    /// How long one attempt may take, e.g. `30s` or `2m` (default: 100s for identity, 30s
    /// for chat).
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse::duration)]
    pub(crate) timeout: Option<Duration>,

    /// A PEM file of an extra CA certificate to trust, e.g. the one `acs emulator --tls`
    /// prints.
    #[arg(long, global = true, value_name = "FILE", env = "ACS_CA_CERT")]
    pub(crate) ca_cert: Option<PathBuf>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The command groups.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Users, access tokens and Teams token exchanges (Identity; connection string).
    Identity(IdentityArgs),
    /// Threads, messages, participants, read receipts, typing (Chat; endpoint + user token).
    Chat(ChatArgs),
    /// Send email and read send statuses (Email; connection string).
    Email(crate::commands::email::EmailArgs),
    /// Create, show, list and delete Communication Services resources; read and regenerate
    /// their keys (Azure Resource Manager; Entra ID credential).
    Resource(crate::commands::management::ResourceArgs),
    /// Create, show, list and delete Email Communication Services resources (ARM).
    EmailService(crate::commands::management::EmailServiceArgs),
    /// Create, show, list, delete, link and verify email domains (ARM).
    EmailDomain(crate::commands::management::EmailDomainArgs),
    /// Create, show, list and delete the sender usernames of a domain (ARM).
    SenderUsername(crate::commands::management::SenderUsernameArgs),
    /// Run a local Communication Services emulator and print its endpoint and connection
    /// string.
    ///
    /// Prints one document with `endpoint`, `connectionString` (the emulator's own,
    /// development-only key: printing it is the command's purpose), `emailSender` (the
    /// address to send email from) and, with `--tls`,
    /// `caCertificate` (a PEM file to trust, e.g. with `--ca-cert`), then serves until
    /// Ctrl-C or SIGTERM. State lives in memory only.
    Emulator(EmulatorArgs),
    /// Receive events: `acs events listen` prints each webhook delivery's events as JSON lines.
    Events(crate::commands::events::EventsArgs),
    /// Print a shell completion script, e.g. `acs completion bash > /etc/bash_completion.d/acs`
    /// or `acs completion zsh > ~/.zfunc/_acs`.
    Completion {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `acs man > acs.1 && man ./acs.1`.
    Man,
}

/// Identity: authenticated with the resource's connection string.
#[derive(Debug, Args)]
pub(crate) struct IdentityArgs {
    /// The resource's connection string (`endpoint=https://…;accesskey=…`). Prefer the
    /// environment: a command line is visible to other processes. Falls back to
    /// COMMUNICATION_SERVICES_CONNECTION_STRING, then AZURE_COMMUNICATION_CONNECTION_STRING.
    #[arg(
        long,
        global = true,
        value_name = "CONNECTION_STRING",
        env = "ACS_CONNECTION_STRING",
        hide_env_values = true
    )]
    pub(crate) connection_string: Option<String>,

    /// The Identity api-version to call (default 2026-09-23; 2023-10-01 has every
    /// operation but the Teams Phone extension ones).
    #[arg(long, global = true, value_name = "VERSION", value_parser = clap::value_parser!(IdentityApiVersion))]
    pub(crate) api_version: Option<IdentityApiVersion>,

    #[command(subcommand)]
    pub(crate) command: IdentityCommand,
}

/// The identity commands.
#[derive(Debug, Subcommand)]
pub(crate) enum IdentityCommand {
    /// Create and delete users.
    #[command(subcommand)]
    User(UserCommand),
    /// Issue and revoke access tokens; exchange a Teams user's Entra ID token.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Teams Phone extension: token exchange and access assignments.
    #[command(subcommand)]
    TeamsExtension(TeamsExtensionCommand),
}

/// `acs identity user …`
#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Create a user, with an access token when --scopes is given.
    ///
    /// Prints `{"identity": {"id"}, "accessToken": {"token", "expiresOn"} | null}`.
    Create {
        /// Scopes of a token to issue with the user, comma-separated: chat, voip,
        /// chat.join, chat.join.limited, voip.join.
        #[arg(long, value_delimiter = ',', value_name = "SCOPES")]
        scopes: Vec<String>,
        /// The token's lifetime, 1h to 24h (e.g. `90m`); default 24h.
        #[arg(long, value_parser = parse::duration, requires = "scopes", value_name = "DURATION")]
        expires_in: Option<Duration>,
    },
    /// Delete a user, revoking its tokens. Prints nothing.
    Delete {
        /// The user's id (`8:acs:…`).
        id: String,
    },
}

/// `acs identity token …`
#[derive(Debug, Subcommand)]
pub(crate) enum TokenCommand {
    /// Issue an access token for a user. Prints `{"token", "expiresOn"}`.
    Issue {
        /// The user's id (`8:acs:…`).
        id: String,
        /// Scopes, comma-separated: chat, voip, chat.join, chat.join.limited, voip.join.
        #[arg(long, value_delimiter = ',', required = true, value_name = "SCOPES")]
        scopes: Vec<String>,
        /// The token's lifetime, 1h to 24h (e.g. `90m`); default 24h.
        #[arg(long, value_parser = parse::duration, value_name = "DURATION")]
        expires_in: Option<Duration>,
    },
    /// Revoke every access token of a user. Prints nothing.
    Revoke {
        /// The user's id (`8:acs:…`).
        id: String,
    },
    /// Exchange a Teams user's Microsoft Entra ID token for a Communication Services token.
    /// Prints `{"token", "expiresOn"}`.
    TeamsExchange {
        /// The Teams user's Entra ID access token.
        #[arg(
            long,
            env = "ACS_ENTRA_TOKEN",
            hide_env_values = true,
            value_name = "TOKEN"
        )]
        entra_token: String,
        /// The client (application) id of the Entra ID application (the token's `appid`).
        #[arg(long, value_name = "ID")]
        client_id: String,
        /// The Entra ID object id of the Teams user (the token's `oid`).
        #[arg(long, value_name = "ID")]
        user_object_id: String,
    },
}

/// `acs identity teams-extension …`
#[derive(Debug, Subcommand)]
pub(crate) enum TeamsExtensionCommand {
    /// Exchange a Teams Phone extension user's Entra ID token for its identity and a token.
    ///
    /// Prints `{"identity": {"id"}, "accessToken": {"token", "expiresOn"}}`. The request is
    /// authenticated with the Entra ID token itself.
    Exchange {
        /// The user's Entra ID access token.
        #[arg(
            long,
            env = "ACS_ENTRA_TOKEN",
            hide_env_values = true,
            value_name = "TOKEN"
        )]
        entra_token: String,
    },
    /// Read, set or delete Teams Phone extension access assignments.
    #[command(subcommand)]
    Assignment(AssignmentCommand),
}

/// `acs identity teams-extension assignment …`
#[derive(Debug, Subcommand)]
pub(crate) enum AssignmentCommand {
    /// Show the assignment of an Entra ID object. Prints `{"objectId", "tenantId",
    /// "principalType", "clientIds"}`.
    Get(AssignmentTarget),
    /// Create or replace an assignment. Prints the assignment.
    Set {
        #[command(flatten)]
        target: AssignmentTarget,
        /// Whether the object is a Teams user or a resource account.
        #[arg(long, value_enum)]
        principal_type: PrincipalType,
        /// A client (application) id the assignment applies to (repeatable; none = any).
        #[arg(long = "client-id", value_name = "ID")]
        client_ids: Vec<String>,
    },
    /// Delete an assignment. Prints nothing.
    Delete(AssignmentTarget),
}

/// Which assignment.
#[derive(Debug, Args)]
pub(crate) struct AssignmentTarget {
    /// The Entra ID tenant id.
    #[arg(long, value_name = "ID")]
    pub(crate) tenant_id: String,
    /// The Entra ID object id of the user or resource account.
    #[arg(long, value_name = "ID")]
    pub(crate) object_id: String,
}

/// The principal type of an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PrincipalType {
    /// A Teams user.
    User,
    /// A Teams Phone resource account.
    #[value(name = "resourceAccount", alias = "resource-account")]
    ResourceAccount,
}

/// Chat: authenticated with a user access token.
#[derive(Debug, Args)]
pub(crate) struct ChatArgs {
    /// The resource endpoint, e.g. `https://contoso.communication.azure.com` (plain http
    /// only for loopback hosts). Falls back to AZURE_COMMUNICATION_ENDPOINT.
    #[arg(long, global = true, value_name = "URL", env = "ACS_ENDPOINT")]
    pub(crate) endpoint: Option<String>,

    /// A user access token with the `chat` scope (from `acs identity token issue`). Prefer
    /// the environment: a command line is visible to other processes. Falls back to
    /// AZURE_COMMUNICATION_ACCESS_TOKEN.
    #[arg(
        long,
        visible_alias = "access-token",
        global = true,
        value_name = "TOKEN",
        env = "ACS_TOKEN",
        hide_env_values = true
    )]
    pub(crate) token: Option<String>,

    /// The Chat api-version to call: 2025-03-15 (default) or 2024-03-07 (no metadata or
    /// retention policies).
    #[arg(long, global = true, value_name = "VERSION", value_parser = clap::value_parser!(ChatApiVersion))]
    pub(crate) api_version: Option<ChatApiVersion>,

    #[command(subcommand)]
    pub(crate) command: ChatCommand,
}

/// The chat commands.
#[derive(Debug, Subcommand)]
pub(crate) enum ChatCommand {
    /// Create, list, show, update and delete threads.
    #[command(subcommand)]
    Thread(ThreadCommand),
    /// Send, show, list, update and delete messages.
    #[command(subcommand)]
    Message(MessageCommand),
    /// List, add and remove participants (any identifier kind).
    #[command(subcommand)]
    Participant(ParticipantCommand),
    /// Send a typing notification to a thread. Prints nothing.
    Typing {
        /// The thread id.
        thread: String,
        /// The display name to show.
        #[arg(long, value_name = "NAME")]
        sender_display_name: Option<String>,
    },
    /// Send and list read receipts.
    #[command(subcommand)]
    Receipt(ReceiptCommand),
}

/// Paging options of the list commands.
#[derive(Debug, Args)]
pub(crate) struct Paging {
    /// How many items to ask for per page (the service may return fewer).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_page_size: Option<u32>,
    /// Stop after N items, fetching no further page.
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<u64>,
}

/// `acs chat thread …`
#[derive(Debug, Subcommand)]
pub(crate) enum ThreadCommand {
    /// Create a thread. Prints `{"chatThread": {…}, "invalidParticipants": […]}`.
    ///
    /// The thread is created even when some participants are refused; they are listed in
    /// `invalidParticipants` and a warning goes to stderr.
    Create {
        /// The thread's topic.
        #[arg(long)]
        topic: String,
        /// A participant: `<raw-id>` or `<raw-id>=<display name>` (repeatable).
        #[arg(long = "participant", value_name = "RAW_ID[=NAME]")]
        participants: Vec<String>,
        /// Makes retrying safe: the same token returns the thread created the first time.
        #[arg(long, value_name = "TOKEN")]
        idempotency_token: Option<String>,
        /// Thread metadata, `key=value` (repeatable).
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse::key_value)]
        metadata: Vec<(String, String)>,
        /// Delete the thread this many days after its creation.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        retention_days: Option<u32>,
    },
    /// List the threads of the token's user, newest first. Prints an array of `{"id",
    /// "topic", "deletedOn", "lastMessageReceivedOn"}`.
    List {
        #[command(flatten)]
        paging: Paging,
        /// Only threads updated at or after this RFC 3339 time.
        #[arg(long, value_name = "TIME", value_parser = parse::time)]
        start_time: Option<DateTime<Utc>>,
    },
    /// Show a thread's properties.
    Show {
        /// The thread id.
        thread: String,
    },
    /// Change a thread's topic, metadata or retention policy. Prints nothing.
    #[command(group = clap::ArgGroup::new("change").required(true).multiple(true))]
    Update {
        /// The thread id.
        thread: String,
        /// The new topic.
        #[arg(long, group = "change")]
        topic: Option<String>,
        /// Metadata to set, `key=value` (repeatable).
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse::key_value, group = "change")]
        metadata: Vec<(String, String)>,
        /// Delete the thread this many days after its creation.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), group = "change")]
        retention_days: Option<u32>,
        /// Remove the retention policy: keep the thread.
        #[arg(long, conflicts_with = "retention_days", group = "change")]
        no_retention: bool,
    },
    /// Delete a thread. Prints nothing.
    Delete {
        /// The thread id.
        thread: String,
    },
}

/// The type of a message to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MessageType {
    /// Plain text.
    Text,
    /// HTML.
    Html,
}

/// `acs chat message …`
#[derive(Debug, Subcommand)]
pub(crate) enum MessageCommand {
    /// Send a message. Prints `{"id"}`.
    Send {
        /// The thread id.
        thread: String,
        /// The message.
        #[arg(long)]
        content: String,
        /// The message type.
        #[arg(long = "type", value_enum, value_name = "TYPE")]
        message_type: Option<MessageType>,
        /// The display name to show for the sender.
        #[arg(long, value_name = "NAME")]
        sender_display_name: Option<String>,
        /// Message metadata, `key=value` (repeatable).
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse::key_value)]
        metadata: Vec<(String, String)>,
    },
    /// Show a message.
    Show {
        /// The thread id.
        thread: String,
        /// The message id.
        message: String,
    },
    /// List a thread's messages, newest first (system messages included).
    List {
        /// The thread id.
        thread: String,
        #[command(flatten)]
        paging: Paging,
        /// Only messages at or after this RFC 3339 time.
        #[arg(long, value_name = "TIME", value_parser = parse::time)]
        start_time: Option<DateTime<Utc>>,
    },
    /// Change a message's content or metadata. Prints nothing.
    #[command(group = clap::ArgGroup::new("change").required(true).multiple(true))]
    Update {
        /// The thread id.
        thread: String,
        /// The message id.
        message: String,
        /// The new content.
        #[arg(long, group = "change")]
        content: Option<String>,
        /// Metadata to set, `key=value` (repeatable).
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse::key_value, group = "change")]
        metadata: Vec<(String, String)>,
    },
    /// Delete a message. Prints nothing.
    Delete {
        /// The thread id.
        thread: String,
        /// The message id.
        message: String,
    },
}

/// `acs chat participant …`
#[derive(Debug, Subcommand)]
pub(crate) enum ParticipantCommand {
    /// List a thread's participants. Prints an array of `{"communicationIdentifier":
    /// {"rawId", "kind"}, "displayName", "shareHistoryTime", "metadata"}`.
    List {
        /// The thread id.
        thread: String,
        #[command(flatten)]
        paging: Paging,
        /// Skip this many participants.
        #[arg(long, value_name = "N")]
        skip: Option<u32>,
    },
    /// Add participants. Prints `{"invalidParticipants": […]}` (a warning goes to stderr
    /// when some were refused).
    Add {
        /// The thread id.
        thread: String,
        /// Participants: `<raw-id>` or `<raw-id>=<display name>`, any identifier kind.
        #[arg(required = true, value_name = "RAW_ID[=NAME]")]
        participants: Vec<String>,
        /// The participants see messages from this RFC 3339 time on.
        #[arg(long, value_name = "TIME", value_parser = parse::time)]
        share_history_time: Option<DateTime<Utc>>,
        /// Participant metadata, `key=value` (repeatable; applies to every participant).
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse::key_value)]
        metadata: Vec<(String, String)>,
    },
    /// Remove a participant. Prints nothing.
    Remove {
        /// The thread id.
        thread: String,
        /// The participant's raw id.
        participant: String,
    },
}

/// `acs chat receipt …`
#[derive(Debug, Subcommand)]
pub(crate) enum ReceiptCommand {
    /// Mark a message (and those before it) as read. Prints nothing.
    Send {
        /// The thread id.
        thread: String,
        /// The message id.
        message: String,
    },
    /// List a thread's read receipts. Prints an array of `{"senderCommunicationIdentifier",
    /// "chatMessageId", "readOn"}`.
    List {
        /// The thread id.
        thread: String,
        #[command(flatten)]
        paging: Paging,
        /// Skip this many receipts.
        #[arg(long, value_name = "N")]
        skip: Option<u32>,
    },
}

/// `acs emulator`
#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    /// The port to listen on (127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    pub(crate) port: u16,
    /// Serve HTTPS with a certificate made at start, and print the CA file to trust.
    #[arg(long)]
    pub(crate) tls: bool,
    /// Keep the emulator's state in DIR (SQLite) across restarts; default: in memory only.
    #[arg(long, value_name = "DIR")]
    pub(crate) data_dir: Option<std::path::PathBuf>,
    /// Deliver the chat and email events to a webhook (repeatable), after its validation
    /// handshake: `URL[,schema=eventgrid|cloudevents]`.
    #[arg(long = "events-webhook", value_name = "URL[,schema=...]")]
    pub(crate) events_webhooks: Vec<acs_emulator::EventWebhook>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "acs",
            "identity",
            "user",
            "delete",
            "8:acs:x_y",
            "--connection-string",
            "endpoint=http://127.0.0.1:1;accesskey=AAAA",
            "-o",
            "table",
        ])
        .expect("parsed");
        assert_eq!(cli.output, Format::Table);
        let Command::Identity(identity) = cli.command else {
            panic!("identity");
        };
        assert!(identity.connection_string.is_some());
    }

    #[test]
    fn update_needs_a_change() {
        let error = Cli::try_parse_from(["acs", "chat", "thread", "update", "19:t"]);
        assert!(error.is_err());
        let error = Cli::try_parse_from(["acs", "chat", "message", "update", "19:t", "1"]);
        assert!(error.is_err());
    }
}
