//! `esep check` on the shipped 2024 chapter lists exactly the reconciliation the printed
//! source calls for — every difference from the print and every assumption, classified —
//! and nothing that agrees. This is the regression oracle: the source's printed figures are
//! recorded as `published` in the data, its disagreements as declarations.

use std::path::Path;
use std::process::Command;

#[test]
fn check_lists_exactly_the_reconciliation_of_the_printed_source() {
    let out = Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "W-changed data/evaluation/facts.yaml:18 fact `assessed_share`: the source printed 51 but it recomputes to 44",
            "N-assumed-base data/evaluation/facts.yaml:24 fact `assessed_men` = 1354 is an assumed base (the source does not print it); printed figures that rest on it: fact `assessed_men_share`; fact `assessed_women_share`",
            "N-assumed-base data/hr_policy/facts.yaml:33 fact `survey_base` = 3796 is an assumed base (the source does not print it); printed figures that rest on it: fact `survey_share`",
            "N-unverifiable data/hr_policy/srs_index.yaml:1 table `srs_index`: its printed figures cannot be recomputed (the source publishes no inputs)",
            "W-conflict data/hr_policy/srs_index.yaml:27 table `srs_index`, check: the declared identity does not hold: `expect` #survey_participants ÷ #headcount × 100 is 20,244716, but `equals` y2024@surveyed_share is 24,1",
            "N-assumed-base data/labour_relations/facts.yaml:22 fact `union_share_base` = 4005 is an assumed base (the source does not print it); printed figures that rest on it: fact `union_share`",
            "W-claim data/labour_relations/facts.yaml:39 fact `union_share`: the prose claims more than 94, but the figure is 93,86",
            "N-unverifiable data/labour_relations/facts.yaml:42 fact `union_growth` is printed without the inputs to recompute it",
            "W-conflict data/recruitment/recruitment_sources.yaml:50 table `recruitment_sources`, column `y2023`: the declared identity does not hold: `expect` talent_pool + internal + recruiting + young_specialists + resume_base is 490, but `equals` total_hired is 543",
            "W-conflict data/recruitment/recruitment_sources.yaml:50 table `recruitment_sources`, column `y2024`: the declared identity does not hold: `expect` talent_pool + internal + recruiting + young_specialists + resume_base is 410, but `equals` total_hired is 403",
            "W-changed data/remuneration/average_wage.yaml:21 table `average_wage`, row `current`, column `deviation`: the source printed 28,1 but it recomputes to 25,9",
            "W-conflict data/remuneration/headcount_by_level_gender.yaml:27 table `headcount_by_level_gender`, check: the declared identity does not hold: `expect` total@executives is 10, but `equals` gender_by_position/total@top_managers is 11",
            "W-conflict data/remuneration/headcount_by_level_gender.yaml:33 table `headcount_by_level_gender`, check: the declared identity does not hold: `expect` total@executives + total@managers is 660, but `equals` gender_by_position/total@all_managers is 699",
            "W-conflict data/remuneration/headcount_by_level_gender.yaml:39 table `headcount_by_level_gender`, check: the declared identity does not hold: `expect` total@executives + total@managers + total@specialists_workers is 4271, but `equals` #headcount is 4495",
            "N-unverifiable data/remuneration/pay_ratio_base_salary.yaml:1 table `pay_ratio_base_salary`: its printed figures cannot be recomputed (the source publishes no inputs)",
            "N-unverifiable data/remuneration/pay_ratio_total_remuneration.yaml:1 table `pay_ratio_total_remuneration`: its printed figures cannot be recomputed (the source publishes no inputs)",
            "N-assumed-base data/training/facts.yaml:24 fact `training_hours_base` = 2547 is an assumed base (the source does not print it); printed figures that rest on it: table `training_hours`, row `avg_per_employee`, column `men`; table `training_hours`, row `avg_per_employee`, column `women`; table `training_hours`, row `avg_per_employee`, column `aup`; table `training_hours`, row `avg_per_employee`, column `pp`; fact `avg_training_hours`",
            "N-within-rounding data/training/training_cost_by_area.yaml:33 table `training_cost_by_area`, row `total`, column `amount`: the source printed 187,33, the parts as printed add up to 187,30; that is within their rounding (±0,35), so the printed figure stands",
            "W-conflict data/turnover/hires_leavers.yaml:34 table `hires_leavers`, check: the declared identity does not hold: `expect` hired@all is 495, but `equals` recruitment_sources/y2024@total_hired is 403",
        ]
    );
}

#[test]
fn the_text_summary_counts_findings_by_kind() {
    let out = Command::new(env!("CARGO_BIN_EXE_esep"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("check")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.lines().last(),
        Some(
            "0 errors, 10 warnings, 9 notes; reconciliation: 2 changed, 1 within rounding, 4 assumed base, 7 conflict, 1 claim, 4 unverifiable"
        )
    );
    // Grouped by kind, in the order of the summary.
    let heads: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("── "))
        .map(|l| l.split(" (").next().unwrap())
        .collect();
    assert_eq!(
        heads,
        [
            "── changed",
            "── within rounding",
            "── assumed base",
            "── conflict",
            "── claim",
            "── unverifiable"
        ]
    );
}
