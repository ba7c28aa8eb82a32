//! Which database file each connection or engine opens, as far as the source
//! names it: the file name of a literal path or URL, or the constant that holds it.
//! Two sites name the same database when their identities are equal.

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Operator, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::connections;
use super::model::{Call, Model};
use super::scopes::FuncId;
use super::strings::{Piece, string_value};
pub use super::summary_types::{DbDriver, DbOpen};

/// Every site of the module that opens a database file it names.
pub fn opens<'m, 'a>(model: &'m Model<'a>) -> Vec<(DbOpen, &'m Call<'a>)> {
    let mut out = Vec::new();
    for call in &model.calls {
        let (driver, arg) = match call.qualified() {
            Some("sqlite3.connect" | "sqlite3.dbapi2.connect") => {
                (DbDriver::Sqlite3, call.argument(0, "database"))
            }
            Some("aiosqlite.connect" | "aiosqlite.core.connect") => {
                (DbDriver::Aiosqlite, call.argument(0, "database"))
            }
            Some(q)
                if q.starts_with("sqlalchemy")
                    && (q.ends_with(".create_engine") || q.ends_with(".create_async_engine")) =>
            {
                (
                    DbDriver::SqlAlchemy,
                    crate::semantic::splat_keywords::argument(model, call, 0, "url"),
                )
            }
            _ => continue,
        };
        let Some(arg) = arg else {
            continue;
        };
        // A read-only open (`mode=ro`, `immutable=1`) never writes: it brings no
        // transaction behaviour or write settings of its own to the file.
        if driver != DbDriver::SqlAlchemy
            && super::connection_purpose::is_read_only_uri(
                model,
                arg,
                call.scope,
                call.range().start(),
            )
        {
            continue;
        }
        let is_url = driver == DbDriver::SqlAlchemy;
        let Some(identity) = identity(model, call.scope, arg, is_url, 0) else {
            continue;
        };
        let line = model.line_column(call.range().start()).0;
        out.push((
            DbOpen {
                driver,
                identity,
                line,
                one_shot: super::entry_points::runs_once(model, call.scope, call.range().start()),
                function: super::entry_points::command_candidate(model, call.scope),
            },
            call,
        ));
    }
    out
}

/// The module opens aiosqlite connections and every one asks for `immutable=1`
/// (csvapi's views reading what a parse wrote): SQLite takes no lock for them.
pub fn aiosqlite_immutable_only(model: &Model<'_>) -> bool {
    let mut opens = model
        .calls
        .iter()
        .filter(|c| {
            matches!(
                c.qualified(),
                Some("aiosqlite.connect" | "aiosqlite.core.connect")
            )
        })
        .peekable();
    opens.peek().is_some()
        && opens.all(|call| {
            call.argument(0, "database").is_some_and(|arg| {
                super::connection_purpose::is_immutable_uri(
                    model,
                    arg,
                    call.scope,
                    call.range().start(),
                )
            })
        })
}

