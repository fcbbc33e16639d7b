//! Reading an upstream Swagger 2.0 document: loading the files it references, resolving `$ref`s
//! (relative file paths and `$ref`-only alias definitions), and reducing it to an [`Api`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::model::{self, Api, Body, METHODS, Operation, Param, ParamKey, Source};

/// An upstream document and every file it references, by canonical path.
pub(super) struct Swagger {
    /// The document itself.
    root: PathBuf,
    /// All loaded files, the root included.
    files: BTreeMap<PathBuf, Value>,
}

/// A definition: the file holding it and its name under `definitions`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct DefId {
    /// Canonical path of the file.
    file: PathBuf,
    /// Name under `definitions`.
    name: String,
}

impl Swagger {
    /// Loads `path` and, transitively, every file its `$ref`s point to (examples excepted).
    pub(super) fn load(path: &Path) -> Result<Self, String> {
        let root = canonical(path, None)?;
        let mut files = BTreeMap::new();
        let mut pending = vec![root.clone()];
        while let Some(file) = pending.pop() {
            if files.contains_key(&file) {
                continue;
            }
            let doc = super::read_json(&file)?;
            let mut refs = Vec::new();
            collect_refs(&doc, &mut refs);
            for reference in refs {
                let (target, _) = split_ref(reference);
                if !target.is_empty() {
                    pending.push(canonical(&sibling(&file, target), Some(&file))?);
                }
            }
            files.insert(file, doc);
        }
        let swagger = Self { root, files };
        if swagger.doc().get("swagger").and_then(Value::as_str) != Some("2.0") {
            return Err(format!(
                "{} is not a Swagger 2.0 document (no `\"swagger\": \"2.0\"`)",
                swagger.root.display()
            ));
        }
        Ok(swagger)
    }

    /// The number of files loaded (the root included).
    pub(super) fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The root document.
    pub(super) fn doc(&self) -> &Value {
        &self.files[&self.root]
    }

    /// The value a `$ref` written in `file` points to, and the file holding it.
    fn lookup(&self, file: &Path, reference: &str) -> Result<(PathBuf, &Value), String> {
        let (target, pointer) = split_ref(reference);
        let target = if target.is_empty() {
            file.to_path_buf()
        } else {
            canonical(&sibling(file, target), Some(file))?
        };
        let value = self
            .files
            .get(&target)
            .and_then(|doc| doc.pointer(pointer))
            .ok_or_else(|| format!("{}: `$ref: {reference}` does not resolve", file.display()))?;
        Ok((target, value))
    }

    /// The definition a schema `$ref` written in `file` denotes, following alias definitions
    /// (definitions that are nothing but a `$ref`).
    fn definition(&self, file: &Path, reference: &str) -> Result<(DefId, &Value), String> {
        let mut file = file.to_path_buf();
        let mut reference = reference.to_owned();
        for _ in 0..32 {
            let (target, value) = self.lookup(&file, &reference)?;
            let (_, pointer) = split_ref(&reference);
            let Some(name) = pointer.strip_prefix("/definitions/") else {
                return Err(format!(
                    "{}: `$ref: {reference}` does not point into `definitions`",
                    file.display()
                ));
            };
            match value.get("$ref").and_then(Value::as_str) {
                Some(next) => {
                    reference = next.to_owned();
                    file = target;
                }
                None => {
                    let name = unescape(name);
                    return Ok((DefId { file: target, name }, value));
                }
            }
        }
        Err(format!(
            "{}: `$ref: {reference}` is an alias cycle",
            file.display()
        ))
    }

