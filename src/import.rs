//! Reading a CSV of citizens: separator from the header line, BOM, CRLF, quoted fields (with
//! separators, doubled quotes and line breaks) through the `csv` crate, and the check of every
//! row. Streams one record at a time, so memory does not grow with the file.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Chain, Cursor, Read};

use chrono::NaiveDate;
use csv::ByteRecord;

use crate::domain::codice_fiscale::{CfError, CodiceFiscale};
use crate::domain::records::{CitizenData, Sex};
use crate::domain::validate::{parse_citizenship, parse_date, valid_email, valid_phone};

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

/// The columns a header must have: they identify the person. Sex and birth date come from the
/// codice fiscale when absent; the others, when absent, leave what is stored unchanged.
pub const REQUIRED: [&str; 3] = ["codice_fiscale", "cognome", "nome"];

/// Rows written per transaction: other writers wait at most for one batch.
pub const BATCH_ROWS: usize = 2_000;

/// The header line is read ahead to find the separator; no header is longer than this.
const HEADER_LIMIT: u64 = 64 * 1024;

/// Appended after the data. The parser accepts a quote left open at the end of the file (it
/// reads to the end as one field); this line comes out as a record of its own only when every
/// quote was closed.
const END_MARKER: &[u8] = b"\0orienta: fine del file\0";

#[derive(Debug)]
pub enum FileError {
    Empty,
    MissingColumns(Vec<&'static str>),
    UnknownColumn(String),
    DuplicateColumn(String),
    UnclosedQuote { line: usize },
    NotUtf8 { line: usize },
    Read(std::io::Error),
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
    /// A control character (escape, line break, ...) inside a value: never a person's data.
    ControlCharacter(&'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub problem: RowProblem,
}

/// One row of the file, checked on its own (repeats are found by [`unrepeated`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line where the record starts.
    pub line: usize,
    pub checked: Result<CitizenData, RowProblem>,
}

type Source<R> = Chain<Chain<Cursor<Vec<u8>>, BufReader<R>>, Cursor<Vec<u8>>>;

/// The rows of a CSV file, read one at a time.
pub struct Rows<R: Read> {
    reader: csv::Reader<Source<R>>,
    /// The record after the one being handed out: the last one must be the end marker.
    ahead: Option<ByteRecord>,
    /// Field index of each of [`COLUMNS`], when the header has it.
    position: [Option<usize>; COLUMNS.len()],
    width: usize,
    separator: char,
    today: NaiveDate,
}

/// `;` or `,`, whichever the header line uses more.
pub fn detect_separator(header: &[u8]) -> u8 {
    let count = |b: u8| header.iter().filter(|c| **c == b).count();
    if count(b',') > count(b';') {
        b','
    } else {
        b';'
    }
}

fn line_of(record: &ByteRecord) -> usize {
    record
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX))
}

fn utf8_fields(record: &ByteRecord) -> Result<Vec<&str>, FileError> {
    record
        .iter()
        .map(std::str::from_utf8)
        .collect::<Result<_, _>>()
        .map_err(|_| FileError::NotUtf8 {
            line: line_of(record),
        })
}

impl<R: Read> Rows<R> {
    /// Reads the header. `today` settles the century of two-digit years in codici fiscali.
    pub fn new(input: R, today: NaiveDate) -> Result<Self, FileError> {
        let mut input = BufReader::new(input);
        let mut first = Vec::new();
        (&mut input)
            .take(HEADER_LIMIT)
            .read_until(b'\n', &mut first)
            .map_err(FileError::Read)?;
        if first.starts_with(b"\xEF\xBB\xBF") {
            first.drain(..3);
        }
        let separator = detect_separator(&first);
        let mut end = b"\n".to_vec();
        end.extend_from_slice(END_MARKER);
        end.push(b'\n');
        let source = Cursor::new(first).chain(input).chain(Cursor::new(end));
        // Records end at a line feed only: with CRLF as the terminator the reader would count
        // a record's line before the line feed. The carriage return left at the end of a line
        // goes with the trimming every value gets.
        let reader = csv::ReaderBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(source);
        let mut rows = Rows {
            reader,
            ahead: None,
            position: [None; COLUMNS.len()],
            width: 0,
            separator: char::from(separator),
            today,
        };
        rows.ahead = rows.pull()?;
        let header = rows.next_filled()?.ok_or(FileError::Empty)?;
        for (i, name) in utf8_fields(&header)?.into_iter().enumerate() {
            let name = name.trim().to_lowercase();
            let column = COLUMNS
                .iter()
                .position(|c| *c == name)
                .ok_or_else(|| FileError::UnknownColumn(name.clone()))?;
            if rows.position[column].replace(i).is_some() {
                return Err(FileError::DuplicateColumn(name));
            }
        }
        let missing: Vec<&'static str> = REQUIRED.into_iter().filter(|r| !rows.has(r)).collect();
        if !missing.is_empty() {
            return Err(FileError::MissingColumns(missing));
        }
        rows.width = header.len();
        Ok(rows)
    }

