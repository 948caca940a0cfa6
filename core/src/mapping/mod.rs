//! Attribute mappings: how an IdP computes the SCIM request it sends from a directory user, and
//! the preview of that request ([`map_user`]): the request itself (POST for a new user, the IdP's
//! PATCH or PUT for a changed one), what produced each value, its `check` report, what the
//! target stores (the view) and what it does (the plan).
//!
//! A **mapping document** is JSON:
//!
//! ```json
//! {
//!   "idp": "entra",
//!   "rules": [
//!     {"target": "userName", "source": {"attribute": "userPrincipalName"},
//!      "matching": true, "precedence": 1},
//!     {"target": "active",
//!      "source": {"expression": "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")"}},
//!     {"target": "title", "source": {"attribute": "jobTitle"}, "default": "Staff",
//!      "apply": "onCreate"}
//!   ]
//! }
//! ```
//!
//! `idp` (`entra`, `okta`, `onelogin`) chooses the expression language and the request shape.
//! Each rule has a `target` (an RFC 7644 attribute path: `emails[type eq "work"].value`, a
//! URN-qualified extension attribute), a `source` — `{"attribute": name}` (the IdP's own
//! spelling: Entra `mail`, Okta `user.email`, OneLogin `email`), `{"constant": value}` or
//! `{"expression": text}` —, an optional `default` used when the source is null, `apply`
//! (`always`, the default, or `onCreate`), and for matching attributes `matching: true` with a
//! `precedence`. [`default_mapping`] gives the Wrike applications' mappings of each IdP.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::codes::Code;
use crate::error::{Error, Result};
use crate::expr::{self, Env, Language, Node};
use crate::filter::{AttrPath, CompareOp, Filter};
use crate::issue::{Issue, Report, Severity};
use crate::loc::Loc;
use crate::plan::Plan;
use crate::profile::view::View;
use crate::validator::Validator;

/// When a rule applies.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Apply {
    /// On create and on every update.
    Always,
    /// Only when the user is created.
    OnCreate,
}

/// Where a rule's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A source attribute, in the IdP's spelling.
    Attribute(String),
    /// A constant JSON value.
    Constant(Value),
    /// An expression in the IdP's language, parsed.
    Expression(String, Node),
}

/// One mapping rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The target attribute path as written.
    pub target: String,
    /// The target, parsed.
    pub path: AttrPath,
    /// Where the value comes from.
    pub source: Source,
    /// The value used when the source gives null.
    pub default: Option<Value>,
    /// When the rule applies.
    pub apply: Apply,
    /// Whether the target is a matching attribute.
    pub matching: bool,
    /// Its precedence among matching attributes (1 first).
    pub precedence: Option<u64>,
}

/// A mapping document, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// The IdP.
    pub idp: Language,
    /// The rules, in order.
    pub rules: Vec<Rule>,
}

const BUILTIN: [(&str, &str); 3] = [
    ("entra", include_str!("builtin/entra.json")),
    ("okta", include_str!("builtin/okta.json")),
    ("onelogin", include_str!("builtin/onelogin.json")),
];

/// The Wrike application's default mapping document for an IdP (`entra`, `okta`, `onelogin`):
/// the attributes help.wrike.com lists as synced, from the IdP's usual source attributes.
///
/// # Errors
/// [`Error::InvalidArgument`] for an unknown IdP.
pub fn default_mapping(idp: &str) -> Result<Value> {
    let language = Language::parse(idp, "idp")?;
    let text = BUILTIN
        .iter()
        .find(|(n, _)| *n == language.as_str())
        .map_or("{}", |(_, t)| t);
    serde_json::from_str(text).map_err(|e| Error::InvalidMapping {
        path: String::new(),
        offset: None,
        message: format!("built-in mapping for {idp}: {e}"),
    })
}

/// The path of member `key` of the object at `at`: `at.key` for a plain name, `at["key"]`
/// (JSON-quoted) when the name has characters a path uses (`.`, `[`) or is empty.
fn member(at: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '$'));
    match (plain, at.is_empty()) {
        (true, true) => key.to_string(),
        (true, false) => format!("{at}.{key}"),
        (false, _) => format!("{at}[{}]", Value::String(key.to_string())),
    }
}