fn identity(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    is_url: bool,
    depth: usize,
) -> Option<String> {
    if depth > 4 {
        return None;
    }
    match expr {
        // os.path.join(DATA_DIR, "app.db"), str(path), Path(p)
        Expr::Call(call) => {
            let callee = model.resolve(&call.func, scope).unwrap_or_default();
            let args = &call.arguments.args;
            match callee.as_str() {
                "os.path.join" | "pathlib.Path" | "pathlib.PurePath" => {
                    identity(model, scope, args.last()?, is_url, depth + 1)
                }
                "builtins.str" | "os.fspath" | "os.path.abspath" | "os.path.realpath" => {
                    identity(model, scope, args.first()?, is_url, depth + 1)
                }
                _ if matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "str") => {
                    identity(model, scope, args.first()?, is_url, depth + 1)
                }
                _ => None,
            }
        }
        // BASE_DIR / "app.db"
        Expr::BinOp(bin) if bin.op == Operator::Div => {
            identity(model, scope, &bin.right, is_url, depth + 1)
        }
        Expr::Name(name) => {
            if let Some(value) = literal_identity(model, scope, expr, is_url) {
                return Some(value);
            }
            // A parameter with a default: the default names the database.
            if let Some(id) = scope {
                let def = model.scopes.function(id).def;
                if let Some(p) = def
                    .parameters
                    .iter_non_variadic_params()
                    .find(|p| p.parameter.name.as_str() == name.id.as_str())
                {
                    return p
                        .default()
                        .and_then(|d| identity(model, None, d, is_url, depth + 1));
                }
            }
            let assigned = model.assignments_of(scope, name.id.as_str());
            match assigned.last() {
                Some(a) if a.kind == super::model::AssignKind::Assign => {
                    identity(model, a.scope, a.value, is_url, depth + 1)
                        .or_else(|| Some(format!("name:{}", name.id)))
                }
                Some(_) => None,
                // Imported: `from config import DB_PATH`.
                None => model
                    .imports
                    .lookup(name.id.as_str(), scope, &model.scopes)
                    .map(|i| format!("name:{}", i.target.rsplit('.').next().unwrap_or(&i.target))),
            }
        }
        Expr::Attribute(attr) => Some(attribute_identity(model, scope, attr)),
        _ => literal_identity(model, scope, expr, is_url),
    }
}

/// The database of a SQLAlchemy engine a PRAGMA runs through: `with
/// engine.begin() as conn:` (or `engine.connect()`, `async with` alike) then
/// `conn.execute(text("PRAGMA journal_mode=WAL"))`, where `engine` is bound once
/// to `create_engine(url)` / `create_async_engine(url)`: the file the URL names.
/// WAL set at initialization through the engine is set on that engine's file.
fn engine_connection_identity(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    let super::model::Callee::Method {
        receiver: super::model::Receiver::Name(conn),
        ..
    } = &call.callee
    else {
        return None;
    };
    let bound = model.assignments_of(call.scope, conn);
    let [with] = bound.as_slice() else {
        return None;
    };
    if with.kind != super::model::AssignKind::WithItem {
        return None;
    }
    let Expr::Call(opened) = with.value else {
        return None;
    };
    let Expr::Attribute(method) = &*opened.func else {
        return None;
    };
    if !matches!(method.attr.as_str(), "begin" | "connect") {
        return None;
    }
    let Expr::Name(engine) = &*method.value else {
        return None;
    };
    let made = model.assignments_of(call.scope, engine.id.as_str());
    let [made] = made.as_slice() else {
        return None;
    };
    if made.kind != super::model::AssignKind::Assign {
        return None;
    }
    let Expr::Call(create) = made.value else {
        return None;
    };
    let callee = model.resolve(&create.func, made.scope).unwrap_or_default();
    if !matches!(
        callee.rsplit('.').next(),
        Some("create_engine" | "create_async_engine")
    ) || !callee.starts_with("sqlalchemy")
    {
        return None;
    }
    let url = create.arguments.find_argument_value("url", 0)?;
    identity_of_url(model, made.scope, url)
}

/// `self.path` names a different file in every class that has one, so the class
/// is part of its identity; `settings.DB_PATH` (a constant's spelling) is the same
/// setting wherever it is read; `config.db_path` is as sure as its whole text.
/// Two databases are never one because their attributes share a name.
fn attribute_identity(
    model: &Model<'_>,
    scope: Option<FuncId>,
    attr: &ruff_python_ast::ExprAttribute,
) -> String {
    let name = attr.attr.as_str();
    if let Expr::Name(receiver) = &*attr.value {
        if matches!(receiver.id.as_str(), "self" | "cls") {
            let class = model
                .scopes
                .enclosing_class(scope)
                .map_or("?", |c| model.scopes.classes[c].qualname.as_str());
            return format!("attr:{class}.{name}");
        }
    }
    if name.len() > 1 && !name.chars().any(|c| c.is_ascii_lowercase()) {
        return format!("name:{name}");
    }
    format!("attr:{}", model.slice(attr.range()))
}

