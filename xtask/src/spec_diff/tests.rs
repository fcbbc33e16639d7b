//! Tests on small inline fixtures written to a temporary directory.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use super::report::{Report, Section, Severity};
use super::{Options, choose_ours, diff, parse_args, swagger::Swagger};

/// The upstream common file, referenced from [`upstream`] as `../common/v1/common.json`.
fn common() -> Value {
    json!({
        "swagger": "2.0",
        "info": { "title": "common", "version": "v1" },
        "paths": {},
        "definitions": {
            "ErrorResponse": {
                "type": "object",
                "required": ["error"],
                "properties": { "error": { "$ref": "#/definitions/Error" } }
            },
            "Error": {
                "type": "object",
                "required": ["code"],
                "properties": {
                    "code": { "type": "string" },
                    "message": { "type": "string", "readOnly": true }
                }
            },
            "CloudModel": {
                "type": "string",
                "enum": ["public", "dod"],
                "x-ms-enum": { "name": "CloudModel", "modelAsString": true }
            },
            "IdentifierModel": {
                "type": "object",
                "properties": {
                    "rawId": { "type": "string" },
                    "cloud": { "$ref": "#/definitions/CloudModel" }
                }
            }
        }
    })
}

/// The upstream Swagger 2.0 document under test.
fn upstream() -> Value {
    let error =
        json!({ "description": "error", "schema": { "$ref": "#/definitions/ErrorResponse" } });
    json!({
        "swagger": "2.0",
        "info": { "title": "widgets", "version": "2024-01-01" },
        "x-ms-parameterized-host": {
            "hostTemplate": "{endpoint}",
            "parameters": [{ "$ref": "#/parameters/Endpoint" }]
        },
        "consumes": ["application/json"],
        "paths": {
            "/widgets/{id}": {
                "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
                "put": {
                    "operationId": "Widgets_Put",
                    "consumes": ["application/json", "application/merge-patch+json"],
                    "parameters": [
                        { "$ref": "#/parameters/ApiVersion" },
                        { "$ref": "#/parameters/Endpoint" },
                        { "name": "maxPageSize", "in": "query", "type": "integer", "format": "int32" },
                        { "name": "body", "in": "body", "required": true,
                          "schema": { "$ref": "#/definitions/Widget" } }
                    ],
                    "responses": {
                        "200": { "description": "ok", "schema": { "$ref": "#/definitions/Widget" } },
                        "default": error
                    },
                    "x-ms-examples": { "put": { "$ref": "./examples/does-not-exist.json" } }
                },
                "delete": {
                    "operationId": "Widgets_Delete",
                    "parameters": [{ "$ref": "#/parameters/ApiVersion" }],
                    "responses": { "204": { "description": "gone" }, "default": error }
                }
            }
        },
        "definitions": {
            "Identifier": { "$ref": "../common/v1/common.json#/definitions/IdentifierModel" },
            "ErrorResponse": { "$ref": "../common/v1/common.json#/definitions/ErrorResponse" },
            "Base": {
                "type": "object",
                "discriminator": "kind",
                "required": ["kind"],
                "properties": {
                    "kind": {
                        "type": "string",
                        "enum": ["round", "square"],
                        "x-ms-enum": { "name": "ShapeKind", "modelAsString": true }
                    }
                }
            },
            "Round": {
                "type": "object",
                "x-ms-discriminator-value": "round",
                "allOf": [{ "$ref": "#/definitions/Base" }],
                "required": ["radius"],
                "properties": { "radius": { "type": "number", "format": "double" } }
            },
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": { "type": "string", "readOnly": true },
                    "createdOn": { "type": "string", "format": "date-time" }
                }
            },
            "Widget": {
                "type": "object",
                "allOf": [{ "$ref": "#/definitions/Thing" }],
                "required": ["color"],
                "properties": {
                    "color": { "$ref": "#/definitions/Color" },
                    "owner": { "$ref": "#/definitions/Identifier" },
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                    "shape": { "$ref": "#/definitions/Base" }
                }
            },
            "Color": {
                "type": "string",
                "enum": ["red", "green"],
                "x-ms-enum": { "name": "Color", "modelAsString": false }
            },
            "Unused": { "type": "object", "properties": { "x": { "type": "string" } } }
        },
        "parameters": {
            "ApiVersion": { "name": "api-version", "in": "query", "required": true, "type": "string" },
            "Endpoint": {
                "name": "endpoint", "in": "path", "required": true, "type": "string",
                "x-ms-parameter-location": "client"
            }
        }
    })
}

