//! The lexical layer of the OneLogin forms: placeholders inside text (`{firstname}`,
//! `{$user.firstname}`) and a small JSON reader that keeps the byte offset of every value, so a
//! problem inside a template is reported where it is written.

use crate::error::Result;
use crate::expr::ast::Span;
use crate::expr::invalid;

/// Deepest nesting of arrays and objects a template or rule may have.
pub(super) const MAX_DEPTH: usize = 64;

/// Which placeholders a text may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Attribute macros: `{firstname}`, `{user.custom_fields.name}`.
    Macro,
    /// SCIM JSON template placeholders: `{$user.x}`, `{$user.custom_fields.x}`,
    /// `{$parameters.x}`.
    Dollar,
    /// No placeholders: braces are plain text (JSON keys, rule condition values).
    Plain,
}

/// A piece of a text: literal text (decoded) or a placeholder.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    /// Literal text, JSON escapes decoded.
    Text(String),
    /// A placeholder: its path (`["firstname"]`, `["$user", "custom_fields", "x"]`) and where
    /// it is, braces included.
    Place(Vec<String>, Span),
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Scan `text[start..end]` into pieces. `json`: the range is the inside of a JSON string
/// (escapes are decoded, control characters refused).
pub(super) fn scan(
    text: &str,
    start: usize,
    end: usize,
    mode: Mode,
    json: bool,
) -> Result<Vec<Piece>> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut i = start;
    let mut run = start; // start of the current run of plain bytes
    while i < end {
        let b = bytes[i];
        if json && b == b'\\' {
            lit.push_str(&text[run..i]);
            i = decode_escape(text, i, end, &mut lit)?;
            run = i;
            continue;
        }
        if json && b < 0x20 {
            return Err(invalid(
                i,
                "a character or an escape",
                "a control character must be escaped inside a JSON string",
            ));
        }
        if mode != Mode::Plain && b == b'}' {
            return Err(invalid(
                i,
                "text or a placeholder",
                "unbalanced `}`: no placeholder is open (write a literal brace in a JSON string as \\u007d)",
            ));
        }
        if mode != Mode::Plain && b == b'{' {
            lit.push_str(&text[run..i]);
            if !lit.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut lit)));
            }
            let (path, next) = placeholder(text, i, end, mode)?;
            pieces.push(Piece::Place(path, Span::new(i, next)));
            i = next;
            run = i;
            continue;
        }
        i += 1;
    }
    lit.push_str(&text[run..end]);
    if !lit.is_empty() {
        pieces.push(Piece::Text(lit));
    }
    Ok(pieces)
}

/// Read the placeholder whose `{` is at `open`; returns its path and the offset after `}`.
fn placeholder(text: &str, open: usize, end: usize, mode: Mode) -> Result<(Vec<String>, usize)> {
    let bytes = text.as_bytes();
    let mut i = open + 1;
    let dollar = mode == Mode::Dollar;
    if dollar {
        if i >= end || bytes[i] != b'$' {
            return Err(invalid(
                i,
                "`$user.` or `$parameters.`",
                "a SCIM JSON template placeholder starts with `{$` (write a literal brace as \\u007b)",
            ));
        }
        i += 1;
    }
    let mut path = Vec::new();
    loop {
        let seg = i;
        while i < end && is_name_byte(bytes[i]) {
            i += 1;
        }
        if i == seg {
            if i >= end {
                return Err(unterminated(open));
            }
            return Err(invalid(
                i,
                "a name (letters, digits, `_`, `-`)",
                if bytes[i] == b'{' {
                    "placeholders do not nest".to_string()
                } else {
                    format!("unexpected {:?} in a placeholder", char_at(text, i))
                },
            ));
        }
        let name = &text[seg..i];
        path.push(if dollar && path.is_empty() {
            format!("${name}")
        } else {
            name.to_string()
        });
        if i >= end {
            return Err(unterminated(open));
        }
        match bytes[i] {
            b'.' => i += 1,
            b'}' => break,
            _ => {
                return Err(invalid(
                    i,
                    "`.` or `}`",
                    format!("unexpected {:?} in a placeholder", char_at(text, i)),
                ))
            }
        }
    }
    check_form(&path, open, mode)?;
    Ok((path, i + 1))
}

