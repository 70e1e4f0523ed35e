//! The library's error type: every error says *where* (file, line, column) when it has a where.

use std::fmt;
use std::path::{Path, PathBuf};

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in unchrome's library calls.
///
/// Classifying HTML never fails (bad HTML still yields blocks); errors come from reading files,
/// parsing labelled CSV, loading model files and training.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read or written.
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A labelled CSV file is malformed.
    Csv {
        /// The CSV file (`-` for standard input).
        path: PathBuf,
        /// 1-based line number, when known.
        line: Option<u64>,
        /// Name of the column at fault, when known.
        column: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A model file could not be used: not JSON, truncated, wrong version, or built for
    /// different features.
    Model {
        /// The model file (`<bundled>` for the embedded model).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Training data cannot train a model (one class only, too few rows, ...).
    Training(String),
    /// A record of a WARC file could not be read (the reader skips it and goes on).
    Warc {
        /// The WARC file.
        path: PathBuf,
        /// 1-based position of the record in the file.
        record: u64,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    pub(crate) fn model(path: impl AsRef<Path>, message: impl Into<String>) -> Error {
        Error::Model {
            path: path.as_ref().to_path_buf(),
            message: message.into(),
        }
    }

    pub(crate) fn csv(
        path: impl AsRef<Path>,
        line: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Error {
        Error::Csv {
            path: path.as_ref().to_path_buf(),
            line,
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::Csv {
                path,
                line,
                column,
                message,
            } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ": line {line}")?;
                }
                if let Some(column) = column {
                    write!(f, ", column '{column}'")?;
                }
                write!(f, ": {message}")
            }
            Error::Model { path, message } => {
                write!(
                    f,
                    "{}: not a usable model file: {}",
                    path.display(),
                    message
                )
            }
            Error::Training(message) => write!(f, "cannot train: {message}"),
            Error::Warc {
                path,
                record,
                message,
            } => write!(f, "{}: record {record}: {message}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