    /// Every `$ref`-only alias definition in any loaded file, by the name of its target model.
    fn aliases(&self) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
        let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (file, doc) in &self.files {
            for (name, def) in definitions(doc) {
                if def.get("$ref").is_some() {
                    let (target, _) = self.definition(file, &local_definition(name))?;
                    if target.name != *name {
                        aliases.entry(target.name).or_default().insert(name.clone());
                    }
                }
            }
        }
        Ok(aliases)
    }

    /// The definitions (in any loaded file) whose `allOf` names `parent`: its polymorphic subtypes.
    fn subtypes(&self, parent: &DefId) -> Result<Vec<DefId>, String> {
        let mut found = Vec::new();
        for (file, doc) in &self.files {
            for (name, def) in definitions(doc) {
                let parts = def
                    .get("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten();
                for reference in parts.filter_map(|part| part.get("$ref").and_then(Value::as_str)) {
                    if self.definition(file, reference)?.0 == *parent {
                        found.push(DefId {
                            file: file.clone(),
                            name: name.clone(),
                        });
                    }
                }
            }
        }
        Ok(found)
    }

    /// A parameter or response, following its `$ref` (to `#/parameters/…`, another file, …).
    fn follow<'s>(&'s self, file: &Path, param: &'s Value) -> Result<(PathBuf, &'s Value), String> {
        match param.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.lookup(file, reference),
            None => Ok((file.to_path_buf(), param)),
        }
    }

    /// Names of the client-level host parameters (`x-ms-parameterized-host`).
    fn host_parameters(&self) -> Result<BTreeSet<String>, String> {
        let host = self.doc().get("x-ms-parameterized-host");
        let params = host
            .and_then(|h| h.get("parameters"))
            .and_then(Value::as_array);
        let mut names = BTreeSet::new();
        for param in params.into_iter().flatten() {
            let (_, param) = self.follow(&self.root, param)?;
            if let Some(name) = param.get("name").and_then(Value::as_str) {
                names.insert(name.to_owned());
            }
        }
        Ok(names)
    }
}

/// Reduces an upstream document to the operations and the models they use, plus the root
/// definitions `models` names (one `*` in a name matches any text) and the models those use.
pub(super) fn to_api(swagger: &Swagger, models: &[String]) -> Result<Api, String> {
    let mut src = Upstream {
        swagger,
        queue: Vec::new(),
    };
    let mut api = Api {
        operations: operations(&mut src)?,
        aliases: swagger.aliases()?,
        ..Api::default()
    };
    let named = |name: &str| {
        models.iter().any(|pattern| match pattern.split_once('*') {
            Some((prefix, suffix)) => {
                name.len() >= prefix.len() + suffix.len()
                    && name.starts_with(prefix)
                    && name.ends_with(suffix)
            }
            None => name == pattern,
        })
    };
    for (name, _) in definitions(swagger.doc()).filter(|(name, _)| named(name)) {
        src.queue.push(DefId {
            file: swagger.root.clone(),
            name: name.clone(),
        });
    }
    let mut done: BTreeMap<String, DefId> = BTreeMap::new();
    while let Some(id) = src.queue.pop() {
        if let Some(previous) = done.get(&id.name) {
            if *previous != id {
                api.remarks.push(format!(
                    "upstream defines `{}` in both {} and {}; compared the former",
                    id.name,
                    previous.file.display(),
                    id.file.display()
                ));
            }
            continue;
        }
        let (_, schema) = swagger.definition(&id.file, &local_definition(&id.name))?;
        let built = model::model(&mut src, &id.file, schema)?;
        let properties = schema.get("properties").and_then(Value::as_object);
        api.inline_enums.extend(
            properties
                .into_iter()
                .flatten()
                .filter_map(|(_, p)| inline_enum_name(p)),
        );
        if built.discriminator.is_some() && schema.get("discriminator").is_some() {
            src.queue.extend(swagger.subtypes(&id)?);
        }
        api.models.insert(id.name.clone(), built);
        done.insert(id.name.clone(), id);
    }
    api.remarks.sort();
    api.remarks.dedup();
    Ok(api)
}

/// The upstream side of [`Source`]: resolves references across files and queues every model used.
struct Upstream<'a> {
    /// The document.
    swagger: &'a Swagger,
    /// Models seen but maybe not built yet.
    queue: Vec<DefId>,
}

impl<'a> Source<'a> for Upstream<'a> {
    type Ctx = PathBuf;

    fn model_name(&mut self, ctx: &PathBuf, reference: &str) -> Result<String, String> {
        let (id, _) = self.swagger.definition(ctx, reference)?;
        let name = id.name.clone();
        self.queue.push(id);
        Ok(name)
    }

    fn schema(&mut self, ctx: &PathBuf, reference: &str) -> Result<(PathBuf, &'a Value), String> {
        let (id, schema) = self.swagger.definition(ctx, reference)?;
        Ok((id.file, schema))
    }

    fn extensible(&self, schema: &Value) -> bool {
        let x_ms_enum = schema.get("x-ms-enum");
        x_ms_enum
            .and_then(|e| e.get("modelAsString"))
            .and_then(Value::as_bool)
            == Some(true)
    }
}

