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
///
/// `and` and `or` are n-ary and flat: the parser turns `a and b and c`, `(a and b) and c` and
/// `a and (b and c)` alike into `And([a, b, c])`, so it never builds a tree whose depth grows
/// with the length of the input, and the canonical text parses back to the same AST. A parsed
/// filter's `And`/`Or` has at least two operands and none of the same kind; its nesting (`not`,
/// parentheses around an `or` inside an `and`, value filters) is at most
/// [`DEPTH_CEILING`](super::DEPTH_CEILING) levels, which bounds the recursion of printing,
/// evaluating and dropping it. A hand-built AST outside these shapes still prints, to text that
/// parses to the flattened equivalent (an empty `And`/`Or` prints as nothing).
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
    /// `a and b and ...`: every operand matches.
    And(Vec<Filter>),
    /// `a or b or ...`: some operand matches.
    Or(Vec<Filter>),
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

/// Write `items` separated by `sep`; an operand for which `group` holds goes in parentheses.
fn write_operands(
    f: &mut fmt::Formatter<'_>,
    items: &[Filter],
    sep: &str,
    group: fn(&Filter) -> bool,
) -> fmt::Result {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        if group(x) {
            f.write_str("(")?;
            fmt::Display::fmt(x, f)?;
            f.write_str(")")?;
        } else {
            fmt::Display::fmt(x, f)?;
        }
    }
    Ok(())
}

impl fmt::Display for Filter {
    /// The canonical text: lower-case keywords, single spaces, JSON literals, and parentheses
    /// exactly where the tree needs them (an `or` inside an `and`), so that the text parses back
    /// to the same AST. Iterative over `and`/`or` operands; recursive only into nesting.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Compare { path, op, value } => write!(f, "{path} {} {value}", op.as_str()),
            Filter::Present { path } => write!(f, "{path} pr"),
            Filter::And(items) => write_operands(f, items, " and ", |x| matches!(x, Filter::Or(_))),
            Filter::Or(items) => write_operands(f, items, " or ", |_| false),
            Filter::Not(x) => {
                f.write_str("not (")?;
                fmt::Display::fmt(x, f)?;
                f.write_str(")")
            }
            Filter::ValuePath { path, filter } => {
                fmt::Display::fmt(path, f)?;
                f.write_str("[")?;
                fmt::Display::fmt(filter, f)?;
                f.write_str("]")
            }
        }
    }
}

/// Counts the bytes written, to measure canonical text without building it.
struct Counter(usize);

impl fmt::Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// The length in bytes of `x`'s text form, without allocating it.
pub(crate) fn display_len(x: &dyn fmt::Display) -> usize {
    let mut c = Counter(0);
    // Writing to a counter cannot fail, and the Display impls here do not fail on their own.
    let _ = fmt::write(&mut c, format_args!("{x}"));
    c.0
}
