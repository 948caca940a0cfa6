//! Multi-valued attributes during one PATCH request: a value index and tombstones, so that a
//! request with many operations on a large attribute (a group with tens of thousands of members)
//! costs time linear in the operations plus the elements, not in their product.
//!
//! * Removed elements become `null` in place (tombstones), so positions stay stable while the
//!   operations run; every reader skips them, and [`compact`] drops them after the last one.
//! * [`Index`] maps each element's value key (its `value`, folded unless caseExact) to its
//!   positions, and remembers which elements are primary. `add` de-duplicates through it,
//!   `remove` by value finds its targets through it, and a value filter that pins `value eq "..."`
//!   evaluates only the elements with that value. Other filters still look at every element once
//!   per operation (they may match anything).

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::filter::{CompareOp, Filter};
use crate::json::find_key;
use crate::schema::{Attribute, AttributeType};

/// Which attribute: the extension URN (`None` for the core schema) and the attribute name.
pub(super) type Key = (Option<String>, String);

/// The value key of an element: its `value` (folded to lower case unless the `value`
/// sub-attribute is caseExact), or the element itself when it is a string; `None` when it has no
/// value to compare.
pub(super) fn value_key(attr: &Attribute, v: &Value) -> Option<String> {
    let case_exact = attr
        .sub_attribute("value")
        .map_or(attr.case_exact, |a| a.case_exact);
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => match find_key(o, "value")? {
            Value::String(s) => s.clone(),
            Value::Null => return None,
            other => other.to_string(),
        },
        _ => return None,
    };
    Some(if case_exact { s } else { s.to_lowercase() })
}

/// The slot an element is indexed under: its value key, or its JSON text when it has no value.
fn slot(attr: &Attribute, v: &Value) -> String {
    value_key(attr, v).unwrap_or_else(|| format!("\u{1}{v}"))
}

/// An element's `type`, folded, for the (value, type) identity that `add` de-duplicates on.
fn type_of(v: &Value) -> String {
    v.as_object()
        .and_then(|o| find_key(o, "type"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_lowercase()
}

/// Whether an element is primary: `primary: true`, or (`strings`: lenient mode or a dialect
/// with string booleans) the string `"true"` in any case.
pub(super) fn is_primary(v: &Value, strings: bool) -> bool {
    v.as_object()
        .and_then(|o| find_key(o, "primary"))
        .is_some_and(|p| primary_true(p, strings))
}

/// Whether a `primary` value says true: `true`, or (`strings`) `"true"` in any case.
pub(super) fn primary_true(p: &Value, strings: bool) -> bool {
    match p {
        Value::Bool(b) => *b,
        Value::String(s) => strings && s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// The positions of an attribute's live elements by value key, and its primary elements.
#[derive(Debug, Default)]
pub(super) struct Index {
    by_slot: HashMap<String, Vec<usize>>,
    primaries: Vec<usize>,
}

impl Index {
    /// Index the live (non-null) elements of `items`.
    pub(super) fn build(attr: &Attribute, items: &[Value], strings: bool) -> Index {
        let mut index = Index {
            by_slot: HashMap::with_capacity(items.len()),
            primaries: Vec::new(),
        };
        for (i, item) in items.iter().enumerate() {
            index.insert(attr, i, item, strings);
        }
        index
    }

    /// Record the element at `pos` (nothing for a tombstone).
    pub(super) fn insert(&mut self, attr: &Attribute, pos: usize, item: &Value, strings: bool) {
        if item.is_null() {
            return;
        }
        self.by_slot.entry(slot(attr, item)).or_default().push(pos);
        if is_primary(item, strings) {
            self.primaries.push(pos);
        }
    }

    /// Forget the element at `pos`, as it was before a change or its removal.
    pub(super) fn forget(&mut self, attr: &Attribute, pos: usize, item: &Value) {
        if item.is_null() {
            return;
        }
        let key = slot(attr, item);
        if let Some(list) = self.by_slot.get_mut(&key) {
            list.retain(|&p| p != pos);
            if list.is_empty() {
                self.by_slot.remove(&key);
            }
        }
        self.primaries.retain(|&p| p != pos);
    }

    /// Forget that the element at `pos` is primary (its flag was cleared).
    pub(super) fn forget_primary(&mut self, pos: usize) {
        self.primaries.retain(|&p| p != pos);
    }

    /// Whether an element with the same value key and `type` as `item` is present (RFC 7644
    /// §3.5.2.1: an existing value is not added again).
    pub(super) fn contains(&self, attr: &Attribute, items: &[Value], item: &Value) -> bool {
        let kind = type_of(item);
        self.by_slot
            .get(&slot(attr, item))
            .is_some_and(|list| list.iter().any(|&p| type_of(&items[p]) == kind))
    }

    /// Positions of the live elements whose value key is `key`.
    pub(super) fn with_value(&self, key: &str) -> &[usize] {
        self.by_slot.get(key).map_or(&[], Vec::as_slice)
    }

    /// Positions of the primary elements.
    pub(super) fn primaries(&self) -> &[usize] {
        &self.primaries
    }
}

/// The value key a filter pins: `value eq "x"` on its own or as one operand of `and`, when the
/// attribute's `value` compares as a plain string (so that every element the filter matches has
/// that value key). `None` when the filter may match elements of any value.
pub(super) fn pinned(attr: &Attribute, filter: &Filter) -> Option<String> {
    let value = attr.sub_attribute("value")?;
    if !matches!(value.kind, AttributeType::String | AttributeType::Reference) {
        return None;
    }
    let mut stack = vec![filter];
    while let Some(f) = stack.pop() {
        match f {
            Filter::Compare {
                path,
                op: CompareOp::Eq,
                value: Value::String(s),
            } if path.urn.is_none()
                && path.filter.is_none()
                && path.sub.is_none()
                && path.name.eq_ignore_ascii_case("value") =>
            {
                return Some(if value.case_exact {
                    s.clone()
                } else {
                    s.to_lowercase()
                });
            }
            Filter::And(items) => stack.extend(items),
            _ => {}
        }
    }
    None
}

/// Drop the tombstones of the attribute `name` in `container` (removing the attribute when no
/// element is left). Returns each old position's new position (`None` for a tombstone).
pub(super) fn compact(container: &mut Map<String, Value>, name: &str) -> Vec<Option<usize>> {
    let Some(Value::Array(items)) = container.get_mut(name) else {
        return Vec::new();
    };
    let mut next = 0;
    let remap = items
        .iter()
        .map(|x| {
            if x.is_null() {
                None
            } else {
                next += 1;
                Some(next - 1)
            }
        })
        .collect();
    items.retain(|x| !x.is_null());
    if items.is_empty() {
        container.remove(name);
    }
    remap
}

/// The container map of an attribute: the resource, or its extension object.
pub(super) fn container_of<'m>(
    res: &'m mut Map<String, Value>,
    ext: Option<&str>,
) -> Option<&'m mut Map<String, Value>> {
    match ext {
        None => Some(res),
        Some(id) => res.get_mut(id).and_then(Value::as_object_mut),
    }
}

/// Every element as `(position, object)`, tombstones and non-objects skipped.
pub(super) fn live(items: &[Value]) -> impl Iterator<Item = (usize, &Map<String, Value>)> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.as_object().map(|o| (i, o)))
}
