//! Identifiers of companies and other employers: the partita IVA and the codice fiscale.
//!
//! A company's codice fiscale is either the same 11-digit number as its partita IVA (companies,
//! associations and public bodies) or, for a sole trader, the owner's personal 16-character code.
//! The 11-digit number is checked as the tax office builds it:
//! - positions 1-7: the serial number given by the office, never all zeros;
//! - positions 8-10: the office code, 001-100 or one of 120, 121, 888, 999 (the codes the
//!   python-stdnum library accepts for Italian numbers; any other value is a typing error);
//! - position 11: the check digit, the Luhn digit of the first ten: digits at odd positions
//!   (1, 3, .., 9) count as they are, digits at even positions (2, 4, .., 10) count doubled, less
//!   9 when the double is over 9; the check digit is `(10 - sum % 10) % 10`.
//!
//! The check digit catches every mistyped single digit and every swap of two adjacent digits
//! except 0 and 9.

use super::codice_fiscale::{self, CfError, CodiceFiscale};

/// Digits of a partita IVA and of a company's numeric codice fiscale.
pub const NUMERIC_LENGTH: usize = 11;
/// Office codes valid besides 001-100.
pub const SPECIAL_OFFICES: [u16; 4] = [120, 121, 888, 999];
/// The country prefix of a VAT number in the EU form (`IT01234567890`), dropped on reading.
const COUNTRY_PREFIX: &str = "IT";

/// The field the operator filled: messages name it and say what it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyIdField {
    PartitaIva,
    CodiceFiscale,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyIdError {
    Empty(CompanyIdField),
    /// Neither 11 characters nor, for a codice fiscale, 16.
    Length {
        field: CompanyIdField,
        found: usize,
    },
    /// An 11-character code with something other than a digit; `position` is 1-based.
    NotDigit {
        field: CompanyIdField,
        position: usize,
        found: char,
    },
    /// The first seven digits are all zeros.
    ZeroSerial(CompanyIdField),
    /// Digits 8-10 name no tax office.
    OfficeCode {
        field: CompanyIdField,
        found: String,
    },
    CheckDigit {
        field: CompanyIdField,
        expected: char,
        found: char,
    },
    /// A 16-character codice fiscale (a sole trader's) that is not valid.
    Personal(CfError),
}

/// A valid 11-digit number: a partita IVA, or the codice fiscale of a company or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericCode(String);

/// The codice fiscale of an employer: the 11-digit number of a company or body, or the personal
/// code of a sole trader.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CompanyCodiceFiscale {
    Numeric(NumericCode),
    Personal(CodiceFiscale),
}

/// Drops spaces anywhere, upper-cases, and drops the `IT` prefix of an EU VAT number.
pub fn normalise(input: &str) -> String {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    match compact.strip_prefix(COUNTRY_PREFIX) {
        Some(rest) if rest.chars().count() == NUMERIC_LENGTH => rest.to_string(),
        _ => compact,
    }
}

/// The check digit of the first ten digits; `None` when the input is not ten ASCII digits.
pub fn check_digit(first10: &str) -> Option<char> {
    let bytes = first10.as_bytes();
    if bytes.len() != NUMERIC_LENGTH - 1 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let digit = u32::from(b - b'0');
            let even_position = i % 2 == 1; // positions are 1-based
            match digit * 2 {
                doubled if even_position && doubled > 9 => doubled - 9,
                doubled if even_position => doubled,
                _ => digit,
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10)
}

/// Whether three digits name a tax office: 001-100, 120, 121, 888 or 999.
pub fn is_known_office(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_digit())
        && code
            .parse::<u16>()
            .is_ok_and(|n| (1..=100).contains(&n) || SPECIAL_OFFICES.contains(&n))
}

