//! Whether and when the app looks for updates: at start and then at most once a day, unless the
//! user turned checking off. Kept in `<settings>/updates.json` (no secrets).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// At most one automatic check a day.
pub const CHECK_INTERVAL_SECS: u64 = 24 * 60 * 60;

const FILE: &str = "updates.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePreferences {
    /// Look for updates at start and once a day.
    #[serde(default = "yes")]
    pub check_automatically: bool,
    /// When the last check (automatic or not) finished, in seconds since the Unix epoch.
    #[serde(default)]
    pub last_checked_at: Option<u64>,
}

fn yes() -> bool {
    true
}

impl Default for UpdatePreferences {
    fn default() -> Self {
        Self {
            check_automatically: true,
            last_checked_at: None,
        }
    }
}

impl UpdatePreferences {
    pub fn path(settings_dir: &Path) -> PathBuf {
        settings_dir.join(FILE)
    }

    /// The saved preferences; a missing or damaged file means the defaults (checking on).
    pub fn load(settings_dir: &Path) -> Self {
        std::fs::read_to_string(Self::path(settings_dir))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes through a temporary file and a rename, so a crash never leaves half a file.
    pub fn save(&self, settings_dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(settings_dir)?;
        let path = Self::path(settings_dir);
        let tmp = path.with_extension("json.tmp");
        let json = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, &path)
    }

    /// Whether an automatic check is due at `now` (seconds since the epoch). A clock set back
    /// before the last check makes one due rather than silencing checks until it catches up.
    pub fn check_due(&self, now: u64) -> bool {
        if !self.check_automatically {
            return false;
        }
        match self.last_checked_at {
            None => true,
            Some(last) if last > now => true,
            Some(last) => now - last >= CHECK_INTERVAL_SECS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_at_most_once_a_day_and_never_when_turned_off() {
        let fresh = UpdatePreferences::default();
        assert!(fresh.check_due(1_000_000));

        let checked = UpdatePreferences {
            check_automatically: true,
            last_checked_at: Some(1_000_000),
        };
        assert!(!checked.check_due(1_000_000 + 60));
        assert!(!checked.check_due(1_000_000 + CHECK_INTERVAL_SECS - 1));
        assert!(checked.check_due(1_000_000 + CHECK_INTERVAL_SECS));
        assert!(
            checked.check_due(999_000),
            "a clock set back makes a check due"
        );

        let off = UpdatePreferences {
            check_automatically: false,
            last_checked_at: None,
        };
        assert!(!off.check_due(1_000_000));
    }

    #[test]
    fn saved_preferences_come_back_and_a_damaged_file_means_the_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(
            UpdatePreferences::load(dir.path()),
            UpdatePreferences::default()
        );

        let prefs = UpdatePreferences {
            check_automatically: false,
            last_checked_at: Some(42),
        };
        prefs.save(dir.path()).expect("save");
        assert_eq!(UpdatePreferences::load(dir.path()), prefs);

        std::fs::write(UpdatePreferences::path(dir.path()), "{not json").expect("write");
        assert_eq!(
            UpdatePreferences::load(dir.path()),
            UpdatePreferences::default()
        );
    }
}
