//! Time for `Time.*`: Joda-Time patterns (format and parse), Okta's zone IDs (standard
//! offsets), ISO 8601 output like Joda's `DateTime.toString()`.

use crate::expr::time::{DAYS, MONTHS};
use std::fmt::Write as _;

use super::zones::ZONES;
use crate::expr::time::DateTime;

/// Offset in minutes of a zone ID Okta lists, `UTC`, or a fixed offset `+05:30` / `-0800`.
pub(super) fn zone_offset(id: &str) -> Option<i32> {
    if let Ok(i) = ZONES.binary_search_by(|(z, _)| (*z).cmp(id)) {
        return Some(ZONES[i].1);
    }
    let b = id.as_bytes();
    let sign = match b.first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return None,
    };
    let digits: String = id[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    (h <= 23 && m <= 59).then_some(sign * (h * 60 + m))
}

fn offset_text(minutes: i32, colon: bool) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let a = minutes.abs();
    if colon {
        format!("{sign}{:02}:{:02}", a / 60, a % 60)
    } else {
        format!("{sign}{:02}{:02}", a / 60, a % 60)
    }
}

/// `2015-07-31T17:18:37.979Z` (UTC) or `...-04:00`, milliseconds always shown (Joda's ISO
/// format).
pub(super) fn iso(ms: i64, offset_min: i32) -> String {
    let t = DateTime::from_ms(ms + i64::from(offset_min) * 60_000);
    let mut s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
        t.year, t.month, t.day, t.hour, t.minute, t.second, t.milli
    );
    if offset_min == 0 {
        s.push('Z');
    } else {
        s.push_str(&offset_text(offset_min, true));
    }
    s
}

#[derive(Debug)]
enum Part {
    Field(char, usize),
    Text(String),
}

fn compile(pattern: &str) -> Result<Vec<Part>, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            let mut text = String::new();
            if chars.get(i + 1) == Some(&'\'') {
                parts.push(Part::Text("'".into()));
                i += 2;
                continue;
            }
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err("the pattern has an unterminated quote".into()),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        text.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&ch) => {
                        text.push(ch);
                        i += 1;
                    }
                }
            }
            parts.push(Part::Text(text));
        } else if c.is_ascii_alphabetic() {
            if !"GCYyxwMdDEeaKhHkmsSZzu".contains(c) {
                return Err(format!(
                    "the pattern letter {c:?} is not a Joda-Time letter scimgate supports"
                ));
            }
            if matches!(c, 'C' | 'x' | 'w') {
                return Err(format!(
                    "the pattern letter {c:?} (century, week year, week) is not supported"
                ));
            }
            let mut j = i;
            while chars.get(j) == Some(&c) {
                j += 1;
            }
            parts.push(Part::Field(c, j - i));
            i = j;
        } else {
            parts.push(Part::Text(c.to_string()));
            i += 1;
        }
    }
    Ok(parts)
}

fn pad(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        let _ = write!(out, "-{:0width$}", -n);
    } else {
        let _ = write!(out, "{n:0width$}");
    }
}

/// `ms` formatted with a Joda pattern in a zone (`offset_min`, named `zone` for `z`/`ZZZ`).
pub(super) fn format(
    ms: i64,
    offset_min: i32,
    zone: &str,
    pattern: &str,
) -> Result<String, String> {
    let t = DateTime::from_ms(ms + i64::from(offset_min) * 60_000);
    let mut out = String::new();
    for part in compile(pattern)? {
        let (c, n) = match part {
            Part::Text(s) => {
                out.push_str(&s);
                continue;
            }
            Part::Field(c, n) => (c, n),
        };
        let n = n.min(32);
        match c {
            'y' | 'Y' | 'u' if n == 2 => pad(&mut out, t.year.rem_euclid(100), 2),
            'y' | 'Y' | 'u' => pad(&mut out, t.year, n),
            'M' if n >= 4 => out.push_str(MONTHS[(t.month as usize + 11) % 12]),
            'M' if n == 3 => out.push_str(&MONTHS[(t.month as usize + 11) % 12][..3]),
            'M' => pad(&mut out, i64::from(t.month), n),
            'd' => pad(&mut out, i64::from(t.day), n),
            'D' => {
                let doy = crate::expr::time::days_from_civil(t.year, t.month, t.day)
                    - crate::expr::time::days_from_civil(t.year, 1, 1)
                    + 1;
                pad(&mut out, doy, n);
            }
            'H' => pad(&mut out, i64::from(t.hour), n),
            'k' => pad(
                &mut out,
                i64::from(if t.hour == 0 { 24 } else { t.hour }),
                n,
            ),
            'K' => pad(&mut out, i64::from(t.hour % 12), n),
            'h' => pad(
                &mut out,
                i64::from(if t.hour % 12 == 0 { 12 } else { t.hour % 12 }),
                n,
            ),
            'm' => pad(&mut out, i64::from(t.minute), n),
            's' => pad(&mut out, i64::from(t.second), n),
            'S' => {
                let ms = format!("{:03}", t.milli);
                if n <= 3 {
                    out.push_str(&ms[..n]);
                } else {
                    out.push_str(&ms);
                    out.extend(std::iter::repeat_n('0', n - 3));
                }
            }
            'a' => out.push_str(if t.hour < 12 { "AM" } else { "PM" }),
            'E' if n >= 4 => out.push_str(DAYS[t.weekday() as usize % 7]),
            'E' => out.push_str(&DAYS[t.weekday() as usize % 7][..3]),
            'e' => pad(&mut out, i64::from((t.weekday() + 6) % 7 + 1), n),
            'G' => out.push_str(if t.year > 0 { "AD" } else { "BC" }),
            'Z' if n == 1 => out.push_str(&offset_text(offset_min, false)),
            'Z' if n == 2 => out.push_str(&offset_text(offset_min, true)),
            'Z' | 'z' => out.push_str(zone),
            _ => return Err(format!("the pattern letter {c:?} is not supported")),
        }
    }
    Ok(out)
}

