//! The typefaces of the PDF: DejaVu Sans and DejaVu Sans Condensed (regular, bold, oblique,
//! bold oblique) from the `dejavu` crate, which cover every Kazakh and Russian letter.
//!
//! Two uses, two forms. Layout measures text with the advance widths of the *full* fonts,
//! parsed once per process. Embedding uses a *subset* per document holding only the glyphs
//! that document shows: printpdf without its `text_layout` feature embeds whole font
//! programs (about 700 KB a face), so we subset with allsorts first (see DEPS.md §4).
//! A subset keeps the Unicode cmap, so printpdf maps characters to the renumbered glyphs
//! and writes a correct ToUnicode table: extracted text is real text.

use printpdf::ParsedFont;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// One font file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Sans,
    SansBold,
    SansOblique,
    SansBoldOblique,
    Condensed,
    CondensedBold,
    CondensedOblique,
    CondensedBoldOblique,
}

/// Normal or condensed widths: the first step of the wide-table rule is the condensed face.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Sans,
    Condensed,
}

impl Face {
    pub const ALL: [Face; 8] = [
        Face::Sans,
        Face::SansBold,
        Face::SansOblique,
        Face::SansBoldOblique,
        Face::Condensed,
        Face::CondensedBold,
        Face::CondensedOblique,
        Face::CondensedBoldOblique,
    ];

    pub fn new(family: Family, bold: bool, italic: bool) -> Face {
        match (family, bold, italic) {
            (Family::Sans, false, false) => Face::Sans,
            (Family::Sans, true, false) => Face::SansBold,
            (Family::Sans, false, true) => Face::SansOblique,
            (Family::Sans, true, true) => Face::SansBoldOblique,
            (Family::Condensed, false, false) => Face::Condensed,
            (Family::Condensed, true, false) => Face::CondensedBold,
            (Family::Condensed, false, true) => Face::CondensedOblique,
            (Family::Condensed, true, true) => Face::CondensedBoldOblique,
        }
    }

    pub fn family(self) -> Family {
        match self {
            Face::Sans | Face::SansBold | Face::SansOblique | Face::SansBoldOblique => Family::Sans,
            _ => Family::Condensed,
        }
    }

    pub fn is_bold(self) -> bool {
        matches!(
            self,
            Face::SansBold
                | Face::SansBoldOblique
                | Face::CondensedBold
                | Face::CondensedBoldOblique
        )
    }

    pub fn is_italic(self) -> bool {
        matches!(
            self,
            Face::SansOblique
                | Face::SansBoldOblique
                | Face::CondensedOblique
                | Face::CondensedBoldOblique
        )
    }

    pub fn bold(self) -> Face {
        Face::new(self.family(), true, self.is_italic())
    }

    pub fn italic(self) -> Face {
        Face::new(self.family(), self.is_bold(), true)
    }

    pub fn bytes(self) -> &'static [u8] {
        use dejavu::{sans, sans_condensed};
        match self {
            Face::Sans => sans::regular(),
            Face::SansBold => sans::bold(),
            Face::SansOblique => sans::oblique(),
            Face::SansBoldOblique => sans::bold_oblique(),
            Face::Condensed => sans_condensed::regular(),
            Face::CondensedBold => sans_condensed::bold(),
            Face::CondensedOblique => sans_condensed::oblique(),
            Face::CondensedBoldOblique => sans_condensed::bold_oblique(),
        }
    }

    /// The PostScript name, used as the embedded font's name.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Sans => "DejaVuSans",
            Face::SansBold => "DejaVuSans-Bold",
            Face::SansOblique => "DejaVuSans-Oblique",
            Face::SansBoldOblique => "DejaVuSans-BoldOblique",
            Face::Condensed => "DejaVuSansCondensed",
            Face::CondensedBold => "DejaVuSansCondensed-Bold",
            Face::CondensedOblique => "DejaVuSansCondensed-Oblique",
            Face::CondensedBoldOblique => "DejaVuSansCondensed-BoldOblique",
        }
    }

    /// The page resource name (`/F3 9 Tf`): fixed, so it never depends on printpdf's
    /// process-global id counter.
    pub fn resource_name(self) -> String {
        format!("F{}", self as usize + 1)
    }

    pub fn metrics(self) -> &'static Metrics {
        static CELLS: [OnceLock<Metrics>; 8] = [const { OnceLock::new() }; 8];
        CELLS[self as usize].get_or_init(|| Metrics::parse(self))
    }
}

/// What layout needs of a face: advances, vertical extent, the character→glyph map.
pub struct Metrics {
    units_per_em: f32,
    /// Ascender and descender in em (descender positive, below the baseline).
    pub ascent: f32,
    pub descent: f32,
    glyphs: HashMap<char, (u16, u16)>,
    notdef_advance: u16,
}

