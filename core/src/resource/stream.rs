//! `check` of JSON text straight from the token stream: a serde visitor driven by the compiled
//! schema validates each value as the parser reads it, without building the document.
//!
//! The stream path proves the common case — a body whose keys are all canonical attribute names
//! of the resource type, whose values have the schema's types and formats, and which needs no
//! coercion — and gives up on anything else (any finding a value would produce, an unknown or
//! non-canonical key, a duplicate, `null`, an empty string, a parse error, a limit): then the
//! caller runs the DOM path ([`super::check`]), which produces the report or the error. Either
//! way the report is the DOM path's: what the stream path accepts produces no finding in the
//! walk of values, and the rules on the whole resource (required attributes, the profile's user
//! type and login email, required extensions) run on a small document holding only the
//! top-level values those rules read, through the walker's own code.
//!
//! Nothing is allocated per attribute on this path: keys are looked up as the parser lends
//! them (a foldhash index of the top-level names, then the schema's own look-up below), and
//! formats are checked on borrowed text. The values the whole-resource rules read (`userName`,
//! `emails`, the profile's extension, required attributes) are built as [`Value`]s.

use std::cell::Cell;
use std::fmt;
use std::hash::{BuildHasher, Hasher};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::walk::Walker;
use crate::formats::{email_problem, is_base64, is_datetime, reference_problem};
use crate::issue::Report;
use crate::loc::Loc;
use crate::options::Operation;
use crate::schema::{find_attribute, Attribute, AttributeType, Mutability, Returned, Schema};
use crate::validator::compiled::{Canonical, Compiled};

#[derive(Debug, Clone, Copy)]
struct Top {
    kind: Canonical,
    /// Position among the index's entries (to see a key twice).
    ord: usize,
    /// Whether the rules on the whole resource read this key (requests; responses).
    needed: [bool; 2],
}

/// The top-level names of a compiled validator, each as [`Compiled::classify`] reads it: built
/// once per validator, on first use.
#[derive(Debug)]
pub(crate) struct Index {
    top: foldhash::HashMap<Box<str>, Top>,
}

impl Index {
    pub(crate) fn new(c: &Compiled) -> Index {
        let common = c.registry.common();
        // The top-level names the rules on the whole resource read (see `Walker::resource_rules`).
        let mut read: Vec<&str> = c
            .core
            .attributes
            .iter()
            .filter(|a| a.required)
            .map(|a| a.name.as_str())
            .collect();
        if (c.profile.is_some() || c.domains.is_some()) && c.core.attribute("emails").is_some() {
            read.extend(
                crate::profile::login::sources(c.profile.as_ref())
                    .iter()
                    .map(String::as_str),
            );
        }
        if let Some(p) = &c.profile {
            read.push(&p.extension);
            read.push(&p.user_types.attribute);
        }
        let mut read_response = read.clone();
        read_response.push("id");
        read_response.extend(
            common
                .attributes
                .iter()
                .filter(|a| a.required)
                .map(|a| a.name.as_str()),
        );
        let reads = |list: &[&str], name: &str| list.iter().any(|r| r.eq_ignore_ascii_case(name));
        let mut top = foldhash::HashMap::default();
        for (ord, (name, kind)) in c.canonical_keys().enumerate() {
            top.insert(
                name.into(),
                Top {
                    kind,
                    ord,
                    needed: [reads(&read, name), reads(&read_response, name)],
                },
            );
        }
        Index { top }
    }
}

