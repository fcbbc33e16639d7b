//! Rendering results: JSON (the default) or an aligned text table (`--output table`).
//!
//! Results are built as [`Doc`]s, JSON values whose objects keep their fields in the order
//! they were added (so `id` comes first without making `serde_json` preserve order for the
//! whole workspace).
//!
//! - JSON: one document per command, pretty-printed. A list is written as it arrives, page by
//!   page: `[` before the first item, then each item, then `]`. The bytes are the same as
//!   `serde_json::to_writer_pretty` of the whole array, but no more than one page is held.
//! - Table: an object is a two-column `field  value` table, nested fields with dotted names;
//!   a list is a table with a header row and one row per item, its column widths taken from
//!   the header and the first page (later, longer values push their row out rather than hold
//!   the list back). Control characters in values are escaped, so a message cannot send escape
//!   sequences to the terminal.

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// JSON, one document per command (lists as arrays).
    Json,
    /// An aligned text table, for people.
    Table,
}

/// A JSON value whose objects keep their field order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Doc {
    Null,
    Bool(bool),
    Int(i64),
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

/// A column of a list table: its header, the dotted paths of the value (the first one
/// present wins) and a maximum width (longer values are cut with `…`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub(crate) header: &'static str,
    pub(crate) paths: &'static [&'static str],
    pub(crate) max_width: Option<usize>,
}

impl Column {
    /// A column showing one path, uncut.
    pub(crate) const fn new(header: &'static str, paths: &'static [&'static str]) -> Self {
        Self {
            header,
            paths,
            max_width: None,
        }
    }

    /// The same column, cut at `max_width` characters.
    pub(crate) const fn cut(mut self, max_width: usize) -> Self {
        self.max_width = Some(max_width);
        self
    }

    fn cell(&self, item: &Doc) -> String {
        let value = self
            .paths
            .iter()
            .filter_map(|path| item.at(path))
            .find(|doc| !matches!(doc, Doc::Null))
            .map(cell)
            .unwrap_or_default();
        match self.max_width {
            Some(max) if value.chars().count() > max => {
                let mut cut: String = value.chars().take(max.saturating_sub(1)).collect();
                cut.push('…');
                cut
            }
            _ => value,
        }
    }
}

/// Writes one document: pretty JSON, or a `field  value` table.
///
/// # Errors
///
/// When writing fails.
pub(crate) fn document(out: &mut impl Write, format: Format, doc: &Doc) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, doc)?;
            out.write_all(b"\n")?;
        }
        Format::Table => {
            let mut rows = Vec::new();
            flatten("", doc, &mut rows);
            let width = rows.iter().map(|(key, _)| key.chars().count()).max();
            for (key, value) in &rows {
                let line = format!("{key:<width$}  {value}", width = width.unwrap_or(0));
                writeln!(out, "{}", line.trim_end())?;
            }
        }
    }
    out.flush()
}

/// The `field  value` rows of a document: nested objects with dotted names, arrays with
/// `[index]`; identifiers (objects with a `rawId`) and metadata maps stay one value.
fn flatten(prefix: &str, doc: &Doc, rows: &mut Vec<(String, String)>) {
    match doc {
        Doc::Obj(fields) if doc.at("rawId").is_none() => {
            for (key, value) in fields {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, value, rows);
            }
        }
        Doc::Arr(items) if items.iter().any(|item| matches!(item, Doc::Obj(_))) => {
            for (index, item) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{index}]"), item, rows);
            }
        }
        _ => rows.push((prefix.to_owned(), cell(doc))),
    }
}

