"""`tqcheck backtranslate`: translate MT output back into the source language with a Hugging Face model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tqcheck.cli.options import EncodingOpt, InputFormatOpt, ProgressOpt
from tqcheck.cli.stderr import say

MtArg = Annotated[Path, typer.Argument(
    help="MT output: one segment per line, or .tsv/.csv/.jsonl with a target column.", show_default=False)]
ModelOpt = Annotated[str, typer.Option(
    "--model", "-m", show_default=False,
    help="Hub id (Helsinki-NLP/opus-mt-de-en, facebook/nllb-200-distilled-600M) or a local model directory.")]
BackSrcLangOpt = Annotated[str, typer.Option(
    "--src-lang", help="The MT's source language (BCP-47): what to translate back into.", show_default=False)]
BackTgtLangOpt = Annotated[str, typer.Option(
    "--tgt-lang", help="The language of the MT output (BCP-47).", show_default=False)]
BackOutputOpt = Annotated[str, typer.Option(
    "--output", "-o", show_default=False,
    help="Write the back-translations here, one line per input segment (atomically); - for stdout.")]
RevisionOpt = Annotated[str | None, typer.Option(
    "--revision", help="Hub branch, tag or commit (default: main).", show_default=False)]
BeamsOpt = Annotated[int, typer.Option("--beams", help="Beam size; 1 is greedy decoding (2-4x faster).")]
MaxLengthOpt = Annotated[int | None, typer.Option(
    "--max-length", help="Most tokens per text, input and output (default: the model's limit).",
    show_default=False)]
BatchTokensOpt = Annotated[int, typer.Option(
    "--batch-tokens", help="Padded input tokens per batch; raise it on a GPU, lower it if memory runs out.")]
DeviceOpt = Annotated[str, typer.Option(
    "--device", help="auto (cuda, then mps, then cpu), cpu, cuda, cuda:N or mps.")]
DtypeOpt = Annotated[str, typer.Option(
    "--dtype", help="auto (bfloat16 or float16 on a GPU, float32 on CPU), float32, bfloat16 or float16.")]
CacheOpt = Annotated[str | None, typer.Option(
    "--cache", show_default=False, metavar="PATH|URI",
    help="Translation cache: a sqlite file (default: $XDG_CACHE_HOME/tqcheck/backtranslations.sqlite), or a "
         "folder shared by many machines (a path ending in /, an existing folder, or s3://, gs://, file://...).")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]


def backtranslate(
    mt: MtArg,
    model: ModelOpt,
    src_lang: BackSrcLangOpt,
    tgt_lang: BackTgtLangOpt,
    output: BackOutputOpt,
    revision: RevisionOpt = None,
    beams: BeamsOpt = 4,
    max_length: MaxLengthOpt = None,
    batch_tokens: BatchTokensOpt = 4096,
    device: DeviceOpt = "auto",
    dtype: DtypeOpt = "auto",
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    progress: ProgressOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = "utf-8",
) -> None:
    """Translate MT output back into the source language, one line per segment.

    Example: tqcheck backtranslate mt.de -m Helsinki-NLP/opus-mt-de-en --src-lang en --tgt-lang de -o back.en
    """
    from tqcheck.api import (
        TranslationSettings,
        read_segments,
        sniff_format,
        translate_texts,
        truncation_warning,
        wanted,
    )
    from tqcheck.errors import ConfigError, InputError
    from tqcheck.writers import open_output

    if cache is not None and no_cache:
        raise ConfigError("--cache and --no-cache exclude each other")
    settings = TranslationSettings(model=model, revision=revision, num_beams=beams, max_length=max_length,
                                   batch_tokens=batch_tokens, device=device, dtype=dtype,
                                   use_cache=not no_cache, cache_path=cache)
    # Plain text is read line by line (blank lines kept) so output line N belongs to input line N.
    fmt = input_format or sniff_format(mt, aligned=True)
    if fmt == "articles":
        raise InputError("is a directory; back-translation reads one file (text, .tsv, .csv or .jsonl)",
                         str(mt))
    texts = [segment.target for segment in read_segments(mt, fmt=fmt, encoding=encoding)]
    show = wanted(progress)
    run = translate_texts(texts, settings, src_lang=tgt_lang, tgt_lang=src_lang, progress=show)
    with open_output(output, protect=[mt]) as out:
        for line in run.outputs:
            out.write(line + "\n")
    if run.truncated:
        say(truncation_warning(run.truncated, model))
    if show:
        say(f"back-translated {len(texts)} segments: {run.computed} sentences translated, "
            f"{run.cached} from the cache, {run.blank} blank segments")
