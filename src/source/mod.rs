//! The load stage: reads `data/` into the raw source model.
//!
//! In: a data directory. Out: [`RawProject`], the YAML documents as typed but unvalidated
//! structs, each remembering its file. YAML problems (syntax, duplicate keys, unknown fields,
//! wrong types, `yes`/`no` booleans) become diagnostics with file, line and column.

pub(crate) mod chart;
mod file;
mod fingerprint;
pub(crate) mod raw;
mod yaml_error;

pub(crate) use file::{read_input, read_input_bytes};
pub(crate) use fingerprint::fingerprint;

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use raw::{RawDimension, RawFact, RawReport, RawTable};
use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) struct RawProject {
    pub report_file: PathBuf,
    pub report: RawReport,
    pub dimensions_file: PathBuf,
    pub dimensions: BTreeMap<String, Spanned<RawDimension>>,
    pub tables: Vec<TableFile>,
    pub facts: Vec<FactsFile>,
    /// `data/<section>/charts.yaml`, in section order.
    pub charts: Vec<chart::ChartsFile>,
    /// `data/gri.yaml`, if the report has one: the GRI disclosures it covers.
    pub gri: Option<GriFile>,
}

/// `data/gri.yaml`: disclosure code → its official title in each language.
pub(crate) struct GriFile {
    pub path: PathBuf,
    pub disclosures: BTreeMap<String, raw::SLabel>,
}

/// One table file: `data/<section>/<id>.yaml`.
pub(crate) struct TableFile {
    pub section: String,
    pub id: String,
    pub path: PathBuf,
    pub raw: RawTable,
}

/// One `data/<section>/facts.yaml`.
pub(crate) struct FactsFile {
    pub section: String,
    pub path: PathBuf,
    pub facts: BTreeMap<String, Spanned<RawFact>>,
}

/// Where data files are read from: a folder, or files held in memory (a git revision's
/// tree, read by `esep diff` without checking it out), named under `root` in messages
/// (`HEAD~1:data/report.yaml`).
pub(crate) enum DataTree<'a> {
    Dir(&'a Path),
    Memory {
        root: &'a Path,
        /// Paths relative to `root`.
        files: &'a BTreeMap<PathBuf, Vec<u8>>,
    },
}

impl DataTree<'_> {
    fn root(&self) -> &Path {
        match self {
            DataTree::Dir(root) | DataTree::Memory { root, .. } => root,
        }
    }

    fn read(&self, path: &Path) -> Result<String, Diagnostic> {
        match self {
            DataTree::Dir(root) => read_input(root, path),
            DataTree::Memory { root, files } => {
                let rel = path.strip_prefix(root).unwrap_or(path);
                match files.get(rel) {
                    Some(bytes) => file::decode_input(path, bytes),
                    None => Err(Diagnostic::error(
                        Some(Span::file(path)),
                        "cannot read file: not in this revision",
                    )
                    .with_code(Code::FileUnreadable)),
                }
            }
        }
    }

    /// Whether there is anything at `path` (a link too: reading it says what is wrong).
    fn exists(&self, path: &Path) -> bool {
        match self {
            DataTree::Dir(_) => path.symlink_metadata().is_ok(),
            DataTree::Memory { root, files } => {
                files.contains_key(path.strip_prefix(root).unwrap_or(path))
            }
        }
    }

    /// The `.yaml` (and `.yml`) files directly in `dir`, sorted.
    fn yaml_files(&self, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
        match self {
            DataTree::Dir(_) => yaml_files(dir, diags),
            DataTree::Memory { root, files } => {
                let rel = dir.strip_prefix(root).unwrap_or(dir);
                let mut list: Vec<PathBuf> = files
                    .keys()
                    .filter(|p| p.parent() == Some(rel))
                    .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                    .map(|p| root.join(p))
                    .collect();
                list.sort();
                list
            }
        }
    }
}

/// Reads the whole data directory. Returns `None` when a file could not be parsed; every
/// problem found on the way is in `diags`.
pub(crate) fn load(data_dir: &Path, diags: &mut Diagnostics) -> Option<RawProject> {
    load_tree(&DataTree::Dir(data_dir), diags)
}