fn bad(path: &str, message: impl Into<String>) -> Error {
    Error::InvalidMapping {
        path: path.to_string(),
        offset: None,
        message: message.into(),
    }
}

impl Mapping {
    /// Read a mapping document; target paths are checked against `validator`'s schemas
    /// (including the profile's extension and custom fields).
    ///
    /// # Errors
    /// [`Error::InvalidMapping`] naming the place in the document (and the byte offset in an
    /// expression that does not parse).
    pub fn from_value(doc: &Value, validator: &Validator) -> Result<Mapping> {
        let Value::Object(m) = doc else {
            return Err(bad(
                "",
                format!("must be an object, found {}", crate::json::type_name(doc)),
            ));
        };
        for k in m.keys() {
            if !["idp", "rules", "description"].contains(&k.as_str()) {
                return Err(bad(
                    &member("", k),
                    "unknown member (known: idp, rules, description)",
                ));
            }
        }
        let idp = match m.get("idp") {
            Some(Value::String(s)) => Language::parse(s, "idp").map_err(|_| {
                bad(
                    "idp",
                    format!("unknown IdP {s:?}; known: entra, okta, onelogin"),
                )
            })?,
            _ => return Err(bad("idp", "must be one of entra, okta, onelogin")),
        };
        let Some(Value::Array(items)) = m.get("rules") else {
            return Err(bad("rules", "must be an array of rules"));
        };
        let mut rules = Vec::with_capacity(items.len());
        let mut seen = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("rules[{i}]");
            let rule = read_rule(item, &at, idp, validator)?;
            if !seen.insert(rule.path.to_string().to_ascii_lowercase()) {
                return Err(bad(
                    &format!("{at}.target"),
                    format!("{} is the target of an earlier rule", rule.target),
                ));
            }
            rules.push(rule);
        }
        Ok(Mapping { idp, rules })
    }
}

fn read_rule(item: &Value, at: &str, idp: Language, validator: &Validator) -> Result<Rule> {
    let Value::Object(r) = item else {
        return Err(bad(at, "must be an object"));
    };
    for k in r.keys() {
        if ![
            "target",
            "source",
            "default",
            "apply",
            "matching",
            "precedence",
            "description",
        ]
        .contains(&k.as_str())
        {
            return Err(bad(
                &member(at, k),
                "unknown member (known: target, source, default, apply, matching, precedence)",
            ));
        }
    }
    let target = match r.get("target") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(bad(&format!("{at}.target"), "must be an attribute path")),
    };
    let path = validator
        .parse_path(&target)
        .map_err(|e| bad(&format!("{at}.target"), e.to_string()))?;
    if !validator.target_known(&path) {
        return Err(bad(
            &format!("{at}.target"),
            format!(
                "{target} names no attribute of {} in the schemas in force (core, enterprise, the profile's extension and custom fields)",
                validator.options().schema.resource_type
            ),
        ));
    }
    let source = match r.get("source") {
        Some(Value::Object(s)) if s.len() == 1 => {
            let (kind, v) = s
                .iter()
                .next()
                .map_or(("", v_null()), |(k, v)| (k.as_str(), v));
            match (kind, v) {
                ("attribute", Value::String(name)) if !name.is_empty() => {
                    attribute_node(name, idp).map_err(|e| {
                        bad(&format!("{at}.source.attribute"), e.to_string())
                    })?;
                    Source::Attribute(name.clone())
                }
                ("constant", v) => Source::Constant(v.clone()),
                ("expression", Value::String(text)) => {
                    let node = expr::parse_expression(text, idp).map_err(|e| match e {
                        Error::InvalidExpression { offset, message, .. } => Error::InvalidMapping {
                            path: format!("{at}.source.expression"),
                            offset: Some(offset),
                            message,
                        },
                        other => other,
                    })?;
                    Source::Expression(text.clone(), node.ast)
                }
                _ => {
                    return Err(bad(
                        &format!("{at}.source"),
                        "must be {\"attribute\": name}, {\"constant\": value} or {\"expression\": text}",
                    ))
                }
            }
        }
        _ => {
            return Err(bad(
                &format!("{at}.source"),
                "must be {\"attribute\": name}, {\"constant\": value} or {\"expression\": text}",
            ))
        }
    };
    let apply = match r.get("apply") {
        None | Some(Value::Null) => Apply::Always,
        Some(Value::String(s)) if s == "always" => Apply::Always,
        Some(Value::String(s)) if s == "onCreate" => Apply::OnCreate,
        Some(_) => {
            return Err(bad(
                &format!("{at}.apply"),
                "must be \"always\" or \"onCreate\"",
            ))
        }
    };
    let matching = match r.get("matching") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad(&format!("{at}.matching"), "must be a boolean")),
    };
    let precedence = match r.get("precedence") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|n| *n >= 1)
                .ok_or_else(|| bad(&format!("{at}.precedence"), "must be a positive integer"))?,
        ),
    };
    Ok(Rule {
        target,
        path,
        source,
        default: r.get("default").filter(|v| !v.is_null()).cloned(),
        apply,
        matching,
        precedence,
    })
}

