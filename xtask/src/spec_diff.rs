//! `cargo xtask spec-diff <upstream-swagger.json> [--ours <our-openapi.json>] [--models <names>]`:
//! lists every difference between an upstream Azure Swagger 2.0 file and our OpenAPI 3.0
//! document.
//!
//! Both documents are reduced to the same normalized form ([`model::Api`]): operations by
//! `operationId` (parameters, request body, responses) and models by name (properties flattened
//! through `allOf`, enums, `additionalProperties`, discriminators). Upstream, only the models
//! reachable from the operations count, `$ref`s into other files are loaded and resolved relative
//! to the referencing file, and `$ref`-only alias definitions count as the model they point to.
//! A definitions-only file (such as the Event Grid system events) has no operations: `--models`
//! names the upstream definitions to compare (`AcsChat*EventData`: one `*` matches any text),
//! together with the models they use.
//!
//! Every finding has a severity: `MISSING` (upstream has it, ours does not) and `MISMATCH` (both
//! have it, but differently) fail the check (exit code 1); `EXTRA` (only ours has it) and `NOTE`
//! are informational. Usage and I/O errors exit with code 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

mod compare;
mod model;
mod openapi;
mod report;
mod swagger;
#[cfg(test)]
mod tests;

use report::Report;

/// Usage of the subcommand.
const USAGE: &str = "\
usage: cargo xtask spec-diff <upstream-swagger.json> [--ours <our-openapi.json>] [--models <names>]

Compares an upstream Azure Swagger 2.0 file with our OpenAPI 3.0 document. Without --ours, the
document in specs/openapi/ with the same info.version and the most paths in common is used.
--models NAME[,NAME...] also compares these upstream definitions (one * in a name matches any
text) and the models they use: for a definitions-only file, which has no operations.

Severities: MISSING and MISMATCH fail (exit code 1); EXTRA and NOTE are informational.
Exit codes: 0 no failures, 1 failures, 2 usage or I/O error.
";

/// Runs the subcommand; `args` are the arguments after `spec-diff`.
pub fn main(args: &[String]) -> ExitCode {
    let options = match parse_args(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("spec-diff: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(outcome) => {
            print!(
                "{}",
                outcome
                    .report
                    .render(&outcome.ours_name, &outcome.upstream_name)
            );
            if outcome.report.failed() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("spec-diff: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The parsed command line.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    /// The upstream Swagger 2.0 file.
    upstream: PathBuf,
    /// Our OpenAPI document, if given explicitly.
    ours: Option<PathBuf>,
    /// Upstream definitions compared besides those the operations use (`--models`).
    models: Vec<String>,
}

/// Parses the arguments; `Ok(None)` asks for help.
fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut upstream = None;
    let mut ours = None;
    let mut models = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--ours" => {
                let path = args.next().ok_or("--ours needs a path")?;
                ours = Some(PathBuf::from(path));
            }
            _ if arg.starts_with("--ours=") => ours = Some(PathBuf::from(&arg["--ours=".len()..])),
            "--models" => {
                let names = args.next().ok_or("--models needs a list of names")?;
                models.extend(model_patterns(names));
            }
            _ if arg.starts_with("--models=") => {
                models.extend(model_patterns(&arg["--models=".len()..]));
            }
            _ if arg.starts_with('-') => return Err(format!("unknown option `{arg}`")),
            _ if upstream.is_some() => return Err(format!("unexpected argument `{arg}`")),
            _ => upstream = Some(PathBuf::from(arg)),
        }
    }
    let upstream = upstream.ok_or("missing the upstream Swagger file")?;
    Ok(Some(Options {
        upstream,
        ours,
        models,
    }))
}

/// The names of a comma-separated `--models` list.
fn model_patterns(list: &str) -> impl Iterator<Item = String> + '_ {
    list.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
}

/// The result of one comparison.
struct Outcome {
    /// The findings.
    report: Report,
    /// File name of our document, for the summary.
    ours_name: String,
    /// File name of the upstream document, for the summary.
    upstream_name: String,
}