/// [`load`] from a folder or from memory.
pub(crate) fn load_tree(tree: &DataTree, diags: &mut Diagnostics) -> Option<RawProject> {
    let data_dir = tree.root();
    let report_file = data_dir.join("report.yaml");
    let dimensions_file = data_dir.join("dimensions.yaml");
    let report: Option<RawReport> = parse_file(tree, &report_file, diags);
    let dimensions: Option<BTreeMap<String, Spanned<RawDimension>>> =
        parse_file(tree, &dimensions_file, diags);
    let gri_file = data_dir.join("gri.yaml");
    // Optional: a report that declares no disclosures has no GRI index.
    let gri = match tree.exists(&gri_file) {
        true => Some(GriFile {
            disclosures: parse_file(tree, &gri_file, diags)?,
            path: gri_file,
        }),
        false => None,
    };
    let report = report?;

    let mut table_files = Vec::new();
    let mut facts = Vec::new();
    let mut charts = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for section in &report.sections {
        let id = &section.id.value;
        if !is_identifier(id) || !seen.insert(id) {
            // Reported by the model stage, which knows the span. A section listed twice is
            // read once: reading it again would report each of its tables and facts as
            // defined twice, at the very place of the first definition.
            continue;
        }
        // A section's files are `<id>.md`, `<id>.html`, `<id>.pdf` beside the chapter's own.
        if RESERVED_SECTION_IDS.contains(&id.as_str()) {
            diags.push(
                Diagnostic::error(
                    Some(Span::new(&report_file, section.id.referenced.line(), section.id.referenced.column())),
                    format!("a section cannot be called `{id}`"),
                )
                .with_code(Code::InvalidKey)
                .with_hint("`index`, `chapter` and `reconciliation` name the chapter's own files (index.html, chapter.pdf, reconciliation.md); rename the section and its folder"),
            );
            continue;
        }
        let dir = data_dir.join(id);
        for path in tree.yaml_files(&dir, diags) {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            if stem == "facts" {
                if let Some(f) = parse_file(tree, &path, diags) {
                    facts.push(FactsFile {
                        section: id.clone(),
                        path,
                        facts: f,
                    });
                }
            } else if stem == "charts" {
                if let Some(c) = parse_file(tree, &path, diags) {
                    charts.push(chart::ChartsFile {
                        section: id.clone(),
                        path,
                        charts: c,
                    });
                }
            } else if !is_identifier(&stem) {
                diags.push(
                    Diagnostic::error(
                        Some(Span::file(&path)),
                        format!("`{stem}` is not a valid table id"),
                    )
                    .with_code(Code::InvalidKey)
                    .with_hint("name table files with lowercase letters, digits and `_`, e.g. `staff_by_age.yaml`"),
                );
            } else {
                table_files.push((id.clone(), stem, path));
            }
        }
    }
    let tables = parse_tables(tree, table_files, diags);
    Some(RawProject {
        report_file,
        report,
        dimensions_file,
        dimensions: dimensions?,
        tables,
        facts,
        charts,
        gri,
    })
}

/// Reads and parses the table files (section, id, path) on every core, most of the loading
/// time of a large report; the tables and problems come back in the files' order.
fn parse_tables(
    tree: &DataTree,
    files: Vec<(String, String, PathBuf)>,
    diags: &mut Diagnostics,
) -> Vec<TableFile> {
    use rayon::prelude::*;
    let parsed: Vec<(Option<TableFile>, Diagnostics)> = files
        .into_par_iter()
        .map(|(section, id, path)| {
            let mut d = Diagnostics::default();
            let raw = parse_file(tree, &path, &mut d);
            let table = raw.map(|raw| TableFile {
                section,
                id,
                path,
                raw,
            });
            (table, d)
        })
        .collect();
    let mut tables = Vec::with_capacity(parsed.len());
    for (table, d) in parsed {
        diags.extend(d);
        tables.extend(table);
    }
    tables
}