impl Metrics {
    fn parse(face: Face) -> Metrics {
        // The fonts are compiled in; failing to parse them is a build defect, not bad input.
        let font = ParsedFont::from_bytes(face.bytes(), 0, &mut Vec::new())
            .unwrap_or_else(|| panic!("the bundled {} does not parse", face.postscript_name()));
        let glyphs = font
            .codepoint_to_glyph
            .iter()
            .filter_map(|(&cp, &gid)| {
                let advance = font.get_glyph_width(gid).unwrap_or(0);
                char::from_u32(cp).map(|c| (c, (gid, advance)))
            })
            .collect();
        let upem = f32::from(font.units_per_em.max(1));
        Metrics {
            units_per_em: upem,
            ascent: f32::from(font.font_metrics.ascent) / upem,
            descent: -f32::from(font.font_metrics.descent) / upem,
            glyphs,
            notdef_advance: font.get_glyph_width(0).unwrap_or(0),
        }
    }

    /// Width of `text` at `size` pt: the sum of advance widths. printpdf writes plain glyph
    /// runs without kerning, so this is exactly what is drawn.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                u32::from(
                    self.glyphs
                        .get(&c)
                        .map_or(self.notdef_advance, |&(_, advance)| advance),
                )
            })
            .sum();
        units as f32 / self.units_per_em * size
    }

    /// The first character of `text` that this face cannot show.
    pub fn missing(&self, text: &str) -> Option<char> {
        text.chars().find(|c| !self.glyphs.contains_key(c))
    }

    fn glyph(&self, c: char) -> Option<u16> {
        self.glyphs.get(&c).map(|&(gid, _)| gid)
    }
}

/// `face` reduced to the glyphs of `chars`, ready for `PdfDocument`. Its name carries the
/// `ABCDEF+` subset tag (ISO 32000-1, 9.6.4), derived from the glyph set so it is stable.
pub(crate) fn subset(face: Face, chars: &BTreeSet<char>) -> Result<ParsedFont, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let metrics = face.metrics();
    let mut gids: Vec<u16> = std::iter::once(0)
        .chain(chars.iter().filter_map(|&c| metrics.glyph(c)))
        .collect();
    gids.sort_unstable();
    gids.dedup();
    let name = face.postscript_name();
    let data = ReadScope::new(face.bytes())
        .read::<FontData<'_>>()
        .map_err(|e| format!("reading {name}: {e}"))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| format!("reading {name}: {e}"))?;
    let bytes = allsorts::subset::subset(
        &provider,
        &gids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| format!("subsetting {name}: {e}"))?;
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| format!("the subset of {name} does not parse"))?;
    let digest = super::hash::fnv1a64(
        chars
            .iter()
            .flat_map(|c| u32::from(*c).to_le_bytes())
            .collect::<Vec<u8>>()
            .as_slice(),
    );
    let tag: String = (0..6)
        .map(|i| char::from(b'A' + ((digest >> (i * 8)) % 26) as u8))
        .collect();
    font.font_name = Some(format!("{tag}+{name}"));
    Ok(font)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_has_every_kazakh_letter_and_the_no_break_space() {
        let letters = "ӘәҒғҚқҢңӨөҰұҮүҺһІі\u{a0}«»–—№•";
        for face in Face::ALL {
            assert_eq!(face.metrics().missing(letters), None, "{face:?}");
        }
    }

    #[test]
    fn widths_are_sums_of_advances() {
        let m = Face::Sans.metrics();
        // DejaVu Sans: space 651 units, digits 1303 units, 2048 units per em.
        assert!((m.width(" ", 10.0) - 651.0 / 2048.0 * 10.0).abs() < 1e-4);
        assert!((m.width("4495", 10.0) - 4.0 * 1303.0 / 2048.0 * 10.0).abs() < 1e-3);
        assert!((m.width("4\u{a0}495", 10.0) - m.width("4 495", 10.0)).abs() < 1e-4);
        let bold = Face::SansBold.metrics().width("Барлығы", 10.0);
        let regular = m.width("Барлығы", 10.0);
        let condensed = Face::Condensed.metrics().width("Барлығы", 10.0);
        assert!(bold > regular && regular > condensed);
        assert_eq!(m.missing("a\u{e000}b"), Some('\u{e000}'));
    }

    #[test]
    fn subsets_are_small_and_keep_the_cmap() {
        let chars: BTreeSet<char> = "Қазақ 4\u{a0}495".chars().collect();
        let font = subset(Face::Sans, &chars).unwrap();
        assert!(
            font.original_bytes.len() < 30_000,
            "{}",
            font.original_bytes.len()
        );
        for c in &chars {
            assert!(font.lookup_glyph_index(u32::from(*c)).is_some(), "{c:?}");
        }
        let name = font.font_name.unwrap();
        assert!(name.ends_with("+DejaVuSans") && name.len() == 17, "{name}");
        assert!(name[..6].chars().all(|c| c.is_ascii_uppercase()), "{name}");
    }
}
