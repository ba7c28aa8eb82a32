//! Whether the program stays up: a server, a bot, a scheduler, a GUI or tray
//! app. In such a process a connection left for the garbage collector is not
//! given back at exit; one opened per request or per refresh piles up file
//! handles (docs/sqlite-facts.md#F-unclosed-lingers). A one-shot script gives
//! them back when it ends, so the read-only leak is reported only here.
//!
//! The evidence is project-wide: an import of a library whose whole purpose is
//! to keep the process serving, polling or drawing. Test modules do not count.

use super::project::ProjectView;

/// Imports, by dotted prefix, that make a process long-running, and what it is.
const LONG_RUNNING_IMPORTS: &[(&str, &str)] = &[
    ("fastapi", "an ASGI server"),
    ("starlette", "an ASGI server"),
    ("uvicorn", "an ASGI server"),
    ("flask", "a web server"),
    ("django", "a web server"),
    ("bottle", "a web server"),
    ("cherrypy", "a web server"),
    ("tornado", "a web server"),
    ("aiohttp.web", "an aiohttp server"),
    ("sanic", "a Sanic server"),
    ("quart", "a Quart server"),
    ("http.server", "an HTTP server"),
    ("socketserver", "a socket server"),
    ("websockets", "a WebSocket server"),
    ("discord", "a Discord bot"),
    ("disnake", "a Discord bot"),
    ("nextcord", "a Discord bot"),
    ("hikari", "a Discord bot"),
    ("redbot", "a Red Discord bot"),
    ("telegram", "a Telegram bot"),
    ("aiogram", "a Telegram bot"),
    ("telethon", "a Telegram client"),
    ("pyrogram", "a Telegram client"),
    ("slack_bolt", "a Slack bot"),
    ("mcp", "an MCP server"),
    ("fastmcp", "an MCP server"),
    ("apscheduler", "a scheduler"),
    ("schedule", "a scheduler"),
    ("celery", "a Celery worker"),
    ("watchdog", "a file watcher"),
    ("tkinter", "a GUI app"),
    ("PyQt5", "a GUI app"),
    ("PyQt6", "a GUI app"),
    ("PySide2", "a GUI app"),
    ("PySide6", "a GUI app"),
    ("wx", "a GUI app"),
    ("kivy", "a GUI app"),
    ("gi.repository", "a GUI app"),
    ("textual", "a terminal UI app"),
    ("rumps", "a menu-bar app"),
    ("pystray", "a tray app"),
    ("AppKit", "a macOS app"),
    ("Foundation", "a macOS app"),
    ("PyObjCTools", "a macOS app"),
    ("streamlit", "a Streamlit app"),
    ("gradio", "a Gradio app"),
];

fn matches_prefix(target: &str, prefix: &str) -> bool {
    target == prefix
        || target
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// What keeps the project's process running, with the module that shows it
/// ("a menu-bar app (menubar.py imports rumps)"), if anything does.
/// A copy of another project bundled in the tree (`libs/beets/web/...`)
/// says nothing: its server module runs only if the app's own code imports
/// the server, which that import then shows.
pub fn of_project(view: &ProjectView<'_>) -> Option<String> {
    let own_code = |m: &super::project::ModuleSummary| {
        !view
            .index
            .import_graph()
            .is_some_and(|g| g.in_bundled_library(&m.path))
    };
    if own_code(&view.own)
        && let Some(what) = of_module(&view.own)
    {
        return Some(what);
    }
    // The index's first two answers: the view replaces at most one by its own.
    struct Firsts(Vec<(usize, String)>);
    let firsts = view.index.memo(|index| {
        let graph = index.import_graph();
        Firsts(
            index
                .modules
                .iter()
                .enumerate()
                .filter(|(_, m)| !graph.is_some_and(|g| g.in_bundled_library(&m.path)))
                .filter_map(|(i, m)| of_module(m).map(|what| (i, what)))
                .take(2)
                .collect(),
        )
    });
    firsts
        .0
        .iter()
        .find(|(i, _)| Some(*i) != view.module)
        .map(|(_, what)| what.clone())
}

fn of_module(module: &super::project::ModuleSummary) -> Option<String> {
    if super::paths::is_test_module(&module.path) {
        return None;
    }
    module.imports.iter().find_map(|import| {
        LONG_RUNNING_IMPORTS
            .iter()
            .find(|(p, _)| matches_prefix(&import.target, p))
            .map(|(prefix, what)| {
                format!(
                    "{what} ({} imports {prefix})",
                    crate::diff::display_path(&module.path)
                )
            })
    })
}

#[cfg(test)]
mod tests {
    use super::matches_prefix;

    #[test]
    fn prefixes_match_whole_names() {
        assert!(matches_prefix("Foundation.NSTimer", "Foundation"));
        assert!(matches_prefix("schedule", "schedule"));
        assert!(!matches_prefix("scheduler_utils", "schedule"));
        assert!(!matches_prefix("wxpy", "wx"));
    }
}
