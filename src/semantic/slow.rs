//! Calls that can take long: sleeping, network requests, subprocesses, file I/O
//! of unknown size, and functions of the module that make such calls. Holding a
//! database lock or snapshot across them is what SQF301 and SQF304 look for.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::{Call, Callee, Model};
use super::scopes::FuncId;

/// Qualified prefixes of slow calls, with what they do.
const SLOW_PREFIXES: &[(&str, &str)] = &[
    ("time.sleep", "sleeps"),
    ("asyncio.sleep", "sleeps"),
    ("anyio.sleep", "sleeps"),
    ("requests.", "makes an HTTP request"),
    ("urllib.request.", "makes an HTTP request"),
    ("urllib3.", "makes an HTTP request"),
    ("subprocess.", "runs a subprocess"),
    ("asyncio.create_subprocess_", "runs a subprocess"),
    ("shutil.copy", "copies files"),
    ("shutil.move", "moves files"),
    ("shutil.rmtree", "deletes a directory tree"),
    ("smtplib.", "talks to a mail server"),
    ("socket.create_connection", "opens a network connection"),
    ("builtins.open", "does file I/O"),
    ("hashlib.file_digest", HASHES_FILE),
];

/// What `slow_call` finds that takes seconds, not milliseconds: sleeps,
/// network requests, subprocesses. Reading or writing a local file does not.
pub const TAKES_SECONDS: &[&str] = &[
    "sleeps",
    "makes an HTTP request",
    "calls a remote vector or search store over the network",
    "runs a subprocess",
    "talks to a mail server",
    "opens a network connection",
    "reads an upload of unknown size",
];

/// What a function that opens a file and feeds it to `hashlib` does: it reads
/// the whole file, however large (a book, a video, a model), before it returns.
pub const HASHES_FILE: &str = "reads a whole file to hash it";

/// Sync httpx calls; `httpx.AsyncClient` is awaited and matched by method.
const HTTPX_SYNC: &[&str] = &[
    "httpx.get",
    "httpx.post",
    "httpx.put",
    "httpx.patch",
    "httpx.delete",
    "httpx.head",
    "httpx.request",
    "httpx.stream",
];

/// Method names that read or write whole files (`pathlib.Path`, uploads).
const FILE_METHODS: &[&str] = &["read_bytes", "read_text", "write_bytes", "write_text"];

/// Methods of HTTP client objects (`session.get`, `client.post`), when awaited
/// or called on a name bound to a client.
const HTTP_METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "request", "send"];

const HTTP_CLIENTS: &[&str] = &[
    "requests.Session",
    "requests.session",
    "httpx.Client",
    "httpx.AsyncClient",
    "aiohttp.ClientSession",
];

/// What a call does that takes long, if it does.
pub fn slow_call(model: &Model<'_>, call: &Call<'_>) -> Option<&'static str> {
    slow_call_depth(model, call, 0)
}

fn slow_call_depth(model: &Model<'_>, call: &Call<'_>, depth: usize) -> Option<&'static str> {
    if let Some(q) = call.qualified() {
        if HTTPX_SYNC.contains(&q) {
            return Some("makes an HTTP request");
        }
        if let Some((_, what)) = SLOW_PREFIXES.iter().find(|(p, _)| q.starts_with(p)) {
            return Some(what);
        }
    }
    if let Callee::Method { receiver, name } = &call.callee {
        if FILE_METHODS.contains(&name.as_str()) {
            return Some("does file I/O");
        }
        if HTTP_METHODS.contains(&name.as_str()) {
            if let super::model::Receiver::Name(var) = receiver {
                if bound_to_http_client(model, call.scope, var) {
                    return Some("makes an HTTP request");
                }
            }
        }
        if let Some(what) = remote_store_method(model, call.scope, receiver) {
            return Some(what);
        }
        // `await upload.read()`: an upload of unknown size.
        if name == "read" && call.is_awaited() {
            return Some("reads an upload of unknown size");
        }
    }
    // A function of this module that makes such a call.
    if depth < FOLLOWED {
        if let Some(target) = local_target(model, call) {
            if target_is_slow(model, target, depth + 1) {
                return Some("calls slow code");
            }
        }
    }
    None
}

