//! [`Changes`] written for people (text), for a pull request (Markdown) or for tools
//! (JSON). Every figure arrives formatted; nothing is computed or rounded here.

use super::{Changes, FigureChange, Group};
use serde_json::json;

/// How `esep diff` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Style {
    Text,
    Md,
    Json,
}

/// The changes in `style` (ends with a newline).
pub(crate) fn render(c: &Changes, style: Style) -> String {
    match style {
        Style::Text => text(c),
        Style::Md => markdown(c),
        Style::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(c)).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// `12 figures changed (3 raw, 9 derived), 1 label, 1 row added`.
fn summary(c: &Changes) -> String {
    if c.is_empty() {
        return "no reported figure, label or structure changed".to_owned();
    }
    let (raw, derived) = (
        Changes::figure_count(&c.raw),
        Changes::figure_count(&c.derived),
    );
    let mut parts = vec![format!(
        "{} changed ({raw} raw, {derived} derived)",
        count(raw + derived, "figure")
    )];
    if !c.labels.is_empty() {
        parts.push(count(c.labels.len(), "label"));
    }
    for (added, word) in [(true, "added"), (false, "removed")] {
        let n = c.structure.iter().filter(|s| s.added == added).count();
        if n > 0 {
            parts.push(format!("{} {word}", count(n, "part")));
        }
    }
    if !c.findings.is_empty() {
        parts.push(format!(
            "{} of the reconciliation",
            count(c.findings.len(), "finding")
        ));
    }
    if !c.stale.is_empty() {
        parts.push(format!(
            "{} quoting an old figure",
            count(c.stale.len(), "note")
        ));
    }
    parts.join(", ")
}

fn count(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

fn place(f: &FigureChange) -> String {
    let named = |n: &super::Named| match n.label.as_str() {
        "" => format!("[{}]", n.key),
        label if label == n.key => format!("[{}]", n.key),
        label => format!("{label} [{}]", n.key),
    };
    match &f.column {
        Some(col) => format!("{} · {}", named(&f.row), named(col)),
        None => named(&f.row),
    }
}

fn moved(f: &FigureChange) -> String {
    let mut s = format!("{} → {}", shown(&f.old.text), shown(&f.new.text));
    match (&f.change, &f.relative) {
        (Some(c), Some(r)) => s += &format!("  ({c}; {r})"),
        (Some(c), None) => s += &format!("  ({c})"),
        _ => {}
    }
    s
}

/// A blank figure as a word, so `→` never stands next to nothing.
fn shown(text: &str) -> &str {
    if text.is_empty() { "(blank)" } else { text }
}

fn heading(g: &Group) -> String {
    match &g.table {
        Some(t) => format!("{} › {} [{}]", g.section.label, t.label, t.key),
        None => format!("{} › figures in the text", g.section.label),
    }
}

fn text(c: &Changes) -> String {
    let mut s = format!("esep diff {} → {} (figures in {})\n", c.old, c.new, c.lang);
    for (title, groups) in [
        ("raw inputs", &c.raw),
        ("derived figures that moved", &c.derived),
    ] {
        if groups.is_empty() {
            continue;
        }
        s += &format!("\n{title} ({})\n", Changes::figure_count(groups));
        for g in groups {
            s += &format!("  {}\n", heading(g));
            for f in &g.figures {
                s += &format!("    {}: {}\n", place(f), moved(f));
            }
        }
    }
    if !c.structure.is_empty() {
        s += &format!("\nadded and removed ({})\n", c.structure.len());
        for x in &c.structure {
            let sign = if x.added { '+' } else { '-' };
            s += &format!("  {sign} {} {} «{}»\n", x.what, x.path, x.label);
        }
    }
    if !c.labels.is_empty() {
        s += &format!("\nlabels ({})\n", c.labels.len());
        for l in &c.labels {
            s += &format!("  {} ({}): «{}» → «{}»\n", l.place, l.lang, l.old, l.new);
        }
    }
    if !c.findings.is_empty() {
        s += &format!("\nreconciliation ({})\n", c.findings.len());
        for (added, kind, message) in &c.findings {
            let sign = if *added { '+' } else { '-' };
            s += &format!("  {sign} {kind}: {message}\n");
        }
    }
    if !c.stale.is_empty() {
        s += &format!(
            "\nnotes that still quote an old figure ({})\n",
            c.stale.len()
        );
        for x in &c.stale {
            s += &format!("  {}: a {} quotes {}\n", x.file, x.note, x.figure);
        }
    }
    s += &format!("\n{}\n", summary(c));
    s
}

/// `|` and line breaks would break a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

fn markdown(c: &Changes) -> String {
    let mut s = format!(
        "### esep diff `{}` → `{}`\n\n{} (figures in {}).\n",
        c.old,
        c.new,
        summary(c),
        c.lang
    );
    for (title, groups) in [
        ("Raw inputs", &c.raw),
        ("Derived figures that moved", &c.derived),
    ] {
        if groups.is_empty() {
            continue;
        }
        s += &format!("\n#### {title} ({})\n", Changes::figure_count(groups));
        for g in groups {
            s += &format!("\n**{}**\n\n", cell(&heading(g)));
            s += "| Row | Column | Old | New | Change | Relative |\n|---|---|--:|--:|--:|--:|\n";
            for f in &g.figures {
                let col = f
                    .column
                    .as_ref()
                    .map_or(String::new(), |c| format!("{} `{}`", cell(&c.label), c.key));
                s += &format!(
                    "| {} `{}` | {col} | {} | {} | {} | {} |\n",
                    cell(&f.row.label),
                    f.row.key,
                    cell(&f.old.text),
                    cell(&f.new.text),
                    f.change.as_deref().unwrap_or(""),
                    f.relative.as_deref().unwrap_or("")
                );
            }
        }
    }
    if !c.structure.is_empty() {
        s += "\n#### Added and removed\n\n";
        for x in &c.structure {
            let word = if x.added { "added" } else { "removed" };
            s += &format!("- {word} {} `{}` «{}»\n", x.what, x.path, cell(&x.label));
        }
    }
    if !c.labels.is_empty() {
        s += "\n#### Labels\n\n| Where | Language | Old | New |\n|---|---|---|---|\n";
        for l in &c.labels {
            s += &format!(
                "| `{}` | {} | {} | {} |\n",
                l.place,
                l.lang,
                cell(&l.old),
                cell(&l.new)
            );
        }
    }
    if !c.stale.is_empty() {
        s += "\n#### Notes that still quote an old figure\n\n";
        for x in &c.stale {
            s += &format!("- `{}`: a {} quotes {}\n", x.file, x.note, cell(&x.figure));
        }
    }
    if !c.findings.is_empty() {
        s += "\n#### Reconciliation\n\n";
        for (added, kind, message) in &c.findings {
            let word = if *added { "new" } else { "gone" };
            s += &format!("- {word} — {kind}: {}\n", cell(message));
        }
    }
    s
}

fn to_json(c: &Changes) -> serde_json::Value {
    let figures = |groups: &[Group], kind: &str| -> Vec<serde_json::Value> {
        groups
            .iter()
            .flat_map(|g| {
                g.figures.iter().map(move |f| {
                    json!({
                        "kind": kind,
                        "section": g.section.key,
                        "table": g.table.as_ref().map(|t| &t.key),
                        "row": if g.table.is_some() { Some(&f.row.key) } else { None },
                        "fact": if g.table.is_none() { Some(&f.row.key) } else { None },
                        "column": f.column.as_ref().map(|c| &c.key),
                        "old": { "text": f.old.text, "exact": f.old.exact.map(|d| d.normalize().to_string()) },
                        "new": { "text": f.new.text, "exact": f.new.exact.map(|d| d.normalize().to_string()) },
                        "change": f.change,
                        "relative": f.relative,
                    })
                })
            })
            .collect()
    };
    let mut all = figures(&c.raw, "raw");
    all.extend(figures(&c.derived, "derived"));
    json!({
        "old": c.old,
        "new": c.new,
        "lang": c.lang.code(),
        "changed": !c.is_empty(),
        "figures": all,
        "structure": c.structure.iter().map(|x| json!({
            "change": if x.added { "added" } else { "removed" },
            "what": x.what,
            "path": x.path,
            "label": x.label,
        })).collect::<Vec<_>>(),
        "labels": c.labels.iter().map(|l| json!({
            "place": l.place, "lang": l.lang.code(), "old": l.old, "new": l.new,
        })).collect::<Vec<_>>(),
        "stale_notes": c.stale.iter().map(|x| json!({
            "file": x.file, "note": x.note, "figure": x.figure,
        })).collect::<Vec<_>>(),
        "findings": c.findings.iter().map(|(added, kind, message)| json!({
            "change": if *added { "new" } else { "gone" }, "kind": kind, "message": message,
        })).collect::<Vec<_>>(),
    })
}
