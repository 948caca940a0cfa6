//! Calendar arithmetic for the expression languages: UTC date-times as milliseconds since
//! 1970-01-01T00:00:00Z, converted to and from civil dates (proleptic Gregorian calendar) and
//! RFC 3339 text. No time zones beyond fixed offsets: the IdPs evaluate in UTC.

use std::fmt::Write as _;

/// A civil date-time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Year (may be negative or beyond 9999 in arithmetic; formatting clamps to what it shows).
    pub year: i64,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
    /// Hour, 0–23.
    pub hour: u32,
    /// Minute, 0–59.
    pub minute: u32,
    /// Second, 0–59.
    pub second: u32,
    /// Millisecond, 0–999.
    pub milli: u32,
}

const MS_PER_DAY: i64 = 86_400_000;

/// English month names, January first (the invariant culture's and Joda's).
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English day names, Sunday first (so [`DateTime::weekday`] indexes them).
pub const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Days since 1970-01-01 of a civil date (any year; months and days in range).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    // d in 1..=31 and m in 1..=12 by construction.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// Whether `year` is a leap year.
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl DateTime {
    /// The date-time `ms` milliseconds after the epoch.
    pub fn from_ms(ms: i64) -> DateTime {
        let days = ms.div_euclid(MS_PER_DAY);
        let rem = ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let secs = rem / 1000;
        DateTime {
            year,
            month,
            day,
            hour: u32::try_from(secs / 3600).unwrap_or(0),
            minute: u32::try_from(secs / 60 % 60).unwrap_or(0),
            second: u32::try_from(secs % 60).unwrap_or(0),
            milli: u32::try_from(rem % 1000).unwrap_or(0),
        }
    }

    /// Milliseconds since the epoch (`None` when a field is out of range).
    pub fn to_ms(&self) -> Option<i64> {
        if !(1..=12).contains(&self.month)
            || self.day == 0
            || self.day > days_in_month(self.year, self.month)
            || self.hour > 23
            || self.minute > 59
            || self.second > 59
            || self.milli > 999
        {
            return None;
        }
        let days = days_from_civil(self.year, self.month, self.day);
        let time = i64::from(self.hour) * 3_600_000
            + i64::from(self.minute) * 60_000
            + i64::from(self.second) * 1000
            + i64::from(self.milli);
        days.checked_mul(MS_PER_DAY)?.checked_add(time)
    }

    /// Day of the week, 0 = Sunday.
    pub fn weekday(&self) -> u32 {
        let days = days_from_civil(self.year, self.month, self.day);
        u32::try_from((days + 4).rem_euclid(7)).unwrap_or(0)
    }
}

/// RFC 3339 text of `ms` in UTC: `2026-11-27T10:00:00Z`, with `.sss` when there are
/// milliseconds.
pub fn format_rfc3339(ms: i64) -> String {
    let t = DateTime::from_ms(ms);
    let mut s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    );
    if t.milli != 0 {
        let _ = write!(s, ".{:03}", t.milli);
    }
    s.push('Z');
    s
}

/// Milliseconds since the epoch of an RFC 3339 date-time (`2026-11-27T10:00:00Z`,
/// `2026-11-27T10:00:00.5+01:00`, `t` and `z` in any case, a space for `T`), or of a plain date
/// (`2026-11-27`, midnight UTC). Fractions beyond milliseconds are truncated.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let year = i64::from(num(0, 4)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    if b.len() == 10 {
        return DateTime {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            milli: 0,
        }
        .to_ms();
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let hour = num(11, 2)?;
    let minute = num(14, 2)?;
    let second = num(17, 2)?;
    let mut i = 19;
    let mut milli = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let digits = &text[start..i.min(start + 3)];
        milli = digits.parse::<u32>().ok()? * 10u32.pow(3 - u32::try_from(digits.len()).ok()?);
    }
    let offset_ms: i64 = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let h = i64::from(num(i + 1, 2)?);
            let m = i64::from(num(i + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let o = (h * 60 + m) * 60_000;
            if sign == b'+' {
                o
            } else {
                -o
            }
        }
        _ => return None,
    };
    let local = DateTime {
        year,
        month,
        day,
        hour,
        minute,
        second: second.min(59),
        milli,
    }
    .to_ms()?;
    Some(local - offset_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for d in [-800_000, -1, 0, 1, 59, 10_957, 20_000, 2_932_896] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(DateTime::from_ms(0).weekday(), 4); // a Thursday
    }

    #[test]
    fn rfc3339_parses_and_formats() {
        let ms = parse_rfc3339_ms("2026-11-27T10:00:00Z").unwrap();
        assert_eq!(format_rfc3339(ms), "2026-11-27T10:00:00Z");
        assert_eq!(parse_rfc3339_ms("2026-11-27T11:00:00+01:00"), Some(ms));
        assert_eq!(parse_rfc3339_ms("2026-11-27T10:00:00.250Z"), Some(ms + 250));
        assert_eq!(parse_rfc3339_ms("2026-11-27"), Some(ms - 10 * 3_600_000));
        for bad in [
            "2026-02-30T00:00:00Z",
            "2026-11-27T10:00:00",
            "26-11-27",
            "2026-11-27T25:00:00Z",
            "",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }
}
