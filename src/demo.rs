//! Synthetic people for trying the program and for benchmarks: valid codici fiscali and a
//! plausible spread of interviews, assessments, propensioni, CVs and actions. Deterministic for
//! a given seed; no I/O.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::records::{
    ActionKind, ActionStatus, ChecklistEntry, CitizenData, Citizenship, CvRecord, InterviewKind,
    PactTerms, PlannedAction, Propensity, Sex,
};
use crate::domain::reference::ReferenceData;
use crate::domain::scoring::{Answers, Plafond, check_plafond, score};

/// SplitMix64: small, fast, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SURNAMES: [&str; 48] = [
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Mariani",
    "Rinaldi",
    "Caruso",
    "Ferrara",
    "Galli",
    "Martini",
    "Leone",
    "Longo",
    "Gentile",
    "Martinelli",
    "Vitale",
    "Lombardo",
    "Serra",
    "Coppola",
    "De Santis",
    "D'Angelo",
    "Marchetti",
    "Parenti",
    "Bellini",
    "Innocenti",
    "Bartolini",
    "Cecchi",
    "Mugnai",
    "Nardi",
    "Pieri",
];
const MALE_NAMES: [&str; 24] = [
    "Marco",
    "Andrea",
    "Luca",
    "Giuseppe",
    "Francesco",
    "Alessandro",
    "Matteo",
    "Lorenzo",
    "Davide",
    "Simone",
    "Federico",
    "Riccardo",
    "Stefano",
    "Niccolò",
    "Tommaso",
    "Gabriele",
    "Paolo",
    "Giovanni",
    "Ahmed",
    "Mohamed",
    "Ion",
    "Arben",
    "Samuele",
    "Filippo",
];
const FEMALE_NAMES: [&str; 24] = [
    "Giulia",
    "Francesca",
    "Chiara",
    "Sara",
    "Martina",
    "Valentina",
    "Alessia",
    "Elena",
    "Silvia",
    "Laura",
    "Federica",
    "Elisa",
    "Anna",
    "Giorgia",
    "Ilaria",
    "Maria",
    "Paola",
    "Fatima",
    "Elena",
    "Ana",
    "Irina",
    "Ioana",
    "Caterina",
    "Beatrice",
];
/// Birth places: cadastral code, name, citizenship.
const PLACES: [(&str, &str, Citizenship); 16] = [
    ("D612", "Firenze", Citizenship::Italiana),
    ("G999", "Prato", Citizenship::Italiana),
    ("G702", "Pisa", Citizenship::Italiana),
    ("E625", "Livorno", Citizenship::Italiana),
    ("E715", "Lucca", Citizenship::Italiana),
    ("G713", "Pistoia", Citizenship::Italiana),
    ("A390", "Arezzo", Citizenship::Italiana),
    ("I726", "Siena", Citizenship::Italiana),
    ("E202", "Grosseto", Citizenship::Italiana),
    ("F023", "Massa", Citizenship::Italiana),
    ("D403", "Empoli", Citizenship::Italiana),
    ("F839", "Napoli", Citizenship::Italiana),
    ("H501", "Roma", Citizenship::Italiana),
    ("Z129", "Romania", Citizenship::Ue),
    ("Z100", "Albania", Citizenship::ExtraUe),
    ("Z330", "Marocco", Citizenship::ExtraUe),
];
const EMPLOYMENT: [&str; 4] = [
    "disoccupato",
    "in cerca di prima occupazione",
    "occupato a rischio",
    "inattivo",
];
const INCOME_SUPPORT: [&str; 5] = ["", "", "NASpI", "ADI", "DIS-COLL"];
/// CP2021 code, title, SEP.
const PROFILES: [(&str, &str, u32); 12] = [
    ("5.1.2.2.0", "Commesso delle vendite al minuto", 12),
    ("5.2.2.1.0", "Cuoco in alberghi e ristoranti", 23),
    ("5.2.2.3.1", "Cameriere di ristorante", 23),
    ("4.1.1.1.0", "Addetto a funzioni di segreteria", 24),
    ("8.1.4.1.0", "Addetto alle pulizie", 20),
    ("7.4.4.2.0", "Conduttore di carrelli elevatori", 11),
    ("6.5.3.3.1", "Sarto", 5),
    ("5.3.1.1.0", "Operatore socio-sanitario", 19),
    ("3.1.2.2.0", "Tecnico programmatore", 14),
    ("6.1.2.1.0", "Muratore", 9),
    ("6.2.3.1.1", "Meccanico di autoveicoli", 10),
    ("4.3.1.2.0", "Addetto alla contabilità", 13),
];
const EXPECTATIONS: [&str; 5] = [
    "Cerca un lavoro stabile vicino a casa, anche part-time.",
    "Vuole riqualificarsi dopo la chiusura dell'azienda dove lavorava.",
    "Chiede un primo impiego coerente con gli studi.",
    "Cerca orari compatibili con la cura dei figli.",
    "Vuole rientrare nel settore in cui ha più esperienza.",
];

