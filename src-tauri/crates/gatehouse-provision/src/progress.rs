//! Where setup and teardown report each step: the app forwards to the UI, the CLI prints to stderr.

use gatehouse_ipc::AppEvent;

pub trait ProgressSink: Send + Sync + 'static {
    fn emit(&self, event: AppEvent);
}

impl<F: Fn(AppEvent) + Send + Sync + 'static> ProgressSink for F {
    fn emit(&self, event: AppEvent) {
        self(event)
    }
}

/// Drops every event.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn emit(&self, _event: AppEvent) {}
}
