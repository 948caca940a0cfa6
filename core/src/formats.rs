//! Value formats: `xsd:dateTime` values, RFC 4648 base64, URI references and email addresses.

/// Whether `s` is an `xsd:dateTime` (XML Schema Part 2 §3.2.7, the form RFC 7643 §2.3.5
/// requires): `YYYY-MM-DDThh:mm:ss[.frac][Z|(+|-)hh:mm]`. The time zone is optional; a year has
/// four digits or more (no leading zero beyond four; year 0000 and negative years are refused);
/// calendar dates are checked (no February 30th); `24:00:00` is the end of a day; there are no
/// leap seconds (`:60`); an offset is at most 14:00; `T` and `Z` are capitals.
pub fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    // The year: four digits, or more without a leading zero.
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits < 4 || (digits > 4 && b[0] == b'0') {
        return false;
    }
    let Some(year) = decimal(&b[..digits]) else {
        return false;
    };
    // Past the year, every position is fixed.
    let b = &b[digits - 4..];
    let num = |from: usize, len: usize| decimal(b.get(from..from + len)?);
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let (Some(month), Some(day)) = (num(5, 2), num(8, 2)) else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) = (num(11, 2), num(14, 2), num(17, 2)) else {
        return false;
    };
    if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return false;
    }
    if hour > 24 || minute > 59 || second > 59 {
        return false;
    }
    let mut i = 19;
    let mut fraction_zero = true;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            fraction_zero &= b[i] == b'0';
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    // 24:00:00 (with any fraction of zeros) is the instant that ends the day, and only that.
    if hour == 24 && (minute != 0 || second != 0 || !fraction_zero) {
        return false;
    }
    match &b[i..] {
        [] | [b'Z'] => true,
        [b'+' | b'-', _, _, b':', _, _] => matches!(
            (num(i + 1, 2), num(i + 4, 2)),
            (Some(h), Some(m)) if m <= 59 && (h < 14 || (h == 14 && m == 0))
        ),
        _ => false,
    }
}

/// The value of a run of ASCII digits (saturating: only years can be long); `None` when a byte
/// is not a digit.
fn decimal(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, d| {
        d.is_ascii_digit()
            .then(|| acc.saturating_mul(10).saturating_add(u32::from(d - b'0')))
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Whether `s` is standard base64 (RFC 4648 §4): the 64-character alphabet, length a multiple of
/// four, `=` padding only at the end (at most two). No whitespace or line breaks.
pub fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() % 4 != 0 {
        return false;
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return false;
    }
    b[..b.len() - pad]
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

/// Why a reference value is not acceptable, or `None` when it is. `external_only` demands an
/// absolute URI (a scheme), as a reference whose referenceTypes are only `external` needs.
pub fn reference_problem(s: &str, external_only: bool) -> Option<&'static str> {
    if s.is_empty() {
        return Some("a reference must not be empty");
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if URI_BYTES[usize::from(c)] {
            i += 1;
            continue;
        }
        if c == b'%' {
            let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return Some("'%' must be followed by two hex digits");
            }
            i += 3;
            continue;
        }
        if c.is_ascii_whitespace() || c.is_ascii_control() {
            return Some("a reference must not contain whitespace or control characters");
        }
        if c.is_ascii() {
            return Some("a reference contains a character not allowed in a URI");
        }
        i += 1;
    }
    // Beyond ASCII (an IRI's letters pass; RFC 3987 maps them into a URI): control characters
    // (C1), white space (NO-BREAK SPACE, IDEOGRAPHIC SPACE, ...) and invisible characters (ZERO
    // WIDTH SPACE, BOM, ...), which no URI holds and a reader cannot see. ASCII ones were
    // refused above.
    if !s.is_ascii()
        && s.chars()
            .any(|c| c.is_control() || c.is_whitespace() || is_default_ignorable(c))
    {
        return Some("a reference must not contain whitespace, control or invisible characters");
    }
    if external_only && !has_scheme(s) {
        return Some("an external reference must be an absolute URI with a scheme");
    }
    None
}

fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Why `s` is not a plain email address (an RFC 5322 `addr-spec` with a dot-atom local part), or
/// `None` when it is one. Internationalized addresses (RFC 6531: UTF-8 in the local part and the
/// domain) are accepted; quoted local parts, comments, display names, whitespace, control
/// characters and trailing dots are not.
pub fn email_problem(s: &str) -> Option<&'static str> {
    if plain_ascii_address(s.as_bytes()) {
        return None;
    }
    email_problem_slow(s)
}

