//! A table's columns: leaves (`key`), spanners (`group`), and one group or leaf per member
//! of a dimension (`each`). Builds the header tree and the flat list of leaf columns.

use super::*;

/// Where the columns of one table go while its header tree is walked.
pub(super) struct Level<'l, 'r> {
    pub file: &'l Path,
    pub dims: &'l BTreeMap<String, Dimension>,
    /// The leaf columns, left to right.
    pub out: &'l mut Vec<Column>,
    /// Each leaf's `derive`, if it has one.
    pub rules: &'l mut Vec<Option<&'r Spanned<RawRule>>>,
}

impl Builder<'_> {
    /// Builds the header tree and the leaf columns of one level.
    pub(super) fn columns<'r>(
        &mut self,
        raws: &'r [Spanned<RawColumn>],
        prefix: &str,
        path: &[Label],
        level: &mut Level<'_, 'r>,
    ) -> Vec<HeaderNode> {
        let mut nodes = Vec::new();
        for rc in raws {
            let span = span_of(rc, level.file);
            let c = &rc.value;
            let kinds = usize::from(c.key.is_some())
                + usize::from(c.group.is_some())
                + usize::from(c.each.is_some());
            if kinds != 1 {
                self.err(Code::InvalidRule, span, "a column needs exactly one of `key` (a column), `group` (a spanner) or `each` (one group per dimension member)");
                continue;
            }
            if let Some(group) = &c.group {
                let label = self.label(group, level.file);
                let Some(children) = &c.columns else {
                    self.err(Code::InvalidRule, span, "a `group` needs `columns`");
                    continue;
                };
                let mut p = path.to_vec();
                p.push(label.clone());
                let children = self.columns(children, prefix, &p, level);
                nodes.push(HeaderNode {
                    label,
                    children,
                    leaf: None,
                });
            } else if let Some(each) = &c.each {
                let Some(dim) = level.dims.get(&each.value) else {
                    let span = span_of(each, level.file);
                    self.push(table::unknown_dimension(&each.value, span, level.dims));
                    continue;
                };
                for m in &dim.members {
                    let node = self.each_member(rc, m, prefix, path, level);
                    nodes.push(node);
                }
            } else if let Some(node) = self.leaf(rc, prefix, path, level) {
                nodes.push(node);
            }
        }
        nodes
    }

    /// One member of an `each` column: a group of the column's children, or a leaf.
    fn each_member<'r>(
        &mut self,
        rc: &'r Spanned<RawColumn>,
        m: &Member,
        prefix: &str,
        path: &[Label],
        level: &mut Level<'_, 'r>,
    ) -> HeaderNode {
        let c = &rc.value;
        let mut p = path.to_vec();
        p.push(m.label.clone());
        if let Some(children) = &c.columns {
            let first = level.out.len();
            let children = self.columns(children, &format!("{prefix}{}.", m.key), &p, level);
            for column in &mut level.out[first..] {
                column.window |= m.window;
            }
            return HeaderNode {
                label: m.label.clone(),
                children,
                leaf: None,
            };
        }
        let file = level.file;
        let node = HeaderNode {
            label: m.label.clone(),
            children: Vec::new(),
            leaf: Some(level.out.len()),
        };
        let column = Column {
            key: format!("{prefix}{}", m.key),
            label_path: p,
            rule: None,
            precision: self.precision(c.precision.as_ref(), file),
            format: self.format(c.format.as_ref(), file),
            blank_in_total: self.blank_in_total(c, file),
            signed: c.signed.unwrap_or(false),
            apportioned: self.apportioned(c, file),
            window: m.window,
            span: span_of(rc, file),
        };
        level.out.push(column);
        level.rules.push(None);
        node
    }

    /// A leaf column `{key, label}`, with its rule if it is derived.
    fn leaf<'r>(
        &mut self,
        rc: &'r Spanned<RawColumn>,
        prefix: &str,
        path: &[Label],
        level: &mut Level<'_, 'r>,
    ) -> Option<HeaderNode> {
        let (c, file) = (&rc.value, level.file);
        let key = c.key.as_ref()?;
        self.check_key("column key", &key.value, span_of(key, file));
        let full = format!("{prefix}{}", key.value);
        if level.out.iter().any(|x| x.key == full) {
            self.err(
                Code::DefinedTwice,
                span_of(key, file),
                format!("column `{full}` appears twice"),
            );
        }
        let span = span_of(rc, file);
        let Some(label) = &c.label else {
            self.err(
                Code::InvalidRule,
                span,
                format!("column `{}` needs a `label`", key.value),
            );
            return None;
        };
        let label = self.label(label, file);
        let mut p = path.to_vec();
        p.push(label.clone());
        let node = HeaderNode {
            label,
            children: Vec::new(),
            leaf: Some(level.out.len()),
        };
        let column = Column {
            key: full,
            label_path: p,
            rule: c
                .derive
                .as_ref()
                .map(|r| placeholder_rule(span_of(r, file))),
            precision: self.precision(c.precision.as_ref(), file),
            format: self.format(c.format.as_ref(), file),
            blank_in_total: self.blank_in_total(c, file),
            signed: c.signed.unwrap_or(false),
            apportioned: self.apportioned(c, file),
            window: false,
            span,
        };
        level.out.push(column);
        level.rules.push(c.derive.as_ref());
        Some(node)
    }
}