/// Our OpenAPI 3.0 document, equivalent to [`upstream`].
fn ours() -> Value {
    let schema =
        |name: &str| json!({ "schema": { "$ref": format!("#/components/schemas/{name}") } });
    json!({
        "openapi": "3.0.3",
        "info": { "title": "widgets", "version": "2024-01-01" },
        "servers": [{ "url": "{endpoint}", "variables": { "endpoint": { "default": "" } } }],
        "paths": {
            "/widgets/{id}": {
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "put": {
                    "operationId": "Widgets_Put",
                    "parameters": [
                        { "$ref": "#/components/parameters/ApiVersion" },
                        { "name": "maxPageSize", "in": "query",
                          "schema": { "type": "integer", "format": "int32" } }
                    ],
                    "requestBody": {
                        "required": true,
                        "content": {
                            "application/json": schema("Widget"),
                            "application/merge-patch+json": schema("Widget")
                        }
                    },
                    "responses": {
                        "200": { "description": "ok", "content": { "application/json": schema("Widget") } },
                        "default": { "$ref": "#/components/responses/Error" }
                    }
                },
                "delete": {
                    "operationId": "Widgets_Delete",
                    "parameters": [{ "$ref": "#/components/parameters/ApiVersion" }],
                    "responses": {
                        "204": { "description": "gone" },
                        "default": { "$ref": "#/components/responses/Error" }
                    }
                }
            }
        },
        "components": {
            "parameters": {
                "ApiVersion": { "name": "api-version", "in": "query", "required": true,
                                "schema": { "type": "string" } }
            },
            "responses": {
                "Error": { "description": "error", "content": { "application/json": schema("ErrorResponse") } }
            },
            "schemas": {
                "ErrorResponse": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": { "$ref": "#/components/schemas/Error" } }
                },
                "Error": {
                    "type": "object",
                    "required": ["code"],
                    "properties": {
                        "code": { "type": "string" },
                        "message": { "type": "string", "readOnly": true }
                    }
                },
                "CloudModel": { "type": "string", "enum": ["public", "dod"], "x-acs-extensible": true },
                "IdentifierModel": {
                    "type": "object",
                    "properties": {
                        "rawId": { "type": "string" },
                        "cloud": { "allOf": [{ "$ref": "#/components/schemas/CloudModel" }],
                                   "description": "The cloud." }
                    }
                },
                "Base": {
                    "type": "object",
                    "discriminator": { "propertyName": "kind" },
                    "required": ["kind"],
                    "properties": {
                        "kind": { "type": "string", "enum": ["round", "square"], "x-acs-extensible": true }
                    }
                },
                "Round": {
                    "allOf": [
                        { "$ref": "#/components/schemas/Base" },
                        { "type": "object", "required": ["radius"],
                          "properties": { "radius": { "type": "number", "format": "double" } } }
                    ]
                },
                "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": { "type": "string", "readOnly": true },
                        "createdOn": { "type": "string", "format": "date-time" }
                    }
                },
                "Widget": {
                    "allOf": [{ "$ref": "#/components/schemas/Thing" }],
                    "type": "object",
                    "required": ["color"],
                    "properties": {
                        "color": { "$ref": "#/components/schemas/Color" },
                        "owner": { "$ref": "#/components/schemas/IdentifierModel" },
                        "tags": { "type": "array", "items": { "type": "string" } },
                        "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                        "shape": { "$ref": "#/components/schemas/Base" }
                    }
                },
                "Color": { "type": "string", "enum": ["red", "green"] }
            }
        }
    })
}

/// A fresh temporary directory for one test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("acs-spec-diff-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Writes `value` as JSON to `dir/relative`.
fn write(dir: &Path, relative: &str, value: &Value) -> PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("json")).expect("write");
    path
}

