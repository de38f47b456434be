//! The printed pact: every art. 20 element in text and Markdown (snapshots), the JSON, a PDF
//! whose text is extracted, section D never shown, acceptance in the store.

mod common;

use orienta::data;
use orienta::document::{self, AcceptanceKind, Format};
use orienta::domain::records::{CitizenData, InterviewKind, PactVersion, Sex};
use orienta::store::{CreateMode, Store, StoreError};
use serde_json::{Value, json};

fn pact(content: Value) -> PactVersion {
    PactVersion {
        id: 1,
        citizen_id: 1,
        interview_id: 1,
        number: "PSP-2026-0000007".into(),
        version: 2,
        signed_at: "2026-11-26T10:30:00+01:00".into(),
        operator: "Anna Bianchi".into(),
        content,
    }
}

/// A content of formato 2 as the spec has it; `plafond` and `change` add those parts.
fn content(plafond: bool, change: bool) -> Value {
    json!({
        "formato": 2,
        "cpi": "Centro per l'Impiego di Firenze",
        "data_colloquio": "2026-11-26",
        "cittadino": {
            "codice_fiscale": "RSSMRA85T10A562S", "cognome": "Rossi", "nome": "Mario",
            "sesso": "M", "data_nascita": "1985-12-10", "luogo_nascita": "Bagno a Ripoli",
            "cittadinanza": "italiana", "data_did": "2026-10-01", "titolo_studio": "Diploma",
            "condizione_occupazionale": "disoccupato", "sostegno_al_reddito": "NASpI",
            "telefono": "055 123456", "email": "mario.rossi@example.it"
        },
        "tipo_colloquio": "did150",
        "responsabile": "Anna Bianchi",
        "strumento": {"nome": "Assessment GOL (orienta)", "versione": "1",
                      "impronta": "4f2a9c0e11d5b7a3e8f06c2d9b1a7e5f00112233445566778899aabbccddeeff"},
        "profilo_di_occupabilita": {
            "assessment": true,
            "punteggi": {
                "A": {"nome": "Condizione lavorativa", "punteggio": 6,
                      "punteggio_rettificato": if plafond { 7 } else { 6 }, "soglia": 7,
                      "soglia_raggiunta": plafond, "massimo": 18, "percorso_se_raggiunta": 2},
                "B": {"nome": "Competenze", "punteggio": 3, "punteggio_rettificato": 3,
                      "soglia": 8, "soglia_raggiunta": false, "massimo": 15,
                      "percorso_se_raggiunta": 3},
                "C": {"nome": "Condizione personale", "punteggio": 2, "punteggio_rettificato": 2,
                      "soglia": 6, "soglia_raggiunta": false, "massimo": 15,
                      "percorso_se_raggiunta": null},
                "CD": {"nome": "Assessment approfondito (C+D)", "punteggio": 2,
                       "punteggio_rettificato": 2, "soglia": 12, "soglia_raggiunta": false,
                       "massimo": 30, "percorso_se_raggiunta": 4}
            },
            "plafond": if plafond { json!({"sezione": "A", "punti": 1,
                "nota": "esperienza recente poco qualificata", "incide_sul_percorso": true}) }
                else { Value::Null },
            "percorso_proposto": if plafond { 2 } else { 1 },
            "nome_percorso_proposto": if plafond { "Aggiornamento (upskilling)" }
                else { "Reinserimento lavorativo" },
            "percorso": if change { 4 } else if plafond { 2 } else { 1 },
            "nome_percorso": if change { "Lavoro e inclusione" } else if plafond
                { "Aggiornamento (upskilling)" } else { "Reinserimento lavorativo" },
            "cambio_percorso": if change { json!({"categoria": "servizi_sociali",
                "nome_categoria": "Presa in carico dal servizio sociale o socio-sanitario",
                "nota": "seguito dal servizio sociale del comune, concordato in rete",
                "concordato": true}) } else { Value::Null }
        },
        "propensioni": [
            {"codice_cp2021": "8.1.3.1.0", "titolo": "Magazziniere",
             "provenienza": ["lavoro", "formazione"], "sep": "Trasporti e logistica",
             "note": "patente del muletto"}
        ],
        "atti_di_ricerca_attiva": [
            {"codice": "A06", "nome": "Consulenza orientativa", "tipo": "cpi",
             "descrizione": "due incontri", "scadenza": "2026-12-15", "stato": "programmata",
             "esito": ""},
            {"codice": "C06", "nome": "Tirocinio di inserimento o reinserimento",
             "tipo": "rete", "descrizione": "", "scadenza": "2027-03-31",
             "stato": "programmata", "esito": ""},
            {"codice": "B03", "nome": "Accompagnamento al lavoro", "tipo": "autonoma",
             "descrizione": "", "scadenza": null, "stato": "in_corso", "esito": ""}
        ],
        "frequenza_contatti": "mensile, con un colloquio in presenza ogni tre mesi",
        "prova_della_ricerca": "elenco delle candidature inviate, con le risposte ricevute",
        "disponibilita": {"laboratori_ricerca_lavoro": true,
                          "formazione_riqualificazione": true, "offerte_congrue": false},
        "modifiche": ["Aggiunto il tirocinio C06 con scadenza 31/03/2027."]
    })
}

