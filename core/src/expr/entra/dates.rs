//! Dates: .NET custom and standard format strings (formatting and exact parsing, invariant
//! culture, UTC), the loose date-time parsing of `CDate`, and Windows FILETIME ticks.

use crate::expr::time::{self, DateTime};
use crate::expr::time::{DAYS, MONTHS};

/// Milliseconds from 1601-01-01T00:00:00Z (the FILETIME epoch) to 1970-01-01T00:00:00Z.
const FILETIME_EPOCH_MS: i64 = 11_644_473_600_000;

/// The text Entra gives a DateTime value: `M/d/yyyy h:mm:ss tt` (`3/16/2020 7:00:00 AM`).
pub(crate) fn default_text(ms: i64) -> String {
    format(ms, "M/d/yyyy h:mm:ss tt").unwrap_or_default()
}

/// FILETIME ticks (100 ns since 1601-01-01 UTC, AD's `Integer8` dates) of `ms`.
pub(crate) fn ticks_from_ms(ms: i64) -> Option<i64> {
    ms.checked_add(FILETIME_EPOCH_MS)?.checked_mul(10_000)
}

/// Milliseconds since 1970 of FILETIME `ticks` (`None` outside years 1601–9999).
pub(crate) fn ms_from_ticks(ticks: i64) -> Option<i64> {
    // 9999-12-31T23:59:59.999Z in ticks.
    if !(0..=2_650_467_743_999_999_999).contains(&ticks) {
        return None;
    }
    Some(ticks / 10_000 - FILETIME_EPOCH_MS)
}

#[derive(Debug, PartialEq)]
enum Tok {
    /// A specifier letter repeated `n` times.
    Field(char, usize),
    /// Literal text.
    Lit(String),
}

/// The format a standard (one-letter) format string stands for, in the invariant culture.
fn standard(fmt: &str) -> Option<std::result::Result<&'static str, ()>> {
    let mut chars = fmt.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        'o' | 'O' => Ok("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"),
        's' => Ok("yyyy'-'MM'-'dd'T'HH':'mm':'ss"),
        'u' => Ok("yyyy'-'MM'-'dd HH':'mm':'ss'Z'"),
        'd' => Ok("MM/dd/yyyy"),
        'D' => Ok("dddd, dd MMMM yyyy"),
        'f' => Ok("dddd, dd MMMM yyyy HH:mm"),
        'F' => Ok("dddd, dd MMMM yyyy HH:mm:ss"),
        'g' => Ok("MM/dd/yyyy HH:mm"),
        'G' => Ok("MM/dd/yyyy HH:mm:ss"),
        'm' | 'M' => Ok("MMMM dd"),
        'r' | 'R' => Ok("ddd, dd MMM yyyy HH':'mm':'ss 'GMT'"),
        't' => Ok("HH:mm"),
        'T' => Ok("HH:mm:ss"),
        'y' | 'Y' => Ok("yyyy MMMM"),
        _ => Err(()),
    })
}

fn tokens(fmt: &str) -> std::result::Result<Vec<Tok>, String> {
    let fmt = match standard(fmt) {
        Some(Ok(f)) => f,
        Some(Err(())) => {
            return Err(format!(
                "{} is not a standard date format",
                crate::expr::shown(fmt)
            ))
        }
        None => fmt,
    };
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let lit = |out: &mut Vec<Tok>, s: &str| match out.last_mut() {
        Some(Tok::Lit(l)) => l.push_str(s),
        _ => out.push(Tok::Lit(s.to_string())),
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            'y' | 'M' | 'd' | 'h' | 'H' | 'm' | 's' | 'f' | 'F' | 't' | 'z' | 'K' | 'g' => {
                let mut n = 1;
                while i + n < chars.len() && chars[i + n] == c {
                    n += 1;
                }
                let limit = match c {
                    'f' | 'F' => 7,
                    'y' => 5,
                    'M' | 'd' => 4,
                    'z' => 3,
                    'K' => 1,
                    _ => 2,
                };
                if n > limit {
                    return Err(format!(
                        "{} is not a date format specifier",
                        crate::expr::shown(&std::iter::repeat_n(c, n).collect::<String>())
                    ));
                }
                out.push(Tok::Field(c, n));
                i += n;
            }
            '\'' | '"' => {
                let close = chars[i + 1..].iter().position(|&q| q == c).ok_or_else(|| {
                    "a quoted literal in the date format is not closed".to_string()
                })?;
                let s: String = chars[i + 1..i + 1 + close].iter().collect();
                lit(&mut out, &s);
                i += close + 2;
            }
            '\\' => {
                let next = chars
                    .get(i + 1)
                    .ok_or_else(|| "the date format ends with '\\'".to_string())?;
                lit(&mut out, &next.to_string());
                i += 2;
            }
            '%' => {
                // `%d`: the one-letter custom specifier (not a standard format).
                i += 1;
            }
            c => {
                lit(&mut out, &c.to_string());
                i += 1;
            }
        }
    }
    Ok(out)
}

