//! The evaluator: SpEL semantics as Okta documents them.

use std::cmp::Ordering;

use serde_json::{Number, Value};

use super::iso3166::COUNTRIES;
use super::joda;
use crate::expr::ast::Node;
use crate::expr::Env;

/// A runtime failure at a byte offset.
pub(super) struct Fail {
    pub(super) at: usize,
    pub(super) message: String,
}

type R = Result<Value, Fail>;

fn fail<T>(at: usize, message: impl Into<String>) -> Result<T, Fail> {
    Err(Fail {
        at,
        message: message.into(),
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn float(f: f64, at: usize) -> R {
    Number::from_f64(f)
        .map(Value::Number)
        .map_or_else(|| fail(at, "the result is not a finite number"), Ok)
}

/// Java's `Double.toString`.
fn java_double(f: f64) -> String {
    let a = f.abs();
    if a == 0.0 || (1e-3..1e7).contains(&a) {
        let s = format!("{f:?}");
        if s.contains('.') || s.contains('e') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = if m.contains('.') {
            m.to_string()
        } else {
            format!("{m}.0")
        };
        format!("{m}E{e}")
    }
}

/// The text `+` and the CSV functions give a value (Java's `toString` conventions).
pub(super) fn text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.as_f64().map_or_else(|| n.to_string(), java_double),
        },
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        Value::Object(_) => v.to_string(),
    }
}

fn truthy(v: &Value, at: usize, what: &str) -> Result<bool, Fail> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => fail(at, format!("{what} must be a boolean, got {}", kind(other))),
    }
}

fn num_eq(a: &Number, b: &Number) -> bool {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// SpEL's `==`: numbers by value, everything else structurally.
pub(super) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_eq(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        _ => a == b,
    }
}

fn compare(a: &Value, b: &Value, at: usize) -> Result<Ordering, Fail> {
    match (a, b) {
        (Value::Null, Value::Null) => Ok(Ordering::Equal),
        (Value::Null, _) => Ok(Ordering::Less),
        (_, Value::Null) => Ok(Ordering::Greater),
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(p), Some(q)) => Ok(p.cmp(&q)),
            _ => Ok(x
                .as_f64()
                .partial_cmp(&y.as_f64())
                .unwrap_or(Ordering::Equal)),
        },
        (Value::String(x), Value::String(y)) => Ok(x.encode_utf16().cmp(y.encode_utf16())),
        (Value::Bool(x), Value::Bool(y)) => Ok(x.cmp(y)),
        _ => fail(at, format!("cannot compare {} with {}", kind(a), kind(b))),
    }
}

fn add(a: &Value, b: &Value, at: usize) -> R {
    match (&a, &b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(p), Some(q)) => p
                .checked_add(q)
                .map(Value::from)
                .map_or_else(|| fail(at, "integer overflow in `+`"), Ok),
            _ => float(x.as_f64().unwrap_or(0.0) + y.as_f64().unwrap_or(0.0), at),
        },
        (Value::String(_), _) | (_, Value::String(_)) => Ok(Value::String(text(a) + &text(b))),
        _ => fail(at, format!("`+` cannot add {} and {}", kind(a), kind(b))),
    }
}

pub(super) struct Ctx<'a> {
    pub(super) source: &'a Value,
    pub(super) env: &'a Env,
}

