//! GitHub-flavoured Markdown: the template's prose, each table slot replaced by a pipe
//! table, each chart slot by an image linked to the chart's `.svg` file beside it. One table row per line and no column padding, and prose one sentence per line
//! ([`sentences`]), so a changed cell or figure changes one line of a diff.

mod sentences;

use super::{Chapter, Renderer};
use crate::template::escape::{escape, escape_inline};
use crate::view::{
    APPENDIX_ID, Appendix, ChartFigure, GRI_INDEX_ID, GriIndex, Part, RowStyle, TableView, anchor,
    mark,
};

pub(crate) struct Markdown;

impl Renderer for Markdown {
    fn extension(&self) -> &'static str {
        "md"
    }

    fn section(&self, chapter: &Chapter, index: usize) -> Result<Vec<u8>, String> {
        let section = &chapter.sections[index];
        let mut out = String::new();
        for part in &section.parts {
            match part {
                Part::Table(id) => {
                    let table = chapter
                        .tables
                        .get(id)
                        .ok_or_else(|| format!("no view for table `{id}`"))?;
                    out.push_str(&table_markdown(table));
                }
                Part::Chart(id) => {
                    let chart = chapter
                        .charts
                        .get(id)
                        .ok_or_else(|| format!("no view for chart `{id}`"))?;
                    out.push_str(&chart_markdown(chart));
                }
                Part::Prose(text) => {
                    for line in text.lines() {
                        out.push_str(line.trim_end());
                        out.push('\n');
                    }
                }
            }
        }
        Ok(sentences::one_per_line(&tidy(&out)).into_bytes())
    }

    fn chapter(&self, chapter: &Chapter) -> Result<Vec<(String, Vec<u8>)>, String> {
        let text = sentences::one_per_line(&tidy(&appendix_markdown(&chapter.appendix)));
        let mut files = vec![(format!("{APPENDIX_ID}.md"), text.into_bytes())];
        if let Some(gri) = &chapter.gri {
            let text = sentences::one_per_line(&tidy(&gri_markdown(gri)));
            files.push((format!("{GRI_INDEX_ID}.md"), text.into_bytes()));
        }
        let placed = chapter.sections.iter().flat_map(|s| &s.charts);
        for id in placed {
            let chart = chapter
                .charts
                .get(id)
                .ok_or_else(|| format!("no view for chart `{id}`"))?;
            let svg = crate::chart::svg(&chart.geometry, &chart.view);
            files.push((chart_file(id), svg.into_bytes()));
        }
        Ok(files)
    }
}

/// The file of a chart's drawing, beside the section's Markdown: `<chart>.svg`.
pub(crate) fn chart_file(id: &str) -> String {
    format!("{id}.{}", super::paths::CHART_EXTENSION)
}

/// A chart as an image linked to its `.svg` file (GitHub and GitLab show it in place),
/// its title as the alternative text; the SVG's own `<desc>` lists every figure.
fn chart_markdown(chart: &ChartFigure) -> String {
    format!(
        "\n![{}]({})\n\n",
        escape_inline(&chart.view.title),
        chart_file(&chart.view.id)
    )
}