/// `ms` formatted with a .NET date format string (UTC, invariant culture).
pub(crate) fn format(ms: i64, fmt: &str) -> std::result::Result<String, String> {
    if fmt.is_empty() {
        return Ok(default_text(ms));
    }
    let t = DateTime::from_ms(ms);
    let mut out = String::new();
    for tok in tokens(fmt)? {
        match tok {
            Tok::Lit(s) => out.push_str(&s),
            Tok::Field(c, n) => {
                let hour12 = match t.hour % 12 {
                    0 => 12,
                    h => h,
                };
                let s = match (c, n) {
                    ('y', 1) => (t.year.rem_euclid(100)).to_string(),
                    ('y', 2) => format!("{:02}", t.year.rem_euclid(100)),
                    ('y', n) => format!("{:0n$}", t.year),
                    ('M', 1) => t.month.to_string(),
                    ('M', 2) => format!("{:02}", t.month),
                    ('M', 3) => MONTHS[(t.month - 1) as usize][..3].to_string(),
                    ('M', _) => MONTHS[(t.month - 1) as usize].to_string(),
                    ('d', 1) => t.day.to_string(),
                    ('d', 2) => format!("{:02}", t.day),
                    ('d', 3) => DAYS[t.weekday() as usize][..3].to_string(),
                    ('d', _) => DAYS[t.weekday() as usize].to_string(),
                    ('h', 1) => hour12.to_string(),
                    ('h', _) => format!("{hour12:02}"),
                    ('H', 1) => t.hour.to_string(),
                    ('H', _) => format!("{:02}", t.hour),
                    ('m', 1) => t.minute.to_string(),
                    ('m', _) => format!("{:02}", t.minute),
                    ('s', 1) => t.second.to_string(),
                    ('s', _) => format!("{:02}", t.second),
                    ('f' | 'F', n) => {
                        let full = format!("{:03}0000", t.milli);
                        let digits = &full[..n];
                        if c == 'F' {
                            digits.trim_end_matches('0').to_string()
                        } else {
                            digits.to_string()
                        }
                    }
                    ('t', 1) => if t.hour < 12 { "A" } else { "P" }.to_string(),
                    ('t', _) => if t.hour < 12 { "AM" } else { "PM" }.to_string(),
                    ('z', 1) => "+0".to_string(),
                    ('z', 2) => "+00".to_string(),
                    ('z', _) => "+00:00".to_string(),
                    ('K', _) => "Z".to_string(),
                    _ => "A.D.".to_string(),
                };
                out.push_str(&s);
            }
        }
    }
    Ok(out)
}

/// A cursor over the text being parsed.
struct Cur<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cur<'_> {
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let start = self.pos;
        while self.pos < self.s.len() && self.pos - start < max && self.s[self.pos].is_ascii_digit()
        {
            self.pos += 1;
        }
        if self.pos - start < min {
            return None;
        }
        std::str::from_utf8(&self.s[start..self.pos])
            .ok()?
            .parse()
            .ok()
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.s[self.pos..].starts_with(lit.as_bytes()) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    fn eat_ci(&mut self, lit: &str) -> bool {
        let l = lit.as_bytes();
        if self.s.len() - self.pos >= l.len()
            && self.s[self.pos..self.pos + l.len()].eq_ignore_ascii_case(l)
        {
            self.pos += l.len();
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.pos >= self.s.len()
    }

    /// `+hh:mm`, `-hh`, `+hhmm`: the offset in minutes.
    fn offset(&mut self, colon: Option<bool>) -> Option<i64> {
        let sign = match self.s.get(self.pos)? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.pos += 1;
        let h = self.digits(1, 2)?;
        let m = match colon {
            Some(true) => {
                if !self.eat(":") {
                    return None;
                }
                self.digits(2, 2)?
            }
            Some(false) => 0,
            None => {
                if self.eat(":") {
                    self.digits(2, 2)?
                } else {
                    self.digits(2, 2).unwrap_or(0)
                }
            }
        };
        if h > 14 || m > 59 {
            return None;
        }
        Some(sign * (h * 60 + m))
    }
}

