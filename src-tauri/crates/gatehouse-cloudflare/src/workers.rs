//! Worker scripts: upload, secrets, the workers.dev address, delete.

use gatehouse_auth::Sensitive;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::client::Body;
use crate::operations::{
    DELETE_WORKER, ENABLE_SCRIPT_SUBDOMAIN, GET_SCRIPT_SETTINGS, GET_SCRIPT_SUBDOMAIN,
    GET_SUBDOMAIN, LIST_SECRETS, PUT_SECRET, UPLOAD_WORKER,
};
use crate::{
    CloudflareApi, CloudflareError, Result, ScriptSettings, ScriptSubdomain, SecretName,
    UploadedWorker, WorkerUpload,
};

#[derive(Deserialize)]
struct Subdomain {
    subdomain: String,
}

impl CloudflareApi {
    /// Uploads (or replaces) an ES module Worker. A module whose content type is not a MIME type
    /// is refused before anything is sent (`Rejected`, HTTP 400 without a code), as Cloudflare
    /// would refuse it.
    pub async fn upload_worker(
        &self,
        account_id: &str,
        script_name: &str,
        upload: &WorkerUpload,
    ) -> Result<UploadedWorker> {
        upload_form(upload)?;
        let build = || upload_form(upload);
        let segments = ["accounts", account_id, "workers", "scripts", script_name];
        let answer = self
            .call(
                &UPLOAD_WORKER,
                Method::PUT,
                &segments,
                &[],
                Body::Multipart(&build),
            )
            .await?;
        Ok(answer.result)
    }

    /// Deletes the script. `force` also deletes what is bound to it, its Durable Objects
    /// included (without it, a script with Durable Objects is refused). An unknown script is
    /// `NotFound`.
    pub async fn delete_worker(
        &self,
        account_id: &str,
        script_name: &str,
        force: bool,
    ) -> Result<()> {
        let segments = ["accounts", account_id, "workers", "scripts", script_name];
        let query = [("force", force.to_string())];
        self.call::<Value>(
            &DELETE_WORKER,
            Method::DELETE,
            &segments,
            &query,
            Body::None,
        )
        .await?;
        Ok(())
    }

    /// Sets (adds or replaces) a `secret_text` binding of the script.
    pub async fn put_worker_secret(
        &self,
        account_id: &str,
        script_name: &str,
        name: &str,
        value: &Sensitive<String>,
    ) -> Result<()> {
        let segments = [
            "accounts",
            account_id,
            "workers",
            "scripts",
            script_name,
            "secrets",
        ];
        let body = json!({ "name": name, "type": "secret_text", "text": value.expose() });
        self.call::<Value>(&PUT_SECRET, Method::PUT, &segments, &[], Body::Json(body))
            .await?;
        Ok(())
    }

    /// The account's `<subdomain>` of `<script>.<subdomain>.workers.dev`. An account that never
    /// chose one answers `NotFound`.
    pub async fn workers_subdomain(&self, account_id: &str) -> Result<String> {
        let segments = ["accounts", account_id, "workers", "subdomain"];
        let answer: Subdomain = self.get(&GET_SUBDOMAIN, &segments).await?;
        Ok(answer.subdomain)
    }

    /// Serves the script at `https://<script>.<subdomain>.workers.dev`.
    pub async fn enable_workers_dev(&self, account_id: &str, script_name: &str) -> Result<()> {
        let segments = [
            "accounts",
            account_id,
            "workers",
            "scripts",
            script_name,
            "subdomain",
        ];
        let body = Body::Json(json!({ "enabled": true }));
        self.call::<Value>(&ENABLE_SCRIPT_SUBDOMAIN, Method::POST, &segments, &[], body)
            .await?;
        Ok(())
    }
}

impl CloudflareApi {
    /// The script's settings (bindings by name and kind, compatibility, observability), or
    /// `None` when there is no such script.
    pub async fn script_settings(
        &self,
        account_id: &str,
        script_name: &str,
    ) -> Result<Option<ScriptSettings>> {
        let segments = script_path(account_id, script_name, "settings");
        self.get_if_exists(&GET_SCRIPT_SETTINGS, &segments).await
    }

    /// The names and kinds of the script's secrets, never their values.
    pub async fn list_worker_secrets(
        &self,
        account_id: &str,
        script_name: &str,
    ) -> Result<Vec<SecretName>> {
        let segments = script_path(account_id, script_name, "secrets");
        self.get(&LIST_SECRETS, &segments).await
    }

    /// Whether the script is served at its workers.dev address.
    pub async fn script_workers_dev(
        &self,
        account_id: &str,
        script_name: &str,
    ) -> Result<ScriptSubdomain> {
        let segments = script_path(account_id, script_name, "subdomain");
        self.get(&GET_SCRIPT_SUBDOMAIN, &segments).await
    }
}

/// `accounts/<id>/workers/scripts/<name>/<leaf>`.
fn script_path<'a>(account_id: &'a str, script_name: &'a str, leaf: &'a str) -> [&'a str; 6] {
    [
        "accounts",
        account_id,
        "workers",
        "scripts",
        script_name,
        leaf,
    ]
}

/// The multipart body: a `metadata` file part (`metadata.json`, JSON), then one part per module,
/// named and filed as the module. Cheap: module contents are shared, not copied.
fn upload_form(upload: &WorkerUpload) -> Result<Form> {
    let metadata = Part::bytes(upload.metadata.to_string().into_bytes())
        .file_name("metadata.json")
        .mime_str("application/json")
        .map_err(|_| invalid("the metadata part's content type".into()))?;
    let mut form = Form::new().part("metadata", metadata);
    for module in &upload.modules {
        let part = Part::stream(module.content.clone())
            .file_name(module.name.clone())
            .mime_str(&module.content_type)
            .map_err(|_| {
                invalid(format!(
                    "the module \"{}\" has the content type \"{}\", which is not a MIME type",
                    module.name, module.content_type
                ))
            })?;
        form = form.part(module.name.clone(), part);
    }
    Ok(form)
}

fn invalid(what: String) -> CloudflareError {
    CloudflareError::Rejected {
        operation: UPLOAD_WORKER.id,
        status: 400,
        code: None,
        message: format!("not sent: {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WorkerModule;

    fn upload(content_type: &str) -> WorkerUpload {
        WorkerUpload {
            metadata: json!({"main_module": "index.js"}),
            modules: vec![WorkerModule {
                name: "index.js".into(),
                content_type: content_type.into(),
                content: bytes::Bytes::from_static(b"export default {}"),
            }],
        }
    }

    #[test]
    fn a_bad_content_type_is_refused_before_sending() {
        assert!(upload_form(&upload("application/javascript+module")).is_ok());
        let e = upload_form(&upload("not a type")).expect_err("refused");
        assert!(matches!(
            e,
            CloudflareError::Rejected {
                status: 400,
                code: None,
                ..
            }
        ));
        assert!(e.to_string().contains("\"index.js\""), "{e}");
    }
}
