//! One apply in flight: the state it keeps saving, and how each step reports its progress.

use std::future::Future;
use std::time::{Duration, Instant};

use gatehouse_cloudflare::CloudflareApi;
use gatehouse_ipc::{AppEvent, IpcError, SetupStep, StepState};
use tokio::sync::Mutex;

use crate::names::DeploymentName;
use crate::state::DeploymentState;
use crate::{Provisioner, Result};

/// What one step did.
pub(super) struct Outcome {
    pub(super) detail: String,
    pub(super) skipped: bool,
}

pub(super) fn done(detail: impl Into<String>) -> Result<Outcome> {
    Ok(Outcome {
        detail: detail.into(),
        skipped: false,
    })
}

pub(super) fn skipped(detail: impl Into<String>) -> Result<Outcome> {
    Ok(Outcome {
        detail: detail.into(),
        skipped: true,
    })
}

/// One apply in flight: the engine, the API client and the state it keeps saving.
pub(super) struct Run<'a> {
    pub(super) p: &'a Provisioner,
    pub(super) api: CloudflareApi,
    pub(super) name: DeploymentName,
    pub(super) state: Mutex<DeploymentState>,
}

impl Run<'_> {
    pub(super) async fn snapshot(&self) -> DeploymentState {
        self.state.lock().await.clone()
    }

    /// Changes the state and writes it at once, so a crash right after loses nothing.
    pub(super) async fn record(&self, change: impl FnOnce(&mut DeploymentState)) -> Result<()> {
        let mut state = self.state.lock().await;
        change(&mut state);
        self.p.store.save(&state)
    }

    fn emit(
        &self,
        step: SetupStep,
        state: StepState,
        detail: Option<String>,
        elapsed: Duration,
        error: Option<IpcError>,
    ) {
        self.p.progress.emit(AppEvent::SetupProgress {
            name: self.name.to_string(),
            step,
            state,
            detail,
            elapsed_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            error,
        });
    }

    pub(super) async fn step(
        &self,
        step: SetupStep,
        work: impl Future<Output = Result<Outcome>>,
    ) -> Result<()> {
        let started = Instant::now();
        self.emit(step, StepState::Running, None, Duration::ZERO, None);
        match work.await {
            Ok(outcome) => {
                let state = if outcome.skipped {
                    StepState::Skipped
                } else {
                    StepState::Done
                };
                tracing::info!(deployment = %self.name, ?step, "{}", outcome.detail);
                self.emit(step, state, Some(outcome.detail), started.elapsed(), None);
                Ok(())
            }
            Err(e) => {
                tracing::warn!(deployment = %self.name, ?step, "failed: {e}");
                self.emit(
                    step,
                    StepState::Failed,
                    None,
                    started.elapsed(),
                    Some(IpcError::from(&e)),
                );
                Err(e)
            }
        }
    }
}
