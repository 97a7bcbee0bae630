//! The floor a Markdown path could reach, for `bench/run.sh`: reads a project written by
//! `esep workload` (its YAML tables, dimensions and `.md.tera` templates), derives each
//! table's total and shares with `rust_decimal` (half-up, the column's precision) and writes
//! one Markdown file per section and language, in esep's layout. No checks, no diagnostics,
//! no other format: only the work every Markdown generator of these tables has to do.
//!
//! It understands exactly the shapes the workload uses (leaf, `group` and `each` columns;
//! `derive: { sum: ["*.<key>"] }` and `derive: { share: <key>, of: <key> }`) and stops on
//! anything else.
//!
//! ```text
//! cargo build --release --example minimal_md
//! target/release/examples/minimal_md PROJECT_DIR OUT_DIR
//! ```

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// A text in each language, by language code.
type Text = BTreeMap<String, String>;

#[derive(Deserialize)]
struct Report {
    languages: Vec<String>,
    sections: Vec<Section>,
}

#[derive(Deserialize)]
struct Section {
    id: String,
    title: Text,
}

#[derive(Deserialize)]
struct Dimension {
    members: Vec<Member>,
}

#[derive(Deserialize)]
struct Member {
    key: String,
    label: Text,
}

#[derive(Deserialize)]
struct TableSource {
    title: Text,
    stub: Text,
    rows: Vec<String>,
    total_row: TotalRow,
    columns: Vec<ColumnSource>,
    /// The workload's figures are counts (rust_decimal is built here without serde).
    values: BTreeMap<String, Vec<u64>>,
}

#[derive(Deserialize)]
struct TotalRow {
    label: Text,
}

/// One entry of `columns:`: a leaf (`key`), a `group` or an `each` over a dimension.
#[derive(Deserialize)]
struct ColumnSource {
    key: Option<String>,
    label: Option<Text>,
    group: Option<Text>,
    each: Option<String>,
    columns: Option<Vec<ColumnSource>>,
    derive: Option<Derive>,
    precision: Option<u32>,
}

#[derive(Deserialize)]
struct Derive {
    sum: Option<Vec<String>>,
    share: Option<String>,
    of: Option<String>,
}

/// A printed column: its heading parts (one text each) and how its figure is found.
struct Column {
    heading: Vec<Text>,
    key: String,
    how: How,
    precision: u32,
}

enum How {
    /// The `n`th value of each row in the YAML.
    Raw(usize),
    /// The sum of every column whose key ends in `.<key>` (resolved to `Sum` once the
    /// tree is flat: the columns it sums are declared after it).
    SumOf(String),
    /// The sum of these columns.
    Sum(Vec<usize>),
    /// Column `part` × 100 / column `whole`.
    Share { part: usize, whole: usize },
}

/// A table ready to print: its texts and every figure already rounded.
struct Table {
    title: Text,
    stub: Text,
    headings: Vec<Vec<Text>>,
    rows: Vec<(Text, Vec<Decimal>)>,
    total: (Text, Vec<Decimal>),
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, project, out] = args.as_slice() else {
        eprintln!("usage: minimal_md PROJECT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let project = Path::new(project);
    let report: Report = yaml(&project.join("data/report.yaml"));
    let dims: BTreeMap<String, Dimension> = yaml(&project.join("data/dimensions.yaml"));
    for lang in &report.languages {
        fs::create_dir_all(Path::new(out).join(lang)).unwrap();
    }
    for section in &report.sections {
        let mut tables = BTreeMap::new();
        let dir = project.join("data").join(&section.id);
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                tables.insert(id, compute(yaml(&path), &dims));
            }
        }
        for lang in &report.languages {
            let template = project
                .join("templates")
                .join(format!("{}.{lang}.md.tera", section.id));
            let template = fs::read_to_string(&template).unwrap();
            let md = render(&template, section, &tables, lang);
            let path = Path::new(out).join(lang).join(format!("{}.md", section.id));
            fs::write(path, md).unwrap();
        }
    }
}

fn yaml<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    let text = fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Flattens the column tree, then derives every figure of every row and of the total row.
fn compute(src: TableSource, dims: &BTreeMap<String, Dimension>) -> Table {
    let mut columns = Vec::new();
    let mut raw = 0;
    flatten(&src.columns, &[], None, dims, &mut columns, &mut raw);
    let members = |name: &String| &dims[name].members;
    let units: Vec<&Member> = src.rows.iter().flat_map(members).collect();
    let mut sums = vec![Decimal::ZERO; raw];
    let mut rows = Vec::with_capacity(units.len());
    for unit in units {
        let values = &src.values[&unit.key];
        assert_eq!(values.len(), raw, "row {} of the wrong length", unit.key);
        let values: Vec<Decimal> = values.iter().map(|&v| Decimal::from(v)).collect();
        for (s, v) in sums.iter_mut().zip(&values) {
            *s += v;
        }
        rows.push((unit.label.clone(), figures(&columns, &values)));
    }
    let total = (src.total_row.label, figures(&columns, &sums));
    Table {
        title: src.title,
        stub: src.stub,
        headings: columns.into_iter().map(|c| c.heading).collect(),
        rows,
        total,
    }
}