#[derive(Default)]
struct Parts {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    hour: i64,
    minute: i64,
    second: i64,
    milli: i64,
    pm: Option<bool>,
    hour12: bool,
    offset_min: i64,
}

impl Parts {
    fn to_ms(&self, now_ms: i64) -> Option<i64> {
        let today = DateTime::from_ms(now_ms);
        let mut hour = self.hour;
        if let Some(pm) = self.pm {
            if hour > 12 || (self.hour12 && hour == 0) {
                return None;
            }
            if pm && hour < 12 {
                hour += 12;
            } else if !pm && hour == 12 {
                hour = 0;
            }
        }
        let (year, month, day) =
            if self.year.is_none() && self.month.is_none() && self.day.is_none() {
                (today.year, i64::from(today.month), i64::from(today.day))
            } else {
                (
                    self.year.unwrap_or(today.year),
                    self.month.unwrap_or(1),
                    self.day.unwrap_or(1),
                )
            };
        let t = DateTime {
            year,
            month: u32::try_from(month).ok()?,
            day: u32::try_from(day).ok()?,
            hour: u32::try_from(hour).ok()?,
            minute: u32::try_from(self.minute).ok()?,
            second: u32::try_from(self.second).ok()?,
            milli: u32::try_from(self.milli).ok()?,
        };
        if !(1..=9999).contains(&year) {
            return None;
        }
        t.to_ms()?.checked_sub(self.offset_min * 60_000)
    }
}

fn fraction_ms(digits: &[u8]) -> i64 {
    let mut ms = 0;
    for i in 0..3 {
        ms = ms * 10 + digits.get(i).map_or(0, |d| i64::from(d - b'0'));
    }
    ms
}

fn name_index(cur: &mut Cur<'_>, names: &[&str], abbreviated: bool) -> Option<usize> {
    names.iter().position(|n| {
        let n = if abbreviated { &n[..3] } else { n };
        cur.eat_ci(n)
    })
}

/// Parse `text` with a .NET custom date format (`ParseExact`, leading and trailing white space
/// allowed, invariant culture); `None` when it does not match. Without an offset in the text the
/// time is UTC; `now_ms` gives the date when the format has none.
pub(crate) fn parse_exact(
    text: &str,
    fmt: &str,
    now_ms: i64,
) -> std::result::Result<Option<i64>, String> {
    let toks = tokens(fmt)?;
    let mut cur = Cur {
        s: text.trim().as_bytes(),
        pos: 0,
    };
    let mut p = Parts::default();
    for (i, tok) in toks.iter().enumerate() {
        // A numeric field directly followed by another numeric field takes exactly its width.
        let next_numeric =
            matches!(toks.get(i + 1), Some(Tok::Field(c, _)) if "yMdhHmsfF".contains(*c));
        let ok = match tok {
            Tok::Lit(l) => cur.eat(l),
            Tok::Field(c, n) => {
                let (n, c) = (*n, *c);
                let (min, max) = if n == 1 && !next_numeric {
                    (1, 2)
                } else {
                    (2, 2)
                };
                match c {
                    'y' => {
                        let v = if n <= 2 {
                            cur.digits(if n == 1 && !next_numeric { 1 } else { 2 }, 2)
                                .map(|y| if y <= 49 { 2000 + y } else { 1900 + y })
                        } else {
                            cur.digits(n, n.max(4))
                        };
                        p.year = v;
                        v.is_some()
                    }
                    'M' if n >= 3 => {
                        p.month = name_index(&mut cur, &MONTHS, n == 3)
                            .and_then(|i| i64::try_from(i + 1).ok());
                        p.month.is_some()
                    }
                    'M' => {
                        p.month = cur.digits(min, max);
                        p.month.is_some()
                    }
                    'd' if n >= 3 => name_index(&mut cur, &DAYS, n == 3).is_some(),
                    'd' => {
                        p.day = cur.digits(min, max);
                        p.day.is_some()
                    }
                    'h' | 'H' => {
                        p.hour12 = c == 'h';
                        cur.digits(min, max).map(|v| p.hour = v).is_some()
                    }
                    'm' => cur.digits(min, max).map(|v| p.minute = v).is_some(),
                    's' => cur.digits(min, max).map(|v| p.second = v).is_some(),
                    'f' | 'F' => {
                        let start = cur.pos;
                        let got = cur.digits(if c == 'f' { n } else { 0 }, n).is_some() || c == 'F';
                        p.milli = fraction_ms(&cur.s[start..cur.pos]);
                        got
                    }
                    't' => {
                        if cur.eat_ci(if n == 1 { "A" } else { "AM" }) {
                            p.pm = Some(false);
                            true
                        } else if cur.eat_ci(if n == 1 { "P" } else { "PM" }) {
                            p.pm = Some(true);
                            true
                        } else {
                            false
                        }
                    }
                    'z' => cur.offset(Some(n == 3)).map(|o| p.offset_min = o).is_some(),
                    'K' => {
                        if cur.eat("Z") {
                            true
                        } else if matches!(cur.s.get(cur.pos), Some(b'+' | b'-')) {
                            cur.offset(Some(true)).map(|o| p.offset_min = o).is_some()
                        } else {
                            true
                        }
                    }
                    _ => cur.eat_ci("A.D.") || cur.eat_ci("AD"),
                }
            }
        };
        if !ok {
            return Ok(None);
        }
    }
    if !cur.done() {
        return Ok(None);
    }
    Ok(p.to_ms(now_ms))
}

