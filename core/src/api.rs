//! The contract with the bindings: every function and [`Validator`] method the npm and pip
//! packages expose — its name, parameters, options and result type — in one table
//! ([`FUNCTIONS`]), and one entry point that runs any of them on JSON text ([`call`],
//! [`Validator::call`]), so that no binding decides how an argument is parsed, which defaults
//! apply or which error a bad argument gets. The packages' functions, classes, TypeScript
//! declarations and Python stubs are generated from this table and the result types' JSON
//! Schemas (`make generate`); a binding only turns host values into JSON text and back.
//!
//! Arguments come in two kinds. *Documents* (a resource, a PATCH body, a catalog) are handed over
//! as JSON text each ([`Doc`]), so that the bytes-in path builds no host objects and each is
//! parsed with its own limits. *Values* (a filter's text, a custom-field id, a list of approved
//! domains) come together as the JSON text of one object keyed by parameter name.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::options::Options;
use crate::validator::Validator;

/// How a parameter is handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A request document (resource, PATCH body, plan body) as its own JSON text, parsed with
    /// the options' `maxBytes` and `maxDepth`.
    Document,
    /// A reference document (`/Schemas`, a custom-field catalog, a report) as its own JSON text,
    /// parsed with the larger reference limits.
    Reference,
    /// A list of request documents: the JSON text of the whole array, or each element's text.
    Documents,
    /// Records read one at a time (see [`crate::batch`]): JSON lines or a JSON array as one
    /// text of any size (each record is held to `maxBytes`), or a list of each record's text.
    Records,
    /// A plain value inside the values object (a string, a list of strings).
    Value,
}

/// One parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Param {
    /// Its name (camelCase).
    pub name: &'static str,
    /// How it is handed over.
    pub kind: Kind,
    /// Its type, in the contract's type notation (TypeScript-like: `string`, `string[]`,
    /// `string | null`, or a type name of the schemas).
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// Whether it may be left out (`null`).
    pub optional: bool,
    /// Whether it is given by name: in JavaScript a member of the trailing `settings` object
    /// (before the options), in Python a keyword-only argument.
    pub keyword: bool,
}

/// One function of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Function {
    /// The free function's name (camelCase; Python uses its snake_case), `""` when there is
    /// only the method.
    pub name: &'static str,
    /// The [`Validator`] method's name, `""` when there is only the function.
    pub method: &'static str,
    /// Parameters, in order.
    pub params: &'static [Param],
    /// Whether it takes the options (the last argument; keyword arguments in Python).
    pub options: bool,
    /// The result type, in the contract's type notation.
    pub returns: &'static str,
    /// Whether the JavaScript function takes its parameters as one request object
    /// (`plan({method, body, current}, options)`).
    pub js_request: bool,
    /// Whether it is for the bindings' own classes only (the filter object's `matches`), not
    /// exposed as a function or method of its own.
    pub internal: bool,
    /// What it does, for the generated docs.
    pub doc: &'static str,
}

const fn doc(name: &'static str, ty: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Document,
        ty,
        optional: false,
        keyword: false,
    }
}

const fn reference(name: &'static str, ty: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Reference,
        ty,
        optional: false,
        keyword: false,
    }
}

const fn value(name: &'static str, ty: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Value,
        ty,
        optional: false,
        keyword: false,
    }
}

const fn records(name: &'static str, ty: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Records,
        ty,
        optional: false,
        keyword: false,
    }
}

const fn optional(p: Param) -> Param {
    Param {
        optional: true,
        ..p
    }
}

const fn keyword(p: Param) -> Param {
    Param { keyword: true, ..p }
}

