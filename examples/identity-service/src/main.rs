//! `acs-identity-service-example`: the trusted identity service of an ACS app.
//!
//! ```text
//! acs-identity-service-example [--db data/identity-service.sqlite3] [--listen 127.0.0.1:8080]
//!                              [--users-file FILE] [--db-max-connections 16]
//! ```
//!
//! - Mapping: the SQLite file of `--db`, or, when `DATABASE_URL=postgres://…` is set, that
//!   PostgreSQL database (shared by every instance; migrated at start).
//!
//! - ACS: `ACS_CONNECTION_STRING` (or `COMMUNICATION_SERVICES_CONNECTION_STRING`); when
//!   neither is set, the embedded emulator is started in-process (and the log says so).
//! - App users: `--users-file` (one `user:key` per line) or `APP_USERS="alice:key-a,bob:key-b"`;
//!   against the emulator, without either, the demo users of `DEMO_APP_USERS`.
//!
//! Logs go to stderr; they never contain a token, an API key, the connection string or the
//! database password.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use acs_emulator::{Emulator, RunningEmulator};
use acs_identity::CommunicationIdentityClient;
use acs_identity_service_example::{
    APP_USERS_ENV, AcsTarget, AppState, AppUsers, DATABASE_URL_ENV, DEFAULT_DB_PATH,
    DEFAULT_LISTEN, DEMO_APP_USERS, IdentityStore, PostgresOptions, identity_client_options, serve,
};
use clap::Parser;
use tokio::net::TcpListener;

