//! The command line: parses arguments, calls the library, prints diagnostics and the
//! summary, and chooses the exit code (0 clean, 1 problems in the data, 2 usage or I/O).

use crate::check::Kind;
use crate::diag::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::next_year::Refusal;
use crate::render::OutputFormat;
use crate::{BuildOptions, Failure, Inputs};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
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
        /// Output directory (esep replaces only the files it wrote there; see README)
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Languages, comma-separated (default: all of report.yaml)
        #[arg(long, value_delimiter = ',', value_parser = parse_lang)]
        lang: Vec<Lang>,
        /// Formats, comma-separated: md, html, pdf, docx (Word, only when asked for)
        #[arg(long, value_delimiter = ',', value_parser = parse_format, default_value = "md,html,pdf")]
        format: Vec<OutputFormat>,
        /// Build although figures are still to fill in (`~`), printing a placeholder […]
        #[arg(long)]
        draft: bool,
    },
    /// Write the shipped chapter's data/ and templates/ into DIR, to start a new chapter
    Init {
        /// Where to write data/ and templates/ (they must not exist yet)
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write next year's project into DIR: the year advanced, windows of years moved, the
    /// new year's figures left to fill in (`~`), last year's print removed
    NextYear {
        #[command(flatten)]
        inputs: InputArgs,
        /// Where to write data/ and templates/ (they must not exist yet; default chapter-<year>)
        dir: Option<PathBuf>,
    },
    /// Which reported figures changed between two versions, and by how much (exit 1 if
    /// anything did, like diff)
    Diff {
        /// The old version: a data folder, a project folder, or a git revision (`HEAD~1`)
        old: String,
        /// The new version (default: the data folder as it is now)
        new: Option<String>,
        /// Data folder, and where a revision's data is found in the repository
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The language figures and labels are shown in
        #[arg(long, value_parser = parse_lang, default_value = "ru")]
        lang: Lang,
        /// `text` for people, `md` for a pull request, `json` for tools
        #[arg(long, value_enum, default_value = "text")]
        format: crate::diff::Style,
    },
    /// Write a generated project of N tables into DIR, for benchmarks (see BENCHMARKS.md)
    #[command(hide = true)]
    Workload {
        /// How many tables (25 a section)
        #[arg(long, default_value_t = 250)]
        tables: usize,
        /// Where to write data/ and templates/ (they must not exist yet)
        dir: PathBuf,
    },
    /// Load, compute and check without writing anything
    Check {
        #[command(flatten)]
        inputs: InputArgs,
        /// How to print the problems: `text` for people, `json` for tools and CI
        #[arg(long, value_enum, default_value = "text")]
        format: MessageFormat,
        /// Figures still to fill in (`~`) are notes, not errors
        #[arg(long)]
        draft: bool,
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
                let [check, build] = next_steps(&dir);
                stdout_line(&format!(
                    "wrote {n} files of the shipped chapter into {}\nnext:\n  {check}\n  {build}",
                    dir.display()
                ))
            }
            Err(e) => {
                say_err(&format!("error: {e}"));
                ExitCode::from(2)
            }
        },
        Command::Workload { tables, dir } => match crate::workload::write(&dir, tables) {
            Ok(n) => stdout_line(&format!(
                "wrote {n} files ({tables} tables) into {}",
                dir.display()
            )),
            Err(e) => {
                say_err(&format!("error: {e}"));
                ExitCode::from(2)
            }
        },
        Command::NextYear { inputs, dir } => {
            let inputs = Inputs {
                data: inputs.data,
                templates: inputs.templates,
            };
            match crate::next_year::next_year(&inputs, dir.as_deref()) {
                Ok(o) => {
                    let [check, build] = next_steps(&o.dir);
                    stdout_line(&format!(
                        "{}next:\n  {check}\n  {build} --draft",
                        o.summary()
                    ))
                }
                Err(Refusal::Source(diags)) => {
                    print_grouped(&diags);
                    say_err(&format!(
                        "{}\nnext-year starts from a finished year: `esep check` must pass with no errors and nothing left to fill in; nothing was written",
                        counts(&diags)
                    ));
                    exit_code(&diags)
                }
                Err(Refusal::Result { year, diags }) => {
                    print_diagnostics(&diags);
                    say_err(&format!(
                        "{}: the {year} project next-year wrote does not check (beyond its figures to fill in), so it was removed again and nothing is left written. The places above are in the removed files, which follow this year's files line for line except where next-year changed them. A literal year that leaves the window is fixed in this year's data or templates by naming it relatively (`y{{year-1}}`); anything else is an esep bug: please report it with these messages",
                        plural(diags.len(), "error")
                    ));
                    ExitCode::from(1)
                }
                Err(Refusal::Roll(diags)) => {
                    print_diagnostics(&diags);
                    say_err(
                        "next-year cannot carry this file over node by node; nothing was written",
                    );
                    ExitCode::from(1)
                }
                Err(Refusal::Io(e)) => {
                    say_err(&format!("error: {e}"));
                    ExitCode::from(2)
                }
            }
        }
        Command::Diff {
            old,
            new,
            data,
            lang,
            format,
        } => diff(&old, new.as_deref(), &data, lang, format),
        Command::Check {
            inputs,
            format,
            draft,
        } => {
            let inputs = Inputs {
                data: inputs.data,
                templates: inputs.templates,
            };
            let diags = crate::check(&inputs, draft);
            let printed = match format {
                MessageFormat::Text => {
                    print_grouped(&diags);
                    say_err(&counts(&diags));
                    ExitCode::SUCCESS
                }
                MessageFormat::Json => {
                    let list: Vec<serde_json::Value> =
                        diags.iter().map(Diagnostic::to_json).collect();
                    stdout_line(&serde_json::to_string_pretty(&list).unwrap_or_default())
                }
            };
            if printed != ExitCode::SUCCESS {
                printed
            } else {
                exit_code(&diags)
            }
        }
        Command::Build {
            inputs,
            out,
            mut lang,
            mut format,
            draft,
        } => {
            lang.sort();
            lang.dedup();
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
                draft,
            };
            let on_wait = |holder: &str| {
                say_err(&format!(
                    "waiting for another esep build ({holder}) writing into {}",
                    opts.out.display()
                ));
            };
            match crate::build(&opts, &on_wait) {
                Ok(s) => {
                    let (findings, others): (Vec<_>, Vec<_>) =
                        s.warnings.iter().cloned().partition(is_finding);
                    // A draft's figures to fill in are counted in the last line; listing
                    // hundreds of them here would bury the warnings (`esep check` lists them).
                    let others: Vec<_> = others
                        .into_iter()
                        .filter(|d| d.kind != crate::diag::Code::ToFill)
                        .collect();
                    print_diagnostics(&others);
                    if !findings.is_empty() {
                        let out = opts.out.display();
                        let files: Vec<String> = opts
                            .formats
                            .iter()
                            .map(|f| format!("{out}/<lang>/{}", f.appendix_file()))
                            .collect();
                        say_err(&format!(
                            "reconciliation: {} (listed by `esep check`; shown to readers in {})",
                            finding_counts(&findings),
                            files.join(", ")
                        ));
                    }
                    print_build(&opts, &s)
                }
                Err(Failure::Data(diags, notes)) => {
                    print_grouped(&diags);
                    notes.iter().for_each(|n| say_err(&format!("note: {n}")));
                    say_err(&format!(
                        "{}; nothing was written into {}",
                        counts(&diags),
                        opts.out.display()
                    ));
                    exit_code(&diags)
                }
                Err(Failure::Io(e)) => {
                    say_err(&format!("error: {e}"));
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// The build's summary: notes on stderr, one line on stdout.
fn print_build(opts: &BuildOptions, s: &crate::BuildSummary) -> ExitCode {
    let o = &s.output;
    for n in &s.notes {
        say_err(&format!("note: {n}"));
    }
    for r in &o.removed {
        say_err(&format!(
            "removed {}: esep wrote it and this build no longer makes it",
            opts.out.join(r).display()
        ));
    }
    for r in &o.released {
        say_err(&format!(
            "kept {}: this build no longer makes it, but it was changed after esep wrote it, so it is yours now",
            opts.out.join(r).display()
        ));
    }
    let langs: Vec<&str> = s.langs.iter().map(|l| l.code()).collect();
    let formats: Vec<&str> = s.formats.iter().map(|f| f.extension()).collect();
    let mut line = format!(
        "built {} tables in {} sections, {} ({}), {} ({}): {} files in {} in {:.3} s",
        s.tables,
        s.sections,
        plural(langs.len(), "language"),
        langs.join(", "),
        plural(formats.len(), "format"),
        formats.join(", "),
        o.written,
        opts.out.display(),
        s.elapsed.as_secs_f64(),
    );
    if o.kept > 0 {
        let kept_formats: Vec<&str> = o.kept_formats.iter().map(String::as_str).collect();
        line.push_str(&format!(
            "; kept {} of an earlier build ({})",
            plural(o.kept, "file"),
            kept_formats.join(", ")
        ));
        if o.kept_from_other_inputs > 0 {
            line.push_str(&format!(
                ", {} made from other inputs than these (they may show old figures: \
                 build every language and format to refresh them)",
                o.kept_from_other_inputs
            ));
        }
    }
    let warnings = s
        .warnings
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    line.push_str(&format!("; {}", plural(warnings, "warning")));
    let pending: Vec<&Diagnostic> = s
        .warnings
        .iter()
        .filter(|d| d.kind == crate::diag::Code::ToFill)
        .collect();
    if !pending.is_empty() {
        line.push_str(&format!(
            "; a draft: {} still to fill in, printed as […] (`esep check --draft` lists them)",
            crate::check::to_fill_words(&pending)
        ));
    }
    stdout_line(&line)
}

/// `esep diff`: 0 when nothing changed, 1 when something did, 2 when a side cannot be read.
fn diff(
    old: &str,
    new: Option<&str>,
    data: &Path,
    lang: Lang,
    format: crate::diff::Style,
) -> ExitCode {
    let open = |spec: Option<&str>| {
        crate::diff::open(spec, data).map_err(|e| match e {
            crate::diff::SideError::Data(name, diags) => {
                // Its warnings would bury the errors that stop the comparison.
                let errors: Vec<Diagnostic> = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .cloned()
                    .collect();
                print_grouped(&errors);
                say_err(&format!(
                    "{}; `{name}` does not check, so it cannot be compared",
                    counts(&diags)
                ));
            }
            crate::diff::SideError::Other(message) => say_err(&format!("error: {message}")),
        })
    };
    let (Ok(a), Ok(b)) = (open(Some(old)), open(new)) else {
        return ExitCode::from(2);
    };
    let changes = crate::diff::compare(&a, &b, lang);
    let mut out = std::io::stdout().lock();
    let text = crate::diff::render(&changes, format);
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) if changes.is_empty() => ExitCode::SUCCESS,
        Ok(()) => ExitCode::from(1),
        Err(e) => {
            say_err(&format!("error: cannot write to standard output: {e}"));
            ExitCode::from(2)
        }
    }
}

