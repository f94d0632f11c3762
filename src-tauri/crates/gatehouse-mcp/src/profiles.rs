//! Saved servers: non-secret settings in `servers.json`, secret header values and client secrets
//! in the keychain.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_ipc::{HeaderEntry, ServerProfile, ServerProfileInput};
use url::Url;

use crate::{McpFailure, Result};

/// The longest request timeout a profile may set.
pub const MAX_TIMEOUT_SECS: u32 = 3600;

pub struct ProfileStore {
    path: PathBuf,
    lock: Mutex<()>,
}

fn header_secret_key(profile_id: &str, header: &str) -> String {
    format!("header:{profile_id}:{}", header.to_ascii_lowercase())
}

fn client_secret_key(profile_id: &str) -> String {
    format!("client-secret:{profile_id}")
}

/// Accepts http(s) URLs only, and plain http only for loopback hosts.
pub fn validate_server_url(raw: &str) -> Result<Url> {
    let url = Url::parse(raw.trim()).map_err(|_| {
        McpFailure::InvalidInput(format!(
            "“{raw}” is not a URL; enter the server's address, such as https://mcp.example.com/mcp"
        ))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return Err(McpFailure::InvalidInput("plain http is only allowed for servers on this computer (127.0.0.1 or localhost); use https".into())),
        other => return Err(McpFailure::InvalidInput(format!("“{other}:” URLs are not MCP servers; use https"))),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(McpFailure::InvalidInput("the URL has no host".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(McpFailure::InvalidInput(
            "put credentials in a secret header, not in the URL".into(),
        ));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn validate_header(name: &str, value: Option<&str>) -> Result<()> {
    http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| McpFailure::InvalidInput(format!("“{name}” is not a valid header name")))?;
    if let Some(value) = value {
        http::HeaderValue::from_str(value).map_err(|_| {
            McpFailure::InvalidInput(format!(
                "the value of header “{name}” has characters headers cannot carry"
            ))
        })?;
    }
    const RESERVED: [&str; 6] = [
        "authorization",
        "content-type",
        "accept",
        "mcp-session-id",
        "mcp-protocol-version",
        "host",
    ];
    if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(McpFailure::InvalidInput(format!(
            "“{name}” is set by Gatehouse itself and cannot be overridden"
        )));
    }
    Ok(())
}

impl ProfileStore {
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join("servers.json"),
            lock: Mutex::new(()),
        }
    }

    fn read(&self) -> Result<Vec<ServerProfile>> {
        match std::fs::read_to_string(&self.path) {
            Ok(json) => serde_json::from_str(&json).map_err(|e| {
                McpFailure::Storage(format!("{} is damaged: {e}", self.path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(McpFailure::Storage(e.to_string())),
        }
    }

    fn write(&self, profiles: &[ServerProfile]) -> Result<()> {
        let json = serde_json::to_string_pretty(profiles)
            .map_err(|e| McpFailure::Storage(e.to_string()))?;
        write_atomically(&self.path, &json)
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn list(&self) -> Result<Vec<ServerProfile>> {
        let _guard = self.guard();
        self.read()
    }

    pub fn get(&self, id: &str) -> Result<ServerProfile> {
        self.list()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| McpFailure::NotFound("that server".into()))
    }

    /// Validates and saves; secrets go to the keychain first so a failure leaves no half-saved server.
    pub fn save(
        &self,
        secrets: &SharedSecrets,
        input: ServerProfileInput,
    ) -> Result<ServerProfile> {
        let name = input.name.trim().to_string();
        if name.is_empty() {
            return Err(McpFailure::InvalidInput("give the server a name".into()));
        }
        let url = validate_server_url(&input.url)?;
        if input.timeout_secs == 0 || input.timeout_secs > MAX_TIMEOUT_SECS {
            return Err(McpFailure::InvalidInput(format!(
                "the timeout must be between 1 and {MAX_TIMEOUT_SECS} seconds"
            )));
        }
        let mut seen = std::collections::HashSet::new();
        for header in &input.headers {
            validate_header(&header.name, header.value.as_deref())?;
            if !seen.insert(header.name.to_ascii_lowercase()) {
                return Err(McpFailure::InvalidInput(format!(
                    "header “{}” is listed twice",
                    header.name
                )));
            }
        }

        let _guard = self.guard();
        let mut profiles = self.read()?;
        let existing = input
            .id
            .as_ref()
            .and_then(|id| profiles.iter().find(|p| &p.id == id).cloned());
        if input.id.is_some() && existing.is_none() {
            return Err(McpFailure::NotFound("that server".into()));
        }
        let id = input.id.clone().unwrap_or_else(new_id);

        let mut headers = Vec::new();
        for header in &input.headers {
            if header.secret {
                let key = header_secret_key(&id, &header.name);
                match header.value.as_deref() {
                    Some(value) => secrets.set(&key, value)?,
                    None if secrets.get(&key)?.is_none() => {
                        return Err(McpFailure::InvalidInput(format!(
                            "enter a value for the secret header “{}”",
                            header.name
                        )))
                    }
                    None => {}
                }
                headers.push(HeaderEntry {
                    name: header.name.clone(),
                    value: None,
                    secret: true,
                });
            } else {
                secrets.delete(&header_secret_key(&id, &header.name))?;
                headers.push(HeaderEntry {
                    name: header.name.clone(),
                    value: Some(header.value.clone().unwrap_or_default()),
                    secret: false,
                });
            }
        }
        if let Some(old) = &existing {
            for gone in old.headers.iter().filter(|h| {
                h.secret
                    && !headers
                        .iter()
                        .any(|n| n.secret && n.name.eq_ignore_ascii_case(&h.name))
            }) {
                secrets.delete(&header_secret_key(&id, &gone.name))?;
            }
        }
        let client_id = input
            .oauth_client_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        match input.oauth_client_secret.as_deref() {
            Some("") => secrets.delete(&client_secret_key(&id))?,
            Some(secret) => secrets.set(&client_secret_key(&id), secret)?,
            None => {}
        }
        if client_id.is_none() {
            secrets.delete(&client_secret_key(&id))?;
        }
        let has_client_secret =
            client_id.is_some() && secrets.get(&client_secret_key(&id))?.is_some();

        let profile = ServerProfile {
            id: id.clone(),
            name,
            url: url.to_string(),
            headers,
            timeout_secs: input.timeout_secs,
            oauth_client_id: client_id,
            has_client_secret,
            // Shared folders are changed on their own (`set_roots`); saving settings keeps them.
            roots: existing
                .as_ref()
                .map(|old| old.roots.clone())
                .unwrap_or_default(),
            protocol_version: existing.as_ref().and_then(|p| p.protocol_version.clone()),
        };
        match profiles.iter_mut().find(|p| p.id == id) {
            Some(slot) => *slot = profile.clone(),
            None => profiles.push(profile.clone()),
        }
        self.write(&profiles)?;
        Ok(profile)
    }

    /// Replaces the folders shared with the server (already checked by the caller).
    pub fn set_roots(
        &self,
        id: &str,
        roots: Vec<gatehouse_ipc::RootEntry>,
    ) -> Result<ServerProfile> {
        let _guard = self.guard();
        let mut profiles = self.read()?;
        let profile = profiles
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| McpFailure::NotFound("that server".into()))?;
        profile.roots = roots;
        let saved = profile.clone();
        self.write(&profiles)?;
        Ok(saved)
    }

    /// Pins the server to a protocol version Gatehouse speaks, or lets it negotiate (`None`).
    pub fn pin_protocol(&self, id: &str, version: Option<String>) -> Result<ServerProfile> {
        if let Some(v) = &version {
            if !gatehouse_ipc::PINNABLE_PROTOCOL_VERSIONS.contains(&v.as_str()) {
                return Err(McpFailure::InvalidInput(format!(
                    "Gatehouse speaks protocol versions {}; “{v}” is not one of them",
                    gatehouse_ipc::PINNABLE_PROTOCOL_VERSIONS.join(" and ")
                )));
            }
        }
        let _guard = self.guard();
        let mut profiles = self.read()?;
        let slot = profiles
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| McpFailure::NotFound("that server".into()))?;
        slot.protocol_version = version;
        let profile = slot.clone();
        self.write(&profiles)?;
        Ok(profile)
    }

    /// Forgets the server and its secrets.
    pub fn delete(&self, secrets: &SharedSecrets, id: &str) -> Result<ServerProfile> {
        let _guard = self.guard();
        let mut profiles = self.read()?;
        let index = profiles
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| McpFailure::NotFound("that server".into()))?;
        let profile = profiles.remove(index);
        for header in profile.headers.iter().filter(|h| h.secret) {
            secrets.delete(&header_secret_key(id, &header.name))?;
        }
        secrets.delete(&client_secret_key(id))?;
        self.write(&profiles)?;
        Ok(profile)
    }

    /// The headers to send, secret values read from the keychain.
    pub fn resolved_headers(
        &self,
        secrets: &SharedSecrets,
        profile: &ServerProfile,
    ) -> Result<Vec<(String, String)>> {
        profile
            .headers
            .iter()
            .map(|h| {
                let value = if h.secret {
                    secrets
                        .get(&header_secret_key(&profile.id, &h.name))?
                        .unwrap_or_default()
                } else {
                    h.value.clone().unwrap_or_default()
                };
                Ok((h.name.clone(), value))
            })
            .collect()
    }

    pub fn client_secret(
        &self,
        secrets: &SharedSecrets,
        profile: &ServerProfile,
    ) -> Result<Option<String>> {
        Ok(secrets.get(&client_secret_key(&profile.id))?)
    }
}

pub(crate) fn new_id() -> String {
    use rand::Rng;
    let bytes: [u8; 8] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes through a temporary file and a rename, each made durable before the next step, so
/// neither a crash nor a power loss leaves an empty or half-written file: the old contents or
/// the new ones, nothing else.
pub(crate) fn write_atomically(path: &Path, contents: &str) -> Result<()> {
    replace_durably(&mut Disk, path, contents.as_bytes())
}

/// What a durable replace does to the disk, in order; a trait so the order can be checked.
pub(crate) trait ReplaceSteps {
    fn create_dir_all(&mut self, dir: &Path) -> std::io::Result<()>;
    /// Writes the file and flushes it to the device (fsync).
    fn write_synced(&mut self, path: &Path, contents: &[u8]) -> std::io::Result<()>;
    fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()>;
    /// Flushes the folder's entries (the rename) to the device.
    fn sync_dir(&mut self, dir: &Path) -> std::io::Result<()>;
}

pub(crate) fn replace_durably(
    steps: &mut impl ReplaceSteps,
    path: &Path,
    contents: &[u8],
) -> Result<()> {
    let failed = |p: &Path, e: std::io::Error| McpFailure::Storage(format!("{}: {e}", p.display()));
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        steps.create_dir_all(dir).map_err(|e| failed(dir, e))?;
    }
    let tmp = path.with_extension("tmp");
    steps
        .write_synced(&tmp, contents)
        .map_err(|e| failed(&tmp, e))?;
    steps.rename(&tmp, path).map_err(|e| failed(path, e))?;
    if let Some(dir) = dir {
        steps.sync_dir(dir).map_err(|e| failed(dir, e))?;
    }
    Ok(())
}

struct Disk;

impl ReplaceSteps for Disk {
    fn create_dir_all(&mut self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)
    }

    fn write_synced(&mut self, path: &Path, contents: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let mut file = std::fs::File::create(path)?;
        file.write_all(contents)?;
        file.sync_all()
    }

    fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)
    }

    #[cfg(unix)]
    fn sync_dir(&mut self, dir: &Path) -> std::io::Result<()> {
        std::fs::File::open(dir)?.sync_all()
    }

    /// Windows cannot open a folder as a file; NTFS journals the rename itself.
    #[cfg(not(unix))]
    fn sync_dir(&mut self, _dir: &Path) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_auth::MemorySecretStore;
    use gatehouse_ipc::HeaderInput;
    use std::sync::Arc;

    fn input(url: &str) -> ServerProfileInput {
        ServerProfileInput {
            id: None,
            name: "Local".into(),
            url: url.into(),
            headers: vec![
                HeaderInput {
                    name: "X-Team".into(),
                    value: Some("blue".into()),
                    secret: false,
                },
                HeaderInput {
                    name: "X-Api-Key".into(),
                    value: Some("s3cr3t-value".into()),
                    secret: true,
                },
            ],
            timeout_secs: 30,
            oauth_client_id: Some("client-1".into()),
            oauth_client_secret: Some("client-s3cr3t".into()),
        }
    }

    #[test]
    fn shared_folders_are_saved_with_the_server_and_kept_by_a_settings_save() {
        let dir = std::env::temp_dir().join(format!("gatehouse-profiles-{}", new_id()));
        let store = ProfileStore::new(&dir);
        let secrets: SharedSecrets = Arc::new(MemorySecretStore::new());
        let saved = store
            .save(&secrets, input("http://127.0.0.1:9/mcp"))
            .expect("saved");
        assert!(saved.roots.is_empty());
        let folder = gatehouse_ipc::RootEntry {
            uri: "file:///home/me/project/".into(),
            name: Some("project".into()),
        };
        let with_roots = store
            .set_roots(&saved.id, vec![folder.clone()])
            .expect("roots set");
        assert_eq!(with_roots.roots, vec![folder.clone()]);
        let mut again = input("http://127.0.0.1:9/mcp");
        again.id = Some(saved.id.clone());
        again.name = "Renamed".into();
        let resaved = store.save(&secrets, again).expect("saved again");
        assert_eq!(resaved.roots, vec![folder.clone()]);
        assert_eq!(store.get(&saved.id).expect("read").roots, vec![folder]);
        assert!(store.set_roots("missing", Vec::new()).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn secrets_go_to_the_keychain_and_never_to_the_file() {
        let dir = std::env::temp_dir().join(format!("gatehouse-profiles-{}", new_id()));
        let store = ProfileStore::new(&dir);
        let memory = MemorySecretStore::new();
        let secrets: SharedSecrets = Arc::new(memory.clone());
        let saved = store
            .save(&secrets, input("http://127.0.0.1:9/mcp"))
            .unwrap();
        let file = std::fs::read_to_string(dir.join("servers.json")).unwrap();
        assert!(!file.contains("s3cr3t"), "{file}");
        assert!(saved.has_client_secret);
        assert_eq!(saved.headers[1].value, None);
        let headers = store.resolved_headers(&secrets, &saved).unwrap();
        assert_eq!(headers[1], ("X-Api-Key".into(), "s3cr3t-value".into()));

        // Saving again without re-entering the secret keeps it.
        let mut again = input("http://127.0.0.1:9/mcp");
        again.id = Some(saved.id.clone());
        again.headers[1].value = None;
        again.oauth_client_secret = None;
        let resaved = store.save(&secrets, again).unwrap();
        assert!(resaved.has_client_secret);
        assert_eq!(
            store.resolved_headers(&secrets, &resaved).unwrap()[1].1,
            "s3cr3t-value"
        );

        store.delete(&secrets, &saved.id).unwrap();
        assert!(memory.keys().is_empty(), "{:?}", memory.keys());
        let _ = std::fs::remove_dir_all(dir);
    }

    /// Records what a replace does, and fails the step named in `fail`.
    #[derive(Default)]
    struct Recorder {
        done: Vec<String>,
        fail: Option<&'static str>,
    }

    impl Recorder {
        fn step(&mut self, name: &'static str, path: &Path) -> std::io::Result<()> {
            if self.fail == Some(name) {
                return Err(std::io::Error::other("disk full"));
            }
            let file = path.file_name().unwrap_or_default().to_string_lossy();
            self.done.push(format!("{name} {file}"));
            Ok(())
        }
    }

    impl ReplaceSteps for Recorder {
        fn create_dir_all(&mut self, dir: &Path) -> std::io::Result<()> {
            self.step("mkdir", dir)
        }
        fn write_synced(&mut self, path: &Path, _contents: &[u8]) -> std::io::Result<()> {
            self.step("write+fsync", path)
        }
        fn rename(&mut self, _from: &Path, to: &Path) -> std::io::Result<()> {
            self.step("rename", to)
        }
        fn sync_dir(&mut self, dir: &Path) -> std::io::Result<()> {
            self.step("fsync-dir", dir)
        }
    }

    #[test]
    fn settings_are_synced_before_and_after_the_rename() {
        let path = Path::new("/settings/gatehouse/servers.json");
        let mut disk = Recorder::default();
        replace_durably(&mut disk, path, b"[]").unwrap();
        assert_eq!(
            disk.done,
            [
                "mkdir gatehouse",
                "write+fsync servers.tmp",
                "rename servers.json",
                "fsync-dir gatehouse"
            ]
        );

        // A write that cannot be made durable never replaces the file.
        let mut disk = Recorder {
            fail: Some("write+fsync"),
            ..Recorder::default()
        };
        assert!(replace_durably(&mut disk, path, b"[]").is_err());
        assert!(!disk.done.iter().any(|s| s.starts_with("rename")));
    }

    #[test]
    fn the_real_disk_replaces_the_file() {
        let dir = std::env::temp_dir().join(format!("gatehouse-durable-{}", new_id()));
        let path = dir.join("servers.json");
        write_atomically(&path, "[1]").unwrap();
        write_atomically(&path, "[2]").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[2]");
        assert!(!dir.join("servers.tmp").exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn refuses_bad_urls_and_headers() {
        for bad in [
            "ftp://x/mcp",
            "http://example.com/mcp",
            "not a url",
            "https://user:pw@example.com/mcp",
        ] {
            assert!(validate_server_url(bad).is_err(), "{bad}");
        }
        assert!(validate_server_url("http://localhost:8787/mcp").is_ok());
        assert!(validate_header("Authorization", Some("x")).is_err());
        assert!(validate_header("bad header", Some("x")).is_err());
        assert!(validate_header("X-Ok", Some("line\nbreak")).is_err());
    }
}
