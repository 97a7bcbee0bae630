//! Embeds the shipped chapter (data/ and templates/) into the binary, so `esep init` can lay
//! it out anywhere as the starting point of next year's chapter.

use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    for top in ["data", "templates"] {
        println!("cargo:rerun-if-changed={top}");
        let dir = Path::new(&root).join(top);
        files.extend(
            walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .filter_map(|e| {
                    let rel = Path::new(top).join(e.path().strip_prefix(&dir).ok()?);
                    Some(rel.to_str()?.replace('\\', "/"))
                }),
        );
    }
    files.sort();
    let mut code = String::from(
        "/// The shipped chapter's data and templates, by path.\npub(crate) static FILES: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        code.push_str(&format!(
            "    ({f:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{f}\"))),\n"
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
