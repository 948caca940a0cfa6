//! Parser for filters (RFC 7644 §3.4.2.2) and attribute paths (§3.5.2) over bytes, with explicit
//! length and depth limits, so hostile input cannot overflow the stack.
//!
//! The parser does not recurse: `and`/`or` chains are read by loops into flat n-ary nodes, and
//! nesting (parentheses, `not`, value filters) is kept on an explicit stack that
//! [`DEPTH_CEILING`] bounds whatever the caller asks for. Errors name the kind of token found
//! (`a string`, `a number`, `a word`, `'('`) and never echo text after the error offset, which
//! could be a value such as a password.

use serde_json::{Number, Value};

use super::ast::{display_len, AttrPath, CompareOp, Filter};
use super::number::{json_number_shape, same_decimal};
use crate::error::{Error, Result};

/// Hard ceiling on [`ParseOptions::max_depth`]: a larger `max_depth` counts as this many levels.
///
/// Printing, evaluating and dropping a filter recurse once per level of nesting (never along
/// `and`/`or` chains; parsing keeps its levels on a heap stack), so this ceiling bounds their
/// stack use whatever limits the caller passes. 64 levels is twice the default (32) and far
/// beyond any filter an IdP sends (a handful of levels), yet small enough that a maximally nested
/// filter parses, prints, evaluates and drops within a 256 KiB thread stack in an unoptimized
/// build (tested; the worst case, 64 levels of `(… or …) and …`, needs about 165 KiB unoptimized
/// and under 30 KiB optimized), well inside the stacks of Python worker threads and of wasm
/// (1 MiB by default). 128 levels would not fit that budget unoptimized.
pub const DEPTH_CEILING: usize = 64;

/// Limits and switches for parsing.
///
/// Every accepted filter or path has a canonical text (its `Display`) that is accepted again
/// with the same options and gives the same AST: a text whose canonical form would be longer
/// than `max_length` (canonical printing writes `not(x)` as `not (x)` and `1e3` as `1000.0`) is
/// refused with a limit error, and canonical printing never adds nesting.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// Longest accepted filter or path, in bytes; the limit applies to the canonical text too.
    pub max_length: usize,
    /// Deepest accepted nesting of parentheses, `not` and value filters, at most
    /// [`DEPTH_CEILING`] whatever is set here.
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

/// A check run on every attribute path a filter names, with the attribute whose elements an
/// inner value filter runs over, and whether the path is the container of a value filter
/// (`emails` in `emails[...]`) rather than a tested value; `Some(message)` refuses the path.
pub(crate) type PathCheck<'a> = &'a dyn Fn(&AttrPath, Option<&AttrPath>, bool) -> Option<String>;

/// Parse a filter.
pub fn parse_filter(text: &str, opts: &ParseOptions) -> Result<Filter> {
    parse_filter_checked(text, opts, None)
}

/// Parse a filter, running `check` on each attribute path as it is read (so a refusal carries
/// the path's offset).
pub(crate) fn parse_filter_checked(
    text: &str,
    opts: &ParseOptions,
    check: Option<PathCheck<'_>>,
) -> Result<Filter> {
    let mut p = Parser::new(text, opts, Kind::Filter, check)?;
    p.ws();
    let f = p.or_expr(0, false)?;
    p.ws();
    if p.pos < p.b.len() {
        return Err(p.err("'and', 'or' or the end of the filter"));
    }
    p.canonical_fits(display_len(&f))?;
    Ok(f)
}

/// Parse a PATCH path: `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, each optionally
/// qualified by a schema URN.
pub fn parse_path(text: &str, opts: &ParseOptions) -> Result<AttrPath> {
    parse_path_checked(text, opts, None)
}

/// Parse a PATCH path, running `check` on each attribute path its value filter names.
pub(crate) fn parse_path_checked(
    text: &str,
    opts: &ParseOptions,
    check: Option<PathCheck<'_>>,
) -> Result<AttrPath> {
    let mut p = Parser::new(text, opts, Kind::Path, check)?;
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
        p.within = Some(path.clone());
        let inner = p.or_expr(1, true)?;
        p.within = None;
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
    p.canonical_fits(display_len(&path))?;
    Ok(path)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Filter,
    Path,
}

