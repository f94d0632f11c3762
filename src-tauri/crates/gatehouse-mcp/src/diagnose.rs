//! The connection doctor and the login timeline for a saved server.

use std::sync::Arc;

use gatehouse_auth::timeline;
use gatehouse_doctor::{diagnose, DeploymentAudit, DoctorOptions, ScopesSeen};
use gatehouse_ipc::{DoctorReport, LoginTimeline};
use url::Url;

use crate::{Explorer, McpFailure, Result};

impl Explorer {
    async fn server_url(&self, id: &str) -> Result<Url> {
        let profile = self.profile(id).await?;
        Url::parse(&profile.url).map_err(|e| McpFailure::InvalidInput(e.to_string()))
    }

    /// Runs the connection doctor's checks against the saved server, with its (non-secret)
    /// headers and the scopes of its last login.
    pub async fn diagnose(&self, id: &str) -> Result<DoctorReport> {
        self.diagnose_with_audit(id, None).await
    }

    /// As [`Self::diagnose`], adding `audit`'s checks when the server is a Gatehouse deployment.
    pub async fn diagnose_with_audit(
        &self,
        id: &str,
        audit: Option<Arc<dyn DeploymentAudit>>,
    ) -> Result<DoctorReport> {
        let profile = self.profile(id).await?;
        let url = Url::parse(&profile.url).map_err(|e| McpFailure::InvalidInput(e.to_string()))?;
        let options = DoctorOptions {
            headers: profile
                .headers
                .iter()
                .filter_map(|h| Some((h.name.clone(), h.value.clone()?)))
                .collect(),
            last_login: timeline::last_scopes(&url)
                .map(|(asked, granted)| ScopesSeen { asked, granted }),
            audit,
            ..DoctorOptions::default()
        };
        Ok(diagnose(&profile.url, &options).await)
    }

    /// The saved server's login timeline.
    pub async fn timeline(&self, id: &str) -> Result<LoginTimeline> {
        Ok(timeline::snapshot(&self.server_url(id).await?))
    }

    /// Steps through the server's logins one request at a time, or not.
    pub async fn timeline_guide(&self, id: &str, guided: bool) -> Result<LoginTimeline> {
        Ok(timeline::set_guided(&self.server_url(id).await?, guided))
    }

    /// Sends the request the guided login waits on.
    pub async fn timeline_step(&self, id: &str) -> Result<LoginTimeline> {
        Ok(timeline::step_once(&self.server_url(id).await?))
    }

    /// The timeline as a text report, secrets shortened.
    pub async fn timeline_export(&self, id: &str) -> Result<String> {
        Ok(timeline::export(&self.server_url(id).await?))
    }

    /// Forgets the server's timeline.
    pub async fn timeline_clear(&self, id: &str) -> Result<()> {
        timeline::clear(&self.server_url(id).await?);
        Ok(())
    }
}
