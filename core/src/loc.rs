//! Where a finding is: a [`Loc`], the list of [`Segment`]s from the resource (or request) down to
//! the place — schema URN, attribute name, array index, PATCH value filter — and the one renderer
//! of an issue's `path` text from it.
//!
//! The walkers build locations structurally as they go (push a segment, go deeper, truncate back to
//! a mark) and never parse path text: an unknown key such as `a.b`, `urn:x:y` or `x[0]`, kept as
//! written, is one segment, which the path text alone cannot tell apart from a nested place.

use std::fmt;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

/// One step of a [`Loc`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object key: a schema URN (an extension object, or the schema of a fully-qualified
    /// attribute), an attribute name in its canonical spelling, or an unknown key as written.
    /// JSON: a string.
    Key(String),
    /// A position in an array (0-based, in the input array). JSON: an integer.
    Index(usize),
    /// The value filter of a PATCH path (`type eq "work"` in `emails[type eq "work"].value`):
    /// the elements of the attribute before it that the filter selects. JSON: the filter in
    /// brackets, `"[type eq \"work\"]"`.
    Filter(String),
}

impl Segment {
    fn as_ref(&self) -> Seg<'_> {
        match self {
            Segment::Key(k) => Seg::Key(k),
            Segment::Index(i) => Seg::Index(*i),
            Segment::Filter(f) => Seg::Filter(f),
        }
    }
}

/// A borrowed segment: what [`Trail`] holds and the renderer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
    Filter(&'a str),
}

impl Seg<'_> {
    fn owned(self) -> Segment {
        match self {
            Seg::Key(k) => Segment::Key(k.to_string()),
            Seg::Index(i) => Segment::Index(i),
            Seg::Filter(f) => Segment::Filter(f.to_string()),
        }
    }
}

/// Whether a first segment is a schema URN, whose attribute is joined with `:`.
fn is_urn(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
}

/// The one renderer of path text: keys joined with `.` — with `:` after a leading schema URN —,
/// indexes and filters in brackets. `[]` is `""`, the resource itself.
fn render<'a>(
    segments: impl IntoIterator<Item = Seg<'a>>,
    out: &mut impl fmt::Write,
) -> fmt::Result {
    let mut after_urn = false;
    for (i, s) in segments.into_iter().enumerate() {
        match s {
            Seg::Key(k) => {
                if i > 0 {
                    out.write_char(if i == 1 && after_urn { ':' } else { '.' })?;
                }
                after_urn = i == 0 && is_urn(k);
                out.write_str(k)?;
            }
            Seg::Index(n) => write!(out, "[{n}]")?,
            Seg::Filter(f) => write!(out, "[{f}]")?,
        }
    }
    Ok(())
}

/// A structured location: the segments from the resource (or, for findings about a request such
/// as a PATCH body, from the request) down to the place. Serialized as a JSON array of strings
/// and integers: `emails[1].value` is `["emails", 1, "value"]`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` is
/// `["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", "value"]`, the
/// resource itself `[]`. Its `Display` is the issue's `path` text.
///
/// ```
/// use scimgate::Loc;
/// let loc = Loc::root().key("emails").index(1).key("value");
/// assert_eq!(loc.to_string(), "emails[1].value");
/// assert_eq!(serde_json::to_value(&loc).unwrap(), serde_json::json!(["emails", 1, "value"]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Loc {
    segments: Vec<Segment>,
}

impl Loc {
    /// The resource itself (no segments; path `""`).
    pub fn root() -> Self {
        Loc::default()
    }

    /// This location with an object key appended (a schema URN, an attribute, a key as written).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.segments.push(Segment::Key(key.into()));
        self
    }

    /// This location with an array index appended.
    pub fn index(mut self, index: usize) -> Self {
        self.segments.push(Segment::Index(index));
        self
    }

    /// This location with a PATCH value filter appended (its canonical text, without brackets).
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.segments.push(Segment::Filter(filter.into()));
        self
    }

    /// Append a segment.
    pub fn push(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    /// A mark to come back to with [`Loc::truncate`]: the current number of segments.
    pub fn mark(&self) -> usize {
        self.segments.len()
    }

    /// Drop the segments after `mark`.
    pub fn truncate(&mut self, mark: usize) {
        self.segments.truncate(mark);
    }

    /// The segments, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether this is the resource itself.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// The path text (`emails[1].value`); the same as `to_string()`.
    pub fn path(&self) -> String {
        let mut s = String::with_capacity(self.segments.len() * 12);
        let _ = render(self.segments.iter().map(Segment::as_ref), &mut s);
        s
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        render(self.segments.iter().map(Segment::as_ref), f)
    }
}

impl FromIterator<Segment> for Loc {
    fn from_iter<I: IntoIterator<Item = Segment>>(iter: I) -> Self {
        Loc {
            segments: iter.into_iter().collect(),
        }
    }
}

impl Serialize for Loc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.segments.len()))?;
        for segment in &self.segments {
            match segment {
                Segment::Key(k) => seq.serialize_element(k)?,
                Segment::Index(i) => seq.serialize_element(i)?,
                Segment::Filter(f) => seq.serialize_element(&format!("[{f}]"))?,
            }
        }
        seq.end()
    }
}

