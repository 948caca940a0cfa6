//! The rewrite's moves at the top level: canonical names with repeats kept as written, bare and
//! qualified keys moved into place, `schemas` completed, user types in canonical spelling.

use serde_json::{Map, Value};

use super::names::Dups;
use super::walk::Walker;
use crate::codes::Code;
use crate::issue::{Issue, Severity};
use crate::loc::Loc;
use crate::schema::{Attribute, Schema};

/// A qualified top-level key, moved into place after the other keys.
pub(super) struct Pending<'c> {
    pub(super) key: &'c str,
    pub(super) value: &'c Value,
    pub(super) schema: &'c Schema,
    pub(super) is_core: bool,
    pub(super) attr: &'c Attribute,
    pub(super) sub: Option<&'c Attribute>,
    /// The value rewritten in the walk, and the changes made inside it (recorded when it moves),
    /// unless the rewrite drops it.
    pub(super) rewritten: Option<(Value, Vec<Issue>)>,
}

impl<'c> Walker<'c> {
    /// Rewrite: put `v` in `out` under the canonical name at the walk's location; when the
    /// object gives the same attribute under more than one spelling (`dups`), keep every
    /// spelling as written (nothing is dropped) and record each repeat. Keys of one object are
    /// distinct, so nothing is overwritten.
    pub(super) fn place(
        &mut self,
        out: &mut Map<String, Value>,
        written: &str,
        canonical: &'c str,
        v: Value,
        dups: &mut Dups<'c>,
    ) {
        if dups.repeated(canonical) {
            if !dups.first_placed(canonical) {
                self.change(
                    Code::DuplicateAttributeKept,
                    Severity::Warning,
                    format!("\"{written}\" names the same attribute as another key; every spelling is left as written"),
                );
            }
            out.insert(written.to_string(), v);
            return;
        }
        if written != canonical {
            self.change(
                Code::NameCanonicalized,
                Severity::Info,
                format!("\"{written}\" renamed to \"{canonical}\""),
            );
        }
        out.insert(canonical.to_string(), v);
    }

