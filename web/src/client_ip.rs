//! The client's address (客户端地址), for login throttling and the audit trail: the TCP peer,
//! unless the peer is a declared trusted proxy (`ZJCS_TRUSTED_PROXIES`), in which case the
//! forwarding headers it adds are followed back to the first address that is not a trusted proxy.
//!
//! Behind a reverse proxy every connection comes from the proxy; without this every client would
//! share its address. Headers from anyone else are ignored: a client could write any address in
//! them.
//!
//! The [`ClientAddress`] middleware works the address out once per request; [`client_ip`] is how
//! the API and the pages read it.

use ipnet::IpNet;
use poem::http::HeaderMap;
use poem::{Endpoint, Middleware, Request};
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

/// The proxies whose forwarding headers are believed: addresses and networks (CIDR).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// A comma-separated list of IP addresses and networks, e.g. `127.0.0.1, 10.0.0.0/8, ::1`.
    /// Blank entries are ignored; an entry that is neither names itself in the error.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut nets = Vec::new();
        for entry in s.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let net = match entry.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => entry.parse::<IpAddr>().map(IpNet::from).map_err(|_| {
                    format!("{entry:?} is neither an IP address nor a network like 10.0.0.0/8")
                })?,
            };
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }
}

impl TrustedProxies {
    /// Whether an address is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Works out the client's address from the TCP peer and the request's headers (see the module).
///
/// The forwarding chain (`Forwarded`'s `for=`, or `X-Forwarded-For`) lists the client first and
/// each proxy's peer after it; each trusted proxy appends the address it was connected from.
/// Read from the right, each address is believed only while the one after it is a trusted proxy:
/// the first address that is not trusted is the client. An entry that does not parse (`unknown`,
/// an obfuscated name) stops the walk at the last address known.
///
/// A proxy appends to one of the two headers and passes the other on as the client sent it, and
/// which one is not known here. When both are present and their walks disagree, one of them was
/// written by the client, so neither is believed and the peer is the address.
pub fn resolve(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let peer = peer?.to_canonical();
    if !trusted.contains(peer) {
        return Some(peer);
    }
    let forwarded = joined(headers, "forwarded").map(|v| walk(peer, forwarded_chain(&v), trusted));
    let xff = joined(headers, "x-forwarded-for").map(|v| walk(peer, xff_chain(&v), trusted));
    Some(match (forwarded, xff) {
        (Some(a), Some(b)) if a != b => peer,
        (Some(a), _) | (None, Some(a)) => a,
        (None, None) => peer,
    })
}

/// A header's lines joined with commas (a list may be split over several lines).
fn joined(headers: &HeaderMap, name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

/// Follows a chain from the right, starting at the (trusted) peer.
fn walk(peer: IpAddr, chain: Vec<Option<IpAddr>>, trusted: &TrustedProxies) -> IpAddr {
    let mut client = peer;
    for hop in chain.into_iter().rev() {
        let Some(ip) = hop else { break };
        client = ip.to_canonical();
        if !trusted.contains(client) {
            break;
        }
    }
    client
}

/// An address as written in a forwarding header: `192.0.2.1`, `2001:db8::1`, `[2001:db8::1]`,
/// optionally with a port (`192.0.2.1:4711`, `[2001:db8::1]:4711`), optionally quoted.
fn parse_node(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    s.strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|r| r.parse::<IpAddr>().ok())
}

/// `X-Forwarded-For: client, proxy1, proxy2`.
fn xff_chain(v: &str) -> Vec<Option<IpAddr>> {
    v.split(',').map(parse_node).collect()
}

/// `Forwarded: for=client;proto=https, for="[2001:db8::17]:4711"` (RFC 7239): the `for` of each
/// element; an element without one is an unknown hop.
fn forwarded_chain(v: &str) -> Vec<Option<IpAddr>> {
    v.split(',')
        .map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| parse_node(value))
                    .flatten()
            })
        })
        .collect()
}

/// The address [`ClientAddress`] worked out, kept in the request's data.
#[derive(Debug, Clone, Copy)]
struct ClientIp(Option<IpAddr>);

/// The client's address (no port) as the [`ClientAddress`] middleware established it; without
/// the middleware (a test mounting the pages alone), the TCP peer.
pub fn client_ip(req: &Request) -> Option<IpAddr> {
    match req.data::<ClientIp>() {
        Some(ClientIp(ip)) => *ip,
        None => req
            .remote_addr()
            .as_socket_addr()
            .map(|a| a.ip().to_canonical()),
    }
}

/// Middleware that works out each request's client address (see [`resolve`]) for
/// [`client_ip`]. The `zjcs` binary wraps all its routes, API and pages, in it.
#[derive(Debug, Clone, Default)]
pub struct ClientAddress {
    trusted: Arc<TrustedProxies>,
}

