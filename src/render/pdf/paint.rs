//! Turns laid-out pages into PDF bytes with printpdf, then fixes what printpdf leaves to
//! chance or cannot express.
//!
//! Reproducibility: printpdf names fonts and writes the trailer `/ID` from a process-global
//! counter, so the second document a process makes would differ from the first. Here font
//! ids are fixed resource names, and after saving, the `/ID` placeholder is overwritten (same
//! length, so no offset moves) with an FNV-1a hash of the whole file. The creation date is
//! the chapter's date, never the clock. The same input gives the same bytes, whatever the
//! process rendered before.
//!
//! Metadata: title, `/Lang` (`kk-KZ`, `ru-RU`) in the catalog, dates, creator; the
//! `GTS_PDFXVersion` key printpdf always writes is dropped (these files do not claim
//! PDF/X). Each face is embedded as a subset of the glyphs used ([`super::fonts::subset`]).

use super::document::{Bookmark, Link};
use super::fonts::{self, Face};
use super::hash;
use super::layout::{Mark, Page, Paint, PathPoint, TextMark};
use crate::lang::Lang;
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect as PdfRect, Rgb, TextItem,
    TextMatrix, WindingOrder,
};
use std::collections::{BTreeMap, BTreeSet};

/// Document-level facts.
pub(crate) struct Meta<'a> {
    pub title: String,
    pub lang: Lang,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    pub outline: &'a [Bookmark],
    pub links: &'a [Link],
}

const ID_PLACEHOLDER: [u8; 16] = [0xEE; 16];

/// The PDF of `pages`. They are taken by value and turned into drawing operations one by
/// one, and printpdf's document is dropped before saving, so a long document is not held
/// three times over (marks, operations, PDF objects) at once.
pub(crate) fn render(pages: Vec<Page>, meta: &Meta) -> Result<Vec<u8>, String> {
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for t in pages.iter().flat_map(|p| &p.marks).filter_map(text_of) {
        if let Some(c) = t.face.metrics().missing(&t.text) {
            return Err(format!(
                "the character {c:?} (U+{:04X}) in {:?} has no glyph in {}; the PDF fonts cover Latin, Cyrillic (with Kazakh) and Greek: replace it in the data or template",
                u32::from(c),
                t.text,
                t.face.postscript_name()
            ));
        }
        used.entry(t.face).or_default().extend(t.text.chars());
    }
    let mut doc = PdfDocument::new(&meta.title);
    for (face, chars) in &used {
        let font = fonts::subset(*face, chars)?;
        doc.resources
            .fonts
            .map
            .insert(FontId(face.resource_name()), PdfFont::new(font));
    }
    doc.pages = pages.into_iter().map(page_ops).collect();
    let date = pdf_date(meta.date)?;
    let info = &mut doc.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.creator = "esep".into();
    info.producer = "esep with printpdf 0.12.8".into();
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
    {
        return Err(format!("printpdf: {}", w.msg));
    }
    drop(doc);
    finish(&mut lo, meta)
}

fn text_of(m: &Mark) -> Option<&TextMark> {
    match m {
        Mark::Text(t) => Some(t),
        _ => None,
    }
}

fn gray(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// A printpdf point that is a Bézier control point.
fn control((x, y): (f32, f32)) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: true,
    }
}

/// A ring in printpdf's form, y flipped to PDF's upward axis. printpdf reads two control
/// points followed by an ordinary point as one cubic curve (`c`), so a [`PathPoint::Curve`]
/// becomes exactly that triple.
fn ring_points(ring: &[PathPoint], h: f32) -> Vec<LinePoint> {
    let mut out = Vec::with_capacity(ring.len() * 3);
    for p in ring {
        match *p {
            PathPoint::Line { x, y } => out.push(point(x, h - y)),
            PathPoint::Curve { c1, c2, to } => {
                out.push(control((c1.0, h - c1.1)));
                out.push(control((c2.0, h - c2.1)));
                out.push(point(to.0, h - to.1));
            }
        }
    }
    out
}

fn rgb([r, g, b]: [f32; 3]) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// A [`Mark::Path`]: its colour, then one even-odd polygon for a fill (so an inner ring
/// is a hole) or one line per ring for a stroke.
fn path_ops(ops: &mut Vec<Op>, rings: &[Vec<PathPoint>], paint: Paint, h: f32) {
    match paint {
        Paint::Fill { rgb: c } => {
            ops.push(Op::SetFillColor { col: rgb(c) });
            ops.push(Op::DrawPolygon {
                polygon: Polygon {
                    rings: rings
                        .iter()
                        .map(|r| PolygonRing {
                            points: ring_points(r, h),
                        })
                        .collect(),
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::EvenOdd,
                },
            });
        }
        Paint::Stroke {
            rgb: c,
            width,
            closed,
        } => {
            ops.push(Op::SetOutlineColor { col: rgb(c) });
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            for r in rings {
                ops.push(Op::DrawLine {
                    line: Line {
                        points: ring_points(r, h),
                        is_closed: closed,
                    },
                });
            }
        }
    }
}

