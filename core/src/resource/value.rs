//! The walker below the top level: attribute values, elements of multi-valued attributes and the
//! members of complex values and extension objects — each visited once for both outputs.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::names::{Dups, Sightings};
use super::walk::Walker;
use crate::codes::Code;
use crate::formats::{email_problem, is_base64, is_datetime, reference_problem};
use crate::issue::Severity;
use crate::json::{find_key, type_name};
use crate::loc::Seg;
use crate::schema::{Attribute, AttributeType, Mutability, Returned, Schema};

impl<'c> Walker<'c> {
    /// Walk the members of a complex value (or, with `extension`, an extension object) against
    /// `attrs`; the walk is at the container. Returns the rewritten members (empty unless
    /// `rewrite`).
    pub(super) fn members(
        &mut self,
        attrs: &'c [Attribute],
        map: &'c Map<String, Value>,
        extension: Option<&'c Schema>,
        check: bool,
        rewrite: bool,
    ) -> Map<String, Value> {
        let base = self.loc.mark();
        let lookup = |key: &str| match extension {
            Some(schema) => schema.attribute(key),
            None => crate::schema::find_attribute(attrs, key),
        };
        // Check: canonical names seen (one attribute under two spellings).
        let mut seen = Sightings::new();
        // Rewrite: the output and the names given more than once.
        let mut out = Map::with_capacity(if rewrite { map.len() } else { 0 });
        let mut dups = Dups::default();
        for (index, (key, value)) in map.iter().enumerate() {
            self.loc.truncate(base);
            let Some(attr) = lookup(key) else {
                self.loc.key(key);
                if check {
                    if extension.is_some_and(|s| self.c.is_profile_extension(s)) {
                        let loc = self.loc.loc();
                        self.custom_field_or_unknown(key, value, &loc);
                    } else {
                        let sev = self.strictness();
                        self.issue(
                            Code::UnknownAttribute,
                            sev,
                            format!("\"{key}\" is not a defined sub-attribute here"),
                        );
                    }
                }
                if rewrite {
                    let loc = self.loc.loc();
                    if let Some(v) = self.kept_unknown(loc, key, value) {
                        out.insert(key.clone(), v);
                    }
                }
                continue;
            };
            self.loc.key(&attr.name);
            let mut go_check = false;
            if check {
                let spelled = key == &attr.name;
                if !spelled {
                    self.issue(
                        Code::NonCanonicalName,
                        Severity::Info,
                        format!("\"{key}\" is spelled \"{}\" in the schema", attr.name),
                    );
                }
                go_check = seen.first(attr.name.as_str().into(), spelled);
                if !go_check {
                    self.issue(
                        Code::DuplicateAttribute,
                        Severity::Error,
                        format!(
                            "\"{}\" appears more than once under different letter case",
                            attr.name
                        ),
                    );
                }
            }
            let mut go_rewrite = false;
            if rewrite {
                if value.is_null() {
                    self.change(
                        Code::NullRemoved,
                        Severity::Info,
                        "null value removed".into(),
                    );
                } else if self.drops_read_only(attr) {
                    self.change(
                        Code::ReadOnlyRemoved,
                        Severity::Info,
                        format!("readOnly \"{}\" removed from the request", attr.name),
                    );
                } else if self.c.drops_secret(attr) {
                    self.change(
                        Code::PasswordDropped,
                        Severity::Warning,
                        format!("\"{}\" dropped: the target does not store passwords; its value is not echoed", attr.name),
                    );
                } else {
                    go_rewrite = true;
                }
            }
            let mut v = self.value(attr, value, go_check, go_rewrite);
            if go_rewrite {
                if let Some(schema) = extension {
                    v = self.user_type(&schema.id, attr, v);
                }
                dups.on_key(map, index, key != &attr.name, |k| {
                    lookup(k).map(|a| a.name.as_str())
                });
                self.place(&mut out, key, &attr.name, v, &mut dups);
            }
        }
        self.loc.truncate(base);
        if check {
            self.required(attrs, map, false);
        }
        out
    }

    /// Check: report required attributes of `attrs` that `map` lacks. The walk is at the
    /// container (the resource when `top`).
    pub(super) fn required(&mut self, attrs: &[Attribute], map: &Map<String, Value>, top: bool) {
        for attr in attrs.iter().filter(|a| a.required) {
            if self.is_request() && attr.mutability == Mutability::ReadOnly {
                continue;
            }
            let absent = if top {
                // Top level: the attribute may also be given qualified by the core schema URN.
                crate::json::core_values(map, &self.c.core.id, &attr.name)
                    .into_iter()
                    .all(|v| missing(Some(v)))
            } else {
                missing(find_key(map, &attr.name))
            };
            if absent {
                let loc = self.loc.loc_with(&attr.name);
                self.issue_at(
                    Code::RequiredMissing,
                    Severity::Error,
                    loc,
                    format!("\"{}\" is required", attr.name),
                );
            }
        }
    }

