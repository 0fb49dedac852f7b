//! Every feature spec in `tests/fixtures/specs` generates a crate, and all of
//! those crates build warning-free together in one throwaway workspace, where
//! each crate page's quick start runs as a doc test.

use integration_tests::codegen::{self, yaml_files_in};
use integration_tests::crates::{
    cargo_check, cargo_doc_tests, target_dir, workspace_root, write_crate,
};
use std::fmt::Write as _;

/// Source text without whitespace or trailing commas in lists, so checks do
/// not depend on where the formatter breaks lines.
fn squeeze(text: &str) -> String {
    let bare: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    bare.replace(",>", ">")
        .replace(",)", ")")
        .replace(",]", "]")
}

/// What the generated source of one feature spec must contain.
struct Expect {
    spec: &'static str,
    file: &'static str,
    /// Compared after [`squeeze`] on both sides.
    needles: &'static [&'static str],
}

const EXPECTATIONS: &[Expect] = &[
    Expect {
        spec: "tagged_union",
        file: "src/models.rs",
        needles: &[
            "pub enum Shape {",
            "Circle(Circle),",
            "Square(Square),",
            "Label(Label),",
            "Unknown(serde_json::Value),",
            "crate::runtime::tagged_union! { Shape, \"type\";",
            "Circle = \"circle\";",
            "Square = \"square\";",
            "Label = \"label\";",
        ],
    },
    Expect {
        spec: "discriminator_mapping",
        file: "src/models.rs",
        needles: &[
            "pub enum Pet {",
            "crate::runtime::tagged_union! { Pet, \"petType\";",
            "= \"cat\";",
            "Dog = \"doggo\" | \"dog\";",
            "= \"Lizard\";",
            "Unknown(serde_json::Value),",
        ],
    },
    Expect {
        spec: "untagged_one_of",
        file: "src/models.rs",
        needles: &[
            "#[serde(untagged)] pub enum Flexible {",
            "String(String),",
            "Array(Vec<String>),",
            "Integer(#[serde(deserialize_with = \"crate::runtime::number::deserialize\")] i64),",
            "Unknown(serde_json::Value),",
            "pub value: Flexible,",
        ],
    },
    Expect {
        spec: "all_of",
        file: "src/models.rs",
        needles: &[
            "pub struct Employee {",
            "pub created_at: i64,",
            "pub name: String,",
            // Optional in the member that declares it, required by a later one.
            "pub email: String,",
            "pub team: Option<EmployeeTeam>,",
            "pub updated_at: Option<i64>,",
            // readOnly and required: required in what is received, absent
            // from the request form.
            "pub id: String,",
            "pub struct EmployeeRequest {",
        ],
    },
    Expect {
        spec: "recursive",
        file: "src/models.rs",
        needles: &[
            "Box<",
            "pub parent: Option<Box<TreeNode>>,",
            "pub children: Option<Vec<TreeNode>>,",
            "pub desk: Box<Desk>,",
            "pub owner: Option<Box<Person>>,",
        ],
    },
    Expect {
        spec: "maps",
        file: "src/models.rs",
        needles: &[
            "pub limits: std::collections::BTreeMap<String, i32>,",
            "pub labels: Option<serde_json::Map<String, serde_json::Value>>,",
            "pub anything: Option<serde_json::Map<String, serde_json::Value>>,",
            "std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>",
            "std::collections::BTreeMap<String, Owner>",
            "pub struct Tags(pub std::collections::BTreeMap<String, Option<String>>);",
        ],
    },
    Expect {
        spec: "nullable_optional",
        file: "src/models.rs",
        needles: &[
            "pub display_name: String,",
            "pub nickname: Option<String>,",
            "#[serde(skip_serializing_if = \"Option::is_none\")] pub bio: Option<Option<String>>,",
            "nickname = \"nickname\" => opt; bio = \"bio\" => clear;",
            "pub age: Option<i64>,",
            "pub avatar: Option<Option<Avatar>>,",
        ],
    },
    Expect {
        spec: "awkward_names",
        file: "src/models.rs",
        needles: &[
            "pub r#type: String,",
            "pub self_: String,",
            "pub r#match: bool,",
            "#[serde(rename = \"1st\")] pub _1st: i64,",
            "_1st = \"1st\" => req_num;",
            "#[serde(rename = \"foo-bar\",",
            "#[serde(rename = \"fooBar\",",
            // A property named `extra` pushes the catch-all field aside.
            "pub extra: Option<String>,",
            "#[serde(flatten)] pub extra_2:",
            "#[serde(rename = \"Self\",",
            "pub r#async:",
            "pub struct FooBar {",
            "pub struct FooBar2 {",
            "pub struct Self_ {",
            // Schemas named like the prelude types generated code uses.
            "pub string: Option<String2>,",
            "pub option: Option<Option2>,",
            "pub struct Option2 {",
            "V1024x1024 = \"1024x1024\";",
            "= \"a.b\";",
            "= \"\";",
            "Unknown2 = \"unknown\";",
        ],
    },
    Expect {
        spec: "awkward_names",
        file: "src/client.rs",
        needles: &[
            "pub async fn r#match(&self, r#type: &str,",
            "runtime::RequestParts::new(&Self::MATCH, &[r#type])?",
            "pub async fn builder_2(",
            "pub async fn new_2(",
        ],
    },
    Expect {
        spec: "query_params",
        file: "src/models.rs",
        needles: &[
            "pub struct ListItemsQuery {",
            "pub search: String,",
            "pub limit: Option<i32>,",
            "pub offset: Option<u64>,",
            "pub ratio: Option<crate::runtime::Number>,",
            "pub include_archived: Option<bool>,",
            "pub ids: Option<Vec<String>>,",
            "pub kinds: Option<Vec<Kind>>,",
            "query.value(\"filter\", crate::runtime::ParamStyle::form(true), value)?;",
            "pub struct CountItemsQuery { /// The `kind` query parameter. pub kind: Kind,",
        ],
    },
    Expect {
        spec: "query_params",
        file: "src/client.rs",
        needles: &[
            "query: &crate::models::ListItemsQuery",
            ".query(query.to_query()?)",
        ],
    },
    Expect {
        spec: "no_operation_id",
        file: "src/client.rs",
        needles: &[
            "const DEFAULT_BASE_URL: &str = \"https://api.example.com/v1\";",
            "pub async fn get_widgets_by_widget_id(&self, widget_id: &str,) -> Result<crate::models::Widget, Error>",
            "pub async fn delete_widgets_by_widget_id(&self, widget_id: &str,) -> Result<(), Error>",
            "pub async fn post_widgets(&self, body: Option<&crate::models::Widget>,) -> Result<(), Error>",
        ],
    },
    Expect {
        spec: "headers_deprecated",
        file: "src/client.rs",
        needles: &[
            "headers: &[(\"OpenAI-Beta\", \"v2\")]",
            "#[deprecated] pub async fn list_legacy_reports(",
            "#[deprecated] pub async fn create_legacy_report(",
        ],
    },
    Expect {
        spec: "headers_deprecated",
        file: "src/models.rs",
        needles: &[
            "#[deprecated] #[derive(Debug, Clone, PartialEq, Default, serde::Serialize)] pub struct LegacyReport {",
            "#[deprecated] #[derive(Debug, Clone, PartialEq, Eq, Hash)] pub enum LegacyKind {",
        ],
    },
    Expect {
        spec: "security_schemes",
        file: "src/client.rs",
        needles: &[
            "runtime::CredentialSpec::Header(\"x-api-key\")",
            "runtime::CredentialSpec::Bearer",
            "pub fn api_key(",
            "pub fn bearer_auth(",
            "const API_KEY: runtime::CredentialId = runtime::CredentialId(0);",
            "const BEARER_AUTH: runtime::CredentialId = runtime::CredentialId(1);",
            "id: \"health\", method: \"GET\", path: \"/health\", server: None, headers: &[], credentials: &[],",
            "id: \"createToken\", method: \"POST\", path: \"/tokens\", server: None, headers: &[], credentials: &[API_KEY, BEARER_AUTH],",
            "id: \"whoAmI\", method: \"GET\", path: \"/me\", server: None, headers: &[], credentials: &[API_KEY],",
            "runtime::CredentialSpec::Basic",
            "pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {",
            "id: \"listAccounts\", method: \"GET\", path: \"/accounts\", server: None, headers: &[], credentials: &[BASIC_AUTH],",
        ],
    },
    Expect {
        spec: "security_schemes",
        file: "src/client.rs",
        needles: &[
            "runtime::CredentialSpec::Query(\"key\")",
            "runtime::CredentialSpec::Cookie(\"SESSION\")",
            "pub fn session(mut self, value: impl Into<String>) -> Self {",
            "credentials: &[API_KEY], accept: \"application/json\", }; /// Sends `GET /public/feed` (operation `publicFeed`). /// /// Authentication is optional",
            "authorization URL `https://auth.example.com/authorize`, token URL `https://auth.example.com/token`, refresh URL `https://auth.example.com/refresh`; scopes: `calendar.read` (Read calendars), `calendar.write`.",
            "the provider's discovery document is `https://auth.example.com/.well-known/openid-configuration`",
            "credentials: &[OAUTH, OIDC],",
        ],
    },
    Expect {
        spec: "servers",
        file: "src/client.rs",
        needles: &[
            "const DEFAULT_BASE_URL: &str = \"https://us.api.example.com/v1\";",
            "url: \"https://{region}.api.example.com/{version}\",",
            "allowed: &[\"us\", \"eu\"],",
            "inner.server(&SERVER);",
            "pub fn server_region(mut self, value: impl Into<String>) -> Self {",
            "pub fn server_version(mut self, value: impl Into<String>) -> Self {",
            "id: \"listUploads\", method: \"GET\", path: \"/uploads\", server: Some(\"https://main.files.example.com\"),",
            "id: \"upload\", method: \"POST\", path: \"/uploads\", server: Some(\"https://uploads.example.com\"),",
            "id: \"status\", method: \"GET\", path: \"/status\", server: None,",
            "id: \"proxy\", method: \"GET\", path: \"/proxy\", server: None,",
            "/// - `CUSTOM_GATEWAY_URL` (A self-hosted gateway)",
            "/// - `/v1` (The host serving this document)",
        ],
    },
    Expect {
        spec: "cookie_params",
        file: "src/models.rs",
        needles: &[
            "pub struct GetPreferencesParams {",
            "pub session_id: String,",
            "pub theme: Option<GetPreferencesTheme>,",
            "pub tabs: Option<Vec<i64>>,",
            "pub(crate) fn to_cookies(&self)",
            "pub struct SearchQuery {",
            "pub locale: Option<String>,",
        ],
    },
    Expect {
        spec: "cookie_params",
        file: "src/client.rs",
        needles: &[
            "runtime::CredentialSpec::Cookie(\"csrf\")",
            ".cookies(query.to_cookies()?)",
            ".query(query.to_query()?).headers(query.to_headers()?).cookies(query.to_cookies()?)",
        ],
    },
    Expect {
        spec: "request_bodies",
        file: "src/client.rs",
        needles: &[
            // An optional body that allows no fields is not asked for.
            "pub async fn list_items(&self) -> Result<Vec<String>, Error> {",
            "pub async fn delete_item(&self, item_id: &str) -> Result<(), Error> {",
            // A form body without properties is sent from its entries.
            "body: &std::collections::BTreeMap<String, String>",
            "form.fields_of(body)?;",
            // The best of several media types, with the others named.
            "The body is sent as `application/json`; the spec also offers `text/plain`, `application/x-www-form-urlencoded`.",
            "The body is sent as `application/x-www-form-urlencoded`; the spec also offers `multipart/form-data`.",
            "parts.json_as(body, \"application/merge-patch+json\")?",
            "parts.raw(bytes::Bytes::copy_from_slice(body), \"application/x-protobuf\")",
        ],
    },
    Expect {
        spec: "boolean_schemas",
        file: "src/models.rs",
        needles: &[
            "pub metadata: Option<serde_json::Value>,",
            "pub labels: Option<Vec<serde_json::Value>>,",
            "pub priority: Option<NotePriority>,",
            "/// The `Integer` form. Integer(#[serde(deserialize_with = \"crate::runtime::number::deserialize\")] i64), /// A value matching none of the forms above",
            "pub struct Anything(pub serde_json::Value);",
        ],
    },
    Expect {
        spec: "tuples",
        file: "src/models.rs",
        needles: &[
            "pub struct Point(pub (crate::runtime::Number, crate::runtime::Number));",
            "pub summary: Option<(String, i64, Option<bool>)>,",
            "pub leg: Option<(Point, RouteLeg1)>,",
        ],
    },
    Expect {
        spec: "pointer_refs",
        file: "src/models.rs",
        needles: &[
            "pub license: Option<LicenseAllOf0>,",
            "pub previous_license: Option<LicenseAllOf0>,",
            "pub owner_name: Option<String>,",
            "pub address: Option<OwnerAddress>,",
            "pub listing: Option<ListOwnersResponse>,",
            "pub sibling: Option<Box<Pet>>,",
            "pub tag: Option<PetTagName>,",
        ],
    },
    Expect {
        spec: "pointer_refs",
        file: "src/client.rs",
        needles: &[
            "pub async fn list_pets( &self, query: &crate::models::ListPetsQuery, )",
            "pub async fn create_pet(&self, body: &crate::models::Owner)",
        ],
    },
    Expect {
        spec: "path_item_refs",
        file: "src/client.rs",
        needles: &[
            "id: \"listPets\", method: \"GET\", path: \"/pets\",",
            "id: \"get_animals\", method: \"GET\", path: \"/animals\",",
            "id: \"post_v2_pets\", method: \"POST\", path: \"/v2/pets\",",
        ],
    },
];

