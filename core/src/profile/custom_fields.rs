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

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// A user custom field from Wrike's API (`GET /api/v4/customfields?applicableEntityTypes=[User]`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CustomField {
    /// Field id, in the profile's grammar (Wrike: 16 upper-case letters and digits).
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

/// How a target names and types its custom fields: the `customFields` section of a profile
/// (`id`, `types`) beside the account's catalog. The built-in `wrike` profile holds Wrike's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldRules {
    /// The grammar of a field id.
    pub id: IdGrammar,
    /// The target's field types (`Numeric`, `Checkbox`, ...) and the kind of value each holds,
    /// matched case-insensitively. A type not listed holds text.
    pub types: BTreeMap<String, FieldClass>,
}

/// The grammar of a custom-field id: its length and the characters it is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdGrammar {
    /// Exact length in characters, or `None` for any length from 1 to 64.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
    /// The allowed ASCII characters, as ranges and single characters (`A-Z0-9`).
    pub characters: String,
    /// A noun phrase for messages: `a Wrike field id (16 upper-case letters and digits)`.
    pub description: String,
    /// `characters` as a set of ASCII bytes.
    #[serde(skip)]
    allowed: [bool; 128],
}

/// The kind of value a custom-field type holds, and so its SCIM type.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldClass {
    /// A number (or its text); SCIM `decimal`.
    Number,
    /// `true` or `false` (or their text); SCIM `boolean`.
    Boolean,
    /// A date (`YYYY-MM-DD`) or an `xsd:dateTime`; SCIM `string`.
    Date,
    /// One of the field's options; SCIM `string` with the options as canonical values.
    Choice,
    /// Text (not a boolean); SCIM `string`.
    Text,
}

impl FieldClass {
    /// The SCIM attribute type of a field of this class.
    pub fn scim_type(self) -> &'static str {
        match self {
            FieldClass::Number => "decimal",
            FieldClass::Boolean => "boolean",
            FieldClass::Date | FieldClass::Choice | FieldClass::Text => "string",
        }
    }
}

impl IdGrammar {
    /// A grammar from its data; fails (with a message) on characters that are not ASCII or a
    /// range written backwards.
    pub fn new(
        length: Option<usize>,
        characters: &str,
        description: &str,
    ) -> std::result::Result<Self, String> {
        let mut allowed = [false; 128];
        let cs: Vec<char> = characters.chars().collect();
        if cs.is_empty() {
            return Err("characters must not be empty".into());
        }
        let mut i = 0;
        while i < cs.len() {
            let (from, to) = if i + 2 < cs.len() && cs[i + 1] == '-' {
                i += 3;
                (cs[i - 3], cs[i - 1])
            } else {
                i += 1;
                (cs[i - 1], cs[i - 1])
            };
            if !from.is_ascii() || !to.is_ascii() || from > to {
                return Err(format!(
                    "{from:?}-{to:?}: characters are ASCII characters and ranges (A-Z0-9)"
                ));
            }
            for c in from..=to {
                allowed[c as usize] = true;
            }
        }
        if length == Some(0) {
            return Err("length must be at least 1".into());
        }
        Ok(IdGrammar {
            length,
            characters: characters.to_string(),
            description: description.to_string(),
            allowed,
        })
    }

    /// Whether `id` is an id of this grammar.
    pub fn matches(&self, id: &str) -> bool {
        let len_ok = match self.length {
            Some(n) => id.len() == n,
            None => (1..=64).contains(&id.len()),
        };
        len_ok
            && id
                .bytes()
                .all(|b| self.allowed.get(usize::from(b)) == Some(&true))
    }
}

impl FieldRules {
    /// The class of a field type (`None` when the type is unknown to the catalog: no check).
    pub fn class(&self, kind: &str) -> Option<FieldClass> {
        if kind.is_empty() {
            return None;
        }
        Some(
            self.types
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(kind))
                .map_or(FieldClass::Text, |(_, c)| *c),
        )
    }

    /// Whether `id` is a field id.
    pub fn is_id(&self, id: &str) -> bool {
        self.id.matches(id)
    }

    /// Whether a key is shaped like a custom-field attribute (`<ID>` or `<ID>_<Title>`).
    pub fn looks_like(&self, key: &str) -> bool {
        key.split_once('_')
            .map_or(self.is_id(key), |(id, _)| self.is_id(id))
    }

    fn not_an_id(&self, id: &str) -> String {
        format!("{} is not {}", Value::from(id), self.id.description)
    }

    /// The attribute name for a field after checking the id; see [`attribute_name`].
    pub fn attribute(&self, id: &str, title: &str) -> Result<String> {
        if !self.is_id(id) {
            return Err(Error::InvalidCustomField {
                message: self.not_an_id(id),
            });
        }
        if !id.as_bytes()[0].is_ascii_alphabetic() {
            return Err(Error::InvalidCustomField {
                message: format!(
                    "field id {id} does not start with a letter, so \"{}\" would not be a valid SCIM attribute name (RFC 7643 §2.1: names start with a letter)",
                    attribute_name(id, title)
                ),
            });
        }
        Ok(attribute_name(id, title))
    }

    /// Split `<ID>_<Title>` (optionally prefixed by `<schema urn>:`) into id and title.
    pub fn parse_attribute(&self, name: &str) -> Result<ParsedAttribute> {
        let (schema, attr) = match name.rfind(':') {
            Some(i) => (Some(name[..i].to_string()), &name[i + 1..]),
            None => (None, name),
        };
        let (id, title) = attr.split_once('_').unwrap_or((attr, ""));
        if !self.is_id(id) {
            return Err(Error::InvalidCustomField {
                message: format!(
                    "{} does not start with {}, then '_'",
                    Value::from(attr),
                    self.id.description
                ),
            });
        }
        Ok(ParsedAttribute {
            schema,
            id: id.to_string(),
            title: title.to_string(),
        })
    }
}

