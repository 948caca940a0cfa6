//! Applying parsed operations to a resource, or (check only) walking them over an empty one.

use crate::codes::Code;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::multi::{self, is_primary, live, primary_true, value_key, Index, Key};
use super::place::{failure, Place};
use super::read::{read_body, read_operation, Findings, Read};
use super::{member_ids, Members, OpKind, Operation, Patched};
use crate::coerce::{Rules, Unqualified};
use crate::dialect::Dialect;
use crate::error::{Error, PatchErrorKind as K, Result};
use crate::filter::eval::{matches, Scope};
use crate::filter::ParseOptions;
use crate::filter::{AttrPath, CompareOp, Filter};
use crate::issue::{Issue, Report, Severity};
use crate::loc::Loc;
use crate::options::{Mode, Operation as Op};
use crate::schema::{Attribute, AttributeType, Mutability, Schema};
use crate::validator::compiled::Compiled;

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
    c: &'v Compiled,
    dialect: Dialect,
    /// Lenient mode.
    lenient: bool,
    /// The coercion layer's rules (dialect and mode).
    rules: Rules,
    /// Whether the string `"true"` counts as a primary flag (lenient, or string booleans).
    strings: bool,
    /// Changes and problems; in check-only mode (no stored resource), what depends on the
    /// stored resource is left undecided.
    found: Findings,
    index: usize,
    /// Where the current target and its value are in the request.
    place: Place,
    /// Value indexes of multi-valued attributes, built on first use (see [`multi`]).
    indexes: HashMap<Key, Index>,
    /// Attributes holding tombstones, compacted after the last operation.
    dirty: Vec<Key>,
    /// Elements whose `primary` an operation cleared, by attribute and position.
    cleared: Vec<(Key, usize)>,
}

/// Apply `patch` to `resource`; with `normalized_for`, also the result normalized for that
/// operation, from the same walk that re-checks it.
pub(super) fn apply(
    c: &Compiled,
    resource: Cow<'_, Value>,
    patch: &Value,
    normalized_for: Option<Op>,
) -> Result<(Patched, Option<Map<String, Value>>)> {
    let mut ctx = Ctx::new(c, false);
    let Some(ops) = ctx.read_body(patch) else {
        return Err(ctx.found.into_error());
    };
    // Work on the stored resource in canonical form (readOnly attributes kept). A stored resource already canonical (the common case: what the target stored) is used
    // as it is; anything else is rewritten first.
    let stored = if super::canonical::is_canonical(c, &resource) {
        match resource.into_owned() {
            Value::Object(m) => m,
            other => crate::resource::normalize_stored(c, &other)?,
        }
    } else {
        crate::resource::normalize_stored(c, &resource)?
    };
    apply_to(c, ctx, ops, stored, normalized_for)
}

/// [`apply`] once the body is read and the stored resource is in canonical form.
fn apply_to(
    c: &Compiled,
    mut ctx: Ctx<'_>,
    ops: &[Value],
    stored: Map<String, Value>,
    normalized_for: Option<Op>,
) -> Result<(Patched, Option<Map<String, Value>>)> {
    let before = member_ids(&stored);
    let mut work = stored;
    ctx.run(&mut work, ops);
    if ctx.found.failing() {
        return Err(ctx.found.into_error());
    }
    ctx.compact(&mut work);
    declare_extensions(c, &mut work, &mut ctx.found.changes);
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
    let (report, normalized) = recheck(c, &resource, normalized_for)?;
    Ok((
        Patched {
            resource,
            changes: ctx.found.changes,
            members,
            report,
        },
        normalized,
    ))
}

/// Check `patch` without a resource: the same walk over an empty resource, check-only.
pub(super) fn check(c: &Compiled, patch: &Value) -> Report {
    let mut ctx = Ctx::new(c, true);
    if let Some(ops) = ctx.read_body(patch) {
        ctx.run(&mut Map::new(), ops);
    }
    Report::from_issues(ctx.found.problems.into_iter().map(|(_, i)| i).collect())
}

/// List in `schemas` every extension the result carries (RFC 7643 §3: `schemas` names the
/// schemas in use), as `normalize` does.
fn declare_extensions(c: &Compiled, work: &mut Map<String, Value>, changes: &mut Vec<Issue>) {
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
                Code::ExtensionDeclared,
                Severity::Info,
                Loc::root().key("schemas"),
                format!("extension {urn} added to \"schemas\""),
            ));
        }
    }
}

/// Check the result as a replace body, without the readOnly findings that come from the stored
/// resource itself; with `normalized_for`, the same walk also rewrites it as `normalize` would
/// for that operation (a request drops readOnly attributes, a response keeps them).
fn recheck(
    c: &Compiled,
    resource: &Value,
    normalized_for: Option<Op>,
) -> Result<(Report, Option<Map<String, Value>>)> {
    let (report, normalized) =
        crate::resource::recheck_patched(c, resource, normalized_for.map(|op| op == Op::Response))?;
    let normalized = normalized.and_then(|n| match n.resource {
        Value::Object(m) => Some(m),
        _ => None,
    });
    Ok((report, normalized))
}

impl<'v> Ctx<'v> {
    fn new(c: &'v Compiled, check_only: bool) -> Self {
        let lenient = c.options.rules.mode == Mode::Lenient;
        Ctx {
            c,
            strings: lenient || c.dialect.string_booleans,
            dialect: c.dialect,
            lenient,
            rules: Rules::new(&c.dialect, lenient),
            found: Findings {
                check_only,
                ..Findings::default()
            },
            index: 0,
            place: Place::default(),
            indexes: HashMap::new(),
            dirty: Vec::new(),
            cleared: Vec::new(),
        }
    }