/// Collapses runs of blank lines and ends the file with exactly one newline.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = true;
    for line in text.lines() {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A table as a GFM block: caption, GRI reference, the pipe table, notes.
pub(crate) fn table_markdown(t: &TableView) -> String {
    let mut out = format!(
        "\n**{}**{}",
        escape_inline(&t.caption),
        marks(&t.caption_marks)
    );
    if !t.gri.is_empty() {
        out.push_str(&format!(" ({})", escape_inline(&t.gri.join(", "))));
    }
    out.push_str("\n\n|");
    out.push_str(&format!(" {} |", escape_inline(&t.stub)));
    for h in &t.flat_headers {
        out.push_str(&format!(" {} |", escape_inline(h)));
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(t.flat_headers.len()));
    out.push('\n');
    for row in &t.rows {
        match row.style {
            RowStyle::Heading => {
                out.push_str(&format!("| *{}* |", escape_inline(&row.label)));
                out.push_str(&" |".repeat(t.flat_headers.len()));
            }
            RowStyle::Total => {
                out.push_str(&format!("| **{}** |", escape_inline(&row.label)));
                for (i, c) in row.cells.iter().enumerate() {
                    let m = marks(row.marks_of(i));
                    if c.is_empty() {
                        // `****` would print as four asterisks.
                        out.push_str(&format!(" {m} |"));
                    } else {
                        out.push_str(&format!(" **{}**{m} |", escape_inline(c)));
                    }
                }
            }
            RowStyle::Body => {
                out.push_str(&format!("| {} |", escape_inline(&row.label)));
                for (i, c) in row.cells.iter().enumerate() {
                    let m = marks(row.marks_of(i));
                    out.push_str(&format!(" {}{m} |", escape_inline(c)));
                }
            }
        }
        out.push('\n');
    }
    for note in &t.notes {
        out.push('\n');
        out.push_str(&escape(note));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The GRI content index as a pipe table: code, title, and the places reporting it, each
/// linked to its section's file.
fn gri_markdown(gri: &GriIndex) -> String {
    let mut out = format!(
        "# {}\n\n{}\n\n| {} | {} | {} |\n|---|---|---|\n",
        escape_inline(&gri.title),
        escape(&gri.intro),
        escape_inline(&gri.heads.code),
        escape_inline(&gri.heads.title),
        escape_inline(&gri.heads.place),
    );
    for e in &gri.entries {
        let places: Vec<String> = e
            .places
            .iter()
            .map(|p| {
                let section = format!("[{}]({}.md)", escape_inline(&p.section_title), p.section);
                match &p.item {
                    Some(item) => format!("{section}: {}", escape_inline(item)),
                    None => section,
                }
            })
            .collect();
        let places = if places.is_empty() {
            "–".to_owned()
        } else {
            places.join("; ")
        };
        out.push_str(&format!(
            "| {} | {} | {places} |\n",
            escape_inline(&e.code),
            escape_inline(&e.title)
        ));
    }
    out
}

/// Footnote links to the appendix entries `numbers`: `[³](reconciliation.md#r-3)`.
fn marks(numbers: &[usize]) -> String {
    numbers
        .iter()
        .map(|&n| format!("[{}]({APPENDIX_ID}.md#{})", mark(&[n]), anchor(n)))
        .collect::<Vec<_>>()
        .join("·")
}

/// `label: value` pairs as a bulleted list.
fn md_list(out: &mut String, pairs: &[(String, String)]) {
    for (label, value) in pairs {
        out.push_str(&format!(
            "\n- {}: {}",
            escape_inline(label),
            escape_inline(value)
        ));
    }
    if !pairs.is_empty() {
        out.push('\n');
    }
}

/// The reconciliation appendix: a heading, the introduction, then per section a heading
/// and the numbered entries, each with an anchor the footnote marks link to.
pub(crate) fn appendix_markdown(a: &Appendix) -> String {
    let mut out = format!(
        "# {}

{}
",
        escape_inline(&a.title),
        escape(&a.intro)
    );
    for g in &a.groups {
        out.push_str(&format!("\n## {}\n", escape_inline(&g.title)));
        for e in &g.entries {
            out.push_str(&format!(
                "\n<a id=\"{}\"></a>**{}. {}.**",
                e.anchor,
                e.number,
                escape_inline(&e.kind)
            ));
            if !e.place.is_empty() {
                out.push_str(&format!(" {}.", escape_inline(&e.place)));
            }
            out.push('\n');
            md_list(&mut out, &e.lines);
            if !e.why.is_empty() {
                out.push_str(&format!("\n{}\n", escape(&e.why)));
            }
            md_list(&mut out, &e.details);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{HeaderCell, RowView};

    fn view() -> TableView {
        TableView {
            caption_marks: Vec::new(),
            id: "t".into(),
            caption: "Жас құрылымы, адам".into(),
            gri: vec!["GRI 405-1".into()],
            stub: "Бөлімше".into(),
            header_rows: vec![vec![HeaderCell {
                text: "30 жасқа дейін".into(),
                col: 0,
                colspan: 2,
                rowspan: 1,
            }]],
            flat_headers: vec!["30 жасқа дейін, адам".into(), "30 жасқа дейін, %".into()],
            rows: vec![
                RowView {
                    marks: Vec::new(),
                    style: RowStyle::Body,
                    label: "Ақмола ЖЭТ".into(),
                    cells: vec!["83".into(), "14,87".into()],
                },
                RowView {
                    marks: Vec::new(),
                    style: RowStyle::Total,
                    label: "Барлығы".into(),
                    cells: vec!["694".into(), "15,44".into()],
                },
            ],
            notes: vec!["* Уақытша | <b>".into()],
        }
    }

    #[test]
    fn renders_one_row_per_line_without_padding() {
        let md = table_markdown(&view());
        assert_eq!(
            md,
            "\n**Жас құрылымы, адам** (GRI 405\\-1)\n\n| Бөлімше | 30 жасқа дейін, адам | 30 жасқа дейін, % |\n|---|---:|---:|\n| Ақмола ЖЭТ | 83 | 14,87 |\n| **Барлығы** | **694** | **15,44** |\n\n\\* Уақытша \\| &lt;b&gt;\n\n"
                .replace("405\\-1", "405-1")
        );
    }
}
