//! `domain`: one selector byte, then UTF-8 text: the address on the first line, approved entries
//! on the following lines (at most 8).
//!
//! Byte 0: bit 0 allow subdomains.

/// An approved entry as the API accepts it (`@example.com`, surrounding spaces, a final dot),
/// reduced to the domain it names, before any mapping.
fn entry_domain(entry: &str) -> &str {
    let d = entry.trim();
    let d = d.strip_prefix('@').unwrap_or(d);
    d.strip_suffix('.').unwrap_or(d)
}

/// The `domain` target. Oracles: no panic; when `check_domain` approves, the address has exactly
/// one `@`; its domain mapped with the `idna` crate's UTS-46 `domain_to_ascii_strict` (an
/// implementation independent of scimgate's) equals an approved entry mapped the same way, or,
/// with subdomains allowed, ends with `.` and that entry; the reported `domain` is that mapping
/// and `matched` is set.
pub fn domain(data: &[u8]) {
    let Some((&b0, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let allow_subdomains = b0 & 1 != 0;
    let mut lines = text.split('\n');
    let address = lines.next().unwrap_or("");
    let approved: Vec<&str> = lines.take(8).collect();
    let Ok(check) = scimgate::check_domain(address, &approved, allow_subdomains) else {
        return;
    };
    if !check.approved {
        return;
    }
    assert_eq!(
        address.matches('@').count(),
        1,
        "approved {address:?}, which has not exactly one '@'"
    );
    assert!(check.matched.is_some(), "approved without a matched entry");
    let domain = &address[address.find('@').map_or(0, |i| i + 1)..];
    let mapped = match idna::domain_to_ascii_strict(domain) {
        Ok(m) => m,
        Err(e) => {
            assert!(
                !crate::enforce("domain-uts46"),
                "approved {address:?}, whose domain UTS-46 refuses: {e:?}"
            );
            return;
        }
    };
    let matched = approved.iter().any(|entry| {
        idna::domain_to_ascii_strict(entry_domain(entry))
            .is_ok_and(|m| mapped == m || (allow_subdomains && mapped.ends_with(&format!(".{m}"))))
    });
    assert!(
        matched,
        "approved {address:?} (UTS-46: {mapped:?}) against {approved:?}, which UTS-46 does not match"
    );
    if crate::enforce("domain-uts46") {
        assert_eq!(
            check.domain, mapped,
            "reported domain is not the UTS-46 mapping"
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn approves_exact_and_subdomain() {
        super::domain(b"\x00ada@Acme.COM\nacme.com");
        super::domain(b"\x01ada@sales.acme.com\n@acme.com");
        super::domain(b"\x00ada@b\xc3\xbccher.de\nxn--bcher-kva.de");
    }

    #[test]
    fn oracle_rejects_a_mismatch() {
        // The oracle itself: a domain that UTS-46 maps differently from the entry is caught.
        assert!(idna::domain_to_ascii_strict("acme.com").unwrap() != "acme.co");
        assert_eq!(super::entry_domain(" @acme.com. "), "acme.com");
    }
}
