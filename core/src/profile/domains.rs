//! Approved email domains: parse the address as an address, map its domain to ASCII with one
//! UTS-46 (IDNA) mapping, refuse domains that the mapping would change in more than case, and
//! compare the ASCII form against the approved list, exactly or (when enabled) as a subdomain.
//!
//! This is the gate between a directory and a billable Wrike seat, so a domain is **trusted** only
//! when what was written is what is compared. The steps:
//!
//! 1. The address is parsed strictly (see [`email_problem`]): one `@`, a dot-atom local part, a
//!    host-name domain. Quoted local parts, comments, whitespace, control characters,
//!    percent-encoded or extra `@` and address literals (`[192.0.2.1]`, never approved) are refused,
//!    so no crafted input can borrow a domain it does not have.
//! 2. Every label of the domain (and of every approved entry, which goes through the same
//!    function, [`to_ascii`]) must be trusted:
//!    * a non-ASCII code point whose lower case contains ASCII is refused: KELVIN SIGN (`K` →
//!      `k`), `İ` (U+0130 → `i` + U+0307);
//!    * a non-ASCII code point that lower-cases but is not the upper case of its own lower case is
//!      a variant, not a letter in another case, and is refused: ANGSTROM SIGN (U+212B, whose lower
//!      case `å` belongs to `Å` U+00C5), OHM SIGN, GREEK CAPITAL THETA SYMBOL, title-case digraphs
//!      (`ẞ`, whose lower case `ß` has no one-code-point capital, is the capital of `ß`);
//!    * default-ignorable (invisible) code points are refused, even those UTS-46 keeps: soft
//!      hyphen, zero-width space, zero-width (non-)joiners, variation selectors, bidi controls,
//!      tags;
//!    * the label's UTS-46 mapping must equal its lower case (per code point, `char::to_lowercase`):
//!      anything else means the mapping did more than change case — a fullwidth, mathematical,
//!      circled, superscript or ligature character that maps to ASCII, a character the mapping
//!      deletes, a decomposed sequence that NFC composes (`u` + U+0308 for `ü`), a compatibility
//!      character. Cherokee is the one script whose UTS-46 mapping folds to *upper* case; a label
//!      whose mapping differs from its lower case only in case (the lower case of the mapping
//!      equals the lower case of the label) is trusted too;
//!    * a label that UTS-46 processing reports as an error is refused: disallowed characters, a
//!      leading combining mark, the bidi and joiner (CONTEXTJ) rules;
//!    * an `xn--` label (any ASCII case) must decode to a valid U-label that is already mapped (lower
//!      case, NFC, no mapped or ignored code point), that passes the code-point rules above, and
//!      that encodes back to the same label.
//! 3. The domain is mapped once with UTS-46: nontransitional processing (`ß` and `ς` stay
//!    themselves, so `straße.de` is not `strasse.de`), STD3 ASCII rules (only letters, digits and
//!    hyphens survive in ASCII), DNS lengths verified (labels of 1–63 octets, 253 in all, in ASCII
//!    form), hyphens checked in the first and last position only. UTS-46's full CheckHyphens would
//!    also refuse `--` in positions 3–4, which real host names have (`r3---sn-abc.googlevideo.com`);
//!    the only reason for that rule is to reserve `xn--`, and `xn--` labels are validated above.
//! 4. The ASCII form (lower case, punycode for non-ASCII labels: `MÜNCHEN.de` is
//!    `xn--mnchen-3ya.de`) is compared with the approved entries. A subdomain matches only when
//!    subdomains are allowed and it ends with `.` followed by the approved domain, so look-alike
//!    suffixes (`approved.com.evil.com`, `evil-approved.com`) never match. Unicode look-alikes that
//!    UTS-46 leaves alone (a Cyrillic `а`) have a different ASCII form and do not match.
//!
//! An untrusted address domain is an [`Error::InvalidEmail`] that names the reason, never a silent
//! "not approved"; an untrusted approved entry is an [`Error::InvalidOption`] for
//! `approvedDomains`.

use idna::punycode;
use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::formats::email_problem;

/// The outcome of a domain check.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainCheck {
    /// Whether the address is on an approved domain.
    pub approved: bool,
    /// The address's domain in ASCII (punycode) lower-case form.
    pub domain: String,
    /// The approved entry it matched, in ASCII form.
    #[serde(rename = "matched", skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
}

