//! Adapts our OpenAPI documents to what progenitor 0.15 can generate, in memory.
//!
//! The documents in `specs/openapi/` tell the truth about the wire; progenitor cannot take some
//! of that truth as it is. Each rule below changes the document so that the generated code still
//! behaves as the wire requires; what the change loses is restored by the glue ([`super::glue`]).
//!
//! | spec construct | progenitor's problem | adaptation |
//! |---|---|---|
//! | error responses beside a 2xx (`default`, `401`, ...) | `default` beside a 2xx panics | all errors become `4XX` and `5XX` |
//! | `application/merge-patch+json` body | rejected | generated as JSON; the glue restores the content type |
//! | several request media types | panics | keep `application/json` (or the first) |
//! | `x-acs-extensible` enums | generated closed | replaced by open enums from the glue |
//! | `discriminator` with `allOf` children | ignored, children unusable | flattened into one object whose `kind` is open |
//! | string constraints on parameters (`minLength`, ...) | a newtype per operation and parameter | dropped; the service validates them |
//! | `default` on an optional property | a non-optional field, always sent | dropped: an unset field stays unset and the service applies its default |
//! | `x-acs-omitted-by-service` on a schema (required upstream, yet left out by the service) | a required field fails the whole answer | the listed properties become optional |
//! | success responses (`201`, `204`, ...) | another 2xx is an "unexpected response" | one `2XX` response of the same content; the documented codes are kept for the decoding glue |
//!
//! Two more rules work on progenitor's output rather than on the document (see
//! [`super::decoding`]): `null` for an optional array or map decodes as empty, and success
//! bodies decode through `acs_core` so that a mismatch names the operation and the field.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// The HTTP methods an OpenAPI path item may hold.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The media type progenitor generates request bodies for.
const JSON: &str = "application/json";

/// A document ready for progenitor, plus what the glue needs to know about it.
#[derive(Debug)]
pub struct Adapted {
    /// The adapted document, ready to deserialize as `openapiv3::OpenAPI`.
    pub document: Value,
    /// Every operation, in path then method order.
    pub operations: Vec<Operation>,
    /// Every extensible enum, by schema name.
    pub open_enums: Vec<OpenEnum>,
}

/// One operation of the document.
#[derive(Debug)]
pub struct Operation {
    /// The `operationId` of the spec.
    pub operation_id: String,
    /// The name progenitor gives the operation (its `OperationInfo::operation_id`).
    pub method_name: String,
    /// The HTTP method, upper-case.
    pub http_method: String,
    /// The path template.
    pub path: String,
    /// The media type of the request body as it goes on the wire, when there is a body
    /// (progenitor sends JSON; the glue puts this content type back on the request).
    pub request_content_type: Option<String>,
    /// The success statuses the spec documents (before they became one `2XX` response).
    pub success_statuses: Vec<u16>,
}

/// An enum whose values may grow: unknown values must deserialize.
#[derive(Debug)]
pub struct OpenEnum {
    /// The schema name (also the Rust type name).
    pub name: String,
    /// The schema description.
    pub description: Option<String>,
    /// `(wire value, Rust variant name)` in spec order.
    pub values: Vec<(String, String)>,
}

impl OpenEnum {
    /// The Rust type name: the schema name in UpperCamelCase (the Azure common types spell
    /// some schema names in camelCase, such as `createdByType`).
    pub fn rust_name(&self) -> String {
        heck::ToUpperCamelCase::to_upper_camel_case(self.name.as_str())
    }
}

/// Adapts `document` (an OpenAPI 3.0.x document as JSON).
///
/// # Errors
///
/// A message naming what in the document cannot be adapted.
pub fn adapt(mut document: Value) -> Result<Adapted, String> {
    let version = document
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !version.starts_with("3.0.") {
        return Err(format!(
            "`openapi` is {version:?}; progenitor reads OpenAPI 3.0.x only"
        ));
    }
    let open_enums = collect_open_enums(&document)?;
    flatten_discriminators(&mut document)?;
    drop_parameter_constraints(&mut document);
    drop_property_defaults(&mut document);
    relax_omitted_properties(&mut document)?;
    let operations = adapt_operations(&mut document)?;
    Ok(Adapted {
        document,
        operations,
        open_enums,
    })
}

