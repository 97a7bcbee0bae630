//! `esep diff OLD NEW`: which reported figures changed between two versions of the data,
//! and by how much.
//!
//! In: two data folders, or git revisions read into memory ([`git`]). Each is loaded,
//! modelled, computed and checked as a build would; then the two models are compared
//! place by place (section, table, row and column keys; fact ids), never line by line, so
//! a moved row or a reformatted file is no change and a total that moved with its parts
//! is one. Out: [`Changes`], formatted in one language by `locale` (old → new as printed,
//! the difference and the relative change), which [`show`] writes as text, Markdown or
//! JSON.

mod git;
mod show;

pub(crate) use show::{Style, render};

use crate::Analysis;
use crate::check::Findings;
use crate::compute::{Value, fact_figures};
use crate::diag::Diagnostic;
use crate::lang::{Label, Lang};
use crate::locale::NumberStyle;
use crate::model::{Format, Report};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One side of the comparison: what it was read from, and its analysis.
pub(crate) struct Side {
    /// As the user named it: `HEAD~1`, `data`, `../2023/data`.
    pub name: String,
    pub analysis: Analysis,
}

/// Why a side could not be read.
pub(crate) enum SideError {
    /// Its data does not load or check: the diagnostics, and which side.
    Data(String, Vec<Diagnostic>),
    /// Neither a data folder nor a revision, or git failed.
    Other(String),
}

/// Reads `spec` — a data folder, a project folder holding `data/`, or a git revision (of
/// the repository around `data`) — or, without one, the data folder `data` itself.
pub(crate) fn open(spec: Option<&str>, data: &Path) -> Result<Side, SideError> {
    let mut diags = crate::diag::Diagnostics::default();
    let (name, analysis) = match spec.map(|s| (s, folder(Path::new(s)))) {
        None => (data.display().to_string(), analyse_dir(data, &mut diags)),
        Some((s, Some(dir))) => (s.to_owned(), analyse_dir(&dir, &mut diags)),
        Some((rev, None)) => {
            let files = git::read_tree(rev, data).map_err(SideError::Other)?;
            let root = PathBuf::from(format!("{rev}:{}", data.display()));
            let tree = crate::source::DataTree::Memory {
                root: &root,
                files: &files,
            };
            (rev.to_owned(), crate::analyse_tree(&tree, &mut diags))
        }
    };
    match analysis {
        Some(a) if !diags.has_errors() => Ok(Side { name, analysis: a }),
        _ => Err(SideError::Data(name, diags.sorted())),
    }
}

/// The data folder `path` names: itself if it holds `report.yaml`, or its `data/`.
fn folder(path: &Path) -> Option<PathBuf> {
    if path.join("report.yaml").is_file() {
        Some(path.to_path_buf())
    } else if path.join("data/report.yaml").is_file() {
        Some(path.join("data"))
    } else {
        None
    }
}

fn analyse_dir(dir: &Path, diags: &mut crate::diag::Diagnostics) -> Option<Analysis> {
    crate::analyse_tree(&crate::source::DataTree::Dir(dir), diags)
}

/// Everything that differs, in one language.
pub(crate) struct Changes {
    pub old: String,
    pub new: String,
    pub lang: Lang,
    /// Raw inputs that changed, then derived figures that moved, each by section and table.
    pub raw: Vec<Group>,
    pub derived: Vec<Group>,
    pub structure: Vec<Structure>,
    pub labels: Vec<LabelChange>,
    /// Reconciliation findings gone (`false`) or new (`true`): kind and message.
    pub findings: Vec<(bool, String, String)>,
    /// Notes of the new version that still quote a figure as the old version printed it.
    pub stale: Vec<Stale>,
}

/// A note that quotes an old figure: which file, which note, which figure.
pub(crate) struct Stale {
    pub file: String,
    /// `maintainer note`, `note`, `assumed`, …
    pub note: &'static str,
    pub figure: String,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.raw.is_empty()
            && self.derived.is_empty()
            && self.structure.is_empty()
            && self.labels.is_empty()
            && self.findings.is_empty()
            && self.stale.is_empty()
    }

    pub(crate) fn figure_count(groups: &[Group]) -> usize {
        groups.iter().map(|g| g.figures.len()).sum()
    }
}

