//! A minimal HTTP/1.1 server on 127.0.0.1 for what a mock server cannot do:
//! count TCP connections, and break a response off in the middle.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server answers to every request.
#[derive(Debug, Clone)]
pub enum Behavior {
    /// A complete `200` JSON response; the connection is kept alive.
    Json(String),
    /// Headers announcing a longer body than is sent, a part of it, then a closed connection.
    CloseMidBody(String),
    /// A `200 text/event-stream` response whose body is written `chunk` bytes at
    /// a time, each write flushed with Nagle off and with pauses between, so the
    /// client sees events split across network reads anywhere.
    Chunked {
        /// The raw stream text.
        body: String,
        /// Bytes per write.
        chunk: usize,
    },
}

/// A running raw server. It stops when dropped.
pub struct RawServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl RawServer {
    /// Starts serving `behavior` on a free port.
    pub async fn start(behavior: Behavior) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("bound"));
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let (c, r) = (connections.clone(), requests.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                c.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, behavior.clone(), r.clone()));
            }
        });
        RawServer {
            url,
            connections,
            requests,
            task,
        }
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Requests read so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, behavior: Behavior, requests: Arc<AtomicUsize>) {
    let mut buf = Vec::new();
    loop {
        // Read one request: headers, then as many body bytes as content-length says.
        let head_end = loop {
            if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break pos + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let body_len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + body_len {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + body_len);
        requests.fetch_add(1, Ordering::SeqCst);
        match &behavior {
            Behavior::Json(body) => {
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                if stream.write_all(response.as_bytes()).await.is_err() {
                    return;
                }
            }
            Behavior::Chunked { body, chunk } => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let _ = stream.set_nodelay(true);
                for (i, piece) in body.as_bytes().chunks((*chunk).max(1)).enumerate() {
                    if stream.write_all(piece).await.is_err() || stream.flush().await.is_err() {
                        return;
                    }
                    // Let the client read between writes; now and then wait a little
                    // so that reads really do end mid-event.
                    if i % 32 == 31 {
                        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                    } else {
                        tokio::task::yield_now().await;
                    }
                }
                let _ = stream.shutdown().await;
                return;
            }
            Behavior::CloseMidBody(part) => {
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{part}",
                    part.len() + 100
                );
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
                return;
            }
        }
    }
}
