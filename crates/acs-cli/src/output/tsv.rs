//! `--output tsv`: tab-separated values for scripts, as the Azure CLI writes them.
//!
//! A list is one line per item; any other document is one line. In a line, an object gives
//! the values of its fields in order (sorted by name after a `--query`), a list its elements.
//! Nested values keep the columns stable: an identifier gives its raw id, another object an
//! empty cell, a nested list its length, `null` an empty cell. Tabs, newlines and other control
//! characters in values are escaped (`\t`, `\n`), so a line is always one item.

use std::io::{self, Write};

use super::doc::Doc;
use super::table::printable;

/// Writes a whole document: one line per item of a list, one line otherwise.
pub(crate) fn document(out: &mut impl Write, doc: &Doc) -> io::Result<()> {
    match doc {
        Doc::Arr(items) => items.iter().try_for_each(|item| row(out, item)),
        other => row(out, other),
    }
}

/// Writes one line.
pub(crate) fn row(out: &mut impl Write, doc: &Doc) -> io::Result<()> {
    let cells: Vec<String> = match doc {
        Doc::Obj(fields) if doc.at("rawId").is_none() => {
            fields.iter().map(|(_, value)| value_cell(value)).collect()
        }
        Doc::Map(entries) => entries.iter().map(|(_, value)| printable(value)).collect(),
        Doc::Arr(items) => items.iter().map(value_cell).collect(),
        other => vec![value_cell(other)],
    };
    writeln!(out, "{}", cells.join("\t"))
}

/// A nested value as one cell.
fn value_cell(doc: &Doc) -> String {
    match doc {
        Doc::Null | Doc::Map(_) => String::new(),
        Doc::Bool(value) => value.to_string(),
        Doc::Int(value) => value.to_string(),
        Doc::Num(value) => value.to_string(),
        Doc::Str(text) => printable(text),
        Doc::Arr(items) => items.len().to_string(),
        Doc::Obj(_) => doc.at("rawId").map(value_cell).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(doc: &Doc) -> String {
        let mut out = Vec::new();
        document(&mut out, doc).expect("written");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn lists_are_lines_and_objects_are_cells() {
        let item = |id: &str| {
            Doc::object()
                .field("id", id)
                .field("topic", "a\tb")
                .field(
                    "sender",
                    Doc::object().field("rawId", "8:acs:x").field("kind", "k"),
                )
                .field("content", Doc::object().field("message", "m"))
                .field("participants", vec![Doc::Null, Doc::Null])
                .field("deletedOn", Doc::Null)
                .field("n", 3)
        };
        let doc = Doc::Arr(vec![item("1"), item("2")]);
        assert_eq!(
            text(&doc),
            "1\ta\\tb\t8:acs:x\t\t2\t\t3\n2\ta\\tb\t8:acs:x\t\t2\t\t3\n"
        );
        assert_eq!(text(&Doc::Str("one".into())), "one\n");
        let rows = Doc::Arr(vec![Doc::Arr(vec!["a".into(), "b".into()])]);
        assert_eq!(text(&rows), "a\tb\n");
    }
}
