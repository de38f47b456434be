//! A signed pact in words, as the card shows it: the stored content read field by field.

use crate::strings as S;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::records::PactVersion;
use crate::ui::app::App;
use crate::ui::render::date_of;

/// Rows of `text` in `width` columns, wrapped at spaces, each row keeping the line's indentation.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let indent = text.chars().take_while(|c| *c == ' ').count();
    let pad = " ".repeat(indent);
    let room = width.saturating_sub(indent).max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        let used = row.chars().count();
        if used > 0 && used + 1 + word.len() <= room {
            row.push(' ');
            row.extend(&word);
            continue;
        }
        if used > 0 {
            rows.push(format!("{pad}{}", std::mem::take(&mut row)));
        }
        while word.len() > room {
            rows.push(format!("{pad}{}", word.drain(..room).collect::<String>()));
        }
        row = word.into_iter().collect();
    }
    rows.push(format!("{pad}{row}"));
    rows
}

/// The pact view's rows at `width` columns: the version's line, then its content, wrapped.
pub(crate) fn pact_view_rows(app: &App, pact: &PactVersion, width: u16) -> Vec<String> {
    let title = S::pact_line(
        &pact.number,
        pact.version,
        &date_of(&pact.signed_at),
        &pact.operator,
    );
    std::iter::once(title)
        .chain(pact_lines(&pact.content, &app.data.actions))
        .flat_map(|line| wrapped(&line, usize::from(width)))
        .collect()
}

/// How far the pact view can scroll, in a terminal of `viewport` (header, status line and key
/// line above and below the view, its border around it, one row for the indicator).
pub(crate) fn pact_view_max_scroll(app: &App, pact: &PactVersion) -> usize {
    let (width, height) = app.viewport;
    let rows = pact_view_rows(app, pact, width.saturating_sub(2)).len();
    let shown = usize::from(height.saturating_sub(3 + 2 + 1));
    rows.saturating_sub(shown)
}