/// Every function and method of the packages.
pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "check",
        method: "check",
        params: &[doc("resource", "Resource")],
        options: true,
        returns: "Report",
        js_request: false,
        internal: false,
        doc: "Check a resource and report every finding. Throws only for what prevents the check.",
    },
    Function {
        name: "normalize",
        method: "normalize",
        params: &[doc("resource", "Resource")],
        options: true,
        returns: "Normalized",
        js_request: false,
        internal: false,
        doc: "Rewrite a resource into canonical form, recording every change.",
    },
    Function {
        name: "loadSchemas",
        method: "",
        params: &[reference("doc", "SchemaDocuments")],
        options: false,
        returns: "LoadedSchemas",
        js_request: false,
        internal: false,
        doc: "Load schema documents (a schema, a ResourceType, a /Schemas or /ResourceTypes ListResponse, or an array of these) into a registry with the built-ins.",
    },
    Function {
        name: "toScimError",
        method: "",
        params: &[reference("value", "Report | ScimErrorPayload")],
        options: false,
        returns: "ScimErrorBody | null",
        js_request: false,
        internal: false,
        doc: "The RFC 7644 §3.12 error body for a failure or a report (null for a valid report).",
    },
    Function {
        name: "parseFilter",
        method: "parseFilter",
        params: &[value("filter", "string")],
        options: true,
        returns: "FilterInfo",
        js_request: false,
        internal: false,
        doc: "Parse an RFC 7644 §3.4.2.2 filter: its canonical text. A filter on an attribute that is never returned (password) is refused.",
    },
    Function {
        name: "matches",
        method: "matches",
        params: &[value("filter", "string"), doc("resource", "Resource")],
        options: true,
        returns: "boolean",
        js_request: false,
        internal: true,
        doc: "Whether a filter matches a resource.",
    },
    Function {
        name: "parsePath",
        method: "parsePath",
        params: &[value("path", "string")],
        options: true,
        returns: "PathInfo",
        js_request: false,
        internal: false,
        doc: "Parse an RFC 7644 §3.5.2 attribute path.",
    },
    Function {
        name: "filterResources",
        method: "filterResources",
        params: &[
            value("filter", "string"),
            Param {
                name: "resources",
                kind: Kind::Documents,
                ty: "Resource[]",
                optional: false,
                keyword: false,
            },
        ],
        options: true,
        returns: "Selection",
        js_request: false,
        internal: false,
        doc: "The resources a filter selects, in order: the answer to GET /Users?filter=... (none for Entra's random-GUID probe).",
    },
    Function {
        name: "applyPatch",
        method: "applyPatch",
        params: &[doc("resource", "Resource"), doc("patch", "PatchRequest")],
        options: true,
        returns: "Patched",
        js_request: false,
        internal: false,
        doc: "Apply a PatchOp request to a resource: all operations or none.",
    },
    Function {
        name: "checkPatch",
        method: "checkPatch",
        params: &[doc("patch", "PatchRequest")],
        options: true,
        returns: "Report",
        js_request: false,
        internal: false,
        doc: "Check a PatchOp request without applying it or needing the resource: every problem of every operation (op, path, value, mutability) and every dialect quirk it relies on, located in the request (Operations[2].path). Throws only for what prevents the check.",
    },
    Function {
        name: "customFieldAttribute",
        method: "",
        params: &[value("id", "string"), value("title", "string")],
        options: false,
        returns: "string",
        js_request: false,
        internal: false,
        doc: "The SCIM attribute name of a Wrike user custom field: <FIELD_ID>_<Normalized_Title>.",
    },
    Function {
        name: "customFieldUrn",
        method: "",
        params: &[
            value("id", "string"),
            value("title", "string"),
            optional(value("extension", "string | null")),
        ],
        options: false,
        returns: "string",
        js_request: false,
        internal: false,
        doc: "The fully-qualified attribute of a Wrike user custom field, in the Wrike extension or `extension`.",
    },
    Function {
        name: "parseCustomFieldAttribute",
        method: "",
        params: &[value("name", "string")],
        options: false,
        returns: "ParsedAttribute",
        js_request: false,
        internal: false,
        doc: "Split a custom-field attribute name (optionally prefixed by its schema URN) into id and title.",
    },
    Function {
        name: "customFieldsFromWrike",
        method: "",
        params: &[reference("response", "CustomFieldCatalog")],
        options: false,
        returns: "CustomField[]",
        js_request: false,
        internal: false,
        doc: "Read Wrike's GET /api/v4/customfields response (or a list of fields) into a catalog.",
    },
    Function {
        name: "extensionSchema",
        method: "",
        params: &[reference("catalog", "CustomFieldCatalog")],
        options: true,
        returns: "SchemaDocument",
        js_request: false,
        internal: false,
        doc: "The profile's extension schema document with the user type and one attribute per custom field of the catalog.",
    },
    Function {
        name: "checkDomain",
        method: "",
        params: &[value("address", "string"), value("approved", "string[]")],
        options: true,
        returns: "DomainCheck",
        js_request: false,
        internal: false,
        doc: "Check an email address against approved domains (the allowSubdomains option allows subdomains).",
    },
    Function {
        name: "wrikeView",
        method: "view",
        params: &[doc("resource", "Resource")],
        options: true,
        returns: "View",
        js_request: false,
        internal: false,
        doc: "What the target stores from a user (the profile option, else the default profile wrike).",
    },
    Function {
        name: "plan",
        method: "plan",
        params: &[
            value("method", "HttpMethod"),
            optional(doc("body", "Resource | PatchRequest | null")),
            optional(doc("current", "Resource | null")),
        ],
        options: true,
        returns: "Plan",
        js_request: true,
        internal: false,
        doc: "What the target does with a request: create, update, deactivate, reactivate, delete, reject or noop, and whether the user becomes billable.",
    },
    Function {
        name: "parseExpression",
        method: "",
        params: &[
            value("text", "string"),
            keyword(value("language", "ExpressionLanguage")),
        ],
        options: false,
        returns: "Expression",
        js_request: false,
        internal: false,
        doc: "Parse an attribute-mapping expression in an IdP's language (entra, okta, onelogin): its syntax tree (with byte spans) and canonical text. A text that does not parse throws InvalidExpressionError with the byte offset and what was expected.",
    },
    Function {
        name: "evaluateExpression",
        method: "",
        params: &[
            value("text", "string"),
            doc("source", "JsonObject"),
            keyword(value("language", "ExpressionLanguage")),
            keyword(optional(value("now", "string | integer"))),
            keyword(optional(value("seed", "integer"))),
        ],
        options: false,
        returns: "Evaluation",
        js_request: false,
        internal: false,
        doc: "Evaluate an expression against a directory user (Entra: attribute name to value; Okta: the roots user, appuser, source...; OneLogin: the user's fields, custom_fields and parameters): its value (null for NULL), whether the IdP would send it (flows), and failures as issues. now (RFC 3339 text or epoch milliseconds) and seed make it deterministic.",
    },
    Function {
        name: "defaultMapping",
        method: "",
        params: &[value("idp", "ExpressionLanguage")],
        options: false,
        returns: "MappingDocument",
        js_request: false,
        internal: false,
        doc: "The Wrike application's default mapping document for an IdP (entra, okta, onelogin).",
    },
    Function {
        name: "customFieldRules",
        method: "",
        params: &[reference("catalog", "JsonValue"), value("idp", "ExpressionLanguage")],
        options: false,
        returns: "MappingRule[]",
        js_request: false,
        internal: false,
        doc: "Mapping rules for Wrike's custom-field catalog (its GET /customfields response, or a list of {id, title, type}): one rule per field, targeting its attribute in the Wrike extension, with a suggested source to edit.",
    },
    Function {
        name: "mapUser",
        method: "mapUser",
        params: &[
            doc("source", "JsonObject"),
            reference("mapping", "MappingDocument"),
            keyword(optional(value("operation", "MapOperation"))),
            keyword(optional(doc("current", "Resource"))),
            keyword(optional(value("now", "string | integer"))),
            keyword(optional(value("seed", "integer"))),
        ],
        options: true,
        returns: "MapResult",
        js_request: false,
        internal: false,
        doc: "The preview of a mapping: the request the IdP sends for a directory user (POST for create; for update, against current, Entra's PATCH or Okta's and OneLogin's PUT), each target's value and what produced it, the check report, what Wrike stores (view) and the plan, under the options (approved domains, user types, custom fields; the dialect defaults to the IdP's).",
    },
    Function {
        name: "checkMany",
        method: "checkMany",
        params: &[records("records", "Resource[]")],
        options: true,
        returns: "Batch",
        js_request: false,
        internal: false,
        doc: "Check many resources: JSON lines or a JSON array (text or bytes, read one record at a time in constant memory), or a list of resources. One result per record ({index, line, valid, result: Report} or, for a record that cannot be read — invalid JSON, too large, too deep, not an object — {index, line, valid: false, error}) and a summary (records, valid, invalid, unreadable, counts by severity, code and error). Never throws for a record.",
    },
    Function {
        name: "planMany",
        method: "planMany",
        params: &[
            records("records", "Resource[]"),
            keyword(optional(value("method", "HttpMethod"))),
        ],
        options: true,
        returns: "Batch",
        js_request: false,
        internal: false,
        doc: "Plan many requests, read as checkMany reads records: each record is the body of a request with `method` (POST by default), or a request object {method, body, current} (an object with a method and no schemas). One result per record (result: Plan; valid unless the action is reject) and a summary that also counts plans by action.",
    },
];

