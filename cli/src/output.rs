//! Output formats: table, JSON, NDJSON and CSV. Records stream through a sink one at a time, so
//! a list is never held in memory except for a table (which needs column widths).

use std::io::Write;

use pacer_sdk_core::Error;
use serde_json::Value;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON document (an array for lists).
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with flattened columns (`client.business_name`).
    Csv,
}

impl Format {
    /// Parses a `--format` value.
    pub fn parse(s: &str) -> Result<Format, Error> {
        Ok(match s {
            "table" => Format::Table,
            "json" => Format::Json,
            "ndjson" | "jsonl" => Format::Ndjson,
            "csv" => Format::Csv,
            other => {
                return Err(Error::invalid_field(
                    "format",
                    "enum",
                    format!("--format must be table, json, ndjson or csv, got {other:?}"),
                ));
            }
        })
    }
}

fn io(e: std::io::Error) -> Error {
    Error::new(
        pacer_sdk_core::ErrorKind::Transport,
        "output_failed",
        format!("cannot write output: {e}"),
    )
}

/// Flattens a record into (column, text) pairs: nested objects become dotted columns (two
/// levels), lists of records become their count, lists of scalars are joined with `;`.
pub fn flatten(value: &Value) -> Vec<(String, String)> {
    fn walk(v: &Value, prefix: &str, depth: usize, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(map) if depth < 2 => {
                for (k, child) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(child, &key, depth + 1, out);
                }
            }
            Value::Object(_) => out.push((prefix.to_string(), v.to_string())),
            Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
                out.push((prefix.to_string(), format!("{} items", items.len())));
            }
            Value::Array(items) => {
                out.push((
                    prefix.to_string(),
                    items.iter().map(scalar).collect::<Vec<_>>().join(";"),
                ));
            }
            other => out.push((prefix.to_string(), scalar(other))),
        }
    }
    let mut out = Vec::new();
    match value {
        Value::Object(_) => walk(value, "", 0, &mut out),
        other => out.push(("value".into(), scalar(other))),
    }
    out
}

/// A CSV cell that a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return gets a leading `'` (OWASP's CSV injection advice). Numbers are left alone
/// (a negative amount is no formula).
pub fn neutralize_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Text from a server made safe for a terminal: control characters (escape sequences that
/// could rewrite the screen, bells, carriage returns) are shown escaped.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// A scalar as plain text (strings unquoted, null empty).
pub fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Writes records in one format.
pub struct Sink<W: Write> {
    format: Format,
    out: Option<W>,
    count: usize,
    columns: Option<Vec<String>>,
    table: Vec<Vec<(String, String)>>,
    csv: Option<csv::Writer<W>>,
    keep_formulas: bool,
}

impl<W: Write> Sink<W> {
    /// Writes CSV cells as received, formulas included (`--csv-formulas`).
    pub fn keep_formulas(mut self, keep: bool) -> Self {
        self.keep_formulas = keep;
        self
    }

    /// A sink writing `format` to `out`.
    pub fn new(format: Format, out: W) -> Self {
        Sink {
            format,
            out: Some(out),
            count: 0,
            columns: None,
            table: Vec::new(),
            csv: None,
            keep_formulas: false,
        }
    }

    /// Records written so far.
    pub fn count(&self) -> usize {
        self.count
    }

    fn out(&mut self) -> &mut W {
        self.out
            .as_mut()
            .expect("only CSV sinks hand their writer to the csv crate")
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Value) -> Result<(), Error> {
        match self.format {
            Format::Json => {
                let sep = if self.count == 0 { "[\n" } else { ",\n" };
                let text = serde_json::to_string_pretty(record).unwrap_or_default();
                write!(self.out(), "{sep}{text}").map_err(io)?;
            }
            Format::Ndjson => writeln!(self.out(), "{record}").map_err(io)?,
            Format::Table => self.table.push(flatten(record)),
            Format::Csv => self.write_csv(record)?,
        }
        self.count += 1;
        Ok(())
    }

    fn write_csv(&mut self, record: &Value) -> Result<(), Error> {
        let flat = flatten(record);
        if self.csv.is_none() {
            // The first record fixes the columns; later records fill them (extras are dropped).
            let columns: Vec<String> = flat.iter().map(|(k, _)| k.clone()).collect();
            let mut w = csv::Writer::from_writer(
                self.out
                    .take()
                    .expect("writer present before the first row"),
            );
            w.write_record(&columns).map_err(|e| io(e.into()))?;
            self.columns = Some(columns);
            self.csv = Some(w);
        }
        let columns = self.columns.as_ref().expect("set with the writer");
        let row: Vec<String> = columns
            .iter()
            .map(|c| {
                let v = flat
                    .iter()
                    .find(|(k, _)| k == c)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or_default();
                if self.keep_formulas {
                    v.to_string()
                } else {
                    neutralize_formula(v).into_owned()
                }
            })
            .collect();
        self.csv
            .as_mut()
            .expect("set above")
            .write_record(&row)
            .map_err(|e| io(e.into()))
    }

    /// Ends the output (closes the JSON array, prints the table, flushes) and returns the writer.
    pub fn finish(mut self) -> Result<W, Error> {
        if let Some(w) = self.csv.take() {
            return w.into_inner().map_err(|e| io(e.into_error()));
        }
        match self.format {
            Format::Json => {
                let text = if self.count == 0 { "[]\n" } else { "\n]\n" };
                self.out().write_all(text.as_bytes()).map_err(io)?;
            }
            Format::Table => {
                let rows = std::mem::take(&mut self.table);
                print_table(self.out(), &rows)?;
            }
            _ => {}
        }
        let mut out = self.out.take().expect("writer present");
        out.flush().map_err(io)?;
        Ok(out)
    }
}

fn print_table<W: Write>(out: &mut W, rows: &[Vec<(String, String)>]) -> Result<(), Error> {
    if rows.is_empty() {
        writeln!(out, "(no records)").map_err(io)?;
        return Ok(());
    }
    let mut columns: Vec<String> = Vec::new();
    for row in rows {
        for (k, _) in row {
            if !columns.contains(k) && columns.len() < 10 {
                columns.push(k.clone());
            }
        }
    }
    let cell = |row: &Vec<(String, String)>, c: &str| -> String {
        let v = row
            .iter()
            .find(|(k, _)| k == c)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let v = terminal_safe(v);
        let mut s: String = v.chars().take(32).collect();
        if v.chars().count() > 32 {
            s.pop();
            s.push('…');
        }
        s
    };
    let widths: Vec<usize> = columns
        .iter()
        .map(|c| {
            rows.iter()
                .map(|r| cell(r, c).chars().count())
                .max()
                .unwrap_or(0)
                .max(c.chars().count())
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(columns.clone())).map_err(io)?;
    writeln!(
        out,
        "{}",
        line(widths.iter().map(|w| "-".repeat(*w)).collect())
    )
    .map_err(io)?;
    for r in rows {
        writeln!(
            out,
            "{}",
            line(columns.iter().map(|c| cell(r, c)).collect())
        )
        .map_err(io)?;
    }
    Ok(())
}