/// A line on standard output. A closed or full stdout is an I/O error (exit 2), not a
/// panic.
fn stdout_line(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say_err(&format!("error: cannot write to standard output: {e}"));
            ExitCode::from(2)
        }
    }
}

/// A line on standard error; if even that is closed there is no one left to tell.
fn say_err(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `0 errors, 5 warnings, 9 notes`, then what the reconciliation found by kind.
fn counts(diags: &[Diagnostic]) -> String {
    let n = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let mut text = format!(
        "{}, {}, {}",
        plural(n(Severity::Error), "error"),
        plural(n(Severity::Warning), "warning"),
        plural(n(Severity::Note), "note")
    );
    let to_fill: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.kind == crate::diag::Code::ToFill)
        .collect();
    if !to_fill.is_empty() {
        let mut files: Vec<_> = to_fill
            .iter()
            .filter_map(|d| d.span.as_ref().map(|s| &s.file))
            .collect();
        files.sort();
        files.dedup();
        text.push_str(&format!(
            "; still to fill in: {} in {}",
            crate::check::to_fill_words(&to_fill),
            plural(files.len(), "file")
        ));
    }
    let findings: Vec<Diagnostic> = diags.iter().filter(|d| is_finding(d)).cloned().collect();
    if !findings.is_empty() {
        text.push_str(&format!("; reconciliation: {}", finding_counts(&findings)));
    }
    text
}

