//! Checks of single values that both the forms and the import use: dates, phone numbers,
//! e-mail addresses, citizenship. Pure, no I/O.

use chrono::NaiveDate;

use super::records::Citizenship;

/// `GG/MM/AAAA` or `AAAA-MM-GG`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

/// "italiana", "UE", "extra UE", "extra-UE", "non UE", ... ; `None` inside `Some` when blank.
pub fn parse_citizenship(text: &str) -> Option<Option<Citizenship>> {
    let key: String = text
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    match key.as_str() {
        "" => Some(None),
        "italiana" | "italia" | "it" => Some(Some(Citizenship::Italiana)),
        "ue" | "comunitaria" => Some(Some(Citizenship::Ue)),
        "extra_ue" | "extraue" | "non_ue" | "extracomunitaria" => Some(Some(Citizenship::ExtraUe)),
        _ => None,
    }
}

pub fn valid_phone(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || (text.chars().filter(char::is_ascii_digit).count() >= 6
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || " +-/().".contains(c)))
}

pub fn valid_email(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() {
        return true;
    }
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms_and_only_real_days() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 15);
        assert_eq!(parse_date("15/01/2026"), d);
        assert_eq!(parse_date(" 2026-01-15 "), d);
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("15-01-2026"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn phones_emails_and_citizenship() {
        assert!(valid_email("a.b@c.it"));
        assert!(valid_email(""));
        assert!(!valid_email("a b@c.it"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("a@@b.it"));
        assert!(!valid_email("@b.it"));
        assert!(valid_phone("+39 055/123-456"));
        assert!(valid_phone(""));
        assert!(!valid_phone("12345"));
        assert!(!valid_phone("055 123456 int. 2"));
        assert_eq!(
            parse_citizenship("Extra-UE"),
            Some(Some(Citizenship::ExtraUe))
        );
        assert_eq!(
            parse_citizenship("italia"),
            Some(Some(Citizenship::Italiana))
        );
        assert_eq!(parse_citizenship(" "), Some(None));
        assert_eq!(parse_citizenship("marziana"), None);
    }
}

/// The youngest age at which a person can declare immediate availability (DID): 15, the age
/// at which work can start with the end of compulsory schooling.
pub const DID_MIN_AGE: u32 = 15;

/// Why a DID date cannot be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DidDateError {
    Future,
    /// Before the person was old enough: the earliest possible day.
    TooEarly(NaiveDate),
}

/// A DID date is not after `today` and not before the person's 15th birthday.
pub fn check_did_date(
    did: NaiveDate,
    birth: NaiveDate,
    today: NaiveDate,
) -> Result<(), DidDateError> {
    if did > today {
        return Err(DidDateError::Future);
    }
    let earliest = birth
        .checked_add_months(chrono::Months::new(12 * DID_MIN_AGE))
        .unwrap_or(NaiveDate::MAX);
    if did < earliest {
        return Err(DidDateError::TooEarly(earliest));
    }
    Ok(())
}

#[cfg(test)]
mod did_tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_did_date_lies_between_the_fifteenth_birthday_and_today() {
        let birth = day(1985, 12, 10);
        let today = day(2026, 11, 29);
        assert_eq!(check_did_date(day(2025, 10, 15), birth, today), Ok(()));
        assert_eq!(check_did_date(today, birth, today), Ok(()));
        assert_eq!(
            check_did_date(day(2026, 11, 30), birth, today),
            Err(DidDateError::Future)
        );
        assert_eq!(
            check_did_date(day(1900, 1, 1), birth, today),
            Err(DidDateError::TooEarly(day(2000, 12, 10)))
        );
        assert_eq!(check_did_date(day(2000, 12, 10), birth, today), Ok(()));
    }
}
