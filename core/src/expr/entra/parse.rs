//! The parser: text → [`Node`], with byte offsets in every error.

use serde_json::{json, Value};

use super::functions::{self, Signature};
use super::MAX_DEPTH;
use crate::error::Result;
use crate::expr::ast::{Node, Span};
use crate::expr::invalid;

/// The comparison operators, longest first.
const OPERATORS: [&str; 6] = ["<>", "<=", ">=", "=", "<", ">"];

/// Bare words that are constants rather than function names.
const CONSTANTS: [&str; 4] = ["True", "False", "vbBinaryCompare", "vbTextCompare"];

pub(crate) fn parse(text: &str) -> Result<Node> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
    };
    p.ws();
    if p.pos >= p.b.len() {
        return Err(invalid(p.pos, "an expression", "the expression is empty"));
    }
    let node = p.term(0, true)?;
    p.ws();
    if p.pos < p.b.len() {
        let what = if OPERATORS.iter().any(|o| text[p.pos..].starts_with(o)) {
            "a comparison is only allowed as a function's argument (IIF, CBool, ...)"
        } else {
            "unexpected text after the expression"
        };
        return Err(invalid(p.pos, "end of expression", what));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while let Some(c) = self.b.get(self.pos) {
            if c.is_ascii_whitespace() {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// One operand: a call, attribute, string, number or constant.
    fn term(&mut self, depth: usize, top: bool) -> Result<Node> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b'[') => self.attribute(),
            Some(b'&') => self.hex(),
            Some(c) if c.is_ascii_digit() || c == b'-' => self.number(),
            Some(c) if c.is_ascii_alphabetic() => self.word(depth, top),
            _ => Err(invalid(
                start,
                "an expression",
                "expected a function call, an [attribute], a \"string\" or a number",
            )),
        }
    }

    fn string(&mut self) -> Result<Node> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut chunk = self.pos;
        loop {
            match self.peek() {
                None => {
                    return Err(invalid(
                        start,
                        "\"",
                        format!("the string starting at offset {start} is not closed"),
                    ))
                }
                Some(b'"') => {
                    value.push_str(&self.text[chunk..self.pos]);
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => match self.b.get(self.pos + 1) {
                    Some(b'"' | b'\\') => {
                        value.push_str(&self.text[chunk..self.pos]);
                        self.pos += 1;
                        chunk = self.pos;
                        self.pos += 1;
                    }
                    // A backslash before anything else is kept as it is (`"\d"` is `\d`).
                    _ => self.pos += 1,
                },
                Some(_) => self.pos += 1,
            }
        }
        Ok(Node::Literal {
            value: Value::String(value),
            raw: None,
            span: Span::new(start, self.pos),
        })
    }

    fn attribute(&mut self) -> Result<Node> {
        let start = self.pos;
        let Some(rel) = self.text[start + 1..].find(']') else {
            return Err(invalid(
                start,
                "]",
                format!("the attribute name starting at offset {start} is not closed"),
            ));
        };
        let name = &self.text[start + 1..start + 1 + rel];
        if let Some(bad) = name.find('[') {
            return Err(invalid(
                start + 1 + bad,
                "]",
                "an attribute name cannot contain '['",
            ));
        }
        if name.trim().is_empty() {
            return Err(invalid(
                start + 1,
                "an attribute name",
                "the attribute name is empty",
            ));
        }
        self.pos = start + rel + 2;
        Ok(Node::Attribute {
            path: vec![name.to_string()],
            span: Span::new(start, self.pos),
        })
    }

    fn hex(&mut self) -> Result<Node> {
        let start = self.pos;
        if !matches!(self.b.get(start + 1), Some(b'H' | b'h')) {
            return Err(invalid(
                start,
                "&H",
                "'&' starts a hexadecimal number such as &HF7",
            ));
        }
        self.pos += 2;
        let digits = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
            self.pos += 1;
        }
        if self.pos == digits {
            return Err(invalid(self.pos, "a hexadecimal digit", "&H needs digits"));
        }
        let n = i64::from_str_radix(&self.text[digits..self.pos], 16).map_err(|_| {
            invalid(
                start,
                "a number within 64 bits",
                "the hexadecimal number is too large",
            )
        })?;
        Ok(Node::Literal {
            value: json!(n),
            raw: Some(format!("&H{n:X}")),
            span: Span::new(start, self.pos),
        })
    }

    fn number(&mut self) -> Result<Node> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == digits {
            return Err(invalid(
                self.pos,
                "a digit",
                "'-' must be followed by digits",
            ));
        }
        if self
            .peek()
            .is_some_and(|c| c == b'.' || c.is_ascii_alphabetic())
        {
            return Err(invalid(
                self.pos,
                "\",\" or \")\"",
                "numbers are whole numbers (digits only)",
            ));
        }
        let n: i64 = self.text[start..self.pos]
            .parse()
            .map_err(|_| invalid(start, "a number within 64 bits", "the number is too large"))?;
        Ok(Node::Literal {
            value: json!(n),
            raw: None,
            span: Span::new(start, self.pos),
        })
    }

    fn word(&mut self, depth: usize, top: bool) -> Result<Node> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.pos += 1;
        }
        let name = &self.text[start..self.pos];
        let name_end = self.pos;
        self.ws();
        if self.peek() != Some(b'(') {
            if let Some(c) = CONSTANTS.iter().find(|c| c.eq_ignore_ascii_case(name)) {
                self.pos = name_end;
                let span = Span::new(start, name_end);
                return Ok(match *c {
                    "True" => Node::Literal {
                        value: Value::Bool(true),
                        raw: None,
                        span,
                    },
                    "False" => Node::Literal {
                        value: Value::Bool(false),
                        raw: None,
                        span,
                    },
                    c => Node::Literal {
                        value: Value::String(c.to_string()),
                        raw: Some(c.to_string()),
                        span,
                    },
                });
            }
            return Err(invalid(
                self.pos,
                "(",
                format!("{name} must be followed by its arguments in parentheses"),
            ));
        }
        let Some(sig) = functions::lookup(name) else {
            return Err(invalid(
                start,
                "a function name",
                format!("unknown function {name}"),
            ));
        };
        if depth >= MAX_DEPTH {
            return Err(invalid(
                start,
                "a shallower expression",
                format!("functions nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        if sig.name == "SelectUniqueValue" && !top {
            return Err(invalid(
                start,
                "a function other than SelectUniqueValue",
                "SelectUniqueValue must be the whole expression: it cannot be nested",
            ));
        }
        self.pos += 1; // '('
        let mut args: Vec<Node> = Vec::new();
        let mut arg_starts: Vec<usize> = Vec::new();
        self.ws();
        if self.peek() == Some(b')') {
            self.pos += 1;
        } else {
            loop {
                self.ws();
                arg_starts.push(self.pos);
                let arg = if matches!(self.peek(), Some(b',' | b')')) {
                    Node::Missing {
                        span: Span::new(self.pos, self.pos),
                    }
                } else {
                    self.argument(depth + 1)?
                };
                args.push(arg);
                self.ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => {
                        return Err(invalid(
                            self.pos,
                            "\",\" or \")\"",
                            format!(
                                "expected the next argument of {} or the end of its arguments",
                                sig.name
                            ),
                        ))
                    }
                }
            }
        }
        let close = self.pos - 1;
        check_arity(sig, &args, &arg_starts, close)?;
        Ok(Node::Call {
            function: sig.name.to_string(),
            receiver: None,
            args,
            span: Span::new(start, self.pos),
        })
    }

    /// A function's argument: an operand, or a comparison of two.
    fn argument(&mut self, depth: usize) -> Result<Node> {
        let left = self.term(depth, false)?;
        self.ws();
        let Some(op) = OPERATORS
            .iter()
            .find(|o| self.text[self.pos..].starts_with(**o))
        else {
            return Ok(left);
        };
        self.pos += op.len();
        self.ws();
        let right = self.term(depth, false)?;
        let span = Span::new(left.span().start, right.span().end);
        Ok(Node::Binary {
            op: (*op).to_string(),
            left: Box::new(left),
            right: Box::new(right),
            span,
        })
    }
}

