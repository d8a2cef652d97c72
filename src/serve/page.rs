//! The embedded page: three files built into the binary, and the headers every answer
//! carries. Only these paths are served; nothing is read from the filesystem.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// No request leaves for anywhere else, nothing runs but the page's own script, and the page
/// cannot be framed.
pub(super) const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; \
     frame-ancestors 'none'";

/// Headers on every answer, the API's included.
pub(super) const HEADERS: &[(HeaderName, &str)] = &[
    (header::CONTENT_SECURITY_POLICY, POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::CACHE_CONTROL, "no-store"),
];

/// The page with this launch's token in it.
pub(super) fn index(token: &str) -> Response {
    let html = INDEX.replace("{{TOKEN}}", token);
    asset("text/html; charset=utf-8", html)
}

/// `/app.js` or `/app.css`.
pub(super) fn file(name: &str) -> Option<Response> {
    match name {
        "app.js" => Some(asset("text/javascript; charset=utf-8", SCRIPT.to_string())),
        "app.css" => Some(asset("text/css; charset=utf-8", STYLE.to_string())),
        _ => None,
    }
}

fn asset(content_type: &'static str, body: String) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The acceptance test greps the served page too; this keeps the source honest.
    #[test]
    fn the_page_names_no_address_and_runs_no_inline_code() {
        for (name, text) in [
            ("index.html", INDEX),
            ("app.js", SCRIPT),
            ("app.css", STYLE),
        ] {
            assert!(!text.contains("http://"), "{name} names an http:// address");
            assert!(
                !text.contains("https://"),
                "{name} names an https:// address"
            );
            assert!(!text.contains("<script>"), "{name} has an inline script");
            assert!(!text.contains(" style=\""), "{name} has an inline style");
        }
        assert!(
            INDEX.contains("{{TOKEN}}"),
            "the page has no place for the token"
        );
    }
}