/// Parse a date-time the way `CDate` does: ISO 8601 (`2009-06-15T01:45:30-07:00`,
/// `2020-03-16-07:00`, `2021-08-24`, a space for `T`), US (`8/25/2021 5:41:18 PM`) and
/// generalized time (`20150123105347.1Z`). Without an offset the time is UTC.
pub(crate) fn parse_loose(text: &str, now_ms: i64) -> Option<i64> {
    let s = text.trim();
    let b = s.as_bytes();
    let mut cur = Cur { s: b, pos: 0 };
    let mut p = Parts::default();
    let digits_run = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits_run >= 12 {
        // Generalized time: yyyyMMddHHmm[ss][.f+](Z|±hhmm)?
        p.year = cur.digits(4, 4);
        p.month = cur.digits(2, 2);
        p.day = cur.digits(2, 2);
        p.hour = cur.digits(2, 2)?;
        p.minute = cur.digits(2, 2)?;
        p.second = cur.digits(2, 2).unwrap_or(0);
        if cur.eat(".") || cur.eat(",") {
            let start = cur.pos;
            cur.digits(1, 9)?;
            p.milli = fraction_ms(&b[start..cur.pos]);
        }
    } else if digits_run == 4 && b.get(4) == Some(&b'-') {
        p.year = cur.digits(4, 4);
        cur.eat("-");
        p.month = cur.digits(1, 2);
        if !cur.eat("-") {
            return None;
        }
        p.day = cur.digits(1, 2);
        if cur.eat("T") || cur.eat("t") || cur.eat(" ") {
            time_of_day(&mut cur, &mut p)?;
        }
    } else if digits_run == 4 && b.get(4) == Some(&b'/') {
        p.year = cur.digits(4, 4);
        cur.eat("/");
        p.month = cur.digits(1, 2);
        if !cur.eat("/") {
            return None;
        }
        p.day = cur.digits(1, 2);
        if cur.eat(" ") || cur.eat("T") {
            time_of_day(&mut cur, &mut p)?;
        }
    } else if (1..=2).contains(&digits_run) {
        p.month = cur.digits(1, 2);
        if !cur.eat("/") {
            return None;
        }
        p.day = cur.digits(1, 2);
        if !cur.eat("/") {
            return None;
        }
        p.year = cur.digits(4, 4);
        if cur.eat(" ") || cur.eat("T") {
            time_of_day(&mut cur, &mut p)?;
        }
    } else {
        return None;
    }
    while cur.eat(" ") {}
    if cur.eat("Z") || cur.eat("z") {
    } else if matches!(b.get(cur.pos), Some(b'+' | b'-')) {
        p.offset_min = cur.offset(None)?;
    }
    if !cur.done() || p.year.is_none() || p.month.is_none() || p.day.is_none() {
        return None;
    }
    p.to_ms(now_ms)
}

