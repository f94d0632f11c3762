//! Building checks.

use gatehouse_ipc::{CheckStatus, DoctorCheck};

pub(crate) fn pass(id: &str, title: &str, found: impl Into<String>) -> DoctorCheck {
    DoctorCheck {
        id: id.into(),
        title: title.into(),
        status: CheckStatus::Pass,
        found: found.into(),
        fix: None,
    }
}

pub(crate) fn fail(
    id: &str,
    title: &str,
    found: impl Into<String>,
    fix: impl Into<String>,
) -> DoctorCheck {
    DoctorCheck {
        id: id.into(),
        title: title.into(),
        status: CheckStatus::Fail,
        found: found.into(),
        fix: Some(fix.into()),
    }
}

pub(crate) fn skip(id: &str, title: &str, found: impl Into<String>) -> DoctorCheck {
    DoctorCheck {
        id: id.into(),
        title: title.into(),
        status: CheckStatus::Skipped,
        found: found.into(),
        fix: None,
    }
}