/// Normalize an approved-domain entry: trim, drop a leading `@` (entries may be written
/// `@example.com`) and one trailing dot (`example.com.`), then [`to_ascii`]. Entries may be
/// written in Unicode or as `xn--` labels. Fails ([`Error::InvalidOption`], option
/// `approvedDomains`) for entries that are not host names or not trusted.
pub fn normalize_domain(entry: &str) -> Result<String> {
    let d = entry.trim();
    let d = d.strip_prefix('@').unwrap_or(d);
    let d = d.strip_suffix('.').unwrap_or(d);
    if d.is_empty() {
        return Err(Error::InvalidOption {
            option: "approvedDomains".into(),
            message: format!("{entry:?} is not a domain"),
        });
    }
    // Validate it as the domain of an address.
    if let Some(problem) = email_problem(&format!("x@{d}")) {
        return Err(Error::InvalidOption {
            option: "approvedDomains".into(),
            message: format!("{entry:?} is not a domain: {problem}"),
        });
    }
    if d.starts_with('[') {
        return Err(Error::InvalidOption {
            option: "approvedDomains".into(),
            message: format!("{entry:?}: address literals cannot be approved domains"),
        });
    }
    to_ascii(d).map_err(|m| Error::InvalidOption {
        option: "approvedDomains".into(),
        message: format!("{entry:?} is not a trusted domain: {m}"),
    })
}

/// Check `address` against `approved` domains. Fails ([`Error::InvalidEmail`]) when the address
/// is not a plain address or its domain is not trusted (see the [module](self) documentation),
/// and ([`Error::InvalidOption`]) when an approved entry is not a trusted domain.
///
/// ```
/// use scimgate::check_domain;
/// let ok = check_domain("ada@Example.COM", &["@example.com"], false).unwrap();
/// assert!(ok.approved);
/// assert!(!check_domain("ada@example.com.evil.io", &["example.com"], true).unwrap().approved);
/// assert!(check_domain("ada@sales.example.com", &["example.com"], true).unwrap().approved);
/// assert!(check_domain("\"ada@example.com\"@evil.io", &["example.com"], false).is_err());
/// // KELVIN SIGN lower-cases to `k`: never trusted.
/// assert!(check_domain("ada@\u{212A}odak.com", &["kodak.com"], false).is_err());
/// let idn = check_domain("ada@MÜNCHEN.de", &["xn--mnchen-3ya.de"], false).unwrap();
/// assert_eq!(idn.domain, "xn--mnchen-3ya.de");
/// ```
pub fn check_domain<S: AsRef<str>>(
    address: &str,
    approved: &[S],
    allow_subdomains: bool,
) -> Result<DomainCheck> {
    let approved = approved
        .iter()
        .map(|a| normalize_domain(a.as_ref()))
        .collect::<Result<Vec<_>>>()?;
    check_domain_normalized(address, &approved, allow_subdomains)
}

/// [`check_domain`] with approved entries already normalized by [`normalize_domain`].
pub fn check_domain_normalized(
    address: &str,
    approved: &[String],
    allow_subdomains: bool,
) -> Result<DomainCheck> {
    if let Some(problem) = email_problem(address) {
        return Err(Error::InvalidEmail {
            message: problem.to_string(),
        });
    }
    let at = address.rfind('@').unwrap_or(0);
    let raw = &address[at + 1..];
    if raw.starts_with('[') {
        return Ok(DomainCheck {
            approved: false,
            domain: raw.to_string(),
            matched: None,
        });
    }
    let domain = to_ascii(raw).map_err(|m| Error::InvalidEmail {
        message: format!("the domain is not trusted: {m}"),
    })?;
    let matched = approved.iter().find(|a| {
        domain == **a
            || (allow_subdomains
                && domain.len() > a.len() + 1
                && domain.ends_with(a.as_str())
                && domain.as_bytes()[domain.len() - a.len() - 1] == b'.')
    });
    Ok(DomainCheck {
        approved: matched.is_some(),
        matched: matched.cloned(),
        domain,
    })
}

