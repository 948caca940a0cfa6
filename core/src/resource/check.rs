//! The checker: walks a resource once and records every finding.

use crate::codes::Code;
use serde_json::{Map, Value};

use crate::formats::{email_problem, is_base64, is_datetime, reference_problem};
use crate::issue::{Issue, Report, Severity};
use crate::json::{find_key, type_name};
use crate::loc::{Loc, Seg, Trail};
use crate::options::{Mode, Operation};
use crate::schema::{Attribute, AttributeType, Mutability, Returned, Schema};
use crate::validator::compiled::{Compiled, KeyKind};

pub(crate) fn check(c: &Compiled, operation: Operation, resource: &Value) -> Report {
    let mut ck = Checker {
        c,
        operation,
        issues: Vec::new(),
        loc: Trail::new(),
    };
    ck.resource(resource);
    Report::from_issues(ck.issues)
}

struct Checker<'c> {
    c: &'c Compiled,
    /// What the payload is for (create, replace, response).
    operation: Operation,
    issues: Vec<Issue>,
    /// Where the walk is; segments are pushed and truncated as it goes.
    loc: Trail<'c>,
}

/// The canonical names already seen in one object (to find one attribute under two spellings).
type Seen<'c> = std::collections::HashSet<std::borrow::Cow<'c, str>>;

/// What the `schemas` list declared.
struct Declared<'r> {
    /// Whether `schemas` was a usable list (so "not declared" findings make sense).
    usable: bool,
    /// URNs listed, as written.
    urns: Vec<&'r str>,
    /// The same, ASCII lower-cased, for constant-time look-up.
    folded: std::collections::HashSet<String>,
}

impl Declared<'_> {
    fn has(&self, urn: &str) -> bool {
        if self.urns.len() <= 8 {
            return self.urns.iter().any(|u| u.eq_ignore_ascii_case(urn));
        }
        self.folded.contains(&urn.to_ascii_lowercase())
    }
}

impl<'c> Checker<'c> {
    fn lenient(&self) -> bool {
        self.c.options.rules.mode == Mode::Lenient
    }

    fn is_request(&self) -> bool {
        self.operation != Operation::Response
    }

    fn push(&mut self, code: Code, severity: Severity, message: String) {
        self.issues
            .push(Issue::new(code, severity, self.loc.loc(), message));
    }

    fn push_at(&mut self, code: Code, severity: Severity, loc: Loc, message: String) {
        self.issues.push(Issue::new(code, severity, loc, message));
    }

