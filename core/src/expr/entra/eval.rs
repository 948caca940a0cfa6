//! The evaluator.

use serde_json::{json, Map, Value};

use super::{dates, text};
use crate::expr::ast::Node;
use crate::expr::{Env, Evaluation};

/// The longest string a function may build (RandomString, Replace, Join, ...): beyond it the
/// evaluation fails rather than growing without bound.
pub(crate) const MAX_TEXT: usize = 1 << 20;

/// The longest RandomString (Microsoft documents 256 characters max).
const MAX_RANDOM: i64 = 256;

/// A value while evaluating.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V {
    /// NULL: an absent attribute, JSON null, a function's "nothing".
    Null,
    Str(String),
    Int(i64),
    Bool(bool),
    /// A DateTime (UTC milliseconds since 1970).
    Date(i64),
    /// A multi-valued attribute or a function's list.
    List(Vec<V>),
    /// Anything else from the source (an object such as an app role assignment).
    Json(Value),
}

/// A failure: the offset of the call at fault and why.
pub(crate) struct Fail {
    offset: usize,
    message: String,
}

type R = std::result::Result<V, Fail>;

struct Ctx<'a> {
    source: &'a Value,
    env: &'a Env,
    rng: text::SplitMix,
    /// Set when an IgnoreFlowIfNullOrEmpty saw NULL or an empty string.
    ignore: bool,
}

pub(crate) fn evaluate(node: &Node, source: &Value, env: &Env) -> Evaluation {
    let mut cx = Ctx {
        source,
        env,
        rng: text::SplitMix(env.seed),
        ignore: false,
    };
    match cx.eval(node) {
        Ok(v) => {
            let value = to_json(&v);
            Evaluation {
                flows: !cx.ignore && !value.is_null(),
                value,
                issues: Vec::new(),
            }
        }
        Err(f) => Evaluation::failed(f.offset, &f.message),
    }
}

fn to_json(v: &V) -> Value {
    match v {
        V::Null => Value::Null,
        V::Str(s) => Value::String(s.clone()),
        V::Int(n) => json!(n),
        V::Bool(b) => Value::Bool(*b),
        V::Date(ms) => Value::String(dates::default_text(*ms)),
        V::List(items) => Value::Array(items.iter().map(to_json).collect()),
        V::Json(j) => j.clone(),
    }
}

fn from_json(v: &Value) -> V {
    match v {
        Value::Null => V::Null,
        Value::String(s) => V::Str(s.clone()),
        Value::Bool(b) => V::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => V::Int(i),
            None => V::Str(n.to_string()),
        },
        Value::Array(a) => V::List(a.iter().map(from_json).collect()),
        Value::Object(_) => V::Json(v.clone()),
    }
}

fn fail(offset: usize, message: impl Into<String>) -> Fail {
    Fail {
        offset,
        message: message.into(),
    }
}

fn type_name(v: &V) -> &'static str {
    match v {
        V::Null => "NULL",
        V::Str(_) => "a string",
        V::Int(_) => "a number",
        V::Bool(_) => "a boolean",
        V::Date(_) => "a DateTime",
        V::List(_) => "a multi-valued attribute",
        V::Json(_) => "an object",
    }
}

/// The text of a single value (`None` for NULL).
fn text_of(v: &V, at: usize, what: &str) -> std::result::Result<Option<String>, Fail> {
    Ok(Some(match v {
        V::Null => return Ok(None),
        V::Str(s) => s.clone(),
        V::Int(n) => n.to_string(),
        V::Bool(true) => "True".into(),
        V::Bool(false) => "False".into(),
        V::Date(ms) => dates::default_text(*ms),
        V::List(_) | V::Json(_) => {
            return Err(fail(
                at,
                format!("{what} must be a single value, not {}", type_name(v)),
            ))
        }
    }))
}