fn flatten(
    list: &[ColumnSource],
    heading: &[Text],
    member: Option<&str>,
    dims: &BTreeMap<String, Dimension>,
    out: &mut Vec<Column>,
    raw: &mut usize,
) {
    for c in list {
        if let Some(group) = &c.group {
            let mut h = heading.to_vec();
            h.push(group.clone());
            flatten(c.columns.as_deref().unwrap(), &h, member, dims, out, raw);
        } else if let Some(dim) = &c.each {
            for m in &dims[dim].members {
                let mut h = heading.to_vec();
                h.push(m.label.clone());
                let inner = c.columns.as_deref().unwrap();
                flatten(inner, &h, Some(&m.key), dims, out, raw);
            }
        } else {
            let key = c
                .key
                .clone()
                .expect("a column has a key, a group or an each");
            let full = match member {
                Some(m) => format!("{m}.{key}"),
                None => key.clone(),
            };
            let find = |k: &str, out: &[Column]| {
                let scoped = member.map(|m| format!("{m}.{k}"));
                out.iter()
                    .position(|c| scoped.as_deref() == Some(c.key.as_str()))
                    .or_else(|| out.iter().position(|c| c.key == k))
                    .unwrap_or_else(|| panic!("no column {k} before {full}"))
            };
            let how = match &c.derive {
                None => {
                    *raw += 1;
                    How::Raw(*raw - 1)
                }
                Some(Derive {
                    share: Some(p),
                    of: Some(w),
                    ..
                }) => {
                    let part = find(p, out);
                    // The whole is usually declared before its parts; look it up by key.
                    let whole = find(w, out);
                    How::Share { part, whole }
                }
                Some(Derive {
                    sum: Some(pattern), ..
                }) => {
                    let [p] = pattern.as_slice() else {
                        panic!("{full}: one sum pattern expected")
                    };
                    let key = p.strip_prefix("*.").expect("a `*.key` pattern");
                    How::SumOf(format!(".{key}"))
                }
                Some(_) => panic!("{full}: a derive this example does not know"),
            };
            let mut h = heading.to_vec();
            h.push(c.label.clone().expect("a leaf column has a label"));
            out.push(Column {
                heading: h,
                key: full,
                how,
                precision: c.precision.unwrap_or(0),
            });
        }
    }
    if member.is_none() && heading.is_empty() {
        resolve_sums(out);
    }
}

fn resolve_sums(out: &mut [Column]) {
    for i in 0..out.len() {
        if let How::SumOf(suffix) = &out[i].how {
            let parts = (0..out.len())
                .filter(|&j| out[j].key.ends_with(suffix.as_str()))
                .collect();
            out[i].how = How::Sum(parts);
        }
    }
}

/// A row's printed figures from its raw values, each rounded half-up to its precision.
fn figures(columns: &[Column], values: &[Decimal]) -> Vec<Decimal> {
    let mut exact = vec![Decimal::ZERO; columns.len()];
    // Raw and summed columns first, then shares (they read both).
    for pass in 0..3 {
        for (i, c) in columns.iter().enumerate() {
            match (&c.how, pass) {
                (How::Raw(n), 0) => exact[i] = values[*n],
                (How::Sum(parts), 1) => exact[i] = parts.iter().map(|&j| exact[j]).sum(),
                (How::Share { part, whole }, 2) => {
                    exact[i] = if exact[*whole].is_zero() {
                        Decimal::ZERO
                    } else {
                        exact[*part] * Decimal::ONE_HUNDRED / exact[*whole]
                    }
                }
                _ => {}
            }
        }
    }
    exact
        .into_iter()
        .zip(columns)
        .map(|(v, c)| {
            let mut r =
                v.round_dp_with_strategy(c.precision, RoundingStrategy::MidpointAwayFromZero);
            r.rescale(c.precision);
            r
        })
        .collect()
}

/// The template with `{{ section.title }}` and `{{ table(id="…") }}` filled in.
fn render(
    template: &str,
    section: &Section,
    tables: &BTreeMap<String, Table>,
    lang: &str,
) -> String {
    let mut md = String::with_capacity(template.len() * 40);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        md.push_str(&rest[..start]);
        let end = start + rest[start..].find("}}").expect("an unclosed {{");
        let call = rest[start + 2..end].trim();
        if call == "section.title" {
            md.push_str(&section.title[lang]);
        } else if let Some(id) = call
            .strip_prefix("table(id=\"")
            .and_then(|s| s.strip_suffix("\")"))
        {
            table_md(&mut md, &tables[id], lang);
        } else {
            panic!(
                "{}: a template call this example does not know: {call}",
                section.id
            );
        }
        rest = &rest[end + 2..];
    }
    md.push_str(rest);
    md
}

fn table_md(md: &mut String, t: &Table, lang: &str) {
    // The caption in bold, its number on a line of its own, as esep prints it.
    let title = &t.title[lang];
    let title = match title.split_once(". ") {
        Some((number, rest)) => format!("{number}.\n{rest}"),
        None => title.clone(),
    };
    let _ = write!(md, "**{title}**\n\n| {} |", t.stub[lang]);
    for h in &t.headings {
        let parts: Vec<&str> = h.iter().map(|p| p[lang].as_str()).collect();
        let _ = write!(md, " {} |", parts.join(", "));
    }
    md.push_str("\n|---|");
    for _ in &t.headings {
        md.push_str("---:|");
    }
    md.push('\n');
    for (label, figures) in &t.rows {
        let _ = write!(md, "| {} |", label[lang]);
        for f in figures {
            md.push(' ');
            number(md, *f);
            md.push_str(" |");
        }
        md.push('\n');
    }
    let _ = write!(md, "| **{}** |", t.total.0[lang]);
    for f in &t.total.1 {
        md.push_str(" **");
        number(md, *f);
        md.push_str("** |");
    }
}

/// A figure as the report prints it: digits grouped by three with a no-break space, a
/// decimal comma.
fn number(md: &mut String, v: Decimal) {
    let s = v.to_string();
    let (sign, s) = match s.strip_prefix('-') {
        Some(rest) => ("\u{2212}", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    md.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            md.push('\u{a0}');
        }
        md.push(ch);
    }
    if let Some(f) = frac {
        md.push(',');
        md.push_str(f);
    }
}
