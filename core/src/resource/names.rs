//! One attribute under two spellings: the names met in one object, for the findings
//! ([`Sightings`]) and for the rewrite ([`Dups`]). Two distinct keys can only name one attribute
//! when at least one of them is not in the attribute's canonical spelling (or is a qualified key),
//! so an object in canonical spelling — the common case — is never hashed for it.

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::{Map, Value};

/// Check: the canonical names met in one object, to find one attribute given under two
/// spellings. The names are only listed until a key not in canonical spelling comes, and hashed
/// from then on.
pub(super) struct Sightings<'c> {
    list: Vec<Cow<'c, str>>,
    set: Option<HashSet<Cow<'c, str>>>,
}

impl<'c> Sightings<'c> {
    pub(super) fn new() -> Self {
        Sightings {
            list: Vec::new(),
            set: None,
        }
    }

    /// Record `name`; false when it was met before. `spelled` says that the key is the name
    /// itself (canonical spelling, not qualified).
    pub(super) fn first(&mut self, name: Cow<'c, str>, spelled: bool) -> bool {
        let set = match &mut self.set {
            Some(set) => set,
            None if spelled => {
                self.list.push(name);
                return true;
            }
            None => self.set.insert(self.list.drain(..).collect()),
        };
        set.insert(name)
    }
}

/// The canonical names that more than one key of an object gives. Every spelling of such a name
/// is kept as written (nothing is dropped) and each repeat recorded. Worked out on the first key
/// spelled other than its canonical name: two distinct keys can only name one attribute when at
/// least one of them is spelled otherwise, so an object in canonical spelling never pays for it.
#[derive(Default)]
pub(super) struct Dups<'c> {
    /// `None` until worked out.
    names: Option<HashSet<&'c str>>,
    /// Names of `names` already placed once.
    placed: HashSet<&'c str>,
}

impl<'c> Dups<'c> {
    /// Work the names out (once) when the key at `index` is spelled other than its canonical
    /// name. `name` gives a key's canonical name; keys with a null value do not count.
    pub(super) fn on_key(
        &mut self,
        map: &'c Map<String, Value>,
        index: usize,
        noncanonical: bool,
        name: impl Fn(&'c str) -> Option<&'c str>,
    ) {
        if self.names.is_some() || !noncanonical {
            return;
        }
        let mut seen: HashSet<&str> = HashSet::new();
        let mut names = HashSet::new();
        let mut before: HashSet<&str> = HashSet::new();
        for (i, (k, v)) in map.iter().enumerate() {
            if v.is_null() {
                continue;
            }
            let Some(n) = name(k) else { continue };
            if !seen.insert(n) {
                names.insert(n);
            }
            if i < index {
                before.insert(n);
            }
        }
        // Keys before this one were in canonical spelling and placed under it: the first
        // spelling of each repeated name is already placed.
        self.placed = names.intersection(&before).copied().collect();
        self.names = Some(names);
    }

    /// Whether more than one key gives `name`.
    pub(super) fn repeated(&self, name: &str) -> bool {
        self.names.as_ref().is_some_and(|n| n.contains(name))
    }

    /// Record that a spelling of the repeated `name` is placed; false when one already was.
    pub(super) fn first_placed(&mut self, name: &'c str) -> bool {
        self.placed.insert(name)
    }
}
