//! [`Doc`]: a JSON value whose objects keep their field order.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value whose objects keep their field order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Doc {
    Null,
    Bool(bool),
    Int(i64),
    /// Any other JSON number (the result of a `--query`).
    Num(serde_json::Number),
    Str(String),
    Arr(Vec<Doc>),
    Obj(Vec<(String, Doc)>),
    /// A string map (metadata): an object in JSON, one `k=v, …` cell in a table.
    Map(Vec<(String, String)>),
}

impl Doc {
    /// An empty object, to add fields to with [`field`](Self::field).
    pub(crate) fn object() -> Self {
        Self::Obj(Vec::new())
    }

    /// A string map, sorted by key.
    pub(crate) fn map<'a>(entries: impl IntoIterator<Item = (&'a String, &'a String)>) -> Self {
        let mut entries: Vec<(String, String)> = entries
            .into_iter()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        entries.sort();
        Self::Map(entries)
    }

    /// Adds a field (objects only; a no-op on other values).
    #[must_use]
    pub(crate) fn field(mut self, name: &str, value: impl Into<Doc>) -> Self {
        if let Self::Obj(fields) = &mut self {
            fields.push((name.to_owned(), value.into()));
        }
        self
    }

    /// The value at a dotted path (`sender.rawId`), if there is one.
    pub(crate) fn at(&self, path: &str) -> Option<&Doc> {
        path.split('.').try_fold(self, |doc, name| match doc {
            Self::Obj(fields) => fields.iter().find(|(key, _)| key == name).map(|(_, v)| v),
            _ => None,
        })
    }
}

impl From<serde_json::Value> for Doc {
    /// A JSON value (object fields in the value's order).
    fn from(value: serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Self::Null,
            Value::Bool(value) => Self::Bool(value),
            Value::Number(number) => number.as_i64().map_or(Self::Num(number), Self::Int),
            Value::String(text) => Self::Str(text),
            Value::Array(items) => Self::Arr(items.into_iter().map(Self::from).collect()),
            Value::Object(fields) => Self::Obj(
                fields
                    .into_iter()
                    .map(|(key, value)| (key, Self::from(value)))
                    .collect(),
            ),
        }
    }
}

impl From<&str> for Doc {
    fn from(value: &str) -> Self {
        Self::Str(value.to_owned())
    }
}

impl From<String> for Doc {
    fn from(value: String) -> Self {
        Self::Str(value)
    }
}

impl From<bool> for Doc {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<i64> for Doc {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<i32> for Doc {
    fn from(value: i32) -> Self {
        Self::Int(value.into())
    }
}

impl<T: Into<Doc>> From<Option<T>> for Doc {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

impl<T: Into<Doc>> From<Vec<T>> for Doc {
    fn from(value: Vec<T>) -> Self {
        Self::Arr(value.into_iter().map(Into::into).collect())
    }
}

impl Serialize for Doc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(value) => serializer.serialize_bool(*value),
            Self::Int(value) => serializer.serialize_i64(*value),
            Self::Num(value) => value.serialize(serializer),
            Self::Str(value) => serializer.serialize_str(value),
            Self::Arr(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Obj(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Self::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}
