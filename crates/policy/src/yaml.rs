//! The one module that reads YAML: a tree of nodes that each know their
//! line and column, so every rule error can name its place.
//!
//! `serde_yaml` (archived, `0.9.34+deprecated`) stops at the first error
//! and gives no positions for values, so it cannot report all rule errors
//! at once with `file:line:column`. This module builds on `saphyr-parser`,
//! the maintained YAML 1.2 parser of the project that succeeds serde_yaml,
//! and resolves scalars with the YAML 1.2 core schema. Aliases are expanded
//! under a node budget, so an alias bomb is an error, not an allocation.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// A position in a source file (1-based line and column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pos {
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// A YAML node with its position.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) pos: Pos,
}

#[derive(Clone, Debug)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// The YAML type name, for "expected a list, found a string" messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A YAML syntax error or a limit hit while reading.
#[derive(Clone, Debug)]
pub(crate) struct YamlError {
    pub(crate) pos: Pos,
    pub(crate) message: String,
    /// A limit was hit (the YAML itself may be fine).
    pub(crate) over_limit: bool,
}

/// Limits on what one file may expand into.
#[derive(Clone, Copy, Debug)]
pub(crate) struct YamlLimits {
    pub(crate) max_nodes: usize,
    pub(crate) max_depth: usize,
}

fn pos_of(span: &Span) -> Pos {
    Pos {
        line: span.start.line() as u32,
        col: span.start.col() as u32 + 1,
    }
}

fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return Value::Int(i);
        }
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Int(i);
        }
    }
    let looks_float = s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float {
        if let Ok(f) = s.parse::<f64>() {
            return Value::Float(f);
        }
    }
    match s {
        ".inf" | ".Inf" | "+.inf" => Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" => Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" => Value::Float(f64::NAN),
        _ => Value::Str(s.to_owned()),
    }
}

fn size(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Map(pairs) => 1 + pairs.iter().map(|(k, v)| size(k) + size(v)).sum::<usize>(),
        _ => 1,
    }
}

enum Frame {
    Seq(Vec<Node>, Pos, usize),
    Map(Vec<(Node, Node)>, Option<Node>, Pos, usize),
}

/// Parses every document of `text`.
pub(crate) fn parse(text: &str, limits: YamlLimits) -> Result<Vec<Node>, YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut nodes = 0usize;
    let too_big = |pos: Pos, what: &str| YamlError {
        pos,
        message: format!("the file expands beyond the limit of {what}"),
        over_limit: true,
    };
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| YamlError {
            pos: Pos {
                line: e.marker().line() as u32,
                col: e.marker().col() as u32 + 1,
            },
            message: e.info().to_owned(),
            over_limit: false,
        })?;
        let pos = pos_of(&span);
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, _tag) => {
                let value = if style == ScalarStyle::Plain {
                    resolve_plain(&text)
                } else {
                    Value::Str(text.into_owned())
                };
                (Node { value, pos }, anchor)
            }
            Event::Alias(id) => {
                let node = anchors.get(&id).cloned().ok_or_else(|| YamlError {
                    pos,
                    message: "alias to an unknown anchor".into(),
                    over_limit: false,
                })?;
                nodes += size(&node);
                if nodes > limits.max_nodes {
                    return Err(too_big(
                        pos,
                        &format!("{} nodes (alias expansion)", limits.max_nodes),
                    ));
                }
                (node, 0)
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(too_big(
                        pos,
                        &format!("{} levels of nesting", limits.max_depth),
                    ));
                }
                stack.push(Frame::Seq(Vec::new(), pos, anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(too_big(
                        pos,
                        &format!("{} levels of nesting", limits.max_depth),
                    ));
                }
                stack.push(Frame::Map(Vec::new(), None, pos, anchor));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, pos, anchor)) => (
                    Node {
                        value: Value::Seq(items),
                        pos,
                    },
                    anchor,
                ),
                _ => continue,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(pairs, _, pos, anchor)) => (
                    Node {
                        value: Value::Map(pairs),
                        pos,
                    },
                    anchor,
                ),
                _ => continue,
            },
            _ => continue,
        };
        nodes += 1;
        if nodes > limits.max_nodes {
            return Err(too_big(pos, &format!("{} nodes", limits.max_nodes)));
        }
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => docs.push(node),
            Some(Frame::Seq(items, ..)) => items.push(node),
            Some(Frame::Map(pairs, key, ..)) => match key.take() {
                None => *key = Some(node),
                Some(k) => pairs.push((k, node)),
            },
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: YamlLimits = YamlLimits {
        max_nodes: 10_000,
        max_depth: 32,
    };

    #[test]
    fn positions_and_scalars() {
        let docs = parse("a: 1\nb:\n  - x\n  - 'true'\n  - true\n", LIMITS).unwrap();
        let Value::Map(pairs) = &docs[0].value else {
            panic!()
        };
        assert_eq!(pairs[1].0.pos, Pos { line: 2, col: 1 });
        let Value::Seq(items) = &pairs[1].1.value else {
            panic!()
        };
        assert_eq!(items[0].pos, Pos { line: 3, col: 5 });
        assert!(matches!(items[1].value, Value::Str(_)));
        assert!(matches!(items[2].value, Value::Bool(true)));
        assert!(matches!(pairs[0].1.value, Value::Int(1)));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, prev) in ["b", "c", "d", "e", "f"]
            .iter()
            .zip(["a", "b", "c", "d", "e"])
        {
            y.push_str(&format!("{i}: &{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let err = parse(&y, LIMITS).unwrap_err();
        assert!(err.message.contains("limit"), "{}", err.message);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("a: [1, 2\nb: 3\n", LIMITS).unwrap_err();
        assert!(err.pos.line >= 1);
    }
}
