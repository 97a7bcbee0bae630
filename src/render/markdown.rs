//! GitHub-flavoured Markdown: the template's prose as written, each table slot replaced by
//! a pipe table. One table row per line and no column padding, so a changed cell changes
//! one line of a diff.

use super::{Chapter, Renderer};
use crate::template::parse_table_slot;
use crate::view::{RowStyle, TableView};

pub struct Markdown;

impl Renderer for Markdown {
    fn extension(&self) -> &'static str {
        "md"
    }

    fn section(&self, chapter: &Chapter, index: usize) -> Result<Vec<u8>, String> {
        let section = &chapter.sections[index];
        let mut out = String::new();
        for line in section.markdown.lines() {
            match parse_table_slot(line) {
                Some(id) => {
                    let table = chapter
                        .tables
                        .get(id)
                        .ok_or_else(|| format!("no view for table `{id}`"))?;
                    out.push_str(&table_markdown(table));
                }
                None => {
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
            }
        }
        Ok(tidy(&out).into_bytes())
    }
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
pub fn table_markdown(t: &TableView) -> String {
    let mut out = format!("\n**{}**", escape_inline(&t.caption));
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
                for c in &row.cells {
                    out.push_str(&format!(" **{}** |", escape_inline(c)));
                }
            }
            RowStyle::Body => {
                out.push_str(&format!("| {} |", escape_inline(&row.label)));
                for c in &row.cells {
                    out.push_str(&format!(" {} |", escape_inline(c)));
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

/// Makes data text inert in Markdown wherever it lands, including the start of a line:
/// [`escape_inline`], and no list, rule or setext underline at its start. For text whose
/// place is not known (template values) and text that starts a line (notes).
pub fn escape(text: &str) -> String {
    let text = text.trim();
    // A leading `-`, `+` or `=` could start a list, a rule or a setext underline; a leading
    // number followed by `.` or `)` and a space an ordered list (`2.5 жыл` is not one).
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let list_number = digits > 0
        && text[digits..].starts_with(['.', ')'])
        && text[digits + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
    if text.starts_with(['-', '+', '=']) {
        format!("\\{}", escape_inline(text))
    } else if list_number {
        format!("{}\\{}", &text[..digits], escape_inline(&text[digits..]))
    } else {
        escape_inline(text)
    }
}

/// Makes data text inert inside a line of Markdown (a table cell, a caption): no emphasis,
/// links, HTML, entities or broken table cells. Ordinary text (letters, digits, `%`, `.`,
/// `-`, a figure's minus) is left as it is, so the Markdown stays readable.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(ch),
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
                    style: RowStyle::Body,
                    label: "Ақмола ЖЭТ".into(),
                    cells: vec!["83".into(), "14,87".into()],
                },
                RowView {
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

    #[test]
    fn escapes_markup_in_data_text() {
        assert_eq!(escape("a|b*c_`d`<x>\nz"), "a\\|b\\*c\\_\\`d\\`&lt;x&gt; z");
        for (text, want) in [
            ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
            ("&#x6a; &amp;", "&amp;\\#x6a; &amp;amp;"),
            ("Title #", "Title \\#"),
            // Line starts: lists, rules, setext underlines, indented code.
            ("- a", "\\- a"),
            ("+ a", "\\+ a"),
            ("---", "\\---"),
            ("===", "\\==="),
            ("1. a", "1\\. a"),
            ("2024) a", "2024\\) a"),
            ("    code", "code"),
            ("1.", "1\\."),
            // Ordinary text stays as it is.
            ("30 жасқа дейін, %", "30 жасқа дейін, %"),
            (
                "14,87 % — Северо-Казахстанский (2.5)",
                "14,87 % — Северо-Казахстанский (2.5)",
            ),
            ("2.5 а", "2.5 а"),
        ] {
            assert_eq!(escape(text), want, "{text}");
        }
        // Inside a line (a table cell) a figure's minus is not a list marker.
        assert_eq!(escape_inline("-446"), "-446");
    }
}
