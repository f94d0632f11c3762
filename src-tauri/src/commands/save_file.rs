//! Saving a binary resource: the system's save dialog, opened from here, asks where; this
//! command writes the bytes. The window never gets a file-system or dialog permission: it can
//! only hand over bytes and a URI, and the user picks the file.
//!
//! End-to-end tests cannot drive a native dialog, so `GATEHOUSE_TEST_SAVE_DIR` (a folder) stands
//! in for it: the file is saved there under the suggested name, as if the user had accepted it.

use std::path::PathBuf;

use base64::Engine as _;
use gatehouse_ipc::{ErrorCode, IpcError, SaveResourceOutcome, SaveResourceRequest};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The folder that stands in for the save dialog in end-to-end tests.
const TEST_SAVE_DIR: &str = "GATEHOUSE_TEST_SAVE_DIR";

#[tauri::command]
pub async fn resource_save<R: Runtime>(
    app: AppHandle<R>,
    req: SaveResourceRequest,
) -> Result<SaveResourceOutcome, IpcError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(req.blob.trim())
        .map_err(|_| {
            IpcError::new(
                ErrorCode::InvalidInput,
                "the server sent this resource's bytes in a broken form (not valid base64), so there is nothing to save",
            )
        })?;
    let name = suggested_file_name(&req.uri, req.mime_type.as_deref());
    let Some(path) = choose_path(&app, &name).await else {
        return Ok(SaveResourceOutcome {
            path: None,
            bytes: 0,
        });
    };
    let len = bytes.len() as u64;
    let target = path.clone();
    tokio::task::spawn_blocking(move || std::fs::write(&target, bytes))
        .await
        .map_err(|_| write_failed(&path, "the write was interrupted"))?
        .map_err(|e| write_failed(&path, &io_words(&e)))?;
    Ok(SaveResourceOutcome {
        path: Some(path.display().to_string()),
        bytes: len,
    })
}

pub(crate) async fn choose_path<R: Runtime>(app: &AppHandle<R>, name: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(TEST_SAVE_DIR) {
        return Some(PathBuf::from(dir).join(name));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app.dialog().file().set_file_name(name);
    if let Some(ext) = name.rsplit_once('.').map(|(_, ext)| ext.to_string()) {
        dialog = dialog.add_filter(ext.to_uppercase(), &[ext.as_str()]);
    }
    dialog.save_file(move |chosen| {
        let _ = tx.send(chosen.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

pub(crate) fn write_failed(path: &std::path::Path, why: &str) -> IpcError {
    IpcError::new(
        ErrorCode::Storage,
        format!("could not save to {}: {why}", path.display()),
    )
    .with_fix("Choose another folder, or check that you can write to this one.")
}

pub(crate) fn io_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        PermissionDenied => "you may not write there".into(),
        NotFound => "the folder does not exist".into(),
        StorageFull => "the disk is full".into(),
        ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => "the file could not be written".into(),
    }
}

/// A file name for the resource: the last part of its URI's path (or its host, or "resource"),
/// without characters file systems refuse, with an extension from the MIME type when it has none.
pub fn suggested_file_name(uri: &str, mime_type: Option<&str>) -> String {
    let without_query = uri.split(['?', '#']).next().unwrap_or(uri);
    let last = without_query
        .trim_end_matches('/')
        .rsplit(['/', ':'])
        .find(|part| !part.is_empty())
        .unwrap_or("");
    let decoded = percent_decode(last);
    let mut stem: String = decoded
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect::<String>()
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .chars()
        .take(120)
        .collect();
    if stem.is_empty() {
        stem = "resource".into();
    }
    let has_extension = stem
        .rsplit_once('.')
        .is_some_and(|(base, ext)| !base.is_empty() && (1..=5).contains(&ext.len()));
    if has_extension {
        return stem;
    }
    match mime_type.and_then(extension_for) {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem,
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The usual extension for a MIME type (parameters such as `; charset=…` ignored).
fn extension_for(mime_type: &str) -> Option<&'static str> {
    let essence = mime_type.split(';').next()?.trim().to_ascii_lowercase();
    Some(match essence.as_str() {
        "image/png" => "png",
        "image/jpeg" | "image/jpg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/svg+xml" => "svg",
        "image/bmp" => "bmp",
        "image/x-icon" | "image/vnd.microsoft.icon" => "ico",
        "application/pdf" => "pdf",
        "application/json" => "json",
        "application/xml" | "text/xml" => "xml",
        "application/zip" => "zip",
        "application/gzip" | "application/x-gzip" => "gz",
        "application/x-tar" => "tar",
        "application/wasm" => "wasm",
        "application/yaml" | "application/x-yaml" | "text/yaml" => "yaml",
        "application/javascript" | "text/javascript" => "js",
        "application/octet-stream" => "bin",
        "text/plain" => "txt",
        "text/markdown" => "md",
        "text/html" => "html",
        "text/css" => "css",
        "text/csv" => "csv",
        "audio/mpeg" => "mp3",
        "audio/wav" | "audio/x-wav" => "wav",
        "audio/ogg" => "ogg",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::suggested_file_name as name;

    #[test]
    fn names_come_from_the_uri_and_the_mime_type() {
        // The case from the report: a resource named "5" saved without an extension.
        assert_eq!(
            name("test://static/resource/5", Some("application/octet-stream")),
            "5.bin"
        );
        assert_eq!(name("demo://images/logo", Some("image/png")), "logo.png");
        assert_eq!(
            name("file:///tmp/report.pdf", Some("application/pdf")),
            "report.pdf"
        );
        assert_eq!(
            name("demo://a/My%20File?x=1", Some("text/plain; charset=utf-8")),
            "My File.txt"
        );
        assert_eq!(name("demo://", None), "demo");
        assert_eq!(name("", Some("image/gif")), "resource.gif");
        assert_eq!(name("x://a/..%2F..%2Fetc%2Fpasswd", None), "-..-etc-passwd");
        assert_eq!(name("x://a/v1.2.3", Some("application/zip")), "v1.2.3");
        assert_eq!(name("x://a/data", Some("unknown/kind")), "data");
    }
}
