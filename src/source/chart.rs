//! `data/<section>/charts.yaml` as written: chart id → definition. Validated into
//! [`crate::model::chart::Chart`] by the model stage, which resolves every figure.

use super::raw::SLabel;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One `data/<section>/charts.yaml`.
pub(crate) struct ChartsFile {
    pub section: String,
    pub path: PathBuf,
    pub charts: BTreeMap<String, Spanned<RawChart>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChart {
    /// `donut`, `horizontal_bar`, `vertical_bar`, `stacked_bar`, `line`.
    pub kind: Spanned<String>,
    pub title: SLabel,
    /// `as_written` (default) or `descending` (largest first, as the source's donuts).
    pub order: Option<Spanned<String>>,
    pub categories: Vec<Spanned<RawCategory>>,
    pub series: Vec<Spanned<RawSeries>>,
}

/// A category (a slice, a bar group, a point on the x axis): its own words, or the label
/// of a table's row or column (`label_of: staff_by_ethnicity/kazakh`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub label: Option<SLabel>,
    pub label_of: Option<Spanned<String>>,
}

/// A series: one figure per category, as references (`#fact`, `table/column@row`);
/// `~` is a point the source's chart shows but no table or fact holds yet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSeries {
    pub label: Option<SLabel>,
    pub label_of: Option<Spanned<String>>,
    /// The colour's role (`primary`, `secondary`, `increase`, `decrease`, `net`, …).
    pub role: Option<Spanned<String>>,
    pub values: Vec<Spanned<Option<String>>>,
}
