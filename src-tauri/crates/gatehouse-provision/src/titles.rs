//! The steps' names in plain words, for the plan, health checks and the CLI's progress.

use gatehouse_ipc::{SetupStep, TeardownStep};

pub fn step_title(step: SetupStep) -> &'static str {
    match step {
        SetupStep::VerifyToken => "Check the API token",
        SetupStep::ReadOrganization => "Read the Zero Trust organization",
        SetupStep::IdentityProvider => "Login method",
        SetupStep::Policy => "Access policy",
        SetupStep::KvNamespace => "KV namespace for OAuth state",
        SetupStep::UploadWorker => "Upload the MCP server Worker",
        SetupStep::WorkersSubdomain => "Read the workers.dev subdomain",
        SetupStep::EnableWorkersDev => "Turn on the workers.dev URL",
        SetupStep::AccessApp => "Access for SaaS application",
        SetupStep::WorkerSecrets => "Set the Worker's secrets",
        SetupStep::CheckWorker => "Check the Worker asks for a login",
    }
}

pub fn teardown_title(step: TeardownStep) -> &'static str {
    match step {
        TeardownStep::DeleteAccessApp => "Remove the Access application",
        TeardownStep::DeletePolicy => "Remove the Access policy",
        TeardownStep::DeleteWorker => "Remove the Worker",
        TeardownStep::DeleteKvNamespace => "Remove the KV namespace",
        TeardownStep::ForgetSecrets => "Forget the deployment's secrets",
    }
}
