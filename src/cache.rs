//! The result cache, `.sqlfix_cache/` beside the configuration (or in the working
//! directory): a check whose inputs have not changed is read back instead of run.
//!
//! The key is sqlfix's version, the working directory, the command line's options,
//! the configuration files' text, and the path and content hash (128-bit SipHash)
//! of every file the run reads, the project's context files included. Cross-file
//! analysis means one changed file can change another file's findings, so the
//! whole run is the unit: any change is a full run.
//!
//! Hashing every file would read them all; a table of (size, mtime, ctime, inode)
//! per path gives the hash of a file that has not been touched since, as git's
//! index does. An entry written within two seconds of the file's mtime is not
//! trusted (the file may have changed again in the same clock tick).
//!
//! Only checks are cached (`--fix`, `--diff`, `--show-fixes`, `--interactive` and
//! `--add-noqa` always run), and never a run that met an I/O error.

use rustc_hash::FxHashMap as HashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use ruff_text_size::{TextRange, TextSize};
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::finding::{Confidence, Finding, Root, Severity};
use crate::fix::{Applicability, Edit, EditOrder, Fix};
use crate::run::{self, FileResult, Options, Problem, RunResult};
use crate::settings::resolve::Resolver;
use crate::source::{LoadError, SourceFile};

/// A file's content hash, its bytes when they had to be read, its new table entry.
type Hashed = (String, Option<Vec<u8>>, Option<StatEntry>);

/// Bumped when the cached data's shape changes.
const FORMAT: u32 = 2;
/// Run entries kept (one per distinct command line and tree state).
const KEEP_RUNS: usize = 16;
/// How long after a file's mtime its table entry is trusted.
const RACY: Duration = Duration::from_secs(2);

pub fn run_cached(options: &Options, resolver: &Resolver) -> RunResult {
    let inputs = run::inputs(options);
    if !inputs.errors.is_empty() || resolver.has_error() {
        return run::run_inputs(options, inputs, &HashMap::default());
    }
    let dir = cache_dir(resolver);
    if let Err(why) = usable(&dir, resolver) {
        // Not sqlfix's folder: the run goes on uncached, and the folder is left alone.
        let mut result = run::run_inputs(options, inputs, &HashMap::default());
        result.problems.push(Problem::Cache(dir, why));
        return result;
    }
    let table_path = dir.join(format!("files-v{FORMAT}.json"));
    let mut table: StatTable = read_json(&table_path).unwrap_or_default();
    let all: Vec<&PathBuf> = inputs.named.iter().chain(&inputs.context).collect();
    let hashed: Vec<Option<Hashed>> = all
        .par_iter()
        .map(|path| hash_file(path, resolver, &table))
        .collect();
    if hashed.iter().any(Option::is_none) {
        // A file that cannot be read: the run reports it, fresh.
        return run::run_inputs(options, inputs, &HashMap::default());
    }
    let hashed: Vec<Hashed> = hashed.into_iter().flatten().collect();
    let key = run_key(options, resolver, &all, &hashed);
    let mut preloaded = HashMap::default();
    let mut hashes = HashMap::default();
    let mut table_changed = false;
    for (path, (hash, bytes, entry)) in all.iter().zip(hashed) {
        hashes.insert((*path).clone(), hash);
        if let Some(bytes) = bytes {
            preloaded.insert((*path).clone(), bytes);
        }
        if let Some(entry) = entry {
            table.files.insert(
                resolver.absolute(path).to_string_lossy().into_owned(),
                entry,
            );
            table_changed = true;
        }
    }
    let run_path = dir.join("runs").join(format!("{key}.json"));
    let cached = read_json::<CachedRun>(&run_path).and_then(|c| c.restore(options, &hashes));
    let timings = crate::timings::enabled();
    let result = match cached {
        Some(result) => {
            if timings {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("sqlfix: timing: cache hit ({})", run_path.display());
                }
            }
            result
        }
        None => {
            if timings {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("sqlfix: timing: cache miss");
                }
            }
            let result = run::run_inputs(options, inputs, &preloaded);
            if result.config_error.is_none() && !result.problems.iter().any(Problem::is_error) {
                let _ = store_run(&dir, &run_path, &CachedRun::of(&result, &hashes));
            }
            result
        }
    };
    if table_changed {
        table.written_at_ns = nanos(SystemTime::now());
        let _ = write_json(&dir, &table_path, &table);
    }
    result
}

fn cache_dir(resolver: &Resolver) -> PathBuf {
    match std::env::var_os("SQLFIX_CACHE_DIR") {
        Some(dir) if !dir.is_empty() => resolver.absolute(Path::new(&dir)),
        _ => resolver.for_cwd().cache_dir.clone(),
    }
}

fn sip() -> SipHasher13 {
    SipHasher13::new_with_keys(0x5351_4c46_4958_0001, 0x6361_6368_6521_0002)
}