/// The database file a string value names: its last path component.
fn literal_identity(
    model: &Model<'_>,
    scope: Option<FuncId>,
    expr: &Expr,
    is_url: bool,
) -> Option<String> {
    let value = string_value(model, expr, scope, expr.start())?;
    let mut pieces = value.pieces.clone();
    if is_url {
        // sqlite:///./app.db, sqlite+aiosqlite:///{path}
        let Some(Piece::Text(first)) = pieces.first_mut() else {
            return None;
        };
        let rest = first.split_once(":///")?.1.to_string();
        if !first.starts_with("sqlite") {
            return None;
        }
        *first = rest;
    }
    match pieces.last()? {
        Piece::Text(tail) => {
            let tail = tail.split('?').next().unwrap_or(tail);
            let name = tail.rsplit(['/', '\\']).next().unwrap_or(tail);
            if name.is_empty() || name == ":memory:" || tail.contains("mode=memory") {
                return None;
            }
            // A hole before the file name is only a directory.
            if pieces.len() > 1 && !tail.contains(['/', '\\']) {
                return None;
            }
            Some(format!("file:{name}"))
        }
        Piece::Hole(Some(hole))
            if pieces.len() == 1
                || pieces.iter().all(|p| {
                    matches!(p, Piece::Text(t) if t.is_empty()) || matches!(p, Piece::Hole(_))
                }) =>
        {
            identity(model, scope, hole, false, 1)
        }
        Piece::Hole(_) => None,
    }
}

/// The identity of the database a `sqlite3.connect`/`aiosqlite.connect` call opens.
pub fn identity_of_connect(model: &Model<'_>, call: &Call<'_>) -> Option<String> {
    identity(model, call.scope, call.argument(0, "database")?, false, 0)
}

/// The identity of the database a SQLAlchemy URL expression names.
pub fn identity_of_url(model: &Model<'_>, scope: Option<FuncId>, url: &Expr) -> Option<String> {
    identity(model, scope, url, true, 0)
}

/// Whether any module of the project sets WAL where [`wal_settings`] sees it.
pub fn any_wal_in_project(view: &super::project::ProjectView<'_>) -> bool {
    struct AnyWal;
    super::across_modules::any_module::<AnyWal>(view, |m| !m.facts.wal.is_empty())
}

/// Where the module sets `journal_mode=WAL`, and on which database when the
/// source shows it: the identity of the connection the PRAGMA runs on, or, in a
/// module that opens a single database, that one. `None`: some database this
/// module cannot name (a helper configuring the connection it is given).
pub fn wal_settings(model: &Model<'_>) -> Vec<Option<String>> {
    journal_settings(model, |mode| mode == "wal")
}

/// Where the module chooses the rollback journal (`journal_mode` DELETE,
/// TRUNCATE or PERSIST), per database as [`wal_settings`] tells them apart.
pub fn rollback_settings(model: &Model<'_>) -> Vec<Option<String>> {
    journal_settings(model, |mode| {
        matches!(mode, "delete" | "truncate" | "persist")
    })
}