impl Ctx<'_> {
    pub(super) fn eval(&self, node: &Node) -> R {
        match node {
            Node::Literal { value, .. } => Ok(value.clone()),
            Node::Missing { span } => fail(span.start, "a missing value"),
            Node::Template { span, .. } => fail(span.start, "templates are not Okta syntax"),
            Node::Attribute { path, .. } => {
                let mut v = self.source;
                for part in path {
                    match v.get(part.as_str()) {
                        Some(next) => v = next,
                        None => return Ok(Value::Null),
                    }
                }
                Ok(v.clone())
            }
            Node::List { items, .. } => items
                .iter()
                .map(|i| self.eval(i))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            Node::Index {
                target,
                index,
                span,
            } => {
                let t = self.eval(target)?;
                let i = self.eval(index)?;
                self.index(&t, &i, span.start)
            }
            Node::Unary { op, operand, span } => {
                let v = self.eval(operand)?;
                if op == "!" {
                    return Ok(Value::Bool(!truthy(&v, span.start, "the operand of `!`")?));
                }
                match &v {
                    Value::Number(n) => match n.as_i64() {
                        Some(i) => i
                            .checked_neg()
                            .map(Value::from)
                            .map_or_else(|| fail(span.start, "integer overflow in `-`"), Ok),
                        None => float(-n.as_f64().unwrap_or(0.0), span.start),
                    },
                    other => fail(
                        span.start,
                        format!("`-` needs a number, got {}", kind(other)),
                    ),
                }
            }
            Node::Binary {
                op,
                left,
                right,
                span,
            } => self.binary(op, left, right, span.start),
            Node::Conditional {
                test,
                then,
                otherwise,
                span,
            } => {
                let t = self.eval(test)?;
                if truthy(&t, span.start, "the condition of `?:`")? {
                    self.eval(then)
                } else {
                    self.eval(otherwise)
                }
            }
            Node::Call {
                function,
                receiver,
                args,
                span,
            } => {
                let recv = match receiver {
                    Some(r) => Some(self.eval(r)?),
                    None => None,
                };
                let args = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Result<Vec<_>, _>>()?;
                match recv {
                    Some(r) => method(function, r, args, span.start),
                    None => self.function(function, args, span.start),
                }
            }
        }
    }

    fn index(&self, t: &Value, i: &Value, at: usize) -> R {
        let _ = self;
        match (t, i) {
            (Value::Array(items), Value::Number(n)) => {
                match n.as_u64().and_then(|k| usize::try_from(k).ok()) {
                    Some(k) if k < items.len() => Ok(items[k].clone()),
                    _ => fail(
                        at,
                        format!("index {n} is out of range for a list of {}", items.len()),
                    ),
                }
            }
            (Value::String(s), Value::Number(n)) => {
                let units: Vec<u16> = s.encode_utf16().collect();
                match n.as_u64().and_then(|k| usize::try_from(k).ok()) {
                    Some(k) if k < units.len() => {
                        Ok(Value::String(String::from_utf16_lossy(&units[k..=k])))
                    }
                    _ => fail(
                        at,
                        format!("index {n} is out of range for a string of {}", units.len()),
                    ),
                }
            }
            (Value::Object(map), Value::String(k)) => {
                Ok(map.get(k).cloned().unwrap_or(Value::Null))
            }
            _ => fail(at, format!("cannot index {} with {}", kind(t), kind(i))),
        }
    }

    fn binary(&self, op: &str, left: &Node, right: &Node, at: usize) -> R {
        match op {
            "AND" => {
                let l = self.eval(left)?;
                if !truthy(&l, left.span().start, "the left side of AND")? {
                    return Ok(Value::Bool(false));
                }
                let r = self.eval(right)?;
                Ok(Value::Bool(truthy(
                    &r,
                    right.span().start,
                    "the right side of AND",
                )?))
            }
            "OR" => {
                let l = self.eval(left)?;
                if truthy(&l, left.span().start, "the left side of OR")? {
                    return Ok(Value::Bool(true));
                }
                let r = self.eval(right)?;
                Ok(Value::Bool(truthy(
                    &r,
                    right.span().start,
                    "the right side of OR",
                )?))
            }
            "?:" => {
                let l = self.eval(left)?;
                match &l {
                    Value::Null => self.eval(right),
                    Value::String(s) if s.is_empty() => self.eval(right),
                    _ => Ok(l),
                }
            }
            _ => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                let b = match op {
                    "+" => return add(&l, &r, at),
                    "==" => equal(&l, &r),
                    "!=" => !equal(&l, &r),
                    "<" => compare(&l, &r, at)? == Ordering::Less,
                    ">" => compare(&l, &r, at)? == Ordering::Greater,
                    "<=" => compare(&l, &r, at)? != Ordering::Greater,
                    ">=" => compare(&l, &r, at)? != Ordering::Less,
                    _ => return fail(at, format!("unknown operator {op}")),
                };
                Ok(Value::Bool(b))
            }
        }
    }

    fn function(&self, name: &str, args: Vec<Value>, at: usize) -> R {
        let family = name.split_once('.').map_or("", |(f, _)| f);
        match family {
            "Arrays" => arrays(name, args, at),
            "Convert" => convert(name, &args, at),
            "Iso3166Convert" => Ok(iso3166(name, &args[0], at)?),
            "Time" => self.time(name, &args, at),
            _ => strings(name, &args, at),
        }
    }

    fn time(&self, name: &str, args: &[Value], at: usize) -> R {
        let string_arg = |i: usize| -> Result<Option<String>, Fail> {
            match args.get(i) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(v @ Value::Number(_)) => Ok(Some(text(v))),
                Some(v) => fail(
                    at,
                    format!(
                        "{name} needs a string as argument {}, got {}",
                        i + 1,
                        kind(v)
                    ),
                ),
            }
        };
        if name == "Time.now" {
            let zone = string_arg(0)?.unwrap_or_else(|| "UTC".into());
            let offset = joda::zone_offset(&zone).map_or_else(
                || fail(at, "the time zone is not one Okta knows".to_string()),
                Ok,
            )?;
            return match string_arg(1)? {
                None => Ok(Value::String(joda::iso(self.env.now_ms, offset))),
                Some(p) => joda::format(self.env.now_ms, offset, &zone, &p)
                    .map(Value::String)
                    .or_else(|m| fail(at, m)),
            };
        }
        let Some(input) = string_arg(0)? else {
            return Ok(Value::Null);
        };
        let iso_in = |s: &str| {
            crate::expr::time::parse_rfc3339_ms(s).map_or_else(
                || fail(at, "the text is not an ISO 8601 date-time".to_string()),
                Ok,
            )
        };
        let integer = |s: &str| {
            s.trim()
                .parse::<i64>()
                .or_else(|_| fail(at, "the text is not an integer timestamp".to_string()))
        };
        let out = match name {
            "Time.fromWindowsToIso8601" => {
                let ticks = integer(&input)?;
                let ms = ticks.div_euclid(10_000) - 11_644_473_600_000;
                joda::iso(ms, 0)
            }
            "Time.fromUnixToIso8601" => {
                let secs = integer(&input)?;
                let ms = secs
                    .checked_mul(1000)
                    .map_or_else(|| fail(at, "the timestamp is out of range"), Ok)?;
                joda::iso(ms, 0)
            }
            "Time.fromIso8601ToWindows" => {
                let ms = iso_in(&input)?;
                (i128::from(ms) * 10_000 + 116_444_736_000_000_000).to_string()
            }
            "Time.fromIso8601ToUnix" => iso_in(&input)?.div_euclid(1000).to_string(),
            "Time.fromStringToIso8601" | "Time.fromIso8601ToString" => {
                let Some(pattern) = string_arg(1)? else {
                    return fail(at, format!("{name} needs a pattern"));
                };
                if name == "Time.fromStringToIso8601" {
                    let ms = joda::parse(&input, &pattern).or_else(|m| fail(at, m))?;
                    joda::iso(ms, 0)
                } else {
                    let ms = iso_in(&input)?;
                    joda::format(ms, 0, "UTC", &pattern).or_else(|m| fail(at, m))?
                }
            }
            _ => return fail(at, format!("unknown function {name}")),
        };
        Ok(Value::String(out))
    }
}

