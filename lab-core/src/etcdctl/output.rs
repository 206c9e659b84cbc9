//! [`Output`]: the terminal's stdout and stderr as `etcdctl` writes them, capped at
//! [`MAX_OUTPUT_BYTES`] so no command can flood the page.

/// The most one `etcdctl` run writes, in bytes over both streams; the rest is dropped.
pub const MAX_OUTPUT_BYTES: usize = 1 << 20;

/// Which file descriptor a chunk of output goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// The two streams, forwarded to the caller's sink chunk by chunk.
pub(super) struct Output<'a> {
    sink: &'a mut dyn FnMut(Stream, &[u8]),
    written: usize,
}

impl<'a> Output<'a> {
    pub(super) fn new(sink: &'a mut dyn FnMut(Stream, &[u8])) -> Self {
        Self { sink, written: 0 }
    }

    /// Writes to `stream`, truncating once [`MAX_OUTPUT_BYTES`] are out.
    pub(super) fn write(&mut self, stream: Stream, bytes: &[u8]) {
        let room = MAX_OUTPUT_BYTES.saturating_sub(self.written);
        let take = bytes.len().min(room);
        if let Some(chunk) = bytes.get(..take)
            && !chunk.is_empty()
        {
            (self.sink)(stream, chunk);
            self.written = self.written.saturating_add(take);
        }
    }

    /// Writes `text` to stdout.
    pub(super) fn out(&mut self, text: &str) {
        self.write(Stream::Stdout, text.as_bytes());
    }

    /// Writes `text` and a newline to stdout (Go's `fmt.Println`).
    pub(super) fn outln(&mut self, text: &str) {
        self.out(text);
        self.out("\n");
    }

    /// Writes `text` and a newline to stderr.
    pub(super) fn errln(&mut self, text: &str) {
        self.write(Stream::Stderr, text.as_bytes());
        self.write(Stream::Stderr, b"\n");
    }
}
