//! Amounts of money as people read and type them. The catalogue stores fees as integer fen
//! (分, 1/100 yuan); pages show yuan with two decimals and read yuan back without floating point.

/// `¥5,000.00` for 500000 fen: thousands separated by commas, always two decimals.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}¥{}.{:02}", group(abs / 100), abs % 100)
}

/// `5000.00` for 500000 fen: the plain form an input field is filled with.
pub fn plain_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Reads an amount in yuan as typed: `5000`, `5,000.5`, `¥5000.00`, `￥ 12.30`. At most two
/// decimals; no sign, no exponent. Empty means "no amount" (`Ok(None)`); anything else that is
/// not an amount is `Err(())`, for the form to mark.
pub fn parse_yuan(raw: &str) -> Result<Option<i64>, ()> {
    let s = raw.trim();
    let s = s
        .strip_prefix('¥')
        .or_else(|| s.strip_prefix('￥'))
        .unwrap_or(s)
        .trim_start();
    if s.is_empty() {
        return if raw.trim().is_empty() {
            Ok(None)
        } else {
            Err(())
        };
    }
    let s: String = s.chars().filter(|&c| c != ',' && c != '，').collect();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s.as_str(), None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || whole.len() > 15 {
        return Err(());
    }
    let cents = match frac {
        None => 0,
        Some(f) if all_digits(f) && f.len() <= 2 => {
            let v: i64 = f.parse().map_err(|_| ())?;
            if f.len() == 1 { v * 10 } else { v }
        }
        Some(_) => return Err(()),
    };
    let whole: i64 = whole.parse().map_err(|_| ())?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .map(Some)
        .ok_or(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_yuan_with_separators() {
        assert_eq!(yuan(500_000), "¥5,000.00");
        assert_eq!(yuan(5_000_000), "¥50,000.00");
        assert_eq!(yuan(0), "¥0.00");
        assert_eq!(yuan(7), "¥0.07");
        assert_eq!(yuan(123_456_789), "¥1,234,567.89");
        assert_eq!(yuan(100_000_000), "¥1,000,000.00");
        assert_eq!(plain_yuan(500_050), "5000.50");
    }

    #[test]
    fn reads_yuan_without_floating_point() {
        assert_eq!(parse_yuan(""), Ok(None));
        assert_eq!(parse_yuan("  "), Ok(None));
        assert_eq!(parse_yuan("5000"), Ok(Some(500_000)));
        assert_eq!(parse_yuan("5,000.5"), Ok(Some(500_050)));
        assert_eq!(parse_yuan("¥5000.00"), Ok(Some(500_000)));
        assert_eq!(parse_yuan("￥ 12.30"), Ok(Some(1_230)));
        assert_eq!(parse_yuan("0.07"), Ok(Some(7)));
        // 0.1 + 0.2 style errors cannot happen: the digits are read as integers.
        assert_eq!(parse_yuan("19.99"), Ok(Some(1_999)));
        for bad in [
            "abc", "1.234", "-5", "+5", "1e3", "5.", ".5", "¥", "1 000", "5元", "1.2.3",
        ] {
            assert_eq!(parse_yuan(bad), Err(()), "{bad:?}");
        }
        assert_eq!(parse_yuan("9999999999999999"), Err(()), "too many digits");
        assert_eq!(
            parse_yuan("999999999999999"),
            Ok(Some(99_999_999_999_999_900))
        );
    }
}