/// A string argument of a string function: text, or `None` for null (numbers and booleans
/// as text).
fn opt_str(v: &Value, name: &str, i: usize, at: usize) -> Result<Option<String>, Fail> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(_) | Value::Bool(_) => Ok(Some(text(v))),
        other => fail(
            at,
            format!(
                "{name} needs a string as argument {}, got {}",
                i + 1,
                kind(other)
            ),
        ),
    }
}

fn int_arg(v: &Value, name: &str, i: usize, at: usize) -> Result<i64, Fail> {
    match v {
        Value::Number(n) => n.as_i64().map_or_else(
            || {
                fail(
                    at,
                    format!("{name} needs an integer as argument {}, got {n}", i + 1),
                )
            },
            Ok,
        ),
        other => fail(
            at,
            format!(
                "{name} needs an integer as argument {}, got {}",
                i + 1,
                kind(other)
            ),
        ),
    }
}

fn utf16_slice(s: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = s.encode_utf16().collect();
    String::from_utf16_lossy(
        &units[start.min(units.len())..end.min(units.len()).max(start.min(units.len()))],
    )
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Commons-Lang `substring(str, start, end)`: negative counts from the end, clamped.
fn substring_lenient(s: &str, start: i64, end: i64) -> String {
    let len = i64::try_from(utf16_len(s)).unwrap_or(i64::MAX);
    let fix = |k: i64| if k < 0 { (len + k).max(0) } else { k.min(len) };
    let (a, b) = (fix(start), fix(end));
    if a >= b {
        return String::new();
    }
    utf16_slice(
        s,
        usize::try_from(a).unwrap_or(0),
        usize::try_from(b).unwrap_or(0),
    )
}

fn replace(s: &str, from: &str, to: &str, first: bool) -> String {
    if from.is_empty() {
        return s.to_string();
    }
    if first {
        s.replacen(from, to, 1)
    } else {
        s.replace(from, to)
    }
}

fn strings(name: &str, args: &[Value], at: usize) -> R {
    let short = name.strip_prefix("String.").unwrap_or(name);
    let s = |i: usize| opt_str(&args[i], name, i, at);
    let out: Value = match short {
        "append" => Value::String(s(0)?.unwrap_or_default() + &s(1)?.unwrap_or_default()),
        "join" => {
            let sep = s(0)?.unwrap_or_default();
            let mut parts = Vec::with_capacity(args.len());
            for i in 1..args.len() {
                parts.push(s(i)?.unwrap_or_default());
            }
            Value::String(parts.join(&sep))
        }
        "len" => Value::from(s(0)?.map_or(0, |x| utf16_len(&x))),
        "removeSpaces" => s(0)?.map_or(Value::Null, |x| {
            Value::String(x.chars().filter(|c| !c.is_whitespace()).collect())
        }),
        "replace" | "replaceFirst" => match (s(0)?, s(1)?) {
            (Some(x), Some(from)) => Value::String(replace(
                &x,
                &from,
                &s(2)?.unwrap_or_default(),
                short == "replaceFirst",
            )),
            (x, _) => x.map_or(Value::Null, Value::String),
        },
        "startsWith" => {
            Value::Bool(matches!((s(0)?, s(1)?), (Some(x), Some(p)) if x.starts_with(&p)))
        }
        "stringContains" => {
            Value::Bool(matches!((s(0)?, s(1)?), (Some(x), Some(p)) if x.contains(&p)))
        }
        "stringSwitch" => {
            let input = s(0)?;
            let mut out = args[1].clone();
            if let Some(x) = input {
                let mut i = 2;
                while i + 1 < args.len() {
                    if let Some(key) = s(i)? {
                        if x.contains(&key) {
                            out = args[i + 1].clone();
                            break;
                        }
                    }
                    i += 2;
                }
            }
            out
        }
        "substring" => match s(0)? {
            None => Value::Null,
            Some(x) => Value::String(substring_lenient(
                &x,
                int_arg(&args[1], name, 1, at)?,
                int_arg(&args[2], name, 2, at)?,
            )),
        },
        "substringAfter" => match (s(0)?, s(1)?) {
            (None, _) => Value::Null,
            (Some(_), None) => Value::String(String::new()),
            (Some(x), Some(sep)) => Value::String(
                x.find(&sep)
                    .map_or_else(String::new, |i| x[i + sep.len()..].to_string()),
            ),
        },
        "substringBefore" => match (s(0)?, s(1)?) {
            (None, _) => Value::Null,
            (Some(x), None) => Value::String(x),
            (Some(x), Some(sep)) => Value::String(
                x.find(&sep)
                    .map_or_else(|| x.clone(), |i| x[..i].to_string()),
            ),
        },
        "toUpperCase" => s(0)?.map_or(Value::Null, |x| Value::String(x.to_uppercase())),
        "toLowerCase" => s(0)?.map_or(Value::Null, |x| Value::String(x.to_lowercase())),
        _ => return fail(at, format!("unknown function {name}")),
    };
    Ok(out)
}

/// A list argument: a list, null (empty), CSV text (split at commas, trimmed), or one value.
fn as_list(v: Value) -> Vec<Value> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        Value::String(s) if s.contains(',') => s
            .split(',')
            .map(|p| Value::String(p.trim().to_string()))
            .collect(),
        other => vec![other],
    }
}

