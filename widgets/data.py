"""MNIST in the Kaggle digit-recognizer layout: a label column, then pixel0 ... pixel783 (uint8, 0-255).

Three ways to get digits, all returning the same DataFrame layout (one row per digit):

- `load_mnist()`: the 10,000 real digits bundled with the course (works offline).
- `load_mnist("train.csv")`: a Kaggle digit-recognizer train.csv, plain or gzip-compressed.
- `download_mnist()`: the full 70,000 digits from public mirrors, checked and cached on disk.

For code that wants arrays and no DataFrame (benchmarks, the fast trainer), `load_mnist_arrays()`
returns the cached full set as uint8 views of one array, and `is_mnist_cached()` says whether that
works without the network. `train_dev_split` turns any of these into the lessons' X (784, m) and Y (m,).

Every problem with the input raises an exception whose message says what is wrong and what to do:
`DataFileNotFoundError` (a FileNotFoundError), `DataFormatError` (a ValueError), `DownloadError`
(an OSError) and its subclass `ChecksumError`.
"""

import contextlib
import gzip
import hashlib
import io
import json
import os
import re
import tempfile
import time
import urllib.error
import urllib.request
import warnings
import zlib
from http.client import HTTPException
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from widgets.errors import LearnerError

SAMPLE_PATH = Path(__file__).with_name("mnist_sample.csv.gz")
COLUMNS = ["label"] + [f"pixel{i}" for i in range(784)]


class DataFileNotFoundError(LearnerError, FileNotFoundError):
    """The path given to `load_mnist` does not lead to a data file."""


class DataFormatError(LearnerError, ValueError):
    """A data file is not in the Kaggle train.csv layout; the message names the problem."""


class DownloadError(LearnerError, OSError):
    """`download_mnist` could not get the files; the message says what still works offline."""


class ChecksumError(DownloadError):
    """A downloaded file is not the published MNIST file (corrupted or incomplete)."""


# ---------------------------------------------------------------------------------------------
# Reading a Kaggle-layout CSV
# ---------------------------------------------------------------------------------------------


def load_mnist(path=None):
    """Return MNIST digits as a DataFrame with columns label, pixel0 ... pixel783 (uint8).

    path: None for the 10,000 real digits bundled with the course, or the path of a Kaggle
    digit-recognizer train.csv (plain or gzip-compressed, any file name). The file is only read.
    Returns a DataFrame of shape (m, 785), every column uint8: labels 0-9, pixels 0-255.
    Raises DataFileNotFoundError for a missing path and DataFormatError for a file in another layout.
    """
    source = SAMPLE_PATH if path is None else _existing_file(path)
    table = _parse_csv(_read_text_bytes(source), source)
    return pd.DataFrame(table, columns=COLUMNS, copy=False)


def _existing_file(path):
    text = os.fspath(path)
    if isinstance(text, str) and text.startswith(("http://", "https://")):
        raise DataFileNotFoundError(
            f"load_mnist reads a file on this computer, not a web address ({text}). "
            "Download the file first, or call download_mnist() for the full 70,000 MNIST digits."
        )
    source = Path(text).expanduser()
    if source.is_dir():
        raise DataFileNotFoundError(
            f"{source} is a folder. Pass the path of the CSV file inside it, "
            f"for example load_mnist('{Path(text) / 'train.csv'}')."
        )
    if not source.exists():
        raise DataFileNotFoundError(
            f"No file at {source.absolute()}. Check the spelling; a relative path starts from the "
            f"notebook's folder ({Path.cwd()}). Without a path, load_mnist() returns the 10,000 "
            "digits bundled with the course."
        )
    return source