fn hash_bytes(bytes: &[u8]) -> String {
    let mut hasher = sip();
    hasher.write(bytes);
    format!("{:032x}", hasher.finish128().as_u128())
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

#[derive(Serialize, Deserialize, Default)]
struct StatTable {
    written_at_ns: u128,
    files: HashMap<String, StatEntry>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
struct StatEntry {
    len: u64,
    mtime_ns: u128,
    ctime_ns: i128,
    ino: u64,
    hash: String,
}

fn stat_of(meta: &std::fs::Metadata) -> (u64, u128, i128, u64) {
    let mtime = meta.modified().map(nanos).unwrap_or(0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (
            meta.len(),
            mtime,
            i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            meta.ino(),
        )
    }
    #[cfg(not(unix))]
    {
        (meta.len(), mtime, 0, 0)
    }
}

/// The file's content hash; its bytes when they had to be read; a new table entry.
fn hash_file(path: &Path, resolver: &Resolver, table: &StatTable) -> Option<Hashed> {
    let meta = std::fs::metadata(path).ok()?;
    let (len, mtime_ns, ctime_ns, ino) = stat_of(&meta);
    let key = resolver.absolute(path).to_string_lossy().into_owned();
    if let Some(entry) = table.files.get(&key) {
        let settled = mtime_ns + RACY.as_nanos() < table.written_at_ns;
        if settled
            && entry.len == len
            && entry.mtime_ns == mtime_ns
            && entry.ctime_ns == ctime_ns
            && entry.ino == ino
        {
            return Some((entry.hash.clone(), None, None));
        }
    }
    let bytes = std::fs::read(path).ok()?;
    let hash = hash_bytes(&bytes);
    let entry = StatEntry {
        len,
        mtime_ns,
        ctime_ns,
        ino,
        hash: hash.clone(),
    };
    let changed = table.files.get(&key) != Some(&entry);
    Some((hash, Some(bytes), changed.then_some(entry)))
}

fn run_key(
    options: &Options,
    resolver: &Resolver,
    paths: &[&PathBuf],
    hashed: &[Hashed],
) -> String {
    let mut hasher = sip();
    let mut put = |text: &str| {
        hasher.write(text.as_bytes());
        hasher.write_u8(0xff);
    };
    put(env!("CARGO_PKG_VERSION"));
    put(&binary_identity());
    put(&FORMAT.to_string());
    put(&resolver.cwd().to_string_lossy());
    put(&format!(
        "{:?} {:?} {} {} {}",
        options.paths,
        resolver.overrides(),
        options.project_context,
        options.observe,
        options.settings.max_file_bytes
    ));
    for (path, text) in resolver.files_used() {
        put(&path.to_string_lossy());
        put(&text);
    }
    // How the app is served (Procfile, Dockerfile, gunicorn config, README run
    // lines) decides some findings, and those files are not Python: key on them too.
    for (name, text) in crate::semantic::deployment::texts(paths.iter().map(|p| p.as_path())) {
        put(&name);
        put(&text);
    }
    for (path, (hash, _, _)) in paths.iter().zip(hashed) {
        put(&path.to_string_lossy());
        put(hash);
    }
    format!("{:032x}", hasher.finish128().as_u128())
}

/// The running executable's size and modification time: a rebuilt or reinstalled
/// sqlfix of the same version (a development build, a wheel reinstalled) may
/// report differently, so its cached results must not be served.
fn binary_identity() -> String {
    let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    else {
        return String::new();
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{} {modified}", meta.len())
}

/// The first line of the `.gitignore` sqlfix writes, and its `CACHEDIR.TAG`'s signature.
const GITIGNORE: &str = "# Created by sqlfix.\n*\n";
const TAG: &str =
    "Signature: 8a477f597d28d172789f06886806bc55\n# sqlfix's cache: https://bford.info/cachedir/\n";

/// Whether `dir` may be used as the cache: it does not exist yet (sqlfix creates it),
/// or it is a real folder (not a symlink) that sqlfix made, or an empty one. A folder
/// that is the project (or holds it), or holds other files, is refused: sqlfix would
/// write into it and prune it.
fn usable(dir: &Path, resolver: &Resolver) -> Result<(), String> {
    let cwd = resolver.cwd();
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let real_cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    if real_cwd.starts_with(&real) {
        return Err("is the project folder (or holds it); the cache is off".to_string());
    }
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot be read ({e}); the cache is off")),
    };
    if meta.file_type().is_symlink() {
        return Err("is a symlink, which the cache never follows; the cache is off".to_string());
    }
    if !meta.is_dir() {
        return Err("is not a folder; the cache is off".to_string());
    }
    if is_ours(dir) {
        return Ok(());
    }
    let empty = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot be read ({e}); the cache is off"))?
        .next()
        .is_none();
    if empty {
        Ok(())
    } else {
        Err(
            "holds files sqlfix did not create (it has no sqlfix CACHEDIR.TAG); the cache is off"
                .to_string(),
        )
    }
}

/// A folder sqlfix made: its `CACHEDIR.TAG` is a regular file with sqlfix's text.
fn is_ours(dir: &Path) -> bool {
    read_regular(&dir.join("CACHEDIR.TAG")).is_some_and(|t| t == TAG.as_bytes())
}

/// A regular file's bytes; a symlink (or anything else) is never followed.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
    Some(bytes)
}

/// A real folder (not a symlink to one), created when missing.
fn real_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(std::io::Error::other(format!(
            "{} is not a real folder",
            dir.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(dir),
        Err(e) => Err(e),
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let text = read_regular(path)?;
    serde_json::from_slice(&text).ok()
}

/// Written through a temporary file and a rename, so a concurrent run never reads
/// half; the rename replaces a symlink at `path` rather than writing through it.
fn write_json<T: Serialize>(dir: &Path, path: &Path, value: &T) -> std::io::Result<()> {
    prepare(dir)?;
    let parent = path.parent().unwrap_or(dir);
    real_dir(parent)?;
    let text = serde_json::to_vec(value).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    std::io::Write::write_all(&mut tmp, &text)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The cache folder, ignored by git and marked as a cache for backup tools. The
/// markers are written only into a folder sqlfix made (or found empty), never over
/// an existing file.
fn prepare(dir: &Path) -> std::io::Result<()> {
    if is_ours(dir) {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    real_dir(dir)?;
    if std::fs::read_dir(dir)?.next().is_some() {
        return Err(std::io::Error::other(format!(
            "{} holds files sqlfix did not create",
            dir.display()
        )));
    }
    for (name, text) in [(".gitignore", GITIGNORE), ("CACHEDIR.TAG", TAG)] {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(name))?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
    }
    Ok(())
}

/// A run entry's name as sqlfix writes it: 32 hex digits and `.json`.
fn is_run_entry(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .and_then(|n| n.strip_suffix(".json"))
        .is_some_and(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn store_run(dir: &Path, path: &Path, run: &CachedRun) -> std::io::Result<()> {
    write_json(dir, path, run)?;
    // Keep the newest few entries; only regular files named as sqlfix names them are
    // ever removed (a symlink is removed as a link, never followed).
    let runs = dir.join("runs");
    let mut entries: Vec<(SystemTime, PathBuf)> = std::fs::read_dir(&runs)?
        .filter_map(Result::ok)
        .filter(|e| is_run_entry(&e.file_name()))
        .filter_map(|e| {
            let meta = std::fs::symlink_metadata(e.path()).ok()?;
            meta.is_file().then_some(())?;
            Some((meta.modified().ok()?, e.path()))
        })
        .collect();
    if entries.len() > KEEP_RUNS {
        entries.sort();
        for (_, old) in &entries[..entries.len() - KEEP_RUNS] {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct CachedRun {
    files: Vec<CachedFile>,
    problems: Vec<CachedProblem>,
    discovered: usize,
    checked: usize,
}

#[derive(Serialize, Deserialize)]
struct CachedFile {
    path: PathBuf,
    hash: String,
    findings: Vec<CachedFinding>,
}

#[derive(Serialize, Deserialize)]
struct CachedFinding {
    id: String,
    range: (u32, u32),
    message: String,
    severity: Severity,
    confidence: Confidence,
    fix: Option<CachedFix>,
    note: Option<String>,
    root: Option<CachedRoot>,
}

/// A finding's root: key, description, and where it is (path, line) when known.
type CachedRoot = (String, String, Option<(String, usize)>);

#[derive(Serialize, Deserialize)]
struct CachedFix {
    title: String,
    applicability: String,
    #[serde(default)]
    after: Option<String>,
    edits: Vec<(u32, u32, String, u8)>,
}

#[derive(Serialize, Deserialize)]
enum CachedProblem {
    NotUtf8 {
        path: PathBuf,
        offset: usize,
    },
    TooLarge {
        path: PathBuf,
        bytes: u64,
        limit: u64,
    },
    Syntax {
        path: PathBuf,
        message: String,
    },
}

fn order_code(order: EditOrder) -> u8 {
    match order {
        EditOrder::Import => 0,
        EditOrder::HelperSpacer => 1,
        EditOrder::Helper => 2,
        EditOrder::Code => 3,
    }
}

fn order_of(code: u8) -> Option<EditOrder> {
    Some(match code {
        0 => EditOrder::Import,
        1 => EditOrder::HelperSpacer,
        2 => EditOrder::Helper,
        3 => EditOrder::Code,
        _ => return None,
    })
}

fn applicability_of(text: &str) -> Option<Applicability> {
    Some(match text {
        "safe" => Applicability::Safe,
        "unsafe" => Applicability::Unsafe,
        "display-only" => Applicability::DisplayOnly,
        _ => return None,
    })
}

impl CachedRun {
    fn of(result: &RunResult, hashes: &HashMap<PathBuf, String>) -> CachedRun {
        let files = result
            .files
            .iter()
            .map(|f| CachedFile {
                path: f.source.path.clone(),
                hash: hashes.get(&f.source.path).cloned().unwrap_or_default(),
                findings: f.findings.iter().map(CachedFinding::of).collect(),
            })
            .collect();
        let problems = result
            .problems
            .iter()
            .filter_map(|p| match p {
                Problem::Load(path, LoadError::NotUtf8 { offset }) => {
                    Some(CachedProblem::NotUtf8 {
                        path: path.clone(),
                        offset: *offset,
                    })
                }
                Problem::Load(path, LoadError::TooLarge { bytes, limit }) => {
                    Some(CachedProblem::TooLarge {
                        path: path.clone(),
                        bytes: *bytes,
                        limit: *limit,
                    })
                }
                Problem::Syntax(path, message) => Some(CachedProblem::Syntax {
                    path: path.clone(),
                    message: message.clone(),
                }),
                _ => None,
            })
            .collect();
        CachedRun {
            files,
            problems,
            discovered: result.discovered,
            checked: result.checked,
        }
    }

    /// The result again, reading the files with findings (they must still hash the same).
    fn restore(self, options: &Options, hashes: &HashMap<PathBuf, String>) -> Option<RunResult> {
        let mut files = Vec::new();
        for file in self.files {
            let source = SourceFile::read(&file.path, options.settings.max_file_bytes).ok()?;
            let bytes = source.encode(&source.text);
            if hashes.get(&file.path) != Some(&file.hash) || hash_bytes(&bytes) != file.hash {
                return None;
            }
            let findings = file
                .findings
                .into_iter()
                .map(|f| f.restore(source.text.len()))
                .collect::<Option<Vec<Finding>>>()?;
            files.push(FileResult {
                source,
                findings,
                fixed: None,
                fix_error: None,
            });
        }
        let problems = self
            .problems
            .into_iter()
            .map(|p| match p {
                CachedProblem::NotUtf8 { path, offset } => {
                    Problem::Load(path, LoadError::NotUtf8 { offset })
                }
                CachedProblem::TooLarge { path, bytes, limit } => {
                    Problem::Load(path, LoadError::TooLarge { bytes, limit })
                }
                CachedProblem::Syntax { path, message } => Problem::Syntax(path, message),
            })
            .collect();
        Some(RunResult {
            files,
            problems,
            discovered: self.discovered,
            checked: self.checked,
            observations: Vec::new(),
            config_error: None,
        })
    }
}

impl CachedFinding {
    fn of(f: &Finding) -> CachedFinding {
        CachedFinding {
            id: f.id.to_string(),
            range: (f.range.start().to_u32(), f.range.end().to_u32()),
            message: f.message.clone(),
            severity: f.severity,
            confidence: f.confidence,
            fix: f.fix.as_ref().map(|fix| CachedFix {
                title: fix.title.clone(),
                applicability: fix.applicability.to_string(),
                after: fix.after.clone(),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| {
                        (
                            e.range.start().to_u32(),
                            e.range.end().to_u32(),
                            e.content.clone(),
                            order_code(e.order),
                        )
                    })
                    .collect(),
            }),
            note: f.note.clone(),
            root: f
                .root
                .as_ref()
                .map(|r| (r.key.clone(), r.description.clone(), r.location.clone())),
        }
    }

    fn restore(self, len: usize) -> Option<Finding> {
        let range = |(start, end): (u32, u32)| {
            (start <= end && end as usize <= len)
                .then(|| TextRange::new(TextSize::new(start), TextSize::new(end)))
        };
        let id = crate::rules::by_id(&self.id)?.meta().id.as_str();
        let fix = match self.fix {
            Some(fix) => Some(Fix {
                title: fix.title,
                applicability: applicability_of(&fix.applicability)?,
                after: fix.after,
                edits: fix
                    .edits
                    .into_iter()
                    .map(|(start, end, content, order)| {
                        Some(Edit {
                            range: range((start, end))?,
                            content,
                            order: order_of(order)?,
                        })
                    })
                    .collect::<Option<Vec<Edit>>>()?,
            }),
            None => None,
        };
        Some(Finding {
            id,
            range: range(self.range)?,
            message: self.message,
            severity: self.severity,
            confidence: self.confidence,
            fix,
            note: self.note,
            root: self.root.map(|(key, description, location)| Root {
                key,
                description,
                location,
            }),
        })
    }
}