/// How many calls deep a module's own functions are followed.
const FOLLOWED: usize = 3;

/// The function of this module a call runs: a module function by name, or a
/// method of the caller's class through `self`.
fn local_target(model: &Model<'_>, call: &Call<'_>) -> Option<FuncId> {
    match &call.callee {
        Callee::Local(name) => model.scopes.module_function(name),
        Callee::SelfMethod(name) => model
            .scopes
            .enclosing_class(call.scope)
            .and_then(|c| model.scopes.method(c, name)),
        _ => None,
    }
}

/// Per function of the module, the slow work it does, by itself or through
/// the module's functions it calls (as deep as `slow_call` follows them),
/// named by what the slow call itself does: what a function's summary records
/// for callers in other modules. One pass over the calls, then a few rounds
/// along the module's own call edges, rather than `slow_call` per function.
pub fn of_functions(model: &Model<'_>) -> Vec<Option<&'static str>> {
    let n = model.scopes.functions.len();
    let mut slow: Vec<Option<&'static str>> = vec![None; n];
    let mut edges: Vec<(FuncId, FuncId)> = Vec::new();
    for call in &model.calls {
        let Some(scope) = call.scope else { continue };
        if call.in_lambda {
            continue;
        }
        // At the follow limit, `slow_call_depth` judges the call by itself.
        if slow[scope].is_none() {
            slow[scope] = slow_call_depth(model, call, FOLLOWED);
        }
        if let Some(target) = local_target(model, call) {
            edges.push((scope, target));
        }
    }
    // A function that opens a file and hashes: the whole file is read,
    // whatever its size (a checksum helper), not a few bytes of configuration.
    for (id, what) in slow.iter_mut().enumerate() {
        if *what == Some("does file I/O") && hashes(model, id) {
            *what = Some(HASHES_FILE);
        }
    }
    for _ in 0..FOLLOWED {
        let before = slow.clone();
        for &(caller, callee) in &edges {
            if slow[caller].is_none() {
                slow[caller] = before[callee];
            }
        }
    }
    slow
}

/// Whether function `id` calls into `hashlib` (`hashlib.sha256()`, `md5(...)`).
fn hashes(model: &Model<'_>, id: FuncId) -> bool {
    model
        .calls_in(Some(id))
        .any(|c| c.qualified().is_some_and(|q| q.starts_with("hashlib.")))
}

fn target_is_slow(model: &Model<'_>, target: FuncId, depth: usize) -> bool {
    model
        .calls_in(Some(target))
        .any(|c| !c.in_lambda && slow_call_depth(model, c, depth).is_some())
}

/// Clients of vector and search stores served over the network: every method
/// (`client.delete(collection, ids)`, `client.upsert(...)`) is a request to
/// another process, and takes as long as that service and the network take.
const REMOTE_STORE_CLIENTS: &[&str] = &[
    "qdrant_client.QdrantClient",
    "qdrant_client.AsyncQdrantClient",
    "pymilvus.MilvusClient",
    "chromadb.HttpClient",
    "chromadb.AsyncHttpClient",
    "weaviate.Client",
    "pinecone.Pinecone",
    "elasticsearch.Elasticsearch",
    "opensearchpy.OpenSearch",
    "meilisearch.Client",
    "typesense.Client",
];

/// A method of a remote store's client (see [`REMOTE_STORE_CLIENTS`]), on a
/// name or a `self` attribute bound to one. The same constructors also run
/// embedded stores in the process (`QdrantClient(path=...)` or `":memory:"`,
/// `MilvusClient("./local.db")`): those are left out.
fn remote_store_method(
    model: &Model<'_>,
    scope: Option<FuncId>,
    receiver: &super::model::Receiver,
) -> Option<&'static str> {
    use super::model::{Receiver, Target};
    let remote = |value: &Expr, at: Option<FuncId>| {
        let Expr::Call(c) = value else { return false };
        model
            .resolve(&c.func, at)
            .is_some_and(|q| REMOTE_STORE_CLIENTS.contains(&q.as_str()))
            && !embedded_store(c)
    };
    let found = match receiver {
        Receiver::Name(var) => model
            .assignments_of(scope, var)
            .iter()
            .any(|a| remote(a.value, a.scope)),
        Receiver::SelfAttr(attr) => {
            let class = model.scopes.enclosing_class(scope);
            class.is_some()
                && model.assignments.iter().any(|a| {
                    matches!(&a.target, Target::SelfAttr(n) if n == attr)
                        && model.scopes.enclosing_class(a.scope) == class
                        && remote(a.value, a.scope)
                })
        }
        _ => false,
    };
    found.then_some("calls a remote vector or search store over the network")
}

