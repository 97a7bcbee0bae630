//! Embeds the shipped chapter (data/ and templates/) into the binary, so `esep init` can lay
//! it out anywhere as the starting point of next year's chapter.

use std::path::Path;

fn walk(root: &Path, rel: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let path = rel.join(entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(root, &path, out);
        } else if let Some(p) = path.to_str() {
            out.push(p.replace('\\', "/"));
        }
    }
}

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    for top in ["data", "templates"] {
        println!("cargo:rerun-if-changed={top}");
        walk(Path::new(&root), Path::new(top), &mut files);
    }
    files.sort();
    let mut code = String::from(
        "/// The shipped chapter's data and templates, by path.\npub static FILES: &[(&str, &[u8])] = &[\n",
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
