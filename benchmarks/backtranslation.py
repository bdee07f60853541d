"""Back-translation throughput: batch token budgets, beams, cold vs warm cache.

What it measures
    tqcheck's back-translation pipeline (`translate_texts`: cache lookup, token-budget
    batching, generate, cache commit) over real news text: English MT of WMT23 de-en
    (ONLINE-B by default, `--systems all` for all five), back-translated into German; or
    generated sentences when ../shared is absent. By default the model is a tiny
    random-initialised Marian model (d_model 16, one layer per side) with a SentencePiece
    tokenizer trained on the same text, built in a temporary directory
    (tests/backtranslate/tiny_models.py), run on CPU. `--model` runs a real model instead
    (hub id or directory; an English->German one such as Helsinki-NLP/opus-mt-en-de or
    facebook/nllb-200-distilled-600M), e.g. on a GPU with `--device cuda`. For each batch
    budget (padded input tokens per batch) and beam size:
        batches     how many generate() calls the budget makes
        pad-eff     real / padded input tokens with tqcheck's length-sorted batches
        unsorted    the same for batches filled in input order (what sorting saves)
        load s      loading tokenizer and weights
        cold s      wall time with an empty cache, model loaded (all translated, committed per batch)
        seg/s       segments per second, cold
        gen tok/s   generated (output) tokens per second, cold
        peak GiB    peak GPU memory of the cold run (`-` on CPU); `OOM` if a batch did not fit
        raw s       the same sentences through transformers alone (tokenizer, generate(), batch_decode) in
                    the same batches with the same options: what the model costs without tqcheck
        vs raw      raw s / cold s: the share of raw generate() throughput tqcheck keeps (target >= 0.9)
        warm s      the same run again, every text from the cache (the model is never loaded)
        warm seg/s  segments per second, warm

How to read it
    The tiny model costs almost nothing per token, so on it these numbers measure tqcheck's
    overhead and generate()'s per-step overhead: fewer, fuller batches win by a wide margin.
    A real model on CPU is compute-bound and gains far less from big batches; on a GPU the
    opposite holds (see the GPU plan in benchmarks/README.md). A random model rarely emits
    end-of-sentence, so its outputs run to the length cap (2 x longest input + 16 tokens):
    its cold numbers are a worst case for decoding length. Warm runs show the cache's
    value: no model load and one sqlite lookup.

How to run (from the repository root, venv active; needs the backtranslation extra)
    python benchmarks/backtranslation.py                   # tiny model, 300 segments (~2.5 min on 2 cores)
    python benchmarks/backtranslation.py --limit 500 --budgets 512,2048,8192 --beams 1
    python benchmarks/backtranslation.py --model facebook/nllb-200-distilled-600M --device cuda \\
        --systems all --limit 0 --budgets 4096,8192,16384,32768,65536 --beams 1,4 --json nllb.json

    `--threads` sets torch's intra-op threads for CPU runs (default 1 with the tiny model: on
    a shared 2-core machine, two threads made each tiny op ~1000x slower through thread
    wake-ups; default: torch's choice with `--model`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _shared import WMT_SYSTEMS, WmtPair, comma_list, dump_json, heading, read_wmt, render_table, shared_dir

# The tiny-model builder lives with the tests (tests/backtranslate/tiny_models.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAIR = "de-en"


def load_texts(systems: list[str], limit: int) -> tuple[list[str], str]:
    """English MT segments to back-translate into German, and a note saying where they came from."""
    directory = shared_dir() / "corpora" / "wmt23" / PAIR
    if not directory.is_dir():
        count = limit or 300
        return generated_texts(count), f"{count} generated sentences (../shared not found)"
    pair = WmtPair(PAIR, directory)
    wanted = pair.systems(WMT_SYSTEMS if systems == ["all"] else systems)
    if not wanted:
        sys.exit(f"error: none of {', '.join(systems)} in {directory}")
    texts = [segment.target for system in wanted for segment in read_wmt(pair, system, limit or None)]
    return texts, f"WMT23 {PAIR} {'+'.join(wanted)}: {len(texts)} segments"


def generated_texts(count: int) -> list[str]:
    subjects = ("The minister", "Protesters", "The central bank", "Officials in the capital", "The company")
    verbs = ("said on Monday that", "warned that", "announced that", "denied reports that")
    clauses = ("prices would rise by 3.5 percent", "talks would continue next week",
               "the new law takes effect in January after a long and contentious debate in parliament",
               "nobody was hurt", "the plan had been approved by a narrow majority of the board")
    return [f"{subjects[i % 5]} {verbs[i % 4]} {clauses[(i * 7) % 5]}." for i in range(count)]


def padding_efficiency(lengths: list[int], batches: list[list[int]]) -> float:
    padded = sum(len(batch) * max(lengths[i] for i in batch) for batch in batches)
    return sum(lengths) / padded if padded else 1.0


def input_order_batches(lengths: list[int], budget: int) -> list[list[int]]:
    """Batches filled in input order under the same budget: the baseline sorting improves on."""
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index, length in enumerate(lengths):
        if current and (len(current) + 1) * max(longest, length) > budget:
            batches.append(current)
            current, longest = [], 0
        current.append(index)
        longest = max(longest, length)
    return batches + ([current] if current else [])


def count_generated_tokens(translator: Any) -> list[int]:
    """Wrap the model's generate() to count output tokens (padding excluded); returns a live counter."""
    model = translator.model
    pad = model.config.pad_token_id
    original = model.generate
    counter = [0]

    def counting(**kwargs: object) -> object:
        output = original(**kwargs)
        counter[0] += int((output != pad).sum().item())
        return output

    model.generate = counting
    return counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help="hub id or directory (default: build the tiny model)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, cuda:N, mps or auto")
    parser.add_argument("--dtype", default="auto", help="auto, float32, bfloat16 or float16")
    parser.add_argument("--systems", type=comma_list, default=["ONLINE-B"],
                        help="WMT23 de-en systems whose English output to use, or `all`")
    parser.add_argument("--limit", type=int, default=300, metavar="N", help="segments per system (0 = all)")
    parser.add_argument("--budgets", type=comma_list, default=["256", "1024", "4096"],
                        help="comma-separated --batch-tokens values")
    parser.add_argument("--beams", type=comma_list, default=["1", "4"], help="comma-separated beam sizes")
    parser.add_argument("--threads", type=int, default=None, help="torch intra-op threads on CPU")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write the numbers here")
    args = parser.parse_args()
    try:
        import torch
        from transformers.utils import logging as transformers_logging
    except ImportError:
        sys.exit("error: this benchmark needs the backtranslation extra: pip install -e '.[backtranslation]'")

    from tests.backtranslate.tiny_models import CORPUS, build_marian
    from tqcheck.backtranslate import TranslationSettings, translate_texts
    from tqcheck.backtranslate.batching import make_batches
    from tqcheck.backtranslate.hf import HFTranslator
    from tqcheck.errors import ModelError

    threads = args.threads or (1 if args.model is None else None)
    if threads:
        torch.set_num_threads(threads)
    transformers_logging.disable_progress_bar()
    texts, origin = load_texts(args.systems, args.limit)
    rows: list[list[object]] = []
    records: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="tqcheck-bench-") as temp:
        root = Path(temp)
        if args.model is None:
            started = time.perf_counter()
            model = str(build_marian(root / "model", [*texts, *CORPUS], vocab_size=800, max_positions=512))
            what = f"tiny random Marian model (built in {time.perf_counter() - started:.1f} s)"
        else:
            model, what = args.model, args.model
        probe = HFTranslator(TranslationSettings(model=model, device=args.device, dtype=args.dtype,
                                                 use_cache=False))
        from tqcheck.backtranslate.sentences import split_sentences

        sentences = list(dict.fromkeys(piece for text in texts if text.strip()
                                       for piece in split_sentences(text, "en")))
        lengths = probe.token_lengths(sentences)  # tqcheck translates sentence by sentence
        device, dtype = probe.device, probe.dtype
        del probe
        for beams in (int(value) for value in args.beams):
            for budget in (int(value) for value in args.budgets):
                settings = TranslationSettings(model=model, num_beams=beams, batch_tokens=budget,
                                               device=args.device, dtype=args.dtype,
                                               cache_path=root / f"cache-{beams}-{budget}.sqlite")
                batches = make_batches(lengths, budget)
                record: dict[str, object] = {
                    "budget": budget, "beams": beams, "batches": len(batches),
                    "padding_efficiency": padding_efficiency(lengths, batches),
                    "padding_efficiency_unsorted": padding_efficiency(lengths,
                                                                      input_order_batches(lengths, budget))}
                record.update(run_cell(texts, settings, translate_texts, HFTranslator, ModelError, torch))
                records.append(record)
                rows.append(table_row(record))
    heading(f"Back-translation throughput ({device}, {dtype}, {what})")
    print(f"input: {origin}; {len(lengths)} distinct sentences, {sum(lengths)} input tokens, longest "
          f"{max(lengths)}; torch {torch.__version__}, "
          f"{torch.get_num_threads()} CPU thread(s)")
    headers = ["budget", "beams", "batches", "pad-eff", "unsorted", "load s", "cold s", "seg/s", "gen tok/s",
               "peak GiB", "raw s", "vs raw", "warm s", "warm seg/s"]
    print(render_table(headers, rows, left=0))
    dump_json(args.json, {"input": origin, "model": what, "device": device, "dtype": dtype, "rows": records})


