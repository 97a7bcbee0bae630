//! The PDF look in one value: paper and margins, text sizes and leading, spacing, rule
//! widths, greys and the page furniture. The layout code ([`super::prose`],
//! [`super::table`], [`super::chart`], [`super::columns`], [`super::document`]) reads a
//! [`Style`] instead of numbers of its own, so changing margins or fonts is a one-place
//! edit.
//!
//! Units are those the layout uses: paper and margins in millimetres, everything else in
//! points (1/72 in); greys run from 0 (black) to 1 (white). [`Style::default`] is the
//! shipped look: the committed PDFs are built with it.
//!
//! The running header and the page number are placed from the margins
//! ([`Style::header_baseline`], [`Style::footer_baseline`]), so a small margin moves them
//! towards the paper's edge instead of into the body.

use super::fonts::{Face, Family};
use super::layout::{Geometry, PT_PER_MM, Rect};

/// The whole look of the PDF.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    pub paper: Paper,
    pub body: Body,
    /// Headings of level 1, 2, 3 and deeper, in that order.
    pub headings: [Heading; 4],
    pub rule: ThematicRule,
    pub table: Tables,
    pub charts: Charts,
    pub front: FrontMatter,
    pub index: IndexStyle,
    pub furniture: Furniture,
}

/// Paper size and margins of a portrait page, in mm; landscape pages turn the paper and
/// keep the margins.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paper {
    pub width_mm: f32,
    pub height_mm: f32,
    pub left_mm: f32,
    pub right_mm: f32,
    /// Holds the running header.
    pub top_mm: f32,
    /// Holds the page number.
    pub bottom_mm: f32,
}

/// Body text of the prose (DejaVu Sans).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Body {
    /// Font size, pt.
    pub size: f32,
    /// Baseline-to-baseline distance, pt.
    pub leading: f32,
    /// Indent per list level and per block-quote level, pt.
    pub indent: f32,
    /// Space above a paragraph and above the first item of a list, pt.
    pub paragraph_space: f32,
    /// Space above the second and later items of a list, pt.
    pub item_space: f32,
    /// A bullet or dash starts this far left of its item's text, pt.
    pub bullet_offset: f32,
    /// Gap between a number marker ("1.") and its item's text, pt.
    pub marker_gap: f32,
}

/// One heading level (bold).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Heading {
    /// Font size, pt.
    pub size: f32,
    /// Baseline-to-baseline distance, pt.
    pub leading: f32,
    /// Space above, pt.
    pub space_before: f32,
    /// Space below its last line, pt.
    pub space_after: f32,
}

/// A Markdown thematic break (`---`): a grey line in a band of its own.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThematicRule {
    /// Space above the band, pt.
    pub space_before: f32,
    /// Height of the band, pt; the line runs through its middle.
    pub band: f32,
    /// Line width, pt.
    pub thickness: f32,
    pub gray: f32,
}

/// Tables: the wide-table rule, cell metrics, captions, notes and rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Tables {
    /// The wide-table rule: face family, size (pt) and orientation, tried in order;
    /// the first whose minimum column widths fit wins ([`super::columns::choose`]).
    pub steps: Vec<(Family, f32, bool)>,
    /// Cell padding left and right, in ems of the table's size.
    pub pad_x_em: f32,
    /// Cell padding above and below, in ems of the table's size.
    pub pad_y_em: f32,
    /// Cell leading, in ems of the table's size.
    pub leading_em: f32,
    /// Caption size (bold), pt.
    pub caption_size: f32,
    /// Leading of captions, notes and the continuation label, in ems of their size.
    pub small_leading_em: f32,
    /// Space between the caption and the header, pt.
    pub caption_gap: f32,
    /// Notes are set in the table's size, but never larger than this, pt.
    pub note_size_max: f32,
    /// Space between the table's bottom rule and its first note, pt.
    pub note_gap: f32,
    /// Space above the caption, pt.
    pub space_before: f32,
    /// Space below the table (or its notes), pt.
    pub space_after: f32,
    /// "Продолжение таблицы" on a continued table: size (italic), pt.
    pub continued_size: f32,
    /// Space between the continuation label and the repeated header, pt.
    pub continued_gap: f32,
    /// Rule above the header, below the table and at a page break, pt.
    pub rule_heavy: f32,
    /// Rule under a spanner and above a total row, pt.
    pub rule_light: f32,
    /// Rule under the header, pt.
    pub rule_header: f32,
    /// Grey of the heavy and light rules.
    pub rule_gray: f32,
    /// Line between body rows, pt.
    pub hairline: f32,
    pub hairline_gray: f32,
    /// Shading of a group-heading row.
    pub heading_fill: f32,
    /// Space between the top rule and the header text, pt.
    pub header_top_gap: f32,
    /// Space between the header's last row and the rule under it, pt.
    pub header_bottom_gap: f32,
}

/// Charts ([`super::chart`]): drawn from the chart's own geometry, which sets its sizes;
/// the style only places the block in the flow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Charts {
    /// Space above the chart, pt (as above a table, so the two read alike).
    pub space_before: f32,
    /// Space below the chart, pt.
    pub space_after: f32,
}

