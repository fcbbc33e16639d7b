//! Reading our self-contained OpenAPI 3.0 document and reducing it to an [`Api`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::model::{self, Api, Body, METHODS, Operation, Param, ParamKey, Shape, Source};

/// The prefix of references to our named schemas.
const SCHEMAS: &str = "#/components/schemas/";

/// Reduces our document to its operations and all its `components/schemas`.
pub(super) fn to_api(doc: &Value) -> Result<Api, String> {
    let mut src = Ours { doc };
    let mut api = Api::default();
    let host = host_variables(doc);
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let item = follow(doc, item)?;
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let id = op.get("operationId").and_then(Value::as_str);
            let id = id.ok_or_else(|| format!("{method} {path} has no operationId"))?;
            let operation = operation(&mut src, &host, method, path, item, op)?;
            api.operations.insert(id.to_owned(), operation);
        }
    }
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        api.models
            .insert(name.clone(), model::model(&mut src, &(), schema)?);
    }
    Ok(api)
}

/// Our side of [`Source`]: local references only.
struct Ours<'a> {
    /// The document.
    doc: &'a Value,
}

impl<'a> Source<'a> for Ours<'a> {
    type Ctx = ();

    fn model_name(&mut self, _: &(), reference: &str) -> Result<String, String> {
        match reference.strip_prefix(SCHEMAS) {
            Some(name) => Ok(name.replace("~1", "/").replace("~0", "~")),
            None => Err(format!("`$ref: {reference}` does not point into {SCHEMAS}")),
        }
    }

    fn schema(&mut self, _: &(), reference: &str) -> Result<((), &'a Value), String> {
        lookup(self.doc, reference).map(|schema| ((), schema))
    }

    fn extensible(&self, schema: &Value) -> bool {
        schema.get("x-acs-extensible").and_then(Value::as_bool) == Some(true)
    }
}

/// One operation; `item` is its path item (for path-level parameters).
fn operation<'a>(
    src: &mut Ours<'a>,
    host: &BTreeSet<String>,
    method: &str,
    path: &str,
    item: &'a Value,
    op: &'a Value,
) -> Result<Operation, String> {
    let doc = src.doc;
    let mut merged: BTreeMap<ParamKey, &Value> = BTreeMap::new();
    for list in [item.get("parameters"), op.get("parameters")] {
        for param in list.and_then(Value::as_array).into_iter().flatten() {
            let param = follow(doc, param)?;
            let location = param.get("in").and_then(Value::as_str).unwrap_or_default();
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if location == "path" && host.contains(name) {
                continue;
            }
            merged.insert(ParamKey::new(location, name), param);
        }
    }
    let mut params = BTreeMap::new();
    for (key, param) in merged {
        let schema = param.get("schema").unwrap_or(&Value::Null);
        let param = Param {
            required: param.get("required").and_then(Value::as_bool) == Some(true),
            shape: model::shape(src, &(), schema)?,
            enumeration: model::enumeration(src, schema),
        };
        params.insert(key, param);
    }
    let body = match op.get("requestBody") {
        Some(body) => Some(request_body(src, follow(doc, body)?)?),
        None => None,
    };
    let mut responses = BTreeMap::new();
    for (code, response) in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let content = follow(doc, response)?.get("content");
        responses.insert(
            code.clone(),
            content_shape(src, content)?.map(|(_, shape)| shape),
        );
    }
    Ok(Operation {
        method: method.to_owned(),
        path: path.to_owned(),
        params,
        body,
        responses,
    })
}

/// A `requestBody`.
fn request_body<'a>(src: &mut Ours<'a>, body: &'a Value) -> Result<Body, String> {
    let content = body.get("content");
    Ok(Body {
        required: body.get("required").and_then(Value::as_bool) == Some(true),
        media_types: content
            .and_then(Value::as_object)
            .map(|content| content.keys().cloned().collect())
            .unwrap_or_default(),
        shape: content_shape(src, content)?.map_or(Shape::Any, |(_, shape)| shape),
    })
}

/// The schema of the preferred media type of a `content` map, with that media type.
fn content_shape<'a>(
    src: &mut Ours<'a>,
    content: Option<&'a Value>,
) -> Result<Option<(String, Shape)>, String> {
    let Some(content) = content.and_then(Value::as_object) else {
        return Ok(None);
    };
    let Some(media_type) = model::preferred_media_type(content.keys()) else {
        return Ok(None);
    };
    let schema = content[media_type].get("schema").unwrap_or(&Value::Null);
    Ok(Some((media_type.clone(), model::shape(src, &(), schema)?)))
}

/// Names of the variables of our `servers` (the endpoint is client-level, never a parameter).
fn host_variables(doc: &Value) -> BTreeSet<String> {
    let servers = doc
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    servers
        .filter_map(|server| server.get("variables").and_then(Value::as_object))
        .flat_map(|variables| variables.keys().cloned())
        .collect()
}

/// `value`, or what its local `$ref` points to (following chains).
fn follow<'a>(doc: &'a Value, mut value: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..32 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => value = lookup(doc, reference)?,
            None => return Ok(value),
        }
    }
    Err("`$ref` chain too long (a cycle?)".to_owned())
}

/// What a local `$ref` points to.
fn lookup<'a>(doc: &'a Value, reference: &str) -> Result<&'a Value, String> {
    reference
        .strip_prefix('#')
        .and_then(|pointer| doc.pointer(pointer))
        .ok_or_else(|| {
            format!("`$ref: {reference}` does not resolve (only local references are supported)")
        })
}
