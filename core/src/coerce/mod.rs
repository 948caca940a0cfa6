//! The one coercion layer: every dialect switch (and lenient-mode rule) that reshapes a value
//! lives here, and applies wherever that value can arrive — a POST or PUT body (`check`,
//! `normalize`, and so the view and the plan: [`body`]) and a PATCH value, with a path or in a
//! path-less value object (`patch::ops` asks [`reshape`] for each value it sets). Each
//! coercion is one [`Step`] with its own code, recorded as a warning at the place it happened;
//! nothing changes silently.
//!
//! | step | switch (or lenient mode) | what is read | code |
//! |---|---|---|---|
//! | [`Step::Boolean`] | `stringBooleans`, lenient | `"True"` / `"false"` for a boolean attribute | `string_boolean` (check), `string_boolean_coerced` |
//! | [`Step::ValueObject`] | `managerShapes` | a bare string for a single-valued complex attribute with a `value` sub-attribute: `{"value": s}` | `manager_coerced` |
//! | [`Step::Unwrap`] | `managerShapes` | a one-element array for a single-valued complex attribute: its element | `manager_coerced` |
//! | [`Step::Cleared`] | `emptyValueClears` | `{"value": ""}` for a single-valued complex attribute: unassigned | `empty_value_cleared` |
//! | [`Step::EmptyString`] | `emptyStringsUnassigned` | `""` for an optional attribute: unassigned, as `null` is (an element: a `null` element, which keeps the others' positions) | `empty_string_unassigned` |
//! | [`Step::Wrap`] | `wrapSingleValues`, lenient | a single value for a multi-valued attribute: a one-element array | `single_value_wrapped` |
//! | [`unqualified`] | `unqualifiedExtensionAttributes`, lenient | a name no core attribute has that exactly one extension defines: that extension's attribute | `unqualified_extension_attribute` |
//!
//! Steps chain: Entra's `""` for `manager` is first a bare string (`{"value": ""}`), then
//! cleared; `[{"value": "x"}]` is first unwrapped. Strict mode with the `rfc` dialect has every
//! step off, and then a body is not even walked for coercions.

mod body;

use serde_json::{Map, Value};

pub(crate) use body::body;

use crate::codes::Code;
use crate::dialect::Dialect;
use crate::options::Mode;
use crate::schema::{Attribute, AttributeType, Mutability, Returned, Schema};
use crate::validator::compiled::{Compiled, KeyKind};

/// Which coercions are on: the dialect's switches, and what lenient mode adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct Rules {
    /// `"True"` / `"false"` for booleans (`stringBooleans`, lenient).
    pub(crate) string_booleans: bool,
    /// Bare strings and one-element arrays for single-valued complex attributes (`managerShapes`).
    pub(crate) manager_shapes: bool,
    /// `{"value": ""}` clears a single-valued complex attribute (`emptyValueClears`).
    pub(crate) empty_value_clears: bool,
    /// `""` for an optional attribute is unassigned (`emptyStringsUnassigned`).
    pub(crate) empty_strings: bool,
    /// A single value for a multi-valued attribute is a one-element array (`wrapSingleValues`,
    /// lenient).
    pub(crate) wrap_single: bool,
    /// Unqualified extension attribute names (`unqualifiedExtensionAttributes`, lenient).
    pub(crate) unqualified: bool,
}

impl Rules {
    /// The rules of a dialect in a mode.
    pub(crate) fn new(dialect: &Dialect, lenient: bool) -> Rules {
        Rules {
            string_booleans: dialect.string_booleans || lenient,
            manager_shapes: dialect.manager_shapes,
            empty_value_clears: dialect.empty_value_clears,
            empty_strings: dialect.empty_strings_unassigned,
            wrap_single: dialect.wrap_single_values || lenient,
            unqualified: dialect.unqualified_extension_attributes || lenient,
        }
    }

    /// The rules of compiled options.
    pub(crate) fn of(c: &Compiled) -> Rules {
        Rules::new(&c.dialect, c.options.rules.mode == Mode::Lenient)
    }

    /// Whether any value coercion is on (else a body needs no coercion pass).
    fn any(self) -> bool {
        self.string_booleans
            || self.manager_shapes
            || self.empty_value_clears
            || self.empty_strings
            || self.wrap_single
            || self.unqualified
    }
}