/// Writes the upstream fixture files and returns the path of the main one.
fn write_upstream(dir: &Path, upstream: &Value) -> PathBuf {
    write(dir, "common/v1/common.json", &common());
    write(dir, "svc/widgets.json", upstream)
}

/// Compares the fixtures after `edit` changed ours.
fn diff_with(test: &str, edit: impl FnOnce(&mut Value)) -> Report {
    let dir = temp_dir(test);
    let path = write_upstream(&dir, &upstream());
    let swagger = Swagger::load(&path).expect("load upstream");
    let mut ours = ours();
    edit(&mut ours);
    let report = diff(&swagger, &ours).expect("diff");
    let _ = std::fs::remove_dir_all(&dir);
    report
}

/// Whether `report` has a finding with this severity, section and subject whose message
/// contains `needle`.
fn has(report: &Report, severity: Severity, section: Section, subject: &str, needle: &str) -> bool {
    report.findings.iter().any(|f| {
        f.severity == severity
            && f.section == section
            && f.subject == subject
            && f.message.contains(needle)
    })
}

/// The value at a JSON pointer, for editing.
fn at<'v>(doc: &'v mut Value, pointer: &str) -> &'v mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}"))
}

/// Removes a key from the object at a JSON pointer.
fn remove(doc: &mut Value, pointer: &str, key: &str) {
    at(doc, pointer)
        .as_object_mut()
        .expect("object")
        .remove(key)
        .expect("key present");
}

/// Path of our `put` operation.
const PUT: &str = "/paths/~1widgets~1{id}/put";

#[test]
fn identical_documents_have_no_findings() {
    let report = diff_with("identical", |_| {});
    assert!(
        report.findings.is_empty(),
        "{}",
        report.render("ours", "upstream")
    );
    assert!(!report.failed());
}

#[test]
fn missing_operation_fails() {
    let report = diff_with("missing-op", |doc| {
        remove(doc, "/paths/~1widgets~1{id}", "delete")
    });
    assert!(has(
        &report,
        Severity::Missing,
        Section::Operations,
        "Widgets_Delete",
        "DELETE /widgets/{id}"
    ));
    assert!(report.failed());
}

#[test]
fn renamed_operation_is_missing_with_a_hint() {
    let report = diff_with("renamed-op", |doc| {
        *at(doc, "/paths/~1widgets~1{id}/delete/operationId") = json!("Widgets_Remove");
    });
    assert!(has(
        &report,
        Severity::Missing,
        Section::Operations,
        "Widgets_Delete",
        "ours has `Widgets_Remove`"
    ));
    assert!(has(
        &report,
        Severity::Extra,
        Section::Operations,
        "Widgets_Remove",
        "DELETE"
    ));
}

#[test]
fn method_and_path_mismatches_fail() {
    let report = diff_with("method-path", |doc| {
        let item = at(doc, "/paths/~1widgets~1{id}")
            .as_object_mut()
            .expect("path item");
        let put = item.remove("put").expect("put");
        item.insert("post".to_owned(), put);
        let delete = item.remove("delete").expect("delete");
        let moved = json!({ "parameters": item["parameters"].clone(), "delete": delete });
        at(doc, "/paths")["/widgets/{id}/remove"] = moved;
    });
    let mismatch = |id, needle| has(&report, Severity::Mismatch, Section::Operations, id, needle);
    assert!(mismatch("Widgets_Put", "method: upstream PUT, ours POST"));
    assert!(mismatch(
        "Widgets_Delete",
        "path: upstream /widgets/{id}, ours /widgets/{id}/remove"
    ));
    assert!(report.failed());
}

#[test]
fn missing_parameter_fails() {
    let report = diff_with("missing-param", |doc| {
        at(doc, &format!("{PUT}/parameters"))
            .as_array_mut()
            .expect("array")
            .remove(1);
    });
    assert!(has(
        &report,
        Severity::Missing,
        Section::Parameters,
        "Widgets_Put",
        "query parameter `maxPageSize`"
    ));
    assert!(report.failed());
}