/// A signed version, scrolled by `scroll` rows; a last row says what is above and below.
pub(crate) fn render_pact_view(
    app: &App,
    pact: &PactVersion,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(S::PACT_VIEW_TITLE);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = pact_view_rows(app, pact, inner.width);
    let height = usize::from(inner.height);
    let (shown, offset) = if rows.len() > height {
        let shown = height.saturating_sub(1);
        (shown, scroll.min(rows.len() - shown))
    } else {
        (height, 0)
    };
    let mut lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(shown)
        .map(|(n, r)| {
            if n == 0 {
                Line::from(Span::styled(r.clone(), app.theme.title))
            } else {
                Line::from(r.clone())
            }
        })
        .collect();
    if rows.len() > height {
        let below = rows.len() - offset - shown;
        lines.push(Line::from(Span::styled(
            S::more_rows(offset, below),
            app.theme.dim,
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A signed pact in words: the content as stored, read field by field. Each action shows its
/// code and name: the name signed with it (`nome`) or, in older contents, the catalogue's.
pub(crate) fn pact_lines(
    content: &serde_json::Value,
    catalogue: &crate::domain::reference::ActionCatalog,
) -> Vec<String> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".to_string(),
        serde_json::Value::Bool(true) => S::YES.to_string(),
        serde_json::Value::Bool(false) => S::NO.to_string(),
        other => other.to_string(),
    };
    let profile = &content["profilo_di_occupabilita"];
    let mut out = Vec::new();
    if let Some(name) = content["strumento"]["nome"].as_str() {
        let fingerprint = content["strumento"]["impronta"].as_str().unwrap_or("");
        out.push(format!(
            "{}: {name} {} · {}",
            S::PACT_INSTRUMENT,
            text(&content["strumento"]["versione"]),
            fingerprint.get(..12).unwrap_or(fingerprint)
        ));
    }
    out.extend([
        format!("{}: {}", S::F_RESPONSIBLE, text(&content["responsabile"])),
        format!(
            "{}: {} {} ({} {})",
            S::PACT_PATH,
            text(&profile["percorso"]),
            text(&profile["nome_percorso"]),
            S::PACT_PROPOSED,
            text(&profile["percorso_proposto"])
        ),
    ]);
    if let Some(targets) = profile["punteggi"].as_object() {
        let scores: Vec<String> = targets
            .iter()
            .map(|(id, t)| {
                format!(
                    "{} {}/{}",
                    id.replace("CD", "C+D"),
                    text(&t["punteggio_rettificato"]),
                    text(&t["soglia"])
                )
            })
            .collect();
        out.push(format!("{}: {}", S::PACT_SCORES, scores.join("  ")));
    }
    out.push(format!("{}:", S::PACT_ACTIONS));
    for a in content["atti_di_ricerca_attiva"]
        .as_array()
        .into_iter()
        .flatten()
    {
        // Recorded by the signing (formato 2): said so, after the date.
        let automatic = if a["automatica"] == true {
            format!(" · {}", S::RECORDED_BY_SIGNING)
        } else {
            String::new()
        };
        let code = text(&a["codice"]);
        let description = a["descrizione"].as_str().unwrap_or("");
        let label = match a["nome"].as_str() {
            Some(name) if description.trim().is_empty() || description.trim() == name => {
                format!("{code} {name}")
            }
            Some(name) => format!("{code} {name} — {}", description.trim()),
            None => catalogue.label_with(&code, description),
        };
        out.push(format!(
            "  {label} · {} · {}{automatic}",
            text(&a["tipo"]),
            // Stored as AAAA-MM-GG, read as GG/MM/AAAA.
            a["scadenza"]
                .as_str()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map_or_else(
                    || text(&a["scadenza"]),
                    |d| d.format("%d/%m/%Y").to_string()
                )
        ));
    }
    out.push(format!(
        "{}: {}",
        S::F_FREQUENCY,
        text(&content["frequenza_contatti"])
    ));
    out.push(format!(
        "{}: {}",
        S::F_PROOF,
        text(&content["prova_della_ricerca"])
    ));
    let d = &content["disponibilita"];
    out.push(format!(
        "{}: {} {}, {} {}, {} {}",
        S::PACT_AVAILABILITY,
        S::PACT_WORKSHOPS,
        text(&d["laboratori_ricerca_lavoro"]),
        S::PACT_TRAINING,
        text(&d["formazione_riqualificazione"]),
        S::PACT_OFFERS,
        text(&d["offerte_congrue"])
    ));
    let changes: Vec<String> = content["modifiche"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("  {}", text(c)))
        .collect();
    if !changes.is_empty() {
        out.push(format!("{}:", S::PACT_CHANGES));
        out.extend(changes);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_signed_pact_shows_dates_as_the_operator_writes_them() {
        let content = serde_json::json!({
            "atti_di_ricerca_attiva": [
                {"codice": "A06", "descrizione": "Colloquio", "tipo": "cpi", "scadenza": "2027-01-15"}
            ]
        });
        let data = crate::data::load_defaults().unwrap();
        let lines = super::pact_lines(&content, &data.actions).join("\n");
        assert!(lines.contains("15/01/2027"), "{lines}");
        assert!(!lines.contains("2027-01-15"), "{lines}");
        assert!(!lines.contains("Modifiche"), "{lines}");
    }

    #[test]
    fn a_later_version_shows_its_changes_and_the_actions_recorded_by_the_signing() {
        let content = serde_json::json!({
            "atti_di_ricerca_attiva": [
                {"codice": "150", "descrizione": "Colloquio", "tipo": "cpi", "scadenza": "2026-11-26",
                 "automatica": true}
            ],
            "modifiche": ["Azione tolta dal piano: B03"]
        });
        let data = crate::data::load_defaults().unwrap();
        let lines = super::pact_lines(&content, &data.actions).join("\n");
        assert!(
            lines.contains("150 Colloquio per il patto (D.lgs. 150/2015) — Colloquio · cpi · 26/11/2026 · registrata alla firma"),
            "{lines}"
        );
        assert!(
            lines.contains("Modifiche rispetto alla versione precedente:\n  Azione tolta"),
            "{lines}"
        );
    }

    #[test]
    fn each_action_of_a_signed_pact_shows_its_code_and_name() {
        let data = crate::data::load_defaults().unwrap();
        let content = serde_json::json!({
            "atti_di_ricerca_attiva": [
                {"codice": "C04", "descrizione": "", "tipo": "cpi", "scadenza": null},
                {"codice": "C05", "descrizione": "Corso di inglese", "tipo": "cpi"},
                {"codice": "C06", "nome": "Tirocinio firmato", "descrizione": "", "tipo": "cpi"}
            ],
            "strumento": {"nome": "Strumento X", "versione": "1", "impronta": "0123456789abcdef"}
        });
        let lines = super::pact_lines(&content, &data.actions).join("\n");
        let c04 = data.actions.label("C04");
        let c05 = data.actions.label("C05");
        assert_ne!(c04, c05);
        assert!(lines.contains(&c04), "{lines}");
        assert!(
            lines.contains(&format!("{c05} — Corso di inglese")),
            "{lines}"
        );
        assert!(lines.contains("C06 Tirocinio firmato"), "{lines}");
        assert!(
            lines.contains("Strumento: Strumento X 1 · 0123456789ab"),
            "{lines}"
        );
    }
}
