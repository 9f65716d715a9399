"""A sentence-transformers model exported once to OpenVINO and run there, in bfloat16 where the CPU has it.

The export traces the whole sentence-transformers pipeline (encoder, pooling, normalisation) from
`input_ids` and `attention_mask` with dynamic batch and length, and saves it with the model's own
`tokenizers` tokenizer beside it. Weights are stored in float16: half the memory and disk of
float32, and faster in both precisions (less to read per batch), with vectors still at cosine
0.99999 to torch's (docs/BENCHMARKS.md). Loading it needs neither torch nor sentence-transformers, so a
cold `qawl ask` starts in a fraction of the time. OpenVINO's own cache of compiled models is not
used: it saved 0.3 s of a 1.1 s compile and took 470 MB of disk (docs/BENCHMARKS.md).
"""
from __future__ import annotations

import json
import threading
import warnings
from pathlib import Path

import numpy as np

from index.builtin_model import build_into

MODEL = "model.xml"
TOKENIZER = "tokenizer.json"
SETTINGS = "encoder.json"
WIDTH_STEP = 16  # batches are padded to a multiple of this many tokens ...
SHAPES_KEPT = 256  # ... and to a power-of-two number of texts, so that OpenVINO meets few shapes and keeps them all


def precision(core) -> str:
    """bf16 where the CPU computes it natively (AMX or AVX512-BF16), otherwise f32."""
    return "bf16" if "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES") else "f32"


def export(model_path: str, target: Path, announce=print) -> Path:
    """Export the sentence-transformers model at `model_path` into `target` unless it is already there."""
    if (target / SETTINGS).exists():
        return target
    import openvino
    import torch
    from sentence_transformers import SentenceTransformer

    announce(f"Exporting the embedding model to OpenVINO into {target} (once, ~15 s)…")
    model = SentenceTransformer(model_path, device="cpu").eval()

    class Pipeline(torch.nn.Module):
        """The sentence-transformers modules as one function of token ids and mask."""

        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            features = self.model({"input_ids": input_ids, "attention_mask": attention_mask})
            return torch.nn.functional.normalize(features["sentence_embedding"], dim=-1)

    example = {"input_ids": torch.ones((2, 8), dtype=torch.long), "attention_mask": torch.ones((2, 8), dtype=torch.long)}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracing warns of shape checks that hold for every input
        converted = openvino.convert_model(
            Pipeline(), example_input=example,
            input=[("input_ids", [-1, -1], openvino.Type.i64), ("attention_mask", [-1, -1], openvino.Type.i64)],
        )
    def write(folder: Path) -> None:
        openvino.save_model(converted, folder / MODEL, compress_to_fp16=True)
        (folder / TOKENIZER).write_text(model.tokenizer.backend_tokenizer.to_str(), encoding="utf-8")
        settings = {"dim": int(model.get_embedding_dimension()), "max_length": int(model.max_seq_length),
                    "pad_id": int(model.tokenizer.pad_token_id or 0)}
        (folder / SETTINGS).write_text(json.dumps(settings), encoding="utf-8")

    build_into(target, write)
    announce(f"OpenVINO model ready: {target}")
    return target


def padded_shape(texts: int, tokens: int, batch_size: int) -> tuple[int, int]:
    """The shape a batch is padded to: the next power of two texts (at most `batch_size`) and the next
    multiple of WIDTH_STEP tokens.

    OpenVINO keeps what it prepared for every input shape it has met (about 0.7 MB each, up to 5,000
    shapes): with exact shapes, resident memory grew by hundreds of megabytes over a long ingest
    (docs/BENCHMARKS.md). Padded, a model of 512 tokens meets at most 6 × 32 shapes, all of them kept.
    Padding is masked, so the vectors do not change."""
    rows = 1 << (texts - 1).bit_length()
    return min(rows, max(batch_size, texts)), -(-tokens // WIDTH_STEP) * WIDTH_STEP


class OpenVinoEncoder:
    """Normalised vectors from an exported model. Texts are tokenised first and batched by token count,
    so short sentences are not padded to long passages; each thread gets its own inference request."""

    def __init__(self, folder: Path, batch_size: int, threads: int):
        import openvino
        from tokenizers import Tokenizer

        settings = json.loads((folder / SETTINGS).read_text(encoding="utf-8"))
        self.dim = settings["dim"]
        self.pad_id = settings["pad_id"]
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(settings["max_length"])
        self.batch_size = batch_size
        core = openvino.Core()
        self.precision = precision(core)
        options = {"INFERENCE_PRECISION_HINT": self.precision, "PERFORMANCE_HINT": "LATENCY",
                   "CPU_RUNTIME_CACHE_CAPACITY": SHAPES_KEPT}
        if threads:
            options["INFERENCE_NUM_THREADS"] = threads
        self._compiled = core.compile_model(str(folder / MODEL), "CPU", options)
        self._requests = threading.local()

    @property
    def name(self) -> str:
        return f"OpenVINO {self.precision}"

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        token_ids = [encoding.ids for encoding in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(texts)), key=lambda i: len(token_ids[i]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            shape = padded_shape(len(batch), len(token_ids[batch[-1]]), self.batch_size)
            ids = np.full(shape, self.pad_id, dtype=np.int64)
            mask = np.zeros(shape, dtype=np.int64)
            mask[len(batch):, 0] = 1  # rows that only pad the batch see one token, so their vector is defined
            for row, i in enumerate(batch):
                ids[row, : len(token_ids[i])] = token_ids[i]
                mask[row, : len(token_ids[i])] = 1
            vectors[batch] = self._request().infer({"input_ids": ids, "attention_mask": mask})[0][: len(batch)]
        return vectors

    def _request(self):
        request = getattr(self._requests, "request", None)
        if request is None:
            request = self._requests.request = self._compiled.create_infer_request()
        return request
