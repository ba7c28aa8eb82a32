//! How the project's web server is deployed, read from the files that start it:
//! Procfile, Dockerfile (`CMD`/`ENTRYPOINT`), docker-compose `command:`, systemd
//! units, shell start scripts and gunicorn's config (`gunicorn.conf.py` or the
//! file `-c` names), and the README's run lines only where none of those names a
//! server.
//!
//! What the pragma rules need to know is whether requests can run at the same
//! time. gunicorn's default is one sync worker with one thread: one request at
//! a time in one process, so per-request connections never overlap and nothing
//! waits on another's lock. `-w`/`--workers` above 1, `--threads` above 1, an
//! async or threaded worker class, `WEB_CONCURRENCY` or a value gunicorn takes
//! from elsewhere (`$WORKERS`, `cpu_count()`) mean several. A gunicorn config
//! shipped with no command beside it (the command lives outside the
//! repository) counts when it says `workers = 1` itself. uWSGI's default is one
//! process with one thread too: a command whose options and ini file (the one
//! `--ini` names, when shipped) say no more processes or threads and no async
//! engine serves one request at a time; an ini it cannot find counts as
//! several. Every other server counts as concurrent: Flask's
//! `app.run()`/`flask run` and Django's `runserver` are threaded by default,
//! waitress serves from a thread pool, uvicorn may fork workers. A server
//! command sqlfix cannot read leaves the answer unknown.

use rustc_hash::FxHashSet as HashSet;
use std::path::{Path, PathBuf};

/// What the deployment files say about concurrent requests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Serving {
    /// Every server command found serves one request at a time; the text says
    /// which and where ("gunicorn's default single sync worker (Procfile)").
    OneAtATime(String),
    /// Some server command runs requests concurrently; the text names it.
    Concurrent(String),
    /// No server command found, or one sqlfix cannot read.
    #[default]
    Unknown,
}

impl Serving {
    /// The server runs the program in several processes, each opening its own
    /// connections (workers of gunicorn, uWSGI or an ASGI server).
    pub fn forks_workers(&self) -> bool {
        matches!(self, Serving::Concurrent(why) if why.contains("worker"))
    }
}

/// A deployment file's name and text.
pub type Text = (String, String);

/// File names that start a program, looked for beside the code and above it.
fn is_deployment_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name == "Procfile"
        || lower.starts_with("dockerfile")
        || lower.ends_with(".dockerfile")
        || (lower.starts_with("docker-compose") || lower.starts_with("compose"))
            && (lower.ends_with(".yml") || lower.ends_with(".yaml"))
        || lower.ends_with(".service")
        || lower == "gunicorn.conf.py"
        || lower == "gunicorn_config.py"
        || lower == "gunicorn.py"
        || is_uwsgi_ini(&lower)
        || matches!(
            lower.as_str(),
            "start.sh"
                | "run.sh"
                | "entrypoint.sh"
                | "docker-entrypoint.sh"
                | "boot.sh"
                | "serve.sh"
        )
}

/// uWSGI's ini files (`uwsgi.ini`, `app_uwsgi.ini`, `wsgi.ini`).
fn is_uwsgi_ini(lower: &str) -> bool {
    lower.ends_with(".ini") && lower.contains("wsgi")
}

fn is_readme(name: &str) -> bool {
    name.to_ascii_lowercase().starts_with("readme")
}

/// Folders where deployment files are kept beside the code.
const DEPLOY_DIRS: &[&str] = &[
    "deploy",
    "deployment",
    "docker",
    "systemd",
    "scripts",
    "bin",
];

/// The deployment files and READMEs in the folders of `files` and up to three
/// folders above them (and their `deploy/`, `docker/`, ... subfolders).
pub fn texts<'p>(files: impl Iterator<Item = &'p Path>) -> Vec<Text> {
    named_texts(files, |n| is_deployment_file(n) || is_readme(n))
}

/// The files whose names `wanted` accepts, in the folders of `files` and up to
/// three folders above them (and their `deploy/`, `docker/`, ... subfolders),
/// each with its name, sorted by name within a folder.
pub fn named_texts<'p>(
    files: impl Iterator<Item = &'p Path>,
    wanted: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in folders(files) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| wanted(n))
            .collect();
        names.sort();
        for name in names {
            if let Ok(text) = std::fs::read_to_string(dir.join(&name)) {
                out.push((name, text));
            }
        }
    }
    out
}

