//! The package's other parts: styles (from the style table), settings, the font table, the
//! numbering of lists, the page-number footer, the content types and relationships, and
//! the document properties.
//!
//! Nothing here reads a clock: the properties carry the document date (`SOURCE_DATE_EPOCH`
//! or `report.yaml`), so the same inputs give the same bytes.

use super::body::{BULLETS, DASHES, FOOTER_RID};
use super::style::{Kind, Look, Props, SPECS, Spec, twips};
use super::xml::{DECLARATION, R, W, esc, fonts};
use crate::lang::Lang;
use std::fmt::Write;

/// `word/styles.xml`: the document defaults (the text font for every script, the
/// language Word's spell-checker uses) and every style of the style table.
pub(crate) fn styles(look: &Look, lang: Lang) -> String {
    let normal = look.style("Normal");
    let size = half_points(normal.size.unwrap_or(10.0));
    let mut out = format!(
        "{DECLARATION}<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/><w:lang w:val=\"{tag}\" w:eastAsia=\"{tag}\" w:bidi=\"{tag}\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        fonts(&look.fonts.text),
        tag = lang.bcp47(),
    );
    // Word's own defaults, named so Word does not invent them.
    out.push_str("<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>");
    out.push_str("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    out.push_str("<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>");
    for spec in SPECS {
        out.push_str(&style(spec, &look.style(spec.id)));
    }
    out.push_str("</w:styles>");
    out
}

/// Half-points, Word's unit of font size.
fn half_points(pt: f64) -> u32 {
    (pt * 2.0).round().clamp(2.0, 3276.0) as u32
}

/// One `<w:style>`: what it is ([`Spec`]) and how it looks ([`Props`]).
fn style(spec: &Spec, p: &Props) -> String {
    let kind = match spec.kind {
        Kind::Paragraph => "paragraph",
        Kind::Character => "character",
    };
    let default = if spec.id == "Normal" {
        " w:default=\"1\""
    } else {
        ""
    };
    let mut out = format!(
        "<w:style w:type=\"{kind}\"{default} w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
        spec.id, spec.name
    );
    let based_on = match spec.kind {
        Kind::Character => Some("DefaultParagraphFont"),
        Kind::Paragraph => spec.based_on,
    };
    if let Some(b) = based_on {
        let _ = write!(out, "<w:basedOn w:val=\"{b}\"/>");
    }
    if spec.outline.is_some() || matches!(spec.id, "Title" | "Caption" | "TOCHeading") {
        out.push_str("<w:next w:val=\"Normal\"/>");
    }
    out.push_str("<w:qFormat/>");
    if spec.kind == Kind::Paragraph {
        out.push_str(&paragraph_props(spec, p));
    }
    out.push_str(&run_props(p));
    out.push_str("</w:style>");
    out
}

/// A paragraph style's `<w:pPr>`, children in the schema's order.
fn paragraph_props(spec: &Spec, p: &Props) -> String {
    let mut out = String::new();
    if p.keep_next == Some(true) {
        out.push_str("<w:keepNext/>");
    }
    if spec.outline.is_some() {
        out.push_str("<w:keepLines/>");
    }
    let mut spacing = String::new();
    if let Some(pt) = p.before {
        let _ = write!(spacing, " w:before=\"{}\"", twips(pt));
    }
    if let Some(pt) = p.after {
        let _ = write!(spacing, " w:after=\"{}\"", twips(pt));
    }
    if let Some(pt) = p.line {
        let _ = write!(spacing, " w:line=\"{}\" w:lineRule=\"atLeast\"", twips(pt));
    }
    if !spacing.is_empty() {
        let _ = write!(out, "<w:spacing{spacing}/>");
    }
    if let Some(pt) = p.indent {
        let _ = write!(out, "<w:ind w:left=\"{}\"/>", twips(pt));
    }
    if let Some(a) = p.align {
        let _ = write!(out, "<w:jc w:val=\"{}\"/>", a.word());
    }
    if let Some(level) = spec.outline {
        let _ = write!(out, "<w:outlineLvl w:val=\"{level}\"/>");
    }
    if out.is_empty() {
        out
    } else {
        format!("<w:pPr>{out}</w:pPr>")
    }
}

/// A style's `<w:rPr>`, children in the schema's order.
fn run_props(p: &Props) -> String {
    let on_off = |name: &str, v: Option<bool>| match v {
        Some(true) => format!("<w:{name}/><w:{name}Cs/>"),
        Some(false) => format!("<w:{name} w:val=\"0\"/><w:{name}Cs w:val=\"0\"/>"),
        None => String::new(),
    };
    let mut out = on_off("b", p.bold) + &on_off("i", p.italic);
    if let Some(c) = &p.color {
        let _ = write!(out, "<w:color w:val=\"{}\"/>", esc(c));
    }
    if let Some(size) = p.size {
        let hp = half_points(size);
        let _ = write!(out, "<w:sz w:val=\"{hp}\"/><w:szCs w:val=\"{hp}\"/>");
    }
    match p.underline {
        Some(true) => out.push_str("<w:u w:val=\"single\"/>"),
        Some(false) => out.push_str("<w:u w:val=\"none\"/>"),
        None => {}
    }
    if out.is_empty() {
        out
    } else {
        format!("<w:rPr>{out}</w:rPr>")
    }
}

/// `word/settings.xml`: Word 2013+ layout (no compatibility mode), the language of the
/// theme fonts, the decimal comma and list separator of kk and ru.
pub(crate) fn settings(lang: Lang) -> String {
    format!(
        "{DECLARATION}<w:settings xmlns:w=\"{W}\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"708\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"{}\"/><w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/></w:settings>",
        lang.bcp47()
    )
}

/// `word/fontTable.xml`: the two faces, each with the fallback Word substitutes where it
/// is not installed.
pub(crate) fn font_table(look: &Look) -> String {
    let f = &look.fonts;
    let mut out = format!("{DECLARATION}<w:fonts xmlns:w=\"{W}\">");
    for name in [&f.text, &f.condensed] {
        let _ = write!(
            out,
            "<w:font w:name=\"{}\"><w:altName w:val=\"{}\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font>",
            esc(name),
            esc(&f.fallback)
        );
    }
    out.push_str("</w:fonts>");
    out
}

/// A list level's number format and text, by level.
type Level = fn(usize) -> (&'static str, String);

/// `word/numbering.xml`: bullets (•, then – nested), dashes (the appendix's details),
/// numbers; one numbering instance per ordered list, starting where the list starts.
pub(crate) fn numbering(look: &Look, ordered: &[(usize, u64)]) -> String {
    let step = look.style("ListParagraph").indent.unwrap_or(14.0).max(6.0);
    let mut out = format!("{DECLARATION}<w:numbering xmlns:w=\"{W}\">");
    let kinds: [(u32, Level); 3] = [
        (0, |l| {
            ("bullet", if l % 2 == 0 { "•" } else { "–" }.to_owned())
        }),
        (1, |l| ("decimal", format!("%{}.", l + 1))),
        (2, |_| ("bullet", "–".to_owned())),
    ];
    for (id, level) in kinds {
        let _ = write!(
            out,
            "<w:abstractNum w:abstractNumId=\"{id}\"><w:multiLevelType w:val=\"multilevel\"/>"
        );
        for l in 0..9 {
            let (format, text) = level(l);
            let _ = write!(
                out,
                "<w:lvl w:ilvl=\"{l}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"{}\"/></w:pPr></w:lvl>",
                esc(&text),
                twips(step * (l + 1) as f64),
                twips(step),
            );
        }
        out.push_str("</w:abstractNum>");
    }
    let _ = write!(
        out,
        "<w:num w:numId=\"{BULLETS}\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"{DASHES}\"><w:abstractNumId w:val=\"2\"/></w:num>"
    );
    for (k, (level, start)) in ordered.iter().enumerate() {
        let _ = write!(
            out,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"{}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            DASHES as usize + 1 + k,
            level.min(&8)
        );
    }
    out.push_str("</w:numbering>");
    out
}

/// `word/footer1.xml`: "N / M", Word's PAGE and NUMPAGES fields.
pub(crate) fn footer() -> String {
    let field = |name: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {name} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    };
    format!(
        "{DECLARATION}<w:ftr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{}<w:r><w:t xml:space=\"preserve\"> / </w:t></w:r>{}</w:p></w:ftr>",
        field("PAGE"),
        field("NUMPAGES")
    )
}

/// `word/document.xml` around a body.
pub(crate) fn document(body: &str) -> String {
    format!(
        "{DECLARATION}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}</w:body></w:document>"
    )
}

const PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// `[Content_Types].xml`.
pub(crate) fn content_types() -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut out = format!(
        "{DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    for (part, kind) in [
        ("/word/document.xml", format!("{wml}.document.main+xml")),
        ("/word/styles.xml", format!("{wml}.styles+xml")),
        ("/word/settings.xml", format!("{wml}.settings+xml")),
        ("/word/fontTable.xml", format!("{wml}.fontTable+xml")),
        ("/word/numbering.xml", format!("{wml}.numbering+xml")),
        ("/word/footer1.xml", format!("{wml}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_owned(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_owned(),
        ),
    ] {
        let _ = write!(
            out,
            "<Override PartName=\"{part}\" ContentType=\"{kind}\"/>"
        );
    }
    out.push_str("</Types>");
    out
}

/// `_rels/.rels`: the main document and the properties.
pub(crate) fn package_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"{PACKAGE_RELS}\"><Relationship Id=\"rId1\" Type=\"{OFFICE_RELS}/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"{PACKAGE_RELS}/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{OFFICE_RELS}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
    )
}