/// One page's drawing operations: fills and paths in document order (a chart's shapes
/// overlap in the order it drew them), then rules, then all text on top, a chart's
/// labels included. Pages without paths give the same operations as before paths
/// existed; the rule and text passes set their colours afresh, so a path's colour
/// never leaks into them.
fn page_ops(page: Page) -> PdfPage {
    let h = page.geometry.height;
    let mut ops = Vec::new();
    for m in &page.marks {
        match m {
            Mark::Fill { rect, gray: g } => {
                ops.push(Op::SetFillColor { col: gray(*g) });
                ops.push(Op::DrawRectangle {
                    rectangle: PdfRect {
                        mode: Some(PaintMode::Fill),
                        ..PdfRect::from_xywh(
                            Pt(rect.x0),
                            Pt(h - rect.y1),
                            Pt(rect.x1 - rect.x0),
                            Pt(rect.y1 - rect.y0),
                        )
                    },
                });
            }
            Mark::Path { rings, paint } => path_ops(&mut ops, rings, *paint, h),
            Mark::Text(_) | Mark::Rule { .. } => {}
        }
    }
    let mut stroke: Option<(f32, f32)> = None;
    for m in &page.marks {
        if let Mark::Rule {
            x0,
            y0,
            x1,
            y1,
            thickness,
            gray: g,
        } = m
        {
            if stroke != Some((*thickness, *g)) {
                ops.push(Op::SetOutlineColor { col: gray(*g) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                stroke = Some((*thickness, *g));
            }
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![point(*x0, h - y0), point(*x1, h - y1)],
                    is_closed: false,
                },
            });
        }
    }
    ops.push(Op::StartTextSection);
    let mut font: Option<(Face, f32)> = None;
    let mut fill: Option<f32> = None;
    let texts = page.marks.into_iter().filter_map(|m| match m {
        Mark::Text(t) => Some(t),
        _ => None,
    });
    for t in texts {
        if font != Some((t.face, t.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(t.face.resource_name())),
                size: Pt(t.size),
            });
            font = Some((t.face, t.size));
        }
        if fill != Some(t.gray) {
            ops.push(Op::SetFillColor { col: gray(t.gray) });
            fill = Some(t.gray);
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(t.x), Pt(h - t.baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(t.text)],
        });
    }
    ops.push(Op::EndTextSection);
    PdfPage {
        media_box: PdfRect::from_wh(Pt(page.geometry.width), Pt(h)),
        trim_box: PdfRect::from_wh(Pt(page.geometry.width), Pt(h)),
        crop_box: PdfRect::from_wh(Pt(page.geometry.width), Pt(h)),
        ops,
    }
}

/// `YYYY-MM-DD` as midnight UTC.
fn pdf_date(date: &str) -> Result<printpdf::OffsetDateTime, String> {
    let date = crate::date::IsoDate::parse(date)
        .ok_or_else(|| format!("the document date `{date}` is not YYYY-MM-DD"))?;
    let (year, month, day) = (date.year(), date.month(), date.day());
    Ok(printpdf::DateTime {
        date: printpdf::Date { year, month, day },
        time: printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    })
}