#[test]
fn text_and_markdown_without_plafond_or_change() {
    let p = pact(content(false, false));
    insta::assert_snapshot!("text_plain", document::text(&p, None));
    insta::assert_snapshot!("md_plain", document::markdown(&p, None));
}

#[test]
fn text_and_markdown_with_plafond_and_change_of_percorso() {
    let p = pact(content(true, true));
    let accepted = document::Acceptance {
        id: 1,
        pact_version_id: 1,
        accepted_at: "2026-11-26T10:45:00+01:00".into(),
        operator: "Anna Bianchi".into(),
        how: AcceptanceKind::Firma,
    };
    insta::assert_snapshot!("text_plafond_change", document::text(&p, Some(&accepted)));
    insta::assert_snapshot!("md_plafond_change", document::markdown(&p, Some(&accepted)));
}

#[test]
fn the_text_is_laid_out_for_a4_pages() {
    let mut c = content(true, true);
    // A long plan: the document takes more than one page.
    let actions: Vec<Value> = (0..40)
        .map(|i| {
            json!({"codice": format!("C{i:02}"), "nome": "Corso di formazione",
            "tipo": "rete", "descrizione": "modulo di competenze digitali di base", 
            "scadenza": "2027-01-31", "stato": "programmata", "esito": ""})
        })
        .collect();
    c["atti_di_ricerca_attiva"] = Value::Array(actions);
    let text = document::text(&pact(c), None);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate() {
        let lines: Vec<&str> = page.lines().collect();
        assert_eq!(lines.len(), document::PAGE_LINES, "page {}", n + 1);
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() <= document::TEXT_WIDTH)
        );
        let footer = format!("pagina {} di {}", n + 1, pages.len());
        assert!(lines[document::PAGE_LINES - 1].ends_with(&footer));
    }
}

fn all_formats(p: &PactVersion) -> Vec<(Format, String)> {
    Format::ALL
        .into_iter()
        .map(|f| {
            let bytes = document::render(f, p, None).unwrap();
            let text = if f == Format::Pdf {
                pdf_text(&bytes)
            } else {
                String::from_utf8(bytes).unwrap()
            };
            (f, text)
        })
        .collect()
}

#[test]
fn every_art_20_element_is_in_every_format() {
    let p = pact(content(true, true));
    for (format, text) in all_formats(&p) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in [
            "Centro per l'Impiego di Firenze",
            "Anna Bianchi",
            "RSSMRA85T10A562S",
            "Rossi",
            "Magazziniere",
            "A06",
            "C06",
            "B03",
            "mensile",
            "candidature",
            "Presa in carico dal servizio sociale",
            "esperienza recente poco qualificata",
            "Assessment GOL (orienta)",
            "PSP-2026-0000007",
        ] {
            assert!(flat.contains(needle), "{format:?} lacks {needle}:\n{text}");
        }
        if format != Format::Json {
            for needle in [
                "Percorso 4",
                "Lavoro e inclusione",
                "Firma della persona",
                "Firma dell'operatore",
                "versione 2",
                "il Centro per l'Impiego",
                "un altro soggetto della rete",
                "la persona",
                "entro il 15/12/2026",
                "disponibilità",
                "offerte di lavoro congrue: no",
                "Incide sul percorso",
                "concordato con la persona",
                "rettificato 7",
            ] {
                assert!(flat.contains(needle), "{format:?} lacks {needle}:\n{text}");
            }
        }
    }
}

