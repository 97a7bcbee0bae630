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

    /// Removes the entry `index` of the mapping `map`, with its key.
    pub(super) fn remove_entry(&mut self, map: &Node, index: usize) {
        let entries = map.entries();
        let (key, value) = &entries[index];
        let range = if map.is_flow() {
            match (entries.get(index + 1), index.checked_sub(1)) {
                // Up to the next key: the entry, its comma and the space after.
                (Some((next, _)), _) => key.span.start..next.span.start,
                // The last one: from the end of the one before, taking its comma.
                (None, Some(before)) => entries[before].1.span.end..value.span.end,
                (None, None) => key.span.start..value.span.end,
            }
        } else {
            let line_start = self.text[..key.span.start].rfind('\n').map_or(0, |i| i + 1);
            let end = self.line_end(value.span.end);
            if self.text[line_start..key.span.start].trim().is_empty() {
                // Whole lines: the key's line to the value's last.
                line_start..end
            } else {
                // `- key: …`: the item's dash stays; the next entry moves up to its line.
                let next_text =
                    self.text[end..].len() - self.text[end..].trim_start_matches(' ').len();
                let end = if index + 1 < entries.len() {
                    end + next_text
                } else {
                    end
                };
                key.span.start..end
            }
        };
        self.list.push((range, String::new()));
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