def run_cell(texts: list[str], settings: Any, translate_texts: Any, translator_class: Any, model_error: Any,
             torch: Any) -> dict[str, object]:
    """One budget x beams cell: load, cold run, warm run; OOM recorded rather than raised."""
    cuda = settings.device.startswith("cuda") or (settings.device == "auto" and torch.cuda.is_available())
    translator = translator_class(settings)
    started = time.perf_counter()
    translator.load()
    load_s = time.perf_counter() - started
    generated = count_generated_tokens(translator)
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    try:
        cold = translate_texts(texts, settings, "en", "de", translator=translator, progress=False)
    except model_error as exc:
        if "out of memory" not in str(exc):
            raise
        del translator
        torch.cuda.empty_cache()
        return {"load_s": load_s, "oom": True}
    finally:
        if cuda:
            torch.cuda.synchronize()
    cold_s = time.perf_counter() - started
    peak = torch.cuda.max_memory_allocated() / 2**30 if cuda else None
    raw_s = raw_generate_seconds(translator, texts, settings, torch, cuda)
    del translator
    if cuda:
        torch.cuda.empty_cache()
    started = time.perf_counter()
    warm = translate_texts(texts, settings, "en", "de", translator=translator_class(settings), progress=False)
    warm_s = time.perf_counter() - started
    assert warm.outputs == cold.outputs and warm.computed == 0
    return {"load_s": load_s, "oom": False, "cold_s": cold_s, "cold_segments_per_s": len(texts) / cold_s,
            "generated_tokens_per_s": generated[0] / cold_s, "peak_gpu_gib": peak, "raw_s": raw_s,
            "share_of_raw": raw_s / cold_s, "warm_s": warm_s, "warm_segments_per_s": len(texts) / warm_s}


