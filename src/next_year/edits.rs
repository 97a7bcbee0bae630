//! Changes to one YAML document, addressed by node, applied in one pass.
//!
//! Each change names a node of the parsed [`tree`](super::tree) (replace this value,
//! remove that entry) and is turned into a byte range here, from the node's span, with the
//! layout rules of YAML's two styles: a block entry goes with its whole lines, a flow entry
//! with its separating comma. Everything outside the changed ranges is written back as it
//! was, comments included.

use super::tree::{Kind, Node};
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

    /// Writes `with`, a one-line flow value, as the value of the entry `key: value`. A block
    /// collection is replaced from the key's colon, so the new value sits on the key's line
    /// (an indentless `- item` list would otherwise keep its first dash).
    pub(super) fn replace_value(&mut self, key: &Node, value: &Node, with: String) {
        match (&value.kind, value.is_flow()) {
            (Kind::Scalar { .. }, _) | (_, true) => self.replace(value, with),
            _ => {
                let colon = self.colon_after(key).unwrap_or(key.span.end);
                self.list.push((colon..value.span.end, format!(" {with}")));
            }
        }
    }

    /// Just past the `:` that follows `key`, if one does (spaces between allowed).
    fn colon_after(&self, key: &Node) -> Option<usize> {
        let rest = &self.text[key.span.end..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        rest[gap..]
            .starts_with(':')
            .then_some(key.span.end + gap + 1)
    }

    /// Where the entry `key: value` ends: its value's end, or, for an empty value, the
    /// colon after the key (or the key itself, `{ a, b }`).
    fn entry_end(&self, key: &Node, value: &Node) -> usize {
        if value.span.end > key.span.end && !value.span.is_empty() {
            return value.span.end;
        }
        self.colon_after(key).unwrap_or(key.span.end)
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
            let start = entries[first].0.span.start;
            let end = self.entry_end(&entries[last].0, &entries[last].1);
            match (entries.get(last + 1), first.checked_sub(1)) {
                // Up to the next key: the entries, their commas and the space after.
                (Some((next, _)), _) => self.list.push((start..next.span.start, String::new())),
                // At the end: the comma of the one before goes too. On one line, with the
                // space before; across lines only the comma, so a comment after it stays.
                (None, Some(before)) => {
                    let before_end = self.entry_end(&entries[before].0, &entries[before].1);
                    let between = &self.text[before_end..start];
                    match between.contains('\n') {
                        false => self.list.push((before_end..end, String::new())),
                        true => {
                            if let Some(comma) = between.find(',') {
                                let at = before_end + comma;
                                self.list.push((at..at + 1, String::new()));
                            }
                            self.list.push((start..end, String::new()));
                        }
                    }
                }
                (None, None) => self.list.push((start..end, String::new())),
            }
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
        let end = self.line_end(self.entry_end(key, value));
        // `? key` on its line, `: value` on the next: YAML's explicit key goes whole too.
        let prefix = self.text[line_start..key.span.start].trim();
        if prefix.is_empty() || prefix == "?" {
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
    fn an_empty_last_value_in_a_flow_map_goes_with_its_colon() {
        let text = "f: { value: 10, published: }\ng: { value: 5, published }\n";
        let out = edit(text, |root, e| {
            for fact in ["f", "g"] {
                let map = root.get(fact).unwrap();
                e.remove_entry(map, index(map, "published"));
            }
        });
        assert_eq!(out, "f: { value: 10 }\ng: { value: 5 }\n");
    }

    #[test]
    fn a_comment_before_a_removed_last_flow_entry_stays() {
        let text = "f: { unit: people,\n     value: 10,  # from p. 4\n     published: \"10\" }\n";
        let out = edit(text, |root, e| {
            let map = root.get("f").unwrap();
            e.remove_entry(map, index(map, "published"));
        });
        assert_eq!(
            out,
            "f: { unit: people,\n     value: 10  # from p. 4\n      }\n"
        );
        assert!(parse(&out).is_ok());
    }

    #[test]
    fn an_explicit_key_goes_with_its_question_mark() {
        let text = "a: 1\n? unverifiable\n: { kk: x, ru: y }\nchecks: []\n";
        let out = edit(text, |root, e| {
            e.remove_entry(root, index(root, "unverifiable"))
        });
        assert_eq!(out, "a: 1\nchecks: []\n");
    }

    #[test]
    fn an_indentless_block_sequence_is_replaced_with_its_dashes() {
        let text = "values:\n  srs:\n  - 91\n  - 85\n  other: [1]\n";
        let out = edit(text, |root, e| {
            let (key, value) = root.get("values").unwrap().entry("srs").unwrap();
            e.replace_value(key, value, "[85, ~]".into())
        });
        assert_eq!(out, "values:\n  srs: [85, ~]\n  other: [1]\n");
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