fn check_form(path: &[String], open: usize, mode: Mode) -> Result<()> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let ok = match mode {
        Mode::Macro => matches!(p.as_slice(), [_] | ["user", "custom_fields", _]),
        Mode::Dollar => matches!(
            p.as_slice(),
            ["$user" | "$parameters", _] | ["$user", "custom_fields", _]
        ),
        Mode::Plain => false,
    };
    if ok {
        return Ok(());
    }
    let expected = match mode {
        Mode::Macro => "a macro such as {firstname} or {user.custom_fields.name}",
        _ => "{$user.name}, {$user.custom_fields.name} or {$parameters.name}",
    };
    Err(invalid(
        open,
        expected,
        format!("unknown placeholder {{{}}}", path.join(".")),
    ))
}

fn unterminated(open: usize) -> crate::Error {
    invalid(
        open,
        "`}` closing the placeholder",
        "unbalanced `{`: the placeholder is not closed",
    )
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\u{fffd}')
}

/// Decode the escape at `i` (a backslash) into `out`; returns the offset after it.
fn decode_escape(text: &str, i: usize, end: usize, out: &mut String) -> Result<usize> {
    let bytes = text.as_bytes();
    let Some(&c) = bytes.get(i + 1).filter(|_| i + 1 < end) else {
        return Err(invalid(i, "an escape", "a backslash ends the string"));
    };
    let simple = match c {
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        b'/' => Some('/'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        _ => None,
    };
    if let Some(ch) = simple {
        out.push(ch);
        return Ok(i + 2);
    }
    if c != b'u' {
        return Err(invalid(
            i,
            "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
            "unknown escape",
        ));
    }
    let hi = hex4(text, i + 2, end)
        .ok_or_else(|| invalid(i, "\\u and four hex digits", "bad \\u escape"))?;
    if (0xD800..0xDC00).contains(&hi) {
        let lo = if bytes.get(i + 6) == Some(&b'\\') && bytes.get(i + 7) == Some(&b'u') {
            hex4(text, i + 8, end)
        } else {
            None
        };
        match lo {
            Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                Ok(i + 12)
            }
            _ => Err(invalid(
                i,
                "a low surrogate escape after a high one",
                "lone surrogate",
            )),
        }
    } else if (0xDC00..0xE000).contains(&hi) {
        Err(invalid(
            i,
            "a high surrogate before a low one",
            "lone surrogate",
        ))
    } else {
        out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
        Ok(i + 6)
    }
}

fn hex4(text: &str, at: usize, end: usize) -> Option<u32> {
    if at + 4 > end {
        return None;
    }
    let s = text.get(at..at + 4)?;
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

/// A JSON value with offsets.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum J {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Num(String),
    /// A string: its pieces, and the span of its inside (quotes excluded).
    Str(Vec<Piece>, Span),
    /// An array and the offset of its `[`.
    Arr(Vec<J>, usize),
    /// An object: (key, span of the key with quotes, value) in order, and the offset of its `{`.
    Obj(Vec<(String, Span, J)>, usize),
}

/// Read `text` as one JSON value (surrounded by whitespace only); string values are scanned
/// for placeholders in `mode` (keys never are).
pub(super) fn parse_json(text: &str, mode: Mode) -> Result<J> {
    let mut r = Reader { text, pos: 0, mode };
    r.ws();
    let v = r.value(0)?;
    r.ws();
    if r.pos < text.len() {
        return Err(invalid(
            r.pos,
            "the end of the template",
            "text after the JSON value",
        ));
    }
    Ok(v)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    mode: Mode,
}

