//! Applying parsed operations to a resource.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{fail, member_ids, parse_request, Members, OpKind, Operation, Patched};
use crate::dialect::Dialect;
use crate::error::{PatchErrorKind as K, Result};
use crate::filter::eval::{matches, Scope};
use crate::filter::{AttrPath, CompareOp, Filter};
use crate::issue::{Issue, Report, Severity};
use crate::options::{Mode, Operation as Op};
use crate::resource::{find_key, Validator};
use crate::schema::{Attribute, AttributeType, Mutability, Schema};

/// Where a path points.
enum Target<'c> {
    /// An attribute of the core schema (or common) or of an extension.
    Attr {
        ext: Option<&'c Schema>,
        attr: &'c Attribute,
    },
    /// A whole extension object.
    Extension(&'c Schema),
    /// A custom field of the profile's extension (not in its schema).
    Custom { ext: &'c Schema, name: String },
}

struct Ctx<'v> {
    v: &'v Validator,
    dialect: Dialect,
    lenient: bool,
    changes: Vec<Issue>,
    index: usize,
}

pub(super) fn apply(v: &Validator, resource: &Value, patch: &Value) -> Result<Patched> {
    let c = v.compiled();
    let dialect = Dialect::from_option(c.options.dialect.as_ref())?;
    let lenient = c.options.mode == Mode::Lenient;
    let mut changes = Vec::new();
    let ops = parse_request(
        patch,
        &dialect,
        lenient,
        c.options.max_operations,
        &mut changes,
    )?;
    // Work on the stored resource in canonical form (readOnly attributes kept).
    let stored = crate::resource::normalize_stored(c, resource)?;
    let before = member_ids(&stored);
    let mut ctx = Ctx {
        v,
        dialect,
        lenient,
        changes,
        index: 0,
    };
    let mut work = stored;
    for (i, op) in ops.iter().enumerate() {
        ctx.index = i;
        ctx.operation(&mut work, op)?;
    }
    declare_extensions(c, &mut work, &mut ctx.changes);
    let after = member_ids(&work);
    let members = if c.core.attribute("members").is_some() {
        let b: HashSet<&String> = before.iter().collect();
        let a: HashSet<&String> = after.iter().collect();
        Members {
            added: after.iter().filter(|x| !b.contains(x)).cloned().collect(),
            removed: before.iter().filter(|x| !a.contains(x)).cloned().collect(),
        }
    } else {
        Members::default()
    };
    let resource = Value::Object(work);
    let report = recheck(v, &resource)?;
    Ok(Patched {
        resource,
        changes: ctx.changes,
        members,
        report,
    })
}

/// List in `schemas` every extension the result carries (RFC 7643 §3: `schemas` names the
/// schemas in use), as `normalize` does.
fn declare_extensions(
    c: &crate::resource::Compiled,
    work: &mut Map<String, Value>,
    changes: &mut Vec<Issue>,
) {
    let used: Vec<String> = c
        .extensions
        .iter()
        .filter(|(s, _)| {
            work.get(&s.id)
                .is_some_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
        })
        .map(|(s, _)| s.id.clone())
        .collect();
    let Some(Value::Array(list)) = work.get_mut("schemas") else {
        return;
    };
    for urn in used {
        let listed = list
            .iter()
            .any(|v| v.as_str().is_some_and(|u| u.eq_ignore_ascii_case(&urn)));
        if !listed {
            list.push(Value::String(urn.clone()));
            changes.push(Issue::new(
                "extension_declared",
                Severity::Info,
                "schemas",
                format!("extension {urn} added to \"schemas\""),
            ));
        }
    }
}

/// Check the result as a replace body, without the readOnly findings that come from the stored
/// resource itself.
fn recheck(v: &Validator, resource: &Value) -> Result<Report> {
    let report = v.with_operation(Op::Replace).check(resource)?;
    Ok(Report::from_issues(
        report
            .issues
            .into_iter()
            .filter(|i| i.code != "read_only_attribute")
            .collect(),
    ))
}

impl<'v> Ctx<'v> {
    fn err(&self, kind: K, message: impl Into<String>) -> crate::error::Error {
        fail(Some(self.index), kind, message)
    }