fn is_numeric(c: char) -> bool {
    matches!(
        c,
        'y' | 'Y' | 'u' | 'd' | 'D' | 'H' | 'k' | 'K' | 'h' | 'm' | 's' | 'S' | 'e'
    )
}

fn name_at(text: &str, names: &[&str]) -> Option<(usize, usize)> {
    // The full name first, then the three-letter abbreviation (ASCII case-insensitive).
    for (i, name) in names.iter().enumerate() {
        if text.len() >= name.len()
            && text.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some((i, name.len()));
        }
    }
    for (i, name) in names.iter().enumerate() {
        if text.len() >= 3 && text.as_bytes()[..3].eq_ignore_ascii_case(&name.as_bytes()[..3]) {
            return Some((i, 3));
        }
    }
    None
}

/// Milliseconds since the epoch of `text` read with a Joda pattern (UTC unless the pattern
/// reads an offset).
pub(super) fn parse(text: &str, pattern: &str) -> Result<i64, String> {
    let parts = compile(pattern)?;
    let mut rest = text;
    let (mut year, mut month, mut day, mut hour, mut minute, mut second, mut milli) =
        (1970i64, 1u32, 1u32, 0u32, 0u32, 0u32, 0u32);
    let mut pm: Option<bool> = None;
    let mut half_hour: Option<u32> = None;
    let mut offset = 0i32;
    let bad = || {
        format!(
            "{} does not match the pattern {}",
            crate::expr::shown(text),
            crate::expr::shown(pattern)
        )
    };
    for (k, part) in parts.iter().enumerate() {
        match part {
            Part::Text(s) => {
                rest = rest.strip_prefix(s.as_str()).ok_or_else(bad)?;
            }
            Part::Field('M', n) if *n >= 3 => {
                let (i, len) = name_at(rest, &MONTHS).ok_or_else(bad)?;
                month = u32::try_from(i + 1).unwrap_or(1);
                rest = &rest[len..];
            }
            Part::Field('E', _) => {
                let (_, len) = name_at(rest, &DAYS).ok_or_else(bad)?;
                rest = &rest[len..];
            }
            Part::Field('a', _) => {
                let up = rest.get(..2).map(str::to_ascii_uppercase);
                pm = Some(match up.as_deref() {
                    Some("AM") => false,
                    Some("PM") => true,
                    _ => return Err(bad()),
                });
                rest = &rest[2..];
            }
            Part::Field('G', _) => {
                rest = rest.strip_prefix("AD").ok_or_else(bad)?;
            }
            Part::Field('Z' | 'z', _) => {
                if let Some(r) = rest.strip_prefix('Z') {
                    rest = r;
                } else {
                    let len = if rest.get(3..4) == Some(":") { 6 } else { 5 };
                    let o = rest.get(..len).and_then(zone_offset).ok_or_else(bad)?;
                    offset = o;
                    rest = &rest[len..];
                }
            }
            Part::Field(c, n) => {
                let adjacent =
                    matches!(parts.get(k + 1), Some(Part::Field(d, _)) if is_numeric(*d));
                let max = if adjacent {
                    *n
                } else {
                    match c {
                        'y' | 'Y' | 'u' => 9,
                        'S' => 9,
                        'D' => 3,
                        _ => 2,
                    }
                };
                let negative = matches!(c, 'y' | 'Y' | 'u') && rest.starts_with('-');
                let body = if negative { &rest[1..] } else { rest };
                let len = body
                    .bytes()
                    .take(max)
                    .take_while(u8::is_ascii_digit)
                    .count();
                if len == 0 {
                    return Err(bad());
                }
                let digits = &body[..len];
                let v: i64 = digits.parse().map_err(|_| bad())?;
                let v = if negative { -v } else { v };
                rest = &body[len..];
                let small = u32::try_from(v).unwrap_or(u32::MAX);
                match c {
                    'y' | 'Y' | 'u' if *n == 2 && len == 2 => {
                        year = if v < 50 { 2000 + v } else { 1900 + v };
                    }
                    'y' | 'Y' | 'u' => year = v,
                    'd' => day = small,
                    'D' | 'e' => {}
                    'H' => hour = small,
                    'k' => hour = if small == 24 { 0 } else { small },
                    'K' | 'h' => half_hour = Some(if small == 12 { 0 } else { small }),
                    'm' => minute = small,
                    's' => second = small,
                    'S' => {
                        let d3 = format!("{digits:0<3}");
                        milli = d3[..3].parse().map_err(|_| bad())?;
                    }
                    _ => month = small,
                }
            }
        }
    }
    if !rest.is_empty() {
        return Err(bad());
    }
    if let Some(h) = half_hour {
        if h > 11 {
            return Err(bad());
        }
        hour = h + if pm == Some(true) { 12 } else { 0 };
    }
    let ms = DateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        milli,
    }
    .to_ms()
    .ok_or_else(|| format!("{} is not a valid date-time", crate::expr::shown(text)))?;
    Ok(ms - i64::from(offset) * 60_000)
}