    /// Walk one attribute's value; the walk is at the attribute. Returns the rewritten value
    /// (`Null` unless `rewrite`; the caller has already dropped what the rewrite drops: nulls,
    /// readOnly attributes of requests, secrets).
    pub(super) fn value(
        &mut self,
        attr: &'c Attribute,
        value: &'c Value,
        mut check: bool,
        rewrite: bool,
    ) -> Value {
        if check {
            if value.is_null() {
                self.issue(
                    Code::NullValue,
                    Severity::Info,
                    "null value; treated as absent".into(),
                );
                check = false;
            } else if self.is_request() && attr.mutability == Mutability::ReadOnly {
                // RFC 7643 §2.5: an empty array is the same as unassigned (Okta sends `groups: []`).
                if self.read_only_findings && !value.as_array().is_some_and(Vec::is_empty) {
                    self.issue(
                        Code::ReadOnlyAttribute,
                        Severity::Warning,
                        format!(
                            "\"{}\" is readOnly; a service provider ignores it in a request",
                            attr.name
                        ),
                    );
                }
                check = false;
            } else if !self.is_request() && attr.returned == Returned::Never {
                self.issue(
                    Code::ReturnedNever,
                    Severity::Error,
                    format!(
                        "\"{}\" is never returned; a response must not contain it",
                        attr.name
                    ),
                );
                check = false;
            }
        }
        if !check && !rewrite {
            return Value::Null;
        }
        if attr.multi_valued {
            let Value::Array(items) = value else {
                if check {
                    self.issue(
                        Code::ExpectedMultiValued,
                        Severity::Error,
                        format!(
                            "\"{}\" is multi-valued: expected an array, found {}",
                            attr.name,
                            type_name(value)
                        ),
                    );
                }
                return if rewrite {
                    self.single(attr, value, false, true)
                } else {
                    Value::Null
                };
            };
            let mut list = Vec::with_capacity(if rewrite { items.len() } else { 0 });
            let base = self.loc.mark();
            for (i, item) in items.iter().enumerate() {
                self.loc.truncate(base);
                self.loc.index(i);
                if item.is_null() {
                    if check {
                        self.issue(
                            Code::NullValue,
                            Severity::Info,
                            "null element; treated as absent".into(),
                        );
                    }
                    if rewrite {
                        self.change(
                            Code::NullRemoved,
                            Severity::Info,
                            "null element removed".into(),
                        );
                    }
                    continue;
                }
                let nested = item.is_array();
                if check && nested {
                    self.issue(
                        Code::InvalidType,
                        Severity::Error,
                        format!("elements of \"{}\" must not be arrays", attr.name),
                    );
                }
                let v = self.single(attr, item, check && !nested, rewrite);
                if rewrite {
                    list.push(v);
                }
            }
            self.loc.truncate(base);
            if check {
                self.multi_valued_rules(attr, items);
            }
            Value::Array(list)
        } else if value.is_array() {
            if check {
                self.issue(
                    Code::ExpectedSingleValue,
                    Severity::Error,
                    format!(
                        "\"{}\" is single-valued: expected one value, found an array",
                        attr.name
                    ),
                );
            }
            if rewrite {
                value.clone()
            } else {
                Value::Null
            }
        } else {
            self.single(attr, value, check, rewrite)
        }
    }