/// The ASCII form of a host name after one UTS-46 mapping (nontransitional, STD3 ASCII rules,
/// DNS lengths verified, hyphens checked in the first and last position), lower case with
/// punycode (`xn--...`) for non-ASCII labels — but only for a trusted domain: one the mapping
/// changes in nothing but case (see the [module](self) documentation). The error names the label
/// and the reason.
///
/// ```
/// use scimgate::profile::domains::to_ascii;
/// assert_eq!(to_ascii("Bücher.DE").unwrap(), "xn--bcher-kva.de");
/// assert_eq!(to_ascii("XN--BCHER-KVA.de").unwrap(), "xn--bcher-kva.de");
/// assert!(to_ascii("ex\u{FF41}mple.com").is_err()); // fullwidth `a`
/// assert!(to_ascii("exam\u{AD}ple.com").is_err()); // soft hyphen
/// ```
pub fn to_ascii(domain: &str) -> std::result::Result<String, String> {
    if domain.is_empty() {
        return Err("the domain is empty".into());
    }
    let mut start = 0;
    for (i, b) in domain.bytes().enumerate() {
        if b == b'.' {
            check_label(&domain[start..i])?;
            start = i + 1;
        }
    }
    check_label(&domain[start..])?;
    let ascii = Uts46::new()
        .to_ascii(
            domain.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Verify,
        )
        .map_err(|_| whole_domain_problem(domain))?;
    // Every label was checked not to map to a dot; this keeps it so whatever changes upstream.
    let dots = |s: &str| s.bytes().filter(|&b| b == b'.').count();
    if dots(&ascii) != dots(domain) {
        return Err("UTS-46 mapping changes the number of labels".into());
    }
    Ok(ascii.into_owned())
}

/// Why one label is not trusted, or `Ok` when it is (the whole-domain mapping still follows).
fn check_label(label: &str) -> std::result::Result<(), String> {
    if label.is_empty() {
        return Err("the domain has an empty label (leading, trailing or double dot)".into());
    }
    if !label
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        if !label.is_ascii() {
            return check_unicode_label(label);
        }
        return Err(format!(
            "label {label:?} has a character other than a letter, digit or hyphen"
        ));
    }
    if label.len() >= 4 && label[..4].eq_ignore_ascii_case("xn--") {
        return check_ace_label(label);
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(format!("label {label:?} starts or ends with '-'"));
    }
    if label.len() > 63 {
        return Err(format!("label {label:?} is longer than 63 octets"));
    }
    Ok(())
}

/// A label with non-ASCII code points: each code point, then the label's mapping.
fn check_unicode_label(label: &str) -> std::result::Result<(), String> {
    for c in label.chars().filter(|c| !c.is_ascii()) {
        code_point_problem(c).map_or(Ok(()), |p| Err(format!("label {label:?} has {p}")))?;
    }
    let Some(mapped) = map_label(label) else {
        return Err(format!(
            "label {label:?} is refused by UTS-46 processing (a disallowed character, a leading \
             combining mark, or the bidi or joiner rules)"
        ));
    };
    let lower = lower_case(label);
    if mapped != lower && lower_case(&mapped) != lower {
        return Err(mapping_change(label, &mapped));
    }
    Ok(())
}

/// An `xn--` label: it must decode to an already-mapped, trusted U-label that encodes back to it.
fn check_ace_label(label: &str) -> std::result::Result<(), String> {
    if label.len() > 63 {
        return Err(format!("label {label:?} is longer than 63 octets"));
    }
    let ace = label.to_ascii_lowercase();
    let Some(decoded) = punycode::decode_to_string(&ace[4..]) else {
        return Err(format!("label {label:?} is not valid punycode"));
    };
    if decoded.is_ascii() {
        return Err(format!(
            "label {label:?} has the xn-- prefix but decodes to no Unicode"
        ));
    }
    for c in decoded.chars().filter(|c| !c.is_ascii()) {
        if let Some(p) = code_point_problem(c) {
            return Err(format!(
                "label {label:?} decodes to {decoded:?}, which has {p}"
            ));
        }
    }
    if map_label(&decoded).as_deref() != Some(decoded.as_str()) {
        return Err(format!(
            "label {label:?} decodes to {decoded:?}, which is not a valid U-label in mapped form \
             (lower case, NFC, only valid code points, bidi and joiner rules)"
        ));
    }
    let encoded = punycode::encode_str(&decoded).map(|p| format!("xn--{p}"));
    if encoded.as_deref() != Some(ace.as_str()) {
        return Err(format!(
            "label {label:?} decodes to {decoded:?}, which does not encode back to it ({})",
            encoded.as_deref().unwrap_or("no punycode")
        ));
    }
    // UTS-46's own validation of the label as written.
    match map_label(&ace) {
        Some(u) if u == decoded => Ok(()),
        _ => Err(format!("label {label:?} is refused by UTS-46 processing")),
    }
}

