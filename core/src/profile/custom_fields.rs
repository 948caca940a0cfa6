//! Wrike user custom fields as SCIM attributes of the Wrike extension:
//! `urn:ietf:params:scim:schemas:extension:wrike:2.0:User:<FIELD_ID>_<Normalized_Title>`.
//!
//! ## Title normalization
//! Wrike's documentation says: spaces become `_`, special characters are removed. scimgate
//! defines every case:
//! 1. Latin letters with diacritics fold to their base letters (`é` → `e`, `Å` → `A`, `ß` → `ss`,
//!    `Æ` → `AE`, `ø` → `o`, `ł` → `l`), keeping case.
//! 2. Any run of whitespace (spaces, tabs, no-break spaces) becomes one `_`.
//! 3. ASCII letters, digits and `_` are kept; every other character (punctuation, `-`, symbols,
//!    emoji, non-Latin scripts) is removed.
//! 4. Runs of `_` collapse to one, and leading and trailing `_` are trimmed.
//! 5. If nothing is left, the attribute is the field id alone.
//!
//! So `"  Completed   Induction! "` → `Completed_Induction`, `"Año fiscal (2024)"` →
//! `Ano_fiscal_2024`, `"入社日"` → `` (empty: attribute `IEAGWMBBJUAK4G7J`).

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// A user custom field from Wrike's API (`GET /api/v4/customfields?applicableEntityTypes=[User]`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CustomField {
    /// Wrike field id: 16 upper-case letters and digits.
    pub id: String,
    /// The field's title as Wrike shows it.
    pub title: String,
    /// Wrike field type (`Text`, `Numeric`, `Currency`, `Percentage`, `Date`, `Checkbox`,
    /// `DropDown`, ...); empty when unknown.
    #[serde(rename = "type")]
    pub kind: String,
    /// For `DropDown` fields: the allowed values (empty: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl CustomField {
    /// The SCIM attribute name: `<id>_<normalized title>`.
    pub fn attribute(&self) -> String {
        attribute_name(&self.id, &self.title)
    }
}

/// Whether `id` has the shape of a Wrike id: exactly 16 characters, upper-case ASCII letters and
/// digits.
pub fn is_field_id(id: &str) -> bool {
    id.len() == 16
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Normalize a custom-field title into the attribute-name part (see the module docs).
pub fn normalize_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut pending_sep = false;
    for c in title.chars() {
        if c.is_whitespace() || c == '_' {
            pending_sep = true;
            continue;
        }
        let mut push = |s: &str| {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.push_str(s);
        };
        if c.is_ascii_alphanumeric() {
            let mut buf = [0u8; 4];
            push(c.encode_utf8(&mut buf));
        } else if let Some(folded) = fold_latin(c) {
            push(folded);
        }
        // Anything else is removed (and does not separate words).
    }
    out
}

/// The attribute name for a field: `IEAGWMBBJUAK4G7J_Completed_Induction`, or the id alone when
/// the title normalizes to nothing.
pub fn attribute_name(id: &str, title: &str) -> String {
    let t = normalize_title(title);
    if t.is_empty() {
        id.to_string()
    } else {
        format!("{id}_{t}")
    }
}

/// The attribute name for a field after checking the id; see [`attribute_name`].
///
/// ```
/// assert_eq!(
///     scimgate::custom_field_attribute("IEAGWMBBJUAK4G7J", "Completed Induction").unwrap(),
///     "IEAGWMBBJUAK4G7J_Completed_Induction"
/// );
/// ```
pub fn custom_field_attribute(id: &str, title: &str) -> Result<String> {
    if !is_field_id(id) {
        return Err(Error::InvalidCustomField {
            message: format!(
                "{} is not a Wrike field id (16 upper-case letters and digits)",
                Value::from(id)
            ),
        });
    }
    if id.as_bytes()[0].is_ascii_digit() {
        return Err(Error::InvalidCustomField {
            message: format!(
                "field id {id} starts with a digit, so \"{}\" would not be a valid SCIM attribute name (RFC 7643 §2.1: names start with a letter)",
                attribute_name(id, title)
            ),
        });
    }
    Ok(attribute_name(id, title))
}