/// Rewrites each operation's responses and request body; returns the operation list.
fn adapt_operations(document: &mut Value) -> Result<Vec<Operation>, String> {
    let mut operations = Vec::new();
    let paths = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or("the document has no `paths`")?;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            return Err(format!("path {path} is not an object"));
        };
        if item.contains_key("$ref") {
            return Err(format!(
                "path {path} is a $ref; progenitor rejects path item references"
            ));
        }
        for method in METHODS {
            let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) else {
                continue;
            };
            let operation_id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{} {path} has no operationId", method.to_uppercase()))?
                .to_owned();
            let where_ = format!("operation {operation_id}");
            errors_as_ranges(operation).map_err(|e| format!("{where_}: {e}"))?;
            let success_statuses =
                success_as_range(operation).map_err(|e| format!("{where_}: {e}"))?;
            let request_content_type =
                single_json_body(operation).map_err(|e| format!("{where_}: {e}"))?;
            operations.push(Operation {
                method_name: progenitor_name(&operation_id),
                operation_id,
                http_method: method.to_uppercase(),
                path: path.clone(),
                request_content_type,
                success_statuses,
            });
        }
    }
    Ok(operations)
}

/// Replaces every error response (`default` and non-2xx codes) by `4XX` and `5XX` responses.
///
/// progenitor panics on a `default` response beside a success response of another schema; the
/// ranges keep every error typed as the one error schema.
fn errors_as_ranges(operation: &mut Map<String, Value>) -> Result<(), String> {
    let responses = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
        .ok_or("no responses")?;
    let error_keys: Vec<String> = responses
        .keys()
        .filter(|status| !status.starts_with('2'))
        .cloned()
        .collect();
    let mut error_response: Option<Value> = None;
    for key in error_keys {
        let response = responses.remove(&key);
        match (&error_response, response) {
            (None, Some(response)) => error_response = Some(response),
            (Some(kept), Some(response)) if *kept != response => {
                return Err(format!(
                    "error response {key} differs from the others; every error must share one schema"
                ));
            }
            _ => {}
        }
    }
    if let Some(response) = error_response {
        responses.insert("4XX".to_owned(), response.clone());
        responses.insert("5XX".to_owned(), response);
    }
    Ok(())
}