#[test]
fn missing_path_level_parameter_fails() {
    let report = diff_with("missing-path-param", |doc| {
        remove(doc, "/paths/~1widgets~1{id}", "parameters")
    });
    assert!(has(
        &report,
        Severity::Missing,
        Section::Parameters,
        "Widgets_Put",
        "path parameter `id`"
    ));
    assert!(has(
        &report,
        Severity::Missing,
        Section::Parameters,
        "Widgets_Delete",
        "path parameter `id`"
    ));
}

#[test]
fn parameter_type_mismatch_fails() {
    let report = diff_with("param-type", |doc| {
        *at(doc, &format!("{PUT}/parameters/1/schema/format")) = json!("int64");
    });
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Parameters,
        "Widgets_Put",
        "upstream integer(int32), ours integer(int64)"
    ));
}

#[test]
fn missing_body_and_body_differences() {
    let report = diff_with("missing-body", |doc| remove(doc, PUT, "requestBody"));
    assert!(has(
        &report,
        Severity::Missing,
        Section::Parameters,
        "Widgets_Put",
        "request body"
    ));

    let report = diff_with("body-differences", |doc| {
        let body = at(doc, &format!("{PUT}/requestBody"));
        body["required"] = json!(false);
        remove(body, "/content", "application/merge-patch+json");
        body["content"]["application/json"]["schema"]["$ref"] = json!("#/components/schemas/Thing");
    });
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Parameters,
        "Widgets_Put",
        "request body: required: upstream true, ours false"
    ));
    assert!(has(
        &report,
        Severity::Note,
        Section::Parameters,
        "Widgets_Put",
        "media types"
    ));
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Parameters,
        "Widgets_Put",
        "request body schema: type: upstream Widget, ours Thing"
    ));
}

#[test]
fn media_type_difference_is_only_a_note() {
    let report = diff_with("media-types", |doc| {
        remove(
            doc,
            &format!("{PUT}/requestBody/content"),
            "application/merge-patch+json",
        );
    });
    assert!(has(
        &report,
        Severity::Note,
        Section::Parameters,
        "Widgets_Put",
        "media types"
    ));
    assert!(!report.failed(), "{}", report.render("ours", "upstream"));
}

#[test]
fn missing_response_and_schema_mismatch_fail() {
    let report = diff_with("responses", |doc| {
        remove(doc, "/paths/~1widgets~1{id}/delete/responses", "default");
        *at(
            doc,
            &format!("{PUT}/responses/200/content/application~1json/schema"),
        ) = json!({ "type": "array", "items": { "$ref": "#/components/schemas/Widget" } });
    });
    assert!(has(
        &report,
        Severity::Missing,
        Section::Responses,
        "Widgets_Delete",
        "response default"
    ));
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Responses,
        "Widgets_Put",
        "upstream Widget, ours array<Widget>"
    ));
}

#[test]
fn missing_model_fails() {
    let report = diff_with("missing-model", |doc| {
        remove(doc, "/components/schemas", "Round")
    });
    // `Round` is only reachable as a polymorphic subtype of `Base`.
    assert!(has(
        &report,
        Severity::Missing,
        Section::Models,
        "Round",
        "model"
    ));
    assert!(report.failed());
}

#[test]
fn missing_property_fails_including_external_and_inherited_ones() {
    let report = diff_with("missing-property", |doc| {
        // Reached through the alias `Identifier` in the other file.
        remove(
            doc,
            "/components/schemas/IdentifierModel/properties",
            "rawId",
        );
        // Inherited by `Widget` through `allOf`.
        remove(doc, "/components/schemas/Thing/properties", "createdOn");
    });
    assert!(has(
        &report,
        Severity::Missing,
        Section::Models,
        "IdentifierModel",
        "property `rawId`"
    ));
    assert!(has(
        &report,
        Severity::Missing,
        Section::Models,
        "Thing",
        "property `createdOn`"
    ));
    assert!(has(
        &report,
        Severity::Missing,
        Section::Models,
        "Widget",
        "property `createdOn`"
    ));
    assert!(report.failed());
}

#[test]
fn missing_enum_value_fails() {
    let report = diff_with("missing-enum", |doc| {
        *at(doc, "/components/schemas/CloudModel/enum") = json!(["public"]);
        *at(doc, "/components/schemas/Base/properties/kind/enum") = json!(["round"]);
    });
    assert!(has(
        &report,
        Severity::Missing,
        Section::Models,
        "CloudModel",
        "enum value `dod`"
    ));
    assert!(has(
        &report,
        Severity::Missing,
        Section::Models,
        "Base",
        "property `kind` enum value `square`"
    ));
    assert!(report.failed());
}