/// The code-point rules: no default-ignorable, no lower case containing ASCII, and a code point
/// that lower-cases must be the upper case of its lower case. `Some(reason)` when one fails.
fn code_point_problem(c: char) -> Option<String> {
    let cp = u32::from(c);
    if crate::formats::is_default_ignorable(c) {
        return Some(format!(
            "U+{cp:04X}, an invisible (default-ignorable) code point"
        ));
    }
    let lower: String = c.to_lowercase().collect();
    if lower.chars().any(|l| l.is_ascii()) {
        return Some(format!(
            "U+{cp:04X}, whose lower case {lower:?} contains ASCII: a look-alike of ASCII"
        ));
    }
    // A code point that lower-cases must be *the* capital of its lower case. ANGSTROM SIGN
    // lower-cases to `å`, whose capital is U+00C5: a variant. (`ẞ` lower-cases to `ß`, whose
    // full upper case is "SS", not one code point: no other capital exists, so it is the one.)
    if lower.len() != c.len_utf8() || !lower.starts_with(c) {
        let mut upper = lower.chars().flat_map(char::to_uppercase);
        if let (Some(u), None) = (upper.next(), upper.next()) {
            if u != c {
                return Some(format!(
                    "U+{cp:04X}, a variant form whose lower case {lower:?} belongs to U+{:04X} \
                     {u:?}",
                    u32::from(u)
                ));
            }
        }
    }
    None
}

/// The label's mapping (UTS-46 ToUnicode: nontransitional, STD3 ASCII rules, hyphens checked in
/// the first and last position), or `None` when UTS-46 processing reports an error. An `xn--`
/// label comes back decoded.
fn map_label(label: &str) -> Option<String> {
    let (mapped, result) = Uts46::new().to_unicode(
        label.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::CheckFirstLast,
    );
    result.ok().map(|()| mapped.into_owned())
}

