//! `openssl x509 [-noout] [-text] -in FILE` (OpenSSL 1.0.2k, CentOS 7): a certificate's
//! text, or openssl's errors for a missing or non-certificate file.

use super::cfssl::read;
use crate::lab::program::ProgramCtx;
use crate::pki::{self, Certificate, KeyAlgo};

/// Runs `openssl ARGS`.
pub fn openssl(ctx: &mut ProgramCtx<'_>) -> i32 {
    let args: Vec<String> = ctx.args.to_vec();
    if args.first().map(String::as_str) != Some("x509") {
        let cmd = args.first().cloned().unwrap_or_default();
        ctx.eprint(&format!("openssl:Error: '{cmd}' is an invalid command.\n"));
        return 1;
    }
    let (mut input, mut text, mut noout) = (None, false, false);
    let mut it = args.iter().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-in" => input = it.next().cloned(),
            "-text" => text = true,
            "-noout" => noout = true,
            _ => {}
        }
    }
    let data = match input {
        Some(path) => match read(ctx, &path) {
            Ok(data) => data,
            Err(_) => {
                ctx.eprint(&format!("Error opening Certificate {path}\n140352445208464:error:02001002:system library:fopen:No such file or directory:bss_file.c:402:fopen('{path}','r')\n140352445208464:error:20074002:BIO routines:FILE_CTRL:system lib:bss_file.c:404:\nunable to load certificate\n"));
                return 1;
            }
        },
        None => ctx.stdin.to_vec(),
    };
    let Ok(cert) = Certificate::from_pem(&data) else {
        ctx.eprint("unable to load certificate\n140352445208464:error:0906D06C:PEM routines:PEM_read_bio:no start line:pem_lib.c:707:Expecting: TRUSTED CERTIFICATE\n");
        return 1;
    };
    if text {
        // The signer's key type sets the signature algorithm; a CA signs with its own key
        // type, which the lab assumes matches the subject's for self-signed certificates.
        let signer = if cert.is_self_signed() {
            cert.key_algo
        } else {
            KeyAlgo::Rsa(2048)
        };
        ctx.print(&pki::x509_text(&cert, signer));
    }
    if !noout {
        ctx.print(&cert.to_pem());
    }
    0
}