fn time_of_day(cur: &mut Cur<'_>, p: &mut Parts) -> Option<()> {
    p.hour = cur.digits(1, 2)?;
    if !cur.eat(":") {
        return None;
    }
    p.minute = cur.digits(2, 2)?;
    if cur.eat(":") {
        p.second = cur.digits(2, 2)?;
        if cur.eat(".") {
            let start = cur.pos;
            cur.digits(1, 9)?;
            p.milli = fraction_ms(&cur.s[start..cur.pos]);
        }
    }
    let save = cur.pos;
    while cur.eat(" ") {}
    if cur.eat_ci("AM") {
        p.pm = Some(false);
        p.hour12 = true;
    } else if cur.eat_ci("PM") {
        p.pm = Some(true);
        p.hour12 = true;
    } else {
        cur.pos = save;
    }
    Some(())
}

/// DateAdd: `ms` plus `n` `interval`s (`yyyy`, `q`, `m`, `y`, `d`, `w`, `ww`, `h`, `n`, `s`);
/// adding months keeps the day, clamped to the month's last day.
pub(crate) fn add(interval: &str, n: i64, ms: i64) -> std::result::Result<Option<i64>, String> {
    let months = |k: i64| -> Option<i64> {
        let t = DateTime::from_ms(ms);
        let total = t
            .year
            .checked_mul(12)?
            .checked_add(i64::from(t.month) - 1)?
            .checked_add(n.checked_mul(k)?)?;
        let year = total.div_euclid(12);
        let month = u32::try_from(total.rem_euclid(12) + 1).ok()?;
        let day = t.day.min(time::days_in_month(year, month));
        if !(1..=9999).contains(&year) {
            return None;
        }
        DateTime {
            year,
            month,
            day,
            ..t
        }
        .to_ms()
    };
    let span = |unit: i64| n.checked_mul(unit).and_then(|d| ms.checked_add(d));
    let r = match interval.to_ascii_lowercase().as_str() {
        "yyyy" => months(12),
        "q" => months(3),
        "m" => months(1),
        "y" | "d" | "w" => span(86_400_000),
        "ww" => span(7 * 86_400_000),
        "h" => span(3_600_000),
        "n" => span(60_000),
        "s" => span(1000),
        _ => {
            return Err(format!(
                "{} is not a DateAdd interval (yyyy, q, m, y, d, w, ww, h, n, s)",
                crate::expr::shown(interval)
            ))
        }
    };
    Ok(r.filter(|v| in_range(*v)))
}

/// Whether `ms` is within years 1–9999.
pub(crate) fn in_range(ms: i64) -> bool {
    (-62_135_596_800_000..=253_402_300_799_999).contains(&ms)
}

/// DateDiff: the number of `interval` boundaries crossed from `a` to `b` (VBA semantics:
/// calendar years, quarters, months, days, weeks starting on Sunday, hours, minutes, seconds;
/// `w` counts whole weeks of 7 days).
pub(crate) fn diff(interval: &str, a: i64, b: i64) -> std::result::Result<i64, String> {
    let ta = DateTime::from_ms(a);
    let tb = DateTime::from_ms(b);
    let day = |ms: i64| ms.div_euclid(86_400_000);
    Ok(match interval.to_ascii_lowercase().as_str() {
        "yyyy" => tb.year - ta.year,
        "q" => {
            (tb.year * 4 + i64::from((tb.month - 1) / 3))
                - (ta.year * 4 + i64::from((ta.month - 1) / 3))
        }
        "m" => (tb.year * 12 + i64::from(tb.month)) - (ta.year * 12 + i64::from(ta.month)),
        "y" | "d" => day(b) - day(a),
        "w" => (day(b) - day(a)) / 7,
        "ww" => ((day(b) - i64::from(tb.weekday())) - (day(a) - i64::from(ta.weekday()))) / 7,
        "h" => b.div_euclid(3_600_000) - a.div_euclid(3_600_000),
        "n" => b.div_euclid(60_000) - a.div_euclid(60_000),
        "s" => b.div_euclid(1000) - a.div_euclid(1000),
        _ => {
            return Err(format!(
                "{} is not a DateDiff interval (yyyy, q, m, y, d, w, ww, h, n, s)",
                crate::expr::shown(interval)
            ))
        }
    })
}
