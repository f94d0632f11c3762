//! How a session ends, and telling the window when it ended by itself.
//!
//! A session ends when the app closes it (nothing to tell), when rmcp's service stops (the
//! transport closed), or when a request finds the server gone (the connection is refused or
//! closed): Streamable HTTP keeps no connection open that would notice, so the first request
//! after the server went away is where the app learns it. Either way `Disconnected` is emitted
//! once, and the explorer drops the session.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gatehouse_ipc::AppEvent;
use rmcp::service::{QuitReason, RoleClient, RunningService, ServiceError};
use rmcp::transport::streamable_http_client::StreamableHttpError;

use crate::handler::ExplorerHandler;
use crate::EventSink;

pub(crate) struct Ending {
    server_id: String,
    events: Arc<dyn EventSink>,
    /// The app itself is closing the session.
    closing: AtomicBool,
    /// The session ended (and was reported, unless the app closed it).
    ended: AtomicBool,
}

impl Ending {
    pub fn new(server_id: String, events: Arc<dyn EventSink>) -> Arc<Self> {
        Arc::new(Self {
            server_id,
            events,
            closing: AtomicBool::new(false),
            ended: AtomicBool::new(false),
        })
    }

    pub fn closing(&self) {
        self.closing.store(true, Ordering::SeqCst);
    }

    pub fn has_ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// The session ended on its own: tell the window, once.
    pub fn died(&self, reason: &str) {
        if self.ended.swap(true, Ordering::SeqCst) || self.closing.load(Ordering::SeqCst) {
            return;
        }
        tracing::info!(server_id = self.server_id, reason, "session ended");
        self.events.emit(AppEvent::Disconnected {
            server_id: self.server_id.clone(),
            reason: Some(format!("{reason}; connect again to continue.")),
        });
    }
}

/// Runs until rmcp's service stops.
pub(crate) async fn watch(
    running: RunningService<RoleClient, ExplorerHandler>,
    ending: Arc<Ending>,
) {
    let quit = running.waiting().await;
    ending.died(match quit {
        Ok(QuitReason::Closed) => "the server closed the connection",
        Ok(QuitReason::Cancelled) => "the connection was ended",
        Ok(_) | Err(_) => "the connection failed",
    });
}

/// Why a failed request means the session is gone: the transport closed, or the server could
/// not be reached at all (nothing listens there any more).
pub(crate) fn ended_by(error: &ServiceError) -> Option<&'static str> {
    match error {
        ServiceError::TransportClosed => Some("the connection closed"),
        ServiceError::TransportSend(e) => {
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
            while let Some(current) = source {
                if let Some(StreamableHttpError::Client(client)) =
                    current.downcast_ref::<StreamableHttpError<reqwest::Error>>()
                {
                    if client.is_connect() {
                        return Some("the server can no longer be reached");
                    }
                }
                source = current.source();
            }
            None
        }
        _ => None,
    }
}
