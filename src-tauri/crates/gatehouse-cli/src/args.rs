use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "gatehouse-cli", version, about = "List and call the tools of remote MCP servers; log in with OAuth.", after_help = crate::exit::help_text())]
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
        /// Read that client's secret from standard input (or set GATEHOUSE_OAUTH_CLIENT_SECRET);
        /// a secret is never taken as an argument.
        #[arg(long, requires = "client_id")]
        client_secret_stdin: bool,
    },
    /// Forget the login (revoking the tokens where the server supports it).
    Logout {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Check why a connection or login fails: network, certificate, endpoint, login metadata.
    /// Exits 0 only when every check passes.
    Doctor {
        #[command(flatten)]
        server: ServerArgs,
        /// Print the checks as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Put the MCP server on Cloudflare behind Access, check it, or remove it.
    Setup {
        #[command(subcommand)]
        command: SetupCommand,
    },
    /// The client side of the official MCP conformance suite (tests/conformance): connect, log in
    /// without a person (the suite's authorization servers approve at once), list and call every tool.
    #[command(hide = true)]
    Conformance {
        /// The scenario's server URL, appended by the suite.
        url: String,
    },
}

#[derive(Subcommand)]
pub enum SetupCommand {
    /// Show what `apply` would create or change; changes nothing.
    Plan(SetupArgs),
    /// Create (or resume creating) the deployment; progress goes to stderr.
    Apply(SetupArgs),
    /// Show the deployment's state, checked live.
    Status {
        /// The deployment's name.
        #[arg(long, default_value = "gatehouse-mcp")]
        name: String,
        /// Print JSON (includes the Worker's URL).
        #[arg(long)]
        json: bool,
    },
    /// Check thoroughly everything setup made, live; exit code 11 when a check does not pass.
    Audit {
        /// The deployment's name.
        #[arg(long, default_value = "gatehouse-mcp")]
        name: String,
        /// Print JSON (every finding, with its fix).
        #[arg(long)]
        json: bool,
        /// Make every fix Gatehouse can make itself, then check again.
        #[arg(long)]
        fix: bool,
    },
    /// Upload the Worker this Gatehouse ships, in place (secrets, stored logins and Durable Object data stay), then check.
    Update {
        /// The deployment's name.
        #[arg(long, default_value = "gatehouse-mcp")]
        name: String,
        /// Print JSON (the audit after the update).
        #[arg(long)]
        json: bool,
    },
    /// Remove what the deployment created, and nothing else.
    Teardown {
        /// The deployment's name.
        #[arg(long, default_value = "gatehouse-mcp")]
        name: String,
    },
}

#[derive(Args, Clone)]
pub struct SetupArgs {
    /// The deployment's name; also the Worker's name (`<name>.<subdomain>.workers.dev`).
    #[arg(long, default_value = "gatehouse-mcp")]
    pub name: String,
    /// The Cloudflare account; may be left out when the token can use only one.
    #[arg(long, env = "CLOUDFLARE_ACCOUNT_ID")]
    pub account: Option<String>,
    /// Who may log in (repeatable).
    #[arg(long = "allow-email", value_name = "EMAIL", conflicts_with_all = ["allow_domain", "policy"])]
    pub allow_email: Vec<String>,
    /// Anyone with an address at this domain may log in.
    #[arg(long, value_name = "DOMAIN", conflicts_with = "policy")]
    pub allow_domain: Option<String>,
    /// Use an existing reusable Access policy (its id) instead of creating one.
    #[arg(long, value_name = "POLICY_ID")]
    pub policy: Option<String>,
    /// Do not let the server refresh Access logins.
    #[arg(long)]
    pub no_refresh_tokens: bool,
    /// Do not add Cloudflare's one-time PIN login when the account has no login method.
    #[arg(long)]
    pub no_one_time_pin: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
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
        /// How to answer a form the server asks for during the call: decline it, or accept it
        /// with the defaults its schema gives. Pages to visit and replies to write are always
        /// declined.
        #[arg(long, value_enum, default_value_t = Elicitation::Decline)]
        elicitation: Elicitation,
        /// A folder to share with the server (its roots; repeatable).
        #[arg(long = "root")]
        roots: Vec<std::path::PathBuf>,
    },
}

/// How the command line answers the forms a server asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Elicitation {
    Decline,
    Defaults,
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