/// A document argument as a binding hands it over.
#[derive(Debug, Clone, Copy)]
pub enum Doc<'a> {
    /// Not given (an optional parameter left out, `null`).
    Absent,
    /// Its JSON text.
    Text(&'a [u8]),
    /// For a [`Kind::Documents`] parameter given as a list: each element's JSON text.
    List(&'a [&'a [u8]]),
}

/// Which elements a filter selected.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Selection {
    /// Positions of the matching resources, in order.
    pub indexes: Vec<usize>,
    /// The matching resources themselves, when the list was given as one JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<Value>>,
}

/// A parsed filter: the text it was parsed from and its canonical text (which parses back to
/// the same filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FilterInfo {
    /// The text as given.
    pub text: String,
    /// The canonical text.
    pub canonical: String,
}

/// Run the free function `name` (see [`FUNCTIONS`]): `docs` its document parameters in order,
/// `args` the JSON text of an object of its value parameters (empty for none), `options` the JSON
/// text of its options (empty for defaults). Returns the result's JSON text.
pub fn call(name: &str, docs: &[Doc<'_>], args: &[u8], options: &[u8]) -> Result<String> {
    let read = Options::from_json(options)?;
    let given = !options.trim_ascii().is_empty()
        && serde_json::from_slice::<Value>(options)
            .ok()
            .is_none_or(|v| !v.is_null() && v.as_object().is_none_or(|m| !m.is_empty()));
    if given && FUNCTIONS.iter().any(|f| f.name == name && !f.options) {
        return Err(no_options(name));
    }
    call_with(name, docs, args, read)
}

fn no_options(name: &str) -> Error {
    Error::InvalidOption {
        option: "options".into(),
        message: format!("{name} takes no options"),
    }
}

/// [`call`] with options already read.
pub fn call_with(name: &str, docs: &[Doc<'_>], args: &[u8], options: Options) -> Result<String> {
    let f = FUNCTIONS
        .iter()
        .find(|f| !f.name.is_empty() && f.name == name)
        .ok_or_else(|| unknown(name))?;
    if !f.options && options != Options::default() {
        return Err(no_options(name));
    }
    let validator = if f.options {
        Some(Validator::compiled_for(std::borrow::Cow::Owned(options))?)
    } else {
        None
    };
    run(f, validator.as_ref(), docs, args)
}

impl Validator {
    /// Run the method `name` (see [`FUNCTIONS`]) with this validator's options: `docs` its
    /// document parameters in order, `args` the JSON text of an object of its value parameters.
    /// Returns the result's JSON text.
    pub fn call(&self, name: &str, docs: &[Doc<'_>], args: &[u8]) -> Result<String> {
        let f = FUNCTIONS
            .iter()
            .find(|f| !f.method.is_empty() && f.method == name)
            .ok_or_else(|| unknown(name))?;
        run(f, Some(self), docs, args)
    }
}

/// A document argument converted by a binding to JSON text and owned by it (so that the core
/// can run after the runtime's own values are let go, e.g. without Python's GIL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedDoc {
    /// Not given.
    Absent,
    /// Its JSON text.
    Text(Vec<u8>),
    /// A list parameter given as a list: each element's JSON text.
    List(Vec<Vec<u8>>),
}

impl OwnedDoc {
    /// Run `f` on `docs` borrowed as [`Doc`]s (what [`call`] and [`Validator::call`] take).
    pub fn with_docs<R>(docs: &[OwnedDoc], f: impl FnOnce(&[Doc<'_>]) -> R) -> R {
        let lists: Vec<Vec<&[u8]>> = docs
            .iter()
            .map(|d| match d {
                OwnedDoc::List(items) => items.iter().map(Vec::as_slice).collect(),
                _ => Vec::new(),
            })
            .collect();
        let borrowed: Vec<Doc<'_>> = docs
            .iter()
            .zip(&lists)
            .map(|(d, l)| match d {
                OwnedDoc::Absent => Doc::Absent,
                OwnedDoc::Text(t) => Doc::Text(t),
                OwnedDoc::List(_) => Doc::List(l),
            })
            .collect();
        f(&borrowed)
    }
}

/// The document parameters of the function `name` (or, with `method`, of the [`Validator`]
/// method `name`), in the order [`call`] takes them: what a binding converts to JSON text.
pub fn document_params(name: &str, method: bool) -> Result<Vec<&'static Param>> {
    let f = FUNCTIONS
        .iter()
        .find(|f| {
            !name.is_empty()
                && if method {
                    f.method == name
                } else {
                    f.name == name
                }
        })
        .ok_or_else(|| unknown(name))?;
    Ok(f.params.iter().filter(|p| p.kind != Kind::Value).collect())
}

fn unknown(name: &str) -> Error {
    Error::InvalidArgument {
        argument: "function".into(),
        message: format!("no function {name:?} in the contract"),
    }
}

/// A parameter the table does not list (never asked for by `dispatch`).
const MISSING: Param = Param {
    name: "",
    kind: Kind::Value,
    ty: "",
    optional: false,
    keyword: false,
};

/// The arguments of one call.
struct Args<'a> {
    f: &'static Function,
    docs: &'a [Doc<'a>],
    values: Map<String, Value>,
    validator: Option<&'a Validator>,
}

fn run(
    f: &'static Function,
    v: Option<&Validator>,
    docs: &[Doc<'_>],
    args: &[u8],
) -> Result<String> {
    let values = if args.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match crate::json::parse(args, crate::json::MAX_REFERENCE_BYTES, 4)? {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => {
                return Err(Error::InvalidArgument {
                    argument: "arguments".into(),
                    message: format!(
                        "expected an object, found {}",
                        crate::json::type_name(&other)
                    ),
                })
            }
        }
    };
    let a = Args {
        f,
        docs,
        values,
        validator: v,
    };
    a.dispatch()
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::InvalidArgument {
        argument: "result".into(),
        message: e.to_string(),
    })
}