fn flatten_into(v: Value, out: &mut Vec<Value>) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.into_iter().rev()),
            other => out.push(other),
        }
    }
}

fn arrays(name: &str, args: Vec<Value>, at: usize) -> R {
    let mut args = args.into_iter();
    let first = args.next().unwrap_or(Value::Null);
    let second = args.next();
    let out = match name {
        "Arrays.add" => {
            let mut l = as_list(first);
            l.push(second.unwrap_or(Value::Null));
            Value::Array(l)
        }
        "Arrays.remove" => {
            let mut l = as_list(first);
            let x = second.unwrap_or(Value::Null);
            if let Some(i) = l.iter().position(|v| equal(v, &x)) {
                l.remove(i);
            }
            Value::Array(l)
        }
        "Arrays.clear" => Value::Array(Vec::new()),
        "Arrays.get" => {
            let l = as_list(first);
            let i = int_arg(&second.unwrap_or(Value::Null), name, 1, at)?;
            usize::try_from(i)
                .ok()
                .and_then(|i| l.get(i).cloned())
                .unwrap_or(Value::Null)
        }
        "Arrays.flatten" => {
            let mut out = Vec::new();
            for v in std::iter::once(first).chain(second).chain(args) {
                match v {
                    Value::String(_) => out.extend(as_list(v)),
                    other => flatten_into(other, &mut out),
                }
            }
            Value::Array(out)
        }
        "Arrays.contains" => {
            let x = second.unwrap_or(Value::Null);
            Value::Bool(as_list(first).iter().any(|v| equal(v, &x)))
        }
        "Arrays.size" => Value::from(as_list(first).len()),
        "Arrays.isEmpty" => Value::Bool(as_list(first).is_empty()),
        "Arrays.toCsvString" => Value::String(
            as_list(first)
                .iter()
                .map(text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => return fail(at, format!("unknown function {name}")),
    };
    Ok(out)
}

fn convert(name: &str, args: &[Value], at: usize) -> R {
    let v = &args[0];
    if name == "Convert.toNum" {
        return match v {
            Value::Number(n) => float(n.as_f64().unwrap_or(0.0), at),
            Value::String(s) => match s.trim().parse::<f64>() {
                Ok(f)
                    if f.is_finite()
                        && !s
                            .trim()
                            .chars()
                            .any(|c| c.is_alphabetic() && c != 'e' && c != 'E') =>
                {
                    float(f, at)
                }
                _ => fail(at, "Convert.toNum: the text is not a number".to_string()),
            },
            other => fail(
                at,
                format!(
                    "Convert.toNum needs a string or a number, got {}",
                    kind(other)
                ),
            ),
        };
    }
    let i = match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i
            } else {
                {
                    let f = n.as_f64().unwrap_or(0.0);
                    let r = (f + 0.5).floor();
                    if r.abs() > 1e18 {
                        return fail(
                            at,
                            format!("Convert.toInt: {f} is out of the integer range"),
                        );
                    }
                    #[allow(clippy::cast_possible_truncation)]
                    let r = r as i64;
                    r
                }
            }
        }
        Value::String(s) => s
            .parse::<i64>()
            .or_else(|_| fail(at, "Convert.toInt: the text is not an integer".to_string()))?,
        other => {
            return fail(
                at,
                format!(
                    "Convert.toInt needs a string or a number, got {}",
                    kind(other)
                ),
            )
        }
    };
    match i32::try_from(i) {
        Ok(i) => Ok(Value::from(i)),
        Err(_) => fail(
            at,
            format!("Convert.toInt: {i} is out of the integer range"),
        ),
    }
}

