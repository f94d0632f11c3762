//! `gatehouse-cli`: the explorer's core from a terminal or a script.

mod args;
mod audit;
mod conformance;
mod doctor;
mod exit;
mod login;
/// The in-test MCP server with its own authorization server, shared with gatehouse-mcp's tests.
#[cfg(test)]
#[allow(dead_code)]
#[path = "../../gatehouse-mcp/tests/common/oauth_server/mod.rs"]
mod oauth_server;
mod setup;
mod tools;

use clap::Parser;

use crate::args::{Cli, Command, ToolsCommand};

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Tools {
            command: ToolsCommand::List { server, json },
        } => tools::list(&server, json).await,
        Command::Tools {
            command:
                ToolsCommand::Call {
                    server,
                    name,
                    args,
                    json,
                    elicitation,
                    roots,
                },
        } => {
            let answers = tools::Answers { elicitation, roots };
            tools::call(&server, &name, &args, json, &answers).await
        }
        Command::Login {
            server,
            print_url,
            client_id,
            client_secret_stdin,
        } => login::login(&server, print_url, client_id, client_secret_stdin).await,
        Command::Logout { server } => login::logout(&server).await,
        Command::Setup { command } => setup::run(command).await,
        Command::Doctor { server, json } => doctor::run(&server, json).await,
        Command::Conformance { url } => conformance::run(&url).await,
    };
    if let Err(failure) = outcome {
        eprintln!("error: {}", failure.message);
        if let Some(fix) = &failure.fix {
            eprintln!("fix: {fix}");
        }
        std::process::exit(failure.exit_code());
    }
}
