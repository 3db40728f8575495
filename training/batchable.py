"""Make the int8 sentence model give every sentence the same reading in a batch as alone (``make train`` runs it
on the exported model; ``python training/batchable.py MODEL.onnx [OUT.onnx]`` on an existing one).

``quantize_dynamic`` quantises each activation with one scale and zero point computed over the *whole input
tensor* (``DynamicQuantizeLinear``): in a batch, a sentence's activations would be quantised with its neighbours'
range, and padded positions would widen the range too, so readings would depend on what a sentence is batched
with. This rewrite keeps the weights, and keeps *dynamic* quantisation, but computes each scale and zero point per
sentence over its real tokens only (``attention_mask``), exactly as ``DynamicQuantizeLinear`` does for a sentence
run alone:

    lo = min(0, min over the sentence's tokens of x); hi = max(0, max ...)
    scale = (hi - lo) / 255; zero = round(clip(-lo / scale, 0, 255)); q = clip(round(x / scale) + zero, 0, 255)

The integer matrix product then runs without a zero point (onnxruntime's ``MatMulInteger`` takes only one for the
whole tensor) and the per-sentence zero point is taken out exactly in int32 afterwards:
``sum_k (q_k - zero) * w_kn = sum_k q_k * w_kn - zero * sum_k w_kn`` (the weights are symmetric int8, zero point 0).
Every other operation of the encoder is per token (layer norm, dense layers) or masked (attention, mean pooling),
so a sentence's probabilities no longer depend on its batch (``tests/test_sentence_model.py`` checks it).

Deterministic: no calibration, no randomness; the same input model gives the same output bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def make_batchable(src: Path, dst: Path) -> int:
    """Rewrite every DynamicQuantizeLinear of ``src`` to per-sentence quantisation; returns how many."""
    model = onnx.load(str(src))
    model = onnx.shape_inference.infer_shapes(model)
    g = model.graph
    ranks = {
        v.name: len(v.type.tensor_type.shape.dim) for v in list(g.value_info) + list(g.input) + list(g.output)
    }
    inits = {i.name: i for i in g.initializer}
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)

    new_inits = [
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "bq_zero"),
        numpy_helper.from_array(np.array(255.0, dtype=np.float32), "bq_qmax"),
        numpy_helper.from_array(np.array(np.inf, dtype=np.float32), "bq_inf"),
        numpy_helper.from_array(np.array(-np.inf, dtype=np.float32), "bq_ninf"),
        numpy_helper.from_array(np.array([-1, 1, 1], dtype=np.int64), "bq_shape3"),
        numpy_helper.from_array(np.array([-1, 1], dtype=np.int64), "bq_shape2"),
    ]
    head = [helper.make_node("Cast", ["attention_mask"], ["bq_mask_bool"], to=TensorProto.BOOL)]
    nodes: list[onnx.NodeProto] = []
    count = 0
    quantized = {n.output[0] for n in g.node if n.op_type == "DynamicQuantizeLinear"}
    for n in g.node:
        if n.op_type == "MatMulInteger" and n.input[0] in quantized:
            w = inits[n.input[1]]
            w_arr = numpy_helper.to_array(w).astype(np.int64)
            if len(n.input) > 3 and n.input[3]:
                w_zp = numpy_helper.to_array(inits[n.input[3]]).astype(np.int64)
                if np.any(w_zp != 0):
                    raise ValueError(f"{n.name}: asymmetric weights are not supported")
            colsum = w_arr.sum(axis=0).astype(np.int32)
            cs_name = f"{w.name}_colsum"
            if cs_name not in inits:
                new_inits.append(numpy_helper.from_array(colsum, cs_name))
                inits[cs_name] = new_inits[-1]
            out = n.output[0]
            zp = n.input[2]
            raw = f"{out}_nozp"
            nodes.append(
                helper.make_node("MatMulInteger", [n.input[0], n.input[1]], [raw], name=f"{n.name}_nozp")
            )
            nodes += [
                helper.make_node("Cast", [zp], [f"{out}_zp32"], to=TensorProto.INT32),
                helper.make_node("Mul", [f"{out}_zp32", cs_name], [f"{out}_zpcorr"]),
                helper.make_node("Sub", [raw, f"{out}_zpcorr"], [out]),
            ]
            continue
        if n.op_type != "DynamicQuantizeLinear":
            nodes.append(n)
            continue
        count += 1
        x = n.input[0]
        q, scale, zero = n.output
        rank = ranks.get(x)
        if rank not in (2, 3):
            raise ValueError(f"{x}: rank {rank} is not a [batch, hidden] or [batch, seq, hidden] activation")
        for c in consumers.get(scale, []):
            if c.op_type != "Mul":
                raise ValueError(f"{scale} feeds a {c.op_type}, not the scale product this rewrite expects")
        for c in consumers.get(zero, []) + consumers.get(q, []):
            if c.op_type != "MatMulInteger":
                raise ValueError(f"{q} feeds a {c.op_type}, not MatMulInteger")
        p = f"{x}_bq"
        # the range over each sentence's real tokens: per token first, then padded tokens left out
        if rank == 3:
            nodes += [
                helper.make_node("ReduceMin", [x], [f"{p}_tok_min"], axes=[2], keepdims=0),
                helper.make_node("ReduceMax", [x], [f"{p}_tok_max"], axes=[2], keepdims=0),
                helper.make_node("Where", ["bq_mask_bool", f"{p}_tok_min", "bq_inf"], [f"{p}_real_min"]),
                helper.make_node("Where", ["bq_mask_bool", f"{p}_tok_max", "bq_ninf"], [f"{p}_real_max"]),
            ]
            lo_in, hi_in, shape = f"{p}_real_min", f"{p}_real_max", "bq_shape3"
        else:
            lo_in, hi_in, shape = x, x, "bq_shape2"
        nodes += [
            helper.make_node("ReduceMin", [lo_in], [f"{p}_min"], axes=[1], keepdims=0),
            helper.make_node("ReduceMax", [hi_in], [f"{p}_max"], axes=[1], keepdims=0),
            helper.make_node("Min", [f"{p}_min", "bq_zero"], [f"{p}_lo"]),
            helper.make_node("Max", [f"{p}_max", "bq_zero"], [f"{p}_hi"]),
            helper.make_node("Sub", [f"{p}_hi", f"{p}_lo"], [f"{p}_range"]),
            helper.make_node("Div", [f"{p}_range", "bq_qmax"], [f"{p}_scale"]),
            helper.make_node("Div", [f"{p}_lo", f"{p}_scale"], [f"{p}_lo_q"]),
            helper.make_node("Sub", ["bq_zero", f"{p}_lo_q"], [f"{p}_zp_raw"]),
            helper.make_node("Clip", [f"{p}_zp_raw", "bq_zero", "bq_qmax"], [f"{p}_zp_clip"]),
            helper.make_node("Round", [f"{p}_zp_clip"], [f"{p}_zpf"]),
            helper.make_node("Cast", [f"{p}_zpf"], [f"{p}_zp"], to=TensorProto.UINT8),
            # one scale and zero point per sentence: per-axis quantisation along the batch axis
            helper.make_node("QuantizeLinear", [x, f"{p}_scale", f"{p}_zp"], [q], axis=0),
            helper.make_node("Reshape", [f"{p}_scale", shape], [scale]),
            helper.make_node("Reshape", [f"{p}_zp", shape], [zero]),
        ]
    del g.node[:]
    g.node.extend(head + nodes)
    g.initializer.extend(new_inits)
    used = {i for n in g.node for i in n.input}
    unused = [i for i in g.initializer if i.name not in used]  # the per-tensor zero points of the weights
    for i in unused:
        g.initializer.remove(i)
    del g.value_info[:]
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return count


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or len(args) > 2:
        print(__doc__.splitlines()[0])
        print("usage: python training/batchable.py MODEL.onnx [OUT.onnx]  (OUT defaults to MODEL, in place)")
        return 2
    src = Path(args[0])
    dst = Path(args[1]) if len(args) == 2 else src
    n = make_batchable(src, dst)
    print(f"{dst}: {n} activations quantised per sentence")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
