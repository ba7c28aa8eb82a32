//! Functions that run only when a person asks: chat-bot commands, and the hooks
//! that run once when a program or a plugin starts.
//!
//! This is write-rate evidence. A command runs when someone types it (a few
//! times a minute in a busy server, each query a few milliseconds); an event
//! listener (`on_message`, `on_reaction_add`, `on_member_join`), a periodic task
//! or a web route runs at the rate of the traffic, in bursts. A database touched
//! only by the first kind meets no burst writer: Python's 5 s busy wait
//! (F-busy-default) serializes the rare overlap.

use ruff_python_ast::{self as ast, Expr};

use super::model::Model;
use super::scopes::FuncId;

/// Decorators that register a function as a command a person invokes:
/// discord.py / Red (`@commands.command`, `@commands.hybrid_command`,
/// `@commands.group`, `@group.command`, `@app_commands.command`), and their forks.
const COMMAND_DECORATORS: &[&str] = &[
    "command",
    "hybrid_command",
    "group",
    "hybrid_group",
    "slash_command",
    "user_command",
    "message_command",
    "subcommand",
];

/// Hooks that run once, when the program or a plugin (cog) starts or stops.
const ONCE_HOOKS: &[&str] = &["__init__", "cog_load", "cog_unload", "setup_hook"];

/// Decorators that let only a server's administrators, moderators or the bot's
/// owner run a command (discord.py, Red).
const PERMISSION_CHECKS: &[&str] = &[
    "has_permissions",
    "has_guild_permissions",
    "is_owner",
    "has_role",
    "has_any_role",
    "admin",
    "admin_or_permissions",
    "mod_or_permissions",
    "guildowner",
    "guildowner_or_permissions",
    "is_admin",
    "default_permissions",
];

/// Whether `scope` runs only as a command a person invokes or a once-only hook,
/// directly or because every call to it in its module comes from one.
pub fn person_paced(model: &Model<'_>, scope: FuncId) -> bool {
    paced(model, scope, is_command, &mut Vec::new())
}

/// Like [`person_paced`], for commands only administrators may run: a handful
/// of people, so two runs on the same rows at the same moment need two of them.
pub fn admin_paced(model: &Model<'_>, scope: FuncId) -> bool {
    paced(
        model,
        scope,
        |def| is_command(def) && permission_checked(def),
        &mut Vec::new(),
    )
}

fn paced(
    model: &Model<'_>,
    scope: FuncId,
    base: fn(&ast::StmtFunctionDef) -> bool,
    seen: &mut Vec<FuncId>,
) -> bool {
    let function = model.scopes.function(scope);
    if base(function.def) || ONCE_HOOKS.contains(&function.name()) {
        return true;
    }
    // A helper: every use of its name must be a call from such a function. A
    // name used any other way (a callback handed to a loop or a listener
    // registry) may run at any rate.
    if seen.contains(&scope) || seen.len() > 8 {
        return false;
    }
    seen.push(scope);
    let name = function.name();
    let callers: Vec<FuncId> = model
        .calls_named(name)
        .filter(|c| calls_function(model, c, scope))
        .filter_map(|c| c.scope)
        .collect();
    let paced = !callers.is_empty()
        && model.uses_of_name(name) == callers.len()
        && callers.iter().all(|&c| paced(model, c, base, seen));
    seen.pop();
    paced
}

/// `self.name(...)` in the same class, or `name(...)` for a module function.
fn calls_function(model: &Model<'_>, call: &super::model::Call<'_>, target: FuncId) -> bool {
    let function = model.scopes.function(target);
    let name = function.name();
    match &*call.expr.func {
        Expr::Attribute(attr) if attr.attr.as_str() == name => {
            matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self")
                && function.class.is_some()
                && model.scopes.enclosing_class(call.scope) == function.class
        }
        Expr::Name(n) if n.id.as_str() == name => {
            function.class.is_none() && function.parent.is_none()
        }
        _ => false,
    }
}

fn permission_checked(def: &ast::StmtFunctionDef) -> bool {
    def.decorator_list.iter().any(|d| {
        let expr = match &d.expression {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        let name = match expr {
            Expr::Attribute(a) => a.attr.as_str(),
            Expr::Name(n) => n.id.as_str(),
            _ => return false,
        };
        PERMISSION_CHECKS.contains(&name)
    })
}

fn is_command(def: &ast::StmtFunctionDef) -> bool {
    def.decorator_list.iter().any(|d| {
        let expr = match &d.expression {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        matches!(expr, Expr::Attribute(a) if COMMAND_DECORATORS.contains(&a.attr.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use crate::semantic::Model;
    use std::path::Path;

    fn uses(text: &str, name: &str) -> usize {
        let parsed = crate::check::parse(text).unwrap();
        let model = Model::build(Path::new("m.py"), text, parsed.suite(), parsed.tokens());
        model.uses_of_name(name)
    }

    #[test]
    fn counts_uses_not_the_definition_nor_longer_names() {
        let text = "async def init_db(self):\n    pass\nawait self.init_db()\nx = init_db_path\n";
        assert_eq!(uses(text, "init_db"), 1);
        let text = "def save():\n    pass\nloop.call_soon(save)\nsave()\n";
        assert_eq!(uses(text, "save"), 2);
    }
}
