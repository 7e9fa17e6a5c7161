//! Opening inputs and outputs; recognising a closed pipe.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use redline_policy::Line;

/// Whether the error chain holds a broken pipe (stdout closed by `head`).
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Opens each input (`-` or none at all means stdin) lazily, in order.
pub(crate) fn inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        paths.to_vec()
    }
}

/// A buffered reader for one input.
pub(crate) fn open_input(path: &Path) -> Result<Box<dyn BufRead>> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    let file = File::open(path).with_context(|| format!("cannot open input {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// A buffered writer to FILE or stdout.
pub(crate) fn open_output(path: Option<&Path>) -> Result<Box<dyn Write + Send>> {
    Ok(match path {
        Some(p) => {
            Box::new(BufWriter::new(File::create(p).with_context(|| {
                format!("cannot create output {}", p.display())
            })?))
        }
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
    })
}

/// Reads up to `n` lines of at most `max` bytes each, numbering them on
/// from `line_no`; a line over the limit is kept by length only (never
/// buffered), so the caller judges it as an error. Empty at the end.
pub(crate) fn read_chunk(
    mut input: &mut dyn BufRead,
    path: &Path,
    max: usize,
    n: usize,
    line_no: &mut u64,
) -> Result<Vec<(u64, Line)>> {
    let mut chunk = Vec::with_capacity(n);
    while chunk.len() < n {
        let line =
            Line::read(&mut input, max).with_context(|| format!("reading {}", path.display()))?;
        let Some(line) = line else {
            break;
        };
        *line_no += 1;
        chunk.push((*line_no, line));
    }
    Ok(chunk)
}