/// Where the module sets a journal mode `is_mode` accepts (lower case), on
/// which database when it can tell (see [`wal_settings`]).
fn journal_settings(model: &Model<'_>, is_mode: impl Fn(&str) -> bool) -> Vec<Option<String>> {
    let wal_calls: Vec<&Call<'_>> = model
        .calls
        .iter()
        .filter(|c| {
            connections::pragmas_run(model, &[c])
                .get("journal_mode")
                .is_some_and(|v| v.is_some_and(&is_mode))
        })
        .collect();
    let mut out = Vec::new();
    if !wal_calls.is_empty() {
        let sites = connections::sites(model, &connections::NoWrappers);
        // The calls made on another call's result, by that call's range: looked
        // up per site instead of scanning every call per site.
        let mut on_call: rustc_hash::FxHashMap<TextRange, Vec<TextRange>> =
            rustc_hash::FxHashMap::default();
        for c in &model.calls {
            if let super::model::Callee::Method {
                receiver: super::model::Receiver::Call(r),
                ..
            } = &c.callee
            {
                on_call.entry(*r).or_default().push(c.range());
            }
        }
        let mut keyed: Vec<(Option<String>, Vec<TextRange>)> = Vec::new();
        for site in &sites {
            let id = identity_of_connect(model, site.call);
            let mut ranges: Vec<TextRange> = connections::key_of(model, site)
                .map(|key| {
                    connections::uses(model, &key)
                        .iter()
                        .map(|c| c.range())
                        .collect()
                })
                .unwrap_or_default();
            // `sqlite3.connect(p).execute("PRAGMA ...")`
            ranges.extend(on_call.get(&site.outer).into_iter().flatten().copied());
            keyed.push((id, ranges));
        }
        let mut known: Vec<&String> = keyed.iter().filter_map(|(id, _)| id.as_ref()).collect();
        known.sort();
        known.dedup();
        let only = match (known.as_slice(), keyed.iter().all(|(id, _)| id.is_some())) {
            ([one], true) => Some((*one).clone()),
            _ => None,
        };
        // The first site whose uses include each range.
        let mut site_of: rustc_hash::FxHashMap<TextRange, usize> = rustc_hash::FxHashMap::default();
        for (k, (_, ranges)) in keyed.iter().enumerate() {
            for range in ranges {
                site_of.entry(*range).or_insert(k);
            }
        }
        for call in wal_calls {
            // WAL set only for the files a test on the path accepts is set on
            // no one file this module can name (wal_for_some_files.rs).
            if let Some(&k) = site_of.get(&call.range()) {
                if super::wal_for_some_files::guards_call(model, &sites[k], call.range()) {
                    out.push(None);
                    continue;
                }
            }
            let on = site_of.get(&call.range()).map(|&k| keyed[k].0.clone());
            out.push(match on {
                Some(id) => id,
                None => engine_connection_identity(model, call).or_else(|| only.clone()),
            });
        }
    }
    // peewee's `SqliteDatabase(path, pragmas={"journal_mode": "wal"})`.
    for call in &model.calls {
        if super::pragma_config::peewee_database(model, call).is_none() {
            continue;
        }
        // Declared pragmas every `init()` replaces never run (F-peewee-deferred).
        if super::peewee_deferred::is_deferred(call)
            && !super::peewee_deferred::declared_pragmas_run(model, call)
        {
            continue;
        }
        let sets_wal = call.keyword("pragmas").is_some_and(|p| {
            let literal = super::pragma_config::resolve_name(model, p, call.scope);
            super::pragma_config::pairs(model, literal)
                .iter()
                .any(|(k, v)| {
                    k.eq_ignore_ascii_case("journal_mode")
                        && super::pragma_config::value_of_entry(model, v, call.scope)
                            .0
                            .is_some_and(|v| is_mode(&v))
                })
        });
        if sets_wal {
            let database = call.argument(0, "database");
            out.push(database.and_then(|d| identity(model, call.scope, d, false, 0)));
        }
    }
    out
}

/// Whether WAL is on for one database, from every module's [`wal_settings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalState {
    /// Set on this very database (same file name or the same constant).
    Set,
    /// Set somewhere on a database that may be this one: the source names one
    /// of the two only by a run-time value.
    Maybe,
    /// Not set on this database: nowhere, or only on other files.
    NotSet,
}

/// Whether the file a connection opens is certainly in WAL: the project sets WAL
/// on this very file, or the connection asks for it itself. A WAL setting that
/// may be on another file, or a `journal_mode` chosen at run time, is not.
pub fn wal_certain(state: WalState, pragmas: &connections::PragmaSet) -> bool {
    state == WalState::Set || pragmas.get("journal_mode") == Some(Some("wal"))
}

