//! A YAML document as a tree of nodes that remember where they are in the text.
//!
//! `next-year` changes a project's data node by node (this entry goes, that value becomes
//! `~`) and writes every untouched node back as the user typed it, comments and alignment
//! included. serde gives values without their text; this tree, built from the parser's
//! events (the same parser the loader uses), gives both.

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, StructureStyle};
use std::ops::Range;

/// One node and the bytes of the document it covers.
#[derive(Debug)]
pub(super) struct Node {
    pub span: Range<usize>,
    /// The line (1-based) the node starts on, for messages.
    pub line: usize,
    /// The column (0-based) it starts at, for indenting a line written beside it.
    pub column: usize,
    pub kind: Kind,
}

#[derive(Debug)]
pub(super) enum Kind {
    /// A scalar and its value after YAML's escapes; `plain` when written without quotes.
    Scalar {
        value: String,
        plain: bool,
    },
    Seq {
        flow: bool,
        items: Vec<Node>,
    },
    Map {
        flow: bool,
        entries: Vec<(Node, Node)>,
    },
}

impl Node {
    /// The entry `key` of a mapping.
    pub(super) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The entry `key` of a mapping, key node and value node.
    pub(super) fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries().iter().find(|(k, _)| k.scalar() == Some(key))
    }

    /// A mapping's entries (none for anything else).
    pub(super) fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            Kind::Map { entries, .. } => entries,
            _ => &[],
        }
    }

    /// A sequence's items (none for anything else).
    pub(super) fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq { items, .. } => items,
            _ => &[],
        }
    }

    /// The text of a scalar.
    pub(super) fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether the node is `~`, `null` or empty, YAML's null.
    pub(super) fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, plain: true } if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// Whether the node is a collection written in flow style (`{…}`, `[…]`).
    pub(super) fn is_flow(&self) -> bool {
        matches!(
            &self.kind,
            Kind::Seq { flow: true, .. } | Kind::Map { flow: true, .. }
        )
    }
}

/// Parses the first document of `text`. Aliases and anchors are refused: a node copied or
/// removed by itself could break the reference of another.
pub(super) fn parse(text: &str) -> Result<Node, String> {
    let mut events = Events {
        parser: Parser::new_from_str(text),
        text,
    };
    loop {
        let (event, span) = events.next()?;
        match event {
            Event::StreamStart | Event::DocumentStart(..) => continue,
            Event::StreamEnd => return Err("the file holds no YAML document".to_owned()),
            _ => return events.node(event, span),
        }
    }
}

struct Events<'t> {
    parser: Parser<'t, serde_saphyr::granit_parser::StrInput<'t>>,
    text: &'t str,
}

impl<'t> Events<'t> {
    fn next(&mut self) -> Result<(Event<'t>, Span), String> {
        match self.parser.next_event() {
            Some(Ok(e)) => Ok(e),
            Some(Err(e)) => Err(e.to_string()),
            None => Err("the YAML ends early".to_owned()),
        }
    }

    fn offset(&self, span: &Span, end: bool) -> usize {
        let m = if end { span.end } else { span.start };
        m.byte_offset()
            .unwrap_or_else(|| char_to_byte(self.text, m.index()))
    }

