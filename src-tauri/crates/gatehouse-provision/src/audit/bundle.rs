//! Which bundle the Worker runs, as it says itself (the `gatehouse-bundle` and `gatehouse-version`
//! headers of its answers): the one this Gatehouse ships, an older one (Update the server), or one a
//! newer Gatehouse uploaded (update Gatehouse instead).

use gatehouse_ipc::{AuditArea, AuditFinding, AuditFix};

use super::live::LiveReport;
use super::Finding;
use crate::bundle::{WorkerBundle, GATEHOUSE_VERSION};

/// How the Worker's bundle relates to the one this Gatehouse ships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleRelation {
    /// The same bundle.
    Current,
    /// An older one: from an older Gatehouse (or one from before Workers said which bundle they run).
    Older,
    /// Another build of this same version.
    OtherBuild,
    /// Uploaded by a newer Gatehouse.
    Newer,
}

/// How a Worker that says `live` (fingerprint) and `live_version` relates to what this Gatehouse ships.
pub fn bundle_relation(
    shipped: &str,
    live: Option<&str>,
    live_version: Option<&str>,
) -> BundleRelation {
    match (live, live_version) {
        (Some(live), _) if live == shipped => BundleRelation::Current,
        (None, _) | (_, None) => BundleRelation::Older,
        (Some(_), Some(version)) => match compare_versions(version, GATEHOUSE_VERSION) {
            std::cmp::Ordering::Less => BundleRelation::Older,
            std::cmp::Ordering::Equal => BundleRelation::OtherBuild,
            std::cmp::Ordering::Greater => BundleRelation::Newer,
        },
    }
}

/// Compares dotted versions number by number (`0.10.0` after `0.9.3`); a pre-release suffix
/// (`-beta.1`) sorts before the release.
fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> (Vec<u64>, bool) {
        let (core, pre) = match v.split_once('-') {
            Some((core, _)) => (core, true),
            None => (v, false),
        };
        let core = core.split_once('+').map_or(core, |(c, _)| c);
        (
            core.split('.').map(|p| p.parse().unwrap_or(0)).collect(),
            pre,
        )
    };
    let ((a, a_pre), (b, b_pre)) = (parts(a), parts(b));
    a.cmp(&b).then(b_pre.cmp(&a_pre))
}

pub(super) fn check(bundle: &WorkerBundle, live: &LiveReport) -> AuditFinding {
    let f = Finding::new(
        "worker.bundle",
        AuditArea::Worker,
        "Worker runs the bundle this Gatehouse ships",
    );
    if !live.answered {
        return f.skip("Not checked: the Worker did not answer.");
    }
    let shipped = bundle.fingerprint();
    let facts = vec![
        format!("This Gatehouse ships {shipped} (version {GATEHOUSE_VERSION})"),
        match (&live.bundle, &live.version) {
            (Some(b), Some(v)) => format!("The Worker runs {b} (uploaded by version {v})"),
            (Some(b), None) => format!("The Worker runs {b}"),
            _ => "The Worker does not say which bundle it runs".to_string(),
        },
    ];
    let f = f.facts(facts);
    let update = "Update the server: it uploads this Gatehouse's bundle in place, keeping secrets, stored logins and Durable Object data.";
    match bundle_relation(&shipped, live.bundle.as_deref(), live.version.as_deref()) {
        BundleRelation::Current => f.pass(format!("It runs {shipped}.")),
        BundleRelation::Older => f.fail(
            "The Worker runs an older bundle than this Gatehouse ships.",
            update,
            Some(AuditFix::UpdateServer),
        ),
        BundleRelation::OtherBuild => f.fail(
            format!("The Worker runs another build of version {GATEHOUSE_VERSION}."),
            update,
            Some(AuditFix::UpdateServer),
        ),
        BundleRelation::Newer => f.fail(
            format!(
                "A newer Gatehouse (version {}) uploaded the Worker.",
                live.version.as_deref().unwrap_or("?")
            ),
            "Update Gatehouse on this computer rather than the server: uploading this older bundle would take the server back.",
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_is_current_older_or_newer() {
        assert_eq!(
            bundle_relation("abc", Some("abc"), Some("0.0.1")),
            BundleRelation::Current
        );
        assert_eq!(bundle_relation("abc", None, None), BundleRelation::Older);
        assert_eq!(
            bundle_relation("abc", Some("def"), Some("0.0.1")),
            BundleRelation::Older
        );
        assert_eq!(
            bundle_relation("abc", Some("def"), Some(GATEHOUSE_VERSION)),
            BundleRelation::OtherBuild
        );
        assert_eq!(
            bundle_relation("abc", Some("def"), Some("999.0.0")),
            BundleRelation::Newer
        );
        assert_eq!(
            compare_versions("0.10.0", "0.9.3"),
            std::cmp::Ordering::Greater
        );
        assert_eq!(
            compare_versions("1.0.0-beta.1", "1.0.0"),
            std::cmp::Ordering::Less
        );
    }
}