/// The changed figures of one table, or of one section's facts (`table: None`).
pub(crate) struct Group {
    pub section: Named,
    pub table: Option<Named>,
    pub figures: Vec<FigureChange>,
}

/// A key and its label in the chosen language.
#[derive(Clone)]
pub(crate) struct Named {
    pub key: String,
    pub label: String,
}

pub(crate) struct FigureChange {
    /// The row, or the fact.
    pub row: Named,
    /// The column (none for a fact).
    pub column: Option<Named>,
    pub old: Shown,
    pub new: Shown,
    /// `+10`, `−1,2 п. п.`; none when either side is not a number.
    pub change: Option<String>,
    /// `+2,2 %`; none for percents, from zero, or without numbers.
    pub relative: Option<String>,
}

/// A figure as printed, and its exact value (`None`: blank, undefined or to fill in).
pub(crate) struct Shown {
    pub text: String,
    pub exact: Option<rust_decimal::Decimal>,
}

/// A section, table, row, column or fact that one side has and the other has not.
pub(crate) struct Structure {
    pub added: bool,
    /// `section`, `table`, `row`, `column`, `fact`.
    pub what: &'static str,
    /// Where: `staff_structure/staff_by_gender`, with the key last.
    pub path: String,
    pub label: String,
}

/// A label that reads differently, in either language.
pub(crate) struct LabelChange {
    /// Where: `staff_structure/staff_by_gender`, `…/row akmola_mes`.
    pub place: String,
    pub lang: Lang,
    pub old: String,
    pub new: String,
}

/// Compares `old` with `new`, figures shown in `lang`.
pub(crate) fn compare(old: &Side, new: &Side, lang: Lang) -> Changes {
    let (a, b) = (&old.analysis, &new.analysis);
    let mut changes = Changes {
        old: old.name.clone(),
        new: new.name.clone(),
        lang,
        raw: Vec::new(),
        derived: Vec::new(),
        structure: Vec::new(),
        labels: Vec::new(),
        findings: findings(&a.findings, &b.findings),
        stale: Vec::new(),
    };
    let styles = (
        NumberStyle::for_report(&a.report, lang),
        NumberStyle::for_report(&b.report, lang),
    );
    label(
        &mut changes.labels,
        "report title",
        &a.report.title,
        &b.report.title,
    );
    sections(&a.report, &b.report, &mut changes);
    for (ta, tb) in common_tables(&a.report, &b.report) {
        tables(a, b, ta, tb, &styles, &mut changes);
    }
    facts(a, b, &styles, &mut changes);
    changes.stale = stale_notes(&changes, &b.report);
    changes
}

/// The notes of `report` (for readers or for maintainers) that quote, in either form of
/// its digits, a figure as it printed before it changed: they likely explain the old
/// figure.
fn stale_notes(changes: &Changes, report: &Report) -> Vec<Stale> {
    let old: BTreeSet<String> = changes
        .raw
        .iter()
        .chain(&changes.derived)
        .flat_map(|g| &g.figures)
        .map(|f| plain(&f.old.text))
        .filter(|t| t.chars().filter(char::is_ascii_digit).count() >= 2)
        .collect();
    let mut notes: Vec<(String, &'static str, &Label)> = Vec::new();
    for t in &report.tables {
        let file = t.file.display().to_string();
        notes.extend(t.notes.iter().map(|n| (file.clone(), "note", n)));
        notes.extend(
            t.maintainer_notes
                .iter()
                .map(|n| (file.clone(), "maintainer note", n)),
        );
        notes.extend(
            t.checks
                .iter()
                .filter_map(|c| c.note.as_ref())
                .map(|n| (file.clone(), "conflict note", n)),
        );
        notes.extend(
            t.unverifiable
                .iter()
                .map(|n| (file.clone(), "unverifiable", n)),
        );
    }
    for f in &report.facts {
        let file = f.span.file.display().to_string();
        notes.extend(
            f.maintainer_note
                .iter()
                .map(|n| (file.clone(), "maintainer note", n)),
        );
        notes.extend(f.assumed.iter().map(|n| (file.clone(), "assumed", n)));
        notes.extend(
            f.unverifiable
                .iter()
                .map(|n| (file.clone(), "unverifiable", n)),
        );
    }
    let mut out = Vec::new();
    for (file, note, label) in notes {
        for figure in &old {
            if Lang::ALL
                .iter()
                .any(|l| quotes(&plain(label.get(*l)), figure))
            {
                out.push(Stale {
                    file: file.clone(),
                    note,
                    figure: figure.clone(),
                });
            }
        }
    }
    out
}

/// Digits grouped with ordinary spaces, without a percent sign: how people type figures.
fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .trim_end_matches(['%', ' '])
        .to_owned()
}