/// The folders of `files`, up to three folders above them, and their
/// `deploy/`, `docker/`, ... subfolders, sorted.
pub fn folders<'p>(files: impl Iterator<Item = &'p Path>) -> Vec<PathBuf> {
    let mut dirs: HashSet<PathBuf> = HashSet::default();
    for file in files {
        for dir in file.ancestors().skip(1).take(4) {
            let base = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir.to_path_buf()
            };
            for sub in DEPLOY_DIRS {
                dirs.insert(base.join(sub));
            }
            dirs.insert(base);
        }
    }
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort();
    dirs
}

/// The verdict of every server command in `texts`.
pub fn read(texts: &[Text]) -> Serving {
    let (readmes, files): (Vec<&Text>, Vec<&Text>) =
        texts.iter().partition(|(name, _)| is_readme(name));
    let configs: Vec<&Text> = files
        .iter()
        .copied()
        .filter(|(n, _)| n.ends_with(".py") || is_uwsgi_ini(&n.to_ascii_lowercase()))
        .collect();
    // gunicorn reads these from the environment wherever it is started.
    if let Some((name, _)) = texts
        .iter()
        .find(|(n, t)| !is_readme(n) && t.contains("WEB_CONCURRENCY"))
    {
        return Serving::Concurrent(format!("gunicorn workers from WEB_CONCURRENCY ({name})"));
    }
    let from_files = verdict(&files, &configs);
    if from_files != Serving::Unknown {
        return from_files;
    }
    let from_readmes = verdict(&readmes, &configs);
    // A shipped gunicorn config is how the app is served, whatever development
    // line the README gives (`flask run`), unless the README runs gunicorn
    // itself with other settings.
    match (lone_gunicorn_config(&files), &from_readmes) {
        (Some(how), Serving::Unknown | Serving::OneAtATime(_)) => Serving::OneAtATime(how),
        (Some(how), Serving::Concurrent(why)) if !why.contains("gunicorn") => {
            Serving::OneAtATime(how)
        }
        _ => from_readmes,
    }
}

/// A gunicorn config shipped without any command that starts the server (the
/// command lives outside the repository), which says `workers = 1` itself and
/// names no threads or async worker class: one request at a time.
fn lone_gunicorn_config(files: &[&Text]) -> Option<String> {
    let (name, text) = files.iter().find(|(n, _)| {
        matches!(
            n.to_ascii_lowercase().as_str(),
            "gunicorn.conf.py" | "gunicorn_config.py" | "gunicorn.py"
        )
    })?;
    let settings = config_settings(text);
    let one_worker = settings.iter().any(|(k, v)| k == "workers" && is_one(v));
    let several = settings.iter().any(|(key, value)| match key.as_str() {
        "workers" | "threads" => !is_one(value),
        "worker_class" => !matches!(value.as_str(), "sync" | "gthread"),
        _ => false,
    });
    (one_worker && !several).then(|| format!("gunicorn's single sync worker ({name})"))
}

fn verdict(texts: &[&Text], configs: &[&Text]) -> Serving {
    let mut serial: Option<String> = None;
    for (name, text) in texts {
        if name.ends_with(".py") || is_uwsgi_ini(&name.to_ascii_lowercase()) {
            continue;
        }
        for line in logical_lines(text) {
            let words = words(&line);
            if let Some(server) = other_server(&words, configs) {
                return Serving::Concurrent(format!("{server} ({name})"));
            }
            if runs_uwsgi(&words) {
                serial.get_or_insert_with(|| {
                    format!("uWSGI's single process with one thread ({name})")
                });
                continue;
            }
            let Some(at) = gunicorn_at(&words) else {
                continue;
            };
            match gunicorn(&words[at + 1..], configs) {
                Some(Ok(())) => {
                    serial.get_or_insert_with(|| {
                        format!("gunicorn's default single sync worker ({name})")
                    });
                }
                Some(Err(why)) => return Serving::Concurrent(format!("{why} ({name})")),
                // A command that only mentions gunicorn (an install line).
                None => {}
            }
        }
    }
    serial.map_or(Serving::Unknown, Serving::OneAtATime)
}

