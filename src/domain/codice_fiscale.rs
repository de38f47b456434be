//! Codice fiscale of natural persons: normalisation, syntax, check character, omocodia, and the
//! birth date, sex and birth place it encodes.

use chrono::{Datelike, NaiveDate};

pub use super::records::Sex;

pub const LENGTH: usize = 16;

/// Month letters, January first.
const MONTHS: [u8; 12] = *b"ABCDEHLMPRST";
/// Letters that replace the digits 0..9 in an omocode.
const OMOCODIA: [u8; 10] = *b"LMNPQRSTUV";
/// 1-based positions that hold digits (or their omocodia letters).
const DIGIT_POSITIONS: [usize; 7] = [7, 8, 10, 11, 13, 14, 15];
/// Values of the characters at odd positions, for 0..9 then A..Z.
const ODD_DIGITS: [u32; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
const ODD_LETTERS: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// What a position of the code requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Letter,
    DigitOrOmocodia,
    MonthLetter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CfError {
    Empty,
    Length {
        found: usize,
    },
    Character {
        position: usize,
        found: char,
        expected: Expected,
    },
    Day {
        value: u32,
    },
    /// Day and month that make no date (30 February, or 29 February of a common year).
    Date {
        day: u32,
        month: u32,
    },
    CheckCharacter {
        expected: char,
        found: char,
    },
}

/// A syntactically valid codice fiscale with a correct check character, normalised.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodiceFiscale(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// Cadastral (Belfiore) code of the birth municipality or foreign state, omocodia decoded.
    pub birth_place: String,
    pub omocode: bool,
}

/// Trims and upper-cases what the operator typed.
pub fn normalise(input: &str) -> String {
    input.trim().to_uppercase()
}

fn expected_at(position: usize) -> Expected {
    if DIGIT_POSITIONS.contains(&position) {
        Expected::DigitOrOmocodia
    } else if position == 9 {
        Expected::MonthLetter
    } else {
        Expected::Letter
    }
}

fn fits(expected: Expected, c: u8) -> bool {
    match expected {
        Expected::Letter => c.is_ascii_uppercase(),
        Expected::DigitOrOmocodia => c.is_ascii_digit() || OMOCODIA.contains(&c),
        Expected::MonthLetter => MONTHS.contains(&c),
    }
}

/// The check character of the first 15 characters (upper-case ASCII letters and digits).
/// `None` when the input is not 15 such characters.
pub fn check_character(first15: &str) -> Option<char> {
    let bytes = first15.as_bytes();
    if bytes.len() != LENGTH - 1 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in bytes.iter().enumerate() {
        let odd_position = i % 2 == 0; // positions are 1-based
        let value = match c {
            b'0'..=b'9' if odd_position => ODD_DIGITS[usize::from(c - b'0')],
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' if odd_position => ODD_LETTERS[usize::from(c - b'A')],
            b'A'..=b'Z' => u32::from(c - b'A'),
            _ => return None,
        };
        sum += value;
    }
    char::from_u32(u32::from(b'A') + sum % 26)
}

/// Longest month lengths (29 February exists in leap years).
const DAYS_IN_MONTH: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// 1..=12 for a month letter (only called on checked codes).
fn month_of(c: u8) -> u32 {
    MONTHS.iter().position(|&m| m == c).unwrap_or(0) as u32 + 1
}

/// The digit a digit-position character stands for (omocodia letters decoded).
fn digit_value(c: u8) -> u32 {
    match OMOCODIA.iter().position(|&l| l == c) {
        Some(d) => d as u32,
        None => u32::from(c.wrapping_sub(b'0')),
    }
}

