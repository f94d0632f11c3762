//! The README says only what the CLI does: every `gatehouse-cli …` it shows (in code blocks and inline)
//! names a command that exists and flags that command's `--help` lists, and its exit codes are the
//! `--help` list, code for code and word for word.

use std::path::PathBuf;
use std::process::Command;

fn readme() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../README.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn help(command: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gatehouse-cli"))
        .args(command)
        .arg("--help")
        .output()
        .expect("run gatehouse-cli");
    assert!(
        out.status.success(),
        "`gatehouse-cli {} --help` failed: the README shows a command that does not exist\n{}",
        command.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every `gatehouse-cli …` the README shows: the lines of its code blocks and its inline code.
fn shown_invocations(readme: &str) -> Vec<String> {
    let mut shown = Vec::new();
    let mut in_block = false;
    let mut continuation = false;
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continuation = false;
            continue;
        }
        if in_block {
            // A trailing `# comment` is prose.
            let code = line.split(" #").next().unwrap_or_default();
            if let Some(rest) = code.trim().strip_prefix("gatehouse-cli") {
                shown.push(rest.to_string());
                continuation = true;
            } else if continuation && line.starts_with(char::is_whitespace) {
                // An indented line goes on with the command above it.
                if let Some(last) = shown.last_mut() {
                    last.push(' ');
                    last.push_str(code.trim());
                }
            } else {
                continuation = false;
            }
            continue;
        }
        continuation = false;
        for (i, span) in line.split('`').enumerate() {
            if i % 2 == 1 {
                if let Some(rest) = span.strip_prefix("gatehouse-cli") {
                    shown.push(rest.to_string());
                }
            }
        }
    }
    shown
}

/// The command paths of one invocation (`setup plan|apply` is two) and the flags it uses.
fn parse(invocation: &str) -> (Vec<Vec<String>>, Vec<String>) {
    let mut paths: Vec<Vec<String>> = vec![Vec::new()];
    let mut words = invocation.split_whitespace().peekable();
    while let Some(word) = words.peek() {
        let is_command = word
            .split('|')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            && !word.starts_with('-');
        if !is_command {
            break;
        }
        paths = paths
            .iter()
            .flat_map(|p| {
                word.split('|').map(move |w| {
                    let mut p = p.clone();
                    p.push(w.to_string());
                    p
                })
            })
            .collect();
        words.next();
    }
    let flags = words
        .map(|w| w.trim_start_matches(['[', '(', '|']))
        .filter(|w| w.starts_with('-') && w.len() > 1)
        .map(|w| {
            w.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    (paths, flags)
}

fn lists_flag(help: &str, flag: &str) -> bool {
    help.match_indices(flag).any(|(at, _)| {
        let before = help[..at].chars().next_back();
        let after = help[at + flag.len()..].chars().next();
        !matches!(before, Some(c) if c.is_ascii_alphanumeric() || c == '-')
            && !matches!(after, Some(c) if c.is_ascii_alphanumeric() || c == '-')
    })
}

#[test]
fn every_command_and_flag_the_readme_shows_exists() {
    let shown = shown_invocations(&readme());
    assert!(
        shown.len() >= 7,
        "the README's CLI block was not found: {shown:?}"
    );
    for invocation in &shown {
        let (paths, flags) = parse(invocation);
        for path in paths {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let help = help(&path);
            for flag in &flags {
                assert!(
                    lists_flag(&help, flag),
                    "the README shows `gatehouse-cli {}` with {flag}, which its --help does not list:\n{help}",
                    path.join(" ")
                );
            }
        }
    }
}

/// `(code, meaning)` from lines such as `  3  meaning` (--help) or `| 3 | meaning |` (the README's table).
fn exit_codes<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(u8, String)> {
    lines
        .map(|line| line.trim().trim_matches('|').trim())
        .take_while(|line| !line.is_empty())
        .filter_map(|line| {
            let (code, meaning) = line.split_once([' ', '|'])?;
            Some((
                code.parse().ok()?,
                meaning.trim().trim_start_matches('|').trim().to_string(),
            ))
        })
        .collect()
}

#[test]
fn the_readme_lists_the_exit_codes_of_help() {
    let help = help(&[]);
    let from_help = exit_codes(help.lines().skip_while(|l| *l != "Exit codes:").skip(1));
    assert!(from_help.len() > 5, "no exit codes in --help:\n{help}");

    let readme = readme();
    let table = readme
        .lines()
        .skip_while(|l| !l.starts_with("| Exit code |"))
        .skip(2);
    let from_readme = exit_codes(table);
    assert_eq!(
        from_readme, from_help,
        "the README's exit code table differs from `gatehouse-cli --help`"
    );
}

#[test]
fn the_parser_reads_alternatives_and_flags() {
    let (paths, flags) = parse(
        " setup plan|apply [--name NAME] --allow-email EMAIL | --allow-domain DOMAIN [-H 'a: b']",
    );
    assert_eq!(paths, vec![vec!["setup", "plan"], vec!["setup", "apply"]]);
    assert_eq!(flags, ["--name", "--allow-email", "--allow-domain", "-H"]);
    assert!(lists_flag("  -H, --header <HEADER>", "-H"));
    assert!(!lists_flag("  --no-one-time-pin", "--no-one"));
}