fn int_of(v: &V, at: usize, what: &str) -> std::result::Result<Option<i64>, Fail> {
    match v {
        V::Null => Ok(None),
        V::Int(n) => Ok(Some(*n)),
        V::Str(s) => s.trim().parse().map(Some).map_err(|_| {
            fail(
                at,
                format!(
                    "{what} must be a whole number, not {}",
                    crate::expr::shown(s)
                ),
            )
        }),
        V::Bool(b) => Ok(Some(if *b { -1 } else { 0 })),
        other => Err(fail(
            at,
            format!("{what} must be a whole number, not {}", type_name(other)),
        )),
    }
}

fn bool_of(v: &V, at: usize, what: &str) -> std::result::Result<Option<bool>, Fail> {
    match v {
        V::Null => Ok(None),
        V::Bool(b) => Ok(Some(*b)),
        V::Int(n) => Ok(Some(*n != 0)),
        V::Str(s) => {
            let t = s.trim();
            if t.eq_ignore_ascii_case("true") {
                Ok(Some(true))
            } else if t.eq_ignore_ascii_case("false") {
                Ok(Some(false))
            } else if let Ok(n) = t.parse::<i64>() {
                Ok(Some(n != 0))
            } else {
                Err(fail(
                    at,
                    format!(
                        "{what} must be True or False, not {}",
                        crate::expr::shown(s)
                    ),
                ))
            }
        }
        other => Err(fail(
            at,
            format!("{what} must be True or False, not {}", type_name(other)),
        )),
    }
}

fn is_null_or_empty(v: &V) -> bool {
    match v {
        V::Null => true,
        V::Str(s) => s.is_empty(),
        V::List(l) => l.is_empty(),
        _ => false,
    }
}

fn bounded(s: String, at: usize) -> R {
    if s.len() > MAX_TEXT {
        Err(fail(
            at,
            format!("the result is longer than {MAX_TEXT} bytes"),
        ))
    } else {
        Ok(V::Str(s))
    }
}

