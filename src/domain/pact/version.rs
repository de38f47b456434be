//! What a signed version adds to the content (formato 2): the CPI, the interview date, the
//! person's data, the propensioni, the plan with the catalogue names, and what changed since
//! the previous version.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use crate::domain::records::{CitizenData, PlannedAction, Propensity};

/// The version of the content's layout written by this program.
pub const FORMAT: u32 = 2;

/// An action of the plan as signed: the stored row's identity next to what was planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedAction<'a> {
    /// The row id, so that the next version can tell which action it continues.
    pub id: i64,
    pub carried_from: Option<i64>,
    /// Recorded by the signing itself (150, A05, A07).
    pub automatic: bool,
    /// The catalogue name of the code ("" when the code is not in the catalogue).
    pub name: &'a str,
    pub action: &'a PlannedAction,
}

/// A propensione as signed, with the name of its SEP ("" when none).
pub struct SignedPropensity<'a> {
    pub propensity: &'a Propensity,
    pub sep: &'a str,
}

/// The keys of formato 2 that the signing adds to `content`. Section D, the fragility note and
/// the social services never appear: nothing here reads them.
pub struct Additions<'a> {
    pub cpi: &'a str,
    pub interview_date: NaiveDate,
    pub citizen: &'a CitizenData,
    /// The name of the education title ("" when unknown).
    pub education: &'a str,
    pub propensities: &'a [SignedPropensity<'a>],
    pub actions: &'a [SignedAction<'a>],
    /// The content of the previous signed version, if any.
    pub previous: Option<&'a Value>,
}

fn text(s: &str) -> Value {
    Value::String(s.trim().to_string())
}

/// Adds the keys of formato 2 to a content built by [`super::content`].
pub fn add_to_content(content: &mut Value, add: &Additions) {
    let Some(object) = content.as_object_mut() else {
        return;
    };
    let c = add.citizen;
    object.insert("formato".into(), json!(FORMAT));
    object.insert("cpi".into(), text(add.cpi));
    object.insert(
        "data_colloquio".into(),
        json!(add.interview_date.to_string()),
    );
    let person = object
        .entry("cittadino")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(person) = person.as_object_mut() {
        let fields = [
            ("codice_fiscale", text(&c.codice_fiscale)),
            ("cognome", text(&c.surname)),
            ("nome", text(&c.name)),
            ("sesso", json!(c.sex.code())),
            ("data_nascita", json!(c.birth_date.to_string())),
            ("luogo_nascita", text(&c.birth_place)),
            (
                "cittadinanza",
                json!(c.citizenship.map_or("", |x| x.code())),
            ),
            ("data_did", json!(c.did_date.map(|d| d.to_string()))),
            ("titolo_studio", text(add.education)),
            ("condizione_occupazionale", text(&c.employment)),
            ("sostegno_al_reddito", text(&c.income_support)),
            ("telefono", text(&c.phone)),
            ("email", text(&c.email)),
        ];
        for (key, value) in fields {
            person.insert(key.into(), value);
        }
    }
    let propensities: Vec<Value> = add
        .propensities
        .iter()
        .map(|p| {
            let q = p.propensity;
            let from: Vec<&str> = [
                (q.from_work, "lavoro"),
                (q.from_education, "istruzione"),
                (q.from_training, "formazione"),
                (q.from_aptitude, "attitudini"),
            ]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
            json!({
                "codice_cp2021": q.cp2021_code.trim(),
                "titolo": q.title.trim(),
                "provenienza": from,
                "sep": p.sep,
                "note": q.notes.trim(),
            })
        })
        .collect();
    object.insert("propensioni".into(), Value::Array(propensities));
    let actions: Vec<Value> = add
        .actions
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a.action).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert("nome".into(), text(a.name));
                o.insert("id".into(), json!(a.id));
                o.insert("ripresa_da".into(), json!(a.carried_from));
                o.insert("automatica".into(), json!(a.automatic));
            }
            v
        })
        .collect();
    object.insert("atti_di_ricerca_attiva".into(), Value::Array(actions));
    let changes: Vec<String> = add
        .previous
        .map_or_else(Vec::new, |p| changes(p, content))
        .iter()
        .map(ToString::to_string)
        .collect();
    if let Some(object) = content.as_object_mut() {
        object.insert("modifiche".into(), json!(changes));
    }
}

/// A part of the change of percorso.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathChangePart {
    Category,
    Reasons,
    Agreement,
}

/// A field of an action that changed between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionField {
    Status,
    Due,
    Outcome,
    Description,
    Kind,
}

/// A term of the pact (art. 20) that changed between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    Responsible,
    Frequency,
    Proof,
    Workshops,
    Training,
    Offers,
}