/// The chapter's first page: title block, contents heading, contents entries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrontMatter {
    /// Space above the chapter title, pt.
    pub title_space: f32,
    /// Chapter title size (bold), pt.
    pub title_size: f32,
    /// Chapter title leading, pt.
    pub title_leading: f32,
    /// Band under the title holding its rule, pt.
    pub title_rule_band: f32,
    /// Where the rule sits in that band, pt from its top.
    pub title_rule_drop: f32,
    /// Width of the title rule, pt.
    pub title_rule: f32,
    pub title_rule_gray: f32,
    /// "Contents" heading size (bold), pt.
    pub contents_size: f32,
    /// The line slot the contents heading is centred in, pt.
    pub contents_leading: f32,
    /// Height taken by the contents heading, pt.
    pub contents_band: f32,
    /// Contents entry size, pt.
    pub entry_size: f32,
    /// Contents entry leading, pt.
    pub entry_leading: f32,
    /// Space above each contents entry, pt.
    pub entry_space: f32,
    /// Width kept for page numbers at the right of a list with page numbers, pt.
    pub number_box: f32,
    /// Space each side of the dot leaders, pt.
    pub leader_gap: f32,
    pub leader_gray: f32,
}

/// The GRI content index: codes in a column of their own, places with page numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndexStyle {
    /// Space between the widest code and the titles, pt.
    pub code_gap: f32,
    /// Space above each disclosure, pt.
    pub entry_space: f32,
    /// Size of a place line, pt.
    pub place_size: f32,
    /// Leading of a place line, pt.
    pub place_leading: f32,
    /// Space above each place line, pt.
    pub place_space: f32,
}

/// Running header (report title left, part title right, a hairline under them) and the
/// "N / M" page number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Furniture {
    /// Header size, pt.
    pub size: f32,
    /// Page-number size, pt.
    pub number_size: f32,
    /// Grey of the header and page-number text.
    pub gray: f32,
    /// Header baseline this far above the body, pt (less if the top margin is small).
    pub header_rise: f32,
    /// The hairline under the header, this far below its baseline, pt.
    pub rule_drop: f32,
    /// Width of that hairline, pt.
    pub rule: f32,
    pub rule_gray: f32,
    /// The part title takes at most this share of the text width.
    pub running_share: f32,
    /// Least space between the report title and the part title, pt.
    pub title_gap: f32,
    /// Page-number baseline this far above the paper's lower edge, pt.
    pub footer_rise: f32,
    /// Page-number baseline at least this far below the body, pt (for small margins).
    pub footer_clearance: f32,
    /// Furniture stays this far inside the paper's edge, mm (what the geometry checks use).
    pub edge_mm: f32,
}

impl Default for Style {
    /// The shipped look.
    fn default() -> Style {
        Style {
            paper: Paper::default(),
            body: Body::default(),
            headings: [
                heading(16.0, 20.0, 0.0, 8.0),
                heading(12.5, 16.0, 14.0, 2.0),
                heading(10.5, 14.0, 10.0, 2.0),
                heading(9.5, 13.5, 8.0, 2.0),
            ],
            rule: ThematicRule {
                space_before: 6.0,
                band: 8.0,
                thickness: 0.5,
                gray: 0.5,
            },
            table: Tables::default(),
            charts: Charts {
                space_before: 10.0,
                space_after: 6.0,
            },
            front: FrontMatter::default(),
            index: IndexStyle::default(),
            furniture: Furniture::default(),
        }
    }
}

const fn heading(size: f32, leading: f32, space_before: f32, space_after: f32) -> Heading {
    Heading {
        size,
        leading,
        space_before,
        space_after,
    }
}

impl Default for Paper {
    /// A4, 20 mm at the sides and the bottom, 25 mm at the top.
    fn default() -> Paper {
        Paper {
            width_mm: 210.0,
            height_mm: 297.0,
            left_mm: 20.0,
            right_mm: 20.0,
            top_mm: 25.0,
            bottom_mm: 20.0,
        }
    }
}

impl Paper {
    /// The same margins all round.
    pub fn with_margins(self, mm: f32) -> Paper {
        Paper {
            left_mm: mm,
            right_mm: mm,
            top_mm: mm,
            bottom_mm: mm,
            ..self
        }
    }
}

impl Default for Body {
    fn default() -> Body {
        Body {
            size: 9.5,
            leading: 13.5,
            indent: 14.0,
            paragraph_space: 6.0,
            item_space: 2.5,
            bullet_offset: 9.0,
            marker_gap: 4.0,
        }
    }
}

