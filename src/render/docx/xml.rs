//! Writing WordprocessingML by hand: escaping, runs and the namespaces.
//!
//! Every string that comes from the data, the templates or the style table goes through
//! [`esc`] (or [`text_run`], which calls it), in element content and in attribute values
//! alike: `<`, `&`, `>`, `"` and `'` become entities, and characters XML 1.0 cannot hold
//! (C0 controls, U+FFFE, U+FFFF) are dropped, so no text from the data can become live
//! markup or make a file Word refuses to open. `]]>` needs no care: nothing is written in
//! CDATA, and its `>` is escaped anyway.

use std::fmt::Write;

/// The XML declaration every part starts with.
pub(crate) const DECLARATION: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The WordprocessingML namespace (`w:`).
pub(crate) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The relationships namespace (`r:`), for hyperlink and footer references.
pub(crate) const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Appends `text` escaped for element content or a quoted attribute value.
pub(crate) fn push_esc(out: &mut String, text: &str) {
    out.push_str(&esc(text));
}

/// `text` escaped for element content or a quoted attribute value: the SVG drawings'
/// escaper, one for all the XML esep writes.
pub(crate) fn esc(text: &str) -> String {
    crate::chart::svg::escape(text)
}

/// Run properties: a character style, bold and italic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RunProps<'a> {
    pub style: Option<&'a str>,
    pub bold: bool,
    pub italic: bool,
    /// Direct font and size (half-points) for a wide table set smaller, condensed.
    pub font: Option<(&'a str, u32)>,
    /// Turns the style's bold off (the GRI references after a bold caption).
    pub not_bold: bool,
}

impl RunProps<'_> {
    /// `<w:rPr>…</w:rPr>`, or nothing when there is nothing to say; children in the
    /// schema's order (rStyle, rFonts, b, i, sz).
    pub(crate) fn xml(&self) -> String {
        let mut p = String::new();
        if let Some(s) = self.style {
            let _ = write!(p, "<w:rStyle w:val=\"{}\"/>", esc(s));
        }
        if let Some((font, _)) = self.font {
            p.push_str(&fonts(font));
        }
        if self.bold {
            p.push_str("<w:b/><w:bCs/>");
        } else if self.not_bold {
            p.push_str("<w:b w:val=\"0\"/><w:bCs w:val=\"0\"/>");
        }
        if self.italic {
            p.push_str("<w:i/><w:iCs/>");
        }
        if let Some((_, half_points)) = self.font {
            let _ = write!(
                p,
                "<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>"
            );
        }
        if p.is_empty() {
            p
        } else {
            format!("<w:rPr>{p}</w:rPr>")
        }
    }
}

/// `<w:rFonts>` naming `font` for every script, so Cyrillic, Latin and the rest are set
/// in one face whatever Word guesses a character to be.
pub(crate) fn fonts(font: &str) -> String {
    let f = esc(font);
    format!("<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:cs=\"{f}\" w:eastAsia=\"{f}\"/>")
}

/// Appends a run of `text`: line breaks become `<w:br/>`, tabs `<w:tab/>`. Nothing for
/// empty text.
pub(crate) fn text_run(out: &mut String, text: &str, props: &RunProps) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    out.push_str(&props.xml());
    let mut pieces = text.split('\n').peekable();
    while let Some(line) = pieces.next() {
        for (i, cell) in line.split('\t').enumerate() {
            if i > 0 {
                out.push_str("<w:tab/>");
            }
            if !cell.is_empty() {
                out.push_str("<w:t xml:space=\"preserve\">");
                push_esc(out, cell);
                out.push_str("</w:t>");
            }
        }
        if pieces.peek().is_some() {
            out.push_str("<w:br/>");
        }
    }
    out.push_str("</w:r>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            esc("<b>x</b> & \"y\" 'z' ]]> \u{1}\u{b}\u{fffe}ok"),
            "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &#39;z&#39; ]]&gt; ok"
        );
        assert_eq!(esc("4\u{a0}495 ¹⁰ Қазақ"), "4\u{a0}495 ¹⁰ Қазақ");
    }

    #[test]
    fn runs_break_lines_and_carry_their_properties() {
        let mut out = String::new();
        let props = RunProps {
            bold: true,
            style: Some("Hyperlink"),
            ..RunProps::default()
        };
        text_run(&mut out, "a<\nb\tc", &props);
        assert_eq!(
            out,
            "<w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">a&lt;</w:t><w:br/><w:t xml:space=\"preserve\">b</w:t><w:tab/><w:t xml:space=\"preserve\">c</w:t></w:r>"
        );
        let mut empty = String::new();
        text_run(&mut empty, "", &props);
        assert!(empty.is_empty());
    }
}
