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
        let to_fill = self
            .check
            .iter()
            .filter(|d| d.kind == crate::diag::Code::ToFill)
            .count();
        let mut s = format!(
            "wrote the {} project into {} ({} data files, {} templates)\n",
            self.year,
            self.dir.display(),
            self.data_files,
            self.template_files
        );
        s += &format!("  to fill in: {to_fill} figures (`esep check` lists them file by file)\n");
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
                "  declared conflicts: {} reader notes are now `note: ~`, to write again if the figures disagree\n",
                t.conflict_notes
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

/// Writes next year's project into `dir` (default: `chapter-<year>` here).
pub(crate) fn next_year(inputs: &Inputs, dir: Option<&Path>) -> Result<Outcome, Failure> {
    let mut diags = Diagnostics::default();
    let analysis = crate::analyse(inputs, &mut diags);
    let analysis = match analysis {
        Some(a) if !diags.has_errors() => a,
        _ => return Err(Failure::Data(diags.sorted(), Vec::new())),
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
    let data = list(&inputs.data)?;
    for rel in &data {
        let path = inputs.data.join(rel);
        let bytes = match rel.extension().is_some_and(|e| e == "yaml") {
            true => roll_file(report, &inputs.data, &path, rel, &mut tally)?.into_bytes(),
            false => read_bytes(&inputs.data, &path)?,
        };
        files.push((format!("data/{}", rel.display()), bytes));
    }
    let templates = list(&inputs.templates)?;
    for rel in &templates {
        let bytes = read_bytes(&inputs.templates, &inputs.templates.join(rel))?;
        files.push((format!("templates/{}", rel.display()), bytes));
    }
    crate::files::write_new_project(&dir, &files).map_err(|e| {
        Failure::Io(IoFailure::Path {
            path: dir.clone(),
            source: e,
        })
    })?;
    let new = Inputs {
        data: dir.join("data"),
        templates: dir.join("templates"),
    };
    Ok(Outcome {
        check: crate::check(&new, false),
        dir,
        year: year + 1,
        data_files: data.len(),
        template_files: templates.len(),
        tally,
    })
}

/// One YAML file of `data/`, as next year's.
fn roll_file(
    report: &crate::model::Report,
    root: &Path,
    path: &Path,
    rel: &Path,
    tally: &mut Tally,
) -> Result<String, Failure> {
    let text = crate::source::read_input(root, path).map_err(one)?;
    let fail = |e: String| {
        one(Diagnostic::error(
            Some(crate::diag::Span::file(path)),
            format!("next-year cannot roll this file: {e}"),
        ))
    };
    let tree = tree::parse(&text).map_err(fail)?;
    let mut e = edits::Edits::new(&text);
    let shown = format!("data/{}", rel.display());
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["report.yaml"] => roll::report(&tree, &mut e, report.year).map_err(fail)?,
        [section, "facts.yaml"] => {
            let facts: BTreeMap<&str, &crate::model::Fact> = report
                .facts
                .iter()
                .filter(|f| f.section == *section)
                .map(|f| (f.id.as_str(), f))
                .collect();
            roll::facts(&tree, &mut e, &facts, tally).map_err(fail)?;
        }
        [section, name] => {
            let id = name.trim_end_matches(".yaml");
            if let Some(table) = report
                .tables
                .iter()
                .find(|t| t.id == id && t.section == *section)
            {
                roll::table(&tree, &mut e, table, report.year, &shown, tally).map_err(fail)?;
            }
        }
        _ => {}
    }
    e.apply().map_err(fail)
}

fn one(d: Diagnostic) -> Failure {
    Failure::Data(vec![d], Vec::new())
}

fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Failure> {
    crate::source::read_input_bytes(root, path).map_err(one)
}

/// Neither new folder may lie in, on or around this project's inputs.
fn refuse_inputs(inputs: &Inputs, dir: &Path) -> Result<(), Failure> {
    let resolve = |p: &Path| {
        crate::output::resolve(p).map_err(|e| {
            Failure::Io(IoFailure::Path {
                path: p.to_path_buf(),
                source: e,
            })
        })
    };
    for new in [dir.join("data"), dir.join("templates")] {
        let target = resolve(&new)?;
        for input in [&inputs.data, &inputs.templates] {
            if crate::output::overlaps(&target, &resolve(input)?) {
                return Err(Failure::Io(IoFailure::OutputOverInputs {
                    out: new,
                    input: input.clone(),
                }));
            }
        }
    }
    Ok(())
}

/// Every regular file under `root`, relative and sorted. A link or a special file is
/// refused at its place, as the loader would.
fn list(root: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let io = |e: std::io::Error| {
            Failure::Io(IoFailure::Path {
                path: root.join(&rel),
                source: e,
            })
        };
        for entry in std::fs::read_dir(root.join(&rel)).map_err(io)? {
            let entry = entry.map_err(io)?;
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
    }
    out.sort();
    Ok(out)
}