/// Lines with their `\` continuations joined.
fn logical_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim_end();
        if let Some(head) = trimmed.strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
        } else {
            current.push_str(trimmed);
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A command line's words, with JSON-array and YAML-list punctuation removed
/// (`CMD ["gunicorn", "-w", "4", "app:app"]`).
fn words(line: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '"' | '\'' | '`'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where `gunicorn` runs as a command in `words` (`gunicorn`, a path to it, or
/// `python -m gunicorn`).
fn gunicorn_at(words: &[String]) -> Option<usize> {
    words
        .iter()
        .position(|w| w == "gunicorn" || w.ends_with("/gunicorn"))
}

/// A server other than gunicorn that runs requests concurrently.
fn other_server(words: &[String], configs: &[&Text]) -> Option<&'static str> {
    let has = |w: &str| {
        words
            .iter()
            .any(|x| x == w || x.ends_with(&format!("/{w}")))
    };
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    if pair("flask", "run") && !has("--without-threads") {
        return Some("Flask's threaded development server (`flask run`)");
    }
    if words.iter().any(|w| w == "runserver") && !has("--nothreading") {
        return Some("Django's threaded development server (`runserver`)");
    }
    if has("waitress-serve") {
        return Some("waitress's request threads");
    }
    if runs_uwsgi(words) && !uwsgi_one_at_a_time(words, configs) {
        return Some("uWSGI's workers");
    }
    if (has("uvicorn") || has("hypercorn") || has("daphne"))
        && words
            .iter()
            .any(|w| w.starts_with("--workers") || w == "-w")
    {
        return Some("the ASGI server's worker processes");
    }
    None
}

/// Whether `words` start uWSGI (with options or an ini file, not an install).
fn runs_uwsgi(words: &[String]) -> bool {
    words.iter().any(|x| x == "uwsgi" || x.ends_with("/uwsgi"))
        && words
            .iter()
            .any(|w| w.starts_with("--") || w.ends_with(".ini"))
}

/// A uWSGI command (with the ini file `--ini` names, when the repository ships
/// it) that runs one process with one thread and no async engine: uWSGI's own
/// default. A process or thread count above 1, one sqlfix cannot read, or an
/// ini file it cannot find keeps the answer concurrent.
fn uwsgi_one_at_a_time(words: &[String], configs: &[&Text]) -> bool {
    let mut settings: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        if let Some(flag) = word.strip_prefix("--").or_else(|| word.strip_prefix('-')) {
            let (key, inline) = match flag.split_once('=') {
                Some((k, v)) => (k, Some(v.to_string())),
                None => (flag, None),
            };
            let key = match key {
                "p" => "processes",
                other => other,
            };
            let takes_value = matches!(key, "processes" | "workers" | "threads" | "ini" | "async");
            let value = match (inline, takes_value) {
                (Some(v), _) => v,
                (None, true) => {
                    i += 1;
                    words.get(i).cloned().unwrap_or_default()
                }
                (None, false) => "true".to_string(),
            };
            if key == "ini" {
                let wanted = value.rsplit('/').next().unwrap_or(&value).to_string();
                match configs.iter().find(|(n, _)| *n == wanted) {
                    Some((_, text)) => settings.extend(ini_settings(text)),
                    None => return false,
                }
            } else {
                settings.push((key.to_string(), value));
            }
        } else if word.ends_with(".ini") {
            // `uwsgi app.ini`: the file given without `--ini`.
            let wanted = word.rsplit('/').next().unwrap_or(word);
            match configs.iter().find(|(n, _)| n == wanted) {
                Some((_, text)) => settings.extend(ini_settings(text)),
                None => return false,
            }
        }
        i += 1;
    }
    settings.iter().all(|(key, value)| match key.as_str() {
        "processes" | "workers" | "threads" => is_one(value),
        "gevent" | "async" | "asyncio" | "greenlet" | "ugreen" => false,
        _ => true,
    })
}

/// `key = value` lines of a uWSGI ini file's `[uwsgi]` section.
fn ini_settings(text: &str) -> Vec<(String, String)> {
    let mut in_uwsgi = false;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_uwsgi = line == "[uwsgi]";
            continue;
        }
        if !in_uwsgi || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            out.push((key.trim().to_string(), value.trim().to_string()));
        }
    }
    out
}

