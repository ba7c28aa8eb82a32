//! `sqlfix --fix --branch NAME [PATH...]`: the fixes, committed on a new branch made
//! from HEAD, without touching the user's branch, index or working tree.
//!
//! The fixes are computed and committed in a temporary `git worktree` checked out
//! at HEAD (so what is committed is HEAD plus the fixes, never the user's
//! uncommitted edits), then the branch is created at that commit and the worktree
//! removed. It refuses, changing nothing, outside a git repository, when NAME
//! exists, when git has no identity (user.name, user.email) to commit with,
//! and when a file it would change has uncommitted changes (the fix was
//! computed on the committed text, which the user has since edited). Git hooks do
//! not run in the temporary worktree.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use super::CheckArgs;
use super::fixes::{Outcome, print_problems, write_fixes};
use crate::fix::Applicability;
use crate::report::text::plural;
use crate::run::{self, Options};
use crate::settings::Settings;
use crate::settings::resolve::{Overrides, Resolver, normalize};

/// Runs git in `dir`; its trimmed stdout, or its first line of stderr.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_string())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let line = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("failed")
            .trim_start_matches("fatal: ")
            .trim_start_matches("error: ")
            .to_string();
        Err(format!(
            "git {}: {line}",
            args.first().copied().unwrap_or("")
        ))
    }
}