/// Replaces the documented success responses by one `2XX` response with their content.
///
/// The service answers some operations with another 2xx than the one it documents (`200` for
/// a `201`, `204` for a `200`); such an answer is a success when its body fits. Every success
/// response of an operation must have the same content. Returns the documented codes.
fn success_as_range(operation: &mut Map<String, Value>) -> Result<Vec<u16>, String> {
    let responses = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
        .ok_or("no responses")?;
    let success_keys: Vec<String> = responses
        .keys()
        .filter(|status| status.starts_with('2'))
        .cloned()
        .collect();
    let mut statuses = Vec::new();
    let mut kept: Option<Value> = None;
    for key in success_keys {
        let Some(response) = responses.remove(&key) else {
            continue;
        };
        if key.eq_ignore_ascii_case("2XX") {
            // Already a range: nothing is documented more precisely.
        } else {
            let status: u16 = key
                .parse()
                .map_err(|_| format!("success response {key} is not a status code"))?;
            statuses.push(status);
        }
        match &kept {
            None => kept = Some(response),
            Some(first) if first.get("content") != response.get("content") => {
                return Err(format!(
                    "success response {key} differs from the others; every success must share one content"
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(response) = kept {
        responses.insert("2XX".to_owned(), response);
    }
    Ok(statuses)
}

/// Leaves the request body with exactly one media type, `application/json`.
///
/// Returns the media type the wire really uses (for example merge-patch), so that the glue can
/// put it back on the request.
fn single_json_body(operation: &mut Map<String, Value>) -> Result<Option<String>, String> {
    let Some(content) = operation
        .get_mut("requestBody")
        .and_then(|body| body.get_mut("content"))
        .and_then(Value::as_object_mut)
    else {
        return Ok(None);
    };
    let (wire, media) = if let Some(media) = content.get(JSON) {
        (JSON.to_owned(), media.clone())
    } else {
        let (name, media) = content
            .iter()
            .next()
            .ok_or("request body has no media type")?;
        if !name.ends_with("+json") {
            return Err(format!("request media type {name} is not JSON"));
        }
        (name.clone(), media.clone())
    };
    content.clear();
    content.insert(JSON.to_owned(), media);
    Ok(Some(wire))
}

/// Removes `minLength`, `maxLength` and `pattern` from string parameter schemas.
///
/// typify turns a constrained string into a validating newtype, one per operation and
/// parameter (`ChatThreadAddChatParticipantsApiVersion`, ...); plain strings keep the builders
/// simple, and the service checks the constraint anyway.
fn drop_parameter_constraints(document: &mut Value) {
    let mut strip = |parameter: &mut Value| {
        if let Some(schema) = parameter.get_mut("schema").and_then(Value::as_object_mut)
            && schema.get("type").and_then(Value::as_str) == Some("string")
        {
            for keyword in ["minLength", "maxLength", "pattern"] {
                schema.remove(keyword);
            }
        }
    };
    if let Some(parameters) = document
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        parameters.values_mut().for_each(&mut strip);
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (key, value) in item.iter_mut() {
                let parameters = if key == "parameters" {
                    Some(value)
                } else {
                    value.get_mut("parameters")
                };
                if let Some(list) = parameters.and_then(Value::as_array_mut) {
                    list.iter_mut().for_each(&mut strip);
                }
            }
        }
    }
}

/// Removes `default` from the properties of component schemas.
///
/// typify makes a property with a default non-optional and always serializes it; the client
/// must be able to leave a field out so that the service applies its own default.
fn drop_property_defaults(document: &mut Value) {
    fn visit(schema: &mut Value) {
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
            for property in properties.values_mut() {
                if let Some(property) = property.as_object_mut() {
                    property.remove("default");
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(members) = object.get_mut(key).and_then(Value::as_array_mut) {
                members.iter_mut().for_each(visit);
            }
        }
    }
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.values_mut().for_each(visit);
    }
}

/// The extension naming the required properties the service nevertheless leaves out.
const OMITTED_BY_SERVICE: &str = "x-acs-omitted-by-service";

/// Makes the properties a schema lists in `x-acs-omitted-by-service` optional.
///
/// The documents keep upstream's `required` (the contract, checked by `spec-diff`); the
/// extension records where the service breaks it (an `invalidParticipants` entry without
/// `message`), so that such an answer still decodes.
fn relax_omitted_properties(document: &mut Value) -> Result<(), String> {
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Ok(());
    };
    for (name, schema) in schemas.iter_mut() {
        let Some(object) = schema.as_object_mut() else {
            continue;
        };
        let Some(omitted) = object.remove(OMITTED_BY_SERVICE) else {
            continue;
        };
        let omitted: Vec<String> = omitted
            .as_array()
            .and_then(|names| {
                names
                    .iter()
                    .map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .ok_or_else(|| format!("{OMITTED_BY_SERVICE} of {name} must be a list of names"))?;
        let required = object
            .get_mut("required")
            .and_then(Value::as_array_mut)
            .ok_or_else(|| format!("{OMITTED_BY_SERVICE} of {name}: {name} has no `required`"))?;
        for property in &omitted {
            let before = required.len();
            required.retain(|r| r.as_str() != Some(property.as_str()));
            if required.len() == before {
                return Err(format!(
                    "{OMITTED_BY_SERVICE} of {name}: `{property}` is not a required property"
                ));
            }
        }
    }
    Ok(())
}

/// Finds the `x-acs-extensible` enums; they must be named component schemas of type string.
fn collect_open_enums(document: &Value) -> Result<Vec<OpenEnum>, String> {
    let mut found = Vec::new();
    let mut named = BTreeSet::new();
    if let Some(schemas) = schemas(document) {
        for (name, schema) in schemas {
            if schema.get("x-acs-extensible").and_then(Value::as_bool) != Some(true) {
                continue;
            }
            named.insert(name.clone());
            found.push(open_enum(name, schema)?);
        }
    }
    // An inline extensible enum would come out closed: refuse it.
    let mut inline = Vec::new();
    find_inline_extensible(document, "#", &mut inline);
    inline.retain(|pointer| {
        !named
            .iter()
            .any(|name| *pointer == format!("#/components/schemas/{name}"))
    });
    if let Some(pointer) = inline.first() {
        return Err(format!(
            "{pointer}: an `x-acs-extensible` enum must be a named schema under components/schemas"
        ));
    }
    Ok(found)
}

/// Builds the [`OpenEnum`] of one schema.
fn open_enum(name: &str, schema: &Value) -> Result<OpenEnum, String> {
    if schema.get("type").and_then(Value::as_str) != Some("string") {
        return Err(format!("extensible enum {name} must have type string"));
    }
    let values: Vec<String> = schema
        .get("enum")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("extensible enum {name} has no `enum` values"))?
        .iter()
        .map(|value| {
            value
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("extensible enum {name} has a non-string value"))
        })
        .collect::<Result<_, _>>()?;
    let names: Vec<String> = match schema.get("x-acs-enum-names").and_then(Value::as_array) {
        Some(names) if names.len() == values.len() => names
            .iter()
            .map(|n| n.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("x-acs-enum-names of {name} must be strings"))?,
        Some(_) => return Err(format!("x-acs-enum-names of {name} must match its enum")),
        None => values.clone(),
    };
    let mut variants = BTreeSet::new();
    let values = values
        .into_iter()
        .zip(names)
        .map(|(value, member)| {
            let variant = heck::ToUpperCamelCase::to_upper_camel_case(member.as_str());
            if variant.is_empty() || variant == "UnknownValue" || !variants.insert(variant.clone())
            {
                return Err(format!(
                    "extensible enum {name}: value {value:?} has no unique name"
                ));
            }
            Ok((value, variant))
        })
        .collect::<Result<_, String>>()?;
    Ok(OpenEnum {
        name: name.to_owned(),
        description: schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        values,
    })
}

/// Collects the JSON pointers of every object carrying `x-acs-extensible: true`.
fn find_inline_extensible(value: &Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.get("x-acs-extensible").and_then(Value::as_bool) == Some(true) {
                out.push(pointer.to_owned());
            }
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                find_inline_extensible(child, &format!("{pointer}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                find_inline_extensible(child, &format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// Flattens each schema with a `discriminator` into one object.
///
/// The base keeps its own properties and required list and gains every property its mapped
/// children add (optional, since only one child has them). The children are dropped when
/// nothing else refers to them. Because the discriminator property refers to an open enum, a
/// kind this SDK does not know still deserializes.
fn flatten_discriminators(document: &mut Value) -> Result<(), String> {
    let Some(schemas) = schemas(document).cloned() else {
        return Ok(());
    };
    let mut dropped = BTreeSet::new();
    let mut flattened: BTreeMap<String, Value> = BTreeMap::new();
    for (name, schema) in &schemas {
        let Some(discriminator) = schema.get("discriminator") else {
            continue;
        };
        let mut base = schema.clone();
        let base_object = base
            .as_object_mut()
            .ok_or_else(|| format!("schema {name} is not an object"))?;
        base_object.remove("discriminator");
        let mut properties = base_object
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mapping = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("discriminator of {name} needs a mapping"))?;
        for target in mapping.values() {
            let child_name = target
                .as_str()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .ok_or_else(|| {
                    format!("discriminator of {name} maps to {target}, not a local schema")
                })?;
            let child = schemas.get(child_name).ok_or_else(|| {
                format!("discriminator of {name} maps to missing schema {child_name}")
            })?;
            for (property, property_schema) in child_properties(child) {
                properties.entry(property).or_insert(property_schema);
            }
            dropped.insert(child_name.to_owned());
        }
        base_object.insert("properties".to_owned(), Value::Object(properties));
        flattened.insert(name.clone(), base);
    }
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Ok(());
    };
    for (name, schema) in flattened {
        schemas.insert(name, schema);
    }
    for child in dropped {
        let reference = json!(format!("#/components/schemas/{child}"));
        let Some(schema) = document
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
            .and_then(|schemas| schemas.remove(&child))
        else {
            continue;
        };
        // Keep a child that something other than the discriminator refers to.
        if contains_value(document, &reference)
            && let Some(schemas) = document
                .pointer_mut("/components/schemas")
                .and_then(Value::as_object_mut)
        {
            schemas.insert(child, schema);
        }
    }
    Ok(())
}

/// The properties a child schema adds (its own and those of inline `allOf` members).
fn child_properties(child: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut own = |schema: &Value| {
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                out.push((name.clone(), property.clone()));
            }
        }
    };
    own(child);
    if let Some(members) = child.get("allOf").and_then(Value::as_array) {
        for member in members.iter().filter(|m| m.get("$ref").is_none()) {
            own(member);
        }
    }
    out
}

/// Whether `needle` occurs anywhere inside `haystack`.
fn contains_value(haystack: &Value, needle: &Value) -> bool {
    if haystack == needle {
        return true;
    }
    match haystack {
        Value::Object(map) => map.values().any(|v| contains_value(v, needle)),
        Value::Array(items) => items.iter().any(|v| contains_value(v, needle)),
        _ => false,
    }
}

/// `components/schemas` of the document.
fn schemas(document: &Value) -> Option<&Map<String, Value>> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
}

