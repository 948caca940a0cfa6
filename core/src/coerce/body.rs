//! The coercions of a resource body (POST, PUT, a response): one pass before the walker, so that
//! `check`, `normalize`, the view and the plan all see the coerced body, and every coercion is
//! recorded once, at the place where it happened, in canonical spelling (the place it has in the
//! normalized resource, as the walker locates everything else).
//!
//! Nothing is copied unless something is coerced: the body comes back borrowed. The pass follows
//! the schema, not the input (an attribute, its elements, their sub-attributes), so its depth is
//! bounded whatever the input's nesting.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{reshape, unqualified, Rules, Step, Unqualified};
use crate::codes::Code;
use crate::issue::{Issue, Severity};
use crate::loc::{Loc, Trail};
use crate::options::Operation;
use crate::schema::{Attribute, AttributeType, Mutability, Schema};
use crate::validator::compiled::{Compiled, KeyKind};

/// A body after its coercions.
#[derive(Debug)]
pub(crate) struct Coerced<'a> {
    /// The coerced body (borrowed when nothing was coerced).
    pub(crate) resource: Cow<'a, Value>,
    records: Vec<Record>,
}

/// One coercion, as `check` reports it and as `normalize` records it.
#[derive(Debug)]
struct Record {
    check: Issue,
    change: Issue,
    /// Inside a readOnly attribute of a request, which `check` does not look into (the rewrite
    /// keeps it only for a stored resource or a response's rewrite).
    unchecked: bool,
}

impl Coerced<'_> {
    /// The coercions as findings of `check` (warnings).
    pub(crate) fn issues(&self) -> impl Iterator<Item = Issue> + '_ {
        self.records
            .iter()
            .filter(|r| !r.unchecked)
            .map(|r| r.check.clone())
    }

    /// The coercions as changes of `normalize`.
    pub(crate) fn changes(&self) -> impl Iterator<Item = Issue> + '_ {
        self.records.iter().map(|r| r.change.clone())
    }
}

/// What became of one value.
enum Outcome {
    Same,
    Set(Value),
    Unassigned,
}

struct Pass<'c> {
    c: &'c Compiled,
    rules: Rules,
    /// Whether readOnly attributes are passed over (a request whose rewrite drops them).
    skip_read_only: bool,
    /// Whether the body is a request (then `check` does not look into readOnly attributes).
    request: bool,
    /// How many readOnly attributes the pass is inside.
    in_read_only: usize,
    /// Where the pass is (canonical names, borrowed from the schemas).
    loc: Trail<'c>,
    records: Vec<Record>,
}

/// Coerce a resource body for `operation`; `keep_read_only` when its rewrite keeps readOnly
/// attributes (a stored resource, a response's rewrite), which are then coerced too.
pub(crate) fn body<'a>(
    c: &Compiled,
    operation: Operation,
    keep_read_only: bool,
    resource: &'a Value,
) -> Coerced<'a> {
    let rules = Rules::of(c);
    let borrowed = |records| Coerced {
        resource: Cow::Borrowed(resource),
        records,
    };
    let Value::Object(map) = resource else {
        return borrowed(Vec::new());
    };
    if !rules.any() {
        return borrowed(Vec::new());
    }
    let request = operation != Operation::Response;
    let mut pass = Pass {
        c,
        rules,
        skip_read_only: request && !keep_read_only,
        request,
        in_read_only: 0,
        loc: Trail::new(),
        records: Vec::new(),
    };
    let moved = if rules.unqualified {
        pass.unqualified(map)
    } else {
        None
    };
    let top = moved.as_ref().unwrap_or(map);
    let coerced = pass.top(top);
    let resource = match (coerced, moved) {
        (Some(m), _) | (None, Some(m)) => Cow::Owned(Value::Object(m)),
        (None, None) => Cow::Borrowed(resource),
    };
    Coerced {
        resource,
        records: pass.records,
    }
}

impl<'c> Pass<'c> {
    fn record(&mut self, step: Step, attr: &Attribute, before: &Value) {
        let message = step.message(attr, before);
        let loc = self.loc.loc();
        self.push(step.check_code(), step.code(), loc, message);
    }

    fn push(&mut self, check: Code, change: Code, loc: Loc, message: String) {
        self.records.push(Record {
            check: Issue::new(check, Severity::Warning, loc.clone(), message.clone()),
            change: Issue::new(change, Severity::Warning, loc, message),
            unchecked: self.request && self.in_read_only > 0,
        });
    }

