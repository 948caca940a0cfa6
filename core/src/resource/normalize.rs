//! The normalizer: a canonical copy of a resource plus a record of every change.

use crate::codes::Code;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::issue::{Issue, Severity};
use crate::json::type_name;
use crate::loc::{Loc, Trail};
use crate::options::{Mode, Operation};
use crate::resource::Normalized;
use crate::schema::{Attribute, AttributeType, Mutability, Schema};
use crate::validator::compiled::{Compiled, KeyKind};

pub(crate) fn normalize(
    c: &Compiled,
    operation: Operation,
    resource: &Value,
) -> Result<Normalized> {
    run(c, operation, resource, false)
}

/// As [`normalize`], but readOnly attributes are kept whatever the operation (a stored resource).
pub(crate) fn normalize_keep_read_only(c: &Compiled, resource: &Value) -> Result<Normalized> {
    run(c, Operation::Replace, resource, true)
}

fn run(
    c: &Compiled,
    operation: Operation,
    resource: &Value,
    keep_read_only: bool,
) -> Result<Normalized> {
    let Value::Object(map) = resource else {
        return Err(Error::NotAnObject {
            found: type_name(resource),
        });
    };
    let mut n = Normalizer {
        c,
        operation,
        changes: Vec::new(),
        keep_read_only,
        loc: Trail::new(),
    };
    let resource = n.resource(map);
    Ok(Normalized {
        resource: Value::Object(resource),
        changes: n.changes,
    })
}

struct Normalizer<'c> {
    c: &'c Compiled,
    operation: Operation,
    changes: Vec<Issue>,
    keep_read_only: bool,
    /// Where the walk is (the attribute whose value is being normalized).
    loc: Trail<'c>,
}

/// A qualified top-level key waiting to be moved into place.
struct Pending<'a> {
    key: &'a str,
    value: &'a Value,
    schema: &'a Schema,
    is_core: bool,
    attr: &'a Attribute,
    sub: Option<&'a Attribute>,
}

impl<'c> Normalizer<'c> {
    fn change(&mut self, code: Code, severity: Severity, loc: Loc, message: String) {
        self.changes.push(Issue::new(code, severity, loc, message));
    }

    /// A change at the walk's location.
    fn change_here(&mut self, code: Code, severity: Severity, message: String) {
        let loc = self.loc.loc();
        self.change(code, severity, loc, message);
    }