/// [`email_problem`] rule by rule, each with its message.
fn email_problem_slow(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        return Some("the address is empty");
    }
    if s.len() > 254 {
        return Some("the address is longer than 254 octets");
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("the address contains whitespace or control characters");
    }
    let Some(at) = s.rfind('@') else {
        return Some("the address has no '@'");
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.contains('@') {
        return Some("the address has more than one '@'");
    }
    if local.is_empty() {
        return Some("the local part (before '@') is empty");
    }
    if local.len() > 64 {
        return Some("the local part is longer than 64 octets");
    }
    if local.starts_with('"') {
        return Some("quoted local parts are not accepted");
    }
    for atom in local.split('.') {
        if atom.is_empty() {
            return Some(
                "the local part has an empty dot-separated part (leading, trailing or double dot)",
            );
        }
        let ok = atom.chars().all(|c| {
            !c.is_ascii() || c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
        });
        if !ok {
            return Some("the local part contains a character not allowed in an address");
        }
    }
    domain_problem(domain)
}

/// Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt): invisible code points that
/// are never trusted in a domain (whatever UTS-46 does with them) nor in a reference.
const DEFAULT_IGNORABLE: [(u32, u32); 17] = [
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

/// Whether `c` is a default-ignorable code point (Unicode's DerivedCoreProperties): invisible
/// when rendered (zero-width spaces and joiners, soft hyphen, variation selectors, BOM, tags).
pub(crate) fn is_default_ignorable(c: char) -> bool {
    let cp = u32::from(c);
    DEFAULT_IGNORABLE
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&cp))
}

/// Bytes a URI may hold as they are (RFC 3986 unreserved and reserved characters); `%` and
/// everything else are looked at one by one.
const URI_BYTES: [bool; 256] = byte_set(b"-._~:/?#[]@!$&'()*+,;=");

/// Bytes of a dot-atom's atoms (RFC 5322 `atext`), besides letters and digits.
const ATEXT: [bool; 256] = byte_set(b"!#$%&'*+-/=?^_`{|}~");

/// A table of ASCII letters, digits and `extra`.
const fn byte_set(extra: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut b: u8 = 0;
    while b < 128 {
        set[b as usize] = b.is_ascii_alphanumeric();
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        set[extra[i] as usize] = true;
        i += 1;
    }
    set
}

