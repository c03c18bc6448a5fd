//! Files leakhound itself opens, under the rules an attacker-controlled tree calls for: a file
//! leakhound writes is never written through a final symbolic link (a pull request can commit
//! `report.sarif -> /anywhere`), and a file it reads for its own use (config, baseline, rules)
//! must be a regular file no larger than a limit (not `/dev/zero`, not a FIFO that never ends,
//! not `/proc/self/pagemap`). Knows nothing of the rest of the crate.

use std::{
    fs::{File, OpenOptions},
    io::{self, Read},
    path::Path,
};

/// The largest config or rule file read.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;
/// The largest baseline read.
pub const MAX_BASELINE_BYTES: u64 = 256 << 20;

/// Opens `path` for writing, created or truncated, without following a symbolic link in its
/// last component: a link there is an error, whatever it points to.
pub fn create_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    no_follow(&mut options);
    options.open(path).map_err(|e| explain_link(path, e))
}

/// Opens a report destination the user named (`-o FILE`): like `create_no_follow`, except that
/// a link the user named to a device or a stream (`/dev/stdout`, `/dev/fd/3`, a link to
/// `/dev/null`) is followed, never to a regular file or a directory, and never created.
pub fn open_output(path: &Path) -> io::Result<File> {
    match create_no_follow(path) {
        Err(e) if is_link(path) && (names_a_device(path) || leads_to_a_stream(path)) => {
            drop(e);
            OpenOptions::new().write(true).truncate(true).open(path)
        }
        other => other,
    }
}

/// Reads a regular file of at most `limit` bytes as UTF-8 (symbolic links are followed).
pub fn read_limited(path: &Path, limit: u64) -> io::Result<String> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let file = File::open(path)?;
    let mut bytes = Vec::with_capacity(metadata.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {} MiB", limit >> 20),
        ));
    }
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Paths only the user can name: a pull request cannot commit files there.
fn names_a_device(path: &Path) -> bool {
    path.starts_with("/dev") || path.starts_with("/proc/self/fd")
}

/// Whether a link leads to a stream: a character device (`/dev/null`, a terminal), a FIFO or a
/// socket; never a regular file, a directory or a block device (a disk).
fn leads_to_a_stream(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        std::fs::metadata(path).is_ok_and(|m| {
            let t = m.file_type();
            t.is_char_device() || t.is_fifo() || t.is_socket()
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

#[cfg(unix)]
fn no_follow(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NOFOLLOW);
}

#[cfg(not(unix))]
fn no_follow(_options: &mut OpenOptions) {}

/// `ELOOP` says little; say that the path is a link.
fn explain_link(path: &Path, e: io::Error) -> io::Error {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) && is_link(path) {
        return io::Error::new(
            e.kind(),
            "it is a symbolic link, and leakhound does not write through one (name its target instead)",
        );
    }
    let _ = path;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn writes_never_follow_a_final_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link.sarif");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = create_no_follow(&link).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(open_output(&link).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        // A dangling link is not created through either.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(open_output(&dangling).is_err());
        assert!(!dir.path().join("nowhere").exists());
        // A link to a device is followed; the device stays a device.
        let null = dir.path().join("null");
        std::os::unix::fs::symlink("/dev/null", &null).unwrap();
        assert!(open_output(&null).is_ok());
        assert!(open_output(Path::new("/dev/null")).is_ok());
        // A committed link to a disk is not (only opened here, never written).
        use std::os::unix::fs::FileTypeExt;
        let disk = std::fs::read_dir("/dev")
            .into_iter()
            .flatten()
            .flatten()
            .find(|e| {
                std::fs::symlink_metadata(e.path()).is_ok_and(|m| m.file_type().is_block_device())
            });
        if let Some(disk) = disk {
            let link = dir.path().join("disk.sarif");
            std::os::unix::fs::symlink(disk.path(), &link).unwrap();
            assert!(open_output(&link).is_err(), "{}", disk.path().display());
        }
        // A plain file is created and truncated.
        let plain = dir.path().join("plain.json");
        std::fs::write(&plain, "old contents").unwrap();
        drop(open_output(&plain).unwrap());
        assert_eq!(std::fs::read(&plain).unwrap().len(), 0);
    }

    #[test]
    fn reads_are_limited_to_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.yml");
        std::fs::write(&file, "rules: []\n").unwrap();
        assert_eq!(read_limited(&file, 100).unwrap(), "rules: []\n");
        assert!(read_limited(&file, 4)
            .unwrap_err()
            .to_string()
            .contains("larger"));
        assert!(read_limited(dir.path(), 100).is_err());
        #[cfg(unix)]
        assert!(read_limited(Path::new("/dev/zero"), 100)
            .unwrap_err()
            .to_string()
            .contains("not a regular file"));
    }
}
