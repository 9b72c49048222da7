//! The options page: thresholds, reminders, the export redaction default,
//! import of a JSON export, chain verification, and deleting all data
//! (after a confirmation and an offer to export first).

use super::{button, el, El};
use crate::core::ledger::Settings;

fn number(id: &'static str, label: &str, value: i64, unit: &str, min: i64) -> El {
    el("p")
        .child(el("label").attr("for", id).text(format!("{label} ({unit}) ")))
        .child(
            el("input")
                .attr("type", "number")
                .attr("id", id)
                .attr("min", min.to_string())
                .attr("step", "1")
                .attr("value", value.to_string()),
        )
}

fn checkbox(id: &'static str, label: &str, on: bool) -> El {
    let mut cb = el("input").attr("type", "checkbox").attr("id", id);
    if on {
        cb = cb.attr("checked", "");
    }
    el("p").child(el("label").child(cb).text(format!(" {label}")))
}

#[inline(never)]
pub fn view(s: Option<&Settings>, error: Option<&str>) -> El {
    let mut root = el("div").class("options").child(el("h1").text("revoke-watch options"));
    if let Some(e) = error {
        root = root.child(el("p").class("error").attr("role", "alert").text(format!("{e}.")));
    }
    if let Some(s) = s {
        root = root.child(
            el("section")
                .child(el("h2").text("Watching"))
                .child(number(
                    "grace-min",
                    "Grace period before a still-listed revocation is flagged",
                    s.grace_ms / 60_000,
                    "minutes",
                    0,
                ))
                .child(number(
                    "skew-min",
                    "Clock-skew tolerance",
                    s.skew_ms / 60_000,
                    "minutes",
                    0,
                ))
                .child(number(
                    "window-h",
                    "Watch window before a revocation is verified",
                    s.watch_window_ms / 3_600_000,
                    "hours",
                    1,
                ))
                .child(checkbox(
                    "reminders",
                    "Remind me to re-check after a revocation (1 hour, 1 day, 3 days, end of the window)",
                    s.reminders,
                ))
                .child(checkbox(
                    "redact-default",
                    "Mask labels, places and addresses in exports by default",
                    s.redact_exports,
                ))
                .child(button("Save", "save-settings")),
        );
        root = root.child(
            el("section")
                .child(el("h2").text("Import"))
                .child(el("p").text("Merge a JSON export (for example from another browser). A file that is not a valid, unbroken revoke-watch timeline is refused and changes nothing; importing the same file twice adds nothing."))
                .child(el("input").attr("type", "file").attr("id", "import-file").attr("accept", ".json,application/json"))
                .child(button("Import", "import")),
        );
        root = root.child(
            el("section")
                .child(el("h2").text("Integrity"))
                .child(el("p").text("Every recorded event is chained with SHA-256; verifying recomputes the chain."))
                .child(button("Verify the ledger", "verify")),
        );
    }
    root.child(
        el("section")
            .child(el("h2").text("Your data"))
            .child(el("p").text("Everything revoke-watch knows stays in this browser. Deleting it cannot be undone; you will be offered a JSON export first."))
            .child(button("Export raw data", "export-raw"))
            .child(button("Delete all data", "delete-all").class("danger")),
    )
    .child(el("p").class("status-line").attr("role", "status").attr("id", "status-line"))
}
