//! The function table: canonical names, argument counts, which arguments may be left empty.

/// One function's signature.
pub(crate) struct Signature {
    /// The name as Microsoft documents it.
    pub name: &'static str,
    /// Fewest arguments.
    pub min: usize,
    /// Most arguments (`usize::MAX`: no bound).
    pub max: usize,
    /// Indexes (0-based) of the arguments that may be left empty (`Node::Missing`).
    pub optional: &'static [usize],
    /// Every argument from this index on may be left empty (Coalesce's sources, Replace).
    pub optional_from: usize,
}

const NONE: usize = usize::MAX;

macro_rules! sig {
    ($name:literal, $min:expr, $max:expr) => {
        Signature { name: $name, min: $min, max: $max, optional: &[], optional_from: NONE }
    };
    ($name:literal, $min:expr, $max:expr, [$($o:expr),*]) => {
        Signature { name: $name, min: $min, max: $max, optional: &[$($o),*], optional_from: NONE }
    };
    ($name:literal, $min:expr, $max:expr, from $f:expr) => {
        Signature { name: $name, min: $min, max: $max, optional: &[], optional_from: $f }
    };
}

/// Every function, in the documentation's order.
pub(crate) const FUNCTIONS: &[Signature] = &[
    sig!("Append", 2, 2),
    sig!("AppRoleAssignmentsComplex", 1, 1),
    sig!("BitAnd", 2, 2),
    sig!("CBool", 1, 1),
    sig!("CDate", 1, 1),
    sig!("Coalesce", 1, NONE, from 1),
    sig!("ConvertToBase64", 1, 1),
    sig!("ConvertToUTF8Hex", 1, 1),
    sig!("Count", 1, 1),
    sig!("CStr", 1, 1),
    sig!("DateAdd", 3, 3),
    sig!("DateDiff", 3, 3),
    sig!("DateFromNum", 1, 1),
    sig!("FormatDateTime", 4, 4, [1]),
    sig!("Guid", 0, 0),
    sig!("IgnoreFlowIfNullOrEmpty", 1, 1),
    sig!("IIF", 3, 3),
    sig!("InStr", 2, 4, [2, 3]),
    sig!("IsNull", 1, 1),
    sig!("IsNullOrEmpty", 1, 1),
    sig!("IsPresent", 1, 1),
    sig!("IsString", 1, 1),
    sig!("Item", 2, 2),
    sig!("Join", 2, NONE),
    sig!("Left", 2, 2),
    sig!("Mid", 3, 3),
    sig!("NormalizeDiacritics", 1, 1),
    sig!("Not", 1, 1),
    sig!("Now", 0, 0),
    sig!("NumFromDate", 1, 1),
    sig!("PCase", 1, 2, [1]),
    sig!("RandomString", 5, 6, [5]),
    sig!("Redact", 1, 1),
    sig!("RemoveDuplicates", 1, 1),
    sig!("Replace", 7, 7, from 1),
    sig!("SelectUniqueValue", 2, NONE),
    sig!("SingleAppRoleAssignment", 1, 1),
    sig!("Split", 2, 2),
    sig!("StripSpaces", 1, 1),
    sig!("Switch", 4, NONE, [1]),
    sig!("ToLower", 1, 2, [1]),
    sig!("ToUpper", 1, 2, [1]),
    sig!("Word", 3, 3),
];

/// The signature of `name` (any ASCII case).
pub(crate) fn lookup(name: &str) -> Option<&'static Signature> {
    FUNCTIONS.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}

impl Signature {
    /// Whether argument `index` may be left empty.
    pub fn may_be_empty(&self, index: usize) -> bool {
        index >= self.optional_from || self.optional.contains(&index)
    }
}
