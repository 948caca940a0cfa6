//! Checking and normalizing a SCIM resource against the schemas of its resource type: one walk
//! (`resource::walk` and the modules beside it) with two outputs — the findings and, when
//! asked, the rewritten resource with its changes — so that each rule lives once and a caller
//! that needs both (the plan, PATCH's re-check) walks the resource once. The walk reads the body
//! as the coercion layer (the crate-private `coerce` module) left it: the dialect's coercions come first in the
//! findings and the changes.

mod names;
mod rewrite;
mod schemas;
pub(crate) mod stream;
mod value;
mod walk;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::issue::{Issue, Report};
use crate::json::type_name;
use crate::options::Operation;
use crate::validator::compiled::Compiled;
use walk::Walker;

/// Check `resource` (already within the depth limit) for `operation`.
pub(crate) fn check(c: &Compiled, operation: Operation, resource: &Value) -> Report {
    let coerced = crate::coerce::body(c, operation, false, resource);
    let mut w = Walker::new(c, operation, false);
    w.issues.extend(coerced.issues());
    w.resource(&coerced.resource, true, false);
    Report::from_issues(w.issues)
}

/// Normalize `resource` (already within the depth limit) for `operation`.
pub(crate) fn normalize(
    c: &Compiled,
    operation: Operation,
    resource: &Value,
) -> Result<Normalized> {
    let coerced = crate::coerce::body(c, operation, false, resource);
    let mut w = Walker::new(c, operation, false);
    w.changes.extend(coerced.changes());
    let out = w
        .resource(&coerced.resource, false, true)
        .ok_or(Error::NotAnObject {
            found: type_name(resource),
        })?;
    Ok(Normalized {
        resource: Value::Object(out),
        changes: w.changes,
    })
}

/// [`check`] and [`normalize`] in one walk: the same report and the same result as the two.
pub(crate) fn check_and_normalize(
    c: &Compiled,
    operation: Operation,
    resource: &Value,
) -> Result<(Report, Normalized)> {
    check_and_rewrite(c, operation, false, resource)
}

/// Findings for `operation` and, in the same walk, the rewritten resource — keeping readOnly
/// attributes when `keep_read_only` (the rewrite a response would get, next to the findings of
/// a request).
pub(crate) fn check_and_rewrite(
    c: &Compiled,
    operation: Operation,
    keep_read_only: bool,
    resource: &Value,
) -> Result<(Report, Normalized)> {
    let coerced = crate::coerce::body(c, operation, keep_read_only, resource);
    let mut w = Walker::new(c, operation, keep_read_only);
    w.issues.extend(coerced.issues());
    w.changes.extend(coerced.changes());
    let out = w
        .resource(&coerced.resource, true, true)
        .ok_or(Error::NotAnObject {
            found: type_name(resource),
        })?;
    Ok((
        Report::from_issues(w.issues),
        Normalized {
            resource: Value::Object(out),
            changes: w.changes,
        },
    ))
}

/// PATCH's re-check: the findings of [`check`] for a replace and, with `rewrite` (whether the
/// rewrite keeps readOnly attributes), the rewrite of [`check_and_rewrite`] in the same walk;
/// without the `read_only_attribute` findings (the stored resource carries its readOnly
/// attributes), which are not built at all.
pub(crate) fn recheck_patched(
    c: &Compiled,
    resource: &Value,
    rewrite: Option<bool>,
) -> Result<(Report, Option<Normalized>)> {
    let keep_read_only = rewrite.unwrap_or(false);
    let coerced = crate::coerce::body(c, Operation::Replace, keep_read_only, resource);
    let mut w = Walker::new(c, Operation::Replace, keep_read_only);
    w.read_only_findings = false;
    w.issues.extend(coerced.issues());
    let out = if rewrite.is_some() {
        w.changes.extend(coerced.changes());
        Some(
            w.resource(&coerced.resource, true, true)
                .ok_or(Error::NotAnObject {
                    found: type_name(resource),
                })?,
        )
    } else {
        w.resource(&coerced.resource, true, false);
        None
    };
    let report = Report::from_issues(w.issues);
    Ok((
        report,
        out.map(|m| Normalized {
            resource: Value::Object(m),
            changes: w.changes,
        }),
    ))
}

/// The result of [`normalize`](crate::normalize): the rewritten resource and every change made, in order.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Normalized {
    /// The normalized resource.
    pub resource: Value,
    /// What was changed (or, for `duplicate_attribute_kept`, deliberately left alone), with a code
    /// and a path each.
    pub changes: Vec<Issue>,
}