/// The method name progenitor derives from an `operationId` (its `sanitize(.., Snake)`).
pub fn progenitor_name(operation_id: &str) -> String {
    let cleaned: String = operation_id
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    heck::ToSnakeCase::to_snake_case(cleaned.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(paths: Value, schemas: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas},
        })
    }

    #[test]
    fn errors_become_ranges_and_merge_patch_becomes_json() {
        let error = json!({"$ref": "#/components/responses/Error"});
        let adapted = adapt(document(
            json!({"/things/{id}": {"patch": {
                "operationId": "Things_Update",
                "requestBody": {"content": {"application/merge-patch+json": {"schema": {"type": "object"}}}},
                "responses": {"204": {"description": "ok"}, "401": error, "default": error},
            }}}),
            json!({}),
        ))
        .expect("adapts");
        let responses = &adapted.document["paths"]["/things/{id}"]["patch"]["responses"];
        let keys: Vec<&String> = responses.as_object().expect("map").keys().collect();
        assert_eq!(keys, ["2XX", "4XX", "5XX"]);
        let operation = &adapted.operations[0];
        assert_eq!(operation.success_statuses, [204]);
        assert_eq!(operation.method_name, "things_update");
        assert_eq!(operation.http_method, "PATCH");
        assert_eq!(
            operation.request_content_type.as_deref(),
            Some("application/merge-patch+json")
        );
        let content = &adapted.document["paths"]["/things/{id}"]["patch"]["requestBody"]["content"];
        assert!(content.get("application/json").is_some());
        assert!(content.get("application/merge-patch+json").is_none());
    }

    #[test]
    fn differing_error_schemas_are_refused() {
        let result = adapt(document(
            json!({"/t": {"get": {
                "operationId": "T",
                "responses": {"200": {"description": "ok"}, "401": {"description": "a"}, "default": {"description": "b"}},
            }}}),
            json!({}),
        ));
        assert!(result.expect_err("refused").contains("share one schema"));
    }

    #[test]
    fn success_responses_become_one_range() {
        let body = json!({"application/json": {"schema": {"type": "object"}}});
        let adapted = adapt(document(
            json!({"/t": {"put": {
                "operationId": "T",
                "responses": {
                    "200": {"description": "replaced", "content": body},
                    "201": {"description": "created", "content": body},
                },
            }}}),
            json!({}),
        ))
        .expect("adapts");
        let responses = &adapted.document["paths"]["/t"]["put"]["responses"];
        let keys: Vec<&String> = responses.as_object().expect("map").keys().collect();
        assert_eq!(keys, ["2XX"]);
        assert_eq!(responses["2XX"]["content"], body);
        assert_eq!(adapted.operations[0].success_statuses, [200, 201]);
    }

    #[test]
    fn differing_success_contents_are_refused() {
        let result = adapt(document(
            json!({"/t": {"put": {
                "operationId": "T",
                "responses": {
                    "200": {"description": "a", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "204": {"description": "b"},
                },
            }}}),
            json!({}),
        ));
        assert!(result.expect_err("refused").contains("share one content"));
    }

    #[test]
    fn properties_the_service_omits_become_optional() {
        let adapted = adapt(document(
            json!({}),
            json!({"Error": {
                "type": "object",
                "required": ["code", "message"],
                "x-acs-omitted-by-service": ["message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            }}),
        ))
        .expect("adapts");
        let error = &adapted.document["components"]["schemas"]["Error"];
        assert_eq!(error["required"], json!(["code"]));
        assert!(error.get("x-acs-omitted-by-service").is_none());

        let result = adapt(document(
            json!({}),
            json!({"Error": {
                "type": "object",
                "required": ["code"],
                "x-acs-omitted-by-service": ["message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            }}),
        ));
        assert!(
            result
                .expect_err("refused")
                .contains("not a required property")
        );
    }

    #[test]
    fn extensible_enums_are_collected_with_names() {
        let adapted = adapt(document(
            json!({}),
            json!({"Scope": {
                "type": "string",
                "enum": ["chat", "chat.join.limited"],
                "x-acs-extensible": true,
                "x-acs-enum-names": ["chat", "chatJoinLimited"],
            }}),
        ))
        .expect("adapts");
        let values = &adapted.open_enums[0].values;
        assert_eq!(
            values[1],
            ("chat.join.limited".to_owned(), "ChatJoinLimited".to_owned())
        );
    }

    #[test]
    fn inline_extensible_enums_are_refused() {
        let result = adapt(document(
            json!({}),
            json!({"Thing": {"type": "object", "properties": {
                "kind": {"type": "string", "enum": ["a"], "x-acs-extensible": true},
            }}}),
        ));
        assert!(result.expect_err("refused").contains("named schema"));
    }

    #[test]
    fn discriminators_are_flattened() {
        let adapted = adapt(document(
            json!({}),
            json!({
                "Policy": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"type": "string"}},
                    "discriminator": {"propertyName": "kind", "mapping": {
                        "days": "#/components/schemas/DaysPolicy",
                    }},
                },
                "DaysPolicy": {"allOf": [
                    {"$ref": "#/components/schemas/Policy"},
                    {"type": "object", "required": ["days"], "properties": {"days": {"type": "integer"}}},
                ]},
            }),
        ))
        .expect("adapts");
        let schemas = &adapted.document["components"]["schemas"];
        assert!(schemas["Policy"].get("discriminator").is_none());
        assert!(schemas["Policy"]["properties"].get("days").is_some());
        assert_eq!(schemas["Policy"]["required"], json!(["kind"]));
        assert!(schemas.get("DaysPolicy").is_none());
    }

    #[test]
    fn names_follow_progenitor() {
        assert_eq!(
            progenitor_name("ChatThread_UpdateChatThreadProperties"),
            "chat_thread_update_chat_thread_properties"
        );
        assert_eq!(
            progenitor_name("IdentityOperations_Create"),
            "identity_operations_create"
        );
    }
}