/// One coercion of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// A string boolean read as this boolean.
    Boolean(bool),
    /// A bare string for a single-valued complex attribute read as `{"value": s}`.
    ValueObject,
    /// A one-element array for a single-valued complex attribute read as its element.
    Unwrap,
    /// `{"value": ""}` for a single-valued complex attribute: unassigned.
    Cleared,
    /// `""` for an optional attribute: unassigned.
    EmptyString,
    /// A single value for a multi-valued attribute read as a one-element array.
    Wrap,
}

impl Step {
    /// The code recorded by `normalize` and PATCH.
    pub(crate) fn code(self) -> Code {
        match self {
            Step::Boolean(_) => Code::StringBooleanCoerced,
            Step::ValueObject | Step::Unwrap => Code::ManagerCoerced,
            Step::Cleared => Code::EmptyValueCleared,
            Step::EmptyString => Code::EmptyStringUnassigned,
            Step::Wrap => Code::SingleValueWrapped,
        }
    }

    /// The code `check` reports.
    pub(crate) fn check_code(self) -> Code {
        match self {
            Step::Boolean(_) => Code::StringBoolean,
            other => other.code(),
        }
    }

    /// What was done, for people (`v` is the value before the step; no value is quoted but a
    /// string boolean's, and never a secret's: secrets are never coerced).
    pub(crate) fn message(self, attr: &Attribute, v: &Value) -> String {
        let name = &attr.name;
        match self {
            Step::Boolean(b) => format!(
                "the string {} read as the boolean {b}",
                Value::from(v.as_str().unwrap_or_default())
            ),
            Step::ValueObject => {
                format!("a bare string for {name} read as {{\"value\": ...}}")
            }
            Step::Unwrap => format!("a one-element array for {name} read as its element"),
            Step::Cleared => format!("{{\"value\": \"\"}} clears {name}"),
            Step::EmptyString => format!(
                "\"\" for {name} read as unassigned (RFC 7643 §2.5: unassigned, null and empty are one state)"
            ),
            Step::Wrap => format!(
                "{name} is multi-valued; the single value was read as a one-element array"
            ),
        }
    }

    /// The value after the step (`None`: unassigned).
    pub(crate) fn apply(self, v: &Value) -> Option<Value> {
        match self {
            Step::Boolean(b) => Some(Value::Bool(b)),
            Step::ValueObject => Some(Value::Object(Map::from_iter([(
                "value".to_string(),
                v.clone(),
            )]))),
            Step::Unwrap => v.as_array().and_then(|a| a.first()).cloned(),
            Step::Cleared | Step::EmptyString => None,
            Step::Wrap => Some(Value::Array(vec![v.clone()])),
        }
    }
}

/// Whether an attribute's values are never coerced: secrets (`returned: never` or `writeOnly`,
/// a password) are never looked into.
pub(crate) fn untouchable(attr: &Attribute) -> bool {
    attr.returned == Returned::Never || attr.mutability == Mutability::WriteOnly
}

/// The next step for `v` as a value of `attr`: the whole value of a multi-valued attribute when
/// `whole`, else one value (of a single-valued attribute, or one element).
pub(crate) fn step(rules: Rules, attr: &Attribute, v: &Value, whole: bool) -> Option<Step> {
    if untouchable(attr) {
        return None;
    }
    let empty = v.as_str() == Some("");
    if attr.multi_valued && whole {
        return match v {
            Value::Null | Value::Array(_) => None,
            _ if empty && rules.empty_strings && !attr.required => Some(Step::EmptyString),
            _ if rules.wrap_single => Some(Step::Wrap),
            _ => None,
        };
    }
    let single_complex = attr.kind == AttributeType::Complex && !attr.multi_valued;
    match v {
        Value::String(s) if attr.kind == AttributeType::Boolean && rules.string_booleans => {
            if s.eq_ignore_ascii_case("true") {
                Some(Step::Boolean(true))
            } else if s.eq_ignore_ascii_case("false") {
                Some(Step::Boolean(false))
            } else if empty && rules.empty_strings && !attr.required {
                Some(Step::EmptyString)
            } else {
                None
            }
        }
        Value::String(_)
            if single_complex && rules.manager_shapes && attr.sub_attribute("value").is_some() =>
        {
            Some(Step::ValueObject)
        }
        Value::String(_) if empty && rules.empty_strings && !attr.required => {
            Some(Step::EmptyString)
        }
        Value::Array(items)
            if single_complex
                && rules.manager_shapes
                && items.len() == 1
                && !items[0].is_array() =>
        {
            Some(Step::Unwrap)
        }
        Value::Object(m) if single_complex && rules.empty_value_clears && is_empty_value(m) => {
            Some(Step::Cleared)
        }
        _ => None,
    }
}

