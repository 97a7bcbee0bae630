//! `esep next-year`: next year's project, written from this year's.
//!
//! In: a project that loads and checks (its model says what every node of its data means).
//! Out: a new directory with `data/` and `templates/`, never over anything: the year
//! advanced, windows of years moved, every figure of the new year left as `~` to fill in,
//! and what belongs to last year's printed book removed ([`roll`] has the rules). The
//! data files are changed node by node in their parsed form ([`tree`], [`edits`]), so the
//! user's comments and layout survive; templates are copied as they are (they name years
//! relatively). The result is loaded again before this returns, so a roll that wrote
//! something the loader refuses is reported, not left for the user to find.

mod edits;
mod roll;
mod tree;

#[cfg(test)]
mod tests;

pub(crate) use roll::Tally;

use crate::diag::{Diagnostic, Diagnostics, IoFailure};
use crate::{Failure, Inputs};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Most files next-year copies from one folder: a project has a few dozen.
const MAX_FILES: usize = 10_000;

/// What next-year wrote.
pub(crate) struct Outcome {
    pub dir: PathBuf,
    pub year: u32,
    pub data_files: usize,
    pub template_files: usize,
    pub tally: Tally,
    /// `esep check` on the new project (figures to fill in are among them).
    pub check: Vec<Diagnostic>,
}

impl Outcome {
    /// What was written and what is left to do, for people (ends with a newline).
    pub(crate) fn summary(&self) -> String {
        let t = &self.tally;
        let to_fill: Vec<&Diagnostic> = self
            .check
            .iter()
            .filter(|d| d.kind == crate::diag::Code::ToFill)
            .collect();
        let to_fill = crate::check::to_fill_words(&to_fill);
        let mut s = format!(
            "wrote the {} project into {} ({} data files, {} templates)\n",
            self.year,
            self.dir.display(),
            self.data_files,
            self.template_files
        );
        s += &format!("  to fill in: {to_fill} (`esep check` lists them file by file)\n");
        s += &format!("  carried over: {} figures of past years", t.carried);
        if t.kept > 0 {
            s += &format!(", {} facts marked `next_year: keep`", t.kept);
        }
        s += "\n";
        if !t.removed.is_empty() {
            let list: Vec<String> = t.removed.iter().map(|(k, n)| format!("{n} {k}")).collect();
            s += &format!("  removed as last year's print: {}\n", list.join(", "));
        }
        if t.conflict_notes > 0 {
            s += &format!(
                "  declared conflicts: {} now `note: ~`, to write again if the figures disagree\n",
                match t.conflict_notes {
                    1 => "1 reader note is".to_owned(),
                    n => format!("{n} reader notes are"),
                }
            );
        }
        for r in &t.review {
            s += &format!("  review: {r}\n");
        }
        s += &format!(
            "  review: the templates' prose about {}'s events (copied as they were)\n",
            self.year - 1
        );
        s
    }
}

/// Why next-year wrote nothing.
pub(crate) enum Refusal {
    /// This year's project does not check clean (errors, figures still to fill in).
    Source(Vec<Diagnostic>),
    /// The project it would write does not check (beyond its figures to fill in): a
    /// reference the roll cannot move, such as a literal year that leaves the window.
    Result {
        year: u32,
        diags: Vec<Diagnostic>,
    },
    /// A file next-year cannot change node by node (an alias, a row of the wrong shape).
    Roll(Vec<Diagnostic>),
    Io(IoFailure),
}

impl From<Failure> for Refusal {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Data(d, _) => Refusal::Source(d),
            Failure::Io(e) => Refusal::Io(e),
        }
    }
}