impl Reader<'_> {
    fn ws(&mut self) {
        let b = self.text.as_bytes();
        while self.pos < b.len() && matches!(b[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn value(&mut self, depth: usize) -> Result<J> {
        match self.peek() {
            None => Err(invalid(self.pos, "a JSON value", "the template ends early")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => {
                let (s, e) = self.string_span()?;
                Ok(J::Str(
                    scan(self.text, s, e, self.mode, true)?,
                    Span::new(s, e),
                ))
            }
            Some(b't') => self.word("true", J::Bool(true)),
            Some(b'f') => self.word("false", J::Bool(false)),
            Some(b'n') => self.word("null", J::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(invalid(
                self.pos,
                "a JSON value",
                format!("unexpected {:?}", char_at(self.text, self.pos)),
            )),
        }
    }

    fn word(&mut self, w: &str, v: J) -> Result<J> {
        if self.text[self.pos..].starts_with(w) {
            self.pos += w.len();
            Ok(v)
        } else {
            Err(invalid(self.pos, "a JSON value", "not a JSON literal"))
        }
    }

    fn number(&mut self) -> Result<J> {
        let b = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let s = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
            *i - s
        };
        let int_start = i;
        if digits(&mut i) == 0 || (b[int_start] == b'0' && i - int_start > 1) {
            return Err(invalid(start, "a JSON number", "malformed number"));
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return Err(invalid(i, "a digit", "malformed number"));
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(invalid(i, "a digit", "malformed number"));
            }
        }
        self.pos = i;
        Ok(J::Num(self.text[start..i].to_string()))
    }

    /// The inside of the string starting at `pos` (a quote); moves past the closing quote.
    fn string_span(&mut self) -> Result<(usize, usize)> {
        let b = self.text.as_bytes();
        let open = self.pos;
        let mut i = open + 1;
        while i < b.len() {
            match b[i] {
                b'"' => {
                    self.pos = i + 1;
                    return Ok((open + 1, i));
                }
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        Err(invalid(open, "a closing `\"`", "unterminated string"))
    }

    fn object(&mut self, depth: usize) -> Result<J> {
        if depth > MAX_DEPTH {
            return Err(invalid(
                self.pos,
                "less nesting",
                format!("nesting deeper than {MAX_DEPTH}"),
            ));
        }
        let open = self.pos;
        self.pos += 1;
        let mut members = Vec::new();
        let mut seen = std::collections::HashSet::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(J::Obj(members, open));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(invalid(
                    self.pos,
                    "a member name in quotes",
                    "expected a key",
                ));
            }
            let key_start = self.pos;
            let (s, e) = self.string_span()?;
            let mut key = String::new();
            for p in scan(self.text, s, e, Mode::Plain, true)? {
                if let Piece::Text(t) = p {
                    key.push_str(&t);
                }
            }
            if !seen.insert(key.clone()) {
                return Err(invalid(
                    key_start,
                    "a member name not used before",
                    format!("duplicate key {key:?}"),
                ));
            }
            let key_span = Span::new(key_start, self.pos);
            self.ws();
            if self.peek() != Some(b':') {
                return Err(invalid(self.pos, "`:`", "expected `:` after the key"));
            }
            self.pos += 1;
            self.ws();
            let v = self.value(depth)?;
            members.push((key, key_span, v));
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(J::Obj(members, open));
                }
                _ => {
                    return Err(invalid(
                        self.pos,
                        "`,` or `}`",
                        "expected `,` or `}` in an object",
                    ))
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<J> {
        if depth > MAX_DEPTH {
            return Err(invalid(
                self.pos,
                "less nesting",
                format!("nesting deeper than {MAX_DEPTH}"),
            ));
        }
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(J::Arr(items, open));
        }
        loop {
            self.ws();
            items.push(self.value(depth)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(J::Arr(items, open));
                }
                _ => {
                    return Err(invalid(
                        self.pos,
                        "`,` or `]`",
                        "expected `,` or `]` in an array",
                    ))
                }
            }
        }
    }
}

/// `s` as a JSON string literal whose braces are escaped (`\u007b`, `\u007d`), so no brace in
/// literal text reads back as a placeholder.
pub(super) fn quote_text(s: &str) -> String {
    let q = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    escape_braces(&q)
}

/// The inside of a JSON string literal for `s`, braces escaped.
pub(super) fn inner_text(s: &str) -> String {
    let q = quote_text(s);
    q[1..q.len() - 1].to_string()
}

fn escape_braces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' => out.push_str("\\u007b"),
            '}' => out.push_str("\\u007d"),
            _ => out.push(c),
        }
    }
    out
}
