//! A real SMTP server on loopback for mail tests (mailin-embedded, from the Rust package
//! registry): it speaks the protocol and keeps every message it receives.

use mailin_embedded::response::{self, Response};
use mailin_embedded::{Handler, Server, SslConfig};
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};

/// A message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone, Default)]
struct Collect {
    store: Arc<Mutex<Vec<Received>>>,
    current: Option<(String, Vec<String>, Vec<u8>)>,
}

impl Handler for Collect {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        response::OK
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some((from.to_owned(), to.to_vec(), Vec::new()));
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some((_, _, data)) = self.current.as_mut() {
            data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some((from, to, data)) = self.current.take()
            && let Ok(mut store) = self.store.lock()
        {
            store.push(Received {
                from,
                to,
                data: String::from_utf8_lossy(&data).into_owned(),
            });
        }
        response::OK
    }
}

/// A running SMTP server; it lives as long as the test process.
pub struct SmtpServer {
    pub port: u16,
    store: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let handler = Collect::default();
        let store = handler.store.clone();
        let mut server = Server::new(handler);
        server
            .with_name("smtp.test.localhost")
            .with_ssl(SslConfig::None)
            .expect("ssl config")
            .with_num_threads(2)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer { port, store }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.store.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Waits up to 10 s for `n` messages.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..100 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "SMTP server received {} of {n} expected messages",
            self.received().len()
        );
    }
}
