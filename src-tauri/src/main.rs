// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if std::env::args().any(|a| a == "--version" || a == "-V") {
        println!("gatehouse {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    gatehouse_app::run();
}
