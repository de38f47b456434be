//! The scores panel and the legend: raw, adjustment, adjusted, threshold, with a symbol and a
//! word for each standing, never colour alone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::scoring::{
    Scores, Standing, plafond_affects_path, score, score_holding, standing,
};
use crate::strings as S;
use crate::ui::app::*;
use crate::ui::keymap::{Action, Context};

pub(crate) fn standing_mark(s: Standing) -> (&'static str, &'static str) {
    match s {
        Standing::Reached => (S::SYMBOL_REACHED, S::WORD_REACHED),
        Standing::Near => (S::SYMBOL_NEAR, S::WORD_NEAR),
        Standing::Below => (S::SYMBOL_BELOW, S::WORD_BELOW),
    }
}

/// Raw, adjustment and adjusted score against the threshold of every target, D's state and the
/// proposed percorso.
/// `change`: the change of percorso recorded on the interview, shown under the proposed one.
pub(crate) fn render_scores(
    app: &App,
    scores: &Scores,
    change: Option<&crate::domain::scoring::PathChange>,
    frame: &mut Frame,
    area: Rect,
) {
    let instrument = &app.data.instrument;
    let mut lines = Vec::new();
    let score_text = |raw: i32, adj: i32, adjusted: i32, max: u32| {
        if adj == 0 {
            format!("{raw:>2}/{max}")
        } else {
            format!("{raw}{adj:+}={adjusted}/{max}")
        }
    };
    for section in &instrument.sections {
        let Some(s) = scores.section(&section.id) else {
            continue;
        };
        let name: String = section.name.chars().take(area.width as usize - 4).collect();
        lines.push(Line::from(Span::styled(
            format!("{} {name}", section.id),
            app.theme.label,
        )));
        let value = score_text(s.raw as i32, s.adjustment, s.adjusted, s.max);
        match s.threshold {
            Some(t) => {
                let st = standing(instrument, s.adjusted, t);
                let (sym, word) = standing_mark(st);
                lines.push(Line::from(vec![
                    Span::raw(format!("  {value:<9} ≥{t:<3}")),
                    Span::styled(format!("{sym} {word}"), standing_style(app, st)),
                ]));
            }
            None => {
                let state = if s.enabled { S::D_OPEN } else { S::D_CLOSED };
                lines.push(Line::from(format!("  {value:<9} {state}")));
            }
        }
    }
    for c in &scores.combined {
        let st = standing(instrument, c.adjusted, c.threshold);
        let (sym, word) = standing_mark(st);
        let value = score_text(c.raw, c.adjustment, c.adjusted, c.max);
        lines.push(Line::from(Span::styled(
            c.id.replace("CD", "C+D"),
            app.theme.label,
        )));
        lines.push(Line::from(vec![
            Span::raw(format!("  {value:<9} ≥{:<3}", c.threshold)),
            Span::styled(format!("{sym} {word}"), standing_style(app, st)),
        ]));
    }
    // A plafond the current answers no longer allow: shown struck out, with the reason, and
    // not counted in the figures above. One that counts says whether it reaches the percorso.
    if let Screen::Interview(i) = &app.screen
        && let Some(p) = &i.interview.plafond
    {
        let target = p.target.replace("CD", "C+D");
        match score_holding(instrument, &i.interview.answers, Some(p)) {
            (_, Some(reason)) => {
                lines.push(Line::from(Span::styled(
                    S::plafond_struck(&target, p.points),
                    app.theme.error.add_modifier(Modifier::CROSSED_OUT),
                )));
                lines.push(Line::from(Span::styled(
                    S::plafond_not_counted(&reason.to_string()),
                    app.theme.error,
                )));
            }
            (_, None) => {
                let base = score(instrument, &i.interview.answers, None);
                let reaches = plafond_affects_path(instrument, &base, p);
                lines.push(Line::from(S::plafond_struck(&target, p.points)));
                lines.push(Line::from(Span::styled(
                    S::plafond_reach(reaches),
                    app.theme.dim,
                )));
            }
        }
    }
    lines.push(Line::from(""));
    match scores.proposed {
        Some(p) => {
            lines.push(Line::from(Span::styled(
                format!("{} {p}", S::PROPOSED_PATH),
                app.theme.title,
            )));
            if let Some(path) = instrument.path(p) {
                lines.push(Line::from(path.name.clone()));
            }
            if let Some(change) = change {
                let (text, style) = if change.agreed {
                    (S::agreed_path(change.path), app.theme.title)
                } else {
                    (S::change_not_agreed_path(change.path), app.theme.dim)
                };
                lines.push(Line::from(Span::styled(text, style)));
                if let Some(path) = instrument.path(change.path) {
                    lines.push(Line::from(path.name.clone()));
                }
            }
        }
        None => lines.push(Line::from(Span::styled(
            S::missing_count(scores.missing.len()),
            app.theme.dim,
        ))),
    }
    frame.render_widget(
        // Wrapped: the reason of a plafond that no longer counts is read whole.
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::LEFT)
                .border_style(app.theme.border)
                .title(Span::styled(S::SCORES_TITLE, app.theme.title)),
        ),
        area,
    );
}

pub(crate) fn standing_style(app: &App, s: Standing) -> Style {
    match s {
        Standing::Reached => app.theme.reached,
        Standing::Near => app.theme.near,
        Standing::Below => app.theme.below,
    }
}

/// The legend, read from the instrument: which instrument it is (name, version, short
/// fingerprint), each threshold with the percorso it leads to in the order the rules apply, the
/// default percorso, the percorsi the assessment never assigns, and the symbols. `toggled` when
/// it covers the page at narrow widths (and says how to close it).
pub(crate) fn render_legend(app: &App, frame: &mut Frame, area: Rect, toggled: bool) {
    let instrument = &app.data.instrument;
    let shown = |id: &str| id.replace("CD", "C+D");
    let path_name = |id| instrument.path(id).map_or("", |p| p.name.as_str());
    let mut lines = vec![
        Line::from(Span::styled(instrument.name.clone(), app.theme.title)),
        Line::from(S::legend_instrument(
            &instrument.version,
            instrument.short_fingerprint(),
        )),
        Line::from(Span::styled(S::LEGEND_THRESHOLDS, app.theme.title)),
    ];
    for rule in &instrument.rules {
        if let Some(t) = instrument.target(&rule.target) {
            lines.push(Line::from(S::legend_rule(
                &shown(t.id),
                t.threshold,
                rule.path,
                path_name(rule.path),
            )));
        }
    }
    // Thresholds that lead to no percorso by themselves (C opens D): their meaning.
    for t in instrument.targets() {
        if instrument.path_of_target(t.id).is_none() {
            lines.push(Line::from(format!(
                "{} ≥ {}: {}",
                shown(t.id),
                t.threshold,
                t.meaning
            )));
        }
    }
    lines.push(Line::from(S::legend_default(
        instrument.default_path,
        path_name(instrument.default_path),
    )));
    lines.push(Line::from(S::LEGEND_ORDER));
    for p in instrument
        .paths
        .iter()
        .filter(|p| !instrument.proposable(p.id))
    {
        lines.push(Line::from(S::legend_never(p.id, &p.name)));
    }
    for s in S::LEGEND_SYMBOLS {
        lines.push(Line::from(s));
    }
    let title = if toggled {
        S::legend_toggle(&app.keymap.hint(Context::Global, Action::ToggleLegend))
    } else {
        S::LEGEND_TITLE.to_string()
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::LEFT)
                .border_style(app.theme.border)
                .title(Span::styled(title, app.theme.title)),
        ),
        area,
    );
}
