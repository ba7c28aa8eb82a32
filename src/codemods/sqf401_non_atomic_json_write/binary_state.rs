//! Binary state written in place: a pickle, a marshal dump, a numpy array or a
//! torch object saved into a file opened with `"wb"` (or a compressed pickle
//! written as bytes). A program that loads such a file at its next start to
//! carry on (a cache of computed results, a saved model it resumes) fails on a
//! truncated one as it does on truncated JSON: `pickle.load` raises
//! `EOFError`/`UnpicklingError`, `zlib.decompress` raises `zlib.error`. The
//! reader side (is it read back, does the reader survive a torn file) is the
//! same as for JSON (semantic::file_readers counts these loads as parses).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::semantic::model::{AssignKind, Model};
use crate::semantic::visit;

/// Serializers that take the object and a file: the file's position and keyword.
const DUMP_INTO: &[(&str, usize, &str, &str)] = &[
    ("pickle.dump", 1, "file", "pickle"),
    ("_pickle.dump", 1, "file", "pickle"),
    ("cPickle.dump", 1, "file", "pickle"),
    ("dill.dump", 1, "file", "pickle"),
    ("cloudpickle.dump", 1, "file", "pickle"),
    ("marshal.dump", 1, "file", "marshal"),
    ("joblib.dump", 1, "filename", "joblib"),
    ("numpy.save", 0, "file", "numpy"),
    ("numpy.savez", 0, "file", "numpy"),
    ("numpy.savez_compressed", 0, "file", "numpy"),
    ("torch.save", 1, "f", "torch"),
];

/// Serializers that return bytes.
const DUMPS: &[(&str, &str)] = &[
    ("pickle.dumps", "pickle"),
    ("_pickle.dumps", "pickle"),
    ("cPickle.dumps", "pickle"),
    ("dill.dumps", "pickle"),
    ("cloudpickle.dumps", "pickle"),
    ("marshal.dumps", "marshal"),
];

/// Compressors whose output is as unreadable when cut as what they wrap.
const COMPRESS: &[&str] = &[
    "zlib.compress",
    "gzip.compress",
    "bz2.compress",
    "lzma.compress",
];

/// The format serialized into `handle` in `body` (`pickle.dump(obj, f)`,
/// `np.save(f, arr)`, `f.write(zlib.compress(pickle.dumps(obj)))`), if any.
pub fn dumped_into(
    model: &Model<'_>,
    body: &[Stmt],
    handle: &str,
    scope: Option<usize>,
) -> Option<&'static str> {
    visit::find_call(body, |call| {
        let is_handle = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == handle);
        if let Some(callee) = model.resolve(&call.func, scope)
            && let Some(&(_, position, keyword, format)) =
                DUMP_INTO.iter().find(|(name, ..)| callee == *name)
            && call
                .arguments
                .find_argument_value(keyword, position)
                .is_some_and(is_handle)
        {
            return Some(format);
        }
        match &*call.func {
            Expr::Attribute(attr) if attr.attr.as_str() == "write" && is_handle(&attr.value) => {
                call.arguments
                    .args
                    .first()
                    .and_then(|a| dumps(model, a, scope, 0))
            }
            _ => None,
        }
    })
}

/// Encoders whose output is as unreadable when cut as what they wrap: a
/// session store keeps `base64.encodebytes(pickle.dumps(session))`, and a cut
/// base64 text decodes to a cut pickle (or fails on its padding).
const ENCODE: &[&str] = &[
    "base64.b64encode",
    "base64.encodebytes",
    "base64.encodestring",
    "base64.standard_b64encode",
    "base64.urlsafe_b64encode",
    "base64.b85encode",
];

/// `pickle.dumps(obj)`, `zlib.compress(pickle.dumps(obj))`, a compressed JSON
/// text (`gzip.compress(json.dumps(x).encode())`), a base64 text of one, or a
/// name bound to one; also a project function (or a method of the calling
/// class) whose every returned value is one (`self.encode(session)` where
/// `encode` returns `base64.encodebytes(pickle.dumps(session))`).
pub fn dumps(
    model: &Model<'_>,
    expr: &Expr,
    scope: Option<usize>,
    depth: usize,
) -> Option<&'static str> {
    if depth > 4 {
        return None;
    }
    match expr {
        Expr::Call(call) => {
            let format = std::cell::Cell::new(None);
            if super::json_returns::returns_json_text(model, &call.func, scope, depth, |v, s, d| {
                let found = dumps(model, v, s, d);
                if found.is_some() {
                    format.set(found);
                }
                found.is_some()
            }) {
                return format.get();
            }
            let callee = model.resolve(&call.func, scope)?;
            if let Some(&(_, format)) = DUMPS.iter().find(|(name, _)| callee == *name) {
                return Some(format);
            }
            if COMPRESS.contains(&callee.as_str()) || ENCODE.contains(&callee.as_str()) {
                let inner = call.arguments.args.first()?;
                return dumps(model, inner, scope, depth + 1)
                    .or_else(|| super::is_json_dumps(model, inner, scope).then_some("json"));
            }
            None
        }
        Expr::Name(name) => {
            let a = model.last_assignment(scope, name.id.as_str(), name.start())?;
            // `data = data` would loop; only a plain binding is followed.
            (a.kind == AssignKind::Assign && !a.stmt.range().contains_range(name.range()))
                .then(|| dumps(model, a.value, scope, depth + 1))
                .flatten()
        }
        _ => None,
    }
}
