//! Rendering results: JSON (the default), a table for people, TSV for scripts, or nothing;
//! optionally through a `--query` (JMESPath) first.
//!
//! Every command's output goes through one [`Printer`]: [`Printer::document`] for one result,
//! [`Printer::list`] for a list written page by page. Results are built as [`Doc`]s, JSON
//! values whose objects keep their fields in the order they were added.
//!
//! - JSON: one document per command, pretty-printed. A list is written as it arrives, page by
//!   page: `[` before the first item, then each item, then `]`. The bytes are the same as
//!   `serde_json::to_writer_pretty` of the whole array, but no more than one page is held.
//! - Table: see [`table`]. TSV: see [`tsv`]; a list streams one line per item.
//! - `--query`: the expression needs the whole result, so a list is collected first (bounded
//!   by `--limit`), then queried and written in the chosen format.

mod doc;
mod query;
pub(crate) mod table;
pub(crate) mod tsv;

use std::io::{self, Write};

pub(crate) use doc::Doc;
pub(crate) use query::Query;
pub(crate) use table::Column;

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// JSON, one document per command (lists as arrays).
    Json,
    /// An aligned text table, for people, fitted to the terminal.
    Table,
    /// Tab-separated values, one line per item, for scripts (as in the Azure CLI).
    Tsv,
    /// Nothing (only the exit code and errors).
    None,
}

/// The terminal width tables are fitted to when none is known.
const DEFAULT_WIDTH: usize = 100;

/// The width tables are fitted to: `COLUMNS` when set, else the terminal's, else 100.
pub(crate) fn terminal_width() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok());
    let from_terminal = || {
        terminal_size::terminal_size_of(io::stdout())
            .map(|(terminal_size::Width(width), _)| usize::from(width))
    };
    from_env
        .or_else(from_terminal)
        .unwrap_or(DEFAULT_WIDTH)
        .max(40)
}

/// How results are written: the format, the query, the table width.
#[derive(Debug)]
pub(crate) struct Printer {
    format: Format,
    query: Option<Query>,
    width: usize,
}

impl Printer {
    /// A printer for this format and query, fitting tables to `width` columns.
    pub(crate) fn new(format: Format, query: Option<Query>, width: usize) -> Self {
        Self {
            format,
            query,
            width,
        }
    }

    /// Writes one document (through the query, when there is one).
    ///
    /// # Errors
    ///
    /// When the query fails on the document or writing fails.
    pub(crate) fn document(&self, out: &mut impl Write, doc: &Doc) -> Result<(), PrintError> {
        let queried;
        let doc = match &self.query {
            Some(query) => {
                queried = query.apply(doc).map_err(PrintError::Query)?;
                &queried
            }
            None => doc,
        };
        self.write(out, doc).map_err(PrintError::Io)
    }

    fn write(&self, out: &mut impl Write, doc: &Doc) -> io::Result<()> {
        match self.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, doc)?;
                out.write_all(b"\n")?;
            }
            Format::Table => table::document(out, doc, self.width)?,
            Format::Tsv => tsv::document(out, doc)?,
            Format::None => {}
        }
        out.flush()
    }

    /// A list to write page by page, with these table columns (used without a query).
    pub(crate) fn list<'a, W: Write>(
        &'a self,
        out: &'a mut W,
        columns: &'static [Column],
    ) -> ListWriter<'a, W> {
        let mode = match (&self.query, self.format) {
            (Some(_), _) => Mode::Collect(Vec::new()),
            (None, Format::Json) => Mode::Json,
            (None, Format::Table) => Mode::Table(table::ListTable::new(columns, self.width)),
            (None, Format::Tsv) => Mode::Tsv,
            (None, Format::None) => Mode::Quiet,
        };
        ListWriter {
            printer: self,
            out,
            mode,
            items: 0,
        }
    }
}

/// Why a result could not be printed.
#[derive(Debug)]
pub(crate) enum PrintError {
    /// The `--query` failed on the result.
    Query(String),
    /// Writing failed.
    Io(io::Error),
}

impl From<io::Error> for PrintError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

enum Mode {
    Json,
    Table(table::ListTable),
    Tsv,
    Quiet,
    /// Held for the query.
    Collect(Vec<Doc>),
}

/// A list being written page by page.
pub(crate) struct ListWriter<'a, W: Write> {
    printer: &'a Printer,
    out: &'a mut W,
    mode: Mode,
    items: usize,
}

