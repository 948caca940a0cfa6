//! Lexer and recursive-descent parser of the Okta Expression Language (a SpEL subset).

use serde_json::{Number, Value};

use super::funcs::{self, Arity};
use crate::error::{Error, Result};
use crate::expr::ast::{Node, Span};
use crate::expr::invalid;

/// The deepest tree the parser builds (nested parentheses, calls, operator chains).
pub(super) const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Int(i64),
    Float(f64),
    Ident(String),
    /// An operator or punctuation, as written.
    Op(&'static str),
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

const OPS: [&str; 22] = [
    "?:", "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "?", ":", "(", ")", "{",
    "}", "[", "]", ",", ".",
];

fn lex(text: &str) -> Result<Vec<Token>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == b'\'' || c == b'"' {
            // A quote doubled stands for itself; a backslash is an ordinary character.
            let mut s = String::new();
            let mut j = i + 1;
            let mut seg = j;
            loop {
                match b.get(j) {
                    None => {
                        return Err(invalid(
                            start,
                            "a closing quote",
                            "the string is not terminated",
                        ))
                    }
                    Some(&q) if q == c => {
                        s.push_str(&text[seg..j]);
                        if b.get(j + 1) == Some(&c) {
                            s.push(char::from(c));
                            j += 2;
                            seg = j;
                        } else {
                            j += 1;
                            break;
                        }
                    }
                    Some(_) => j += 1,
                }
            }
            out.push(Token {
                tok: Tok::Str(s),
                start,
                end: j,
            });
            i = j;
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let mut float = false;
            if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
                float = true;
                j += 1;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
            }
            if matches!(b.get(j), Some(b'e' | b'E')) {
                let mut k = j + 1;
                if matches!(b.get(k), Some(b'+' | b'-')) {
                    k += 1;
                }
                if b.get(k).is_some_and(u8::is_ascii_digit) {
                    float = true;
                    j = k;
                    while j < b.len() && b[j].is_ascii_digit() {
                        j += 1;
                    }
                }
            }
            let raw = &text[i..j];
            let tok = if float {
                match raw.parse::<f64>() {
                    Ok(f) if f.is_finite() => Tok::Float(f),
                    _ => return Err(invalid(start, "a number", "the number is out of range")),
                }
            } else {
                match raw.parse::<i64>() {
                    Ok(n) => Tok::Int(n),
                    Err(_) => return Err(invalid(start, "a number", "the number is out of range")),
                }
            };
            out.push(Token { tok, start, end: j });
            i = j;
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'$') {
                j += 1;
            }
            out.push(Token {
                tok: Tok::Ident(text[i..j].to_string()),
                start,
                end: j,
            });
            i = j;
        } else if let Some(op) = OPS.iter().find(|op| b[i..].starts_with(op.as_bytes())) {
            out.push(Token {
                tok: Tok::Op(op),
                start,
                end: i + op.len(),
            });
            i += op.len();
        } else {
            let ch = text[i..].chars().next().unwrap_or('?');
            let message = match ch {
                '=' => "assignment (`=`) is not allowed; compare with `==`".to_string(),
                '&' | '|' => {
                    format!("`{ch}` alone is not an operator; use `&&`/`AND` or `||`/`OR`")
                }
                _ => format!("unexpected character {ch:?}"),
            };
            return Err(invalid(start, "an operator or a value", message));
        }
    }
    out.push(Token {
        tok: Tok::End,
        start: text.len(),
        end: text.len(),
    });
    Ok(out)
}

/// Parse `text` into a tree.
pub(super) fn parse(text: &str) -> Result<Node> {
    let toks = lex(text)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let (node, _) = p.expression()?;
    let t = p.peek();
    if t.tok != Tok::End {
        return Err(invalid(
            t.start,
            "an operator or the end of the expression",
            "unexpected text after a complete expression",
        ));
    }
    Ok(node)
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    /// Recursion depth (parentheses, arguments, list items, unary operators).
    depth: usize,
}