#[test]
fn extensibility_must_match_modelasstring() {
    let report = diff_with("extensible", |doc| {
        remove(doc, "/components/schemas/CloudModel", "x-acs-extensible");
        at(doc, "/components/schemas/Color")["x-acs-extensible"] = json!(true);
    });
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Models,
        "CloudModel",
        "modelAsString true, ours x-acs-extensible false"
    ));
    assert!(has(
        &report,
        Severity::Note,
        Section::Models,
        "Color",
        "modelAsString false, ours x-acs-extensible true"
    ));
}

#[test]
fn required_mismatch_fails() {
    let report = diff_with("required", |doc| {
        *at(doc, "/components/schemas/Widget/required") = json!([]);
        at(doc, "/components/schemas/Error/required")
            .as_array_mut()
            .expect("array")
            .push(json!("message"));
    });
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Models,
        "Widget",
        "property `color`: required: upstream true, ours false"
    ));
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Models,
        "Error",
        "property `message`: required: upstream false, ours true"
    ));
    assert!(report.failed());
}

#[test]
fn property_type_mismatches_fail() {
    let report = diff_with("property-types", |doc| {
        let widget = at(doc, "/components/schemas/Widget/properties");
        widget["tags"]["items"] = json!({ "type": "integer" });
        widget["owner"] = json!({ "$ref": "#/components/schemas/Thing" });
        widget["labels"]["additionalProperties"] = json!({ "type": "integer" });
        at(doc, "/components/schemas/Thing/properties/createdOn")["format"] = json!("date");
    });
    let widget = |needle| {
        has(
            &report,
            Severity::Mismatch,
            Section::Models,
            "Widget",
            needle,
        )
    };
    assert!(widget(
        "property `tags`: type: upstream array<string>, ours array<integer>"
    ));
    assert!(widget(
        "property `owner`: type: upstream IdentifierModel, ours Thing"
    ));
    assert!(widget(
        "property `labels`: type: upstream map<string>, ours map<integer>"
    ));
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Models,
        "Thing",
        "upstream string(date-time), ours string(date)"
    ));
}

#[test]
fn discriminator_must_be_kept() {
    let report = diff_with("discriminator", |doc| {
        remove(doc, "/components/schemas/Base", "discriminator")
    });
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Models,
        "Base",
        "discriminator: upstream kind, ours none"
    ));
}

#[test]
fn read_only_and_inline_enums_are_notes() {
    let report = diff_with("notes", |doc| {
        remove(doc, "/components/schemas/Thing/properties/id", "readOnly");
        // A named enum where upstream has an inline one.
        at(doc, "/components/schemas")["ShapeKind"] = json!({
            "type": "string", "enum": ["round", "square"], "x-acs-extensible": true
        });
        *at(doc, "/components/schemas/Base/properties/kind") =
            json!({ "$ref": "#/components/schemas/ShapeKind" });
    });
    assert!(has(
        &report,
        Severity::Note,
        Section::Models,
        "Thing",
        "property `id`: readOnly: upstream true, ours false"
    ));
    assert!(has(
        &report,
        Severity::Note,
        Section::Models,
        "Base",
        "ours model `ShapeKind`"
    ));
    assert!(has(
        &report,
        Severity::Extra,
        Section::Models,
        "ShapeKind",
        "x-ms-enum `ShapeKind`"
    ));
    assert!(!report.failed(), "{}", report.render("ours", "upstream"));
}