/// Writes next year's project into `dir` (default: `chapter-<year>` here). Nothing is
/// left written unless the new project checks, apart from its figures to fill in.
pub(crate) fn next_year(inputs: &Inputs, dir: Option<&Path>) -> Result<Outcome, Refusal> {
    // The source must be a finished year: its errors would travel into the new one, and
    // an unfilled `~` could not be told from the new year's.
    let source = crate::check(inputs, false);
    if source
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error)
    {
        return Err(Refusal::Source(source));
    }
    let mut diags = Diagnostics::default();
    let analysis = match crate::analyse(inputs, &mut diags) {
        Some(a) if !diags.has_errors() => a,
        _ => return Err(Refusal::Source(diags.sorted())),
    };
    let report = &analysis.report;
    let year = report.year;
    let dir = dir.map_or_else(
        || PathBuf::from(format!("chapter-{}", year + 1)),
        Path::to_path_buf,
    );
    refuse_inputs(inputs, &dir)?;

    let mut tally = Tally::default();
    let mut files = Vec::new();
    let (data, empty_data) = list(&inputs.data)?;
    for rel in &data {
        let path = inputs.data.join(rel);
        let bytes = roll_file(report, &inputs.data, &path, rel, &mut tally)?;
        files.push((format!("data/{}", rel.display()), bytes));
    }
    let (templates, empty_templates) = list(&inputs.templates)?;
    for rel in &templates {
        let bytes = read_bytes(&inputs.templates, &inputs.templates.join(rel))?;
        files.push((format!("templates/{}", rel.display()), bytes));
    }
    // An empty folder is written as its path with a final `/`.
    for (top, rel) in empty_data
        .iter()
        .map(|r| ("data", r))
        .chain(empty_templates.iter().map(|r| ("templates", r)))
    {
        files.push((format!("{top}/{}/", rel.display()), Vec::new()));
    }
    let io = |e| {
        Refusal::Io(IoFailure::Path {
            path: dir.clone(),
            source: e,
        })
    };
    let written = crate::files::write_new_project(&dir, &files).map_err(io)?;
    let new = Inputs {
        data: dir.join("data"),
        templates: dir.join("templates"),
    };
    let check = crate::check(&new, false);
    let broken = |d: &&Diagnostic| {
        d.severity == crate::diag::Severity::Error && d.kind != crate::diag::Code::ToFill
    };
    if check.iter().any(|d| broken(&d)) {
        crate::files::unmake(&written);
        let diags = check.iter().filter(broken).cloned().collect();
        return Err(Refusal::Result {
            year: year + 1,
            diags,
        });
    }
    Ok(Outcome {
        check,
        dir,
        year: year + 1,
        data_files: data.len(),
        template_files: templates.len(),
        tally,
    })
}

/// What a data file is to the roll.
enum Role<'m> {
    Report,
    Facts(&'m str),
    Table(&'m crate::model::Table),
}

/// The role of `data/<rel>` in this year's model; `None` for a file the loader does not
/// read as a fact or table file (`dimensions.yaml`, a folder the report does not list, a
/// file of notes): such files are copied byte for byte.
fn role<'m>(report: &'m crate::model::Report, rel: &Path) -> Option<Role<'m>> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let stem = |name: &str| {
        let name = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"));
        name.unwrap_or_default().to_owned()
    };
    let section = |id: &str| report.sections.iter().find(|s| s.id == id);
    match parts.as_slice() {
        ["report.yaml"] => Some(Role::Report),
        [id, name] if section(id).is_some() && stem(name) == "facts" => {
            section(id).map(|s| Role::Facts(s.id.as_str()))
        }
        [id, name] => report
            .tables
            .iter()
            .find(|t| t.id == stem(name) && t.section == *id)
            .map(Role::Table),
        _ => None,
    }
}