fn v_null() -> &'static Value {
    &Value::Null
}

/// The syntax tree that reads a source attribute in `idp`'s language.
fn attribute_node(name: &str, idp: Language) -> Result<Node> {
    let span = expr::Span::new(0, name.len());
    let path: Vec<String> = match idp {
        Language::Okta => name.split('.').map(str::to_string).collect(),
        Language::Entra | Language::OneLogin => vec![name.to_string()],
    };
    if path.iter().any(String::is_empty) {
        return Err(expr::invalid(
            0,
            "an attribute name",
            format!("{name:?} is not an attribute name"),
        ));
    }
    Ok(Node::Attribute { path, span })
}

/// `create` (the IdP's POST) or `update` (its PATCH or PUT of a user the target holds).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MapOperation {
    /// A new user: POST /Users.
    Create,
    /// A user the target holds (`current`): Entra's PATCH, Okta's and OneLogin's PUT.
    Update,
}

impl MapOperation {
    /// `create` or `update`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `operation` otherwise.
    pub fn parse(text: &str) -> Result<MapOperation> {
        match text {
            "create" => Ok(MapOperation::Create),
            "update" => Ok(MapOperation::Update),
            other => Err(Error::InvalidArgument {
                argument: "operation".into(),
                message: format!("must be \"create\" or \"update\", found {other:?}"),
            }),
        }
    }
}

/// One rule's outcome.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MappedValue {
    /// The rule's index in the mapping.
    pub rule: usize,
    /// The target attribute path, canonical.
    pub target: String,
    /// What produced the value, in the IdP's language: the expression, the source attribute,
    /// or the constant's JSON text.
    pub source: String,
    /// The value (null for NULL).
    #[cfg_attr(feature = "schema", schemars(with = "serde_json::Value"))]
    pub value: Value,
    /// Whether the IdP sends the attribute.
    pub flows: bool,
    /// Whether the rule's default gave the value (the source was null).
    pub defaulted: bool,
    /// Whether the rule was skipped because it applies on create only.
    pub skipped: bool,
}

/// The request an IdP would send.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedRequest {
    /// `POST`, `PATCH` or `PUT`.
    pub method: String,
    /// The request path: `/Users` or `/Users/{id}`.
    pub path: String,
    /// The body (a User, or a PatchOp), `null` when an update changes nothing.
    #[cfg_attr(feature = "schema", schemars(with = "serde_json::Value"))]
    pub body: Value,
}

/// The preview of what an IdP sends for a directory user, and what the target does with it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MapResult {
    /// The IdP.
    pub idp: Language,
    /// `create` or `update`.
    pub operation: MapOperation,
    /// The request.
    pub request: MappedRequest,
    /// Each rule's value and what produced it, in rule order.
    pub values: Vec<MappedValue>,
    /// The matching attribute the IdP finds the user by (lowest precedence first), and its
    /// value: the filter of the IdP's `GET /Users?filter=...` (`null` when there is none).
    pub matching: Option<String>,
    /// What the mapping found: expression failures at their target (`expression_failed`), a
    /// matching attribute without a value.
    pub issues: Vec<Issue>,
    /// `check` of the body (of the PatchOp for a PATCH).
    pub report: Report,
    /// What the target stores of the user after the request (`null` when the plan rejects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
    /// What the target does.
    pub plan: Plan,
}