/// Reads what [`Loc`]'s `Serialize` writes: integers are indexes; a string after the first
/// segment that is wrapped in brackets is a value filter; any other string is a key.
impl<'de> Deserialize<'de> for Loc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Loc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of strings and non-negative integers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loc, A::Error> {
                #[derive(Deserialize)]
                #[serde(untagged)]
                enum Item {
                    Index(usize),
                    Text(String),
                }
                let mut segments = Vec::new();
                while let Some(item) = seq.next_element::<Item>()? {
                    segments.push(match item {
                        Item::Index(i) => Segment::Index(i),
                        Item::Text(t) => {
                            match t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                                Some(inner) if !segments.is_empty() => {
                                    Segment::Filter(inner.to_string())
                                }
                                _ => Segment::Key(t),
                            }
                        }
                    });
                }
                Ok(Loc { segments })
            }
        }
        d.deserialize_seq(V)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Loc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Loc".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Where a finding is, as segments from the resource down: object keys (a schema URN, an attribute name, an unknown key as written) are strings, array indexes are integers, and a PATCH value filter is a string in brackets. `emails[1].value` is `[\"emails\", 1, \"value\"]`; the resource itself is `[]`.",
            "type": "array",
            "items": {"type": ["string", "integer"]}
        })
    }
}

/// The walkers' location while they go: borrowed segments pushed and truncated back to a mark,
/// turned into an owned [`Loc`] only when a finding is recorded.
#[derive(Debug, Clone, Default)]
pub(crate) struct Trail<'a> {
    segments: Vec<Seg<'a>>,
}

impl<'a> Trail<'a> {
    pub(crate) fn new() -> Self {
        Trail {
            segments: Vec::with_capacity(8),
        }
    }

    /// Push an object key (schema URN, attribute, key as written).
    pub(crate) fn key(&mut self, key: &'a str) {
        self.segments.push(Seg::Key(key));
    }

    /// Push an array index.
    pub(crate) fn index(&mut self, index: usize) {
        self.segments.push(Seg::Index(index));
    }

    /// The number of segments, to [`Trail::truncate`] back to.
    pub(crate) fn mark(&self) -> usize {
        self.segments.len()
    }

    pub(crate) fn truncate(&mut self, mark: usize) {
        self.segments.truncate(mark);
    }

    /// Forget every segment (back at the resource).
    pub(crate) fn clear(&mut self) {
        self.segments.clear();
    }

    pub(crate) fn segments(&self) -> &[Seg<'a>] {
        &self.segments
    }

    /// The owned location.
    pub(crate) fn loc(&self) -> Loc {
        Loc {
            segments: self.segments.iter().map(|s| s.owned()).collect(),
        }
    }

    /// The owned location with `key` appended.
    pub(crate) fn loc_with(&self, key: &str) -> Loc {
        let mut loc = Loc {
            segments: Vec::with_capacity(self.segments.len() + 1),
        };
        loc.segments.extend(self.segments.iter().map(|s| s.owned()));
        loc.segments.push(Segment::Key(key.to_string()));
        loc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    #[test]
    fn renders_today_s_path_text() {
        let cases = [
            (Loc::root(), ""),
            (Loc::root().key("userName"), "userName"),
            (Loc::root().key("name").key("givenName"), "name.givenName"),
            (
                Loc::root().key("emails").index(1).key("value"),
                "emails[1].value",
            ),
            (Loc::root().key("schemas").index(2), "schemas[2]"),
            (Loc::root().key(ENTERPRISE), ENTERPRISE),
            (
                Loc::root().key(ENTERPRISE).key("manager").key("value"),
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            ),
            (
                Loc::root()
                    .key("emails")
                    .filter("type eq \"work\"")
                    .key("value"),
                "emails[type eq \"work\"].value",
            ),
            (
                Loc::root().key("Operations").index(0).key("op"),
                "Operations[0].op",
            ),
            (Loc::root().key("a.b:c[0]"), "a.b:c[0]"),
        ];
        for (loc, path) in cases {
            assert_eq!(loc.to_string(), path);
            assert_eq!(loc.path(), path);
        }
    }

    #[test]
    fn serializes_as_strings_and_integers_and_reads_back() {
        let loc = Loc::root().key(ENTERPRISE).key("manager").key("value");
        assert_eq!(
            serde_json::to_value(&loc).unwrap(),
            json!([ENTERPRISE, "manager", "value"])
        );
        let filtered = Loc::root()
            .key("emails")
            .filter("type eq \"work\"")
            .key("value");
        let text = serde_json::to_value(&filtered).unwrap();
        assert_eq!(text, json!(["emails", "[type eq \"work\"]", "value"]));
        for loc in [
            loc,
            filtered,
            Loc::root(),
            Loc::root().key("[x]"),
            Loc::root().key("emails").index(3),
        ] {
            let back: Loc = serde_json::from_value(serde_json::to_value(&loc).unwrap()).unwrap();
            assert_eq!(back, loc);
        }
        assert!(serde_json::from_value::<Loc>(json!([-1])).is_err());
        assert!(serde_json::from_value::<Loc>(json!([true])).is_err());
        assert!(serde_json::from_value::<Loc>(json!("emails")).is_err());
    }

    #[test]
    fn an_unknown_key_with_separators_is_one_segment() {
        // The path text of these is ambiguous; the segments are not.
        let nested = Loc::root().key("a").key("b");
        let one = Loc::root().key("a.b");
        assert_eq!(nested.to_string(), one.to_string());
        assert_ne!(nested, one);
        assert_eq!(serde_json::to_value(&one).unwrap(), json!(["a.b"]));
    }

    #[test]
    fn trail_marks_and_truncates() {
        let mut t = Trail::new();
        t.key("emails");
        let m = t.mark();
        t.index(2);
        t.key("value");
        assert_eq!(t.loc(), Loc::root().key("emails").index(2).key("value"));
        t.truncate(m);
        assert_eq!(t.loc_with("x"), Loc::root().key("emails").key("x"));
        t.clear();
        assert!(t.loc().is_root());
    }
}
