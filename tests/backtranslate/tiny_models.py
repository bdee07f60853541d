"""Tiny random-initialised translation models, built offline in seconds, saved like real checkpoints.

- `build_marian`: a MarianMTModel (d_model 16, one layer each side) with a MarianTokenizer whose
  source.spm/target.spm are a SentencePiece unigram model trained here on `CORPUS`; optionally
  with OPUS-MT-style `>>ara<<` target-language tokens (a multilingual Marian model).
- `build_nllb`: an M2M100ForConditionalGeneration with an NllbTokenizer (BPE trained here with
  `tokenizers`; the 200 NLLB language codes are added as special tokens by the tokenizer).
- `build_m2m100`, `build_mbart50`: the same architecture families with M2M100's `__en__` and
  mBART-50's `en_XX` language codes.

Weights use a large init_std so that outputs depend on the input (with the usual 0.02 a model
this small says the same thing whatever it is given). The outputs are gibberish, but
deterministic, which is all the tests and the benchmark need. Also used by benchmarks/backtranslation.py.
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CORPUS: tuple[str, ...] = (
    *(f"The minister met {count} officials in the capital on day {day}."
      for day, count in enumerate(("three", "four", "many", "seven", "twelve") * 6)),
    "Die Regierung hat am Montag neue Gesetze beschlossen.",
    "Le ministre a rencontré les responsables à Paris.",
    "El gobierno anunció nuevas medidas económicas.",
    "Правительство объявило о новых мерах.",
    "الوزير التقى المسؤولين في العاصمة",
    "政府周一宣布了新措施。",
    "Protesters gathered outside parliament for a second week.",
    "Prices rose by 3.5 percent in October, the statistics office said.",
)
MARIAN_LANGUAGE_TOKENS = (">>ara<<", ">>deu<<", ">>eng<<", ">>fra<<", ">>cmn_Hans<<")
SEED = 1234


def build_marian(directory: Path, corpus: Sequence[str] = CORPUS, *, multilingual: bool = False,
                 vocab_size: int = 120, max_positions: int = 128) -> Path:
    """Save a tiny Marian model and tokenizer into `directory`; returns it."""
    import sentencepiece
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    proto = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus), model_writer=proto, vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, eos_piece="</s>", unk_piece="<unk>",
        hard_vocab_limit=False, minloglevel=2, num_threads=1)
    for name in ("source.spm", "target.spm"):
        (directory / name).write_bytes(proto.getvalue())
    processor = sentencepiece.SentencePieceProcessor(model_proto=proto.getvalue())
    vocab = {processor.id_to_piece(index): index for index in range(processor.get_piece_size())}
    for token in MARIAN_LANGUAGE_TOKENS if multilingual else ():
        vocab[token] = len(vocab)
    vocab["<pad>"] = len(vocab)  # OPUS-MT puts <pad> last
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        tokenizer = MarianTokenizer(source_spm=str(directory / "source.spm"),
                                    target_spm=str(directory / "target.spm"),
                                    vocab=str(directory / "vocab.json"), model_max_length=max_positions)
    torch.manual_seed(SEED)
    config = MarianConfig(
        vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
        max_position_embeddings=max_positions,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id, init_std=1.0)
    MarianMTModel(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def build_nllb(directory: Path, corpus: Sequence[str] = CORPUS, *, vocab_size: int = 160,
               max_positions: int = 128) -> Path:
    """Save a tiny NLLB-style model (M2M100 architecture, NllbTokenizer) into `directory`; returns it."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<s>", "<pad>", "</s>", "<unk>"],
                                  show_progress=False)
    bpe.train_from_iterator(corpus, trainer)
    trained = json.loads(bpe.to_str())["model"]
    merges = [tuple(merge) if isinstance(merge, list) else tuple(merge.split(" "))
              for merge in trained["merges"]]
    tokenizer = NllbTokenizer(vocab=trained["vocab"], merges=merges, model_max_length=max_positions)
    torch.manual_seed(SEED)
    config = M2M100Config(
        vocab_size=len(tokenizer), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
        max_position_embeddings=max_positions,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.eos_token_id, init_std=1.0,
        scale_embedding=True)
    M2M100ForConditionalGeneration(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def _train_unigram(corpus: Sequence[str], vocab_size: int) -> bytes:
    """A SentencePiece unigram model in the usual <unk>=0, <s>=1, </s>=2 layout, as bytes."""
    import sentencepiece

    proto = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus), model_writer=proto, vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, unk_id=0, bos_id=1, eos_id=2, pad_id=-1, hard_vocab_limit=False,
        minloglevel=2, num_threads=1)
    return proto.getvalue()


def build_m2m100(directory: Path, corpus: Sequence[str] = CORPUS, *, vocab_size: int = 120) -> Path:
    """Save a tiny M2M100 model with an M2M100Tokenizer (`__en__` language tokens) into `directory`."""
    import sentencepiece
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    directory.mkdir(parents=True, exist_ok=True)
    model = _train_unigram(corpus, vocab_size)
    (directory / "sentencepiece.bpe.model").write_bytes(model)
    processor = sentencepiece.SentencePieceProcessor(model_proto=model)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for index in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(index), len(vocab))
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(vocab_file=str(directory / "vocab.json"),
                                spm_file=str(directory / "sentencepiece.bpe.model"))
    # Language ids sit after the spm vocabulary, followed by fairseq's "madeup words".
    size = max(tokenizer.lang_code_to_id.values()) + 1 + tokenizer.num_madeup_words
    _save_tiny(directory, tokenizer, M2M100Config, M2M100ForConditionalGeneration, size, torch)
    return directory


def build_mbart50(directory: Path, corpus: Sequence[str] = CORPUS, *, vocab_size: int = 120) -> Path:
    """Save a tiny mBART model with an MBart50Tokenizer (`en_XX` language codes) into `directory`."""
    import sentencepiece
    import torch
    from transformers import MBart50Tokenizer, MBartConfig, MBartForConditionalGeneration

    directory.mkdir(parents=True, exist_ok=True)
    processor = sentencepiece.SentencePieceProcessor(model_proto=_train_unigram(corpus, vocab_size))
    pieces = [(processor.id_to_piece(index), processor.get_score(index))
              for index in range(processor.get_piece_size())]
    tokenizer = MBart50Tokenizer(vocab=pieces)
    _save_tiny(directory, tokenizer, MBartConfig, MBartForConditionalGeneration, len(tokenizer), torch)
    return directory


def _save_tiny(directory: Path, tokenizer: Any, config_class: Any, model_class: Any, vocab_size: int,
               torch: Any) -> None:
    torch.manual_seed(SEED)
    config = config_class(
        vocab_size=vocab_size, d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=128,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.eos_token_id, init_std=1.0)
    model_class(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