/// The fully-qualified attribute of a custom field in the Wrike extension (or `extension`, when
/// given): `urn:ietf:params:scim:schemas:extension:wrike:2.0:User:IEAGWMBBJUAK4G7J_Completed_Induction`
/// — the name to enter in an IdP's attribute list.
///
/// ```
/// assert_eq!(
///     scimgate::custom_field_urn("IEAGWMBBJUAK4G7J", "Completed Induction", None).unwrap(),
///     "urn:ietf:params:scim:schemas:extension:wrike:2.0:User:IEAGWMBBJUAK4G7J_Completed_Induction"
/// );
/// ```
pub fn custom_field_urn(id: &str, title: &str, extension: Option<&str>) -> Result<String> {
    let attr = custom_field_attribute(id, title)?;
    let ext = extension.unwrap_or(WRIKE_EXTENSION);
    let is_urn = ext.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
        && ext.len() > 4
        && !ext.chars().any(|c| c.is_whitespace() || c.is_control());
    if !is_urn {
        return Err(Error::InvalidCustomField {
            message: format!("{} is not a schema URN (urn:...)", Value::from(ext)),
        });
    }
    Ok(format!("{ext}:{attr}"))
}

/// The Wrike user extension URN (the built-in profile's `extension`).
pub const WRIKE_EXTENSION: &str = "urn:ietf:params:scim:schemas:extension:wrike:2.0:User";

/// The parts of a custom-field attribute name.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedAttribute {
    /// The schema URN, when the name was fully qualified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The field id.
    pub id: String,
    /// The normalized title part (may be empty).
    pub title: String,
}

/// Split `IEAGWMBBJUAK4G7J_Completed_Induction` (optionally prefixed by `<schema urn>:`) into
/// id and title. Fails when the id part is not 16 upper-case letters and digits.
pub fn parse_custom_field_attribute(name: &str) -> Result<ParsedAttribute> {
    let (schema, attr) = match name.rfind(':') {
        Some(i) => (Some(name[..i].to_string()), &name[i + 1..]),
        None => (None, name),
    };
    let (id, title) = match attr.split_once('_') {
        Some((id, title)) => (id, title),
        None => (attr, ""),
    };
    if !is_field_id(id) {
        return Err(Error::InvalidCustomField {
            message: format!(
                "{} does not start with a Wrike field id (16 upper-case letters and digits, then '_')",
                Value::from(attr)
            ),
        });
    }
    Ok(ParsedAttribute {
        schema,
        id: id.to_string(),
        title: title.to_string(),
    })
}

/// Read Wrike's `GET /api/v4/customfields` response (`{"data": [{"id", "title", "type", ...}]}`)
/// into a catalog. Fields whose `applicableEntityTypes` exclude `User` are skipped; a bare array
/// of fields is accepted too.
pub fn custom_fields_from_wrike(doc: &Value) -> Result<Vec<CustomField>> {
    let items = match doc {
        Value::Object(m) => match m.get("data") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(Error::InvalidCustomField {
                    message: "expected Wrike's response object with a \"data\" array".into(),
                })
            }
        },
        Value::Array(items) => items,
        _ => {
            return Err(Error::InvalidCustomField {
                message: "expected Wrike's response object with a \"data\" array".into(),
            })
        }
    };
    let mut out: Vec<CustomField> = Vec::with_capacity(items.len());
    let mut ids: std::collections::HashSet<&str> =
        std::collections::HashSet::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let bad = |what: &str| Error::InvalidCustomField {
            message: format!("data[{i}]: {what}"),
        };
        let m = item
            .as_object()
            .ok_or_else(|| bad("a field must be an object"))?;
        if let Some(Value::Array(types)) = m.get("applicableEntityTypes") {
            if !types.iter().any(|t| t.as_str() == Some("User")) {
                continue;
            }
        }
        let id = m
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("missing \"id\""))?;
        if !is_field_id(id) {
            return Err(bad(&format!(
                "{} is not a Wrike field id (16 upper-case letters and digits)",
                Value::from(id)
            )));
        }
        let title = m
            .get("title")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("missing \"title\""))?;
        if !ids.insert(id) {
            return Err(bad(&format!("field {id} is listed twice")));
        }
        let kind = m
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let settings = m.get("settings");
        let options = settings
            .and_then(|s| s.get("values").or_else(|| s.get("options")))
            .or_else(|| m.get("options"))
            .and_then(Value::as_array)
            .map(|vals| {
                vals.iter()
                    .filter_map(|v| {
                        v.as_str()
                            .or_else(|| v.get("value").and_then(Value::as_str))
                    })
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        out.push(CustomField {
            id: id.to_string(),
            title: title.to_string(),
            kind,
            options,
        });
    }
    Ok(out)
}

/// Read a catalog written by scimgate (`[{"id", "title", "type"?, "options"?}]`) or Wrike's API
/// response.
pub fn catalog_from_value(doc: &Value) -> Result<Vec<CustomField>> {
    custom_fields_from_wrike(doc)
}

