//! What the target stores or needs from a user, by location: the profile's synced attributes,
//! the login-email sources, `active`, the attributes it keeps as identity (`identity`, e.g.
//! `externalId`), and its own extension (user type, custom fields). Everything else in a request
//! is dropped by the target: a plan does not let a problem there block the user (in lenient mode
//! and under the IdP presets), and the view and the plan name what is dropped (`not_synced`).

use serde_json::{Map, Value};

use super::Profile;
use crate::loc::{Loc, Segment};

/// Whether a key is a schema URN (an extension object, or the schema of a qualified name).
fn is_urn(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
}

/// A synced path (`userName`, `name.givenName`, `urn:…:User:department`) as (schema, attribute,
/// sub-attribute); the schema is `None` for the core schema.
fn split_path(path: &str) -> (Option<&str>, &str, Option<&str>) {
    let (schema, rest) = if is_urn(path) {
        match path.rfind(':') {
            Some(i) => (Some(&path[..i]), &path[i + 1..]),
            None => (None, path),
        }
    } else {
        (None, path)
    };
    match rest.split_once('.') {
        Some((attr, sub)) => (schema, attr, Some(sub)),
        None => (schema, rest, None),
    }
}

impl Profile {
    /// Whether the target stores or needs what is at `loc` in a user whose core schema is
    /// `core`. Array indexes and value filters do not matter: a synced multi-valued attribute is
    /// stored as a whole. The resource itself and `schemas` count as needed.
    pub fn stores(&self, core: &str, loc: &Loc) -> bool {
        let names: Vec<&str> = loc
            .segments()
            .iter()
            .filter_map(|s| match s {
                Segment::Key(k) => Some(k.as_str()),
                _ => None,
            })
            .collect();
        let Some((&first, rest)) = names.split_first() else {
            return true;
        };
        let (schema, names) = if is_urn(first) && !first.eq_ignore_ascii_case(core) {
            (Some(first), rest)
        } else if first.eq_ignore_ascii_case(core) {
            (None, rest)
        } else {
            (None, &names[..])
        };
        if schema.is_some_and(|s| s.eq_ignore_ascii_case(&self.extension)) {
            return true;
        }
        let Some((&attr, rest)) = names.split_first() else {
            // An extension object itself: needed when the target syncs something in it.
            return self.synced.iter().any(|s| {
                let (s_schema, _, _) = split_path(&s.path);
                s_schema.is_some_and(|x| schema.is_some_and(|y| x.eq_ignore_ascii_case(y)))
            });
        };
        if schema.is_none() {
            let always = ["schemas", "id", "meta", "active"].into_iter();
            let kept = self
                .login_email
                .iter()
                .chain(&self.identity)
                .map(String::as_str);
            if always.chain(kept).any(|n| n.eq_ignore_ascii_case(attr)) {
                return true;
            }
        }
        let sub = rest.first().copied();
        self.synced.iter().any(|s| {
            let (s_schema, s_attr, s_sub) = split_path(&s.path);
            let same_schema = match (s_schema, schema) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            };
            same_schema
                && s_attr.eq_ignore_ascii_case(attr)
                && match (s_sub, sub) {
                    (None, _) | (_, None) => true,
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                }
        })
    }

    /// The places in a normalized user that the target drops: each top-level attribute it does
    /// not store, each attribute of an extension it syncs nothing of (or only part of), and each
    /// sub-attribute of a complex attribute it syncs only part of (`name.formatted`).
    pub fn not_synced(&self, core: &str, user: &Map<String, Value>) -> Vec<Loc> {
        let mut out = Vec::new();
        for (key, value) in user {
            let here = Loc::root().key(key.clone());
            if is_urn(key) {
                if let Value::Object(inner) = value {
                    if key.eq_ignore_ascii_case(&self.extension) {
                        continue;
                    }
                    for (k, v) in inner {
                        self.collect(core, here.clone().key(k.clone()), v, &mut out);
                    }
                    continue;
                }
            }
            self.collect(core, here, value, &mut out);
        }
        out
    }

    fn collect(&self, core: &str, loc: Loc, value: &Value, out: &mut Vec<Loc>) {
        if !self.stores(core, &loc) {
            out.push(loc);
            return;
        }
        // A complex value of which the target syncs only some sub-attributes.
        if let Value::Object(subs) = value {
            for k in subs.keys() {
                let at = loc.clone().key(k.clone());
                if !self.stores(core, &at) {
                    out.push(at);
                }
            }
        }
    }
}