impl NumericCode {
    /// Reads a partita IVA: 11 digits, optionally written as `IT` followed by them.
    pub fn parse_partita_iva(input: &str) -> Result<Self, CompanyIdError> {
        let code = normalise(input);
        let field = CompanyIdField::PartitaIva;
        if code.is_empty() {
            return Err(CompanyIdError::Empty(field));
        }
        let found = code.chars().count();
        if found != NUMERIC_LENGTH {
            return Err(CompanyIdError::Length { field, found });
        }
        Self::check(code, field)
    }

    /// Checks 11 characters (already normalised) for `field`.
    fn check(code: String, field: CompanyIdField) -> Result<Self, CompanyIdError> {
        if let Some((i, c)) = code.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(CompanyIdError::NotDigit {
                field,
                position: i + 1,
                found: c,
            });
        }
        if code[..7].bytes().all(|b| b == b'0') {
            return Err(CompanyIdError::ZeroSerial(field));
        }
        let office = &code[7..10];
        if !is_known_office(office) {
            return Err(CompanyIdError::OfficeCode {
                field,
                found: office.to_string(),
            });
        }
        let expected = check_digit(&code[..10]).unwrap_or('?');
        let found = char::from(code.as_bytes()[10]);
        if expected != found {
            return Err(CompanyIdError::CheckDigit {
                field,
                expected,
                found,
            });
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits 8-10: the code of the office that gave the number.
    pub fn office_code(&self) -> &str {
        &self.0[7..10]
    }
}

impl CompanyCodiceFiscale {
    /// Reads a company's codice fiscale: 11 digits (`IT` prefix allowed) or 16 characters.
    pub fn parse(input: &str) -> Result<Self, CompanyIdError> {
        let code = normalise(input);
        let field = CompanyIdField::CodiceFiscale;
        if code.is_empty() {
            return Err(CompanyIdError::Empty(field));
        }
        match code.chars().count() {
            NUMERIC_LENGTH => NumericCode::check(code, field).map(Self::Numeric),
            codice_fiscale::LENGTH => CodiceFiscale::parse(&code)
                .map(Self::Personal)
                .map_err(CompanyIdError::Personal),
            found => Err(CompanyIdError::Length { field, found }),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Numeric(n) => n.as_str(),
            Self::Personal(cf) => cf.as_str(),
        }
    }

    /// The partita IVA the code also is, for the 11-digit codes.
    pub fn numeric(&self) -> Option<&NumericCode> {
        match self {
            Self::Numeric(n) => Some(n),
            Self::Personal(_) => None,
        }
    }
}

impl CompanyIdError {
    pub fn field(&self) -> CompanyIdField {
        match self {
            Self::Empty(field)
            | Self::Length { field, .. }
            | Self::NotDigit { field, .. }
            | Self::ZeroSerial(field)
            | Self::OfficeCode { field, .. }
            | Self::CheckDigit { field, .. } => *field,
            Self::Personal(_) => CompanyIdField::CodiceFiscale,
        }
    }
}

impl std::fmt::Display for NumericCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for CompanyCodiceFiscale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIVA: CompanyIdField = CompanyIdField::PartitaIva;
    const CF: CompanyIdField = CompanyIdField::CodiceFiscale;

    fn piva(input: &str) -> Result<NumericCode, CompanyIdError> {
        NumericCode::parse_partita_iva(input)
    }

    #[test]
    fn check_digit_of_computed_numbers() {
        // The example of python-stdnum (an independent implementation), then numbers built for
        // these tests: Firenze's office 048, Roma's 058, Prato's 100, and the special codes.
        for number in [
            "00743110157",
            "01234560488",
            "04977310483",
            "80012340586",
            "07654321004",
            "01122331208",
            "04455668881",
            "09988779998",
            "00000010017",
        ] {
            assert_eq!(
                check_digit(&number[..10]),
                number.chars().last(),
                "{number}"
            );
            assert_eq!(piva(number).map(|p| p.to_string()), Ok(number.to_string()));
        }
        assert_eq!(check_digit("012345604"), None);
        assert_eq!(check_digit("01234560488"), None);
        assert_eq!(check_digit("012345604A"), None);
    }

