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

/// UTS-46 ToASCII with the settings the core documents (core/src/profile/domains.rs).
fn uts46(domain: &str) -> Result<String, idna::Errors> {
    use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
    Uts46::new()
        .to_ascii(
            domain.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Verify,
        )
        .map(std::borrow::Cow::into_owned)
}

/// The `domain` target. Oracles: no panic; when `check_domain` approves, the address has exactly
/// one `@`, `matched` is set, and some entry approves it on its own; the address's domain mapped
/// with the `idna` crate's UTS-46 ToASCII under the settings scimgate documents (STD3 rules,
/// hyphens checked first and last only, as browsers do: `r3---sn-abc.example` is a real host;
/// DNS lengths verified) equals each such entry mapped the same way or, with subdomains allowed, ends with
/// `.` and that entry; the reported `domain` is that mapping. Open finding `domain-uts46`: an
/// address or entry that UTS-46 refuses is accepted, and the reported domain differs.
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
    let mapped = match uts46(domain) {
        Ok(m) => m,
        Err(e) => {
            assert!(
                !crate::enforce("domain-uts46"),
                "approved {address:?}, whose domain UTS-46 refuses: {e:?}"
            );
            return;
        }
    };
    // Each entry that approves the address on its own must name, under UTS-46, the address's
    // domain or (when allowed) a parent of it.
    let mut approving = 0;
    for entry in &approved {
        let alone = scimgate::check_domain(address, &[entry], allow_subdomains);
        if !alone.is_ok_and(|c| c.approved) {
            continue;
        }
        approving += 1;
        match uts46(entry_domain(entry)) {
            Ok(m) => assert!(
                mapped == m || (allow_subdomains && mapped.ends_with(&format!(".{m}"))),
                "approved {address:?} (UTS-46: {mapped:?}) by entry {entry:?} (UTS-46: {m:?})"
            ),
            Err(e) => assert!(
                !crate::enforce("domain-uts46"),
                "approved {address:?} by entry {entry:?}, which UTS-46 refuses: {e:?}"
            ),
        }
    }
    assert!(
        approving > 0,
        "approved {address:?}, but by no entry of {approved:?} alone"
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
    fn entry_syntax_is_stripped_before_mapping() {
        assert_eq!(super::entry_domain(" @acme.com. "), "acme.com");
        assert_eq!(super::entry_domain("acme.com"), "acme.com");
    }
}