#[test]
fn extras_are_informational() {
    let report = diff_with("extras", |doc| {
        at(doc, "/paths")["/widgets"] = json!({
            "get": { "operationId": "Widgets_List", "responses": { "200": { "description": "ok" } } }
        });
        at(doc, &format!("{PUT}/parameters"))
            .as_array_mut()
            .expect("array")
            .push(json!({
                "name": "Repeatability-Request-ID", "in": "header", "schema": { "type": "string" }
            }));
        at(doc, &format!("{PUT}/responses"))["201"] = json!({ "description": "created" });
        at(doc, "/components/schemas/Widget/properties")["weight"] = json!({ "type": "number" });
        at(doc, "/components/schemas/CloudModel/enum")
            .as_array_mut()
            .expect("array")
            .push(json!("gcch"));
        at(doc, "/components/schemas")["Gadget"] = json!({ "type": "object" });
    });
    assert!(has(
        &report,
        Severity::Extra,
        Section::Operations,
        "Widgets_List",
        "GET /widgets"
    ));
    assert!(has(
        &report,
        Severity::Extra,
        Section::Parameters,
        "Widgets_Put",
        "header parameter `repeatability-request-id`"
    ));
    assert!(has(
        &report,
        Severity::Extra,
        Section::Responses,
        "Widgets_Put",
        "response 201"
    ));
    assert!(has(
        &report,
        Severity::Extra,
        Section::Models,
        "Widget",
        "property `weight`"
    ));
    assert!(has(
        &report,
        Severity::Extra,
        Section::Models,
        "CloudModel",
        "enum value `gcch`"
    ));
    assert!(has(
        &report,
        Severity::Extra,
        Section::Models,
        "Gadget",
        "model"
    ));
    assert!(!report.failed(), "{}", report.render("ours", "upstream"));
    assert!(
        report
            .summary("o.json", "u.json")
            .ends_with("0 missing, 0 mismatched, 6 extra, 0 notes")
    );
}

#[test]
fn ours_may_use_the_upstream_alias_name() {
    let report = diff_with("alias-name", |doc| {
        let model = at(doc, "/components/schemas/IdentifierModel").take();
        remove(doc, "/components/schemas", "IdentifierModel");
        at(doc, "/components/schemas")["Identifier"] = model;
        *at(doc, "/components/schemas/Widget/properties/owner/$ref") =
            json!("#/components/schemas/Identifier");
    });
    assert!(has(
        &report,
        Severity::Note,
        Section::Models,
        "IdentifierModel",
        "ours names this model `Identifier`"
    ));
    assert!(!report.failed(), "{}", report.render("ours", "upstream"));
}