/// `identity`: this database's, as [`identity_of_connect`] gives it.
/// `settings`: every WAL setting of the project. `constants`: every module-level
/// path constant of the project ([`path_constants`]).
pub fn wal_state(
    identity: Option<&str>,
    settings: &[Option<String>],
    constants: &[(String, String)],
) -> WalState {
    let this = identity.map(|i| resolve_identity(i, constants));
    let mut state = WalState::NotSet;
    for setting in settings {
        let other = setting.as_deref().map(|i| resolve_identity(i, constants));
        match (this, other) {
            (Some(a), Some(b)) if a == b => return WalState::Set,
            // Two file names that differ are two files.
            (Some(a), Some(b)) if a.starts_with("file:") && b.starts_with("file:") => {}
            _ => state = WalState::Maybe,
        }
    }
    state
}

/// [`wal_state`] of the database `identity` against every module of the project.
pub fn wal_state_in_project(
    view: &super::project::ProjectView<'_>,
    identity: Option<&str>,
) -> WalState {
    let table = view.index.memo(WalTable::build);
    if let Some(state) = table.state(view, identity) {
        return state;
    }
    let modules = super::across_modules::modules(view);
    let constants: Vec<(String, String)> = modules
        .iter()
        .flat_map(|(_, m)| m.facts.path_constants.iter().cloned())
        .collect();
    let graph = view.index.import_graph();
    let constants_ref = &constants;
    let settings: Vec<Option<String>> = modules
        .iter()
        .flat_map(|(_, m)| {
            let aside = super::aside_scripts::aside(m, graph);
            m.facts
                .wal
                .iter()
                .filter(move |s| {
                    super::aside_scripts::wal_counts(aside, names_file(s.as_deref(), constants_ref))
                })
                .cloned()
        })
        .collect();
    if settings.is_empty() {
        return WalState::NotSet;
    }
    wal_state(identity, &settings, &constants)
}

/// A setting on a file the source names (after resolving path constants).
fn names_file(setting: Option<&str>, constants: &[(String, String)]) -> bool {
    is_file(setting.map(|s| resolve_identity(s, constants)))
}

/// Every WAL setting of the index, resolved once per run: asked per connection
/// site, collecting them from every module again is quadratic in the project's
/// size. [`wal_state`]'s answer only needs how many settings there are, how
/// many name this database, and how many could be any file.
struct WalTable {
    /// Each constant name's value in the first module (index order) defining it.
    first_constant: HashMap<String, String>,
    /// Resolved setting → how many times the index sets WAL on it.
    resolved: HashMap<Option<String>, usize>,
    total: usize,
    /// Settings on no file name: `None`, or resolved to something not `file:`.
    unnamed: usize,
}

impl WalTable {
    fn build(index: &super::project::ProjectIndex) -> WalTable {
        let mut first_constant = HashMap::default();
        for m in &index.modules {
            for (name, value) in &m.facts.path_constants {
                first_constant
                    .entry(name.clone())
                    .or_insert_with(|| value.clone());
            }
        }
        let mut table = WalTable {
            first_constant,
            resolved: HashMap::default(),
            total: 0,
            unnamed: 0,
        };
        let graph = index.import_graph();
        for m in &index.modules {
            let aside = super::aside_scripts::aside(m, graph);
            for setting in &m.facts.wal {
                let resolved = table.resolve(setting.as_deref()).map(str::to_string);
                // A developer's script, or a hand-run one's setting on a file
                // it does not name, is about whatever file it was run on
                // (aside_scripts.rs).
                if !super::aside_scripts::wal_counts(aside, is_file(resolved.as_deref())) {
                    continue;
                }
                table.unnamed += usize::from(!is_file(resolved.as_deref()));
                table.total += 1;
                *table.resolved.entry(resolved).or_default() += 1;
            }
        }
        table
    }

    fn resolve<'a>(&'a self, identity: Option<&'a str>) -> Option<&'a str> {
        let identity = identity?;
        Some(match identity.strip_prefix("name:") {
            Some(name) => self
                .first_constant
                .get(name)
                .map_or(identity, String::as_str),
            None => identity,
        })
    }

