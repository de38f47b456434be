//! The terminal interface: what the operator opens every morning.

pub mod app;
pub mod form;
pub mod keymap;
pub mod render;
pub mod theme;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event};

use app::App;
use keymap::{Keymap, KeymapError};

/// The keys of a keymap as a Markdown table, context by context (the README's table).
pub fn keys_markdown(keymap: &Keymap) -> String {
    let mut out = String::from("| Dove | Tasti | Azione |\n|---|---|---|\n");
    for context in keymap::Context::ALL {
        for (action, keys) in keymap.of_context(context) {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                crate::strings::context_title(context),
                keys.join(" "),
                crate::strings::action_label(action)
            ));
        }
    }
    out
}

/// The user's keymap file: `$XDG_CONFIG_HOME/orienta/keymap.toml` or
/// `~/.config/orienta/keymap.toml`.
pub fn user_keymap_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(base.join("orienta").join("keymap.toml"))
}

/// The keymap in force: the shipped one (default or function keys), patched by `file` if
/// given, else by the user's keymap file if it exists.
pub fn load_keymap(function_keys: bool, file: Option<&Path>) -> Result<Keymap, KeymapError> {
    let base = if function_keys {
        Keymap::function_keymap()?
    } else {
        Keymap::default_keymap()?
    };
    let path = match file {
        Some(p) => Some(p.to_path_buf()),
        None => user_keymap_path().filter(|p| p.exists()),
    };
    match path {
        None => Ok(base),
        Some(p) => {
            let text = std::fs::read_to_string(&p).map_err(|e| KeymapError {
                file: p.display().to_string(),
                line: 0,
                problem: keymap::KeymapProblem::Syntax(crate::strings::io_reason(&e)),
            })?;
            base.patched(&p.display().to_string(), &text)
        }
    }
}

/// Runs the interface until the operator quits or the session ends (SIGHUP, SIGTERM): in both
/// cases what was typed is saved first. The terminal is restored on every exit, panics included.
pub fn run(app: &mut App) -> Result<(), String> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(crate::strings::NOT_A_TERMINAL.into());
    }
    let hangup = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&hangup))
            .map_err(|e| crate::strings::terminal_error(&e.to_string()))?;
    }
    std::panic::set_hook(Box::new(|info| {
        ratatui::restore();
        eprintln!("{}", crate::strings::panic_message(&info.to_string()));
    }));
    let mut terminal =
        ratatui::try_init().map_err(|e| crate::strings::terminal_error(&e.to_string()))?;
    let mut redraw = true;
    let outcome = loop {
        if hangup.load(Ordering::Relaxed) {
            app.save_before_exit();
            break Ok(());
        }
        if redraw {
            if let Err(e) = terminal.draw(|frame| render::render(app, frame)) {
                // The terminal is gone (line dropped): keep what was typed.
                app.save_before_exit();
                break Err(crate::strings::terminal_error(&e.to_string()));
            }
            redraw = false;
        }
        match event::poll(Duration::from_millis(200)) {
            Ok(true) => match event::read() {
                Ok(Event::Key(key)) => {
                    app.handle_key(key);
                    redraw = true;
                }
                Ok(Event::Resize(..)) => redraw = true,
                Ok(_) => {}
                Err(e) => {
                    app.save_before_exit();
                    break Err(crate::strings::terminal_error(&e.to_string()));
                }
            },
            Ok(false) => {}
            Err(e) => {
                app.save_before_exit();
                break Err(crate::strings::terminal_error(&e.to_string()));
            }
        }
        if app.quit {
            break Ok(());
        }
    };
    ratatui::restore();
    outcome
}
