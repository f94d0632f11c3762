//! How this copy of Gatehouse gets its updates.

/// Who installs a newer version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateRoute {
    /// The app downloads, verifies and installs it (the dmg's app, the msi and the setup.exe).
    InApp,
    /// Installed from a .deb or .rpm: apt or dnf installs newer packages, the app does not
    /// replace files its package manager owns.
    PackageManager,
    /// A development build (`cargo run`, `make run`, tests): not installed, nothing to update.
    Development,
}

impl UpdateRoute {
    /// The route for a build for `target_os` (`std::env::consts::OS`).
    pub fn for_build(target_os: &str, debug_build: bool) -> Self {
        if debug_build {
            Self::Development
        } else if target_os == "macos" || target_os == "windows" {
            Self::InApp
        } else {
            Self::PackageManager
        }
    }

    /// The route of the running binary.
    pub fn current() -> Self {
        Self::for_build(std::env::consts::OS, cfg!(debug_assertions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installers_update_in_the_app_linux_packages_through_their_manager() {
        assert_eq!(UpdateRoute::for_build("macos", false), UpdateRoute::InApp);
        assert_eq!(UpdateRoute::for_build("windows", false), UpdateRoute::InApp);
        assert_eq!(
            UpdateRoute::for_build("linux", false),
            UpdateRoute::PackageManager
        );
        assert_eq!(
            UpdateRoute::for_build("macos", true),
            UpdateRoute::Development
        );
        assert_eq!(
            UpdateRoute::for_build("linux", true),
            UpdateRoute::Development
        );
    }
}