/// The keywords an error message may quote: a word equal to one of them says nothing about a
/// value; any other word is named only as "a word".
const KEYWORDS: [&str; 16] = [
    "and", "or", "not", "pr", "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "true",
    "false", "null",
];

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    opts: &'a ParseOptions,
    /// `opts.max_depth`, capped at [`DEPTH_CEILING`].
    max_depth: usize,
    kind: Kind,
    check: Option<PathCheck<'a>>,
    /// The attribute whose elements the value filter being read runs over.
    within: Option<AttrPath>,
}

impl<'a> Parser<'a> {
    fn new(
        text: &'a str,
        opts: &'a ParseOptions,
        kind: Kind,
        check: Option<PathCheck<'a>>,
    ) -> Result<Self> {
        let p = Parser {
            text,
            b: text.as_bytes(),
            pos: 0,
            opts,
            max_depth: opts.max_depth.min(DEPTH_CEILING),
            kind,
            check,
            within: None,
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

    fn error(&self, offset: usize, expected: String, message: String) -> Error {
        match self.kind {
            Kind::Filter => Error::InvalidFilter {
                offset,
                expected,
                message,
            },
            Kind::Path => Error::InvalidPath {
                offset,
                expected,
                message,
            },
        }
    }

    fn limit(&self, message: String) -> Error {
        self.error(self.pos, String::new(), message)
    }

    /// Refuse a text whose canonical form (`len` bytes) would exceed the length limit, so the
    /// canonical text of anything accepted is accepted again.
    fn canonical_fits(&self, len: usize) -> Result<()> {
        if len > self.opts.max_length {
            let what = match self.kind {
                Kind::Filter => "filter",
                Kind::Path => "path",
            };
            return Err(self.error(
                0,
                String::new(),
                format!(
                    "the canonical form of this {what} is {len} bytes, longer than {} bytes \
                     (canonical text writes `not (`, full numbers and single spaces)",
                    self.opts.max_length
                ),
            ));
        }
        Ok(())
    }

    /// The first char boundary at or after the cursor.
    fn at(&self) -> usize {
        (self.pos.min(self.b.len())..=self.b.len())
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(self.b.len())
    }

    /// What kind of token starts at byte `at`, in words that never quote a value: "a string",
    /// "a number", "a word" (a keyword is quoted), "the end", "a space", or one punctuation
    /// character.
    fn found(&self, at: usize) -> String {
        let rest = &self.text[at..];
        let Some(c) = rest.chars().next() else {
            return "the end".into();
        };
        match c {
            '"' => "a string".into(),
            '-' | '0'..='9' => "a number".into(),
            c if c.is_whitespace() => "a space".into(),
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let word: &str = rest
                    .split(|c: char| {
                        !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '$'))
                    })
                    .next()
                    .unwrap_or("");
                match KEYWORDS.iter().find(|k| k.eq_ignore_ascii_case(word)) {
                    Some(k) => format!("the keyword '{k}'"),
                    None => "a word".into(),
                }
            }
            c if c.is_ascii_punctuation() => format!("{c:?}"),
            c if c.is_control() => "a control character".into(),
            _ => "a non-ASCII character".into(),
        }
    }

    /// A syntax error at the cursor: what was expected, and the kind of token found there.
    fn err(&self, expected: &str) -> Error {
        let at = self.at();
        self.err_found(at, expected, &self.found(at))
    }

    fn err_found(&self, at: usize, expected: &str, found: &str) -> Error {
        self.error(
            at,
            expected.to_string(),
            format!("expected {expected} at offset {at}, found {found}"),
        )
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

    fn deeper(&self, depth: usize) -> Result<usize> {
        if depth + 1 > self.max_depth {
            Err(self.limit(format!(
                "nested deeper than {} levels at offset {}",
                self.max_depth, self.pos
            )))
        } else {
            Ok(depth + 1)
        }
    }

    /// Run the caller's check on a path that starts at byte `start` (`container`: a value
    /// filter follows it).
    fn check_path(&self, path: &AttrPath, start: usize, container: bool) -> Result<()> {
        match self
            .check
            .and_then(|check| check(path, self.within.as_ref(), container))
        {
            Some(message) => Err(self.error(start, String::new(), message)),
            None => Ok(()),
        }
    }

    /// A filter expression, read without recursion:
    ///
    /// ```text
    /// or_expr   = and_expr *(SP "or" SP and_expr)
    /// and_expr  = unary *(SP "and" SP unary)
    /// unary     = "not" [SP] "(" or_expr ")" / "(" or_expr ")" / attr_expr
    /// attr_expr = path "[" or_expr "]" ["." name comparison] / path comparison
    /// ```
    ///
    /// Each open `not (`, `(` or `attr[` is a [`Frame`] on an explicit stack (at most
    /// `max_depth` of them), holding the `or` and `and` operands read so far at its level.
    /// `depth` is the nesting level of the text read and `inb` whether it is inside a value
    /// filter.
    fn or_expr(&mut self, depth: usize, inb: bool) -> Result<Filter> {
        let mut stack = vec![Frame::new(Open::Top, depth, inb)];
        loop {
            let Some(mut operand) = self.open_or_operand(&mut stack)? else {
                continue;
            };
            // Attach the operand, then read `and`, `or`, or the end of the innermost group
            // (which makes that group an operand of the one around it).
            loop {
                let Some(mut frame) = stack.pop() else {
                    return Ok(operand);
                };
                push_flat(&mut frame.ands, operand, true);
                let save = self.pos;
                if self.ws() {
                    if self.keyword("and") {
                        if !self.ws() {
                            return Err(self.err("a space after 'and'"));
                        }
                        stack.push(frame);
                        break;
                    }
                    if self.keyword("or") {
                        if !self.ws() {
                            return Err(self.err("a space after 'or'"));
                        }
                        let ands = std::mem::take(&mut frame.ands);
                        push_flat(&mut frame.ors, collapse(ands, Filter::And), false);
                        stack.push(frame);
                        break;
                    }
                }
                self.pos = save;
                operand = self.close(frame)?;
            }
        }
    }

    /// At the start of an operand: open a group (`not (`, `(`, `attr[`) and return `None`, or
    /// read a comparison and return it.
    fn open_or_operand(&mut self, stack: &mut Vec<Frame>) -> Result<Option<Filter>> {
        let (depth, inb) = stack.last().map_or((0, false), |f| (f.depth, f.inb));
        if self.keyword("not") {
            let d = self.deeper(depth)?;
            self.ws();
            self.expect(b'(', "'(' after 'not'")?;
            self.ws();
            stack.push(Frame::new(Open::Not, d, inb));
            return Ok(None);
        }
        if self.peek() == Some(b'(') {
            let d = self.deeper(depth)?;
            self.pos += 1;
            self.ws();
            stack.push(Frame::new(Open::Paren, d, inb));
            return Ok(None);
        }
        let start = self.pos;
        let path = self.attr_path()?;
        let container = self.peek() == Some(b'[');
        self.check_path(&path, start, container)?;
        if !container {
            return self.comparison(path).map(Some);
        }
        if path.sub.is_some() {
            return Err(self.err("an operator ('[' may follow only an attribute name)"));
        }
        if inb {
            return Err(self.err("an operator (value filters do not nest)"));
        }
        let d = self.deeper(depth)?;
        self.pos += 1;
        self.ws();
        self.within = Some(path.clone());
        stack.push(Frame::new(Open::Value { path, start }, d, true));
        Ok(None)
    }

    /// The end of a group: its closing character, and the operand it makes.
    fn close(&mut self, frame: Frame) -> Result<Filter> {
        let Frame {
            open,
            mut ors,
            ands,
            ..
        } = frame;
        push_flat(&mut ors, collapse(ands, Filter::And), false);
        let inner = collapse(ors, Filter::Or);
        match open {
            Open::Top => Ok(inner),
            Open::Paren => {
                self.ws();
                self.expect(b')', "')'")?;
                Ok(inner)
            }
            Open::Not => {
                self.ws();
                self.expect(b')', "')'")?;
                Ok(Filter::Not(Box::new(inner)))
            }
            Open::Value { mut path, start } => {
                self.within = None;
                self.ws();
                self.expect(b']', "']'")?;
                if self.peek() != Some(b'.') {
                    return Ok(Filter::ValuePath {
                        path,
                        filter: Box::new(inner),
                    });
                }
                // Entra: emails[type eq "work"].value eq "x"
                if !self.opts.lenient {
                    return Err(self.err(
                        "an operator or ']' (a value filter followed by '.sub' is accepted in lenient mode only)",
                    ));
                }
                self.pos += 1;
                path.sub = Some(self.name("a sub-attribute name")?);
                path.filter = Some(Box::new(inner));
                self.check_path(&path, start, false)?;
                self.comparison(path)
            }
        }
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
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => self.number(),
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

    /// A JSON string literal. An error inside it is reported at its opening quote, and never
    /// quotes its content.
    fn string(&mut self) -> Result<Value> {
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
                self.err_found(
                    start,
                    "a JSON string literal with valid escapes",
                    "a string with an invalid escape or a raw control character",
                )
            })
    }

    /// A JSON number literal, kept exactly or refused: an integer within 64 bits (signed or
    /// unsigned), or a decimal that a 64-bit float holds without rounding, i.e. whose canonical
    /// text denotes the same number (`2.50` and `1e3` are kept as 2.5 and 1000.0; a 17th
    /// significant digit the float cannot tell apart, `1e400` and `1e-400` are refused). `-0`
    /// is the float -0.0, as serde_json reads it in a resource.
    fn number(&mut self) -> Result<Value> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.pos += 1;
        }
        let lit = &self.text[start..self.pos];
        let Some(integer) = json_number_shape(lit) else {
            self.pos = start;
            return Err(self.err("a JSON number"));
        };
        let n = if integer {
            if lit == "-0" {
                Number::from_f64(-0.0)
            } else if let Ok(i) = lit.parse::<i64>() {
                Some(Number::from(i))
            } else if let Ok(u) = lit.parse::<u64>() {
                Some(Number::from(u))
            } else {
                return Err(self.err_found(
                    start,
                    "an integer from -9223372036854775808 to 18446744073709551615",
                    "an integer beyond 64 bits (refused rather than rounded)",
                ));
            }
        } else {
            lit.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .filter(|n| same_decimal(lit, &n.to_string()))
        };
        match n {
            Some(n) => Ok(Value::Number(n)),
            None => Err(self.err_found(
                start,
                "a number that a 64-bit float holds exactly",
                "a number with more significant digits or a larger or smaller exponent than a \
                 64-bit float keeps (refused rather than rounded)",
            )),
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
        Ok(AttrPath {
            urn,
            name,
            filter: None,
            sub,
        })
    }
}

