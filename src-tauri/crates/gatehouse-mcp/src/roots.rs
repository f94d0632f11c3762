//! Folders shared with a server (`roots/list`): `file://` URIs, each at most once.

use gatehouse_ipc::RootEntry;
use url::Url;

use crate::{McpFailure, Result};

/// The most folders one server may be given.
const MAX_ROOTS: usize = 100;

/// Checks the folders a user chose: `file://` URIs only, no repeats; names trimmed, an empty
/// name dropped.
pub(crate) fn checked(roots: Vec<RootEntry>) -> Result<Vec<RootEntry>> {
    if roots.len() > MAX_ROOTS {
        return Err(McpFailure::InvalidInput(format!(
            "share at most {MAX_ROOTS} folders with one server"
        )));
    }
    let mut out: Vec<RootEntry> = Vec::with_capacity(roots.len());
    for root in roots {
        let url = Url::parse(&root.uri).map_err(|_| {
            McpFailure::InvalidInput(format!("“{}” is not a folder address", root.uri))
        })?;
        if url.scheme() != "file" {
            return Err(McpFailure::InvalidInput(format!(
                "“{}” is not a folder on this computer; choose a folder",
                root.uri
            )));
        }
        if out.iter().any(|r| r.uri == url.as_str()) {
            continue;
        }
        out.push(RootEntry {
            uri: url.to_string(),
            name: root
                .name
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(uri: &str, name: Option<&str>) -> RootEntry {
        RootEntry {
            uri: uri.into(),
            name: name.map(str::to_string),
        }
    }

    #[test]
    fn folders_are_kept_once_with_their_names() {
        let kept = checked(vec![
            root("file:///home/me/project", Some(" project ")),
            root("file:///home/me/project", None),
            root("file:///tmp", Some("")),
        ])
        .expect("valid");
        assert_eq!(
            kept,
            vec![
                root("file:///home/me/project", Some("project")),
                root("file:///tmp", None)
            ]
        );
    }

    #[test]
    fn anything_but_a_local_folder_is_refused() {
        for uri in ["https://example.com/", "not a uri", "/home/me"] {
            let error = checked(vec![root(uri, None)]).expect_err(uri);
            assert!(matches!(error, McpFailure::InvalidInput(_)), "{uri}");
        }
    }
}
