//! Evaluating a filter against a resource, using the schema's types and caseExact.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::ast::{AttrPath, CompareOp, Filter};
use crate::error::{Error, Result};
use crate::json::find_key;
use crate::schema::{find_attribute, Attribute, AttributeType, Returned};
use crate::validator::compiled::Compiled;

fn invalid(message: String) -> Error {
    Error::InvalidFilter {
        offset: 0,
        expected: String::new(),
        message,
    }
}

/// Where attribute names are resolved: a resource (with its schemas) or one element of a
/// multi-valued complex attribute (with its sub-attributes).
#[derive(Clone, Copy)]
pub(crate) enum Scope<'a> {
    Resource(&'a Compiled),
    /// Sub-attributes of an element, and whether string booleans compare equal to booleans.
    Element(&'a [Attribute], bool),
}

impl Scope<'_> {
    /// Lenient mode or the `stringBooleans` dialect switch: `active eq "True"` matches `true`.
    fn lenient(&self) -> bool {
        match self {
            Scope::Resource(c) => {
                c.options.rules.mode == crate::Mode::Lenient || c.dialect.string_booleans
            }
            Scope::Element(_, l) => *l,
        }
    }
}

/// Whether `filter` matches the JSON object `obj`. Iterative over `and`/`or` operands; recursive
/// only into nesting, which the parser bounds. The work of each leaf is in functions of its own,
/// so this recursive frame stays small (a few hundred bytes even unoptimized).
pub(crate) fn matches(filter: &Filter, obj: &Map<String, Value>, scope: Scope<'_>) -> Result<bool> {
    match filter {
        Filter::And(items) => {
            for x in items {
                if !matches(x, obj, scope)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Filter::Or(items) => {
            for x in items {
                if matches(x, obj, scope)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Filter::Not(x) => Ok(!matches(x, obj, scope)?),
        Filter::Present { path } => matches_present(path, obj, scope),
        Filter::Compare { path, op, value } => matches_compare(path, *op, value, obj, scope),
        Filter::ValuePath { path, filter } => matches_value_path(path, filter, obj, scope),
    }
}

/// `path pr`: tests the node itself: a complex attribute is present when non-empty (RFC 7644
/// §3.4.2.2), so no substitution of its `value` here.
#[inline(never)]
fn matches_present(path: &AttrPath, obj: &Map<String, Value>, scope: Scope<'_>) -> Result<bool> {
    let (vals, _) = values_raw(path, obj, scope)?;
    Ok(vals.iter().any(|v| present(v)))
}

/// `path op value`.
#[inline(never)]
fn matches_compare(
    path: &AttrPath,
    op: CompareOp,
    value: &Value,
    obj: &Map<String, Value>,
    scope: Scope<'_>,
) -> Result<bool> {
    let (vals, attr) = values(path, obj, scope)?;
    if value.is_null() {
        let any = vals.iter().any(|v| present(v));
        return match op {
            CompareOp::Eq => Ok(!any),
            CompareOp::Ne => Ok(any),
            _ => Err(invalid(format!("{} is not defined for null", op.as_str()))),
        };
    }
    if let Some(a) = attr.filter(|a| a.kind == AttributeType::Complex) {
        // RFC 7644 §3.4.2.2: "For complex attributes, a fully qualified sub-attribute MUST be
        // specified" (one with a `value` compares that).
        return Err(invalid(format!(
            "{} is a complex attribute without a value sub-attribute: name one of its \
             sub-attributes ({}.{}) to compare",
            a.name,
            a.name,
            a.sub_attributes
                .first()
                .map_or("value", |s| s.name.as_str())
        )));
    }
    for v in vals {
        if compare(v, op, value, attr, scope.lenient())? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `path[filter]`: some element matches.
#[inline(never)]
fn matches_value_path(
    path: &AttrPath,
    filter: &Filter,
    obj: &Map<String, Value>,
    scope: Scope<'_>,
) -> Result<bool> {
    let (elements, attr) = elements(path, obj, scope)?;
    let subs: &[Attribute] = attr.map_or(&[], |a| a.sub_attributes.as_slice());
    for e in elements {
        if let Value::Object(m) = e {
            if matches(filter, m, Scope::Element(subs, scope.lenient()))? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => a.iter().any(present),
        Value::Object(m) => !m.is_empty(),
        _ => true,
    }
}

/// The schema definition of the top-level attribute `path` names in a resource: core and common
/// attributes by bare name or under the core URN, extension attributes under their URN (an
/// extension of the resource type, or any loaded schema).
fn definition<'a>(c: &'a Compiled, path: &AttrPath) -> Option<&'a Attribute> {
    let core = |name: &str| {
        c.core
            .attribute(name)
            .or_else(|| c.registry.common().attribute(name))
    };
    match &path.urn {
        None => core(&path.name),
        Some(urn) if urn.eq_ignore_ascii_case(&c.core.id) => core(&path.name),
        Some(urn) => c
            .extension(urn)
            .or_else(|| c.registry.schema(urn).map(|s| &**s))
            .and_then(|s| s.attribute(&path.name)),
    }
}

/// Why `path` cannot be filtered on, if it cannot: it names an attribute (or sub-attribute, or
/// the `value` a complex attribute compares by) whose schema says `returned: never`
/// (`password`), so matching on it would reveal its value.
/// `within` is the attribute a value filter runs over, for paths inside `attr[...]`;
/// `container` says the path is that attribute (`keys` in `keys[...]`), whose `value` is then
/// not what is tested. Decided
/// from the schemas alone, never from data, so the refusal itself reveals nothing.
pub(crate) fn unfilterable(
    c: &Compiled,
    path: &AttrPath,
    within: Option<&AttrPath>,
    container: bool,
) -> Option<String> {
    // An attribute the resource type does not define may still be a secret in the resource
    // filtered (a `password` filter run with a Group validator over User resources): then every
    // loaded schema's definition of that name counts, and any that is never returned refuses.
    match within {
        None => definitions(c, path)
            .find_map(|attr| unfilterable_attr(None, attr, path.sub.as_deref(), container)),
        Some(_) if path.urn.is_some() => None,
        Some(p) => definitions(c, p).find_map(|parent| {
            let attr = parent.sub_attribute(&path.name)?;
            unfilterable_attr(Some(parent), attr, path.sub.as_deref(), container)
        }),
    }
}

/// The definitions of the top-level attribute `path` names: the resource type's own
/// ([`definition`]), else every loaded schema's attribute of that name (under `path`'s URN, if
/// it has one).
fn definitions<'a>(c: &'a Compiled, path: &'a AttrPath) -> impl Iterator<Item = &'a Attribute> {
    let own = definition(c, path);
    let others = own.is_none().then(|| {
        c.registry
            .schemas()
            .filter(|s| {
                path.urn
                    .as_deref()
                    .is_none_or(|u| s.id.eq_ignore_ascii_case(u))
            })
            .filter_map(|s| s.attribute(&path.name))
    });
    own.into_iter().chain(others.into_iter().flatten())
}

/// [`unfilterable`] for one definition: `attr` (inside `parent[...]` when given), compared by
/// `sub` or, for a complex attribute that is not the container, by its `value`.
fn unfilterable_attr(
    parent: Option<&Attribute>,
    attr: &Attribute,
    sub: Option<&str>,
    container: bool,
) -> Option<String> {
    // A complex attribute compared without a sub-attribute compares its `value`.
    let implicit = (attr.kind == AttributeType::Complex && !container).then_some("value");
    let sub = sub.or(implicit).and_then(|s| attr.sub_attribute(s));
    let never = |a: &Attribute| a.returned == Returned::Never;
    let (outer, inner) = if never(attr) {
        (parent, attr)
    } else if let Some(s) = sub.filter(|s| never(s)) {
        (Some(attr), s)
    } else {
        return None;
    };
    let name = match outer {
        Some(o) => format!("{}.{}", o.name, inner.name),
        None => inner.name.clone(),
    };
    Some(format!(
        "{name} is never returned (returned: never) and cannot be filtered on"
    ))
}

/// Refuse a filter that names an attribute the schemas never return (see [`unfilterable`]).
/// Recursive only into nesting, like evaluation.
pub(crate) fn ensure_filterable(
    c: &Compiled,
    filter: &Filter,
    within: Option<&AttrPath>,
) -> Result<()> {
    match filter {
        Filter::Compare { path, .. } | Filter::Present { path } => {
            ensure_path(c, path, within, false)
        }
        Filter::And(items) | Filter::Or(items) => {
            for x in items {
                ensure_filterable(c, x, within)?;
            }
            Ok(())
        }
        Filter::Not(x) => ensure_filterable(c, x, within),
        Filter::ValuePath { path, filter } => {
            ensure_path(c, path, within, true)?;
            ensure_filterable(c, filter, Some(path))
        }
    }
}

/// One attribute path of a filter, and the value filter inside it (Entra's
/// `emails[type eq "work"].value eq "x"`).
#[inline(never)]
fn ensure_path(
    c: &Compiled,
    path: &AttrPath,
    within: Option<&AttrPath>,
    container: bool,
) -> Result<()> {
    if let Some(message) = unfilterable(c, path, within, container) {
        return Err(invalid(message));
    }
    match &path.filter {
        Some(inner) => ensure_filterable(c, inner, Some(path)),
        None => Ok(()),
    }
}

/// The top-level value and attribute definition a path starts from.
fn root<'a>(
    path: &AttrPath,
    obj: &'a Map<String, Value>,
    scope: Scope<'a>,
) -> Option<(&'a Value, Option<&'a Attribute>)> {
    match scope {
        Scope::Element(subs, _) => {
            if path.urn.is_some() {
                return None;
            }
            find_key(obj, &path.name).map(|v| (v, find_attribute(subs, &path.name)))
        }
        Scope::Resource(c) => match &path.urn {
            None => {
                let attr = c
                    .core
                    .attribute(&path.name)
                    .or_else(|| c.registry.common().attribute(&path.name));
                find_key(obj, &path.name).map(|v| (v, attr))
            }
            Some(urn) if urn.eq_ignore_ascii_case(&c.core.id) => {
                let attr = c
                    .core
                    .attribute(&path.name)
                    .or_else(|| c.registry.common().attribute(&path.name));
                find_key(obj, &path.name).map(|v| (v, attr))
            }
            Some(urn) => {
                let schema = c.extension(urn);
                let ext = find_key(obj, urn)?.as_object()?;
                find_key(ext, &path.name).map(|v| (v, schema.and_then(|s| s.attribute(&path.name))))
            }
        },
    }
}

/// The elements a value filter runs over.
fn elements<'a>(
    path: &AttrPath,
    obj: &'a Map<String, Value>,
    scope: Scope<'a>,
) -> Result<(Vec<&'a Value>, Option<&'a Attribute>)> {
    let Some((v, attr)) = root(path, obj, scope) else {
        return Ok((Vec::new(), None));
    };
    if attr.is_some_and(|a| a.kind != AttributeType::Complex) {
        return Err(invalid(format!(
            "a value filter needs a complex attribute; {} is {}",
            path.name,
            attr.map_or("", |a| a.kind.as_str())
        )));
    }
    Ok(match v {
        Value::Array(items) => (items.iter().collect(), attr),
        other => (vec![other], attr),
    })
}

/// What `pr` tests: the sub-attribute values when the path names one, else the nodes themselves
/// (no `value` substitution for complex attributes).
fn values_raw<'a>(
    path: &AttrPath,
    obj: &'a Map<String, Value>,
    scope: Scope<'a>,
) -> Result<(Vec<&'a Value>, Option<&'a Attribute>)> {
    if path.sub.is_some() {
        values(path, obj, scope)
    } else {
        nodes(path, obj, scope)
    }
}

/// The nodes of the path's attribute, flattened, after its value filter.
fn nodes<'a>(
    path: &AttrPath,
    obj: &'a Map<String, Value>,
    scope: Scope<'a>,
) -> Result<(Vec<&'a Value>, Option<&'a Attribute>)> {
    let Some((top, attr)) = root(path, obj, scope) else {
        return Ok((Vec::new(), None));
    };
    let mut items: Vec<&Value> = match top {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    if let Some(f) = &path.filter {
        let subs: &[Attribute] = attr.map_or(&[], |a| a.sub_attributes.as_slice());
        let mut kept = Vec::with_capacity(items.len());
        for item in items {
            if let Value::Object(m) = item {
                if matches(f, m, Scope::Element(subs, scope.lenient()))? {
                    kept.push(item);
                }
            }
        }
        items = kept;
    }
    Ok((items, attr))
}

/// The values a path names, flattened, and the leaf attribute's definition.
fn values<'a>(
    path: &AttrPath,
    obj: &'a Map<String, Value>,
    scope: Scope<'a>,
) -> Result<(Vec<&'a Value>, Option<&'a Attribute>)> {
    let (items, attr) = nodes(path, obj, scope)?;
    // A complex attribute without a `value` sub-attribute (`name`) has nothing to compare by:
    // its nodes themselves, for `eq null` to test and a comparison to refuse.
    if path.sub.is_none()
        && attr
            .is_some_and(|a| a.kind == AttributeType::Complex && a.sub_attribute("value").is_none())
    {
        return Ok((items, attr));
    }
    // A complex attribute compared without a sub-attribute compares its `value`.
    let sub_name = path.sub.as_deref().or_else(|| {
        let complex = attr.is_some_and(|a| a.kind == AttributeType::Complex)
            || (attr.is_none() && items.iter().any(|v| v.is_object()));
        complex.then_some("value")
    });
    let Some(sub_name) = sub_name else {
        return Ok((items, attr));
    };
    let sub_attr = attr.and_then(|a| a.sub_attribute(sub_name));
    let mut out = Vec::new();
    for item in items {
        if let Value::Object(m) = item {
            match find_key(m, sub_name) {
                Some(Value::Array(a)) => out.extend(a.iter()),
                Some(v) => out.push(v),
                None => {}
            }
        }
    }
    Ok((out, sub_attr))
}

fn compare(
    v: &Value,
    op: CompareOp,
    lit: &Value,
    attr: Option<&Attribute>,
    lenient: bool,
) -> Result<bool> {
    let kind = attr.map(|a| a.kind);
    // (A complex attribute never gets here: `matches_compare` refuses one without `value`, and
    // one with `value` compares that.)
    if matches!(kind, Some(AttributeType::Boolean | AttributeType::Binary))
        && !matches!(op, CompareOp::Eq | CompareOp::Ne)
    {
        return Err(invalid(format!(
            "{} is not defined for {} attributes",
            op.as_str(),
            kind.map_or("", AttributeType::as_str)
        )));
    }
    let ord: Option<Ordering> = match (v, lit) {
        (Value::String(a), Value::String(b)) => {
            // `co`, `sw` and `ew` are about text for every string-valued type (RFC 7644
            // §3.4.2.2: "a substring of the attribute value"), dateTimes included.
            if kind == Some(AttributeType::DateTime)
                && !matches!(op, CompareOp::Co | CompareOp::Sw | CompareOp::Ew)
            {
                // An order needs a dateTime to compare with (`gt "2021-08-05"` is a date): refused
                // rather than answered false for every resource.
                let ordering = !matches!(op, CompareOp::Eq | CompareOp::Ne);
                if ordering && datetime(b).is_none() {
                    return Err(invalid(format!(
                        "{} on a dateTime attribute needs a dateTime value, such as \
                         \"2011-05-13T04:42:34Z\" (RFC 7643 §2.3.5)",
                        op.as_str()
                    )));
                }
                datetime_order(a, b)
            } else {
                let case_exact = attr.is_some_and(|a| a.case_exact);
                let (a, b) = if case_exact {
                    (a.clone(), b.clone())
                } else {
                    (a.to_lowercase(), b.to_lowercase())
                };
                match op {
                    CompareOp::Co => return Ok(a.contains(&b)),
                    CompareOp::Sw => return Ok(a.starts_with(&b)),
                    CompareOp::Ew => return Ok(a.ends_with(&b)),
                    _ => Some(a.cmp(&b)),
                }
            }
        }
        (Value::Number(a), Value::Number(b)) => number_order(a, b),
        (Value::Bool(a), Value::Bool(b)) => {
            if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
                return Err(invalid(format!(
                    "{} is not defined for booleans",
                    op.as_str()
                )));
            }
            Some(a.cmp(b))
        }
        // Entra and others send booleans as strings in filters too.
        (Value::Bool(a), Value::String(b))
            if lenient && (b.eq_ignore_ascii_case("true") || b.eq_ignore_ascii_case("false")) =>
        {
            Some(a.cmp(&b.eq_ignore_ascii_case("true")))
        }
        _ => None,
    };
    Ok(match (op, ord) {
        (CompareOp::Eq, Some(o)) => o == Ordering::Equal,
        (CompareOp::Ne, Some(o)) => o != Ordering::Equal,
        (CompareOp::Ne, None) => true,
        (CompareOp::Gt, Some(o)) => o == Ordering::Greater,
        (CompareOp::Ge, Some(o)) => o != Ordering::Less,
        (CompareOp::Lt, Some(o)) => o == Ordering::Less,
        (CompareOp::Le, Some(o)) => o != Ordering::Greater,
        _ => false,
    })
}