/// `{"value": ""}` (the key in any letter case, alone).
fn is_empty_value(m: &Map<String, Value>) -> bool {
    m.len() == 1
        && m.iter()
            .next()
            .is_some_and(|(k, v)| k.eq_ignore_ascii_case("value") && v.as_str() == Some(""))
}

/// Every step for an owned value of `attr` (see [`step`]), each passed to `record` with the
/// value before it: the value after them, `None` when unassigned. The members of a complex value
/// and the elements of a wrapped one are left to the caller.
pub(crate) fn reshape(
    rules: Rules,
    attr: &Attribute,
    mut v: Value,
    whole: bool,
    mut record: impl FnMut(Step, &Value),
) -> Option<Value> {
    while let Some(s) = step(rules, attr, &v, whole) {
        record(s, &v);
        v = s.apply(&v)?;
        if s == Step::Wrap {
            break;
        }
    }
    Some(v)
}

/// What an unqualified name (`department`) names among extensions.
#[derive(Debug)]
pub(crate) enum Unqualified<'c> {
    /// No extension defines it.
    None,
    /// Exactly one: its schema and attribute.
    One(&'c Schema, &'c Attribute),
    /// More than one: their schemas.
    Many(Vec<&'c Schema>),
}

impl Unqualified<'_> {
    /// The URNs of the extensions defining the name, for messages.
    pub(crate) fn urns(&self) -> String {
        match self {
            Unqualified::None => String::new(),
            Unqualified::One(s, _) => s.id.clone(),
            Unqualified::Many(list) => list
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// The extensions a body declares or uses: listed in `schemas`, or present as an extension object
/// or in a qualified key. (Normalizing the body lists every extension it uses in `schemas`, so
/// counting those too keeps an unqualified name's reading the same before and after.)
pub(crate) fn body_extensions<'c>(c: &'c Compiled, map: &Map<String, Value>) -> Vec<&'c str> {
    let listed: Vec<&str> = match crate::json::find_key(map, "schemas") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    c.extensions
        .iter()
        .map(|(s, _)| s.id.as_str())
        .filter(|id| {
            listed.iter().any(|u| u.eq_ignore_ascii_case(id))
                || map.keys().any(|k| match c.classify(k) {
                    KeyKind::Extension(s)
                    | KeyKind::Qualified { schema: s, .. }
                    | KeyKind::QualifiedUnknown { schema: s, .. } => s.id == *id,
                    _ => false,
                })
        })
        .collect()
}

