//! How WebKitGTK draws the window on Linux.
//!
//! By default WebKitGTK composites the page's layers with OpenGL. Without a GPU, Mesa emulates
//! OpenGL on the CPU, and that costs more than WebKit painting on the CPU directly: on a machine
//! without one, the first screen reached the display about 300 ms later and the app idled about
//! 60 MiB larger (docs/perf-log.md, "Where the first paint goes"). So where no GPU can be found
//! (no DRM render node), the app turns compositing off; with a GPU it leaves WebKit's choice alone.
//! A user's own `WEBKIT_DISABLE_COMPOSITING_MODE`, set either way, always wins.

use std::ffi::OsStr;
use std::path::Path;

const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What [`choose`] decided, said in the log once the app is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compositing {
    /// The user set the variable: WebKit does as it says.
    AsTheUserSet,
    /// A GPU is there: WebKit composites with it.
    WithTheGpu,
    /// No GPU: WebKit paints on the CPU.
    OffWithoutGpu,
}

impl Compositing {
    pub fn describe(self) -> &'static str {
        match self {
            Self::AsTheUserSet => "WebKit compositing as set by WEBKIT_DISABLE_COMPOSITING_MODE",
            Self::WithTheGpu => "a GPU was found: WebKit composites with it",
            Self::OffWithoutGpu => {
                "no GPU was found: WebKit paints on the CPU, without compositing"
            }
        }
    }
}

/// Decides, and sets the variable for WebKit when compositing should be off. Call it first thing,
/// before any thread starts (the environment is process-wide) and before WebKit is loaded.
pub fn choose() -> Compositing {
    let choice = decide(
        std::env::var_os(VARIABLE).as_deref(),
        has_render_node(Path::new("/dev/dri")),
    );
    if choice == Compositing::OffWithoutGpu {
        std::env::set_var(VARIABLE, "1");
    }
    choice
}

fn decide(user_setting: Option<&OsStr>, gpu: bool) -> Compositing {
    match (user_setting, gpu) {
        (Some(_), _) => Compositing::AsTheUserSet,
        (None, true) => Compositing::WithTheGpu,
        (None, false) => Compositing::OffWithoutGpu,
    }
}

/// A GPU that OpenGL can render with shows as a DRM render node (`/dev/dri/renderD128`, …).
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_setting_wins_either_way() {
        for setting in ["0", "1", ""] {
            assert_eq!(
                decide(Some(OsStr::new(setting)), false),
                Compositing::AsTheUserSet
            );
            assert_eq!(
                decide(Some(OsStr::new(setting)), true),
                Compositing::AsTheUserSet
            );
        }
    }

    #[test]
    fn compositing_stays_with_a_gpu_and_goes_without_one() {
        assert_eq!(decide(None, true), Compositing::WithTheGpu);
        assert_eq!(decide(None, false), Compositing::OffWithoutGpu);
    }

    #[test]
    fn a_render_node_is_what_counts_as_a_gpu() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()), "an empty /dev/dri");
        assert!(!has_render_node(&dir.path().join("missing")), "no /dev/dri");
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(
            !has_render_node(dir.path()),
            "a display-only card renders nothing"
        );
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dir.path()));
    }
}
