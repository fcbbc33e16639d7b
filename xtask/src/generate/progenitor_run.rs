//! Runs progenitor over an adapted document, turning its panics into errors that name the
//! operation that broke.

use std::panic::{self, AssertUnwindSafe};

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use serde_json::Value;

use super::adapt::Adapted;

/// The inner type every generated client holds: the shared pipeline of acs-core.
const INNER_TYPE: &str = "acs_core::Pipeline";

/// Where the glue puts the open enums, as seen from anywhere in the generated crate.
pub const OPEN_ENUMS_PATH: &str = "crate::generated::open_enums";

/// Generates the client code of `adapted`.
///
/// # Errors
///
/// The generator's error, or its panic message together with the operations it fails on.
pub fn generate_client(adapted: &Adapted) -> Result<TokenStream, String> {
    match run(adapted, &adapted.document) {
        Ok(tokens) => Ok(tokens),
        Err(message) => Err(format!(
            "progenitor failed: {message}{}",
            blame_operations(adapted)
        )),
    }
}

/// Runs the generator once, catching panics.
fn run(adapted: &Adapted, document: &Value) -> Result<TokenStream, String> {
    let spec: openapiv3::OpenAPI = serde_json::from_value(document.clone())
        .map_err(|error| format!("not a valid OpenAPI 3.0 document: {error}"))?;
    let settings = settings(adapted)?;
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(&spec)
    }));
    panic::set_hook(previous_hook);
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(error.to_string()),
        Err(payload) => Err(panic_message(payload.as_ref())),
    }
}

/// Generation settings: Builder interface, one merged client, expected hooks, the pipeline as
/// inner type, and the open enums in place of typify's closed ones.
pub fn settings(adapted: &Adapted) -> Result<GenerationSettings, String> {
    let inner: TokenStream = INNER_TYPE
        .parse()
        .map_err(|_| format!("{INNER_TYPE} is not a Rust path"))?;
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(inner)
        .with_derive("PartialEq");
    for open in &adapted.open_enums {
        settings.with_replacement(
            &open.name,
            format!("{OPEN_ENUMS_PATH}::{}", open.name),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    Ok(settings)
}

/// Regenerates each operation alone to find the ones that make the generator fail.
fn blame_operations(adapted: &Adapted) -> String {
    let mut broken = Vec::new();
    for operation in &adapted.operations {
        let mut single = adapted.document.clone();
        if let Some(paths) = single.get_mut("paths").and_then(Value::as_object_mut) {
            paths.retain(|path, _| *path == operation.path);
            if let Some(item) = paths
                .get_mut(&operation.path)
                .and_then(Value::as_object_mut)
            {
                let method = operation.http_method.to_lowercase();
                item.retain(|key, _| *key == method || !is_method(key));
            }
        }
        if let Err(message) = run(adapted, &single) {
            broken.push(format!("  {}: {message}", operation.operation_id));
        }
    }
    if broken.is_empty() {
        String::new()
    } else {
        format!("\nfailing operations:\n{}", broken.join("\n"))
    }
}

/// Whether a path item key is an HTTP method.
fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        format!("panicked: {message}")
    } else if let Some(message) = payload.downcast_ref::<String>() {
        format!("panicked: {message}")
    } else {
        "panicked".to_owned()
    }
}