    /// The node that `event` starts, read to its end.
    fn node(&mut self, event: Event<'t>, span: Span) -> Result<Node, String> {
        let start = self.offset(&span, false);
        let line = span.start.line();
        let column = span.start.col();
        match event {
            Event::Scalar(value, style, anchor, _) => {
                refuse_anchor(anchor, line)?;
                Ok(Node {
                    span: start..self.offset(&span, true),
                    line,
                    column,
                    kind: Kind::Scalar {
                        value: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                })
            }
            Event::SequenceStart(style, anchor, _) => {
                refuse_anchor(anchor, line)?;
                let mut items = Vec::new();
                let end = loop {
                    let (e, s) = self.next()?;
                    if matches!(e, Event::SequenceEnd) {
                        break self.offset(&s, true);
                    }
                    items.push(self.node(e, s)?);
                };
                let flow = style == StructureStyle::Flow;
                let span = self.extent(start, end, flow, items.last());
                Ok(Node {
                    span,
                    line,
                    column,
                    kind: Kind::Seq { flow, items },
                })
            }
            Event::MappingStart(style, anchor, _) => {
                refuse_anchor(anchor, line)?;
                let mut entries = Vec::new();
                let end = loop {
                    let (e, s) = self.next()?;
                    if matches!(e, Event::MappingEnd) {
                        break self.offset(&s, true);
                    }
                    let key = self.node(e, s)?;
                    let (e, s) = self.next()?;
                    let value = self.node(e, s)?;
                    entries.push((key, value));
                };
                let flow = style == StructureStyle::Flow;
                let span = self.extent(start, end, flow, entries.last().map(|(_, v)| v));
                Ok(Node {
                    span,
                    line,
                    column,
                    kind: Kind::Map { flow, entries },
                })
            }
            Event::Alias(_) | Event::UnresolvedAlias(_) => Err(format!(
                "line {line}: an alias (`*name`); write the value out, next-year copies nodes one by one"
            )),
            other => Err(format!("line {line}: unexpected YAML event {other:?}")),
        }
    }

    /// A collection's bytes: flow ones end at their bracket; a block one ends where its
    /// last item does (the parser's end marker lies at the next token, past comments).
    fn extent(&self, start: usize, end: usize, flow: bool, last: Option<&Node>) -> Range<usize> {
        match (flow, last) {
            (false, Some(last)) => start..last.span.end,
            _ => start..end.max(start),
        }
    }
}

fn refuse_anchor(anchor: usize, line: usize) -> Result<(), String> {
    if anchor == 0 {
        Ok(())
    } else {
        Err(format!(
            "line {line}: an anchor (`&name`); write the value out, next-year copies nodes one by one"
        ))
    }
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
title: { kk: \"Қ {year}\", ru: \"Р\" }   # comment
values:            # hired, left
  women: [91, -89]
  men:   { a: 1, b: ~ }
published:
  all:   [\"495\", ~]
list:
  - key: x
    label: y
";

    fn text<'a>(n: &Node) -> &'a str {
        &DOC[n.span.clone()]
    }

    #[test]
    fn nodes_know_their_bytes_and_lines() {
        let root = parse(DOC).unwrap();
        assert_eq!(
            root.entries()
                .iter()
                .map(|(k, _)| k.scalar().unwrap())
                .collect::<Vec<_>>(),
            ["title", "values", "published", "list"]
        );
        assert_eq!(
            text(root.get("title").unwrap()),
            "{ kk: \"Қ {year}\", ru: \"Р\" }"
        );
        let values = root.get("values").unwrap();
        assert_eq!(values.line, 3);
        assert!(!values.is_flow());
        assert_eq!(text(values), "women: [91, -89]\n  men:   { a: 1, b: ~ }");
        assert_eq!(text(values.get("women").unwrap()), "[91, -89]");
        assert_eq!(text(&values.get("women").unwrap().items()[1]), "-89");
        let men = values.get("men").unwrap();
        assert!(men.get("b").unwrap().is_null());
        assert!(!men.get("a").unwrap().is_null());
        assert_eq!(
            text(root.get("published").unwrap().get("all").unwrap()),
            "[\"495\", ~]"
        );
        let list = root.get("list").unwrap();
        assert_eq!(text(list), "- key: x\n    label: y");
        assert_eq!(list.items()[0].get("label").unwrap().scalar(), Some("y"));
    }

    #[test]
    fn aliases_and_anchors_are_refused_with_their_line() {
        let e = parse("a: &x 1\nb: *x\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("anchor"), "{e}");
    }
}