/// Whether something was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Added,
    Removed,
    Changed,
}

/// One difference between two signed versions (values as in the content: dates
/// `AAAA-MM-GG`, yes/no as `true`/`false`, "" when absent). In words in `strings.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    ActionAdded {
        action: String,
        due: String,
    },
    ActionRemoved {
        action: String,
    },
    /// Not in the new plan because it was concluded or cancelled (`status`).
    ActionClosed {
        action: String,
        status: String,
    },
    ActionField {
        action: String,
        field: ActionField,
        before: String,
        after: String,
    },
    Term {
        term: Term,
        before: String,
        after: String,
    },
    Path {
        before: String,
        before_name: String,
        after: String,
        after_name: String,
    },
    Plafond(Presence),
    PathChange(Presence),
    /// One part of a change of percorso present in both versions.
    PathChangePart {
        part: PathChangePart,
        before: String,
        after: String,
    },
    PropensityAdded(String),
    PropensityRemoved(String),
}

fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn presence(before: &Value, after: &Value) -> Presence {
    match (before, after) {
        (Value::Null, _) => Presence::Added,
        (_, Value::Null) => Presence::Removed,
        _ => Presence::Changed,
    }
}

/// The actions a version typed in its plan (those recorded by the signing are left out).
fn planned(content: &Value) -> Vec<&Value> {
    content["atti_di_ricerca_attiva"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["automatica"] != Value::Bool(true))
        .collect()
}

fn action_label(a: &Value) -> String {
    let name = str_of(&a["nome"]);
    let code = str_of(&a["codice"]);
    if name.is_empty() {
        code
    } else {
        format!("{code} {name}")
    }
}

