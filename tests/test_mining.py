"""drafter mine / drafter phrases on the seed corpus: set phrases per part, no fragments, the
bundled profile, docx = text, the CLI."""

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.document.corpus import load_reports
from drafter.mining import counting, hints_for, load_profile, segment
from drafter.mining.extract import NEXT_YEAR, NUM, YEAR, normalise
from drafter.mining.miner import mine, mine_seeds
from drafter.mining.profile import BUNDLED, read_profile
from drafter.paths import data_dir
from tests.docx_factory import DocxBuilder

SEED = data_dir("seeds") / "work-reports-2023-2024.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def profile():
    return mine_seeds()


def texts(profile, section, top=20, min_docs=2):
    return [p.text for p in profile.ranked(section, top=top, min_docs=min_docs)]


def fixed_parts(text):
    return [part for part in text.split("{…}") if part]


def test_bundled_profile_is_a_fresh_mine_of_the_seeds(profile):
    assert BUNDLED.read_text(encoding="utf-8") == profile.dumps(), (
        "regenerate: python -m drafter.mining.miner > drafter/mining/bundled_profile.json")
    assert load_profile().to_json() == profile.to_json()


def test_known_set_phrases_come_out_in_their_part(profile):
    lead = texts(profile, "lead", top=10)
    assert any(t.startswith("现将{…}") and t.endswith("如下") for t in lead)
    assert "在{…}的坚强领导下" in lead
    problems = texts(profile, "problems", top=5)
    assert "有待{…}" in problems and "{…}不足" in problems
    plan = texts(profile, "plan", top=25)
    assert "加大{…}力度" in plan and "扎实推进{…}" in plan
    # “2024年工作计划” headings are year-relative, in the heading statistics, not the phrase tables
    # (this line asserted a {next_year} phrase in the plan top-25: the heading wording, now dropped)
    assert profile.roles["plan"]["headings"][0]["text"].startswith("{next_year}")


def test_phrases_are_body_text_not_part_labels(profile):
    plan, problems = texts(profile, "plan"), texts(profile, "problems")
    summary = texts(profile, "summary")
    for label in ("工作计划", "{next_year}年工作", "{next_year}年工作计划", "{next_year}{…}工作计划"):
        assert label not in plan
    for label in ("存在的问题", "存在问题", "下一步"):
        assert label not in problems
    for label in ("{year}年工作", "{year}年度", "{year}年工作总结"):
        assert label not in summary
    assert any("有待" in t or "不足" in t for t in problems)
    assert any(w in t for t in plan for w in ("加强", "推进", "提高", "力度"))
    # bare nouns and names go (topics, subjects cut from their verbs); the formulations holding
    # them stay whole, and a frame shows them as fillers
    every = texts(profile, "all", top=None, min_docs=1)
    for topic in ("宣传活动", "名录库", "常态化", "4A级景区", "省、市", "县委、县政府", "习近平新时代中国特色社会主义思想",
                  "采购文件的编制", "企业开展", "领域营商环境", "群众少跑腿", "数据多跑路", "景区创建国家"):
        assert topic not in every
    assert "坚持以习近平新时代中国特色社会主义思想为指导" in every
    (leadership,) = [p for p in profile.phrases if p.text == "在{…}的坚强领导下"]
    assert "县委、县政府" in leadership.fillers


def test_part_text_leaves_headings_out():
    from drafter.mining.extract import parts_of

    report = load_reports(str(SEED))[0]
    parts, shape = parts_of(report)
    texts_ = [p.text for p in parts]
    assert not any(t.startswith(("一、", "二、", "三、")) for t in (p.raw for p in parts))
    assert not any(t.endswith("工作计划") or t == "存在的问题" for t in texts_)
    assert any(h.endswith("工作计划") for r, h in shape.headings if r == "plan")