/// Whether `text` holds `figure` as a whole number (not inside a longer one).
fn quotes(text: &str, figure: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == ',');
    text.match_indices(figure).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + figure.len()..].chars().next();
        // `345 678` inside `12 345 678`: a group of three after a digit and a space
        // continues the number before it.
        let head = figure.split(' ').next().unwrap_or(figure);
        let grouped_before = head.len() == 3
            && text[..at].ends_with(' ')
            && text[..at]
                .trim_end_matches(' ')
                .ends_with(|c: char| c.is_ascii_digit());
        !part(before) && !part(after) && !grouped_before
    })
}

fn sections(a: &Report, b: &Report, changes: &mut Changes) {
    let lang = changes.lang;
    for s in &b.sections {
        match a.sections.iter().find(|o| o.id == s.id) {
            Some(o) => label(
                &mut changes.labels,
                &format!("section {}", s.id),
                &o.title,
                &s.title,
            ),
            None => {
                changes
                    .structure
                    .push(structure(true, "section", s.id.clone(), s.title.get(lang)))
            }
        }
    }
    for s in a
        .sections
        .iter()
        .filter(|s| !b.sections.iter().any(|n| n.id == s.id))
    {
        changes
            .structure
            .push(structure(false, "section", s.id.clone(), s.title.get(lang)));
    }
    for (r, added) in [(b, true), (a, false)] {
        let other = if added { a } else { b };
        for t in &r.tables {
            if other.table(&t.id).is_none_or(|o| o.section != t.section) {
                let path = format!("{}/{}", t.section, t.id);
                changes
                    .structure
                    .push(structure(added, "table", path, t.title.get(lang)));
            }
        }
    }
}

/// Pairs of table indexes (old, new) of the tables both sides have, in the new order.
fn common_tables(a: &Report, b: &Report) -> Vec<(usize, usize)> {
    b.tables
        .iter()
        .enumerate()
        .filter_map(|(tb, t)| {
            let ta = a
                .tables
                .iter()
                .position(|o| o.id == t.id && o.section == t.section)?;
            Some((ta, tb))
        })
        .collect()
}

/// One table's labels, rows, columns and figures.
fn tables(
    a: &Analysis,
    b: &Analysis,
    ta: usize,
    tb: usize,
    styles: &(NumberStyle, NumberStyle),
    changes: &mut Changes,
) {
    let lang = changes.lang;
    let (old, new) = (&a.report.tables[ta], &b.report.tables[tb]);
    let at = format!("{}/{}", new.section, new.id);
    label(
        &mut changes.labels,
        &format!("{at} title"),
        &old.title,
        &new.title,
    );
    label(
        &mut changes.labels,
        &format!("{at} stub"),
        &old.stub,
        &new.stub,
    );
    table_structure(old, new, &at, changes);
    let mut raw = Vec::new();
    let mut derived = Vec::new();
    for (rb, row) in new.rows.iter().enumerate() {
        let Some(ra) = old.rows.iter().position(|o| o.key == row.key) else {
            continue;
        };
        let place = format!("{at}/{} label", row.key);
        label(&mut changes.labels, &place, &old.rows[ra].label, &row.label);
        for (cb, col) in new.columns.iter().enumerate() {
            let Some(ca) = old.columns.iter().position(|o| o.key == col.key) else {
                continue;
            };
            if rb == 0 {
                let place = format!("{at}/{} label", col.key);
                let (lo, ln) = (column_label(old, ca), column_label(new, cb));
                label(&mut changes.labels, &place, &lo, &ln);
            }
            let (o, n) = (
                cell_shown(a, ta, ra, ca, &styles.0),
                cell_shown(b, tb, rb, cb, &styles.1),
            );
            let is_raw = row.raw.get(cb).is_some_and(Option::is_some);
            let at = Figure {
                row: named(&row.key, &row.label, lang),
                column: Some(named(&col.key, &column_label(new, cb), lang)),
                precision: row.precision.unwrap_or(col.precision),
                format: col.format,
            };
            if let Some(change) = figure_change(at, o, n, is_raw, &styles.1) {
                match is_raw {
                    true => raw.push(change),
                    false => derived.push(change),
                }
            }
        }
    }
    let section = section_named(&b.report, &new.section, lang);
    let table = named(&new.id, &new.title, lang);
    for (list, figures) in [(&mut changes.raw, raw), (&mut changes.derived, derived)] {
        if !figures.is_empty() {
            list.push(Group {
                section: section.clone(),
                table: Some(table.clone()),
                figures,
            });
        }
    }
}