#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticInterview {
    pub kind: InterviewKind,
    pub started_on: NaiveDate,
    pub closed: bool,
    pub info_items: Vec<String>,
    pub expectations: String,
    pub answers: Answers,
    pub checklist: Vec<ChecklistEntry>,
    pub plafond: Option<Plafond>,
    pub proposed_path: Option<u8>,
    pub final_path: Option<u8>,
    pub terms: PactTerms,
    pub actions: Vec<PlannedAction>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticPerson {
    pub citizen: CitizenData,
    pub interviews: Vec<SyntheticInterview>,
    pub propensities: Vec<Propensity>,
    pub cv: Option<CvRecord>,
}

/// Makes synthetic people; remembers the codici fiscali given so none repeats.
pub struct Generator<'a> {
    data: &'a ReferenceData,
    rng: Rng,
    today: NaiveDate,
    used: std::collections::HashSet<String>,
}

fn days_before(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

impl<'a> Generator<'a> {
    /// `taken`: codici fiscali already in the database.
    pub fn new(
        data: &'a ReferenceData,
        seed: u64,
        today: NaiveDate,
        taken: impl IntoIterator<Item = String>,
    ) -> Self {
        Generator {
            data,
            rng: Rng::new(seed),
            today,
            used: taken.into_iter().collect(),
        }
    }

    fn codice_fiscale(
        &mut self,
        surname: &str,
        name: &str,
        sex: Sex,
        birth: &mut NaiveDate,
        place: &str,
    ) -> String {
        loop {
            // Same person data twice: the tax office's answer is omocodia.
            for omocodia in 0..=7 {
                if let Some(cf) = CodiceFiscale::encode(surname, name, sex, *birth, place, omocodia)
                    && self.used.insert(cf.as_str().to_string())
                {
                    return cf.as_str().to_string();
                }
            }
            *birth = birth.succ_opt().unwrap_or(*birth);
        }
    }

    pub fn person(&mut self) -> SyntheticPerson {
        let rng = &mut self.rng;
        let sex = if rng.chance(50) {
            Sex::Male
        } else {
            Sex::Female
        };
        let surname = *rng.pick(&SURNAMES);
        let name = match sex {
            Sex::Male => *rng.pick(&MALE_NAMES),
            Sex::Female => *rng.pick(&FEMALE_NAMES),
        };
        let age_days = 18 * 365 + rng.below(47 * 365) as u64;
        let mut birth = days_before(self.today, age_days);
        let (place_code, place_name, citizenship) = *self.rng.pick(&PLACES);
        let cf = self.codice_fiscale(surname, name, sex, &mut birth, place_code);
        let rng = &mut self.rng;

        let mut citizen = CitizenData::new(&cf, surname, name, sex, birth);
        citizen.birth_place = place_name.to_string();
        citizen.citizenship = Some(citizenship);
        citizen.phone = format!("3{:09}", rng.next_u64() % 1_000_000_000);
        citizen.email = format!(
            "{}.{}{}@example.it",
            crate::domain::records::search_key(name).to_lowercase(),
            crate::domain::records::search_key(surname).to_lowercase(),
            rng.below(1000)
        );
        let education = &self.data.education;
        citizen.education = education[rng.below(education.len())].id.clone();
        citizen.employment = rng.pick(&EMPLOYMENT).to_string();
        citizen.did_date = Some(days_before(self.today, rng.below(700) as u64));
        citizen.income_support = rng.pick(&INCOME_SUPPORT).to_string();
        citizen.quantitative_class = Some(1 + rng.below(3) as u8);
        if rng.chance(6) {
            let categories = &self.data.categories;
            citizen.special_categories = vec![categories[rng.below(categories.len())].id.clone()];
        }

        let mut interviews = Vec::new();
        if self.rng.chance(70) {
            let count = if self.rng.chance(20) { 2 } else { 1 };
            for n in 0..count {
                let last = n + 1 == count;
                let closed = !last || self.rng.chance(85);
                interviews.push(self.interview(closed));
            }
            interviews.sort_by_key(|i| i.started_on);
        }

        let mut propensities = Vec::new();
        if !interviews.is_empty() {
            let count = 1 + self.rng.below(3);
            for _ in 0..count {
                let (code, title, sep) = *self.rng.pick(&PROFILES);
                let from_work = self.rng.chance(70);
                propensities.push(Propensity {
                    cp2021_code: code.to_string(),
                    title: title.to_string(),
                    from_work,
                    from_education: self.rng.chance(30),
                    from_training: !from_work || self.rng.chance(20),
                    from_aptitude: self.rng.chance(20),
                    interview_date: interviews[0].started_on,
                    sep: Some(sep),
                    skills: String::new(),
                    years_experience: from_work.then(|| 1 + self.rng.below(20) as u32),
                    last_year: from_work.then(|| self.today.year() - self.rng.below(6) as i32),
                    availability: "full-time, entro 30 km".into(),
                    licences: if self.rng.chance(60) {
                        "patente B".into()
                    } else {
                        String::new()
                    },
                    notes: String::new(),
                });
            }
        }
        let has_title = self
            .data
            .education
            .iter()
            .any(|e| e.id == citizen.education && e.is_title);
        let cv = (has_title && !propensities.is_empty() && self.rng.chance(50)).then(|| {
            let provinces = &self.data.provinces;
            CvRecord {
                filed_on: days_before(self.today, self.rng.below(730) as u64),
                consent: true,
                provinces: vec![provinces[self.rng.below(provinces.len())].code.clone()],
                pdf_path: format!("cv/{}.pdf", cf.to_lowercase()),
            }
        });
        SyntheticPerson {
            citizen,
            interviews,
            propensities,
            cv,
        }
    }

    fn interview(&mut self, closed: bool) -> SyntheticInterview {
        let instrument = &self.data.instrument;
        let rng = &mut self.rng;
        let kind = if rng.chance(90) {
            InterviewKind::Did150
        } else {
            InterviewKind::Altro
        };
        let started_on = days_before(self.today, rng.below(600) as u64);
        let mut answers = Answers::new();
        let mut plafond = None;
        let mut proposed = None;
        if kind.allows_assessment() {
            // How hard this person's situation is: the chance of each step up the scale.
            let difficulty = [15, 30, 45, 60][rng.below(4)];
            let answered_sections = if closed {
                instrument.sections.len()
            } else {
                rng.below(instrument.sections.len() + 1)
            };
            for section in instrument.sections.iter().take(answered_sections) {
                if section.enabled_by.is_some()
                    && !score(instrument, &answers, None)
                        .section(&section.id)
                        .is_some_and(|s| s.enabled)
                {
                    continue;
                }
                for area in &section.areas {
                    let steps = (1..area.options.len())
                        .take_while(|_| rng.chance(difficulty))
                        .count();
                    // The instrument comes from validated data: options exist.
                    let _ = answers.set(instrument, &area.id, steps);
                }
            }
            let base = score(instrument, &answers, None);
            if base.complete() && rng.chance(10) {
                for target in instrument.targets() {
                    let candidate = Plafond {
                        target: target.id.to_string(),
                        points: if rng.chance(50) { 1 } else { -1 },
                        note: "Valutazione professionale (dato sintetico)".into(),
                    };
                    if check_plafond(instrument, &base, &candidate).is_ok() {
                        plafond = Some(candidate);
                        break;
                    }
                }
            }
            proposed = score(instrument, &answers, plafond.as_ref()).proposed;
        }
        let catalogue = &self.data.actions.actions;
        let actions = (0..1 + rng.below(4))
            .map(|_| {
                let action = &catalogue[rng.below(catalogue.len())];
                PlannedAction {
                    code: action.code.clone(),
                    kind: ActionKind::ALL[rng.below(ActionKind::ALL.len())],
                    description: action.name.clone(),
                    due_date: started_on.checked_add_days(Days::new(30 + rng.below(150) as u64)),
                    status: if closed {
                        ActionStatus::ALL[rng.below(ActionStatus::ALL.len())]
                    } else {
                        ActionStatus::Programmata
                    },
                    outcome: String::new(),
                }
            })
            .collect();
        let checklist = if closed && kind.allows_assessment() {
            let ratings = &self.data.checklist.ratings;
            self.data
                .checklist
                .dimensions
                .iter()
                .map(|d| ChecklistEntry {
                    dimension: d.id.clone(),
                    rating: Some(ratings[rng.below(ratings.len())].id.clone()),
                    note: String::new(),
                })
                .collect()
        } else {
            Vec::new()
        };
        SyntheticInterview {
            kind,
            started_on,
            closed,
            info_items: if closed {
                vec!["colloquio".into(), "obblighi_diritti".into()]
            } else {
                Vec::new()
            },
            expectations: rng.pick(&EXPECTATIONS).to_string(),
            answers,
            checklist,
            plafond,
            proposed_path: proposed.filter(|_| closed),
            final_path: proposed.filter(|_| closed),
            terms: if closed {
                PactTerms {
                    responsible: "Operatore CPI".into(),
                    contact_frequency: "mensile".into(),
                    search_proof: "colloqui periodici e documentazione delle candidature".into(),
                    available_workshops: Some(true),
                    available_training: Some(rng.chance(80)),
                    available_offers: Some(true),
                }
            } else {
                PactTerms::default()
            },
            actions,
        }
    }
}

/// A one-page A4 PDF: with `text`, a line of it in Helvetica (a text layer, as a CV written
/// with a word processor); with `None`, only an image drawn on the page, as a scan. For the demo
/// and for tests of the CV check.
pub fn sample_pdf(text: Option<&str>) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let (resources, operations) = match text {
        Some(text) => {
            let font_id = doc.add_object(dictionary! {
                "Type" => "Font",
                "Subtype" => "Type1",
                "BaseFont" => "Helvetica",
            });
            (
                dictionary! { "Font" => dictionary! { "F1" => font_id } },
                vec![
                    Operation::new("BT", vec![]),
                    Operation::new("Tf", vec!["F1".into(), 14.into()]),
                    Operation::new("Td", vec![72.into(), 770.into()]),
                    Operation::new("Tj", vec![Object::string_literal(text)]),
                    Operation::new("ET", vec![]),
                ],
            )
        }
        None => {
            // A 2x2 grey picture stretched over the page.
            let image = Stream::new(
                dictionary! {
                    "Type" => "XObject",
                    "Subtype" => "Image",
                    "Width" => 2,
                    "Height" => 2,
                    "ColorSpace" => "DeviceGray",
                    "BitsPerComponent" => 8,
                },
                vec![0x20, 0xe0, 0xe0, 0x20],
            );
            let image_id = doc.add_object(image);
            (
                dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
                vec![
                    Operation::new("q", vec![]),
                    Operation::new(
                        "cm",
                        vec![
                            595.into(),
                            0.into(),
                            0.into(),
                            842.into(),
                            0.into(),
                            0.into(),
                        ],
                    ),
                    Operation::new("Do", vec!["Im1".into()]),
                    Operation::new("Q", vec![]),
                ],
            )
        }
    };
    let encoded = Content { operations }.encode().unwrap_or_default();
    let content_id = doc.add_object(Stream::new(Dictionary::new(), encoded));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = doc.save_to(&mut bytes);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;

    #[test]
    fn people_are_valid_and_distinct_and_repeatable() {
        let data = data::load_defaults().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let make = || {
            let mut g = Generator::new(&data, 7, today, []);
            (0..2000).map(|_| g.person()).collect::<Vec<_>>()
        };
        let people = make();
        assert_eq!(people, make());
        let mut codes = std::collections::HashSet::new();
        let mut with_interviews = 0;
        for p in &people {
            let cf = CodiceFiscale::parse(&p.citizen.codice_fiscale).unwrap();
            let decoded = cf.decode(today).unwrap();
            assert_eq!(decoded.birth_date, p.citizen.birth_date);
            assert_eq!(decoded.sex, p.citizen.sex);
            assert!(codes.insert(p.citizen.codice_fiscale.clone()));
            assert!(p.propensities.len() <= 3);
            with_interviews += usize::from(!p.interviews.is_empty());
            for i in &p.interviews {
                if i.closed && i.kind.allows_assessment() {
                    let s = score(&data.instrument, &i.answers, i.plafond.as_ref());
                    assert!(s.complete());
                    assert_eq!(s.proposed, i.proposed_path);
                }
            }
        }
        assert!((1200..1600).contains(&with_interviews), "{with_interviews}");
    }
}
