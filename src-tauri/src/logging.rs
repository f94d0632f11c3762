//! The app's log, written by tauri-plugin-log (stdout and the platform's log folder).
//!
//! The core libraries log with `tracing` (keychain fallbacks, history write failures, sessions
//! that end). The app installs no tracing subscriber; tracing's `log` feature then hands every
//! event to the `log` crate, so they land in the same log as the shell's own lines.

use tauri::plugin::TauriPlugin;

pub fn plugin<R: tauri::Runtime>() -> TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .level(log::LevelFilter::Info)
        // rmcp logs request details at debug level; keep the log free of anything sensitive.
        .level_for("rmcp", log::LevelFilter::Warn)
        .build()
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    struct Capture(Mutex<Vec<(log::Level, String, String)>>);

    impl log::Log for Capture {
        fn enabled(&self, _: &log::Metadata) -> bool {
            true
        }
        fn log(&self, record: &log::Record) {
            self.0.lock().unwrap().push((
                record.level(),
                record.target().to_string(),
                record.args().to_string(),
            ));
        }
        fn flush(&self) {}
    }

    static CAPTURE: Capture = Capture(Mutex::new(Vec::new()));

    #[test]
    fn the_cores_tracing_events_reach_the_app_log() {
        log::set_logger(&CAPTURE).expect("the only logger in this test binary");
        log::set_max_level(log::LevelFilter::Trace);
        tracing::warn!(target: "gatehouse_auth::secrets", error = "locked", "keychain unavailable");
        let seen = CAPTURE.0.lock().unwrap().clone();
        assert!(
            seen.iter()
                .any(|(level, target, message)| *level == log::Level::Warn
                    && target == "gatehouse_auth::secrets"
                    && message.contains("keychain unavailable")
                    && message.contains("locked")),
            "{seen:?}"
        );
    }
}
