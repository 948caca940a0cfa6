//! The syntax tree shared by the three expression languages. Each language parses into it and
//! prints it back in its own canonical text; the evaluators walk it. Every node carries its byte
//! span in the text it was parsed from, so an editor can highlight what produced a value or a
//! finding.

use serde::Serialize;
use serde_json::Value;

/// Byte offsets `[start, end)` of a node in the expression text.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    /// Offset of the node's first byte.
    pub start: usize,
    /// Offset just past the node's last byte.
    pub end: usize,
}

impl Span {
    /// The span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// One node of an expression.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Node {
    /// A constant: a string, number or boolean (Entra `"x"`, `12`, `&H1F`, `True`; Okta
    /// `'x'`, `12`, `true`, `null`). `raw` is the literal as written when it differs from the
    /// canonical form (a hex number, an escaped string).
    Literal {
        /// The constant's value (`null` for Okta's `null`).
        #[cfg_attr(feature = "schema", schemars(with = "serde_json::Value"))]
        value: Value,
        /// The literal as written, when printing `value` would not give it back.
        #[serde(skip_serializing_if = "Option::is_none")]
        raw: Option<String>,
        /// Where it is.
        span: Span,
    },
    /// An empty optional argument (Entra `Switch([a], , "k", "v")`).
    Missing {
        /// Where it is (an empty span at the comma).
        span: Span,
    },
    /// A source attribute: Entra `[givenName]`, Okta `user.firstName` (path `["user",
    /// "firstName"]`), OneLogin `{firstname}` or `{$user.custom_fields.cost_center}`.
    Attribute {
        /// The name's parts, from the root (one part for Entra).
        path: Vec<String>,
        /// Where it is.
        span: Span,
    },
    /// A function call: Entra `Join(", ", [a])`, Okta `String.toUpperCase(x)` (function
    /// `String.toUpperCase`), or a method on a value (Okta `user.email.substring(0, 3)`, the
    /// value in `receiver`).
    Call {
        /// The function's name as the language spells it canonically.
        function: String,
        /// The value a method is called on.
        #[serde(skip_serializing_if = "Option::is_none")]
        receiver: Option<Box<Node>>,
        /// The arguments, in order.
        args: Vec<Node>,
        /// Where it is.
        span: Span,
    },
    /// A prefix operator: `!`, `-`, `NOT`.
    Unary {
        /// The operator as the language spells it canonically.
        op: String,
        /// Its operand.
        operand: Box<Node>,
        /// Where it is.
        span: Span,
    },
    /// An infix operator: `+`, `==`, `<`, `AND`, `OR`, Okta's Elvis `?:`, Entra's comparisons
    /// inside `IIF`.
    Binary {
        /// The operator as the language spells it canonically.
        op: String,
        /// Left operand.
        left: Box<Node>,
        /// Right operand.
        right: Box<Node>,
        /// Where it is.
        span: Span,
    },
    /// `test ? then : otherwise` (Okta).
    Conditional {
        /// The condition.
        test: Box<Node>,
        /// The value when it holds.
        then: Box<Node>,
        /// The value otherwise.
        otherwise: Box<Node>,
        /// Where it is.
        span: Span,
    },
    /// A list literal (Okta `{'a', 'b'}`).
    List {
        /// The elements.
        items: Vec<Node>,
        /// Where it is.
        span: Span,
    },
    /// An element of a list (Okta `user.groups[0]`).
    Index {
        /// The list.
        target: Box<Node>,
        /// The index.
        index: Box<Node>,
        /// Where it is.
        span: Span,
    },
    /// Text with placeholders (OneLogin `{firstname}.{lastname}@acme.com`, a SCIM JSON
    /// template): the parts' texts joined.
    Template {
        /// Literal text and placeholders, in order.
        parts: Vec<Node>,
        /// Where it is.
        span: Span,
    },
}

impl Node {
    /// Where the node is in the text.
    pub fn span(&self) -> Span {
        match self {
            Node::Literal { span, .. }
            | Node::Missing { span }
            | Node::Attribute { span, .. }
            | Node::Call { span, .. }
            | Node::Unary { span, .. }
            | Node::Binary { span, .. }
            | Node::Conditional { span, .. }
            | Node::List { span, .. }
            | Node::Index { span, .. }
            | Node::Template { span, .. } => *span,
        }
    }
}
