//! `--output table`: aligned text for people, fitted to the terminal's width.
//!
//! - A list is a header row and one row per item. Column widths come from the header and the
//!   first page; when the row is wider than the terminal, free-text columns (topics, contents,
//!   names) are cut first (`…` at the end), then id columns are shortened in the middle
//!   (`8:acs:1b2c…d01`, keeping the kind and the tail). Later pages are cut to the same widths.
//! - A single document is `field  value` rows with dotted names; a value longer than the line
//!   is wrapped onto continuation lines, never cut (a token stays whole).
//! - Times are shown as `2025-01-31 09:30:00` (UTC); control characters are escaped, so a
//!   message cannot send escape sequences to the terminal.

use std::io::{self, Write};

use super::doc::Doc;

/// How a list column gives way when the row is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// Never shortened (short values: kinds, types, times).
    Keep,
    /// Free text: cut at the end with `…`.
    Cut,
    /// An id: shortened in the middle, keeping its start (the kind) and its end.
    Middle,
}

/// How a column finds its value in an item.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// Dotted paths; the first one present (and not null) wins.
    Paths(&'static [&'static str]),
    /// A function of the whole item.
    Render(fn(&Doc) -> String),
}

/// A column of a list table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    header: &'static str,
    source: Source,
    max_width: Option<usize>,
    fit: Fit,
    time: bool,
}

impl Column {
    /// A column showing the first present value of `paths`, never shortened.
    pub(crate) const fn new(header: &'static str, paths: &'static [&'static str]) -> Self {
        Self {
            header,
            source: Source::Paths(paths),
            max_width: None,
            fit: Fit::Keep,
            time: false,
        }
    }

    /// A column computed from the whole item.
    pub(crate) const fn computed(header: &'static str, render: fn(&Doc) -> String) -> Self {
        Self {
            header,
            source: Source::Render(render),
            max_width: None,
            fit: Fit::Keep,
            time: false,
        }
    }

    /// Free text: at most `max_width` characters, and cut further to fit the terminal.
    pub(crate) const fn cut(mut self, max_width: usize) -> Self {
        self.max_width = Some(max_width);
        self.fit = Fit::Cut;
        self
    }

    /// An id: shortened in the middle when the row does not fit the terminal.
    pub(crate) const fn id(mut self) -> Self {
        self.fit = Fit::Middle;
        self
    }

    /// A time, shown as `2025-01-31 09:30:00`.
    pub(crate) const fn time(mut self) -> Self {
        self.time = true;
        self
    }

    fn cell(&self, item: &Doc) -> String {
        let value = match self.source {
            Source::Paths(paths) => paths
                .iter()
                .filter_map(|path| item.at(path))
                .find(|doc| !matches!(doc, Doc::Null))
                .map(|doc| match doc {
                    Doc::Str(text) if self.time => short_time(text),
                    other => cell(other),
                })
                .unwrap_or_default(),
            Source::Render(render) => printable(&render(item)),
        };
        match self.max_width {
            Some(max) => shorten(&value, max, self.fit),
            None => value,
        }
    }
}

/// An RFC 3339 time as `2025-01-31 09:30:00` (UTC); other text as it is.
pub(crate) fn short_time(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text).map_or_else(
        |_| printable(text),
        |time| {
            time.with_timezone(&chrono::Utc)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        },
    )
}

/// `text` in at most `width` characters, the way `fit` says.
pub(crate) fn shorten(text: &str, width: usize, fit: Fit) -> String {
    let length = text.chars().count();
    if length <= width || fit == Fit::Keep {
        return text.to_owned();
    }
    let keep = width.saturating_sub(1);
    match fit {
        Fit::Middle => {
            let tail = keep / 2;
            let head = keep - tail;
            let mut short: String = text.chars().take(head).collect();
            short.push('…');
            short.extend(text.chars().skip(length - tail));
            short
        }
        _ => {
            let mut short: String = text.chars().take(keep).collect();
            short.push('…');
            short
        }
    }
}

