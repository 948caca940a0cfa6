//! What the target will do with a request: the provisioning plan.
//!
//! | request | plan |
//! |---|---|
//! | `POST` a user | `create` (billable when active), or `reject` when the report has errors |
//! | `PUT` a user | `update` with per-attribute changes; synced attributes the body omits are `kept` (they remain in the target); `deactivate` / `reactivate` when `active` flips; `noop` when nothing changes |
//! | `PATCH` a user | the PATCH applied to `current`, then as `PUT` (without `kept`) |
//! | `DELETE` a user | `deactivate` (the target deactivates; it does not delete users) |
//! | `POST` a group | `create`, its members `added` |
//! | `PATCH` a group | `update` with membership deltas (added / removed member ids) |
//! | `PUT` a group | `update`, membership deltas against `current` |
//! | `DELETE` a group | `delete` (the profile's `groups.onRemove`: remove, disable, or either) |
//!
//! The login email and its approved domain are checked on creates and on every update that ends
//! with an active user (reactivations included); a deactivation is never blocked by them.
//! `billable` is true when the request makes a user an active provisioned member (create active,
//! reactivate).

use crate::codes::Code;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::issue::{Issue, Report, Severity};
use crate::json::find_key;
use crate::loc::Loc;
use crate::options::{Mode, Operation};
use crate::patch::Members;
use crate::profile::view::View;
use crate::validator::compiled::Compiled;

/// One synced attribute that changes.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The attribute's name in the target's view (`title`, `email`, `userType`, custom field).
    pub attribute: String,
    /// What the target holds now (`null` when unknown or unset).
    pub from: Value,
    /// What it will hold.
    pub to: Value,
}

/// What the target does with a request.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PlanAction"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The resource is created.
    Create,
    /// Attributes change.
    Update,
    /// The user is deactivated.
    Deactivate,
    /// The user is reactivated (and billable again).
    Reactivate,
    /// The group is removed or disabled.
    Delete,
    /// The request is refused: see the issues.
    Reject,
    /// Nothing changes.
    #[default]
    Noop,
}

impl Action {
    /// The lower-case name (`create`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Deactivate => "deactivate",
            Action::Reactivate => "reactivate",
            Action::Delete => "delete",
            Action::Reject => "reject",
            Action::Noop => "noop",
        }
    }
}

impl PartialEq<&str> for Action {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The plan for one request (see the module docs).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// `create`, `update`, `deactivate`, `reactivate`, `delete`, `reject` or `noop`.
    pub action: Action,
    /// The resource type.
    pub resource_type: String,
    /// Whether the user becomes an active, billable provisioned member.
    pub billable: bool,
    /// Synced attributes that change.
    pub changes: Vec<Change>,
    /// Synced attributes the request omits; the target keeps what it has.
    pub kept: Vec<String>,
    /// Group membership changes.
    pub members: Members,
    /// Every finding (errors make the action `reject`), and coercions made on the way.
    pub issues: Vec<Issue>,
    /// The resource the target will hold (absent for reject and delete).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Value>,
    /// What the target does, in words.
    pub summary: String,
}

/// The login-email findings: checked on every plan that ends with an active user.
const LOGIN_CODES: &[&str] = &[
    "domain_not_approved",
    "no_login_email",
    "invalid_login_email",
];

/// Whether a (normalized) user is active at the end: `active` absent counts as active.
fn ends_active(resource: &Value) -> bool {
    match resource.as_object().and_then(|m| find_key(m, "active")) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.eq_ignore_ascii_case("false"),
        _ => true,
    }
}

fn error_issue(e: &Error) -> Issue {
    let loc = match e {
        Error::PatchFailed { index: Some(i), .. } => Loc::root().key("Operations").index(*i),
        _ => Loc::root(),
    };
    let mut issue = Issue::new(e.code(), Severity::Error, loc, e.to_string());
    issue.scim_type = e.scim_type().map(str::to_string);
    issue.status = Some(e.status());
    issue
}

/// What the target stores from `resource` (a user), normalized for `operation`.
pub(crate) fn view(c: &Compiled, operation: Operation, resource: &Value) -> Result<View> {
    let profile = c.profile.as_ref().ok_or_else(|| Error::InvalidOption {
        option: "profile".into(),
        message: "a view needs a profile (for example profile: \"wrike\")".into(),
    })?;
    match crate::resource::normalize(c, operation, resource)?.resource {
        Value::Object(m) => Ok(crate::profile::view::view(profile, &c.core.id, &m)),
        // normalize fails on anything but an object.
        other => Err(Error::NotAnObject {
            found: crate::json::type_name(&other),
        }),
    }
}