/// All operations of the root document, by `operationId`.
fn operations(src: &mut Upstream<'_>) -> Result<BTreeMap<String, Operation>, String> {
    let swagger = src.swagger;
    let host = swagger.host_parameters()?;
    let mut operations = BTreeMap::new();
    // `x-ms-paths` holds the operations whose paths differ only in their query string.
    let doc = swagger.doc();
    let paths = ["paths", "x-ms-paths"].map(|key| doc.get(key).and_then(Value::as_object));
    for (path, item) in paths.into_iter().flatten().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    format!(
                        "{}: {method} {path} has no operationId",
                        swagger.root.display()
                    )
                })?;
            let operation = operation(src, &host, method, path, item, op)?;
            operations.insert(id.to_owned(), operation);
        }
    }
    Ok(operations)
}

/// One operation; `item` is its path item (for path-level parameters).
fn operation<'a>(
    src: &mut Upstream<'a>,
    host: &BTreeSet<String>,
    method: &str,
    path: &str,
    item: &'a Value,
    op: &'a Value,
) -> Result<Operation, String> {
    let swagger = src.swagger;
    let root = swagger.root.clone();
    let mut merged: BTreeMap<ParamKey, (PathBuf, &'a Value)> = BTreeMap::new();
    for list in [item.get("parameters"), op.get("parameters")] {
        for param in list.and_then(Value::as_array).into_iter().flatten() {
            let (file, param) = swagger.follow(&root, param)?;
            let location = param.get("in").and_then(Value::as_str).unwrap_or_default();
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if location == "path" && host.contains(name) {
                continue;
            }
            merged.insert(ParamKey::new(location, name), (file, param));
        }
    }
    let mut operation = Operation {
        method: method.to_owned(),
        path: path.to_owned(),
        params: BTreeMap::new(),
        body: None,
        responses: BTreeMap::new(),
    };
    for (key, (file, param)) in merged {
        let required = param.get("required").and_then(Value::as_bool) == Some(true);
        if key.location == "body" {
            let schema = param.get("schema").unwrap_or(&Value::Null);
            operation.body = Some(Body {
                required,
                media_types: consumes(swagger.doc(), op),
                shape: model::shape(src, &file, schema)?,
            });
        } else {
            let param = Param {
                required,
                shape: model::shape(src, &file, param)?,
                enumeration: model::enumeration(src, param),
            };
            operation.params.insert(key, param);
        }
    }
    let responses = op.get("responses").and_then(Value::as_object);
    for (code, response) in responses.into_iter().flatten() {
        let (file, response) = swagger.follow(&root, response)?;
        let schema = match response.get("schema") {
            Some(schema) => Some(model::shape(src, &file, schema)?),
            None => None,
        };
        operation.responses.insert(code.clone(), schema);
    }
    Ok(operation)
}

/// The `x-ms-enum` name of an inline enum schema.
fn inline_enum_name(schema: &Value) -> Option<String> {
    if schema.get("$ref").is_some() || schema.get("enum").is_none() {
        return None;
    }
    let name = schema.get("x-ms-enum")?.get("name")?.as_str()?;
    Some(name.to_owned())
}

/// The media types an operation accepts: its `consumes`, else the document's, else JSON.
fn consumes(doc: &Value, op: &Value) -> BTreeSet<String> {
    let list = op
        .get("consumes")
        .or_else(|| doc.get("consumes"))
        .and_then(Value::as_array);
    let types: BTreeSet<String> = list
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if types.is_empty() {
        BTreeSet::from(["application/json".to_owned()])
    } else {
        types
    }
}

/// The `definitions` of a document.
fn definitions(doc: &Value) -> impl Iterator<Item = (&String, &Value)> {
    doc.get("definitions")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// The local `$ref` of a definition.
fn local_definition(name: &str) -> String {
    format!(
        "#/definitions/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
}

/// Undoes JSON pointer escaping in one segment.
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Splits a `$ref` into its file part (maybe empty) and its JSON pointer.
fn split_ref(reference: &str) -> (&str, &str) {
    reference.split_once('#').unwrap_or((reference, ""))
}

/// `relative`, resolved against the directory of `file`.
fn sibling(file: &Path, relative: &str) -> PathBuf {
    file.parent().unwrap_or(Path::new("")).join(relative)
}

/// The canonical form of `path`; the error names the file (and the file referencing it).
fn canonical(path: &Path, referenced_from: Option<&Path>) -> Result<PathBuf, String> {
    std::fs::canonicalize(path).map_err(|err| match referenced_from {
        Some(from) => format!(
            "cannot read {} (referenced from {}): {err}",
            path.display(),
            from.display()
        ),
        None => format!("cannot read {}: {err}", path.display()),
    })
}

/// Every `$ref` string in `value`, except inside `x-ms-examples`.
fn collect_refs<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("x-ms-examples", _) => {}
                    ("$ref", Value::String(reference)) => out.push(reference),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}
