//! What the server itself says about its tasks (2025-11-25): `tasks/list`, so the Tasks view shows
//! every task the server keeps for this session, those started elsewhere too, and
//! `notifications/tasks/status`, so a task's state changes as soon as the server pushes it. Before a
//! tool runs as a task, the server's `tasks` capability and the tool's `execution.taskSupport`
//! (both read from the wire, see `raw_answers.rs`) say whether it may. rmcp has no typed API for
//! any of this: the messages go as custom requests and notifications.

use std::sync::Arc;

use gatehouse_ipc::{TaskInfo, TaskState};
use serde_json::{json, Value};

use crate::tasks::{follow, wire_task, TaskBook, WireTask};
use crate::{now_ms, EventSink, Explorer, McpFailure, Result, Session};

/// The most pages `tasks/list` may take.
const MAX_TASK_PAGES: usize = 100;

impl Session {
    /// Whether the server said it lists tasks (2025-11-25's `tasks.list` capability, as sent).
    pub(crate) fn lists_tasks(&self) -> bool {
        let raw = &self.info().capabilities.raw;
        raw.pointer("/tasks/list").is_some_and(|v| !v.is_null())
    }

    /// Why `tool` may not run as a task, when what the server sent says so: a 2025-11-25 server
    /// without the `tasks.requests.tools.call` capability, or a tool listed without
    /// `execution.taskSupport` (absent means forbidden). `None` when it may, or when the server's
    /// answers were not read from the wire (then the server decides).
    pub(crate) fn task_refusal(&self, tool: &str) -> Option<String> {
        if self.is_modern() || self.raw_answers().handshake().is_none() {
            return None;
        }
        let raw = &self.info().capabilities.raw;
        if raw.pointer("/tasks/requests/tools/call").is_none() {
            return Some(
                "this server does not run tool calls as tasks; call the tool directly instead"
                    .into(),
            );
        }
        match self.raw_answers().task_support(tool)? {
            Some(support) if support == "optional" || support == "required" => None,
            _ => Some(format!(
                "the server lists “{tool}” as a tool that does not run as a task; call it directly instead"
            )),
        }
    }

    /// Every task the server lists, with when it was created (milliseconds since the epoch).
    pub(crate) async fn list_tasks(&self) -> Result<Vec<(WireTask, Option<u64>)>> {
        let mut tasks = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_TASK_PAGES {
            let params = match &cursor {
                Some(cursor) => json!({ "cursor": cursor }),
                None => json!({}),
            };
            let (page, _) = self.custom("tasks/list", params).await?;
            let Some(listed) = page.get("tasks").and_then(Value::as_array) else {
                return Err(McpFailure::Server(
                    "the server answered tasks/list with something else".into(),
                ));
            };
            tasks.extend(listed.iter().filter_map(|task| {
                let created = task
                    .get("createdAt")
                    .and_then(Value::as_str)
                    .and_then(rfc3339_ms);
                Some((wire_task(task)?, created))
            }));
            cursor = page
                .get("nextCursor")
                .and_then(Value::as_str)
                .map(str::to_string);
            if cursor.is_none() {
                return Ok(tasks);
            }
        }
        Err(McpFailure::Server(format!(
            "the server kept paginating tasks/list past {MAX_TASK_PAGES} pages"
        )))
    }

    /// Hands the status the server pushes (`notifications/tasks/status`) to `book` as it comes.
    pub(crate) fn push_task_status_to(&self, book: Arc<TaskBook>, events: Arc<dyn EventSink>) {
        let server_id = self.server_id().to_string();
        self.set_task_status_hook(Arc::new(move |params: &Value| {
            if let Some(wire) = wire_task(params) {
                book.update(&server_id, &wire, &*events);
                book.wake_followers();
            }
        }));
    }
}

impl Explorer {
    /// The server's tasks: those the app follows, merged with what the server lists when it lists
    /// tasks (a task it lists that the app did not start is adopted and followed too). Without a
    /// session, or when the server lists none, the tasks the app follows.
    pub async fn list_tasks(&self, id: &str) -> Result<Vec<TaskInfo>> {
        let Ok(session) = self.session(id).await else {
            return Ok(self.tasks.list(id));
        };
        if !session.lists_tasks() {
            return Ok(self.tasks.list(id));
        }
        let listed = match session.list_tasks().await {
            Ok(listed) => listed,
            Err(e) => return Err(self.remember(id, e).await),
        };
        let now = now_ms();
        for (wire, created) in listed {
            if self.tasks.get(id, &wire.task_id).is_some() {
                self.tasks.update(id, &wire, &*self.events);
                continue;
            }
            let task = TaskInfo {
                server_id: id.to_string(),
                task_id: wire.task_id.clone(),
                // The server's list does not say which tool a task runs.
                tool: String::new(),
                arguments: json!({}),
                state: wire.state,
                status_message: wire.status_message.clone(),
                call_id: format!("task-{}", crate::profiles::new_id()),
                started_at: created.unwrap_or(now),
                updated_at: now,
                result: None,
                result_is_error: false,
                error: wire.error.clone(),
                exchange: None,
            };
            let follows = !task.state.is_final() || task.state == TaskState::Completed;
            if self.tasks.adopt(task, &*self.events) && follows {
                tokio::spawn(follow(
                    Arc::clone(&session),
                    Arc::clone(&self.tasks),
                    Arc::clone(&self.events),
                    wire,
                ));
            }
        }
        Ok(self.tasks.list(id))
    }
}

/// Milliseconds since the epoch of an RFC 3339 time (`2026-12-07T10:00:00.123Z`, or with an
/// offset); `None` when it is not one.
fn rfc3339_ms(text: &str) -> Option<u64> {
    let number = |from: usize, len: usize| -> Option<i64> {
        let part = text.get(from..from + len)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[13] != b':' {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 2)?, number(8, 2)?);
    let (hour, minute, second) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        let first: String = fraction[..digits]
            .chars()
            .chain("000".chars())
            .take(3)
            .collect();
        millis = first.parse().ok()?;
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hours: i64 = rest.get(1..3)?.parse().ok()?;
            let minutes: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (hours * 60 + minutes)
        }
        _ => return None,
    };
    // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    u64::try_from(seconds * 1000 + millis).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times_are_read() {
        assert_eq!(rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(rfc3339_ms("2026-12-07T10:00:00Z"), Some(1_796_637_600_000));
        assert_eq!(
            rfc3339_ms("2026-12-07T10:00:00.5Z"),
            Some(1_796_637_600_500)
        );
        assert_eq!(
            rfc3339_ms("2026-12-07T11:30:00+01:30"),
            Some(1_796_637_600_000)
        );
        assert_eq!(
            rfc3339_ms("2024-02-29T00:00:00.123456Z"),
            Some(1_709_164_800_123)
        );
        for bad in [
            "",
            "yesterday",
            "2026-13-07T10:00:00Z",
            "2026-12-07 10:00:00",
            "2026-12-07T10:00:00+0100",
        ] {
            assert_eq!(rfc3339_ms(bad), None, "{bad}");
        }
    }
}