    /// The state as the view sees the project, or `None` when the view's own
    /// constants would resolve a name differently from the index's order (its
    /// module's constants changed, or an earlier module defines one of them with
    /// another value): then only the full walk is right.
    fn state(
        &self,
        view: &super::project::ProjectView<'_>,
        identity: Option<&str>,
    ) -> Option<WalState> {
        let module = &view.index.modules[view.module?];
        let own = &view.own.facts;
        if own.path_constants != module.facts.path_constants {
            return None;
        }
        let mut seen = rustc_hash::FxHashSet::default();
        for (name, value) in &own.path_constants {
            if seen.insert(name) && self.first_constant.get(name) != Some(value) {
                return None;
            }
        }
        let this = self.resolve(identity);
        let (mut total, mut unnamed) = (self.total, self.unnamed);
        let mut same = this.map_or(0, |a| {
            self.resolved
                .get(&Some(a.to_string()))
                .copied()
                .unwrap_or(0)
        });
        let aside = super::aside_scripts::aside(module, view.index.import_graph());
        for (settings, sign) in [(&module.facts.wal, -1isize), (&own.wal, 1)] {
            for setting in settings {
                let resolved = self.resolve(setting.as_deref());
                if !super::aside_scripts::wal_counts(aside, is_file(resolved)) {
                    continue;
                }
                let step = |n: usize| n.wrapping_add_signed(sign);
                total = step(total);
                if !is_file(resolved) {
                    unnamed = step(unnamed);
                }
                if this.is_some() && resolved == this {
                    same = step(same);
                }
            }
        }
        Some(match this {
            _ if total == 0 => WalState::NotSet,
            Some(_) if same > 0 => WalState::Set,
            Some(a) if a.starts_with("file:") && unnamed == 0 => WalState::NotSet,
            _ => WalState::Maybe,
        })
    }
}

fn is_file(resolved: Option<&str>) -> bool {
    resolved.is_some_and(|r| r.starts_with("file:"))
}

/// A database path on a network filesystem, where WAL does not work
/// (F-wal-network). Recognised from the path the source spells: a Windows share
/// (`\\server\share\app.db`, `//server/share/app.db`), an `smb://`, `nfs://` or
/// `cifs://` URL, or a folder whose name says it is a network mount (`/net/...`,
/// `/nfs/...`, `/mnt/nfs/...`, `/smb/...`, `/cifs/...`). A path built at run
/// time is not guessed at.
pub fn is_network_path(model: &Model<'_>, expr: &Expr, scope: Option<FuncId>) -> bool {
    let Some(value) = string_value(model, expr, scope, expr.start()) else {
        return false;
    };
    let Some(Piece::Text(head)) = value.pieces.first() else {
        return false;
    };
    network_text(head)
}

pub fn network_text(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let path = lower.strip_prefix("file:").unwrap_or(&lower);
    if path.starts_with("\\\\") || (path.starts_with("//") && !path.starts_with("///")) {
        return true;
    }
    if ["smb://", "nfs://", "cifs://"]
        .iter()
        .any(|s| path.starts_with(s))
    {
        return true;
    }
    let unix = path.replace('\\', "/");
    // `/net/host/...` (the automounter), or any folder named for the protocol.
    unix.starts_with("/net/")
        || unix
            .split('/')
            .rev()
            .skip(1)
            .any(|part| matches!(part, "nfs" | "smb" | "cifs" | "sshfs"))
}

/// Module-level constants that name a database file: `DB_PATH = "data/app.db"`
/// → `("DB_PATH", "file:app.db")`, so another module's `DB_PATH` can be matched.
pub fn path_constants(model: &Model<'_>) -> Vec<(String, String)> {
    model
        .assignments
        .iter()
        .filter(|a| a.scope.is_none() && a.kind == super::model::AssignKind::Assign)
        .filter_map(|a| {
            let super::model::Target::Name(name) = &a.target else {
                return None;
            };
            let id = literal_identity(model, None, a.value, false)?;
            let looks_like_db = [".db", ".sqlite", ".sqlite3", ".db3"]
                .iter()
                .any(|ext| id.ends_with(ext));
            (id.starts_with("file:") && looks_like_db).then(|| (name.clone(), id))
        })
        .collect()
}

