//! The walk of the `schemas` list: what it declares (findings) and its canonical form (rewrite),
//! in one pass over its entries.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::walk::Walker;
use crate::codes::Code;
use crate::issue::{Issue, Severity};
use crate::json::{find_key, type_name};
use crate::loc::Loc;

/// What the `schemas` list declares (check), and the URNs it has listed so far (both outputs:
/// a URN listed twice is reported and, in the rewrite, removed).
#[derive(Default)]
pub(super) struct Declared<'r> {
    /// Whether `schemas` was a usable list (so "not declared" findings make sense).
    pub(super) usable: bool,
    /// URNs listed, as written.
    urns: Vec<&'r str>,
    /// The same, ASCII lower-cased, for constant-time look-up once the list is long.
    folded: HashSet<String>,
}

/// Up to this many URNs are compared one by one; then through `folded`.
const SHORT_LIST: usize = 8;

impl<'r> Declared<'r> {
    pub(super) fn has(&self, urn: &str) -> bool {
        if self.urns.len() <= SHORT_LIST {
            return self.urns.iter().any(|u| u.eq_ignore_ascii_case(urn));
        }
        self.folded.contains(&urn.to_ascii_lowercase())
    }

    fn add(&mut self, urn: &'r str) {
        self.urns.push(urn);
        if self.urns.len() == SHORT_LIST + 1 {
            self.folded = self.urns.iter().map(|u| u.to_ascii_lowercase()).collect();
        } else if self.urns.len() > SHORT_LIST + 1 {
            self.folded.insert(urn.to_ascii_lowercase());
        }
    }
}

/// The `schemas` list rewritten in the walk of the resource's `schemas` key, with its changes,
/// recorded when the main loop reaches that key.
pub(super) struct Listed<'c> {
    pub(super) value: &'c Value,
    pub(super) rewritten: Value,
    pub(super) changes: Vec<Issue>,
}

impl<'c> Walker<'c> {
    /// The resource's `schemas` list (the key `find_key` picks): check what it declares, and
    /// rewrite it (canonical URN spelling, no nulls, no repeats), its changes kept for the main
    /// loop's turn at that key.
    pub(super) fn schemas(
        &mut self,
        map: &'c Map<String, Value>,
        check: bool,
        rewrite: bool,
    ) -> (Declared<'c>, Option<Listed<'c>>) {
        let mut declared = Declared::default();
        let at = || Loc::root().key("schemas");
        let value = find_key(map, "schemas");
        let items = match value {
            None | Some(Value::Null) => {
                if check {
                    if value.is_some() {
                        self.issue_at(
                            Code::NullValue,
                            Severity::Info,
                            at(),
                            "\"schemas\" is null".into(),
                        );
                    }
                    self.issue_at(
                        Code::SchemasMissing,
                        Severity::Error,
                        at(),
                        format!("\"schemas\" is required and must list {}", self.c.core.id),
                    );
                }
                return (declared, None);
            }
            Some(Value::Array(items)) => items,
            Some(other) => {
                if check {
                    self.issue_at(
                        Code::SchemasNotAList,
                        Severity::Error,
                        at(),
                        format!(
                            "\"schemas\" must be an array of schema URNs, found {}",
                            type_name(other)
                        ),
                    );
                }
                return (declared, None);
            }
        };
        let check = check && {
            if items.is_empty() {
                self.issue_at(
                    Code::SchemasEmpty,
                    Severity::Error,
                    at(),
                    format!("\"schemas\" is empty; it must list {}", self.c.core.id),
                );
            }
            !items.is_empty()
        };
        declared.usable = check;
        let start = self.changes.len();
        let list = self.schema_entries(items, &mut declared, check, rewrite);
        let changes = self.changes.split_off(start);
        let listed = value.filter(|_| rewrite).map(|value| Listed {
            value,
            rewritten: Value::Array(list),
            changes,
        });
        (declared, listed)
    }

    /// Rewrite a `schemas` value other than the one [`Walker::schemas`] walked (a second
    /// spelling of the key).
    pub(super) fn schemas_rewritten(&mut self, value: &'c Value) -> Value {
        match value {
            Value::Array(items) => {
                Value::Array(self.schema_entries(items, &mut Declared::default(), false, true))
            }
            other => other.clone(),
        }
    }

    /// The entries of a `schemas` list: findings, and the rewritten list.
    fn schema_entries(
        &mut self,
        items: &'c [Value],
        declared: &mut Declared<'c>,
        check: bool,
        rewrite: bool,
    ) -> Vec<Value> {
        let mut list: Vec<Value> = Vec::with_capacity(if rewrite { items.len() } else { 0 });
        let mut has_core = false;
        for (i, item) in items.iter().enumerate() {
            let at = || Loc::root().key("schemas").index(i);
            let Value::String(urn) = item else {
                if check {
                    self.issue_at(
                        Code::SchemasInvalidEntry,
                        Severity::Error,
                        at(),
                        format!("schema URNs must be strings, found {}", type_name(item)),
                    );
                }
                if rewrite && item.is_null() {
                    self.change_at(
                        Code::NullRemoved,
                        Severity::Info,
                        at(),
                        "null schema entry removed".into(),
                    );
                } else if rewrite {
                    list.push(item.clone());
                }
                continue;
            };
            if declared.has(urn) {
                if check {
                    self.issue_at(
                        Code::DuplicateSchema,
                        Severity::Warning,
                        at(),
                        format!("{urn} is listed twice"),
                    );
                }
                if rewrite {
                    self.change_at(
                        Code::DuplicateSchemaRemoved,
                        Severity::Info,
                        at(),
                        format!("{urn} listed twice; the repeat is removed"),
                    );
                }
                continue;
            }
            declared.add(urn);
            let schema = self.c.registry.schema(urn);
            if check {
                match schema {
                    None => {
                        let sev = self.strictness();
                        self.issue_at(
                            Code::UnknownSchema,
                            sev,
                            at(),
                            format!("unknown schema {urn}"),
                        );
                    }
                    Some(schema) => {
                        if schema.id != *urn {
                            self.issue_at(
                                Code::NonCanonicalName,
                                Severity::Info,
                                at(),
                                format!("\"{urn}\" is spelled \"{}\"", schema.id),
                            );
                        }
                        if schema.id == self.c.core.id {
                            has_core = true;
                        } else if self.c.extension(&schema.id).is_none() {
                            self.issue_at(
                                Code::SchemaNotAllowed,
                                Severity::Error,
                                at(),
                                format!(
                                    "{} is not a schema of the {} resource type",
                                    schema.id, self.c.options.schema.resource_type
                                ),
                            );
                        }
                    }
                }
            }
            if rewrite {
                let canonical = schema.map_or(urn, |s| &s.id);
                if canonical != urn {
                    self.change_at(
                        Code::SchemaCanonicalized,
                        Severity::Info,
                        at(),
                        format!("\"{urn}\" respelled \"{canonical}\""),
                    );
                }
                list.push(Value::String(canonical.clone()));
            }
        }
        if check && !has_core {
            self.issue_at(
                Code::CoreSchemaMissing,
                Severity::Error,
                Loc::root().key("schemas"),
                format!("\"schemas\" must list the core schema {}", self.c.core.id),
            );
        }
        list
    }
}