def raw_generate_seconds(translator: Any, texts: list[str], settings: Any, torch: Any, cuda: bool) -> float:
    """Seconds transformers alone takes for the sentences tqcheck translated, in the same batches.

    The baseline a caller would write by hand: the distinct sentences, length-sorted batches of the
    same token budget, tokenizer -> generate() -> batch_decode, same beams and output cap. No
    cache, no bookkeeping: the difference to `cold s` is tqcheck's own cost.
    """
    from tqcheck.backtranslate.batching import make_batches
    from tqcheck.backtranslate.sentences import split_sentences

    sentences = list(dict.fromkeys(piece for text in texts if text.strip() for piece in split_sentences(text, "en")))
    inputs, forced = translator._prepare(sentences, "en", "de")
    tokenizer, model = translator.tokenizer, translator.model
    lengths = [min(len(ids), translator.max_length) for ids in tokenizer(inputs, truncation=False)["input_ids"]]
    started = time.perf_counter()
    for batch in make_batches(lengths, settings.batch_tokens):
        longest = max(lengths[index] for index in batch)
        encoded = tokenizer([inputs[index] for index in batch], return_tensors="pt", padding=True, truncation=True,
                            max_length=translator.max_length).to(translator.device)
        options = {"num_beams": settings.num_beams, "do_sample": False,
                   "max_new_tokens": min(settings.max_new_tokens or 2 * longest + 16, translator.max_length)}
        if forced is not None:
            options["forced_bos_token_id"] = forced
        with torch.inference_mode():
            generated = model.generate(**encoded, **options)
        tokenizer.batch_decode(generated, skip_special_tokens=True)
    if cuda:
        torch.cuda.synchronize()
    return time.perf_counter() - started


def table_row(record: dict[str, Any]) -> list[object]:
    head = [record["budget"], record["beams"], record["batches"], f"{record['padding_efficiency']:.2f}",
            f"{record['padding_efficiency_unsorted']:.2f}", f"{record['load_s']:.2f}"]
    if record["oom"]:
        return [*head, "-", "-", "-", "OOM", "-", "-", "-", "-"]
    peak = record["peak_gpu_gib"]
    return [*head, f"{record['cold_s']:.2f}", f"{record['cold_segments_per_s']:.0f}",
            f"{record['generated_tokens_per_s']:.0f}", "-" if peak is None else f"{peak:.1f}",
            f"{record['raw_s']:.2f}", f"{record['share_of_raw']:.2f}",
            f"{record['warm_s']:.3f}", f"{record['warm_segments_per_s']:.0f}"]


if __name__ == "__main__":
    main()