/// One value as table text.
fn cell(doc: &Doc) -> String {
    match doc {
        Doc::Null => String::new(),
        Doc::Bool(value) => value.to_string(),
        Doc::Int(value) => value.to_string(),
        Doc::Str(value) => printable(value),
        Doc::Arr(items) => items.iter().map(cell).collect::<Vec<_>>().join(", "),
        Doc::Obj(fields) => match doc.at("rawId") {
            Some(raw_id) => cell(raw_id),
            None => fields
                .iter()
                .map(|(key, value)| format!("{}={}", printable(key), cell(value)))
                .collect::<Vec<_>>()
                .join(", "),
        },
        Doc::Map(entries) => entries
            .iter()
            .map(|(key, value)| format!("{}={}", printable(key), printable(value)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Text with control characters escaped (`\n`, `\u{1b}`), for a terminal.
fn printable(text: &str) -> String {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        text.to_owned()
    }
}

/// A list being written page by page.
pub(crate) struct ListWriter<'a, W: Write> {
    out: &'a mut W,
    format: Format,
    columns: &'static [Column],
    items: usize,
    widths: Option<Vec<usize>>,
}

impl<'a, W: Write> ListWriter<'a, W> {
    /// A list with these table columns (ignored for JSON). Nothing is written yet.
    pub(crate) fn new(out: &'a mut W, format: Format, columns: &'static [Column]) -> Self {
        Self {
            out,
            format,
            columns,
            items: 0,
            widths: None,
        }
    }

    /// How many items have been written.
    pub(crate) fn len(&self) -> usize {
        self.items
    }

    /// Writes the items of one page and flushes.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub(crate) fn page(&mut self, items: &[Doc]) -> io::Result<()> {
        match self.format {
            Format::Json => {
                for item in items {
                    self.out
                        .write_all(if self.items == 0 { b"[\n" } else { b",\n" })?;
                    let text = serde_json::to_string_pretty(item)?;
                    for (index, line) in text.split('\n').enumerate() {
                        if index > 0 {
                            self.out.write_all(b"\n")?;
                        }
                        self.out.write_all(b"  ")?;
                        self.out.write_all(line.as_bytes())?;
                    }
                    self.items += 1;
                }
            }
            Format::Table => {
                let rows: Vec<Vec<String>> = items
                    .iter()
                    .map(|item| self.columns.iter().map(|c| c.cell(item)).collect())
                    .collect();
                if self.widths.is_none() {
                    let widths = self.header_and_widths(&rows)?;
                    self.widths = Some(widths);
                }
                for row in &rows {
                    self.row(row)?;
                }
                self.items += rows.len();
            }
        }
        self.out.flush()
    }

    /// Column widths from the header and the first page, and the header row.
    fn header_and_widths(&mut self, rows: &[Vec<String>]) -> io::Result<Vec<usize>> {
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(index, column)| {
                rows.iter()
                    .map(|row| row[index].chars().count())
                    .chain([column.header.chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let header: Vec<String> = self.columns.iter().map(|c| c.header.to_owned()).collect();
        self.widths = Some(widths.clone());
        self.row(&header)?;
        Ok(widths)
    }

    fn row(&mut self, cells: &[String]) -> io::Result<()> {
        let widths = self.widths.as_deref().unwrap_or_default();
        let mut line = String::new();
        for (index, value) in cells.iter().enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            line.push_str(value);
            let width = widths.get(index).copied().unwrap_or(0);
            let padding = width.saturating_sub(value.chars().count());
            line.extend(std::iter::repeat_n(' ', padding));
        }
        writeln!(self.out, "{}", line.trim_end())
    }

    /// Ends the list: `]` (or `[]`), or the header of an empty table.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json => {
                self.out
                    .write_all(if self.items == 0 { b"[]\n" } else { b"\n]\n" })?;
            }
            Format::Table => {
                if self.widths.is_none() {
                    self.header_and_widths(&[])?;
                }
            }
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, sender: &str, text: &str) -> Doc {
        Doc::object()
            .field("id", id)
            .field(
                "sender",
                Doc::object()
                    .field("rawId", sender)
                    .field("kind", "communicationUser"),
            )
            .field("content", Doc::object().field("message", text))
            .field("deletedOn", Doc::Null)
    }

    const COLUMNS: &[Column] = &[
        Column::new("ID", &["id"]),
        Column::new("SENDER", &["sender"]),
        Column::new("CONTENT", &["content.message", "content.topic"]).cut(8),
    ];

    fn render(format: Format, pages: &[Vec<Doc>]) -> String {
        let mut out = Vec::new();
        let mut list = ListWriter::new(&mut out, format, COLUMNS);
        for page in pages {
            list.page(page).expect("written");
        }
        list.finish().expect("written");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn json_lists_are_the_pretty_array_written_item_by_item() {
        let pages = vec![
            vec![item("1", "8:acs:a", "hi"), item("2", "8:acs:b", "yo")],
            vec![],
            vec![item("3", "8:acs:a", "bye")],
        ];
        let streamed = render(Format::Json, &pages);
        let whole: Vec<Doc> = pages.concat();
        let expected = serde_json::to_string_pretty(&whole).expect("json") + "\n";
        assert_eq!(streamed, expected);
        assert!(streamed.starts_with("[\n  {\n    \"id\": \"1\",\n    \"sender\""));
    }

    #[test]
    fn empty_json_list() {
        assert_eq!(render(Format::Json, &[]), "[]\n");
        assert_eq!(render(Format::Json, &[vec![], vec![]]), "[]\n");
    }

    #[test]
    fn tables_align_on_the_first_page_and_escape_control_characters() {
        let pages = vec![
            vec![
                item("1", "8:acs:a", "hi"),
                item("22", "8:acs:b", "a\u{1b}[2Jb"),
            ],
            vec![item("333", "8:acs:c", "a long message")],
        ];
        let table = render(Format::Table, &pages);
        assert_eq!(
            table,
            "ID  SENDER   CONTENT\n\
             1   8:acs:a  hi\n\
             22  8:acs:b  a\\u{1b}…\n\
             333  8:acs:c  a long …\n"
        );
        assert_eq!(render(Format::Table, &[]), "ID  SENDER  CONTENT\n");
    }

    #[test]
    fn documents() {
        let doc = Doc::object()
            .field("identity", Doc::object().field("id", "8:acs:a"))
            .field(
                "metadata",
                Doc::Map(vec![("k".into(), "v".into()), ("x".into(), "y".into())]),
            )
            .field(
                "accessToken",
                Doc::object().field("token", "t").field("expiresOn", "e"),
            )
            .field(
                "createdBy",
                Doc::object().field("rawId", "8:acs:b").field("kind", "x"),
            )
            .field("list", vec![Doc::object().field("code", "403")])
            .field("none", Doc::Null);
        let mut json = Vec::new();
        document(&mut json, Format::Json, &doc).expect("written");
        let parsed: serde_json::Value = serde_json::from_slice(&json).expect("json");
        assert_eq!(parsed["identity"]["id"], "8:acs:a");
        assert!(
            String::from_utf8_lossy(&json).find("identity")
                < String::from_utf8_lossy(&json).find("metadata")
        );

        let mut table = Vec::new();
        document(&mut table, Format::Table, &doc).expect("written");
        assert_eq!(
            String::from_utf8(table).expect("utf-8"),
            "identity.id            8:acs:a\n\
             metadata               k=v, x=y\n\
             accessToken.token      t\n\
             accessToken.expiresOn  e\n\
             createdBy              8:acs:b\n\
             list[0].code           403\n\
             none\n"
        );
    }
}