/// What opened a level of nesting.
enum Open {
    /// The whole filter (or a path's value filter): closed by the caller.
    Top,
    /// `(`, closed by `)`.
    Paren,
    /// `not (`, closed by `)`.
    Not,
    /// `attr[`, closed by `]`; `start` is the offset of the attribute path.
    Value { path: AttrPath, start: usize },
}

/// One open level of nesting and the operands read at it: `ors` holds the finished `and`
/// groups, `ands` the operands of the current one.
struct Frame {
    open: Open,
    ors: Vec<Filter>,
    ands: Vec<Filter>,
    /// The nesting level of the text inside.
    depth: usize,
    /// Whether the text inside is in a value filter.
    inb: bool,
}

impl Frame {
    fn new(open: Open, depth: usize, inb: bool) -> Self {
        Frame {
            open,
            ors: Vec::new(),
            ands: Vec::new(),
            depth,
            inb,
        }
    }
}

/// Append an operand to an `and` (`and_list`) or `or` list, splicing in the operands of a
/// parenthesized group of the same kind, so `(a and b) and c` is `And([a, b, c])`.
fn push_flat(items: &mut Vec<Filter>, x: Filter, and_list: bool) {
    match x {
        Filter::And(inner) if and_list => items.extend(inner),
        Filter::Or(inner) if !and_list => items.extend(inner),
        x => items.push(x),
    }
}

/// One operand stands for itself; more make an n-ary node.
fn collapse(mut items: Vec<Filter>, node: fn(Vec<Filter>) -> Filter) -> Filter {
    match items.pop() {
        Some(x) if items.is_empty() => x,
        Some(x) => {
            items.push(x);
            node(items)
        }
        None => node(items),
    }
}