    #[test]
    fn check_digit_doubles_the_even_positions() {
        // 1 at position 2 counts 2; 5 at position 2 counts 10 - 9 = 1; at odd positions as is.
        assert_eq!(check_digit("0100000000"), Some('8'));
        assert_eq!(check_digit("0500000000"), Some('9'));
        assert_eq!(check_digit("1000000000"), Some('9'));
        assert_eq!(check_digit("0900000000"), Some('1'));
        assert_eq!(check_digit("0000000000"), Some('0'));
    }

    #[test]
    fn input_is_compacted_and_the_country_prefix_dropped() {
        for input in [
            " 01234560488 ",
            "012 345 604 88",
            "IT01234560488",
            "it 01234560488",
            "IT 012 345 604 88\n",
        ] {
            assert_eq!(
                piva(input).map(|p| p.as_str().to_string()),
                Ok("01234560488".to_string()),
                "{input:?}"
            );
        }
        assert_eq!(piva("01234560488").unwrap().office_code(), "048");
    }

    #[test]
    fn empty_and_wrong_length() {
        assert_eq!(piva(""), Err(CompanyIdError::Empty(PIVA)));
        assert_eq!(piva("  \t"), Err(CompanyIdError::Empty(PIVA)));
        assert_eq!(
            piva("0123456048"),
            Err(CompanyIdError::Length {
                field: PIVA,
                found: 10
            })
        );
        assert_eq!(
            piva("012345604888"),
            Err(CompanyIdError::Length {
                field: PIVA,
                found: 12
            })
        );
        // A personal code in the partita IVA field is a length error: the message says where
        // it belongs.
        assert_eq!(
            piva("RSSMRA85T10A562S"),
            Err(CompanyIdError::Length {
                field: PIVA,
                found: 16
            })
        );
        // Counted in characters, not bytes.
        assert_eq!(
            piva("0123456048è"),
            Err(CompanyIdError::NotDigit {
                field: PIVA,
                position: 11,
                found: 'È'
            })
        );
    }

    #[test]
    fn non_digits_are_named_with_their_position() {
        assert_eq!(
            piva("0123456O488"),
            Err(CompanyIdError::NotDigit {
                field: PIVA,
                position: 8,
                found: 'O'
            })
        );
        assert_eq!(
            piva("-1234560488"),
            Err(CompanyIdError::NotDigit {
                field: PIVA,
                position: 1,
                found: '-'
            })
        );
        // The prefix is dropped only before 11 characters; 13 characters are a length error.
        assert_eq!(
            piva("IT0123456048"),
            Err(CompanyIdError::Length {
                field: PIVA,
                found: 12
            })
        );
        assert_eq!(
            piva("IT012345604X"),
            Err(CompanyIdError::Length {
                field: PIVA,
                found: 12
            })
        );
        assert_eq!(
            piva("IT0123456048X"),
            Err(CompanyIdError::NotDigit {
                field: PIVA,
                position: 11,
                found: 'X'
            })
        );
    }

    #[test]
    fn serial_of_zeros_is_refused() {
        let first10 = "0000000048";
        let number = format!("{first10}{}", check_digit(first10).unwrap());
        assert_eq!(piva(&number), Err(CompanyIdError::ZeroSerial(PIVA)));
    }

    #[test]
    fn office_codes() {
        for ok in ["001", "048", "099", "100", "120", "121", "888", "999"] {
            assert!(is_known_office(ok), "{ok}");
        }
        for bad in [
            "000", "101", "119", "122", "500", "887", "998", "12", "1000", "0a1",
        ] {
            assert!(!is_known_office(bad), "{bad}");
        }
        // The sequence often typed as an example passes the check digit but names office 890.
        assert_eq!(check_digit("1234567890"), Some('3'));
        assert_eq!(
            piva("12345678903"),
            Err(CompanyIdError::OfficeCode {
                field: PIVA,
                found: "890".into()
            })
        );
    }

