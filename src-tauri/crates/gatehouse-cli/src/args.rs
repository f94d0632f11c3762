use clap::{Args, Parser, Subcommand};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  failure not listed below
  2  bad command-line usage
  3  the server needs a login (run `gatehouse-cli login URL`) or more scopes
  4  the tool ran and reported an error (isError)
  5  the server could not be reached, or timed out
  6  invalid input: a bad URL, or arguments that do not match the tool's schema
  7  the OS keychain is unavailable
  8  the login was refused or failed";

#[derive(Parser)]
#[command(name = "gatehouse-cli", version, about = "List and call the tools of remote MCP servers; log in with OAuth.", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// List or call tools.
    Tools {
        #[command(subcommand)]
        command: ToolsCommand,
    },
    /// Log in with OAuth; the browser comes back to a loopback address on this computer.
    Login {
        #[command(flatten)]
        server: ServerArgs,
        /// Print only the authorization URL, on one line, then wait for the callback.
        #[arg(long)]
        print_url: bool,
        /// A client ID registered with the authorization server out of band.
        #[arg(long)]
        client_id: Option<String>,
    },
    /// Forget the login (revoking the tokens where the server supports it).
    Logout {
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Subcommand)]
pub enum ToolsCommand {
    /// List every tool the server offers.
    List {
        #[command(flatten)]
        server: ServerArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Call one tool.
    Call {
        #[command(flatten)]
        server: ServerArgs,
        /// The tool's name.
        name: String,
        /// The arguments, as a JSON object.
        #[arg(long, default_value = "{}")]
        args: String,
        /// Print the whole result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Clone)]
pub struct ServerArgs {
    /// The MCP server's URL, e.g. https://mcp.example.com/mcp
    pub url: String,
    /// An extra request header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H')]
    pub headers: Vec<String>,
    /// Seconds one request may take.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}