/// Normalize a stored resource for PATCH: canonical spelling, readOnly attributes kept, no
/// change record.
pub(crate) fn normalize_stored(c: &Compiled, resource: &Value) -> Result<Map<String, Value>> {
    let mut w = Walker::new(c, Operation::Replace, true);
    w.resource(resource, false, true).ok_or(Error::NotAnObject {
        found: type_name(resource),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;
    use serde_json::json;

    /// Every resource the shared vectors hand over, with its case's options.
    fn vector_resources() -> Vec<(Value, Value)> {
        let out = crate::test_vectors::resources();
        assert!(out.len() > 300, "the vectors hold resources: {}", out.len());
        out
    }

    /// The resource with every key of every object in upper case (two spellings of nothing, but
    /// every name non-canonical), and with every top-level key also given in upper case (two
    /// spellings of everything).
    fn variants(r: &Value) -> Vec<Value> {
        fn upper(v: &Value) -> Value {
            match v {
                Value::Object(m) => Value::Object(
                    m.iter()
                        .map(|(k, v)| (k.to_uppercase(), upper(v)))
                        .collect(),
                ),
                Value::Array(a) => Value::Array(a.iter().map(upper).collect()),
                other => other.clone(),
            }
        }
        let mut out = vec![r.clone(), upper(r)];
        if let Value::Object(m) = r {
            let mut twice = m.clone();
            for (k, v) in m {
                twice.insert(k.to_uppercase(), v.clone());
            }
            out.push(Value::Object(twice));
        }
        out
    }

    fn compiled(base: &Value, mode: &str, dialect: &str, profile: bool) -> Option<Compiled> {
        let mut o = base.as_object().cloned().unwrap_or_default();
        o.insert("mode".into(), json!(mode));
        o.insert("dialect".into(), json!(dialect));
        if profile {
            o.insert("profile".into(), json!("wrike"));
            o.insert("approvedDomains".into(), json!(["example.com", "acme.com"]));
        }
        let options = Options::from_value(Value::Object(o)).ok()?;
        crate::validator::compiled::compile(options, None).ok()
    }

    /// PATCH's re-check, which builds no `read_only_attribute` finding, gives the report of a
    /// replace check without them, and the rewrite of `check_and_rewrite`, on every resource of
    /// the vectors (and their variants) under several option sets.
    #[test]
    fn the_patch_recheck_is_the_replace_check_less_read_only_findings() {
        let mut compared = 0;
        let mut with_read_only = 0;
        for (resource, base) in vector_resources() {
            for (mode, dialect, profile) in [
                ("strict", "rfc", false),
                ("lenient", "entra", true),
                ("lenient", "onelogin", false),
            ] {
                let Some(c) = compiled(&base, mode, dialect, profile) else {
                    continue;
                };
                for r in variants(&resource) {
                    let ctx = format!("{r} {mode} {dialect} {profile}");
                    let mut full = check(&c, Operation::Replace, &r);
                    if full.has(crate::codes::Code::ReadOnlyAttribute) {
                        with_read_only += 1;
                    }
                    full.issues
                        .retain(|i| i.code != crate::codes::Code::ReadOnlyAttribute);
                    let full = Report::from_issues(full.issues);
                    let (quiet, none) = recheck_patched(&c, &r, None).unwrap();
                    assert_eq!(quiet, full, "{ctx}");
                    assert!(none.is_none());
                    for keep in [false, true] {
                        match (
                            recheck_patched(&c, &r, Some(keep)),
                            check_and_rewrite(&c, Operation::Replace, keep, &r),
                        ) {
                            (Ok((report, Some(n))), Ok((mut both, rewritten))) => {
                                both.issues
                                    .retain(|i| i.code != crate::codes::Code::ReadOnlyAttribute);
                                assert_eq!(report, Report::from_issues(both.issues), "{ctx}");
                                assert_eq!(n, rewritten, "{ctx}");
                            }
                            (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "{ctx}"),
                            (a, b) => panic!("{ctx}: {a:?} / {b:?}"),
                        }
                    }
                    compared += 1;
                }
            }
        }
        assert!(compared > 1_000, "{compared}");
        assert!(with_read_only > 100, "{with_read_only}");
    }

    #[test]
    fn one_walk_gives_each_output_as_a_walk_for_it_alone_would() {
        let mut compared = 0;
        for (resource, base) in vector_resources() {
            for mode in ["strict", "lenient"] {
                for dialect in ["rfc", "entra", "onelogin"] {
                    for profile in [false, true] {
                        let Some(c) = compiled(&base, mode, dialect, profile) else {
                            continue;
                        };
                        for r in variants(&resource) {
                            // (A replace walks as a create does: both are requests.)
                            for op in [Operation::Create, Operation::Response] {
                                let ctx = format!("{r} {mode} {dialect} {profile} {op:?}");
                                let report = check(&c, op, &r);
                                let normalized = normalize(&c, op, &r);
                                match (check_and_normalize(&c, op, &r), &normalized) {
                                    (Ok((both_report, both)), Ok(n)) => {
                                        assert_eq!(both_report, report, "{ctx}");
                                        assert_eq!(&both, n, "{ctx}");
                                    }
                                    (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "{ctx}"),
                                    (a, b) => panic!("{ctx}: {a:?} / {b:?}"),
                                }
                                // PATCH's re-check: findings for a replace, the rewrite as
                                // normalize makes it for `op`.
                                if let (Ok((rr, rn)), Ok(n)) = (
                                    check_and_rewrite(
                                        &c,
                                        Operation::Replace,
                                        op == Operation::Response,
                                        &r,
                                    ),
                                    &normalized,
                                ) {
                                    assert_eq!(rr, check(&c, Operation::Replace, &r), "{ctx}");
                                    assert_eq!(rn.resource, n.resource, "{ctx}");
                                }
                                // The plan takes the view of a normalized request body as it is:
                                // normalizing it again, for any operation, changes nothing.
                                if let (Ok(n), true) = (&normalized, op != Operation::Response) {
                                    for again in [Operation::Create, Operation::Response] {
                                        let twice = normalize(&c, again, &n.resource).unwrap();
                                        assert_eq!(twice.resource, n.resource, "{ctx} {again:?}");
                                        // Only what is deliberately left alone is recorded again.
                                        assert!(
                                            twice.changes.iter().all(|c| c.code
                                                == crate::codes::Code::DuplicateAttributeKept),
                                            "{ctx}: {:?}",
                                            twice.changes
                                        );
                                    }
                                }
                                compared += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }
}