    #[test]
    fn wrong_check_digit_says_which_was_expected() {
        assert_eq!(
            piva("01234560487"),
            Err(CompanyIdError::CheckDigit {
                field: PIVA,
                expected: '8',
                found: '7'
            })
        );
        // Two adjacent digits swapped.
        assert_eq!(
            piva("01234650488"),
            Err(CompanyIdError::CheckDigit {
                field: PIVA,
                expected: '7',
                found: '8'
            })
        );
    }

    #[test]
    fn company_codice_fiscale_is_numeric_or_personal() {
        let numeric = CompanyCodiceFiscale::parse("80012340586").unwrap();
        assert_eq!(numeric.as_str(), "80012340586");
        assert_eq!(numeric.numeric().map(NumericCode::office_code), Some("058"));
        let personal = CompanyCodiceFiscale::parse(" rssmra85t10a562s ").unwrap();
        assert_eq!(personal.to_string(), "RSSMRA85T10A562S");
        assert!(personal.numeric().is_none());
        assert!(matches!(personal, CompanyCodiceFiscale::Personal(_)));
        assert_eq!(
            CompanyCodiceFiscale::parse("IT01234560488").map(|c| c.to_string()),
            Ok("01234560488".to_string())
        );
    }

    #[test]
    fn company_codice_fiscale_errors_name_their_field() {
        let parse = CompanyCodiceFiscale::parse;
        assert_eq!(parse(" "), Err(CompanyIdError::Empty(CF)));
        assert_eq!(
            parse("RSSMRA85T10A562"),
            Err(CompanyIdError::Length {
                field: CF,
                found: 15
            })
        );
        assert_eq!(
            parse("8001234058X"),
            Err(CompanyIdError::NotDigit {
                field: CF,
                position: 11,
                found: 'X'
            })
        );
        assert_eq!(
            parse("80012340585"),
            Err(CompanyIdError::CheckDigit {
                field: CF,
                expected: '6',
                found: '5'
            })
        );
        assert_eq!(
            parse("RSSMRA85T10A562T"),
            Err(CompanyIdError::Personal(CfError::CheckCharacter {
                expected: 'S',
                found: 'T'
            }))
        );
        assert_eq!(
            parse("RSSMRA85T10A562T").unwrap_err().field(),
            CompanyIdField::CodiceFiscale
        );
        assert_eq!(piva("").unwrap_err().field(), PIVA);
    }

    #[test]
    fn messages_say_what_is_wrong_and_what_to_do() {
        let message = |r: Result<NumericCode, CompanyIdError>| r.unwrap_err().to_string();
        let text = message(piva("0123456048"));
        assert!(text.contains("11 cifre, ne ha 10"), "{text}");
        let text = message(piva("RSSMRA85T10A562S"));
        assert!(text.contains("codice fiscale"), "{text}");
        let text = message(piva("0123456O488"));
        assert!(
            text.contains("«O»") && text.contains("posizione 8"),
            "{text}"
        );
        let text = message(piva("12345678903"));
        assert!(text.contains("890") && text.contains("001"), "{text}");
        let text = message(piva("01234560487"));
        assert!(
            text.contains("dovrebbe essere 8") && text.contains("è 7"),
            "{text}"
        );
        let text = CompanyCodiceFiscale::parse("123").unwrap_err().to_string();
        assert!(text.contains("11") && text.contains("16"), "{text}");
        let text = CompanyCodiceFiscale::parse("RSSMRA85T10A562T")
            .unwrap_err()
            .to_string();
        assert!(text.contains("dovrebbe essere S"), "{text}");
        let text = message(piva(""));
        assert!(text.contains("partita IVA"), "{text}");
    }
}