/// Check JSON text for `operation` from the token stream; `None` when the stream path cannot
/// prove the report (the caller then runs the DOM path, which gives the report or the error).
pub(crate) fn check(
    c: &Compiled,
    index: &Index,
    operation: Operation,
    text: &[u8],
) -> Option<Report> {
    let limits = &c.options.limits;
    if text.len() > limits.max_bytes {
        return None;
    }
    let cx = Cx {
        c,
        index,
        request: operation != Operation::Response,
        max_depth: limits.max_depth,
    };
    // UTF-8 checked once for the whole text, not string by string as the parser would.
    let text = std::str::from_utf8(text).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let found = TopSeed { cx: &cx }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    let extensions: Vec<&Schema> = c
        .extensions
        .iter()
        .enumerate()
        .filter(|(i, _)| found.present.get(*i))
        .map(|(_, (s, _))| &**s)
        .collect();
    let mut w = Walker::new(c, operation, false);
    w.resource_rules(&found.skeleton, &extensions);
    Some(Report::from_issues(w.issues))
}

struct Cx<'c> {
    c: &'c Compiled,
    index: &'c Index,
    request: bool,
    max_depth: usize,
}

/// Give up: the DOM path decides.
fn bail<T, E: de::Error>() -> Result<T, E> {
    Err(E::custom("stream path gives up"))
}

/// A set of small numbers (positions in an attribute list). Two words inline (no 128-bit shifts:
/// wasm has none), more on the heap.
#[derive(Default)]
struct Bits {
    small: [u64; 2],
    big: Vec<u64>,
}

impl Bits {
    /// Add `i`; whether it was new.
    fn insert(&mut self, i: usize) -> bool {
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        let word = if let Some(word) = self.small.get_mut(w) {
            word
        } else {
            let w = w - self.small.len();
            if self.big.len() <= w {
                self.big.resize(w + 1, 0);
            }
            &mut self.big[w]
        };
        let new = *word & bit == 0;
        *word |= bit;
        new
    }

    fn get(&self, i: usize) -> bool {
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        let word = match self.small.get(w) {
            Some(word) => Some(word),
            None => self.big.get(w - self.small.len()),
        };
        word.is_some_and(|x| x & bit != 0)
    }
}

struct Found {
    skeleton: Map<String, Value>,
    present: Bits,
}

/// `DeserializeSeed` for seeds that are their own visitor of any JSON value.
macro_rules! seeds_visit_any {
    ($($seed:ident => $out:ty),* $(,)?) => {
        $(
            impl<'de> DeserializeSeed<'de> for $seed<'_, '_> {
                type Value = $out;
                fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$out, D::Error> {
                    d.deserialize_any(self)
                }
            }
        )*
    };
}

seeds_visit_any!(TopSeed => Found, SchemasSeed => Bits, UrnSeed => usize, ExtensionSeed => ());

struct TopSeed<'a, 'c> {
    cx: &'a Cx<'c>,
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = Found;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a SCIM resource")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Found, A::Error> {
        let cx = self.cx;
        let c = cx.c;
        if cx.max_depth < 1 {
            return bail();
        }
        let response = usize::from(!cx.request);
        let mut seen = Bits::default();
        let mut declared: Option<Bits> = None;
        let mut found = Found {
            skeleton: Map::new(),
            present: Bits::default(),
        };
        while let Some((name, top)) = access.next_key_seed(TopKeySeed { index: cx.index })? {
            if !seen.insert(top.ord) {
                return bail();
            }
            let needed = top.needed[response];
            let (attr, schema) = match top.kind {
                Canonical::Schemas => {
                    declared = Some(access.next_value_seed(SchemasSeed { cx })?);
                    continue;
                }
                Canonical::Core(i) => (Some(&c.core.attributes[i]), None),
                Canonical::Common(i) => (Some(&c.registry.common().attributes[i]), None),
                Canonical::Extension(i) => {
                    found.present.insert(i);
                    (None, Some(&*c.extensions[i].0))
                }
            };
            if let Some(a) = attr {
                if c.drops_secret(a) && cx.request {
                    return bail();
                }
            }
            let check = |d: &Value| -> Result<(), serde_json::Error> {
                match (attr, schema) {
                    (Some(a), _) => attr_seed(cx, a, 1, false).deserialize(d).map(drop),
                    (_, Some(s)) => ExtensionSeed { cx, schema: s }.deserialize(d),
                    _ => Ok(()),
                }
            };
            if needed {
                let wide = Cell::new(false);
                let v =
                    access.next_value_seed(crate::json::ValueSeed::new(1, cx.max_depth, &wide))?;
                if wide.get() || check(&v).is_err() {
                    return bail();
                }
                found.skeleton.insert(name.to_string(), v);
            } else if let Some(a) = attr {
                access.next_value_seed(attr_seed(cx, a, 1, false))?;
            } else if let Some(s) = schema {
                access.next_value_seed(ExtensionSeed { cx, schema: s })?;
            }
        }
        // `schemas` must be a usable list declaring every extension present.
        let Some(declared) = declared else {
            return bail();
        };
        for i in 0..c.extensions.len() {
            if found.present.get(i) && !declared.get(i + 1) {
                return bail();
            }
        }
        Ok(found)
    }
}

