//! `classify -f json`/`jsonl` output against docs/schema/page.schema.json (issue 20).
//!
//! The schema is checked by a small validator of the keywords it uses (`type`, `enum`,
//! `required`, `properties`, `additionalProperties`, `items`, `prefixItems`, `minItems`,
//! `maxItems`, `minimum`, `maximum`): the `jsonschema` crate would bring a regex engine and an
//! HTTP client's worth of dependencies for the same check. A keyword the validator does not know
//! fails the test, so the schema cannot grow past what is checked.

use serde_json::Value;

use crate::cli::{run, unchrome};

const KNOWN: &[&str] = &[
    "$schema",
    "title",
    "description",
    "type",
    "enum",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
];

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string("docs/schema/page.schema.json").unwrap()).unwrap()
}

/// The ways `value` breaks `schema`, each with its JSON path.
fn check(schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(s) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            errors.push(format!("{at}: not allowed"));
        }
        return;
    };
    for k in s.keys() {
        assert!(
            KNOWN.contains(&k.as_str()),
            "schema keyword {k} at {at} is not checked"
        );
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(t) => vec![t.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type at {at}"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "number" => value.is_number(),
            "integer" => value.as_f64().is_some_and(|f| f.fract() == 0.0),
            other => panic!("unknown type {other} at {at}"),
        });
        if !ok {
            errors.push(format!("{at}: {value} is not of type {t}"));
            return;
        }
    }
    if let Some(Value::Array(allowed)) = s.get("enum") {
        if !allowed.contains(value) {
            errors.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let Some(n) = value.as_f64() {
        if s.get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| n < m)
        {
            errors.push(format!("{at}: {n} below the minimum"));
        }
        if s.get("maximum")
            .and_then(Value::as_f64)
            .is_some_and(|m| n > m)
        {
            errors.push(format!("{at}: {n} above the maximum"));
        }
    }
    if let Some(obj) = value.as_object() {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap();
            if !obj.contains_key(r) {
                errors.push(format!("{at}: required field {r} missing"));
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (k, v) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(p) => check(p, v, &format!("{at}.{k}"), errors),
                None => {
                    if s.get("additionalProperties") == Some(&Value::Bool(false)) {
                        errors.push(format!("{at}: field {k} is not in the schema"));
                    }
                }
            }
        }
    }
    if let Some(arr) = value.as_array() {
        if s.get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|m| (arr.len() as u64) < m)
        {
            errors.push(format!("{at}: fewer items than minItems"));
        }
        if s.get("maxItems")
            .and_then(Value::as_u64)
            .is_some_and(|m| (arr.len() as u64) > m)
        {
            errors.push(format!("{at}: more items than maxItems"));
        }
        let prefix = s.get("prefixItems").and_then(Value::as_array);
        for (i, v) in arr.iter().enumerate() {
            let item = prefix.and_then(|p| p.get(i)).or_else(|| s.get("items"));
            if let Some(item) = item {
                check(item, v, &format!("{at}[{i}]"), errors);
            }
        }
    }
}

fn errors(value: &Value) -> Vec<String> {
    let mut e = Vec::new();
    check(&schema(), value, "$", &mut e);
    e
}

#[test]
fn json_output_follows_the_schema() {
    // Pages with content, every chrome kind the fixtures have, paywall evidence with blocks.
    let pages = [
        "tests/fixtures/news.html",
        "tests/fixtures/paywall/hard-wall.html",
        "tests/fixtures/paywall/free-article.html",
        "tests/fixtures/regression/comments.html",
        "tests/fixtures/regression/cookie-banner.html",
    ];
    let r = run(unchrome().args(["classify", "-f", "json"]).args(pages), b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all: Value = serde_json::from_str(&r.stdout).unwrap();
    let all = all.as_array().expect("an array for several pages");
    assert_eq!(all.len(), pages.len());
    let r = run(
        unchrome().args(["classify", "-f", "jsonl"]).args(pages),
        b"",
    );
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, all);
    let (mut blocks, mut evidence_with_block, mut kinds) = (0, 0, 0);
    for page in all {
        assert_eq!(errors(page), Vec::<String>::new(), "{}", page["path"]);
        for b in page["blocks"].as_array().unwrap() {
            blocks += 1;
            kinds += usize::from(b.get("kinds").is_some());
        }
        evidence_with_block += page["paywall"]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e.get("block").is_some())
            .count();
    }
    // The optional fields occurred, so the schema checked them.
    assert!(blocks > 50 && kinds > 10 && evidence_with_block > 0);
}

#[test]
fn the_checker_finds_what_breaks_the_schema() {
    let r = run(
        unchrome().args(["classify", "-f", "json", "tests/fixtures/news.html"]),
        b"",
    );
    let page: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(errors(&page).is_empty());
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut p = page.clone();
        f(&mut p);
        errors(&p)
    };
    assert!(!broken(&|p| {
        p.as_object_mut().unwrap().remove("threshold");
    })
    .is_empty());
    assert!(!broken(&|p| p["blocks"][0]["label"] = "maybe".into()).is_empty());
    assert!(!broken(&|p| p["blocks"][0]["probability"] = 1.5.into()).is_empty());
    assert!(!broken(&|p| p["blocks"][0]["undocumented"] = 1.into()).is_empty());
    assert!(!broken(&|p| p["blocks"][0]["kinds"] = serde_json::json!([["nav", 0.5]])).is_empty());
    // A new page-level field (the page's metadata, say) stays valid.
    assert!(broken(&|p| p["metadata"] = serde_json::json!({"title": "x"})).is_empty());
}

/// Every field of the schema is documented in docs/cli.md's tables.
#[test]
fn every_json_field_is_documented() {
    let cli = std::fs::read_to_string("docs/cli.md").unwrap();
    fn fields(s: &Value, out: &mut Vec<String>) {
        if let Some(p) = s.get("properties").and_then(Value::as_object) {
            for (k, v) in p {
                out.push(k.clone());
                fields(v, out);
            }
        }
        if let Some(i) = s.get("items") {
            fields(i, out);
        }
    }
    let mut all = Vec::new();
    fields(&schema(), &mut all);
    assert!(all.len() > 20);
    for f in all {
        assert!(
            cli.contains(&format!("`{f}`")),
            "docs/cli.md does not document `{f}`"
        );
    }
}
