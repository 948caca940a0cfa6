//! Where a PATCH walk is in the request: what names the current target (`Operations[i].path`,
//! or a key of a path-less value) and where its value is, so that every problem is located in
//! the request, while changes stay located in the resource.

use crate::error::{Error, PatchErrorKind};
use crate::issue::{Issue, Severity};
use crate::loc::{Loc, Segment};

/// The current target's places: in the request, and (as the path was written) in the resource.
#[derive(Debug, Clone, Default)]
pub(super) struct Place {
    /// What names the target: `Operations[i].path`, or a path-less value's key
    /// (`Operations[i].value.emails`).
    pub(super) target: Loc,
    /// The value given for the target: `Operations[i].value`, or the value under a key.
    pub(super) value: Loc,
    /// The target in the resource as written (the path's location), which the locations of
    /// changes and value problems start with.
    pub(super) shown: Loc,
}

impl Place {
    /// Operation `i` with a `path` member.
    pub(super) fn operation(i: usize) -> Place {
        let op = Loc::root().key("Operations").index(i);
        Place {
            target: op.clone().key("path"),
            value: op.key("value"),
            shown: Loc::root(),
        }
    }

    /// The member `key` of this place's value (a path-less value's key, or an attribute of an
    /// extension object): it names the target and holds its value.
    pub(super) fn member(&self, key: &str) -> Place {
        let at = self.value.clone().key(key);
        Place {
            target: at.clone(),
            value: at,
            shown: self.shown.clone(),
        }
    }

    /// The request location of `at`, a location in the resource below the target
    /// (`emails[0].value` for the target `emails`): the value's location followed by what `at`
    /// adds to the target's; the value's location when `at` is not below the target.
    pub(super) fn in_request(&self, at: &Loc) -> Loc {
        let shown = self.shown.segments();
        let segments = at.segments();
        let mut loc = self.value.clone();
        let below =
            segments.len() >= shown.len() && shown.iter().zip(segments).all(|(a, b)| same(a, b));
        if below {
            for s in &segments[shown.len()..] {
                loc.push(s.clone());
            }
        }
        loc
    }
}

/// Segments that name the same place (keys compare ignoring ASCII case, as SCIM names do).
fn same(a: &Segment, b: &Segment) -> bool {
    match (a, b) {
        (Segment::Key(x), Segment::Key(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

/// The failure of operation `index`: one problem of `kind` at `loc` (in the request).
pub(super) fn failure(index: usize, kind: PatchErrorKind, loc: Loc, message: String) -> Error {
    let issue = Issue::new(kind.code(), Severity::Error, loc, message.clone());
    Error::PatchFailed {
        index: Some(index),
        kind,
        message,
        issues: vec![issue],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_below_the_target_move_into_the_request() {
        let mut place = Place::operation(2);
        place.shown = Loc::root().key("emails");
        let at = Loc::root().key("EMAILS").index(0).key("value");
        assert_eq!(
            place.in_request(&at).to_string(),
            "Operations[2].value[0].value"
        );
        // Not below the target: the value itself.
        let other = Loc::root().key("name").key("givenName");
        assert_eq!(place.in_request(&other).to_string(), "Operations[2].value");
        let keyed = Place::operation(0).member("name.givenName");
        assert_eq!(
            keyed.target.to_string(),
            "Operations[0].value.name.givenName"
        );
        assert_eq!(keyed.target.segments().len(), 4);
    }
}