/// The plan for a request (see [`Validator::plan`](crate::Validator::plan)); `body` and
/// `current` are within the depth limit.
pub(crate) fn plan(
    c: &Compiled,
    operation: Operation,
    method: &str,
    body: Option<&Value>,
    current: Option<&Value>,
) -> Result<Plan> {
    let profile = c.profile.as_ref().ok_or_else(|| Error::InvalidOption {
        option: "profile".into(),
        message: "a plan needs a profile (for example profile: \"wrike\")".into(),
    })?;
    let method = method.trim().to_ascii_uppercase();
    let is_group = is_group(c);
    let mut plan = Plan {
        action: Action::Noop,
        resource_type: c.options.schema.resource_type.clone(),
        billable: false,
        changes: Vec::new(),
        kept: Vec::new(),
        members: Members::default(),
        issues: Vec::new(),
        resource: None,
        summary: String::new(),
    };
    if is_group && !profile.groups.supported {
        plan.issues.push(Issue::new(
            Code::GroupsNotSupported,
            Severity::Error,
            Loc::root(),
            format!("the {} profile does not provision groups", profile.name),
        ));
        return Ok(reject(plan));
    }
    let body_required = |what: &str| Error::InvalidOption {
        option: "body".into(),
        message: format!("{what} needs a request body"),
    };
    let current_required = || Error::InvalidOption {
        option: "current".into(),
        message: "a PATCH plan needs `current`, the resource the target holds".into(),
    };
    match method.as_str() {
        "DELETE" => {
            if is_group {
                plan.action = Action::Delete;
                plan.summary = match profile.groups.on_remove.as_str() {
                    "disable" => "group disabled".into(),
                    "remove" => "group removed".into(),
                    _ => "group removed or disabled".into(),
                };
                if let Some(Value::Object(cur)) = current {
                    plan.members.removed = crate::patch::member_ids(cur);
                }
            } else {
                plan.action = Action::Deactivate;
                plan.summary = "user deactivated (users are deactivated, not deleted)".into();
                if let Some(cur) = current {
                    let before = view(c, operation, cur)?;
                    if !before.active {
                        plan.action = Action::Noop;
                        plan.summary = "user already inactive".into();
                    }
                }
            }
            Ok(plan)
        }
        "POST" | "PUT" => {
            let body = body.ok_or_else(|| body_required(&method))?;
            let op = if method == "POST" {
                Operation::Create
            } else {
                Operation::Replace
            };
            // One walk of the body: its findings and its normalized form.
            let (report, normalized) = crate::resource::check_and_normalize(c, op, body)?;
            finish(
                c,
                operation,
                plan,
                &method,
                &report,
                After::Resource(normalized.resource),
                current,
                method == "PUT",
            )
        }
        "PATCH" => {
            let body = body.ok_or_else(|| body_required("PATCH"))?;
            let cur = current.ok_or_else(current_required)?;
            // A user's view needs the result normalized: the walk that re-checks it makes it.
            let applied = if is_group {
                crate::patch::apply(c, cur, body).map(|p| (p, None))
            } else {
                crate::patch::apply_normalized(c, cur, body, operation).map(|(p, n)| (p, Some(n)))
            };
            match applied {
                Err(e @ Error::PatchFailed { .. }) => {
                    plan.issues.push(error_issue(&e));
                    // Every problem, each located in the request, after the summary.
                    if let Error::PatchFailed { issues, .. } = e {
                        plan.issues.extend(issues);
                    }
                    Ok(reject(plan))
                }
                Err(e) => Err(e),
                Ok((patched, normalized)) => {
                    let mut report = patched.report.clone();
                    report.issues.extend(
                        patched
                            .changes
                            .iter()
                            .filter(|c| c.severity == Severity::Warning)
                            .cloned(),
                    );
                    plan.members = patched.members.clone();
                    let after = match normalized {
                        Some(view) => After::Patched {
                            resource: patched.resource,
                            view,
                        },
                        None => After::Resource(patched.resource),
                    };
                    finish(c, operation, plan, "PATCH", &report, after, current, false)
                }
            }
        }
        other => Err(Error::InvalidOption {
            option: "method".into(),
            message: format!("{other:?} is not POST, PUT, PATCH or DELETE"),
        }),
    }
}

/// The resource a request leaves in the target, and its normalized form for the view.
enum After {
    /// A resource whose view is taken as it is: a POST or PUT body already normalized, or a
    /// group's PATCH result (groups have no view).
    Resource(Value),
    /// A PATCH result (readOnly attributes of the stored resource kept) and the same
    /// normalized for the validator's operation.
    Patched {
        resource: Value,
        view: Map<String, Value>,
    },
}

