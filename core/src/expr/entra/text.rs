//! String helpers: quoting, diacritics, proper case, encodings.

/// `s` as an Entra string constant: in double quotes, `"` and `\` escaped with `\`.
pub(crate) fn quote_into(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// The replacement of a character with a diacritic, per Microsoft's NormalizeDiacritics table
/// (precomposed letters; combining marks are dropped separately).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' | 'à' | 'â' | 'ã' | 'å' | 'á' | 'ą' | 'ă' | 'ā' | 'ǟ' | 'ǡ' => "a",
        'Ä' | 'À' | 'Â' | 'Ã' | 'Å' | 'Á' | 'Ą' | 'Ă' | 'Ā' | 'Ǟ' | 'Ǡ' => "A",
        'æ' | 'ǣ' => "ae",
        'Æ' | 'Ǣ' => "AE",
        'ç' | 'č' | 'ć' => "c",
        'Ç' | 'Č' | 'Ć' => "C",
        'ď' | 'ḏ' => "d",
        'Ď' | 'Ḏ' => "D",
        'ë' | 'è' | 'é' | 'ê' | 'ę' | 'ě' | 'ė' | 'ē' | 'ḗ' | 'ḕ' => "e",
        'Ë' | 'È' | 'É' | 'Ê' | 'Ę' | 'Ě' | 'Ė' | 'Ē' | 'Ḗ' | 'Ḕ' => "E",
        'ğ' | 'ḡ' => "g",
        'Ğ' | 'Ḡ' => "G",
        'ï' | 'î' | 'ì' | 'í' | 'ı' | 'ī' => "i",
        'Ï' | 'Î' | 'Ì' | 'Í' | 'İ' | 'Ī' => "I",
        'ľ' | 'ł' | 'ḹ' | 'ḻ' => "l",
        'Ł' | 'Ľ' | 'Ḹ' | 'Ḻ' => "L",
        'ñ' | 'ń' | 'ň' | 'ṉ' => "n",
        'Ñ' | 'Ń' | 'Ň' | 'Ṉ' => "N",
        'ö' | 'ò' | 'ő' | 'õ' | 'ô' | 'ó' | 'ō' | 'ṓ' | 'ṑ' | 'ȫ' | 'ǭ' | 'ȭ' | 'ȱ' => {
            "o"
        }
        'Ö' | 'Ò' | 'Ő' | 'Õ' | 'Ô' | 'Ó' | 'Ō' | 'Ṓ' | 'Ṑ' | 'Ȫ' | 'Ǭ' | 'Ȭ' | 'Ȱ' => {
            "O"
        }
        'ø' | 'œ' => "oe",
        'Ø' | 'Œ' => "OE",
        'ř' | 'ṟ' | 'ṝ' => "r",
        'Ř' | 'Ṟ' | 'Ṝ' => "R",
        'ß' => "ss",
        'š' | 'ś' | 'ș' | 'ş' => "s",
        'Š' | 'Ś' | 'Ș' | 'Ş' => "S",
        'ť' | 'ț' | 'ṯ' => "t",
        'Ť' | 'Ț' | 'Ṯ' => "T",
        'ü' | 'ù' | 'û' | 'ú' | 'ů' | 'ű' | 'ū' | 'ǖ' | 'ṻ' => "u",
        'Ü' | 'Ù' | 'Û' | 'Ú' | 'Ů' | 'Ű' | 'Ū' | 'Ǖ' | 'Ṻ' => "U",
        'ÿ' | 'ý' | 'ȳ' => "y",
        'Ÿ' | 'Ý' | 'Ȳ' => "Y",
        'ź' | 'ž' | 'ż' | 'ẕ' => "z",
        'Ź' | 'Ž' | 'Ż' | 'Ẕ' => "Z",
        _ => return None,
    })
}

/// NormalizeDiacritics: the letters of Microsoft's table folded, combining marks
/// (U+0300–U+036F) dropped, everything else kept.
pub(crate) fn normalize_diacritics(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if ('\u{300}'..='\u{36F}').contains(&c) {
            continue;
        }
        match fold(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    out
}

/// Whether `c` separates words for PCase without a separator list (.NET ToTitleCase: any
/// character that is not a letter, digit or combining mark, except the apostrophe, after which
/// .NET keeps the letter lower case).
fn default_separator(c: char) -> bool {
    !(c.is_alphanumeric() || c == '\'' || ('\u{300}'..='\u{36F}').contains(&c))
}

/// PCase: the first character of each word upper case, the others lower case.
pub(crate) fn pcase(s: &str, separators: Option<&str>) -> String {
    let set: Option<std::collections::HashSet<char>> = separators.map(|s| s.chars().collect());
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    for c in s.chars() {
        let sep = match &set {
            Some(set) => set.contains(&c),
            None => default_separator(c),
        };
        if sep {
            out.push(c);
            at_start = true;
        } else if at_start {
            out.extend(c.to_uppercase());
            at_start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Lower case; the Turkish and Azerbaijani cultures map `I` to `ı` and `İ` to `i`.
pub(crate) fn to_lower(s: &str, culture: Option<&str>) -> String {
    if turkic(culture) {
        s.chars()
            .map(|c| match c {
                'I' => "ı".to_string(),
                'İ' => "i".to_string(),
                c => c.to_lowercase().collect(),
            })
            .collect()
    } else {
        s.to_lowercase()
    }
}

/// Upper case; the Turkish and Azerbaijani cultures map `i` to `İ`.
pub(crate) fn to_upper(s: &str, culture: Option<&str>) -> String {
    if turkic(culture) {
        s.chars()
            .map(|c| match c {
                'i' => "İ".to_string(),
                c => c.to_uppercase().collect(),
            })
            .collect()
    } else {
        s.to_uppercase()
    }
}

fn turkic(culture: Option<&str>) -> bool {
    culture.is_some_and(|c| {
        let lang = c.split(['-', '_']).next().unwrap_or("");
        lang.eq_ignore_ascii_case("tr") || lang.eq_ignore_ascii_case("az")
    })
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (with padding) of `bytes`.
pub(crate) fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// ConvertToBase64: base64 of the UTF-16LE bytes (.NET's `Encoding.Unicode`).
pub(crate) fn base64_utf16(s: &str) -> String {
    let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    base64(&bytes)
}

/// ConvertToUTF8Hex: the UTF-8 bytes in upper-case hexadecimal.
pub(crate) fn utf8_hex(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        let _ = write!(out, "{b:02X}");
    }
    out
}

/// SplitMix64: a small, fast generator, deterministic from its seed.
pub(crate) struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        let n64 = n as u64;
        usize::try_from(self.next() % n64).unwrap_or(0)
    }
}

/// A text for an evaluation message: quoted when shorter than 8 bytes, otherwise described by
/// its length, since it may be a source attribute's value, which a message must not repeat.
pub(crate) fn shown(s: &str) -> String {
    if s.len() < 8 {
        format!("{s:?}")
    } else {
        format!("a text of {} characters", s.chars().count())
    }
}
