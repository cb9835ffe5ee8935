"""Languages: --language for sumy and the segmenter, and the unicode ROUGE tokenizer.

Every score asserted here is worked out by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sumbench import build_corpus
from sumbench.cli import main
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.errors import InputError
from sumbench.scoring.config import ScoringConfig
from sumbench.scoring.rouge import RougeScoring
from sumbench.scoring.tokenizers import UnicodeTokenizer, make_tokenizer

RU_REF = [["Кошка сидит на окне, а собака спит."]]  # noqa: RUF001 (Cyrillic on purpose)
DE_DOC = "Der Bär schläft über dem Fluss. Die Kinder spielen im Park."
DE_REF = "Ein großer Bär schläft am Fluss."


def _scoring(tokenizer: str, *, stem: bool, language: str) -> RougeScoring:
    return RougeScoring(ScoringConfig(tokenizer=tokenizer, stem=stem), language=language)


def test_unicode_tokenizer_keeps_every_script() -> None:
    assert UnicodeTokenizer().tokenize("Кошка сидит, the_end 2021-31 Straße!") == [
        "кошка", "сидит", "the", "end", "2021", "31", "straße",
    ]  # fmt: skip


def test_unicode_tokenizer_stems_english_like_rouge_score() -> None:
    text = "The rifles were delivered in cooperating batches"
    ours = make_tokenizer("unicode", stem=True, language="english").tokenize(text)
    theirs = make_tokenizer("default", stem=True, language="english").tokenize(text)
    assert ours == theirs


def test_russian_scores_zero_by_default_and_hand_checked_with_unicode() -> None:
    summary = ["Кошка сидит на окне."]
    default = _scoring("default", stem=False, language="russian")
    assert default.score(summary=summary, references=RU_REF)["rouge1"].fmeasure == 0.0
    scores = _scoring("unicode", stem=False, language="russian").score(
        summary=summary, references=RU_REF
    )
    # 4 summary tokens, 7 reference tokens, all 4 shared: P = 1, R = 4/7, F = 8/11.
    assert scores["rouge1"].precision == pytest.approx(1.0)
    assert scores["rouge1"].recall == pytest.approx(4 / 7)
    assert scores["rouge1"].fmeasure == pytest.approx(8 / 11)
    # 3 summary bigrams, 6 reference bigrams, 3 shared: P = 1, R = 1/2, F = 2/3.
    assert scores["rouge2"].fmeasure == pytest.approx(2 / 3)


def test_russian_stemming_uses_the_snowball_stemmer() -> None:
    summary = ["Кошки сидят на окне."]
    plain = _scoring("unicode", stem=False, language="russian")
    stemmed = _scoring("unicode", stem=True, language="russian")
    # Unstemmed only "на" and "окне" match: P = 2/4, R = 2/7, F = 4/11.
    assert plain.score(summary=summary, references=RU_REF)["rouge1"].fmeasure == pytest.approx(
        4 / 11
    )
    # Stemmed, кошки/кошка -> кошк and сидят/сидит -> сид: all 4 match, F = 8/11.
    assert stemmed.score(summary=summary, references=RU_REF)["rouge1"].fmeasure == pytest.approx(
        8 / 11
    )


def _german_run(tokenizer: str) -> dict[str, float]:
    corpus = build_corpus([("de", DE_DOC, [DE_REF])])
    config = RunConfig(
        systems=("lead",),
        sentences=1,
        language="german",
        scoring=ScoringConfig(tokenizer=tokenizer, stem=False),
    )
    result = run(config, corpus=corpus)
    assert result.documents[0].summary == ("Der Bär schläft über dem Fluss.",)
    assert result.signature.as_dict()["lang"] == "german"
    return {t: s.fmeasure for t, s in result.documents[0].scores.items()}


def test_german_run_hand_checked_with_unicode_tokenizer() -> None:
    scores = _german_run("unicode")
    # der bär schläft über dem fluss / ein großer bär schläft am fluss:
    # 3 of 6 unigrams shared (bär, schläft, fluss): F = 1/2;
    # 1 of 5 bigrams shared (bär schläft): F = 1/5.
    assert scores["rouge1"] == pytest.approx(0.5)
    assert scores["rouge2"] == pytest.approx(0.2)


def test_german_default_tokenizer_scores_word_fragments() -> None:
    # rouge-score's default splits "bär" into "b r", "schläft" into "schl ft": 8 and 9
    # tokens with b, r, schl, ft, fluss shared, P = 5/8, R = 5/9, F = 10/17.
    assert _german_run("default")["rouge1"] == pytest.approx(10 / 17)


def test_tokenizer_is_recorded_in_signature_and_config(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    row = {"id": "de", "text": DE_DOC, "references": [DE_REF]}
    corpus.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "o"
    argv = ["run", "--docs", str(corpus), "--out", str(out), "--systems", "lead,oracle"]
    assert main([*argv, "--language", "german", "--rouge-tokenizer", "unicode"]) == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["signature_fields"]["tok"] == "unicode"
    assert data["signature_fields"]["lang"] == "german"
    assert data["config"]["scoring"]["tokenizer"] == "unicode"


def test_default_run_keeps_the_default_tokenizer_out_of_config() -> None:
    assert "tokenizer" not in RunConfig().as_dict()["scoring"]


def test_unknown_language_and_tokenizer_are_input_errors() -> None:
    with pytest.raises(InputError, match="unsupported language 'klingon'"):
        run(
            RunConfig(language="klingon", systems=("lead",)),
            corpus=build_corpus([("d", "One sentence here.", ["One."])]),
        )
    with pytest.raises(InputError, match="unknown ROUGE tokenizer"):
        ScoringConfig(tokenizer="spaces")
    with pytest.raises(InputError, match="no stemmer"):
        make_tokenizer("unicode", stem=True, language="klingon")