    pub fn separator(&self) -> char {
        self.separator
    }

    fn has(&self, column: &str) -> bool {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .is_some_and(|i| self.position[i].is_some())
    }

    fn pull(&mut self) -> Result<Option<ByteRecord>, FileError> {
        let mut record = ByteRecord::new();
        match self.reader.read_byte_record(&mut record) {
            Ok(true) => Ok(Some(record)),
            Ok(false) => Ok(None),
            Err(e) => Err(FileError::Read(e.into())),
        }
    }

    /// The next record of the file; the end marker ends the file, a quote still open does not.
    fn next_record(&mut self) -> Result<Option<ByteRecord>, FileError> {
        let Some(current) = self.ahead.take() else {
            return Ok(None);
        };
        self.ahead = self.pull()?;
        if self.ahead.is_some() {
            return Ok(Some(current));
        }
        if current.len() == 1 && &current[0] == END_MARKER {
            Ok(None)
        } else {
            Err(FileError::UnclosedQuote {
                line: line_of(&current),
            })
        }
    }

    /// The next record that is not blank: a line of separators and spaces is not a row.
    fn next_filled(&mut self) -> Result<Option<ByteRecord>, FileError> {
        while let Some(record) = self.next_record()? {
            if !utf8_fields(&record)?.iter().all(|f| f.trim().is_empty()) {
                return Ok(Some(record));
            }
        }
        Ok(None)
    }

    pub fn next_row(&mut self) -> Result<Option<Row>, FileError> {
        let Some(record) = self.next_filled()? else {
            return Ok(None);
        };
        Ok(Some(Row {
            line: line_of(&record),
            checked: self.check(&utf8_fields(&record)?),
        }))
    }

    fn check(&self, fields: &[&str]) -> Result<CitizenData, RowProblem> {
        if fields.len() != self.width {
            return Err(RowProblem::FieldCount {
                found: fields.len(),
                expected: self.width,
            });
        }
        // A line break or tab inside a quoted value is read as a space; any other control
        // character refuses the row (see `check_row`).
        let mut owned: [String; COLUMNS.len()] = Default::default();
        for (value, position) in owned.iter_mut().zip(self.position) {
            if let Some(field) = position.and_then(|i| fields.get(i)) {
                *value = one_line(field);
            }
        }
        let values: [&str; COLUMNS.len()] = std::array::from_fn(|i| owned[i].as_str());
        check_row(&values, self.today)
    }
}

/// `text` trimmed, with each run of line breaks and tabs as one space.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n', '\t'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Codici fiscali met in a file, each with the line of its first valid row.
pub trait FirstLines {
    type Error;
    /// The line where `codice_fiscale` was first noted; notes it at `line` if it is new.
    fn note(&mut self, codice_fiscale: &str, line: usize) -> Result<usize, Self::Error>;
}

impl FirstLines for HashMap<String, usize> {
    type Error = std::convert::Infallible;

    fn note(&mut self, codice_fiscale: &str, line: usize) -> Result<usize, Self::Error> {
        Ok(*self.entry(codice_fiscale.to_string()).or_insert(line))
    }
}

/// The row's data, or why it is rejected; a valid row whose codice fiscale came earlier in the
/// file is a repeat. Gives the same answer when the file is read again with the same `seen`.
pub fn unrepeated<S: FirstLines>(
    row: Row,
    seen: &mut S,
) -> Result<Result<CitizenData, Rejected>, S::Error> {
    let line = row.line;
    let reject = |problem| Ok(Err(Rejected { line, problem }));
    match row.checked {
        Err(problem) => reject(problem),
        Ok(data) => match seen.note(&data.codice_fiscale, line)? {
            first_line if first_line == line => Ok(Ok(data)),
            first_line => reject(RowProblem::Repeated { first_line }),
        },
    }
}