/// A top-level key: its canonical name and entry, or give up.
struct TopKeySeed<'a> {
    index: &'a Index,
}

impl<'de, 'a> DeserializeSeed<'de> for TopKeySeed<'a> {
    type Value = (&'a str, Top);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'a> Visitor<'_> for TopKeySeed<'a> {
    type Value = (&'a str, Top);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match self.index.top.get_key_value(v) {
            Some((k, top)) => Ok((&**k, *top)),
            None => bail(),
        }
    }
}

/// The `schemas` list: every entry exactly the core schema's URN or one of the resource type's
/// extensions', none twice, the core schema among them. Bit 0 is the core schema, bit `i + 1`
/// the extension `i`.
struct SchemasSeed<'a, 'c> {
    cx: &'a Cx<'c>,
}

impl<'de> Visitor<'de> for SchemasSeed<'_, '_> {
    type Value = Bits;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of schema URNs")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bits, A::Error> {
        if self.cx.max_depth < 2 {
            return bail();
        }
        let mut bits = Bits::default();
        while let Some(i) = seq.next_element_seed(UrnSeed { cx: self.cx })? {
            if !bits.insert(i) {
                return bail();
            }
        }
        if !bits.get(0) {
            return bail();
        }
        Ok(bits)
    }
}

struct UrnSeed<'a, 'c> {
    cx: &'a Cx<'c>,
}

impl Visitor<'_> for UrnSeed<'_, '_> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a schema URN")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        let c = self.cx.c;
        if v == c.core.id {
            return Ok(0);
        }
        match c.extensions.iter().position(|(s, _)| s.id == v) {
            Some(i) => Ok(i + 1),
            None => bail(),
        }
    }
}

/// An extension object: its members against the schema.
struct ExtensionSeed<'a, 'c> {
    cx: &'a Cx<'c>,
    schema: &'c Schema,
}

impl<'de> Visitor<'de> for ExtensionSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an extension object")
    }
    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<(), A::Error> {
        members(
            self.cx,
            &self.schema.attributes,
            Some(self.schema),
            1,
            false,
            access,
        )
        .map(drop)
    }
}

/// What an element of a multi-valued attribute tells its list's rules: whether it is primary,
/// and a hash of its `(value, type)` key (folded as the DOM path folds it).
#[derive(Default, Clone, Copy)]
struct Out {
    empty_array: bool,
    primary: bool,
    value_hash: Option<u64>,
    type_hash: Option<u64>,
}

/// A value of `attr`: the whole value (`multi`: an array of elements), or one value.
struct ValueSeed<'a, 'c> {
    cx: &'a Cx<'c>,
    attr: &'c Attribute,
    /// Depth of the container holding this value (the resource is 1).
    depth: usize,
    multi: bool,
    /// An element of a multi-valued attribute.
    element: bool,
    /// At `emails[i].value`.
    email: bool,
    /// Hash a string value, folded unless case-exact (`Some(case_exact)`).
    hash: Option<bool>,
}

