//! The open sessions, one per saved server, and an epoch per server that moves on whenever its
//! login or settings change (logout, delete, save, a new login). A connect remembers the epoch
//! it started in and its session is kept only if nothing changed meanwhile, so a connect in
//! flight cannot bring back old tokens or a deleted server.
//!
//! The table's lock is never held across a session's close: sessions are taken out first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::Session;

#[derive(Default)]
pub(crate) struct SessionTable {
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    live: HashMap<String, Arc<Session>>,
    epochs: HashMap<String, u64>,
}

impl SessionTable {
    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn epoch(&self, id: &str) -> u64 {
        self.lock().epochs.get(id).copied().unwrap_or_default()
    }

    /// The server's session, unless it has ended (a dead session is dropped from the table).
    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        let mut table = self.lock();
        let session = table.live.get(id)?.clone();
        if session.is_closed() {
            table.live.remove(id);
            return None;
        }
        Some(session)
    }

    /// Keeps `session` for `id` if the server's epoch is still `epoch`, and hands back the
    /// session it replaced (to close); a stale session is handed back as the error.
    pub fn insert(
        &self,
        id: &str,
        epoch: u64,
        session: Arc<Session>,
    ) -> Result<Option<Arc<Session>>, Arc<Session>> {
        let mut table = self.lock();
        if table.epochs.get(id).copied().unwrap_or_default() != epoch {
            return Err(session);
        }
        Ok(table.live.insert(id.to_string(), session))
    }

    /// Takes the session out, leaving the epoch as it is.
    pub fn take(&self, id: &str) -> Option<Arc<Session>> {
        self.lock().live.remove(id)
    }

    /// Moves the server to a new epoch and takes its session out: connects in flight are void.
    pub fn invalidate(&self, id: &str) -> Option<Arc<Session>> {
        let mut table = self.lock();
        *table.epochs.entry(id.to_string()).or_default() += 1;
        table.live.remove(id)
    }
}

/// Closes a session taken out of the table. One still used by a call ends when the call drops it.
pub(crate) async fn close(session: Option<Arc<Session>>) {
    if let Some(session) = session.and_then(|s| Arc::try_unwrap(s).ok()) {
        session.close().await;
    }
}