/// The preview: the request `mapping`'s IdP sends for directory user `source` (for `update`,
/// against `current`, the user the target holds), with its check report, view and plan under
/// `validator` (whose dialect should be the IdP's: [`map_user`] sees to it).
///
/// # Errors
/// [`Error::InvalidMapping`] for a bad mapping, [`Error::NotAnObject`] when `source` or
/// `current` is not an object, [`Error::InvalidArgument`] for an update without `current`.
pub fn map_user_with(
    validator: &Validator,
    source: &Value,
    mapping: &Mapping,
    operation: MapOperation,
    current: Option<&Value>,
    env: &Env,
) -> Result<MapResult> {
    if !source.is_object() {
        return Err(Error::NotAnObject {
            found: crate::json::type_name(source),
        });
    }
    let current = match (operation, current) {
        (MapOperation::Update, None | Some(Value::Null)) => {
            return Err(Error::InvalidArgument {
                argument: "current".into(),
                message: "an update needs the user the target holds".into(),
            })
        }
        (_, Some(c)) if !c.is_null() && !c.is_object() => {
            return Err(Error::NotAnObject {
                found: crate::json::type_name(c),
            })
        }
        (_, c) => c.filter(|c| !c.is_null()),
    };
    let mut issues = Vec::new();
    let mut values = Vec::with_capacity(mapping.rules.len());
    for (i, rule) in mapping.rules.iter().enumerate() {
        let mut v = evaluate_rule(i, rule, mapping.idp, source, operation, env, &mut issues);
        if mapping.idp == Language::Entra && v.flows {
            v.value = entra_typed(v.value, validator.target_type(&rule.path));
        }
        values.push(v);
    }
    let matching = matching_filter(mapping, &values, &mut issues);
    let request = match operation {
        MapOperation::Create => MappedRequest {
            method: "POST".into(),
            path: "/Users".into(),
            body: build_body(mapping, &values, None),
        },
        MapOperation::Update => {
            let current = current.unwrap_or(&Value::Null);
            let id = current.get("id").and_then(Value::as_str).unwrap_or("");
            match mapping.idp {
                Language::Entra => MappedRequest {
                    method: "PATCH".into(),
                    path: format!("/Users/{id}"),
                    body: entra_patch(mapping, &values, current, validator),
                },
                Language::Okta | Language::OneLogin => MappedRequest {
                    method: "PUT".into(),
                    path: format!("/Users/{id}"),
                    body: build_body(mapping, &values, Some(current)),
                },
            }
        }
    };
    let (report, plan) = if request.body.is_null() {
        // Nothing changed: the IdP sends nothing.
        let plan = validator.plan("PUT", current, current)?;
        (Report::from_issues(Vec::new()), plan)
    } else {
        let report = match request.method.as_str() {
            "PATCH" => validator.check_patch(&request.body)?,
            "PUT" => validator
                .with_operation(crate::options::Operation::Replace)
                .check(&request.body)?,
            _ => validator.check(&request.body)?,
        };
        let plan = validator.plan(&request.method, Some(&request.body), current)?;
        (report, plan)
    };
    let view = match &plan.resource {
        Some(r) => Some(validator.view(r)?),
        None => None,
    };
    Ok(MapResult {
        idp: mapping.idp,
        operation,
        request,
        values,
        matching,
        issues,
        report,
        view,
        plan,
    })
}

fn evaluate_rule(
    i: usize,
    rule: &Rule,
    idp: Language,
    source: &Value,
    operation: MapOperation,
    env: &Env,
    issues: &mut Vec<Issue>,
) -> MappedValue {
    let target = rule.path.to_string();
    let mut out = MappedValue {
        rule: i,
        target: target.clone(),
        source: match &rule.source {
            Source::Attribute(a) => a.clone(),
            Source::Constant(v) => v.to_string(),
            Source::Expression(t, _) => t.clone(),
        },
        value: Value::Null,
        flows: false,
        defaulted: false,
        skipped: false,
    };
    if operation == MapOperation::Update && rule.apply == Apply::OnCreate {
        out.skipped = true;
        return out;
    }
    let loc = Loc::root().key(&target);
    let (value, flows) = match &rule.source {
        Source::Constant(v) => (v.clone(), !v.is_null()),
        Source::Attribute(name) => match attribute_node(name, idp) {
            Ok(node) => {
                let e = expr::evaluate_node(&node, source, idp, env);
                relocate(e.issues, &loc, issues);
                (e.value, e.flows)
            }
            Err(_) => (Value::Null, false),
        },
        Source::Expression(_, node) => {
            let e = expr::evaluate_node(node, source, idp, env);
            let failed = e.issues.iter().any(|x| x.severity == Severity::Error);
            relocate(e.issues, &loc, issues);
            if failed {
                return out;
            }
            (e.value, e.flows)
        }
    };
    if value.is_null() {
        if let Some(d) = &rule.default {
            out.value = d.clone();
            out.flows = true;
            out.defaulted = true;
            return out;
        }
    }
    out.value = value;
    out.flows = flows && !out.value.is_null();
    out
}

