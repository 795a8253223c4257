//! Command-line configuration.

use std::path::PathBuf;

use crate::faults::FaultConfig;

/// The API key accepted when none is configured.
pub const DEFAULT_API_KEY: &str = "sk_test_sandbox";

/// A directory served as static files under a URL prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticMount {
    /// Directory on disk.
    pub dir: PathBuf,
    /// URL prefix: `/` or `/name` (no trailing slash).
    pub prefix: String,
}

/// Everything the sandbox can be started with.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Requests per (scaled) minute and API key; 0 disables the limit.
    pub rate_limit: u32,
    /// How many times faster than real time the rate-limit minute runs.
    pub time_scale: f64,
    /// Accepted `x-api-key` values.
    pub api_keys: Vec<String>,
    /// Static directories to serve.
    pub static_mounts: Vec<StaticMount>,
    /// Faults active from startup (and restored by `POST /_sandbox/reset`).
    pub faults: FaultConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 8787,
            rate_limit: 300,
            time_scale: 1.0,
            api_keys: vec![DEFAULT_API_KEY.to_string()],
            static_mounts: Vec::new(),
            faults: FaultConfig::default(),
        }
    }
}

/// Usage text for `--help`.
pub const USAGE: &str = "\
whautomate-sandbox: a local, stateful Whautomate Messages API

USAGE: whautomate-sandbox [OPTIONS]

  --port N                  port on 127.0.0.1 (default 8787; 0 picks a free port)
  --rate-limit N            requests per minute per API key (default 300; 0 disables)
  --time-scale F            run the rate-limit minute F times faster (default 1);
                            webhook retry delays shrink by the same factor
  --api-key K               accepted x-api-key (repeatable; default sk_test_sandbox)
  --static-dir DIR:/PREFIX  serve DIR under /PREFIX (repeatable; /PREFIX may be /)
  --latency-ms N            fault switches, as in POST /_sandbox/faults; also
  --status500-rate R          written as --latencyMs, --status500Rate, ...
  --status500-after-delivery-rate R
  --drop-before-response-rate R
  --drop-after-delivery-rate R
  --malformed-body-rate R
  --status429-rate R
  --seed N
  --duplicate-deliveries    deliver every webhook event twice (same event.id)
  -h, --help                print this text
";

impl Config {
    /// Parses the arguments after the program name. `Ok(None)` means `--help`.
    /// `--flag value` and `--flag=value` are both accepted.
    pub fn from_args<I: IntoIterator<Item = String>>(args: I) -> Result<Option<Config>, String> {
        let mut c = Config::default();
        let mut keys = Vec::new();
        let mut it = args.into_iter().peekable();
        while let Some(arg) = it.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(None);
            }
            let Some(flag) = arg.strip_prefix("--") else {
                return Err(format!("unexpected argument: {arg}"));
            };
            let (name, value) = match flag.split_once('=') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                // A switch: `--duplicate-deliveries` alone means true; an explicit
                // `true`/`false` after it is taken as its value.
                None if is_switch(flag) => {
                    let explicit = it
                        .peek()
                        .is_some_and(|v| matches!(v.as_str(), "true" | "false"));
                    let v = if explicit {
                        it.next().unwrap_or_default()
                    } else {
                        "true".to_string()
                    };
                    (flag.to_string(), v)
                }
                None => {
                    let v = it.next().ok_or_else(|| format!("--{flag} needs a value"))?;
                    (flag.to_string(), v)
                }
            };
            match name.as_str() {
                "port" => {
                    c.port = value
                        .parse()
                        .map_err(|_| format!("--port: not a port: {value}"))?
                }
                "rate-limit" => {
                    c.rate_limit = value
                        .parse()
                        .map_err(|_| format!("--rate-limit: not a whole number: {value}"))?
                }
                "time-scale" => {
                    let f: f64 = value
                        .parse()
                        .map_err(|_| format!("--time-scale: not a number: {value}"))?;
                    if !(f.is_finite() && f > 0.0) {
                        return Err(format!("--time-scale must be positive, got {value}"));
                    }
                    c.time_scale = f;
                }
                "api-key" => keys.push(value),
                "static-dir" => c.static_mounts.push(parse_mount(&value)?),
                _ => {
                    if !c.faults.set(&name, &value)? {
                        return Err(format!("unknown option --{name} (see --help)"));
                    }
                }
            }
        }
        c.faults.check()?;
        if !keys.is_empty() {
            c.api_keys = keys;
        }
        Ok(Some(c))
    }
}

/// Options that take no value (`--duplicate-deliveries`), in any spelling.
fn is_switch(flag: &str) -> bool {
    let key: String = flag
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    key == "duplicatedeliveries"
}

/// Parses `DIR:/prefix`. The split is at the last `:` followed by `/`, so Windows
/// drive letters and colons inside the directory name survive.
fn parse_mount(s: &str) -> Result<StaticMount, String> {
    let idx = s
        .rfind(":/")
        .ok_or_else(|| format!("--static-dir wants DIR:/PREFIX, got {s}"))?;
    let (dir, prefix) = (&s[..idx], &s[idx + 1..]);
    if dir.is_empty() {
        return Err(format!("--static-dir: empty directory in {s}"));
    }
    let trimmed = prefix.trim_end_matches('/');
    let prefix = if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_string()
    };
    if prefix.contains("{") || prefix.contains('*') {
        return Err(format!("--static-dir: bad prefix {prefix}"));
    }
    Ok(StaticMount {
        dir: PathBuf::from(dir),
        prefix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Config>, String> {
        Config::from_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_everything() {
        let c = parse(&[
            "--port",
            "0",
            "--rate-limit=60",
            "--time-scale",
            "60",
            "--api-key",
            "a",
            "--api-key",
            "b",
            "--static-dir",
            "www:/",
            "--static-dir",
            "pkg:/pkg/",
            "--status500Rate",
            "0.5",
            "--seed",
            "7",
        ])
        .unwrap()
        .unwrap();
        assert_eq!((c.port, c.rate_limit, c.time_scale), (0, 60, 60.0));
        assert_eq!(c.api_keys, ["a", "b"]);
        assert_eq!(c.static_mounts[0].prefix, "/");
        assert_eq!(
            c.static_mounts[1],
            StaticMount {
                dir: "pkg".into(),
                prefix: "/pkg".into()
            }
        );
        assert_eq!((c.faults.status500_rate, c.faults.seed), (0.5, Some(7)));
        assert!(!c.faults.duplicate_deliveries);
    }

    #[test]
    fn duplicate_deliveries_is_a_switch() {
        let on = |args: &[&str]| parse(args).unwrap().unwrap().faults.duplicate_deliveries;
        assert!(on(&["--duplicate-deliveries"]));
        assert!(on(&["--duplicate-deliveries", "--port", "0"]));
        assert!(on(&["--duplicateDeliveries", "true"]));
        assert!(!on(&["--duplicate-deliveries=false"]));
        assert!(!on(&["--duplicate-deliveries", "false", "--port", "0"]));
        assert!(parse(&["--duplicate-deliveries=perhaps"]).is_err());
    }

    #[test]
    fn rejects_bad_input() {
        for bad in [
            &["--port", "x"][..],
            &["--port"],
            &["--nope", "1"],
            &["--static-dir", "www"],
            &["--time-scale", "0"],
            &["--status500-rate", "3"],
            &["stray"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse(&["--help"]), Ok(None));
    }
}
