//! `esep check` on the shipped 2024 chapter lists exactly the printed source's own
//! disagreements — and nothing that agrees. This is the regression oracle: the source's
//! printed figures are recorded as `published` in the data.

use std::path::Path;
use std::process::Command;

#[test]
fn check_lists_exactly_the_sources_own_disagreements() {
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
                d["severity"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "warning data/evaluation/facts.yaml:18 fact `assessed_share`: the source printed 51 but it recomputes to 44",
            "warning data/recruitment/recruitment_sources.yaml:49 table `recruitment_sources`, column `y2023`: the declared identity does not hold: `expect` talent_pool + internal + recruiting + young_specialists + resume_base is 490, but `equals` total_hired is 543",
            "warning data/recruitment/recruitment_sources.yaml:49 table `recruitment_sources`, column `y2024`: the declared identity does not hold: `expect` talent_pool + internal + recruiting + young_specialists + resume_base is 410, but `equals` total_hired is 403",
            "warning data/remuneration/average_wage.yaml:21 table `average_wage`, row `y2024`, column `deviation`: the source printed 28,1 but it recomputes to 25,9",
            "warning data/training/training_cost_by_area.yaml:33 table `training_cost_by_area`, row `total`, column `amount`: the source printed 187,33 but it recomputes to 187,30",
        ]
    );
}
