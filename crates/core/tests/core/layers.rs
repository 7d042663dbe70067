//! Core's modules form layers with no cycles, as `docs/ARCHITECTURE.md`
//! lists them: a module never imports one above it, and no two modules (nor
//! two sibling submodules of one module) import each other. The layer list
//! and the upward imports not yet untied are read from the document itself,
//! so the two cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A reference from one source line to a module path.
#[derive(Debug, Clone)]
struct Reference {
    file: String,
    line: usize,
    /// The referring file's module path, e.g. `["records", "deals"]`.
    from: Vec<String>,
    /// The resolved path referred to, e.g. `["records", "stages", "Stage"]`.
    to: Vec<String>,
    /// A `pub use` that re-exports what it names.
    reexport: bool,
}

/// The layers (highest first) and the allowed upward imports, as written in
/// the `layers` and `layer-exceptions` blocks of `docs/ARCHITECTURE.md`.
struct LayerList {
    layer_of: BTreeMap<String, usize>,
    exceptions: BTreeSet<(String, String)>,
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fenced_block(doc: &str, info: &str) -> Vec<String> {
    let open = format!("```{info}");
    let mut lines = doc.lines().skip_while(|l| l.trim() != open);
    assert!(
        lines.next().is_some(),
        "docs/ARCHITECTURE.md has no ```{info} block"
    );
    lines
        .take_while(|l| l.trim() != "```")
        .map(|l| l.split('#').next().unwrap_or("").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

fn parse_layer_list(doc: &str) -> LayerList {
    let layers = fenced_block(doc, "layers");
    let count = layers.len();
    let mut layer_of = BTreeMap::new();
    for (i, line) in layers.iter().enumerate() {
        for module in line.split_whitespace() {
            // Highest first in the document; layer 0 is the bottom.
            let previous = layer_of.insert(module.to_owned(), count - 1 - i);
            assert!(previous.is_none(), "{module} is listed twice in the layers");
        }
    }
    let exceptions = fenced_block(doc, "layer-exceptions")
        .iter()
        .map(|line| {
            let (from, to) = line
                .split_once("->")
                .unwrap_or_else(|| panic!("a layer exception is `from -> to`, not {line:?}"));
            (from.trim().to_owned(), to.trim().to_owned())
        })
        .collect();
    LayerList {
        layer_of,
        exceptions,
    }
}

/// Source text with comments, string and character literals blanked out
/// (line breaks kept, so line numbers stay true), and `#[cfg(test)]` modules
/// removed: test code may use any module.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, c: u8| out.push(if c == b'\n' { b'\n' } else { b' ' });
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            while i < b.len() && !b[i..].starts_with(b"*/") {
                blank(&mut out, b[i]);
                i += 1;
            }
            out.extend_from_slice(b"  ");
            i += 2;
        } else if b[i] == b'r'
            && (b[i..].starts_with(b"r\"") || b[i..].starts_with(b"r#"))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push(b[i]);
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            i += 2 + hashes;
            out.extend(std::iter::repeat_n(b' ', 2 + hashes));
            while i < b.len() && !b[i..].starts_with(&close) {
                blank(&mut out, b[i]);
                i += 1;
            }
            out.extend(std::iter::repeat_n(b' ', close.len()));
            i += close.len();
        } else if b[i] == b'"' {
            out.push(b' ');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    out.push(b' ');
                    i += 1;
                }
                if i < b.len() {
                    blank(&mut out, b[i]);
                    i += 1;
                }
            }
            out.push(b' ');
            i += 1;
        } else if b[i] == b'\'' {
            // A character literal ('x', '\n', '\u{..}'), or a lifetime.
            let end = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map(|p| i + 2 + p)
            } else {
                let len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 1 + len)
            };
            match end {
                Some(end) => {
                    out.extend(std::iter::repeat_n(b' ', end + 1 - i));
                    i = end + 1;
                }
                None => {
                    out.push(b'\'');
                    i += 1;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    // Drop `#[cfg(test)] mod name { … }` (braces balance once literals are gone).
    while let Some(start) = text.find("#[cfg(test)]") {
        let after = &text[start + "#[cfg(test)]".len()..];
        let Some(open) = after.find('{') else { break };
        let mut depth = 0;
        let mut end = after.len();
        for (j, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        let removed = &text[start..start + "#[cfg(test)]".len() + end];
        let kept: String = removed
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        text.replace_range(start..start + "#[cfg(test)]".len() + end, &kept);
    }
    text
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Parses the path at the start of `text` (after a `crate`, `super` or
/// `self`), expanding `{…}` groups; returns every path it names.
fn paths_at(text: &str) -> Vec<Vec<String>> {
    fn parse(chars: &[char], i: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let mut path = prefix.to_vec();
        loop {
            while *i < chars.len() && chars[*i].is_whitespace() {
                *i += 1;
            }
            if *i < chars.len() && chars[*i] == '{' {
                *i += 1;
                loop {
                    parse(chars, i, &path, out);
                    while *i < chars.len() && chars[*i].is_whitespace() {
                        *i += 1;
                    }
                    match chars.get(*i) {
                        Some(',') => *i += 1,
                        Some('}') => {
                            *i += 1;
                            break;
                        }
                        _ => break,
                    }
                    while *i < chars.len() && chars[*i].is_whitespace() {
                        *i += 1;
                    }
                    if chars.get(*i) == Some(&'}') {
                        *i += 1;
                        break;
                    }
                }
                return;
            }
            let start = *i;
            while *i < chars.len() && is_ident(chars[*i]) {
                *i += 1;
            }
            let segment: String = chars[start..*i].iter().collect();
            if segment.is_empty() {
                break;
            }
            if segment != "self" || path.is_empty() {
                path.push(segment);
            }
            let rest: String = chars[*i..chars.len().min(*i + 4)].iter().collect();
            let trimmed = rest.trim_start();
            if trimmed.starts_with("::") {
                *i += rest.len() - trimmed.len() + 2;
            } else {
                break;
            }
        }
        out.push(path);
    }
    let chars: Vec<char> = text.chars().take(4000).collect();
    let mut out = Vec::new();
    let mut i = 0;
    parse(&chars, &mut i, &[], &mut out);
    out
}

/// The module path of a source file: `records/deals.rs` → records::deals,
/// `records/contacts/mod.rs` → records::contacts, `lib.rs` → the root.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

/// Every `crate::…`, `super::…` and `self::…` reference of every `.rs` file
/// under `src`, resolved to an absolute module path.
fn references(src: &Path) -> Vec<Reference> {
    let mut files = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut refs = Vec::new();
    for path in files {
        let relative = path.strip_prefix(src).unwrap();
        let from = module_path(relative);
        let code = code_only(&std::fs::read_to_string(&path).unwrap());
        let first = refs.len();
        for (start, _) in code.match_indices("::") {
            let before = &code[..start];
            let word_start = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_ident(c))
                .last()
                .map_or(start, |(i, _)| i);
            let word = &code[word_start..start];
            if !matches!(word, "crate" | "super" | "self") {
                continue;
            }
            // Only the head of a path: `super::super::x` is read once.
            if code[..word_start].trim_end().ends_with("::") {
                continue;
            }
            let base: Vec<String> = match word {
                "crate" => Vec::new(),
                "self" => from.clone(),
                _ => from[..from.len().saturating_sub(1)].to_vec(),
            };
            let reexport = code[..word_start].trim_end().ends_with("pub use")
                || code[..word_start].trim_end().ends_with("pub(crate) use");
            for tail in paths_at(&code[word_start..]) {
                let mut to = base.clone();
                for segment in tail.into_iter().skip(1) {
                    if segment == "super" {
                        to.pop();
                    } else {
                        to.push(segment);
                    }
                }
                refs.push(Reference {
                    file: format!("crates/core/src/{}", relative.display()),
                    line: code[..word_start].matches('\n').count() + 1,
                    from: from.clone(),
                    to,
                    reexport,
                });
            }
        }
        // A module brought in by name (`use crate::vault;`) and then used
        // as `vault::subkey(…)`: that use names what it reaches too.
        let aliases: BTreeMap<String, Vec<String>> = refs[first..]
            .iter()
            .filter_map(|r| {
                let last = r.to.last()?;
                last.starts_with(|c: char| c.is_lowercase())
                    .then(|| (last.clone(), r.to.clone()))
            })
            .collect();
        for (alias, target) in &aliases {
            let pattern = format!("{alias}::");
            for (start, _) in code.match_indices(&pattern) {
                let before = code[..start].chars().next_back();
                if before.is_some_and(|c| is_ident(c) || c == ':') {
                    continue;
                }
                let Some(tail) = paths_at(&code[start..]).into_iter().next() else {
                    continue;
                };
                let mut to = target.clone();
                to.extend(tail.into_iter().skip(1));
                refs.push(Reference {
                    file: format!("crates/core/src/{}", relative.display()),
                    line: code[..start].matches('\n').count() + 1,
                    from: from.clone(),
                    to,
                    reexport: false,
                });
            }
        }
    }
    // A path through a re-export (`auth::user_name_key`, which `auth`
    // re-exports from `vault::names`) leads to where the item is defined.
    let reexports: BTreeMap<Vec<String>, Vec<String>> = refs
        .iter()
        .filter(|r| r.reexport && !r.from.is_empty())
        .filter_map(|r| {
            let mut key = r.from.clone();
            key.push(r.to.last()?.clone());
            (key != r.to).then(|| (key, r.to.clone()))
        })
        .collect();
    for r in &mut refs {
        for _ in 0..4 {
            let Some((key, target)) = reexports.iter().find(|(k, _)| r.to.starts_with(k)) else {
                break;
            };
            let mut to = target.clone();
            to.extend(r.to[key.len()..].iter().cloned());
            r.to = to;
        }
    }
    refs
}

/// The items `lib.rs` re-exports at the crate root (`crate::Error` is
/// `error`'s), by name.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let code = code_only(lib);
    let mut map = BTreeMap::new();
    for (start, _) in code.match_indices("pub use ") {
        for path in paths_at(&code[start + "pub use ".len()..]) {
            if let (Some(module), Some(item)) = (path.first(), path.last()) {
                map.insert(item.clone(), module.clone());
            }
        }
    }
    map
}

/// The top-level module a reference points into, if it is one.
fn top_module(
    to: &[String],
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Option<String> {
    let first = to.first()?;
    if modules.contains(first) {
        Some(first.clone())
    } else {
        reexports.get(first).cloned()
    }
}

/// Checks `refs` against `list`; returns one line per offence.
fn offences(refs: &[Reference], modules: &BTreeSet<String>, list: &LayerList) -> Vec<String> {
    let lib = std::fs::read_to_string(crate_dir().join("src/lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let mut problems = Vec::new();
    for module in modules {
        if !list.layer_of.contains_key(module) {
            problems.push(format!(
                "module `{module}` is missing from the layers in docs/ARCHITECTURE.md"
            ));
        }
    }
    for module in list.layer_of.keys() {
        if !modules.contains(module) {
            problems.push(format!(
                "docs/ARCHITECTURE.md lists a module `{module}` that crates/core/src does not have"
            ));
        }
    }

    // Top-level edges, with the first place each is made.
    let mut edges: BTreeMap<(String, String), &Reference> = BTreeMap::new();
    // Edges between sibling submodules of one top-level module.
    let mut sibling_edges: BTreeMap<(String, String), &Reference> = BTreeMap::new();
    for r in refs {
        let Some(from) = r.from.first() else { continue }; // the crate root
        let Some(to) = top_module(&r.to, modules, &reexports) else {
            continue;
        };
        if *from != to {
            edges.entry((from.clone(), to)).or_insert(r);
        } else if let (Some(a), Some(b)) = (r.from.get(1), r.to.get(1)) {
            let b_is_module = b.chars().next().is_some_and(char::is_lowercase);
            if a != b && b_is_module {
                sibling_edges
                    .entry((format!("{from}::{a}"), format!("{from}::{b}")))
                    .or_insert(r);
            }
        }
    }
    let excepted = |from: &str, to: &str| list.exceptions.contains(&(from.into(), to.into()));
    for ((from, to), r) in &edges {
        let (Some(&lf), Some(&lt)) = (list.layer_of.get(from), list.layer_of.get(to)) else {
            continue;
        };
        if lt > lf && !excepted(from, to) {
            problems.push(format!(
                "{}:{}: `{from}` imports `{}`, from a higher layer (`{to}`)",
                r.file,
                r.line,
                r.to.join("::")
            ));
        }
        if from < to
            && edges.contains_key(&(to.clone(), from.clone()))
            && !excepted(from, to)
            && !excepted(to, from)
        {
            let back = edges[&(to.clone(), from.clone())];
            problems.push(format!(
                "{}:{} and {}:{}: `{from}` and `{to}` import each other",
                r.file, r.line, back.file, back.line
            ));
        }
    }
    for ((a, b), r) in &sibling_edges {
        if a < b
            && sibling_edges.contains_key(&(b.clone(), a.clone()))
            && !excepted(a, b)
            && !excepted(b, a)
        {
            let back = sibling_edges[&(b.clone(), a.clone())];
            problems.push(format!(
                "{}:{} and {}:{}: `{a}` and `{b}` import each other",
                r.file, r.line, back.file, back.line
            ));
        }
    }
    for (from, to) in &list.exceptions {
        let needed = if from.contains("::") {
            sibling_edges.contains_key(&(from.clone(), to.clone()))
                && sibling_edges.contains_key(&(to.clone(), from.clone()))
        } else {
            edges.contains_key(&(from.clone(), to.clone()))
                && list.layer_of.get(to) >= list.layer_of.get(from)
        };
        if !needed {
            problems.push(format!(
                "the layer exception `{from} -> {to}` is no longer needed: remove it from docs/ARCHITECTURE.md"
            ));
        }
    }
    problems
}

fn top_level_modules(src: &Path) -> BTreeSet<String> {
    std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            if p.is_dir() {
                Some(name)
            } else {
                let stem = name.strip_suffix(".rs")?;
                (stem != "lib").then(|| stem.to_owned())
            }
        })
        .collect()
}

fn doc() -> String {
    std::fs::read_to_string(crate_dir().join("../../docs/ARCHITECTURE.md")).unwrap()
}

#[test]
fn no_core_module_imports_a_higher_layer_or_one_that_imports_it() {
    let src = crate_dir().join("src");
    let list = parse_layer_list(&doc());
    let problems = offences(&references(&src), &top_level_modules(&src), &list);
    assert!(
        problems.is_empty(),
        "the layers of docs/ARCHITECTURE.md are broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn an_upward_import_is_caught_with_its_file_and_line() {
    let src = crate_dir().join("src");
    let list = parse_layer_list(&doc());
    let mut refs = references(&src);
    refs.push(Reference {
        file: "crates/core/src/secret/mod.rs".into(),
        line: 7,
        from: vec!["secret".into()],
        to: vec!["backup".into(), "snapshot".into()],
        reexport: false,
    });
    let problems = offences(&refs, &top_level_modules(&src), &list);
    assert!(
        problems.iter().any(|p| p
            == "crates/core/src/secret/mod.rs:7: `secret` imports `backup::snapshot`, from a higher layer (`backup`)"),
        "{problems:#?}"
    );
}

#[test]
fn the_reference_reader_resolves_groups_super_and_the_crate_roots_reexports() {
    let code = code_only(
        "use crate::{audit::{self, Event}, Error};\n// crate::backup in a comment\nlet s = \"crate::monitor\";\nlet c = '\"'; super::super::x::y();\n#[cfg(test)]\nmod tests {\n    use crate::unlock;\n}\n",
    );
    let mut found: Vec<Vec<String>> = Vec::new();
    for (start, _) in code.match_indices("crate::") {
        found.extend(paths_at(&code[start..]));
    }
    assert_eq!(
        found,
        vec![
            vec!["crate", "audit"],
            vec!["crate", "audit", "Event"],
            vec!["crate", "Error"]
        ]
    );
    assert!(code.contains("super::super::x::y()"));
    assert_eq!(code.lines().count(), 8, "line numbers are kept");
    let lib = std::fs::read_to_string(crate_dir().join("src/lib.rs")).unwrap();
    assert_eq!(
        root_reexports(&lib).get("Error").map(String::as_str),
        Some("error")
    );
}
