//! The report as text, one check a line (or two, with the fix).

use gatehouse_ipc::{CheckStatus, DoctorReport};

/// The report for a terminal or a bug report: `✓`, `✗` or `–`, the check, what it found, and the
/// fix under each failed check.
pub fn render_text(report: &DoctorReport) -> String {
    let mut out = format!("Connection doctor for {}\n", report.url);
    for check in &report.checks {
        let mark = match check.status {
            CheckStatus::Pass => "✓",
            CheckStatus::Fail => "✗",
            CheckStatus::Skipped => "–",
        };
        out.push_str(&format!("{mark} {}: {}\n", check.title, check.found));
        if let Some(fix) = &check.fix {
            out.push_str(&format!("    what to do: {fix}\n"));
        }
    }
    let failed = report
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .count();
    out.push_str(&if failed == 0 {
        "All checks passed.\n".to_string()
    } else {
        format!("{failed} check(s) failed.\n")
    });
    out
}