/// Rows and columns one version of a table has and the other has not.
fn table_structure(
    old: &crate::model::Table,
    new: &crate::model::Table,
    at: &str,
    changes: &mut Changes,
) {
    let lang = changes.lang;
    for (added, from, to) in [(true, new, old), (false, old, new)] {
        for row in from
            .rows
            .iter()
            .filter(|r| !to.rows.iter().any(|o| o.key == r.key))
        {
            let path = format!("{at}/{}", row.key);
            changes
                .structure
                .push(structure(added, "row", path, row.label.get(lang)));
        }
        for (c, col) in from.columns.iter().enumerate() {
            if !to.columns.iter().any(|o| o.key == col.key) {
                let path = format!("{at}/{}", col.key);
                let label = column_label(from, c);
                changes
                    .structure
                    .push(structure(added, "column", path, label.get(lang)));
            }
        }
    }
}

/// Cell `r`, `c` of table `t` as printed in `style` and as computed.
fn cell_shown(an: &Analysis, t: usize, r: usize, c: usize, style: &NumberStyle) -> Shown {
    let text = crate::view::cell_text(&an.report.tables[t], &an.computed, t, r, c, style);
    shown(an.computed.figure(t, r, c), text)
}

/// Facts by id: added, removed, relabelled, changed; grouped by the new side's sections.
fn facts(a: &Analysis, b: &Analysis, styles: &(NumberStyle, NumberStyle), changes: &mut Changes) {
    let lang = changes.lang;
    let (fa, fb) = (
        fact_figures(&a.report, &a.computed),
        fact_figures(&b.report, &b.computed),
    );
    let fact_label = |f: &crate::model::Fact| {
        f.label
            .clone()
            .unwrap_or_else(|| Label::new(f.id.clone(), f.id.clone()))
    };
    for (added, from, to) in [(true, &b.report, &a.report), (false, &a.report, &b.report)] {
        for f in from
            .facts
            .iter()
            .filter(|f| !to.facts.iter().any(|o| o.id == f.id))
        {
            let path = format!("{}/{}", f.section, f.id);
            changes
                .structure
                .push(structure(added, "fact", path, fact_label(f).get(lang)));
        }
    }
    let mut by_section: BTreeMap<&str, (Vec<FigureChange>, Vec<FigureChange>)> = BTreeMap::new();
    for (ib, fact) in b.report.facts.iter().enumerate() {
        let Some(ia) = a.report.facts.iter().position(|o| o.id == fact.id) else {
            continue;
        };
        let old = &a.report.facts[ia];
        if let (Some(lo), Some(ln)) = (&old.label, &fact.label) {
            label(
                &mut changes.labels,
                &format!("{}/{} label", fact.section, fact.id),
                lo,
                ln,
            );
        }
        let text = |st: &NumberStyle, v: Value, f: &crate::model::Fact| {
            st.value(v, f.precision, f.format, None)
        };
        let o = shown(fa[ia], text(&styles.0, fa[ia], old));
        let n = shown(fb[ib], text(&styles.1, fb[ib], fact));
        let is_raw = fact.rule.is_none();
        let at = Figure {
            row: named(&fact.id, &fact_label(fact), lang),
            column: None,
            precision: fact.precision,
            format: fact.format,
        };
        if let Some(change) = figure_change(at, o, n, is_raw, &styles.1) {
            let entry = by_section.entry(fact.section.as_str()).or_default();
            match is_raw {
                true => entry.0.push(change),
                false => entry.1.push(change),
            }
        }
    }
    // In the order of the sections, after the tables of each (groups are sorted below).
    for s in &b.report.sections {
        let Some((raw, derived)) = by_section.remove(s.id.as_str()) else {
            continue;
        };
        for (list, figures) in [(&mut changes.raw, raw), (&mut changes.derived, derived)] {
            if !figures.is_empty() {
                list.push(Group {
                    section: named(&s.id, &s.title, lang),
                    table: None,
                    figures,
                });
            }
        }
    }
    let order = |g: &Group| b.report.sections.iter().position(|s| s.id == g.section.key);
    changes.raw.sort_by_key(order);
    changes.derived.sort_by_key(order);
}