    /// Start the walk at a top-level key, attribute or schema URN.
    fn at(&mut self, segments: &[&'c str]) {
        self.loc.clear();
        for s in segments {
            self.loc.key(s);
        }
    }

    fn drops_secret(&self, attr: &Attribute) -> bool {
        self.c.drops_secret(attr)
    }

    fn drops_read_only(&self, attr: &Attribute) -> bool {
        !self.keep_read_only
            && self.operation != Operation::Response
            && attr.mutability == Mutability::ReadOnly
    }

    fn resource(&mut self, map: &'c Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::with_capacity(map.len());
        // Names given under more than one spelling keep every spelling as written.
        let dups = duplicated(map.iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| {
            match self.c.classify(k) {
                KeyKind::Schemas => Some("schemas"),
                KeyKind::Attr(a) => Some(a.name.as_str()),
                KeyKind::Extension(s) => Some(s.id.as_str()),
                _ => None,
            }
        }));
        let mut kept: Vec<&str> = Vec::new();
        let mut pending: Vec<Pending<'c>> = Vec::new();
        let mut used_extensions: Vec<&'c str> = Vec::new();
        let mut custom: Vec<(&'c Schema, &'c str, &'c str, &'c Value)> = Vec::new();
        let mut bare: Vec<(&'c Schema, &'c str, &'c Value)> = Vec::new();
        for (key, value) in map {
            let kind = self.c.classify(key);
            if value.is_null() {
                match &kind {
                    KeyKind::Attr(a) => self.at(&[&a.name]),
                    KeyKind::Extension(s) => self.at(&[&s.id]),
                    KeyKind::Schemas => self.at(&["schemas"]),
                    KeyKind::Qualified {
                        schema, attr, sub, ..
                    } => {
                        self.at(&[&schema.id, &attr.name]);
                        if let Some(sub) = sub {
                            self.loc.key(&sub.name);
                        }
                    }
                    _ => self.at(&[key]),
                }
                self.change_here(
                    Code::NullRemoved,
                    Severity::Info,
                    "null value removed".into(),
                );
                continue;
            }
            match kind {
                KeyKind::Schemas => {
                    let v = self.schemas(value);
                    self.insert(&mut out, key, "schemas", v, &dups, &mut kept);
                }
                KeyKind::Attr(attr) if self.drops_secret(attr) => {
                    self.change(
                        Code::PasswordDropped,
                        Severity::Warning,
                        Loc::root().key(&attr.name),
                        format!("\"{}\" dropped: the target does not store passwords; its value is not echoed", attr.name),
                    );
                }
                KeyKind::Attr(attr) => {
                    if self.drops_read_only(attr) {
                        self.change(
                            Code::ReadOnlyRemoved,
                            Severity::Info,
                            Loc::root().key(&attr.name),
                            format!("readOnly \"{}\" removed from the request", attr.name),
                        );
                        continue;
                    }
                    self.at(&[&attr.name]);
                    let v = self.value(attr, value);
                    self.insert(&mut out, key, &attr.name, v, &dups, &mut kept);
                }
                KeyKind::Extension(schema) => {
                    used_extensions.push(&schema.id);
                    let v = match value {
                        Value::Object(m) => Value::Object(self.members(schema, m)),
                        other => other.clone(),
                    };
                    self.insert(&mut out, key, &schema.id, v, &dups, &mut kept);
                }
                KeyKind::Qualified {
                    schema,
                    is_core,
                    attr,
                    sub,
                } => pending.push(Pending {
                    key,
                    value,
                    schema,
                    is_core,
                    attr,
                    sub,
                }),
                KeyKind::QualifiedUnknown { schema, offset }
                    if self.c.is_profile_extension(schema)
                        && crate::profile::check::looks_like_custom_field(&key[offset..]) =>
                {
                    used_extensions.push(&schema.id);
                    custom.push((schema, key.as_str(), &key[offset..], value));
                }
                KeyKind::Unknown if self.c.bare_profile_key(key) => {
                    if let Some(ext) = self
                        .c
                        .profile
                        .as_ref()
                        .and_then(|p| self.c.extension(&p.extension))
                    {
                        used_extensions.push(&ext.id);
                        bare.push((ext, key.as_str(), value));
                    }
                }
                KeyKind::QualifiedUnknown { .. } | KeyKind::UnknownUrn | KeyKind::Unknown => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        for (schema, key, value) in bare {
            let attr = schema.attribute(key);
            let name: &'c str = attr.map_or(key, |a| a.name.as_str());
            self.at(&[&schema.id, name]);
            let value = match attr {
                Some(attr) => {
                    let v = self.value(attr, value);
                    self.user_type(&schema.id, attr, v)
                }
                None => value.clone(),
            };
            let loc = self.loc.loc();
            let slot = out
                .entry(schema.id.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            match slot {
                Value::Object(ext) if !ext.contains_key(name) => {
                    ext.insert(name.to_string(), value);
                    self.change(
                        Code::BareKeyMoved,
                        Severity::Warning,
                        loc,
                        format!(
                            "top-level \"{key}\" moved into the \"{}\" object",
                            schema.id
                        ),
                    );
                }
                _ => self.keep(&mut out, key, &value, loc),
            }
        }
        for (schema, key, name, value) in custom {
            let loc = Loc::root().key(&schema.id).key(name);
            let slot = out
                .entry(schema.id.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            match slot {
                Value::Object(ext) if !ext.contains_key(name) => {
                    ext.insert(name.to_string(), value.clone());
                    self.change(
                        Code::QualifiedAttributeMoved,
                        Severity::Info,
                        loc,
                        format!("\"{key}\" moved into the \"{}\" object", schema.id),
                    );
                }
                Value::Object(ext) if ext.get(name) == Some(value) => {
                    self.change(
                        Code::QualifiedAttributeMoved,
                        Severity::Info,
                        loc,
                        format!(
                            "\"{name}\" already holds the same value; the qualified key is removed"
                        ),
                    );
                }
                _ => self.keep(&mut out, key, value, loc),
            }
        }
        for p in pending {
            if !p.is_core {
                used_extensions.push(&p.schema.id);
            }
            self.move_qualified(&mut out, &p);
        }
        self.declare(&mut out, &used_extensions);
        out
    }

    /// Insert under the canonical name; when the object gives the same attribute under more than
    /// one spelling (`dups`), keep every spelling as written (nothing is dropped) and record
    /// each repeat. Keys of one object are distinct, so nothing is overwritten.
    #[allow(clippy::too_many_arguments)]
    fn insert<'k>(
        &mut self,
        out: &mut Map<String, Value>,
        written: &str,
        canonical: &'k str,
        v: Value,
        dups: &[&str],
        kept: &mut Vec<&'k str>,
    ) {
        if dups.contains(&canonical) {
            if kept.contains(&canonical) {
                self.change(
                    Code::DuplicateAttributeKept,
                    Severity::Warning,
                    Loc::root().key(canonical),
                    format!("\"{written}\" names the same attribute as another key; every spelling is left as written"),
                );
            } else {
                kept.push(canonical);
            }
            out.insert(written.to_string(), v);
            return;
        }
        if written != canonical {
            self.change(
                Code::NameCanonicalized,
                Severity::Info,
                Loc::root().key(canonical),
                format!("\"{written}\" renamed to \"{canonical}\""),
            );
        }
        out.insert(canonical.to_string(), v);
    }

    fn schemas(&mut self, value: &Value) -> Value {
        let Value::Array(items) = value else {
            return value.clone();
        };
        let mut list: Vec<Value> = Vec::with_capacity(items.len());
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let at = || Loc::root().key("schemas").index(i);
            match item {
                Value::Null => {
                    self.change(
                        Code::NullRemoved,
                        Severity::Info,
                        at(),
                        "null schema entry removed".into(),
                    );
                }
                Value::String(urn) => {
                    let canonical = self
                        .c
                        .registry
                        .schema(urn)
                        .map_or_else(|| urn.clone(), |s| s.id.clone());
                    if !seen.insert(canonical.to_ascii_lowercase()) {
                        self.change(
                            Code::DuplicateSchemaRemoved,
                            Severity::Info,
                            at(),
                            format!("{urn} listed twice; the repeat is removed"),
                        );
                        continue;
                    }
                    if canonical != *urn {
                        self.change(
                            Code::SchemaCanonicalized,
                            Severity::Info,
                            at(),
                            format!("\"{urn}\" respelled \"{canonical}\""),
                        );
                    }
                    list.push(Value::String(canonical));
                }
                other => list.push(other.clone()),
            }
        }
        Value::Array(list)
    }

    /// Make sure `schemas` lists the core schema (first) and every extension used.
    fn declare(&mut self, out: &mut Map<String, Value>, used: &[&str]) {
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
                list.push(Value::String(urn.to_string()));
                changes.push((
                    Code::ExtensionDeclared,
                    format!("extension {urn} added to \"schemas\""),
                ));
            }
        }
        for (code, message) in changes {
            self.change(code, Severity::Info, Loc::root().key("schemas"), message);
        }
    }

    fn move_qualified(&mut self, out: &mut Map<String, Value>, p: &Pending<'c>) {
        self.at(&[&p.schema.id, &p.attr.name]);
        if let Some(sub) = p.sub {
            self.loc.key(&sub.name);
        }
        let path = self.loc.loc();
        let leaf = p.sub.unwrap_or(p.attr);
        if self.drops_secret(p.attr) || self.drops_secret(leaf) {
            self.change(
                Code::PasswordDropped,
                Severity::Warning,
                path.clone(),
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
                path.clone(),
                format!("readOnly \"{}\" removed from the request", leaf.name),
            );
            return;
        }
        let value = self.value(leaf, p.value);
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
                self.keep(out, p.key, p.value, path);
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
                self.keep(out, p.key, p.value, path);
                return;
            }
        };
        match target.get(&leaf.name) {
            Some(existing) if *existing != value => {
                self.keep(out, p.key, p.value, path);
            }
            Some(_) => {
                self.change(
                    Code::QualifiedAttributeMoved,
                    Severity::Info,
                    path.clone(),
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
                    path.clone(),
                    if p.is_core {
                        format!("\"{}\" moved to the top-level \"{}\"", p.key, leaf.name)
                    } else {
                        format!("\"{}\" moved into the \"{}\" object", p.key, p.schema.id)
                    },
                );
            }
        }
    }

    /// Leave a qualified key in place because its target holds something else.
    fn keep(&mut self, out: &mut Map<String, Value>, key: &str, value: &Value, loc: Loc) {
        self.change(
            Code::DuplicateAttributeKept,
            Severity::Warning,
            loc,
            format!("\"{key}\" conflicts with a value already present; it is left as written"),
        );
        out.insert(key.to_string(), value.clone());
    }

    /// Normalize an attribute value; `self.loc` is where it is.
    fn value(&mut self, attr: &'c Attribute, value: &'c Value) -> Value {
        match value {
            Value::Array(items) if attr.multi_valued => {
                let mut list = Vec::with_capacity(items.len());
                let base = self.loc.mark();
                for (i, item) in items.iter().enumerate() {
                    self.loc.truncate(base);
                    self.loc.index(i);
                    if item.is_null() {
                        self.change_here(
                            Code::NullRemoved,
                            Severity::Info,
                            "null element removed".into(),
                        );
                        continue;
                    }
                    list.push(self.single(attr, item));
                }
                self.loc.truncate(base);
                Value::Array(list)
            }
            Value::Array(_) => value.clone(),
            _ => self.single(attr, value),
        }
    }

    fn single(&mut self, attr: &'c Attribute, value: &'c Value) -> Value {
        match (attr.kind, value) {
            (AttributeType::Complex, Value::Object(m)) => {
                Value::Object(self.complex(&attr.sub_attributes, m))
            }
            (AttributeType::Boolean, Value::String(s))
                if self.c.options.rules.mode == Mode::Lenient || self.c.dialect.string_booleans =>
            {
                let b = if s.eq_ignore_ascii_case("true") {
                    true
                } else if s.eq_ignore_ascii_case("false") {
                    false
                } else {
                    return value.clone();
                };
                self.change_here(
                    Code::StringBooleanCoerced,
                    Severity::Warning,
                    format!("the string \"{s}\" coerced to the boolean {b}"),
                );
                Value::Bool(b)
            }
            _ => value.clone(),
        }
    }

    /// The profile's user type in canonical spelling (aliases resolved).
    fn user_type(&mut self, schema_id: &str, attr: &Attribute, v: Value) -> Value {
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
                self.change_here(
                    Code::UserTypeNormalized,
                    Severity::Info,
                    format!("user type {given:?} written as {canonical:?}"),
                );
                Value::String(canonical)
            }
            _ => v,
        }
    }

    /// Normalize the members of a complex value at `self.loc`.
    fn complex(
        &mut self,
        attrs: &'c [Attribute],
        map: &'c Map<String, Value>,
    ) -> Map<String, Value> {
        self.object(|k| crate::schema::find_attribute(attrs, k), map, None)
    }

    /// Normalize the attributes of an extension object.
    fn members(&mut self, schema: &'c Schema, map: &'c Map<String, Value>) -> Map<String, Value> {
        self.at(&[&schema.id]);
        self.object(|k| schema.attribute(k), map, Some(schema))
    }

    fn object(
        &mut self,
        lookup: impl Fn(&str) -> Option<&'c Attribute>,
        map: &'c Map<String, Value>,
        extension: Option<&Schema>,
    ) -> Map<String, Value> {
        let base = self.loc.mark();
        let dups = duplicated(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, _)| lookup(k).map(|a| a.name.as_str())),
        );
        let mut kept: Vec<&str> = Vec::new();
        let mut out = Map::with_capacity(map.len());
        for (key, value) in map {
            let Some(attr) = lookup(key) else {
                out.insert(key.clone(), value.clone());
                continue;
            };
            self.loc.truncate(base);
            self.loc.key(&attr.name);
            if value.is_null() {
                self.change_here(
                    Code::NullRemoved,
                    Severity::Info,
                    "null value removed".into(),
                );
                continue;
            }
            if self.drops_read_only(attr) {
                self.change_here(
                    Code::ReadOnlyRemoved,
                    Severity::Info,
                    format!("readOnly \"{}\" removed from the request", attr.name),
                );
                continue;
            }
            if self.drops_secret(attr) {
                self.change_here(
                    Code::PasswordDropped,
                    Severity::Warning,
                    format!("\"{}\" dropped: the target does not store passwords; its value is not echoed", attr.name),
                );
                continue;
            }
            let mut v = self.value(attr, value);
            if let Some(schema) = extension {
                v = self.user_type(&schema.id, attr, v);
            }
            if dups.contains(&attr.name.as_str()) {
                if kept.contains(&attr.name.as_str()) {
                    self.change_here(
                        Code::DuplicateAttributeKept,
                        Severity::Warning,
                        format!("\"{key}\" names the same attribute as another key; every spelling is left as written"),
                    );
                } else {
                    kept.push(&attr.name);
                }
                out.insert(key.clone(), v);
                continue;
            }
            if key != &attr.name {
                self.change_here(
                    Code::NameCanonicalized,
                    Severity::Info,
                    format!("\"{key}\" renamed to \"{}\"", attr.name),
                );
            }
            out.insert(attr.name.clone(), v);
        }
        self.loc.truncate(base);
        out
    }
}

/// The names that more than one key of an object resolves to (`None`: the key names nothing).
fn duplicated<'a>(names: impl Iterator<Item = Option<&'a str>>) -> Vec<&'a str> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut dups = Vec::new();
    for name in names.flatten() {
        if !seen.insert(name) && !dups.contains(&name) {
            dups.push(name);
        }
    }
    dups
}