    /// Check: more than one primary; repeated values.
    fn multi_valued_rules(&mut self, attr: &Attribute, items: &[Value]) {
        let primaries = items
            .iter()
            .filter(|v| {
                v.as_object()
                    .and_then(|m| find_key(m, "primary"))
                    .is_some_and(|p| {
                        p == &Value::Bool(true)
                            || ((self.lenient() || self.c.dialect.string_booleans)
                                && p.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true")))
                    })
            })
            .count();
        if primaries > 1 {
            self.issue(
                Code::MultiplePrimary,
                Severity::Error,
                format!(
                    "{primaries} elements of \"{}\" have primary: true; at most one may",
                    attr.name
                ),
            );
        }
        let case_exact = match attr.kind {
            AttributeType::Complex => attr.sub_attribute("value").map(|a| a.case_exact),
            AttributeType::String | AttributeType::Reference => Some(attr.case_exact),
            _ => None,
        };
        let Some(case_exact) = case_exact else {
            return;
        };
        if items.len() < 2 {
            return;
        }
        let key_of = |v: &Value| -> Option<(String, String)> {
            let (value, kind) = match v {
                Value::Object(m) => (
                    find_key(m, "value")?.as_str()?,
                    find_key(m, "type").and_then(Value::as_str).unwrap_or(""),
                ),
                Value::String(s) => (s.as_str(), ""),
                _ => return None,
            };
            let value = if case_exact {
                value.to_string()
            } else {
                value.to_lowercase()
            };
            Some((value, kind.to_lowercase()))
        };
        let mut keys: HashSet<(String, String)> = HashSet::with_capacity(items.len());
        let base = self.loc.mark();
        for (i, item) in items.iter().enumerate() {
            let Some(k) = key_of(item) else { continue };
            if !keys.insert(k) {
                self.loc.index(i);
                self.issue(
                    Code::DuplicateValue,
                    Severity::Warning,
                    format!("this element repeats an earlier value of \"{}\"", attr.name),
                );
                self.loc.truncate(base);
            }
        }
    }

    /// Walk a single (non-array) value against the attribute's type: findings, and the
    /// rewritten value (`Null` unless `rewrite`).
    fn single(
        &mut self,
        attr: &'c Attribute,
        value: &'c Value,
        check: bool,
        rewrite: bool,
    ) -> Value {
        // (Dialect coercions — string booleans, bare strings for complex values, ... — were
        // made before the walk, by the coercion layer.)
        let ok = match (attr.kind, value) {
            (AttributeType::Complex, Value::Object(map)) => {
                let m = self.members(&attr.sub_attributes, map, None, check, rewrite);
                return Value::Object(m);
            }
            _ if !check => true,
            (AttributeType::String, Value::String(s)) => {
                self.canonical(attr, s);
                if attr.name == "value" && self.at_email_value() {
                    if let Some(problem) = email_problem(s) {
                        self.issue(
                            Code::InvalidEmail,
                            Severity::Error,
                            format!("not a valid email address: {problem}"),
                        );
                    }
                }
                true
            }
            (AttributeType::Boolean, Value::Bool(_)) => true,
            (AttributeType::Decimal, Value::Number(_)) => true,
            (AttributeType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (AttributeType::DateTime, Value::String(s)) => {
                if !is_datetime(s) {
                    self.issue(
                        Code::InvalidDatetime,
                        Severity::Error,
                        format!("{} is not an xsd:dateTime (RFC 7643 §2.3.5; e.g. 2024-01-31T09:30:00Z)", shown(attr, s)),
                    );
                }
                true
            }
            (AttributeType::Binary, Value::String(s)) => {
                if !is_base64(s) {
                    self.issue(
                        Code::InvalidBinary,
                        Severity::Error,
                        "not base64 (RFC 4648 §4: A-Z a-z 0-9 + /, '=' padding, no whitespace)"
                            .into(),
                    );
                }
                true
            }
            (AttributeType::Reference, Value::String(s)) => {
                let external_only = !attr.reference_types.is_empty()
                    && attr.reference_types.iter().all(|t| t == "external");
                if let Some(problem) = reference_problem(s, external_only) {
                    self.issue(Code::InvalidReference, Severity::Error, problem.to_string());
                }
                true
            }
            _ => false,
        };
        if check && !ok {
            let expected = match attr.kind {
                AttributeType::String => "a string",
                AttributeType::Boolean => "true or false",
                AttributeType::Decimal => "a number",
                AttributeType::Integer => "an integer (no fraction or exponent)",
                AttributeType::DateTime => "a date-time string",
                AttributeType::Binary => "a base64 string",
                AttributeType::Reference => "a URI string",
                AttributeType::Complex => "an object",
            };
            let found = match value {
                Value::String(s) if attr.mutability != Mutability::WriteOnly => {
                    format!("the string {}", Value::from(s.as_str()))
                }
                other => type_name(other).to_string(),
            };
            self.issue(
                Code::InvalidType,
                Severity::Error,
                format!(
                    "\"{}\" is {}: expected {expected}, found {found}",
                    attr.name,
                    attr.kind.as_str()
                ),
            );
        }
        if rewrite {
            value.clone()
        } else {
            Value::Null
        }
    }

    /// Whether the walk is at `emails[i].value` (of the core schema or any extension).
    fn at_email_value(&self) -> bool {
        matches!(
            self.loc.segments(),
            [.., Seg::Key("emails"), Seg::Index(_), Seg::Key("value")]
        )
    }

    /// Check: a string against the attribute's canonical values.
    fn canonical(&mut self, attr: &Attribute, s: &str) {
        if attr.canonical_values.is_empty() {
            return;
        }
        let fits = attr.canonical_values.iter().any(|c| {
            if attr.case_exact {
                c == s
            } else {
                c.eq_ignore_ascii_case(s) || c.to_lowercase() == s.to_lowercase()
            }
        });
        if !fits {
            self.issue(
                Code::NonCanonicalValue,
                Severity::Warning,
                format!(
                    "{} is not one of the canonical values: {}",
                    shown(attr, s),
                    attr.canonical_values.join(", ")
                ),
            );
        }
    }
}

/// A value quoted for a message, or `(hidden)` for writeOnly attributes such as passwords.
fn shown(attr: &Attribute, s: &str) -> String {
    if attr.mutability == Mutability::WriteOnly {
        "(hidden)".to_string()
    } else {
        Value::from(s).to_string()
    }
}

/// Absent, null, an empty string or an empty array count as missing for `required`.
pub(super) fn missing(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Null) | None => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty() || a.iter().all(Value::is_null),
        _ => false,
    }
}