/// Where a figure stands and how it prints: a row (or fact) and column, its precision
/// and format.
struct Figure {
    row: Named,
    column: Option<Named>,
    precision: u32,
    format: Format,
}

/// The change of the figure at `at` between two printings, if the reader would see one
/// (or, for a raw input, if its exact value changed at all).
fn figure_change(
    at: Figure,
    old: Shown,
    new: Shown,
    is_raw: bool,
    style: &NumberStyle,
) -> Option<FigureChange> {
    let moved = old.text != new.text || (is_raw && old.exact != new.exact);
    if !moved {
        return None;
    }
    let (change, relative) = match (old.exact, new.exact) {
        (Some(o), Some(n)) => {
            let (c, r) = style.change(o, n, at.precision, at.format);
            (Some(c), r)
        }
        _ => (None, None),
    };
    Some(FigureChange {
        row: at.row,
        column: at.column,
        old,
        new,
        change,
        relative,
    })
}

fn shown(value: Value, text: String) -> Shown {
    Shown {
        text,
        exact: value.num(),
    }
}

fn named(key: &str, label: &Label, lang: Lang) -> Named {
    Named {
        key: key.to_owned(),
        label: label.get(lang).to_owned(),
    }
}

fn section_named(report: &Report, id: &str, lang: Lang) -> Named {
    match report.sections.iter().find(|s| s.id == id) {
        Some(s) => named(&s.id, &s.title, lang),
        None => Named {
            key: id.to_owned(),
            label: id.to_owned(),
        },
    }
}

/// A column's label as a reader finds it: its spanners and its own label, `Мужчины / чел.`.
fn column_label(table: &crate::model::Table, c: usize) -> Label {
    let path = &table.columns[c].label_path;
    let join = |lang: Lang| {
        path.iter()
            .map(|l| l.get(lang))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    Label::new(join(Lang::Kk), join(Lang::Ru))
}

fn structure(added: bool, what: &'static str, path: String, label: &str) -> Structure {
    Structure {
        added,
        what,
        path,
        label: label.to_owned(),
    }
}

/// Each language of a label that reads differently.
fn label(out: &mut Vec<LabelChange>, place: &str, old: &Label, new: &Label) {
    for lang in Lang::ALL {
        if old.get(lang) != new.get(lang) {
            out.push(LabelChange {
                place: place.to_owned(),
                lang,
                old: old.get(lang).to_owned(),
                new: new.get(lang).to_owned(),
            });
        }
    }
}

/// Findings of the reconciliation that one side has and the other has not.
fn findings(a: &Findings, b: &Findings) -> Vec<(bool, String, String)> {
    let set = |f: &Findings| -> BTreeSet<(String, String)> {
        f.list
            .iter()
            .map(|x| (x.kind.title().to_owned(), x.message.clone()))
            .collect()
    };
    let (sa, sb) = (set(a), set(b));
    let gone = sa
        .difference(&sb)
        .map(|(k, m)| (false, k.clone(), m.clone()));
    let new = sb
        .difference(&sa)
        .map(|(k, m)| (true, k.clone(), m.clone()));
    gone.chain(new).collect()
}

#[cfg(test)]
mod tests;
