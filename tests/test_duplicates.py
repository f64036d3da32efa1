"""The duplicate rules find exactly the pairs their definitions name: checked against a plain
all-pairs comparison, so that the shortcuts (reports where nothing can repeat are skipped) lose none."""

from collections import Counter
from itertools import combinations

import pytest

from drafter.document.corpus import load_reports, report_from_text
from drafter.document.structure import build_outline
from drafter.paths import data_dir
from drafter.rules import duplicates
from drafter.rules.context import Context, LintOptions

SEED = data_dir("seeds") / "work-reports-2023-2024.txt"

SHORT = "全面落实安全生产责任制，层层签订目标责任书，开展隐患排查整治行动，确保全年无重大事故发生。"
LONG = ("今年以来，我局坚持统筹发展和安全，" + SHORT
        + "同时加强应急队伍建设，组织开展防汛、森林防火等专项演练六次，修订完善各类应急预案十二件，"
        "建立健全值班值守和信息报送制度，切实提升突发事件处置能力。")
MADE_UP = [
    # a sentence saying a phrase over and over, said again a little changed: what it adds to the sentences
    # before it is told from its positions, which its repeats outnumber (duplicate-sentence's first test)
    "县教育局2024年工作总结\n一、工作成效\n抓好校园安全抓好校园安全抓好校园安全抓好校园安全工作，全年无安全事故发生。\n"
    "二、工作计划\n抓好校园安全抓好校园安全抓好校园安全抓好校园安全工作，全年无重大安全事故发生。",
    # a short paragraph repeated inside a long later one: the share is of the shorter
    "县应急管理局2024年工作总结\n一、工作成效\n" + SHORT + "\n二、下一步打算\n" + LONG,
    # a sentence said again with its end changed, in another paragraph and in its own
    "县水利局2024年工作总结\n一、工作成效\n"
    "完成农村饮水安全巩固提升工程二十处，惠及群众一万二千余人。建成高标准农田八千亩。\n"
    "二、存在问题\n资金缺口较大。完成农村饮水安全巩固提升工程二十处，惠及群众一万二千余户。\n"
    "三、工作计划\n持续推进河湖长制各项任务落实到位，开展河道清理整治四乱问题专项行动。"
    "持续推进河湖长制各项任务落实到位，开展河道清理整治四乱问题专项整治。",
]


def _contexts(thresholds: dict) -> list[Context]:
    reports = load_reports(str(SEED)) + [report_from_text(text) for text in MADE_UP]
    return [Context(build_outline(r, None), LintOptions(thresholds=thresholds)) for r in reports]


def _paragraphs_by_all_pairs(ctx: Context, similarity: float) -> dict[int, tuple[int, float]]:
    body = {p.index for p in ctx.body() if not p.in_table}
    compared = [(w.paragraph.index, set(w.grams)) for w in duplicates._words(ctx)
                if w.paragraph.index in body and w.size >= duplicates.MIN_PARAGRAPH_CHARS]
    counts = Counter(s for _, shingles in compared for s in shingles)
    common = {s for s, n in counts.items() if n > duplicates.COMMON_SHINGLE}
    found: dict[int, tuple[int, float]] = {}
    for (earlier, a), (later, b) in combinations(compared, 2):
        shared = len((a & b) - common)
        share = shared / min(len(a), len(b))
        if shared and share >= similarity and (later not in found or found[later][1] < share):
            found[later] = (earlier, share)
    return found


def _sentences_by_all_pairs(ctx: Context, similarity: float) -> set[tuple[int, int]]:
    """(paragraph, sentence start) of each sentence equal or nearly equal to an earlier one not itself
    repeating another."""
    skip = set(duplicates.duplicate_paragraphs(ctx))
    kept: list[tuple[str, set[str]]] = []
    out = set()
    for w in duplicates._words(ctx):
        if w.paragraph.index in skip:
            continue
        first = start = 0
        for (s, _), sentence in zip(w.sentences, w.clauses):
            text = "".join(w.normal[first:first + len(sentence)])
            first += len(sentence)
            grams = set(w.grams_of(start, start + len(text)))
            start += len(text)
            if len(text) < duplicates.MIN_SENTENCE_CHARS:
                continue
            if any(text == other or len(grams & shingles) / len(grams | shingles) >= similarity
                   for other, shingles in kept):
                out.add((w.paragraph.index, s))
            else:
                kept.append((text, grams))
    return out


@pytest.mark.parametrize("similarity", [0.3, 0.6, 0.9])
def test_duplicate_paragraphs_are_the_pairs_sharing_the_share(similarity):
    contexts = _contexts({"duplicate-paragraph": {"similarity": similarity}})
    found = [duplicates.duplicate_paragraphs(ctx) for ctx in contexts]
    assert found == [_paragraphs_by_all_pairs(ctx, similarity) for ctx in contexts]
    assert found[-2], "短段落整段出现在后面的长段落中，应报告"


@pytest.mark.parametrize("similarity", [0.5, 0.85, 1.0])
def test_duplicate_sentences_are_those_near_an_earlier_one(similarity):
    contexts = _contexts({"duplicate-sentence": {"similarity": similarity}})
    for ctx in contexts:
        findings = list(duplicates.check_sentences(ctx))
        back_to_back = {(f.paragraph, f.start) for f in findings if "紧接着" in f.message}
        flagged = {(f.paragraph, f.start) for f in findings if "紧接着" not in f.message}
        assert flagged == _sentences_by_all_pairs(ctx, similarity) - back_to_back
    assert len(flagged) == (0 if similarity == 1 else 2)  # the made-up report's changed sentences
