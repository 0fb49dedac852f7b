//! Numbers on the wire, through a client generated from
//! `tests/clients/numbers.yaml`: what a server sends is what the models
//! encode again (`97` stays `97`, `1.0` stays `1.0`), integral floats decode
//! into integer fields, `u64` holds values beyond `i64`, and nothing is cast
//! with loss.

use numbers_client::models::Measurement;
use numbers_client::{Client, Error, Number};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering `GET /measurements/m1` with `body`, and a client of it.
async fn serving(body: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/measurements/m1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("valid settings");
    (server, client)
}

#[tokio::test]
async fn numbers_re_encode_exactly_as_received() {
    let body = r#"{"value":97,"samples":[1,2.5,-7,0.1,3.0],"weights":{"a":3,"b":0.25},"created_at":1699017614,"offset":-4,"count":18446744073709551615,"size":12,"unit":1.0}"#;
    let (_server, client) = serving(body).await;
    let m = client.get_measurement("m1").await.expect("decodes");
    assert_eq!(m.value, 97.0);
    assert_eq!(m.value.get(), 97.0_f64);
    let samples: Vec<f64> = m.samples.iter().flatten().map(|n| n.get()).collect();
    assert_eq!(samples, [1.0, 2.5, -7.0, 0.1, 3.0]);
    assert_eq!(m.count, Some(u64::MAX));
    assert_eq!(m.size, Some(12_u64));
    // Same keys in the same order, and each number written as it came; the
    // undeclared `unit` is kept as its own JSON number.
    assert_eq!(serde_json::to_string(&m).unwrap(), body);
}

#[tokio::test]
async fn an_integral_float_decodes_into_an_integer_field() {
    let (_server, client) =
        serving(r#"{"value":97.5,"created_at":1699017614.0,"offset":2.0}"#).await;
    let m = client.get_measurement("m1").await.expect("decodes");
    assert_eq!(m.created_at, 1_699_017_614);
    assert_eq!(m.offset, Some(Some(2)));
    assert_eq!(
        serde_json::to_value(&m).unwrap(),
        json!({"value": 97.5, "created_at": 1_699_017_614, "offset": 2})
    );
}

#[tokio::test]
async fn a_fraction_or_an_out_of_range_integer_is_a_decode_error_naming_the_field() {
    for (body, field, found) in [
        (
            r#"{"value":1,"created_at":1699017614.5}"#,
            "created_at",
            "1699017614.5",
        ),
        (r#"{"value":1,"created_at":1,"count":-1}"#, "count", "-1"),
        (
            r#"{"value":1,"created_at":1,"offset":4294967296}"#,
            "offset",
            "4294967296",
        ),
    ] {
        let (_server, client) = serving(body).await;
        let err = client.get_measurement("m1").await.unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{body}: {err:?}");
        let text = err.to_string();
        assert!(
            text.contains(field) && text.contains(found),
            "{body}: {text}"
        );
    }
}

#[tokio::test]
async fn a_request_sends_each_number_as_written() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/measurements/m1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"value":3,"created_at":5}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("valid settings");
    let mut m = Measurement::new(Number::from(97), 1_699_017_614);
    m.samples = Some(vec![Number::from(0.5), Number::from(2.0), Number::from(3)]);
    let stored = client.update_measurement("m1", &m).await.expect("sent");
    assert_eq!(stored.value, 3.0);
    let requests = server.received_requests().await.expect("recorded");
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(
        String::from_utf8(requests[0].body.clone()).unwrap(),
        r#"{"value":97,"samples":[0.5,2.0,3],"created_at":1699017614}"#,
        "{sent}"
    );
}
