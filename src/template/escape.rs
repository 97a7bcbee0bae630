//! Data text into Markdown: labels, titles and notes are made inert wherever they land
//! in the section Markdown, so a title with `[x](javascript:…)` or a note starting with
//! `1. ` prints as written. Used by the template stage (values handed to templates) and by
//! the Markdown renderer (table cells, captions, notes).

/// Makes data text inert in Markdown wherever it lands, including the start of a line:
/// [`escape_inline`], and no list, rule or setext underline at its start. For text whose
/// place is not known (template values) and text that starts a line (notes).
pub(crate) fn escape(text: &str) -> String {
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
pub(crate) fn escape_inline(text: &str) -> String {
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
            // The private-use characters of a figure's footnote token never come from data.
            crate::view::MARK_OPEN | crate::view::MARK_CLOSE => out.push('\u{FFFD}'),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
