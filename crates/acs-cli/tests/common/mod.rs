//! Shared fixtures: an emulator in this process, and `acs` run as a subprocess against it.

#![allow(
    clippy::disallowed_methods,
    reason = "makes tokens for an emulator that runs on the system clock"
)]
#![allow(dead_code, reason = "each test binary uses a different part")]

use assert_cmd::Command;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The environment variables `acs` reads; every run starts without them.
const ACS_VARIABLES: [&str; 10] = [
    "ACS_CONNECTION_STRING",
    "COMMUNICATION_SERVICES_CONNECTION_STRING",
    "AZURE_COMMUNICATION_CONNECTION_STRING",
    "ACS_ENDPOINT",
    "AZURE_COMMUNICATION_ENDPOINT",
    "ACS_TOKEN",
    "AZURE_COMMUNICATION_ACCESS_TOKEN",
    "ACS_CA_CERT",
    "ACS_ENTRA_TOKEN",
    "COLUMNS",
];

/// `acs`, with none of its environment variables set.
pub fn acs() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_acs"));
    for name in ACS_VARIABLES {
        command.env_remove(name);
    }
    command.timeout(std::time::Duration::from_secs(60));
    command
}

/// What a run of `acs` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns the run.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "acs failed: {self:#?}");
        self
    }

    /// Asserts the exit code and returns the run.
    #[track_caller]
    pub fn code(self, code: i32) -> Self {
        assert_eq!(self.code, code, "unexpected exit code: {self:#?}");
        self
    }

    /// Stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}): {self:#?}"))
    }

    /// Asserts that nothing was printed on stdout and returns the run.
    #[track_caller]
    pub fn quiet(self) -> Self {
        assert_eq!(self.stdout, "", "unexpected output: {self:#?}");
        self
    }
}

/// Runs a command to its end.
#[track_caller]
pub fn run(command: &mut Command) -> Run {
    let output = command.output().expect("acs runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// An emulator running in this process, on its own runtime.
pub struct Emulator {
    pub emulator: acs_emulator::RunningEmulator,
    _runtime: tokio::runtime::Runtime,
}

impl Emulator {
    /// Starts one on a free port of 127.0.0.1.
    pub fn start() -> Self {
        Self::start_with(acs_emulator::Emulator::builder())
    }

    /// Starts one from a builder.
    pub fn start_with(builder: acs_emulator::EmulatorBuilder) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let emulator = runtime.block_on(builder.start()).expect("emulator starts");
        Self {
            emulator,
            _runtime: runtime,
        }
    }

    /// The emulator's connection string.
    pub fn connection_string(&self) -> String {
        self.emulator.connection_string()
    }

    /// `acs` with `ACS_CONNECTION_STRING` set to the emulator's.
    pub fn identity(&self) -> Command {
        let mut command = acs();
        command.env("ACS_CONNECTION_STRING", self.connection_string());
        command
    }

    /// `acs` with `ACS_ENDPOINT` and `ACS_TOKEN` set for a user's chat.
    pub fn chat(&self, token: &str) -> Command {
        let mut command = acs();
        command
            .env("ACS_ENDPOINT", self.emulator.endpoint())
            .env("ACS_TOKEN", token);
        command
    }

    /// A new user with a `chat` token, made with `acs identity user create`.
    pub fn user(&self) -> User {
        let created = run(self
            .identity()
            .args(["identity", "user", "create", "--scopes", "chat"]))
        .ok()
        .json();
        User {
            id: text(&created["identity"]["id"]),
            token: text(&created["accessToken"]["token"]),
        }
    }
}

/// A user and its chat token.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub token: String,
}

/// A JSON string value (panics on anything else).
#[track_caller]
pub fn text(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
        .to_owned()
}

/// An unsigned JWT with these claims (enough for the SDK, which reads only `exp`, and for
/// the emulator's Entra ID exchanges, which read the claims without checking signatures).
pub fn jwt(claims: &Value) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// Seconds since the epoch, an hour from now.
pub fn in_an_hour() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    i64::try_from(now).expect("in range") + 3_600
}
