//! The normalized form both documents are turned into before they are compared, and the schema
//! helpers shared by the Swagger 2.0 and the OpenAPI 3.0 readers.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

/// The HTTP methods a path item may hold.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An API description reduced to what `spec-diff` compares.
#[derive(Debug, Default)]
pub(super) struct Api {
    /// Operations by `operationId`.
    pub(super) operations: BTreeMap<String, Operation>,
    /// Models by name.
    pub(super) models: BTreeMap<String, Model>,
    /// Other names a model is known by (upstream `$ref`-only alias definitions), by model name.
    pub(super) aliases: BTreeMap<String, BTreeSet<String>>,
    /// Names of enums declared inline (upstream `x-ms-enum.name` without a definition).
    pub(super) inline_enums: BTreeSet<String>,
    /// Remarks about the document itself (for example ambiguous model names).
    pub(super) remarks: Vec<String>,
}

/// One operation.
#[derive(Debug)]
pub(super) struct Operation {
    /// Lower-case HTTP method.
    pub(super) method: String,
    /// Path template.
    pub(super) path: String,
    /// Non-body parameters.
    pub(super) params: BTreeMap<ParamKey, Param>,
    /// The request body (`in: body` upstream, `requestBody` ours).
    pub(super) body: Option<Body>,
    /// Responses by status code (`default` included); the value is the response schema, if any.
    pub(super) responses: BTreeMap<String, Option<Shape>>,
}

/// Identifies a parameter: its location and name (lower-cased for headers).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ParamKey {
    /// `path`, `query`, `header`, …
    pub(super) location: String,
    /// The parameter name.
    pub(super) name: String,
}

impl ParamKey {
    /// Builds a key; header names are case-insensitive, so they are lower-cased.
    pub(super) fn new(location: &str, name: &str) -> Self {
        let name = if location == "header" {
            name.to_ascii_lowercase()
        } else {
            name.to_owned()
        };
        Self {
            location: location.to_owned(),
            name,
        }
    }
}

impl fmt::Display for ParamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} parameter `{}`", self.location, self.name)
    }
}

/// A non-body parameter.
#[derive(Debug)]
pub(super) struct Param {
    /// Whether the parameter is required.
    pub(super) required: bool,
    /// Its type.
    pub(super) shape: Shape,
    /// Its inline enum, if any.
    pub(super) enumeration: Option<EnumInfo>,
}

/// A request body.
#[derive(Debug)]
pub(super) struct Body {
    /// Whether the body is required.
    pub(super) required: bool,
    /// Accepted media types.
    pub(super) media_types: BTreeSet<String>,
    /// The body schema.
    pub(super) shape: Shape,
}

/// A named schema.
#[derive(Debug)]
pub(super) struct Model {
    /// The model's own type (`object`, `string`, …, with its format).
    pub(super) kind: Shape,
    /// Properties, including those inherited through `allOf`.
    pub(super) properties: BTreeMap<String, Property>,
    /// Enum values, for enum models.
    pub(super) enumeration: Option<EnumInfo>,
    /// The `additionalProperties` schema, when extra keys are allowed.
    pub(super) additional: Option<Shape>,
    /// The discriminator property name of a polymorphic base.
    pub(super) discriminator: Option<String>,
}

impl Model {
    /// The model as an anonymous schema, to compare it with an inline schema on the other side.
    pub(super) fn as_shape(&self) -> Shape {
        match &self.additional {
            Some(inner) if self.properties.is_empty() && self.kind == Shape::scalar("object") => {
                Shape::Map(Box::new(inner.clone()))
            }
            _ => self.kind.clone(),
        }
    }
}

/// A model property.
#[derive(Debug)]
pub(super) struct Property {
    /// Its type.
    pub(super) shape: Shape,
    /// Whether the model lists it as required.
    pub(super) required: bool,
    /// Whether it is read-only.
    pub(super) read_only: bool,
    /// Its inline enum, if any.
    pub(super) enumeration: Option<EnumInfo>,
    /// Ours only: why its type knowingly differs from upstream's (`x-acs-upstream-differs`),
    /// which makes a type difference a note instead of a mismatch.
    pub(super) deviation: Option<String>,
}

