//! A YAML document as a tree of nodes that remember where they are in the text.
//!
//! `next-year` changes a project's data node by node (this entry goes, that value becomes
//! `~`) and writes every untouched node back as the user typed it, comments and alignment
//! included. serde gives values without their text; this tree, built from the parser's
//! events (the same parser the loader uses), gives both.

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, StructureStyle};
use std::ops::Range;

/// Why a file cannot be rolled, and where (1-based line and column).
#[derive(Debug)]
pub(super) struct Trouble {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Trouble {
    /// A problem at `node`.
    pub(super) fn at(node: &Node, message: String) -> Trouble {
        Trouble {
            line: node.line,
            column: node.column + 1,
            message,
        }
    }
}

impl From<String> for Trouble {
    /// A problem of the whole file.
    fn from(message: String) -> Trouble {
        Trouble {
            line: 1,
            column: 1,
            message,
        }
    }
}

impl From<&str> for Trouble {
    fn from(message: &str) -> Trouble {
        message.to_owned().into()
    }
}

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
pub(super) fn parse(text: &str) -> Result<Node, Trouble> {
    let mut events = Events {
        parser: Parser::new_from_str(text),
        text,
    };
    loop {
        let (event, span) = events.next()?;
        match event {
            Event::StreamStart | Event::DocumentStart(..) => continue,
            Event::StreamEnd => return Err("the file holds no YAML document".into()),
            _ => return events.node(event, span),
        }
    }
}

struct Events<'t> {
    parser: Parser<'t, serde_saphyr::granit_parser::StrInput<'t>>,
    text: &'t str,
}

impl<'t> Events<'t> {
    fn next(&mut self) -> Result<(Event<'t>, Span), Trouble> {
        match self.parser.next_event() {
            Some(Ok(e)) => Ok(e),
            Some(Err(e)) => Err(e.to_string().into()),
            None => Err("the YAML ends early".into()),
        }
    }

    fn offset(&self, span: &Span, end: bool) -> usize {
        let m = if end { span.end } else { span.start };
        m.byte_offset()
            .unwrap_or_else(|| char_to_byte(self.text, m.index()))
    }

    /// The node that `event` starts, read to its end.
    fn node(&mut self, event: Event<'t>, span: Span) -> Result<Node, Trouble> {
        let start = self.offset(&span, false);
        let line = span.start.line();
        let column = span.start.col();
        match event {
            Event::Scalar(value, style, anchor, _) => {
                refuse_anchor(anchor, line, column)?;
                let mut range = start..self.offset(&span, true);
                if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    range = block_scalar_span(self.text, range.start, range.end);
                }
                Ok(Node {
                    span: range,
                    line,
                    column,
                    kind: Kind::Scalar {
                        value: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                })
            }
            Event::SequenceStart(style, anchor, _) => {
                refuse_anchor(anchor, line, column)?;
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
                refuse_anchor(anchor, line, column)?;
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
            Event::Alias(_) | Event::UnresolvedAlias(_) => Err(Trouble {
                line,
                column: column + 1,
                message:
                    "an alias (`*name`); write the value out, next-year copies nodes one by one"
                        .to_owned(),
            }),
            other => Err(Trouble {
                line,
                column: column + 1,
                message: format!("unexpected YAML event {other:?}"),
            }),
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

/// The bytes of a block scalar (`|`, `>`): its header, then the lines indented at least
/// as deep as its first content line (blank ones between them included). The parser's
/// marks lie at the first content line and at the next token, past trailing blank lines
/// and comments, which belong to what follows.
fn block_scalar_span(text: &str, start: usize, end: usize) -> Range<usize> {
    let header = header_before(&text[..start]).unwrap_or(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    let mut last = start;
    let mut at = line_start;
    for line in text[line_start..end.max(line_start)].split_inclusive('\n') {
        let content = line.trim_end();
        if !content.trim_start().is_empty() {
            if content.len() - content.trim_start_matches(' ').len() < indent {
                break;
            }
            last = at + content.len();
        }
        at += line.len();
    }
    header..last.max(header)
}

/// Where the header `|`, `>-`, `|2+` of a block scalar starts, the scalar's content
/// starting right after `before` (only blank lines lie between).
fn header_before(before: &str) -> Option<usize> {
    let mut cut = before.len();
    while let Some(i) = before[..cut].rfind(['|', '>']) {
        let rest = before[i + 1..].split('\n').next().unwrap_or_default();
        let rest = rest.split('#').next().unwrap_or_default();
        if rest
            .trim()
            .chars()
            .all(|c| matches!(c, '-' | '+' | '1'..='9'))
        {
            return Some(i);
        }
        cut = i;
    }
    None
}

fn refuse_anchor(anchor: usize, line: usize, column: usize) -> Result<(), Trouble> {
    if anchor == 0 {
        Ok(())
    } else {
        Err(Trouble {
            line,
            column: column + 1,
            message: "an anchor (`&name`); write the value out, next-year copies nodes one by one"
                .to_owned(),
        })
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
    fn a_block_scalar_ends_with_its_last_line_not_at_the_next_key() {
        let doc = "a:\n  note: |\n    one\n\n    two\n  # a comment\n\nb: >-\n  x\nc: 1\n";
        let root = parse(doc).unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(
            &doc[a.get("note").unwrap().span.clone()],
            "|\n    one\n\n    two"
        );
        assert_eq!(&doc[a.span.clone()], "note: |\n    one\n\n    two");
        assert_eq!(&doc[root.get("b").unwrap().span.clone()], ">-\n  x");
    }

    #[test]
    fn aliases_and_anchors_are_refused_with_their_line() {
        let e = parse("a: &x 1\nb: *x\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
        assert!(e.message.contains("anchor"), "{e:?}");
    }
}