#[test]
fn missing_external_file_is_an_error_naming_it() {
    let dir = temp_dir("missing-external");
    let path = write(&dir, "svc/widgets.json", &upstream());
    let err = Swagger::load(&path).err().expect("an error");
    assert!(
        err.contains("common.json") && err.contains("widgets.json"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unresolvable_pointer_is_an_error() {
    let dir = temp_dir("bad-pointer");
    let mut doc = upstream();
    doc["definitions"]["Identifier"]["$ref"] = json!("../common/v1/common.json#/definitions/Nope");
    let path = write_upstream(&dir, &doc);
    let swagger = Swagger::load(&path).expect("load");
    let err = diff(&swagger, &ours()).expect_err("an error");
    assert!(err.contains("#/definitions/Nope"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn chooses_ours_by_version_and_shared_paths() {
    let upstream = upstream();
    let other_version = json!({ "openapi": "3.0.3", "info": { "version": "2020-01-01" },
                                "paths": { "/widgets/{id}": {} } });
    let fewer_paths = json!({ "openapi": "3.0.3", "info": { "version": "2024-01-01" },
                              "paths": { "/else": {} } });
    let candidates = vec![
        (PathBuf::from("a.json"), other_version),
        (PathBuf::from("b.json"), fewer_paths),
        (PathBuf::from("c.json"), ours()),
    ];
    assert_eq!(
        choose_ours(&upstream, &candidates),
        Ok(PathBuf::from("c.json"))
    );
    let err = choose_ours(&upstream, &candidates[..2]).expect_err("no match");
    assert!(
        err.contains("2024-01-01") && err.contains("--ours"),
        "{err}"
    );
}

#[test]
fn parses_arguments() {
    let args =
        |list: &[&str]| parse_args(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
    let expected = Options {
        upstream: PathBuf::from("up.json"),
        ours: Some(PathBuf::from("ours.json")),
        models: Vec::new(),
    };
    assert_eq!(
        args(&["up.json", "--ours", "ours.json"]),
        Ok(Some(expected))
    );
    assert_eq!(
        args(&["--ours=o.json", "up.json"]).map(|o| o.and_then(|o| o.ours)),
        Ok(Some(PathBuf::from("o.json")))
    );
    assert_eq!(
        args(&["up.json", "--models", "A*, B", "--models=C"]).map(|o| o.map(|o| o.models)),
        Ok(Some(vec!["A*".to_owned(), "B".to_owned(), "C".to_owned()]))
    );
    assert_eq!(args(&["--help"]), Ok(None));
    assert!(args(&[]).is_err());
    assert!(args(&["up.json", "--ours"]).is_err());
    assert!(args(&["up.json", "--bogus"]).is_err());
    assert!(args(&["a.json", "b.json"]).is_err());
}

#[test]
fn exit_codes() {
    let dir = temp_dir("exit-codes");
    let upstream = write_upstream(&dir, &upstream());
    let same = write(&dir, "ours/same.json", &ours());
    let mut changed = ours();
    remove(&mut changed, "/paths/~1widgets~1{id}", "delete");
    let changed = write(&dir, "ours/changed.json", &changed);
    let run = |ours: &Path| {
        let args = [
            upstream.display().to_string(),
            "--ours".to_owned(),
            ours.display().to_string(),
        ];
        super::main(&args)
    };
    assert_eq!(run(&same), ExitCode::SUCCESS);
    assert_eq!(run(&changed), ExitCode::FAILURE);
    assert_eq!(run(&dir.join("ours/absent.json")), ExitCode::from(2));
    assert_eq!(super::main(&["--bogus".to_owned()]), ExitCode::from(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_definitions_only_file_compares_the_models_named_by_models() {
    let dir = temp_dir("definitions-only");
    let upstream = json!({
        "swagger": "2.0",
        "info": {"title": "events", "version": "2018-01-01"},
        "paths": {},
        "definitions": {
            "ThingCreatedEventData": {
                "type": "object",
                "allOf": [{"$ref": "#/definitions/ThingEventBase"}],
                "properties": {"properties": {"type": "object", "additionalProperties": {"type": "object"}}}
            },
            "ThingEventBase": {"type": "object", "properties": {"thingId": {"type": "string"}}, "required": ["thingId"]},
            "UnrelatedEventData": {"type": "object", "properties": {"x": {"type": "string"}}}
        }
    });
    let path = write(&dir, "events.json", &upstream);
    let swagger = Swagger::load(&path).expect("load upstream");
    let ours = |differs: Option<&str>, with_id: bool| {
        let mut properties = json!({"type": "object", "additionalProperties": {}});
        if let Some(reason) = differs {
            properties["x-acs-upstream-differs"] = json!(reason);
        }
        let mut data = json!({"type": "object", "properties": {"properties": properties}});
        if with_id {
            data["properties"]["thingId"] = json!({"type": "string"});
            data["required"] = json!(["thingId"]);
        }
        json!({
            "openapi": "3.0.3", "info": {"title": "events", "version": "2018-01-01"}, "paths": {},
            "components": {"schemas": {
                "ThingCreatedEventData": data,
                "ThingEventBase": {"type": "object", "properties": {"thingId": {"type": "string"}}, "required": ["thingId"]}
            }}
        })
    };
    let models = ["Thing*EventData".to_owned()];

    let report =
        super::diff_models(&swagger, &ours(Some("strings arrive"), true), &models).expect("diff");
    assert!(!report.failed(), "{report:?}");
    assert!(has(
        &report,
        Severity::Note,
        Section::Models,
        "ThingCreatedEventData",
        "strings arrive"
    ));
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.subject == "UnrelatedEventData")
    );

    let report = super::diff_models(&swagger, &ours(None, true), &models).expect("diff");
    assert!(has(
        &report,
        Severity::Mismatch,
        Section::Models,
        "ThingCreatedEventData",
        "map<object>"
    ));

    let report = super::diff_models(&swagger, &ours(Some("x"), false), &models).expect("diff");
    assert!(has(
        &report,
        Severity::Missing,
        Section::Models,
        "ThingCreatedEventData",
        "thingId"
    ));

    let report = super::diff_models(&swagger, &ours(Some("x"), true), &[]).expect("diff");
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Extra),
        "{report:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
