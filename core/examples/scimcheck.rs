//! Check or normalize JSON from stdin: `cargo run -p scimgate --example scimcheck -- [normalize] [options-json]`.
use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let normalize = args.first().is_some_and(|a| a == "normalize");
    let opts = args
        .iter()
        .find(|a| a.starts_with('{'))
        .map_or("", String::as_str);
    let options = match scimgate::Options::from_json(opts.as_bytes()) {
        Ok(o) => o,
        Err(e) => return eprintln!("options: {e}"),
    };
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        return eprintln!("stdin: {e}");
    }
    let out = if normalize {
        scimgate::normalize_json(&input, &options).map(|n| serde_json::to_string_pretty(&n))
    } else {
        scimgate::check_json(&input, &options).map(|r| serde_json::to_string_pretty(&r))
    };
    match out {
        Ok(Ok(text)) => println!("{text}"),
        Ok(Err(e)) => eprintln!("{e}"),
        Err(e) => println!("{}", scimgate::to_scim_error(&e)),
    }
}