/// The trusted identity service of an Azure Communication Services app: maps the app's users
/// to ACS identities (kept in SQLite, or in PostgreSQL with DATABASE_URL) and hands out their
/// access tokens.
///
/// ACS is the resource of ACS_CONNECTION_STRING (or COMMUNICATION_SERVICES_CONNECTION_STRING),
/// or an embedded emulator when neither is set. App users come from --users-file or
/// APP_USERS="alice:key-a,bob:key-b"; they authenticate with `Authorization: Bearer <key>`.
/// DATABASE_URL=postgres://user:password@host:5432/db keeps the mapping in PostgreSQL, shared by
/// every instance behind a load balancer, instead of the --db file.
#[derive(Debug, Parser)]
#[command(name = "acs-identity-service-example", version, about)]
struct Args {
    /// The SQLite file mapping app users to ACS identities (created if missing, with its
    /// directory); not used when DATABASE_URL is set.
    #[arg(long, default_value = DEFAULT_DB_PATH)]
    db: PathBuf,
    /// With DATABASE_URL: the most PostgreSQL connections this instance opens.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    db_max_connections: u16,
    /// The address to listen on.
    #[arg(long, default_value = DEFAULT_LISTEN)]
    listen: SocketAddr,
    /// A file of app users and their API keys, one `user:key` per line (`#` comments);
    /// default: the APP_USERS variable.
    #[arg(long)]
    users_file: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_target(false)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the runtime: {error}")),
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn fail(message: &str) -> ExitCode {
    tracing::error!("{message}");
    ExitCode::FAILURE
}

async fn run(args: Args) -> Result<(), String> {
    let target = AcsTarget::from_env_lookup(|name| std::env::var(name).ok()).map_err(|error| {
        format!(
            "the connection string is unusable: {}",
            acs_core::error_chain(&error)
        )
    })?;
    let users = app_users(&args, &target)?;

    let mut emulator: Option<RunningEmulator> = None;
    let client = match &target {
        AcsTarget::ConnectionString(connection_string) => {
            tracing::info!(endpoint = %connection_string.endpoint(), "using Azure Communication Services");
            CommunicationIdentityClient::with_connection_string(
                connection_string,
                Some(identity_client_options()),
            )
        }
        AcsTarget::Emulator => {
            let running = Emulator::builder()
                .start()
                .await
                .map_err(|error| format!("cannot start the emulator: {}", acs_core::error_chain(&error)))?;
            tracing::info!(
                endpoint = running.endpoint(),
                "ACS_CONNECTION_STRING is not set: started the embedded ACS emulator (its \
                 identities live in memory; stored ones from an earlier run are replaced)"
            );
            let connection_string = running
                .parsed_connection_string()
                .map_err(|error| acs_core::error_chain(&error))?;
            let client = CommunicationIdentityClient::with_connection_string(
                &connection_string,
                Some(identity_client_options()),
            );
            emulator = Some(running);
            client
        }
    }
    .map_err(|error| format!("cannot make the identity client: {}", acs_core::error_chain(&error)))?;

    let store = open_store(&args).await?;

    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", args.listen))?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    let user_ids: Vec<&str> = users.ids().collect();
    tracing::info!(
        "listening on http://{address} for app users {}; try: curl -X POST http://{address}/token \
         -H 'Authorization: Bearer <api key>' -H 'Content-Type: application/json' \
         -d '{{\"scopes\":[\"chat\",\"voip\"]}}'",
        user_ids.join(", ")
    );

    let state = AppState::new(client, store, users);
    let served = serve(listener, state, acs_emulator::shutdown_signal()).await;
    tracing::info!("stopped");
    if let Some(emulator) = emulator {
        emulator
            .shutdown()
            .await
            .map_err(|error| format!("emulator shutdown: {}", acs_core::error_chain(&error)))?;
    }
    served.map_err(|error| format!("server error: {error}"))
}

/// The mapping: PostgreSQL when `DATABASE_URL` is set, else the SQLite file of `--db`.
async fn open_store(args: &Args) -> Result<IdentityStore, String> {
    if let Some(url) = std::env::var(DATABASE_URL_ENV)
        .ok()
        .filter(|url| !url.trim().is_empty())
    {
        let mut options = PostgresOptions::default();
        options.max_connections = usize::from(args.db_max_connections);
        let store = IdentityStore::connect_postgres(&url, options)
            .await
            .map_err(|error| format!("{DATABASE_URL_ENV}: {}", acs_core::error_chain(&error)))?;
        tracing::info!(
            db = %store.location(),
            max_connections = options.max_connections,
            "identity database open (PostgreSQL, shared by every instance; --db is not used)"
        );
        return Ok(store);
    }
    let db = args.db.clone();
    let store = tokio::task::spawn_blocking(move || {
        if let Some(directory) = db.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(directory).map_err(|error| {
                format!(
                    "cannot create the database directory {}: {error}",
                    directory.display()
                )
            })?;
        }
        IdentityStore::open(db).map_err(|error| acs_core::error_chain(&error))
    })
    .await
    .map_err(|error| error.to_string())??;
    tracing::info!(db = %store.location(), "identity database open (SQLite)");
    Ok(store)
}

/// The app users: `--users-file`, else `APP_USERS`, else (against the emulator only) the demo
/// users.
fn app_users(args: &Args, target: &AcsTarget) -> Result<AppUsers, String> {
    if let Some(path) = &args.users_file {
        return AppUsers::from_file(path).map_err(|error| acs_core::error_chain(&error));
    }
    if let Some(text) = std::env::var(APP_USERS_ENV)
        .ok()
        .filter(|text| !text.trim().is_empty())
    {
        return AppUsers::parse(&text).map_err(|error| format!("{APP_USERS_ENV}: {error}"));
    }
    match target {
        AcsTarget::Emulator => {
            tracing::warn!(
                "neither --users-file nor {APP_USERS_ENV} is set: using the demo app users \
                 (alice, bob; their public keys are in the README)"
            );
            AppUsers::parse(DEMO_APP_USERS).map_err(|error| error.to_string())
        }
        AcsTarget::ConnectionString(_) => Err(format!(
            "no app users: set {APP_USERS_ENV}=\"alice:<key>,bob:<key>\" or pass --users-file \
             (the demo users are for the emulator only)"
        )),
    }
}
