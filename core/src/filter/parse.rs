//! Parser for filters (RFC 7644 §3.4.2.2) and attribute paths (§3.5.2): recursive descent over
//! bytes with explicit length and depth limits, so hostile input cannot overflow the stack.

use serde_json::Value;

use super::ast::{AttrPath, CompareOp, Filter};
use crate::error::{Error, Result};

/// Limits and switches for parsing.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// Longest accepted filter or path, in bytes.
    pub max_length: usize,
    /// Deepest accepted nesting of parentheses, `not` and value filters.
    pub max_depth: usize,
    /// Accept Entra's `emails[type eq "work"].value eq "x"` (a value filter inside a compared path).
    pub lenient: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_length: 8 * 1024,
            max_depth: 32,
            lenient: false,
        }
    }
}

/// Parse a filter.
pub fn parse_filter(text: &str, opts: &ParseOptions) -> Result<Filter> {
    let mut p = Parser::new(text, opts, Kind::Filter)?;
    p.ws();
    let f = p.or_expr(0, false)?;
    p.ws();
    if p.pos < p.b.len() {
        return Err(p.err("'and', 'or' or the end of the filter"));
    }
    Ok(f)
}

/// Parse a PATCH path: `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, each optionally
/// qualified by a schema URN.
pub fn parse_path(text: &str, opts: &ParseOptions) -> Result<AttrPath> {
    let mut p = Parser::new(text, opts, Kind::Path)?;
    if text.trim() != text || text.is_empty() {
        return Err(p.err("an attribute path with no surrounding spaces"));
    }
    let mut path = p.attr_path()?;
    if p.peek() == Some(b'[') {
        if path.sub.is_some() {
            return Err(p.err("a value filter directly after the attribute name"));
        }
        p.pos += 1;
        p.ws();
        let inner = p.or_expr(1, true)?;
        p.ws();
        p.expect(b']', "']'")?;
        path.filter = Some(Box::new(inner));
        if p.peek() == Some(b'.') {
            p.pos += 1;
            path.sub = Some(p.name("a sub-attribute name")?);
        }
    }
    if p.pos < p.b.len() {
        return Err(p.err("the end of the path"));
    }
    Ok(path)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Filter,
    Path,
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    opts: &'a ParseOptions,
    kind: Kind,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, opts: &'a ParseOptions, kind: Kind) -> Result<Self> {
        let p = Parser {
            text,
            b: text.as_bytes(),
            pos: 0,
            opts,
            kind,
        };
        if text.len() > opts.max_length {
            return Err(p.limit(format!(
                "longer than {} bytes ({} bytes)",
                opts.max_length,
                text.len()
            )));
        }
        Ok(p)
    }

    fn limit(&self, message: String) -> Error {
        match self.kind {
            Kind::Filter => Error::InvalidFilter {
                offset: self.pos,
                expected: String::new(),
                message,
            },
            Kind::Path => Error::InvalidPath {
                offset: self.pos,
                expected: String::new(),
                message,
            },
        }
    }

    fn err(&self, expected: &str) -> Error {
        let at = (self.pos.min(self.b.len())..=self.b.len())
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(self.b.len());
        let found = match self.text[at..].chars().next() {
            None => "the end".to_string(),
            Some(c) => {
                let rest: String = self.text[at..].chars().take(12).collect();
                if c.is_whitespace() {
                    "a space".to_string()
                } else {
                    format!("{rest:?}")
                }
            }
        };
        let message = format!("expected {expected} at offset {at}, found {found}");
        match self.kind {
            Kind::Filter => Error::InvalidFilter {
                offset: at,
                expected: expected.to_string(),
                message,
            },
            Kind::Path => Error::InvalidPath {
                offset: at,
                expected: expected.to_string(),
                message,
            },
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) -> bool {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c == b' ' || c == b'\t' || c == b'\n' || c == b'\r')
        {
            self.pos += 1;
        }
        self.pos > start
    }

    fn expect(&mut self, c: u8, what: &str) -> Result<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(what))
        }
    }

    /// The keyword at the cursor (letters only), without consuming it.
    fn word(&self) -> &'a str {
        let end = self.b[self.pos..]
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .map_or(self.b.len(), |n| self.pos + n);
        &self.text[self.pos..end]
    }

    /// A keyword followed by a delimiter (space, '(' or the end).
    fn keyword(&mut self, kw: &str) -> bool {
        let w = self.word();
        if w.eq_ignore_ascii_case(kw) {
            let after = self.b.get(self.pos + w.len()).copied();
            if after.is_none()
                || matches!(
                    after,
                    Some(b' ' | b'\t' | b'\n' | b'\r' | b'(' | b')' | b']')
                )
            {
                self.pos += w.len();
                return true;
            }
        }
        false
    }

    fn or_expr(&mut self, depth: usize, inb: bool) -> Result<Filter> {
        let mut left = self.and_expr(depth, inb)?;
        loop {
            let save = self.pos;
            if !self.ws() {
                return Ok(left);
            }
            if self.keyword("or") {
                if !self.ws() {
                    return Err(self.err("a space after 'or'"));
                }
                let right = self.and_expr(depth, inb)?;
                left = Filter::Or(Box::new(left), Box::new(right));
            } else {
                self.pos = save;
                return Ok(left);
            }
        }
    }

    fn and_expr(&mut self, depth: usize, inb: bool) -> Result<Filter> {
        let mut left = self.unary(depth, inb)?;
        loop {
            let save = self.pos;
            if !self.ws() {
                return Ok(left);
            }
            if self.keyword("and") {
                if !self.ws() {
                    return Err(self.err("a space after 'and'"));
                }
                let right = self.unary(depth, inb)?;
                left = Filter::And(Box::new(left), Box::new(right));
            } else {
                self.pos = save;
                return Ok(left);
            }
        }
    }

    fn deeper(&self, depth: usize) -> Result<usize> {
        if depth + 1 > self.opts.max_depth {
            Err(self.limit(format!(
                "nested deeper than {} levels at offset {}",
                self.opts.max_depth, self.pos
            )))
        } else {
            Ok(depth + 1)
        }
    }

    fn unary(&mut self, depth: usize, inb: bool) -> Result<Filter> {
        if self.keyword("not") {
            let d = self.deeper(depth)?;
            self.ws();
            self.expect(b'(', "'(' after 'not'")?;
            self.ws();
            let inner = self.or_expr(d, inb)?;
            self.ws();
            self.expect(b')', "')'")?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        if self.peek() == Some(b'(') {
            let d = self.deeper(depth)?;
            self.pos += 1;
            self.ws();
            let inner = self.or_expr(d, inb)?;
            self.ws();
            self.expect(b')', "')'")?;
            return Ok(inner);
        }
        self.attr_expr(depth, inb)
    }

    fn attr_expr(&mut self, depth: usize, inb: bool) -> Result<Filter> {
        let mut path = self.attr_path()?;
        if self.peek() == Some(b'[') {
            if path.sub.is_some() {
                return Err(self.err("an operator ('[' may follow only an attribute name)"));
            }
            if inb {
                return Err(self.err("an operator (value filters do not nest)"));
            }
            let d = self.deeper(depth)?;
            self.pos += 1;
            self.ws();
            let inner = self.or_expr(d, true)?;
            self.ws();
            self.expect(b']', "']'")?;
            if self.peek() == Some(b'.') {
                // Entra: emails[type eq "work"].value eq "x"
                if !self.opts.lenient {
                    return Err(self.err(
                        "an operator or ']' (a value filter followed by '.sub' is accepted in lenient mode only)",
                    ));
                }
                self.pos += 1;
                path.sub = Some(self.name("a sub-attribute name")?);
                path.filter = Some(Box::new(inner));
                return self.comparison(path);
            }
            return Ok(Filter::ValuePath {
                path,
                filter: Box::new(inner),
            });
        }
        self.comparison(path)
    }

    fn comparison(&mut self, path: AttrPath) -> Result<Filter> {
        if !self.ws() {
            return Err(
                self.err("a space and an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)")
            );
        }
        let w = self.word();
        if w.eq_ignore_ascii_case("pr") && self.keyword("pr") {
            return Ok(Filter::Present { path });
        }
        let Some(op) = CompareOp::parse(w) else {
            return Err(self.err("an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)"));
        };
        self.pos += w.len();
        if !self.ws() {
            return Err(self.err("a space and a value"));
        }
        let value = self.value()?;
        Ok(Filter::Compare { path, op, value })
    }

    fn value(&mut self) -> Result<Value> {
        match self.peek() {
            Some(b'"') => {
                let start = self.pos;
                self.pos += 1;
                loop {
                    match self.peek() {
                        None => return Err(self.err("a closing '\"'")),
                        Some(b'\\') => self.pos += 2,
                        Some(b'"') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) => self.pos += 1,
                    }
                }
                let lit = self
                    .text
                    .get(start..self.pos.min(self.b.len()))
                    .unwrap_or("");
                serde_json::from_str::<String>(lit)
                    .map(Value::String)
                    .map_err(|_| {
                        let mut e = self.err("a JSON string literal with valid escapes");
                        if let Error::InvalidFilter { offset, .. }
                        | Error::InvalidPath { offset, .. } = &mut e
                        {
                            *offset = start;
                        }
                        e
                    })
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                while self.peek().is_some_and(|c| {
                    c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E')
                }) {
                    self.pos += 1;
                }
                serde_json::from_str::<serde_json::Number>(&self.text[start..self.pos])
                    .map(Value::Number)
                    .map_err(|_| {
                        self.pos = start;
                        self.err("a JSON number")
                    })
            }
            _ => {
                for (kw, v) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self.keyword(kw) {
                        return Ok(v);
                    }
                }
                Err(self.err("a value: a \"string\", a number, true, false or null"))
            }
        }
    }

    /// An attribute name per RFC 7643 §2.1, or `$ref`.
    fn name(&mut self, what: &str) -> Result<String> {
        let start = self.pos;
        if self.text[self.pos..].starts_with("$ref") {
            self.pos += 4;
            return Ok("$ref".into());
        }
        if !self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            return Err(self.err(what));
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        {
            self.pos += 1;
        }
        Ok(self.text[start..self.pos].to_string())
    }

    /// `[urn ":"] name ["." sub]`. A URN prefix runs to the last ':' of the path token, so the
    /// split is always after the schema URN and never inside a version such as `2.0`.
    fn attr_path(&mut self) -> Result<AttrPath> {
        let start = self.pos;
        let mut urn = None;
        if self.text[self.pos..]
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
        {
            // The path token ends at whitespace, '[', ']', '(' or ')'.
            let end = self.b[self.pos..]
                .iter()
                .position(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b']' | b'(' | b')'))
                .map_or(self.b.len(), |n| self.pos + n);
            let token = &self.text[self.pos..end];
            let Some(colon) = token.rfind(':') else {
                return Err(self.err("an attribute path"));
            };
            let u = &token[..colon];
            if u.len() <= 4 || u.chars().any(|c| c.is_control() || c == '"') {
                return Err(self.err("a schema URN"));
            }
            urn = Some(u.to_string());
            self.pos += colon + 1;
        }
        let name = self.name(if urn.is_some() {
            "an attribute name after the schema URN"
        } else {
            "an attribute name"
        })?;
        let mut sub = None;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            sub = Some(self.name("a sub-attribute name after '.'")?);
        }
        if self.peek() == Some(b'.') {
            return Err(self.err("at most one sub-attribute"));
        }
        let _ = start;
        Ok(AttrPath {
            urn,
            name,
            filter: None,
            sub,
        })
    }
}