/// Why `value` does not fit a field of this Wrike type, or `None` when it does. IdPs send most
/// values as strings, so numeric and checkbox fields accept their string forms too.
pub fn value_problem(field: &CustomField, value: &Value) -> Option<String> {
    let kind = field.kind.to_ascii_lowercase();
    match (kind.as_str(), value) {
        (_, Value::Array(_) | Value::Object(_)) => {
            Some("a custom-field value must be a single string, number or boolean".into())
        }
        ("numeric" | "currency" | "percentage" | "duration", Value::Number(_)) => None,
        ("numeric" | "currency" | "percentage" | "duration", Value::String(s)) => {
            if s.trim().parse::<f64>().is_ok_and(f64::is_finite) {
                None
            } else {
                Some(format!(
                    "{} is not a number ({} field)",
                    Value::from(s.as_str()),
                    field.kind
                ))
            }
        }
        ("numeric" | "currency" | "percentage" | "duration", _) => {
            Some(format!("expected a number ({} field)", field.kind))
        }
        ("checkbox", Value::Bool(_)) => None,
        ("checkbox", Value::String(s))
            if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
        {
            None
        }
        ("checkbox", _) => Some("expected true or false (Checkbox field)".into()),
        ("date", Value::String(s)) => {
            let date_only = s.len() == 10 && crate::formats::is_datetime(&format!("{s}T00:00:00Z"));
            if date_only || crate::formats::is_datetime(s) {
                None
            } else {
                Some(format!(
                    "{} is not a date (YYYY-MM-DD or an RFC 3339 date-time)",
                    Value::from(s.as_str())
                ))
            }
        }
        ("date", _) => Some("expected a date string (Date field)".into()),
        ("dropdown", Value::String(s)) if !field.options.is_empty() => {
            if field.options.iter().any(|o| o == s) {
                None
            } else {
                Some(format!(
                    "{} is not one of the field's options: {}",
                    Value::from(s.as_str()),
                    field.options.join(", ")
                ))
            }
        }
        (_, Value::Bool(_)) if kind != "checkbox" && !kind.is_empty() => Some(format!(
            "expected text, found a boolean ({} field)",
            field.kind
        )),
        _ => None,
    }
}

/// The base letter(s) of a Latin letter with a diacritic, or `None`.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ď' | 'đ' | 'ð' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        for (title, want) in [
            ("Completed Induction", "Completed_Induction"),
            ("  Completed   Induction! ", "Completed_Induction"),
            ("Año fiscal (2024)", "Ano_fiscal_2024"),
            ("Straße & Côte", "Strasse_Cote"),
            ("Cost-center #", "Costcenter"),
            ("a_b  _ c", "a_b_c"),
            ("Tab\tand\u{a0}nbsp", "Tab_and_nbsp"),
            ("入社日", ""),
            ("Start 入社 date", "Start_date"),
            ("🎉 Party", "Party"),
            ("2024 Goals", "2024_Goals"),
            ("", ""),
        ] {
            assert_eq!(normalize_title(title), want, "{title:?}");
        }
    }

    #[test]
    fn attributes_and_parse() {
        assert_eq!(
            custom_field_attribute("IEAGWMBBJUAK4G7J", "Completed Induction").unwrap(),
            "IEAGWMBBJUAK4G7J_Completed_Induction"
        );
        assert_eq!(
            custom_field_attribute("IEAGWMBBJUAK4G7J", "入社日").unwrap(),
            "IEAGWMBBJUAK4G7J"
        );
        assert!(custom_field_attribute("ieagwmbbjuak4g7j", "x").is_err());
        assert!(custom_field_attribute("IEAGWMBBJUAK4G7", "x").is_err());
        assert!(custom_field_attribute("1EAGWMBBJUAK4G7J", "").is_err());
        let p = parse_custom_field_attribute(
            "urn:ietf:params:scim:schemas:extension:wrike:2.0:User:IEAGWMBBJUAK4G7J_Completed_Induction",
        )
        .unwrap();
        assert_eq!(
            p.schema.as_deref(),
            Some("urn:ietf:params:scim:schemas:extension:wrike:2.0:User")
        );
        assert_eq!(
            (p.id.as_str(), p.title.as_str()),
            ("IEAGWMBBJUAK4G7J", "Completed_Induction")
        );
        assert!(parse_custom_field_attribute("department").is_err());
        assert!(custom_field_urn("IEAGWMBBJUAK4G7J", "x", Some("")).is_err());
        assert!(custom_field_urn("IEAGWMBBJUAK4G7J", "x", Some("not a urn")).is_err());
        assert_eq!(
            custom_field_urn("IEAGWMBBJUAK4G7J", "x", Some("urn:acme:User")).unwrap(),
            "urn:acme:User:IEAGWMBBJUAK4G7J_x"
        );
        assert!(parse_custom_field_attribute("IEAGWMBBJUAK4G7_x").is_err());
    }
}
