//! Who may ask. The server listens on loopback only, but a web page from anywhere can still
//! make the user's browser send requests to it (a drive-by POST), and a hostile site can point
//! its own name at 127.0.0.1 to read the answers (DNS rebinding). So:
//!
//! - every request's `Host` must name the loopback address or `localhost` with this server's
//!   port, else 421 (a rebound name never matches);
//! - a request that does work or changes state (every POST) must carry the per-launch token,
//!   which only the page served here holds (another site cannot read that page), in
//!   `X-Tenderlint-Token`, else 403;
//! - and when a browser says where the request comes from (`Origin`, `Sec-Fetch-Site`), it
//!   must be this server's own origin, else 403. Clients that are not browsers (curl, scripts)
//!   send neither; the token is what they need.

use axum::http::HeaderMap;

/// The per-launch token: 32 random bytes from the operating system, in hex.
pub(super) fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| std::io::Error::other(format!("no random numbers for a token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `host` (a `Host` header) names this server: `127.0.0.1`, `[::1]` or `localhost`,
/// with `port`.
pub(super) fn host_allowed(host: &str, port: u16) -> bool {
    let Some((name, given)) = host.rsplit_once(':') else {
        return false;
    };
    given.parse::<u16>() == Ok(port)
        && (name == "127.0.0.1" || name == "[::1]" || name.eq_ignore_ascii_case("localhost"))
}

/// Why a state-changing request is refused, in words for its JSON error.
pub(super) fn refuse_post(headers: &HeaderMap, token: &str, port: u16) -> Option<&'static str> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = headers.get("origin") {
        let own = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| host_allowed(o, port));
        if !own {
            return Some("requests from other web pages are refused");
        }
    }
    if let Some(site) = text("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return Some("requests from other web pages are refused");
    }
    match text("x-tenderlint-token") {
        Some(given) if same(given.as_bytes(), token.as_bytes()) => None,
        Some(_) => {
            Some("the token is not this server's (was tenderlint restarted? reload the page)")
        }
        None => {
            Some("a request that changes something needs the page's token (X-Tenderlint-Token)")
        }
    }
}

/// Compare in time that does not depend on where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn only_loopback_names_with_this_port_are_hosts() {
        assert!(host_allowed("127.0.0.1:8080", 8080));
        assert!(host_allowed("localhost:8080", 8080));
        assert!(host_allowed("LOCALHOST:8080", 8080));
        assert!(host_allowed("[::1]:8080", 8080));
        assert!(!host_allowed("127.0.0.1:8081", 8080));
        assert!(!host_allowed("127.0.0.1", 8080));
        assert!(!host_allowed("evil.example:8080", 8080));
        assert!(!host_allowed("localhost.evil.example:8080", 8080));
        assert!(!host_allowed("127.0.0.2:8080", 8080));
        assert!(!host_allowed("", 8080));
    }

    #[test]
    fn a_post_needs_the_token_and_its_own_origin() {
        let token = "ab12";
        let own = [
            ("origin", "http://127.0.0.1:9"),
            ("x-tenderlint-token", "ab12"),
        ];
        assert_eq!(refuse_post(&headers(&own), token, 9), None);
        // curl: no Origin, the token.
        assert_eq!(
            refuse_post(&headers(&[("x-tenderlint-token", "ab12")]), token, 9),
            None
        );
        assert!(refuse_post(&headers(&[("origin", "http://127.0.0.1:9")]), token, 9).is_some());
        let wrong = [
            ("origin", "http://127.0.0.1:9"),
            ("x-tenderlint-token", "ab13"),
        ];
        assert!(refuse_post(&headers(&wrong), token, 9).is_some());
        let other = [
            ("origin", "https://evil.example"),
            ("x-tenderlint-token", "ab12"),
        ];
        assert!(refuse_post(&headers(&other), token, 9).is_some());
        let null = [("origin", "null"), ("x-tenderlint-token", "ab12")];
        assert!(refuse_post(&headers(&null), token, 9).is_some());
        let cross = [
            ("sec-fetch-site", "cross-site"),
            ("x-tenderlint-token", "ab12"),
        ];
        assert!(refuse_post(&headers(&cross), token, 9).is_some());
    }

    #[test]
    fn tokens_are_long_and_differ() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