    /// Move each unqualified top-level key that exactly one extension the body declares or uses
    /// defines into that extension's object (`department` → `urn:…:enterprise:2.0:User` →
    /// `department`). A key whose extension object already gives the attribute (a value the
    /// coercions keep: not null, not one they clear, [`Self::survives`]), or is not an
    /// object, stays where it is (the walker reports it). `None` when nothing moved.
    fn unqualified(&mut self, map: &Map<String, Value>) -> Option<Map<String, Value>> {
        let c = self.c;
        let unknown: Vec<&str> = map
            .keys()
            .filter(|k| matches!(c.classify(k), KeyKind::Unknown) && !c.bare_profile_key(k))
            .map(String::as_str)
            .collect();
        if unknown.is_empty() {
            return None;
        }
        let declared = super::body_extensions(c, map);
        let is_declared = |urn: &str| declared.iter().any(|d| d.eq_ignore_ascii_case(urn));
        let mut moves: Vec<(&str, &Schema, &Attribute)> = Vec::new();
        for key in unknown {
            if let Unqualified::One(schema, attr) = unqualified(c, key, is_declared) {
                moves.push((key, schema, attr));
            }
        }
        if moves.is_empty() {
            return None;
        }
        let leaving: HashSet<&str> = moves.iter().map(|(k, _, _)| *k).collect();
        let mut out: Map<String, Value> = map
            .iter()
            .filter(|(k, _)| !leaving.contains(k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // Each extension's object key (the first spelling), and the attributes it already gives.
        let mut slots: HashMap<&str, String> = HashMap::new();
        let mut given: HashSet<(&str, &str)> = HashSet::new();
        for (k, v) in &out {
            if let KeyKind::Extension(schema) = c.classify(k) {
                if slots.contains_key(schema.id.as_str()) {
                    continue;
                }
                slots.insert(&schema.id, k.clone());
                for (name, x) in v.as_object().into_iter().flatten() {
                    if let Some(a) = schema.attribute(name) {
                        if self.survives(a, x) {
                            given.insert((&schema.id, &a.name));
                        }
                    }
                }
            }
        }
        for (key, schema, attr) in moves {
            let value = map[key].clone();
            let slot = slots
                .entry(&schema.id)
                .or_insert_with(|| schema.id.clone())
                .clone();
            let target = out.entry(slot).or_insert_with(|| Value::Object(Map::new()));
            if target.is_null() {
                *target = Value::Object(Map::new());
            }
            match target.as_object_mut() {
                Some(o) if given.insert((&schema.id, &attr.name)) => {
                    o.insert(key.to_string(), value);
                    self.push(
                        Code::UnqualifiedExtensionAttribute,
                        Code::UnqualifiedExtensionAttribute,
                        Loc::root().key(&schema.id).key(&attr.name),
                        format!(
                            "\"{key}\" is not a core attribute; read as {}:{}, the one extension the body declares or uses that defines it",
                            schema.id, attr.name
                        ),
                    );
                }
                _ => {
                    out.insert(key.to_string(), value);
                }
            }
        }
        Some(out)
    }

    /// Whether an extension attribute's value is still given after the coercions of [`Self::top`]
    /// (not null, and not a value they make unassigned, such as `""` or `{"value": ""}`): only
    /// then does it keep an unqualified key of the same name out. Deciding this before the move
    /// keeps normalize idempotent: a cleared value must not hold a key out on the first pass
    /// that it no longer holds out on the second.
    fn survives(&self, attr: &Attribute, x: &Value) -> bool {
        if x.is_null() {
            return false;
        }
        if super::untouchable(attr)
            || (attr.mutability == Mutability::ReadOnly && self.skip_read_only)
        {
            return true;
        }
        super::step(self.rules, attr, x, true).is_none()
            || reshape(self.rules, attr, x.clone(), true, |_, _| {}).is_some()
    }

    /// The top level: each key the walker would read as an attribute. `None` when nothing was
    /// coerced.
    fn top(&mut self, map: &Map<String, Value>) -> Option<Map<String, Value>> {
        let c = self.c;
        let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
        for (i, (key, value)) in map.iter().enumerate() {
            self.loc.clear();
            let outcome = match c.classify(key) {
                KeyKind::Attr(attr) => {
                    self.loc.key(&attr.name);
                    self.value(attr, value, true)
                }
                KeyKind::Extension(schema) => match value {
                    Value::Object(m) => {
                        self.loc.key(&schema.id);
                        match self.members(m, |k| schema.attribute(k)) {
                            Some(m) => Outcome::Set(Value::Object(m)),
                            None => Outcome::Same,
                        }
                    }
                    _ => Outcome::Same,
                },
                KeyKind::Qualified {
                    schema, attr, sub, ..
                } => {
                    self.loc.key(&schema.id);
                    self.loc.key(&attr.name);
                    let read_only = self.enter(attr);
                    let outcome = match sub {
                        _ if read_only && self.skip_read_only => Outcome::Same,
                        Some(sub) => {
                            self.loc.key(&sub.name);
                            self.value(sub, value, true)
                        }
                        None => self.value(attr, value, true),
                    };
                    self.leave(read_only);
                    outcome
                }
                KeyKind::Unknown if c.bare_profile_key(key) => {
                    match c
                        .profile
                        .as_ref()
                        .and_then(|p| c.extension(&p.extension))
                        .and_then(|s| s.attribute(key).map(|a| (s, a)))
                    {
                        Some((schema, attr)) => {
                            self.loc.key(&schema.id);
                            self.loc.key(&attr.name);
                            self.value(attr, value, true)
                        }
                        None => Outcome::Same,
                    }
                }
                _ => Outcome::Same,
            };
            if !matches!(outcome, Outcome::Same) {
                outcomes.push((i, outcome));
            }
        }
        rebuild(map, outcomes)
    }

    /// The members of a complex value or an extension object (the pass is at the container).
    fn members(
        &mut self,
        map: &Map<String, Value>,
        lookup: impl Fn(&str) -> Option<&'c Attribute>,
    ) -> Option<Map<String, Value>> {
        let base = self.loc.mark();
        let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
        for (i, (key, value)) in map.iter().enumerate() {
            let Some(attr) = lookup(key) else { continue };
            self.loc.truncate(base);
            self.loc.key(&attr.name);
            let outcome = self.value(attr, value, true);
            if !matches!(outcome, Outcome::Same) {
                outcomes.push((i, outcome));
            }
        }
        self.loc.truncate(base);
        rebuild(map, outcomes)
    }

    /// Count a readOnly attribute entered; whether it is one.
    fn enter(&mut self, attr: &Attribute) -> bool {
        let read_only = attr.mutability == Mutability::ReadOnly;
        if read_only {
            self.in_read_only += 1;
        }
        read_only
    }

    fn leave(&mut self, read_only: bool) {
        if read_only {
            self.in_read_only -= 1;
        }
    }

    /// One attribute's value (the whole value when `whole`, else one element); the pass is at
    /// the attribute (or the element).
    fn value(&mut self, attr: &'c Attribute, value: &Value, whole: bool) -> Outcome {
        if value.is_null() || super::untouchable(attr) {
            return Outcome::Same;
        }
        let read_only = self.enter(attr);
        let outcome = if read_only && self.skip_read_only {
            Outcome::Same
        } else {
            self.shaped(attr, value, whole)
        };
        self.leave(read_only);
        outcome
    }

    fn shaped(&mut self, attr: &'c Attribute, value: &Value, whole: bool) -> Outcome {
        let rules = self.rules;
        let mut steps: Vec<(Step, Value)> = Vec::new();
        let reshaped = if super::step(rules, attr, value, whole).is_some() {
            let out = reshape(rules, attr, value.clone(), whole, |s, before| {
                steps.push((s, before.clone()));
            });
            for (s, before) in &steps {
                self.record(*s, attr, before);
            }
            match out {
                None => return Outcome::Unassigned,
                Some(v) => Some(v),
            }
        } else {
            None
        };
        let current = reshaped.as_ref().unwrap_or(value);
        let inner = if attr.multi_valued && whole {
            match current {
                Value::Array(items) => self.elements(attr, items),
                _ => None,
            }
        } else if attr.kind == AttributeType::Complex {
            match current {
                Value::Object(m) => self
                    .members(m, |k| attr.sub_attribute(k))
                    .map(Value::Object),
                _ => None,
            }
        } else {
            None
        };
        match (inner, reshaped) {
            (Some(v), _) | (None, Some(v)) => Outcome::Set(v),
            (None, None) => Outcome::Same,
        }
    }

    /// The elements of a multi-valued value (the pass is at the attribute).
    fn elements(&mut self, attr: &'c Attribute, items: &[Value]) -> Option<Value> {
        let base = self.loc.mark();
        let mut changed: Vec<(usize, Value)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            self.loc.truncate(base);
            self.loc.index(i);
            match self.value(attr, item, false) {
                Outcome::Same => {}
                Outcome::Set(v) => changed.push((i, v)),
                // An unassigned element becomes a null element: the others keep their
                // positions (and their findings' indexes), and the walker drops it as any null.
                Outcome::Unassigned => changed.push((i, Value::Null)),
            }
        }
        self.loc.truncate(base);
        if changed.is_empty() {
            return None;
        }
        let mut out = items.to_vec();
        for (i, v) in changed {
            out[i] = v;
        }
        Some(Value::Array(out))
    }
}

/// `map` with the outcomes applied (keys in their order; an unassigned member removed), or
/// `None` when there are none.
fn rebuild(
    map: &Map<String, Value>,
    outcomes: Vec<(usize, Outcome)>,
) -> Option<Map<String, Value>> {
    if outcomes.is_empty() {
        return None;
    }
    let mut outcomes = outcomes.into_iter().peekable();
    let mut out = Map::with_capacity(map.len());
    for (i, (k, v)) in map.iter().enumerate() {
        match outcomes.next_if(|(j, _)| *j == i) {
            Some((_, Outcome::Set(new))) => {
                out.insert(k.clone(), new);
            }
            Some((_, Outcome::Unassigned)) => {}
            Some((_, Outcome::Same)) | None => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Some(out)
}