impl Default for Tables {
    /// DejaVu Sans 8 pt; Sans Condensed 8, 7, 6.5 pt; the same Condensed on landscape.
    fn default() -> Tables {
        let (sans, cond) = (Family::Sans, Family::Condensed);
        Tables {
            steps: vec![
                (sans, 8.0, false),
                (cond, 8.0, false),
                (cond, 7.0, false),
                (cond, 6.5, false),
                (cond, 8.0, true),
                (cond, 7.0, true),
                (cond, 6.5, true),
            ],
            pad_x_em: 0.375,
            pad_y_em: 0.3,
            leading_em: 1.2,
            caption_size: 9.0,
            small_leading_em: 1.3,
            caption_gap: 4.0,
            note_size_max: 7.5,
            note_gap: 4.0,
            space_before: 10.0,
            space_after: 6.0,
            continued_size: 7.5,
            continued_gap: 3.0,
            rule_heavy: 0.8,
            rule_light: 0.4,
            rule_header: 0.5,
            rule_gray: 0.0,
            hairline: 0.25,
            hairline_gray: 0.7,
            heading_fill: 0.92,
            header_top_gap: 1.0,
            header_bottom_gap: 0.5,
        }
    }
}

impl Default for FrontMatter {
    fn default() -> FrontMatter {
        FrontMatter {
            title_space: 90.0,
            title_size: 22.0,
            title_leading: 28.0,
            title_rule_band: 36.0,
            title_rule_drop: 12.0,
            title_rule: 1.2,
            title_rule_gray: 0.0,
            contents_size: 14.0,
            contents_leading: 18.0,
            contents_band: 26.0,
            entry_size: 10.5,
            entry_leading: 15.0,
            entry_space: 5.0,
            number_box: 36.0,
            leader_gap: 4.0,
            leader_gray: 0.55,
        }
    }
}

impl Default for IndexStyle {
    fn default() -> IndexStyle {
        IndexStyle {
            code_gap: 10.0,
            entry_space: 8.0,
            place_size: 8.5,
            place_leading: 12.0,
            place_space: 2.0,
        }
    }
}

impl Default for Furniture {
    fn default() -> Furniture {
        Furniture {
            size: 7.5,
            number_size: 8.0,
            gray: 0.35,
            header_rise: 20.0,
            rule_drop: 5.0,
            rule: 0.3,
            rule_gray: 0.6,
            running_share: 0.5,
            title_gap: 18.0,
            footer_rise: 34.0,
            footer_clearance: 12.0,
            edge_mm: 10.0,
        }
    }
}

impl Style {
    /// A portrait page, in points.
    pub fn portrait(&self) -> Geometry {
        let p = &self.paper;
        Geometry {
            width: p.width_mm * PT_PER_MM,
            height: p.height_mm * PT_PER_MM,
            left: p.left_mm * PT_PER_MM,
            right: p.right_mm * PT_PER_MM,
            top: p.top_mm * PT_PER_MM,
            bottom: p.bottom_mm * PT_PER_MM,
            edge: self.furniture.edge_mm * PT_PER_MM,
        }
    }

    /// A landscape page with the same margins, for tables too wide for portrait.
    pub fn landscape(&self) -> Geometry {
        let p = self.portrait();
        Geometry {
            width: p.height,
            height: p.width,
            ..p
        }
    }

    /// Where body content may go on a portrait page.
    pub fn body_box(&self) -> Rect {
        self.portrait().content_box()
    }

    /// The heading style of `level` (1 is the chapter or part title).
    pub fn heading(&self, level: u8) -> Heading {
        let i = usize::from(level.clamp(1, 4)) - 1;
        self.headings[i]
    }

    /// The running header's baseline on a page of geometry `g`: `header_rise` above the
    /// body, but never above the middle of the top margin, so it stays on the paper.
    pub fn header_baseline(&self, g: &Geometry) -> f32 {
        (g.top - self.furniture.header_rise).max(g.top / 2.0)
    }

    /// The page number's baseline: `footer_rise` above the paper's lower edge, but at least
    /// `footer_clearance` below the body, so it never runs into the body.
    pub fn footer_baseline(&self, g: &Geometry) -> f32 {
        let f = &self.furniture;
        (g.height - f.footer_rise).max(g.content_bottom() + f.footer_clearance)
    }

    /// The band the running header can take: its text across the text width and the
    /// hairline under it.
    pub fn header_box(&self, g: &Geometry) -> Rect {
        let f = &self.furniture;
        let b = self.header_baseline(g);
        let text = text_box(g, b, f.size);
        Rect {
            y1: text.y1.max(b + f.rule_drop + f.rule / 2.0),
            ..text
        }
    }

    /// The band the page number can take, across the text width.
    pub fn footer_box(&self, g: &Geometry) -> Rect {
        text_box(g, self.footer_baseline(g), self.furniture.number_size)
    }
}

/// The box of DejaVu Sans text of `size` on `baseline`, across the text width of `g`.
fn text_box(g: &Geometry, baseline: f32, size: f32) -> Rect {
    let m = Face::Sans.metrics();
    Rect {
        x0: g.left,
        y0: baseline - m.ascent * size,
        x1: g.content_right(),
        y1: baseline + m.descent * size,
    }
}

#[cfg(test)]
#[path = "style_tests.rs"]
mod tests;
