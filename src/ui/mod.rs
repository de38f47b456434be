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

enum Input {
    Ready,
    Nothing,
    HungUp,
}

/// Waits up to `timeout` for the terminal (standard input) to have something to read.
fn wait_for_input(timeout: Duration) -> Input {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, and its count.
    let result = unsafe { libc::poll(&mut fd, 1, millis) };
    if result < 0 {
        // Interrupted by a signal (a resize, a hang-up): the caller looks at the flags.
        return Input::Nothing;
    }
    if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        Input::HungUp
    } else if fd.revents & libc::POLLIN != 0 {
        Input::Ready
    } else {
        Input::Nothing
    }
}

/// The interface needs a terminal on both standard input and output.
pub fn ensure_terminal() -> Result<(), String> {
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(crate::strings::NOT_A_TERMINAL.into())
    }
}

/// Runs the interface until the operator quits or the session ends (SIGHUP, SIGTERM): in both
/// cases what was typed is saved first. The terminal is restored on every exit, panics included.
pub fn run(app: &mut App) -> Result<(), String> {
    ensure_terminal()?;
    let hangup = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&hangup))
            .map_err(|e| crate::strings::terminal_error(&e.to_string()))?;
    }
    std::panic::set_hook(Box::new(|info| {
        ratatui::restore();
        let message = crate::strings::panic_message(&info.to_string());
        eprintln!("{}", crate::strings::printable(&message));
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
        // Wait for the terminal ourselves: when the line drops, the terminal hangs up, and
        // that must end the session (crossterm alone would keep waiting on a dead terminal).
        match wait_for_input(Duration::from_millis(200)) {
            Input::HungUp => {
                app.save_before_exit();
                break Ok(());
            }
            Input::Ready | Input::Nothing => {}
        }
        let mut failure = None;
        loop {
            match event::poll(Duration::ZERO).and_then(|ready| {
                if ready {
                    event::read().map(Some)
                } else {
                    Ok(None)
                }
            }) {
                Ok(Some(Event::Key(key))) => {
                    app.handle_key(key);
                    redraw = true;
                }
                Ok(Some(Event::Resize(..))) => redraw = true,
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
            if app.quit {
                break;
            }
        }
        if let Some(e) = failure {
            app.save_before_exit();
            break Err(crate::strings::terminal_error(&e.to_string()));
        }
        if app.quit {
            break Ok(());
        }
    };
    ratatui::restore();
    outcome
}
