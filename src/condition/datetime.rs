//! The two date-time spellings File and Folder conditions meet: the WMI datetime a condition stores
//! (`yyyyMMddhhmmss.ffffff+UUU`, `UUU` = offset from UTC in minutes) and the RFC 3339 time a host
//! reports (`2023-05-01T10:00:00Z`). Both become a UTC instant, compared to the microsecond.

use std::cmp::Ordering;

/// A point in time, UTC, to the microsecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Instant {
    seconds: i64,
    micros: u32,
}

impl Instant {
    pub(crate) fn cmp_to(self, other: Instant) -> Ordering {
        self.cmp(&other)
    }
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(text: &str, from: usize, len: usize) -> Option<u32> {
    let part = text.get(from..from + len)?;
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    micros: u32,
    offset_minutes: i64,
}

impl Civil {
    fn instant(&self) -> Option<Instant> {
        let valid = (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            // 60 for a leap second, as RFC 3339 allows.
            && self.second <= 60
            && self.micros < 1_000_000;
        if !valid {
            return None;
        }
        let days = days_from_civil(self.year, self.month, self.day);
        let local = days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        Some(Instant {
            seconds: local - self.offset_minutes * 60,
            micros: self.micros,
        })
    }
}

/// Parses a WMI datetime, `yyyyMMddhhmmss.ffffff±UUU` (25 characters; `UUU` minutes east of UTC).
pub(crate) fn parse_wmi(text: &str) -> Option<Instant> {
    if text.len() != 25 || !text.is_ascii() || text.as_bytes().get(14) != Some(&b'.') {
        return None;
    }
    let sign = match text.as_bytes().get(21)? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    Civil {
        year: i64::from(digits(text, 0, 4)?),
        month: digits(text, 4, 2)?,
        day: digits(text, 6, 2)?,
        hour: digits(text, 8, 2)?,
        minute: digits(text, 10, 2)?,
        second: digits(text, 12, 2)?,
        micros: digits(text, 15, 6)?,
        offset_minutes: sign * i64::from(digits(text, 22, 3)?),
    }
    .instant()
}

/// Parses an RFC 3339 date-time: `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`; `t`, `z` and a space
/// for `T` are accepted. Fractions beyond microseconds are truncated.
pub(crate) fn parse_rfc3339(text: &str) -> Option<Instant> {
    if !text.is_ascii() || text.len() < 20 {
        return None;
    }
    let b = text.as_bytes();
    let sep_ok = b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && matches!(b.get(10), Some(b'T' | b't' | b' '))
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':');
    if !sep_ok {
        return None;
    }
    let mut pos = 19;
    let mut micros = 0u32;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        if pos == start {
            return None;
        }
        let frac = text.get(start..pos)?;
        let mut scaled = 0u32;
        for c in frac.bytes().chain(std::iter::repeat(b'0')).take(6) {
            scaled = scaled * 10 + u32::from(c - b'0');
        }
        micros = scaled;
    }
    let offset_minutes = match b.get(pos..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == pos + 6 && b.get(pos + 3) == Some(&b':') => {
            let hours = i64::from(digits(text, pos + 1, 2)?);
            let minutes = i64::from(digits(text, pos + 4, 2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' { -total } else { total }
        }
        _ => return None,
    };
    Civil {
        year: i64::from(digits(text, 0, 4)?),
        month: digits(text, 5, 2)?,
        day: digits(text, 8, 2)?,
        hour: digits(text, 11, 2)?,
        minute: digits(text, 14, 2)?,
        second: digits(text, 17, 2)?,
        micros,
        offset_minutes,
    }
    .instant()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wmi_and_rfc3339_meet_in_utc() {
        let a = parse_wmi("20230501100000.000000+000").unwrap();
        let b = parse_rfc3339("2023-05-01T10:00:00Z").unwrap();
        assert_eq!(a, b);
        // 12:00 at UTC+120 minutes is 10:00 UTC.
        assert_eq!(parse_wmi("20230501120000.000000+120").unwrap(), b);
        assert_eq!(parse_rfc3339("2023-05-01T12:00:00+02:00").unwrap(), b);
        assert_eq!(parse_rfc3339("2023-05-01T05:00:00-05:00").unwrap(), b);
        assert_eq!(parse_rfc3339("2023-05-01 10:00:00z").unwrap(), b);
        let later = parse_rfc3339("2023-05-01T10:00:00.5Z").unwrap();
        assert_eq!(later.cmp_to(b), Ordering::Greater);
        assert_eq!(
            parse_wmi("20230501100000.500000+000").unwrap(),
            parse_rfc3339("2023-05-01T10:00:00.500000999Z").unwrap()
        );
    }

    #[test]
    fn epoch_and_leap_days() {
        assert_eq!(
            parse_rfc3339("1970-01-01T00:00:00Z").unwrap(),
            Instant {
                seconds: 0,
                micros: 0
            }
        );
        assert!(parse_rfc3339("2024-02-29T00:00:00Z").is_some());
        assert!(parse_rfc3339("2023-02-29T00:00:00Z").is_none());
        assert!(parse_rfc3339("1900-02-29T00:00:00Z").is_none());
        assert!(parse_rfc3339("2000-02-29T00:00:00Z").is_some());
        assert_eq!(
            parse_rfc3339("1969-12-31T23:59:59Z").unwrap(),
            Instant {
                seconds: -1,
                micros: 0
            }
        );
    }

    #[test]
    fn rejects_malformed_values() {
        for bad in [
            "",
            "2023-05-01",
            "2023-05-01T10:00:00",
            "2023-13-01T10:00:00Z",
            "2023-05-01T24:00:00Z",
            "2023-05-01T10:00:00.Z",
            "2023-05-01T10:00:00+0200",
            "2023-05-01T10:00:00+24:00",
            "２023-05-01T10:00:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_none(), "{bad}");
        }
        for bad in [
            "",
            "20230501100000.000000",
            "20230501100000,000000+000",
            "20230501100000.000000*000",
            "2023050110000a.000000+000",
            "20231301100000.000000+000",
        ] {
            assert!(parse_wmi(bad).is_none(), "{bad}");
        }
    }
}