/// One file of `data/`, as next year's: rolled node by node if the model reads it,
/// otherwise copied. Line ends (`\r\n`) and a byte-order mark are kept as they were.
fn roll_file(
    report: &crate::model::Report,
    root: &Path,
    path: &Path,
    rel: &Path,
    tally: &mut Tally,
) -> Result<Vec<u8>, Refusal> {
    let Some(role) = role(report, rel) else {
        return read_bytes(root, path);
    };
    let bytes = read_bytes(root, path)?;
    let text = crate::source::read_input(root, path).map_err(one)?;
    let fail = |t: tree::Trouble| {
        let at = crate::diag::Span::new(path, t.line as u64, t.column as u64);
        one(Diagnostic::error(
            Some(at),
            format!("next-year cannot roll this file: {}", t.message),
        ))
    };
    let tree = tree::parse(&text).map_err(fail)?;
    let mut e = edits::Edits::new(&text);
    let shown = format!("data/{}", rel.display());
    match role {
        Role::Report => roll::report(&tree, &mut e, report.year).map_err(fail)?,
        Role::Facts(section) => {
            let facts: BTreeMap<&str, &crate::model::Fact> = report
                .facts
                .iter()
                .filter(|f| f.section == section)
                .map(|f| (f.id.as_str(), f))
                .collect();
            roll::facts(&tree, &mut e, &facts, &shown, tally).map_err(fail)?;
        }
        Role::Table(table) => {
            roll::table(&tree, &mut e, table, report.year, &shown, tally).map_err(fail)?
        }
    }
    let rolled = e.apply().map_err(|m| fail(m.into()))?;
    Ok(as_written(&bytes, rolled))
}

/// `text` with the line ends and byte-order mark of `original`, the file it came from.
fn as_written(original: &[u8], text: String) -> Vec<u8> {
    let crlf = original.windows(2).any(|w| w == b"\r\n");
    let text = match crlf {
        true => text.replace('\n', "\r\n"),
        false => text,
    };
    let bom: &[u8] = match original.starts_with(b"\xEF\xBB\xBF") {
        true => b"\xEF\xBB\xBF",
        false => b"",
    };
    [bom, text.as_bytes()].concat()
}

fn one(d: Diagnostic) -> Refusal {
    Refusal::Roll(vec![d])
}

fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Refusal> {
    crate::source::read_input_bytes(root, path).map_err(one)
}

/// Neither new folder may lie in, on or around this project's inputs.
fn refuse_inputs(inputs: &Inputs, dir: &Path) -> Result<(), Refusal> {
    let resolve = |p: &Path| {
        crate::output::resolve(p).map_err(|e| {
            Refusal::Io(IoFailure::Path {
                path: p.to_path_buf(),
                source: e,
            })
        })
    };
    for new in [dir.join("data"), dir.join("templates")] {
        let target = resolve(&new)?;
        for input in [&inputs.data, &inputs.templates] {
            if crate::output::overlaps(&target, &resolve(input)?) {
                return Err(Refusal::Io(IoFailure::ProjectOverInputs {
                    new,
                    input: input.clone(),
                }));
            }
        }
    }
    Ok(())
}

/// Every regular file under `root`, relative and sorted, then every empty folder (a
/// section's folder may hold nothing yet, and the loader wants it). A link or a special
/// file is refused at its place, as the loader would.
fn list(root: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Refusal> {
    let mut out = Vec::new();
    let mut empty = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let mut entries = 0;
        let io = |e: std::io::Error| {
            Refusal::Io(IoFailure::Path {
                path: root.join(&rel),
                source: e,
            })
        };
        for entry in std::fs::read_dir(root.join(&rel)).map_err(io)? {
            let entry = entry.map_err(io)?;
            entries += 1;
            let child = rel.join(entry.file_name());
            let kind = entry.file_type().map_err(io)?;
            if kind.is_dir() {
                stack.push(child);
            } else if kind.is_file() {
                out.push(child);
            } else {
                let what = crate::files::kind(&kind);
                return Err(one(Diagnostic::error(
                    Some(crate::diag::Span::file(&root.join(&child))),
                    format!("this is a {what}; next-year copies folders and regular files only"),
                )
                .with_hint("put the file itself here, or remove it")));
            }
            if out.len() + stack.len() > MAX_FILES {
                return Err(one(Diagnostic::error(
                    Some(crate::diag::Span::file(root)),
                    format!("more than {MAX_FILES} files; a report's project has a few dozen"),
                )));
            }
        }
        if entries == 0 && !rel.as_os_str().is_empty() {
            empty.push(rel);
        }
    }
    out.sort();
    empty.sort();
    Ok((out, empty))
}
