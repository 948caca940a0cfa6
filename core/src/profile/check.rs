//! The profile's checks on a resource: user type, custom fields, approved domain of the login email.

use crate::codes::Code;
use serde_json::{Map, Value};

use super::Profile;
use crate::issue::{Issue, Severity};
use crate::json::find_key;
use crate::loc::Loc;

/// Findings for an attribute of the profile's extension that the schema does not define: a
/// custom field `<ID>_<Title>`. `None` when the key is not shaped like one (then it is an
/// ordinary unknown attribute).
pub(crate) fn custom_field(
    profile: &Profile,
    key: &str,
    value: &Value,
    loc: &Loc,
) -> Option<Vec<Issue>> {
    let mut out = Vec::new();
    let Ok(parsed) = profile.field_rules.parse_attribute(key) else {
        let (id, _) = key.split_once('_')?;
        out.push(Issue::new(
            Code::MalformedCustomFieldId,
            Severity::Error,
            loc.clone(),
            format!(
                "custom-field attributes are named <FIELD_ID>_<Title>; {id:?} is not {}",
                profile.field_rules.id.description
            ),
        ));
        return Some(out);
    };
    if value.is_null() {
        out.push(Issue::new(
            Code::NullValue,
            Severity::Info,
            loc.clone(),
            "null value; treated as absent",
        ));
        return Some(out);
    }
    if profile.custom_fields.is_empty() {
        // No catalog: the shape is right; nothing more can be known.
        if value.is_array() || value.is_object() {
            out.push(Issue::new(
                Code::InvalidCustomFieldValue,
                Severity::Error,
                loc.clone(),
                "a custom-field value must be a single string, number or boolean",
            ));
        }
        return Some(out);
    }
    let Some(field) = profile.custom_field(&parsed.id) else {
        out.push(Issue::new(
            Code::UnknownCustomField,
            Severity::Error,
            loc.clone(),
            format!(
                "no user custom field with id {} in the account's catalog",
                parsed.id
            ),
        ));
        return Some(out);
    };
    let expected = field.attribute();
    if !key.eq_ignore_ascii_case(&expected) {
        out.push(Issue::new(
            Code::StaleCustomFieldTitle,
            Severity::Warning,
            loc.clone(),
            format!(
                "field {} is now titled {:?}; its attribute is {expected}",
                field.id, field.title
            ),
        ));
    }
    if let Some(problem) = profile.field_rules.value_problem(field, value) {
        out.push(Issue::new(
            Code::InvalidCustomFieldValue,
            Severity::Error,
            loc.clone(),
            problem,
        ));
    }
    Some(out)
}

/// The profile's extension object of a resource, if present.
fn extension<'m>(profile: &Profile, map: &'m Map<String, Value>) -> Option<&'m Map<String, Value>> {
    find_key(map, &profile.extension).and_then(Value::as_object)
}

/// Where the user type is given, and the value: the extension object's attribute, or a
/// fully-qualified top-level key (both located at `<extension>:<attribute>`), or (`bare`) a
/// top-level key, located as written.
pub(crate) fn user_type<'m>(
    profile: &Profile,
    map: &'m Map<String, Value>,
    bare: bool,
) -> Option<(Loc, &'m Value)> {
    let attr = &profile.user_types.attribute;
    let at = || Loc::root().key(&profile.extension).key(attr);
    if let Some(v) = extension(profile, map).and_then(|ext| find_key(ext, attr)) {
        return Some((at(), v));
    }
    let qualified = format!("{}:{}", profile.extension, attr);
    if let Some(v) = find_key(map, &qualified) {
        return Some((at(), v));
    }
    if bare {
        if let Some((k, v)) = map.iter().find(|(k, _)| k.eq_ignore_ascii_case(attr)) {
            return Some((Loc::root().key(k), v));
        }
    }
    None
}

pub(crate) fn user_type_issues(
    profile: &Profile,
    map: &Map<String, Value>,
    bare: bool,
    out: &mut Vec<Issue>,
) {
    let types = &profile.user_types;
    let given = user_type(profile, map, bare).filter(|(_, v)| match v {
        Value::Null => false,
        // Entra sends "" when the source attribute is empty: no user type, so the default.
        Value::String(s) => !s.trim().is_empty(),
        _ => true,
    });
    match given {
        None | Some((_, Value::Null)) => out.push(Issue::new(
            Code::UserTypeDefaulted,
            Severity::Info,
            Loc::root().key(&profile.extension).key(&types.attribute),
            format!(
                "no user type given; the user is created as {}",
                types.default
            ),
        )),
        Some((loc, Value::String(s))) => match types.resolve(s) {
            Some(canonical) if canonical == s => {}
            Some(canonical) => {
                let via_alias = !types.values.iter().any(|v| super::fold_eq(v, s));
                out.push(Issue::new(
                    if via_alias {
                        Code::UserTypeAlias
                    } else {
                        Code::UserTypeNormalized
                    },
                    Severity::Info,
                    loc,
                    format!("{s:?} is read as the user type {canonical}"),
                ));
            }
            None => out.push(Issue::new(
                Code::UnknownUserType,
                Severity::Error,
                loc,
                format!(
                    "{s:?} is not a user type; allowed: {}",
                    types.values.join(", ")
                ),
            )),
        },
        // A non-string is reported by the schema check (invalid_type).
        Some(_) => {}
    }
}
