//! Reading a CSV of citizens: separator detection, quoted fields, and the check of every row.
//! Pure: text in, valid rows and rejected rows (with line and reason) out.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::codice_fiscale::{CfError, CodiceFiscale};
use crate::domain::records::{CitizenData, Citizenship, Sex};

/// The columns of the file, in the documented order (any order is accepted).
pub const COLUMNS: [&str; 9] = [
    "codice_fiscale",
    "cognome",
    "nome",
    "sesso",
    "data_nascita",
    "comune_nascita",
    "cittadinanza",
    "telefono",
    "email",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Empty,
    MissingColumns(Vec<&'static str>),
    UnknownColumn(String),
    DuplicateColumn(String),
    UnclosedQuote { line: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    FieldCount {
        found: usize,
        expected: usize,
    },
    CodiceFiscale(CfError),
    Blank(&'static str),
    Sex(String),
    SexMismatch {
        given: Sex,
        from_code: Sex,
    },
    Date(String),
    DateMismatch {
        given: NaiveDate,
        from_code: NaiveDate,
    },
    Citizenship(String),
    Phone(String),
    Email(String),
    Repeated {
        first_line: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub problem: RowProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub separator: char,
    pub valid: Vec<(usize, CitizenData)>,
    pub rejected: Vec<Rejected>,
}

/// Splits CSV text into records with the line each starts on. Quotes may hold separators,
/// doubled quotes and line breaks.
fn records(text: &str, separator: char) -> Result<Vec<(usize, Vec<String>)>, FileError> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                any = true;
            }
            '\r' => {}
            '\n' => {
                if any || !field.is_empty() || !fields.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    out.push((start, std::mem::take(&mut fields)));
                }
                any = false;
                line += 1;
                start = line;
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                any = true;
            }
            _ => {
                field.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err(FileError::UnclosedQuote { line: start });
    }
    if any || !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    // Lines with nothing but separators and blanks are not rows.
    out.retain(|(_, f)| f.iter().any(|v| !v.trim().is_empty()));
    Ok(out)
}

/// `;` or `,`, whichever the header line uses more.
pub fn detect_separator(text: &str) -> char {
    let header = text.lines().next().unwrap_or("");
    if header.matches(',').count() > header.matches(';').count() {
        ','
    } else {
        ';'
    }
}

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

/// Reads the whole file. `today` settles the century of two-digit years in codici fiscali.
pub fn parse(text: &str, today: NaiveDate) -> Result<Parsed, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = detect_separator(text);
    let mut rows = records(text, separator)?.into_iter();
    let (_, header) = rows.next().ok_or(FileError::Empty)?;
    let mut position: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        let known = COLUMNS
            .iter()
            .find(|c| **c == name)
            .ok_or_else(|| FileError::UnknownColumn(name.clone()))?;
        if position.insert(known, i).is_some() {
            return Err(FileError::DuplicateColumn(name));
        }
    }
    let missing: Vec<&'static str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !position.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns(missing));
    }

    let mut parsed = Parsed {
        separator,
        valid: Vec::new(),
        rejected: Vec::new(),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, fields) in rows {
        match check_row(&fields, header.len(), &position, today) {
            Ok(data) => {
                if let Some(first_line) = seen.get(&data.codice_fiscale) {
                    parsed.rejected.push(Rejected {
                        line,
                        problem: RowProblem::Repeated {
                            first_line: *first_line,
                        },
                    });
                } else {
                    seen.insert(data.codice_fiscale.clone(), line);
                    parsed.valid.push((line, data));
                }
            }
            Err(problem) => parsed.rejected.push(Rejected { line, problem }),
        }
    }
    Ok(parsed)
}

