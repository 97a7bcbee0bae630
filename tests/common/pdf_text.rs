//! Reads the text of a PDF back in-process, as lines, the way `pdftotext -layout` would.
//!
//! `lopdf` (already esep's dependency) parses the file and decodes each string through its
//! font's `/ToUnicode` map (our fonts are Type0, Identity-H); `lopdf::Document::extract_text`
//! itself ignores positions, so it cannot say which figures share a line. This reader keeps
//! the position of every text run (`Tm`, `Td`) and rebuilds the lines of each page: runs on
//! one baseline, left to right, pages in order, top to bottom. It understands exactly the
//! text operators a PDF needs to place text without a transformation matrix; anything else
//! that would move text (`cm`, `'`, `"`, a rotated or scaled `Tm`) stops it with a message
//! instead of misplacing text silently.

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};
use std::collections::BTreeMap;

/// Runs whose baselines are this close (in points) are on one line.
const SAME_LINE: f32 = 1.0;

/// One shown string, where it starts.
struct Run {
    x: f32,
    y: f32,
    text: String,
}

/// The text of a PDF (`name` for messages): one line per baseline, its runs joined by a
/// space, pages in order. No-break spaces are read as spaces (the tests compare words).
pub fn pdf_bytes_text(bytes: &[u8], name: &str) -> String {
    let doc = Document::load_mem(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut lines = Vec::new();
    for (number, page) in doc.get_pages() {
        let runs = page_runs(&doc, page).unwrap_or_else(|e| panic!("{name} page {number}: {e}"));
        lines.extend(page_lines(runs));
    }
    lines.join("\n").replace('\u{a0}', " ")
}

/// The runs of one page, in content order.
fn page_runs(doc: &Document, page: lopdf::ObjectId) -> Result<Vec<Run>, String> {
    let fonts: BTreeMap<Vec<u8>, Encoding> = doc
        .get_page_fonts(page)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|(name, font)| {
            Ok((
                name,
                font.get_font_encoding(doc).map_err(|e| e.to_string())?,
            ))
        })
        .collect::<Result<_, String>>()?;
    let content = Content::decode(&doc.get_page_content(page)).map_err(|e| e.to_string())?;
    let mut runs = Vec::new();
    let mut font = None;
    // The start of the current line (the text line matrix's translation).
    let (mut x, mut y) = (0.0, 0.0);
    for op in &content.operations {
        let num = |i: usize| -> Result<f32, String> {
            op.operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .ok_or_else(|| format!("`{}` without operand {i}", op.operator))
        };
        match op.operator.as_str() {
            "BT" => (x, y) = (0.0, 0.0),
            "Tf" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                font = Some(
                    name.and_then(|n| fonts.get(n))
                        .ok_or_else(|| format!("`Tf` names an unknown font: {:?}", op.operands))?,
                );
            }
            "Tm" => {
                let m: Vec<f32> = (0..6).map(num).collect::<Result<_, _>>()?;
                if m[..4] != [1.0, 0.0, 0.0, 1.0] {
                    return Err(format!("a scaled or rotated text matrix {m:?}"));
                }
                (x, y) = (m[4], m[5]);
            }
            "Td" | "TD" => (x, y) = (x + num(0)?, y + num(1)?),
            "Tj" | "TJ" => {
                let font = font.ok_or("text shown before a font is chosen")?;
                let mut text = String::new();
                for s in strings(&op.operands) {
                    text += &font.bytes_to_string(s).map_err(|e| e.to_string())?;
                }
                runs.push(Run { x, y, text });
            }
            "'" | "\"" | "T*" | "cm" => {
                return Err(format!(
                    "`{}` is not modelled by this reader; extend it",
                    op.operator
                ));
            }
            _ => {}
        }
    }
    Ok(runs)
}

/// The strings of a `Tj` (one string) or `TJ` (an array of strings and kerning numbers).
fn strings(operands: &[Object]) -> Vec<&[u8]> {
    operands
        .iter()
        .flat_map(|o| match o {
            Object::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().ok())
                .collect::<Vec<_>>(),
            other => other.as_str().ok().into_iter().collect(),
        })
        .collect()
}

/// Runs grouped into lines: top to bottom, each line's runs left to right.
fn page_lines(mut runs: Vec<Run>) -> Vec<String> {
    runs.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if (line[0].y - run.y).abs() <= SAME_LINE => line.push(run),
            _ => lines.push(vec![run]),
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let texts: Vec<String> = line.into_iter().map(|r| r.text).collect();
            texts.join(" ")
        })
        .collect()
}