impl<W: Write> ListWriter<'_, W> {
    /// How many items have been written (or collected).
    pub(crate) fn len(&self) -> usize {
        self.items
    }

    /// Writes the items of one page and flushes.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub(crate) fn page(&mut self, items: Vec<Doc>) -> io::Result<()> {
        match &mut self.mode {
            Mode::Json => {
                for (index, item) in items.iter().enumerate() {
                    let first = self.items + index == 0;
                    self.out.write_all(if first { b"[\n" } else { b",\n" })?;
                    let text = serde_json::to_string_pretty(item)?;
                    for (line_index, line) in text.split('\n').enumerate() {
                        if line_index > 0 {
                            self.out.write_all(b"\n")?;
                        }
                        self.out.write_all(b"  ")?;
                        self.out.write_all(line.as_bytes())?;
                    }
                }
            }
            Mode::Table(list) => list.page(self.out, &items)?,
            Mode::Tsv => items.iter().try_for_each(|item| tsv::row(self.out, item))?,
            Mode::Quiet => {}
            Mode::Collect(held) => {
                self.items += items.len();
                held.extend(items);
                return Ok(());
            }
        }
        self.items += items.len();
        self.out.flush()
    }

    /// Ends the list: `]` (or `[]`), the header of an empty table, or the queried result.
    ///
    /// # Errors
    ///
    /// When the query fails or writing fails.
    pub(crate) fn finish(self) -> Result<(), PrintError> {
        match self.mode {
            Mode::Json => {
                self.out
                    .write_all(if self.items == 0 { b"[]\n" } else { b"\n]\n" })?;
            }
            Mode::Table(mut list) => list.finish(self.out)?,
            Mode::Tsv | Mode::Quiet => {}
            Mode::Collect(held) => return self.printer.document(self.out, &Doc::Arr(held)),
        }
        self.out.flush()?;
        Ok(())
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

    fn render(printer: &Printer, pages: &[Vec<Doc>]) -> String {
        let mut out = Vec::new();
        let mut list = printer.list(&mut out, COLUMNS);
        for page in pages {
            list.page(page.clone()).expect("written");
        }
        list.finish().expect("written");
        String::from_utf8(out).expect("utf-8")
    }

    fn printer(format: Format) -> Printer {
        Printer::new(format, None, 100)
    }

    #[test]
    fn json_lists_are_the_pretty_array_written_item_by_item() {
        let pages = vec![
            vec![item("1", "8:acs:a", "hi"), item("2", "8:acs:b", "yo")],
            vec![],
            vec![item("3", "8:acs:a", "bye")],
        ];
        let streamed = render(&printer(Format::Json), &pages);
        let whole: Vec<Doc> = pages.concat();
        let expected = serde_json::to_string_pretty(&whole).expect("json") + "\n";
        assert_eq!(streamed, expected);
        assert!(streamed.starts_with("[\n  {\n    \"id\": \"1\",\n    \"sender\""));
    }

    #[test]
    fn empty_json_list() {
        assert_eq!(render(&printer(Format::Json), &[]), "[]\n");
        assert_eq!(render(&printer(Format::Json), &[vec![], vec![]]), "[]\n");
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
        let table = render(&printer(Format::Table), &pages);
        assert_eq!(
            table,
            "ID  SENDER   CONTENT\n\
             1   8:acs:a  hi\n\
             22  8:acs:b  a\\u{1b}…\n\
             333  8:acs:c  a long …\n"
        );
        assert_eq!(
            render(&printer(Format::Table), &[]),
            "ID  SENDER  CONTENT\n"
        );
    }

    #[test]
    fn tsv_lists_stream_one_line_per_item() {
        let pages = vec![
            vec![item("1", "8:acs:a", "hi")],
            vec![item("2", "8:acs:b", "yo")],
        ];
        assert_eq!(
            render(&printer(Format::Tsv), &pages),
            "1\t8:acs:a\t\t\n2\t8:acs:b\t\t\n"
        );
        assert_eq!(render(&printer(Format::None), &pages), "");
    }

    #[test]
    fn a_query_sees_the_whole_list() {
        let query = Query::parse("[].[id, sender.rawId]").expect("valid");
        let pages = vec![
            vec![item("1", "8:acs:a", "hi")],
            vec![item("2", "8:acs:b", "yo")],
        ];
        let printer = Printer::new(Format::Tsv, Some(query), 100);
        assert_eq!(render(&printer, &pages), "1\t8:acs:a\n2\t8:acs:b\n");
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
        printer(Format::Json)
            .document(&mut json, &doc)
            .expect("written");
        let parsed: serde_json::Value = serde_json::from_slice(&json).expect("json");
        assert_eq!(parsed["identity"]["id"], "8:acs:a");
        assert!(
            String::from_utf8_lossy(&json).find("identity")
                < String::from_utf8_lossy(&json).find("metadata")
        );

        let mut table = Vec::new();
        printer(Format::Table)
            .document(&mut table, &doc)
            .expect("written");
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
