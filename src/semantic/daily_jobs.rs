//! Functions a scheduler runs at most once a day: a connection such a job
//! leaves to the garbage collector costs one file handle a day, not a pile-up,
//! and it holds no lock another writer waits for (SQF202 leaves it alone, as
//! it does start-up code).
//!
//! Registrations read in the module that makes them, with the job named by
//! its function:
//! - `schedule.every().day.at("09:00").do(job)`, `every().monday...`,
//!   `every(2).days`, `every().week`;
//! - APScheduler `add_job(job, "cron", hour=9)` (or `@sched.scheduled_job(
//!   "cron", hour=9)`): a cron trigger whose `hour` is one fixed hour and whose
//!   `minute` is fixed or absent; `add_job(job, "interval", days=1)` or `weeks=`;
//! - `@aiocron.crontab("0 9 * * 1-5")`: a cron line with a fixed minute and hour.

use ruff_python_ast::Expr;

use super::model::Model;
use super::scopes::FuncId;

const PERIODS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether function `scope` is a job the module schedules at most once a day.
pub fn runs_daily(model: &Model<'_>, scope: Option<FuncId>) -> bool {
    let Some(id) = scope else {
        return false;
    };
    let function = model.scopes.function(id);
    if function.parent.is_some() || function.class.is_some() {
        return false;
    }
    let name = function.name();
    let decorated = function
        .def
        .decorator_list
        .iter()
        .any(|d| match &d.expression {
            Expr::Call(c) => daily_decorator(model, c),
            _ => false,
        });
    // Only `.do(...)` and `add_job(...)` register a job: looked up by name,
    // not a scan of every call per connection site.
    decorated
        || ["do", "add_job"]
            .iter()
            .flat_map(|method| model.calls_named(method))
            .any(|c| {
                c.expr
                    .arguments
                    .args
                    .first()
                    .is_some_and(|a| matches!(a, Expr::Name(n) if n.id.as_str() == name))
                    && daily_registration(model, c.expr)
            })
}

/// `<every chain>.do(job)` or `add_job(job, ...)` with a daily or weekly period.
fn daily_registration(model: &Model<'_>, call: &ruff_python_ast::ExprCall) -> bool {
    let Expr::Attribute(attr) = &*call.func else {
        return false;
    };
    match attr.attr.as_str() {
        "do" => every_chain_is_daily(&attr.value),
        "add_job" => trigger_is_daily(model, call, 1),
        _ => false,
    }
}

/// `schedule.every().day.at("09:00")`: an attribute of the chain names a day or a week.
fn every_chain_is_daily(expr: &Expr) -> bool {
    let mut expr = expr;
    let mut daily = false;
    let mut every = false;
    loop {
        match expr {
            Expr::Call(c) => {
                if let Expr::Attribute(a) = &*c.func
                    && a.attr.as_str() == "every"
                {
                    every = true;
                }
                expr = &c.func;
            }
            Expr::Attribute(a) => {
                daily |= PERIODS.contains(&a.attr.as_str());
                if a.attr.as_str() == "every" {
                    every = true;
                }
                expr = &a.value;
            }
            Expr::Name(n) => {
                every |= n.id.as_str() == "every";
                break;
            }
            _ => break,
        }
    }
    every && daily
}

/// The trigger of `add_job(job, "cron", hour=9)` or `scheduled_job("cron",
/// hour=9)`; `at` is where the trigger name sits among the positional arguments.
fn trigger_is_daily(model: &Model<'_>, call: &ruff_python_ast::ExprCall, at: usize) -> bool {
    let args = &call.arguments;
    let trigger = args
        .find_keyword("trigger")
        .map(|k| &k.value)
        .or_else(|| args.args.get(at));
    let Some(Expr::StringLiteral(trigger)) = trigger else {
        return false;
    };
    let fixed = |key: &str| {
        args.find_keyword(key).is_some_and(|k| match &k.value {
            Expr::NumberLiteral(_) => true,
            Expr::StringLiteral(s) => {
                let v = s.value.to_str();
                !v.is_empty() && v.chars().all(|c| c.is_ascii_digit())
            }
            _ => false,
        })
    };
    let _ = model;
    match trigger.value.to_str() {
        "cron" => {
            fixed("hour")
                && (args.find_keyword("minute").is_none() || fixed("minute"))
                && args.find_keyword("second").is_none_or(|_| fixed("second"))
        }
        "interval" => {
            (args.find_keyword("days").is_some() || args.find_keyword("weeks").is_some())
                && ["hours", "minutes", "seconds"]
                    .iter()
                    .all(|k| args.find_keyword(k).is_none())
        }
        _ => false,
    }
}

/// `@sched.scheduled_job("cron", hour=9)`, `@aiocron.crontab("0 9 * * *")`.
fn daily_decorator(model: &Model<'_>, call: &ruff_python_ast::ExprCall) -> bool {
    let Expr::Attribute(attr) = &*call.func else {
        return false;
    };
    match attr.attr.as_str() {
        "scheduled_job" => trigger_is_daily(model, call, 0),
        "crontab" => call.arguments.args.first().is_some_and(|a| {
            let Expr::StringLiteral(s) = a else {
                return false;
            };
            let fields: Vec<&str> = s.value.to_str().split_whitespace().collect();
            fields.len() >= 5
                && fields[..2]
                    .iter()
                    .all(|f| f.chars().all(|c| c.is_ascii_digit()))
        }),
        _ => false,
    }
}