    /// Record an `added` or `replaced` change at `path`.
    fn set_note(&mut self, kind: OpKind, path: &str) {
        let code = if kind == OpKind::Add {
            "added"
        } else {
            "replaced"
        };
        self.note(code, Severity::Info, path, format!("{path} set"));
    }

    fn note(&mut self, code: &str, severity: Severity, path: &str, message: String) {
        self.changes.push(Issue::new(code, severity, path, message));
    }

    fn operation(&mut self, res: &mut Map<String, Value>, op: &Operation) -> Result<()> {
        match (&op.path, op.op) {
            (None, kind) => {
                let Some(Value::Object(value)) = &op.value else {
                    return Err(self.err(
                        K::InvalidValue,
                        "without a path, the value must be an object",
                    ));
                };
                for (key, v) in value {
                    self.pathless(res, kind, key, v)?;
                }
                Ok(())
            }
            (Some(path), kind) => self.at_path(res, kind, path, op.value.as_ref()),
        }
    }

    /// One member of a path-less add/replace value.
    fn pathless(
        &mut self,
        res: &mut Map<String, Value>,
        kind: OpKind,
        key: &str,
        v: &Value,
    ) -> Result<()> {
        let c = self.v.compiled();
        // An extension object: apply each of its attributes.
        if let Some(ext) = c.extension(key) {
            let Value::Object(inner) = v else {
                return Err(self.err(K::InvalidValue, format!("{key} must be an object")));
            };
            for (name, value) in inner {
                let path = AttrPath {
                    urn: Some(ext.id.clone()),
                    name: name.clone(),
                    filter: None,
                    sub: None,
                };
                self.at_path(res, kind, &path, Some(value))?;
            }
            return Ok(());
        }
        let is_path_key =
            key.contains('.') || key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"));
        let path =
            crate::filter::parse_path(key).map_err(|e| self.err(K::InvalidPath, e.to_string()))?;
        if is_path_key {
            if !self.dialect.path_keys_in_value {
                return Err(self.err(
                    K::InvalidPath,
                    format!("the value key {key:?} is a path; path-less values hold attributes (the pathKeysInValue dialect switch accepts it)"),
                ));
            }
            self.note(
                "path_key_in_value",
                Severity::Warning,
                key,
                format!("the value key {key:?} is applied as the path {key:?}"),
            );
        }
        self.at_path(res, kind, &path, Some(v))
    }

