//! The command line: parses arguments, calls the library, prints diagnostics and the
//! summary, and chooses the exit code (0 clean, 1 problems in the data, 2 usage or I/O).

use crate::diag::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::render::OutputFormat;
use crate::{BuildOptions, Failure, Inputs};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "esep",
    version,
    about = "Bilingual (kk/ru) annual-report sections from YAML data: every figure computed, checked and rendered"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct InputArgs {
    /// Data directory (report.yaml, dimensions.yaml, <section>/*.yaml)
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Templates directory (<section>.<lang>.md.tera)
    #[arg(long, default_value = "templates")]
    templates: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Compute, check and render every section; write the output directory
    Build {
        #[command(flatten)]
        inputs: InputArgs,
        /// Output directory (replaced atomically)
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Languages, comma-separated (default: all of report.yaml)
        #[arg(long, value_delimiter = ',', value_parser = parse_lang)]
        lang: Vec<Lang>,
        /// Formats, comma-separated
        #[arg(long, value_delimiter = ',', value_parser = parse_format, default_value = "md,html,pdf")]
        format: Vec<OutputFormat>,
    },
    /// Write the shipped chapter's data/ and templates/ into DIR, to start a new chapter
    Init {
        /// Where to write data/ and templates/ (they must not exist yet)
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Load, compute and check without writing anything
    Check {
        #[command(flatten)]
        inputs: InputArgs,
        /// How to print the problems: `text` for people, `json` for tools and CI
        #[arg(long, value_enum, default_value = "text")]
        format: MessageFormat,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum MessageFormat {
    Text,
    Json,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`; use kk or ru"))
}

fn parse_format(s: &str) -> Result<OutputFormat, String> {
    OutputFormat::parse(s).ok_or_else(|| {
        let all: Vec<&str> = OutputFormat::ALL.iter().map(|f| f.extension()).collect();
        format!("unknown format `{s}`; use {}", all.join(", "))
    })
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init { dir } => match crate::embedded::init(&dir) {
            Ok(n) => {
                println!(
                    "wrote {n} files of the shipped chapter into {}",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Check { inputs, format } => {
            let diags = crate::check(&Inputs {
                data: inputs.data,
                templates: inputs.templates,
            });
            let errors = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            match format {
                MessageFormat::Text => {
                    print_diagnostics(&diags);
                    eprintln!("{}", counts(errors, diags.len() - errors));
                }
                MessageFormat::Json => {
                    let list: Vec<serde_json::Value> =
                        diags.iter().map(Diagnostic::to_json).collect();
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&list).unwrap_or_default()
                    );
                }
            }
            if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Build {
            inputs,
            out,
            lang,
            mut format,
        } => {
            format.sort();
            format.dedup();
            let opts = BuildOptions {
                inputs: Inputs {
                    data: inputs.data,
                    templates: inputs.templates,
                },
                out,
                langs: lang,
                formats: format,
            };
            match crate::build(&opts) {
                Ok(s) => {
                    print_diagnostics(&s.warnings);
                    for r in &s.removed {
                        eprintln!("removed stale {}", opts.out.join(r).display());
                    }
                    let langs: Vec<&str> = s.langs.iter().map(|l| l.code()).collect();
                    let formats: Vec<&str> = s.formats.iter().map(|f| f.extension()).collect();
                    println!(
                        "built {} tables in {} sections, {} ({}), {} ({}): {} files in {} in {:.3} s; {}",
                        s.tables,
                        s.sections,
                        plural(langs.len(), "language"),
                        langs.join(", "),
                        plural(formats.len(), "format"),
                        formats.join(", "),
                        s.written,
                        opts.out.display(),
                        s.elapsed.as_secs_f64(),
                        plural(s.warnings.len(), "warning"),
                    );
                    ExitCode::SUCCESS
                }
                Err(Failure::Data(diags)) => {
                    print_diagnostics(&diags);
                    let errors = diags
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .count();
                    eprintln!(
                        "{}; {} left untouched",
                        counts(errors, diags.len() - errors),
                        opts.out.display()
                    );
                    ExitCode::from(1)
                }
                Err(Failure::Io(e)) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.with_source());
    }
}