impl Ctx<'_> {
    fn eval(&mut self, node: &Node) -> R {
        match node {
            Node::Literal { value, .. } => Ok(from_json(value)),
            Node::Missing { .. } => Ok(V::Null),
            Node::Attribute { path, .. } => Ok(path
                .first()
                .and_then(|name| self.source.get(name))
                .map_or(V::Null, from_json)),
            Node::Binary {
                op,
                left,
                right,
                span,
            } => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                compare(op, &l, &r, span.start).map(V::Bool)
            }
            Node::Call {
                function,
                args,
                span,
                ..
            } => self.call(function, args, span.start),
            other => Err(fail(
                other.span().start,
                "this construct is not part of the Entra language",
            )),
        }
    }

    /// Argument `i` evaluated (NULL when absent or left empty).
    fn arg(&mut self, args: &[Node], i: usize) -> R {
        match args.get(i) {
            Some(n) => self.eval(n),
            None => Ok(V::Null),
        }
    }

    fn text_arg(
        &mut self,
        args: &[Node],
        i: usize,
        at: usize,
        what: &str,
    ) -> std::result::Result<Option<String>, Fail> {
        let v = self.arg(args, i)?;
        text_of(&v, at, what)
    }

    fn int_arg(
        &mut self,
        args: &[Node],
        i: usize,
        at: usize,
        what: &str,
    ) -> std::result::Result<Option<i64>, Fail> {
        let v = self.arg(args, i)?;
        int_of(&v, at, what)
    }

    fn date_arg(
        &mut self,
        args: &[Node],
        i: usize,
        at: usize,
        what: &str,
    ) -> std::result::Result<Option<i64>, Fail> {
        match self.arg(args, i)? {
            V::Null => Ok(None),
            V::Date(ms) => Ok(Some(ms)),
            V::Str(s) => dates::parse_loose(&s, self.env.now_ms)
                .map(Some)
                .ok_or_else(|| {
                    fail(
                        at,
                        format!("{what}: {} is not a date", crate::expr::shown(&s)),
                    )
                }),
            other => Err(fail(
                at,
                format!("{what} must be a DateTime, not {}", type_name(&other)),
            )),
        }
    }

    #[allow(clippy::too_many_lines)]
    fn call(&mut self, f: &str, args: &[Node], at: usize) -> R {
        macro_rules! text_or_null {
            ($i:expr, $what:expr) => {
                match self.text_arg(args, $i, at, $what)? {
                    Some(s) => s,
                    None => return Ok(V::Null),
                }
            };
        }
        match f {
            "Append" => {
                let s = text_or_null!(0, "Append's source");
                let suffix = self
                    .text_arg(args, 1, at, "Append's suffix")?
                    .unwrap_or_default();
                bounded(s + &suffix, at)
            }
            "AppRoleAssignmentsComplex" => {
                let roles = assignments(&self.arg(args, 0)?, at, f)?;
                if roles.is_empty() {
                    return Ok(V::Null);
                }
                Ok(V::List(
                    roles
                        .iter()
                        .map(|r| {
                            let mut m = Map::new();
                            m.insert("primary".into(), Value::Bool(false));
                            m.insert(
                                "type".into(),
                                Value::String("WindowsAzureActiveDirectoryRole".into()),
                            );
                            m.insert("display".into(), r.display.clone());
                            m.insert("value".into(), r.value.clone());
                            V::Json(Value::Object(m))
                        })
                        .collect(),
                ))
            }
            "BitAnd" => {
                let a = self.int_arg(args, 0, at, "BitAnd's value1")?;
                let b = self.int_arg(args, 1, at, "BitAnd's value2")?;
                Ok(match (a, b) {
                    (Some(a), Some(b)) => V::Int(a & b),
                    _ => V::Null,
                })
            }
            "CBool" => {
                let v = self.arg(args, 0)?;
                Ok(bool_of(&v, at, "CBool's expression")?.map_or(V::Null, V::Bool))
            }
            "CDate" => Ok(self
                .date_arg(args, 0, at, "CDate")?
                .map_or(V::Null, V::Date)),
            "Coalesce" => {
                for i in 0..args.len() {
                    let v = self.arg(args, i)?;
                    if v != V::Null {
                        return Ok(v);
                    }
                }
                Ok(V::Null)
            }
            "ConvertToBase64" => {
                let s = text_or_null!(0, "ConvertToBase64's source");
                bounded(text::base64_utf16(&s), at)
            }
            "ConvertToUTF8Hex" => {
                let s = text_or_null!(0, "ConvertToUTF8Hex's source");
                bounded(text::utf8_hex(&s), at)
            }
            "Count" => Ok(V::Int(match self.arg(args, 0)? {
                V::Null => 0,
                V::List(l) => i64::try_from(l.len()).unwrap_or(i64::MAX),
                _ => 1,
            })),
            "CStr" => {
                let v = self.arg(args, 0)?;
                Ok(text_of(&v, at, "CStr's value")?.map_or(V::Null, V::Str))
            }
            "DateAdd" => {
                let interval = text_or_null!(0, "DateAdd's interval");
                let Some(n) = self.int_arg(args, 1, at, "DateAdd's value")? else {
                    return Ok(V::Null);
                };
                let Some(d) = self.date_arg(args, 2, at, "DateAdd's dateTime")? else {
                    return Ok(V::Null);
                };
                match dates::add(&interval, n, d) {
                    Ok(Some(ms)) => Ok(V::Date(ms)),
                    Ok(None) => Err(fail(at, "DateAdd's result is outside years 1 to 9999")),
                    Err(e) => Err(fail(at, e)),
                }
            }
            "DateDiff" => {
                let interval = text_or_null!(0, "DateDiff's interval");
                let a = self.date_arg(args, 1, at, "DateDiff's date1")?;
                let b = self.date_arg(args, 2, at, "DateDiff's date2")?;
                match (a, b) {
                    (Some(a), Some(b)) => dates::diff(&interval, a, b)
                        .map(V::Int)
                        .map_err(|e| fail(at, e)),
                    _ => Ok(V::Null),
                }
            }
            "DateFromNum" => {
                let Some(n) = self.int_arg(args, 0, at, "DateFromNum's value")? else {
                    return Ok(V::Null);
                };
                dates::ms_from_ticks(n).map(V::Date).ok_or_else(|| {
                    fail(
                        at,
                        format!("DateFromNum: {n} is not a date between years 1601 and 9999"),
                    )
                })
            }
            "FormatDateTime" => {
                let source = self.arg(args, 0)?;
                // Argument 2 (dateTimeStyles) is accepted and ignored: the defaults (round-trip
                // kind, leading and trailing white space allowed) are what is implemented.
                let _ = self.arg(args, 1)?;
                let input = self
                    .text_arg(args, 2, at, "FormatDateTime's inputFormat")?
                    .unwrap_or_default();
                let output = self
                    .text_arg(args, 3, at, "FormatDateTime's outputFormat")?
                    .unwrap_or_default();
                let ms = match source {
                    V::Null => return Ok(V::Null),
                    V::Date(ms) => ms,
                    other => {
                        let s = text_of(&other, at, "FormatDateTime's source")?.unwrap_or_default();
                        match dates::parse_exact(&s, &input, self.env.now_ms) {
                            Ok(Some(ms)) => ms,
                            Ok(None) => {
                                return Err(fail(
                                    at,
                                    format!(
                                        "FormatDateTime: {} does not match the format {}",
                                        crate::expr::shown(&s),
                                        crate::expr::shown(&input)
                                    ),
                                ))
                            }
                            Err(e) => return Err(fail(at, format!("FormatDateTime: {e}"))),
                        }
                    }
                };
                dates::format(ms, &output)
                    .map(V::Str)
                    .map_err(|e| fail(at, format!("FormatDateTime: {e}")))
            }
            "Guid" => {
                let a = self.rng.next();
                let b = self.rng.next();
                let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
                let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
                Ok(V::Str(format!(
                    "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xFFFF,
                    a & 0xFFFF,
                    b >> 48,
                    b & 0xFFFF_FFFF_FFFF
                )))
            }
            "IgnoreFlowIfNullOrEmpty" => {
                let v = self.arg(args, 0)?;
                if is_null_or_empty(&v) {
                    self.ignore = true;
                }
                Ok(v)
            }
            "IIF" => {
                let c = self.arg(args, 0)?;
                let Some(c) = bool_of(&c, at, "IIF's condition")? else {
                    return Err(fail(at, "IIF's condition is NULL"));
                };
                self.arg(args, if c { 1 } else { 2 })
            }
            "InStr" => {
                let hay = text_or_null!(0, "InStr's value1");
                let needle = text_or_null!(1, "InStr's value2");
                let start = self.int_arg(args, 2, at, "InStr's start")?.unwrap_or(1);
                let text_compare = match self.text_arg(args, 3, at, "InStr's compareType")? {
                    None => false,
                    Some(t) if t.eq_ignore_ascii_case("vbBinaryCompare") || t == "0" => false,
                    Some(t) if t.eq_ignore_ascii_case("vbTextCompare") || t == "1" => true,
                    Some(t) => {
                        return Err(fail(
                            at,
                            format!(
                            "InStr's compareType must be vbBinaryCompare or vbTextCompare, not {}",
                            crate::expr::shown(&t)
                        ),
                        ))
                    }
                };
                if start < 1 {
                    return Err(fail(
                        at,
                        format!("InStr's start must be 1 or more, not {start}"),
                    ));
                }
                Ok(V::Int(instr(&hay, &needle, start, text_compare)))
            }
            "IsNull" => Ok(V::Bool(self.arg(args, 0)? == V::Null)),
            "IsNullOrEmpty" => Ok(V::Bool(is_null_or_empty(&self.arg(args, 0)?))),
            "IsPresent" => Ok(V::Bool(!is_null_or_empty(&self.arg(args, 0)?))),
            "IsString" => Ok(V::Bool(matches!(self.arg(args, 0)?, V::Str(_)))),
            "Item" => {
                let list = self.arg(args, 0)?;
                let Some(i) = self.int_arg(args, 1, at, "Item's index")? else {
                    return Ok(V::Null);
                };
                let items = match list {
                    V::Null => return Ok(V::Null),
                    V::List(l) => l,
                    single => vec![single],
                };
                usize::try_from(i)
                    .ok()
                    .filter(|i| (1..=items.len()).contains(i))
                    .map(|i| items[i - 1].clone())
                    .ok_or_else(|| {
                        fail(
                            at,
                            format!("Item's index {i} is outside 1 to {}", items.len()),
                        )
                    })
            }
            "Join" => {
                let sep = self
                    .text_arg(args, 0, at, "Join's separator")?
                    .unwrap_or_default();
                let mut parts: Vec<String> = Vec::new();
                let mut any = false;
                for i in 1..args.len() {
                    let v = self.arg(args, i)?;
                    let items = match v {
                        V::Null => continue,
                        V::List(l) => l,
                        single => vec![single],
                    };
                    any = true;
                    for item in &items {
                        if let Some(s) = text_of(item, at, "a value joined")? {
                            if !s.is_empty() {
                                parts.push(s);
                            }
                        }
                    }
                }
                if !any {
                    return Ok(V::Null);
                }
                let total: usize = parts.iter().map(String::len).sum::<usize>()
                    + sep.len().saturating_mul(parts.len());
                if total > MAX_TEXT {
                    return Err(fail(
                        at,
                        format!("the result is longer than {MAX_TEXT} bytes"),
                    ));
                }
                Ok(V::Str(parts.join(&sep)))
            }
            "Left" => {
                let s = self
                    .text_arg(args, 0, at, "Left's string")?
                    .unwrap_or_default();
                let Some(n) = self.int_arg(args, 1, at, "Left's numChars")? else {
                    return Ok(V::Null);
                };
                if n < 0 {
                    return Ok(V::Str(s));
                }
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                Ok(V::Str(s.chars().take(n).collect()))
            }
            "Mid" => {
                let s = text_or_null!(0, "Mid's source");
                let Some(start) = self.int_arg(args, 1, at, "Mid's start")? else {
                    return Ok(V::Null);
                };
                let Some(len) = self.int_arg(args, 2, at, "Mid's length")? else {
                    return Ok(V::Null);
                };
                if start < 1 || len < 0 {
                    return Err(fail(
                        at,
                        format!("Mid's start must be 1 or more and its length 0 or more (start {start}, length {len})"),
                    ));
                }
                let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
                let take = usize::try_from(len).unwrap_or(usize::MAX);
                Ok(V::Str(s.chars().skip(skip).take(take).collect()))
            }
            "NormalizeDiacritics" => {
                let s = text_or_null!(0, "NormalizeDiacritics's source");
                bounded(text::normalize_diacritics(&s), at)
            }
            "Not" => {
                let v = self.arg(args, 0)?;
                let truth = match &v {
                    V::Bool(b) => *b,
                    V::Str(s) => s.trim().eq_ignore_ascii_case("true"),
                    V::Int(n) => *n != 0,
                    _ => false,
                };
                Ok(V::Bool(!truth))
            }
            "Now" => Ok(V::Date(self.env.now_ms)),
            "NumFromDate" => {
                let Some(ms) = self.date_arg(args, 0, at, "NumFromDate's value")? else {
                    return Ok(V::Null);
                };
                dates::ticks_from_ms(ms)
                    .filter(|t| *t >= 0)
                    .map(V::Int)
                    .ok_or_else(|| fail(at, "NumFromDate: the date is before 1601"))
            }
            "PCase" => {
                let s = text_or_null!(0, "PCase's source");
                let seps = self.text_arg(args, 1, at, "PCase's wordSeparators")?;
                bounded(text::pcase(&s, seps.as_deref()), at)
            }
            "RandomString" => self.random_string(args, at),
            "Redact" => self.arg(args, 0),
            "RemoveDuplicates" => {
                let items = match self.arg(args, 0)? {
                    V::Null => return Ok(V::Null),
                    V::List(l) => l,
                    single => vec![single],
                };
                let mut out: Vec<V> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                for item in items {
                    let key = to_json(&item).to_string();
                    if seen.insert(key) {
                        out.push(item);
                    }
                }
                Ok(V::List(out))
            }
            "Replace" => self.replace(args, at),
            "SelectUniqueValue" => {
                for i in 0..args.len() {
                    let v = self.arg(args, i)?;
                    if !is_null_or_empty(&v) {
                        return Ok(v);
                    }
                }
                Ok(V::Null)
            }
            "SingleAppRoleAssignment" => {
                let roles = assignments(&self.arg(args, 0)?, at, f)?;
                Ok(roles.first().map_or(V::Null, |r| from_json(&r.display)))
            }
            "Split" => {
                let s = text_or_null!(0, "Split's source");
                let d = self
                    .text_arg(args, 1, at, "Split's delimiter")?
                    .unwrap_or_default();
                if d.is_empty() {
                    return Ok(V::List(vec![V::Str(s)]));
                }
                Ok(V::List(
                    s.split(d.as_str()).map(|p| V::Str(p.to_string())).collect(),
                ))
            }
            "StripSpaces" => {
                let s = text_or_null!(0, "StripSpaces's source");
                Ok(V::Str(s.replace(' ', "")))
            }
            "Switch" => {
                let src = self
                    .text_arg(args, 0, at, "Switch's source")?
                    .unwrap_or_default();
                let mut i = 2;
                while i + 1 < args.len() {
                    let key = self.text_arg(args, i, at, "Switch's key")?;
                    if key.as_deref().unwrap_or("") == src {
                        return self.arg(args, i + 1);
                    }
                    i += 2;
                }
                self.arg(args, 1)
            }
            "ToLower" | "ToUpper" => {
                let s = text_or_null!(0, "the source");
                let culture = self.text_arg(args, 1, at, "the culture")?;
                let out = if f == "ToLower" {
                    text::to_lower(&s, culture.as_deref())
                } else {
                    text::to_upper(&s, culture.as_deref())
                };
                bounded(out, at)
            }
            "Word" => {
                let s = self
                    .text_arg(args, 0, at, "Word's string")?
                    .unwrap_or_default();
                let Some(n) = self.int_arg(args, 1, at, "Word's wordNumber")? else {
                    return Ok(V::Str(String::new()));
                };
                let delims = self
                    .text_arg(args, 2, at, "Word's delimiters")?
                    .unwrap_or_default();
                if n < 1 {
                    return Ok(V::Str(String::new()));
                }
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                let delims: std::collections::HashSet<char> = delims.chars().collect();
                Ok(V::Str(
                    s.split(|c| delims.contains(&c))
                        .filter(|w| !w.is_empty())
                        .nth(n - 1)
                        .unwrap_or("")
                        .to_string(),
                ))
            }
            other => Err(fail(at, format!("unknown function {other}"))),
        }
    }

    fn random_string(&mut self, args: &[Node], at: usize) -> R {
        let mut n = [0i64; 5];
        for (i, slot) in n.iter_mut().enumerate() {
            *slot = self
                .int_arg(args, i, at, "RandomString's counts")?
                .ok_or_else(|| fail(at, "RandomString's counts cannot be NULL"))?;
        }
        let avoid = self
            .text_arg(args, 5, at, "RandomString's charactersToAvoid")?
            .unwrap_or_default();
        let [len, digits, special, upper, lower] = n;
        if !(0..=MAX_RANDOM).contains(&len) || n[1..].iter().any(|c| *c < 0) {
            return Err(fail(
                at,
                format!(
                    "RandomString's length must be 0 to {MAX_RANDOM} and its minimums 0 or more"
                ),
            ));
        }
        if digits + special + upper + lower > len {
            return Err(fail(
                at,
                "RandomString's minimums add up to more than its length",
            ));
        }
        let avoid: std::collections::HashSet<char> = avoid.chars().collect();
        let class =
            |set: &str| -> Vec<char> { set.chars().filter(|c| !avoid.contains(c)).collect() };
        let classes = [
            (digits, class("0123456789")),
            (special, class("~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/")),
            (upper, class("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
            (lower, class("abcdefghijklmnopqrstuvwxyz")),
        ];
        let mut out: Vec<char> = Vec::new();
        for (min, set) in &classes {
            if *min > 0 && set.is_empty() {
                return Err(fail(
                    at,
                    "RandomString: charactersToAvoid leaves no character for a required kind",
                ));
            }
            for _ in 0..*min {
                out.push(set[self.rng.below(set.len())]);
            }
        }
        let all: Vec<char> = classes
            .iter()
            .flat_map(|(_, s)| s.iter().copied())
            .collect();
        let len = usize::try_from(len).unwrap_or(0);
        if out.len() < len && all.is_empty() {
            return Err(fail(
                at,
                "RandomString: charactersToAvoid excludes every character",
            ));
        }
        while out.len() < len {
            out.push(all[self.rng.below(all.len())]);
        }
        // Fisher-Yates, so the required characters are not all at the front.
        for i in (1..out.len()).rev() {
            let j = self.rng.below(i + 1);
            out.swap(i, j);
        }
        Ok(V::Str(out.into_iter().collect()))
    }

    fn replace(&mut self, args: &[Node], at: usize) -> R {
        let mut a: Vec<V> = Vec::with_capacity(7);
        for i in 0..7 {
            a.push(self.arg(args, i)?);
        }
        let given = |i: usize| !matches!(args.get(i), None | Some(Node::Missing { .. }));
        let t = |v: &V, what: &str| text_of(v, at, what);
        let source = t(&a[0], "Replace's source")?;
        let old = t(&a[1], "Replace's oldValue")?;
        let pattern = t(&a[2], "Replace's regexPattern")?;
        let group = t(&a[3], "Replace's regexGroupName")?;
        let replacement = t(&a[4], "Replace's replacementValue")?;
        let attr = t(&a[5], "Replace's replacementAttributeName")?;
        let template = t(&a[6], "Replace's template")?;
        if given(1) && given(6) {
            let (Some(source), Some(old), Some(template)) = (source, old, template) else {
                return Ok(V::Null);
            };
            return replace_text(&template, &old, &source, at);
        }
        if given(1) && given(4) {
            let Some(source) = source else {
                return Ok(V::Null);
            };
            let old = old.unwrap_or_default();
            return replace_text(&source, &old, &replacement.unwrap_or_default(), at);
        }
        if given(2) {
            let pattern = pattern.unwrap_or_default();
            let re = regex::RegexBuilder::new(&pattern)
                .size_limit(1 << 20)
                .nest_limit(64)
                .build()
                .map_err(|e| {
                    fail(
                        at,
                        format!(
                            "Replace: the regexPattern does not compile here ({})",
                            match e {
                                regex::Error::CompiledTooBig(_) => "too large",
                                _ => "invalid syntax",
                            }
                        ),
                    )
                })?;
            if given(3) && given(5) {
                if let Some(s) = source.filter(|s| !s.is_empty()) {
                    return Ok(V::Str(s));
                }
                let group = group.unwrap_or_default();
                let Some(from) = attr else { return Ok(V::Null) };
                return Ok(re
                    .captures(&from)
                    .and_then(|c| c.name(&group).map(|m| V::Str(m.as_str().to_string())))
                    .unwrap_or(V::Null));
            }
            if given(4) {
                let Some(source) = source else {
                    return Ok(V::Null);
                };
                let replacement = replacement.unwrap_or_default();
                if given(3) {
                    let group = group.unwrap_or_default();
                    let mut out = String::new();
                    let mut last = 0;
                    for c in re.captures_iter(&source) {
                        if let Some(m) = c.name(&group) {
                            out.push_str(&source[last..m.start()]);
                            out.push_str(&replacement);
                            last = m.end();
                            if out.len() > MAX_TEXT {
                                break;
                            }
                        }
                    }
                    out.push_str(&source[last..]);
                    return bounded(out, at);
                }
                let mut out = String::new();
                let mut last = 0;
                for c in re.captures_iter(&source) {
                    let Some(m) = c.get(0) else { continue };
                    out.push_str(&source[last..m.start()]);
                    c.expand(&replacement, &mut out);
                    last = m.end();
                    if out.len() > MAX_TEXT {
                        break;
                    }
                }
                out.push_str(&source[last..]);
                return bounded(out, at);
            }
        }
        Err(fail(
            at,
            "Replace needs oldValue with replacementValue or template, or regexPattern with replacementValue (and optionally regexGroupName), or regexPattern, regexGroupName and replacementAttributeName",
        ))
    }
}

fn replace_text(s: &str, old: &str, new: &str, at: usize) -> R {
    if old.is_empty() {
        return Err(fail(at, "Replace's oldValue cannot be empty"));
    }
    let count = s.matches(old).count();
    let len = s.len() - count * old.len() + count.saturating_mul(new.len());
    if len > MAX_TEXT {
        return Err(fail(
            at,
            format!("the result is longer than {MAX_TEXT} bytes"),
        ));
    }
    Ok(V::Str(s.replace(old, new)))
}

/// InStr: the 1-based character position of `needle` in `hay` from character `start`, 0 when
/// absent.
fn instr(hay: &str, needle: &str, start: i64, text_compare: bool) -> i64 {
    // Case folded one character for one character, so positions still count the original's
    // characters.
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| c.to_lowercase().next().unwrap_or(c))
            .collect()
    };
    let (hay, needle) = if text_compare {
        (fold(hay), fold(needle))
    } else {
        (hay.to_string(), needle.to_string())
    };
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let Some((byte, _)) = hay
        .char_indices()
        .nth(skip)
        .or_else(|| (skip == hay.chars().count()).then_some((hay.len(), ' ')))
    else {
        return 0;
    };
    match hay[byte..].find(&needle) {
        Some(i) => i64::try_from(hay[..byte + i].chars().count() + 1).unwrap_or(0),
        None => 0,
    }
}

