//! The walker: one pass over a resource with two outputs — the findings (`check`) and, when
//! asked, the rewritten resource with a record of every change (`normalize`). Each key is
//! classified once and each rule decided once per node; where the two outputs part ways (a
//! finding stops at a value the rewrite still descends into, or the reverse) the walk goes on
//! for the output that needs it.
//!
//! This file holds the walker and the resource's top level: its keys, the rules on the whole
//! resource (required attributes, the profile's rules). The `schemas` list is walked in
//! [`schemas`](super::schemas), attribute values and complex members in [`value`](super::value),
//! the rewrite's moves in [`rewrite`](super::rewrite).

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::names::{Dups, Sightings};
use super::rewrite::Pending;
use super::schemas::{Declared, Listed};
use crate::codes::Code;
use crate::coerce::Unqualified;
use crate::issue::{Issue, Severity};
use crate::json::{find_key, type_name};
use crate::loc::{Loc, Trail};
use crate::options::{Mode, Operation};
use crate::schema::{Attribute, Mutability, Schema};
use crate::validator::compiled::{Compiled, KeyKind};

/// The walker's state: where it is, and what it has found and changed so far.
pub(super) struct Walker<'c> {
    pub(super) c: &'c Compiled,
    /// What the payload is for (create, replace, response).
    pub(super) operation: Operation,
    /// The rewrite keeps readOnly attributes whatever the operation (a stored resource, or a
    /// rewrite for a response next to findings for a request).
    pub(super) keep_read_only: bool,
    /// Findings (check).
    pub(super) issues: Vec<Issue>,
    /// Changes (normalize).
    pub(super) changes: Vec<Issue>,
    /// Where the walk is; segments are pushed and truncated as it goes.
    pub(super) loc: Trail<'c>,
    /// Check: report `read_only_attribute` (PATCH's re-check does not: the stored resource
    /// carries its readOnly attributes).
    pub(super) read_only_findings: bool,
}

/// The walk of a resource's top level: what it is asked for and what it has gathered.
struct Top<'c> {
    map: &'c Map<String, Value>,
    check: bool,
    /// What `schemas` declares (check), and its rewritten list (rewrite).
    declared: Declared<'c>,
    listed: Option<Listed<'c>>,
    // Check: the canonical names met, the extensions present, those reported as undeclared.
    seen: Sightings<'c>,
    extensions_present: Vec<&'c Schema>,
    undeclared_reported: Vec<&'c str>,
    // Rewrite: the output, the names given more than once, the extensions used, and the keys
    // that move into place after the others (qualified, qualified custom fields, bare keys).
    out: Map<String, Value>,
    dups: Dups<'c>,
    used_extensions: Vec<&'c str>,
    pending: Vec<Pending<'c>>,
    custom: Vec<(&'c Schema, &'c str, &'c str, &'c Value)>,
    bare: Vec<(&'c Schema, &'c str, &'c Value)>,
    /// Check: the extensions the body declares or uses (for unqualified names), once needed.
    considered: Option<Vec<&'c str>>,
}

impl<'c> Top<'c> {
    /// Rewrite: an extension the output uses (listed once: `schemas` must declare it).
    fn use_extension(&mut self, id: &'c str) {
        if !self.used_extensions.contains(&id) {
            self.used_extensions.push(id);
        }
    }
}

impl<'c> Walker<'c> {
    pub(super) fn new(c: &'c Compiled, operation: Operation, keep_read_only: bool) -> Self {
        Walker {
            c,
            operation,
            keep_read_only,
            issues: Vec::new(),
            changes: Vec::new(),
            loc: Trail::new(),
            read_only_findings: true,
        }
    }

    pub(super) fn lenient(&self) -> bool {
        self.c.options.rules.mode == Mode::Lenient
    }

    pub(super) fn is_request(&self) -> bool {
        self.operation != Operation::Response
    }