fn iso3166(name: &str, v: &Value, at: usize) -> R {
    let code = match v {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => s.trim().to_ascii_uppercase(),
        Value::Number(n) if n.as_u64().is_some() => n.to_string(),
        other => {
            return fail(
                at,
                format!("{name} needs a country code, got {}", kind(other)),
            )
        }
    };
    let row = if !code.is_empty() && code.len() <= 3 && code.bytes().all(|b| b.is_ascii_digit()) {
        let padded = format!("{code:0>3}");
        COUNTRIES.iter().find(|c| c.2 == padded)
    } else if code.len() == 2 {
        COUNTRIES.iter().find(|c| c.0 == code)
    } else if code.len() == 3 {
        COUNTRIES.iter().find(|c| c.1 == code)
    } else {
        None
    };
    Ok(row.map_or(Value::Null, |c| {
        Value::String(
            match name {
                "Iso3166Convert.toAlpha2" => c.0,
                "Iso3166Convert.toAlpha3" => c.1,
                "Iso3166Convert.toNumeric" => c.2,
                _ => c.3,
            }
            .to_string(),
        )
    }))
}

fn method(name: &str, recv: Value, args: Vec<Value>, at: usize) -> R {
    if let Value::Array(items) = recv {
        let x = args.into_iter().next().unwrap_or(Value::Null);
        return Ok(match name {
            "contains" => Value::Bool(items.iter().any(|v| equal(v, &x))),
            "size" => Value::from(items.len()),
            "isEmpty" => Value::Bool(items.is_empty()),
            "add" => arrays("Arrays.add", vec![Value::Array(items), x], at)?,
            "remove" => arrays("Arrays.remove", vec![Value::Array(items), x], at)?,
            _ => return fail(at, format!("a list has no method {name}")),
        });
    }
    let Value::String(s) = recv else {
        return fail(at, format!("cannot call {name}() on {}", kind(&recv)));
    };
    let arg = |i: usize| match args.get(i) {
        Some(Value::String(a)) => Ok(a.clone()),
        Some(other) => fail(
            at,
            format!(
                "{name} needs a string as argument {}, got {}",
                i + 1,
                kind(other)
            ),
        ),
        None => fail(at, format!("{name} needs argument {}", i + 1)),
    };
    Ok(match name {
        "toUpperCase" => Value::String(s.to_uppercase()),
        "toLowerCase" => Value::String(s.to_lowercase()),
        "trim" => Value::String(s.trim_matches(|c: char| c <= ' ').to_string()),
        "length" => Value::from(utf16_len(&s)),
        "isEmpty" => Value::Bool(s.is_empty()),
        "removeSpaces" => Value::String(s.chars().filter(|c| !c.is_whitespace()).collect()),
        "contains" => Value::Bool(s.contains(&arg(0)?)),
        "startsWith" => Value::Bool(s.starts_with(&arg(0)?)),
        "endsWith" => Value::Bool(s.ends_with(&arg(0)?)),
        "replace" => Value::String(s.replace(&arg(0)?, &arg(1)?)),
        "replaceFirst" => Value::String(replace(&s, &arg(0)?, &arg(1)?, true)),
        "substringBefore" | "substringAfter" => strings(
            &format!("String.{name}"),
            &[Value::String(s), Value::String(arg(0)?)],
            at,
        )?,
        "substring" => {
            // Java's String.substring: indexes must lie within the string.
            let len = utf16_len(&s);
            let a = int_arg(&args[0], name, 0, at)?;
            let b = match args.get(1) {
                Some(v) => int_arg(v, name, 1, at)?,
                None => i64::try_from(len).unwrap_or(i64::MAX),
            };
            match (usize::try_from(a), usize::try_from(b)) {
                (Ok(a), Ok(b)) if a <= b && b <= len => Value::String(utf16_slice(&s, a, b)),
                _ => {
                    return fail(
                        at,
                        format!("substring({a}, {b}) is out of range for a string of length {len}"),
                    )
                }
            }
        }
        _ => return fail(at, format!("a string has no method {name}")),
    })
}
