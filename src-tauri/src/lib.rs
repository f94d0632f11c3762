//! The desktop shell: plugins, state and the command router. Everything else lives in the
//! libraries under src-tauri/crates.

mod commands;
mod events;
mod links;
mod logging;
mod menu;
mod navigation;
#[cfg(target_os = "linux")]
mod rendering;
mod state;
pub mod updates;

use std::sync::Arc;

use tauri::Manager;

pub use state::AppState;

pub fn run() {
    #[cfg(target_os = "linux")]
    let compositing = rendering::choose();
    let app = tauri::Builder::default()
        // The links wait in the inbox until the window listens (see links.rs); it exists before
        // any plugin can hand one over.
        .manage(links::LinkInbox::default())
        // Must come first: a second launch (the OS handing over a login link) is forwarded here.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_focus();
            }
            // Windows and Linux start a new process with the link as its argument.
            #[cfg(not(target_os = "macos"))]
            for link in links::in_args(argv.iter().skip(1)) {
                links::receive(app, link);
            }
            #[cfg(target_os = "macos")]
            let _ = argv;
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(navigation::guard())
        .plugin(tauri_plugin_opener::init())
        // The save and folder dialogs, opened from Rust only: no dialog permission is granted to the window.
        .plugin(tauri_plugin_dialog::init())
        .plugin(logging::plugin())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::handle(app, event.id().as_ref()))
        // The start-up's steps, in the log for `make bench-app` to time the first paint's parts.
        .on_page_load(|_, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => log::info!("start-up: page load started"),
            tauri::webview::PageLoadEvent::Finished => log::info!("start-up: page loaded"),
        })
        .setup(move |app| {
            log::info!("start-up: window made");
            #[cfg(target_os = "linux")]
            log::info!("rendering: {}", compositing.describe());
            let state = AppState::new(app.handle().clone());
            app.manage(state);
            let updates = Arc::new(updates::Updates::new(
                gatehouse_mcp::Explorer::default_dir(),
                gatehouse_update::UpdateRoute::current(),
                app.package_info().version.to_string(),
            ));
            app.manage(updates.clone());
            updates::Updates::start_background_checks(app.handle().clone(), updates);
            // The installers register the link scheme (Info.plist, the msi's and setup.exe's
            // registry keys, the .desktop file). At run time only on Linux (a per-user handler
            // that also covers `make run`) and in Windows debug builds: a per-user registry key
            // written by a release build would outlive an msi uninstall.
            // On Linux that runs `update-desktop-database` and `xdg-mime`: off the start-up path,
            // so the window does not wait for them.
            #[cfg(any(target_os = "linux", all(windows, debug_assertions)))]
            {
                use tauri_plugin_deep_link::DeepLinkExt;
                let handle = app.handle().clone();
                std::thread::spawn(move || {
                    if let Err(e) = handle.deep_link().register_all() {
                        log::warn!("could not register the dev.gatehouse.app scheme: {e}");
                    }
                });
            }
            // A cold start by link on Windows and Linux: the link is this process's own argument.
            // Read here rather than from the deep-link plugin, which passes on only a lone,
            // well-formed argument: a damaged link must be refused with a message, not ignored.
            #[cfg(not(target_os = "macos"))]
            for link in links::in_args(
                std::env::args_os()
                    .skip(1)
                    .map(|a| a.to_string_lossy().into_owned()),
            ) {
                links::receive(app.handle(), link);
            }
            // macOS hands links over as events, the one that started the app included.
            #[cfg(target_os = "macos")]
            {
                use tauri_plugin_deep_link::DeepLinkExt;
                let handle = app.handle().clone();
                app.deep_link().on_open_url(move |event| {
                    for url in event.urls() {
                        links::receive(&handle, url.to_string());
                    }
                });
                if let Ok(Some(urls)) = app.deep_link().get_current() {
                    for url in urls {
                        links::receive(app.handle(), url.to_string());
                    }
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