/// One value as table text.
pub(crate) fn cell(doc: &Doc) -> String {
    match doc {
        Doc::Null => String::new(),
        Doc::Bool(value) => value.to_string(),
        Doc::Int(value) => value.to_string(),
        Doc::Num(value) => value.to_string(),
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
pub(crate) fn printable(text: &str) -> String {
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

/// The narrowest a shortened column gets.
fn min_width(fit: Fit, header: usize, natural: usize) -> usize {
    let floor = match fit {
        Fit::Keep => natural,
        Fit::Cut => 10,
        Fit::Middle => 14,
    };
    floor.max(header).min(natural)
}

/// Column widths that fit `width` if they can: the natural widths, with `Cut` columns narrowed
/// first and `Middle` ones next, the widest first, none below its minimum.
pub(crate) fn fit_widths(
    natural: &[usize],
    headers: &[usize],
    fits: &[Fit],
    width: usize,
) -> Vec<usize> {
    let mut widths = natural.to_vec();
    let gaps = 2 * widths.len().saturating_sub(1);
    let mins: Vec<usize> = (0..widths.len())
        .map(|index| min_width(fits[index], headers[index], natural[index]))
        .collect();
    for pass in [Fit::Cut, Fit::Middle] {
        while widths.iter().sum::<usize>() + gaps > width {
            let widest = (0..widths.len())
                .filter(|&index| fits[index] == pass && widths[index] > mins[index])
                .max_by_key(|&index| widths[index]);
            let Some(index) = widest else { break };
            widths[index] -= 1;
        }
    }
    widths
}

/// Writes one aligned row (trailing spaces trimmed).
pub(crate) fn write_row(
    out: &mut impl Write,
    cells: &[String],
    widths: &[usize],
) -> io::Result<()> {
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
    writeln!(out, "{}", line.trim_end())
}

/// A list table being written page by page.
pub(crate) struct ListTable {
    columns: &'static [Column],
    width: usize,
    widths: Option<Vec<usize>>,
}

impl ListTable {
    /// A table with these columns for a terminal of `width` columns.
    pub(crate) fn new(columns: &'static [Column], width: usize) -> Self {
        Self {
            columns,
            width,
            widths: None,
        }
    }

    /// Writes a page (the header first, with the widths, on the first call).
    pub(crate) fn page(&mut self, out: &mut impl Write, items: &[Doc]) -> io::Result<()> {
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|item| self.columns.iter().map(|c| c.cell(item)).collect())
            .collect();
        let widths = match &self.widths {
            Some(widths) => widths.clone(),
            None => self.header(out, &rows)?,
        };
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .zip(self.columns)
                .zip(&widths)
                .map(|((value, column), &width)| shorten(value, width, column.fit))
                .collect();
            write_row(out, &cells, &widths)?;
        }
        Ok(())
    }

    /// Ends the table: the header alone when no page had items.
    pub(crate) fn finish(&mut self, out: &mut impl Write) -> io::Result<()> {
        if self.widths.is_none() {
            self.header(out, &[])?;
        }
        Ok(())
    }

    fn header(&mut self, out: &mut impl Write, rows: &[Vec<String>]) -> io::Result<Vec<usize>> {
        let headers: Vec<usize> = self
            .columns
            .iter()
            .map(|c| c.header.chars().count())
            .collect();
        let natural: Vec<usize> = (0..self.columns.len())
            .map(|index| {
                rows.iter()
                    .map(|row| row[index].chars().count())
                    .chain([headers[index]])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let fits: Vec<Fit> = self.columns.iter().map(|c| c.fit).collect();
        let widths = fit_widths(&natural, &headers, &fits, self.width);
        let header: Vec<String> = self.columns.iter().map(|c| c.header.to_owned()).collect();
        write_row(out, &header, &widths)?;
        self.widths = Some(widths.clone());
        Ok(widths)
    }
}

/// Writes one document as a table: `field  value` rows for an object (values wrapped to the
/// width), rows and columns for a list of objects or of lists (a header from the first
/// object's fields), one line per value otherwise.
pub(crate) fn document(out: &mut impl Write, doc: &Doc, width: usize) -> io::Result<()> {
    match doc {
        Doc::Obj(_) if doc.at("rawId").is_none() => fields(out, doc, width),
        Doc::Arr(items) if items.iter().all(|item| matches!(item, Doc::Obj(_))) => {
            let Some(Doc::Obj(first)) = items.first() else {
                return Ok(());
            };
            let headers: Vec<String> = first.iter().map(|(key, _)| key.clone()).collect();
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|item| {
                    headers
                        .iter()
                        .map(|key| item.at(key).map(value_text).unwrap_or_default())
                        .collect()
                })
                .collect();
            let header_cells: Vec<String> = headers.iter().map(|key| printable(key)).collect();
            grid(out, Some(&header_cells), &rows, width)
        }
        Doc::Arr(items) if items.iter().all(|item| matches!(item, Doc::Arr(_))) => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|item| match item {
                    Doc::Arr(values) => values.iter().map(value_text).collect(),
                    other => vec![value_text(other)],
                })
                .collect();
            grid(out, None, &rows, width)
        }
        Doc::Arr(items) => {
            for item in items {
                writeln!(out, "{}", value_text(item))?;
            }
            Ok(())
        }
        other => writeln!(out, "{}", value_text(other)),
    }
}