/// The outline (printpdf's bookmarks are flat and sorted by page, then title; ours keep
/// document order and nest headings under their section) and the contents links.
fn navigation(lo: &mut lopdf::Document, meta: &Meta) -> Result<(), String> {
    use lopdf::{Dictionary, Object, StringFormat};
    let pages = lo.get_pages();
    let page_ref = |page: usize| {
        pages
            .get(&(page as u32 + 1))
            .copied()
            .ok_or_else(|| format!("no page {}", page + 1))
    };
    let dest = |id| {
        Object::Array(vec![
            Object::Reference(id),
            Object::Name(b"XYZ".to_vec()),
            Object::Null,
            Object::Null,
            Object::Null,
        ])
    };
    for link in meta.links {
        let from = page_ref(link.page)?;
        let to = page_ref(link.target)?;
        let height = match lo.get_dictionary(from).and_then(|d| d.get(b"MediaBox")) {
            Ok(Object::Array(b)) if b.len() == 4 => b[3].as_float().unwrap_or(0.0),
            _ => return Err("a page has no MediaBox".into()),
        };
        let r = &link.rect;
        let annot = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Link".to_vec())),
            (
                "Rect",
                Object::Array(
                    [r.x0, height - r.y1, r.x1, height - r.y0]
                        .into_iter()
                        .map(Object::Real)
                        .collect(),
                ),
            ),
            ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
            ("Dest", dest(to)),
        ]);
        let page = lo.get_dictionary_mut(from).map_err(|e| e.to_string())?;
        match page.get_mut(b"Annots") {
            Ok(Object::Array(a)) => a.push(Object::Dictionary(annot)),
            _ => page.set("Annots", Object::Array(vec![Object::Dictionary(annot)])),
        }
    }
    if meta.outline.is_empty() {
        return Ok(());
    }
    let root = lo.new_object_id();
    let ids: Vec<_> = meta.outline.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry one level up, else the root.
    let parent = |i: usize| {
        (0..i)
            .rev()
            .find(|&j| meta.outline[j].level < meta.outline[i].level)
    };
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..meta.outline.len())
            .filter(|&i| parent(i) == p)
            .collect()
    };
    for (i, b) in meta.outline.iter().enumerate() {
        let siblings = children(parent(i));
        let at = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let title: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(b.title.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let mut d = Dictionary::from_iter(vec![
            ("Title", Object::String(title, StringFormat::Hexadecimal)),
            (
                "Parent",
                Object::Reference(parent(i).map_or(root, |p| ids[p])),
            ),
            ("Dest", dest(page_ref(b.page)?)),
        ]);
        if at > 0 {
            d.set("Prev", Object::Reference(ids[siblings[at - 1]]));
        }
        if let Some(&next) = siblings.get(at + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            // Negative: closed, sections show their headings on demand.
            d.set("Count", Object::Integer(-(kids.len() as i64)));
        }
        lo.set_object(ids[i], d);
    }
    let top = children(None);
    lo.set_object(
        root,
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(ids[top[0]])),
            ("Last", Object::Reference(ids[top[top.len() - 1]])),
            ("Count", Object::Integer(top.len() as i64)),
        ]),
    );
    lo.catalog_mut()
        .map_err(|e| format!("PDF catalog: {e}"))?
        .set("Outlines", Object::Reference(root));
    Ok(())
}

/// Metadata printpdf cannot set, then save with a content-derived `/ID`.
fn finish(lo: &mut lopdf::Document, meta: &Meta) -> Result<Vec<u8>, String> {
    use lopdf::{Object, StringFormat};
    lo.version = "1.7".into();
    let catalog = lo.catalog_mut().map_err(|e| format!("PDF catalog: {e}"))?;
    catalog.set("Lang", Object::string_literal(meta.lang.bcp47()));
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(lopdf::Dictionary::from_iter(vec![(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    let mode = if meta.outline.is_empty() {
        "UseNone"
    } else {
        "UseOutlines"
    };
    catalog.set("PageMode", Object::Name(mode.into()));
    navigation(lo, meta)?;
    if let Ok(info_ref) = lo.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(Object::Dictionary(info)) = lo.get_object_mut(info_ref)
    {
        for key in [
            "GTS_PDFXVersion",
            "Trapped",
            "Identifier",
            "Keywords",
            "Subject",
            "Author",
        ] {
            info.remove(key.as_bytes());
        }
    }
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    compress(lo)?;
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| format!("writing the PDF: {e}"))?;
    let id = hash::fnv1a128(&bytes).to_be_bytes();
    let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
    let needle: Vec<u8> = ID_PLACEHOLDER
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<String>()
        .into_bytes();
    let mut replaced = 0;
    let mut i = bytes.len();
    while replaced < 2 {
        let Some(at) = bytes[..i]
            .windows(needle.len())
            .rposition(|w| w.eq_ignore_ascii_case(&needle))
        else {
            break;
        };
        bytes[at..at + needle.len()].copy_from_slice(hex.as_bytes());
        replaced += 1;
        i = at;
    }
    if replaced != 2 {
        return Err("the PDF trailer has no /ID to set".into());
    }
    Ok(bytes)
}

/// The deflate level of the PDF streams, chosen by measurement on the shipped chapter's
/// 20 PDFs (CPU time of `esep build --format pdf`, total size; BENCHMARKS.md):
/// 9 (lopdf's, the slowest) 235 ms, 1 286 117 B · 6: 206 ms, +0.3 % · 4: 175 ms, +2.7 % ·
/// **3: 174 ms, +3.9 %** · 2: 152 ms, +10.2 % · 1: 146 ms, +32 %. Level 3 takes a quarter
/// off the PDF time for 4 % of size. miniz_oxide (flate2's pure-Rust backend) gives the
/// same bytes on every machine; zlib-rs was 15 % faster again but picks its hash by CPU
/// features, which may change the bytes between machines.
const DEFLATE_LEVEL: u32 = 3;

/// Deflates every stream that allows it and has no filter yet, at [`DEFLATE_LEVEL`],
/// keeping the result only where it is smaller (as lopdf's own `compress` does, which
/// always takes the slowest level).
fn compress(lo: &mut lopdf::Document) -> Result<(), String> {
    use std::io::Write;
    let level = DEFLATE_LEVEL;
    for object in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
        encoder
            .write_all(&stream.content)
            .map_err(|e| format!("compressing the PDF: {e}"))?;
        let compressed = encoder
            .finish()
            .map_err(|e| format!("compressing the PDF: {e}"))?;
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
    Ok(())
}
