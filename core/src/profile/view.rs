//! What the target stores from a SCIM user: the profile's synced attributes, the user type,
//! custom fields, `active` and the login email.
//!
//! Multi-valued attributes synced with `pick: primary` (phone numbers) take the element with
//! `primary: true`, else the first with `type: "work"`, else the first element; its `value` is
//! stored. An attribute synced with `pick: login` (Wrike's email) is the login email, picked by
//! the one rule in [`login`](super::login) that the domain check and the plan use too.

use serde_json::{Map, Value};

use super::login::Login;
use super::Profile;
use crate::json::find_key;

/// The value at a SCIM path of a canonical resource: `userName`, `name.givenName`,
/// `urn:...:User:department`, or a multi-valued attribute picked per `pick` (`primary`).
pub(crate) fn value_at<'m>(
    res: &'m Map<String, Value>,
    path: &str,
    pick: Option<&str>,
) -> Option<&'m Value> {
    let (container, rest): (&Map<String, Value>, &str) = match path.rfind(':') {
        Some(i) => (find_key(res, &path[..i])?.as_object()?, &path[i + 1..]),
        None => (res, path),
    };
    let (name, sub) = match rest.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (rest, None),
    };
    let v = find_key(container, name)?;
    let v = match (v, pick) {
        (Value::Array(items), Some(_)) => pick_primary(items)?,
        (v, _) => v,
    };
    let v = match (v, sub, pick) {
        (Value::Object(o), Some(s), _) => find_key(o, s)?,
        (Value::Object(o), None, Some(_)) => find_key(o, "value")?,
        (v, None, _) => v,
        _ => return None,
    };
    (!v.is_null()).then_some(v)
}

/// The element a profile stores from a multi-valued attribute: the one with `primary: true`
/// (or the string `"true"`, as some IdPs send it), else the first of type `work`, else the
/// first. The login email is picked from `emails` by the same rule.
pub fn pick_primary(items: &[Value]) -> Option<&Value> {
    super::login::pick_index(items).map(|i| &items[i])
}

/// Build the view of a canonical (normalized) user; `core` is the core schema URN.
pub(crate) fn view(profile: &Profile, core: &str, res: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    let mut omitted = Vec::new();
    let login = super::login::login_email(&profile.login_email, core, res);
    let login_address = match &login {
        Login::Address { address, .. } => Some(Value::String((*address).to_string())),
        _ => None,
    };
    for s in &profile.synced {
        let value = if s.pick.as_deref() == Some("login") {
            login_address.as_ref()
        } else {
            value_at(res, &s.path, s.pick.as_deref())
        };
        match value {
            Some(v) => {
                out.insert(s.name.clone(), v.clone());
            }
            None => {
                out.insert(s.name.clone(), Value::Null);
                omitted.push(Value::String(s.name.clone()));
            }
        }
    }
    let types = &profile.user_types;
    let (user_type, defaulted) = match super::check::user_type(profile, res, false) {
        Some((_, Value::String(s))) if !s.trim().is_empty() => (
            Value::String(
                types
                    .resolve(s)
                    .map(str::to_string)
                    .unwrap_or_else(|| s.clone()),
            ),
            false,
        ),
        Some((_, v)) if !v.is_null() => (v.clone(), false),
        _ => (Value::String(types.default.clone()), true),
    };
    out.insert("userType".into(), user_type);
    out.insert("userTypeDefaulted".into(), Value::Bool(defaulted));
    let mut custom = Map::new();
    if let Some(Value::Object(ext)) = find_key(res, &profile.extension) {
        for (k, v) in ext {
            if k.eq_ignore_ascii_case(&types.attribute) || v.is_null() {
                continue;
            }
            if super::check::looks_like_custom_field(k) {
                custom.insert(k.clone(), v.clone());
            }
        }
    }
    out.insert("customFields".into(), Value::Object(custom));
    let active = match find_key(res, "active") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.eq_ignore_ascii_case("false"),
        _ => true,
    };
    out.insert("active".into(), Value::Bool(active));
    match login {
        Login::Address { path, address } => {
            out.insert("loginEmail".into(), Value::String(address.to_string()));
            out.insert("loginEmailSource".into(), Value::String(path));
        }
        _ => {
            out.insert("loginEmail".into(), Value::Null);
            out.insert("loginEmailSource".into(), Value::Null);
        }
    }
    out.insert("omitted".into(), Value::Array(omitted));
    Value::Object(out)
}