/// A value as a table cell; times shortened.
fn value_text(doc: &Doc) -> String {
    match doc {
        Doc::Str(text) => short_time(text),
        other => cell(other),
    }
}

/// Rows of cells, aligned and fitted (every column may be cut).
fn grid(
    out: &mut impl Write,
    header: Option<&Vec<String>>,
    rows: &[Vec<String>],
    width: usize,
) -> io::Result<()> {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain(header.map(Vec::len))
        .max()
        .unwrap_or(0);
    let length = |row: &Vec<String>, index: usize| row.get(index).map_or(0, |v| v.chars().count());
    let headers: Vec<usize> = (0..columns)
        .map(|index| header.map_or(0, |h| length(h, index)))
        .collect();
    let natural: Vec<usize> = (0..columns)
        .map(|index| {
            rows.iter()
                .map(|row| length(row, index))
                .chain([headers[index]])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let fits = vec![Fit::Cut; columns];
    let widths = fit_widths(&natural, &headers, &fits, width);
    if let Some(header) = header {
        write_row(out, header, &widths)?;
    }
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(value, &width)| shorten(value, width, Fit::Cut))
            .collect();
        write_row(out, &cells, &widths)?;
    }
    Ok(())
}

/// `field  value` rows; long values wrap under the value column.
fn fields(out: &mut impl Write, doc: &Doc, width: usize) -> io::Result<()> {
    let mut rows = Vec::new();
    flatten("", doc, &mut rows);
    let key_width = rows
        .iter()
        .map(|(key, _)| key.chars().count())
        .max()
        .unwrap_or(0);
    let room = width.saturating_sub(key_width + 2).max(20);
    for (key, value) in &rows {
        let chars: Vec<char> = value.chars().collect();
        let mut chunks = chars.chunks(room);
        let first: String = chunks
            .next()
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        let line = format!("{key:<key_width$}  {first}");
        writeln!(out, "{}", line.trim_end())?;
        for chunk in chunks {
            let rest: String = chunk.iter().collect();
            writeln!(out, "{:key_width$}  {rest}", "")?;
        }
    }
    Ok(())
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
        _ => rows.push((prefix.to_owned(), value_text(doc))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_shorten_in_the_middle_and_text_at_the_end() {
        let id = "8:acs:b6aada1f-0b1d-47ac-866f-91aae00a1d01_00000015-aaaa";
        let short = shorten(id, 16, Fit::Middle);
        assert_eq!(short.chars().count(), 16);
        assert!(
            short.starts_with("8:acs:b6") && short.ends_with("-aaaa"),
            "{short}"
        );
        assert_eq!(shorten("a long message", 8, Fit::Cut), "a long …");
        assert_eq!(shorten("kept", 2, Fit::Keep), "kept");
    }

    #[test]
    fn text_gives_way_before_ids() {
        let widths = fit_widths(
            &[40, 60, 19],
            &[2, 7, 7],
            &[Fit::Middle, Fit::Cut, Fit::Keep],
            80,
        );
        assert!(widths.iter().sum::<usize>() + 4 <= 80, "{widths:?}");
        assert_eq!(widths[2], 19);
        assert!(widths[0] >= 14, "{widths:?}");
    }

    #[test]
    fn times_are_short() {
        assert_eq!(
            short_time("2025-01-31T09:30:00.123Z"),
            "2025-01-31 09:30:00"
        );
        assert_eq!(short_time("not a time"), "not a time");
    }

    #[test]
    fn long_document_values_wrap() {
        let doc = Doc::object().field("token", "x".repeat(50));
        let mut out = Vec::new();
        document(&mut out, &doc, 30).expect("written");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.lines().all(|line| line.chars().count() <= 30),
            "{text}"
        );
        assert_eq!(text.matches('x').count(), 50, "{text}");
    }
}