/// The default profile's custom-field rules (what the free functions use).
fn default_rules() -> &'static FieldRules {
    static RULES: OnceLock<FieldRules> = OnceLock::new();
    RULES.get_or_init(|| {
        super::Profile::builtin_ref(super::DEFAULT_PROFILE).map_or_else(
            |e| panic!("the default profile is invalid: {e}"),
            |p| p.field_rules.clone(),
        )
    })
}

/// Whether `id` has the shape of a field id of the default profile (Wrike: exactly 16
/// upper-case ASCII letters and digits).
pub fn is_field_id(id: &str) -> bool {
    default_rules().is_id(id)
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

/// The attribute name for a field after checking the id against the default profile's grammar;
/// see [`attribute_name`].
///
/// ```
/// assert_eq!(
///     scimgate::custom_field_attribute("IEAGWMBBJUAK4G7J", "Completed Induction").unwrap(),
///     "IEAGWMBBJUAK4G7J_Completed_Induction"
/// );
/// ```
pub fn custom_field_attribute(id: &str, title: &str) -> Result<String> {
    default_rules().attribute(id, title)
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
/// id and title. Fails when the id part is not a field id of the default profile.
pub fn parse_custom_field_attribute(name: &str) -> Result<ParsedAttribute> {
    default_rules().parse_attribute(name)
}

/// Read Wrike's `GET /api/v4/customfields` response (`{"data": [{"id", "title", "type", ...}]}`)
/// into a catalog. Fields whose `applicableEntityTypes` exclude `User` are skipped; a bare array
/// of fields is accepted too.
pub fn custom_fields_from_wrike(doc: &Value) -> Result<Vec<CustomField>> {
    read_catalog(doc, default_rules())
}

/// [`custom_fields_from_wrike`] with a profile's rules for ids.
pub(crate) fn read_catalog(doc: &Value, rules: &FieldRules) -> Result<Vec<CustomField>> {
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
        if !rules.is_id(id) {
            return Err(bad(&rules.not_an_id(id)));
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

impl FieldRules {
    /// Why `value` does not fit `field` (by the class of its type), or `None` when it does. IdPs
    /// send most values as strings, so number and boolean fields accept their text too.
    pub fn value_problem(&self, field: &CustomField, value: &Value) -> Option<String> {
        if matches!(value, Value::Array(_) | Value::Object(_)) {
            return Some("a custom-field value must be a single string, number or boolean".into());
        }
        let class = self.class(&field.kind)?;
        match (class, value) {
            (FieldClass::Number, Value::Number(_)) | (FieldClass::Boolean, Value::Bool(_)) => None,
            (FieldClass::Number, Value::String(s)) => {
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
            (FieldClass::Number, _) => Some(format!("expected a number ({} field)", field.kind)),
            (FieldClass::Boolean, Value::String(s))
                if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
            {
                None
            }
            (FieldClass::Boolean, _) => {
                Some(format!("expected true or false ({} field)", field.kind))
            }
            (FieldClass::Date, Value::String(s)) => {
                let date_only =
                    s.len() == 10 && crate::formats::is_datetime(&format!("{s}T00:00:00Z"));
                if date_only || crate::formats::is_datetime(s) {
                    None
                } else {
                    Some(format!(
                        "{} is not a date (YYYY-MM-DD or an xsd:dateTime)",
                        Value::from(s.as_str())
                    ))
                }
            }
            (FieldClass::Date, _) => Some(format!("expected a date string ({} field)", field.kind)),
            (FieldClass::Choice, Value::String(s)) if !field.options.is_empty() => {
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
            (_, Value::Bool(_)) => Some(format!(
                "expected text, found a boolean ({} field)",
                field.kind
            )),
            _ => None,
        }
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