impl ClientAddress {
    pub fn new(trusted: TrustedProxies) -> ClientAddress {
        ClientAddress {
            trusted: Arc::new(trusted),
        }
    }
}

impl<E: Endpoint> Middleware<E> for ClientAddress {
    type Output = ClientAddressEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        ClientAddressEndpoint {
            inner,
            trusted: self.trusted.clone(),
        }
    }
}

/// The endpoint [`ClientAddress`] wraps.
pub struct ClientAddressEndpoint<E> {
    inner: E,
    trusted: Arc<TrustedProxies>,
}

impl<E: Endpoint> Endpoint for ClientAddressEndpoint<E> {
    type Output = E::Output;

    async fn call(&self, mut req: Request) -> poem::Result<Self::Output> {
        let peer = req.remote_addr().as_socket_addr().map(|a| a.ip());
        let ip = resolve(peer, req.headers(), &self.trusted);
        req.set_data(ClientIp(ip));
        self.inner.call(req).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_str(value).unwrap());
        }
        h
    }

    fn trusted(s: &str) -> TrustedProxies {
        s.parse().unwrap()
    }

    #[test]
    fn the_setting_takes_addresses_and_networks_and_names_a_bad_entry() {
        let t = trusted(" 127.0.0.1, 10.0.0.0/8 ,, ::1, fd00::/8");
        assert!(t.contains(ip("127.0.0.1")));
        assert!(!t.contains(ip("127.0.0.2")));
        assert!(t.contains(ip("10.200.3.4")));
        assert!(t.contains(ip("::1")));
        assert!(t.contains(ip("fd12::5")));
        // An IPv4 peer seen on a dual-stack socket.
        assert!(t.contains(ip("::ffff:10.1.1.1")));
        assert!(trusted("").is_empty());
        let e = "10.0.0.0/8, proxy.local"
            .parse::<TrustedProxies>()
            .unwrap_err();
        assert!(e.contains("proxy.local"), "{e}");
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_sends() {
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("forwarded", "for=198.51.100.7"),
        ]);
        let t = trusted("10.0.0.1");
        assert_eq!(
            resolve(Some(ip("203.0.113.9")), &h, &t),
            Some(ip("203.0.113.9"))
        );
        // Nothing is trusted by default.
        assert_eq!(
            resolve(Some(ip("10.0.0.1")), &h, &TrustedProxies::default()),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(resolve(None, &h, &t), None);
    }

    #[test]
    fn a_trusted_peer_is_followed_back_to_the_first_untrusted_address() {
        let t = trusted("10.0.0.0/8");
        let peer = Some(ip("10.0.0.1"));
        // The client wrote a false first entry; the proxies' own entries are believed.
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 198.51.100.7, 10.0.0.5")]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("198.51.100.7")));
        // Split over two lines.
        let h = headers(&[
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("198.51.100.7")));
        // With ports, IPv6 in brackets.
        let h = headers(&[("x-forwarded-for", "[2001:db8::17]:4711")]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("2001:db8::17")));
        // Only proxies: the leftmost.
        let h = headers(&[("x-forwarded-for", "10.0.0.9, 10.0.0.5")]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("10.0.0.9")));
        // No header: the proxy itself.
        assert_eq!(resolve(peer, &HeaderMap::new(), &t), peer);
        // Garbage stops the walk at the last address known.
        let h = headers(&[("x-forwarded-for", "198.51.100.7, nonsense, 10.0.0.5")]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("10.0.0.5")));
    }

    #[test]
    fn the_forwarded_header_is_read_as_rfc_7239_writes_it() {
        let t = trusted("10.0.0.0/8");
        let peer = Some(ip("10.0.0.1"));
        let h = headers(&[(
            "forwarded",
            "for=1.1.1.1, For=\"[2001:db8:cafe::17]:4711\";proto=https, for=10.0.0.5;by=10.0.0.1",
        )]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("2001:db8:cafe::17")));
        let h = headers(&[("forwarded", "proto=https;for=192.0.2.60;by=203.0.113.43")]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("192.0.2.60")));
        // `unknown` and obfuscated names are hops that cannot be followed.
        let h = headers(&[("forwarded", "for=192.0.2.60, for=unknown")]);
        assert_eq!(resolve(peer, &h, &t), peer);
        let h = headers(&[("forwarded", "for=_hidden, for=192.0.2.60")]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("192.0.2.60")));
    }

    #[test]
    fn two_headers_that_disagree_are_both_disbelieved() {
        let t = trusted("10.0.0.0/8");
        let peer = Some(ip("10.0.0.1"));
        // The proxy appended to X-Forwarded-For; the client wrote Forwarded.
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("forwarded", "for=1.1.1.1"),
        ]);
        assert_eq!(resolve(peer, &h, &t), peer);
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("forwarded", "for=198.51.100.7"),
        ]);
        assert_eq!(resolve(peer, &h, &t), Some(ip("198.51.100.7")));
    }
}