def test_labels_and_topics():
    from drafter.mining.phrases import Candidate, is_label

    def cand(text, kind="phrase", parts=None):
        return Candidate(text, kind, parts or (text,), [1, 0, 0, 0, 0], 1, [1, 0, 0, 0, 0])

    for label in ("工作计划", "存在的问题", f"{YEAR}年工作", f"{NEXT_YEAR}年度", f"{YEAR}年工作总结"):
        assert is_label(cand(label)), label
    assert is_label(cand(f"{NEXT_YEAR}{{…}}工作计划", "frame", (NEXT_YEAR, "工作计划")))
    for phrasing in ("能力有待", "加大力度", "一年来"):
        assert not is_label(cand(phrasing)), phrasing
    assert not is_label(cand("{…}不足", "frame", ("", "不足")))
    assert not is_label(cand("{…}差距", "frame", ("", "差距")))
    for piece, why in (("宣传活动", "noun-first"), ("加强宣传", None), ("名录库", "short"), ("法治政府建设", "noun-first"),
                       ("企业开展", "noun-first"), ("县委、县政府", "noun-first"), ("按照国家", "edge"),
                       ("目前已", "short"), ("以切实加强", "edge"), ("为主线", "short"), ("让人民群众", "edge"),
                       ("采购文件的编制", "de"), ("深入推进临淄文化", "name")):
        assert segment.phrase_shape(piece) == why, piece
    for phrasing in ("切实履行", "持续加大", "深入推进“放管服”改革", "认真学习贯彻党的二十大精神",
                     "坚持以习近平新时代中国特色社会主义思想为指导", "让数据多跑路", "进一步完善"):
        assert segment.phrase_shape(phrasing) is None, phrasing
    # in a sentence: half a quotation, or the end of a noun compound, is no phrase
    sentence = "真正做到“让数据多跑路、群众少跑腿”，开展馆藏文物预防性保护项目。"
    for piece in ("群众少跑腿", "保护项目"):
        at = sentence.index(piece)
        assert not segment.phrase_ok(sentence, at, at + len(piece)), piece
    whole = "让数据多跑路、群众少跑腿"
    assert segment.phrase_ok(sentence, sentence.index(whole), sentence.index(whole) + len(whole))


def test_no_fragments(profile):
    import jieba

    assert profile.phrases
    for p in profile.phrases:
        for i, part in enumerate(fixed_parts(p.text)):
            assert part[-1] not in "的了", p.text
            assert not (p.kind == "phrase" and part[-1] in "加进" and jieba.lcut(part, HMM=False)[-1] in "加进"), p.text
            if part[-1] in "加进和与及":  # only as the end of a word: 推进, 增加, 涉及 — never 进一步加
                assert len(jieba.lcut(part, HMM=False)[-1]) >= 2, p.text
            if p.kind == "phrase" or (i == 0 and not p.text.startswith("{…}")):
                assert part[0] not in "的了和与及", p.text
            assert not part.startswith(("，", "、")) and not part.endswith(("，", "、")), p.text
        if p.kind == "phrase":
            assert len(p.text) >= 4 and "{…}" not in p.text
        assert "<NUM>" not in p.text
        assert 1 <= p.docs <= p.count, p.text
        for section in p.sections:  # never “4 次 / 6 篇”
            assert 1 <= p.docs_in(section) <= p.count_in(section), p.text
    every = {p.text for p in profile.phrases}
    for fragment in ("进一步加", "的工作", "工作的", "进一步提"):
        assert fragment not in every


def test_long_phrases_are_chained_across_branching_points(profile):
    # 16 characters used alone, 22 with 坚持以…为指导 (4 reports): both come out
    long = "坚持以习近平新时代中国特色社会主义思想为指导"
    assert long in texts(profile, "lead", top=None) + texts(profile, "summary", top=None)
    assert long in texts(profile, "lead", top=10)
    assert "习近平新时代中国特色社会主义思想" not in texts(profile, "all", top=None)  # a bare name: its fragment


def test_enumerations_are_frames(profile):
    (found,) = [p for p in profile.phrases if p.text == "一是{…}二是{…}"]
    assert found.kind == "frame" and found.docs >= 5
    assert "一是{…}二是{…}" in texts(profile, "summary", top=10)
    assert found.example("summary").startswith("一是")


def test_one_word_frames_do_not_top_the_list(profile):
    summary = texts(profile, "summary", top=10)
    for generic in ("相关{…}", "实现{…}", "结合{…}", "完成{…}", "重要{…}", "有效{…}"):
        assert generic not in summary
    for p in profile.phrases:
        if p.kind == "frame" and p.text.count("{…}") == 1 and len(p.text) == 5:  # one word of two characters
            word = p.text.replace("{…}", "")
            assert word in segment._problem_words(), p.text  # not an adverb alone: “不断{…}”
    # a one-sided frame around a single two-character word ranks below multi-word phrasing
    plan = profile.ranked("plan", top=None)
    assert len(plan[0].text.replace("{…}", "")) >= 4


def test_problems_and_plan_phrasing_differ(profile):
    problems, plan = texts(profile, "problems"), texts(profile, "plan")
    assert problems != plan and len(set(problems) & set(plan)) <= 3
    assert sum(any(w in t for w in ("有待", "不足", "仍", "存在")) for t in problems) >= 2
    assert sum(any(w in t for w in ("持续", "进一步", "加强", "加大", "提升", "不断", "切实")) for t in plan) >= 5
    assert any(w in t for t in plan for w in ("持续", "进一步", "加强"))
    assert any("有待" in t for t in problems) and any("不足" in t for t in problems)
    assert not any("有待" in t or "不足" in t for t in plan)


