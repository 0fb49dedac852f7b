//! The Models operations against a local server: the gateway's listing (with
//! its own fields and without `created`/`owned_by`) and a provider's model,
//! both decoded and encoded again without loss; filters go out in the query,
//! and no Assistants beta header is sent.

use integration_tests::{assert_lossless, client_builder};
use portkey_assistants::models::{ListModelsOrder, ListModelsQuery, ListModelsResponse, Model};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_gateways_model_listing_decodes_without_loss_and_filters_go_in_the_query() {
    let body = json!({
        "object": "list",
        "total": 2,
        "data": [
            {"id": "@openai-prod/gpt-4o-mini", "slug": "gpt-4o-mini", "canonical_slug": "gpt-4o-mini", "object": "model"},
            {"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system", "context_window": 128000}
        ]
    });
    assert_lossless::<ListModelsResponse>(&body);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/models"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = client_builder(&server.uri()).build().unwrap();
    let query = ListModelsQuery {
        provider: Some("openai".into()),
        limit: Some(2),
        order: Some(ListModelsOrder::Desc),
        ..ListModelsQuery::default()
    };
    let page = client.list_models(&query).await.expect("decodes");
    assert_eq!(page.total, Some(2));
    assert_eq!(page.data[0].slug.as_deref(), Some("gpt-4o-mini"));
    assert_eq!(page.data[0].created, None, "absent stays absent");
    assert_eq!(page.data[1].created, Some(1_715_367_049));
    assert_eq!(page.data[1].extra["context_window"], 128000);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("provider=openai&limit=2&order=desc")
    );
    assert!(requests[0].headers.get("openai-beta").is_none());
}

#[tokio::test]
async fn a_providers_model_decodes_without_loss() {
    let body = json!({"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system", "shutdown_date": null});
    assert_lossless::<Model>(&body);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/models/gpt-4o-mini"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = client_builder(&server.uri()).build().unwrap();
    let model = client.retrieve_model("gpt-4o-mini").await.expect("decodes");
    assert_eq!(model.owned_by.as_deref(), Some("system"));
    assert_eq!(model.shutdown_date, None);
}
