//! The terminal interface: what the operator opens every morning.

pub mod app;
pub mod backend;
pub mod keymap;
pub mod render;
pub mod screens;
pub mod theme;
pub mod widgets;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;

use app::App;
use backend::LeanBackend;
use keymap::{Keymap, KeymapError};

type Screen = Terminal<LeanBackend<std::io::Stdout>>;

/// The keys of a keymap as a Markdown table, context by context (the README's table).
pub fn keys_markdown(keymap: &Keymap) -> String {
    let mut out = String::from("| Dove | Tasti | Azione |\n|---|---|---|\n");
    for context in keymap::Context::ALL {
        for (action, keys) in keymap.of_context(context) {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                crate::strings::context_title(context.name()),
                keys.join(" "),
                crate::strings::action_label(action.name())
            ));
        }
    }
    out
}

/// The user's keymap file: `$XDG_CONFIG_HOME/orienta/keymap.toml` or
/// `~/.config/orienta/keymap.toml` (the XDG rules, from the `directories` crate).
pub fn user_keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "orienta").map(|d| d.config_dir().join("keymap.toml"))
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

/// How long a save from the interface keeps trying while another operator or an import holds
/// the database: long enough for any short write, short enough for a person at the desk.
pub const BUSY_BUDGET: Duration = Duration::from_secs(10);

/// How long the interface waits for a key before looking at the signals and the terminal again.
const TICK: Duration = Duration::from_millis(200);

/// Runs the interface until the operator quits or the session ends (SIGHUP, SIGTERM, SIGINT,
/// SIGQUIT, or a terminal that hangs up): in every case what was typed is saved first, or kept
/// in a recovery record. The terminal is restored on every exit, panics included.
pub fn run(app: &mut App) -> Result<(), String> {
    ensure_terminal()?;
    let ended = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&ended))
            .map_err(|e| crate::strings::terminal_error(&e.to_string()))?;
    }
    std::panic::set_hook(Box::new(|info| {
        restore_terminal();
        let message = crate::strings::panic_message(&info.to_string());
        eprintln!("{}", crate::strings::printable(&message));
    }));
    let mut terminal = open_terminal().map_err(|e| {
        restore_terminal();
        crate::strings::terminal_error(&e.to_string())
    })?;
    let outcome = event_loop(app, &mut terminal, &ended);
    // A terminal that hung up cannot be restored: nothing to say to anyone then.
    restore_terminal();
    outcome
}

/// Raw mode, the alternate screen, pastes as one event, and the terminal's events read from
/// now on: a resize that comes before the first frame is seen too.
fn open_terminal() -> std::io::Result<Screen> {
    crossterm::terminal::enable_raw_mode()?;
    // A paste arrives as one event, not as thousands of keys.
    crossterm::execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    event::poll(Duration::ZERO)?;
    Terminal::new(LeanBackend::new(std::io::stdout()))
}

/// Plain colours, the cursor, the normal screen and line mode back, as far as the terminal
/// still answers.
fn restore_terminal() {
    let _ = crossterm::terminal::disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = std::io::Write::write_all(&mut out, b"\x1b[m\x1b[?25h");
    let _ = crossterm::execute!(out, DisableBracketedPaste, LeaveAlternateScreen);
}

fn event_loop(app: &mut App, terminal: &mut Screen, ended: &AtomicBool) -> Result<(), String> {
    let mut redraw = true;
    loop {
        if ended.load(Ordering::Relaxed) {
            app.save_before_exit();
            return Ok(());
        }
        if redraw {
            if let Ok(size) = terminal.size() {
                app.viewport = (size.width, size.height);
            }
            if let Err(e) = terminal.draw(|frame| render::render(app, frame)) {
                // The terminal is gone (line dropped): keep what was typed.
                app.save_before_exit();
                return Err(crate::strings::terminal_error(&e.to_string()));
            }
            redraw = false;
        }
        // When the line drops the terminal hangs up: that ends the session (crossterm alone
        // would keep reading a dead terminal).
        if let Input::HungUp = wait_for_input(Duration::ZERO) {
            app.save_before_exit();
            return Ok(());
        }
        // crossterm's own readiness: it sees input it has already read (a long paste comes in
        // several reads) and resizes, and sleeps while nothing happens.
        let mut ready = match event::poll(TICK) {
            Ok(r) => r,
            Err(e) => {
                app.save_before_exit();
                return Err(crate::strings::terminal_error(&e.to_string()));
            }
        };
        if !ready {
            app.idle();
        }
        while ready {
            match event::read() {
                Ok(Event::Key(key)) => app.handle_key(key),
                Ok(Event::Paste(text)) => app.paste(&text),
                Ok(Event::Resize(width, height)) => app.viewport = (width, height),
                Ok(_) => {}
                Err(e) => {
                    app.save_before_exit();
                    return Err(crate::strings::terminal_error(&e.to_string()));
                }
            }
            redraw = true;
            if app.quit || ended.load(Ordering::Relaxed) {
                break;
            }
            ready = event::poll(Duration::ZERO).unwrap_or(false);
        }
        if app.quit {
            return Ok(());
        }
    }
}