def test_numbers_and_years_are_tokens():
    assert normalise("2023年完成XX万元，增长12.5%，2024 年 力争", 2023) == \
        f"{YEAR}年完成{NUM}万元，增长{NUM}%，{NEXT_YEAR}年力争"
    assert normalise("2019年", 2023) == f"{NUM}年"


def test_profile_shape(profile):
    assert profile.reports == 11
    assert profile.order["usual"][:2] == ["lead", "summary"] and profile.order["usual"][-2:] == ["plan", "signature"]
    plan = profile.roles["plan"]
    assert plan["reports"] == 11
    assert plan["headings"][0] == {"text": "{next_year}年工作计划", "count": 4}
    assert profile.roles["summary"]["headings"][0]["text"] == "{year}年工作总结"
    assert profile.roles["problems"]["children"]["median"] >= 0
    assert 0 < profile.roles["summary"]["paragraph_chars"]["median"] <= profile.roles["summary"]["paragraph_chars"]["p90"]
    for p in profile.phrases:
        assert p.examples, p.text
        assert set(p.examples) <= set(p.sections)


def test_hints_for_new():
    hints = {role: hints_for(role, 3, year=2026) for role in ("lead", "summary", "highlights", "problems", "plan")}
    assert all(2 <= len(h) <= 3 for role, h in hints.items() if role != "highlights")
    assert hints["highlights"] == []  # one report has a highlights part: nothing typical of it
    for h in [h for hs in hints.values() for h in hs]:
        assert "{" not in h and h not in ("工作计划", "存在的问题", "工作总结")
        assert not any(w in h for w in ("工作计划", "存在的问题", "2026年工作", "2027年工作"))
        body = h.strip("…")
        assert body[-1] not in "的加进了" and body[0] not in "的了", h
    assert "坚持以习近平新时代中国特色社会主义思想为指导" in hints["summary"]
    assert "一是……二是……" in hints["summary"]
    assert "在……的坚强领导下" in hints["lead"]
    assert any("有待" in h for h in hints["problems"]) and any("不足" in h for h in hints["problems"])
    assert "加大……力度" in hints["plan"]
    assert hints_for("leadership") == [] and hints_for("plan", 0) == []
    assert all("2025" in h or "{" not in h for h in hints_for("plan", 5, year=2024))


def _write_docx_folder(folder):
    for i, report in enumerate(load_reports(str(SEED)), 1):
        b = DocxBuilder()
        for p in report.paragraphs:
            if p.text:
                b.paragraph(p.text, font=None, size_pt=None)
            else:
                b.empty()
        b.save(folder / f"{i:02d}.docx")


def comparable(profile):
    data = profile.to_json()
    data.pop("files")
    return data


def test_docx_folder_mines_like_the_text(tmp_path, profile):
    _write_docx_folder(tmp_path)
    from_docx = mine([tmp_path], progress=False)
    assert from_docx.files == 11 and profile.files == 1
    assert comparable(from_docx) == comparable(profile)


def test_jobs_do_not_change_the_profile(tmp_path, monkeypatch):
    for i, report in enumerate(load_reports(str(SEED)), 1):
        (tmp_path / f"{i:02d}.txt").write_text("\n".join(p.text for p in report.paragraphs), encoding="utf-8")
    monkeypatch.setattr(counting, "EXACT_CHARS", 0)  # several partitions
    monkeypatch.setattr(counting, "PARTITION_CHARS", 8000)
    one = mine([tmp_path], jobs=1, progress=False)
    two = mine([tmp_path], jobs=2, progress=False)
    assert one.dumps() == two.dumps()


def test_partition_tables_add_up():
    from drafter.mining.extract import parts_of

    docs = [parts_of(r)[0] for r in load_reports(str(SEED))]
    whole = counting.count_partition(docs)
    summed = counting.reduce_counts([counting.count_partition(docs[:5]), counting.count_partition(docs[5:])])
    for n in (1, 2):  # not pruned: every n-gram is in both
        rows = []
        for t in (whole.tables[n], summed.tables[n]):
            rows.append({(int(hi), int(lo)): (tuple(tf), int(df), tuple(dfr))
                         for hi, lo, tf, df, dfr in zip(t.hi, t.lo, t.tf.tolist(), t.df, t.dfr.tolist())})
        assert rows[0] == rows[1]
    assert summed.reports == 11 and summed.part_reports == whole.part_reports