    fn resolve(&self, path: &AttrPath) -> Result<Target<'v>> {
        let c = self.v.compiled();
        let core_attr = |name: &str| {
            c.core
                .attribute(name)
                .or_else(|| c.registry.common().attribute(name))
        };
        let unknown = |what: String| self.err(K::InvalidPath, what);
        match &path.urn {
            None => core_attr(&path.name)
                .map(|attr| Target::Attr { ext: None, attr })
                .ok_or_else(|| {
                    unknown(format!(
                        "{:?} is not an attribute of {}",
                        path.name, c.options.resource_type
                    ))
                }),
            Some(urn) if urn.eq_ignore_ascii_case(&c.core.id) => core_attr(&path.name)
                .map(|attr| Target::Attr { ext: None, attr })
                .ok_or_else(|| {
                    unknown(format!(
                        "{:?} is not an attribute of {}",
                        path.name, c.core.id
                    ))
                }),
            Some(urn) => {
                let whole = format!("{urn}:{}", path.name);
                if let Some(ext) = c.extension(&whole) {
                    if path.filter.is_some() || path.sub.is_some() {
                        return Err(unknown(format!(
                            "{whole} is an extension, not a multi-valued attribute"
                        )));
                    }
                    return Ok(Target::Extension(ext));
                }
                let ext = c.extension(urn).ok_or_else(|| {
                    unknown(format!(
                        "{urn} is not a schema of {}",
                        c.options.resource_type
                    ))
                })?;
                if let Some(attr) = ext.attribute(&path.name) {
                    return Ok(Target::Attr {
                        ext: Some(ext),
                        attr,
                    });
                }
                if c.is_profile_extension(ext)
                    && crate::profile::check::looks_like_custom_field(&path.name)
                    && path.filter.is_none()
                    && path.sub.is_none()
                {
                    return Ok(Target::Custom {
                        ext,
                        name: path.name.clone(),
                    });
                }
                Err(unknown(format!(
                    "{:?} is not an attribute of {}",
                    path.name, ext.id
                )))
            }
        }
    }

    fn at_path(
        &mut self,
        res: &mut Map<String, Value>,
        kind: OpKind,
        path: &AttrPath,
        value: Option<&Value>,
    ) -> Result<()> {
        let shown = path.to_string();
        match self.resolve(path)? {
            Target::Extension(ext) => {
                let id = ext.id.clone();
                match kind {
                    OpKind::Remove => {
                        if res.remove(&id).is_some() {
                            self.note(
                                "removed",
                                Severity::Info,
                                &id,
                                format!("extension {id} removed"),
                            );
                        }
                    }
                    _ => {
                        let Some(Value::Object(inner)) = value else {
                            return Err(self.err(
                                K::InvalidValue,
                                format!("{id} takes an object of its attributes"),
                            ));
                        };
                        for (name, v) in inner {
                            let p = AttrPath {
                                urn: Some(id.clone()),
                                name: name.clone(),
                                filter: None,
                                sub: None,
                            };
                            self.at_path(res, kind, &p, Some(v))?;
                        }
                    }
                }
                Ok(())
            }
            Target::Custom { ext, name } => {
                let container = container(res, Some(ext), kind != OpKind::Remove);
                let p = format!("{}:{name}", ext.id);
                match (kind, value) {
                    (OpKind::Remove, _) | (_, Some(Value::Null)) => {
                        if let Some(m) = container {
                            if m.remove(&name).is_some() {
                                self.note("removed", Severity::Info, &p, format!("{p} removed"));
                            }
                        }
                    }
                    (_, Some(v)) => {
                        if let Some(m) = container {
                            m.insert(name, v.clone());
                        }
                        self.set_note(kind, &p);
                    }
                    (_, None) => {}
                }
                Ok(())
            }
            Target::Attr { ext, attr } => self.attr_op(res, kind, ext, attr, path, value, &shown),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn attr_op(
        &mut self,
        res: &mut Map<String, Value>,
        kind: OpKind,
        ext: Option<&'v Schema>,
        attr: &'v Attribute,
        path: &AttrPath,
        value: Option<&Value>,
        shown: &str,
    ) -> Result<()> {
        if attr.name == "password" && self.dialect.drop_password && ext.is_none() {
            self.note(
                "password_dropped",
                Severity::Warning,
                "password",
                "password dropped (the target does not store passwords); its value is not echoed"
                    .into(),
            );
            return Ok(());
        }
        if attr.mutability == Mutability::ReadOnly {
            // Repeating a readOnly attribute's current value modifies nothing (Okta renames a
            // group with a path-less replace that carries the same id).
            let current = match ext {
                None => res.get(&attr.name),
                Some(e) => res.get(&e.id).and_then(|x| x.get(&attr.name)),
            };
            let unchanged = kind != OpKind::Remove
                && path.filter.is_none()
                && path.sub.is_none()
                && value.is_some()
                && current == value;
            if unchanged {
                self.note(
                    "read_only_unchanged",
                    Severity::Info,
                    shown,
                    format!("{} repeats its current value; nothing to change", attr.name),
                );
                return Ok(());
            }
            return Err(self.err(K::Mutability, format!("{} is readOnly", attr.name)));
        }
        let sub_attr = match &path.sub {
            Some(s) => Some(attr.sub_attribute(s).ok_or_else(|| {
                self.err(
                    K::InvalidPath,
                    format!("{s:?} is not a sub-attribute of {}", attr.name),
                )
            })?),
            None => None,
        };
        if let Some(s) = sub_attr {
            if s.mutability == Mutability::ReadOnly {
                return Err(self.err(
                    K::Mutability,
                    format!("{}.{} is readOnly", attr.name, s.name),
                ));
            }
        }
        if path.filter.is_some() && !(attr.multi_valued && attr.kind == AttributeType::Complex) {
            return Err(self.err(
                K::InvalidPath,
                format!(
                    "{} is not a multi-valued complex attribute; it takes no value filter",
                    attr.name
                ),
            ));
        }
        // Value coercions (dialect), then the null / empty forms that remove.
        let mut value = value.cloned();
        if kind != OpKind::Remove {
            if let Some(v) = value.take() {
                let target = sub_attr.unwrap_or(attr);
                let whole = sub_attr.is_none() && path.filter.is_none();
                value = Some(self.coerce(target, v, shown, whole && attr.multi_valued)?);
            }
        }
        let removes = kind != OpKind::Remove
            && match &value {
                Some(Value::Null) => {
                    self.note(
                        "null_removed",
                        Severity::Info,
                        shown,
                        format!("null value: {shown} removed"),
                    );
                    true
                }
                Some(v)
                    if self.dialect.empty_value_clears
                        && sub_attr.is_none()
                        && attr.kind == AttributeType::Complex
                        && !attr.multi_valued
                        && is_empty_value(v) =>
                {
                    self.note(
                        "empty_value_cleared",
                        Severity::Warning,
                        shown,
                        format!("{{\"value\": \"\"}} clears {shown}"),
                    );
                    true
                }
                _ => false,
            };
        let kind = if removes { OpKind::Remove } else { kind };
        let canonical = canonical_path(ext, attr, path);
        let Some(m) = container(res, ext, kind != OpKind::Remove) else {
            return Ok(()); // removing from an absent extension: nothing there
        };
        // Immutable: may be set once.
        if attr.mutability == Mutability::Immutable && path.filter.is_none() {
            if let Some(existing) = m.get(&attr.name) {
                let same = value.as_ref() == Some(existing);
                if kind == OpKind::Remove || !same {
                    return Err(self.err(
                        K::Mutability,
                        format!("{} is immutable and already set", attr.name),
                    ));
                }
            }
        }
        match &path.filter {
            None => self.plain(m, kind, attr, sub_attr, value, &canonical, removes),
            Some(filter) => self.filtered(m, kind, attr, sub_attr, filter, value, &canonical),
        }
    }

    /// Dialect and lenient coercions of a value for `attr`; `array_expected` for whole
    /// multi-valued targets.
    fn coerce(
        &mut self,
        attr: &Attribute,
        v: Value,
        path: &str,
        array_expected: bool,
    ) -> Result<Value> {
        if array_expected {
            return match v {
                Value::Array(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, x)| self.coerce(attr, x, &format!("{path}[{i}]"), false))
                    .collect::<Result<Vec<_>>>()
                    .map(Value::Array),
                Value::Null => Ok(Value::Null),
                single if self.lenient => {
                    self.note(
                        "single_value_wrapped",
                        Severity::Warning,
                        path,
                        format!("{} is multi-valued; the single value was read as a one-element array", attr.name),
                    );
                    Ok(Value::Array(vec![self.coerce(attr, single, &format!("{path}[0]"), false)?]))
                }
                single => Err(self.err(
                    K::InvalidValue,
                    format!(
                        "{path}: {} is multi-valued and needs an array, found {} (lenient mode wraps it)",
                        attr.name,
                        crate::json::type_name(&single)
                    ),
                )),
            };
        }
        match (attr.kind, v) {
            (AttributeType::Boolean, Value::String(s))
                if (self.dialect.string_booleans || self.lenient)
                    && (s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")) =>
            {
                let b = s.eq_ignore_ascii_case("true");
                self.note(
                    "string_boolean_coerced",
                    Severity::Warning,
                    path,
                    format!("the string {s:?} coerced to the boolean {b}"),
                );
                Ok(Value::Bool(b))
            }
            (AttributeType::Complex, Value::Object(m)) => {
                let mut out = Map::with_capacity(m.len());
                for (k, x) in m {
                    match attr.sub_attribute(&k) {
                        Some(sub) => {
                            let p = format!("{path}.{}", sub.name);
                            let x = self.coerce(sub, x, &p, false)?;
                            out.insert(sub.name.clone(), x);
                        }
                        None => {
                            out.insert(k, x);
                        }
                    }
                }
                Ok(Value::Object(out))
            }
            (AttributeType::Complex, Value::String(s))
                if !attr.multi_valued
                    && self.dialect.manager_shapes
                    && attr.sub_attribute("value").is_some() =>
            {
                self.note(
                    "manager_coerced",
                    Severity::Warning,
                    path,
                    format!("a bare string for {} read as {{\"value\": ...}}", attr.name),
                );
                if s.is_empty() && self.dialect.empty_value_clears {
                    return Ok(Value::Object(Map::from_iter([(
                        "value".to_string(),
                        Value::String(s),
                    )])));
                }
                Ok(Value::Object(Map::from_iter([(
                    "value".to_string(),
                    Value::String(s),
                )])))
            }
            (AttributeType::Complex, Value::Array(mut items))
                if !attr.multi_valued && self.dialect.manager_shapes && items.len() == 1 =>
            {
                self.note(
                    "manager_coerced",
                    Severity::Warning,
                    path,
                    format!("a one-element array for {} read as its element", attr.name),
                );
                let only = items.remove(0);
                self.coerce(attr, only, path, false)
            }
            (kind, other) => {
                check_type(attr, kind, &other)
                    .map_err(|m| self.err(K::InvalidValue, format!("{path}: {m}")))?;
                Ok(other)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn plain(
        &mut self,
        m: &mut Map<String, Value>,
        kind: OpKind,
        attr: &Attribute,
        sub: Option<&Attribute>,
        value: Option<Value>,
        path: &str,
        removes: bool,
    ) -> Result<()> {
        let name = attr.name.clone();
        match (kind, sub) {
            (OpKind::Remove, None) => {
                let by_value = value.as_ref().filter(|v| !v.is_null() && !removes);
                if let (Some(list), true) = (by_value, attr.multi_valued) {
                    if !self.dialect.remove_members_by_value {
                        return Err(self.err(
                            K::InvalidSyntax,
                            format!("remove takes no value; removing listed values of {name} needs the removeMembersByValue dialect switch"),
                        ));
                    }
                    let wanted: HashSet<String> = as_list(list)
                        .iter()
                        .filter_map(|x| value_key(attr, x))
                        .collect();
                    self.note(
                        "remove_by_value",
                        Severity::Warning,
                        path,
                        format!(
                            "only the {} listed value(s) of {name} are removed",
                            wanted.len()
                        ),
                    );
                    if let Some(Value::Array(items)) = m.get_mut(&name) {
                        let before = items.len();
                        items.retain(|x| value_key(attr, x).is_none_or(|k| !wanted.contains(&k)));
                        let gone = before - items.len();
                        if items.is_empty() {
                            m.remove(&name);
                        }
                        if gone > 0 {
                            self.note(
                                "removed",
                                Severity::Info,
                                path,
                                format!("{gone} value(s) removed from {name}"),
                            );
                        }
                    }
                    return Ok(());
                }
                if by_value.is_some() {
                    return Err(self.err(K::InvalidSyntax, "remove takes no value"));
                }
                if attr.required && m.get(&name).is_some_and(|v| !v.is_null()) {
                    // RFC 7644 §3.5.2.2: a required attribute removed or unassigned is a mutability error.
                    return Err(self.err(
                        K::Mutability,
                        format!("{name} is required and cannot be removed"),
                    ));
                }
                if m.remove(&name).is_some() {
                    self.note("removed", Severity::Info, path, format!("{path} removed"));
                }
                Ok(())
            }
            (OpKind::Remove, Some(s)) => {
                if s.required {
                    return Err(self.err(
                        K::Mutability,
                        format!("{}.{} is required and cannot be removed", name, s.name),
                    ));
                }
                if s.mutability == Mutability::Immutable {
                    return Err(
                        self.err(K::Mutability, format!("{}.{} is immutable", name, s.name))
                    );
                }
                let mut hit = false;
                match m.get_mut(&name) {
                    Some(Value::Object(o)) => hit = o.remove(&s.name).is_some(),
                    Some(Value::Array(items)) => {
                        for x in items.iter_mut() {
                            if let Value::Object(o) = x {
                                hit |= o.remove(&s.name).is_some();
                            }
                        }
                    }
                    _ => {}
                }
                if hit {
                    self.note("removed", Severity::Info, path, format!("{path} removed"));
                }
                Ok(())
            }
            (_, None) => {
                let value = value.unwrap_or(Value::Null);
                if attr.multi_valued {
                    let items = match value {
                        Value::Array(a) => a,
                        other => vec![other],
                    };
                    if items.iter().filter(|x| is_primary(x)).count() > 1 {
                        return Err(self.err(
                            K::InvalidValue,
                            format!("{path}: primary true may appear at most once (RFC 7643 §2.4)"),
                        ));
                    }
                    if kind == OpKind::Replace {
                        let empty = items.is_empty();
                        if empty {
                            m.remove(&name);
                        } else {
                            let items = fix_primary(items, None);
                            m.insert(name.clone(), Value::Array(items));
                        }
                        self.note(
                            "replaced",
                            Severity::Info,
                            path,
                            format!(
                                "{path} replaced{}",
                                if empty { " with no values" } else { "" }
                            ),
                        );
                        return Ok(());
                    }
                    let existing = match m.remove(&name) {
                        Some(Value::Array(a)) => a,
                        Some(Value::Null) | None => Vec::new(),
                        Some(other) => vec![other],
                    };
                    // Identity of each element: its value key, or (no value) its JSON text.
                    let ident =
                        |x: &Value| element_key(attr, x).unwrap_or_else(|| format!("\u{1}{x}"));
                    let mut keys: HashSet<String> = existing.iter().map(ident).collect();
                    let mut all = existing;
                    let mut added = 0;
                    let mut new_primary = None;
                    for item in items {
                        if !keys.insert(ident(&item)) {
                            continue;
                        }
                        if is_primary(&item) {
                            new_primary = Some(all.len());
                        }
                        all.push(item);
                        added += 1;
                    }
                    let all = fix_primary(all, new_primary);
                    if !all.is_empty() {
                        m.insert(name.clone(), Value::Array(all));
                    }
                    if added > 0 {
                        self.note(
                            "added",
                            Severity::Info,
                            path,
                            format!("{added} value(s) added to {path}"),
                        );
                    }
                    return Ok(());
                }
                match (attr.kind, value, m.get_mut(&name)) {
                    // add and replace merge sub-attributes into a single complex value (RFC 7644 §3.5.2.1, §3.5.2.3).
                    (AttributeType::Complex, Value::Object(new), Some(Value::Object(old))) => {
                        for (k, v) in new {
                            if v.is_null() {
                                old.remove(&k);
                            } else {
                                old.insert(k, v);
                            }
                        }
                    }
                    (_, value, _) => {
                        m.insert(name.clone(), value);
                    }
                }
                self.set_note(kind, path);
                Ok(())
            }
            (_, Some(s)) => {
                let value = value.unwrap_or(Value::Null);
                if s.mutability == Mutability::Immutable {
                    let differs =
                        |o: &Map<String, Value>| o.get(&s.name).is_some_and(|old| old != &value);
                    let clash = match m.get(&name) {
                        Some(Value::Object(o)) => differs(o),
                        Some(Value::Array(items)) => {
                            items.iter().filter_map(Value::as_object).any(differs)
                        }
                        _ => false,
                    };
                    if clash {
                        return Err(
                            self.err(K::Mutability, format!("{}.{} is immutable", name, s.name))
                        );
                    }
                }
                match m.entry(name.clone()).or_insert_with(|| {
                    if attr.multi_valued {
                        Value::Array(Vec::new())
                    } else {
                        Value::Object(Map::new())
                    }
                }) {
                    Value::Object(o) => {
                        o.insert(s.name.clone(), value);
                    }
                    Value::Array(items) => {
                        if kind == OpKind::Add || items.is_empty() {
                            return Err(self.err(
                                K::NoTarget,
                                format!(
                                    "{path}: name the elements with a value filter ({}[...].{})",
                                    attr.name, s.name
                                ),
                            ));
                        }
                        for x in items.iter_mut() {
                            if let Value::Object(o) = x {
                                o.insert(s.name.clone(), value.clone());
                            }
                        }
                    }
                    _ => {
                        return Err(self.err(
                            K::InvalidValue,
                            format!("{} holds a value that is not an object", attr.name),
                        ))
                    }
                }
                self.set_note(kind, path);
                Ok(())
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn filtered(
        &mut self,
        m: &mut Map<String, Value>,
        kind: OpKind,
        attr: &Attribute,
        sub: Option<&Attribute>,
        filter: &Filter,
        value: Option<Value>,
        path: &str,
    ) -> Result<()> {
        let name = attr.name.clone();
        let mut items = match m.remove(&name) {
            Some(Value::Array(a)) => a,
            Some(Value::Null) | None => Vec::new(),
            Some(other) => vec![other],
        };
        let mut hits = Vec::new();
        for (i, x) in items.iter().enumerate() {
            if let Value::Object(o) = x {
                if matches(
                    filter,
                    o,
                    Scope::Element(
                        &attr.sub_attributes,
                        self.lenient || self.dialect.string_booleans,
                    ),
                )
                .map_err(|e| self.err(K::InvalidPath, e.to_string()))?
                {
                    hits.push(i);
                }
            }
        }
        let result = (|| -> Result<()> {
            if hits.is_empty() {
                if kind == OpKind::Remove {
                    return Err(
                        self.err(K::NoTarget, format!("{path}: the filter matches no value"))
                    );
                }
                if !self.dialect.create_on_unmatched_filter {
                    return Err(self.err(K::NoTarget, format!("{path}: the filter matches no value (the createOnUnmatchedFilter dialect switch creates one)")));
                }
                let mut element = Map::new();
                if !seed_from_filter(filter, &mut element) {
                    return Err(self.err(K::NoTarget, format!("{path}: the filter matches no value, and only a filter of 'eq' comparisons joined by 'and' can create one")));
                }
                self.note(
                    "created_on_unmatched_filter",
                    Severity::Warning,
                    path,
                    format!(
                        "no value matched; a new element of {name} was created from the filter"
                    ),
                );
                items.push(Value::Object(element));
                hits.push(items.len() - 1);
            }
            match (kind, sub) {
                (OpKind::Remove, None) => {
                    let drop: HashSet<usize> = hits.iter().copied().collect();
                    let mut i = 0;
                    items.retain(|_| {
                        let keep = !drop.contains(&i);
                        i += 1;
                        keep
                    });
                    self.note(
                        "removed",
                        Severity::Info,
                        path,
                        format!("{} value(s) removed", drop.len()),
                    );
                }
                (OpKind::Remove, Some(s)) => {
                    for &i in &hits {
                        if let Value::Object(o) = &mut items[i] {
                            o.remove(&s.name);
                        }
                    }
                    self.note("removed", Severity::Info, path, format!("{path} removed"));
                }
                (_, Some(s)) => {
                    let v = value.clone().unwrap_or(Value::Null);
                    if s.mutability == Mutability::Immutable {
                        let changes_set_value = hits.iter().any(|&i| {
                            items[i]
                                .as_object()
                                .and_then(|o| o.get(&s.name))
                                .is_some_and(|old| old != &v)
                        });
                        if changes_set_value {
                            return Err(self.err(
                                K::Mutability,
                                format!("{}.{} is immutable", attr.name, s.name),
                            ));
                        }
                    }
                    for &i in &hits {
                        if let Value::Object(o) = &mut items[i] {
                            o.insert(s.name.clone(), v.clone());
                        }
                    }
                    let primary_set = s.name == "primary" && v == Value::Bool(true);
                    if primary_set {
                        items = fix_primary(std::mem::take(&mut items), hits.first().copied());
                    }
                    self.set_note(kind, path);
                }
                (_, None) => {
                    let Some(Value::Object(new)) = &value else {
                        return Err(self.err(
                            K::InvalidValue,
                            format!("{path}: the value must be an object of sub-attributes"),
                        ));
                    };
                    for &i in &hits {
                        if let Value::Object(o) = &items[i] {
                            for sa in attr
                                .sub_attributes
                                .iter()
                                .filter(|a| a.mutability == Mutability::Immutable)
                            {
                                let Some(old) = o.get(&sa.name) else { continue };
                                let new_v = new.get(&sa.name);
                                let changed = match kind {
                                    OpKind::Replace => new_v != Some(old),
                                    _ => new_v.is_some_and(|n| n != old),
                                };
                                if changed {
                                    return Err(self.err(
                                        K::Mutability,
                                        format!("{}.{} is immutable", attr.name, sa.name),
                                    ));
                                }
                            }
                        }
                    }
                    for &i in &hits {
                        if let Value::Object(o) = &mut items[i] {
                            if kind == OpKind::Replace {
                                o.clear();
                            }
                            for (k, v) in new {
                                o.insert(k.clone(), v.clone());
                            }
                        }
                    }
                    if is_primary(&Value::Object(new.clone())) {
                        items = fix_primary(std::mem::take(&mut items), hits.first().copied());
                    }
                    self.set_note(kind, path);
                }
            }
            Ok(())
        })();
        if !items.is_empty() {
            m.insert(name, Value::Array(items));
        }
        result
    }
}

/// The object an attribute lives in: the resource, or its extension object (created when asked).
fn container<'m>(
    res: &'m mut Map<String, Value>,
    ext: Option<&Schema>,
    create: bool,
) -> Option<&'m mut Map<String, Value>> {
    match ext {
        None => Some(res),
        Some(s) => {
            if !res.contains_key(&s.id) {
                if !create {
                    return None;
                }
                res.insert(s.id.clone(), Value::Object(Map::new()));
            }
            match res.get_mut(&s.id) {
                Some(Value::Object(m)) => Some(m),
                _ => None,
            }
        }
    }
}

fn canonical_path(ext: Option<&Schema>, attr: &Attribute, path: &AttrPath) -> String {
    let mut p = AttrPath {
        urn: None,
        name: attr.name.clone(),
        filter: path.filter.clone(),
        sub: path.sub.as_ref().map(|s| {
            attr.sub_attribute(s)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| s.clone())
        }),
    };
    if let Some(e) = ext {
        p.urn = Some(e.id.clone());
    }
    p.to_string()
}

fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::Object(m) => m.get("value").is_some_and(|x| x.as_str() == Some("")) && m.len() == 1,
        _ => false,
    }
}

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

/// The identity of a multi-valued element's value: its `value` (folded to lower case unless the
/// `value` sub-attribute is caseExact), or the element itself when it is a string.
fn value_key(attr: &Attribute, v: &Value) -> Option<String> {
    let case_exact = attr
        .sub_attribute("value")
        .map_or(attr.case_exact, |a| a.case_exact);
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => match find_key(o, "value")? {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
        _ => return None,
    };
    Some(if case_exact { s } else { s.to_lowercase() })
}

/// The identity of an element for de-duplication on `add` (RFC 7644 §3.5.2.1: an existing value
/// is not added again): its value key and its `type`, as `check`'s duplicate_value rule.
fn element_key(attr: &Attribute, v: &Value) -> Option<String> {
    let key = value_key(attr, v)?;
    let kind = v
        .as_object()
        .and_then(|o| find_key(o, "type"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_lowercase();
    Some(format!("{key}\u{0}{kind}"))
}

fn is_primary(v: &Value) -> bool {
    v.as_object()
        .and_then(|o| find_key(o, "primary"))
        .is_some_and(|p| p == &Value::Bool(true))
}

/// Keep at most one `primary: true`: the element at `keep` (a new primary) wins; other primaries
/// are cleared (RFC 7643 §2.4).
fn fix_primary(mut items: Vec<Value>, keep: Option<usize>) -> Vec<Value> {
    let keep = keep.or_else(|| items.iter().rposition(is_primary));
    for (i, x) in items.iter_mut().enumerate() {
        if Some(i) != keep && is_primary(x) {
            if let Value::Object(o) = x {
                o.insert("primary".into(), Value::Bool(false));
            }
        }
    }
    items
}

/// Build an element from a filter of `eq` comparisons joined by `and`.
fn seed_from_filter(f: &Filter, into: &mut Map<String, Value>) -> bool {
    match f {
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } if path.urn.is_none() && path.sub.is_none() && path.filter.is_none() => {
            into.insert(path.name.clone(), value.clone());
            true
        }
        Filter::And(items) => items.iter().all(|x| seed_from_filter(x, into)),
        _ => false,
    }
}

/// Whether a value fits the attribute's type (shape only; formats are left to the re-check).
fn check_type(attr: &Attribute, kind: AttributeType, v: &Value) -> std::result::Result<(), String> {
    let ok = match (kind, v) {
        (_, Value::Null) => true,
        (AttributeType::Boolean, Value::Bool(_)) => true,
        (AttributeType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (AttributeType::Decimal, Value::Number(_)) => true,
        (
            AttributeType::String
            | AttributeType::DateTime
            | AttributeType::Binary
            | AttributeType::Reference,
            Value::String(_),
        ) => true,
        (AttributeType::Complex, Value::Object(_)) => true,
        (_, Value::Array(_)) if attr.multi_valued => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else if attr.mutability == Mutability::WriteOnly {
        Err(format!("{} expects {}", attr.name, attr.kind.as_str()))
    } else {
        Err(format!(
            "{} expects {}, found {}",
            attr.name,
            attr.kind.as_str(),
            crate::json::type_name(v)
        ))
    }
}