fn is_finding(d: &Diagnostic) -> bool {
    Kind::ALL.iter().any(|k| k.code() == d.kind)
}

/// `2 changed, 1 within rounding, 4 assumed base, …`: the kinds found, in their order.
fn finding_counts(findings: &[Diagnostic]) -> String {
    Kind::ALL
        .iter()
        .filter_map(|k| {
            let n = findings.iter().filter(|d| d.kind == k.code()).count();
            (n > 0).then(|| format!("{n} {}", k.title()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The problems, then the reconciliation's findings grouped by kind, each group under a
/// line saying what the kind means.
fn print_grouped(diags: &[Diagnostic]) {
    let (findings, others): (Vec<_>, Vec<_>) = diags.iter().cloned().partition(is_finding);
    let (to_fill, others): (Vec<_>, Vec<_>) = others
        .into_iter()
        .partition(|d| d.kind == crate::diag::Code::ToFill);
    print_diagnostics(&others);
    print_to_fill(&to_fill);
    for kind in Kind::ALL {
        let group: Vec<Diagnostic> = findings
            .iter()
            .filter(|d| d.kind == kind.code())
            .cloned()
            .collect();
        if !group.is_empty() {
            say_err(&format!(
                "── {} ({}): {}",
                kind.title(),
                group.len(),
                kind.meaning()
            ));
            print_diagnostics(&group);
        }
    }
}

/// What is still to fill in, one line each under its file: next year's project has
/// hundreds, and a quoted source line apiece would bury everything else.
fn print_to_fill(list: &[Diagnostic]) {
    let Some(first) = list.first() else { return };
    let severity = match first.severity {
        Severity::Error => "errors",
        _ => "notes",
    };
    say_err(&format!(
        "── still to fill in ({}, {severity}), by file: type each figure in place of `~`; `--draft` builds with […] instead",
        list.len()
    ));
    let mut file = None;
    for d in list {
        let Some(span) = &d.span else { continue };
        if file != Some(&span.file) {
            say_err(&span.file.display().to_string());
            file = Some(&span.file);
        }
        let what = d.message.trim_end_matches(": still to fill in");
        say_err(&format!("  {}:{}  {what}", span.line, span.column));
        if let Some(hint) = d
            .hint
            .as_ref()
            .filter(|h| !h.starts_with("type the figure"))
        {
            say_err(&format!("      hint: {hint}"));
        }
    }
}

/// 2 when an input directory is missing (a usage problem), 1 for any other error, else 0.
fn exit_code(diags: &[Diagnostic]) -> ExitCode {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error);
    if errors.clone().any(|d| d.kind.is_usage()) {
        ExitCode::from(2)
    } else if errors.count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        say_err(&d.with_source());
    }
}

/// The two commands to run after `esep init DIR`: check the new chapter, then build it.
/// `DIR` is quoted for the shell when it needs to be; `.` needs no `cd`.
fn next_steps(dir: &Path) -> [String; 2] {
    let check = if dir == Path::new(".") || dir.as_os_str().is_empty() {
        "esep check".to_owned()
    } else {
        // `cd -x` would read a directory named `-x` as an option.
        let dir = dir.to_string_lossy();
        let dir = if dir.starts_with('-') {
            format!("./{dir}")
        } else {
            dir.into_owned()
        };
        format!("cd {} && esep check", shell_quoted(&dir))
    };
    [check, "esep build".to_owned()]
}

/// `text` as one shell word: as is when it holds only characters no shell treats
/// specially, else in single quotes (a `'` inside written `'\''`).
fn shell_quoted(text: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./+,:@%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_says_what_to_run_next() {
        let cases: &[(&str, &str)] = &[
            (".", "esep check"),
            ("", "esep check"),
            ("../chapter-2025", "cd ../chapter-2025 && esep check"),
            ("/tmp/Есеп 2025", "cd '/tmp/Есеп 2025' && esep check"),
            ("it's", "cd 'it'\\''s' && esep check"),
            ("-x", "cd ./-x && esep check"),
            ("a;rm", "cd 'a;rm' && esep check"),
        ];
        for (dir, check) in cases {
            assert_eq!(
                next_steps(Path::new(dir)),
                [check.to_string(), "esep build".to_owned()],
                "{dir}"
            );
        }
    }
}
