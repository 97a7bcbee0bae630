//! Turns laid-out pages into PDF bytes: printpdf makes the document, each page's content
//! stream is esep's own ([`super::content`]), then this fixes what printpdf leaves to
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

use super::content;
use super::document::{Bookmark, Link};
use super::fonts::{self, Face};
use super::hash;
use super::layout::{Mark, Page, TextMark};
use crate::lang::Lang;
use printpdf::{
    FontId, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect as PdfRect,
    TextItem,
};
use std::collections::BTreeMap;

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

/// The PDF of `pages`. printpdf makes the document — fonts, resources, pages — from no
/// drawing operations but the glyphs the text uses; each page's content stream is then
/// written directly ([`content`]), so a long document is never held as printpdf
/// operations or lopdf objects besides its marks.
pub(crate) fn render(pages: Vec<Page>, meta: &Meta) -> Result<Vec<u8>, String> {
    let used = used_chars(&pages)?;
    let mut doc = PdfDocument::new(&meta.title);
    let mut glyphs = content::Glyphs::new();
    for (face, chars) in &used {
        let font = fonts::subset(*face, &chars.keys().copied().collect())?;
        let codes = chars
            .keys()
            .map(|&c| (c, font.lookup_glyph_index(u32::from(c)).unwrap_or(0)))
            .collect();
        glyphs.insert(*face, codes);
        doc.resources
            .fonts
            .map
            .insert(FontId(face.resource_name()), PdfFont::new(font));
    }
    let streams: Vec<Vec<u8>> = pages.iter().map(|p| content::page(p, &glyphs)).collect();
    doc.pages = pages.iter().map(blank).collect();
    drop(pages);
    if let Some(first) = doc.pages.first_mut() {
        first.ops = glyph_usage(&used);
    }
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
    set_contents(&mut lo, streams)?;
    finish(&mut lo, meta)
}

/// The characters each face shows, each with the place of its last use in paint order;
/// or the error for a character no face has a glyph for.
fn used_chars(pages: &[Page]) -> Result<BTreeMap<Face, BTreeMap<char, usize>>, String> {
    let mut used: BTreeMap<Face, BTreeMap<char, usize>> = BTreeMap::new();
    let mut at = 0;
    for t in pages.iter().flat_map(|p| &p.marks).filter_map(text_of) {
        if let Some(c) = t.face.metrics().missing(&t.text) {
            return Err(format!(
                "the character {c:?} (U+{:04X}) in {:?} has no glyph in {}; the PDF fonts cover Latin, Cyrillic (with Kazakh) and Greek: replace it in the data or template",
                u32::from(c),
                t.text,
                t.face.postscript_name()
            ));
        }
        let chars = used.entry(t.face).or_default();
        for c in t.text.chars() {
            chars.insert(c, at);
            at += 1;
        }
    }
    Ok(used)
}

/// Operations that only tell printpdf which glyphs each font shows, for its widths and
/// `ToUnicode` map. Where two characters share a glyph, printpdf maps the glyph to the
/// one it met last; the characters come in order of their last use so that this is the
/// same as when it read the whole text. The page's content is replaced afterwards.
fn glyph_usage(used: &BTreeMap<Face, BTreeMap<char, usize>>) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (face, chars) in used {
        let mut by_last: Vec<(usize, char)> = chars.iter().map(|(&c, &i)| (i, c)).collect();
        by_last.sort_unstable();
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(face.resource_name())),
            size: Pt(1.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(
                by_last.into_iter().map(|(_, c)| c).collect(),
            )],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// A printpdf page of `page`'s size and no content.
fn blank(page: &Page) -> PdfPage {
    let (w, h) = (Pt(page.geometry.width), Pt(page.geometry.height));
    PdfPage {
        media_box: PdfRect::from_wh(w, h),
        trim_box: PdfRect::from_wh(w, h),
        crop_box: PdfRect::from_wh(w, h),
        ops: Vec::new(),
    }
}

/// Each page's content stream set to the bytes written for it, in page order.
fn set_contents(lo: &mut lopdf::Document, streams: Vec<Vec<u8>>) -> Result<(), String> {
    let pages = lo.get_pages();
    if pages.len() != streams.len() {
        return Err(format!(
            "printpdf made {} pages of {}",
            pages.len(),
            streams.len()
        ));
    }
    for (id, bytes) in pages.into_values().zip(streams) {
        let contents = lo
            .get_dictionary(id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| format!("a page without contents: {e}"))?;
        match lo.get_object_mut(contents) {
            Ok(lopdf::Object::Stream(s)) => s.set_content(bytes),
            _ => return Err("a page's contents are not a stream".into()),
        }
    }
    Ok(())
}

fn text_of(m: &Mark) -> Option<&TextMark> {
    match m {
        Mark::Text(t) => Some(t),
        _ => None,
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