    /// Error in strict mode, warning in lenient mode.
    fn strictness(&self) -> Severity {
        if self.lenient() {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    fn resource(&mut self, resource: &'c Value) {
        let Value::Object(map) = resource else {
            self.push(
                Code::NotAnObject,
                Severity::Error,
                format!(
                    "a SCIM resource must be a JSON object, found {}",
                    type_name(resource)
                ),
            );
            return;
        };
        let declared = self.schemas(map);

        // Which canonical attributes have been seen, to find the same one under two spellings.
        let mut seen: Seen<'c> = Seen::default();
        let mut extensions_present: Vec<&Schema> = Vec::new();
        let mut undeclared_reported: Vec<&str> = Vec::new();
        for (key, value) in map {
            let kind = self.c.classify(key);
            match kind {
                KeyKind::Schemas => {
                    if key != "schemas" {
                        self.noncanonical(key, "schemas");
                    }
                    self.first_sighting(&mut seen, "schemas".into(), Loc::root().key("schemas"));
                }
                KeyKind::Attr(attr) if self.is_request() && self.c.drops_secret(attr) => {
                    if self.enter(key, &attr.name, &mut seen) {
                        self.push(
                            Code::PasswordIgnored,
                            Severity::Info,
                            format!(
                                "\"{}\" is dropped: the target does not store passwords",
                                attr.name
                            ),
                        );
                    }
                }
                KeyKind::Attr(attr) => {
                    if self.enter(key, &attr.name, &mut seen) {
                        self.attribute(attr, value);
                    }
                }
                KeyKind::Extension(schema) => {
                    if !self.enter(key, &schema.id, &mut seen) {
                        continue;
                    }
                    if value.is_null() {
                        self.push(
                            Code::NullValue,
                            Severity::Info,
                            "null extension object; treated as absent".into(),
                        );
                        continue;
                    }
                    extensions_present.push(schema);
                    self.undeclared(schema, &declared, &mut undeclared_reported);
                    match value {
                        Value::Object(ext) => self.members(&schema.attributes, ext, Some(schema)),
                        other => self.push(
                            Code::InvalidType,
                            Severity::Error,
                            format!(
                                "an extension must be a JSON object, found {}",
                                type_name(other)
                            ),
                        ),
                    }
                }
                KeyKind::Qualified {
                    schema,
                    is_core,
                    attr,
                    sub,
                } => {
                    self.loc.clear();
                    self.loc.key(&schema.id);
                    self.loc.key(&attr.name);
                    if let Some(sub) = sub {
                        self.loc.key(&sub.name);
                    }
                    let loc = self.loc.loc();
                    // A core attribute qualified by its URN is the same attribute as its short
                    // key; any qualified key whose attribute is also given in its own place is
                    // two values for one attribute.
                    let fresh = if is_core && sub.is_none() {
                        self.first_sighting(
                            &mut seen,
                            attr.name.as_str().into(),
                            Loc::root().key(&attr.name),
                        )
                    } else if given_in_place(map, schema, is_core, attr, sub) {
                        self.push_at(
                            Code::DuplicateAttribute,
                            Severity::Error,
                            loc.clone(),
                            format!("\"{key}\" gives an attribute that the resource also gives in its own place"),
                        );
                        false
                    } else {
                        self.first_sighting(&mut seen, loc.path().into(), loc.clone())
                    };
                    if !fresh {
                        continue;
                    }
                    let sev = self.strictness();
                    self.push_at(
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
                        self.undeclared(schema, &declared, &mut undeclared_reported);
                    }
                    match sub {
                        Some(sub) => self.attribute(sub, value),
                        None => self.attribute(attr, value),
                    }
                }
                KeyKind::UnknownUrn if declared.has(key) => {
                    // An unknown schema listed in "schemas": already reported as unknown_schema.
                }
                KeyKind::QualifiedUnknown { schema, offset }
                    if self.c.is_profile_extension(schema) =>
                {
                    let name = &key[offset..];
                    self.loc.clear();
                    self.loc.key(&schema.id);
                    self.loc.key(name);
                    let loc = self.loc.loc();
                    let sev = self.strictness();
                    self.push_at(
                        Code::QualifiedAttributeName,
                        sev,
                        loc.clone(),
                        format!(
                            "\"{key}\" is a fully-qualified attribute name; in a resource body it belongs inside the \"{}\" object",
                            schema.id
                        ),
                    );
                    self.undeclared(schema, &declared, &mut undeclared_reported);
                    self.custom_field_or_unknown(name, value, &loc);
                }
                KeyKind::Unknown if self.c.bare_profile_key(key) => {
                    let ext = self.c.profile.as_ref().map_or("", |p| p.extension.as_str());
                    self.push_at(
                        Code::BareCustomKey,
                        Severity::Warning,
                        Loc::root().key(key),
                        format!("\"{key}\" belongs in the {ext} extension; it is read from there (bareCustomKeys)"),
                    );
                    if crate::profile::check::looks_like_custom_field(key) {
                        self.custom_field_or_unknown(key, value, &Loc::root().key(key));
                    }
                }
                KeyKind::QualifiedUnknown { .. } | KeyKind::UnknownUrn | KeyKind::Unknown => {
                    let sev = self.strictness();
                    self.push_at(
                        Code::UnknownAttribute,
                        sev,
                        Loc::root().key(key),
                        format!(
                            "\"{key}\" is not an attribute of the {} resource type",
                            self.c.options.schema.resource_type
                        ),
                    );
                }
            }
        }

        // The profile's rules: user type, approved domain of the login email.
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
            if missing(find_key(map, "id")) {
                self.push_at(
                    Code::RequiredMissing,
                    Severity::Error,
                    Loc::root().key("id"),
                    "a response must carry the resource's id".into(),
                );
            }
        }
        // Required extensions.
        for (schema, required) in &self.c.extensions {
            if *required && !extensions_present.iter().any(|s| s.id == schema.id) {
                self.push_at(
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

    /// Start on a top-level key naming `canonical` (an attribute or extension URN): report a
    /// non-canonical spelling, then, unless it is a second spelling of something already seen,
    /// set the location and return true.
    fn enter(&mut self, key: &str, canonical: &'c str, seen: &mut Seen<'c>) -> bool {
        if key != canonical {
            self.noncanonical(key, canonical);
        }
        if !self.first_sighting(seen, canonical.into(), Loc::root().key(canonical)) {
            return false;
        }
        self.loc.clear();
        self.loc.key(canonical);
        true
    }

    /// `extension_not_declared`, once per extension, when `schemas` is a usable list without it.
    fn undeclared(
        &mut self,
        schema: &'c Schema,
        declared: &Declared<'_>,
        reported: &mut Vec<&'c str>,
    ) {
        if declared.usable && !declared.has(&schema.id) && !reported.contains(&schema.id.as_str()) {
            reported.push(&schema.id);
            let sev = self.strictness();
            self.push_at(
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

    /// Record that `canonical` was seen; false (and a duplicate_attribute issue) when it was already.
    fn first_sighting(
        &mut self,
        seen: &mut Seen<'c>,
        canonical: std::borrow::Cow<'c, str>,
        loc: Loc,
    ) -> bool {
        if seen.contains(&canonical) {
            self.push_at(
                Code::DuplicateAttribute,
                Severity::Error,
                loc,
                format!("\"{canonical}\" appears more than once under different letter case"),
            );
            false
        } else {
            seen.insert(canonical);
            true
        }
    }

    fn noncanonical(&mut self, written: &str, canonical: &str) {
        self.push_at(
            Code::NonCanonicalName,
            Severity::Info,
            Loc::root().key(canonical),
            format!("\"{written}\" is spelled \"{canonical}\" in the schema"),
        );
    }

    /// An attribute of the profile's extension that its schema does not define: a custom field,
    /// or else an unknown attribute.
    fn custom_field_or_unknown(&mut self, key: &str, value: &Value, loc: &Loc) {
        let profile = self.c.profile.as_ref();
        if let Some(issues) =
            profile.and_then(|p| crate::profile::check::custom_field(p, key, value, loc))
        {
            self.issues.extend(issues);
        } else {
            let sev = self.strictness();
            self.push_at(
                Code::UnknownAttribute,
                sev,
                loc.clone(),
                format!("\"{key}\" is neither an attribute of the extension nor a custom field <FIELD_ID>_<Title>"),
            );
        }
    }

    /// Check the `schemas` list and return what it declares.
    fn schemas<'r>(&mut self, map: &'r Map<String, Value>) -> Declared<'r> {
        let at = || Loc::root().key("schemas");
        let mut declared = Declared {
            usable: false,
            urns: Vec::new(),
            folded: std::collections::HashSet::new(),
        };
        let value = find_key(map, "schemas");
        let items = match value {
            None | Some(Value::Null) => {
                if value.is_some() {
                    self.push_at(
                        Code::NullValue,
                        Severity::Info,
                        at(),
                        "\"schemas\" is null".into(),
                    );
                }
                self.push_at(
                    Code::SchemasMissing,
                    Severity::Error,
                    at(),
                    format!("\"schemas\" is required and must list {}", self.c.core.id),
                );
                return declared;
            }
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.push_at(
                    Code::SchemasNotAList,
                    Severity::Error,
                    at(),
                    format!(
                        "\"schemas\" must be an array of schema URNs, found {}",
                        type_name(other)
                    ),
                );
                return declared;
            }
        };
        if items.is_empty() {
            self.push_at(
                Code::SchemasEmpty,
                Severity::Error,
                at(),
                format!("\"schemas\" is empty; it must list {}", self.c.core.id),
            );
            return declared;
        }
        declared.usable = true;
        let mut has_core = false;
        for (i, item) in items.iter().enumerate() {
            let path = || at().index(i);
            let Value::String(urn) = item else {
                self.push_at(
                    Code::SchemasInvalidEntry,
                    Severity::Error,
                    path(),
                    format!("schema URNs must be strings, found {}", type_name(item)),
                );
                continue;
            };
            if declared.has(urn) {
                self.push_at(
                    Code::DuplicateSchema,
                    Severity::Warning,
                    path(),
                    format!("{urn} is listed twice"),
                );
                continue;
            }
            declared.urns.push(urn);
            declared.folded.insert(urn.to_ascii_lowercase());
            match self.c.registry.schema(urn) {
                None => {
                    let sev = self.strictness();
                    self.push_at(
                        Code::UnknownSchema,
                        sev,
                        path(),
                        format!("unknown schema {urn}"),
                    );
                }
                Some(schema) => {
                    if schema.id != *urn {
                        self.push_at(
                            Code::NonCanonicalName,
                            Severity::Info,
                            path(),
                            format!("\"{urn}\" is spelled \"{}\"", schema.id),
                        );
                    }
                    if schema.id == self.c.core.id {
                        has_core = true;
                    } else if self.c.extension(&schema.id).is_none() {
                        self.push_at(
                            Code::SchemaNotAllowed,
                            Severity::Error,
                            path(),
                            format!(
                                "{} is not a schema of the {} resource type",
                                schema.id, self.c.options.schema.resource_type
                            ),
                        );
                    }
                }
            }
        }
        if !has_core {
            self.push_at(
                Code::CoreSchemaMissing,
                Severity::Error,
                at(),
                format!("\"schemas\" must list the core schema {}", self.c.core.id),
            );
        }
        declared
    }

    /// Check the members of a complex value (or, with `extension`, an extension object) against
    /// `attrs`. `self.loc` is the location of the container.
    fn members(
        &mut self,
        attrs: &'c [Attribute],
        map: &'c Map<String, Value>,
        extension: Option<&'c Schema>,
    ) {
        let base = self.loc.mark();
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (key, value) in map {
            self.loc.truncate(base);
            let found = match extension {
                Some(schema) => schema.attribute(key),
                None => crate::schema::find_attribute(attrs, key),
            };
            match found {
                None if extension.is_some_and(|s| self.c.is_profile_extension(s)) => {
                    self.loc.key(key);
                    let loc = self.loc.loc();
                    self.custom_field_or_unknown(key, value, &loc);
                }
                None => {
                    self.loc.key(key);
                    let sev = self.strictness();
                    self.push(
                        Code::UnknownAttribute,
                        sev,
                        format!("\"{key}\" is not a defined sub-attribute here"),
                    );
                }
                Some(attr) => {
                    self.loc.key(&attr.name);
                    if key != &attr.name {
                        self.push(
                            Code::NonCanonicalName,
                            Severity::Info,
                            format!("\"{key}\" is spelled \"{}\" in the schema", attr.name),
                        );
                    }
                    if seen.contains(&attr.name.as_str()) {
                        self.push(
                            Code::DuplicateAttribute,
                            Severity::Error,
                            format!(
                                "\"{}\" appears more than once under different letter case",
                                attr.name
                            ),
                        );
                        continue;
                    }
                    seen.insert(&attr.name);
                    self.attribute(attr, value);
                }
            }
        }
        self.loc.truncate(base);
        self.required(attrs, map, false);
    }

    /// Report required attributes of `attrs` that `map` lacks. `self.loc` is the container (the
    /// resource when `top`).
    fn required(&mut self, attrs: &[Attribute], map: &Map<String, Value>, top: bool) {
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
                self.push_at(
                    Code::RequiredMissing,
                    Severity::Error,
                    loc,
                    format!("\"{}\" is required", attr.name),
                );
            }
        }
    }

    /// Check one attribute's value. `self.loc` is the attribute's location.
    fn attribute(&mut self, attr: &'c Attribute, value: &'c Value) {
        if value.is_null() {
            self.push(
                Code::NullValue,
                Severity::Info,
                "null value; treated as absent".into(),
            );
            return;
        }
        if self.is_request() && attr.mutability == Mutability::ReadOnly {
            if value.as_array().is_some_and(Vec::is_empty) {
                // RFC 7643 §2.5: an empty array is the same as unassigned (Okta sends `groups: []`).
                return;
            }
            self.push(
                Code::ReadOnlyAttribute,
                Severity::Warning,
                format!(
                    "\"{}\" is readOnly; a service provider ignores it in a request",
                    attr.name
                ),
            );
            return;
        }
        if !self.is_request() && attr.returned == Returned::Never {
            self.push(
                Code::ReturnedNever,
                Severity::Error,
                format!(
                    "\"{}\" is never returned; a response must not contain it",
                    attr.name
                ),
            );
            return;
        }
        if attr.multi_valued {
            let Value::Array(items) = value else {
                self.push(
                    Code::ExpectedMultiValued,
                    Severity::Error,
                    format!(
                        "\"{}\" is multi-valued: expected an array, found {}",
                        attr.name,
                        type_name(value)
                    ),
                );
                return;
            };
            let base = self.loc.mark();
            for (i, item) in items.iter().enumerate() {
                self.loc.truncate(base);
                self.loc.index(i);
                if item.is_null() {
                    self.push(
                        Code::NullValue,
                        Severity::Info,
                        "null element; treated as absent".into(),
                    );
                    continue;
                }
                if item.is_array() {
                    self.push(
                        Code::InvalidType,
                        Severity::Error,
                        format!("elements of \"{}\" must not be arrays", attr.name),
                    );
                    continue;
                }
                self.single(attr, item);
            }
            self.loc.truncate(base);
            self.multi_valued_rules(attr, items);
        } else if value.is_array() {
            self.push(
                Code::ExpectedSingleValue,
                Severity::Error,
                format!(
                    "\"{}\" is single-valued: expected one value, found an array",
                    attr.name
                ),
            );
        } else {
            self.single(attr, value);
        }
    }

    /// More than one primary; repeated values.
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
            self.push(
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
        let mut keys: std::collections::HashSet<(String, String)> =
            std::collections::HashSet::with_capacity(items.len());
        let base = self.loc.mark();
        for (i, item) in items.iter().enumerate() {
            let Some(k) = key_of(item) else { continue };
            if !keys.insert(k) {
                self.loc.index(i);
                self.push(
                    Code::DuplicateValue,
                    Severity::Warning,
                    format!("this element repeats an earlier value of \"{}\"", attr.name),
                );
                self.loc.truncate(base);
            }
        }
    }

    /// Check a single (non-array) value against the attribute's type.
    fn single(&mut self, attr: &'c Attribute, value: &'c Value) {
        let ok = match (attr.kind, value) {
            (AttributeType::Complex, Value::Object(map)) => {
                self.members(&attr.sub_attributes, map, None);
                return;
            }
            (AttributeType::String, Value::String(s)) => {
                self.canonical(attr, s);
                if attr.name == "value" && self.at_email_value() {
                    if let Some(problem) = email_problem(s) {
                        self.push(
                            Code::InvalidEmail,
                            Severity::Error,
                            format!("not a valid email address: {problem}"),
                        );
                    }
                }
                true
            }
            (AttributeType::Boolean, Value::Bool(_)) => true,
            (AttributeType::Boolean, Value::String(s))
                if (self.lenient() || self.c.dialect.string_booleans)
                    && (s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")) =>
            {
                self.push(
                    Code::StringBoolean,
                    Severity::Warning,
                    format!(
                        "boolean written as the string \"{s}\"; read as {}",
                        s.eq_ignore_ascii_case("true")
                    ),
                );
                true
            }
            (AttributeType::Decimal, Value::Number(_)) => true,
            (AttributeType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (AttributeType::DateTime, Value::String(s)) => {
                if !is_datetime(s) {
                    self.push(
                        Code::InvalidDatetime,
                        Severity::Error,
                        format!("{} is not an RFC 3339 date-time with a time zone (e.g. 2024-01-31T09:30:00Z)", shown(attr, s)),
                    );
                }
                true
            }
            (AttributeType::Binary, Value::String(s)) => {
                if !is_base64(s) {
                    self.push(
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
                    self.push(Code::InvalidReference, Severity::Error, problem.to_string());
                }
                true
            }
            _ => false,
        };
        if !ok {
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
            self.push(
                Code::InvalidType,
                Severity::Error,
                format!(
                    "\"{}\" is {}: expected {expected}, found {found}",
                    attr.name,
                    attr.kind.as_str()
                ),
            );
        }
    }

    /// Whether the walk is at `emails[i].value` (of the core schema or any extension).
    fn at_email_value(&self) -> bool {
        matches!(
            self.loc.segments(),
            [.., Seg::Key("emails"), Seg::Index(_), Seg::Key("value")]
        )
    }

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
            self.push(
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

/// Absent, null, an empty string or an empty array count as missing for `required`.
fn missing(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty() || a.iter().all(Value::is_null),
        _ => false,
    }
}