# ---- CLI ------------------------------------------------------------------------------------------------


def test_cli_mine_summary_and_file(tmp_path):
    result = runner.invoke(app, ["mine", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "11 篇报告" in result.output and "存在问题" in result.output
    out = tmp_path / "profile.json"
    result = runner.invoke(app, ["mine", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_profile(out).to_json() == load_profile().to_json()
    before = out.read_bytes()
    result = runner.invoke(app, ["mine", str(SEED), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == before
    result = runner.invoke(app, ["mine", str(SEED), "-o", str(out), "--force"])
    assert result.exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name != "profile.json"]  # no temporary file left


def test_cli_phrases_text_and_json(tmp_path):
    result = runner.invoke(app, ["phrases", "--section", "problems", "--top", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["表述", "本部分用例", "本部分占比"] and len(lines) == 6
    assert any("有待{…}" in line and "见于" in line and "填过：" in line for line in lines)
    assert any("整理的常用写法" in line for line in lines)  # 11 reports: the curated list follows
    result = runner.invoke(app, ["phrases", "--section", "plan", "--format", "json", "--top", "7"])
    rows = json.loads(result.output)
    assert len(rows) == 7 and set(rows[0]) == {"text", "kind", "count", "docs", "share", "section", "score",
                                               "example", "fillers", "stock", "note"}
    assert all(r["section"] == "plan" and 2 <= r["docs"] <= r["count"] and 0 < r["share"] <= 1 for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    result = runner.invoke(app, ["phrases", "--contains", "有待", "--format", "json", "--min-docs", "1"])
    assert all("有待" in r["text"] for r in json.loads(result.output))
    result = runner.invoke(app, ["phrases", "--section", "all", "--format", "json"])
    rows = json.loads(result.output)
    assert [r["docs"] for r in rows] == sorted((r["docs"] for r in rows), reverse=True)


@pytest.mark.parametrize("args, words", [
    (["phrases", "--profile", "missing.json"], "不存在"),
    (["phrases", "--top", "0"], "--top"),
    (["mine", "no/such/file.txt"], "文件不存在"),
    (["mine", "-j", "0", "seeds"], "-j"),
])
def test_cli_bad_input_is_one_chinese_line(args, words, tmp_path):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and words in lines[0]


def test_cli_bad_profile(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["phrases", "--profile", str(bad)])
    assert result.exit_code == 2 and "JSON" in result.output
    bad.write_text('{"version": 99}', encoding="utf-8")
    result = runner.invoke(app, ["phrases", "--profile", str(bad)])
    assert result.exit_code == 2 and "风格档案" in result.output


def test_phrases_loads_neither_jieba_nor_numpy():
    code = ("import sys; from typer.testing import CliRunner; from drafter.cli import app; "
            "r = CliRunner().invoke(app, ['phrases', '--section', 'plan']); assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in ('jieba', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_item_openings_are_left_to_the_enumeration_frame():
    from drafter.mining.profile import load_profile

    profile = load_profile()
    for section in ("summary", "problems", "plan"):
        texts = [p.text for p in profile.ranked(section, top=20)]
        openings = [t for t in texts if re.match(r"[一二三四五六七八九十]{1,2}[是要]", t) and "{…}" not in t]
        assert openings == [], section
    assert "一是{…}二是{…}" in [p.text for p in profile.ranked("summary", top=20)]


def test_a_bad_file_is_reported_and_the_others_are_still_mined(tmp_path):
    reports = load_reports(str(data_dir("seeds") / "work-reports-2023-2024.txt"))
    for i, report in enumerate(reports[:4]):
        (tmp_path / f"r{i}.txt").write_text("\n".join(p.text for p in report.paragraphs), encoding="utf-8")
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    out = tmp_path / "profile.json"
    result = CliRunner().invoke(app, ["mine", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 2
    assert "坏.docx" in result.output and "Traceback" not in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["reports"] == 4


@pytest.mark.parametrize("field,value", [
    ("sections", {"plan": "x"}), ("sections", {"plan": {"count": "a", "score": "b"}}), ("text", 5),
    ("examples", {"plan": 5}), ("kind", "sentence"),
])
def test_a_hand_edited_profile_is_one_clear_error(tmp_path, field, value):
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    data["phrases"][0][field] = value
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["phrases", "--profile", str(path), "--section", "plan"])
    assert result.exit_code == 2 and "不是 drafter mine 生成的风格档案" in result.output


# ---- a corpus the test writes: 36 reports of one made-up county, sentences varied at random ----------

_UNITS = ["县财政局", "县文旅局", "县科技局", "县司法局", "县商务局", "县农业农村局"]
_WHO = ["部分干部服务", "基层单位风险防范", "个别科室主动作为", "一些窗口人员规矩", "少数企业安全生产", "部分职工节约"]
_ABILITY = ["干部队伍依法行政", "窗口人员业务办理", "基层站所应急处置", "青年干部调查研究", "执法人员案件审查"]
_OBJECT = ["项目争取", "监督检查", "宣传引导", "人才培养", "资金统筹", "执法检查"]
_TASK = ["档案整理", "信息报送", "安全排查", "政策宣讲", "数据核查", "走访调研"]


def _made_up_report(i: int, rng) -> str:
    pick = rng.choice
    year = 2024
    summary = [f"今年以来，我局扎实推进{pick(_TASK)}工作，全年完成{rng.randrange(3, 90)}项任务。",
               f"组织{rng.randrange(5, 60)}家企业开展{pick(_TASK)}，同比增长{rng.randrange(2, 30)}%。",
               f"围绕{pick(_OBJECT)}，认真落实{pick(_TASK)}制度，效果较好。"]
    problems = [f"一是{pick(_WHO)}意识不强，{pick(_TASK)}不够及时。",
                f"二是{pick(_ABILITY)}的能力有待提高，{pick(_OBJECT)}还有短板。"]
    # two-sided frames are found at the start of a clause (“加大{…}力度”), not after “一是进一步”
    plan = [f"加大{pick(_OBJECT)}力度，做实{pick(_TASK)}。",
            f"同时持续深化{pick(_TASK)}改革，确保{pick(_OBJECT)}落到实处。"]
    rng.shuffle(summary)
    unit = _UNITS[i % len(_UNITS)]
    lines = [f"{unit}{year}年工作总结及{year + 1}年工作计划",
             f"{year}年，{unit}在县委、县政府的坚强领导下，各项工作稳步推进。现将有关情况报告如下。",
             f"一、{year}年工作总结", *summary, "二、存在的问题", *problems, f"三、{year + 1}年工作计划", *plan]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    import random

    rng = random.Random(15)
    folder = tmp_path_factory.mktemp("made-up")
    texts_ = []
    for i in range(36):
        text = _made_up_report(i, rng)
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
        texts_.append(text)
    return mine([str(folder)], progress=False), "".join(texts_)


def test_frames_come_with_real_fillers_and_subjects_are_not_phrases(made_up):
    from drafter.mining.profile import listing

    profile, corpus = made_up
    problems = {e.text: e for e in listing(profile, "problems", top=None)}
    plan = {e.text: e for e in listing(profile, "plan", top=None)}
    for entries, frame in ((problems, "{…}意识不强"), (plan, "加大{…}力度")):
        assert frame in entries, sorted(entries)
        fillers = entries[frame].fillers
        assert 2 <= len(fillers) <= 3 and len(set(fillers)) == len(fillers)
        for f in fillers:  # as written in a report, not a piece of one
            assert frame.replace("{…}", f) in corpus, f
    every = [e for s in ("lead", "summary", "problems", "plan") for e in listing(profile, s, top=None)]
    assert not any(e.stock for e in every)  # 36 reports in each part: only what the unit wrote
    for e in every:
        assert 2 <= e.docs <= e.count and "<NUM>" not in e.text, e
        assert e.text not in ("企业开展", "家企业开展", "部分干部服务", "县委、县政府"), e.text
    assert profile.min_docs("plan") == 2


def test_small_corpora_get_the_stock_phrases_after_their_own(profile):
    from drafter.mining.profile import listing, stock_phrases

    entries = listing(profile, "problems", top=None)
    stock = [e for e in entries if e.stock]
    mined = [e for e in entries if not e.stock]
    assert mined and stock and entries[:len(mined)] == mined  # the unit's own wording first
    assert "与{…}相比还有差距" in [e.text for e in stock] and all(e.note for e in stock)
    # a stock phrase the unit's list already holds is not repeated
    assert not any(e.text == "{…}不足" for e in stock)
    assert [e.text for e in listing(profile, "problems", top=None, contains="差距")] == ["与{…}相比还有差距"]
    for part, items in stock_phrases().items():
        assert part in ("lead", "summary", "highlights", "problems", "plan"), part
        assert len({t for t, _ in items}) == len(items) >= 5
        for text, note in items:
            assert "……" not in text and "<" not in text and len(note) >= 8 and "{…}" not in note, text
