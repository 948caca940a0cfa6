//! Sweep of the approved-domain gate over all of Unicode: no code point whose UTS-46 mapping or
//! lower case contains ASCII, and no invisible code point, can stand in for a character of an
//! approved domain. The oracle for "UTS-46 mapping" is the mapping table itself (icu_normalizer's
//! UTS-46 mapper, the one the idna crate uses), not the code under test.

use std::sync::OnceLock;

use icu_normalizer::uts46::Uts46MapperBorrowed;
use scimgate::profile::domains::{check_domain_normalized, normalize_domain};

/// Approved domains that, together, hold every ASCII letter and digit, a hyphen and dots.
const APPROVED: [&str; 4] = [
    "approved.com",
    "example.com",
    "abcdefghijklmnopqrstuvwxyz0123456789.com",
    "ap-proved.com",
];

fn approved() -> Vec<String> {
    APPROVED
        .iter()
        .map(|d| normalize_domain(d).unwrap())
        .collect()
}

/// Every Unicode scalar value from U+0080 up.
fn non_ascii_scalars() -> impl Iterator<Item = char> {
    (0x80u32..=0x0010_FFFF).filter_map(char::from_u32)
}

/// A non-ASCII code point with its UTS-46 mapping (mapped, ignored → empty, disallowed →
/// U+FFFD, then NFC) and its lower case.
struct Swept {
    c: char,
    mapped: String,
    lower: String,
}

/// Every non-ASCII code point whose UTS-46 mapping is empty or has ASCII, or whose lower case
/// has ASCII: one scan of Unicode, shared by the tests of this file.
fn swept() -> &'static [Swept] {
    static SWEPT: OnceLock<Vec<Swept>> = OnceLock::new();
    SWEPT.get_or_init(|| {
        let mapper = Uts46MapperBorrowed::new();
        // One pass over all code points, each followed by U+0000: a starter that no mapping
        // produces and nothing composes with, so the output splits back into one mapping per
        // code point (much faster than one mapper call per code point in a debug build).
        let all: String = mapper
            .map_normalize(non_ascii_scalars().flat_map(|c| [c, '\0']))
            .collect();
        let mappings: Vec<&str> = all.split('\0').collect();
        assert_eq!(mappings.len(), non_ascii_scalars().count() + 1);
        let swept: Vec<Swept> = non_ascii_scalars()
            .zip(mappings)
            .filter_map(|(c, mapped)| {
                let lower: String = c.to_lowercase().collect();
                let ascii = mapped.chars().chain(lower.chars()).any(|x| x.is_ascii());
                (ascii || mapped.is_empty()).then(|| Swept {
                    c,
                    mapped: mapped.to_string(),
                    lower,
                })
            })
            .collect();
        // The split is the same as mapping each code point alone.
        for s in swept.iter().step_by(7) {
            let alone: String = mapper.map_normalize(std::iter::once(s.c)).collect();
            assert_eq!(alone, s.mapped, "U+{:04X}", u32::from(s.c));
        }
        for c in non_ascii_scalars().step_by(997) {
            let alone: String = mapper.map_normalize(std::iter::once(c)).collect();
            let in_swept = swept.iter().find(|s| s.c == c);
            let ascii =
                alone.is_empty() || alone.chars().chain(c.to_lowercase()).any(|x| x.is_ascii());
            assert_eq!(ascii, in_swept.is_some(), "U+{:04X}", u32::from(c));
        }
        swept
    })
}

/// The domain must be refused: an error, never approved.
fn assert_refused(domain: &str, approved: &[String], what: &str) {
    let address = format!("user@{domain}");
    let r = check_domain_normalized(&address, approved, true);
    assert!(r.is_err(), "{what}: {address:?} gave {r:?}");
}