/// The refusal of a key or id that is not an [identifier](is_identifier), saying the rule
/// exactly (a leading digit is the usual slip: `25_30`).
pub(crate) fn invalid_key(what: &str, key: &str, span: Span) -> Diagnostic {
    let hint = if key.starts_with(|c: char| c.is_ascii_digit()) {
        "a key cannot start with a digit (in a reference such as `count@25_30` it would read as a number); put a letter first, e.g. `age_25_30`"
    } else {
        "keys and ids are written in ASCII: lowercase letters a–z, digits and `_`, starting with a letter"
    };
    Diagnostic::error(
        Some(span),
        format!(
            "{what} `{key}` must start with a lowercase letter and contain only lowercase letters, digits and `_`"
        ),
    )
    .with_code(Code::InvalidKey)
    .with_hint(hint)
}

/// Checks that the input directories exist before anything is read from them. A missing
/// one is a usage problem (exit code 2), most often esep run from another folder: the
/// diagnostic names the option that points elsewhere.
pub(crate) fn input_dirs(dirs: &[(&Path, &str)], diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    for (dir, option) in dirs {
        if dir.is_dir() {
            continue;
        }
        ok = false;
        let why = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        let here = if dir.is_relative() {
            " in the current folder"
        } else {
            ""
        };
        diags.push(
            Diagnostic::error(
                None,
                format!(
                    "the {} directory `{}` {why}{here}",
                    option.trim_start_matches('-'),
                    dir.display()
                ),
            )
            .with_code(Code::InputDirMissing)
            .with_hint(format!(
                "run esep in the report's folder, or name the directory with `{option} DIR`"
            )),
        );
    }
    ok
}

/// A section whose data folder and templates are there but which `sections:` does not list
/// would be left out of the report without a word (an entry deleted by a slip): it is an
/// error. A data folder without templates (shared files that sections link to) is fine.
pub(crate) fn unlisted_sections(
    raw: &RawProject,
    data_dir: &Path,
    templates_dir: &Path,
    diags: &mut Diagnostics,
) {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    let listed: Vec<&str> = raw
        .report
        .sections
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();
    let has_template = |name: &str| {
        std::fs::read_dir(templates_dir).is_ok_and(|mut t| {
            t.any(|e| {
                e.is_ok_and(|e| {
                    e.file_name().to_str().is_some_and(|f| {
                        f.starts_with(&format!("{name}.")) && f.ends_with(".md.tera")
                    })
                })
            })
        })
    };
    let report_file = raw.report_file.as_path();
    let mut unlisted: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|name| !listed.contains(&name.as_str()) && has_template(name))
        .collect();
    unlisted.sort();
    for name in unlisted {
        let suggestion = crate::diag::did_you_mean(&name, listed.iter().copied());
        diags.push(
            Diagnostic::error(
                Some(Span::file(report_file)),
                format!(
                    "`{}` holds a section that `sections:` does not list; it would be left out of the report",
                    data_dir.join(&name).display()
                ),
            )
            .with_code(Code::UnlistedSection)
            .with_hint(match suggestion {
                Some(s) => format!("{s} List each section under `sections:`, or move the folder out of the data directory if the section was dropped on purpose"),
                None => format!("add `- id: {name}` with its title under `sections:`, or move the folder out of the data directory if the section was dropped on purpose"),
            }),
        );
    }
}

/// Section ids that would write over the chapter's own files.
const RESERVED_SECTION_IDS: [&str; 3] = ["index", "chapter", crate::view::APPENDIX_ID];

/// Keys and ids: ASCII lowercase letters, digits and `_`, starting with a letter.
pub(crate) fn is_identifier(s: &str) -> bool {
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
                .with_code(Code::FileUnreadable)
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
    tree: &DataTree,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<T> {
    match tree.read(path) {
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
                .with_code(Code::FileUnreadable)
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
            diags.push(yaml_error::diagnostic(
                path,
                text,
                line,
                column,
                yaml_message(&e),
            ));
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
    // The crate's advice names Rust types; say it in the data's terms.
    if msg.starts_with("cannot deserialize null into") {
        return "a value is required here, but this is `~` (null)".to_owned();
    }
    msg.split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(msg)
        .to_owned()
}
