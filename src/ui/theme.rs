//! Colours and emphasis, with a monochrome variant for NO_COLOR and plain terminals. Meaning is
//! never carried by colour alone: symbols say the same.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub label: Style,
    pub focus: Style,
    pub input: Style,
    pub input_focus: Style,
    pub selected: Style,
    pub dim: Style,
    pub error: Style,
    pub warning: Style,
    pub info: Style,
    pub reached: Style,
    pub near: Style,
    pub below: Style,
    pub key: Style,
    pub border: Style,
}

impl Theme {
    pub fn colour() -> Self {
        Theme {
            title: Style::default().add_modifier(Modifier::BOLD),
            label: Style::default(),
            focus: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            input: Style::default().fg(Color::Cyan),
            input_focus: Style::default().fg(Color::White).bg(Color::Blue),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            dim: Style::default().fg(Color::DarkGray),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: Style::default().fg(Color::Yellow),
            info: Style::default().fg(Color::Green),
            reached: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            near: Style::default().fg(Color::Yellow),
            below: Style::default().fg(Color::Green),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::DarkGray),
        }
    }

    pub fn monochrome() -> Self {
        let plain = Style::default();
        Theme {
            title: plain.add_modifier(Modifier::BOLD),
            label: plain,
            focus: plain.add_modifier(Modifier::BOLD),
            input: plain,
            input_focus: plain.add_modifier(Modifier::REVERSED),
            selected: plain.add_modifier(Modifier::REVERSED),
            dim: plain,
            error: plain.add_modifier(Modifier::BOLD),
            warning: plain,
            info: plain,
            reached: plain.add_modifier(Modifier::BOLD),
            near: plain.add_modifier(Modifier::UNDERLINED),
            below: plain,
            key: plain.add_modifier(Modifier::BOLD),
            border: plain,
        }
    }

    /// Monochrome when NO_COLOR is set (to anything but empty).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::monochrome(),
            _ => Self::colour(),
        }
    }
}