impl CodiceFiscale {
    /// Normalises and checks syntax and check character.
    pub fn parse(input: &str) -> Result<Self, CfError> {
        let code = normalise(input);
        if code.is_empty() {
            return Err(CfError::Empty);
        }
        let count = code.chars().count();
        if count != LENGTH {
            return Err(CfError::Length { found: count });
        }
        for (i, c) in code.chars().enumerate() {
            let position = i + 1;
            let expected = expected_at(position);
            let ok = position == LENGTH && c.is_ascii_uppercase()
                || c.is_ascii() && fits(expected, c as u8);
            if !ok {
                return Err(CfError::Character {
                    position,
                    found: c,
                    expected: if position == LENGTH {
                        Expected::Letter
                    } else {
                        expected
                    },
                });
            }
        }
        let bytes = code.as_bytes();
        let day = digit_value(bytes[9]) * 10 + digit_value(bytes[10]);
        if !(1..=31).contains(&day) && !(41..=71).contains(&day) {
            return Err(CfError::Day { value: day });
        }
        let month = month_of(bytes[8]);
        let day_of_month = day % 40;
        if day_of_month > DAYS_IN_MONTH[month as usize - 1] {
            return Err(CfError::Date {
                day: day_of_month,
                month,
            });
        }
        let expected = check_character(&code[..LENGTH - 1]).unwrap_or('?');
        let found = char::from(bytes[LENGTH - 1]);
        if expected != found {
            return Err(CfError::CheckCharacter { expected, found });
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Birth date, sex and birth place. The two-digit year is read as the latest year that does
    /// not put the birth after `today`.
    pub fn decode(&self, today: NaiveDate) -> Result<Decoded, CfError> {
        let b = self.0.as_bytes();
        let yy = digit_value(b[6]) * 10 + digit_value(b[7]);
        let month = month_of(b[8]);
        let raw_day = digit_value(b[9]) * 10 + digit_value(b[10]);
        let (sex, day) = if raw_day > 40 {
            (Sex::Female, raw_day - 40)
        } else {
            (Sex::Male, raw_day)
        };
        let century = today.year() - today.year().rem_euclid(100);
        let candidate = |year: i32| NaiveDate::from_ymd_opt(year, month, day);
        let this_century = century + yy as i32;
        let birth_date = match candidate(this_century) {
            Some(date) if date <= today => date,
            _ => candidate(this_century - 100).ok_or(CfError::Date { day, month })?,
        };
        let place: String = std::iter::once(char::from(b[11]))
            .chain(
                b[12..15]
                    .iter()
                    .map(|&c| char::from_digit(digit_value(c), 10).unwrap_or('?')),
            )
            .collect();
        let omocode = DIGIT_POSITIONS
            .iter()
            .any(|&p| OMOCODIA.contains(&b[p - 1]));
        Ok(Decoded {
            birth_date,
            sex,
            birth_place: place,
            omocode,
        })
    }
}

/// Three letters for a surname or name: consonants, then vowels, then X. For names with four or
/// more consonants, the first, third and fourth.
fn name_part(text: &str, is_name: bool) -> String {
    let letters: Vec<char> = super::records::search_key(text)
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    let is_vowel = |c: &char| "AEIOU".contains(*c);
    let consonants: Vec<char> = letters.iter().copied().filter(|c| !is_vowel(c)).collect();
    let vowels = letters.iter().copied().filter(is_vowel);
    let mut out: Vec<char> = if is_name && consonants.len() >= 4 {
        vec![consonants[0], consonants[2], consonants[3]]
    } else {
        consonants.into_iter().chain(vowels).take(3).collect()
    };
    out.resize(3, 'X');
    out.into_iter().collect()
}

impl CodiceFiscale {
    /// The code of a person. `place` is a cadastral code (letter and three digits);
    /// `omocodia` replaces that many digits, from the right, as the tax office does for
    /// people who would otherwise share a code (0..=7).
    pub fn encode(
        surname: &str,
        name: &str,
        sex: Sex,
        birth_date: NaiveDate,
        place: &str,
        omocodia: usize,
    ) -> Option<Self> {
        let month = *MONTHS.get(birth_date.month0() as usize)?;
        let day = birth_date.day() + if sex == Sex::Female { 40 } else { 0 };
        let mut first15 = format!(
            "{}{}{:02}{}{:02}{}",
            name_part(surname, false),
            name_part(name, true),
            birth_date.year().rem_euclid(100),
            char::from(month),
            day,
            place
        )
        .into_bytes();
        for &position in DIGIT_POSITIONS.iter().rev().take(omocodia) {
            let digit = first15.get(position - 1)?.checked_sub(b'0')?;
            first15[position - 1] = *OMOCODIA.get(usize::from(digit))?;
        }
        let first15 = String::from_utf8(first15).ok()?;
        let check = check_character(&first15)?;
        Self::parse(&format!("{first15}{check}")).ok()
    }
}

impl std::fmt::Display for CodiceFiscale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn decode(code: &str) -> Decoded {
        CodiceFiscale::parse(code).unwrap().decode(today()).unwrap()
    }

    #[test]
    fn check_character_of_known_codes() {
        assert_eq!(check_character("RSSMRA85T10A562"), Some('S'));
        assert_eq!(check_character("VRDGPP80A41H501"), Some('Y'));
        assert_eq!(check_character("MRNLCU75M52D612"), Some('J'));
        assert_eq!(check_character("RSSMRA85T10A56"), None);
        assert_eq!(check_character("rssmra85t10a562"), None);
    }

    #[test]
    fn valid_male_code() {
        let d = decode("RSSMRA85T10A562S");
        assert_eq!(d.birth_date, date(1985, 12, 10));
        assert_eq!(d.sex, Sex::Male);
        assert_eq!(d.birth_place, "A562");
        assert!(!d.omocode);
    }

    #[test]
    fn valid_female_codes_add_forty_to_the_day() {
        let d = decode("VRDGPP80A41H501Y");
        assert_eq!((d.birth_date, d.sex), (date(1980, 1, 1), Sex::Female));
        let d = decode("MRNLCU75M52D612J");
        assert_eq!((d.birth_date, d.sex), (date(1975, 8, 12), Sex::Female));
        assert_eq!(d.birth_place, "D612");
    }

    #[test]
    fn input_is_trimmed_and_upper_cased() {
        let cf = CodiceFiscale::parse("  rssmra85t10a562s \n").unwrap();
        assert_eq!(cf.as_str(), "RSSMRA85T10A562S");
        assert_eq!(cf.to_string(), "RSSMRA85T10A562S");
    }

    #[test]
    fn omocodia_codes_are_accepted_and_decoded() {
        let d = decode("RSSMRA85T10A56NH");
        assert_eq!(d.birth_place, "A562");
        assert_eq!(d.birth_date, date(1985, 12, 10));
        assert!(d.omocode);
        let d = decode("RSSMRA85T1LA56NK");
        assert_eq!(d.birth_date, date(1985, 12, 10));
        // Every digit position substituted: 85 10 562 -> U R M L R S N.
        let first15 = "RSSMRAURTMLARSN";
        let code = format!("{first15}{}", check_character(first15).unwrap());
        let d = decode(&code);
        assert_eq!(
            (d.birth_date, d.birth_place.as_str()),
            (date(1985, 12, 10), "A562")
        );
    }

    #[test]
    fn two_digit_year_never_lands_in_the_future() {
        let with = |first15: &str| format!("{first15}{}", check_character(first15).unwrap());
        assert_eq!(
            decode(&with("RSSMRA26A01A562")).birth_date,
            date(2026, 1, 1)
        );
        assert_eq!(
            decode(&with("RSSMRA26T31A562")).birth_date,
            date(1926, 12, 31)
        );
        assert_eq!(
            decode(&with("RSSMRA00B29F205")).birth_date,
            date(2000, 2, 29)
        );
    }

    #[test]
    fn twenty_ninth_of_february_of_a_common_year_does_not_exist() {
        let cf = CodiceFiscale::parse("BNCLRA01B29F205H").unwrap();
        assert_eq!(cf.decode(today()), Err(CfError::Date { day: 29, month: 2 }));
    }

    #[test]
    fn length_errors() {
        assert_eq!(CodiceFiscale::parse("   "), Err(CfError::Empty));
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85T10A562"),
            Err(CfError::Length { found: 15 })
        );
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85T10A562SS"),
            Err(CfError::Length { found: 17 })
        );
        // Counted in characters, not bytes.
        assert_eq!(
            CodiceFiscale::parse("RSSMRÀ85T10A562"),
            Err(CfError::Length { found: 15 })
        );
    }

    #[test]
    fn character_errors_name_the_position_and_what_belongs_there() {
        let cases = [
            ("1SSMRA85T10A562S", 1, '1', Expected::Letter),
            ("RSSMRÀ85T10A562S", 6, 'À', Expected::Letter),
            ("RSSMRAA5T10A562S", 7, 'A', Expected::DigitOrOmocodia),
            ("RSSMRA85F10A562S", 9, 'F', Expected::MonthLetter),
            ("RSSMRA85T10-562S", 12, '-', Expected::Letter),
            ("RSSMRA85T10A5W2S", 14, 'W', Expected::DigitOrOmocodia),
            ("RSSMRA85T10A5621", 16, '1', Expected::Letter),
        ];
        for (code, position, found, expected) in cases {
            assert_eq!(
                CodiceFiscale::parse(code),
                Err(CfError::Character {
                    position,
                    found,
                    expected
                }),
                "{code}"
            );
        }
    }

    #[test]
    fn day_errors() {
        for (code, value) in [
            ("RSSMRA85T00A562S", 0),
            ("RSSMRA85T35A562S", 35),
            ("RSSMRA85T40A562S", 40),
            ("RSSMRA85T72A562S", 72),
        ] {
            assert_eq!(
                CodiceFiscale::parse(code),
                Err(CfError::Day { value }),
                "{code}"
            );
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(
            CodiceFiscale::parse("BNCLRA99B30F205Q"),
            Err(CfError::Date { day: 30, month: 2 })
        );
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85D71A562S"),
            Err(CfError::Date { day: 31, month: 4 })
        );
    }

    #[test]
    fn encode_builds_valid_codes() {
        let cf = CodiceFiscale::encode("Rossi", "Mario", Sex::Male, date(1985, 12, 10), "A562", 0);
        assert_eq!(cf.unwrap().as_str(), "RSSMRA85T10A562S");
        let cf = CodiceFiscale::encode("Rossi", "Mario", Sex::Male, date(1985, 12, 10), "A562", 1);
        assert_eq!(cf.unwrap().as_str(), "RSSMRA85T10A56NH");
        // Names with four consonants skip the second; short names pad with X.
        let cf =
            CodiceFiscale::encode("Fo", "Gianfranco", Sex::Female, date(2001, 3, 5), "D612", 0)
                .unwrap();
        assert_eq!(&cf.as_str()[..11], "FOXGFR01C45");
        let d = cf.decode(today()).unwrap();
        assert_eq!((d.sex, d.birth_date), (Sex::Female, date(2001, 3, 5)));
        assert!(
            CodiceFiscale::encode("Rossi", "Mario", Sex::Male, date(1985, 1, 1), "562", 0)
                .is_none()
        );
    }

    #[test]
    fn check_character_error_tells_the_expected_one() {
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85T10A562T"),
            Err(CfError::CheckCharacter {
                expected: 'S',
                found: 'T'
            })
        );
    }

    #[test]
    fn messages_say_what_is_wrong() {
        let message = |code: &str| CodiceFiscale::parse(code).unwrap_err().to_string();
        assert!(message("RSSMRA85T10A562").contains("16 caratteri, ne ha 15"));
        assert!(message("RSSMRA85F10A562S").contains("posizione 9"));
        assert!(message("RSSMRA85T10A562T").contains("dovrebbe essere S"));
    }
}
