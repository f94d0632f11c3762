use std::collections::BTreeMap;

use ts_rs::{TypeVisitor, TS};

use crate::commands::{typescript_command_map, visit_command_types};
use crate::{AppEvent, IpcError, APP_EVENT};

/// The whole `ui/src/bindings/ipc.ts`: every IPC type, the command map and the event name.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let mut collect = Collect {
        cfg: &cfg,
        decls: BTreeMap::new(),
    };
    visit_command_types(&mut collect);
    collect.visit::<AppEvent>();
    collect.visit::<IpcError>();

    let mut out = String::from(
        "// Generated from src-tauri/crates/gatehouse-ipc by `make bindings`. Do not edit.\n\n",
    );
    for decl in collect.decls.values() {
        out.push_str("export ");
        out.push_str(decl);
        out.push_str("\n\n");
    }
    out.push_str(&typescript_command_map(&cfg));
    out.push_str(&format!("\nexport const APP_EVENT = \"{APP_EVENT}\";\n"));
    out
}

/// Gathers the declaration of every named type reachable from the visited ones.
struct Collect<'a> {
    cfg: &'a ts_rs::Config,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Built-ins (String, Vec, Option, …) have no path and no declaration of their own.
        if T::output_path().is_some() {
            let ident = T::ident(self.cfg);
            if self.decls.contains_key(&ident) {
                return;
            }
            self.decls.insert(ident, T::decl(self.cfg));
            T::visit_dependencies(self);
        }
        T::visit_generics(self);
    }
}