    /// Error in strict mode, warning in lenient mode.
    pub(super) fn strictness(&self) -> Severity {
        if self.lenient() {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// A finding at the walk's location.
    pub(super) fn issue(&mut self, code: Code, severity: Severity, message: String) {
        self.issues
            .push(Issue::new(code, severity, self.loc.loc(), message));
    }

    pub(super) fn issue_at(&mut self, code: Code, severity: Severity, loc: Loc, message: String) {
        self.issues.push(Issue::new(code, severity, loc, message));
    }

    /// A change at the walk's location.
    pub(super) fn change(&mut self, code: Code, severity: Severity, message: String) {
        self.changes
            .push(Issue::new(code, severity, self.loc.loc(), message));
    }

    pub(super) fn change_at(&mut self, code: Code, severity: Severity, loc: Loc, message: String) {
        self.changes.push(Issue::new(code, severity, loc, message));
    }

    /// Go to a place at the top level: a key, or a schema URN and the keys below it.
    pub(super) fn at(&mut self, segments: &[&'c str]) {
        self.loc.clear();
        for s in segments {
            self.loc.key(s);
        }
    }

    /// Whether the rewrite drops a readOnly attribute (from a request).
    pub(super) fn drops_read_only(&self, attr: &Attribute) -> bool {
        !self.keep_read_only && self.is_request() && attr.mutability == Mutability::ReadOnly
    }

    /// Walk a resource: findings when `check`, and the rewritten resource when `rewrite`
    /// (`None` without `rewrite`, and when the resource is not a JSON object — a
    /// `not_an_object` finding when checking).
    pub(super) fn resource(
        &mut self,
        resource: &'c Value,
        check: bool,
        rewrite: bool,
    ) -> Option<Map<String, Value>> {
        let Value::Object(map) = resource else {
            if check {
                self.issue(
                    Code::NotAnObject,
                    Severity::Error,
                    format!(
                        "a SCIM resource must be a JSON object, found {}",
                        type_name(resource)
                    ),
                );
            }
            return None;
        };
        let (declared, listed) = self.schemas(map, check, rewrite);
        let mut top = Top {
            map,
            check,
            declared,
            listed,
            seen: Sightings::new(),
            extensions_present: Vec::new(),
            undeclared_reported: Vec::new(),
            out: Map::with_capacity(if rewrite { map.len() + 1 } else { 0 }),
            dups: Dups::default(),
            used_extensions: Vec::new(),
            pending: Vec::new(),
            custom: Vec::new(),
            bare: Vec::new(),
            considered: None,
        };
        for (index, (key, value)) in map.iter().enumerate() {
            let kind = self.c.classify(key);
            // The rewrite drops nulls (RFC 7643 §2.5: unassigned).
            let r = rewrite && !value.is_null();
            if rewrite && value.is_null() {
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
                self.change(
                    Code::NullRemoved,
                    Severity::Info,
                    "null value removed".into(),
                );
            }
            match kind {
                KeyKind::Schemas => self.schemas_key(&mut top, index, key, value, r),
                KeyKind::Attr(attr) => self.attr_key(&mut top, index, key, attr, value, r),
                KeyKind::Extension(schema) => {
                    self.extension_key(&mut top, index, key, schema, value, r);
                }
                KeyKind::Qualified {
                    schema,
                    is_core,
                    attr,
                    sub,
                } => self.qualified_key(&mut top, key, schema, is_core, attr, sub, value, r),
                KeyKind::QualifiedUnknown { schema, offset } => {
                    self.qualified_unknown_key(&mut top, key, schema, &key[offset..], value, r);
                }
                KeyKind::UnknownUrn => {
                    // An unknown schema listed in "schemas" is already reported as unknown_schema.
                    if check && !top.declared.has(key) {
                        self.unknown_attribute(key);
                    }
                    if r {
                        if let Some(v) =
                            self.kept_unknown(Loc::root().key(key.as_str()), key, value)
                        {
                            top.out.insert(key.clone(), v);
                        }
                    }
                }
                KeyKind::Unknown => self.unknown_key(&mut top, key, value, r),
            }
        }
        if check {
            self.resource_rules(map, &top.extensions_present);
        }
        if !rewrite {
            return None;
        }
        let mut out = std::mem::take(&mut top.out);
        for (schema, key, value) in std::mem::take(&mut top.bare) {
            self.move_bare(&mut out, schema, key, value);
        }
        for (schema, key, name, value) in std::mem::take(&mut top.custom) {
            self.move_custom(&mut out, schema, key, name, value);
        }
        for p in std::mem::take(&mut top.pending) {
            if !p.is_core {
                top.use_extension(&p.schema.id);
            }
            self.move_qualified(&mut out, p);
        }
        self.declare(&mut out, &top.used_extensions);
        Some(out)
    }

    /// The canonical name of a top-level key, for [`Dups`].
    fn canonical_name(c: &'c Compiled, key: &'c str) -> Option<&'c str> {
        match c.classify(key) {
            KeyKind::Schemas => Some("schemas"),
            KeyKind::Attr(a) => Some(a.name.as_str()),
            KeyKind::Extension(s) => Some(s.id.as_str()),
            _ => None,
        }
    }

    /// Rewrite: place a top-level value under its canonical name (the walk is at it).
    fn place_top(
        &mut self,
        top: &mut Top<'c>,
        index: usize,
        key: &'c str,
        canonical: &'c str,
        v: Value,
    ) {
        let c = self.c;
        top.dups.on_key(top.map, index, key != canonical, |k| {
            Self::canonical_name(c, k)
        });
        self.place(&mut top.out, key, canonical, v, &mut top.dups);
    }

    /// The `schemas` key (its list was walked before the loop; see [`Walker::schemas`]).
    fn schemas_key(
        &mut self,
        top: &mut Top<'c>,
        index: usize,
        key: &'c str,
        value: &'c Value,
        r: bool,
    ) {
        if top.check {
            if key != "schemas" {
                self.noncanonical(key, "schemas");
            }
            self.first_sighting(
                &mut top.seen,
                "schemas".into(),
                key == "schemas",
                Loc::root().key("schemas"),
            );
        }
        if r {
            let v = match top.listed.take() {
                Some(l) if std::ptr::eq(l.value, value) => {
                    self.changes.extend(l.changes);
                    l.rewritten
                }
                other => {
                    top.listed = other;
                    self.schemas_rewritten(value)
                }
            };
            self.at(&["schemas"]);
            self.place_top(top, index, key, "schemas", v);
        }
    }

    /// An attribute of the core schema (or a common attribute).
    fn attr_key(
        &mut self,
        top: &mut Top<'c>,
        index: usize,
        key: &'c str,
        attr: &'c Attribute,
        value: &'c Value,
        r: bool,
    ) {
        let secret = self.c.drops_secret(attr);
        let mut go_check = false;
        if top.check && self.enter(key, &attr.name, &mut top.seen) {
            if secret && self.is_request() {
                self.issue(
                    Code::PasswordIgnored,
                    Severity::Info,
                    format!(
                        "\"{}\" is dropped: the target does not store passwords",
                        attr.name
                    ),
                );
            } else {
                go_check = true;
            }
        }
        self.at(&[&attr.name]);
        let mut go_rewrite = false;
        if r {
            if secret {
                self.change(
                    Code::PasswordDropped,
                    Severity::Warning,
                    format!("\"{}\" dropped: the target does not store passwords; its value is not echoed", attr.name),
                );
            } else if self.drops_read_only(attr) {
                self.change(
                    Code::ReadOnlyRemoved,
                    Severity::Info,
                    format!("readOnly \"{}\" removed from the request", attr.name),
                );
            } else {
                go_rewrite = true;
            }
        }
        let v = self.value(attr, value, go_check, go_rewrite);
        if go_rewrite {
            self.place_top(top, index, key, &attr.name, v);
        }
    }

    /// The object of one of the resource type's extensions.
    fn extension_key(
        &mut self,
        top: &mut Top<'c>,
        index: usize,
        key: &'c str,
        schema: &'c Schema,
        value: &'c Value,
        r: bool,
    ) {
        let mut go_check = false;
        if top.check && self.enter(key, &schema.id, &mut top.seen) {
            if value.is_null() {
                self.issue(
                    Code::NullValue,
                    Severity::Info,
                    "null extension object; treated as absent".into(),
                );
            } else {
                top.extensions_present.push(schema);
                self.undeclared(schema, &top.declared, &mut top.undeclared_reported);
                if value.is_object() {
                    go_check = true;
                } else {
                    self.issue(
                        Code::InvalidType,
                        Severity::Error,
                        format!(
                            "an extension must be a JSON object, found {}",
                            type_name(value)
                        ),
                    );
                }
            }
        }
        if r {
            top.use_extension(&schema.id);
        }
        self.at(&[&schema.id]);
        let v = match value {
            Value::Object(m) if go_check || r => {
                Value::Object(self.members(&schema.attributes, m, Some(schema), go_check, r))
            }
            other if r => other.clone(),
            _ => Value::Null,
        };
        if r {
            self.place_top(top, index, key, &schema.id, v);
        }
    }

    /// An attribute qualified by its schema URN: checked where it stands, rewritten now and
    /// moved into place after the other keys.
    #[allow(clippy::too_many_arguments)]
    fn qualified_key(
        &mut self,
        top: &mut Top<'c>,
        key: &'c str,
        schema: &'c Schema,
        is_core: bool,
        attr: &'c Attribute,
        sub: Option<&'c Attribute>,
        value: &'c Value,
        r: bool,
    ) {
        self.at(&[&schema.id, &attr.name]);
        if let Some(sub) = sub {
            self.loc.key(&sub.name);
        }
        let leaf = sub.unwrap_or(attr);
        let go_check = top.check && self.qualified(top, key, schema, is_core, attr, sub);
        if r {
            let dropped = self.c.drops_secret(attr)
                || self.c.drops_secret(leaf)
                || self.drops_read_only(attr)
                || self.drops_read_only(leaf);
            let start = self.changes.len();
            let v = self.value(leaf, value, go_check, !dropped);
            let inside = self.changes.split_off(start);
            top.pending.push(Pending {
                key,
                value,
                schema,
                is_core,
                attr,
                sub,
                rewritten: (!dropped).then_some((v, inside)),
            });
        } else if go_check {
            self.value(leaf, value, true, false);
        }
    }

    /// A key qualified by an extension URN whose attribute part that schema does not define: a
    /// custom field of the profile's extension, or an unknown attribute.
    fn qualified_unknown_key(
        &mut self,
        top: &mut Top<'c>,
        key: &'c str,
        schema: &'c Schema,
        name: &'c str,
        value: &'c Value,
        r: bool,
    ) {
        let profile_extension = self.c.is_profile_extension(schema);
        if top.check && profile_extension {
            self.at(&[&schema.id, name]);
            let loc = self.loc.loc();
            let sev = self.strictness();
            self.issue_at(
                Code::QualifiedAttributeName,
                sev,
                loc.clone(),
                format!(
                    "\"{key}\" is a fully-qualified attribute name; in a resource body it belongs inside the \"{}\" object",
                    schema.id
                ),
            );
            self.undeclared(schema, &top.declared, &mut top.undeclared_reported);
            self.custom_field_or_unknown(name, value, &loc);
        } else if top.check {
            self.unknown_attribute(key);
        }
        if r {
            if profile_extension && self.c.custom_field_shaped(name) {
                top.use_extension(&schema.id);
                top.custom.push((schema, key, name, value));
            } else if let Some(v) = self.kept_unknown(Loc::root().key(key), key, value) {
                top.out.insert(key.to_string(), v);
            }
        }
    }

    /// Any other key: a bare key of the profile's extension (`bareCustomKeys`), or an unknown
    /// attribute (kept as written by the rewrite).
    fn unknown_key(&mut self, top: &mut Top<'c>, key: &'c str, value: &'c Value, r: bool) {
        let bare_key = self.c.bare_profile_key(key);
        if top.check && bare_key {
            let ext = self.c.profile.as_ref().map_or("", |p| p.extension.as_str());
            self.issue_at(
                Code::BareCustomKey,
                Severity::Warning,
                Loc::root().key(key),
                format!("\"{key}\" belongs in the {ext} extension; it is read from there (bareCustomKeys)"),
            );
            if self.c.custom_field_shaped(key) {
                self.custom_field_or_unknown(key, value, &Loc::root().key(key));
            }
        } else if top.check {
            self.unknown_top_key(top, key);
        }
        if r && bare_key {
            if let Some(ext) = self
                .c
                .profile
                .as_ref()
                .and_then(|p| self.c.extension(&p.extension))
            {
                top.use_extension(&ext.id);
                top.bare.push((ext, key, value));
            }
        } else if r {
            if let Some(v) = self.kept_unknown(Loc::root().key(key), key, value) {
                top.out.insert(key.to_string(), v);
            }
        }
    }

    /// Check: the rules on the whole resource — the profile's (user type, login email and its
    /// domain), required attributes, `id` in responses, required extensions.
    pub(super) fn resource_rules(
        &mut self,
        map: &'c Map<String, Value>,
        extensions_present: &[&Schema],
    ) {
        if let Some(profile) = &self.c.profile {
            if self.c.extension(&profile.extension).is_some() {
                crate::profile::check::user_type_issues(
                    profile,
                    map,
                    self.c.dialect.bare_custom_keys
                        && self
                            .c
                            .core
                            .attribute(&profile.user_types.attribute)
                            .is_none(),
                    &mut self.issues,
                );
            }
        }
        if self.c.core.attribute("emails").is_some() {
            crate::profile::login::login_issues(
                self.c.profile.as_ref(),
                self.c.domains.as_ref(),
                &self.c.core.id,
                map,
                &mut self.issues,
            );
        }

        // Required attributes of the core schema (and id in responses).
        self.loc.clear();
        self.required(&self.c.core.attributes, map, true);
        if !self.is_request() {
            self.required(&self.c.registry.common().attributes, map, true);
            let id = find_key(map, "id");
            if super::value::missing(id) {
                self.issue_at(
                    Code::RequiredMissing,
                    Severity::Error,
                    Loc::root().key("id"),
                    "a response must carry the resource's id".into(),
                );
            } else if id
                .and_then(Value::as_str)
                .is_some_and(|s| s.contains("bulkId"))
            {
                // RFC 7643 §3.1: "The string "bulkId" is a reserved keyword and MUST NOT be
                // used within any unique identifier value." (A request's id is ignored.)
                self.issue_at(
                    Code::ReservedId,
                    Severity::Error,
                    Loc::root().key("id"),
                    "the id holds \"bulkId\", a reserved keyword no unique identifier may contain \
                     (RFC 7643 §3.1)"
                        .into(),
                );
            }
        }
        // Required extensions.
        for (schema, required) in &self.c.extensions {
            if *required && !extensions_present.iter().any(|s| s.id == schema.id) {
                self.issue_at(
                    Code::RequiredExtensionMissing,
                    Severity::Error,
                    Loc::root().key(&schema.id),
                    format!(
                        "the {} resource type requires the extension {}",
                        self.c.options.schema.resource_type, schema.id
                    ),
                );
            }
        }
    }

    /// Check a qualified top-level key (the walk is at its canonical location): report it, and
    /// whether its value is to be checked (false when it repeats an attribute already given).
    fn qualified(
        &mut self,
        top: &mut Top<'c>,
        key: &str,
        schema: &'c Schema,
        is_core: bool,
        attr: &'c Attribute,
        sub: Option<&'c Attribute>,
    ) -> bool {
        let loc = self.loc.loc();
        // A core attribute qualified by its URN is the same attribute as its short key; any
        // qualified key whose attribute is also given in its own place is two values for one
        // attribute.
        let fresh = if is_core && sub.is_none() {
            self.first_sighting(
                &mut top.seen,
                attr.name.as_str().into(),
                false,
                Loc::root().key(&attr.name),
            )
        } else if given_in_place(top.map, schema, is_core, attr, sub) {
            self.issue_at(
                Code::DuplicateAttribute,
                Severity::Error,
                loc.clone(),
                format!(
                    "\"{key}\" gives an attribute that the resource also gives in its own place"
                ),
            );
            false
        } else {
            self.first_sighting(&mut top.seen, loc.path().into(), false, loc.clone())
        };
        if !fresh {
            return false;
        }
        let sev = self.strictness();
        self.issue_at(
            Code::QualifiedAttributeName,
            sev,
            loc,
            format!(
                "\"{key}\" is a fully-qualified attribute name; in a resource body it belongs {}",
                if is_core {
                    format!("at the top level as \"{}\"", attr.name)
                } else {
                    format!("inside the \"{}\" object", schema.id)
                }
            ),
        );
        if !is_core {
            self.undeclared(schema, &top.declared, &mut top.undeclared_reported);
        }
        true
    }

    /// Check: a top-level key that names no attribute, or names one only unqualified: more than
    /// one declared extension defines it (`ambiguous_extension_attribute`), or exactly one does
    /// but the coercion layer left it here because that extension's object already gives it
    /// (`duplicate_attribute`); else `unknown_attribute`, saying which extensions define it.
    fn unknown_top_key(&mut self, top: &mut Top<'c>, key: &str) {
        let c = self.c;
        let declared = top
            .considered
            .get_or_insert_with(|| crate::coerce::body_extensions(c, top.map));
        let found = crate::coerce::unqualified(c, key, |urn| {
            declared.iter().any(|d| d.eq_ignore_ascii_case(urn))
        });
        let on = crate::coerce::Rules::of(c).unqualified;
        let at = Loc::root().key(key);
        match &found {
            Unqualified::Many(_) if on => self.issue_at(
                Code::AmbiguousExtensionAttribute,
                Severity::Error,
                at,
                format!(
                    "\"{key}\" is not a core attribute, and more than one declared extension defines it ({}); qualify it with its schema URN",
                    found.urns()
                ),
            ),
            Unqualified::One(schema, attr)
                if on && given_in_place(top.map, schema, false, attr, None) =>
            {
                self.issue_at(
                    Code::DuplicateAttribute,
                    Severity::Error,
                    at,
                    format!(
                        "\"{key}\" names {}:{}, which the \"{}\" object also gives",
                        schema.id, attr.name, schema.id
                    ),
                );
            }
            Unqualified::None => self.unknown_attribute(key),
            _ => {
                let sev = self.strictness();
                self.issue_at(
                    Code::UnknownAttribute,
                    sev,
                    at,
                    format!(
                        "\"{key}\" is not an attribute of the {} resource type; the declared extension(s) {} define it: qualify it with its schema URN (the unqualifiedExtensionAttributes dialect switch reads it from a single one)",
                        c.options.schema.resource_type,
                        found.urns()
                    ),
                );
            }
        }
    }

    fn unknown_attribute(&mut self, key: &str) {
        let sev = self.strictness();
        self.issue_at(
            Code::UnknownAttribute,
            sev,
            Loc::root().key(key),
            format!(
                "\"{key}\" is not an attribute of the {} resource type",
                self.c.options.schema.resource_type
            ),
        );
    }

    /// Check: start on a top-level key naming `canonical` (an attribute or extension URN):
    /// report a non-canonical spelling, then, unless it is a second spelling of something
    /// already seen, set the location and return true.
    fn enter(&mut self, key: &str, canonical: &'c str, seen: &mut Sightings<'c>) -> bool {
        let spelled = key == canonical;
        if !spelled {
            self.noncanonical(key, canonical);
        }
        if !self.first_sighting(seen, canonical.into(), spelled, Loc::root().key(canonical)) {
            return false;
        }
        self.at(&[canonical]);
        true
    }

    /// Check: `extension_not_declared`, once per extension, when `schemas` is a usable list
    /// without it.
    fn undeclared(
        &mut self,
        schema: &'c Schema,
        declared: &Declared<'_>,
        reported: &mut Vec<&'c str>,
    ) {
        if declared.usable && !declared.has(&schema.id) && !reported.contains(&schema.id.as_str()) {
            reported.push(&schema.id);
            let sev = self.strictness();
            self.issue_at(
                Code::ExtensionNotDeclared,
                sev,
                Loc::root().key(&schema.id),
                format!(
                    "extension {} is used but not listed in \"schemas\"",
                    schema.id
                ),
            );
        }
    }

    /// Check: record that `canonical` was seen; false (and a duplicate_attribute finding) when it
    /// was already.
    fn first_sighting(
        &mut self,
        seen: &mut Sightings<'c>,
        canonical: Cow<'c, str>,
        spelled: bool,
        loc: Loc,
    ) -> bool {
        let name = canonical.clone();
        if seen.first(canonical, spelled) {
            return true;
        }
        self.issue_at(
            Code::DuplicateAttribute,
            Severity::Error,
            loc,
            format!("\"{name}\" appears more than once under different letter case"),
        );
        false
    }

    fn noncanonical(&mut self, written: &str, canonical: &str) {
        self.issue_at(
            Code::NonCanonicalName,
            Severity::Info,
            Loc::root().key(canonical),
            format!("\"{written}\" is spelled \"{canonical}\" in the schema"),
        );
    }

    /// Check: an attribute of the profile's extension that its schema does not define: a custom
    /// field, or else an unknown attribute.
    pub(super) fn custom_field_or_unknown(&mut self, key: &str, value: &Value, loc: &Loc) {
        let profile = self.c.profile.as_ref();
        if let Some(issues) =
            profile.and_then(|p| crate::profile::check::custom_field(p, key, value, loc))
        {
            self.issues.extend(issues);
        } else {
            let sev = self.strictness();
            self.issue_at(
                Code::UnknownAttribute,
                sev,
                loc.clone(),
                format!("\"{key}\" is neither an attribute of the extension nor a custom field <FIELD_ID>_<Title>"),
            );
        }
    }
}

/// Whether the attribute a qualified key names is also given in its own place: inside its
/// extension object, or (a core sub-attribute) inside its complex parent.
fn given_in_place(
    map: &Map<String, Value>,
    schema: &Schema,
    is_core: bool,
    attr: &Attribute,
    sub: Option<&Attribute>,
) -> bool {
    let container = if is_core {
        Some(map)
    } else {
        find_key(map, &schema.id).and_then(Value::as_object)
    };
    let Some(container) = container else {
        return false;
    };
    let given = |v: Option<&Value>| v.is_some_and(|v| !v.is_null());
    match sub {
        None => given(find_key(container, &attr.name)),
        Some(s) => given(
            find_key(container, &attr.name)
                .and_then(Value::as_object)
                .and_then(|o| find_key(o, &s.name)),
        ),
    }
}