/// The extensions of the resource type that `considered` admits (for a body: those it declares
/// or uses, [`body_extensions`]; for PATCH: all) and that define the attribute `name`, which no core attribute has.
pub(crate) fn unqualified<'c>(
    c: &'c Compiled,
    name: &str,
    considered: impl Fn(&str) -> bool,
) -> Unqualified<'c> {
    if c.core.attribute(name).is_some() || c.registry.common().attribute(name).is_some() {
        return Unqualified::None;
    }
    let mut found: Vec<(&Schema, &Attribute)> = c
        .extensions
        .iter()
        .filter(|(s, _)| considered(&s.id))
        .filter_map(|(s, _)| s.attribute(name).map(|a| (&**s, a)))
        .collect();
    match found.len() {
        0 => Unqualified::None,
        1 => {
            let (s, a) = found.remove(0);
            Unqualified::One(s, a)
        }
        _ => Unqualified::Many(found.into_iter().map(|(s, _)| s).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attr(doc: Value) -> Attribute {
        let mut doc = doc;
        let defaults = json!({"multiValued": false, "required": false, "caseExact": false,
            "mutability": "readWrite", "returned": "default", "uniqueness": "none", "description": ""});
        for (k, v) in defaults.as_object().unwrap() {
            doc.as_object_mut()
                .unwrap()
                .entry(k.clone())
                .or_insert(v.clone());
        }
        let schema = json!({"id": "urn:x:test:2.0:Thing", "name": "T", "attributes": [doc]});
        crate::schema::parse_schema(&schema, "test")
            .unwrap()
            .attributes
            .remove(0)
    }

    fn manager() -> Attribute {
        crate::schema::Registry::builtin()
            .schema("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
            .unwrap()
            .attribute("manager")
            .unwrap()
            .clone()
    }

    fn all() -> Rules {
        Rules {
            string_booleans: true,
            manager_shapes: true,
            empty_value_clears: true,
            empty_strings: true,
            wrap_single: true,
            unqualified: true,
        }
    }

    fn steps(rules: Rules, a: &Attribute, v: Value, whole: bool) -> (Vec<Step>, Option<Value>) {
        let mut seen = Vec::new();
        let out = reshape(rules, a, v, whole, |s, _| seen.push(s));
        (seen, out)
    }

    #[test]
    fn every_step_is_off_without_its_rule() {
        let none = Rules::new(&Dialect::default(), false);
        assert!(!none.any());
        let m = manager();
        for v in [
            json!("x"),
            json!([{"value": "x"}]),
            json!({"value": ""}),
            json!(""),
        ] {
            assert_eq!(steps(none, &m, v.clone(), false), (vec![], Some(v)));
        }
    }

    #[test]
    fn manager_shapes_chain_into_a_clear() {
        let m = manager();
        assert_eq!(
            steps(all(), &m, json!(""), false),
            (vec![Step::ValueObject, Step::Cleared], None)
        );
        // A nested array is not an IdP shape: it stays, for check to report.
        assert_eq!(steps(all(), &m, json!([["8a"]]), false).0, vec![]);
        assert_eq!(
            steps(all(), &m, json!([{"value": "8a"}]), false),
            (vec![Step::Unwrap], Some(json!({"value": "8a"})))
        );
        let mut only_shapes = Rules::new(&Dialect::default(), false);
        only_shapes.manager_shapes = true;
        assert_eq!(
            steps(only_shapes, &m, json!(""), false),
            (vec![Step::ValueObject], Some(json!({"value": ""})))
        );
    }

    #[test]
    fn empty_strings_spare_required_attributes_and_secrets() {
        let optional = attr(json!({"name": "title", "type": "string"}));
        let required = attr(json!({"name": "userName", "type": "string", "required": true}));
        let tags = attr(json!({"name": "tags", "type": "string", "multiValued": true}));
        let flag = attr(json!({"name": "remote", "type": "boolean"}));
        let secret = attr(
            json!({"name": "password", "type": "string", "mutability": "writeOnly", "returned": "never"}),
        );
        assert_eq!(
            steps(all(), &optional, json!(""), false),
            (vec![Step::EmptyString], None)
        );
        assert_eq!(
            steps(all(), &flag, json!(""), false),
            (vec![Step::EmptyString], None)
        );
        assert_eq!(steps(all(), &required, json!(""), false).0, vec![]);
        assert_eq!(steps(all(), &secret, json!(""), false).0, vec![]);
        assert_eq!(
            steps(all(), &tags, json!(""), true),
            (vec![Step::EmptyString], None)
        );
        // An element too (its caller keeps the position, as for a null element).
        assert_eq!(
            steps(all(), &tags, json!(""), false),
            (vec![Step::EmptyString], None)
        );
    }

    #[test]
    fn single_values_wrap_once() {
        let tags = attr(json!({"name": "tags", "type": "string", "multiValued": true}));
        assert_eq!(
            steps(all(), &tags, json!("a"), true),
            (vec![Step::Wrap], Some(json!(["a"])))
        );
        assert_eq!(steps(all(), &tags, json!(["a"]), true).0, vec![]);
        assert_eq!(steps(all(), &tags, json!(null), true).0, vec![]);
    }
}
