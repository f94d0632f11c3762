//! The desktop shell: plugins, state and the command router. Everything else lives in the
//! libraries under src-tauri/crates.

mod commands;
mod events;
mod links;
mod navigation;
mod state;

use tauri::Manager;
use tauri_plugin_deep_link::DeepLinkExt;

pub use state::AppState;

pub fn run() {
    let app = tauri::Builder::default()
        // Must come first: a second launch (the OS handing over a login link) is forwarded here.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(navigation::guard())
        .plugin(tauri_plugin_opener::init())
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                // rmcp logs request details at debug level; keep the log free of anything sensitive.
                .level_for("rmcp", log::LevelFilter::Warn)
                .build(),
        )
        .setup(|app| {
            let state = AppState::new(app.handle().clone());
            app.manage(state);
            #[cfg(any(windows, target_os = "linux"))]
            {
                // Development builds are not installed, so register the scheme for this user.
                if let Err(e) = app.deep_link().register_all() {
                    log::warn!("could not register the dev.gatehouse.app scheme: {e}");
                }
            }
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                for url in event.urls() {
                    links::handle(&handle, url.as_str());
                }
            });
            // A cold start by link: the URL is this process's own argument.
            if let Ok(Some(urls)) = app.deep_link().get_current() {
                for url in urls {
                    links::handle(app.handle(), url.as_str());
                }
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Gatehouse could not start: {e}");
            std::process::exit(1);
        }
    }
}