/// What changed from the `previous` signed content to the `current` one, in Italian, one
/// sentence per change: actions added, removed or changed (status, due date, outcome), terms,
/// percorso, plafond, change of percorso, propensioni added or removed.
pub fn changes(previous: &Value, current: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    let before = planned(previous);
    let after = planned(current);
    // An action continues the one it was carried from; without that link (older contents),
    // the first not yet matched with the same code.
    let mut matched = vec![false; before.len()];
    let mut pairs: Vec<(Option<usize>, &Value)> = Vec::new();
    for a in &after {
        let linked = |b: &Value| {
            let id = b["id"].as_i64();
            id.is_some() && (id == a["ripresa_da"].as_i64() || id == a["id"].as_i64())
        };
        let by_link = (0..before.len()).find(|&i| !matched[i] && linked(before[i]));
        // A version signed before the actions had ids (formato 1): by code.
        let found = by_link.or_else(|| {
            before
                .iter()
                .enumerate()
                .position(|(i, b)| !matched[i] && b["codice"] == a["codice"] && b["id"].is_null())
        });
        if let Some(i) = found {
            matched[i] = true;
        }
        pairs.push((found, a));
    }
    for (i, b) in before.iter().enumerate() {
        if matched[i] {
            continue;
        }
        // Concluded or cancelled actions are not carried into a new version: they are done,
        // not taken away.
        let closed = matches!(b["stato"].as_str(), Some("conclusa" | "annullata"));
        out.push(if closed {
            Change::ActionClosed {
                action: action_label(b),
                status: str_of(&b["stato"]),
            }
        } else {
            Change::ActionRemoved {
                action: action_label(b),
            }
        });
    }
    for (found, a) in pairs {
        let Some(i) = found else {
            out.push(Change::ActionAdded {
                action: action_label(a),
                due: str_of(&a["scadenza"]),
            });
            continue;
        };
        let b = before[i];
        for (key, field) in [
            ("stato", ActionField::Status),
            ("scadenza", ActionField::Due),
            ("esito", ActionField::Outcome),
            ("descrizione", ActionField::Description),
            ("tipo", ActionField::Kind),
        ] {
            if b[key] != a[key] {
                out.push(Change::ActionField {
                    action: action_label(a),
                    field,
                    before: str_of(&b[key]),
                    after: str_of(&a[key]),
                });
            }
        }
    }
    let terms = [
        (
            &previous["responsabile"],
            &current["responsabile"],
            Term::Responsible,
        ),
        (
            &previous["frequenza_contatti"],
            &current["frequenza_contatti"],
            Term::Frequency,
        ),
        (
            &previous["prova_della_ricerca"],
            &current["prova_della_ricerca"],
            Term::Proof,
        ),
        (
            &previous["disponibilita"]["laboratori_ricerca_lavoro"],
            &current["disponibilita"]["laboratori_ricerca_lavoro"],
            Term::Workshops,
        ),
        (
            &previous["disponibilita"]["formazione_riqualificazione"],
            &current["disponibilita"]["formazione_riqualificazione"],
            Term::Training,
        ),
        (
            &previous["disponibilita"]["offerte_congrue"],
            &current["disponibilita"]["offerte_congrue"],
            Term::Offers,
        ),
    ];
    for (b, a, term) in terms {
        if b != a {
            out.push(Change::Term {
                term,
                before: str_of(b),
                after: str_of(a),
            });
        }
    }
    let (pb, pa) = (
        &previous["profilo_di_occupabilita"],
        &current["profilo_di_occupabilita"],
    );
    if pb["percorso"] != pa["percorso"] {
        out.push(Change::Path {
            before: str_of(&pb["percorso"]),
            before_name: str_of(&pb["nome_percorso"]),
            after: str_of(&pa["percorso"]),
            after_name: str_of(&pa["nome_percorso"]),
        });
    }
    if pb["plafond"] != pa["plafond"] {
        out.push(Change::Plafond(presence(&pb["plafond"], &pa["plafond"])));
    }
    let (cb, ca) = (&pb["cambio_percorso"], &pa["cambio_percorso"]);
    if cb != ca {
        match presence(cb, ca) {
            // Which part changed (the percorso itself is a change of its own, above).
            Presence::Changed => {
                for (key, part) in [
                    ("nome_categoria", PathChangePart::Category),
                    ("nota", PathChangePart::Reasons),
                    ("concordato", PathChangePart::Agreement),
                ] {
                    if cb[key] != ca[key] {
                        out.push(Change::PathChangePart {
                            part,
                            before: str_of(&cb[key]),
                            after: str_of(&ca[key]),
                        });
                    }
                }
            }
            other => out.push(Change::PathChange(other)),
        }
    }
    let key = |p: &Value| format!("{} {}", str_of(&p["codice_cp2021"]), str_of(&p["titolo"]));
    let props = |c: &Value| -> Vec<String> {
        c["propensioni"]
            .as_array()
            .into_iter()
            .flatten()
            .map(key)
            .collect()
    };
    let (before, after) = (props(previous), props(current));
    // A content without the key (formato 1) says nothing about propensioni.
    if previous.get("propensioni").is_some() {
        for p in before.iter().filter(|p| !after.contains(p)) {
            out.push(Change::PropensityRemoved(p.trim().to_string()));
        }
        for p in after.iter().filter(|p| !before.contains(p)) {
            out.push(Change::PropensityAdded(p.trim().to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The changes in words, as the content stores them.
    fn changes(previous: &Value, current: &Value) -> Vec<String> {
        super::changes(previous, current)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn version(actions: Value) -> Value {
        json!({
            "formato": 2,
            "responsabile": "Anna Bianchi",
            "frequenza_contatti": "mensile",
            "prova_della_ricerca": "candidature",
            "disponibilita": {"laboratori_ricerca_lavoro": true,
                              "formazione_riqualificazione": true, "offerte_congrue": true},
            "profilo_di_occupabilita": {"percorso": 2, "nome_percorso": "Aggiornamento",
                                        "plafond": null, "cambio_percorso": null},
            "propensioni": [{"codice_cp2021": "5.1.2.2.0", "titolo": "Cassiere"}],
            "atti_di_ricerca_attiva": actions,
        })
    }

    fn a(id: i64, from: Option<i64>, code: &str, status: &str, due: &str) -> Value {
        json!({"id": id, "ripresa_da": from, "codice": code, "nome": "Nome", "tipo": "cpi",
               "descrizione": "", "esito": "", "stato": status, "scadenza": due,
               "automatica": false})
    }

    #[test]
    fn the_same_content_has_no_changes() {
        let v = version(json!([a(1, None, "A06", "programmata", "2027-01-15")]));
        assert!(changes(&v, &v).is_empty());
    }

    #[test]
    fn a_carried_action_with_a_new_status_and_due_date_is_one_change_each() {
        let v1 = version(json!([a(1, None, "A06", "programmata", "2027-01-15")]));
        let v2 = version(json!([a(7, Some(1), "A06", "in_corso", "2027-02-01")]));
        let found = changes(&v1, &v2);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0] == "Azione A06 Nome: stato da «programmata» a «in corso»",
            "{found:?}"
        );
        assert!(
            found[1].contains("da «15/01/2027» a «01/02/2027»"),
            "{found:?}"
        );
    }

    #[test]
    fn added_and_removed_actions_are_named() {
        let v1 = version(json!([
            a(1, None, "A06", "programmata", ""),
            a(2, None, "B03", "programmata", "")
        ]));
        let v2 = version(json!([
            a(7, Some(1), "A06", "programmata", ""),
            a(8, None, "C06", "programmata", "2027-03-01")
        ]));
        let found = changes(&v1, &v2);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .any(|c| c.contains("B03") && c.contains("tolta"))
        );
        assert!(
            found
                .iter()
                .any(|c| c.contains("C06") && c.contains("aggiunta"))
        );
    }

    #[test]
    fn a_concluded_action_left_out_is_done_not_removed_and_who_does_it_is_in_words() {
        let v1 = version(json!([
            a(1, None, "C06", "conclusa", ""),
            a(2, None, "B03", "annullata", ""),
            a(3, None, "A06", "programmata", "")
        ]));
        let mut moved = a(9, Some(3), "A06", "programmata", "");
        moved["tipo"] = json!("autonoma");
        let v2 = version(json!([moved]));
        let found = changes(&v1, &v2);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            found[0],
            "Azione conclusa nella versione precedente, non più nel piano: C06 Nome"
        );
        assert!(found[1].starts_with("Azione annullata"), "{found:?}");
        assert!(!found.iter().any(|c| c.contains("tolta")), "{found:?}");
        assert_eq!(
            found[2],
            "Azione A06 Nome: chi la svolge da «il Centro per l'Impiego» a «la persona»"
        );
    }

    #[test]
    fn a_change_of_percorso_says_which_part_changed() {
        let mut v1 = version(json!([]));
        v1["profilo_di_occupabilita"]["cambio_percorso"] = json!({
            "categoria": "servizi_sociali", "nome_categoria": "Servizi sociali",
            "nota": "prima", "concordato": true
        });
        let mut v2 = v1.clone();
        v2["profilo_di_occupabilita"]["cambio_percorso"]["nota"] = json!("dopo");
        assert_eq!(
            changes(&v1, &v2),
            ["Cambio di percorso, motivazioni: da «prima» a «dopo»"]
        );
    }

    #[test]
    fn actions_recorded_by_the_signing_are_not_changes() {
        let mut auto = a(3, None, "150", "conclusa", "2026-11-26");
        auto["automatica"] = json!(true);
        let v1 = version(json!([a(1, None, "A06", "programmata", ""), auto]));
        let v2 = version(json!([a(7, Some(1), "A06", "programmata", "")]));
        assert!(changes(&v1, &v2).is_empty());
    }

    #[test]
    fn terms_percorso_plafond_and_propensioni_are_compared() {
        let v1 = version(json!([]));
        let mut v2 = v1.clone();
        v2["frequenza_contatti"] = json!("ogni due settimane");
        v2["disponibilita"]["offerte_congrue"] = json!(false);
        v2["profilo_di_occupabilita"]["percorso"] = json!(3);
        v2["profilo_di_occupabilita"]["plafond"] = json!({"sezione": "B", "punti": 2});
        v2["profilo_di_occupabilita"]["cambio_percorso"] = json!({"categoria": "x"});
        v2["propensioni"] = json!([{"codice_cp2021": "4.1.1.1.0", "titolo": "Impiegato"}]);
        let found = changes(&v1, &v2);
        assert_eq!(found.len(), 7, "{found:#?}");
        assert!(found.iter().any(|c| c.contains("ogni due settimane")));
        assert!(found.iter().any(|c| c.contains("Cassiere")));
        assert!(found.iter().any(|c| c.contains("Impiegato")));
    }

    #[test]
    fn an_old_content_without_links_matches_actions_by_code() {
        let old = json!({"atti_di_ricerca_attiva": [
            {"codice": "A06", "stato": "programmata", "scadenza": null}
        ]});
        let mut new = old.clone();
        new["atti_di_ricerca_attiva"][0]["stato"] = json!("conclusa");
        let found = changes(&old, &new);
        assert_eq!(found.len(), 1, "{found:?}");
        // A formato 2 version carried from it: its link names a row the old content lacks.
        new["atti_di_ricerca_attiva"][0]["id"] = json!(9);
        new["atti_di_ricerca_attiva"][0]["ripresa_da"] = json!(3);
        assert_eq!(changes(&old, &new).len(), 1, "{:?}", changes(&old, &new));
    }

    #[test]
    fn a_linked_action_is_not_matched_by_code_to_another_one() {
        let v1 = version(json!([
            a(1, None, "A06", "programmata", ""),
            a(2, None, "A06", "programmata", "")
        ]));
        let v2 = version(json!([a(8, Some(2), "A06", "in_corso", "")]));
        let found = changes(&v1, &v2);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().any(|c| c.starts_with("Azione tolta")),
            "{found:?}"
        );
    }
}