    /// Rewrite: a bare top-level key of the profile's extension (`bareCustomKeys`) moved into
    /// the extension object.
    pub(super) fn move_bare(
        &mut self,
        out: &mut Map<String, Value>,
        schema: &'c Schema,
        key: &'c str,
        value: &'c Value,
    ) {
        let attr = schema.attribute(key);
        let name: &'c str = attr.map_or(key, |a| a.name.as_str());
        self.at(&[&schema.id, name]);
        let value = match attr {
            Some(attr) => {
                let v = self.value(attr, value, false, true);
                self.user_type(&schema.id, attr, v)
            }
            None => value.clone(),
        };
        let slot = out
            .entry(schema.id.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        match slot {
            Value::Object(ext) if !ext.contains_key(name) => {
                ext.insert(name.to_string(), value);
                self.change(
                    Code::BareKeyMoved,
                    Severity::Warning,
                    format!(
                        "top-level \"{key}\" moved into the \"{}\" object",
                        schema.id
                    ),
                );
            }
            _ => self.keep(out, key, &value),
        }
    }

    /// Rewrite: a qualified custom-field key moved into the profile's extension object.
    pub(super) fn move_custom(
        &mut self,
        out: &mut Map<String, Value>,
        schema: &'c Schema,
        key: &'c str,
        name: &'c str,
        value: &'c Value,
    ) {
        self.at(&[&schema.id, name]);
        let slot = out
            .entry(schema.id.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        match slot {
            Value::Object(ext) if !ext.contains_key(name) => {
                ext.insert(name.to_string(), value.clone());
                self.change(
                    Code::QualifiedAttributeMoved,
                    Severity::Info,
                    format!("\"{key}\" moved into the \"{}\" object", schema.id),
                );
            }
            Value::Object(ext) if ext.get(name) == Some(value) => {
                self.change(
                    Code::QualifiedAttributeMoved,
                    Severity::Info,
                    format!(
                        "\"{name}\" already holds the same value; the qualified key is removed"
                    ),
                );
            }
            _ => self.keep(out, key, value),
        }
    }

    /// Rewrite: a qualified key moved to the top level (core) or into its extension object.
    pub(super) fn move_qualified(&mut self, out: &mut Map<String, Value>, p: Pending<'c>) {
        self.at(&[&p.schema.id, &p.attr.name]);
        if let Some(sub) = p.sub {
            self.loc.key(&sub.name);
        }
        let leaf = p.sub.unwrap_or(p.attr);
        if self.c.drops_secret(p.attr) || self.c.drops_secret(leaf) {
            self.change(
                Code::PasswordDropped,
                Severity::Warning,
                format!(
                    "\"{}\" dropped: the target does not store passwords; its value is not echoed",
                    leaf.name
                ),
            );
            return;
        }
        if self.drops_read_only(p.attr) || self.drops_read_only(leaf) {
            self.change(
                Code::ReadOnlyRemoved,
                Severity::Info,
                format!("readOnly \"{}\" removed from the request", leaf.name),
            );
            return;
        }
        let Some((value, inside)) = p.rewritten else {
            return;
        };
        self.changes.extend(inside);
        let value = if p.sub.is_none() {
            self.user_type(&p.schema.id, leaf, value)
        } else {
            value
        };
        // Find (or create) the container the value belongs in.
        let container: &mut Map<String, Value> = if p.is_core {
            out
        } else {
            // Extension objects were already inserted under their canonical key.
            let slot = out
                .entry(p.schema.id.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = slot {
                m
            } else {
                self.keep(out, p.key, p.value);
                return;
            }
        };
        let target: &mut Map<String, Value> = if p.sub.is_none() {
            container
        } else {
            let slot = container
                .entry(p.attr.name.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = slot {
                m
            } else {
                self.keep(out, p.key, p.value);
                return;
            }
        };
        match target.get(&leaf.name) {
            Some(existing) if *existing != value => {
                self.keep(out, p.key, p.value);
            }
            Some(_) => {
                self.change(
                    Code::QualifiedAttributeMoved,
                    Severity::Info,
                    format!(
                        "\"{}\" already holds the same value; the qualified key is removed",
                        leaf.name
                    ),
                );
            }
            None => {
                target.insert(leaf.name.clone(), value);
                self.change(
                    Code::QualifiedAttributeMoved,
                    Severity::Info,
                    if p.is_core {
                        format!("\"{}\" moved to the top-level \"{}\"", p.key, leaf.name)
                    } else {
                        format!("\"{}\" moved into the \"{}\" object", p.key, p.schema.id)
                    },
                );
            }
        }
    }

    /// Rewrite: leave a key in place because its target holds something else (recorded at the
    /// walk's location).
    fn keep(&mut self, out: &mut Map<String, Value>, key: &str, value: &Value) {
        self.change(
            Code::DuplicateAttributeKept,
            Severity::Warning,
            format!("\"{key}\" conflicts with a value already present; it is left as written"),
        );
        out.insert(key.to_string(), value.clone());
    }

    /// Rewrite: make sure `schemas` lists the core schema (first) and every extension used.
    pub(super) fn declare(&mut self, out: &mut Map<String, Value>, used: &[&str]) {
        let core = self.c.core.id.clone();
        if !out.contains_key("schemas") {
            let mut fresh = Map::with_capacity(out.len() + 1);
            fresh.insert("schemas".into(), Value::Array(Vec::new()));
            fresh.extend(std::mem::take(out));
            *out = fresh;
        }
        let Some(Value::Array(list)) = out.get_mut("schemas") else {
            return;
        };
        let listed = |list: &Vec<Value>, urn: &str| {
            list.iter()
                .any(|v| v.as_str().is_some_and(|u| u.eq_ignore_ascii_case(urn)))
        };
        let mut changes = Vec::new();
        if !listed(list, &core) {
            list.insert(0, Value::String(core.clone()));
            changes.push((
                Code::CoreSchemaAdded,
                format!("core schema {core} added to \"schemas\""),
            ));
        }
        for urn in used {
            if !listed(list, urn) {
                list.push(Value::String((*urn).to_string()));
                changes.push((
                    Code::ExtensionDeclared,
                    format!("extension {urn} added to \"schemas\""),
                ));
            }
        }
        for (code, message) in changes {
            self.change_at(code, Severity::Info, Loc::root().key("schemas"), message);
        }
    }

    /// Rewrite: the profile's user type in canonical spelling (aliases resolved), at the walk's
    /// location.
    pub(super) fn user_type(&mut self, schema_id: &str, attr: &Attribute, v: Value) -> Value {
        let Some(profile) = &self.c.profile else {
            return v;
        };
        let Value::String(given) = &v else {
            return v;
        };
        if attr.name != profile.user_types.attribute
            || !schema_id.eq_ignore_ascii_case(&profile.extension)
        {
            return v;
        }
        match profile.user_types.resolve(given) {
            Some(canonical) if canonical != given => {
                let canonical = canonical.to_string();
                self.change(
                    Code::UserTypeNormalized,
                    Severity::Info,
                    format!("user type {given:?} written as {canonical:?}"),
                );
                Value::String(canonical)
            }
            _ => v,
        }
    }
}

/// Whether an unknown member's name says it holds a password: `password` in any letter case, or
/// a URN-qualified `…:password`.
fn secret_name(key: &str) -> bool {
    let b = key.as_bytes();
    b.eq_ignore_ascii_case(b"password")
        || (b.len() > 9 && b[b.len() - 9..].eq_ignore_ascii_case(b":password"))
}

impl Walker<'_> {
    /// Rewrite: an unknown value (`key` at `loc`), kept as written. When the target stores no
    /// passwords (a profile such as Wrike's, or `dropPassword`), a member whose name says it is a
    /// password is dropped at any depth, with `password_dropped`: the schemas say nothing of an
    /// unknown attribute, and its name says it is a secret. `None` when `key` itself is one.
    pub(super) fn kept_unknown(&mut self, loc: Loc, key: &str, value: &Value) -> Option<Value> {
        if !self.c.drops_secrets() {
            return Some(value.clone());
        }
        if secret_name(key) {
            self.secret_dropped(loc, key);
            return None;
        }
        let mut out = value.clone();
        let mut stack = vec![(&mut out, loc)];
        while let Some((v, at)) = stack.pop() {
            match v {
                Value::Object(map) => {
                    for k in map.keys().filter(|k| secret_name(k)) {
                        let here = at.clone().key(k.as_str());
                        self.changes.push(Issue::new(
                            Code::PasswordDropped,
                            Severity::Warning,
                            here,
                            format!("\"{k}\" dropped: the target does not store passwords; its value is not echoed"),
                        ));
                    }
                    map.retain(|k, _| !secret_name(k));
                    // Children in reverse, so they are taken (and their drops recorded) in order.
                    let children: Vec<_> = map.iter_mut().collect();
                    for (k, x) in children.into_iter().rev() {
                        let here = at.clone().key(k.as_str());
                        stack.push((x, here));
                    }
                }
                Value::Array(items) => {
                    for (i, x) in items.iter_mut().enumerate().rev() {
                        stack.push((x, at.clone().index(i)));
                    }
                }
                _ => {}
            }
        }
        Some(out)
    }

    fn secret_dropped(&mut self, loc: Loc, key: &str) {
        self.change_at(
            Code::PasswordDropped,
            Severity::Warning,
            loc,
            format!(
                "\"{key}\" dropped: the target does not store passwords; its value is not echoed"
            ),
        );
    }
}