/// `QdrantClient(path=...)`, `QdrantClient(":memory:")`, `MilvusClient("x.db")`:
/// a store embedded in the process, on a local file or in memory.
fn embedded_store(call: &ruff_python_ast::ExprCall) -> bool {
    let literal = |e: &Expr| match e {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    };
    let args = &call.arguments;
    if args.find_keyword("path").is_some() {
        return true;
    }
    let first = args
        .args
        .first()
        .or_else(|| args.find_keyword("location").map(|k| &k.value))
        .or_else(|| args.find_keyword("uri").map(|k| &k.value));
    first
        .and_then(literal)
        .is_some_and(|v| v == ":memory:" || v.ends_with(".db"))
}

fn bound_to_http_client(model: &Model<'_>, scope: Option<FuncId>, var: &str) -> bool {
    model.assignments_of(scope, var).iter().any(|a| {
        let Expr::Call(c) = a.value else { return false };
        model
            .resolve(&c.func, a.scope)
            .is_some_and(|q| HTTP_CLIENTS.contains(&q.as_str()))
    })
}

/// The text of a call's callee, for messages: `requests.post`, `time.sleep`.
pub fn callee_text<'a>(model: &Model<'a>, call: &Call<'_>) -> &'a str {
    model.slice(call.expr.func.range())
}

/// File deletions: fast one at a time, slow in a loop over many files (or on a
/// network filesystem), so they count only inside a loop of the span.
const DELETIONS: &[&str] = &["os.remove", "os.unlink", "os.rmdir", "os.removedirs"];

