//! `gatehouse-cli`: the explorer's core from a terminal or a script.

mod args;
mod audit;
mod exit;
mod login;
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
                },
        } => tools::call(&server, &name, &args, json).await,
        Command::Login {
            server,
            print_url,
            client_id,
        } => login::login(&server, print_url, client_id).await,
        Command::Logout { server } => login::logout(&server).await,
        Command::Setup { command } => setup::run(command).await,
    };
    if let Err(failure) = outcome {
        eprintln!("error: {}", failure.message);
        if let Some(fix) = &failure.fix {
            eprintln!("fix: {fix}");
        }
        std::process::exit(failure.exit_code());
    }
}