#[test]
fn every_fixture_spec_generates_a_crate_that_builds_without_warnings() {
    let root = workspace_root();
    let spec_dir = root.join("tests/fixtures/specs");
    let specs = yaml_files_in(&spec_dir);
    assert!(
        specs.len() >= 10,
        "expected at least 10 feature specs in {}, found {}",
        spec_dir.display(),
        specs.len()
    );

    let out_dir = target_dir().join("fixture-crates");
    let mut failures: Vec<String> = Vec::new();
    let mut members: Vec<String> = Vec::new();

    for (stem, path) in &specs {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let options = codegen::options(
            format!("fixture-{stem}"),
            format!("tests/fixtures/specs/{stem}.yaml"),
            "cargo test -p integration-tests --test fixture_specs_compile",
        );
        let output = match generator::generate(&text, &options) {
            Ok(output) => output,
            Err(e) => {
                failures.push(format!("{stem}.yaml: generation failed:\n{e}"));
                continue;
            }
        };
        if output.warnings.is_empty() {
            println!("{stem}.yaml: no warnings");
        } else {
            println!("{stem}.yaml: {} warnings", output.warnings.len());
            for w in &output.warnings {
                println!("  {}", w.to_string().replace('\n', "\n  "));
            }
        }

        for expect in EXPECTATIONS.iter().filter(|e| e.spec == stem) {
            let Some(file) = output.files.iter().find(|f| f.path == expect.file) else {
                failures.push(format!("{stem}.yaml: no {} was generated", expect.file));
                continue;
            };
            let haystack = squeeze(&file.contents);
            for needle in expect.needles {
                if !haystack.contains(&squeeze(needle)) {
                    failures.push(format!(
                        "{stem}.yaml: {} does not contain `{needle}`",
                        expect.file
                    ));
                }
            }
        }

        write_crate(&out_dir.join(stem), &output.files);
        members.push(stem.clone());
    }

    for expect in EXPECTATIONS {
        if !specs.iter().any(|(stem, _)| stem == expect.spec) {
            failures.push(format!(
                "checks are listed for {}.yaml, but there is no such spec",
                expect.spec
            ));
        }
    }

    if !members.is_empty() {
        match cargo_check(&out_dir, &members) {
            // Each crate page's quick start is a doc test: it must compile.
            Ok(_) => failures.extend(cargo_doc_tests(&out_dir).err()),
            Err(problem) => failures.push(problem),
        }
    }

    if !failures.is_empty() {
        let mut report = format!("{} problem(s) with the fixture specs:\n", failures.len());
        for f in &failures {
            let _ = writeln!(report, "\n- {f}");
        }
        panic!("{report}");
    }
}
