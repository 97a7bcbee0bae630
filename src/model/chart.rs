//! Charts as the data declares them (`data/<section>/charts.yaml`): what is drawn, in
//! which order, with which words, and where every figure comes from. Every figure is a
//! [`Place`] of the model (a fact or a table cell), never a number of its own, so a chart
//! prints what the tables and facts print, rounded by their rules.

use super::Place;
use crate::diag::Span;
use crate::lang::Label;

pub struct Chart {
    pub id: String,
    pub section: String,
    pub kind: ChartKind,
    pub title: Label,
    pub order: Order,
    /// Slices, bar groups or x-axis points, as written.
    pub categories: Vec<Label>,
    pub series: Vec<Series>,
    pub span: Span,
}

pub struct Series {
    /// Needed in the legend when a chart has more than one series.
    pub label: Option<Label>,
    pub role: Role,
    /// One figure per category; `None` where the data leaves the point unknown (`~`).
    pub points: Vec<Option<Place>>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Shares of one whole as a ring; one series.
    Donut,
    /// Bars growing to the right, one group per category (several series: grouped).
    HorizontalBar,
    /// Columns growing upwards, one group per category (several series: grouped).
    VerticalBar,
    /// Columns with the series stacked on each other.
    StackedBar,
    /// One line per series over the categories.
    Line,
}

impl ChartKind {
    pub const ALL: [ChartKind; 5] = [
        ChartKind::Donut,
        ChartKind::HorizontalBar,
        ChartKind::VerticalBar,
        ChartKind::StackedBar,
        ChartKind::Line,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Donut => "donut",
            ChartKind::HorizontalBar => "horizontal_bar",
            ChartKind::VerticalBar => "vertical_bar",
            ChartKind::StackedBar => "stacked_bar",
            ChartKind::Line => "line",
        }
    }

    pub fn parse(name: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The order categories are drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    AsWritten,
    /// Largest first by the first series' exact value (ties keep the written order).
    Descending,
}

/// What a series' colour says; the palette maps each role to a colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Primary,
    Secondary,
    Tertiary,
    Increase,
    Decrease,
    Net,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Primary,
        Role::Secondary,
        Role::Tertiary,
        Role::Increase,
        Role::Decrease,
        Role::Net,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Secondary => "secondary",
            Role::Tertiary => "tertiary",
            Role::Increase => "increase",
            Role::Decrease => "decrease",
            Role::Net => "net",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}