/// Whether `s` is an all-ASCII address with a host-name domain that [`email_problem`] accepts,
/// in one pass and without looking at characters twice: the common case. `false` means "look
/// closer" (non-ASCII, an address literal, or a problem to describe), never "accepted".
fn plain_ascii_address(s: &[u8]) -> bool {
    if s.is_empty() || s.len() > 254 {
        return false;
    }
    let Some(at) = s.iter().rposition(|&b| b == b'@') else {
        return false;
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.is_empty() || local.len() > 64 || domain.is_empty() || domain.len() > 253 {
        return false;
    }
    // Atoms of atext joined by single dots.
    let mut after_dot = true;
    for &b in local {
        if b == b'.' {
            if after_dot {
                return false;
            }
            after_dot = true;
        } else if ATEXT[usize::from(b)] {
            after_dot = false;
        } else {
            return false;
        }
    }
    if after_dot {
        return false;
    }
    // Labels of letters, digits and inner hyphens, at most 63 long, at least two of them.
    let (mut dots, mut len, mut last) = (0usize, 0usize, b'.');
    for &b in domain {
        if b == b'.' {
            if len == 0 || last == b'-' {
                return false;
            }
            dots += 1;
            len = 0;
        } else if b.is_ascii_alphanumeric() || (b == b'-' && len > 0) {
            len += 1;
            if len > 63 {
                return false;
            }
        } else {
            return false;
        }
        last = b;
    }
    len > 0 && last != b'-' && dots > 0
}

fn domain_problem(domain: &str) -> Option<&'static str> {
    if domain.is_empty() {
        return Some("the domain (after '@') is empty");
    }
    if let Some(inner) = domain.strip_prefix('[') {
        let Some(literal) = inner.strip_suffix(']') else {
            return Some("an address literal must end with ']'");
        };
        return if literal.parse::<std::net::Ipv4Addr>().is_ok()
            || literal
                .strip_prefix("IPv6:")
                .is_some_and(|v6| v6.parse::<std::net::Ipv6Addr>().is_ok())
        {
            None
        } else {
            Some("the address literal is not an IPv4 or IPv6:... address")
        };
    }
    if domain.len() > 253 {
        return Some("the domain is longer than 253 octets");
    }
    let mut labels = 0;
    for label in domain.split('.') {
        labels += 1;
        if label.is_empty() {
            return Some("the domain has an empty label (leading, trailing or double dot)");
        }
        if label.len() > 63 {
            return Some("a domain label is longer than 63 octets");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("a domain label starts or ends with '-'");
        }
        if !label
            .chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || c == '-')
        {
            return Some("the domain contains a character not allowed in a host name");
        }
    }
    if labels < 2 {
        return Some("the domain has no dot (a top-level domain alone is not accepted)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        for ok in [
            "2024-01-02T03:04:05Z",
            "2024-02-29T00:00:00.123456+01:00",
            "2011-05-13T04:42:34-05:30",
            // xsd:dateTime: the time zone is optional, 24:00:00 ends a day, offsets reach 14:00,
            // years may be longer than four digits.
            "2024-01-02T03:04:05",
            "2024-01-02T24:00:00Z",
            "2024-01-02T24:00:00.000",
            "2024-01-02T03:04:05+14:00",
            "2024-01-02T03:04:05-14:00",
            "12024-01-02T03:04:05Z",
            "0001-01-01T00:00:00Z",
        ] {
            assert!(is_datetime(ok), "{ok}");
        }
        for bad in [
            "2024-01-02 03:04:05Z",
            "2024-13-02T03:04:05Z",
            "2023-02-29T03:04:05Z",
            "2024-01-02T24:00:01Z",
            "2024-01-02T24:00:00.5Z",
            "2024-01-02T03:04:05+24:00",
            "2024-01-02T03:04:05+14:01",
            "2024-01-02T03:04:05+15:00",
            "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:05+0100",
            "2024-1-02T03:04:05Z",
            "2024-01-02T03:30:60Z",
            "2023-12-31T23:59:60Z",
            "2023-12-31t23:59:59z",
            "2023-12-31T23:59:59z",
            "0000-01-01T00:00:00Z",
            "02024-01-02T03:04:05Z",
            "-0001-01-01T00:00:00Z",
            "２０２４-01-02T03:04:05Z",
            "2024-01-02",
            "",
        ] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn base64() {
        assert!(is_base64(""));
        assert!(is_base64("TWFu"));
        assert!(is_base64("TWE="));
        assert!(is_base64("TQ=="));
        assert!(!is_base64("TQ="));
        assert!(!is_base64("T==="));
        assert!(!is_base64("TW-u"));
        assert!(!is_base64("TW\nu"));
        assert!(!is_base64("T=Qu"));
    }

    #[test]
    fn emails() {
        for ok in [
            "a@example.com",
            "first.last+tag@sub.example.co.uk",
            "ü@bücher.de",
            "x@[192.0.2.1]",
            "x@[IPv6:2001:db8::1]",
        ] {
            assert_eq!(email_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.com",
            "a@@b.com",
            "a@b@c.com",
            "a b@c.com",
            "\"a\"@b.com",
            "a.@b.com",
            "a@b.com.",
            "a@b",
            "A <a@b.com>",
            "a@-b.com",
            "a@b_c.com",
            "a@[1.2.3]",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
    }

    /// The one-pass check accepts only what the full check accepts, and every plain ASCII
    /// address (no literal) the full check accepts.
    #[test]
    fn plain_ascii_addresses_agree_with_the_full_check() {
        let alphabet: &[u8] = b"aZ09.@-_+\"[] \t!~%";
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap()
        };
        let mut cases: Vec<String> = vec![
            "a@b.co".into(),
            "a.b@c-d.e".into(),
            "a..b@c.d".into(),
            "a@b-.c".into(),
            "a@-b.c".into(),
            "a@b..c".into(),
            "a@b.c.".into(),
            ".a@b.c".into(),
            format!("{}@b.c", "a".repeat(64)),
            format!("{}@b.c", "a".repeat(65)),
            format!("a@{}.c", "b".repeat(63)),
            format!("a@{}.c", "b".repeat(64)),
        ];
        for _ in 0..200_000 {
            let len = 1 + next(14);
            let bytes: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            cases.push(String::from_utf8(bytes).unwrap());
        }
        for s in &cases {
            let full = email_problem_slow(s);
            if plain_ascii_address(s.as_bytes()) {
                assert_eq!(full, None, "{s:?}: accepted by the one-pass check only");
            } else if !s.contains('[') {
                assert!(full.is_some(), "{s:?}: accepted by the full check only");
            }
        }
    }

    #[test]
    fn references() {
        assert_eq!(reference_problem("https://example.com/Users/1", true), None);
        // Letters beyond ASCII pass (an IRI); white space and invisible characters do not.
        assert_eq!(reference_problem("https://例え.jp/ä", true), None);
        for bad in [
            "\u{a0}", "\u{3000}", "\u{200b}", "\u{feff}", "\u{85}", "\u{2028}",
        ] {
            let s = format!("https://example.com/{bad}x");
            assert!(reference_problem(&s, true).is_some(), "{s:?}");
        }
        assert_eq!(reference_problem("../Users/2819c223", false), None);
        assert!(reference_problem("../Users/1", true).is_some());
        assert!(reference_problem("http://a b", false).is_some());
        assert!(reference_problem("http://a/%zz", false).is_some());
        assert!(reference_problem("", false).is_some());
        assert!(reference_problem("http://a/<x>", false).is_some());
    }
}
