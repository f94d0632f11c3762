//! Links the OS hands to the app (`dev.gatehouse.app:/oauth/callback?…`).
//!
//! The core finishes a login from its link and tells the window how it went through an event.
//! A link can arrive before the window listens (the link that starts the app, or one that arrives
//! while the page is still loading): an event sent then is lost, and the window would keep waiting
//! or never say the link was refused. So links wait in the [`LinkInbox`] until the window says it
//! listens (the `app_events_ready` command); from then on they are handled as they arrive.

use std::sync::Mutex;

use gatehouse_ipc::{AppEvent, ErrorCode, IpcError, APP_EVENT};
use tauri::{AppHandle, Emitter, Manager};

use crate::AppState;

/// The scheme's prefix, as an argument carries it (`dev.gatehouse.app:/oauth/callback?…`).
#[cfg_attr(target_os = "macos", allow(dead_code))] // macOS hands links over as events
const SCHEME_PREFIX: &str = "dev.gatehouse.app:";

/// How many links are kept while the window is not listening yet; a login brings one.
const MAX_WAITING: usize = 16;

/// Links that reached the app before the window listened for their outcome.
#[derive(Default)]
pub struct LinkInbox {
    inner: Mutex<Inbox>,
}

#[derive(Default)]
struct Inbox {
    listening: bool,
    waiting: Vec<String>,
    /// Links beyond [`MAX_WAITING`], reported (not handled) when the window listens.
    turned_away: usize,
}

/// What [`LinkInbox::listening`] hands over: the kept links in arrival order, and how many were
/// turned away as too many.
#[derive(Debug, PartialEq, Eq)]
pub struct Handover {
    pub links: Vec<String>,
    pub turned_away: usize,
}

impl LinkInbox {
    /// Gives the link back when the window listens (handle it now); otherwise keeps it.
    pub fn accept(&self, link: String) -> Option<String> {
        let mut inbox = self.lock();
        if inbox.listening {
            return Some(link);
        }
        if inbox.waiting.len() < MAX_WAITING {
            inbox.waiting.push(link);
        } else {
            inbox.turned_away += 1;
        }
        None
    }

    /// The window listens: hands over the links kept so far; later ones pass straight through.
    pub fn listening(&self) -> Handover {
        let mut inbox = self.lock();
        inbox.listening = true;
        Handover {
            links: std::mem::take(&mut inbox.waiting),
            turned_away: std::mem::take(&mut inbox.turned_away),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inbox> {
        // A panic while holding the lock leaves plain data behind: keep using it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The arguments (program name excluded) that are links to this app. Anything with the scheme
/// counts, well-formed or not, so a damaged link is refused with a message instead of ignored.
#[cfg_attr(target_os = "macos", allow(dead_code))] // macOS hands links over as events
pub fn in_args<I, S>(args: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    args.into_iter()
        .map(|arg| arg.as_ref().trim().to_string())
        .filter(|arg| {
            arg.get(..SCHEME_PREFIX.len())
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(SCHEME_PREFIX))
        })
        .collect()
}

/// A link reached the app: handled now if the window listens, else when it does.
pub fn receive(app: &AppHandle, link: String) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_focus();
    }
    match app.state::<LinkInbox>().accept(link) {
        Some(link) => handle(app, link),
        None => log::info!("login link kept until the window listens"),
    }
}

/// The window listens for events: handle the links that came before it did.
pub fn window_listening(app: &AppHandle) {
    let handover = app.state::<LinkInbox>().listening();
    if handover.turned_away > 0 {
        log::warn!("{} login links turned away at start", handover.turned_away);
        let error = IpcError::new(
            ErrorCode::InvalidLink,
            "Gatehouse received more login links than it can take at once while it was starting, and ignored some of them.",
        )
        .with_fix("If a login did not finish, start it again from the server's page.");
        if let Err(e) = app.emit(APP_EVENT, AppEvent::LinkRejected { error }) {
            log::warn!("could not deliver an event to the window: {e}");
        }
    }
    for link in handover.links {
        handle(app, link);
    }
}

/// Finishes the login a link belongs to; a bad link is reported to the window and changes nothing.
fn handle(app: &AppHandle, link: String) {
    let Some(state) = app.try_state::<AppState>() else {
        log::warn!("login link arrived before the app was ready; it was not handled");
        return;
    };
    let explorer = state.explorer.clone();
    tauri::async_runtime::spawn(async move {
        // The outcome reaches the UI as an event; the log names only what kind of link it was.
        match explorer.handle_link(&link).await {
            Ok(_) => log::info!("login link accepted"),
            Err(error) => log::warn!("login link refused: {:?}", error.code),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_before_the_window_listens_are_kept_and_handed_over_in_order() {
        let inbox = LinkInbox::default();
        assert_eq!(
            inbox.accept("dev.gatehouse.app:/oauth/callback?a".into()),
            None
        );
        assert_eq!(inbox.accept("dev.gatehouse.app:/nothing".into()), None);
        assert_eq!(
            inbox.listening(),
            Handover {
                links: vec![
                    "dev.gatehouse.app:/oauth/callback?a".into(),
                    "dev.gatehouse.app:/nothing".into()
                ],
                turned_away: 0,
            }
        );
    }

    #[test]
    fn links_after_the_window_listens_pass_straight_through_and_nothing_is_handed_over_twice() {
        let inbox = LinkInbox::default();
        assert_eq!(inbox.accept("first".into()), None);
        assert_eq!(inbox.listening().links, vec!["first".to_string()]);
        assert_eq!(inbox.accept("second".into()), Some("second".to_string()));
        // A reloaded page says it listens again: the first link is not handled a second time.
        assert_eq!(
            inbox.listening(),
            Handover {
                links: vec![],
                turned_away: 0
            }
        );
        assert_eq!(inbox.accept("third".into()), Some("third".to_string()));
    }

    #[test]
    fn a_flood_of_links_before_the_window_listens_is_counted_not_kept() {
        let inbox = LinkInbox::default();
        for i in 0..MAX_WAITING + 3 {
            assert_eq!(inbox.accept(format!("link {i}")), None);
        }
        let handover = inbox.listening();
        assert_eq!(handover.links.len(), MAX_WAITING);
        assert_eq!(handover.links[0], "link 0");
        assert_eq!(handover.turned_away, 3);
    }

    #[test]
    fn every_argument_with_the_scheme_is_a_link_well_formed_or_not() {
        let args = [
            "--verbose",
            "dev.gatehouse.app:/oauth/callback?code=c&state=s",
            "DEV.Gatehouse.App:/oauth/callback?code=c",
            "dev.gatehouse.app:%%not a url",
            "https://example.com/dev.gatehouse.app:",
            "dev.gatehouse",
            "",
        ];
        assert_eq!(
            in_args(args),
            vec![
                "dev.gatehouse.app:/oauth/callback?code=c&state=s".to_string(),
                "DEV.Gatehouse.App:/oauth/callback?code=c".to_string(),
                "dev.gatehouse.app:%%not a url".to_string(),
            ]
        );
    }
}