/// The first call in `span` of `scope` that a lock must not be held across: slow
/// work (`slow_call`), or file deletions in a loop. With what it does. `held`
/// says whether a call is already under the lock in the code as it is (then it
/// is not the fix's doing and is left to SQF301).
pub fn lock_hostile_call<'m, 'a>(
    model: &'m Model<'a>,
    scope: Option<FuncId>,
    span: ruff_text_size::TextRange,
    body: &[ruff_python_ast::Stmt],
    held: impl Fn(&Call<'_>) -> bool,
) -> Option<(&'m Call<'a>, &'static str)> {
    model.calls_in(scope).find_map(|call| {
        if call.in_lambda || !span.contains_range(call.range()) || held(call) {
            return None;
        }
        if let Some(what) = slow_call(model, call) {
            return Some((call, what));
        }
        let deletes = call.qualified().is_some_and(|q| DELETIONS.contains(&q))
            || matches!(&call.callee, Callee::Method { name, .. } if name == "unlink");
        (deletes && in_loop_within(body, span, call.range()))
            .then_some((call, "deletes files in a loop"))
    })
}

/// Whether `at` lies in a `for`/`while` loop that itself lies inside `span`.
fn in_loop_within(
    body: &[ruff_python_ast::Stmt],
    span: ruff_text_size::TextRange,
    at: ruff_text_size::TextRange,
) -> bool {
    use ruff_python_ast::Stmt;
    body.iter().any(|stmt| {
        if !stmt.range().contains_range(at) {
            return false;
        }
        let is_loop = matches!(stmt, Stmt::For(_) | Stmt::While(_));
        (is_loop && span.contains_range(stmt.range()))
            || super::visit::child_suites(stmt)
                .iter()
                .any(|suite| in_loop_within(suite, span, at))
    })
}

/// Packages whose clients talk to a remote service: a call on an object one of
/// them made (`client = OpenAI()`, `self.tg = TelegramClient(...)`) waits on
/// the network for as long as the service takes.
const REMOTE_CLIENT_PACKAGES: &[&str] = &[
    "openai",
    "anthropic",
    "boto3",
    "botocore",
    "google",
    "googleapiclient",
    "cohere",
    "mistralai",
    "groq",
    "ollama",
    "telethon",
    "pyrogram",
    "tweepy",
    "praw",
    "spotipy",
    "yt_dlp",
    "youtube_dl",
    "aiohttp",
    "httpx",
    "requests",
    "paramiko",
    "ftplib",
    "imaplib",
];

/// What a call waits for that takes far longer than a local write: a network
/// request (an HTTP call, a call on a remote service's client), a subprocess,
/// or a sleep of a second or more (paced::pause). File I/O is left out: a
/// small file is read in microseconds.
/// Only the call itself, not the functions it calls (see [`waits_in`]).
pub fn waits(model: &Model<'_>, call: &Call<'_>) -> Option<&'static str> {
    match slow_call_depth(model, call, 3) {
        // A pause of a second or more; a short one stands for a little work.
        Some("sleeps") if super::paced::pause(model, call) => return Some("sleeps"),
        Some(
            what @ ("makes an HTTP request"
            | "calls a remote vector or search store over the network"
            | "runs a subprocess"
            | "talks to a mail server"
            | "opens a network connection"),
        ) => return Some(what),
        _ => {}
    }
    if let Some(q) = call.qualified() {
        let root = q.split('.').next().unwrap_or("");
        if REMOTE_CLIENT_PACKAGES.contains(&root) && q.contains('.') && !is_constructor(q) {
            return Some("calls a remote service");
        }
    }
    let mut func = &*call.expr.func;
    let mut through_self = false;
    while let Expr::Attribute(a) = func {
        if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") {
            through_self = true;
            break;
        }
        func = &a.value;
    }
    let made_by: Vec<String> = match (func, through_self) {
        (Expr::Attribute(a), true) => model
            .assignments
            .iter()
            .filter(
                |x| matches!(&x.target, super::model::Target::SelfAttr(n) if n == a.attr.as_str()),
            )
            .filter_map(|x| constructor_of(model, x.value, x.scope))
            .collect(),
        (Expr::Name(root), false) if !std::ptr::eq(func, &*call.expr.func) => model
            .assignments_of(call.scope, root.id.as_str())
            .iter()
            .filter_map(|x| constructor_of(model, x.value, x.scope))
            .collect(),
        _ => Vec::new(),
    };
    made_by
        .iter()
        .any(|q| REMOTE_CLIENT_PACKAGES.contains(&q.split('.').next().unwrap_or("")))
        .then_some("calls a remote service")
}

/// The qualified name of what made `value` (`OpenAI(...)` → `openai.OpenAI`).
fn constructor_of(model: &Model<'_>, value: &Expr, scope: Option<FuncId>) -> Option<String> {
    let value = match value {
        Expr::Await(a) => &*a.value,
        other => other,
    };
    let Expr::Call(c) = value else { return None };
    model.resolve(&c.func, scope)
}

/// `openai.OpenAI`, `boto3.client`, `requests.Session`: making a client sends nothing.
fn is_constructor(q: &str) -> bool {
    let last = q.rsplit('.').next().unwrap_or("");
    last.starts_with(|c: char| c.is_ascii_uppercase())
        || matches!(last, "client" | "resource" | "session" | "Session")
}

/// Whether a call of `scope` inside `span` waits ([`waits`]).
pub fn waits_in(
    model: &Model<'_>,
    scope: Option<FuncId>,
    span: ruff_text_size::TextRange,
) -> Option<&'static str> {
    model
        .calls_in(scope)
        .filter(|c| !c.in_lambda && span.contains_range(c.range()))
        .find_map(|c| waits(model, c))
}
