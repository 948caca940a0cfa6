//! The filter AST and its canonical text form.

use std::fmt;

use serde_json::Value;

/// A comparison operator (RFC 7644 §3.4.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// equal
    Eq,
    /// not equal
    Ne,
    /// contains
    Co,
    /// starts with
    Sw,
    /// ends with
    Ew,
    /// greater than
    Gt,
    /// greater than or equal
    Ge,
    /// less than
    Lt,
    /// less than or equal
    Le,
}

impl CompareOp {
    /// The lower-case operator keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    /// Parse an operator keyword, case-insensitively.
    pub fn parse(word: &str) -> Option<CompareOp> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => CompareOp::Eq,
            "ne" => CompareOp::Ne,
            "co" => CompareOp::Co,
            "sw" => CompareOp::Sw,
            "ew" => CompareOp::Ew,
            "gt" => CompareOp::Gt,
            "ge" => CompareOp::Ge,
            "lt" => CompareOp::Lt,
            "le" => CompareOp::Le,
            _ => return None,
        })
    }
}

/// An attribute path: `[urn:...:]name[.sub]`, optionally with a value filter between the name
/// and the sub-attribute (`emails[type eq "work"].value`, a PATCH path or Entra's lenient filter).
#[derive(Debug, Clone, PartialEq)]
pub struct AttrPath {
    /// The schema URN prefix, when the path is fully qualified.
    pub urn: Option<String>,
    /// The attribute name.
    pub name: String,
    /// A value filter selecting elements of a multi-valued attribute.
    pub filter: Option<Box<Filter>>,
    /// The sub-attribute.
    pub sub: Option<String>,
}

impl AttrPath {
    /// A plain path to a top-level attribute.
    pub fn attr(name: &str) -> Self {
        AttrPath {
            urn: None,
            name: name.to_string(),
            filter: None,
            sub: None,
        }
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(urn) = &self.urn {
            write!(f, "{urn}:")?;
        }
        f.write_str(&self.name)?;
        if let Some(filter) = &self.filter {
            write!(f, "[{filter}]")?;
        }
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// A filter expression (RFC 7644 §3.4.2.2).
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `path op value`
    Compare {
        /// The attribute compared.
        path: AttrPath,
        /// The operator.
        op: CompareOp,
        /// The literal: string, number, boolean or null.
        value: Value,
    },
    /// `path pr`
    Present {
        /// The attribute tested.
        path: AttrPath,
    },
    /// `a and b`
    And(Box<Filter>, Box<Filter>),
    /// `a or b`
    Or(Box<Filter>, Box<Filter>),
    /// `not (a)`
    Not(Box<Filter>),
    /// `attr[filter]`: some element of a multi-valued attribute matches the inner filter.
    ValuePath {
        /// The multi-valued attribute (no filter, no sub-attribute).
        path: AttrPath,
        /// The filter applied to each element.
        filter: Box<Filter>,
    },
}

impl Filter {
    fn precedence(&self) -> u8 {
        match self {
            Filter::Or(..) => 1,
            Filter::And(..) => 2,
            _ => 3,
        }
    }
}

fn write_operand(f: &mut fmt::Formatter<'_>, x: &Filter, min: u8) -> fmt::Result {
    if x.precedence() < min {
        write!(f, "({x})")
    } else {
        write!(f, "{x}")
    }
}

impl fmt::Display for Filter {
    /// The canonical text: lower-case keywords, single spaces, JSON string literals, and
    /// parentheses exactly where the tree needs them, so that the text parses back to the same AST.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Compare { path, op, value } => write!(f, "{path} {} {value}", op.as_str()),
            Filter::Present { path } => write!(f, "{path} pr"),
            Filter::And(a, b) => {
                write_operand(f, a, 2)?;
                f.write_str(" and ")?;
                write_operand(f, b, 3)
            }
            Filter::Or(a, b) => {
                write_operand(f, a, 1)?;
                f.write_str(" or ")?;
                write_operand(f, b, 2)
            }
            Filter::Not(x) => write!(f, "not ({x})"),
            Filter::ValuePath { path, filter } => write!(f, "{path}[{filter}]"),
        }
    }
}
