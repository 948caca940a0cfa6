//! What the target stores from a SCIM user: the profile's synced attributes, the user type,
//! custom fields, `active` and the login email.
//!
//! Multi-valued attributes synced with `pick: primary` (phone numbers) take the element with
//! `primary: true`, else the first with `type: "work"`, else the first element; its `value` is
//! stored. An attribute synced with `pick: login` (Wrike's email) is the login email, picked by
//! the one rule in [`login`](super::login) that the domain check and the plan use too.

use serde::Serialize;
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

/// What the target stores from a user: the profile's synced attributes, the user type, custom
/// fields, `active` and the login email. Serializes as one flat object (`{"userName": ...,
/// "email": ..., "userType": ..., "loginEmail": ..., "omitted": [...]}`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// The profile's synced attributes by their names in the view (`userName`, `email`,
    /// `department`, ...), in the profile's order; `null` when the payload omits one.
    #[serde(flatten)]
    pub synced: Map<String, Value>,
    /// The user type in canonical spelling (the default when the payload has none).
    pub user_type: Value,
    /// Whether the payload had no user type and the default applies.
    pub user_type_defaulted: bool,
    /// Custom-field attributes of the profile's extension and their values.
    pub custom_fields: Map<String, Value>,
    /// Whether the user is active (absent means active).
    pub active: bool,
    /// The login email (see [`login`](super::login)), or `None` when there is none.
    pub login_email: Option<String>,
    /// Where the login email came from (`userName`, `emails[0].value`).
    pub login_email_source: Option<String>,
    /// Synced attributes the payload omits: the target keeps what it has.
    pub omitted: Vec<String>,
    /// Paths of what the payload gives and the target does not store (it drops them): attributes
    /// the profile does not sync (`nickName`, `addresses`, the enterprise `manager`) and
    /// sub-attributes of ones it syncs only in part (`name.formatted`). Never dropped silently.
    pub not_synced: Vec<String>,
}

impl View {
    /// A synced attribute, or `userType`, by its name in the view (`Null` when unknown).
    pub fn get(&self, name: &str) -> &Value {
        if name == "userType" {
            return &self.user_type;
        }
        self.synced.get(name).unwrap_or(&Value::Null)
    }
}

/// Build the view of a canonical (normalized) user; `core` is the core schema URN.
pub(crate) fn view(profile: &Profile, core: &str, res: &Map<String, Value>) -> View {
    let mut synced = Map::new();
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
        if let Some(v) = value {
            synced.insert(s.name.clone(), v.clone());
        } else {
            synced.insert(s.name.clone(), Value::Null);
            omitted.push(s.name.clone());
        }
    }
    let types = &profile.user_types;
    let (user_type, user_type_defaulted) = match super::check::user_type(profile, res, false) {
        Some((_, Value::String(s))) if !s.trim().is_empty() => (
            Value::String(types.resolve(s).map_or_else(|| s.clone(), str::to_string)),
            false,
        ),
        Some((_, v)) if !v.is_null() => (v.clone(), false),
        _ => (Value::String(types.default.clone()), true),
    };
    let mut custom_fields = Map::new();
    if let Some(Value::Object(ext)) = find_key(res, &profile.extension) {
        for (k, v) in ext {
            if k.eq_ignore_ascii_case(&types.attribute) || v.is_null() {
                continue;
            }
            if profile.field_rules.looks_like(k) {
                custom_fields.insert(k.clone(), v.clone());
            }
        }
    }
    let active = match find_key(res, "active") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.eq_ignore_ascii_case("false"),
        _ => true,
    };
    let (login_email, login_email_source) = match login {
        Login::Address { loc, address } => (Some(address.to_string()), Some(loc.path())),
        _ => (None, None),
    };
    let not_synced = profile
        .not_synced(core, res)
        .iter()
        .map(crate::loc::Loc::path)
        .collect();
    View {
        synced,
        user_type,
        user_type_defaulted,
        custom_fields,
        active,
        login_email,
        login_email_source,
        omitted,
        not_synced,
    }
}
