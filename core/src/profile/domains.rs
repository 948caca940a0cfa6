//! Approved email domains: parse the address as an address, compare its domain in ASCII
//! (punycode, RFC 3492 / IDNA) form against the approved list, exactly or (when enabled) as a
//! subdomain.
//!
//! The address is parsed strictly (see [`email_problem`]):
//! one `@`, a dot-atom local part, a host-name domain. Quoted local parts, comments, whitespace,
//! control characters, percent-encoded or extra `@`, address literals (`[192.0.2.1]`) and
//! non-ASCII dots are refused, so no crafted input can borrow a domain it does not have.
//! Look-alike suffixes (`approved.com.evil.com`, `evil-approved.com`) never match: a subdomain must
//! end with `.` followed by the approved domain. Unicode look-alikes (a Cyrillic `а`) encode to a
//! different punycode label and do not match either.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::resource::formats::email_problem;

/// The outcome of a domain check.
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
/// `@example.com`), lower-case, punycode. Fails for entries that are not host names.
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
        message: format!("{entry:?}: {m}"),
    })
}

/// Check `address` against `approved` domains. Fails ([`Error::InvalidEmail`]) when the address
/// is not a plain address, and ([`Error::InvalidOption`]) when an approved entry is not a domain.
///
/// ```
/// use scimgate::check_domain;
/// let ok = check_domain("ada@Example.COM", &["@example.com"], false).unwrap();
/// assert!(ok.approved);
/// assert!(!check_domain("ada@example.com.evil.io", &["example.com"], true).unwrap().approved);
/// assert!(check_domain("ada@sales.example.com", &["example.com"], true).unwrap().approved);
/// assert!(check_domain("\"ada@example.com\"@evil.io", &["example.com"], false).is_err());
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
    let domain = to_ascii(raw).map_err(|m| Error::InvalidEmail { message: m })?;
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

/// Lower-case a host name and encode each non-ASCII label as punycode (`xn--...`).
pub fn to_ascii(domain: &str) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(domain.len() + 8);
    for (i, label) in domain.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        let lower: String = label.chars().flat_map(char::to_lowercase).collect();
        if lower.is_ascii() {
            out.push_str(&lower);
        } else {
            out.push_str("xn--");
            out.push_str(&punycode_encode(&lower).ok_or("a domain label is too long to encode")?);
        }
    }
    if out.len() > 253 {
        return Err("the domain is longer than 253 octets in ASCII form".into());
    }
    Ok(out)
}

/// RFC 3492 punycode encoding of one label.
fn punycode_encode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    const INITIAL_BIAS: u32 = 72;
    const INITIAL_N: u32 = 128;
    fn adapt(mut delta: u32, num_points: u32, first: bool) -> u32 {
        delta /= if first { DAMP } else { 2 };
        delta += delta / num_points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }
    fn digit(d: u32) -> char {
        (if d < 26 {
            b'a' + d as u8
        } else {
            b'0' + (d - 26) as u8
        }) as char
    }
    let chars: Vec<u32> = input.chars().map(u32::from).collect();
    if chars.len() > 63 {
        return None;
    }
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    while (handled as usize) < chars.len() {
        let m = chars.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
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
        // A Cyrillic 'а' in "аpproved.com" is not the Latin one.
        assert_ne!(to_ascii("аpproved.com").unwrap(), "approved.com");
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
            "a@approved.com\n",
            "<a@approved.com>",
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
    }

    #[test]
    fn approved_entries_are_validated() {
        assert_eq!(normalize_domain(" @Example.COM ").unwrap(), "example.com");
        for bad in ["", "@", "exa mple.com", "a@b.com", "[1.2.3.4]", "com"] {
            assert!(normalize_domain(bad).is_err(), "{bad:?}");
        }
    }
}