    fn read_body<'p>(&mut self, patch: &'p Value) -> Option<&'p [Value]> {
        read_body(
            patch,
            &self.dialect,
            self.lenient,
            self.c.options.limits.max_operations,
            &mut self.found,
        )
    }

    /// Read and run every operation, recording each problem and going on with the next part
    /// (key, element, operation), so that no problem hides another.
    fn run(&mut self, work: &mut Map<String, Value>, ops: &[Value]) {
        let parse_opts = ParseOptions {
            lenient: self.dialect.value_path_compare,
            ..ParseOptions::default()
        };
        for (i, raw) in ops.iter().enumerate() {
            self.index = i;
            self.place = Place::operation(i);
            match read_operation(i, raw, &self.dialect, &parse_opts, &mut self.found) {
                Read::Run(op) => {
                    if let Err(e) = self.operation(work, &op) {
                        self.record(e);
                    }
                }
                Read::PathOnly(path) => {
                    if let Err(e) = self.resolve(&path) {
                        self.record(e);
                    }
                }
                Read::Skip => {}
            }
        }
    }

    /// Keep a problem and go on. The stored value indexes are dropped: the operation may have
    /// stopped half-way, and what follows only looks for more problems.
    fn record(&mut self, e: Error) {
        self.indexes.clear();
        self.found.failed(e);
    }

    /// Check only: no stored resource, so what depends on it is not decided.
    fn check_only(&self) -> bool {
        self.found.check_only
    }

    /// A problem with what names the target (the path, or a path-less value's key).
    fn at_target(&self, kind: K, message: impl Into<String>) -> Error {
        failure(self.index, kind, self.place.target.clone(), message.into())
    }

    /// A problem with the value as a whole.
    fn at_value(&self, kind: K, message: impl Into<String>) -> Error {
        failure(self.index, kind, self.place.value.clone(), message.into())
    }

    /// A problem at `at`, a place in the resource below the target (inside the value).
    fn inside(&self, kind: K, at: &Loc, message: impl Into<String>) -> Error {
        failure(self.index, kind, self.place.in_request(at), message.into())
    }

    /// Record an `added` or `replaced` change at `path`.
    fn set_note(&mut self, kind: OpKind, path: &Loc) {
        let code = if kind == OpKind::Add {
            Code::Added
        } else {
            Code::Replaced
        };
        self.note(code, Severity::Info, path, format!("{path} set"));
    }

    /// Record a change at `loc` (in the resource). Check only: a warning is a finding about
    /// the request, located there; infos (what an apply would do) are not kept.
    /// A warning about what names the target (the path as written): in the resource at `loc`
    /// among the changes, in check-only mode at the request's path (or path-less key).
    fn note_target(&mut self, code: Code, severity: Severity, loc: &Loc, message: String) {
        if self.check_only() {
            let at = self.place.target.clone();
            self.found
                .problems
                .push((Some(self.index), Issue::new(code, severity, at, message)));
        } else {
            self.note(code, severity, loc, message);
        }
    }

    fn note(&mut self, code: Code, severity: Severity, loc: &Loc, message: String) {
        if !self.check_only() {
            self.found
                .changes
                .push(Issue::new(code, severity, loc.clone(), message));
        } else if severity == Severity::Warning {
            let at = self.place.in_request(loc);
            self.found
                .problems
                .push((Some(self.index), Issue::new(code, severity, at, message)));
        }
    }

    fn operation(&mut self, res: &mut Map<String, Value>, op: &Operation) -> Result<()> {
        match (&op.path, op.op) {
            (None, kind) => {
                let Some(Value::Object(value)) = &op.value else {
                    return Err(self.at_value(
                        K::InvalidValue,
                        "without a path, the value must be an object",
                    ));
                };
                let whole = self.place.clone();
                for e in self.distinct_targets(value, &whole) {
                    self.record(e);
                }
                for (key, v) in value {
                    self.place = whole.member(key);
                    if let Err(e) = self.pathless(res, kind, key, v) {
                        self.record(e);
                    }
                }
                Ok(())
            }
            (Some(path), kind) => self.at_path(res, kind, path, op.value.as_ref()),
        }
    }

    /// Refuse a value object that gives one attribute twice (two letter cases, an extension
    /// object and a qualified key, ...): applying both would keep only the last silently.
    /// One problem per repeat, at the repeating key (`at` is where `value` is).
    fn distinct_targets(&self, value: &Map<String, Value>, at: &Place) -> Vec<Error> {
        let c = self.c;
        let mut seen: HashSet<String> = HashSet::with_capacity(value.len());
        let mut out = Vec::new();
        for (key, v) in value {
            let here = at.member(key);
            if let Some(ext) = c.extension(key) {
                if let Value::Object(inner) = v {
                    self.distinct_in_extension(ext, inner, &here, &mut seen, &mut out);
                }
                continue;
            }
            let Ok(path) = crate::filter::parse_path(key) else {
                continue; // reported when the key is applied
            };
            let mut once = |target: String| {
                if let Some(e) = self.repeated(&mut seen, &target, &here, key) {
                    out.push(e);
                }
            };
            match self.resolve(&path) {
                Ok(Target::Attr { ext, attr }) => {
                    let mut t = match ext {
                        Some(e) => format!("{}:{}", e.id, attr.name),
                        None => attr.name.clone(),
                    };
                    match (path.sub.as_deref(), v) {
                        (Some(sub), _) => {
                            t.push('.');
                            t.push_str(attr.sub_attribute(sub).map_or(sub, |s| s.name.as_str()));
                            once(t);
                        }
                        // A single-valued complex value sets each of its sub-attributes.
                        (None, Value::Object(inner))
                            if attr.kind == AttributeType::Complex && !attr.multi_valued =>
                        {
                            for name in inner.keys() {
                                let sub = attr
                                    .sub_attribute(name)
                                    .map_or(name.as_str(), |s| s.name.as_str());
                                once(format!("{t}.{sub}"));
                            }
                        }
                        (None, _) => once(t),
                    }
                }
                Ok(Target::Custom { ext, name }) => once(format!("{}:{name}", ext.id)),
                Ok(Target::Extension(_)) | Err(_) => {}
            }
        }
        out
    }

    /// [`Ctx::distinct_targets`] for the attributes of an extension object (at `at`).
    fn distinct_in_extension(
        &self,
        ext: &Schema,
        inner: &Map<String, Value>,
        at: &Place,
        seen: &mut HashSet<String>,
        out: &mut Vec<Error>,
    ) {
        for name in inner.keys() {
            let attr = ext
                .attribute(name)
                .map_or(name.as_str(), |a| a.name.as_str());
            let target = format!("{}:{attr}", ext.id);
            if let Some(e) = self.repeated(seen, &target, &at.member(name), name) {
                out.push(e);
            }
        }
    }

    /// The problem of a target given a second time (`None` the first time).
    fn repeated(
        &self,
        seen: &mut HashSet<String>,
        target: &str,
        at: &Place,
        key: &str,
    ) -> Option<Error> {
        if seen.insert(target.to_ascii_lowercase()) {
            return None;
        }
        Some(failure(
            self.index,
            K::InvalidValue,
            at.value.clone(),
            format!("the value gives {target} more than once (\"{key}\" repeats it)"),
        ))
    }

    /// One member of a path-less add/replace value (the place is set to it).
    fn pathless(
        &mut self,
        res: &mut Map<String, Value>,
        kind: OpKind,
        key: &str,
        v: &Value,
    ) -> Result<()> {
        let c = self.c;
        // An extension object: apply each of its attributes.
        if let Some(ext) = c.extension(key) {
            let Value::Object(inner) = v else {
                return Err(self.at_value(K::InvalidValue, format!("{key} must be an object")));
            };
            self.extension_members(res, kind, ext, inner);
            return Ok(());
        }
        let is_path_key =
            key.contains('.') || key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"));
        let path = crate::filter::parse_path(key)
            .map_err(|e| self.at_target(K::InvalidPath, e.to_string()))?;
        self.place.shown = Loc::root().key(key);
        if is_path_key {
            if !self.dialect.path_keys_in_value {
                return Err(self.at_target(
                    K::InvalidPath,
                    format!("the value key {key:?} is a path; path-less values hold attributes (the pathKeysInValue dialect switch accepts it)"),
                ));
            }
            self.note(
                Code::PathKeyInValue,
                Severity::Warning,
                &Loc::root().key(key),
                format!("the value key {key:?} is applied as the path {key:?}"),
            );
        } else if self.dropped_unknown(&path) {
            return Ok(());
        }
        self.at_path(res, kind, &path, Some(v))
    }

    /// Apply each attribute of an extension object (the place is the object), each problem
    /// recorded on its own.
    fn extension_members(
        &mut self,
        res: &mut Map<String, Value>,
        kind: OpKind,
        ext: &Schema,
        inner: &Map<String, Value>,
    ) {
        let whole = self.place.clone();
        for (name, value) in inner {
            self.place = whole.member(name);
            self.place.shown = Loc::root().key(&ext.id).key(name);
            let path = AttrPath {
                urn: Some(ext.id.clone()),
                name: name.clone(),
                filter: None,
                sub: None,
            };
            if self.dropped_unknown(&path) {
                continue;
            }
            if let Err(e) = self.at_path(res, kind, &path, Some(value)) {
                self.record(e);
            }
        }
        self.place = whole;
    }

    /// Lenient mode: an attribute a value gives (a path-less value's key, an attribute of an
    /// extension object) that the schemas do not define is dropped, with a warning; strict
    /// mode refuses it when it is applied. Whether it was dropped.
    fn dropped_unknown(&mut self, path: &AttrPath) -> bool {
        if !self.lenient {
            return false;
        }
        let Err(e) = self.resolve(path) else {
            return false;
        };
        let why = match e {
            Error::PatchFailed { message, .. } => message,
            other => other.to_string(),
        };
        self.note(
            Code::UnknownAttributeDropped,
            Severity::Warning,
            &path_loc(path),
            format!("{why}; dropped (lenient mode)"),
        );
        true
    }

    fn resolve(&self, path: &AttrPath) -> Result<Target<'v>> {
        let c = self.c;
        let core_attr = |name: &str| {
            c.core
                .attribute(name)
                .or_else(|| c.registry.common().attribute(name))
        };
        let unknown = |what: String| self.at_target(K::InvalidPath, what);
        match &path.urn {
            None => {
                if let Some(attr) = core_attr(&path.name) {
                    return Ok(Target::Attr { ext: None, attr });
                }
                // An unqualified name of an extension attribute (Entra's `department`).
                let found = crate::coerce::unqualified(c, &path.name, |_| true);
                let rt = &c.options.schema.resource_type;
                match found {
                    Unqualified::One(ext, attr) if self.rules.unqualified => Ok(Target::Attr {
                        ext: Some(ext),
                        attr,
                    }),
                    Unqualified::None => Err(unknown(format!(
                        "{:?} is not an attribute of {rt}",
                        path.name
                    ))),
                    Unqualified::Many(_) if self.rules.unqualified => Err(unknown(format!(
                        "{:?} is not a core attribute of {rt}, and more than one extension defines it ({}); qualify it with its schema URN",
                        path.name,
                        found.urns()
                    ))),
                    _ => Err(unknown(format!(
                        "{:?} is not a core attribute of {rt}; {} defines it: qualify it with its schema URN (the unqualifiedExtensionAttributes dialect switch reads it from a single extension)",
                        path.name,
                        found.urns()
                    ))),
                }
            }
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
                        c.options.schema.resource_type
                    ))
                })?;
                if let Some(attr) = ext.attribute(&path.name) {
                    return Ok(Target::Attr {
                        ext: Some(ext),
                        attr,
                    });
                }
                if c.is_profile_extension(ext)
                    && c.custom_field_shaped(&path.name)
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
        let shown = path_loc(path);
        self.place.shown = shown.clone();
        let target = self.resolve(path)?;
        if let (None, Target::Attr { ext: Some(e), attr }) = (&path.urn, &target) {
            let at = Loc::root().key(&e.id).key(&attr.name);
            self.note_target(
                Code::UnqualifiedExtensionAttribute,
                Severity::Warning,
                &at,
                format!(
                    "{:?} is not a core attribute; read as {}:{}, the one extension that defines it",
                    path.name, e.id, attr.name
                ),
            );
        }
        match target {
            Target::Extension(ext) => {
                let id = ext.id.clone();
                if kind == OpKind::Remove {
                    let inside = |k: &Key| k.0.as_deref() == Some(id.as_str());
                    self.indexes.retain(|k, _| !inside(k));
                    self.dirty.retain(|k| !inside(k));
                    self.cleared.retain(|(k, _)| !inside(k));
                    if res.remove(&id).is_some() {
                        self.note(
                            Code::Removed,
                            Severity::Info,
                            &Loc::root().key(&id),
                            format!("extension {id} removed"),
                        );
                    }
                } else {
                    let Some(Value::Object(inner)) = value else {
                        return Err(self.at_value(
                            K::InvalidValue,
                            format!("{id} takes an object of its attributes"),
                        ));
                    };
                    let mut repeats = Vec::new();
                    let place = self.place.clone();
                    self.distinct_in_extension(
                        ext,
                        inner,
                        &place,
                        &mut HashSet::new(),
                        &mut repeats,
                    );
                    for e in repeats {
                        self.record(e);
                    }
                    self.extension_members(res, kind, ext, inner);
                }
                Ok(())
            }
            Target::Custom { ext, name } => {
                let container = container(res, Some(ext), kind != OpKind::Remove);
                let p = Loc::root().key(&ext.id).key(&name);
                match (kind, value) {
                    (OpKind::Remove, _) | (_, Some(Value::Null)) => {
                        if let Some(m) = container {
                            if m.remove(&name).is_some() {
                                self.note(
                                    Code::Removed,
                                    Severity::Info,
                                    &p,
                                    format!("{p} removed"),
                                );
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
        shown: &Loc,
    ) -> Result<()> {
        if self.c.drops_secret(attr) {
            // The attribute alone: the rest of the path could carry the secret in a filter.
            let at = match ext {
                Some(e) => Loc::root().key(&e.id).key(&attr.name),
                None => Loc::root().key(&attr.name),
            };
            self.note(
                Code::PasswordDropped,
                Severity::Warning,
                &at,
                format!(
                    "{} dropped: the target does not store passwords; its value is not echoed",
                    attr.name
                ),
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
            let sets = kind != OpKind::Remove
                && path.filter.is_none()
                && path.sub.is_none()
                && value.is_some();
            if sets && self.check_only() {
                // Whether it repeats the stored value only the stored resource can tell.
                self.note(
                    Code::ReadOnlyTarget,
                    Severity::Warning,
                    shown,
                    format!(
                        "{} is readOnly: the operation applies only if it repeats the stored value",
                        attr.name
                    ),
                );
                return Ok(());
            }
            if sets && current == value {
                self.note(
                    Code::ReadOnlyUnchanged,
                    Severity::Info,
                    shown,
                    format!("{} repeats its current value; nothing to change", attr.name),
                );
                return Ok(());
            }
            return Err(self.at_target(K::Mutability, format!("{} is readOnly", attr.name)));
        }
        let sub_attr = match &path.sub {
            Some(s) => Some(attr.sub_attribute(s).ok_or_else(|| {
                self.at_target(
                    K::InvalidPath,
                    format!("{s:?} is not a sub-attribute of {}", attr.name),
                )
            })?),
            None => None,
        };
        if let Some(s) = sub_attr {
            if s.mutability == Mutability::ReadOnly {
                return Err(self.at_target(
                    K::Mutability,
                    format!("{}.{} is readOnly", attr.name, s.name),
                ));
            }
        }
        if let Some(filter) = &path.filter {
            // A value filter on a never-returned sub-attribute would be an oracle on its value.
            let within = AttrPath {
                urn: path.urn.clone(),
                name: path.name.clone(),
                filter: None,
                sub: None,
            };
            crate::filter::eval::ensure_filterable(self.c, filter, Some(&within))
                .map_err(|e| self.at_target(K::InvalidPath, e.to_string()))?;
        }
        if path.filter.is_some() && !(attr.multi_valued && attr.kind == AttributeType::Complex) {
            return Err(self.at_target(
                K::InvalidPath,
                format!(
                    "{} is not a multi-valued complex attribute; it takes no value filter",
                    attr.name
                ),
            ));
        }
        // Value coercions (the coercion layer: dialect and mode), then null — given, or what a
        // coercion made unassigned (`{"value": ""}`, `""`) — removes.
        let canonical = canonical_loc(ext, attr, path);
        let mut value = value.cloned();
        let mut unassigned = false;
        if kind != OpKind::Remove {
            if let Some(v) = value.take() {
                let target = sub_attr.unwrap_or(attr);
                let whole = sub_attr.is_none() && path.filter.is_none();
                let given_null = v.is_null();
                let v = self.coerce(target, v, &canonical, whole && attr.multi_valued)?;
                unassigned = v.is_null() && !given_null;
                value = Some(v);
            }
        }
        let removes = kind != OpKind::Remove && matches!(value, Some(Value::Null));
        if removes && !unassigned {
            self.note(
                Code::NullRemoved,
                Severity::Info,
                &canonical,
                format!("null value: {canonical} removed"),
            );
        }
        let kind = if removes { OpKind::Remove } else { kind };
        // RFC 7644 §3.5.2.2: removing (or unassigning) a required attribute or sub-attribute is
        // a mutability error, whether or not the stored resource holds it.
        if kind == OpKind::Remove && path.filter.is_none() {
            let required = match sub_attr {
                Some(s) => s.required.then(|| format!("{}.{}", attr.name, s.name)),
                None => attr.required.then(|| attr.name.clone()),
            };
            if let Some(what) = required {
                return Err(self.at_target(
                    K::Mutability,
                    format!("{what} is required and cannot be removed"),
                ));
            }
        }
        let Some(m) = container(res, ext, kind != OpKind::Remove) else {
            return Ok(()); // removing from an absent extension: nothing there
        };
        // Immutable: may be set once.
        if attr.mutability == Mutability::Immutable && path.filter.is_none() {
            if let Some(existing) = m.get(&attr.name) {
                let same = value.as_ref() == Some(existing);
                if kind == OpKind::Remove || !same {
                    return Err(self.at_target(
                        K::Mutability,
                        format!("{} is immutable and already set", attr.name),
                    ));
                }
            }
        }
        let key: Key = (ext.map(|e| e.id.clone()), attr.name.clone());
        match &path.filter {
            None => self.plain(m, &key, kind, attr, sub_attr, value, &canonical, removes),
            Some(filter) => self.filtered(m, &key, kind, attr, sub_attr, filter, value, &canonical),
        }
    }

    /// The coercion layer's steps for a value of `attr` (`crate::coerce`: dialect and mode),
    /// each recorded at `path`; then the elements of a multi-valued value and the members of a
    /// complex one, and the type. `array_expected` for whole multi-valued targets. A value the
    /// steps make unassigned comes back `Null`.
    fn coerce(
        &mut self,
        attr: &Attribute,
        v: Value,
        path: &Loc,
        array_expected: bool,
    ) -> Result<Value> {
        let mut steps = Vec::new();
        let reshaped = crate::coerce::reshape(self.rules, attr, v, array_expected, |s, before| {
            steps.push((s.code(), s.message(attr, before)));
        });
        for (code, message) in steps {
            self.note(code, Severity::Warning, path, message);
        }
        let Some(v) = reshaped else {
            return Ok(Value::Null);
        };
        if array_expected {
            return match v {
                Value::Array(items) => {
                    // Each element on its own: one bad element does not hide another.
                    let mut out = Vec::with_capacity(items.len());
                    for (i, x) in items.into_iter().enumerate() {
                        match self.coerce(attr, x, &path.clone().index(i), false) {
                            Ok(x) => out.push(x),
                            Err(e) => self.record(e),
                        }
                    }
                    Ok(Value::Array(out))
                }
                Value::Null => Ok(Value::Null),
                single => Err(self.inside(
                    K::InvalidValue,
                    path,
                    format!(
                        "{path}: {} is multi-valued and needs an array, found {} (lenient mode or the wrapSingleValues dialect switch wraps it)",
                        attr.name,
                        crate::json::type_name(&single)
                    ),
                )),
            };
        }
        match (attr.kind, v) {
            (AttributeType::Complex, Value::Object(m)) => {
                let mut out = Map::with_capacity(m.len());
                for (k, x) in m {
                    let Some(sub) = attr.sub_attribute(&k) else {
                        self.unknown_sub_attribute(attr, path, &k);
                        continue;
                    };
                    let p = path.clone().key(&sub.name);
                    if out.contains_key(&sub.name) {
                        // At the repeating key as written.
                        let e = self.inside(
                            K::InvalidValue,
                            &path.clone().key(&k),
                            format!("{p}: the value gives \"{}\" more than once (under different letter case)", sub.name),
                        );
                        self.record(e);
                        continue;
                    }
                    let given_null = x.is_null();
                    match self.coerce(sub, x, &p, false) {
                        // An element is written whole: a member made unassigned is left out.
                        Ok(x) if x.is_null() && !given_null && attr.multi_valued => {}
                        Ok(x) => {
                            out.insert(sub.name.clone(), x);
                        }
                        Err(e) => self.record(e),
                    }
                }
                Ok(Value::Object(out))
            }
            (kind, other) => {
                check_type(attr, kind, &other)
                    .map_err(|m| self.inside(K::InvalidValue, path, format!("{path}: {m}")))?;
                Ok(other)
            }
        }
    }

    /// A key of a complex value (at `path`) that is not a sub-attribute of `attr`. What the
    /// schema does not define is never written: strict mode refuses it (as it refuses the same
    /// sub-attribute in a path), lenient mode drops it with a warning.
    fn unknown_sub_attribute(&mut self, attr: &Attribute, path: &Loc, key: &str) {
        let at = path.clone().key(key);
        if self.lenient {
            self.note(
                Code::UnknownAttributeDropped,
                Severity::Warning,
                &at,
                format!(
                    "{key:?} is not a sub-attribute of {}; dropped (lenient mode)",
                    attr.name
                ),
            );
        } else {
            let e = self.inside(
                K::InvalidValue,
                &at,
                format!("{key:?} is not a sub-attribute of {}", attr.name),
            );
            self.record(e);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn plain(
        &mut self,
        m: &mut Map<String, Value>,
        key: &Key,
        kind: OpKind,
        attr: &Attribute,
        sub: Option<&Attribute>,
        value: Option<Value>,
        path: &Loc,
        removes: bool,
    ) -> Result<()> {
        let name = attr.name.clone();
        match (kind, sub) {
            (OpKind::Remove, None) => {
                let by_value = value.as_ref().filter(|v| !v.is_null() && !removes);
                if let (Some(list), true) = (by_value, attr.multi_valued) {
                    if !self.dialect.remove_members_by_value {
                        return Err(self.at_value(
                            K::InvalidSyntax,
                            format!("remove takes no value; removing listed values of {name} needs the removeMembersByValue dialect switch"),
                        ));
                    }
                    let wanted: HashSet<String> = as_list(list)
                        .iter()
                        .filter_map(|x| value_key(attr, x))
                        .collect();
                    self.note(
                        Code::RemoveByValue,
                        Severity::Warning,
                        path,
                        format!(
                            "only the {} listed value(s) of {name} are removed",
                            wanted.len()
                        ),
                    );
                    if let Some(Value::Array(items)) = m.get_mut(&name) {
                        let mut index = self.take_index(key, attr, items);
                        let mut gone = 0;
                        for k in &wanted {
                            for p in index.with_value(k).to_vec() {
                                index.forget(attr, p, &items[p]);
                                items[p] = Value::Null;
                                gone += 1;
                            }
                        }
                        self.indexes.insert(key.clone(), index);
                        if gone > 0 {
                            self.mark_dirty(key);
                            self.note(
                                Code::Removed,
                                Severity::Info,
                                path,
                                format!("{gone} value(s) removed from {name}"),
                            );
                        }
                    }
                    return Ok(());
                }
                if by_value.is_some() {
                    return Err(self.at_value(K::InvalidSyntax, "remove takes no value"));
                }
                if m.remove(&name).is_some() {
                    self.invalidate(key);
                    self.note(
                        Code::Removed,
                        Severity::Info,
                        path,
                        format!("{path} removed"),
                    );
                }
                Ok(())
            }
            (OpKind::Remove, Some(s)) => {
                if s.mutability == Mutability::Immutable {
                    return Err(
                        self.at_target(K::Mutability, format!("{}.{} is immutable", name, s.name))
                    );
                }
                let mut hit = false;
                match m.get_mut(&name) {
                    Some(Value::Object(o)) => hit = o.remove(&s.name).is_some(),
                    Some(Value::Array(items)) => {
                        self.invalidate(key);
                        for x in items.iter_mut() {
                            if let Value::Object(o) = x {
                                hit |= o.remove(&s.name).is_some();
                            }
                        }
                    }
                    _ => {}
                }
                if hit {
                    self.note(
                        Code::Removed,
                        Severity::Info,
                        path,
                        format!("{path} removed"),
                    );
                }
                Ok(())
            }
            (_, None) => {
                let value = value.unwrap_or(Value::Null);
                if attr.multi_valued {
                    let items = self.strip_nulls(path, value);
                    let strings = self.strings;
                    if items.iter().filter(|x| is_primary(x, strings)).count() > 1 {
                        return Err(self.inside(
                            K::InvalidValue,
                            path,
                            format!("{path}: primary true may appear at most once (RFC 7643 §2.4)"),
                        ));
                    }
                    if kind == OpKind::Replace {
                        let empty = items.is_empty();
                        self.invalidate(key);
                        if empty {
                            m.remove(&name);
                        } else {
                            m.insert(name.clone(), Value::Array(items));
                        }
                        self.note(
                            Code::Replaced,
                            Severity::Info,
                            path,
                            format!(
                                "{path} replaced{}",
                                if empty { " with no values" } else { "" }
                            ),
                        );
                        return Ok(());
                    }
                    let all = array_of(m, &name);
                    let mut index = self.take_index(key, attr, all);
                    let mut added = 0;
                    let mut new_primary = None;
                    for item in items {
                        if index.contains(attr, all, &item) {
                            continue;
                        }
                        let pos = all.len();
                        index.insert(attr, pos, &item, strings);
                        if is_primary(&item, strings) {
                            new_primary = Some(pos);
                        }
                        all.push(item);
                        added += 1;
                    }
                    if let Some(p) = new_primary {
                        self.keep_primary(key, all, &mut index, p);
                    }
                    self.indexes.insert(key.clone(), index);
                    if matches!(m.get(&name), Some(Value::Array(a)) if a.is_empty()) {
                        m.remove(&name);
                    }
                    if added > 0 {
                        self.note(
                            Code::Added,
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
                        if old.is_empty() {
                            m.remove(&name);
                        }
                    }
                    // A new complex value: its null (or coerced-unassigned) members are not stored
                    // (RFC 7643 §2.5), and nothing is left of an empty one.
                    (AttributeType::Complex, Value::Object(mut new), _) => {
                        new.retain(|_, v| !v.is_null());
                        if new.is_empty() {
                            m.remove(&name);
                        } else {
                            m.insert(name.clone(), Value::Object(new));
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
                        return Err(self.at_target(
                            K::Mutability,
                            format!("{}.{} is immutable", name, s.name),
                        ));
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
                        // Check only: whether the stored attribute has elements is not known.
                        let none = !self.check_only() && !items.iter().any(Value::is_object);
                        if kind == OpKind::Add || none {
                            return Err(self.at_target(
                                K::NoTarget,
                                format!(
                                    "{path}: name the elements with a value filter ({}[...].{})",
                                    attr.name, s.name
                                ),
                            ));
                        }
                        // `primary: true` on every element of a list of more than one would
                        // leave several primaries (RFC 7643 §2.4: at most one); RFC 7644
                        // §3.5.2 clears the others only for the element an operation names.
                        let elements = items.iter().filter(|x| x.is_object()).count();
                        let primary = s.name == "primary" && primary_true(&value, self.strings);
                        if primary && elements > 1 {
                            return Err(self.at_target(
                                K::InvalidValue,
                                format!(
                                    "{path} would make all {elements} elements primary (at most one \
                                     may be, RFC 7643 §2.4): name one with a value filter \
                                     ({}[...].primary)",
                                    attr.name
                                ),
                            ));
                        }
                        for x in items.iter_mut() {
                            if let Value::Object(o) = x {
                                o.insert(s.name.clone(), value.clone());
                            }
                        }
                        self.invalidate(key);
                    }
                    _ => {
                        return Err(self.at_target(
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
        key: &Key,
        kind: OpKind,
        attr: &Attribute,
        sub: Option<&Attribute>,
        filter: &Filter,
        value: Option<Value>,
        path: &Loc,
    ) -> Result<()> {
        if kind != OpKind::Remove && sub.is_none() && !matches!(value, Some(Value::Object(_))) {
            return Err(self.at_value(
                K::InvalidValue,
                format!("{path}: the value must be an object of sub-attributes"),
            ));
        }
        if self.check_only() {
            // Which elements the filter selects only the stored resource can tell.
            return Ok(());
        }
        let strings = self.strings;
        let items = array_of(m, &attr.name);
        let mut index = self.take_index(key, attr, items);
        // Only the elements that can match: those with the pinned value, else every element.
        let candidates: Vec<usize> = match multi::pinned(attr, filter) {
            Some(k) => {
                let mut c = index.with_value(&k).to_vec();
                c.sort_unstable();
                c
            }
            None => live(items).map(|(i, _)| i).collect(),
        };
        let scope = Scope::Element(&attr.sub_attributes, strings);
        let mut hits = Vec::new();
        for i in candidates {
            if let Value::Object(o) = &items[i] {
                if matches(filter, o, scope)
                    .map_err(|e| self.at_target(K::InvalidPath, e.to_string()))?
                {
                    hits.push(i);
                }
            }
        }
        if hits.is_empty() {
            if kind == OpKind::Remove {
                return Err(
                    self.at_target(K::NoTarget, format!("{path}: the filter matches no value"))
                );
            }
            if !self.dialect.create_on_unmatched_filter {
                return Err(self.at_target(K::NoTarget, format!("{path}: the filter matches no value (the createOnUnmatchedFilter dialect switch creates one)")));
            }
            let mut element = Map::new();
            if !seed_from_filter(filter, &mut element) {
                return Err(self.at_target(K::NoTarget, format!("{path}: the filter matches no value, and only a filter of 'eq' comparisons joined by 'and' can create one")));
            }
            let pos = items.len();
            let element = Value::Object(element);
            index.insert(attr, pos, &element, strings);
            items.push(element);
            hits.push(pos);
            self.note(
                Code::CreatedOnUnmatchedFilter,
                Severity::Warning,
                path,
                format!(
                    "no value matched; a new element of {} was created from the filter",
                    attr.name
                ),
            );
        }
        match (kind, sub) {
            (OpKind::Remove, None) => {
                for &i in &hits {
                    index.forget(attr, i, &items[i]);
                    items[i] = Value::Null;
                }
                self.mark_dirty(key);
                self.note(
                    Code::Removed,
                    Severity::Info,
                    path,
                    format!("{} value(s) removed", hits.len()),
                );
            }
            (OpKind::Remove, Some(s)) => {
                for &i in &hits {
                    index.forget(attr, i, &items[i]);
                    if let Value::Object(o) = &mut items[i] {
                        o.remove(&s.name);
                    }
                    index.insert(attr, i, &items[i], strings);
                }
                self.note(
                    Code::Removed,
                    Severity::Info,
                    path,
                    format!("{path} removed"),
                );
            }
            (_, Some(s)) => {
                let v = value.unwrap_or(Value::Null);
                if s.mutability == Mutability::Immutable {
                    let changes_set_value = hits.iter().any(|&i| {
                        items[i]
                            .as_object()
                            .and_then(|o| o.get(&s.name))
                            .is_some_and(|old| old != &v)
                    });
                    if changes_set_value {
                        return Err(self.at_target(
                            K::Mutability,
                            format!("{}.{} is immutable", attr.name, s.name),
                        ));
                    }
                }
                for &i in &hits {
                    index.forget(attr, i, &items[i]);
                    if let Value::Object(o) = &mut items[i] {
                        o.insert(s.name.clone(), v.clone());
                    }
                    index.insert(attr, i, &items[i], strings);
                }
                if s.name == "primary" && is_primary(&items[hits[0]], strings) {
                    self.keep_primary(key, items, &mut index, hits[0]);
                }
                self.set_note(kind, path);
            }
            (_, None) => {
                let Some(Value::Object(new)) = &value else {
                    return Err(self.at_value(
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
                                return Err(self.at_target(
                                    K::Mutability,
                                    format!("{}.{} is immutable", attr.name, sa.name),
                                ));
                            }
                        }
                    }
                }
                // What a whole-element replace loses, named (never valued): never silent.
                let mut dropped_note = None;
                if kind == OpKind::Replace {
                    let mut dropped: Vec<&str> = Vec::new();
                    for &i in &hits {
                        if let Value::Object(o) = &items[i] {
                            for k in o.keys() {
                                let given = new.keys().any(|n| n.eq_ignore_ascii_case(k));
                                if !given && !dropped.iter().any(|d| d.eq_ignore_ascii_case(k)) {
                                    dropped.push(k);
                                }
                            }
                        }
                    }
                    if !dropped.is_empty() {
                        dropped_note = Some(format!(
                            "{path}: replace gives whole elements, so {} (not in the value) {} gone; \
                             name a sub-attribute in the path ({path}.{}) to change only that one",
                            dropped.join(", "),
                            if dropped.len() == 1 { "is" } else { "are" },
                            dropped[0]
                        ));
                    }
                }
                for &i in &hits {
                    index.forget(attr, i, &items[i]);
                    if let Value::Object(o) = &mut items[i] {
                        if kind == OpKind::Replace {
                            o.clear();
                        }
                        for (k, v) in new {
                            o.insert(k.clone(), v.clone());
                        }
                    }
                    index.insert(attr, i, &items[i], strings);
                }
                if is_primary(&items[hits[0]], strings) {
                    self.keep_primary(key, items, &mut index, hits[0]);
                }
                self.set_note(kind, path);
                if let Some(message) = dropped_note {
                    self.note(Code::SubAttributesDropped, Severity::Warning, path, message);
                }
            }
        }
        self.indexes.insert(key.clone(), index);
        Ok(())
    }

    /// The value index of an attribute, taken out of the cache (built when absent); put it
    /// back with `self.indexes.insert` when done.
    fn take_index(&mut self, key: &Key, attr: &Attribute, items: &[Value]) -> Index {
        self.indexes
            .remove(key)
            .unwrap_or_else(|| Index::build(attr, items, self.strings))
    }

    /// Forget the index of an attribute whose elements an operation rewrote wholesale.
    fn invalidate(&mut self, key: &Key) {
        self.indexes.remove(key);
        self.cleared.retain(|(k, _)| k != key);
    }

    fn mark_dirty(&mut self, key: &Key) {
        if !self.dirty.contains(key) {
            self.dirty.push(key.clone());
        }
    }

    /// Make the element at `keep` the only primary one (RFC 7643 §2.4): clear the others and
    /// record each (as `primary_cleared`, once positions are final).
    fn keep_primary(&mut self, key: &Key, items: &mut [Value], index: &mut Index, keep: usize) {
        for q in index.primaries().to_vec() {
            if q == keep {
                continue;
            }
            index.forget_primary(q);
            if let Value::Object(o) = &mut items[q] {
                let name = o
                    .keys()
                    .find(|k| k.eq_ignore_ascii_case("primary"))
                    .cloned()
                    .unwrap_or_else(|| "primary".into());
                o.insert(name, Value::Bool(false));
            }
            self.cleared.push((key.clone(), q));
        }
    }

    /// The elements of a multi-valued value without its nulls (RFC 7643 §2.5: unassigned),
    /// each dropped null recorded.
    fn strip_nulls(&mut self, path: &Loc, value: Value) -> Vec<Value> {
        let items = match value {
            Value::Array(a) => a,
            other => vec![other],
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            if item.is_null() {
                self.note(
                    Code::NullRemoved,
                    Severity::Info,
                    &path.clone().index(i),
                    "null element removed".into(),
                );
            } else {
                out.push(item);
            }
        }
        out
    }

    /// After the last operation: drop tombstones, and record the cleared primaries at their
    /// final positions.
    fn compact(&mut self, work: &mut Map<String, Value>) {
        let mut remaps: HashMap<Key, Vec<Option<usize>>> = HashMap::new();
        for key in std::mem::take(&mut self.dirty) {
            if let Some(container) = multi::container_of(work, key.0.as_deref()) {
                let remap = multi::compact(container, &key.1);
                remaps.insert(key, remap);
            }
        }
        for (key, pos) in std::mem::take(&mut self.cleared) {
            let at = match remaps.get(&key) {
                Some(remap) => match remap.get(pos).copied().flatten() {
                    Some(p) => p,
                    None => continue,
                },
                None => pos,
            };
            let path = match &key.0 {
                Some(ext) => Loc::root().key(ext),
                None => Loc::root(),
            }
            .key(&key.1)
            .index(at)
            .key("primary");
            self.note(
                Code::PrimaryCleared,
                Severity::Info,
                &path,
                "another element became primary; this one no longer is (RFC 7643 §2.4)".into(),
            );
        }
    }
}

/// The array of the multi-valued attribute `name` in `m`, created empty when absent (a single
/// value found there becomes a one-element array).
fn array_of<'m>(m: &'m mut Map<String, Value>, name: &str) -> &'m mut Vec<Value> {
    let slot = m.entry(name.to_string()).or_insert(Value::Null);
    if !slot.is_array() {
        let old = std::mem::take(slot);
        *slot = Value::Array(if old.is_null() { Vec::new() } else { vec![old] });
    }
    match slot {
        Value::Array(items) => items,
        _ => unreachable!("made an array above"),
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

/// The location of a PATCH path as written: its URN, attribute, value filter and sub-attribute.
fn path_loc(path: &AttrPath) -> Loc {
    let mut loc = match &path.urn {
        Some(urn) => Loc::root().key(urn),
        None => Loc::root(),
    }
    .key(&path.name);
    if let Some(f) = &path.filter {
        loc = loc.filter(f.to_string());
    }
    if let Some(s) = &path.sub {
        loc = loc.key(s);
    }
    loc
}

/// The location of a PATCH target in canonical spelling: the extension's URN (none for the core
/// schema), the attribute, the path's value filter and the sub-attribute.
fn canonical_loc(ext: Option<&Schema>, attr: &Attribute, path: &AttrPath) -> Loc {
    let mut loc = match ext {
        Some(e) => Loc::root().key(&e.id),
        None => Loc::root(),
    }
    .key(&attr.name);
    if let Some(f) = &path.filter {
        loc = loc.filter(f.to_string());
    }
    if let Some(s) = &path.sub {
        loc = loc.key(
            attr.sub_attribute(s)
                .map_or(s.as_str(), |a| a.name.as_str()),
        );
    }
    loc
}

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;
    use crate::validator::compiled::compile;
    use serde_json::json;

    /// Today's reference: every stored resource rewritten into canonical form first.
    fn rewritten_first(
        c: &Compiled,
        resource: &Value,
        patch: &Value,
        normalized_for: Option<Op>,
    ) -> Result<(Patched, Option<Map<String, Value>>)> {
        let mut ctx = Ctx::new(c, false);
        let Some(ops) = ctx.read_body(patch) else {
            return Err(ctx.found.into_error());
        };
        let stored = crate::resource::normalize_stored(c, resource)?;
        apply_to(c, ctx, ops, stored, normalized_for)
    }

    fn shown(r: &Result<(Patched, Option<Map<String, Value>>)>) -> String {
        match r {
            Ok((p, n)) => format!("{} {n:?}", serde_json::to_string(p).unwrap()),
            Err(e) => format!("{e:?}"),
        }
    }

    /// The PATCH cases of the shared vectors: (stored resource, PatchOp, options).
    fn vector_patches() -> Vec<(Value, Value, Value)> {
        let mut out = Vec::new();
        for case in crate::test_vectors::cases() {
            let options = case.get("options").cloned().unwrap_or(Value::Null);
            let input = &case["input"];
            match case["function"].as_str().unwrap_or("") {
                "applyPatch" => {
                    out.push((input["resource"].clone(), input["patch"].clone(), options));
                }
                "plan" if input["method"] == "PATCH" && input["current"].is_object() => {
                    out.push((input["current"].clone(), input["body"].clone(), options));
                }
                _ => {}
            }
        }
        out
    }

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            usize::try_from(self.0 % n as u64).unwrap()
        }
    }

    /// A random PatchOp of one to five operations over the attributes PATCH vectors touch,
    /// in RFC and Entra spellings, with good and bad values.
    fn random_patch(rng: &mut Rng) -> Value {
        let ops = ["add", "replace", "remove", "Add", "Replace", "Remove"];
        let paths = [
            json!(null),
            json!("userName"),
            json!("name.familyName"),
            json!("name"),
            json!("emails"),
            json!("emails[type eq \"work\"].value"),
            json!("emails[primary eq true]"),
            json!("emails[type eq \"home\"].primary"),
            json!("phoneNumbers"),
            json!("active"),
            json!("title"),
            json!("displayName"),
            json!("members"),
            json!("members[value eq \"u1\"]"),
            json!("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
            json!("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"),
            json!("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            json!("urn:ietf:params:scim:schemas:extension:wrike:2.0:User:userType"),
            json!("department"),
            json!("id"),
            json!("nope"),
        ];
        let values = [
            json!("x@contoso.com"),
            json!("Renamed"),
            json!("False"),
            json!(true),
            json!(null),
            json!(""),
            json!(7),
            json!([{"value": "a@contoso.com", "type": "work", "primary": true}]),
            json!([{"value": "b@example.org", "primary": true}, {"value": "c@contoso.com", "primary": true}]),
            json!({"value": "u9"}),
            json!([{"value": "u1"}, {"value": "u3"}]),
            json!({"familyName": "F", "givenName": "G"}),
            json!({"name.givenName": "Path", "active": "True", "title": "T"}),
            json!({"department": "D", "manager": "m1"}),
            json!("Collaborator"),
        ];
        let n = 1 + rng.below(5);
        let list: Vec<Value> = (0..n)
            .map(|_| {
                let mut op = serde_json::Map::new();
                op.insert("op".into(), json!(ops[rng.below(ops.len())]));
                let path = &paths[rng.below(paths.len())];
                if !path.is_null() {
                    op.insert("path".into(), path.clone());
                }
                if rng.below(4) != 0 {
                    op.insert("value".into(), values[rng.below(values.len())].clone());
                }
                Value::Object(op)
            })
            .collect();
        json!({"schemas": [crate::patch::PATCH_OP_SCHEMA], "Operations": list})
    }

    /// Patching a canonical stored resource as it is gives exactly what rewriting it first
    /// gives — result, changes, members, report, the plan's normalized form, or the error —
    /// over every PATCH of the shared vectors and random PatchOps on their resources (as stored
    /// and in canonical form).
    #[test]
    fn the_canonical_fast_path_changes_no_result() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut fast = 0;
        let mut runs = 0;
        for (resource, patch, options) in vector_patches() {
            let Ok(options) = Options::from_value(options) else {
                continue;
            };
            let Ok(c) = compile(options, None) else {
                continue;
            };
            let mut stored = vec![resource.clone()];
            if let Ok(m) = crate::resource::normalize_stored(&c, &resource) {
                stored.push(Value::Object(m));
            }
            for r in &stored {
                if super::super::canonical::is_canonical(&c, r) {
                    fast += 1;
                }
                let mut patches = vec![patch.clone()];
                patches.extend((0..6).map(|_| random_patch(&mut rng)));
                for p in &patches {
                    for normalized_for in [None, Some(Op::Replace), Some(Op::Response)] {
                        runs += 1;
                        let want = shown(&rewritten_first(&c, r, p, normalized_for));
                        let borrowed = shown(&apply(&c, Cow::Borrowed(r), p, normalized_for));
                        assert_eq!(borrowed, want, "resource {r}\npatch {p}");
                        let owned = shown(&apply(&c, Cow::Owned(r.clone()), p, normalized_for));
                        assert_eq!(owned, want, "resource {r}\npatch {p}");
                    }
                }
            }
        }
        assert!(runs > 1000, "only {runs} runs");
        assert!(
            fast > 50,
            "the fast path was taken for only {fast} resources"
        );
    }
}
