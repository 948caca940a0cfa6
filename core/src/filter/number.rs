//! Number literals in filters: JSON number syntax, and whether a decimal is kept exactly by a
//! 64-bit float (its canonical text denotes the same number).

/// Whether `s` is a JSON number (RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]?
/// [0-9]+)?`), and if so whether it is an integer (no fraction, no exponent).
pub(super) fn json_number_shape(s: &str) -> Option<bool> {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return None,
    }
    let mut integer = true;
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
        integer = false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
        integer = false;
    }
    (i == b.len()).then_some(integer)
}

/// A decimal number in a normal form: sign, significant digits without leading or trailing
/// zeros, and the exponent `e` such that the value is `0.digits × 10^e` (zero: no digits, e 0).
/// Exponents saturate far beyond any float's range, which keeps the comparison exact for every
/// number a float can hold.
fn decimal_form(s: &str) -> (bool, Vec<u8>, i64) {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let mut exp: i64 = 0;
    let (exp_negative, exp_digits) = match exponent.as_bytes().first() {
        Some(b'-') => (true, &exponent[1..]),
        Some(b'+') => (false, &exponent[1..]),
        _ => (false, exponent),
    };
    for d in exp_digits.bytes() {
        exp = (exp * 10 + i64::from(d - b'0')).min(1 << 40);
    }
    if exp_negative {
        exp = -exp;
    }
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    let Some(first) = all.iter().position(|&d| d != b'0') else {
        return (negative, Vec::new(), 0);
    };
    let last = all.iter().rposition(|&d| d != b'0').unwrap_or(first);
    // The value is 0.all × 10^(int_len + exp); dropping `first` leading zeros lowers it.
    let int_len = i64::try_from(int_part.len()).unwrap_or(i64::MAX >> 2);
    let lead = i64::try_from(first).unwrap_or(i64::MAX >> 2);
    (negative, all[first..=last].to_vec(), int_len - lead + exp)
}

/// Whether two JSON number texts denote the same decimal number (`2.50` and `2.5`, `1e3` and
/// `1000.0`); `-0` and `0` differ by sign.
pub(super) fn same_decimal(a: &str, b: &str) -> bool {
    decimal_form(a) == decimal_form(b)
}

#[cfg(test)]
mod tests {
    use super::{decimal_form, json_number_shape, same_decimal};

    #[test]
    fn number_shapes() {
        for (s, want) in [
            ("0", Some(true)),
            ("-0", Some(true)),
            ("12", Some(true)),
            ("1.5", Some(false)),
            ("1e3", Some(false)),
            ("-1.5E+3", Some(false)),
            ("01", None),
            ("1.", None),
            (".5", None),
            ("+1", None),
            ("-", None),
            ("1e", None),
            ("1e+", None),
            ("1-2", None),
            ("1.5.5", None),
        ] {
            assert_eq!(json_number_shape(s), want, "{s}");
        }
    }

    #[test]
    fn decimal_forms() {
        assert_eq!(decimal_form("2.50"), (false, b"25".to_vec(), 1));
        assert_eq!(decimal_form("0.0025e3"), (false, b"25".to_vec(), 1));
        assert_eq!(decimal_form("-120"), (true, b"12".to_vec(), 3));
        assert_eq!(decimal_form("0e999999999999999999999"), (false, vec![], 0));
        assert!(same_decimal("1e3", "1000.0"));
        assert!(same_decimal("1E+16", "1e16"));
        assert!(same_decimal("0.00001", "1e-5"));
        assert!(!same_decimal("0.1", "0.10000000000000001"));
        assert!(!same_decimal("-0", "0"));
        assert!(!same_decimal("1e400", "1e399"));
    }
}