/// Two numbers by value, exactly: integers as integers whatever their size (a `u64` beyond
/// `i64` too), an integer and a decimal without rounding the integer to a double.
fn number_order(a: &serde_json::Number, b: &serde_json::Number) -> Option<Ordering> {
    let int = |n: &serde_json::Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (int(a), int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        (Some(x), None) => int_to_float(x, b.as_f64()?),
        (None, Some(y)) => int_to_float(y, a.as_f64()?).map(Ordering::reverse),
        (None, None) => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// An integer (within 64 bits) against a double, exactly.
fn int_to_float(i: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    // Beyond every 64-bit integer (and far inside i128, where the cast below is exact).
    if f >= 1e30 {
        return Some(Ordering::Less);
    }
    if f <= -1e30 {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    // An integral double below 1e30 in magnitude converts to i128 exactly.
    #[allow(clippy::cast_possible_truncation)]
    let t = whole as i128;
    Some(i.cmp(&t).then(if f > whole {
        Ordering::Less
    } else if f < whole {
        Ordering::Greater
    } else {
        Ordering::Equal
    }))
}

/// Hours by which a dateTime without a time zone may lie from UTC (XML Schema 1.1 Part 2,
/// §3.3.7.3 and §D.2.2: time zones span -14:00 to +14:00).
const ZONE_SPAN: i64 = 14 * 3600;

/// The order of two dateTime values: chronological when both have a time zone or neither does;
/// XML Schema's partial order between one with and one without (certain only when they lie more
/// than 14 hours apart, `None` otherwise). A value that is not a dateTime equals only the same
/// text (ASCII case aside: `t`, `z`) and is otherwise unordered.
fn datetime_order(a: &str, b: &str) -> Option<Ordering> {
    let (Some((x, xn, xz)), Some((y, yn, yz))) = (datetime(a), datetime(b)) else {
        return a.eq_ignore_ascii_case(b).then_some(Ordering::Equal);
    };
    if xz == yz {
        return Some((x, xn).cmp(&(y, yn)));
    }
    // One zoned instant `p` against zone-less fields `q`: `p < q` when `p` comes before `q` read
    // at +14:00 (the earliest `q` can be), `p > q` when after `q` read at -14:00.
    let (p, q) = if xz {
        ((x, xn), (y, yn))
    } else {
        ((y, yn), (x, xn))
    };
    let order = if p < (q.0 - ZONE_SPAN, q.1) {
        Some(Ordering::Less)
    } else if p > (q.0 + ZONE_SPAN, q.1) {
        Some(Ordering::Greater)
    } else {
        None
    };
    if xz {
        order
    } else {
        order.map(Ordering::reverse)
    }
}

/// A dateTime as RFC 7643 §2.3.5 defines one (an `xsd:dateTime`, whose time zone is optional)
/// with a four-digit year (longer ones are compared as text): its fields as seconds and
/// nanoseconds since the epoch, the offset applied when it has a time zone (read as UTC when it
/// has none), and whether it has one.
fn datetime(s: &str) -> Option<(i64, u32, bool)> {
    if !crate::formats::is_datetime(s) || s.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    let n = |a: usize, b: usize| s.get(a..b).and_then(|x| x.parse::<i64>().ok());
    let (y, mo, d) = (n(0, 4)?, n(5, 7)?, n(8, 10)?);
    let (h, mi, sec) = (n(11, 13)?, n(14, 16)?, n(17, 19)?);
    let mut rest = &s[19..];
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        let mut padded = digits.clone();
        padded.truncate(9);
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.parse().ok()?;
        rest = &frac[digits.len()..];
    }
    let offset = match rest {
        "" => None,
        "Z" => Some(0),
        _ => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            Some(
                sign * (rest.get(1..3)?.parse::<i64>().ok()? * 3600
                    + rest.get(4..6)?.parse::<i64>().ok()? * 60),
            )
        }
    };
    // Days from the civil date (proleptic Gregorian).
    let (y2, m2) = if mo <= 2 {
        (y - 1, mo + 9)
    } else {
        (y, mo - 3)
    };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let fields = days * 86_400 + h * 3600 + mi * 60 + sec;
    Some((fields - offset.unwrap_or(0), nanos, offset.is_some()))
}

#[cfg(test)]
mod tests {
    use super::datetime;

    /// The instant of a zoned dateTime, `None` for a zone-less one or anything else.
    fn instant(s: &str) -> Option<(i64, u32)> {
        datetime(s).and_then(|(secs, nanos, zoned)| zoned.then_some((secs, nanos)))
    }

    #[test]
    fn instants() {
        assert_eq!(instant("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(instant("1970-01-01T01:00:00+01:00"), Some((0, 0)));
        assert_eq!(
            instant("2000-03-01T00:00:00.5Z"),
            Some((951_868_800, 500_000_000))
        );
        assert!(instant("2024-01-01T00:00:00-05:00") > instant("2024-01-01T04:59:59Z"));
        assert_eq!(instant("nope"), None);
        assert_eq!(instant("2024-01-02T03:04:05"), None);
        assert_eq!(instant("12024-01-02T03:04:05Z"), None);
        assert_eq!(
            instant("2024-01-01T24:00:00Z"),
            instant("2024-01-02T00:00:00Z")
        );
    }

    #[test]
    fn datetimes_with_and_without_zones() {
        use super::datetime_order;
        use std::cmp::Ordering::{Equal, Greater, Less};
        let cases = [
            ("2011-05-13T04:42:34", "2011-05-13T04:42:34", Some(Equal)),
            ("2011-05-13T04:42:34", "2011-05-13T04:42:35", Some(Less)),
            (
                "2011-05-13T04:42:34Z",
                "2011-05-13T06:42:34+02:00",
                Some(Equal),
            ),
            // Zoned against zone-less: certain only beyond 14 hours.
            ("2011-05-13T04:42:34Z", "2011-05-13T04:42:34", None),
            ("2011-05-13T04:42:34Z", "2011-05-13T18:42:34", None),
            ("2011-05-13T04:42:34Z", "2011-05-13T18:42:35", Some(Less)),
            ("2011-05-13T04:42:34Z", "2011-05-12T14:42:33", Some(Greater)),
            ("2011-05-13T18:42:35", "2011-05-13T04:42:34Z", Some(Greater)),
            ("2000-01-01T00:00:00Z", "2011-05-13T04:42:34", Some(Less)),
            // Not dateTimes: the same text only.
            ("2021-08-05", "2021-08-05", Some(Equal)),
            ("2021-08-05", "2021-08-06", None),
            ("2011-05-13T04:42:34Z", "2011-05-13", None),
        ];
        for (a, b, want) in cases {
            assert_eq!(datetime_order(a, b), want, "{a} {b}");
        }
    }

    #[test]
    fn numbers_compare_exactly() {
        use super::number_order;
        use std::cmp::Ordering::{Equal, Greater, Less};
        let n = |s: &str| serde_json::from_str::<serde_json::Number>(s).unwrap();
        let cases = [
            ("18446744073709551615", "18446744073709551614", Greater),
            ("18446744073709551615", "18446744073709551615", Equal),
            ("-9223372036854775808", "18446744073709551615", Less),
            ("9007199254740993", "9007199254740992.0", Greater),
            ("9007199254740992", "9007199254740992.0", Equal),
            ("2", "2.5", Less),
            ("-2", "-2.5", Greater),
            ("3", "2.5", Greater),
            ("18446744073709551615", "1e300", Less),
            ("18446744073709551615", "-1e300", Greater),
            ("1.5", "2.5", Less),
        ];
        for (a, b, want) in cases {
            assert_eq!(number_order(&n(a), &n(b)), Some(want), "{a} {b}");
            assert_eq!(number_order(&n(b), &n(a)), Some(want.reverse()), "{b} {a}");
        }
    }
}
