//! `cargo xtask generate [--check]`: regenerates the REST clients and the model crates from
//! `specs/openapi/`.
//!
//! For each document of `acs_specs::DOCUMENTS` the command adapts the document to progenitor's
//! limits in memory ([`adapt`]), runs progenitor with the Builder interface and expected
//! `ClientHooks`, rewrites how its output decodes responses ([`decoding`]) and builds request
//! URLs ([`request_url`]), appends the glue that the adaptation needs on the wire ([`glue`]),
//! formats the result with `rustfmt --edition 2024` and writes it, stamped "do not edit", into
//! the REST crate.
//! A model document (`acs_specs::MODEL_DOCUMENTS`: components only, such as the events) goes
//! through the same adaptation and rewrites, but only its types are generated ([`model_run`]).
//! With `--check` nothing is written: the command fails with a diff when a checked-in file
//! differs from what the specs produce.

mod adapt;
mod decoding;
mod glue;
mod model_run;
mod progenitor_run;
mod request_url;
mod tokens;
mod version_header;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use acs_specs::SpecDocument;

/// Where the code generated from one spec document goes.
struct Target {
    /// The `service` of the [`SpecDocument`].
    service: &'static str,
    /// The generated file, relative to the workspace root.
    output: &'static str,
    /// What is generated: a client (with its types) or only the types.
    kind: Kind,
}

/// What a target holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A REST client and its types, from a document of `acs_specs::DOCUMENTS`.
    Client,
    /// Only the types, from a components-only document of `acs_specs::MODEL_DOCUMENTS`.
    Model,
}

/// Every generated file. Keep in sync with `acs_specs::DOCUMENTS` and `MODEL_DOCUMENTS`.
const TARGETS: &[Target] = &[
    Target {
        service: "identity",
        output: "crates/acs-identity-rest/src/generated/mod.rs",
        kind: Kind::Client,
    },
    Target {
        service: "chat",
        output: "crates/acs-chat-rest/src/generated/mod.rs",
        kind: Kind::Client,
    },
    Target {
        service: "email",
        output: "crates/acs-email-rest/src/generated/mod.rs",
        kind: Kind::Client,
    },
    Target {
        service: "events",
        output: "crates/acs-events-model/src/generated/mod.rs",
        kind: Kind::Model,
    },
    Target {
        service: "management",
        output: "crates/acs-management-rest/src/generated/mod.rs",
        kind: Kind::Client,
    },
];

/// Lines of diff shown per drifted file in `--check` mode.
const MAX_DIFF_LINES: usize = 200;

/// Runs the command with the arguments after `generate`.
pub fn main(args: &[String]) -> ExitCode {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => {
            eprintln!("usage: cargo xtask generate [--check]");
            return ExitCode::from(2);
        }
    };
    match run(check) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Generates every target; returns whether all checked-in files are up to date (always true
/// when not checking).
fn run(check: bool) -> Result<bool, String> {
    let root = workspace_root();
    let mut up_to_date = true;
    for target in TARGETS {
        let document = find_document(target.service, target.kind)?;
        let code = generate(document, target.kind)?;
        let path = root.join(target.output);
        if check {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current == code {
                println!("up to date: {}", target.output);
            } else {
                up_to_date = false;
                eprintln!(
                    "drift: {} differs from what specs/openapi/{} generates; run `cargo xtask generate`",
                    target.output, document.file_name
                );
                eprint!("{}", diff(target.output, &current, &code));
            }
        } else {
            write_if_changed(&path, &code)?;
            println!("generated: {}", target.output);
        }
    }
    Ok(up_to_date)
}

/// The document of `service` in `acs_specs::DOCUMENTS` (a client) or `MODEL_DOCUMENTS`.
fn find_document(service: &str, kind: Kind) -> Result<&'static SpecDocument, String> {
    let (documents, list) = match kind {
        Kind::Client => (acs_specs::DOCUMENTS, "DOCUMENTS"),
        Kind::Model => (acs_specs::MODEL_DOCUMENTS, "MODEL_DOCUMENTS"),
    };
    documents
        .iter()
        .find(|document| document.service == service)
        .ok_or_else(|| format!("acs_specs::{list} has no `{service}` document"))
}

/// The complete text of the generated file for `document`.
fn generate(document: &SpecDocument, kind: Kind) -> Result<String, String> {
    let context = |message: String| format!("specs/openapi/{}: {message}", document.file_name);
    let raw: serde_json::Value = serde_json::from_str(document.text)
        .map_err(|error| context(format!("not valid JSON: {error}")))?;
    let adapted = adapt::adapt(raw).map_err(context)?;
    if kind == Kind::Model {
        let tokens = model_run::generate_types(&adapted).map_err(context)?;
        let formatted = rustfmt(&tokens.to_string()).map_err(context)?;
        return Ok(format!(
            "// @generated by cargo xtask generate from specs/openapi/{}. DO NOT EDIT.\n\n{formatted}",
            document.file_name
        ));
    }
    let tokens = progenitor_run::generate_client(&adapted).map_err(context)?;
    let tokens = version_header::remove(tokens).map_err(context)?;
    let tokens = request_url::rewrite(tokens, adapted.operations.len()).map_err(context)?;
    let tokens = decoding::rewrite(glue::strict_path_encoding(tokens).map_err(context)?);
    let glue = glue::tokens(&adapted);
    let decoding = decoding::tokens(&adapted);
    let source = format!("{tokens}\n{glue}\n{decoding}");
    let formatted = rustfmt(&source).map_err(context)?;
    Ok(format!(
        "// @generated by cargo xtask generate from specs/openapi/{}. DO NOT EDIT.\n\n{formatted}",
        document.file_name
    ))
}

/// Formats `source` with the stable `rustfmt` (edition 2024).
fn rustfmt(source: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run rustfmt: {error}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|error| format!("rustfmt failed: {error}"))?;
    writer
        .join()
        .map_err(|_| "rustfmt writer thread panicked".to_owned())?
        .map_err(|error| format!("cannot write to rustfmt: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt rejected the generated code: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| "rustfmt printed non-UTF-8 output".to_owned())
}

/// Writes `contents` to `path` unless it already holds exactly that (keeps mtimes stable).
fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|current| current == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(path, contents)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// A unified diff of the checked-in file against the generated one, cut to a readable length.
fn diff(name: &str, current: &str, generated: &str) -> String {
    let text = similar::TextDiff::from_lines(current, generated)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{name} (checked in)"),
            &format!("{name} (generated)"),
        )
        .to_string();
    let total = text.lines().count();
    let mut shown: String = text
        .lines()
        .take(MAX_DIFF_LINES)
        .flat_map(|line| [line, "\n"])
        .collect();
    if total > MAX_DIFF_LINES {
        shown.push_str(&format!(
            "... ({} more diff lines)\n",
            total - MAX_DIFF_LINES
        ));
    }
    shown
}

/// The workspace root (the parent of the xtask package).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
