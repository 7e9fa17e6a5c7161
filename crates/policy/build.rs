//! Embeds the built-in rule set: every file under `rules/` of this crate
//! (in the repository a symlink to the top-level `rules/`, in a packaged
//! crate a copy of it). Fails the build when no rules file is found, so a
//! crate without its rules can never be built (fail closed).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = manifest.join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    walk(&rules, &mut files);
    files.retain(|p| p.extension().is_none_or(|e| e != "md"));
    files.sort();
    if !files.iter().any(|p| is_yaml(p)) {
        panic!(
            "no built-in rules file (*.yaml) under {}: redline-policy embeds its rules \
             at build time and refuses to build without them (in the repository, \
             crates/policy/rules is a symlink to the top-level rules/)",
            rules.display()
        );
    }
    let mut code = String::from("/// `(path relative to rules/, contents)` of every built-in rules file.\npub(crate) static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&rules).expect("walked below rules/");
        let abs = fs::canonicalize(path).expect("rules file exists");
        writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            rel.to_string_lossy(),
            abs.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    fs::write(out, code).expect("write generated file");
}
