//! A write the same function follows with a restart of the machine
//! (`subprocess.Popen("sleep 300 && reboot", shell=True)`, `os.system("shutdown
//! -r now")`, `subprocess.run(["systemctl", "reboot"])`).
//!
//! A write made once per run is normally not a state file's hazard: the run
//! that tears it fails in front of whoever started it. A write followed by a
//! reboot the program itself asks for is different: the interruption is not a
//! rare crash but the next step, and the file (an updater's version stamp, a
//! device's only configuration) is what the machine reads when it comes back.
//! An `open(p, "w")` leaves the new text in the page cache; on devices that
//! are power-cycled or whose reboot does not sync in time, the file comes back
//! empty or short. So such a write is reported whatever else says it runs
//! once or is read by another program.

use ruff_python_ast::{self as ast, Expr};

use super::model::{Call, Model};

/// Callees that run a shell command or a program.
const RUNNERS: &[&str] = &[
    "os.system",
    "os.popen",
    "subprocess.Popen",
    "subprocess.call",
    "subprocess.run",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
];

/// Whether a call after `call` in its function restarts or powers off the machine.
pub fn machine_restarted_after(model: &Model<'_>, call: &Call<'_>) -> bool {
    let at = call.range().end();
    model.calls_in(call.scope).any(|c| {
        c.scope == call.scope
            && c.range().start() >= at
            && c.qualified().is_some_and(|q| RUNNERS.contains(&q))
            && c.expr
                .arguments
                .args
                .first()
                .is_some_and(|command| restarts(&command_words(command)))
    })
}

/// The words of a command: a string's, or a list's literal items.
fn command_words(command: &Expr) -> Vec<String> {
    let mut words = Vec::new();
    let mut add = |text: &str| {
        words.extend(
            text.split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|'))
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        )
    };
    match command {
        Expr::StringLiteral(s) => add(s.value.to_str()),
        Expr::FString(f) => {
            for element in f.value.elements() {
                if let ruff_python_ast::InterpolatedStringElement::Literal(l) = element {
                    add(&l.value);
                }
            }
        }
        Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
            for item in elts {
                if let Expr::StringLiteral(s) = item {
                    add(s.value.to_str());
                }
            }
        }
        _ => {}
    }
    words
}

/// `reboot`, `poweroff`, `halt`, `systemctl reboot|poweroff|kexec`, `shutdown
/// -r|-h|-P ...`, `init 6`: the machine goes down.
fn restarts(words: &[String]) -> bool {
    let program = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).map(String::as_str);
        match program(w).as_str() {
            "reboot" | "poweroff" | "halt" => true,
            "systemctl" => matches!(next, Some("reboot" | "poweroff" | "halt" | "kexec")),
            "shutdown" => words[i + 1..]
                .iter()
                .any(|a| matches!(a.as_str(), "-r" | "-h" | "-P" | "now" | "--reboot")),
            "init" => matches!(next, Some("0" | "6")),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn restart_commands() {
        assert!(restarts(&words("sleep 300 && reboot")));
        assert!(restarts(&words("/sbin/shutdown -r +1")));
        assert!(restarts(&words("systemctl reboot")));
        assert!(!restarts(&words("systemctl restart nginx")));
        assert!(!restarts(&words("shutdown_hook.sh")));
        assert!(!restarts(&words("echo rebooting")));
    }
}