impl Args<'_> {
    /// The validator (functions with options always run with one; see [`call`]).
    fn validator(&self) -> Result<&Validator> {
        self.validator.ok_or_else(|| Error::InvalidArgument {
            argument: "options".into(),
            message: format!("{} runs without options", self.f.name),
        })
    }

    fn param(&self, name: &str) -> (usize, Param) {
        let doc_index = self
            .f
            .params
            .iter()
            .filter(|p| p.kind != Kind::Value)
            .position(|p| p.name == name);
        let p = self.f.params.iter().find(|p| p.name == name);
        (
            doc_index.unwrap_or(usize::MAX),
            p.copied().unwrap_or(MISSING),
        )
    }

    /// The document parameter `name`, parsed with its kind's limits (`None` when absent).
    fn doc(&self, name: &str) -> Result<Option<Value>> {
        let (i, p) = self.param(name);
        match self.docs.get(i).copied().unwrap_or(Doc::Absent) {
            Doc::Absent if p.optional => Ok(None),
            Doc::Absent => Err(Error::InvalidArgument {
                argument: name.into(),
                message: "is required".into(),
            }),
            Doc::Text(text) => match p.kind {
                Kind::Reference => crate::json::parse_reference(text).map(Some),
                Kind::Documents => self.validator()?.options().parse_json_list(text).map(Some),
                _ => self.validator_options().parse_json(text).map(Some),
            }
            .map_err(|e| crate::json::of_argument(e, name)),
            Doc::List(items) => {
                if p.kind != Kind::Documents {
                    return Err(Error::InvalidArgument {
                        argument: name.into(),
                        message: "takes one document, not a list".into(),
                    });
                }
                let o = self.validator_options();
                items
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        o.parse_json(t)
                            .map_err(|e| crate::json::of_argument(e, &format!("{name}[{i}]")))
                    })
                    .collect::<Result<Vec<_>>>()
                    .map(|v| Some(Value::Array(v)))
            }
        }
    }

    fn required_doc(&self, name: &str) -> Result<Value> {
        self.doc(name)?.ok_or_else(|| Error::InvalidArgument {
            argument: name.into(),
            message: "is required".into(),
        })
    }

    /// The clock and seed of an expression (`now`, `seed`; the system's when absent).
    fn env(&self) -> Result<crate::expr::Env> {
        crate::expr::Env::from_options(self.values.get("now"), self.values.get("seed"))
    }

    /// The validator's options (borrowed: cloning them costs allocations on every document),
    /// else the defaults.
    fn validator_options(&self) -> std::borrow::Cow<'_, Options> {
        match self.validator {
            Some(v) => std::borrow::Cow::Borrowed(v.options()),
            None => std::borrow::Cow::Owned(Options::default()),
        }
    }

    fn string(&self, name: &str) -> Result<String> {
        match self.values.get(name) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(Error::InvalidArgument {
                argument: name.into(),
                message: format!("must be a string, found {}", crate::json::type_name(other)),
            }),
            None => Err(Error::InvalidArgument {
                argument: name.into(),
                message: "is required".into(),
            }),
        }
    }

    fn optional_string(&self, name: &str) -> Result<Option<String>> {
        match self.values.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.string(name).map(Some),
        }
    }

    fn strings(&self, name: &str) -> Result<Vec<String>> {
        match self.values.get(name) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| Error::InvalidArgument {
                            argument: format!("{name}[{i}]"),
                            message: format!(
                                "must be a string, found {}",
                                crate::json::type_name(v)
                            ),
                        })
                })
                .collect(),
            Some(other) => Err(Error::InvalidArgument {
                argument: name.into(),
                message: format!(
                    "must be a list of strings, found {}",
                    crate::json::type_name(other)
                ),
            }),
            None => Err(Error::InvalidArgument {
                argument: name.into(),
                message: "is required".into(),
            }),
        }
    }

    fn dispatch(&self) -> Result<String> {
        let key = if self.f.name.is_empty() {
            self.f.method
        } else {
            self.f.name
        };
        match key {
            "check" => {
                let v = self.validator()?;
                // JSON text: `check_json`, which validates from the token stream when it can.
                let (i, _) = self.param("resource");
                if let Some(Doc::Text(text)) = self.docs.get(i) {
                    return json(&v.check_json(text)?);
                }
                json(&v.check(&self.required_doc("resource")?)?)
            }
            "normalize" => json(
                &self
                    .validator()?
                    .normalize(&self.required_doc("resource")?)?,
            ),
            "loadSchemas" => json(&crate::load_schemas(&self.required_doc("doc")?)?.documents()),
            "toScimError" => {
                let value = self.required_doc("value")?;
                json(&crate::error::body_of(&value)?)
            }
            "parseFilter" => {
                let text = self.string("filter")?;
                let f = self.validator()?.parse_filter(&text)?;
                json(&FilterInfo {
                    canonical: f.to_string(),
                    text,
                })
            }
            "matches" => {
                let v = self.validator()?;
                let f = v.parse_filter(&self.string("filter")?)?;
                json(&f.matches(&self.required_doc("resource")?, v)?)
            }
            "parsePath" => json(&self.validator()?.parse_path(&self.string("path")?)?.info()),
            "filterResources" => {
                let v = self.validator()?;
                let filter = v.parse_filter(&self.string("filter")?)?;
                let (i, _) = self.param("resources");
                let as_text = matches!(self.docs.get(i), Some(Doc::Text(_)));
                let items = match self.required_doc("resources")? {
                    Value::Array(items) => items,
                    other => {
                        return Err(Error::InvalidArgument {
                            argument: "resources".into(),
                            message: format!(
                                "must be an array of resources, found {}",
                                crate::json::type_name(&other)
                            ),
                        })
                    }
                };
                let mut indexes = Vec::new();
                for (n, r) in items.iter().enumerate() {
                    if filter.matches(r, v)? {
                        indexes.push(n);
                    }
                }
                let resources =
                    as_text.then(|| indexes.iter().map(|&n| items[n].clone()).collect());
                json(&Selection { indexes, resources })
            }
            "applyPatch" => {
                // Both documents come from `doc`, parsed within the validator's limits.
                json(&self.validator()?.apply_patch_parsed(
                    self.required_doc("resource")?,
                    &self.required_doc("patch")?,
                )?)
            }
            "checkPatch" => json(
                &self
                    .validator()?
                    .check_patch(&self.required_doc("patch")?)?,
            ),
            "customFieldAttribute" => json(&crate::custom_field_attribute(
                &self.string("id")?,
                &self.string("title")?,
            )?),
            "customFieldUrn" => json(&crate::custom_field_urn(
                &self.string("id")?,
                &self.string("title")?,
                self.optional_string("extension")?.as_deref(),
            )?),
            "parseCustomFieldAttribute" => {
                json(&crate::parse_custom_field_attribute(&self.string("name")?)?)
            }
            "customFieldsFromWrike" => json(&crate::custom_fields_from_wrike(
                &self.required_doc("response")?,
            )?),
            "extensionSchema" => json(&crate::extension_schema(
                &self.required_doc("catalog")?,
                self.validator()?.options(),
            )?),
            "checkDomain" => {
                let o = self.validator()?.options();
                json(&crate::check_domain(
                    &self.string("address")?,
                    &self.strings("approved")?,
                    o.profile.allow_subdomains.unwrap_or(false),
                )?)
            }
            "wrikeView" | "view" => json(&self.validator()?.view(&self.required_doc("resource")?)?),
            "plan" => {
                let body = self.doc("body")?;
                let current = self.doc("current")?;
                json(&self.validator()?.plan(
                    &self.string("method")?,
                    body.as_ref(),
                    current.as_ref(),
                )?)
            }
            "parseExpression" => {
                let language = crate::expr::Language::parse(&self.string("language")?, "language")?;
                json(&crate::expr::parse_expression(
                    &self.string("text")?,
                    language,
                )?)
            }
            "evaluateExpression" => {
                let language = crate::expr::Language::parse(&self.string("language")?, "language")?;
                let env = self.env()?;
                let source = self.required_doc("source")?;
                json(&crate::expr::evaluate_expression(
                    &self.string("text")?,
                    &source,
                    language,
                    &env,
                )?)
            }
            "defaultMapping" => json(&crate::mapping::default_mapping(&self.string("idp")?)?),
            "customFieldRules" => json(&crate::mapping::custom_field_rules(
                &self.required_doc("catalog")?,
                &self.string("idp")?,
            )?),
            "mapUser" => {
                let operation = match self.optional_string("operation")? {
                    Some(o) => crate::mapping::MapOperation::parse(&o)?,
                    None => crate::mapping::MapOperation::Create,
                };
                let settings = crate::mapping::MapSettings {
                    operation,
                    env: self.env()?,
                };
                let source = self.required_doc("source")?;
                let mapping = self.required_doc("mapping")?;
                let current = self.doc("current")?;
                json(&crate::mapping::map_user(
                    &source,
                    &mapping,
                    current.as_ref(),
                    settings,
                    &self.validator_options(),
                )?)
            }
            "checkMany" => self.batch(&crate::batch::Job::Check),
            "planMany" => {
                let method = self.optional_string("method")?;
                self.batch(&crate::batch::Job::plan(
                    method.as_deref().unwrap_or("POST"),
                )?)
            }
            other => Err(unknown(other)),
        }
    }

    /// A batch over the `records` parameter: its text read as a stream, or its list's elements
    /// one record each.
    fn batch(&self, job: &crate::batch::Job) -> Result<String> {
        use crate::batch::{run_all, run_record, BatchSummary, RawRecord, Reader};
        let v = self.validator()?;
        let (i, _) = self.param("records");
        let max = v.options().limits.max_bytes;
        match self.docs.get(i).copied().unwrap_or(Doc::Absent) {
            Doc::Absent => Err(Error::InvalidArgument {
                argument: "records".into(),
                message: "is required".into(),
            }),
            Doc::Text(text) => json(&run_all(v, job, Reader::new(text, max))),
            Doc::List(items) => {
                let mut summary = BatchSummary::default();
                let records = items
                    .iter()
                    .enumerate()
                    .map(|(index, t)| {
                        let text = if t.len() > max {
                            Err(Error::PayloadTooLarge {
                                size: t.len(),
                                limit: max,
                            })
                        } else {
                            Ok(t.to_vec())
                        };
                        let r = run_record(
                            v,
                            job,
                            RawRecord {
                                index,
                                line: index + 1,
                                text,
                            },
                        );
                        summary.add(&r);
                        r
                    })
                    .collect();
                json(&crate::batch::Batch { records, summary })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_of_the_table_runs() {
        let user = br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com"}"#;
        let patch = br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"x"}]}"#;
        let catalog =
            br#"{"data":[{"id":"IEAGWMBBJUAK4G7J","title":"Induction","type":"Checkbox"}]}"#;
        let list: &[&[u8]] = &[user, b"{}"];
        let entra_user =
            br#"{"userPrincipalName":"ada@acme.com","givenName":"Ada","IsSoftDeleted":false}"#;
        let entra_mapping = crate::mapping::default_mapping("entra")
            .unwrap()
            .to_string();
        let entra_mapping = entra_mapping.as_bytes();
        for f in FUNCTIONS {
            let name = if f.name.is_empty() { f.method } else { f.name };
            let (docs, args): (Vec<Doc<'_>>, &[u8]) = match name {
                "check" | "normalize" | "wrikeView" => (vec![Doc::Text(user)], b""),
                "loadSchemas" => (vec![Doc::Text(b"[]")], b""),
                "toScimError" => (vec![Doc::Text(br#"{"valid":true,"issues":[]}"#)], b""),
                "parseFilter" | "parsePath" => {
                    (vec![], br#"{"filter":"userName pr","path":"userName"}"#)
                }
                "matches" => (vec![Doc::Text(user)], br#"{"filter":"userName pr"}"#),
                "filterResources" => (vec![Doc::List(list)], br#"{"filter":"userName pr"}"#),
                "applyPatch" => (vec![Doc::Text(user), Doc::Text(patch)], b""),
                "checkPatch" => (vec![Doc::Text(patch)], b""),
                "customFieldAttribute" | "customFieldUrn" => {
                    (vec![], br#"{"id":"IEAGWMBBJUAK4G7J","title":"Induction"}"#)
                }
                "parseCustomFieldAttribute" => (vec![], br#"{"name":"IEAGWMBBJUAK4G7J_X"}"#),
                "customFieldsFromWrike" | "extensionSchema" => (vec![Doc::Text(catalog)], b""),
                "checkDomain" => (
                    vec![],
                    br#"{"address":"a@acme.com","approved":["acme.com"]}"#,
                ),
                "plan" => (vec![Doc::Text(user), Doc::Absent], br#"{"method":"POST"}"#),
                "parseExpression" => (vec![], br#"{"text":"[givenName]","language":"entra"}"#),
                "evaluateExpression" => (
                    vec![Doc::Text(br#"{"givenName":"Ada"}"#)],
                    br#"{"text":"[givenName]","language":"entra","now":0,"seed":1}"#,
                ),
                "defaultMapping" => (vec![], br#"{"idp":"okta"}"#),
                "customFieldRules" => (vec![Doc::Text(catalog)], br#"{"idp":"entra"}"#),
                "mapUser" => (
                    vec![Doc::Text(entra_user), Doc::Text(entra_mapping), Doc::Absent],
                    br#"{"now":0,"seed":1}"#,
                ),
                "checkMany" | "planMany" => (vec![Doc::Text(user)], b""),
                other => panic!("no sample call for {other}"),
            };
            let out = call(name, &docs, args, b"").unwrap_or_else(|e| panic!("{name}: {e}"));
            serde_json::from_str::<Value>(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
            if !f.method.is_empty() {
                let v = Validator::new(Options::default()).unwrap();
                v.call(f.method, &docs, args)
                    .unwrap_or_else(|e| panic!("{}: {e}", f.method));
            }
        }
    }

    #[test]
    fn bad_arguments_are_the_cores_errors() {
        let e = call("customFieldAttribute", &[], br#"{"id":5,"title":"x"}"#, b"").unwrap_err();
        assert!(matches!(e, Error::InvalidArgument { ref argument, .. } if argument == "id"));
        let e = call("nope", &[], b"", b"").unwrap_err();
        assert!(matches!(e, Error::InvalidArgument { .. }));
        // No options, an empty object or null: none given.
        for none in [&b""[..], b"{}", b" null "] {
            call(
                "customFieldAttribute",
                &[],
                br#"{"id":"IEAGWMBBJUAK4G7J","title":"x"}"#,
                none,
            )
            .unwrap();
        }
        let e = call("check", &[Doc::Absent], b"", b"").unwrap_err();
        assert!(matches!(e, Error::InvalidArgument { ref argument, .. } if argument == "resource"));
        let e = call(
            "loadSchemas",
            &[Doc::Text(b"[]")],
            b"",
            br#"{"mode":"strict"}"#,
        )
        .unwrap_err();
        assert!(matches!(e, Error::InvalidOption { .. }));
    }
}
