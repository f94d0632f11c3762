//! Keeps every webview on the app's own pages. A server's content must never be able to move the
//! window to another page (a meta refresh in a data URL, a link, a form): such a page would look
//! like Gatehouse and could ask for secrets. Web links open in the system browser through the
//! opener plugin, after the user's click; the webview itself only ever shows the app.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};

/// The plugin that refuses every navigation away from the app's origin.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            let dev_url = if cfg!(dev) {
                webview.config().build.dev_url.clone()
            } else {
                None
            };
            let allowed = is_app_page(url, dev_url.as_ref());
            if !allowed {
                // Only the scheme: the URL itself is the server's text and may carry anything.
                log::warn!(
                    "refused a navigation of the {} window to a {}: page",
                    webview.label(),
                    url.scheme()
                );
            }
            allowed
        })
        .build()
}

/// Whether `url` is one of the app's own pages: the bundled UI (`tauri://localhost` on macOS and
/// Linux, `http(s)://tauri.localhost` on Windows) or, in development, the dev server's origin.
/// `about:blank` is allowed too: it shows nothing, and a webview on its way to close (a WebDriver
/// ending its session) goes there first; refusing it left the app running.
pub fn is_app_page(url: &Url, dev_url: Option<&Url>) -> bool {
    if url.as_str() == "about:blank" {
        return true;
    }
    let bundled = match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    };
    bundled || dev_url.is_some_and(|dev| dev.origin() == url.origin())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::plugin::Plugin;
    use tauri::test::{mock_builder, mock_context, noop_assets};
    use tauri::{WebviewUrl, WebviewWindowBuilder};

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a test URL")
    }

    #[test]
    fn the_app_pages_are_allowed() {
        for page in [
            "tauri://localhost",
            "tauri://localhost/index.html#/servers",
            "http://tauri.localhost/",
            "https://tauri.localhost/assets/index.js",
            "about:blank",
        ] {
            assert!(is_app_page(&url(page), None), "{page} should be allowed");
        }
        let dev = url("http://localhost:1420");
        assert!(is_app_page(&url("http://localhost:1420/x"), Some(&dev)));
    }

    #[test]
    fn every_other_origin_is_refused() {
        let dev = url("http://localhost:1420");
        for page in [
            "http://attacker.example/phish",
            "https://127.0.0.1:8443/",
            "http://localhost:1421/",
            "http://tauri.localhost:8080/",
            "https://tauri.localhost.attacker.example/",
            "tauri://attacker",
            "data:text/html,<meta http-equiv=refresh content=0;url=http://attacker>",
            "javascript:alert(1)",
            "blob:http://attacker.example/1",
            "file:///etc/passwd",
            "about:srcdoc",
            "about:blank?<h1>Session expired</h1>",
        ] {
            assert!(
                !is_app_page(&url(page), Some(&dev)),
                "{page} should be refused"
            );
        }
    }

    #[test]
    fn the_plugin_refuses_a_navigation_of_the_main_window_to_another_origin() {
        let app = mock_builder()
            .plugin(guard())
            .build(mock_context(noop_assets()))
            .expect("the mock app");
        let window = WebviewWindowBuilder::new(&app, "main", WebviewUrl::default())
            .build()
            .expect("the mock window");
        let webview = window.as_ref().clone();
        let mut plugin = guard();
        assert!(!plugin.on_navigation(&webview, &url("http://attacker.example/phish")));
        assert!(!plugin.on_navigation(&webview, &url("data:text/html;base64,PG1ldGE+")));
        assert!(plugin.on_navigation(&webview, &url("tauri://localhost/")));
    }
}