/// The values of an enum and whether unknown values are tolerated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct EnumInfo {
    /// The listed values.
    pub(super) values: BTreeSet<String>,
    /// Upstream `x-ms-enum.modelAsString: true`; ours `x-acs-extensible: true`.
    pub(super) extensible: bool,
}

/// The type of a schema, with references kept as model names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// A reference to a named model.
    Ref(String),
    /// An array of the inner type.
    Array(Box<Shape>),
    /// An object with arbitrary keys whose values have the inner type.
    Map(Box<Shape>),
    /// A primitive (or plain object) type with an optional format.
    Scalar {
        /// `string`, `integer`, `object`, …
        ty: String,
        /// `date-time`, `int32`, …
        format: Option<String>,
    },
    /// No constraint at all.
    Any,
    /// A construct `spec-diff` does not look into (`oneOf`, composite `allOf`, …).
    Other(String),
}

impl Shape {
    /// A scalar without format.
    pub(super) fn scalar(ty: &str) -> Self {
        Self::Scalar {
            ty: ty.to_owned(),
            format: None,
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ref(name) => write!(f, "{name}"),
            Self::Array(inner) => write!(f, "array<{inner}>"),
            Self::Map(inner) => write!(f, "map<{inner}>"),
            Self::Scalar { ty, format: None } => write!(f, "{ty}"),
            Self::Scalar {
                ty,
                format: Some(format),
            } => write!(f, "{ty}({format})"),
            Self::Any => write!(f, "any"),
            Self::Other(what) => write!(f, "{what}"),
        }
    }
}

/// How one side resolves `$ref`s; the context says where relative references start from.
pub(super) trait Source<'a> {
    /// Where a schema lives (the file upstream; nothing for our self-contained document).
    type Ctx: Clone;
    /// The model a schema `$ref` denotes (after following aliases), recording it as used.
    fn model_name(&mut self, ctx: &Self::Ctx, reference: &str) -> Result<String, String>;
    /// The schema a `$ref` denotes and its context.
    fn schema(
        &mut self,
        ctx: &Self::Ctx,
        reference: &str,
    ) -> Result<(Self::Ctx, &'a Value), String>;
    /// Whether an enum schema tolerates values beyond the listed ones.
    fn extensible(&self, schema: &Value) -> bool;
}

/// The `$ref` of a schema, also seeing through `{"allOf": [{"$ref": …}], …}` wrappers.
pub(super) fn schema_ref(schema: &Value) -> Option<&str> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return Some(reference);
    }
    match schema
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([single]) if schema.get("properties").is_none() => {
            single.get("$ref").and_then(Value::as_str)
        }
        _ => None,
    }
}

/// The type of a schema.
pub(super) fn shape<'a, S: Source<'a>>(
    src: &mut S,
    ctx: &S::Ctx,
    schema: &'a Value,
) -> Result<Shape, String> {
    if let Some(reference) = schema_ref(schema) {
        return src.model_name(ctx, reference).map(Shape::Ref);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            let inner = parts
                .iter()
                .map(|part| shape(src, ctx, part).map(|s| s.to_string()))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Shape::Other(format!("{key}[{}]", inner.join(", "))));
        }
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let properties = schema.get("properties").and_then(Value::as_object);
    if ty == Some("array") {
        let items = match schema.get("items") {
            Some(items) => shape(src, ctx, items)?,
            None => Shape::Any,
        };
        return Ok(Shape::Array(Box::new(items)));
    }
    if let Some(properties) = properties {
        // An inline object: its properties are not compared, but the models they use are.
        for property in properties.values() {
            shape(src, ctx, property)?;
        }
    } else if ty.is_none_or(|ty| ty == "object")
        && let Some(additional) = additional_properties(src, ctx, schema)?
    {
        return Ok(Shape::Map(Box::new(additional)));
    }
    Ok(kind(schema))
}