/// The text of every page of a PDF, as a reader would copy it.
fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

#[test]
fn the_pdf_embeds_its_font_and_its_text_can_be_extracted() {
    let p = pact(content(false, true));
    let bytes = document::pdf(&p, None).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    // The font file travels in the PDF: a subset, far smaller than the font.
    let embedded = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .any(|d| d.has(b"FontFile2"));
    assert!(embedded);
    assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
    let text = pdf_text(&bytes);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Rossi Mario",
        "Percorso 4 - Lavoro e inclusione",
        "A06",
        "C06",
        "B03",
        "disponibilità",
        "attività",
        "Profilo di occupabilità",
    ] {
        assert!(flat.contains(needle), "the PDF lacks {needle}:\n{text}");
    }
}

#[test]
fn a_long_pdf_has_several_pages_with_their_numbers() {
    let mut c = content(false, false);
    let actions: Vec<Value> = (0..60)
        .map(|i| {
            json!({"codice": format!("X{i:02}"), "nome": "Attività di gruppo",
            "tipo": "cpi", "descrizione": "incontro", "scadenza": "2027-01-31",
            "stato": "programmata", "esito": ""})
        })
        .collect();
    c["atti_di_ricerca_attiva"] = Value::Array(actions);
    let bytes = document::pdf(&pact(c), None).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages().len();
    assert!(pages >= 2);
    let text = pdf_text(&bytes);
    assert!(
        text.contains(&format!("pagina {pages} di {pages}")),
        "{text}"
    );
    assert!(text.contains("X59"));
}

#[test]
fn section_d_never_appears_in_any_format() {
    let mut c = content(false, true);
    // A content that (wrongly) carries section D: its score alone, its areas, the note on
    // fragility and the social services' involvement, at the top and inside the profile.
    let profile = &mut c["profilo_di_occupabilita"];
    profile["punteggi"]["D"] = json!({"nome": "Sezione D riservata", "punteggio": 14,
        "punteggio_rettificato": 14, "soglia": 0, "massimo": 15});
    profile["aree"] = json!({
        "D1": {"nome": "Condizione economica", "punteggio": 3},
        "D2": {"nome": "Esposizione debitoria", "punteggio": 3},
        "D3": {"nome": "Reti di sostegno", "punteggio": 3},
        "D4": {"nome": "Rapporto con i servizi sociali", "punteggio": 3},
        "D5": {"nome": "Funzionamento sociale", "punteggio": 2}
    });
    profile["nota_fragilita"] = json!("NOTA-RISERVATA-FRAGILITA");
    profile["servizi_sociali_coinvolti"] = json!(true);
    c["nota_fragilita"] = json!("NOTA-RISERVATA-FRAGILITA");
    c["servizi_sociali_coinvolti"] = json!(true);
    c["D4"] = json!({"nome": "Rapporto con i servizi sociali"});
    c["risposte"] = json!({"D1": 3, "D2": 3});
    let data = data::load_defaults().unwrap();
    let d_names: Vec<String> = data
        .instrument
        .sections
        .iter()
        .filter(|s| s.id == "D")
        .flat_map(|s| s.areas.iter().map(|a| a.name.clone()))
        .collect();
    assert_eq!(d_names.len(), 5);
    for (format, text) in all_formats(&pact(c)) {
        // "C+D" and "D.lgs." are words of their own.
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '.')) {
            let word = word.trim_end_matches('.');
            assert!(
                !["D", "D1", "D2", "D3", "D4", "D5", "14"].contains(&word),
                "{format:?} shows {word}:\n{text}"
            );
        }
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in d_names.iter().map(String::as_str).chain([
            "Sezione D riservata",
            "NOTA-RISERVATA-FRAGILITA",
            "servizi_sociali_coinvolti",
            "nota_fragilita",
            "fragilit",
        ]) {
            assert!(!flat.contains(needle), "{format:?} shows {needle}:\n{text}");
        }
        // The C+D total is there.
        assert!(flat.contains("C+D"), "{format:?}");
    }
}