/// The value Entra sends for a target of `kind`: its expressions compute strings, and it sends
/// them as the target attribute's type (`Switch(...)` gives `"True"`, and a POST carries
/// `"active": true`). Anything else is sent as computed.
fn entra_typed(value: Value, kind: Option<crate::schema::AttributeType>) -> Value {
    use crate::schema::AttributeType as T;
    match (kind, value) {
        (Some(T::Boolean), Value::String(s)) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
        (Some(T::Boolean), Value::String(s)) if s.eq_ignore_ascii_case("false") => {
            Value::Bool(false)
        }
        (Some(T::Integer), Value::String(s)) => match s.trim().parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::String(s),
        },
        (_, v) => v,
    }
}

fn relocate(found: Vec<Issue>, loc: &Loc, into: &mut Vec<Issue>) {
    for mut x in found {
        x.path = loc.to_string();
        x.loc = loc.clone();
        into.push(x);
    }
}

/// The matching attribute with the lowest precedence, and the filter the IdP queries by.
fn matching_filter(
    mapping: &Mapping,
    values: &[MappedValue],
    issues: &mut Vec<Issue>,
) -> Option<String> {
    let (rule, value) = mapping
        .rules
        .iter()
        .zip(values)
        .filter(|(r, _)| r.matching)
        .min_by_key(|(r, _)| r.precedence.unwrap_or(u64::MAX))?;
    if !value.flows {
        issues.push(Issue::new(
            Code::MatchingAttributeMissing,
            Severity::Error,
            Loc::root().key(&value.target),
            format!(
                "{} is the matching attribute and has no value: the IdP cannot look the user up and skips it",
                rule.target
            ),
        ));
        return None;
    }
    Some(format!("{} eq {}", rule.path, value.value))
}

/// The resource body from the flowing values, over `base` (a PUT starts from the user the
/// target holds: its id, and what the mapping does not write).
fn build_body(mapping: &Mapping, values: &[MappedValue], base: Option<&Value>) -> Value {
    let mut body = Map::new();
    let core = crate::schema::USER_SCHEMA;
    let mut schemas = vec![core.to_string()];
    if let Some(Value::Object(b)) = base {
        if let Some(id) = b.get("id") {
            body.insert("id".into(), id.clone());
        }
    }
    for (rule, v) in mapping.rules.iter().zip(values) {
        if !v.flows {
            continue;
        }
        if let Some(urn) = &rule.path.urn {
            if !urn.eq_ignore_ascii_case(core)
                && !schemas.iter().any(|s| s.eq_ignore_ascii_case(urn))
            {
                schemas.push(urn.clone());
            }
        }
        set_at(&mut body, &rule.path, v.value.clone());
    }
    let mut out = Map::new();
    out.insert("schemas".into(), json!(schemas));
    out.extend(body);
    Value::Object(out)
}

