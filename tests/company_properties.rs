//! Property tests of the company identifiers: partita IVA and company codice fiscale.

use orienta::domain::company::{
    CompanyCodiceFiscale, CompanyIdError, NumericCode, check_digit, is_known_office,
};
use proptest::prelude::*;

/// A valid number: a serial that is not all zeros, a known office, its check digit.
fn valid_number() -> impl Strategy<Value = String> {
    let office = prop_oneof![
        1u16..=100,
        prop::sample::select(vec![120u16, 121, 888, 999])
    ];
    (1u32..=9_999_999, office).prop_map(|(serial, office)| {
        let first10 = format!("{serial:07}{office:03}");
        let check = check_digit(&first10).expect("ten digits");
        format!("{first10}{check}")
    })
}

fn with_digit(number: &str, position: usize, digit: u8) -> String {
    let mut bytes = number.as_bytes().to_vec();
    bytes[position] = b'0' + digit;
    String::from_utf8(bytes).expect("ASCII")
}

proptest! {
    #[test]
    fn valid_numbers_are_accepted_in_both_fields(number in valid_number()) {
        let piva = NumericCode::parse_partita_iva(&number);
        prop_assert_eq!(piva.as_ref().map(|p| p.as_str()), Ok(number.as_str()));
        let cf = CompanyCodiceFiscale::parse(&number);
        prop_assert_eq!(cf.map(|c| c.to_string()), Ok(number.clone()));
        let spaced = format!(" IT {} {} ", &number[..5], &number[5..]);
        prop_assert_eq!(NumericCode::parse_partita_iva(&spaced), piva);
    }

    #[test]
    fn every_single_digit_change_is_refused(
        number in valid_number(),
        position in 0usize..11,
        shift in 1u8..=9,
    ) {
        let original = number.as_bytes()[position] - b'0';
        let changed = with_digit(&number, position, (original + shift) % 10);
        let result = NumericCode::parse_partita_iva(&changed);
        prop_assert!(result.is_err(), "{} accepted", changed);
        // When serial and office stay plausible, it is the check digit that refuses it.
        let office_ok = is_known_office(&changed[7..10]);
        let serial_ok = changed[..7].bytes().any(|b| b != b'0');
        if office_ok && serial_ok {
            prop_assert!(
                matches!(result, Err(CompanyIdError::CheckDigit { .. })),
                "{:?}",
                result
            );
        }
    }

    #[test]
    fn swapping_two_adjacent_digits_is_refused_except_zero_and_nine(
        number in valid_number(),
        position in 0usize..10,
    ) {
        let bytes = number.as_bytes();
        let (a, b) = (bytes[position], bytes[position + 1]);
        prop_assume!(a != b);
        let mut swapped = bytes.to_vec();
        swapped.swap(position, position + 1);
        let swapped = String::from_utf8(swapped).expect("ASCII");
        let zero_nine = matches!((a, b), (b'0', b'9') | (b'9', b'0'));
        // Swapping a digit with the check digit is caught too, save for 0 and 9.
        let refused = NumericCode::parse_partita_iva(&swapped).is_err();
        prop_assert!(refused || zero_nine, "{} -> {} accepted", number, swapped);
    }

    #[test]
    fn parsing_never_panics_and_accepts_only_what_it_checked(input in "\\PC{0,20}") {
        if let Ok(code) = NumericCode::parse_partita_iva(&input) {
            prop_assert_eq!(code.as_str().len(), 11);
            prop_assert!(code.as_str().bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(
                check_digit(&code.as_str()[..10]),
                code.as_str().chars().last()
            );
        }
        if let Ok(code) = CompanyCodiceFiscale::parse(&input) {
            prop_assert!(matches!(code.as_str().len(), 11 | 16));
        }
    }
}