/// A comparison inside IIF/CBool: numbers numerically, DateTimes by time, booleans as
/// booleans, everything else as case-sensitive text. NULL on either side fails.
fn compare(op: &str, l: &V, r: &V, at: usize) -> std::result::Result<bool, Fail> {
    use std::cmp::Ordering;
    if *l == V::Null || *r == V::Null {
        return Err(fail(
            at,
            "a comparison with NULL (an absent attribute) fails, as in Entra: use Switch or IsPresent",
        ));
    }
    let num = |v: &V| match v {
        V::Int(n) => Some(*n),
        V::Str(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    let ord = match (l, r) {
        (V::Date(a), V::Date(b)) => a.cmp(b),
        (V::Bool(a), V::Bool(b)) => a.cmp(b),
        (V::Int(_), _) | (_, V::Int(_)) if num(l).is_some() && num(r).is_some() => {
            num(l).cmp(&num(r))
        }
        _ => {
            let a = text_of(l, at, "a compared value")?.unwrap_or_default();
            let b = text_of(r, at, "a compared value")?.unwrap_or_default();
            a.cmp(&b)
        }
    };
    Ok(match op {
        "=" => ord == Ordering::Equal,
        "<>" => ord != Ordering::Equal,
        "<" => ord == Ordering::Less,
        "<=" => ord != Ordering::Greater,
        ">" => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    })
}

struct Role {
    display: Value,
    value: Value,
}

/// The app role assignments of an `[appRoleAssignments]` value: objects with `displayName` and
/// `value` (a plain string counts as both).
fn assignments(v: &V, at: usize, f: &str) -> std::result::Result<Vec<Role>, Fail> {
    let items = match v {
        V::Null => return Ok(Vec::new()),
        V::List(l) => l.clone(),
        single => vec![single.clone()],
    };
    items
        .iter()
        .map(|item| match item {
            V::Json(Value::Object(o)) => {
                let value = o.get("value").cloned().unwrap_or(Value::Null);
                let display = o
                    .get("displayName")
                    .cloned()
                    .filter(|d| !d.is_null())
                    .unwrap_or_else(|| value.clone());
                Ok(Role { display, value })
            }
            V::Str(s) => Ok(Role {
                display: Value::String(s.clone()),
                value: Value::String(s.clone()),
            }),
            other => Err(fail(
                at,
                format!(
                    "{f} takes [appRoleAssignments] (objects with displayName and value), not {}",
                    type_name(other)
                ),
            )),
        })
        .collect()
}