fn check_arity(sig: &Signature, args: &[Node], starts: &[usize], close: usize) -> Result<()> {
    let n = args.len();
    if n > sig.max {
        return Err(invalid(
            starts[sig.max],
            ")",
            format!(
                "{} takes {} argument{}, {n} given",
                sig.name,
                if sig.min == sig.max {
                    sig.max.to_string()
                } else {
                    format!("at most {}", sig.max)
                },
                if sig.max == 1 { "" } else { "s" }
            ),
        ));
    }
    if n < sig.min {
        let count = if sig.min == sig.max {
            sig.min.to_string()
        } else {
            format!("at least {}", sig.min)
        };
        return Err(invalid(
            close,
            ",",
            format!(
                "{} takes {count} argument{}, {n} given",
                sig.name,
                if sig.min == 1 { "" } else { "s" }
            ),
        ));
    }
    if sig.name == "Switch" && n % 2 == 1 {
        return Err(invalid(
            close,
            ",",
            "Switch takes its keys and values in pairs: the last key has no value",
        ));
    }
    for (i, a) in args.iter().enumerate() {
        if matches!(a, Node::Missing { .. }) && !sig.may_be_empty(i) {
            return Err(invalid(
                starts[i],
                "an argument",
                format!("argument {} of {} cannot be left empty", i + 1, sig.name),
            ));
        }
    }
    Ok(())
}