#[test]
fn a_content_of_the_first_format_still_renders() {
    let old = json!({
        "cittadino": {"codice_fiscale": "RSSMRA85T10A562S", "cognome": "Rossi", "nome": "Mario"},
        "tipo_colloquio": "altro",
        "responsabile": "Anna",
        "profilo_di_occupabilita": {"assessment": false, "punteggi": {}, "plafond": null,
            "percorso_proposto": null, "percorso": null, "nome_percorso": null,
            "cambio_percorso": null},
        "atti_di_ricerca_attiva": [{"codice": "A06", "tipo": "cpi", "descrizione": "",
            "scadenza": null, "stato": "programmata", "esito": ""}],
        "frequenza_contatti": "mensile",
        "prova_della_ricerca": "candidature",
        "disponibilita": {"laboratori_ricerca_lavoro": true,
            "formazione_riqualificazione": null, "offerte_congrue": true}
    });
    let p = pact(old);
    for (_, text) in all_formats(&p) {
        assert!(text.contains("A06"));
    }
    let text = document::text(&p, None);
    assert!(text.contains("non indicato"), "{text}");
    assert!(text.contains("Nessuna propensione"), "{text}");
    // Even an empty content gives a document to sign.
    let empty = document::text(&pact(json!({})), None);
    assert!(empty.contains("Firma della persona"));
}

#[test]
fn the_json_has_stable_keys_and_the_acceptance() {
    let p = pact(content(true, false));
    let accepted = document::Acceptance {
        id: 3,
        pact_version_id: 1,
        accepted_at: "2026-11-26T11:00:00+01:00".into(),
        operator: "Anna Bianchi".into(),
        how: AcceptanceKind::Pdf,
    };
    let j = document::json(&p, Some(&accepted));
    let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "documento",
            "numero",
            "versione",
            "firmato_il",
            "operatore",
            "accettazione",
            "contenuto"
        ]
    );
    assert_eq!(j["accettazione"]["modo"], "pdf");
    assert_eq!(
        j["contenuto"]["profilo_di_occupabilita"]["plafond"]["punti"],
        1
    );
    assert_eq!(document::json(&p, None)["accettazione"], Value::Null);
}

fn rossi() -> CitizenData {
    let mut c = CitizenData::new(
        "RSSMRA85T10A562S",
        "Rossi",
        "Mario",
        Sex::Male,
        chrono::NaiveDate::from_ymd_opt(1985, 12, 10).unwrap(),
    );
    c.did_date = chrono::NaiveDate::from_ymd_opt(2026, 10, 1);
    c
}