/// The type of `additionalProperties`, if extra keys are allowed.
fn additional_properties<'a, S: Source<'a>>(
    src: &mut S,
    ctx: &S::Ctx,
    schema: &'a Value,
) -> Result<Option<Shape>, String> {
    match schema.get("additionalProperties") {
        None | Some(Value::Bool(false)) => Ok(None),
        Some(Value::Bool(true)) => Ok(Some(Shape::Any)),
        Some(additional) if additional.as_object().is_some_and(|o| o.is_empty()) => {
            Ok(Some(Shape::Any))
        }
        Some(additional) => shape(src, ctx, additional).map(Some),
    }
}

/// A schema's own type, inferring `object` for schemas with members and `string` for enums.
fn kind(schema: &Value) -> Shape {
    let ty = schema.get("type").and_then(Value::as_str);
    let has_members = ["properties", "allOf", "additionalProperties"]
        .iter()
        .any(|key| schema.get(key).is_some());
    let ty = match ty {
        Some(ty) => ty,
        None if has_members => "object",
        None if schema.get("enum").is_some() => "string",
        None => return Shape::Any,
    };
    Shape::Scalar {
        ty: ty.to_owned(),
        format: schema
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// The inline enum of a schema.
pub(super) fn enumeration<'a, S: Source<'a>>(src: &S, schema: &Value) -> Option<EnumInfo> {
    let values = schema.get("enum")?.as_array()?;
    let values = values
        .iter()
        .map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
        .collect();
    Some(EnumInfo {
        values,
        extensible: src.extensible(schema),
    })
}

/// A named schema, with `allOf` parents flattened into it.
pub(super) fn model<'a, S: Source<'a>>(
    src: &mut S,
    ctx: &S::Ctx,
    schema: &'a Value,
) -> Result<Model, String> {
    let mut model = Model {
        kind: kind(schema),
        properties: BTreeMap::new(),
        enumeration: enumeration(src, schema),
        additional: None,
        discriminator: None,
    };
    let mut required = BTreeSet::new();
    collect_members(src, ctx, schema, &mut model, &mut required, 0)?;
    for (name, property) in &mut model.properties {
        property.required = required.contains(name);
    }
    Ok(model)
}

/// Adds a schema's members, and those of its `allOf` parts, to `model`.
fn collect_members<'a, S: Source<'a>>(
    src: &mut S,
    ctx: &S::Ctx,
    schema: &'a Value,
    model: &mut Model,
    required: &mut BTreeSet<String>,
    depth: usize,
) -> Result<(), String> {
    if depth > 32 {
        return Err("`allOf` nesting is too deep (a cycle?)".to_owned());
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(reference) = part.get("$ref").and_then(Value::as_str) {
            src.model_name(ctx, reference)?;
            let (parent_ctx, parent) = src.schema(ctx, reference)?;
            collect_members(src, &parent_ctx, parent, model, required, depth + 1)?;
        } else {
            collect_members(src, ctx, part, model, required, depth + 1)?;
        }
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let property = Property {
                shape: shape(src, ctx, property)?,
                required: false,
                read_only: property.get("readOnly").and_then(Value::as_bool) == Some(true),
                enumeration: enumeration(src, property),
                deviation: property
                    .get("x-acs-upstream-differs")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            model.properties.insert(name.clone(), property);
        }
    }
    let names = schema.get("required").and_then(Value::as_array);
    required.extend(
        names
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned),
    );
    if let Some(additional) = additional_properties(src, ctx, schema)? {
        model.additional = Some(additional);
    }
    if let Some(discriminator) = discriminator(schema) {
        model.discriminator = Some(discriminator);
    }
    Ok(())
}

/// The discriminator property: a string in Swagger 2.0, `{propertyName}` in OpenAPI 3.0.
fn discriminator(schema: &Value) -> Option<String> {
    match schema.get("discriminator")? {
        Value::String(name) => Some(name.clone()),
        other => other.get("propertyName")?.as_str().map(str::to_owned),
    }
}

/// The preferred media type among `types`: JSON first.
pub(super) fn preferred_media_type<'t>(
    types: impl IntoIterator<Item = &'t String>,
) -> Option<&'t String> {
    let types: Vec<&String> = types.into_iter().collect();
    types
        .iter()
        .find(|t| t.as_str() == "application/json")
        .or_else(|| types.iter().find(|t| t.contains("json")))
        .or_else(|| types.first())
        .copied()
}