def _read_text_bytes(source):
    """Return the file's bytes, un-gzipped if the file is gzip-compressed (whatever its name)."""
    raw = source.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        raise DataFormatError(
            f"{source.name} is a zip archive (Kaggle downloads come zipped). Unzip it and pass "
            "the train.csv inside, e.g. load_mnist('digit-recognizer/train.csv')."
        )
    if raw.startswith(b"\x1f\x8b"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as error:
            raise DataFormatError(
                f"{source.name} looks gzip-compressed but cannot be decompressed ({error}): the file "
                "is probably incomplete. Download or copy it again."
            ) from None
    return raw


def _parse_csv(raw, source):
    """Check the header and parse the digits: returns a uint8 array (m, 785), label first."""
    if not _NOT_SPACE.search(raw):
        raise DataFormatError(
            f"{source.name} is empty. Expected a header line 'label,pixel0,...,pixel783' "
            "followed by one line per digit."
        )
    body = io.BytesIO(raw)
    header = body.readline().decode("utf-8", errors="replace").lstrip("\ufeff")
    _check_header(header, source)
    if not _NOT_SPACE.search(raw, body.tell()):
        raise DataFormatError(
            f"{source.name} has the header line but no digits: add one line per digit "
            "(label, then 784 pixel values)."
        )
    start = body.tell()
    if _has_other_bytes(raw, start):
        raise _diagnose_cells(raw, source)  # a '-', '.', 'e', letter ...: not a whole number 0-255
    # Narrowing happens here, never inside np.loadtxt: its integer parser reads a cell that is not an
    # integer within the dtype's range through a float, then either casts it (older numpy, e.g. Colab's
    # 2.1.3: 256 -> 0, -3 -> 253, 3.5 -> 3, only a warning) or raises (newer numpy). So it only gets
    # digits, and a wide enough type: int16 holds every number of up to 4 digits; a longer one
    # (zero-padded, or far out of range) is read as float64, exact up to 2**53 and never wrapped.
    wide = np.float64 if _has_long_number(np.frombuffer(raw, dtype=np.uint8, offset=start)) else np.int16
    try:
        table = np.loadtxt(body, delimiter=",", dtype=wide, ndmin=2)
    except ValueError:
        raise _diagnose_cells(raw, source) from None
    if table[:, 0].max() > 9 or table.max() > 255:  # no minimum to check: '-' is refused above
        raise _diagnose_cells(raw, source)
    return table.astype(np.uint8)


def _has_other_bytes(raw, start, step=1 << 20):
    """True if raw[start:] holds a byte other than `_NUMBER_BYTES`; reads it in slices of `step` bytes."""
    return any(raw[i : i + step].translate(None, _NUMBER_BYTES) for i in range(start, len(raw), step))


def _has_long_number(codes, step=1 << 20):
    """True if the text has 5 digits in a row: a number of 10000 or more, or one padded with zeros.

    codes: (n,) uint8, the text's bytes, holding only `_NUMBER_BYTES`, whose only bytes >= '0' are digits.
    Not modified. Works on blocks of `step` bytes, overlapping by 4, so that each block stays in cache.
    """
    for start in range(0, len(codes), step):
        block = codes[start : start + step + 4]
        low = np.minimum(block[:-1], block[1:])  # low[i]: the smallest of bytes i and i + 1
        low = np.minimum(low[:-2], low[2:])  # the smallest of bytes i to i + 3
        low = np.minimum(low[:-1], block[4:])  # the smallest of bytes i to i + 4
        if low.max(initial=0) >= ord("0"):
            return True
    return False


def _check_header(header, source):
    names = [name.strip().strip('"') for name in header.strip().split(",")]
    if names == COLUMNS:
        return
    if names == COLUMNS[1:]:
        raise DataFormatError(
            f"{source.name} has pixel0 ... pixel783 but no 'label' column: it looks like Kaggle's "
            "test.csv, whose labels are kept secret for the competition. The course needs labelled "
            "digits: pass Kaggle's train.csv instead, or call load_mnist() for the bundled 10,000 digits."
        )
    if names[1:] == COLUMNS and names[0] in ("", "Unnamed: 0", "index"):
        raise DataFormatError(
            f"{source.name} starts with an extra index column before 'label' (written by "
            "DataFrame.to_csv without index=False). Save it again with df.to_csv(path, index=False)."
        )
    for separator, called in ((";", "semicolons"), ("\t", "tabs")):
        if len(names) == 1 and separator in header:
            raise DataFormatError(
                f"{source.name} separates its values with {called}, not commas. Save it as a "
                "comma-separated CSV, for example with df.to_csv(path, index=False)."
            )
    if all(name.isdigit() for name in names):
        raise DataFormatError(
            f"{source.name} has no header line: its first line holds numbers. Add the line "
            "'label,pixel0,pixel1,...,pixel783' at the top (df.to_csv(path, index=False) writes it)."
        )
    expected = set(COLUMNS)
    missing = [name for name in COLUMNS if name not in set(names)]
    extra = [name for name in names if name not in expected]
    repeated = sorted({name for name in names if names.count(name) > 1 and name in expected})
    problems = []
    if missing:
        problems.append(f"missing {_few(missing)}")
    if extra:
        problems.append(f"unexpected {_few(extra)}")
    if repeated:
        problems.append(f"repeated {_few(repeated)}")
    if not problems:
        problems.append("the right columns in the wrong order")
    raise DataFormatError(
        f"{source.name} has the wrong columns: {'; '.join(problems)}. Expected the Kaggle train.csv "
        "layout: 785 columns 'label', 'pixel0', ..., 'pixel783', in that order."
    )


def _few(names, shown=5):
    """Quote a list of names, shortened: 'a', 'b', 'c', ... (9 in all)."""
    quoted = ", ".join(repr(name if len(name) <= 30 else name[:27] + "...") for name in names[:shown])
    return quoted if len(names) <= shown else f"{quoted}, ... ({len(names)} in all)"


_NOT_SPACE = re.compile(rb"\S")
# Every byte a line of whole numbers may hold: digits, a '+' sign, commas and ASCII whitespace.
_NUMBER_BYTES = b"0123456789+, \t\n\r\x0b\x0c"
# A line whose label is 0-9 and whose 784 pixels are whole numbers 0-255 (leading zeros allowed).
_CELL = r"\s*0*(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\s*"
_GOOD_LINE = re.compile(rf"\s*0*[0-9]\s*(?:,{_CELL}){{784}}")


def _diagnose_cells(raw, source):
    """Find the first bad cell (only called once the fast parse has failed) and describe it."""
    text = raw.decode("utf-8", errors="replace")
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if not line.strip() or _GOOD_LINE.fullmatch(line):
            continue
        cells = line.split(",")
        where = f"{source.name}, line {number}"
        if len(cells) != 785:
            return DataFormatError(
                f"{where} has {len(cells)} values, expected 785 (a label, then 784 pixels). "
                "Every line must be complete; was the file cut short or edited by hand?"
            )
        for column, cell in zip(COLUMNS, cells, strict=True):
            problem = _cell_problem(column, cell.strip())
            if problem:
                return DataFormatError(f"{where}, column '{column}': {problem}")
    return DataFormatError(
        f"{source.name} could not be read as whole numbers (label 0-9, pixels 0-255). "
        "Check that every line is 785 comma-separated values."
    )


def _cell_problem(column, value):
    """Why one cell is not a valid label (0-9) or pixel (0-255), or None if it is valid."""
    whole = "Every cell must hold a whole number (label 0-9, pixels 0-255)."
    if not value:
        return f"the cell is empty. {whole}"
    try:
        number = int(value) if value.isascii() else None
    except ValueError:
        number = None
    if number is None:
        try:
            float(value)
        except ValueError:
            return f"{value!r} is not a number. {whole}"
        if column == "label":
            return f"{value!r} is not a whole number. Labels are the digit shown, 0 to 9."
        return (
            f"{value!r} is not a whole number. Pixels are grey levels 0-255; if the data was scaled "
            "to 0-1, multiply by 255 and round before saving."
        )
    if column == "label" and not 0 <= number <= 9:
        return f"label {number} is outside 0-9. Labels are the digit shown, 0 to 9."
    if not 0 <= number <= 255:
        return f"pixel value {number} is outside 0-255. Pixels are grey levels 0 (background) to 255 (ink)."
    return None


# ---------------------------------------------------------------------------------------------
# Splitting into train and dev sets
# ---------------------------------------------------------------------------------------------


def train_dev_split(data, dev_size=1000, seed=0, dtype=np.float64):
    """Shuffle, hold out a dev set and scale to [0, 1], as the seed notebook does.

    data: DataFrame or array (m, 785), label first. Not modified.
    Returns X_train (784, m - dev_size), Y_train (m - dev_size,), X_dev (784, dev_size),
    Y_dev (dev_size,): one column per example, pixels as `dtype` (C-contiguous), labels as int64.
    Memory: besides the outputs, a few MB of temporary copies.
    """
    table = np.asarray(data)
    order = np.random.default_rng(seed).permutation(len(table))
    dev, train = order[:dev_size], order[dev_size:]
    labels = table[:, 0].astype(np.int64)
    X_train = _scaled_columns(table, train, dtype)
    X_dev = _scaled_columns(table, dev, dtype)
    return X_train, labels[train], X_dev, labels[dev]


def train_dev_test_split(data, dev_size=1000, test_size=1000, seed=0, dtype=np.float64):
    """train_dev_split with a test set held out as well, to be used once, after choosing on dev.

    The dev set is exactly train_dev_split's (same data, seed and dev_size); the test set is the last
    test_size examples of its training part, and the training set the rest. data: (m, 785), label
    first, not modified. Returns X_train (784, m - dev_size - test_size), Y_train, X_dev (784, dev_size),
    Y_dev, X_test (784, test_size), Y_test: pixels as `dtype` in [0, 1], labels int64.
    """
    X_train, Y_train, X_dev, Y_dev = train_dev_split(data, dev_size=dev_size, seed=seed, dtype=dtype)
    if not 0 < test_size < X_train.shape[1]:
        raise ValueError(f"test_size should be between 1 and {X_train.shape[1] - 1}; got {test_size}.")
    keep = X_train.shape[1] - test_size
    return (np.ascontiguousarray(X_train[:, :keep]), Y_train[:keep], X_dev, Y_dev,
            np.ascontiguousarray(X_train[:, keep:]), Y_train[keep:])


def _scaled_columns(table, rows, dtype, step=4096):
    """Pixels of the given rows as a (784, len(rows)) array of `dtype`, divided by 255 in place.

    Rows are copied `step` at a time: no full-size temporary, and each block stays in cache.
    """
    X = np.empty((784, len(rows)), dtype=dtype)
    for start in range(0, len(rows), step):
        X[:, start : start + step] = table[rows[start : start + step], 1:].T
    X /= 255
    return X


# ---------------------------------------------------------------------------------------------
# Downloading the full 70,000 digits
# ---------------------------------------------------------------------------------------------

# Tried in order. The first two are the copies TensorFlow/Keras and torchvision download from.
MIRRORS = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

# SHA-256 of the four original files, as published in tensorflow_datasets (url_checksums/mnist.txt)
# and torchvision; sizes in bytes: 9,912,422 / 28,881 / 1,648,877 / 4,542.
CHECKSUMS = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
# (images, labels) of the training set, then of the test set: rows 0-59,999 then 60,000-69,999.
_PARTS = (
    ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
)
# The parsed table, (70000, 785) uint8 in the DataFrame's layout, read back without any parsing.
TABLE_NAME = "mnist-uint8.npy"
# What the table was built from: {"checksums": {file name: SHA-256}, "rows": m}, written after it.
SOURCES_NAME = "mnist-uint8.sources.json"
_CHUNK = 1 << 16
_STALE_PART_SECONDS = 3600  # a .part file untouched this long belongs to no running download


def default_cache_dir():
    """Folder for downloaded data: $MNIST_FROM_SCRATCH_DATA, else ~/.cache/mnist-from-scratch."""
    if os.environ.get("MNIST_FROM_SCRATCH_DATA"):
        return Path(os.environ["MNIST_FROM_SCRATCH_DATA"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mnist-from-scratch"


def download_mnist(cache_dir=None, mirrors=None, progress=True, timeout=10, checksums=None, fallback=False):
    """Return the full MNIST set (70,000 digits) as a DataFrame in the same layout as `load_mnist`.

    Rows 0-59,999 are the original training set, rows 60,000-69,999 the original test set.
    The first call downloads the four original files (11.6 MB) from the first mirror that answers,
    checks their SHA-256, and keeps them in `cache_dir` with a parsed copy (`mnist-uint8.npy`,
    55 MB); later calls read that copy and use no network. Files appear in the cache only once
    complete and checked: a failed or interrupted download leaves nothing behind.

    cache_dir: folder for the files; default `default_cache_dir()`.
    mirrors: base URLs tried in order; default `MIRRORS`.
    progress: show a progress bar per file (tqdm: a widget in Jupyter, text in a terminal).
    timeout: seconds to wait for a server to connect or send the next piece of data.
    checksums: {file name: SHA-256 hex}; default `CHECKSUMS`, the published values.
    fallback: if True, when the download fails, warn and return the 10,000 bundled digits instead.
    Returns a DataFrame (70000, 785), every column uint8. By default raises DownloadError (or
    ChecksumError) when no mirror delivers a correct file, so that the data never silently shrinks
    to 10,000 rows; the message says that `load_mnist()` works offline and how to get the files by
    hand. Notebooks that must run offline too can pass fallback=True.
    """
    try:
        table = _cached_table(cache_dir, mirrors, progress, timeout, checksums)
    except DownloadError as error:
        if not fallback:
            raise
        warnings.warn(f"{error}\n\nUsing the 10,000 digits bundled with the course instead.", stacklevel=2)
        return load_mnist()
    return pd.DataFrame(table, columns=COLUMNS, copy=False)


def load_mnist_arrays(cache_dir=None, **download_options):
    """Return the full set as arrays without a DataFrame, downloading first if not cached.

    Returns images (70000, 784) uint8 and labels (70000,) uint8: views into one array read from
    the cache (55 MB; no other copy is made), rows in the same order as `download_mnist`.
    download_options: mirrors, progress, timeout, checksums, as for `download_mnist`.
    """
    table = _cached_table(cache_dir, **download_options)
    return table[:, 1:], table[:, 0]


def is_mnist_cached(cache_dir=None, checksums=None):
    """True when the full set can be loaded from `cache_dir` without the network."""
    folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    return _valid_table(folder, CHECKSUMS if checksums is None else checksums, mmap_mode="r") is not None


def _cached_table(cache_dir=None, mirrors=None, progress=True, timeout=10, checksums=None):
    """The (m, 785) uint8 table, from the cached .npy when it is valid for these checksums, else
    built from cached or downloaded idx files (each checked against its SHA-256)."""
    folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    checksums = CHECKSUMS if checksums is None else checksums
    table = _valid_table(folder, checksums)
    if table is not None:
        return table
    _make_writable_folder(folder)
    _remove_stale_parts(folder)
    mirrors = list(mirrors or MIRRORS)
    for done, name in enumerate(checksums):
        kept = list(checksums)[:done]
        used = _fetch(name, checksums[name], folder, mirrors, progress, timeout, kept)
        if used is not None:
            mirrors.insert(0, mirrors.pop(mirrors.index(used)))
    table = np.concatenate([_idx_part(folder / images, folder / labels) for images, labels in _PARTS])
    sources = json.dumps({"checksums": dict(checksums), "rows": int(table.shape[0])}, sort_keys=True)
    try:
        _write_atomically(folder / TABLE_NAME, lambda file: np.save(file, table))
        _write_atomically(folder / SOURCES_NAME, lambda file: file.write(sources.encode()))
    except (OSError, _LocalWriteError) as error:
        raise _cache_write_error(folder, error) from error
    return table


def _valid_table(folder, checksums, mmap_mode=None):
    """The cached table when it was built from files with these checksums and looks like MNIST
    (the recorded number of rows, labels 0-9); else None."""
    try:
        sources = json.loads((folder / SOURCES_NAME).read_text())
        recorded, rows = sources["checksums"], int(sources["rows"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if recorded != dict(checksums):
        return None
    table = _read_table(folder / TABLE_NAME, mmap_mode=mmap_mode)
    if table is None or table.shape[0] != rows or rows == 0 or int(table[:, 0].max()) > 9:
        return None
    return table


def _remove_stale_parts(folder):
    """Delete temporary files left by a download that was killed (no running one touches them)."""
    now = time.time()
    for part in folder.glob(".*.part"):
        with contextlib.suppress(OSError):
            if now - part.stat().st_mtime > _STALE_PART_SECONDS:
                part.unlink()


def _cache_write_error(folder, error):
    cause = error.__cause__ if isinstance(error, _LocalWriteError) else error
    reason = getattr(cause, "strerror", None) or str(cause)
    return DownloadError(
        f"Could not write the MNIST files into {folder} ({reason}). Free some space there, or use "
        "another folder: download_mnist(cache_dir='...') or the environment variable "
        "MNIST_FROM_SCRATCH_DATA. The 10,000 digits bundled with the course need no download: "
        "data = load_mnist()."
    )


def _make_writable_folder(folder):
    try:
        folder.mkdir(parents=True, exist_ok=True)
        writable = os.access(folder, os.W_OK)
        reason = "not writable"
    except OSError as error:
        writable, reason = False, error.strerror or str(error)
    if not writable:
        raise DownloadError(
            f"Cannot use {folder} as the MNIST cache folder ({reason}). Pass a folder you can write "
            "to, download_mnist(cache_dir='...'), or set the environment variable MNIST_FROM_SCRATCH_DATA. "
            "The 10,000 digits bundled with the course need no download: data = load_mnist()."
        )


def _read_table(path, mmap_mode=None):
    """The cached table, or None when it is missing or not a (m, 785) uint8 array."""
    try:
        table = np.load(path, mmap_mode=mmap_mode, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if table.dtype != np.uint8 or table.ndim != 2 or table.shape[1] != 785:
        return None
    return table


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch(name, sha256, folder, mirrors, progress, timeout, kept=()):
    """Make sure folder/name exists and has the given SHA-256, downloading it if needed.

    Returns the mirror it came from, or None when the cached file was already right.
    kept: names of the files already in the cache and checked, for the error message.
    """
    target = folder / name
    stale = target.is_file() and _sha256(target) != sha256
    if target.is_file() and not stale:
        return None
    failures = []
    for mirror in mirrors:
        url = mirror.rstrip("/") + "/" + name
        try:
            _download(url, sha256, target, progress, timeout)
            return mirror
        except _LocalWriteError as error:
            raise _cache_write_error(folder, error) from error
        except (OSError, HTTPException) as error:
            if isinstance(error, urllib.error.HTTPError):
                error.close()  # an HTTP error carries the open response
            failures.append((url, error))
    raise _download_error(name, folder, failures, stale, kept)


def _download(url, sha256, target, progress, timeout):
    """Stream url into a temporary file next to target; rename it to target only once verified."""
    digest = hashlib.sha256()

    def copy(file):
        file = _Writer(file)
        with urllib.request.urlopen(url, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            expected = int(length) if length and length.isdigit() else None
            received = 0
            with _progress_bar(expected, f"{target.name} ({urlsplit(url).hostname})", progress) as bar:
                for chunk in iter(lambda: response.read(_CHUNK), b""):
                    file.write(chunk)
                    digest.update(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
        if expected is not None and received != expected:
            raise DownloadError(f"the connection closed after {received:,} of {expected:,} bytes")
        if digest.hexdigest() != sha256:
            raise ChecksumError(
                f"got {received:,} bytes whose SHA-256 is {digest.hexdigest()[:16]}..., "
                f"expected {sha256[:16]}... (a corrupted or different file)"
            )

    _write_atomically(target, copy)


class _LocalWriteError(Exception):
    """Writing into the cache folder failed (disk full, file too large, a folder in the way)."""


class _Writer:
    """A file whose write errors are told apart from the network's."""

    def __init__(self, file):
        self._file = file

    def write(self, data):
        try:
            return self._file.write(data)
        except OSError as error:
            raise _LocalWriteError from error

    def __getattr__(self, name):
        return getattr(self._file, name)


def _write_atomically(target, write):
    """Call write(file) on a temporary file in target's folder, then rename it to target.

    On any exception, Ctrl-C included, the temporary file is deleted and target is untouched.
    A folder that cannot take the file (full, too large, a folder named like target) raises
    _LocalWriteError; whatever write(file) raises passes through as it is.
    """
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as error:
        raise _LocalWriteError from error
    try:
        with os.fdopen(handle, "wb") as file:
            try:
                write(file)
                try:
                    file.flush()
                    os.fsync(file.fileno())
                except OSError as error:
                    raise _LocalWriteError from error
            except BaseException:
                with contextlib.suppress(OSError):  # closing flushes what is buffered: it fails again
                    file.close()
                raise
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise _LocalWriteError from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def _progress_bar(total, description, enabled):
    """A tqdm progress bar in bytes (a widget in Jupyter, text elsewhere), or a silent stand-in."""
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, unit="B", unit_scale=True, unit_divisor=1024)


def _download_error(name, folder, failures, stale, kept):
    reasons = "\n".join(f"  {url}: {_reason(error)}" for url, error in failures)
    offline = all(_unreachable(error) for _, error in failures)
    corrupted = bool(failures) and all(isinstance(error, ChecksumError) for _, error in failures)
    if corrupted:
        headline = f"Every mirror sent a copy of {name} that fails its SHA-256 check; it was not saved."
    elif offline:
        headline = f"Could not reach any MNIST mirror for {name} (offline, or a firewall?)."
    else:
        headline = f"Could not download {name} from any MNIST mirror; it was not saved."
    notes = ""
    if stale:
        notes += f"{folder / name} is already there but is not the published file: download it again.\n"
    if kept:
        notes += f"Already downloaded and checked, and kept for next time: {', '.join(kept)}.\n"
    files = ", ".join(CHECKSUMS)
    message = (
        f"{headline}\n{reasons}\n\n{notes}"
        "The 10,000 digits bundled with the course still work offline: data = load_mnist().\n"
        f"To get all 70,000 by hand, download the four files {files} from any mirror above "
        f"(keep them gzipped) into {folder}, then run download_mnist() again: it checks them "
        "and uses them without the network."
    )
    return (ChecksumError if corrupted else DownloadError)(message)


def _unreachable(error):
    """True for errors that mean no answer at all (no network, refused, timed out)."""
    if isinstance(error, urllib.error.HTTPError):
        return False
    if isinstance(error, urllib.error.URLError):
        return True
    return isinstance(error, TimeoutError | ConnectionError)


def _reason(error):
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    return str(error) or type(error).__name__


def _idx_part(images_path, labels_path):
    """Read one images/labels pair of gzipped idx files into a (n, 785) uint8 table, label first."""
    images = _idx_array(images_path, magic=2051)
    labels = _idx_array(labels_path, magic=2049)
    if images.shape[1:] != (28, 28) or len(images) != len(labels):
        raise DataFormatError(
            f"{images_path.name} holds {images.shape} images and {labels_path.name} {labels.shape} "
            "labels; expected n images of 28 x 28 and n labels. Delete both files and download again."
        )
    table = np.empty((len(labels), 785), dtype=np.uint8)
    table[:, 0] = labels
    table[:, 1:] = images.reshape(len(images), 784)
    return table


def _idx_array(path, magic):
    """Parse a gzipped idx file (big-endian header: magic, then one int32 per dimension)."""
    raw = gzip.decompress(path.read_bytes())
    ndim = magic - 2048
    header = np.frombuffer(raw, dtype=">i4", count=1 + ndim) if len(raw) >= 4 * (1 + ndim) else None
    if header is None or header[0] != magic or len(raw) != 4 * (1 + ndim) + int(np.prod(header[1:])):
        raise DataFormatError(
            f"{path.name} is not an idx file of uint8 values. Delete it and download it again."
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=4 * (1 + ndim)).reshape(header[1:])