#[test]
fn a_real_signed_pact_prints_and_is_accepted_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = data::load_defaults().unwrap();
    let mut store = Store::open(&dir.path().join("o.db"), "anna", CreateMode::default()).unwrap();
    let citizen = store.insert_citizen(&rossi()).unwrap();
    let interview = store
        .start_interview(citizen.id, InterviewKind::Did150)
        .unwrap();
    let seen = common::complete_interview(&mut store, &data, interview.id);
    let signed = store.sign_pact(&data, &seen).unwrap();

    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"PSP-\d{4}-\d{7}", "PSP-AAAA-NNNNNNN");
    settings.add_filter(r"\d{2}/\d{2}/\d{4}", "GG/MM/AAAA");
    settings.add_filter(r"\d{4}-\d{2}-\d{2}", "AAAA-MM-GG");
    settings.bind(|| {
        insta::assert_snapshot!("text_real_pact", document::text(&signed, None));
        insta::assert_snapshot!("md_real_pact", document::markdown(&signed, None));
    });

    assert_eq!(store.acceptance_of(signed.id).unwrap(), None);
    let accepted = store
        .record_acceptance(signed.id, AcceptanceKind::Firma)
        .unwrap();
    assert_eq!(accepted.how, AcceptanceKind::Firma);
    assert_eq!(accepted.operator, "anna");
    assert_eq!(
        store.acceptance_of(signed.id).unwrap(),
        Some(accepted.clone())
    );
    let again = store.record_acceptance(signed.id, AcceptanceKind::Pdf);
    let Err(e @ StoreError::AlreadyAccepted { .. }) = again else {
        panic!("{again:?}");
    };
    assert!(e.to_string().contains("già registrata"), "{e}");
    assert_eq!(store.acceptance_of(signed.id).unwrap(), Some(accepted));
    assert!(matches!(
        store.record_acceptance(9999, AcceptanceKind::Firma),
        Err(StoreError::NotFound { .. })
    ));
    let audit = store.audit_of(citizen.id).unwrap();
    let entry = audit.iter().find(|e| e.field == "accettazione").unwrap();
    assert_eq!(entry.entity, "patto");
    assert_eq!(entry.entity_id, Some(signed.id));
    assert!(entry.new_value.as_deref().unwrap().ends_with("v1: firma"));
    // The acceptance is in the document.
    let text = document::text(&signed, store.acceptance_of(signed.id).unwrap().as_ref());
    assert!(text.contains("Patto firmato dalla persona il"), "{text}");
}

#[test]
fn the_activities_after_the_pact_are_printed_apart_and_never_bring_section_d() {
    use document::{AfterItem, AfterPact};
    use orienta::domain::records::ActionStatus;
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d);
    let after = AfterPact {
        as_of: day(20).unwrap(),
        items: vec![
            AfterItem {
                code: "A03".into(),
                name: "Bilancio di competenze".into(),
                description: String::new(),
                status: ActionStatus::Conclusa,
                started_on: day(2),
                ended_on: day(9),
                outcome: "fabbisogno: corso di logistica".into(),
            },
            AfterItem {
                code: "B03".into(),
                name: "Accompagnamento al lavoro".into(),
                description: "a risultato".into(),
                status: ActionStatus::InCorso,
                started_on: day(10),
                ended_on: None,
                outcome: String::new(),
            },
        ],
    };
    let mut c = content(false, true);
    c["profilo_di_occupabilita"]["punteggi"]["D"] = json!({"nome": "Sezione D riservata",
        "punteggio": 14, "punteggio_rettificato": 14, "soglia": 0, "massimo": 15});
    c["nota_fragilita"] = json!("NOTA-RISERVATA-FRAGILITA");
    let p = pact(c);
    let text = document::text_with(&p, None, Some(&after));
    let md = document::markdown_with(&p, None, Some(&after));
    let pdf = pdf_text(&document::pdf_with(&p, None, Some(&after)).unwrap());
    let json = document::json_with(&p, None, Some(&after)).to_string();
    for (what, shown) in [("txt", &text), ("md", &md), ("pdf", &pdf), ("json", &json)] {
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in ["Sezione D riservata", "NOTA-RISERVATA-FRAGILITA"] {
            assert!(!flat.contains(needle), "{what} shows {needle}");
        }
        if what != "json" {
            assert!(flat.contains("Attività dopo il patto"), "{what}: {shown}");
            assert!(flat.contains("Situazione al 20/12/2026"), "{what}: {shown}");
            assert!(
                flat.contains("A03 Bilancio di competenze: iniziata il 02/12/2026, conclusa il 09/12/2026; esito: fabbisogno: corso di logistica"),
                "{what}: {shown}"
            );
            assert!(
                flat.contains(
                    "B03 Accompagnamento al lavoro (a risultato): in corso, iniziata il 10/12/2026"
                ),
                "{what}: {shown}"
            );
        }
    }
    assert!(json.contains("\"situazione_al\":\"2026-12-20\""), "{json}");
    // Without the activities the document is the signed one, unchanged.
    assert_eq!(
        document::text_with(&p, None, None),
        document::text(&p, None)
    );
}