/// A node and the depth of its tree.
type Parsed = (Node, usize);

fn too_deep(offset: usize) -> Error {
    invalid(
        offset,
        "a less deeply nested expression",
        format!("the expression nests deeper than {MAX_DEPTH} levels"),
    )
}

fn span(start: usize, end: usize) -> Span {
    Span::new(start, end)
}

fn binary(op: &str, left: Parsed, right: Parsed) -> Result<Parsed> {
    let depth = left.1.max(right.1) + 1;
    let s = span(left.0.span().start, right.0.span().end);
    if depth > MAX_DEPTH {
        return Err(too_deep(s.start));
    }
    Ok((
        Node::Binary {
            op: op.to_string(),
            left: Box::new(left.0),
            right: Box::new(right.0),
            span: s,
        },
        depth,
    ))
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(&self.peek().tok, Tok::Op(o) if *o == op)
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(w) if w.eq_ignore_ascii_case(word))
    }

    fn expect_op(&mut self, op: &str, what: &str) -> Result<Token> {
        if self.is_op(op) {
            Ok(self.next())
        } else {
            let t = self.peek();
            Err(invalid(t.start, format!("`{op}`"), what.to_string()))
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(too_deep(self.peek().start));
        }
        Ok(())
    }

    /// expression := or ( '?' expression ':' expression | '?:' expression )?
    fn expression(&mut self) -> Result<Parsed> {
        self.enter()?;
        let test = self.or()?;
        let out = if self.is_op("?") {
            self.next();
            let then = self.expression()?;
            self.expect_op(":", "the ternary operator needs `:` and a value for false")?;
            let otherwise = self.expression()?;
            let depth = test.1.max(then.1).max(otherwise.1) + 1;
            let s = span(test.0.span().start, otherwise.0.span().end);
            if depth > MAX_DEPTH {
                return Err(too_deep(s.start));
            }
            (
                Node::Conditional {
                    test: Box::new(test.0),
                    then: Box::new(then.0),
                    otherwise: Box::new(otherwise.0),
                    span: s,
                },
                depth,
            )
        } else if self.is_op("?:") {
            self.next();
            let right = self.expression()?;
            binary("?:", test, right)?
        } else {
            test
        };
        self.depth -= 1;
        Ok(out)
    }

    fn or(&mut self) -> Result<Parsed> {
        let mut left = self.and()?;
        while self.is_op("||") || self.is_word("or") {
            self.next();
            let right = self.and()?;
            left = binary("OR", left, right)?;
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Parsed> {
        let mut left = self.relational()?;
        while self.is_op("&&") || self.is_word("and") {
            self.next();
            let right = self.relational()?;
            left = binary("AND", left, right)?;
        }
        Ok(left)
    }

    fn relational(&mut self) -> Result<Parsed> {
        let left = self.additive()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.is_op(op) {
                self.next();
                let right = self.additive()?;
                return binary(op, left, right);
            }
        }
        Ok(left)
    }

    fn additive(&mut self) -> Result<Parsed> {
        let mut left = self.unary()?;
        while self.is_op("+") {
            self.next();
            let right = self.unary()?;
            left = binary("+", left, right)?;
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Parsed> {
        if self.is_op("!") || self.is_op("-") {
            self.enter()?;
            let t = self.next();
            let op = if let Tok::Op(o) = t.tok { o } else { "!" };
            let operand = self.unary()?;
            self.depth -= 1;
            let s = span(t.start, operand.0.span().end);
            return Ok((
                Node::Unary {
                    op: op.to_string(),
                    operand: Box::new(operand.0),
                    span: s,
                },
                operand.1 + 1,
            ));
        }
        self.postfix()
    }

    /// Arguments after the `(` already consumed, up to and including `)`.
    fn arguments(&mut self) -> Result<(Vec<Node>, usize, usize)> {
        let mut args = Vec::new();
        let mut depth = 0;
        if !self.is_op(")") {
            loop {
                let a = self.expression()?;
                depth = depth.max(a.1);
                args.push(a.0);
                if self.is_op(",") {
                    self.next();
                    continue;
                }
                break;
            }
        }
        let close = self.expect_op(")", "expected `,` or `)` after an argument")?;
        Ok((args, depth, close.end))
    }

    fn postfix(&mut self) -> Result<Parsed> {
        let mut node = self.primary()?;
        loop {
            if self.is_op("[") {
                self.enter()?;
                self.next();
                let index = self.expression()?;
                let close = self.expect_op("]", "expected `]` after the index")?;
                self.depth -= 1;
                let depth = node.1.max(index.1) + 1;
                let s = span(node.0.span().start, close.end);
                if depth > MAX_DEPTH {
                    return Err(too_deep(s.start));
                }
                node = (
                    Node::Index {
                        target: Box::new(node.0),
                        index: Box::new(index.0),
                        span: s,
                    },
                    depth,
                );
            } else if self.is_op(".") {
                self.next();
                let name = self.next();
                let Tok::Ident(method) = name.tok else {
                    return Err(invalid(
                        name.start,
                        "a method name",
                        "expected a method after `.`",
                    ));
                };
                if !self.is_op("(") {
                    return Err(invalid(
                        self.peek().start,
                        "`(`",
                        "only a method call can follow a call, an index or a literal",
                    ));
                }
                node = self.method(node, &method, name.start)?;
            } else {
                return Ok(node);
            }
        }
    }

    /// A method call on `receiver`; the current token is `(`.
    fn method(&mut self, receiver: Parsed, name: &str, at: usize) -> Result<Parsed> {
        let canonical = funcs::method(name).ok_or_else(|| unknown(name, at, true))?;
        self.enter()?;
        self.next();
        let (args, d, end) = self.arguments()?;
        self.depth -= 1;
        check_arity(canonical.0, canonical.1, args.len(), at, true)?;
        let depth = receiver.1.max(d) + 1;
        let s = span(receiver.0.span().start, end);
        if depth > MAX_DEPTH {
            return Err(too_deep(s.start));
        }
        Ok((
            Node::Call {
                function: canonical.0.to_string(),
                receiver: Some(Box::new(receiver.0)),
                args,
                span: s,
            },
            depth,
        ))
    }

    fn primary(&mut self) -> Result<Parsed> {
        let t = self.next();
        let leaf = |value: Value| {
            Ok((
                Node::Literal {
                    value,
                    raw: None,
                    span: span(t.start, t.end),
                },
                1,
            ))
        };
        match &t.tok {
            Tok::Str(s) => leaf(Value::String(s.clone())),
            Tok::Int(n) => leaf(Value::from(*n)),
            Tok::Float(f) => leaf(Number::from_f64(*f).map_or(Value::Null, Value::Number)),
            Tok::Op("(") => {
                // `expression` counts the level.
                let inner = self.expression()?;
                self.expect_op(")", "expected `)` to close the parenthesis")?;
                Ok(inner)
            }
            Tok::Op("{") => {
                self.enter()?;
                let mut items = Vec::new();
                let mut depth = 0;
                if !self.is_op("}") {
                    loop {
                        let item = self.expression()?;
                        depth = depth.max(item.1);
                        items.push(item.0);
                        if self.is_op(",") {
                            self.next();
                            continue;
                        }
                        break;
                    }
                }
                let close = self.expect_op("}", "expected `,` or `}` in the list")?;
                self.depth -= 1;
                Ok((
                    Node::List {
                        items,
                        span: span(t.start, close.end),
                    },
                    depth + 1,
                ))
            }
            Tok::Ident(word) => {
                let lower = word.to_ascii_lowercase();
                match lower.as_str() {
                    "true" => return leaf(Value::Bool(true)),
                    "false" => return leaf(Value::Bool(false)),
                    "null" => return leaf(Value::Null),
                    "and" | "or" => {
                        return Err(invalid(
                            t.start,
                            "a value",
                            format!("`{word}` needs a value before it"),
                        ))
                    }
                    _ => {}
                }
                self.reference(word.clone(), t.start, t.end)
            }
            Tok::End => Err(invalid(t.start, "a value", "the expression ends too early")),
            Tok::Op(op) => Err(invalid(t.start, "a value", format!("unexpected `{op}`"))),
        }
    }

    /// An identifier chain: a function call (`String.len(...)`, `substring(...)`), an attribute
    /// (`user.firstName`) or a method on an attribute (`user.email.toLowerCase()`).
    fn reference(&mut self, first: String, start: usize, first_end: usize) -> Result<Parsed> {
        if self.is_op("(") {
            return self.function(&first, start);
        }
        if funcs::is_family(&first) {
            self.expect_op(
                ".",
                "a function family such as String needs `.function(...)`",
            )?;
            let name = self.next();
            let Tok::Ident(member) = name.tok else {
                return Err(invalid(
                    name.start,
                    "a function name",
                    format!("expected a function of {first}"),
                ));
            };
            let full = format!("{first}.{member}");
            if !self.is_op("(") {
                return Err(invalid(
                    self.peek().start,
                    "`(`",
                    format!("{full} is a function: call it with `(...)`"),
                ));
            }
            return self.function(&full, start);
        }
        let mut path = vec![first];
        let mut end = first_end;
        while self.is_op(".") {
            // `.name(` is a method on what precedes it: the postfix loop takes it.
            if matches!(
                self.toks.get(self.pos + 2),
                Some(Token {
                    tok: Tok::Op("("),
                    ..
                })
            ) {
                break;
            }
            self.next();
            let name = self.next();
            let Tok::Ident(part) = name.tok else {
                return Err(invalid(
                    name.start,
                    "an attribute name",
                    "expected an attribute name after `.`",
                ));
            };
            path.push(part);
            end = name.end;
        }
        if path.len() == 1 && !self.is_op(".") {
            return Err(invalid(
                start,
                "an attribute reference such as user.firstName",
                format!("`{}` alone is neither a value nor a function; attributes are written root.name (user.{}, appuser.{}, ...)", path[0], path[0], path[0]),
            ));
        }
        if path.len() > MAX_DEPTH {
            return Err(too_deep(start));
        }
        Ok((
            Node::Attribute {
                path,
                span: span(start, end),
            },
            1,
        ))
    }

    /// A function call; the current token is `(`.
    fn function(&mut self, name: &str, at: usize) -> Result<Parsed> {
        let (canonical, arity) = funcs::function(name).ok_or_else(|| unknown(name, at, false))?;
        self.enter()?;
        self.next();
        let (args, d, end) = self.arguments()?;
        self.depth -= 1;
        check_arity(canonical, arity, args.len(), at, false)?;
        Ok((
            Node::Call {
                function: canonical.to_string(),
                receiver: None,
                args,
                span: span(at, end),
            },
            d + 1,
        ))
    }
}

fn unknown(name: &str, at: usize, method: bool) -> Error {
    if let Some(why) = funcs::unsupported(name) {
        return invalid(
            at,
            "a function scimgate can evaluate",
            format!("{name} {why}"),
        );
    }
    let kind = if method { "method" } else { "function" };
    invalid(
        at,
        format!("a known {kind}"),
        format!("unknown {kind} {name}"),
    )
}

fn check_arity(name: &str, arity: Arity, n: usize, at: usize, method: bool) -> Result<()> {
    if arity.accepts(n) {
        return Ok(());
    }
    let kind = if method { "method" } else { "function" };
    Err(invalid(
        at,
        format!("{} argument(s)", arity.describe()),
        format!(
            "the {kind} {name} takes {} argument(s), not {n}",
            arity.describe()
        ),
    ))
}