/// Loads both documents and compares them.
fn run(options: &Options) -> Result<Outcome, String> {
    let swagger = swagger::Swagger::load(&options.upstream)?;
    let ours_path = match &options.ours {
        Some(path) => path.clone(),
        None => choose_ours(swagger.doc(), &our_documents()?)?,
    };
    let ours = read_json(&ours_path)?;
    let mut report = diff_models(&swagger, &ours, &options.models)
        .map_err(|err| format!("{}: {err}", ours_path.display()))?;
    report.scope = Some(format!(
        "ours:     {}\nupstream: {}\n{}",
        ours_path.display(),
        options.upstream.display(),
        report.scope.unwrap_or_default()
    ));
    Ok(Outcome {
        report,
        ours_name: file_name(&ours_path),
        upstream_name: file_name(&options.upstream),
    })
}

/// Compares a loaded upstream document with our document.
#[cfg(test)]
fn diff(upstream: &swagger::Swagger, ours: &Value) -> Result<Report, String> {
    diff_models(upstream, ours, &[])
}

/// Compares a loaded upstream document with our document, counting the upstream definitions
/// `models` names (and what they use) besides the models of the operations.
fn diff_models(
    upstream: &swagger::Swagger,
    ours: &Value,
    models: &[String],
) -> Result<Report, String> {
    let version = ours
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !version.starts_with("3.") {
        return Err("not an OpenAPI 3 document (no `\"openapi\": \"3.…\"`)".to_owned());
    }
    let upstream_api = swagger::to_api(upstream, models)?;
    let ours_api = openapi::to_api(ours)?;
    let mut report = compare::compare(&upstream_api, &ours_api);
    report.scope = Some(format!(
        "compared {} upstream operations and the {} models they use or --models names ({} \
         file(s) loaded) with our {} operations and {} schemas",
        upstream_api.operations.len(),
        upstream_api.models.len(),
        upstream.file_count(),
        ours_api.operations.len(),
        ours_api.models.len(),
    ));
    Ok(report)
}

/// Our documents: every `*.json` in `specs/openapi/` of the workspace, sorted by path.
fn our_documents() -> Result<Vec<(PathBuf, Value)>, String> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = manifest_dir
        .parent()
        .unwrap_or(manifest_dir)
        .join("specs/openapi");
    let entries =
        std::fs::read_dir(&dir).map_err(|err| format!("cannot read {}: {err}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| read_json(&path).map(|doc| (path, doc)))
        .collect()
}

/// Our document with upstream's `info.version` that shares the most paths with it.
fn choose_ours(upstream: &Value, candidates: &[(PathBuf, Value)]) -> Result<PathBuf, String> {
    let version = info_version(upstream);
    let upstream_paths = path_set(upstream);
    let best = candidates
        .iter()
        .filter(|(_, doc)| info_version(doc) == version)
        .map(|(path, doc)| (path_set(doc).intersection(&upstream_paths).count(), path))
        .filter(|(shared, _)| *shared > 0)
        .max_by(|(a, path_a), (b, path_b)| a.cmp(b).then_with(|| path_b.cmp(path_a)));
    match best {
        Some((_, path)) => Ok(path.clone()),
        None => {
            let found: Vec<String> = candidates
                .iter()
                .map(|(path, doc)| format!("{} ({})", file_name(path), info_version(doc)))
                .collect();
            Err(format!(
                "none of our documents has info.version {version} and paths in common with the \
                 upstream file (found: {}); pass --ours <our-openapi.json>",
                if found.is_empty() {
                    "none".to_owned()
                } else {
                    found.join(", ")
                }
            ))
        }
    }
}

/// `info.version` of a document.
fn info_version(doc: &Value) -> &str {
    doc.pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or("?")
}

/// The path templates of a document.
fn path_set(doc: &Value) -> std::collections::BTreeSet<&str> {
    let paths = doc.get("paths").and_then(Value::as_object);
    paths
        .into_iter()
        .flatten()
        .map(|(path, _)| path.as_str())
        .collect()
}

/// Reads and parses a JSON file; errors name the file.
fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|err| format!("{} is not valid JSON: {err}", path.display()))
}

/// The file name of a path, for messages.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