/// The identity of a site after following constants named elsewhere.
pub fn resolve_identity<'i>(identity: &'i str, constants: &'i [(String, String)]) -> &'i str {
    match identity.strip_prefix("name:") {
        Some(name) => constants
            .iter()
            .find(|(n, _)| n == name)
            .map_or(identity, |(_, id)| id.as_str()),
        None => identity,
    }
}

/// Whether the module runs `PRAGMA integrity_check`/`quick_check`, or handles a
/// malformed database by its message.
pub fn checks_integrity(model: &Model<'_>) -> bool {
    // Docstrings (and other bare string statements) run nothing: a module that
    // only documents "TODO: run PRAGMA quick_check" does not check anything.
    struct BareStrings(Vec<TextRange>);
    impl<'a> Visitor<'a> for BareStrings {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::Expr(e) = stmt {
                if matches!(&*e.value, Expr::StringLiteral(_) | Expr::FString(_)) {
                    self.0.push(e.range());
                }
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    // Lowered once: a token's text lowered is the same slice of it. A module
    // that spells none of the words anywhere has no string that does.
    let lower = model.text.to_ascii_lowercase();
    if !(lower.contains("integrity_check")
        || lower.contains("quick_check")
        || lower.contains("malformed"))
    {
        return false;
    }
    let mut bare = BareStrings(Vec::new());
    bare.visit_body(model.suite);
    model.tokens.iter().any(|t| {
        matches!(
            t.kind(),
            ruff_python_ast::token::TokenKind::String
                | ruff_python_ast::token::TokenKind::FStringMiddle
        ) && !bare.0.iter().any(|r| r.contains_range(t.range()))
            && {
                let text = &lower[t.range()];
                text.contains("integrity_check")
                    || text.contains("quick_check")
                    || text.contains("malformed")
            }
    })
}

#[cfg(test)]
mod tests {
    use super::{WalState, network_text, wal_state};

    #[test]
    fn network_paths_by_their_spelling() {
        assert!(network_text("\\\\fileserver\\team\\app.db"));
        assert!(network_text("//fileserver/team/app.db"));
        assert!(network_text("smb://nas/share/app.db"));
        assert!(network_text("/mnt/nfs/exports/app.db"));
        assert!(network_text("/net/host/data/app.db"));
        assert!(network_text("file:/srv/cifs/app.db?mode=rw"));
        assert!(!network_text("/var/lib/app/app.db"));
        assert!(!network_text("data/nfs.db"));
        assert!(!network_text("sqlite:///app.db"));
    }

    #[test]
    fn wal_is_decided_per_database() {
        let constants = vec![("DB_PATH".to_string(), "file:app.db".to_string())];
        let on = |ids: &[Option<&str>]| -> Vec<Option<String>> {
            ids.iter().map(|i| i.map(str::to_string)).collect()
        };
        // Set on the same file through its constant.
        assert_eq!(
            wal_state(
                Some("file:app.db"),
                &on(&[Some("name:DB_PATH")]),
                &constants
            ),
            WalState::Set
        );
        // Set on another file only.
        assert_eq!(
            wal_state(
                Some("file:cache.db"),
                &on(&[Some("file:app.db")]),
                &constants
            ),
            WalState::NotSet
        );
        // Two classes' `self.path` are not one database, but either may be app.db.
        assert_eq!(
            wal_state(Some("attr:A.path"), &on(&[Some("attr:B.path")]), &constants),
            WalState::Maybe
        );
        // Set on a database the source cannot name.
        assert_eq!(
            wal_state(Some("file:cache.db"), &on(&[None]), &constants),
            WalState::Maybe
        );
        assert_eq!(wal_state(None, &[], &constants), WalState::NotSet);
    }
}