/// Lower case per code point (no context: a capital sigma is always `σ`, as in UTS-46).
fn lower_case(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Name what the mapping did to a label beyond case: the first code point it turns into ASCII
/// or deletes, else the whole change.
fn mapping_change(label: &str, mapped: &str) -> String {
    let uts46 = Uts46::new();
    let mut buf = [0u8; 4];
    for c in label.chars().filter(|c| !c.is_ascii()) {
        let cp = u32::from(c);
        let (one, result) = uts46.to_unicode(
            c.encode_utf8(&mut buf).as_bytes(),
            AsciiDenyList::EMPTY,
            Hyphens::Allow,
        );
        if result.is_ok() && one.is_empty() {
            return format!("label {label:?}: UTS-46 mapping deletes U+{cp:04X}");
        }
        if one.chars().any(|m| m.is_ascii()) {
            return format!(
                "label {label:?}: UTS-46 maps U+{cp:04X} to {one:?}, a look-alike of ASCII"
            );
        }
    }
    format!(
        "label {label:?} is changed by UTS-46 mapping in more than case (to {mapped:?}): not in \
         NFC, or a compatibility character"
    )
}

/// Why the whole-domain mapping failed after every label passed on its own.
fn whole_domain_problem(domain: &str) -> String {
    let mut total = 0;
    for label in domain.split('.') {
        let ascii = Uts46::new()
            .to_ascii(
                label.as_bytes(),
                AsciiDenyList::STD3,
                Hyphens::CheckFirstLast,
                DnsLength::Ignore,
            )
            .map(|a| a.len());
        match ascii {
            Ok(n) if n > 63 => {
                return format!("label {label:?} is longer than 63 octets in ASCII form");
            }
            Ok(n) => total += n + 1,
            Err(_) => return format!("label {label:?} is refused by UTS-46 processing"),
        }
    }
    if total > 254 {
        return "the domain is longer than 253 octets in ASCII form".into();
    }
    "UTS-46 processing refuses the domain (the bidi rule: a right-to-left label with a label that \
     breaks it)"
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_matches_rfc_3492_and_idna_examples() {
        assert_eq!(to_ascii("bücher.de").unwrap(), "xn--bcher-kva.de");
        assert_eq!(to_ascii("MÜNCHEN.de").unwrap(), "xn--mnchen-3ya.de");
        assert_eq!(to_ascii("例え.jp").unwrap(), "xn--r8jz45g.jp");
        assert_eq!(
            to_ascii("παράδειγμα.δοκιμή").unwrap(),
            "xn--hxajbheg2az3al.xn--jxalpdlp"
        );
        // Upper-case Greek folds per code point, as UTS-46 does.
        assert_eq!(
            to_ascii("ΠΑΡΆΔΕΙΓΜΑ.ΔΟΚΙΜΉ").unwrap(),
            "xn--hxajbheg2az3al.xn--jxalpdlp"
        );
        assert_eq!(to_ascii("пример.рф").unwrap(), "xn--e1afmkfd.xn--p1ai");
        // Combining marks inside a label (Devanagari vowel signs) are fine.
        assert_eq!(
            to_ascii("उदाहरण.भारत").unwrap(),
            "xn--p1b6ci4b4b3a.xn--h2brj9c"
        );
        // RFC 3492 §7.1 (B) Chinese (simplified), as a label.
        assert_eq!(
            to_ascii("他们为什么不说中文.cn").unwrap(),
            "xn--ihqwcrb4cv8a8dqg056pqjye.cn"
        );
        // A Cyrillic 'а' in "аpproved.com" is not the Latin one.
        assert_eq!(to_ascii("аpproved.com").unwrap(), "xn--pproved-1fg.com");
    }

    #[test]
    fn ascii_case_is_the_only_change_for_ascii_domains() {
        assert_eq!(to_ascii("Example.COM").unwrap(), "example.com");
        assert_eq!(to_ascii("XN--BCHER-KVA.de").unwrap(), "xn--bcher-kva.de");
        assert_eq!(to_ascii("xn--Bcher-KVA.de").unwrap(), "xn--bcher-kva.de");
        // `--` in positions 3-4 is a real host name; first and last position are not.
        assert_eq!(
            to_ascii("r3---sn-abc.googlevideo.com").unwrap(),
            "r3---sn-abc.googlevideo.com"
        );
        assert!(to_ascii("-a.com").is_err());
        assert!(to_ascii("a-.com").is_err());
        assert!(to_ascii("a_b.com").is_err());
        assert!(to_ascii(&format!("{}.com", "a".repeat(64))).is_err());
        assert!(to_ascii(&format!("{}.com", "a".repeat(63))).is_ok());
        let long = vec!["abcdefghi"; 26].join(".");
        assert_eq!(long.len(), 259);
        assert!(to_ascii(&long).unwrap_err().contains("253"));
    }

    fn refused(domain: &str, reason: &str) {
        match to_ascii(domain) {
            Ok(a) => panic!("{domain:?} was trusted as {a:?}"),
            Err(m) => assert!(m.contains(reason), "{domain:?}: {m:?} lacks {reason:?}"),
        }
    }

    #[test]
    fn lower_case_into_ascii_is_refused() {
        refused(
            "s\u{212A}y.com",
            "U+212A, whose lower case \"k\" contains ASCII",
        );
        refused(
            "\u{130}bm.com",
            "U+0130, whose lower case \"i\\u{307}\" contains ASCII",
        );
    }

    #[test]
    fn mapping_into_ascii_is_refused() {
        for (domain, cp) in [
            ("\u{FF41}pproved.com", "U+FF41"),      // fullwidth a
            ("approved.c\u{FF4F}m", "U+FF4F"),      // fullwidth o, in the TLD
            ("\u{FF21}PPROVED.com", "U+FF21"),      // fullwidth A
            ("approved\u{FF11}.com", "U+FF11"),     // fullwidth 1
            ("\u{1D41A}pproved.com", "U+1D41A"),    // mathematical bold a
            ("\u{24D0}pproved.com", "U+24D0"),      // circled a
            ("o\u{FB03}ce.com", "U+FB03"),          // ligature ffi
            ("ap\u{1D56}roved.com", "U+1D56"),      // modifier letter small p
            ("approved\u{B9}.com", "U+00B9"),       // superscript one
            ("\u{AA}pproved.com", "U+00AA"),        // feminine ordinal indicator
            ("\u{1C4}.com", "U+01C4"),              // DZ with caron -> "dž"
            ("approved\u{3002}com.evil", "U+3002"), // ideographic full stop -> '.'
        ] {
            assert!(to_ascii(domain).is_err(), "{domain:?}");
            let m = to_ascii(domain).unwrap_err();
            assert!(m.contains(cp), "{domain:?}: {m}");
        }
    }

    #[test]
    fn variants_that_lower_case_like_letters_are_refused() {
        // ANGSTROM SIGN lower-cases to `å`, which belongs to U+00C5.
        refused("\u{212B}re.se", "U+212B, a variant form");
        refused("\u{2126}mega.gr", "U+2126, a variant form"); // OHM SIGN
        refused("\u{3F4}eta.gr", "U+03F4, a variant form"); // GREEK CAPITAL THETA SYMBOL
        refused("\u{1C5}.com", "U+01C5"); // title-case Dž
                                          // The real letters are fine, in either case.
        assert_eq!(
            to_ascii("\u{C5}re.se").unwrap(),
            to_ascii("åre.se").unwrap()
        );
        assert_eq!(to_ascii("ÅRE.se").unwrap(), "xn--re-xia.se");
    }

    #[test]
    fn invisible_code_points_are_refused() {
        for c in [
            '\u{AD}',
            '\u{34F}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FE0F}',
            '\u{FEFF}',
            '\u{E0101}',
            '\u{180B}',
            '\u{202E}',
        ] {
            refused(&format!("appr{c}oved.com"), "default-ignorable");
            refused(&format!("bü{c}cher.de"), "default-ignorable");
        }
        // A joiner after a virama passes UTS-46's CONTEXTJ rule, but is still invisible.
        refused("क्\u{200D}ष.com", "U+200D");
    }

    #[test]
    fn non_nfc_and_compatibility_forms_are_refused() {
        refused("bu\u{308}cher.de", "more than case");
        refused("\u{3D0}eta.gr", "more than case"); // GREEK BETA SYMBOL -> β
        refused("\u{1FBE}.gr", "more than case"); // GREEK PROSGEGRAMMENI -> ι
    }

    #[test]
    fn uts46_errors_are_refused() {
        refused("\u{308}a.com", "refused by UTS-46"); // leading combining mark
        refused("a\u{FFFD}b.com", "refused by UTS-46"); // disallowed
                                                        // ⒈ maps to "1.", which STD3 rules refuse.
        refused("a\u{2488}.com", "refused by UTS-46");
        // A right-to-left label next to a label that breaks the bidi rule.
        refused("1a.\u{5D0}\u{5D1}.com", "bidi");
    }

    #[test]
    fn fake_punycode_labels_are_refused() {
        // Decodes to "bÜcher": an upper-case (mapped) code point.
        refused(
            "xn--bcher-2pa.de",
            "decodes to \"bÜcher\", which is not a valid U-label in mapped form",
        );
        // Decodes to "sKy" with KELVIN SIGN.
        let kelvin = format!("xn--{}.com", punycode::encode_str("s\u{212A}y").unwrap());
        refused(&kelvin, "decodes to \"s\u{212A}y\", which has U+212A");
        // Decodes to "bu" + U+0308 (not NFC).
        let decomposed = format!("xn--{}.de", punycode::encode_str("bu\u{308}cher").unwrap());
        refused(&decomposed, "which is not a valid U-label in mapped form");
        // Decodes to a label with a joiner after a virama (valid IDNA, invisible).
        let joiner = format!("xn--{}.com", punycode::encode_str("क्\u{200D}ष").unwrap());
        refused(&joiner, "U+200D");
        for bad in [
            "xn--.com",
            "xn--a-.com",
            "xn--99999999999999.com",
            "xn--bcher-kv@.de",
        ] {
            assert!(to_ascii(bad).is_err(), "{bad}");
        }
        // ASCII only after decoding.
        refused("xn--abc-.com", "decodes to no Unicode");
        refused("xn--99999999999999.com", "not valid punycode");
    }

    #[test]
    fn sharp_s_and_final_sigma_stay_themselves() {
        assert_eq!(to_ascii("straße.de").unwrap(), "xn--strae-oqa.de");
        assert_eq!(to_ascii("STRAßE.de").unwrap(), "xn--strae-oqa.de");
        // U+1E9E, the capital of `ß`, maps to `ß` (not "ss") in nontransitional UTS-46.
        assert_eq!(to_ascii("STRA\u{1E9E}E.de").unwrap(), "xn--strae-oqa.de");
        assert_eq!(to_ascii("strasse.de").unwrap(), "strasse.de");
        assert!(
            !check_domain("a@straße.de", &["strasse.de"], false)
                .unwrap()
                .approved
        );
        assert_ne!(to_ascii("ς.gr").unwrap(), to_ascii("σ.gr").unwrap());
    }

    #[test]
    fn cherokee_is_trusted_in_either_case() {
        // UTS-46 folds Cherokee to upper case: lower and upper spelling are one domain.
        let upper = to_ascii("\u{13A0}\u{13A1}.com").unwrap();
        assert_eq!(to_ascii("\u{AB70}\u{AB71}.com").unwrap(), upper);
    }

    #[test]
    fn crafted_addresses_do_not_pass() {
        let approved = ["approved.com"];
        for (addr, subdomains) in [
            ("a@approved.com.evil.com", true),
            ("a@evil-approved.com", true),
            ("a@evilapproved.com", true),
            ("a@sub.approved.com", false),
            ("a@аpproved.com", true),
            ("a@[192.0.2.1]", true),
        ] {
            let r = check_domain(addr, &approved, subdomains).unwrap();
            assert!(!r.approved, "{addr}");
        }
        for addr in [
            "a@approved.com@evil.com",
            "\"a@approved.com\"@evil.com",
            "a@evil.com(approved.com)",
            "a@evil.com approved.com",
            "a@evil.com%40approved.com",
            "a@evil.com\u{0}approved.com",
            "a@approved。com",
            "a@x.approved。com",
            "a@approved.com\n",
            "<a@approved.com>",
            "a@\u{FF41}pproved.com",
            "a@appro\u{AD}ved.com",
        ] {
            assert!(check_domain(addr, &approved, true).is_err(), "{addr:?}");
        }
        for (addr, subdomains) in [
            ("A@APPROVED.COM", false),
            ("a@approved.com", false),
            ("a@x.y.approved.com", true),
            ("a+tag@approved.com", false),
        ] {
            assert!(
                check_domain(addr, &approved, subdomains).unwrap().approved,
                "{addr}"
            );
        }
        assert!(
            check_domain("a@bücher.de", &["xn--bcher-kva.de"], false)
                .unwrap()
                .approved
        );
        assert!(
            check_domain("a@xn--bcher-kva.de", &["@BÜCHER.de"], false)
                .unwrap()
                .approved
        );
        assert!(
            check_domain("a@sub.BÜCHER.de", &["bücher.de"], true)
                .unwrap()
                .approved
        );
    }

    #[test]
    fn untrusted_address_domains_fail_with_the_reason() {
        let err = check_domain("a@s\u{212A}y.com", &["sky.com"], false).unwrap_err();
        assert_eq!(err.code(), "invalid_email");
        assert!(err.to_string().contains("U+212A"), "{err}");
        let err = check_domain("a@ac\u{200B}me.com", &["acme.com"], true).unwrap_err();
        assert_eq!(err.code(), "invalid_email");
        assert!(err.to_string().contains("default-ignorable"), "{err}");
    }

    #[test]
    fn approved_entries_are_validated() {
        assert_eq!(normalize_domain(" @Example.COM ").unwrap(), "example.com");
        assert_eq!(normalize_domain("example.com.").unwrap(), "example.com");
        assert_eq!(normalize_domain("@Bücher.de").unwrap(), "xn--bcher-kva.de");
        assert_eq!(
            normalize_domain("XN--BCHER-KVA.de.").unwrap(),
            "xn--bcher-kva.de"
        );
        for bad in [
            "",
            "@",
            "exa mple.com",
            "a@b.com",
            "[1.2.3.4]",
            "com",
            "s\u{212A}y.com",
            "\u{FF41}cme.com",
            "ac\u{AD}me.com",
            "xn--bcher-2pa.de",
            "example.com..",
        ] {
            let err = normalize_domain(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_option", "{bad:?}");
        }
        let err = check_domain("a@acme.com", &["\u{130}bm.com"], false).unwrap_err();
        assert_eq!(err.code(), "invalid_option");
        assert!(err.to_string().contains("U+0130"), "{err}");
    }
}
