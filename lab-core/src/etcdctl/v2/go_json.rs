//! The syntax errors Go's `encoding/json` reports for bad input, word for word (its
//! `scanner`): what an etcd handler answers when a request body is not JSON. Only the check:
//! a body that passes is then read with `serde_json`.
//!
//! Limits: nesting at most [`MAX_DEPTH`] levels deep (Go allows 10,000; a lab body is small).

/// The deepest nesting checked (unit: arrays and objects inside each other).
pub(crate) const MAX_DEPTH: usize = 64;

/// `None` if `input` is one valid JSON value; else Go's error text.
pub(crate) fn syntax_error(input: &str) -> Option<String> {
    let mut scan = Scanner {
        bytes: input.as_bytes(),
        at: 0,
    };
    scan.skip_space();
    if let Err(e) = scan.value(0) {
        return Some(e);
    }
    scan.skip_space();
    scan.peek().map(|c| invalid(c, "after top-level value"))
}

/// What `json.Decoder.Decode` reports for `input`'s first value (grpc-gateway reads bodies
/// so): text after that value is never looked at, and input ending inside it is
/// `unexpected EOF`. `None` also for input that is only whitespace (the decoder's `io.EOF`).
pub(crate) fn decoder_error(input: &str) -> Option<String> {
    let mut scan = Scanner {
        bytes: input.as_bytes(),
        at: 0,
    };
    scan.skip_space();
    scan.peek()?;
    let err = scan.value(0).err()?;
    Some(if err == EOF {
        "unexpected EOF".to_owned()
    } else {
        err
    })
}

/// Go's `invalid character 'x' <context>`, or the end-of-input error.
fn invalid(c: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

const EOF: &str = "unexpected end of JSON input";

/// Go's `quoteChar`: the byte read as the rune of the same number, `strconv.Quote`d.
fn quote_char(c: u8) -> String {
    let inner = match c {
        b'\'' => r"\'".to_owned(),
        b'"' => "\"".to_owned(),
        b'\\' => r"\\".to_owned(),
        0x20..=0x7e | 0xa1..=0xac | 0xae..=0xff => char::from(c).to_string(),
        0x07 => r"\a".to_owned(),
        0x08 => r"\b".to_owned(),
        0x0c => r"\f".to_owned(),
        b'\n' => r"\n".to_owned(),
        b'\r' => r"\r".to_owned(),
        b'\t' => r"\t".to_owned(),
        0x0b => r"\v".to_owned(),
        0x00..=0x1f | 0x7f => format!("\\x{c:02x}"),
        _ => format!("\\u{c:04x}"),
    };
    format!("'{inner}'")
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Result<u8, String> {
        let c = self.peek().ok_or_else(|| EOF.to_owned())?;
        self.at = self.at.saturating_add(1);
        Ok(c)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at = self.at.saturating_add(1);
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("exceeded max depth".to_owned());
        }
        match self.next()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string(),
            b't' => self.literal(b"rue", "true"),
            b'f' => self.literal(b"alse", "false"),
            b'n' => self.literal(b"ull", "null"),
            b'-' | b'0'..=b'9' => self.number(),
            c => Err(invalid(c, "looking for beginning of value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<(), String> {
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at = self.at.saturating_add(1);
            return Ok(());
        }
        loop {
            self.skip_space();
            match self.next()? {
                b'"' => self.string()?,
                c => return Err(invalid(c, "looking for beginning of object key string")),
            }
            self.skip_space();
            match self.next()? {
                b':' => {}
                c => return Err(invalid(c, "after object key")),
            }
            self.skip_space();
            self.value(depth.saturating_add(1))?;
            self.skip_space();
            match self.next()? {
                b',' => {}
                b'}' => return Ok(()),
                c => return Err(invalid(c, "after object key:value pair")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), String> {
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at = self.at.saturating_add(1);
            return Ok(());
        }
        loop {
            self.skip_space();
            self.value(depth.saturating_add(1))?;
            self.skip_space();
            match self.next()? {
                b',' => {}
                b']' => return Ok(()),
                c => return Err(invalid(c, "after array element")),
            }
        }
    }

    fn string(&mut self) -> Result<(), String> {
        loop {
            match self.next()? {
                b'"' => return Ok(()),
                b'\\' => match self.next()? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                    b'u' => {
                        for _ in 0..4 {
                            let c = self.next()?;
                            if !c.is_ascii_hexdigit() {
                                return Err(invalid(c, "in \\u hexadecimal character escape"));
                            }
                        }
                    }
                    c => return Err(invalid(c, "in string escape code")),
                },
                c if c < 0x20 => return Err(invalid(c, "in string literal")),
                _ => {}
            }
        }
    }

    fn literal(&mut self, rest: &[u8], word: &str) -> Result<(), String> {
        for &want in rest {
            let c = self.next()?;
            if c != want {
                let context = format!("in literal {word} (expecting {})", quote_char(want));
                return Err(invalid(c, &context));
            }
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), String> {
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
        ) {
            self.at = self.at.saturating_add(1);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_bodies_pass() {
        assert_eq!(
            syntax_error(r#"{"peerURLs":["http://10.0.0.4:2380"]}"#),
            None
        );
        assert_eq!(syntax_error(" {} "), None);
    }

    #[test]
    fn the_recorded_bad_body_gets_gos_words() {
        // Recorded from etcd 3.4.23: `-d "{bad"`.
        assert_eq!(
            syntax_error("{bad").as_deref(),
            Some("invalid character 'b' looking for beginning of object key string")
        );
    }

    #[test]
    fn other_mistakes_read_as_go_reports_them() {
        assert_eq!(syntax_error("").as_deref(), Some(EOF));
        assert_eq!(syntax_error(r#"{"a":1"#).as_deref(), Some(EOF));
        assert_eq!(
            syntax_error(r#"{"a" 1}"#).as_deref(),
            Some("invalid character '1' after object key")
        );
        assert_eq!(
            syntax_error("‘{}‘").as_deref(),
            Some("invalid character 'â' looking for beginning of value")
        );
        assert_eq!(
            syntax_error("{} x").as_deref(),
            Some("invalid character 'x' after top-level value")
        );
        assert_eq!(
            syntax_error("[1 2]").as_deref(),
            Some("invalid character '2' after array element")
        );
        assert_eq!(syntax_error("tru").as_deref(), Some(EOF));
    }

    proptest::proptest! {
        #[test]
        fn any_body_is_checked_without_panicking(body in ".{0,64}") {
            let _ = syntax_error(&body);
        }

        #[test]
        fn deep_nesting_is_refused_not_overflowed(depth in 1usize..300) {
            let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let verdict = syntax_error(&body);
            proptest::prop_assert_eq!(verdict.is_none(), depth <= MAX_DEPTH + 1);
        }
    }
}