fn check_row(
    fields: &[String],
    expected: usize,
    position: &HashMap<&'static str, usize>,
    today: NaiveDate,
) -> Result<CitizenData, RowProblem> {
    if fields.len() != expected {
        return Err(RowProblem::FieldCount {
            found: fields.len(),
            expected,
        });
    }
    let get = |column: &str| -> &str {
        position
            .get(column)
            .and_then(|&i| fields.get(i))
            .map_or("", |s| s.trim())
    };
    let cf = CodiceFiscale::parse(get("codice_fiscale")).map_err(RowProblem::CodiceFiscale)?;
    let decoded = cf.decode(today).map_err(RowProblem::CodiceFiscale)?;
    for column in ["cognome", "nome"] {
        if get(column).is_empty() {
            return Err(RowProblem::Blank(if column == "cognome" {
                "cognome"
            } else {
                "nome"
            }));
        }
    }
    let sex = match get("sesso") {
        "" => decoded.sex,
        given => Sex::from_code(given).ok_or_else(|| RowProblem::Sex(given.to_string()))?,
    };
    if sex != decoded.sex {
        return Err(RowProblem::SexMismatch {
            given: sex,
            from_code: decoded.sex,
        });
    }
    let birth_date = match get("data_nascita") {
        "" => decoded.birth_date,
        given => parse_date(given).ok_or_else(|| RowProblem::Date(given.to_string()))?,
    };
    if birth_date != decoded.birth_date {
        return Err(RowProblem::DateMismatch {
            given: birth_date,
            from_code: decoded.birth_date,
        });
    }
    let citizenship = parse_citizenship(get("cittadinanza"))
        .ok_or_else(|| RowProblem::Citizenship(get("cittadinanza").to_string()))?;
    let phone = get("telefono");
    if !valid_phone(phone) {
        return Err(RowProblem::Phone(phone.to_string()));
    }
    let email = get("email");
    if !valid_email(email) {
        return Err(RowProblem::Email(email.to_string()));
    }
    let mut data = CitizenData::new(cf.as_str(), get("cognome"), get("nome"), sex, birth_date);
    data.birth_place = get("comune_nascita").to_string();
    data.citizenship = citizenship;
    data.phone = phone.to_string();
    data.email = email.to_string();
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    const HEADER: &str =
        "codice_fiscale;cognome;nome;sesso;data_nascita;comune_nascita;cittadinanza;telefono;email";

    #[test]
    fn semicolon_file_with_both_date_formats() {
        let text = format!(
            "{HEADER}\nRSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;Bagno a Ripoli;italiana;055 123456;m.rossi@example.it\n\
             VRDGPP80A41H501Y;Verdi;Giuseppina;F;1980-01-01;Roma;UE;;\n"
        );
        let parsed = parse(&text, today()).unwrap();
        assert_eq!(parsed.separator, ';');
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        assert_eq!(parsed.valid.len(), 2);
        let (line, rossi) = &parsed.valid[0];
        assert_eq!(*line, 2);
        assert_eq!(
            rossi.birth_date,
            NaiveDate::from_ymd_opt(1985, 12, 10).unwrap()
        );
        assert_eq!(rossi.citizenship, Some(Citizenship::Italiana));
        assert_eq!(parsed.valid[1].1.citizenship, Some(Citizenship::Ue));
    }

    #[test]
    fn comma_file_with_quotes_bom_and_crlf() {
        let text = "\u{feff}codice_fiscale,cognome,nome,sesso,data_nascita,comune_nascita,cittadinanza,telefono,email\r\n\
             RSSMRA85T10A562S,\"Rossi, detto \"\"Mario\"\"\",Mario,M,10/12/1985,\"Bagno a Ripoli\",,,\r\n";
        let parsed = parse(text, today()).unwrap();
        assert_eq!(parsed.separator, ',');
        assert_eq!(parsed.valid[0].1.surname, "Rossi, detto \"Mario\"");
    }

    #[test]
    fn columns_in_another_order() {
        let text = "nome;cognome;codice_fiscale;email;telefono;cittadinanza;comune_nascita;data_nascita;sesso\n\
                    Mario;Rossi;rssmra85t10a562s;;;;;;\n";
        let parsed = parse(text, today()).unwrap();
        let (_, rossi) = &parsed.valid[0];
        assert_eq!(rossi.codice_fiscale, "RSSMRA85T10A562S");
        assert_eq!(rossi.sex, Sex::Male);
    }

    #[test]
    fn header_problems() {
        assert_eq!(parse("", today()), Err(FileError::Empty));
        assert_eq!(
            parse("codice_fiscale;cognome;nome\n", today()),
            Err(FileError::MissingColumns(vec![
                "sesso",
                "data_nascita",
                "comune_nascita",
                "cittadinanza",
                "telefono",
                "email"
            ]))
        );
        assert_eq!(
            parse(&format!("{HEADER};note\n"), today()),
            Err(FileError::UnknownColumn("note".into()))
        );
        assert_eq!(
            parse(&format!("{HEADER};email\n"), today()),
            Err(FileError::DuplicateColumn("email".into()))
        );
        assert_eq!(
            parse(&format!("{HEADER}\n\"RSS;Rossi\n"), today()),
            Err(FileError::UnclosedQuote { line: 2 })
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = format!(
            "{HEADER}\n\
             RSSMRA85T10A562T;Rossi;Mario;M;10/12/1985;;;;\n\
             RSSMRA85T10A562S;;Mario;M;10/12/1985;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;X;10/12/1985;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;F;10/12/1985;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;31/02/1985;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;11/12/1985;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;marziana;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;12ab;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;;rossi@\n\
             RSSMRA85T10A562S;Rossi;Mario\n\
             \n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;;\n"
        );
        let parsed = parse(&text, today()).unwrap();
        let lines: Vec<usize> = parsed.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14]);
        let problems: Vec<&RowProblem> = parsed.rejected.iter().map(|r| &r.problem).collect();
        assert!(matches!(
            problems[0],
            RowProblem::CodiceFiscale(CfError::CheckCharacter { .. })
        ));
        assert_eq!(problems[1], &RowProblem::Blank("cognome"));
        assert_eq!(problems[2], &RowProblem::Sex("X".into()));
        assert!(matches!(problems[3], RowProblem::SexMismatch { .. }));
        assert_eq!(problems[4], &RowProblem::Date("31/02/1985".into()));
        assert!(matches!(problems[5], RowProblem::DateMismatch { .. }));
        assert_eq!(problems[6], &RowProblem::Citizenship("marziana".into()));
        assert_eq!(problems[7], &RowProblem::Phone("12ab".into()));
        assert_eq!(problems[8], &RowProblem::Email("rossi@".into()));
        assert_eq!(
            problems[9],
            &RowProblem::FieldCount {
                found: 3,
                expected: 9
            }
        );
        assert_eq!(problems[10], &RowProblem::Repeated { first_line: 13 });
        assert_eq!(parsed.valid.len(), 1);
    }

    #[test]
    fn helpers() {
        assert!(valid_email("a.b@c.it"));
        assert!(!valid_email("a b@c.it"));
        assert!(!valid_email("a@b"));
        assert!(valid_phone("+39 055/123-456"));
        assert!(!valid_phone("12345"));
        assert_eq!(
            parse_citizenship("Extra-UE"),
            Some(Some(Citizenship::ExtraUe))
        );
        assert_eq!(parse_citizenship(" "), Some(None));
    }
}