#[test]
fn no_code_point_that_maps_or_lower_cases_to_ascii_stands_in_for_ascii() {
    let approved = approved();
    // The unchanged domains are approved, so each substitution below targets an approved domain.
    for d in APPROVED {
        let r = check_domain_normalized(&format!("user@{d}"), &approved, false).unwrap();
        assert!(r.approved, "{d}");
    }
    let candidates: Vec<&Swept> = swept()
        .iter()
        .filter(|s| {
            s.mapped
                .chars()
                .chain(s.lower.chars())
                .any(|x| x.is_ascii())
        })
        .collect();
    // The sweep is not empty: the well-known offenders are among the candidates.
    for known in [
        '\u{212A}',  // KELVIN SIGN
        '\u{130}',   // LATIN CAPITAL LETTER I WITH DOT ABOVE
        '\u{FF41}',  // FULLWIDTH LATIN SMALL LETTER A
        '\u{FF10}',  // FULLWIDTH DIGIT ZERO
        '\u{1D41A}', // MATHEMATICAL BOLD SMALL A
        '\u{24D0}',  // CIRCLED LATIN SMALL LETTER A
        '\u{FB01}',  // LATIN SMALL LIGATURE FI
        '\u{B2}',    // SUPERSCRIPT TWO
        '\u{2460}',  // CIRCLED DIGIT ONE
        '\u{1D400}', // MATHEMATICAL BOLD CAPITAL A
        '\u{3002}',  // IDEOGRAPHIC FULL STOP -> "."
        '\u{FF0D}',  // FULLWIDTH HYPHEN-MINUS -> "-"
    ] {
        assert!(
            candidates.iter().any(|s| s.c == known),
            "U+{:04X} missing from the sweep",
            u32::from(known)
        );
    }
    assert!(candidates.len() > 1500, "{} candidates", candidates.len());

    let mut attacks = 0usize;
    for Swept { c, mapped, lower } in candidates.iter().copied() {
        let what = format!(
            "U+{:04X} (maps to {mapped:?}, lower case {lower:?})",
            u32::from(*c)
        );
        let targets: Vec<char> = mapped
            .chars()
            .chain(lower.chars())
            .filter(char::is_ascii)
            .collect();
        for x in targets {
            if x.is_ascii_alphanumeric() {
                // Stand in for each occurrence of the letter or digit in each approved domain.
                for d in APPROVED {
                    for (i, _) in d.match_indices(x.to_ascii_lowercase()) {
                        let domain = format!("{}{c}{}", &d[..i], &d[i + 1..]);
                        assert_refused(&domain, &approved, &what);
                        attacks += 1;
                    }
                }
            } else if x == '.' {
                assert_refused(&format!("x{c}approved.com"), &approved, &what);
                assert_refused(&format!("approved{c}com"), &approved, &what);
                attacks += 2;
            } else if x == '-' {
                assert_refused(&format!("ap{c}proved.com"), &approved, &what);
                attacks += 1;
            }
        }
        // Stand in for the whole multi-character mapping or lower case ("ffi" for U+FB03).
        for whole in [mapped, lower] {
            let ok = !whole.is_empty()
                && whole
                    .chars()
                    .all(|x| x.is_ascii_lowercase() || x.is_ascii_digit())
                && whole.chars().count() > 1;
            if ok {
                let target = vec![normalize_domain(&format!("x{whole}x.com")).unwrap()];
                assert_refused(&format!("x{c}x.com"), &target, &what);
                attacks += 1;
            }
        }
    }
    assert!(attacks > candidates.len(), "{attacks} attacks");
}

#[test]
fn no_invisible_code_point_is_trusted_anywhere_in_a_domain() {
    // Default_Ignorable_Code_Point, from ICU's Unicode data (not the core's own table).
    let ignorable =
        icu_properties::CodePointSetData::new::<icu_properties::props::DefaultIgnorableCodePoint>();
    let mut invisible: Vec<char> = (0..=0x0010_FFFFu32)
        .filter_map(char::from_u32)
        .filter(|&c| ignorable.contains(c))
        .collect();
    // And whatever else the UTS-46 mapping deletes.
    let deleted: Vec<char> = swept()
        .iter()
        .filter(|s| s.mapped.is_empty())
        .map(|s| s.c)
        .collect();
    assert!(deleted.contains(&'\u{AD}') && deleted.contains(&'\u{FE0F}'));
    invisible.extend(deleted);
    invisible.sort_unstable();
    invisible.dedup();
    assert!(invisible.len() > 4000, "{}", invisible.len());

    let approved = vec![
        normalize_domain("approved.com").unwrap(),
        normalize_domain("bücher.de").unwrap(),
        normalize_domain("\u{915}\u{94D}\u{937}.com").unwrap(),
        normalize_domain("\u{628}\u{628}.com").unwrap(),
    ];
    let mut attacks = 0usize;
    for c in invisible {
        let what = format!("U+{:04X}", u32::from(c));
        // After a virama (Devanagari क्ष) and between joining letters (Arabic بب), UTS-46's
        // CONTEXTJ rule lets the zero-width joiners through: they are refused all the same.
        for d in [
            "approved.com",
            "bücher.de",
            "sub.approved.com",
            "\u{915}\u{94D}\u{937}.com",
            "\u{628}\u{628}.com",
        ] {
            for (i, _) in d.char_indices().chain(std::iter::once((d.len(), ' '))) {
                let domain = format!("{}{c}{}", &d[..i], &d[i..]);
                assert_refused(&domain, &approved, &what);
                attacks += 1;
            }
        }
    }
    assert!(attacks > 100_000, "{attacks}");
}
