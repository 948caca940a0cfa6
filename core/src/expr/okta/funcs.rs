//! The functions and methods the parser knows, with their arities.

/// How many arguments a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arity {
    /// Between `min` and `max` arguments.
    Range(usize, usize),
    /// At least this many.
    AtLeast(usize),
    /// Two, then key-value pairs (`String.stringSwitch`).
    Pairs,
}

impl Arity {
    pub(super) fn accepts(self, n: usize) -> bool {
        match self {
            Arity::Range(lo, hi) => (lo..=hi).contains(&n),
            Arity::AtLeast(lo) => n >= lo,
            Arity::Pairs => n >= 2 && n % 2 == 0,
        }
    }

    pub(super) fn describe(self) -> String {
        match self {
            Arity::Range(lo, hi) if lo == hi => lo.to_string(),
            Arity::Range(lo, hi) => format!("{lo} to {hi}"),
            Arity::AtLeast(lo) => format!("{lo} or more"),
            Arity::Pairs => "2 plus key-value pairs (an even number)".to_string(),
        }
    }
}

const fn n(k: usize) -> Arity {
    Arity::Range(k, k)
}

/// The functions called by name, as Okta's reference spells them.
pub(super) const FUNCTIONS: &[(&str, Arity)] = &[
    ("String.append", n(2)),
    ("String.join", Arity::AtLeast(1)),
    ("String.len", n(1)),
    ("String.removeSpaces", n(1)),
    ("String.replace", n(3)),
    ("String.replaceFirst", n(3)),
    ("String.startsWith", n(2)),
    ("String.stringContains", n(2)),
    ("String.stringSwitch", Arity::Pairs),
    ("String.substring", n(3)),
    ("String.substringAfter", n(2)),
    ("String.substringBefore", n(2)),
    ("String.toUpperCase", n(1)),
    ("String.toLowerCase", n(1)),
    // Deprecated forms, still documented.
    ("toUpperCase", n(1)),
    ("toLowerCase", n(1)),
    ("substringBefore", n(2)),
    ("substringAfter", n(2)),
    ("substring", n(3)),
    ("Arrays.add", n(2)),
    ("Arrays.remove", n(2)),
    ("Arrays.clear", n(1)),
    ("Arrays.get", n(2)),
    ("Arrays.flatten", Arity::AtLeast(1)),
    ("Arrays.contains", n(2)),
    ("Arrays.size", n(1)),
    ("Arrays.isEmpty", n(1)),
    ("Arrays.toCsvString", n(1)),
    ("Convert.toInt", n(1)),
    ("Convert.toNum", n(1)),
    ("Iso3166Convert.toAlpha2", n(1)),
    ("Iso3166Convert.toAlpha3", n(1)),
    ("Iso3166Convert.toNumeric", n(1)),
    ("Iso3166Convert.toName", n(1)),
    ("Time.now", Arity::Range(0, 2)),
    ("Time.fromWindowsToIso8601", n(1)),
    ("Time.fromUnixToIso8601", n(1)),
    ("Time.fromStringToIso8601", n(2)),
    ("Time.fromIso8601ToWindows", n(1)),
    ("Time.fromIso8601ToUnix", n(1)),
    ("Time.fromIso8601ToString", n(2)),
];

/// Methods on a value (`'abc'.toUpperCase()`, `user.tags.contains('x')`): the Java `String` and
/// `List` methods Okta's references show.
pub(super) const METHODS: &[(&str, Arity)] = &[
    ("toUpperCase", n(0)),
    ("toLowerCase", n(0)),
    ("substring", Arity::Range(1, 2)),
    ("replace", n(2)),
    ("replaceFirst", n(2)),
    ("length", n(0)),
    ("removeSpaces", n(0)),
    ("contains", n(1)),
    ("substringBefore", n(1)),
    ("substringAfter", n(1)),
    ("startsWith", n(1)),
    ("endsWith", n(1)),
    ("trim", n(0)),
    ("isEmpty", n(0)),
    ("size", n(0)),
    ("add", n(1)),
    ("remove", n(1)),
];

/// The families whose functions are called as `Family.name(...)`.
const FAMILIES: [&str; 6] = [
    "String",
    "Arrays",
    "Convert",
    "Iso3166Convert",
    "Time",
    "Groups",
];

pub(super) fn is_family(name: &str) -> bool {
    FAMILIES.contains(&name)
}

pub(super) fn function(name: &str) -> Option<(&'static str, Arity)> {
    FUNCTIONS.iter().find(|(f, _)| *f == name).copied()
}

pub(super) fn method(name: &str) -> Option<(&'static str, Arity)> {
    METHODS.iter().find(|(f, _)| *f == name).copied()
}

/// Why a documented function is not evaluated here (it reads Okta's directory or session).
pub(super) fn unsupported(name: &str) -> Option<&'static str> {
    const DIRECTORY: [&str; 20] = [
        "getFilteredGroups",
        "isMemberOfGroupName",
        "isMemberOfGroup",
        "isMemberOfAnyGroup",
        "isMemberOfGroupNameStartsWith",
        "isMemberOfGroupNameContains",
        "isMemberOfGroupNameRegex",
        "getGroups",
        "Groups.contains",
        "Groups.startsWith",
        "Groups.endsWith",
        "getLinkedObject",
        "getInternalProperty",
        "getManagerUser",
        "getManagerAppUser",
        "getAssistantUser",
        "getAssistantAppUser",
        "hasDirectoryUser",
        "hasWorkdayUser",
        "findDirectoryUser",
    ];
    if DIRECTORY.contains(&name) || name == "findWorkdayUser" {
        Some("reads Okta's directory (groups, linked users, app assignments); scimgate does not evaluate it")
    } else {
        None
    }
}
