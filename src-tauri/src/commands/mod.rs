//! Thin adapters from IPC to the libraries; one file per domain. Every command takes one `req`
//! and returns `Result<_, IpcError>`, as declared in gatehouse-ipc's `commands!`.

mod audit;
mod client_requests;
mod doctor;
mod explore;
mod login;
mod protocol;
mod raw;
mod save_file;
mod servers;
mod setup;
mod updates;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        servers::app_info,
        servers::servers_list,
        servers::server_save,
        servers::server_delete,
        servers::server_connect,
        servers::server_disconnect,
        login::login_start,
        login::login_cancel,
        login::logout,
        login::app_events_ready,
        explore::tools_list,
        explore::tool_get,
        explore::tool_call,
        explore::tool_cancel,
        explore::resources_list,
        explore::resource_read,
        explore::prompts_list,
        explore::prompt_get,
        explore::history_list,
        explore::history_clear,
        explore::exchanges_list,
        raw::raw_messages_list,
        raw::raw_message_full,
        raw::raw_message_save,
        protocol::completion_complete,
        protocol::resource_subscribe,
        protocol::resource_unsubscribe,
        protocol::resource_subscriptions,
        protocol::log_level_set,
        protocol::server_ping,
        protocol::server_protocol_pin,
        protocol::task_start,
        protocol::tasks_list,
        protocol::task_cancel,
        save_file::resource_save,
        client_requests::server_requests_list,
        client_requests::server_request_answer,
        client_requests::server_roots_set,
        client_requests::folder_pick,
        setup::cloudflare_status,
        setup::cloudflare_connect,
        setup::cloudflare_forget,
        setup::account_check,
        setup::setup_redirect_url,
        setup::manual_access_check,
        setup::setup_plan,
        setup::setup_apply,
        setup::setup_resume,
        setup::deployments_list,
        setup::deployment_check,
        audit::deployment_audit,
        audit::deployment_fix,
        setup::deployment_teardown,
        updates::update_status,
        updates::update_check,
        updates::update_download,
        updates::update_install,
        updates::update_settings_save,
        updates::log_folder_open,
        doctor::doctor_run,
        doctor::timeline_get,
        doctor::timeline_guide,
        doctor::timeline_step,
        doctor::timeline_export,
        doctor::timeline_clear,
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_declared_command_is_routed_and_granted() {
        let routed = include_str!("mod.rs");
        let capability = include_str!("../../../capabilities/main-window.json");
        for name in gatehouse_ipc::commands::COMMAND_NAMES {
            assert!(
                routed.contains(&format!("::{name},")),
                "{name} is not in generate_handler!"
            );
            let permission = format!("\"allow-{}\"", name.replace('_', "-"));
            assert!(
                capability.contains(&permission),
                "{permission} is not granted to the main window"
            );
        }
    }
}
