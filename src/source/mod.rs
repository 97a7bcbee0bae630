//! The load stage: reads `data/` into the raw source model.
//!
//! In: a data directory. Out: [`RawProject`], the YAML documents as typed but unvalidated
//! structs, each remembering its file. YAML problems (syntax, duplicate keys, unknown fields,
//! wrong types, `yes`/`no` booleans) become diagnostics with file, line and column.

mod file;
mod fingerprint;
pub mod raw;

pub(crate) use file::read_input;
pub use fingerprint::fingerprint;

use crate::diag::{Diagnostic, Diagnostics, Span};
use raw::{RawDimension, RawFact, RawReport, RawTable};
use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct RawProject {
    pub report_file: PathBuf,
    pub report: RawReport,
    pub dimensions_file: PathBuf,
    pub dimensions: BTreeMap<String, Spanned<RawDimension>>,
    pub tables: Vec<TableFile>,
    pub facts: Vec<FactsFile>,
}

/// One table file: `data/<section>/<id>.yaml`.
pub struct TableFile {
    pub section: String,
    pub id: String,
    pub path: PathBuf,
    pub raw: RawTable,
}

/// One `data/<section>/facts.yaml`.
pub struct FactsFile {
    pub section: String,
    pub path: PathBuf,
    pub facts: BTreeMap<String, Spanned<RawFact>>,
}

/// Reads the whole data directory. Returns `None` when a file could not be parsed; every
/// problem found on the way is in `diags`.
pub fn load(data_dir: &Path, diags: &mut Diagnostics) -> Option<RawProject> {
    let report_file = data_dir.join("report.yaml");
    let dimensions_file = data_dir.join("dimensions.yaml");
    let report: Option<RawReport> = parse_file(data_dir, &report_file, diags);
    let dimensions: Option<BTreeMap<String, Spanned<RawDimension>>> =
        parse_file(data_dir, &dimensions_file, diags);
    let report = report?;

    let mut tables = Vec::new();
    let mut facts = Vec::new();
    for section in &report.sections {
        let id = &section.id.value;
        if !is_identifier(id) {
            continue; // reported by the model stage, which knows the span
        }
        let dir = data_dir.join(id);
        for path in yaml_files(&dir, diags) {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            if stem == "facts" {
                if let Some(f) = parse_file(data_dir, &path, diags) {
                    facts.push(FactsFile {
                        section: id.clone(),
                        path,
                        facts: f,
                    });
                }
            } else if !is_identifier(&stem) {
                diags.push(
                    Diagnostic::error(
                        Some(Span::file(&path)),
                        format!("`{stem}` is not a valid table id"),
                    )
                    .with_hint("name table files with lowercase letters, digits and `_`, e.g. `staff_by_age.yaml`"),
                );
            } else if let Some(raw) = parse_file(data_dir, &path, diags) {
                tables.push(TableFile {
                    section: id.clone(),
                    id: stem,
                    path,
                    raw,
                });
            }
        }
    }
    Some(RawProject {
        report_file,
        report,
        dimensions_file,
        dimensions: dimensions?,
        tables,
        facts,
    })
}

/// Keys and ids: ASCII lowercase letters, digits and `_`, starting with a letter.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The `.yaml` files of a section directory, sorted by name so the build is deterministic.
fn yaml_files(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    None,
                    format!("cannot read section directory {}: {e}", dir.display()),
                )
                .with_hint("every section listed in report.yaml needs a directory data/<section>/"),
            );
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

/// Reads and parses one YAML file strictly: duplicate keys, `yes`/`no` booleans, unknown
/// fields and oversized files are errors.
fn parse_file<T: DeserializeOwned>(
    data_dir: &Path,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    match read_input(data_dir, path) {
        Ok(text) => parse_str(path, &text, diags),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

pub fn parse_str<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error(Some(Span::file(path)), "file is empty")
                .with_hint("remove the file or give it content"),
        );
        return None;
    }
    // Merge keys (`<<: *base`) are refused like duplicate keys: a key written after the
    // merge would silently replace the merged value of the same figure.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        merge_keys: serde_saphyr::MergeKeyPolicy::Error,
    };
    match serde_saphyr::from_str_with_options::<T>(text, options) {
        Ok(v) => Some(v),
        Err(e) => {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let message = yaml_message(&e);
            let hint = yaml_hint(&message);
            let mut d = Diagnostic::error(Some(Span::new(path, line, column)), message);
            if let Some(h) = hint {
                d = d.with_hint(h);
            }
            diags.push(d);
            None
        }
    }
}

/// The YAML error without its own location prefix and snippet (we print our own).
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or_default().trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // "line 9 column 16: invalid u32" -> "invalid u32"
    let msg = match first.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((_, msg)) => msg,
        None => first,
    };
    // Drop the crate's own trailing location and its API advice; we print both our way.
    let msg = match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    };
    if msg.contains("merge keys are not allowed") {
        return "merge keys (`<<`) are not allowed".to_owned();
    }
    msg.split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(msg)
        .to_owned()
}

fn yaml_hint(message: &str) -> Option<&'static str> {
    if message.contains("duplicate mapping key") {
        Some("each key may appear once in a mapping; remove or rename the repeated one")
    } else if message.contains("merge keys") {
        Some(
            "a key written beside `<<: *anchor` silently replaces the merged one, like a duplicate key; write each entry out in full",
        )
    } else if message.contains("unknown field") {
        Some("check the spelling against docs/data-format.md")
    } else if message.contains("tab") {
        Some("indent YAML with spaces, not tabs")
    } else if message.contains("boolean") {
        Some("write `true` or `false`")
    } else if message.contains("budget") || message.contains("alias") {
        Some("the document expands to too many nodes; avoid anchors/aliases in data files")
    } else {
        None
    }
}