/// Checks one row: `values` are trimmed and in the order of [`COLUMNS`], empty for a column the
/// file lacks.
fn check_row(values: &[&str; COLUMNS.len()], today: NaiveDate) -> Result<CitizenData, RowProblem> {
    let get = |column: &str| -> &str {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .map_or("", |i| values[i])
    };
    if let Some((column, _)) = COLUMNS
        .iter()
        .zip(values.iter())
        .find(|(_, v)| v.chars().any(char::is_control))
    {
        return Err(RowProblem::ControlCharacter(column));
    }
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
    use crate::domain::records::Citizenship;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    const HEADER: &str =
        "codice_fiscale;cognome;nome;sesso;data_nascita;comune_nascita;cittadinanza;telefono;email";

    #[derive(Debug)]
    struct Parsed {
        separator: char,
        valid: Vec<(usize, CitizenData)>,
        rejected: Vec<Rejected>,
    }

    fn read_all(rows: &mut Rows<&[u8]>, seen: &mut HashMap<String, usize>) -> Parsed {
        let mut parsed = Parsed {
            separator: rows.separator(),
            valid: Vec::new(),
            rejected: Vec::new(),
        };
        while let Some(row) = rows.next_row().unwrap() {
            let line = row.line;
            match unrepeated(row, seen) {
                Ok(Ok(data)) => parsed.valid.push((line, data)),
                Ok(Err(rejected)) => parsed.rejected.push(rejected),
                Err(never) => match never {},
            }
        }
        parsed
    }

    fn parse(text: &str) -> Result<Parsed, FileError> {
        let mut rows = Rows::new(text.as_bytes(), today())?;
        let mut seen = HashMap::new();
        Ok(read_all(&mut rows, &mut seen))
    }

    /// The error of a file that must not be read, or the row problems of one that can.
    fn file_error(text: &str) -> FileError {
        let mut rows = match Rows::new(text.as_bytes(), today()) {
            Ok(rows) => rows,
            Err(e) => return e,
        };
        loop {
            match rows.next_row() {
                Ok(Some(_)) => {}
                Ok(None) => panic!("no file error in {text:?}"),
                Err(e) => return e,
            }
        }
    }

    #[test]
    fn semicolon_file_with_both_date_formats() {
        let text = format!(
            "{HEADER}\nRSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;Bagno a Ripoli;italiana;055 123456;m.rossi@example.it\n\
             VRDGPP80A41H501Y;Verdi;Giuseppina;F;1980-01-01;Roma;UE;;\n"
        );
        let parsed = parse(&text).unwrap();
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
    fn comma_file_with_quotes_bom_crlf_and_line_breaks() {
        let text = "\u{feff}codice_fiscale,cognome,nome,sesso,data_nascita,comune_nascita,cittadinanza,telefono,email\r\n\
             RSSMRA85T10A562S,\"Rossi, detto \"\"Mario\"\"\",Mario,M,10/12/1985,\"Bagno a\r\nRipoli\",,,\r\n\
             VRDGPP80A41H501Y,Verdi,Giuseppina,F,1980-01-01,Roma,UE,,";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.separator, ',');
        let (line, rossi) = &parsed.valid[0];
        assert_eq!(*line, 2);
        assert_eq!(rossi.surname, "Rossi, detto \"Mario\"");
        assert_eq!(rossi.birth_place, "Bagno a Ripoli");
        assert_eq!(parsed.valid[1].0, 4, "the record after the line break");
    }

    #[test]
    fn only_the_identifying_columns_are_required() {
        let text = "nome;cognome;codice_fiscale\nMario;Rossi;rssmra85t10a562s\n";
        let parsed = parse(text).unwrap();
        let (_, rossi) = &parsed.valid[0];
        assert_eq!(rossi.codice_fiscale, "RSSMRA85T10A562S");
        assert_eq!(rossi.sex, Sex::Male);
        assert_eq!(
            rossi.birth_date,
            NaiveDate::from_ymd_opt(1985, 12, 10).unwrap()
        );
        assert_eq!(rossi.phone, "");
        assert_eq!(rossi.citizenship, None);
    }

    #[test]
    fn header_problems() {
        assert!(matches!(file_error(""), FileError::Empty));
        assert!(matches!(file_error("\u{feff}\r\n"), FileError::Empty));
        assert!(matches!(
            file_error("codice_fiscale;sesso;cognome\n"),
            FileError::MissingColumns(m) if m == ["nome"]
        ));
        assert!(matches!(
            file_error(&format!("{HEADER};note\n")),
            FileError::UnknownColumn(c) if c == "note"
        ));
        assert!(matches!(
            file_error(&format!("{HEADER};email\n")),
            FileError::DuplicateColumn(c) if c == "email"
        ));
        assert!(
            parse("codice_fiscale;cognome;nome\n")
                .unwrap()
                .valid
                .is_empty()
        );
    }

    #[test]
    fn a_quote_left_open_is_a_file_error_with_the_line_of_its_record() {
        for end in ["\n", ""] {
            let text = format!(
                "{HEADER}\nRSSMRA85T10A562S;Rossi;Mario;;;;;;\n\"RSS;Rossi\nVRDGPP80A41H501Y;Verdi;Giuseppina;;;;;;{end}"
            );
            assert!(
                matches!(file_error(&text), FileError::UnclosedQuote { line: 3 }),
                "{text:?}"
            );
        }
        assert!(matches!(
            file_error("codice_fiscale;\"cognome;nome\n"),
            FileError::UnclosedQuote { line: 1 }
        ));
        // The marker that ends the data, met in the data, is just a bad row.
        let marker = String::from_utf8(END_MARKER.to_vec()).unwrap();
        let parsed = parse(&format!(
            "{HEADER}\n{marker}\nRSSMRA85T10A562S;Rossi;Mario;;;;;;\n"
        ));
        let parsed = parsed.unwrap();
        assert_eq!(parsed.rejected.len(), 1);
        assert_eq!(parsed.valid.len(), 1);
    }

    #[test]
    fn text_that_is_not_utf8_is_a_file_error_with_its_line() {
        let mut bytes = format!("{HEADER}\nRSSMRA85T10A562S;Rossi;Mario;;;;;;\n").into_bytes();
        bytes.extend_from_slice(b"VRDGPP80A41H501Y;Verd\xec;Giuseppina;;;;;;\n");
        let mut rows = Rows::new(bytes.as_slice(), today()).unwrap();
        assert!(rows.next_row().unwrap().is_some());
        assert!(matches!(
            rows.next_row(),
            Err(FileError::NotUtf8 { line: 3 })
        ));
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
             ; ;;;;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;;\n"
        );
        let parsed = parse(&text).unwrap();
        let lines: Vec<usize> = parsed.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15]);
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
        assert_eq!(problems[10], &RowProblem::Repeated { first_line: 14 });
        assert_eq!(parsed.valid.len(), 1);
    }

    #[test]
    fn a_second_reading_with_the_same_notes_gives_the_same_answers() {
        let text = format!(
            "{HEADER}\n\
             RSSMRA85T10A562S;Rossi;Mario;F;10/12/1985;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;;\n\
             VRDGPP80A41H501Y;Verdi;Giuseppina;;;;;;\n\
             RSSMRA85T10A562S;Rossi;Mario;M;10/12/1985;;;;\n"
        );
        let mut seen = HashMap::new();
        let mut first = Rows::new(text.as_bytes(), today()).unwrap();
        let first = read_all(&mut first, &mut seen);
        let mut second = Rows::new(text.as_bytes(), today()).unwrap();
        let second = read_all(&mut second, &mut seen);
        assert_eq!(first.valid, second.valid);
        assert_eq!(first.rejected, second.rejected);
        let valid: Vec<usize> = first.valid.iter().map(|(line, _)| *line).collect();
        assert_eq!(valid, [3, 4]);
        assert_eq!(
            first.rejected[1],
            Rejected {
                line: 5,
                problem: RowProblem::Repeated { first_line: 3 }
            }
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(detect_separator(b"a,b;c,d"), b',');
        assert_eq!(detect_separator(b"codice_fiscale"), b';');
    }
}