fn attr_seed<'a, 'c>(
    cx: &'a Cx<'c>,
    attr: &'c Attribute,
    depth: usize,
    email: bool,
) -> ValueSeed<'a, 'c> {
    ValueSeed {
        cx,
        attr,
        depth,
        multi: attr.multi_valued,
        element: false,
        email,
        hash: None,
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Out;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Out, D::Error> {
        // What the walk reports before looking at a value (`Walker::value`).
        let a = self.attr;
        if !self.element
            && ((self.cx.request && a.mutability == Mutability::ReadOnly)
                || (!self.cx.request && a.returned == Returned::Never))
        {
            return bail();
        }
        d.deserialize_any(self)
    }
}

/// A hash of `s` as the DOM path compares it: exactly when `case_exact`, else its lower case
/// (`str::to_lowercase`, so `K`, `k` and the Kelvin sign hash alike). Equal values hash equal;
/// a collision only sends the input to the DOM path, which decides.
fn fold_hash(s: &str, case_exact: bool) -> u64 {
    let mut h = foldhash::fast::FixedState::with_seed(0x5c1e).build_hasher();
    if case_exact {
        write_words(&mut h, s.as_bytes(), false);
    } else if s.is_ascii() {
        write_words(&mut h, s.as_bytes(), true);
    } else {
        write_words(&mut h, s.to_lowercase().as_bytes(), true);
    }
    h.finish()
}

/// Feed `bytes` to `h` eight at a time (ASCII letters lower-cased when `lower`), then their
/// count: the same bytes always make the same calls.
fn write_words(h: &mut impl Hasher, bytes: &[u8], lower: bool) {
    let word = |chunk: &[u8]| {
        let mut buf = [0u8; 8];
        buf[..chunk.len()].copy_from_slice(chunk);
        let x = u64::from_le_bytes(buf);
        if lower {
            ascii_lower_word(x)
        } else {
            x
        }
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        h.write_u64(word(chunk));
    }
    h.write_u64(word(chunks.remainder()));
    h.write_usize(bytes.len());
}

/// The eight bytes of `x` with each ASCII capital letter lower-cased (every other byte, UTF-8
/// continuation and lead bytes included, unchanged).
fn ascii_lower_word(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = x & !HIGH;
    // Per byte, the high bit of `low7 + (0x80 - 'A')` is set from 'A' up, and of
    // `low7 + (0x7f - 'Z')` from past 'Z' up (no carry crosses bytes: each sum is below 0x100).
    let from_a = low7 + ONES * u64::from(0x80 - b'A');
    let past_z = low7 + ONES * u64::from(0x7f - b'Z');
    let upper = from_a & !past_z & !x & HIGH;
    x | (upper >> 2)
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Out;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attribute value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Out, A::Error> {
        let (cx, attr) = (self.cx, self.attr);
        if !self.multi || self.depth + 1 > cx.max_depth {
            return bail();
        }
        let element = ValueSeed {
            cx,
            attr,
            depth: self.depth + 1,
            multi: false,
            element: true,
            email: false,
            hash: Some(attr.case_exact),
        };
        let mut count = 0usize;
        let mut primaries = 0usize;
        let mut keys: Vec<u64> = Vec::new();
        let mut set: foldhash::HashSet<u64> = foldhash::HashSet::default();
        while let Some(out) = seq.next_element_seed(ValueSeed { ..element })? {
            count += 1;
            primaries += usize::from(out.primary);
            if let Some(v) = out.value_hash {
                let key = v.rotate_left(17) ^ out.type_hash.unwrap_or_else(|| fold_hash("", false));
                if keys.len() < 16 {
                    if keys.contains(&key) {
                        return bail();
                    }
                    keys.push(key);
                } else {
                    if set.is_empty() {
                        set.extend(keys.iter().copied());
                    }
                    if !set.insert(key) {
                        return bail();
                    }
                }
            }
        }
        if primaries > 1 {
            return bail();
        }
        Ok(Out {
            empty_array: count == 0,
            ..Out::default()
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<Out, A::Error> {
        if self.multi || self.attr.kind != AttributeType::Complex {
            return bail();
        }
        // Elements of a multi-valued attribute hash their `value` and `type` for the list's
        // duplicate rule.
        let element = self.element;
        members(
            self.cx,
            &self.attr.sub_attributes,
            None,
            self.depth,
            element && self.attr.name == "emails",
            access,
        )
        .map(|m| if element { m } else { Out::default() })
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Out, E> {
        let attr = self.attr;
        // (`primary` as a string may count as primary in lenient mode: the DOM path decides.)
        if self.multi || s.is_empty() || attr.name == "primary" {
            return bail();
        }
        let ok = match attr.kind {
            AttributeType::String => {
                let fits = attr.canonical_values.is_empty()
                    || attr.canonical_values.iter().any(|c| {
                        if attr.case_exact {
                            c == s
                        } else {
                            c.eq_ignore_ascii_case(s) || c.to_lowercase() == s.to_lowercase()
                        }
                    });
                fits && !(self.email && email_problem(s).is_some())
            }
            AttributeType::DateTime => is_datetime(s),
            AttributeType::Binary => is_base64(s),
            AttributeType::Reference => {
                let external_only = !attr.reference_types.is_empty()
                    && attr.reference_types.iter().all(|t| t == "external");
                reference_problem(s, external_only).is_none()
            }
            _ => false,
        };
        if !ok {
            return bail();
        }
        Ok(Out {
            value_hash: self.hash.map(|exact| fold_hash(s, exact)),
            ..Out::default()
        })
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Out, E> {
        if self.multi || self.attr.kind != AttributeType::Boolean {
            return bail();
        }
        Ok(Out {
            primary: v,
            ..Out::default()
        })
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Out, E> {
        self.number()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Out, E> {
        self.number()
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Out, E> {
        // An integer literal beyond 64 bits is an error of the DOM path.
        if self.multi || self.attr.kind != AttributeType::Decimal || v.fract() == 0.0 {
            return bail();
        }
        Ok(Out::default())
    }
}

impl ValueSeed<'_, '_> {
    fn number<E: de::Error>(&self) -> Result<Out, E> {
        match self.attr.kind {
            AttributeType::Integer | AttributeType::Decimal if !self.multi => Ok(Out::default()),
            _ => bail(),
        }
    }
}

/// The key of a member of a complex value or an extension object.
enum Member<'c> {
    Attr(&'c Attribute),
    /// A key of the profile's extension that its schema does not define (a custom field).
    Custom(String),
}

struct MemberKeySeed<'a, 'c> {
    attrs: &'c [Attribute],
    extension: Option<&'c Schema>,
    custom: bool,
    _cx: &'a Cx<'c>,
}

impl<'de, 'c> DeserializeSeed<'de> for MemberKeySeed<'_, 'c> {
    type Value = Member<'c>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Member<'c>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'c> Visitor<'_> for MemberKeySeed<'_, 'c> {
    type Value = Member<'c>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Member<'c>, E> {
        // The DOM path's own look-up (`Walker::members`), in canonical spelling only.
        let found = match self.extension {
            Some(schema) => schema.attribute(key),
            None => find_attribute(self.attrs, key),
        };
        match found {
            Some(a) if a.name == key => Ok(Member::Attr(a)),
            None if self.custom => Ok(Member::Custom(key.to_string())),
            _ => bail(),
        }
    }
}

/// The members of a complex value (`extension` `None`) or of an extension object, the
/// container at `depth` (counting it); `email` when it is an element of `emails`.
fn members<'de, 'c, A: MapAccess<'de>>(
    cx: &Cx<'c>,
    attrs: &'c [Attribute],
    extension: Option<&'c Schema>,
    depth: usize,
    email: bool,
    mut access: A,
) -> Result<Out, A::Error> {
    let depth = depth + 1;
    if depth > cx.max_depth {
        return bail();
    }
    let profile = extension
        .filter(|s| cx.c.is_profile_extension(s))
        .and(cx.c.profile.as_ref());
    let mut seen = Bits::default();
    let mut customs: Vec<String> = Vec::new();
    let mut out = Out::default();
    while let Some(member) = access.next_key_seed(MemberKeySeed {
        attrs,
        extension,
        custom: profile.is_some(),
        _cx: cx,
    })? {
        let attr = match member {
            Member::Attr(a) => a,
            Member::Custom(key) => {
                let (Some(profile), Some(schema)) = (profile, extension) else {
                    return bail();
                };
                if customs.contains(&key) {
                    return bail();
                }
                let wide = Cell::new(false);
                let v = access.next_value_seed(crate::json::ValueSeed::new(
                    depth,
                    cx.max_depth,
                    &wide,
                ))?;
                let loc = Loc::root().key(&schema.id).key(&key);
                let clean = crate::profile::check::custom_field(profile, &key, &v, &loc)
                    .is_some_and(|issues| issues.is_empty());
                if wide.get() || !clean {
                    return bail();
                }
                customs.push(key);
                continue;
            }
        };
        let i = attrs.iter().position(|x| std::ptr::eq(x, attr));
        if !i.is_some_and(|i| seen.insert(i)) {
            return bail();
        }
        let value = ValueSeed {
            email: email && attr.name == "value",
            hash: match attr.name.as_str() {
                "value" => Some(attr.case_exact),
                "type" => Some(false),
                _ => None,
            },
            ..attr_seed(cx, attr, depth, false)
        };
        let got = access.next_value_seed(value)?;
        if got.empty_array && attr.required {
            return bail();
        }
        match attr.name.as_str() {
            "primary" => out.primary = got.primary,
            "value" => out.value_hash = got.value_hash,
            "type" => out.type_hash = got.value_hash,
            _ => {}
        }
    }
    // Required members (`Walker::required`): present, and not an empty list.
    for (i, a) in attrs.iter().enumerate() {
        if a.required && !(cx.request && a.mutability == Mutability::ReadOnly) && !seen.get(i) {
            return bail();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{ascii_lower_word, fold_hash, Bits};

    #[test]
    fn bits_hold_small_and_large_positions() {
        let mut bits = Bits::default();
        let some = [0, 1, 63, 64, 127, 128, 129, 191, 192, 1000];
        for &i in &some {
            assert!(!bits.get(i));
            assert!(bits.insert(i), "{i}");
            assert!(!bits.insert(i), "{i}");
        }
        for i in 0..1100 {
            assert_eq!(bits.get(i), some.contains(&i), "{i}");
        }
    }

    /// Every byte value, in every position of the word, lower-cases as `u8::to_ascii_lowercase`.
    #[test]
    fn words_lower_case_bytewise() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut bytes = *b"Az@[`{\x80\xff";
                bytes[pos] = b;
                let want = bytes.map(|c| c.to_ascii_lowercase());
                let got = ascii_lower_word(u64::from_le_bytes(bytes)).to_le_bytes();
                assert_eq!(got, want, "{b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn hashes_follow_the_dom_paths_comparison() {
        let folded = [
            ("Ada@Example.COM", "ada@example.com"),
            ("K", "\u{212a}"),
            ("ÄBCDEFGHIJ", "äbcdefghij"),
        ];
        for (a, b) in folded {
            assert_eq!(fold_hash(a, false), fold_hash(b, false), "{a} {b}");
            assert_ne!(fold_hash(a, true), fold_hash(b, true), "{a} {b}");
        }
        for (a, b) in [("a", "a\0"), ("", "\0"), ("abcdefgh", "abcdefgh\0")] {
            assert_ne!(fold_hash(a, false), fold_hash(b, false), "{a:?} {b:?}");
        }
    }
}