/// Write `value` at `path` in `body`: under its extension's object, into the element of a
/// multi-valued attribute that a value filter's `eq` terms select (made from them when none
/// does), or into a sub-attribute.
fn set_at(body: &mut Map<String, Value>, path: &AttrPath, value: Value) {
    let container = match &path.urn {
        Some(urn) if !urn.eq_ignore_ascii_case(crate::schema::USER_SCHEMA) => {
            let slot = body.entry(urn.clone()).or_insert_with(|| json!({}));
            if !slot.is_object() {
                *slot = json!({});
            }
            slot.as_object_mut().expect("made an object above")
        }
        _ => body,
    };
    match &path.filter {
        None => match &path.sub {
            None => {
                container.insert(path.name.clone(), value);
            }
            Some(sub) => {
                let slot = container
                    .entry(path.name.clone())
                    .or_insert_with(|| json!({}));
                if !slot.is_object() {
                    *slot = json!({});
                }
                if let Some(m) = slot.as_object_mut() {
                    m.insert(sub.clone(), value);
                }
            }
        },
        Some(filter) => {
            let terms = eq_terms(filter);
            let slot = container
                .entry(path.name.clone())
                .or_insert_with(|| json!([]));
            if !slot.is_array() {
                *slot = json!([]);
            }
            let list = slot.as_array_mut().expect("made an array above");
            let at = list.iter().position(|e| {
                terms
                    .iter()
                    .all(|(k, v)| e.get(k).is_some_and(|x| same(x, v)))
            });
            let at = at.unwrap_or_else(|| {
                list.push(Value::Object(terms.iter().cloned().collect()));
                list.len() - 1
            });
            match (&path.sub, &mut list[at]) {
                (Some(sub), Value::Object(e)) => {
                    e.insert(sub.clone(), value);
                }
                (None, Value::Object(e)) => {
                    if let Value::Object(v) = value {
                        e.extend(v);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The member `key` of an object, matched ignoring ASCII case as SCIM names are.
fn get_ci<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let m = v.as_object()?;
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

/// The `attr eq value` terms of a value filter (joined by `and`).
fn eq_terms(filter: &Filter) -> Vec<(String, Value)> {
    match filter {
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } => vec![(path.name.clone(), value.clone())],
        Filter::And(items) => items.iter().flat_map(eq_terms).collect(),
        _ => Vec::new(),
    }
}

/// The value at `path` in a resource (`None` when absent).
fn get_at<'a>(resource: &'a Value, path: &AttrPath) -> Option<&'a Value> {
    let container = match &path.urn {
        Some(urn) if !urn.eq_ignore_ascii_case(crate::schema::USER_SCHEMA) => {
            get_ci(resource, urn)?
        }
        _ => resource,
    };
    let attr = get_ci(container, &path.name)?;
    let element = match &path.filter {
        None => attr,
        Some(filter) => {
            let terms = eq_terms(filter);
            attr.as_array()?.iter().find(|e| {
                terms
                    .iter()
                    .all(|(k, v)| get_ci(e, k).is_some_and(|x| same(x, v)))
            })?
        }
    };
    match &path.sub {
        None => Some(element),
        Some(sub) => get_ci(element, sub),
    }
    .filter(|v| !v.is_null())
}

/// Entra's PATCH for an update: `Replace` for a value that changed, `Add` for one the target
/// does not hold, `Remove` for one that became null; capitalized ops and `"True"`/`"False"`
/// for booleans unless the validator's dialect is the fixed `aadOptscim062020` one. `null`
/// when nothing changed.
fn entra_patch(
    mapping: &Mapping,
    values: &[MappedValue],
    current: &Value,
    validator: &Validator,
) -> Value {
    let legacy = validator.options().rules.dialect.capitalized_ops;
    let op = |s: &str| {
        if legacy {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        } else {
            s.to_string()
        }
    };
    let mut ops = Vec::new();
    for (rule, v) in mapping.rules.iter().zip(values) {
        if v.skipped {
            continue;
        }
        let held = get_at(current, &rule.path);
        let path = rule.path.to_string();
        if v.flows {
            // A change of letter case is a change: the value is sent again.
            if held == Some(&v.value) {
                continue;
            }
            let value = match &v.value {
                Value::Bool(b) if legacy && validator.options().rules.dialect.string_booleans => {
                    Value::String(if *b { "True" } else { "False" }.into())
                }
                Value::Array(items) if rule.path.name.eq_ignore_ascii_case("roles") => {
                    Value::Array(items.iter().map(patch_role).collect())
                }
                other => other.clone(),
            };
            let kind = if held.is_some() { "replace" } else { "add" };
            ops.push(json!({"op": op(kind), "path": path, "value": value}));
        } else if held.is_some() {
            ops.push(json!({"op": op("remove"), "path": path}));
        }
    }
    if ops.is_empty() {
        return Value::Null;
    }
    json!({"schemas": [crate::patch::PATCH_OP_SCHEMA], "Operations": ops})
}

/// A role as Entra's PATCH sends it: the assignment JSON-encoded in the element's `value`
/// (`{"value": "{\"value\":\"25\",\"displayName\":\"Role1234\"}"}`), where its POST sends
/// the complex value `AppRoleAssignmentsComplex` gives.
fn patch_role(role: &Value) -> Value {
    let Value::Object(m) = role else {
        return role.clone();
    };
    let mut inner = Map::new();
    for (from, to) in [("id", "id"), ("value", "value"), ("display", "displayName")] {
        if let Some(v) = m.get(from) {
            inner.insert(to.to_string(), v.clone());
        }
    }
    json!({"value": Value::Object(inner).to_string()})
}

/// Options for [`map_user`] besides the validator's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapSettings {
    /// `create` or `update`.
    pub operation: MapOperation,
    /// The clock and the random source of expressions.
    pub env: Env,
}

/// [`map_user_with`] from a mapping document and options: the options' dialect is the IdP's
/// preset unless the options set one, and the profile is the built-in default profile (`wrike`)
/// unless they name one.
///
/// # Errors
/// See [`map_user_with`] and [`Mapping::from_value`].
pub fn map_user(
    source: &Value,
    mapping: &Value,
    current: Option<&Value>,
    settings: MapSettings,
    options: &crate::options::Options,
) -> Result<MapResult> {
    let validator = validator_for(mapping, options)?;
    let m = Mapping::from_value(mapping, &validator)?;
    map_user_with(
        &validator,
        source,
        &m,
        settings.operation,
        current,
        &settings.env,
    )
}

/// The validator a mapping's preview runs under.
pub(crate) fn validator_for(
    mapping: &Value,
    options: &crate::options::Options,
) -> Result<Validator> {
    let mut o = options.clone();
    if o.profile.profile.is_none() {
        o.profile.profile = Some(Value::String(crate::profile::DEFAULT_PROFILE.into()));
    }
    if o.rules.dialect == crate::dialect::Dialect::default() {
        if let Some(idp) = mapping.get("idp").and_then(Value::as_str) {
            if let Ok(l) = Language::parse(idp, "idp") {
                o.rules.dialect = crate::dialect::Dialect::preset(l.as_str())?;
            }
        }
    }
    Validator::new(o)
}

/// Mapping rules for a Wrike custom-field catalog (Wrike's `GET /customfields` response or a
/// list of `{id, title, type}`): one rule per field, targeting its attribute in the Wrike
/// extension (`urn:...:wrike:2.0:User:<ID>_<Title>`), with a suggested source the admin edits:
/// Entra's `extensionAttribute1` to `extensionAttribute15` in catalog order (then the title),
/// Okta's `user.<title in camelCase>`, OneLogin's `{user.custom_fields.<title in snake_case>}`.
///
/// # Errors
/// [`Error::InvalidCustomField`] for an unusable catalog, [`Error::InvalidArgument`] for an
/// unknown IdP.
pub fn custom_field_rules(catalog: &Value, idp: &str) -> Result<Vec<Value>> {
    let language = Language::parse(idp, "idp")?;
    let fields = crate::custom_fields_from_wrike(catalog)?;
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let target = crate::custom_field_urn(&f.id, &f.title, None)?;
            let words: Vec<String> = f
                .title
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let source = match language {
                Language::Entra if i < 15 => json!({"attribute": format!("extensionAttribute{}", i + 1)}),
                Language::Entra => json!({"attribute": words.join("")}),
                Language::Okta => {
                    let camel: String = words
                        .iter()
                        .enumerate()
                        .map(|(n, w)| {
                            if n == 0 {
                                w.clone()
                            } else {
                                let mut c = w.chars();
                                c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
                            }
                        })
                        .collect();
                    json!({"attribute": format!("user.{}", if camel.is_empty() { f.id.to_lowercase() } else { camel })})
                }
                Language::OneLogin => {
                    let snake = if words.is_empty() { f.id.to_lowercase() } else { words.join("_") };
                    json!({"expression": format!("{{user.custom_fields.{snake}}}")})
                }
            };
            Ok(json!({
                "target": target,
                "source": source,
                "description": format!("Wrike custom field {:?} ({}, {})", f.title, f.id, f.kind),
            }))
        })
        .collect()
}
