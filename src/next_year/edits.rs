//! Changes to one YAML document, addressed by node, applied in one pass.
//!
//! Each change names a node of the parsed [`tree`](super::tree) (replace this value,
//! remove that entry) and is turned into a byte range here, from the node's span, with the
//! layout rules of YAML's two styles: a block entry goes with its whole lines, a flow entry
//! with its separating comma. Everything outside the changed ranges is written back as it
//! was, comments included.

use super::tree::Node;
use std::ops::Range;

pub(super) struct Edits<'t> {
    text: &'t str,
    list: Vec<(Range<usize>, String)>,
}

impl<'t> Edits<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Edits {
            text,
            list: Vec::new(),
        }
    }

    /// The source text of a node, as typed.
    pub(super) fn source(&self, node: &Node) -> &'t str {
        &self.text[node.span.clone()]
    }

    /// Writes `with` in place of `node`.
    pub(super) fn replace(&mut self, node: &Node, with: String) {
        self.list.push((node.span.clone(), with));
    }

    /// Writes the line `line` (ending with its newline) after the line where `node` ends.
    pub(super) fn insert_line_after(&mut self, node: &Node, line: String) {
        let at = self.line_end(node.span.end);
        let line = if self.text[..at].ends_with('\n') {
            line
        } else {
            format!("\n{line}")
        };
        self.list.push((at..at, line));
    }

    /// Removes the entries `indices` of the mapping `map`, with their keys. They are
    /// removed together, so that neighbours in a flow map share their commas rightly.
    pub(super) fn remove_entries(&mut self, map: &Node, indices: &[usize]) {
        let mut sorted = indices.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        if !map.is_flow() {
            for i in sorted {
                let range = self.block_entry(map.entries(), i);
                self.list.push((range, String::new()));
            }
            return;
        }
        // Runs of neighbours go as one: `{ a: 1, b: 2, c: 3 }` without b and c is `{ a: 1 }`.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for i in sorted {
            match runs.last_mut() {
                Some((_, last)) if *last + 1 == i => *last = i,
                _ => runs.push((i, i)),
            }
        }
        let entries = map.entries();
        for (first, last) in runs {
            let range = match (entries.get(last + 1), first.checked_sub(1)) {
                // Up to the next key: the entries, their commas and the space after.
                (Some((next, _)), _) => entries[first].0.span.start..next.span.start,
                // At the end: from the end of the one before, taking its comma.
                (None, Some(before)) => entries[before].1.span.end..entries[last].1.span.end,
                (None, None) => entries[first].0.span.start..entries[last].1.span.end,
            };
            self.list.push((range, String::new()));
        }
    }

    /// Removes the entry `index` of the mapping `map`, with its key.
    pub(super) fn remove_entry(&mut self, map: &Node, index: usize) {
        self.remove_entries(map, &[index]);
    }

    /// The bytes of entry `index` of a block mapping: its whole lines, or from its key
    /// when it shares its first line with a sequence's dash.
    fn block_entry(&self, entries: &[(Node, Node)], index: usize) -> Range<usize> {
        let (key, value) = &entries[index];
        let line_start = self.text[..key.span.start].rfind('\n').map_or(0, |i| i + 1);
        let end = self.line_end(value.span.end);
        if self.text[line_start..key.span.start].trim().is_empty() {
            // Whole lines: the key's line to the value's last.
            return line_start..end;
        }
        // `- key: …`: the item's dash stays; the next entry moves up to its line.
        let next_text = self.text[end..].len() - self.text[end..].trim_start_matches(' ').len();
        match index + 1 < entries.len() {
            true => key.span.start..end + next_text,
            false => key.span.start..end,
        }
    }

    /// The offset just past the end of the line holding `at` (its newline included).
    fn line_end(&self, at: usize) -> usize {
        self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i + 1)
    }

    /// The document with every change made. Changes may not overlap (a bug if they do).
    pub(super) fn apply(mut self) -> Result<String, String> {
        self.list.sort_by_key(|(r, _)| (r.start, r.end));
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for (range, with) in &self.list {
            if range.start < at {
                return Err(format!(
                    "two changes overlap at byte {} (an esep bug: please report it)",
                    range.start
                ));
            }
            out.push_str(&self.text[at..range.start]);
            out.push_str(with);
            at = range.end;
        }
        out.push_str(&self.text[at..]);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::parse;
    use super::*;

    fn edit(text: &str, f: impl Fn(&Node, &mut Edits)) -> String {
        let root = parse(text).unwrap();
        let mut e = Edits::new(text);
        f(&root, &mut e);
        e.apply().unwrap()
    }

    fn index(map: &Node, key: &str) -> usize {
        map.entries()
            .iter()
            .position(|(k, _)| k.scalar() == Some(key))
            .unwrap()
    }

    #[test]
    fn a_block_entry_goes_with_its_lines_and_comments_elsewhere_stay() {
        let text = "a: 1   # one\npublished:\n  x: [\"1\", ~]   # printed\n  y: [\"2\"]\nb: 2\n";
        let out = edit(text, |root, e| {
            e.remove_entry(root, index(root, "published"))
        });
        assert_eq!(out, "a: 1   # one\nb: 2\n");
    }

    #[test]
    fn a_flow_entry_goes_with_its_comma() {
        let text =
            "f: { unit: date, value: 3, published: \"3\" }\ng: { published: \"1\", value: 2 }\n";
        let out = edit(text, |root, e| {
            for fact in ["f", "g"] {
                let map = root.get(fact).unwrap();
                e.remove_entry(map, index(map, "published"));
            }
        });
        assert_eq!(out, "f: { unit: date, value: 3 }\ng: { value: 2 }\n");
        assert!(parse(&out).is_ok());
    }

    #[test]
    fn neighbours_in_a_flow_map_go_together() {
        let text = "f: { value: 3, published: \"3\", note: x }\ng: { a: 1, published: 2, claim: 3, b: 4 }\nh: { published: 1, claim: 2 }\n";
        let out = edit(text, |root, e| {
            for fact in ["f", "g", "h"] {
                let map = root.get(fact).unwrap();
                let gone: Vec<usize> = ["published", "note", "claim"]
                    .iter()
                    .filter_map(|k| {
                        map.entries()
                            .iter()
                            .position(|(n, _)| n.scalar() == Some(k))
                    })
                    .collect();
                e.remove_entries(map, &gone);
            }
        });
        assert_eq!(out, "f: { value: 3 }\ng: { a: 1, b: 4 }\nh: {  }\n");
        assert!(parse(&out).is_ok());
    }

    #[test]
    fn a_block_scalar_goes_with_its_lines_and_the_next_key_stays() {
        let text = "a: 1\nnote: |\n  one\n  two\n\n# kept\nb: 2\n";
        let out = edit(text, |root, e| e.remove_entry(root, index(root, "note")));
        assert_eq!(out, "a: 1\n\n# kept\nb: 2\n");
    }

    #[test]
    fn an_entry_after_a_dash_leaves_the_dash_to_the_next_entry() {
        let text = "checks:\n  - on_fail: warning\n    expect: x\n    equals: y\n";
        let out = edit(text, |root, e| {
            let item = &root.get("checks").unwrap().items()[0];
            e.remove_entry(item, index(item, "on_fail"));
        });
        assert_eq!(out, "checks:\n  - expect: x\n    equals: y\n");
    }

    #[test]
    fn a_multi_line_flow_value_is_replaced_whole() {
        let text = "note: { kk: \"a\",\n        ru: \"b\" }\non_fail: warning\n";
        let out = edit(text, |root, e| {
            e.replace(root.get("note").unwrap(), "~".into())
        });
        assert_eq!(out, "note: ~\non_fail: warning\n");
    }

    #[test]
    fn overlapping_changes_are_refused() {
        let text = "a: { b: 1 }\n";
        let root = parse(text).unwrap();
        let mut e = Edits::new(text);
        e.replace(root.get("a").unwrap(), "~".into());
        e.replace(root.get("a").unwrap().get("b").unwrap(), "2".into());
        assert!(e.apply().unwrap_err().contains("overlap"));
    }
}