/// Removes the temporary worktree however the run ends.
struct Worktree {
    repo: PathBuf,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Worktree {
    fn drop(&mut self) {
        let path = self.path.to_string_lossy().into_owned();
        let _ = git(&self.repo, &["worktree", "remove", "--force", &path]);
        let _ = git(&self.repo, &["worktree", "prune"]);
    }
}

/// Refuses before any work when git cannot commit for want of a name or email:
/// git's own refusal is a dozen lines at the very end of the run.
fn check_identity(cwd: &Path) -> Result<(), String> {
    for var in ["GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"] {
        if git(cwd, &["var", var]).is_err() {
            return Err(
                "--branch makes a commit and git has no identity to sign it; set one with \
                 `git config --global user.name \"Your Name\"` and \
                 `git config --global user.email you@example.com` (nothing was changed)"
                    .to_string(),
            );
        }
    }
    Ok(())
}

pub fn run(
    name: &str,
    args: &CheckArgs,
    paths: &[PathBuf],
    resolver: &Arc<Resolver>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, String> {
    let cwd = resolver.cwd().to_path_buf();
    let top = git(&cwd, &["rev-parse", "--show-toplevel"])
        .map(PathBuf::from)
        .map_err(|_| "--branch needs a git repository, and this is not inside one".to_string())?;
    let top = normalize(&std::fs::canonicalize(&top).unwrap_or(top));
    git(&cwd, &["check-ref-format", "--branch", name])
        .map_err(|_| format!("`{name}` is not a valid branch name"))?;
    if git(
        &cwd,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("refs/heads/{name}"),
        ],
    )
    .is_ok()
    {
        return Err(format!(
            "branch `{name}` already exists; nothing was changed"
        ));
    }
    let head = git(&cwd, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        .map_err(|_| "HEAD has no commit yet; --branch starts from HEAD".to_string())?;
    check_identity(&cwd)?;
    let current = git(&cwd, &["symbolic-ref", "--short", "-q", "HEAD"])
        .unwrap_or_else(|_| format!("detached HEAD at {}", &head[..head.len().min(7)]));

    // Paths as the worktree sees them.
    let real_cwd = normalize(&std::fs::canonicalize(&cwd).unwrap_or(cwd.clone()));
    let prefix = real_cwd
        .strip_prefix(&top)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut relative = Vec::new();
    for path in paths {
        let abs = normalize(&real_cwd.join(path));
        let abs = std::fs::canonicalize(&abs)
            .map(|p| normalize(&p))
            .unwrap_or(abs);
        let rel = abs.strip_prefix(&top).map_err(|_| {
            format!(
                "{} is outside the repository at {}",
                crate::diff::display_path(path),
                top.display()
            )
        })?;
        relative.push(rel.to_path_buf());
    }

    let dir = tempfile::Builder::new()
        .prefix("sqlfix-branch-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let wt_path = dir.path().join("worktree");
    let wt_arg = wt_path.to_string_lossy().into_owned();
    git(
        &top,
        &[
            "-c",
            "core.hooksPath=/dev/null",
            "worktree",
            "add",
            "--quiet",
            "--detach",
            &wt_arg,
            &head,
        ],
    )?;
    let worktree = Worktree {
        repo: top.clone(),
        path: wt_path.clone(),
        _dir: dir,
    };

    // The fixes, computed on HEAD's files with the same options. A --config given
    // on the command line stays the user's file.
    let mut overrides: Overrides = resolver.overrides().clone();
    if let Some(config) = &overrides.config {
        overrides.config = Some(normalize(&cwd.join(config)));
    }
    let wt_cwd = wt_path.join(&prefix);
    let wt_resolver = Arc::new(Resolver::new(&wt_cwd, overrides)?);
    let wt_paths: Vec<PathBuf> = relative.iter().map(|r| wt_path.join(r)).collect();
    let options = Options {
        fix: Some(Applicability::Safe),
        resolver: Some(wt_resolver),
        project_context: true,
        ..Options::simple(wt_paths, Settings::default(), crate::rules::all())
    };
    let result = run::run(&options);
    if let Some(e) = result.config_error {
        return Err(e);
    }
    let mut outcome = Outcome {
        failed: print_problems(&result, err)?,
        ..Outcome::default()
    };
    // Compute what would change before writing anything, to refuse cleanly.
    let changed: Vec<String> = result
        .files
        .iter()
        .filter(|f| f.fixed.as_ref().is_some_and(|x| x.text != f.source.text))
        .filter_map(|f| {
            let abs = normalize(&f.source.path);
            let rel = abs.strip_prefix(&wt_path).ok()?;
            Some(crate::diff::forward_slashes(rel))
        })
        .collect();
    if changed.is_empty() {
        let remaining: usize = result.files.iter().map(|f| f.findings.len()).sum();
        writeln!(
            out,
            "Nothing to fix; branch `{name}` was not created ({remaining} findings remain)."
        )
        .map_err(|e| e.to_string())?;
        outcome.findings_remain = remaining > 0;
        return Ok(outcome.exit_code(args));
    }
    let mut status_args = vec!["status", "--porcelain", "--"];
    status_args.extend(changed.iter().map(String::as_str));
    let dirty = git(&top, &status_args)?;
    if !dirty.is_empty() {
        let files: Vec<&str> = dirty.lines().map(|l| l.get(3..).unwrap_or(l)).collect();
        return Err(format!(
            "{} {} uncommitted changes; commit or stash them first (nothing was changed)",
            files.join(", "),
            if files.len() == 1 { "has" } else { "have" }
        ));
    }

    let written = write_fixes(&result, err)?;
    outcome.failed |= written.failed;
    if written.failed {
        return Err(
            "some fixes could not be written in the temporary worktree; nothing was committed"
                .to_string(),
        );
    }
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_file: Vec<(String, Vec<&str>)> = Vec::new();
    for (path, fixes) in &written.applied {
        let rel = Path::new(path)
            .strip_prefix(&wt_path)
            .map(crate::diff::forward_slashes)
            .unwrap_or_else(|_| path.clone());
        let mut ids: Vec<&str> = fixes.iter().map(|f| f.id).collect();
        for id in &ids {
            *by_rule.entry(id).or_default() += 1;
        }
        ids.sort_unstable();
        ids.dedup();
        by_file.push((rel, ids));
    }
    let total: usize = by_rule.values().sum();
    let mut message = format!(
        "sqlfix: fix SQLite concurrency hazards ({})\n\nApplied by `sqlfix --fix --branch {name}` on {}.\n\nCodemods:\n",
        plural(total, "fix", "fixes"),
        &head[..head.len().min(12)]
    );
    for (id, count) in &by_rule {
        let rule_name = crate::rules::by_id(id).map_or("", |r| r.meta().name.as_str());
        message.push_str(&format!(
            "- {id} {rule_name}: {}\n",
            plural(*count, "fix", "fixes")
        ));
    }
    message.push_str("\nFiles:\n");
    for (file, ids) in &by_file {
        message.push_str(&format!("- {file}: {}\n", ids.join(", ")));
    }
    let mut add_args = vec!["add", "--"];
    add_args.extend(changed.iter().map(String::as_str));
    git(&wt_path, &add_args)?;
    git(
        &wt_path,
        &[
            "-c",
            "core.hooksPath=/dev/null",
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            &message,
        ],
    )?;
    let commit = git(&wt_path, &["rev-parse", "HEAD"])?;
    git(&top, &["branch", name, &commit])?;
    drop(worktree);

    let remaining: usize = written.remaining.iter().map(|(_, _, f)| f.len()).sum();
    outcome.findings_remain = remaining > 0;
    outcome.files_changed = true;
    let mut text = format!(
        "Committed {} in {} to branch `{name}` ({}); still on {current}, working tree untouched.\n",
        plural(total, "fix", "fixes"),
        plural(by_file.len(), "file", "files"),
        &commit[..commit.len().min(7)]
    );
    for (file, ids) in &by_file {
        text.push_str(&format!("  {file}: {}\n", ids.join(", ")));
    }
    text.push_str(&format!(
        "Review it with `git diff {current_ref}...{name}`; {remaining} findings remain.\n",
        current_ref = if current.starts_with("detached") {
            "HEAD"
        } else {
            &current
        }
    ));
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(outcome.exit_code(args))
}
