//! The YAML files exactly as written, before validation.
//!
//! Every struct denies unknown fields, and values that later stages must point at are
//! wrapped in [`Spanned`] so a problem found after parsing still has a line and column.
//! Numbers are read as their literal text (`"14.87"`) and turned into exact decimals by the
//! model stage: no binary floating point ever touches a figure.

use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// `{kk: …, ru: …}`; both keys are optional here so a missing one is reported by name.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLabel {
    pub kk: Option<String>,
    pub ru: Option<String>,
}

pub(crate) type SLabel = Spanned<RawLabel>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReport {
    pub title: SLabel,
    pub year: Spanned<String>,
    pub date: Spanned<String>,
    pub languages: Vec<Spanned<String>>,
    #[serde(default)]
    pub locale: BTreeMap<String, RawLocale>,
    /// Proper names that keep their Kazakh letters in Russian text.
    #[serde(default)]
    pub proper_names: Vec<Spanned<String>>,
    pub sections: Vec<RawSection>,
}

/// Per-language overrides of the number format (CLDR gives the defaults).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLocale {
    /// Percent pattern, `{}` standing for the number: `"{}%"`, `"{}\u{a0}%"`.
    pub percent: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSection {
    pub id: Spanned<String>,
    pub title: SLabel,
    /// GRI disclosures the section's prose reports (`["2-12", "2-13"]`).
    #[serde(default)]
    pub gri: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDimension {
    pub label: SLabel,
    #[serde(default)]
    pub members: Vec<RawMember>,
    /// `{ last: 5 }`: the report year and the years before it, as members `y2020` …
    /// `y2024` labelled `2020` … `2024`, so the window moves with `year:`.
    pub years: Option<Spanned<RawYears>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawYears {
    pub last: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMember {
    pub key: Spanned<String>,
    pub label: SLabel,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub title: SLabel,
    /// GRI disclosures the table reports (`["405-1"]`).
    #[serde(default)]
    pub gri: Vec<Spanned<String>>,
    pub stub: SLabel,
    pub rows: Vec<Spanned<RawRow>>,
    pub total_row: Option<RawTotalRow>,
    pub columns: Vec<Spanned<RawColumn>>,
    /// Printed instead of a zero (the source prints `-` in some tables).
    pub zero_mark: Option<String>,
    /// Row key → its raw figures, as a list in column order or a map by column key.
    #[serde(default)]
    /// `~` is a figure still to fill in.
    pub values: BTreeMap<String, Spanned<RawValues<Option<String>>>>,
    /// `~` marks a column the source did not print (a total esep adds, say).
    #[serde(default)]
    pub published: BTreeMap<String, Spanned<RawValues<Option<String>>>>,
    #[serde(default)]
    pub notes: Vec<SLabel>,
    /// Notes for whoever edits the data (transcription, editorial choices); never
    /// printed. `data_notes`, their former name, is still read.
    #[serde(default, alias = "data_notes")]
    pub maintainer_notes: Vec<SLabel>,
    #[serde(default)]
    pub checks: Vec<Spanned<RawCheck>>,
    /// Why the table's printed figures cannot be recomputed (no inputs published); for
    /// readers, in the reconciliation appendix.
    pub unverifiable: Option<SLabel>,
}

/// A declared identity: `expect` (a rule) must equal `equals` (a reference), in every row
/// (`per: row`, the default) or in every column (`per: column`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheck {
    pub expect: Spanned<RawRule>,
    pub equals: Spanned<String>,
    pub per: Option<Spanned<String>>,
    /// Restricts the check to these rows (`per: row`) or columns (`per: column`).
    pub at: Option<Vec<Spanned<String>>>,
    /// `error` (default) or `warning` (a known disagreement of the printed source).
    pub on_fail: Option<Spanned<String>>,
    /// For readers, when the check is a declared conflict; `note: ~` is a note still to
    /// write (`esep next-year` leaves it so: last year's spoke of last year's figures).
    #[serde(default, deserialize_with = "present")]
    pub note: Option<Spanned<Option<RawLabel>>>,
}

/// A row entry: either a dimension key (`- units`) or a map.
#[derive(Debug)]
pub enum RawRow {
    Dimension(String),
    Item(Box<RawRowItem>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRowItem {
    pub key: Option<Spanned<String>>,
    pub label: Option<SLabel>,
    pub heading: Option<SLabel>,
    pub derive: Option<Spanned<RawRule>>,
    pub precision: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawRow {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawRow;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a dimension key or a row map {key, label}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawRow, E> {
                Ok(RawRow::Dimension(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawRow, A::Error> {
                RawRowItem::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|i| RawRow::Item(Box::new(i)))
            }
        }
        d.deserialize_any(V)
    }
}

/// One row's figures, in either of two forms. A list (`[1000, 15]`) is short and reads
/// well in a small table; a map by column key (`{y2020: 343, y2024: 403}`) survives a
/// column added, reordered or a year window rolled, which would shift every list. The
/// model stage checks the keys against the table's columns (it knows them; serde does not).
#[derive(Debug)]
pub enum RawValues<T> {
    /// One figure per column, in column order.
    List(Vec<Spanned<T>>),
    /// Column key → figure, in the order written (duplicate keys are refused by the parser).
    Map(Vec<(Spanned<String>, Spanned<T>)>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for RawValues<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = RawValues<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of figures in column order, or a map by column key")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawValues<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element()? {
                    out.push(v);
                }
                Ok(RawValues::List(out))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawValues<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(RawValues::Map(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTotalRow {
    pub label: SLabel,
    /// Overrides the column precision in the total row.
    pub precision: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumn {
    pub key: Option<Spanned<String>>,
    pub label: Option<SLabel>,
    pub derive: Option<Spanned<RawRule>>,
    pub precision: Option<Spanned<String>>,
    pub format: Option<Spanned<String>>,
    pub total: Option<Spanned<String>>,
    /// Raw values may be negative (e.g. leavers printed as −446); counts otherwise may not.
    pub signed: Option<bool>,
    /// `largest_remainder`: the body rows' figures are rounded together so they add up.
    pub rounding: Option<Spanned<String>>,
    pub group: Option<SLabel>,
    pub each: Option<Spanned<String>>,
    pub columns: Option<Vec<Spanned<RawColumn>>>,
}

/// A derivation rule as written: exactly one of the rule keys, plus its companions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub sum: Option<Vec<Spanned<String>>>,
    pub difference: Option<Vec<Spanned<String>>>,
    pub ratio: Option<Vec<Spanned<String>>>,
    pub deviation: Option<Vec<Spanned<String>>>,
    pub share: Option<Spanned<String>>,
    pub of: Option<Spanned<String>>,
    pub per_capita: Option<Spanned<String>>,
    pub per: Option<Spanned<String>>,
    pub scale: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFact {
    /// The raw figure; `value: ~` (written, but empty) is a figure still to fill in.
    #[serde(default, deserialize_with = "present")]
    pub value: Option<Spanned<Option<String>>>,
    pub derive: Option<Spanned<RawRule>>,
    pub precision: Option<Spanned<String>>,
    pub format: Option<Spanned<String>>,
    pub published: Option<Spanned<String>>,
    /// For whoever edits the data; never printed. `note`, its former name, is still read.
    #[serde(alias = "note")]
    pub maintainer_note: Option<SLabel>,
    /// What the figure is, in words for readers (the reconciliation appendix names it so).
    pub label: Option<SLabel>,
    /// The source does not print this figure: it is inferred so that printed figures
    /// reproduce; the reader's explanation of how.
    pub assumed: Option<SLabel>,
    /// The source prints this figure without the inputs to recompute it; why, for readers.
    pub unverifiable: Option<SLabel>,
    /// A qualifier the prose puts on the figure ("more than 94 %"), checked against it.
    pub claim: Option<Spanned<RawClaim>>,
    pub rounding: Option<Spanned<RawRounding>>,
    /// What the figure counts: `people`, `tenge`, `share` … (see `model::Unit`).
    pub unit: Option<Spanned<String>>,
    /// A raw value of a counting unit may be negative.
    pub signed: Option<bool>,
    /// `keep`: `esep next-year` carries the value over (a threshold, a programme's
    /// years) instead of leaving it to fill in.
    pub next_year: Option<Spanned<String>>,
    /// GRI disclosures the figure reports (`["2-30"]`).
    #[serde(default)]
    pub gri: Vec<Spanned<String>>,
}

/// How a fact is rounded when printed, if not half-up on its own:
/// `{ largest_remainder: <group> }` rounds it with the other facts of the group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRounding {
    pub largest_remainder: Spanned<String>,
}

/// `claim: { more_than: 94, printed: {kk, ru} }`: exactly one bound, and the words the
/// prose prints, quoted in the reconciliation appendix when the figure does not support it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClaim {
    pub more_than: Option<Spanned<String>>,
    pub less_than: Option<Spanned<String>>,
    pub at_least: Option<Spanned<String>>,
    pub at_most: Option<Spanned<String>>,
    pub printed: SLabel,
}

/// A field that is present, even as `~`: `Some(Spanned(None))` for `value: ~`, `None` only
/// when the key is absent (serde would read both as `None`).
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}