/// The options after `gunicorn`: `Some(Ok)` for one sync worker with one
/// thread, `Some(Err(why))` for several, `None` when this is no server command
/// (no `module:app` and no config).
fn gunicorn(args: &[String], configs: &[&Text]) -> Option<Result<(), String>> {
    let mut serves = false;
    let mut config: Option<&str> = None;
    let mut i = 0;
    let value = |i: usize, flag: &str, word: &str| -> Option<String> {
        word.strip_prefix(flag)
            .and_then(|rest| rest.strip_prefix('=').or(Some(rest)))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .or_else(|| (word == flag).then(|| args.get(i + 1).cloned()).flatten())
    };
    let mut outcome = Ok(());
    while i < args.len() {
        let word = args[i].as_str();
        if word.starts_with('#') || word == "&&" || word == ";" || word == "|" {
            break;
        }
        let workers = ["--workers", "-w"]
            .iter()
            .find_map(|f| word.starts_with(f).then(|| value(i, f, word)).flatten());
        let threads = value(i, "--threads", word).filter(|_| word.starts_with("--threads"));
        let class = ["--worker-class", "-k"]
            .iter()
            .find_map(|f| word.starts_with(f).then(|| value(i, f, word)).flatten());
        if let Some(n) = workers {
            if !is_one(&n) {
                outcome = Err(format!("gunicorn with `--workers {n}`"));
            }
        } else if let Some(n) = threads {
            if !is_one(&n) {
                outcome = Err(format!("gunicorn with `--threads {n}`"));
            }
        } else if let Some(class) = class {
            if class != "sync" && class != "gthread" {
                outcome = Err(format!("gunicorn's `{class}` workers"));
            }
        } else if word == "-c" || word == "--config" {
            config = args.get(i + 1).map(String::as_str);
        } else if let Some(c) = word.strip_prefix("--config=") {
            config = Some(c);
        } else if !word.starts_with('-')
            && !word.contains("//")
            && (word.contains(':') || word.ends_with("wsgi") || word.ends_with(".app"))
        {
            serves = true;
        }
        i += 1;
    }
    // gunicorn reads `./gunicorn.conf.py` by default, and `-c` names another.
    let wanted = config.map(|c| {
        c.trim_start_matches("python:")
            .rsplit('/')
            .next()
            .unwrap_or(c)
    });
    let config_text = configs.iter().find(|(name, _)| match wanted {
        Some(w) => name == w || w.ends_with(&format!(".{}", name.trim_end_matches(".py"))),
        None => name == "gunicorn.conf.py",
    });
    if config.is_some() && config_text.is_none() {
        return Some(Err(format!(
            "gunicorn with a config sqlfix cannot read (`{}`)",
            config.unwrap_or_default()
        )));
    }
    if !serves && config.is_none() {
        return None;
    }
    if outcome.is_ok()
        && let Some((name, text)) = config_text
    {
        for (key, value) in config_settings(text) {
            let several = match key.as_str() {
                "workers" | "threads" => !is_one(&value),
                "worker_class" => !matches!(value.as_str(), "sync" | "gthread"),
                _ => false,
            };
            if several {
                outcome = Err(format!("gunicorn with `{key} = {value}` ({name})"));
                break;
            }
        }
    }
    Some(outcome)
}

/// `name = value` lines of a gunicorn config, values unquoted.
fn config_settings(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let (key, value) = line.split_once('=')?;
            let key = key.trim();
            if !matches!(key, "workers" | "threads" | "worker_class") {
                return None;
            }
            let value = value.split('#').next().unwrap_or("").trim();
            Some((
                key.to_string(),
                value.trim_matches(|c| c == '"' || c == '\'').to_string(),
            ))
        })
        .collect()
}

fn is_one(value: &str) -> bool {
    value.trim() == "1"
}

#[cfg(test)]
mod tests {
    use super::{Serving, read};

    fn one(name: &str, text: &str) -> Serving {
        read(&[(name.to_string(), text.to_string())])
    }

    #[test]
    fn gunicorn_default_is_one_at_a_time() {
        assert!(matches!(
            one("Procfile", "web: gunicorn app:app\n"),
            Serving::OneAtATime(_)
        ));
        assert!(matches!(
            one(
                "Dockerfile",
                "RUN pip install gunicorn\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"wsgi:app\"]\n"
            ),
            Serving::OneAtATime(_)
        ));
        assert!(matches!(
            one("Procfile", "web: gunicorn -w 1 app:app\n"),
            Serving::OneAtATime(_)
        ));
        assert!(matches!(
            one("Procfile", "web: gunicorn mysite.wsgi --log-file -\n"),
            Serving::OneAtATime(_)
        ));
    }