#[allow(clippy::too_many_arguments)]
fn finish(
    c: &Compiled,
    operation: Operation,
    mut plan: Plan,
    method: &str,
    report: &Report,
    after: After,
    current: Option<&Value>,
    full_body: bool,
) -> Result<Plan> {
    let (mut after_res, after_view) = match after {
        After::Resource(resource) => (resource, None),
        After::Patched { resource, view } => (resource, Some(view)),
    };
    if method == "PUT" {
        keep_identity(&mut after_res, current);
    }
    let is_group = is_group(c);
    let mut issues = report.issues.clone();
    // The login email and its domain are checked on every plan that ends with an active
    // user (a reactivation makes the user billable again); a deactivation is never blocked.
    if method != "POST" && !is_group && !ends_active(&after_res) {
        issues.retain(|i| !LOGIN_CODES.contains(&i.code.as_str()));
    }
    if method != "POST" {
        // On an update an absent user type is not a default: the target keeps what it has.
        issues.retain(|i| i.code != Code::UserTypeDefaulted);
    }
    if !is_group {
        if let Some(profile) = &c.profile {
            relax_not_stored(c, profile, &mut issues);
            let map = match (&after_view, &after_res) {
                (Some(m), _) | (None, Value::Object(m)) => Some(m),
                _ => None,
            };
            if let Some(m) = map {
                issues.extend(not_synced(c, profile, m, current, method));
            }
        }
    }
    let valid = !issues.iter().any(|i| i.severity == Severity::Error);
    plan.issues = issues;
    if !valid {
        return Ok(reject(plan));
    }
    if is_group {
        let after_members = match &after_res {
            Value::Object(m) => crate::patch::member_ids(m),
            _ => Vec::new(),
        };
        if method == "POST" {
            plan.members.added = after_members;
        } else if method == "PUT" {
            if let Some(Value::Object(cur)) = current {
                let before = crate::patch::member_ids(cur);
                let before_set: std::collections::HashSet<&String> = before.iter().collect();
                let after_set: std::collections::HashSet<&String> = after_members.iter().collect();
                plan.members.added = after_members
                    .iter()
                    .filter(|m| !before_set.contains(m))
                    .cloned()
                    .collect();
                plan.members.removed = before
                    .iter()
                    .filter(|m| !after_set.contains(m))
                    .cloned()
                    .collect();
            }
        }
        let name = |r: Option<&Value>| {
            r.and_then(Value::as_object)
                .and_then(|m| find_key(m, "displayName"))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let (from, to) = (name(current), name(Some(&after_res)));
        if from != to {
            plan.changes.push(Change {
                attribute: "displayName".into(),
                from,
                to,
            });
        }
        plan.action = if method == "POST" {
            Action::Create
        } else if plan.changes.is_empty()
            && plan.members.added.is_empty()
            && plan.members.removed.is_empty()
        {
            Action::Noop
        } else {
            Action::Update
        };
        plan.summary = match plan.action.as_str() {
            "create" => format!("group created with {} member(s)", plan.members.added.len()),
            "noop" => "nothing changes".into(),
            _ => format!(
                "group updated: {} membership(s) added, {} removed",
                plan.members.added.len(),
                plan.members.removed.len()
            ),
        };
        plan.resource = Some(after_res);
        return Ok(plan);
    }
    let profile = c.profile.as_ref().ok_or_else(|| Error::InvalidOption {
        option: "profile".into(),
        message: "a plan needs a profile".into(),
    })?;
    // The view of the normalized result (normalizing it again would change nothing).
    let after = match (&after_view, &after_res) {
        (Some(m), _) | (None, Value::Object(m)) => {
            crate::profile::view::view(profile, &c.core.id, m)
        }
        (None, _) => view(c, operation, &after_res)?,
    };
    let before = match current {
        Some(cur) => Some(view(c, operation, cur)?),
        None => None,
    };
    let mut names: Vec<String> = profile.synced.iter().map(|s| s.name.clone()).collect();
    names.push("userType".into());
    let user_type_absent = after.user_type_defaulted && method != "POST";
    let omitted: Vec<&str> = after.omitted.iter().map(String::as_str).collect();
    for name in &names {
        let from = before.as_ref().map_or(Value::Null, |b| b.get(name).clone());
        let to = after.get(name).clone();
        if name == "userType" && user_type_absent {
            if full_body {
                plan.kept.push(name.clone());
            }
            continue;
        }
        if full_body || method == "POST" {
            if omitted.contains(&name.as_str()) {
                if method != "POST" {
                    plan.kept.push(name.clone());
                }
                continue;
            }
        } else if to.is_null() && from.is_null() {
            continue;
        }
        if from != to {
            plan.changes.push(Change {
                attribute: name.clone(),
                from,
                to,
            });
        }
    }
    let empty = Map::new();
    let before_custom = before.as_ref().map_or(&empty, |b| &b.custom_fields);
    for (k, v) in &after.custom_fields {
        let from = before_custom.get(k).cloned().unwrap_or(Value::Null);
        if &from != v {
            plan.changes.push(Change {
                attribute: k.clone(),
                from,
                to: v.clone(),
            });
        }
    }
    let active_after = after.active;
    let active_before = before.as_ref().map(|b| b.active);
    plan.action = match (method, active_before, active_after) {
        ("POST", _, _) => Action::Create,
        (_, Some(true), false) => Action::Deactivate,
        (_, Some(false), true) => Action::Reactivate,
        _ if plan.changes.is_empty() => Action::Noop,
        _ => Action::Update,
    };
    plan.billable = profile.billable_on_provision
        && active_after
        && (plan.action == "create" || plan.action == "reactivate");
    plan.summary = match plan.action.as_str() {
        "create" if active_after => format!(
            "user created as {} and billable at once",
            after.user_type.as_str().unwrap_or("")
        ),
        "create" => "user created inactive".into(),
        "deactivate" => "user deactivated".into(),
        "reactivate" => "user reactivated and billable again".into(),
        "noop" => "nothing changes".into(),
        _ => format!("{} attribute(s) updated", plan.changes.len()),
    };
    plan.resource = Some(after_res);
    Ok(plan)
}

/// In lenient mode and under the IdP presets, nothing the target does not store may block the
/// user: an error located in an attribute the profile neither syncs nor needs becomes a warning
/// (its code kept, its message saying so). Strict RFC mode is unchanged.
fn relax_not_stored(c: &Compiled, profile: &crate::profile::Profile, issues: &mut [Issue]) {
    let relaxed = c.options.rules.mode == Mode::Lenient || c.dialect != Dialect::default();
    if !relaxed {
        return;
    }
    for i in issues.iter_mut() {
        if i.severity == Severity::Error && !profile.stores(&c.core.id, &i.loc) {
            i.severity = Severity::Warning;
            i.scim_type = None;
            i.status = None;
            i.message = format!(
                "{} (not stored by the target: a warning, it does not block the user)",
                i.message
            );
        }
    }
}

/// The `not_synced` findings of a plan: what the request gives that the target drops, once
/// each. For a PATCH, only what the PATCH changed.
fn not_synced(
    c: &Compiled,
    profile: &crate::profile::Profile,
    after: &Map<String, Value>,
    before: Option<&Value>,
    method: &str,
) -> Vec<Issue> {
    let before = before.and_then(Value::as_object);
    profile
        .not_synced(&c.core.id, after)
        .into_iter()
        .filter(|loc| {
            method != "PATCH" || before.is_none_or(|b| value_at(b, loc) != value_at(after, loc))
        })
        .map(|loc| {
            let message = format!("{loc} is not stored by the target: it is dropped");
            Issue::new(Code::NotSynced, Severity::Info, loc, message)
        })
        .collect()
}

/// The value at a location of keys (case-insensitive), if any.
fn value_at<'a>(map: &'a Map<String, Value>, loc: &Loc) -> Option<&'a Value> {
    let mut here: Option<&Value> = None;
    for segment in loc.segments() {
        let crate::loc::Segment::Key(k) = segment else {
            return None;
        };
        here = match here {
            None => find_key(map, k),
            Some(Value::Object(m)) => find_key(m, k),
            Some(_) => None,
        };
        here?;
    }
    here
}

/// A PUT replaces what the client may write; the body's `id` and `meta` are readOnly and ignored
/// (RFC 7644 §3.5.1, RFC 7643 §3.1), so the resource the target keeps has the stored `id` and
/// `meta` (under their canonical names), never none.
fn keep_identity(after: &mut Value, current: Option<&Value>) {
    let (Value::Object(out), Some(Value::Object(cur))) = (after, current) else {
        return;
    };
    for name in ["id", "meta"] {
        out.retain(|k, _| !k.eq_ignore_ascii_case(name));
        if let Some(v) = find_key(cur, name) {
            out.insert(name.to_string(), v.clone());
        }
    }
}

/// Whether the resource type is group-like: it has `members` and no `userName`.
fn is_group(c: &Compiled) -> bool {
    c.core.attribute("members").is_some() && c.core.attribute("userName").is_none()
}

fn reject(mut plan: Plan) -> Plan {
    plan.action = Action::Reject;
    plan.billable = false;
    plan.changes.clear();
    plan.kept.clear();
    plan.members = Members::default();
    plan.resource = None;
    let n = plan
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    plan.summary = format!("rejected: {n} error(s)");
    plan
}