/// `word/_rels/document.xml.rels`: the other parts, then each external link
/// (`rIdLink1`, … in the order the body met them).
pub(crate) fn document_rels(links: &[String]) -> String {
    let mut out = format!("{DECLARATION}<Relationships xmlns=\"{PACKAGE_RELS}\">");
    for (id, kind, target) in [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFonts", "fontTable", "fontTable.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
        (FOOTER_RID, "footer", "footer1.xml"),
    ] {
        let _ = write!(
            out,
            "<Relationship Id=\"{id}\" Type=\"{OFFICE_RELS}/{kind}\" Target=\"{target}\"/>"
        );
    }
    for (i, url) in links.iter().enumerate() {
        let _ = write!(
            out,
            "<Relationship Id=\"rIdLink{}\" Type=\"{OFFICE_RELS}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            i + 1,
            esc(url)
        );
    }
    out.push_str("</Relationships>");
    out
}

/// `docProps/core.xml`: title, language and the document date (never the clock).
pub(crate) fn core(title: &str, lang: Lang, date: &str) -> String {
    let mut out = format!(
        "{DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:language>{}</dc:language><dc:creator>esep</dc:creator>",
        esc(title),
        lang.bcp47()
    );
    let is_date = date.len() == 10
        && date.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if is_date {
        for name in ["created", "modified"] {
            let _ = write!(
                out,
                "<dcterms:{name} xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z</dcterms:{name}>"
            );
        }
    }
    out.push_str("</cp:coreProperties>");
    out
}

/// `docProps/app.xml`: the application that wrote the file.
pub(crate) fn app() -> String {
    format!(
        "{DECLARATION}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>esep</Application></Properties>"
    )
}