    #[test]
    fn workers_threads_and_classes_are_concurrent() {
        for text in [
            "web: gunicorn -w 4 app:app",
            "web: gunicorn --workers=3 app:app",
            "web: gunicorn -w4 app:app",
            "web: gunicorn --threads 8 app:app",
            "web: gunicorn -k gevent app:app",
            "web: gunicorn -w $WORKERS app:app",
            "web: gunicorn -c conf/settings.py app:app",
        ] {
            assert!(
                matches!(one("Procfile", text), Serving::Concurrent(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn config_file_is_read() {
        let texts = [
            (
                "Procfile".to_string(),
                "web: gunicorn -c gunicorn.conf.py app:app".to_string(),
            ),
            (
                "gunicorn.conf.py".to_string(),
                "bind = '0.0.0.0:80'\nworkers = 2\n".to_string(),
            ),
        ];
        assert!(matches!(read(&texts), Serving::Concurrent(_)));
        let texts = [
            ("Procfile".to_string(), "web: gunicorn app:app".to_string()),
            (
                "gunicorn.conf.py".to_string(),
                "timeout = 60\nworkers = 1\n".to_string(),
            ),
        ];
        assert!(matches!(read(&texts), Serving::OneAtATime(_)));
    }

    #[test]
    fn lone_gunicorn_config_with_one_worker() {
        let conf = |t: &str| ("gunicorn.conf.py".to_string(), t.to_string());
        assert!(matches!(
            read(&[conf(
                "bind = '0.0.0.0:8000'\nworkers = 1\nworker_class = 'sync'\n"
            )]),
            Serving::OneAtATime(_)
        ));
        // Nothing said about workers: the command outside may pass `-w`.
        assert_eq!(read(&[conf("bind = '0.0.0.0:8000'\n")]), Serving::Unknown);
        assert_eq!(
            read(&[conf("workers = 1\nthreads = 4\n")]),
            Serving::Unknown
        );
        // A README's development line does not override the shipped config; its
        // own gunicorn line with more workers does.
        let readme = |t: &str| ("README.md".to_string(), t.to_string());
        assert!(matches!(
            read(&[conf("workers = 1\n"), readme("Develop with `flask run`.")]),
            Serving::OneAtATime(_)
        ));
        assert!(matches!(
            read(&[
                conf("workers = 1\n"),
                readme("Run `gunicorn -w 4 app:app`.")
            ]),
            Serving::Concurrent(_)
        ));
    }

    #[test]
    fn uwsgi_processes_and_threads() {
        let ini = |t: &str| ("uwsgi.ini".to_string(), t.to_string());
        let docker = (
            "Dockerfile".to_string(),
            "CMD [\"uwsgi\", \"--ini\", \"uwsgi.ini\"]".to_string(),
        );
        assert!(matches!(
            read(&[
                docker.clone(),
                ini("[uwsgi]\nmodule = app:app\nprocesses = 1\nmaster = true\n")
            ]),
            Serving::OneAtATime(_)
        ));
        assert!(matches!(
            read(&[
                docker.clone(),
                ini("[uwsgi]\nmodule = app:app\nprocesses = 4\n")
            ]),
            Serving::Concurrent(_)
        ));
        assert!(matches!(
            read(&[docker.clone(), ini("[uwsgi]\nprocesses = 1\nthreads = 2\n")]),
            Serving::Concurrent(_)
        ));
        // The ini file is not in the repository.
        assert!(matches!(read(&[docker]), Serving::Concurrent(_)));
        assert!(matches!(
            one(
                "Procfile",
                "web: uwsgi --http :8000 --module app:app --processes 4"
            ),
            Serving::Concurrent(_)
        ));
    }

    #[test]
    fn other_servers_and_readme_fallback() {
        assert!(matches!(
            one("Dockerfile", "CMD flask run --host 0.0.0.0"),
            Serving::Concurrent(_)
        ));
        assert!(matches!(
            one("README.md", "Run `gunicorn app:app` behind nginx."),
            Serving::OneAtATime(_)
        ));
        // The README's dev line does not override the Procfile.
        let texts = [
            ("Procfile".to_string(), "web: gunicorn app:app".to_string()),
            (
                "README.md".to_string(),
                "For development: flask run".to_string(),
            ),
        ];
        assert!(matches!(read(&texts), Serving::OneAtATime(_)));
        assert_eq!(one("README.md", "pip install gunicorn"), Serving::Unknown);
    }
}
